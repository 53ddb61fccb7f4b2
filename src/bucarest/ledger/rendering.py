"""The report's Jinja environment: the SVG chart macros as functions (for the web pages too),
and text in report formats (evidence with its links in HTML and Markdown, Markdown escaping).

Example::

    >>> from datetime import date
    >>> from bucarest.ledger.domain.operations import ContributionPoint, forces_series
    >>> from bucarest.ledger.charts import forces_chart
    >>> p = ContributionPoint("kfor", date(2009, 12, 9), 15000, None, "s")
    >>> svg = forces_svg(forces_chart("kfor", forces_series((p,), "kfor"), "en"), "k", "KFOR")
    >>> svg.startswith("<svg") and 'data-value="15000"' in svg
    True
    >>> str(evidence_html("NATO <release> https://www.nato.int/a_b.htm."))
    'NATO &lt;release&gt; <a href="https://www.nato.int/a_b.htm">https://www.nato.int/a_b.htm</a>.'
    >>> evidence_markdown("AP, 31 March - http://x.org/a_b")
    'AP, 31 March - <http://x.org/a_b>'
"""

from __future__ import annotations

import functools
import re

import jinja2
from markupsafe import Markup, escape

from bucarest.ledger.charts import ForcesChart, IndicatorChart

__all__ = [
    "URL",
    "environment",
    "evidence_html",
    "evidence_markdown",
    "forces_svg",
    "indicator_svg",
    "md_cell",
    "urls_in",
]


URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;)]")
_MD_SPECIAL = re.compile(r"([\\`*_|\[\]<>])")


def md_cell(text: object) -> str:
    r"""Text safe inside a Markdown table cell or list item: one line, special characters escaped.

    >>> md_cell("a|b *c* d_e\nf")
    'a\\|b \\*c\\* d\\_e f'
    """
    return _md_inline(str(text)).strip()


def _md_inline(text: str) -> str:
    """Whitespace collapsed to single spaces (kept at the ends), special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def evidence_html(text: str) -> Markup:
    """Evidence as HTML: each URL a link showing the whole address (it must survive printing)."""
    parts: list[Markup] = []
    pos = 0
    for m in URL.finditer(text):
        parts.append(escape(text[pos : m.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(m.group(0)))
        pos = m.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def evidence_markdown(text: str) -> str:
    """Evidence as Markdown: URLs as autolinks ``<…>``, the rest escaped."""
    parts: list[str] = []
    pos = 0
    for m in URL.finditer(text):
        parts.append(_md_inline(text[pos : m.start()]))
        parts.append(f"<{m.group(0)}>")
        pos = m.end()
    parts.append(_md_inline(text[pos:]))
    return "".join(parts).strip()


def urls_in(text: str) -> list[str]:
    """The URLs a piece of evidence cites, in order."""
    return URL.findall(text)


def _autoescape(name: str | None) -> bool:
    """HTML templates are escaped; Markdown ones (``*.md``) are not."""
    return name is None or not name.endswith(".md")


@functools.cache
def environment() -> jinja2.Environment:
    """The environment of the report templates (compiled once per process)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bucarest.ledger", "templates"),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    env.filters["evidence_html"] = evidence_html
    env.filters["evidence_md"] = evidence_markdown
    return env


@functools.cache
def _macros() -> object:
    return environment().get_template("ledger/_charts.html").module


def indicator_svg(chart: IndicatorChart, uid: str) -> Markup:
    """The inline SVG of an indicator trend; ``uid`` makes its element ids unique in the page."""
    return Markup(str(_macros().indicator_svg(chart, uid)))  # type: ignore[attr-defined]


def forces_svg(chart: ForcesChart, uid: str, title: str) -> Markup:
    """The inline SVG of a mission's stacked force levels."""
    return Markup(str(_macros().forces_svg(chart, uid, title)))  # type: ignore[attr-defined]

"""Text in report formats: evidence with its links (HTML, Markdown) and Markdown escaping.

Example::

    >>> str(evidence_html("NATO <release> https://www.nato.int/a_b.htm."))
    'NATO &lt;release&gt; <a href="https://www.nato.int/a_b.htm">https://www.nato.int/a_b.htm</a>.'
    >>> evidence_markdown("AP, 31 March - http://x.org/a_b")
    'AP, 31 March - <http://x.org/a_b>'
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["URL", "evidence_html", "evidence_markdown", "md_cell", "urls_in"]

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

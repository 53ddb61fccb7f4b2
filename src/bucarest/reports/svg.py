"""The reports' Jinja environment and the SVG chart macros as functions (for the web pages).

Example::

    >>> from datetime import date
    >>> from bucarest.commitments.operations import ContributionPoint, forces_series
    >>> from bucarest.reports.charts import forces_chart
    >>> p = ContributionPoint("kfor", date(2009, 12, 9), 15000, None, "s")
    >>> svg = forces_svg(forces_chart("kfor", forces_series((p,), "kfor"), "en"), "k", "KFOR")
    >>> svg.startswith("<svg") and 'data-value="15000"' in svg
    True
"""

from __future__ import annotations

import functools

import jinja2
from markupsafe import Markup

from bucarest.reports.charts import ForcesChart, IndicatorChart
from bucarest.reports.text import evidence_html, evidence_markdown, md_cell

__all__ = ["environment", "forces_svg", "indicator_svg"]


def _autoescape(name: str | None) -> bool:
    """HTML templates are escaped; Markdown ones (``*.md``) are not."""
    return name is None or not name.endswith(".md")


@functools.cache
def environment() -> jinja2.Environment:
    """The environment of the report templates (compiled once per process)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bucarest.reports", "templates"),
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
    return environment().get_template("_charts.html").module


def indicator_svg(chart: IndicatorChart, uid: str) -> Markup:
    """The inline SVG of an indicator trend; ``uid`` makes its element ids unique in the page."""
    return Markup(str(_macros().indicator_svg(chart, uid)))  # type: ignore[attr-defined]


def forces_svg(chart: ForcesChart, uid: str, title: str) -> Markup:
    """The inline SVG of a mission's stacked force levels."""
    return Markup(str(_macros().forces_svg(chart, uid, title)))  # type: ignore[attr-defined]

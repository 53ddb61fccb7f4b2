"""Chart geometry shared by the review and the web pages: pure functions, values in, coordinates out.

Each builder returns a frozen value with everything an SVG template needs (frame, ticks,
paths, labels already in the page's language); :mod:`bucarest.ledger.rendering` draws it with
the same Jinja macros for the report and the pages. Colours are SVG presentation
attributes, so a chart looks the same in a self-contained file, a page and on paper.

Example::

    >>> from bucarest.ledger.domain.operations import ContributionPoint, forces_series
    >>> p = ContributionPoint("isaf", date(2008, 6, 3), 100, 3, "s", {"USA": 60, "GBR": 30})
    >>> chart = forces_chart("isaf", forces_series((p,), "isaf"), "en", top=1)
    >>> [(s.key, s.value) for s in chart.bars[0].segments]
    [('USA', 60), ('other', 40)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bucarest.core.countries import country_name, is_country_code
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.ledger.domain.model import Indicator
from bucarest.ledger.domain.operations import Forces
from bucarest.ledger.domain.progress import Forecast, target_on
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.reports.charts import (
    AXIS,
    GRID,
    INK,
    MUTED,
    Frame,
    LegendItem,
    Point,
    Tick,
    date_ticks,
    nice_ticks,
    spread_legend,
    svg_path,
)
from bucarest.reports.formatting import number

__all__ = [
    "NATION_COLOURS",
    "OTHER_COLOUR",
    "STATUS_COLOURS",
    "UNBROKEN_COLOUR",
    "Bar",
    "ForcesChart",
    "IndicatorChart",
    "Segment",
    "forces_chart",
    "indicator_chart",
    "progress_percent",
]

#: One colour per derived status (tiles, badges, bars); text on them is white or ink.
STATUS_COLOURS: dict[LedgerStatus, str] = {
    LedgerStatus.NOT_YET_DECIDED: "#c3cad3",
    LedgerStatus.NOT_YET_DUE: "#4f6d8c",
    LedgerStatus.DUE: "#9a6700",
    LedgerStatus.OVERDUE: "#b3261e",
    LedgerStatus.DONE_ON_TIME: "#2e7d32",
    LedgerStatus.DONE_LATE: "#5a7a1a",
    LedgerStatus.SUPERSEDED: "#7a6f9b",
    LedgerStatus.DROPPED: "#555f6b",
}

#: Nations of a stacked chart, largest first (colour-blind-safe Okabe-Ito order, darkened).
NATION_COLOURS: tuple[str, ...] = (
    "#1f4e8c",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e6a100",
    "#56b4e9",
    "#8c564b",
    "#6a3d9a",
)
OTHER_COLOUR = "#9aa5b1"
UNBROKEN_COLOUR = "#dde3ea"

ACTUAL = "#1f4e8c"
TARGET = "#b0413e"
FORECAST = "#8a6700"


def progress_percent(share: float | None) -> int | None:
    """A progress share as a whole percentage for a bar (clamped to 0-100)."""
    if share is None or math.isnan(share):
        return None
    return round(min(max(share, 0.0), 1.0) * 100)


# --- indicator trend -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChart:
    """An indicator's trend: baseline, actuals, target line, forecast dashed to the deadline."""

    id: str
    title: str
    frame: Frame
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    baseline: Point
    actual_path: str
    actuals: tuple[Point, ...]
    targets: tuple[Point, ...]
    target_y: float | None
    target_label: str
    forecast_path: str
    forecast_end: Point | None
    deadline_x: float | None
    deadline_label: str
    as_of_x: float | None
    as_of_label: str
    legend: tuple[LegendItem, ...]
    summary: str
    colours: dict[str, str]


def indicator_chart(
    ind: Indicator,
    on: date,
    deadline: date | None,
    fc: Forecast | None,
    lang: str,
    width: int = 560,
    height: int = 230,
) -> IndicatorChart:
    """The trend of ``ind`` as known on ``on``; the forecast line runs to ``deadline``."""
    _ = gettext
    unit = f" {ind.unit}" if ind.unit else ""
    known = sorted((a for a in ind.actuals if a.on <= on), key=lambda a: a.on)
    targets = sorted(ind.targets, key=lambda t: t.on)
    final = target_on(ind, deadline or on)
    # A deadline on or before the date is history, not a forecast: no dashed line into the past.
    ahead = deadline is not None and deadline > on
    projected = fc.projected_value if fc is not None and ahead else None
    days = [ind.baseline.on, *(a.on for a in known), *(t.on for t in targets)]
    if deadline is not None:
        days.append(deadline)
    start, end = min(days), max(days)
    if (end - start).days < 30:
        end = start + timedelta(days=30)
    values = [ind.baseline.value, *(a.value for a in known), *(t.value for t in targets)]
    if projected is not None and math.isfinite(projected):
        values.append(projected)
    lo, hi = min(values), max(values)
    if lo >= 0:
        lo = 0.0
    ticks = nice_ticks(lo, hi)
    y_lo, y_hi = ticks[0], ticks[-1]
    frame = Frame(width, height, 58.0, width - 34.0, 14.0, height - 56.0)
    span = (end - start).days

    def x(day: date) -> float:
        return frame.left + (day - start).days / span * (frame.right - frame.left)

    def y(v: float) -> float:
        v = min(max(v, y_lo), y_hi)
        return frame.bottom - (v - y_lo) / (y_hi - y_lo) * (frame.bottom - frame.top)

    def value(v: float) -> str:
        return number(v, lang, 0 if float(v).is_integer() or abs(v) >= 100 else 1) + unit

    baseline_word = _(N_("Baseline"), lang)
    target_word = _(N_("Target"), lang)
    forecast_word = _(N_("Forecast at the deadline"), lang)
    decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    x_ticks = tuple(Tick(round(x(d), 1), label) for d, label in date_ticks(start, end, lang))
    y_ticks = tuple(Tick(round(y(t), 1), number(t, lang, decimals)) for t in ticks)
    base = Point(
        round(x(ind.baseline.on), 1),
        round(y(ind.baseline.value), 1),
        f"{baseline_word} {ind.baseline.on.isoformat()}: {value(ind.baseline.value)}",
    )
    actuals = tuple(
        Point(round(x(a.on), 1), round(y(a.value), 1), f"{a.on.isoformat()}: {value(a.value)}")
        for a in known
    )
    target_points = tuple(
        Point(
            round(x(t.on), 1),
            round(y(t.value), 1),
            f"{target_word} {t.on.isoformat()}: {value(t.value)}",
        )
        for t in targets
    )
    forecast_path = ""
    forecast_end = None
    if projected is not None and deadline is not None and math.isfinite(projected):
        last = actuals[-1] if actuals else base
        forecast_end = Point(
            round(x(deadline), 1),
            round(y(projected), 1),
            f"{forecast_word} {deadline.isoformat()}: {value(projected)}",
        )
        forecast_path = svg_path([(last.x, last.y), (forecast_end.x, forecast_end.y)])
    as_of_x = round(x(on), 1) if start <= on <= end else None
    legend = [
        LegendItem(_(N_("Baseline and actuals"), lang), ACTUAL, "line"),
        LegendItem(target_word, TARGET, "dash"),
    ]
    if forecast_path:
        legend.append(LegendItem(forecast_word, FORECAST, "dash"))
    legend = spread_legend(legend)
    latest = known[-1] if known else None
    summary = _(
        N_("Baseline {baseline} on {baseline_on}; latest actual {actual}; target {target}."), lang
    ).format(
        baseline=value(ind.baseline.value),
        baseline_on=ind.baseline.on.isoformat(),
        actual=f"{value(latest.value)} ({latest.on.isoformat()})" if latest else "—",
        target=f"{value(final.value)} ({final.on.isoformat()})" if final else "—",
    )
    return IndicatorChart(
        id=ind.id,
        title=ind.title(lang),
        frame=frame,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        baseline=base,
        actual_path=svg_path([(base.x, base.y), *((p.x, p.y) for p in actuals)]),
        actuals=actuals,
        targets=target_points,
        target_y=round(y(final.value), 1) if final else None,
        target_label=f"{target_word}: {value(final.value)}" if final else "",
        forecast_path=forecast_path,
        forecast_end=forecast_end,
        deadline_x=round(x(deadline), 1) if deadline is not None else None,
        deadline_label=_(N_("Deadline"), lang),
        as_of_x=as_of_x,
        as_of_label=_(N_("As of"), lang),
        legend=tuple(legend),
        summary=summary,
        colours={
            "ink": INK,
            "muted": MUTED,
            "grid": GRID,
            "axis": AXIS,
            "actual": ACTUAL,
            "target": TARGET,
            "forecast": FORECAST,
        },
    )


# --- force levels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One nation's (or "other") part of a stacked bar."""

    key: str
    label: str
    value: int
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Bar:
    """A published point of a mission's strength, stacked by nation."""

    on: date
    x: float
    width: float
    label: str
    total: int
    total_label: str
    top: float
    segments: tuple[Segment, ...]
    current: bool
    title: str


@dataclass(frozen=True)
class ForcesChart:
    """A mission's strength at each published point, stacked by its largest nations."""

    mission: str
    frame: Frame
    y_ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]
    legend_x: float
    summary: str
    colours: dict[str, str]


def _nation_name(code: str, lang: str, on: date | None) -> str:
    return country_name(code, on, lang) if is_country_code(code) else code


def forces_chart(
    mission: str,
    series: Sequence[Forces],
    lang: str,
    *,
    top: int = 6,
    on: date | None = None,
    width: int = 720,
    height: int = 270,
) -> ForcesChart:
    """Stacked bars, one per published point: the ``top`` largest nations, then "other".

    "Other" is the published total less the nations shown (the nations outside the top
    and any remainder the source did not break down). A point published without any
    breakdown is one "not broken down by nation" block. The bar in force on ``on`` is
    marked as current.
    """
    _ = gettext
    points = [f for f in series if f.point is not None]
    largest: dict[str, int] = {}
    for f in points:
        for code, n in f.by_nation:
            largest[code] = max(largest.get(code, 0), n)
    shown = [c for c, _n in sorted(largest.items(), key=lambda kv: (-kv[1], kv[0]))][:top]
    colour = {c: NATION_COLOURS[i % len(NATION_COLOURS)] for i, c in enumerate(shown)}
    other_label = _(N_("other"), lang)
    unbroken_label = _(N_("not broken down by nation"), lang)
    heights = [max(f.total, sum(n for _c, n in f.by_nation)) for f in points]
    ticks = nice_ticks(0, max(heights, default=0) or 1)
    legend_width = 178.0
    frame = Frame(width, height, 62.0, width - legend_width - 18.0, 18.0, height - 40.0)

    def y(v: float) -> float:
        return frame.bottom - v / ticks[-1] * (frame.bottom - frame.top)

    current_on = None
    if on is not None:
        known = [f.on for f in points if f.on <= on]
        current_on = max(known) if known else None
    slot = (frame.right - frame.left) / max(len(points), 1)
    bar_width = round(min(56.0, slot * 0.62), 1)
    bars: list[Bar] = []
    has_other = has_unbroken = False
    for i, f in enumerate(points):
        figures = dict(f.by_nation)
        parts: list[tuple[str, str, int, str]] = []
        if figures:
            for code in shown:
                if figures.get(code):
                    parts.append((code, _nation_name(code, lang, on), figures[code], colour[code]))
            rest = f.total - sum(figures.get(c, 0) for c in shown)
            if rest > 0:
                parts.append(("other", other_label, rest, OTHER_COLOUR))
                has_other = True
        elif f.total:
            parts.append(("unbroken", unbroken_label, f.total, UNBROKEN_COLOUR))
            has_unbroken = True
        base = 0
        segments = []
        for key, label, n, c in parts:
            y0, y1 = y(base), y(base + n)
            segments.append(Segment(key, label, n, round(y1, 1), round(y0 - y1, 1), c))
            base += n
        cx = frame.left + slot * (i + 0.5)
        total = max(f.total, base)
        day_label = f.on.isoformat()
        bars.append(
            Bar(
                on=f.on,
                x=round(cx - bar_width / 2, 1),
                width=bar_width,
                label=day_label,
                total=total,
                total_label=number(total, lang),
                top=round(y(total), 1),
                segments=tuple(segments),
                current=f.on == current_on,
                title=f"{day_label}: {number(total, lang)}",
            )
        )
    legend = [LegendItem(_nation_name(c, lang, on), colour[c], "box") for c in shown]
    if has_other:
        legend.append(LegendItem(other_label, OTHER_COLOUR, "box"))
    if has_unbroken:
        legend.append(LegendItem(unbroken_label, UNBROKEN_COLOUR, "box"))
    summary = _(N_("{n} published figures, from {first} to {last}."), lang).format(
        n=len(points),
        first=points[0].on.isoformat() if points else "—",
        last=points[-1].on.isoformat() if points else "—",
    )
    return ForcesChart(
        mission=mission,
        frame=frame,
        y_ticks=tuple(Tick(round(y(t), 1), number(t, lang)) for t in ticks),
        bars=tuple(bars),
        legend=tuple(reversed(legend)),
        legend_x=frame.right + 22.0,
        summary=summary,
        colours={"ink": INK, "muted": MUTED, "grid": GRID, "axis": AXIS},
    )

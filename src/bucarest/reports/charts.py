"""Chart geometry shared by the capabilities' charts: pure functions, values in, coordinates out.

Frames, ticks on round values and on dates, legend placement and SVG paths; each
capability's charts (the ledger's indicator and force charts, the missile-defence sweep)
build on them. Colours are SVG presentation attributes, so a chart looks the same in a
self-contained file, a page and on paper.

Example::

    >>> nice_ticks(0, 87)
    (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bucarest.reports.formatting import month_label, year_label

__all__ = [
    "AXIS",
    "GRID",
    "INK",
    "MUTED",
    "Frame",
    "LegendItem",
    "Point",
    "Tick",
    "date_ticks",
    "nice_ticks",
    "spread_legend",
    "svg_path",
    "text_width",
]


INK = "#1b2430"


MUTED = "#4a5563"


GRID = "#e3e8ee"


AXIS = "#8996a5"


@dataclass(frozen=True)
class Frame:
    """The drawing area of a chart inside its ``width`` x ``height`` view box."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Tick:
    """An axis tick: its position along the axis and its label."""

    pos: float
    label: str


@dataclass(frozen=True)
class Point:
    """A plotted value with its hover text."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    """A legend entry: what the mark means, its colour and how it is drawn."""

    label: str
    colour: str
    kind: str  # "line", "dash" or "box"
    offset: float = 0.0


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[float, ...]:
    """At most about ``count`` + 1 round tick values covering ``[lo, hi]``.

    >>> nice_ticks(0, 52908)
    (0.0, 20000.0, 40000.0, 60000.0)
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    span = hi - lo
    magnitude = 10.0 ** math.floor(math.log10(span / count))
    step = magnitude * 10
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if span / (m * magnitude) <= count:
            step = m * magnitude
            break
    start = math.floor(lo / step) * step
    # a hair of tolerance absorbs float noise (5.000000000001 steps) but not real excess
    n = math.ceil((hi - start) / step - 1e-12)
    return tuple(round(start + i * step, 10) for i in range(n + 1))


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, 1)


def date_ticks(start: date, end: date, lang: str, most: int = 6) -> tuple[tuple[date, str], ...]:
    """Month or year starts inside ``[start, end]`` (at most ``most``), with labels.

    >>> [label for _, label in date_ticks(date(2008, 4, 3), date(2009, 4, 3), "en")]
    ['Jul 2008', 'Oct 2008', 'Jan 2009', 'Apr 2009']
    """
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= most), 240)
    day = _first_of_month(start)
    if day < start:
        day = _add_months(day, 1)

    def aligned(d: date) -> bool:
        if step < 12:
            return (d.month - 1) % step == 0
        return d.month == 1 and d.year % (step // 12) == 0

    while not aligned(day):
        day = _add_months(day, 1)
    out: list[tuple[date, str]] = []
    while day <= end:
        out.append((day, year_label(day, lang) if step >= 12 else month_label(day, lang)))
        day = _add_months(day, step)
    return tuple(out)


def text_width(text: str, size: float = 11.0) -> float:
    """A generous estimate of a label's width in a sans-serif font (no font metrics here)."""
    return len(text) * size * 0.58


def spread_legend(
    items: list[LegendItem], sample: float = 28.0, gap: float = 18.0
) -> list[LegendItem]:
    """Legend items in a row, each after the previous one's sample and label."""
    out, x = [], 0.0
    for item in items:
        out.append(LegendItem(item.label, item.colour, item.kind, round(x, 1)))
        x += sample + text_width(item.label) + gap
    return out


def svg_path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))

"""Asset-level gas infrastructure: interconnection points, LNG terminals, storage facilities,
storage deliverability curves and production, and their country-level view.

Units: volumes in mcm (million m³ at 15 °C), rates in mcm/d. Every value carries its
``source`` and ``licence``; ``estimate`` is true where the figure is not its winter's own as
read from its source (a later year's capacity, a rounded map value, an assumed curve).

Example::

    >>> p = Interconnection("UA-SK", "Velke Kapusany", "UKR", "SVK", "forward", "point",
    ...                     200.0, 2024, "", "s", "CC BY 4.0", True)
    >>> book = AssetBook((p,), (), (), (), ())
    >>> country_view(book).pipelines[("UKR", "SVK")]
    200.0
    >>> [m.id for m in search_assets(book, "kapušany")]
    ['UA-SK']
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bucarest.core.errors import N_, InvalidFactError

__all__ = [
    "AssetBook",
    "AssetMatch",
    "CountryView",
    "CurvePoint",
    "DeliverabilityCurve",
    "Interconnection",
    "LngTerminalAsset",
    "Production",
    "ProductionFacility",
    "StorageFacility",
    "StorageTotals",
    "check_curve",
    "country_view",
    "fold",
    "in_service",
    "in_service_on",
    "search_assets",
]


@dataclass(frozen=True)
class Interconnection:
    """One interconnection point in one physical direction (mcm/d).

    ``direction`` is ``forward`` for the point's main flow and ``reverse`` for its physical
    reverse capacity; ``from_country``/``to_country`` always give the flow of this row.
    ``kind`` is ``point``, or ``group`` for a border whose split between points is not sourced.
    """

    id: str
    name: str
    from_country: str
    to_country: str
    direction: str
    kind: str
    capacity_mcmd: float
    capacity_year: int
    commissioned: str
    source: str
    licence: str
    estimate: bool
    note: str = ""

    @property
    def points(self) -> int:
        """The points the row stands for: a ``group`` row names them, separated by ';'.

        >>> Interconnection("X", "A; B / C", "AAA", "BBB", "forward", "group", 9.0, 2009,
        ...                 "", "s", "l", True).points
        2
        """
        return len(self.name.split(";")) if self.kind == "group" else 1


@dataclass(frozen=True)
class LngTerminalAsset:
    """An LNG import terminal and its maximal send-out (mcm/d)."""

    id: str
    country: str
    name: str
    operator: str
    sendout_mcmd: float
    capacity_year: int
    commissioned: str
    source: str
    licence: str
    estimate: bool
    note: str = ""


@dataclass(frozen=True)
class StorageFacility:
    """An underground storage site (or an operator's group of sites): working gas in mcm,
    withdrawal and injection in mcm/d (injection ``None`` where the source gives none);
    ``curve`` names its :class:`DeliverabilityCurve`."""

    id: str
    country: str
    name: str
    operator: str
    type: str
    working_gas_mcm: float
    withdrawal_mcmd: float
    injection_mcmd: float | None
    curve: str
    capacity_year: int
    commissioned: str
    source: str
    licence: str
    estimate: bool
    note: str = ""


@dataclass(frozen=True)
class CurvePoint:
    """At ``fill`` (share of working gas in store), withdrawal reaches ``share`` of the
    maximum, bracketed by ``share_low`` and ``share_high``."""

    fill: float
    share: float
    share_low: float
    share_high: float


@dataclass(frozen=True)
class DeliverabilityCurve:
    """Maximal withdrawal as a share of the nominal rate, by fill; piecewise linear.

    >>> c = DeliverabilityCurve("x", (CurvePoint(0, 0, 0, 0), CurvePoint(0.5, 1, 1, 1),
    ...                               CurvePoint(1, 1, 1, 1)), "s", "l", True)
    >>> c.share_at(0.25)
    0.5
    """

    id: str
    points: tuple[CurvePoint, ...]
    source: str
    licence: str
    estimate: bool
    note: str = ""

    def share_at(self, fill: float) -> float:
        """The share of maximal withdrawal available at ``fill`` (0 to 1), interpolated."""
        pts = self.points
        if fill <= pts[0].fill:
            return pts[0].share
        for a, b in zip(pts, pts[1:], strict=False):
            if fill == b.fill:
                return b.share  # exact at a point: no rounding at full or empty
            if fill < b.fill:
                return a.share + (b.share - a.share) * (fill - a.fill) / (b.fill - a.fill)
        return pts[-1].share


@dataclass(frozen=True)
class Production:
    """A country's (or a field's) gas production in ``year``, mcm/d (annual average unless
    the note says otherwise)."""

    id: str
    country: str
    name: str
    production_mcmd: float
    year: int
    source: str
    licence: str
    estimate: bool
    note: str = ""


@dataclass(frozen=True)
class ProductionFacility:
    """A country's largest production facility (a gas processing plant, a field), where a
    source names it, and its maximal output (mcm/d): part of the country's production, the
    single largest production infrastructure of the N-1 formula."""

    id: str
    country: str
    name: str
    operator: str
    capacity_mcmd: float
    capacity_year: int
    commissioned: str
    source: str
    licence: str
    estimate: bool
    note: str = ""


@dataclass(frozen=True)
class AssetBook:
    """Every asset of one winter."""

    interconnections: tuple[Interconnection, ...]
    lng: tuple[LngTerminalAsset, ...]
    storage: tuple[StorageFacility, ...]
    curves: tuple[DeliverabilityCurve, ...]
    production: tuple[Production, ...]
    production_facilities: tuple[ProductionFacility, ...] = ()


def check_curve(points: Sequence[CurvePoint]) -> tuple[int, str, str] | None:
    """The first problem of a curve as ``(index of the point, field, message)``, or ``None``.

    A curve starts at fill 0, ends at fill 1 with share 1, has strictly rising fills, never
    falls as fill rises, and brackets each share between its low and high values.

    >>> check_curve([CurvePoint(0, 0, 0, 0), CurvePoint(0.5, 0.9, 0.8, 1),
    ...              CurvePoint(0.7, 0.6, 0.5, 0.7), CurvePoint(1, 1, 1, 1)])
    (2, 'share', 'share = 0.6 is below 0.9 at fill 0.5; a curve must not fall as fill rises')
    """
    if not points:
        return (0, "fill", "a curve needs points from fill 0 to fill 1")
    for i, p in enumerate(points):
        if not p.share_low <= p.share <= p.share_high:
            return (i, "share", f"share = {p.share} lies outside its bracket "
                                f"[{p.share_low}, {p.share_high}]")  # fmt: skip
        if i == 0:
            continue
        q = points[i - 1]
        if p.fill <= q.fill:
            return (i, "fill", f"fill = {p.fill} does not rise after {q.fill}")
        if p.share < q.share:
            return (i, "share", f"share = {p.share} is below {q.share} at fill {q.fill}; "
                                "a curve must not fall as fill rises")  # fmt: skip
    if points[0].fill != 0:
        return (0, "fill", f"fill = {points[0].fill}; a curve starts at fill 0")
    if points[-1].fill != 1 or points[-1].share != 1:
        return (len(points) - 1, "fill", "a curve ends at fill 1 with share 1")
    return None


_COMMISSIONED = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def in_service(commissioned: str, day: date) -> bool:
    """Whether an asset commissioned at ``commissioned`` (``YYYY``, ``YYYY-MM`` or blank for
    "before the data's winter") is in service on ``day``. A year alone counts from the next
    1 January and a month from the next month's first day, so nothing is counted early.

    >>> in_service("2008", date(2009, 1, 1)), in_service("2009-03", date(2009, 3, 31))
    (True, False)
    """
    found = _COMMISSIONED.match(commissioned)
    if not commissioned:
        return True
    if found is None:
        raise InvalidFactError(
            N_("commissioned = '{value}' is not a year (YYYY) or a month (YYYY-MM)"),
            value=commissioned,
        )
    year, month = int(found.group(1)), found.group(2)
    if month is None:
        return day >= date(year + 1, 1, 1)
    m = int(month)
    return day >= (date(year + 1, 1, 1) if m == 12 else date(year, m + 1, 1))


def in_service_on(book: AssetBook, day: date) -> AssetBook:
    """The assets of ``book`` in service on ``day`` (curves and countries' production are
    kept)."""
    return replace(
        book,
        interconnections=tuple(p for p in book.interconnections if in_service(p.commissioned, day)),
        lng=tuple(t for t in book.lng if in_service(t.commissioned, day)),
        storage=tuple(s for s in book.storage if in_service(s.commissioned, day)),
        production_facilities=tuple(
            f for f in book.production_facilities if in_service(f.commissioned, day)
        ),  # fmt: skip
    )


@dataclass(frozen=True)
class StorageTotals:
    """A country's storage summed over its facilities (mcm, mcm/d)."""

    working_gas_mcm: float
    withdrawal_mcmd: float
    injection_mcmd: float
    facilities: int


@dataclass(frozen=True)
class CountryView:
    """The assets folded to countries: capacity per ordered country pair (mcm/d, physical
    direction), LNG send-out, storage and production per country."""

    pipelines: Mapping[tuple[str, str], float]
    lng_sendout_mcmd: Mapping[str, float]
    storage: Mapping[str, StorageTotals]
    production_mcmd: Mapping[str, float]


def fold(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Sum values by key, keys sorted (a small helper for the views and the tests)."""
    out: dict[str, float] = defaultdict(float)
    for key, value in pairs:
        out[key] += value
    return dict(sorted(out.items()))


def country_view(book: AssetBook) -> CountryView:
    """The country-level view of ``book``: each ordered pair's capacity is the sum of the
    interconnection rows flowing that way, whatever their ``direction`` label."""
    pipes: dict[tuple[str, str], float] = defaultdict(float)
    for p in book.interconnections:
        pipes[(p.from_country, p.to_country)] += p.capacity_mcmd
    storage: dict[str, list[StorageFacility]] = defaultdict(list)
    for s in book.storage:
        storage[s.country].append(s)
    return CountryView(
        dict(sorted(pipes.items())),
        fold((t.country, t.sendout_mcmd) for t in book.lng),
        {c: StorageTotals(sum(s.working_gas_mcm for s in rows),
                          sum(s.withdrawal_mcmd for s in rows),
                          sum(s.injection_mcmd or 0.0 for s in rows), len(rows))
         for c, rows in sorted(storage.items())},
        fold((p.country, p.production_mcmd) for p in book.production),
    )  # fmt: skip


@dataclass(frozen=True)
class AssetMatch:
    """One asset found by name: its kind (``interconnection``, ``lng``, ``storage``,
    ``production``), id, name and countries."""

    kind: str
    id: str
    name: str
    countries: tuple[str, ...]


def _folded(text: str) -> str:
    """Lower case without accents: 'Kapušany' and 'KAPUSANY' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_assets(book: AssetBook, query: str) -> tuple[AssetMatch, ...]:
    """Assets whose name (or id) contains ``query``, ignoring case and accents, in file order.

    An empty query is refused: it would match everything.
    """
    needle = _folded(query.strip())
    if not needle:
        raise InvalidFactError(N_("an asset search needs at least one letter"))
    candidates: list[AssetMatch] = []
    candidates += [AssetMatch("interconnection", p.id, p.name, (p.from_country, p.to_country))
                   for p in book.interconnections]  # fmt: skip
    candidates += [AssetMatch("lng", t.id, t.name, (t.country,)) for t in book.lng]
    candidates += [AssetMatch("storage", s.id, s.name, (s.country,)) for s in book.storage]
    candidates += [AssetMatch("production", p.id, p.name, (p.country,)) for p in book.production]
    candidates += [AssetMatch("production", f.id, f.name, (f.country,))
                   for f in book.production_facilities]  # fmt: skip
    return tuple(m for m in candidates if needle in _folded(m.name) or needle in _folded(m.id))

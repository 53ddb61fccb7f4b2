"""Two architectures side by side: each country's covered share in A, in B, and B minus A.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> from bucarest.missile_defence.domain.coverage import territory_grid, threat_field
    >>> cat = load_catalogue()
    >>> field = threat_field(cat, "iran-mrbm", territory_grid(("ROU",), 100.0))
    >>> cmp = compare(field, cat, cat.architecture("us-third-site-2008"),
    ...               cat.architecture("epaa-phase-2"))
    >>> cmp.total.difference == round(cmp.total.covered_b - cmp.total.covered_a, 6)
    True

Both are evaluated on the same threat field (the same grid, the same trajectories), so the
difference is the architectures' alone. The map shows each grid cell as covered by both,
by A only, by B only, by neither, or not threatened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping

from bucarest.missile_defence.domain.coverage import (
    COVERED,
    NOT_THREATENED,
    CountryCoverage,
    CoverageResult,
    ThreatField,
    evaluate,
)
from bucarest.missile_defence.domain.model import Architecture, Catalogue

__all__ = ["CELL_KINDS", "Comparison", "CountryComparison", "compare", "comparison_geojson"]

#: The kinds of grid cell on the comparison map.
CELL_KINDS = ("both", "a-only", "b-only", "neither", "not-threatened")


@dataclass(frozen=True)
class CountryComparison:
    """Covered shares of one country's area in A and in B, and B minus A."""

    code: str
    area_km2: float
    covered_a: float
    covered_b: float
    difference: float
    not_threatened: float


@dataclass(frozen=True, eq=False)
class Comparison:
    """Both coverage results, and the per-country and overall comparison."""

    a: CoverageResult
    b: CoverageResult
    countries: tuple[CountryComparison, ...]
    total: CountryComparison


def _row(a: CountryCoverage, b: CountryCoverage) -> CountryComparison:
    return CountryComparison(a.code, a.area_km2, a.covered, b.covered,
                             round(b.covered - a.covered, 6), a.not_threatened)  # fmt: skip


def compare(
    field: ThreatField, cat: Catalogue, a: Architecture, b: Architecture, shots: int = 1
) -> Comparison:
    """Evaluate ``a`` and ``b`` on ``field`` and set them side by side."""
    ra = evaluate(field, cat, a, shots)
    rb = evaluate(field, cat, b, shots)
    rows = tuple(_row(x, y) for x, y in zip(ra.countries, rb.countries, strict=True))
    return Comparison(ra, rb, rows, _row(ra.total, rb.total))


def _kinds(cmp: Comparison) -> np.ndarray[Any, Any]:
    ca, cb = cmp.a.status == COVERED, cmp.b.status == COVERED
    out = np.full(ca.size, "neither", dtype=object)
    out[ca & cb] = "both"
    out[ca & ~cb] = "a-only"
    out[~ca & cb] = "b-only"
    out[cmp.a.status == NOT_THREATENED] = "not-threatened"
    return out


def comparison_geojson(cmp: Comparison) -> dict[str, Any]:
    """Polygons (lon/lat GeoJSON FeatureCollection) of the grid cells of each kind of
    :data:`CELL_KINDS` per country, cut to the country's outline (properties ``code``,
    ``kind``)."""
    grid = cmp.a.grid
    kinds = _kinds(cmp)
    half = grid.resolution_km * 500.0
    features = []
    for code in sorted(grid.codes):
        mine = grid.country == code
        for kind in CELL_KINDS:
            pick = mine & (kinds == kind)
            if not pick.any():
                continue
            if int(pick.sum()) == int(mine.sum()):
                shape = grid.shapes[code]
            else:
                cells = shapely.box(grid.x[pick] - half, grid.y[pick] - half,
                                    grid.x[pick] + half, grid.y[pick] + half)  # fmt: skip
                shape = shapely.coverage_union_all(cells).intersection(grid.shapes[code])
            if shape.is_empty:
                continue
            shape = grid.to_lon_lat(shape.simplify(half / 5.0))
            features.append({"type": "Feature", "properties": {"code": code, "kind": kind},
                             "geometry": mapping(shapely.set_precision(shape, 1e-4))})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}

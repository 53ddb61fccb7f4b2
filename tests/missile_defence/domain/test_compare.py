"""Two architectures side by side on one field."""

from __future__ import annotations

import pytest

from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.compare import CELL_KINDS, compare, comparison_geojson
from bucarest.missile_defence.domain.coverage import evaluate, territory_grid, threat_field


def test_the_comparison_is_each_architecture_alone_and_their_difference() -> None:
    cat = load_catalogue()
    field = threat_field(cat, "iran-2008", territory_grid(("ROU", "GRC", "POL"), 100.0))
    a, b = cat.architecture("us-third-site-2008"), cat.architecture("epaa-phase-3")
    cmp = compare(field, cat, a, b)
    alone_a, alone_b = evaluate(field, cat, a), evaluate(field, cat, b)
    for row, ra, rb in zip(cmp.countries, alone_a.countries, alone_b.countries, strict=True):
        assert row.code == ra.code == rb.code
        assert (row.covered_a, row.covered_b) == (ra.covered, rb.covered)
        assert row.difference == pytest.approx(rb.covered - ra.covered, abs=1e-6)
    grc = next(r for r in cmp.countries if r.code == "GRC")
    assert grc.difference > 0  # EPAA phase 3 covers what the 2008 plan left open in Greece
    # Against itself, nothing changes.
    same = compare(field, cat, a, a)
    assert all(r.difference == 0 for r in same.countries)
    gj = comparison_geojson(cmp)
    kinds = {f["properties"]["kind"] for f in gj["features"]}
    assert kinds <= set(CELL_KINDS) and "b-only" in kinds
    assert {f["properties"]["code"] for f in gj["features"]} == {"ROU", "GRC", "POL"}
    assert not {f["properties"]["kind"] for f in comparison_geojson(same)["features"]} & {
        "a-only",
        "b-only",
    }

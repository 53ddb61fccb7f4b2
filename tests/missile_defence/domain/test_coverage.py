"""Defended territory: grid areas, the 2008 regression, invariants and GeoJSON."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date

import array_api_strict as xps
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box, shape

from bucarest.core.geo import country_geometry, equal_area_km2
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import (
    COVERED,
    EUROPE_WINDOW,
    NOT_THREATENED,
    CoverageResult,
    ThreatField,
    allied_territory,
    coverage,
    coverage_geojson,
    evaluate,
    territory_for,
    territory_grid,
    territory_scope,
    threat_field,
)
from bucarest.missile_defence.domain.model import Catalogue, Parameter
from bucarest.missile_defence.records import coverage_record
from bucarest.registry.domain.model import Registry
from tests.paths import DATA

GOLDEN = DATA / "golden"
SUMMIT = date(2008, 4, 3)
SOUTH_EAST = ("TUR", "GRC", "BGR")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def allies_grid(reg: Registry):  # type: ignore[no-untyped-def]
    return territory_grid(allied_territory(reg, SUMMIT), 50.0, EUROPE_WINDOW)


@pytest.fixture(scope="module")
def mrbm(cat: Catalogue, allies_grid) -> ThreatField:  # type: ignore[no-untyped-def]
    return threat_field(cat, "iran-mrbm", allies_grid)


@pytest.fixture(scope="module")
def union(cat: Catalogue, allies_grid) -> ThreatField:  # type: ignore[no-untyped-def]
    return threat_field(cat, "iran-2008", allies_grid)


def _row(result: CoverageResult, code: str):  # type: ignore[no-untyped-def]
    return next(c for c in result.countries if c.code == code)


def _uncovered_of_threatened(result: CoverageResult, code: str) -> float:
    c = _row(result, code)
    return c.uncovered / (c.covered + c.uncovered)


# --- the territory ---------------------------------------------------------------------------


def test_allied_territory_in_europe_on_the_summit_day(reg: Registry) -> None:
    codes = allied_territory(reg, SUMMIT)
    assert len(codes) == 24 and "TUR" in codes and "USA" not in codes and "ALB" not in codes
    assert "ALB" in allied_territory(reg, date(2009, 4, 1))


def test_all_allied_territory_is_the_default_north_america_included(reg: Registry) -> None:
    scope = territory_scope(reg, SUMMIT, None)
    assert len(scope.codes) == 26 and scope.whole == ("CAN", "USA")
    assert scope.window == EUROPE_WINDOW
    assert len(territory_scope(reg, date(2009, 4, 1), None).codes) == 28  # Albania, Croatia
    assert territory_scope(reg, SUMMIT, ["GRC"]).codes == ("GRC",)


@pytest.fixture(scope="module")
def all_grid(reg: Registry):  # type: ignore[no-untyped-def]
    return territory_for(reg, SUMMIT, None, 100.0)


def test_the_united_states_count_whole_with_alaska_hawaii_and_the_aleutians(all_grid) -> None:  # type: ignore[no-untyped-def]
    usa = all_grid.country == "USA"
    lat, lon = all_grid.lat[usa], all_grid.lon[usa]
    assert ((lat > 55) & (lon < -130)).any()  # Alaska
    assert ((lat < 23) & (lon < -150)).any()  # Hawaii
    for code in ("USA", "CAN"):
        grid_area = float(all_grid.area_km2[all_grid.country == code].sum())
        assert grid_area == pytest.approx(equal_area_km2(country_geometry(code)), rel=0.03), code
    # France counts in Europe only: no French Guiana or Réunion.
    assert float(all_grid.lat[all_grid.country == "FRA"].min()) > 41.0
    # One projection centred between Alaska and Turkey, the short way round.
    assert "+lon_0=-71." in all_grid.crs


def test_a_grid_across_the_antimeridian_is_centred_on_its_land() -> None:
    usa = territory_grid(("USA",), 10.0)
    lon_0 = float(usa.crs.split("+lon_0=")[1].split()[0])
    assert -135.0 < lon_0 < -120.0
    assert (usa.lon > 172.0).any()  # Attu and the Near Islands, west of the antimeridian
    europe = territory_grid(("BEL", "LUX"), 100.0)  # small extents keep the middle of the box
    minx, _y0, maxx, _y1 = shapely.union_all(list(map(country_geometry, ("BEL", "LUX")))).bounds
    assert f"+lon_0={(minx + maxx) / 2:.4f}" in europe.crs


def test_trajectories_far_beyond_reach_are_skipped_without_changing_any_answer(
    cat: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bucarest.missile_defence.domain import coverage as module

    grid = territory_grid(("GRC", "USA", "CAN"), 400.0)
    fast = threat_field(cat, "iran-2008", grid, rotating=True)
    monkeypatch.setattr(module, "REACH_MARGIN", float("inf"))
    slow = threat_field(cat, "iran-2008", grid, rotating=True)
    assert np.array_equal(fast.point, slow.point)
    assert np.array_equal(fast.threatened, slow.threatened)
    arch = cat.architecture("us-gmd-and-third-site-2008")
    assert np.array_equal(evaluate(fast, cat, arch).status, evaluate(slow, cat, arch).status)


def test_each_grid_point_stands_for_an_equal_area(allies_grid) -> None:  # type: ignore[no-untyped-def]
    window = box(*EUROPE_WINDOW)
    for code in ("FRA", "POL", "TUR", "ESP"):
        grid_area = float(allies_grid.area_km2[allies_grid.country == code].sum())
        true_area = equal_area_km2(country_geometry(code).intersection(window))
        assert grid_area == pytest.approx(true_area, rel=0.05), code  # 50 km cells at the borders


def test_a_country_smaller_than_a_cell_keeps_one_point_with_its_area() -> None:
    grid = territory_grid(("LUX", "BEL"), 100.0)
    lux = grid.country == "LUX"
    assert lux.sum() == 1
    assert float(grid.area_km2[lux][0]) == pytest.approx(2_400, rel=0.1)


@pytest.mark.parametrize("res", [0.5, 501.0, float("nan")])
def test_resolution_out_of_range_is_refused(res: float) -> None:
    with pytest.raises(Exception, match="expected between 1 and 500 km"):
        territory_grid(("BEL",), res)


# --- the 2008 regression -----------------------------------------------------------------------


def test_third_site_leaves_turkey_open_and_covers_the_west(
    cat: Catalogue, mrbm: ThreatField, union: ThreatField
) -> None:
    """Public statements in 2008: the Polish-Czech site protects most Allies but 'not Greece,
    Turkey, Bulgaria and Eastern Romania' (research notes §0, §4.4).

    Under the engagement doctrine (the forward radar cues the EMR and the GBIs launch on its
    track) Turkey stays uncovered; Greece, Bulgaria and Romania are judged, with their
    binding constraints, in test_doctrine.py.
    """
    arch = cat.architecture("us-third-site-2008")
    short = evaluate(mrbm, cat, arch)
    assert _uncovered_of_threatened(short, "TUR") > 0.9
    assert _row(short, "TUR").not_threatened == 0.0
    longer = evaluate(union, cat, arch)
    for code in ("DEU", "FRA"):
        assert _row(longer, code).covered > 0.5, code
    assert _row(longer, "TUR").uncovered > 0.5


def test_the_forward_radar_launching_the_gbis_shrinks_the_gap(
    cat: Catalogue, union: ThreatField
) -> None:
    arch = cat.architecture("us-third-site-2008")
    no_launch = replace(arch, link_rules=(("fbx-forward", ()),))
    base = evaluate(union, cat, no_launch)
    better = evaluate(union, cat, arch)
    gap = sum(_row(base, c).uncovered * _row(base, c).area_km2 for c in SOUTH_EAST)
    smaller = sum(_row(better, c).uncovered * _row(better, c).area_km2 for c in SOUTH_EAST)
    assert smaller < gap
    assert better.total.uncovered < base.total.uncovered
    assert np.all(better.status[base.status == COVERED] == COVERED)


def test_the_lower_tier_shrinks_the_gap_and_the_russian_radars_only_cue(
    cat: Catalogue, mrbm: ThreatField
) -> None:
    """The Patriot batteries cover the grid points at Istanbul and Ankara; the Russian
    early-warning radars give no fire-control track and the forward radar already cues the
    EMR, so they change nothing."""
    base = evaluate(mrbm, cat, cat.architecture("us-third-site-2008"))
    lower = evaluate(mrbm, cat, cat.architecture("us-third-site-2008-lower-tier"))
    gap = sum(_row(base, c).uncovered * _row(base, c).area_km2 for c in SOUTH_EAST)
    smaller = sum(_row(lower, c).uncovered * _row(lower, c).area_km2 for c in SOUTH_EAST)
    assert smaller < gap
    assert np.all(lower.status[base.status == COVERED] == COVERED)
    russian = evaluate(mrbm, cat, cat.architecture("us-third-site-2008-russian-radars"))
    assert np.array_equal(russian.status, base.status)


def test_coverage_table_of_the_2008_architecture_matches_its_golden_file(
    cat: Catalogue, union: ThreatField
) -> None:
    record = coverage_record(
        evaluate(union, cat, cat.architecture("us-third-site-2008")), "en", SUMMIT
    )
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path = GOLDEN / "md-coverage-us-third-site-2008-iran-2008-50km.json"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDENS=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


def test_coverage_of_all_allied_territory_matches_its_golden_file(cat: Catalogue, all_grid) -> None:  # type: ignore[no-untyped-def]
    """The 26 Allies of the summit day against iran-2008, the Earth turning, defended by the
    US homeland GMD of that day with the planned third site (regenerate with UPDATE_GOLDENS=1
    only when a change is meant to move these figures)."""
    from bucarest.missile_defence.domain.deployment import deployed_on

    dep = deployed_on(cat, cat.architecture("us-gmd-and-third-site-2008"), SUMMIT)
    field = threat_field(cat, "iran-2008", all_grid, rotating=True)
    result = replace(evaluate(field, dep.catalogue, dep.architecture), not_deployed=dep.absent)
    record = coverage_record(result, "en", SUMMIT)
    assert record["not_deployed"] == ["thule-uewr"] and len(record["countries"]) == 26
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path = GOLDEN / "md-coverage-us-gmd-and-third-site-2008-iran-2008-all-allies-100km.json"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDENS=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


# --- invariants ----------------------------------------------------------------------------------


def test_shares_add_up_and_out_of_range_countries_are_not_threatened(
    cat: Catalogue, mrbm: ThreatField
) -> None:
    result = evaluate(mrbm, cat, cat.architecture("us-third-site-2008"))
    for c in (*result.countries, result.total):
        assert c.covered + c.uncovered + c.not_threatened == pytest.approx(1.0, abs=1e-5)
        assert 0.0 <= c.uncovered_sensor_limited <= c.uncovered + 1e-9
    for code in ("PRT", "GBR", "NOR", "ISL"):
        assert _row(result, code).not_threatened == 1.0


@pytest.fixture(scope="module")
def small_field(cat: Catalogue) -> ThreatField:
    return threat_field(cat, "iran-2008", territory_grid(("TUR", "GRC", "BGR", "ROU"), 100.0))


@given(st.data())
@settings(max_examples=12)
def test_adding_a_site_or_radar_never_uncovers_a_point(
    cat: Catalogue, small_field: ThreatField, data: st.DataObject
) -> None:
    arch = cat.architecture("us-third-site-2008")
    sites = data.draw(st.lists(st.sampled_from(arch.candidate_sites), max_size=3, unique=True))
    radars = data.draw(st.lists(st.sampled_from(arch.candidate_radars), max_size=2, unique=True))
    before = evaluate(small_field, cat, arch)
    after = evaluate(small_field, cat, arch.adding(tuple(sites), tuple(radars)))
    assert np.all(after.status[before.status == COVERED] == COVERED)
    assert np.array_equal(after.status == NOT_THREATENED, before.status == NOT_THREATENED)


@given(st.floats(3.0, 9.0), st.floats(3.0, 9.0))
@settings(max_examples=10)
def test_a_faster_interceptor_never_covers_less(
    cat: Catalogue, small_field: ThreatField, v1: float, v2: float
) -> None:
    slow, fast = sorted((v1, v2))
    arch = cat.architecture("us-third-site-2008")

    def at(v: float) -> CoverageResult:
        gbi = replace(cat.interceptor_type("gbi-2stage"), burnout_speed_km_s=Parameter(v, "test"))
        return evaluate(small_field, replace(cat, interceptor_types={**cat.interceptor_types,
                                                                     "gbi-2stage": gbi}), arch)  # fmt: skip

    assert np.all(at(fast).status[at(slow).status == COVERED] == COVERED)


def test_the_same_answer_on_the_strict_array_api(cat: Catalogue) -> None:
    grid = territory_grid(("GRC", "BGR"), 100.0)
    arch = cat.architecture("us-third-site-2008-russian-radars")
    plain = coverage(cat, arch, "iran-2008", grid)
    strict = coverage(cat, arch, "iran-2008", grid, xp=xps)
    assert np.array_equal(plain.status, strict.status)


def test_north_america_and_the_homeland_radars_agree_on_the_strict_array_api(
    cat: Catalogue,
) -> None:
    grid = territory_grid(("USA", "CAN", "GBR"), 400.0)
    arch = cat.architecture("us-gmd-and-third-site-2008")
    plain = coverage(cat, arch, "iran-2008", grid, rotating=True)
    strict = coverage(cat, arch, "iran-2008", grid, rotating=True, xp=xps)
    assert np.array_equal(plain.status, strict.status)
    assert (plain.status == COVERED).any()


# --- polygons ------------------------------------------------------------------------------------


def test_uncovered_polygons_have_the_uncovered_area(
    cat: Catalogue, mrbm: ThreatField, union: ThreatField
) -> None:
    result = evaluate(mrbm, cat, cat.architecture("us-third-site-2008"))
    fc = coverage_geojson(result)
    assert fc["type"] == "FeatureCollection"
    assert {f["properties"]["status"] for f in fc["features"]} == {"uncovered"}
    turkey = [shape(f["geometry"]) for f in fc["features"] if f["properties"]["code"] == "TUR"]
    area = sum(equal_area_km2(g) for g in turkey)
    row = _row(result, "TUR")
    assert area == pytest.approx(row.uncovered * row.area_km2, rel=0.1)
    for g in turkey:
        assert g.is_valid and 25.0 < g.centroid.x < 45.0
    every = coverage_geojson(evaluate(union, cat, cat.architecture("us-third-site-2008")),
                             ("covered", "uncovered", "not-threatened"))  # fmt: skip
    assert {f["properties"]["status"] for f in every["features"]} == {"covered", "uncovered"}
    assert shapely.union_all([shape(f["geometry"]) for f in every["features"]
                              if f["properties"]["code"] == "BEL"]).area > 0  # fmt: skip


def test_a_launch_area_and_trajectory_families_multiply_the_trajectories(cat: Catalogue) -> None:
    """iran-mrbm-west: 2 classes × every sampled launch point × 4 flight-path angles; the
    lofted and depressed arcs need more speed than the minimum-energy one, so they reach
    no point the minimum-energy arcs do not."""
    grid = territory_grid(("TUR", "GRC"), resolution_km=200.0)
    west = threat_field(cat, "iran-mrbm-west", grid)
    points = cat.launch_points("western-iran")
    assert west.considered == grid.size * 2 * len(points) * 4
    minimum = cat.threat("iran-mrbm-west")
    flat = replace(cat, threats={**cat.threats, minimum.id: replace(minimum, loft_deg=(0.0,))})
    only_min = threat_field(flat, "iran-mrbm-west", grid)
    assert np.array_equal(west.threatened, only_min.threatened)
    assert int(west.point.size) > int(only_min.point.size)

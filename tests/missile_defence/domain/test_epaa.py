"""The EPAA phases against their stated purposes, each phase as deployed on a day of its
timeframe. What the United States said of each phase (US Embassy Romania, "United States
European Phased Adaptive Approach (EPAA) and NATO Missile Defense",
https://ro.usembassy.gov/united-states-european-phased-adaptive-approach-epaa-and-nato-missile-defense/):
phase 1 "addresses regional ballistic missile threats to our European Allies"; phase 2 is "to
expand the defended area against short- and medium-range missile threats"; phase 3 is "to counter
short-, medium-, and intermediate-range missile threats". NATO's aim at Lisbon (2010) was "full
coverage and protection for all NATO European populations, territory, and forces" (White House,
Fact Sheet: Implementing Missile Defense in Europe, 15 September 2011). The model bears out the
first three and not the last: eastern Türkiye stays uncovered in every phase (decision §43).
"""

from __future__ import annotations

from datetime import date

import pytest

from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import (
    CoverageResult,
    evaluate,
    territory_grid,
    threat_field,
)
from bucarest.missile_defence.domain.deployment import deployed_on
from bucarest.missile_defence.domain.doctrine import IDEAL_CONSTRAINTS

#: European Allies from the south-east to the west, on a coarse grid (the test's speed).
CODES = ("TUR", "GRC", "BGR", "ROU", "ITA", "HUN", "POL", "DEU", "FRA", "ESP")


def _covered_of_threatened(result: CoverageResult) -> float:
    t = result.total
    return t.covered / (t.covered + t.uncovered)


@pytest.fixture(scope="module")
def runs() -> dict[str, CoverageResult]:
    cat = load_catalogue()
    grid = territory_grid(CODES, 100.0)
    mrbm = threat_field(cat, "iran-mrbm", grid, True)
    irbm = threat_field(cat, "iran-irbm", grid, True)
    out = {}
    for phase, day, field in (("epaa-phase-1", date(2012, 6, 1), mrbm),
                              ("epaa-phase-2", date(2016, 6, 1), mrbm),
                              ("epaa-phase-3", date(2025, 1, 1), irbm)):  # fmt: skip
        dep = deployed_on(cat, cat.architecture(phase), day)
        assert not dep.absent, (phase, dep.absent)  # each phase complete on its day
        out[phase] = evaluate(field, dep.catalogue, dep.architecture)
    return out


def test_phase_1_addresses_the_threat_to_the_south_east(runs: dict[str, CoverageResult]) -> None:
    assert _covered_of_threatened(runs["epaa-phase-1"]) > 0.2


def test_phase_2_expands_the_defended_area_against_medium_range_missiles(
    runs: dict[str, CoverageResult],
) -> None:
    assert (
        _covered_of_threatened(runs["epaa-phase-2"])
        > _covered_of_threatened(runs["epaa-phase-1"]) + 0.1
    )


def test_phase_3_counters_intermediate_range_missiles_over_most_of_the_threatened_area(
    runs: dict[str, CoverageResult],
) -> None:
    assert _covered_of_threatened(runs["epaa-phase-3"]) > 0.8


def test_full_coverage_of_european_territory_does_not_hold_eastern_turkey_stays_open(
    runs: dict[str, CoverageResult],
) -> None:
    # The Lisbon aim is not met in the model: in every phase part of Türkiye is uncovered, and
    # mostly for kinematic or timeline reasons that a better sensor would not lift.
    for result in runs.values():
        tur = next(c for c in result.countries if c.code == "TUR")
        assert tur.uncovered > 0.3
        ideal = sum(share for name, share in tur.uncovered_by if name in IDEAL_CONSTRAINTS)
        assert ideal > tur.uncovered / 2, tur.uncovered_by

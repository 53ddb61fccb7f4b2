"""Ranking additions, the greedy set and its bound, and parameter sweeps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bucarest.core.errors import InvalidInputError
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import (
    ThreatField,
    evaluate,
    territory_grid,
    threat_field,
)
from bucarest.missile_defence.domain.model import Catalogue
from bucarest.missile_defence.domain.options import defended_share, rank_options, sweep


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def field(cat: Catalogue) -> ThreatField:
    return threat_field(cat, "iran-2008", territory_grid(("TUR", "GRC", "BGR", "ROU"), 100.0))


def test_greedy_steps_rise_and_stay_under_the_all_candidates_bound(
    cat: Catalogue, field: ThreatField
) -> None:
    # Without its forward radar's launch link, so that a single candidate radar can gain.
    arch = replace(cat.architecture("us-third-site-2008"), link_rules=(("fbx-forward", ()),))
    calls: list[tuple[int, int]] = []
    plan = rank_options(
        field, cat, arch, target_share=0.99, progress=lambda d, t: calls.append((d, t))
    )
    start = defended_share(plan.base)
    assert plan.chosen and list(plan.steps) == sorted(plan.steps)
    assert start < plan.steps[0] <= plan.upper_bound + 1e-9
    assert plan.chosen_covered() <= plan.upper_bound + 1e-9
    assert plan.reached == (plan.chosen_covered() >= 0.99)
    # The first greedy pick is the best candidate alone.
    assert plan.chosen[0].id == plan.ranking[0].id
    assert [a.gain_share for a in plan.ranking] == sorted(
        (a.gain_share for a in plan.ranking), reverse=True
    )
    # Checking one step by hand: the chosen set evaluated afresh gives the reported share.
    picked = arch.adding(tuple(a.id for a in plan.chosen if a.kind == "site"),
                         tuple(a.id for a in plan.chosen if a.kind == "radar"))  # fmt: skip
    assert defended_share(evaluate(field, cat, picked)) == pytest.approx(plan.chosen_covered())
    assert calls and calls[0] == (0, calls[0][1]) and all(d <= t for d, t in calls)


def test_explicit_candidates_and_bad_ones(cat: Catalogue, field: ThreatField) -> None:
    arch = cat.architecture("us-third-site-2008")
    plan = rank_options(field, cat, arch, sites=(), radars=("gabala-daryal",), target_share=0.5)
    assert [a.id for a in plan.ranking] == ["gabala-daryal"]
    with pytest.raises(InvalidInputError, match="a target share of 1.5 is not allowed"):
        rank_options(field, cat, arch, target_share=1.5)
    with pytest.raises(InvalidInputError, match="no candidates to rank"):
        rank_options(field, cat, arch, sites=("redzikowo-gbi",), radars=())


def test_sweeping_the_gbi_speed_never_loses_coverage(cat: Catalogue, field: ThreatField) -> None:
    arch = cat.architecture("us-third-site-2008-russian-radars")
    points = sweep(cat, arch, "iran-2008", field, "interceptor:gbi-2stage.burnout_speed_km_s",
                   (5.4, 6.3, 7.7, 9.0))  # fmt: skip
    covered = [p.covered for p in points]
    assert covered == sorted(covered) and covered[-1] > covered[0]
    assert all(
        p.covered + p.uncovered + p.not_threatened == pytest.approx(1.0, abs=1e-5) for p in points
    )


def test_sweeping_a_missile_range_re_solves_the_threat(cat: Catalogue, field: ThreatField) -> None:
    arch = cat.architecture("us-third-site-2008")
    mrbm = threat_field(cat, "iran-mrbm", field.grid)
    points = sweep(cat, arch, "iran-mrbm", mrbm, "class:ghadr-1.max_range_km", (1300.0, 2000.0))
    assert points[0].not_threatened > points[1].not_threatened

"""Option plans: bundles that gain where their parts alone do not, greedy (plain and lazy)
against the exact optimum, ties reported rather than broken, and parameter sweeps."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest

from bucarest.core.errors import InvalidInputError, NotFoundError
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import ThreatField, territory_grid, threat_field
from bucarest.missile_defence.domain.model import Catalogue, DefendedPoint
from bucarest.missile_defence.domain.options import (
    CoverageTable,
    candidate_bundles,
    coverage_table,
    exact_optimum,
    greedy,
    plan_options,
    points_grid,
    sweep,
)

ATHENS = DefendedPoint("athens", "Athens", 37.98, 23.73)
SOFIA = DefendedPoint("sofia", "Sofia", 42.70, 23.32)
BUCHAREST = DefendedPoint("bucharest", "Bucharest", 44.43, 26.10)
ANKARA = DefendedPoint("ankara", "Ankara", 39.93, 32.86)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def field(cat: Catalogue) -> ThreatField:
    return threat_field(cat, "iran-2008", territory_grid(("TUR", "GRC", "BGR", "ROU"), 100.0))


@pytest.fixture(scope="module")
def points(cat: Catalogue) -> ThreatField:
    return threat_field(cat, "iran-2008", points_grid((ATHENS, SOFIA, BUCHAREST, ANKARA)))


def test_a_battery_with_its_radar_gains_where_each_alone_gains_nothing(cat: Catalogue) -> None:
    # The 2008 plan with every radar linked to the GBIs only (nothing cues a new battery), and
    # without the forward radar's launch link, so that the GBIs leave Athens to the battery.
    arch = replace(cat.architecture("us-third-site-2008"),
                   links=(("emr-brdy", ("redzikowo-gbi",)), ("fbx-forward", ())),
                   link_rules=(("fbx-forward", ()),))  # fmt: skip
    fields = {
        "area": threat_field(cat, "iran-mrbm", territory_grid(("GRC",), 50.0)),
        "assets": threat_field(cat, "iran-mrbm", points_grid((ATHENS,))),
    }
    pool = candidate_bundles(cat, arch, bundles=("patriot-athens-battery",),
                             sites=("patriot-athens",), radars=("patriot-radar-athens",))  # fmt: skip
    plan = plan_options(fields, cat, arch, pool, measure="assets")
    gains = {c.id: c.gain_alone for c in plan.candidates}
    assert gains["patriot-athens"] == {"area": 0.0, "assets": 0.0}
    assert gains["patriot-radar-athens"] == {"area": 0.0, "assets": 0.0}
    assert gains["patriot-athens-battery"]["assets"] == 1.0  # Athens itself is defended
    # ... while on a 50 km grid of Greece no aim point falls inside the battery's footprint.
    assert gains["patriot-athens-battery"]["area"] < 0.05
    assert [s.bundle for s in plan.greedy] == ["patriot-athens-battery"]
    # The exact search finds the bundle too, and nothing else is needed.
    assert plan.exact is not None and plan.exact.optima == (("patriot-athens-battery",),)
    assert plan.exact.unique
    # Area shares are the wrong measure for a point defence: a sliver of Greece, all of Athens.
    outcome = plan.exact_outcomes[0]
    assert outcome.evaluated["area"] < 0.05 and outcome.evaluated["assets"] == 1.0
    assert outcome.cost_musd == 1090.0


def _table(rng: np.random.Generator, n: int, points: int = 30) -> CoverageTable:
    """A random coverage table: 1 to 4 trajectories per point, engaged by the architecture, by
    bundles alone and by a few pairs of bundles (one's sites on the other's tracks)."""
    per = rng.integers(1, 5, size=points)
    point = np.repeat(np.arange(points), per)
    pairs = {(0, 0): rng.random(point.size) < 0.2}
    for j in range(1, n + 1):
        pairs[(j, j)] = rng.random(point.size) < 0.25
    for a, b in itertools.permutations(range(1, n + 1), 2):
        if rng.random() < 0.3:
            pairs[(a, b)] = rng.random(point.size) < 0.3
    weight = rng.choice([1.0, 2.0, 2.5, 4.0], size=points)
    threatened = rng.random(points) < 0.9
    return CoverageTable("area", tuple(f"b{j}" for j in range(n)), point, pairs, weight,
                         threatened)  # fmt: skip


def _brute_force(t: CoverageTable, costs: list[float], budget: float) -> tuple[float, float, set[tuple[str, ...]]]:  # fmt: skip
    n = len(t.bundles)
    best, least, sets = -1.0, math.inf, set()
    for r in range(n + 1):
        for combo in itertools.combinations(range(n), r):
            cost = sum(costs[j] for j in combo)
            if cost > budget + 1e-9:
                continue
            value = t.value(combo)
            names = tuple(sorted(t.bundles[j] for j in combo))
            if value > best + 1e-9 or (abs(value - best) <= 1e-9 and cost < least - 1e-9):
                best, least, sets = value, cost, {names}
            elif abs(value - best) <= 1e-9 and abs(cost - least) <= 1e-9:
                sets.add(names)
    return best, least, sets


@pytest.mark.parametrize("seed", range(12))
def test_lazy_greedy_is_plain_greedy_and_never_beats_the_exact_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = _table(rng, n=int(rng.integers(3, 8)))
    n = len(t.bundles)
    by_count = (None, float(rng.integers(1, n + 1)))
    by_cost = ([float(c) for c in rng.choice([1.0, 2.0, 3.0], size=n)], 4.0)
    for costs, budget in (by_count, by_cost, (None, math.inf)):
        plain, plain_evals = greedy(t, costs, budget)
        lazy, lazy_evals = greedy(t, costs, budget, lazy=True)
        assert lazy == plain
        assert lazy_evals <= plain_evals
        exact = exact_optimum(t, costs, budget)
        value, least, sets = _brute_force(t, costs or [1.0] * n, budget)
        assert exact.value == pytest.approx(value)
        assert exact.cost == pytest.approx(least)
        assert set(exact.optima) == sets and exact.complete
        assert exact.unique == (len(sets) == 1)
        got = t.value([t.bundles.index(s.bundle) for s in plain])
        assert got <= exact.value + 1e-9


def test_ties_are_reported_not_broken() -> None:
    # Two bundles that engage exactly the same trajectories: neither may be picked silently.
    point = np.array([0, 0, 1, 2])
    base = np.array([False, True, False, False])
    twin = np.array([True, True, True, False])
    other = np.array([False, True, False, True])
    pairs = {(0, 0): base, (1, 1): twin, (2, 2): twin, (3, 3): other}
    t = CoverageTable("area", ("left", "right", "other"), point, pairs,
                      np.array([1.0, 1.0, 1.0]), np.ones(3, dtype=bool))  # fmt: skip
    steps, _evals = greedy(t, budget=1)
    assert steps[0].bundle == "left" and steps[0].tied_with == ("right",)
    exact = exact_optimum(t, budget=1)
    assert exact.optima == (("left",), ("right",)) and not exact.unique and exact.complete
    # With two bundles the optimum is unique in value and cost, but still two sets.
    exact = exact_optimum(t, budget=2)
    assert exact.value == 3.0 and exact.cost == 2.0
    assert exact.optima == (("left", "other"), ("right", "other"))
    # Listing stops at max_optima and says the list is incomplete.
    capped = exact_optimum(t, budget=1, max_optima=1)
    assert len(capped.optima) == 1 and not capped.complete and not capped.unique


def test_a_plan_on_the_shipped_bundles(cat: Catalogue, field: ThreatField, points: ThreatField) -> None:  # fmt: skip
    arch = cat.architecture("us-third-site-2008")
    calls: list[tuple[int, int]] = []
    plan = plan_options({"area": field, "assets": points}, cat, arch, measure="assets",
                        max_count=2, progress=lambda d, t: calls.append((d, t)))  # fmt: skip
    assert [c.id for c in plan.candidates] == list(arch.candidate_bundles)
    assert plan.exact is not None
    assert plan.greedy_outcome.model["assets"] <= plan.exact.share + 1e-9
    assert plan.exact.share <= plan.upper_bound["assets"] + 1e-9
    assert plan.lazy_evaluations <= plan.evaluations
    for o in plan.exact_outcomes:
        assert len(o.bundles) <= 2 and o.model["assets"] == plan.exact.share
        # Evaluated afresh, the set does at least as well as the table says.
        for m in ("area", "assets"):
            assert o.evaluated[m] >= o.model[m] - 1e-6
    assert calls and all(d <= t for d, t in calls)
    # Under a cost budget, bundles without a sourced cost are left out, and named.
    priced = plan_options({"area": field}, cat, arch, max_cost_musd=2000.0)
    assert "aegis-ship-east-med-spy1" in priced.excluded
    assert all(c.cost_musd is not None for c in priced.candidates)
    assert priced.exact is not None and priced.exact.cost <= 2000.0
    assert all(o.cost_musd is not None and o.cost_musd <= 2000.0 for o in priced.exact_outcomes)


def test_bad_plans_get_one_clear_line(cat: Catalogue, field: ThreatField) -> None:
    arch = cat.architecture("us-third-site-2008")
    fields = {"area": field}
    with pytest.raises(InvalidInputError, match="a target share of 1.5 is not allowed"):
        plan_options(fields, cat, arch, target_share=1.5)
    with pytest.raises(InvalidInputError, match="not both"):
        plan_options(fields, cat, arch, max_count=1, max_cost_musd=100.0)
    with pytest.raises(InvalidInputError, match="a budget of 0 bundles"):
        plan_options(fields, cat, arch, max_count=0)
    with pytest.raises(InvalidInputError, match="no field for the measure 'assets'"):
        plan_options(fields, cat, arch, measure="assets")
    with pytest.raises(InvalidInputError, match="no candidate has a sourced cost"):
        pool = candidate_bundles(cat, arch, bundles=("gabala-daryal-radar",))
        plan_options(fields, cat, arch, pool, max_cost_musd=100.0)
    with pytest.raises(InvalidInputError, match="no candidates to rank"):
        candidate_bundles(cat, arch, sites=("redzikowo-gbi",))
    with pytest.raises(NotFoundError, match="unknown bundle 'patriot-athen'"):
        candidate_bundles(cat, arch, bundles=("patriot-athen",))


def test_the_table_agrees_with_fresh_evaluations_of_bundles_and_pairs(
    cat: Catalogue, field: ThreatField
) -> None:
    from bucarest.missile_defence.domain.coverage import COVERED, evaluate
    from bucarest.missile_defence.domain.options import with_bundles

    arch = cat.architecture("us-third-site-2008")
    pool = candidate_bundles(cat, arch)
    t = coverage_table(field, cat, arch, pool)
    # One bundle's interceptors on another's tracks (the Kürecik radar cueing Deveselu's SM-3s)
    # is in the table.
    deveselu, kurecik = (1 + [b.id for b in pool].index(x)
                         for x in ("deveselu-aegis-ashore-spy1", "tpy2-kurecik-radar"))  # fmt: skip
    assert (deveselu, kurecik) in t.pairs
    sets = [(j,) for j in range(len(pool))] + list(itertools.combinations(range(len(pool)), 2))
    for chosen in sets[::3]:
        grown = with_bundles(arch, [pool[j] for j in chosen])
        fresh = evaluate(field, cat, grown).status == COVERED
        assert np.array_equal(t.covered(chosen), fresh), [pool[j].id for j in chosen]


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

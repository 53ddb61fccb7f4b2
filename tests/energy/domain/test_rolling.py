"""Operation without hindsight (rolling horizon): a bound, unique answers, physical storage,
the observed pre-crisis flows on day 1, and no reaction before the cut."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.pattern import FlowPattern, StoragePolicy, floor_fill
from bucarest.energy.domain.rolling import change_days, known_on, solve_rolling
from bucarest.energy.domain.scenario import Foresight, Mode, Scenario
from bucarest.energy.domain.solve import LinearModel, Result, solve
from bucarest.energy.flows import pattern_for

#: Per-country shortfalls must agree to this (mcm): the operation's own stages hold what they
#: decide within 1e-5 mcm (rolling.HOLD_ABS), looser than the sharing modes' 1e-6.
TOL = 1e-4
#: Day 1 of jan-2009 reproduces each observed flow (capped at the arc's capacity) to this
#: (mcm/d), as docs/energy-modes.md states.
FLOW_TOL = 0.1


def case(scenario_id: str) -> tuple[Network, Scenario]:
    s = load_scenarios()[scenario_id]
    return load_dataset(s.dataset), s


@functools.cache
def rolled(scenario_id: str, mode: Mode) -> Result:
    net, s = case(scenario_id)
    return solve(net, s, mode, Foresight.ROLLING, pattern_for(net.id))


def shortfalls(r: Result) -> dict[str, tuple[float, float]]:
    return {o.code: (o.protected_unserved_mcm, o.non_protected_unserved_mcm) for o in r.outcomes()}


def test_rolling_is_the_default_and_is_recorded() -> None:
    net, s = case("jan-2009")
    quiet = replace(s, end=date(2009, 1, 3), disruptions=(), demand_shocks=(), mitigations=())
    assert solve(net, quiet).foresight is Foresight.ROLLING
    assert solve(net, s, foresight=Foresight.PERFECT).foresight is Foresight.PERFECT


@pytest.mark.parametrize("mode", list(Mode))
def test_perfect_foresight_is_a_bound_on_jan_2009(mode: Mode) -> None:
    net, s = case("jan-2009")
    perfect = solve(net, s, mode, Foresight.PERFECT)
    assert rolled("jan-2009", mode).total_unserved_mcm >= perfect.total_unserved_mcm - TOL


def test_perfect_foresight_is_a_bound_on_a_late_cut() -> None:
    # A cut learnt of on 20 January, assumed to last: rolling cannot prepare for it
    net, s = case("jan-2009")
    late = replace(s, id="late", disruptions=tuple(
        replace(d, start=date(2009, 1, 20), end=date(2009, 1, 31))
        for d in s.disruptions if d.asset in {"RUS-UKR", "UKR-SVK", "UKR-HUN", "UKR-ROU"}
    ), demand_shocks=(), mitigations=())  # fmt: skip
    perfect = solve(net, late, Mode.COOPERATIVE, Foresight.PERFECT)
    rolling = solve(net, late, Mode.COOPERATIVE)
    assert perfect.total_unserved_mcm > 0
    assert rolling.total_unserved_mcm >= perfect.total_unserved_mcm - TOL


@pytest.mark.parametrize("mode", list(Mode))
def test_rolling_answer_does_not_depend_on_tie_breaks(mode: Mode) -> None:
    net, s = case("jan-2009")
    rng = np.random.default_rng(11)

    def perturb(m: LinearModel) -> None:
        for block in ("f", "w", "i"):
            cols = slice(m.offsets[block], m.offsets[block] + m.sizes[block] * m.days)
            m.cost[cols] = rng.uniform(1e-7, 1e-4, m.sizes[block] * m.days)

    base = shortfalls(rolled("jan-2009", mode))
    other = shortfalls(solve_rolling(net, s, mode, pattern_for(net.id), StoragePolicy(), perturb))
    assert base.keys() == other.keys()
    for code, (p, n) in base.items():
        assert other[code][0] == pytest.approx(p, abs=TOL), (code, "protected")
        assert other[code][1] == pytest.approx(n, abs=TOL), (code, "non-protected")


@pytest.mark.parametrize("mode", list(Mode))
def test_storage_stays_between_empty_and_working_gas(mode: Mode) -> None:
    r = rolled("jan-2009", mode)
    working = np.array([st.working_gas_mcm for st in r.network.storage])[:, None]
    assert (r.storage_level >= -1e-6).all()
    assert (r.storage_level <= working + 1e-6).all()


def test_day_one_reproduces_the_observed_flows() -> None:
    r = rolled("jan-2009", Mode.COOPERATIVE)
    pattern = pattern_for(r.network.id)
    assert isinstance(pattern, FlowPattern)
    nodes = r.network.nodes
    checked = 0
    for f in pattern.flows:
        if not f.covers(r.scenario.start):
            continue
        arcs = [k for k, a in enumerate(r.arcs)
                if nodes[a.source].id == f.source and nodes[a.target].id == f.target]  # fmt: skip
        expected = min(f.mcmd, float(r.capacity[arcs, 0].sum()))
        assert float(r.flows[arcs, 0].sum()) == pytest.approx(expected, abs=FLOW_TOL), f.point
        checked += 1
    assert checked >= 6
    # without hindsight, storage is not emptied on 1 January (perfect foresight withdraws about
    # three times as much, with Russian transit near zero)
    perfect = solve(r.network, r.scenario, Mode.COOPERATIVE, Foresight.PERFECT)
    start = np.array([st.initial_fill * st.working_gas_mcm for st in r.network.storage])
    drawn = float((start - r.storage_level[:, 0]).sum())
    assert drawn < 0.5 * float((start - perfect.storage_level[:, 0]).sum())


def test_no_reaction_before_the_cut() -> None:
    net, s = case("jan-2009")
    cut = date(2009, 1, 6)
    no_cut = replace(s, id="no-cut",
                     disruptions=tuple(d for d in s.disruptions if d.start < cut),
                     demand_shocks=tuple(k for k in s.demand_shocks if k.start < cut),
                     mitigations=tuple(m for m in s.mitigations if m.start < cut))  # fmt: skip
    before = (cut - s.start).days
    for foresight, same in ((Foresight.ROLLING, True), (Foresight.PERFECT, False)):
        a = solve(net, s, Mode.COOPERATIVE, foresight, pattern_for(net.id))
        b = solve(net, no_cut, Mode.COOPERATIVE, foresight, pattern_for(net.id))
        equal = np.allclose(a.storage_level[:, :before], b.storage_level[:, :before], atol=1e-4)
        assert equal is same, foresight


def test_segments_start_when_something_changes() -> None:
    _, s = case("jan-2009")
    days = [s.day(t) for t in change_days(s)]
    assert days[:4] == [date(2009, 1, 1), date(2009, 1, 6), date(2009, 1, 7), date(2009, 1, 10)]
    known = known_on(s, date(2009, 1, 7))
    # under way on 7 January, each assumed to last to the end; nothing later is known
    assert known.start == date(2009, 1, 7)
    assert {d.asset for d in known.disruptions} == {"RUS-UKR", "UKR-SVK", "UKR-HUN", "UKR-POL",
                                                   "UKR-ROU", "UKR-MDA"}  # fmt: skip
    assert all(d.end == s.end for d in known.disruptions)
    assert [m.kind.value for m in known.mitigations] == ["demand_reduction"]


def test_floor_falls_in_a_straight_line_to_the_end_of_winter() -> None:
    first, end = date(2009, 1, 1), date(2009, 3, 31)
    days = [date.fromordinal(first.toordinal() + k) for k in range(90)]
    values = [floor_fill(0.75, 0.25, first, end, d) for d in days]
    assert values[0] < 0.75 and values[-1] == pytest.approx(0.25)
    steps = np.diff(values)
    assert np.allclose(steps, steps[0])
    assert floor_fill(0.2, 0.25, first, end, days[10]) == 0.2  # below the end level: kept

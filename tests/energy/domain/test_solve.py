"""The LP on a hand-made network: who runs short, conservation, capacities, sharing modes."""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.core.errors import InvalidFactError, NotFoundError
from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage
from bucarest.energy.domain.scenario import (
    Disruption,
    Foresight,
    Mitigation,
    MitigationKind,
    Mode,
    Scenario,
)
from bucarest.energy.domain.solve import Result, create_model, least_total, solve
from tests.energy.conftest import cut


def by_code(result: Result) -> dict[str, float]:
    return {o.code: o.unserved_share for o in result.outcomes()}


def test_no_disruption_no_shortfall(mini: Network) -> None:
    r = solve(mini, cut(share=0.0))
    assert r.total_unserved_mcm == 0.0


def test_the_cut_hits_the_country_without_storage_and_spain_cannot_help(mini: Network) -> None:
    r = solve(mini, cut())
    shares = by_code(r)
    assert shares["BGR"] > 0.0  # no storage, fed only through Ukraine
    assert shares["ESP"] == 0.0 and shares["FRA"] == 0.0
    bgr = next(o for o in r.outcomes() if o.code == "BGR")
    assert (
        bgr.days_before_first_shortfall is not None and 6 <= bgr.days_before_first_shortfall <= 19
    )
    national = solve(mini, cut(Mode.NATIONAL))
    bgr = next(o for o in national.outcomes() if o.code == "BGR")
    assert bgr.days_before_first_shortfall == 6  # Ukraine keeps its own gas: short from 7 January
    assert bgr.days_short >= 14  # the cut's 14 days, and after it while the region refills
    # Spain's spare LNG is not used to relieve Bulgaria: there is no path
    more_lng = replace(mini, lng=tuple(replace(t, sendout_mcmd=t.sendout_mcmd * 10) for t in mini.lng),
                       lng_market_mcmd=1000)  # fmt: skip
    assert by_code(solve(more_lng, cut()))["BGR"] == pytest.approx(shares["BGR"], abs=1e-6)


def check_physics(r: Result) -> None:
    net = r.network
    index = net.node_index
    days = r.demand.shape[1]
    assert np.all(r.flows >= -1e-7) and np.all(r.flows <= r.capacity + 1e-6)
    assert np.all(r.unserved <= r.demand + 1e-6)
    for k, st_ in enumerate(net.storage):
        assert np.all(r.storage_level[k] >= -1e-6)
        assert np.all(r.storage_level[k] <= st_.working_gas_mcm + 1e-6)
    inflow = np.zeros((len(net.nodes), days))
    for a, f in zip(r.arcs, r.flows, strict=True):
        inflow[a.target] += f
        inflow[a.source] -= f
    supply_cap = np.array([n.supply_mcmd for n in net.nodes])
    served = r.demand - r.unserved
    # what a node consumes = what reaches it, within what it can draw locally
    local = np.zeros((len(net.nodes), days))
    for k, st_ in enumerate(net.storage):
        level = np.concatenate([[st_.initial_fill * st_.working_gas_mcm], r.storage_level[k]])
        local[index[st_.node]] += np.clip(-np.diff(level), 0, None) + 1e-6
    for t_ in net.lng:
        local[index[t_.node]] += t_.sendout_mcmd
    assert np.all(served - inflow <= supply_cap[:, None] + local + 1e-5)
    assert float(inflow.sum()) == pytest.approx(0.0, abs=1e-5)  # flows conserve gas


def test_physics_of_the_solution(mini: Network) -> None:
    for mode in Mode:
        check_physics(solve(mini, cut(mode)))


def test_mitigations_help(mini: Network) -> None:
    base = solve(mini, cut()).total_unserved_mcm
    cut_demand = Mitigation(MitigationKind.DEMAND_REDUCTION, date(2009, 1, 7), date(2009, 1, 20),
                            nodes=("BGR",), share=1.0)  # fmt: skip
    assert solve(mini, cut(mitigations=(cut_demand,))).total_unserved_mcm < base
    # As in January 2009: Slovakia without enough storage, relieved by reverse flow from Czechia
    no_store = replace(mini, storage=tuple(s for s in mini.storage if s.node != "SVK"))
    short = by_code(solve(no_store, cut()))["SVK"]
    assert short > 0
    reverse = Mitigation(MitigationKind.REVERSE_FLOW, date(2009, 1, 7), date(2009, 1, 31),
                         asset="SVK-CZE", amount_mcmd=20)  # fmt: skip
    helped = solve(no_store, cut(mitigations=(reverse,)))
    assert by_code(helped)["SVK"] < short
    assert float(helped.flows[[a.reverse for a in helped.arcs].index(True)].sum()) > 0


def test_bad_scenarios_are_refused(mini: Network) -> None:
    outside = cut()
    outside = replace(outside, disruptions=(Disruption("RUS-UKR", 1.0, date(2009, 2, 1),
                                                       date(2009, 2, 5)),))  # fmt: skip
    with pytest.raises(InvalidFactError, match="outside the scenario period"):
        solve(mini, outside)
    unknown = replace(cut(), disruptions=(Disruption("RUS-XXX", 1.0, date(2009, 1, 7),
                                                     date(2009, 1, 8)),))  # fmt: skip
    with pytest.raises(NotFoundError, match="no asset 'RUS-XXX'"):
        solve(mini, unknown)


@st.composite
def networks(draw: st.DrawFn) -> tuple[Network, Scenario]:
    n = draw(st.integers(min_value=2, max_value=6))
    codes = ["AUT", "BEL", "CZE", "DNK", "EST", "FIN"][:n]
    num = st.integers(0, 100).map(float)
    nodes = [Node("RUS", "supplier", 0, 0, 0, draw(num), None, "t")]
    for c in codes:
        d = draw(num) / 2
        nodes.append(Node(c, "country", d, d * 1.3, 0.5, draw(num) / 5, None, "t"))
    all_codes = ["RUS", *codes]
    pipes = {}
    for _ in range(draw(st.integers(1, 10))):
        a, b = draw(st.sampled_from(all_codes)), draw(st.sampled_from(codes))
        if a != b and f"{a}-{b}" not in pipes and f"{b}-{a}" not in pipes:
            pipes[f"{a}-{b}"] = Pipeline(f"{a}-{b}", a, b, draw(num),
                                         draw(num) / 5, "", "t")  # fmt: skip
    storage = tuple(Storage(f"STO-{c}", c, draw(num) * 5, draw(num) / 3,
                            draw(num) / 10, draw(num) / 100, "t")
                    for c in codes if draw(st.booleans()))  # fmt: skip
    lng = tuple(LngTerminal(f"LNG-{c}", c, draw(num) / 3, "t") for c in codes[:1])
    if not pipes:
        pipes[f"RUS-{codes[0]}"] = Pipeline(
            f"RUS-{codes[0]}", "RUS", codes[0], draw(num), 0, "", "t"
        )
    net = Network("rand", "r", "r", date(2009, 1, 1), date(2009, 3, 31), {}, draw(num) / 2,
                  tuple(nodes), tuple(pipes.values()), storage, lng)  # fmt: skip
    first = next(iter(pipes))
    s = Scenario("s", "s", "s", "rand", date(2009, 1, 1), date(2009, 1, 10), Mode.NATIONAL,
                 (Disruption(first, draw(num) / 100, date(2009, 1, 2), date(2009, 1, 6)),))  # fmt: skip
    return net, s


@settings(max_examples=40, deadline=None)
@given(networks())
def test_invariants_on_random_networks(case: tuple[Network, Scenario]) -> None:
    """What the definitions guarantee (docs/energy-modes.md): under perfect foresight, both
    modes reach the least total
    shortfall (served gas is a polymatroid: maximising groups in turn, protected customers
    first, loses none), and solidarity never leaves the worst-off country's protected
    customers worse off than national first does."""
    net, s = case
    national = solve(net, s, Mode.NATIONAL, Foresight.PERFECT)
    cooperative = solve(net, s, Mode.COOPERATIVE, Foresight.PERFECT)
    check_physics(national)
    check_physics(cooperative)
    least = least_total(create_model(net, s))
    # without hindsight: the same physics, and never less shortfall than the bound
    rolling = solve(net, s, Mode.COOPERATIVE)
    check_physics(rolling)
    assert rolling.total_unserved_mcm >= least - 1e-5
    assert cooperative.total_unserved_mcm == pytest.approx(least, rel=1e-6, abs=1e-5)
    assert national.total_unserved_mcm == pytest.approx(least, rel=1e-6, abs=1e-5)

    def worst_protected(r: Result) -> float:
        return max((o.protected_unserved_share for o in r.outcomes()), default=0.0)

    assert worst_protected(cooperative) <= worst_protected(national) + 1e-6


def test_an_infeasible_model_is_reported_with_its_likely_cause(mini: Network) -> None:
    from bucarest.core.errors import ModelError
    from bucarest.energy.domain.solve import create_model, run_highs

    m = create_model(mini, cut())
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    bounds = np.column_stack([m.lower, m.upper])
    bounds[m.offsets["u"], 0] = 1e6  # force more unserved demand than there is demand
    with pytest.raises(ModelError, match="infeasible: the data contradict each other"):
        run_highs(m.cost, a_eq, b_eq, a_ub, b_ub, bounds)


def test_largest_asset_scenarios_are_shipped() -> None:
    from bucarest.energy.data import load_scenarios

    found = load_scenarios()
    assert "n1-2009-bgr" in found and "n1-2024-deu" in found
    assert found["n1-2009-bgr"].disruptions[0].share == 1.0

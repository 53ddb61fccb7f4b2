"""Critical assets: N-1 and N-2 cases known by hand, a deterministic order with explicit ties,
cases independent of the list they are solved in, and the warm route equal to the old one."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pytest

from bucarest.core.errors import InvalidInputError, NotFoundError
from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain.critical import (
    CaseImpact,
    Route,
    check_cases,
    evaluate_cases,
    order_impacts,
    pair_cases,
    rank_assets,
    rank_cases,
    single_cases,
)
from bucarest.energy.domain.network import Network, Node, Pipeline, ProductionSite
from bucarest.energy.domain.scenario import Disruption, Mode, Scenario, check_scenario
from bucarest.energy.domain.solve import solve

TOL = 1e-6  # mcm


def parallel() -> tuple[Network, Scenario]:
    """A supplier SUP (10 mcm/d) feeds a hub through SUP-HUB (20 mcm/d); two parallel
    pipelines, N and S (8 mcm/d each), carry gas from the hub to AAA (8 mcm/d), for two days.

    By hand: losing N or S alone costs nothing (the other carries the 8); losing both leaves
    AAA without gas, 16 mcm, an excess of 16 over the sum of the singles (0). SUP and SUP-HUB
    are in series: each alone costs 16, and both together 16 too, 16 less than the sum."""
    nodes = (
        Node("SUP", "supplier", 0, 0, 0, 0, 10, "t"),
        Node("HUB", "country", 0, 0, 0, 0, None, "t"),
        Node("AAA", "country", 8, 8, 0.5, 0, None, "t"),
    )
    pipes = (
        Pipeline("SUP-HUB", "SUP", "HUB", 20, 0, "", "t"),
        Pipeline("HUB-AAA-N", "HUB", "AAA", 8, 0, "", "t"),
        Pipeline("HUB-AAA-S", "HUB", "AAA", 8, 0, "", "t"),
    )
    net = Network("parallel", "p", "p", date(2009, 1, 1), date(2009, 1, 31), {}, 0.0, nodes,
                  pipes, (), ())  # fmt: skip
    s = Scenario("two-days", "d", "d", "parallel", date(2009, 1, 1), date(2009, 1, 2),
                 Mode.COOPERATIVE)  # fmt: skip
    return net, s


def by_case(impacts: tuple[CaseImpact, ...]) -> dict[tuple[str, ...], CaseImpact]:
    return {i.case: i for i in impacts}


def test_losing_two_parallel_pipelines_costs_more_than_the_sum_of_each() -> None:
    net, s = parallel()
    got = by_case(rank_assets(net, s, pairs=4))
    assert len(got) == 4 + 6
    both = got[("HUB-AAA-N", "HUB-AAA-S")]
    assert both.kind == "pair" and both.asset == "HUB-AAA-N + HUB-AAA-S"
    assert both.added_unserved_mcm == pytest.approx(16.0, abs=TOL)
    assert both.singles_added_mcm == pytest.approx(0.0, abs=TOL)
    assert both.excess_mcm == pytest.approx(16.0, abs=TOL)
    assert got[("HUB-AAA-N",)].added_unserved_mcm == 0.0 and got[("HUB-AAA-N",)].excess_mcm is None
    series = got[("SUP", "SUP-HUB")]
    assert series.added_unserved_mcm == pytest.approx(16.0, abs=TOL)
    assert series.excess_mcm == pytest.approx(-16.0, abs=TOL)
    assert got[("SUP",)].kind == "node" and got[("SUP-HUB",)].kind == "pipeline"


def test_ties_share_a_rank_and_are_ordered_by_their_ids() -> None:
    net, s = parallel()
    ranked = rank_assets(net, s, pairs=4)
    # eight cases cost 16 mcm (tied, by ids), the two single parallel pipelines nothing
    assert [(i.asset, i.rank) for i in ranked] == [
        ("HUB-AAA-N + HUB-AAA-S", 1), ("HUB-AAA-N + SUP", 1), ("HUB-AAA-N + SUP-HUB", 1),
        ("HUB-AAA-S + SUP", 1), ("HUB-AAA-S + SUP-HUB", 1), ("SUP", 1), ("SUP + SUP-HUB", 1),
        ("SUP-HUB", 1), ("HUB-AAA-N", 9), ("HUB-AAA-S", 9),
    ]  # fmt: skip
    assert rank_assets(net, s, pairs=4, top=3) == ranked[:3]


def test_pairs_are_formed_among_the_first_of_the_single_ranking_only() -> None:
    net, s = parallel()
    # the two first singles are SUP and SUP-HUB (16 each, by id): one pair, in series
    ranked = rank_assets(net, s, pairs=2)
    assert [i.case for i in ranked if i.kind == "pair"] == [("SUP", "SUP-HUB")]
    assert [i for i in rank_assets(net, s, pairs=1) if i.kind == "pair"] == []
    assert pair_cases(["C", "A", "B", "A"]) == (("A", "B"), ("A", "C"), ("B", "C"))


def test_the_ranking_is_deterministic_and_counts_its_progress() -> None:
    net = load_dataset("winter-2008-09")
    s = load_scenarios()["jan-2009"]
    seen: list[tuple[int, int]] = []
    one = rank_assets(net, s, pairs=5, progress=lambda d, t: seen.append((d, t)))
    two = rank_assets(net, s, pairs=5)
    assert one == two
    n = len(net.assets)
    assert seen[-1] == (n + 10, n + 10) and [d for d, _ in seen] == list(range(1, n + 11))
    singles = [i for i in one if i.kind != "pair"]
    candidates = sorted(singles, key=lambda i: (-round(i.added_unserved_mcm, 6), i.case))[:5]
    assert {i.case for i in one if i.kind == "pair"} == set(
        pair_cases([i.case[0] for i in candidates])
    )
    keys = [(-round(i.added_unserved_mcm, 6), i.case) for i in one]
    assert keys == sorted(keys)
    assert [i.rank for i in one] == sorted(i.rank for i in one) and one[0].rank == 1


def test_a_case_does_not_depend_on_the_list_it_is_solved_in() -> None:
    """What a batch engine relies on: chunks solved apart, in any order, give the same
    impacts, and every argument and answer pickles."""
    net = load_dataset("winter-2008-09")
    s = load_scenarios()["jan-2009"]
    cases = list(single_cases(net)[:30]) + [("RUS-BLR", "STO-UKR"), ("LNG-ESP", "RUS")]
    whole = evaluate_cases(net, s, cases)
    halves = evaluate_cases(net, s, cases[16:]) + evaluate_cases(net, s, cases[:16])
    assert order_impacts(halves) == order_impacts(whole)
    # to the last bit: each case starts from the same basis with nothing carried over
    assert by_case(evaluate_cases(net, s, cases[::-1])) == by_case(whole)
    assert pickle.loads(pickle.dumps((net, s, cases, whole))) == (net, s, cases, whole)


def test_the_warm_route_gives_the_old_routes_impacts() -> None:
    net = load_dataset("winter-2008-09")
    s = load_scenarios()["jan-2009"]
    warm = by_case(rank_assets(net, s, pairs=4))
    scratch = by_case(rank_assets(net, s, pairs=4, route="scratch"))
    assert warm.keys() == scratch.keys()
    for case, i in warm.items():
        assert i.unserved_mcm == pytest.approx(scratch[case].unserved_mcm, abs=TOL), case
        assert i.added_unserved_mcm == pytest.approx(scratch[case].added_unserved_mcm, abs=TOL)


def test_the_warm_route_gives_the_old_routes_impacts_at_asset_level() -> None:
    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    cases = [("RUS-TUR-BLUE-STREAM",), ("STO-ITA-STOGIT",), ("GBR-IRL-MOFFAT",),
             ("RUS-TUR-BLUE-STREAM", "STO-ITA-STOGIT"), ("ROU-BGR-NEGRU-VODA", "UKR-ROU-ISACCEA"),
             ("GBR", "NOR"), ("RUS", "RUS-TUR-BLUE-STREAM")]  # fmt: skip
    warm = evaluate_cases(net, s, cases)
    scratch = evaluate_cases(net, s, cases, route="scratch")
    assert all(w.added_unserved_mcm > 100 for w in warm[:3])
    for w, o in zip(warm, scratch, strict=True):
        assert w.unserved_mcm == pytest.approx(o.unserved_mcm, abs=TOL), w.case


def test_cases_asked_for_carry_their_singles() -> None:
    net, s = parallel()
    got = rank_cases(net, s, [["HUB-AAA-S", "HUB-AAA-N"], ["SUP-HUB"], ["SUP-HUB"]])
    assert [(i.asset, i.rank) for i in got] == [("HUB-AAA-N + HUB-AAA-S", 1), ("SUP-HUB", 1)]
    assert got[0].excess_mcm == pytest.approx(16.0, abs=TOL)


@pytest.mark.parametrize(
    ("cases", "error", "says"),
    [
        ([("SUP", "NOPE")], NotFoundError, "no asset 'NOPE' in dataset 'parallel'"),
        ([()], InvalidInputError, "must name at least one asset"),
        ([("SUP", "SUP")], InvalidInputError, "the outage case 'SUP + SUP' names an asset twice"),
    ],
)
def test_a_bad_case_is_one_line_naming_it(
    cases: list[tuple[str, ...]], error: type[Exception], says: str
) -> None:
    net, s = parallel()
    with pytest.raises(error) as raised:
        check_cases(net, cases)
    assert says in str(raised.value) and "\n" not in str(raised.value)
    with pytest.raises(error):
        evaluate_cases(net, s, cases)


def producer(site_mcmd: float = 6.0) -> tuple[Network, Scenario]:
    """AAA (demand 8 mcm/d, alone) produces 10 mcm/d, of which the plant PLANT delivers
    ``site_mcmd``; two days."""
    nodes = (Node("AAA", "country", 8, 8, 0.5, 10, None, "t"),)
    site = ProductionSite("PROD-AAA-PLANT", "AAA", site_mcmd, "plant", "t")
    net = Network("producer", "p", "p", date(2009, 1, 1), date(2009, 1, 31), {}, 0.0, nodes,
                  (), (), (), production_sites=(site,), asset_level=True)  # fmt: skip
    s = Scenario("two-days", "d", "d", "producer", date(2009, 1, 1), date(2009, 1, 2),
                 Mode.COOPERATIVE)  # fmt: skip
    return net, s


@pytest.mark.parametrize("route", ["warm", "scratch"])
def test_losing_a_production_site_takes_its_capacity_off_its_countrys_production(
    route: Route,
) -> None:
    net, s = producer()
    got = by_case(evaluate_cases(net, s, [("PROD-AAA-PLANT",), ("AAA",),
                                          ("AAA", "PROD-AAA-PLANT")], route))  # fmt: skip
    # by hand: 10 - 6 = 4 mcm/d left for a demand of 8, short 4 a day; the whole production
    # lost leaves 8 a day short, and losing both is no worse
    assert got[("PROD-AAA-PLANT",)].added_unserved_mcm == pytest.approx(8.0, abs=TOL)
    assert got[("PROD-AAA-PLANT",)].kinds == ("productionsite",)
    assert got[("PROD-AAA-PLANT",)].capacity_mcmd == 6.0
    assert got[("AAA",)].added_unserved_mcm == pytest.approx(16.0, abs=TOL)
    assert got[("AAA", "PROD-AAA-PLANT")].unserved_mcm == pytest.approx(16.0, abs=TOL)
    # a site whose loss leaves enough costs nothing (an optimum within the cut stays one)
    small, s2 = producer(1.0)
    assert evaluate_cases(small, s2, [("PROD-AAA-PLANT",)], route)[0].added_unserved_mcm == 0


def test_a_disrupted_production_site_lowers_its_countrys_production() -> None:
    net, s = producer()
    half = replace(s, disruptions=(Disruption("PROD-AAA-PLANT", 0.5, s.start, s.start),))
    check_scenario(half, net)
    # day 1: 10 - 3 = 7 for 8, short 1; day 2 untouched
    assert solve(net, half).total_unserved_mcm == pytest.approx(1.0, abs=TOL)

"""The shipped January 2009 replay shows the historical pattern, and PyPSA agrees."""

from dataclasses import replace

import pytest

from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.indicators import n_minus_1
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Mode, Scenario, largest_asset_scenarios
from bucarest.energy.domain.solve import Result, solve


@pytest.fixture(scope="module")
def case() -> tuple[Network, Scenario]:
    s = load_scenarios()["jan-2009"]
    return load_dataset(s.dataset), s


@pytest.fixture(scope="module")
def result(case: tuple[Network, Scenario]) -> Result:
    """National first: there was no solidarity mechanism in January 2009 (Regulation (EU)
    2017/1938 and its predecessor 994/2010 came after it)."""
    return solve(*case, Mode.NATIONAL)


def shares(r: Result) -> dict[str, float]:
    return {o.code: o.unserved_share for o in r.outcomes()}


def not_served(r: Result) -> dict[str, float]:
    """Shortfall plus curtailment, as a share of demand."""
    return {o.code: (o.unserved_mcm + o.curtailed_mcm) / o.demand_mcm for o in r.outcomes()}


def test_south_east_without_storage_runs_short(result: Result) -> None:
    s = not_served(result)
    for country in ("BGR", "BIH", "MKD", "MDA"):
        assert s[country] > 0.05, country
    assert s["SRB"] > 0.02
    worst = sorted(s, key=s.get, reverse=True)[:6]  # type: ignore[arg-type]
    assert set(worst) <= {"MKD", "MDA", "BIH", "BGR", "SRB", "GRC", "TUR", "SVK", "HUN"}


def test_western_europe_is_covered_by_storage(result: Result) -> None:
    s = not_served(result)
    # (Austria, behind Slovakia and Hungary on the route from Ukraine, shares the cut)
    for country in ("DEU", "FRA", "GBR", "NLD", "BEL", "ITA", "ESP"):
        assert s[country] == 0.0, country


def test_solidarity_leaves_protected_customers_short_only_where_no_gas_reaches(
    case: tuple[Network, Scenario], result: Result
) -> None:
    coop = solve(*case, Mode.COOPERATIVE)
    short = {o.code for o in coop.outcomes() if o.protected_unserved_mcm > 1e-6}
    assert short == {"MDA"}  # fed only through Ukraine, cut from 6 January
    national = {o.code for o in result.outcomes() if o.protected_unserved_mcm > 1e-6}
    assert short < national
    # the same least total shortfall, spread over more countries
    assert coop.total_unserved_mcm == pytest.approx(result.total_unserved_mcm, rel=1e-6)


def test_spanish_lng_cannot_relieve_the_east(case: tuple[Network, Scenario]) -> None:
    net, s = case
    more = replace(net, lng=tuple(replace(t, sendout_mcmd=t.sendout_mcmd * 5) if t.node == "ESP"
                                  else t for t in net.lng), lng_market_mcmd=net.lng_market_mcmd * 5)  # fmt: skip
    south_east = ("BGR", "SRB", "BIH", "MKD", "MDA", "GRC", "TUR", "ROU")

    def short(r: Result) -> float:
        return sum(o.unserved_mcm for o in r.outcomes() if o.code in south_east)

    # Spain's LNG can reach France and beyond, not the Balkans: five times more relieves
    # nobody (the least total shortfall is unchanged) and the south-east no less short
    before, after = solve(net, s, Mode.NATIONAL), solve(more, s, Mode.NATIONAL)
    assert after.total_unserved_mcm == pytest.approx(before.total_unserved_mcm, rel=1e-6)
    assert short(after) >= short(before) - 1e-6


def test_bulgaria_survives_days_not_weeks(result: Result) -> None:
    bgr = next(o for o in result.outcomes() if o.code == "BGR")
    assert bgr.days_before_first_shortfall is not None and bgr.days_before_first_shortfall <= 10
    assert bgr.days_short >= 7


def test_cooperation_never_worsens_the_worst_protected_share(
    case: tuple[Network, Scenario],
) -> None:
    net, s = case
    halt = load_scenarios()["russian-halt-2009-q1"]
    for scenario in (s, halt):
        data = load_dataset(scenario.dataset)
        coop, national = (solve(data, scenario, mode) for mode in (Mode.COOPERATIVE, Mode.NATIONAL))
        worst = [max(o.protected_unserved_share for o in r.outcomes()) for r in (coop, national)]
        assert worst[0] <= worst[1] + 1e-6


def test_same_numbers_from_pypsa(case: tuple[Network, Scenario], result: Result) -> None:
    pypsa = pytest.importorskip("pypsa")
    from bucarest.energy.pypsa_io import to_pypsa

    assert pypsa is not None
    n = to_pypsa(*case)
    status, _ = n.optimize(solver_name="highs", log_to_console=False,
                           include_objective_constant=False)  # fmt: skip
    assert status == "ok"
    cols = [g for g in n.generators.index if g.startswith("unserved")]
    theirs = float(n.generators_t.p[cols].sum().sum())
    assert theirs == pytest.approx(result.total_unserved_mcm, rel=1e-6)


def test_largest_asset_scenarios_and_n1(case: tuple[Network, Scenario]) -> None:
    net, s = case
    scenarios = largest_asset_scenarios(net, s.start, s.end)
    assert len(scenarios) >= 20
    assert all(len(x.disruptions) == 1 for x in scenarios)
    bgr = n_minus_1(net, ["BGR"])
    assert bgr.percent is not None and bgr.i_m_asset is not None
    assert bgr.percent < 100  # Bulgaria hung on one corridor in 2009

"""Storage by facility (domain/storage_view.py): stocks add up, the deliverability limit is the
curve, and the solver never withdraws beyond it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain.network import Network, Storage
from bucarest.energy.domain.scenario import (
    Disruption,
    Foresight,
    Mitigation,
    MitigationKind,
    Mode,
    Scenario,
)
from bucarest.energy.domain.solve import Result, solve
from bucarest.energy.domain.storage_view import deliverability_limit, storage_outcomes
from tests.energy.conftest import cut

CURVED = Storage("S", "AAA", 100.0, 10.0, 5.0, 0.5, "s",
                 curve=((0.0, 0.0), (0.1, 0.4), (0.4, 0.9), (1.0, 1.0)))  # fmt: skip
WEEK = Scenario("w", "w", "w", "d", date(2009, 1, 1), date(2009, 1, 7), Mode.COOPERATIVE)


@pytest.fixture(scope="module")
def assets_jan() -> Result:
    net = load_dataset("winter-2008-09-assets")
    return solve(net, scenario_for(load_scenarios()["jan-2009"], net), Mode.NATIONAL)


def test_the_limit_is_the_curve_read_by_interpolation() -> None:
    # An independent reading of the curve: linear interpolation between its points.
    stocks = np.linspace(0.0, 100.0, 7)
    fills, shares = zip(*CURVED.curve, strict=True)
    expected = 10.0 * np.interp(stocks / 100.0, fills, shares)
    assert np.allclose(deliverability_limit(CURVED, stocks, WEEK), expected)


def test_a_flat_storage_is_limited_by_disruptions_and_raised_by_releases() -> None:
    flat = replace(CURVED, curve=())
    s = replace(WEEK,
                disruptions=(Disruption("S", 0.5, date(2009, 1, 2), date(2009, 1, 3)),),
                mitigations=(Mitigation(MitigationKind.STORAGE_RELEASE, date(2009, 1, 6),
                                        date(2009, 1, 7), "S", amount_mcmd=2.0),))  # fmt: skip
    limit = deliverability_limit(flat, np.full(7, 80.0), s)
    assert limit.tolist() == [10.0, 5.0, 5.0, 10.0, 10.0, 12.0, 12.0]


def test_stocks_add_up_on_the_mini_network(mini: Network) -> None:
    # perfect foresight: it knows the cut's end, so it empties Slovakia's storage by then;
    # without hindsight the same shortfall leaves gas in store when the cut ends
    result = solve(mini, cut(), foresight=Foresight.PERFECT)
    rows = storage_outcomes(result, aggregate=True)
    assert [r.id for r in rows] == [st.id for st in mini.storage]
    for r in rows:
        assert r.aggregate
        assert r.start_mcm - r.withdrawn_mcm + r.injected_mcm == pytest.approx(r.end_mcm, abs=1e-6)
        assert r.lowest_mcm <= min(r.start_mcm, r.end_mcm) + 1e-9
        assert 0.0 <= r.lowest_fill <= 1.0 and 0 <= r.days_at_limit <= result.scenario.days
    # The cut leaves Slovakia short: its storage is emptied.
    svk = next(r for r in rows if r.node == "SVK")
    assert svk.withdrawn_mcm == pytest.approx(svk.start_mcm) and svk.lowest_fill == pytest.approx(
        0.0, abs=1e-9
    )


def test_no_site_withdraws_beyond_its_limit_and_some_reach_it(assets_jan: Result) -> None:
    net, s = assets_jan.network, assets_jan.scenario
    rows = {r.id: r for r in storage_outcomes(assets_jan)}
    assert len(rows) == len(net.storage) and not any(r.aggregate for r in rows.values())
    for k, st in enumerate(net.storage):
        level = assets_jan.storage_level[k]
        before = np.concatenate(([st.initial_fill * st.working_gas_mcm], level[:-1]))
        limit = deliverability_limit(st, before, s)
        assert (before - level <= limit + 1e-5).all(), st.id
    chiren = rows["STO-BGR-CHIREN"]
    assert chiren.node == "BGR" and chiren.withdrawn_mcm > 0 and chiren.days_at_limit > 0
    assert chiren.end_mcm < chiren.start_mcm == pytest.approx(0.8 * 350.0)

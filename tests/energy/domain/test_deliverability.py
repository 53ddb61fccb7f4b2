"""Storage withdrawal follows its deliverability curve: the emptier, the slower."""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from bucarest.energy.domain.network import Network, Node, Storage
from bucarest.energy.domain.scenario import Mode, Scenario
from bucarest.energy.domain.solve import solve

CURVE = ((0.0, 0.0), (0.5, 1.0), (1.0, 1.0))


def _network(curve: tuple[tuple[float, float], ...]) -> Network:
    # One country living on its storage alone: 100 mcm, 10 mcm/d at most, full on day one.
    return Network("t", "t", "t", date(2009, 1, 1), date(2009, 1, 20), {}, 0.0,
                   (Node("AAA", "country", 10.0, 10.0, 0.5, 0.0, None, "s"),),
                   (), (Storage("S", "AAA", 100.0, 10.0, 5.0, 1.0, "s", curve=curve),), ())  # fmt: skip


def _scenario(mode: Mode) -> Scenario:
    return Scenario("t", "t", "t", "t", date(2009, 1, 1), date(2009, 1, 20), mode)


@pytest.mark.parametrize("mode", [Mode.COOPERATIVE, Mode.NATIONAL])
def test_withdrawal_never_exceeds_the_curve_at_the_days_stock(mode: Mode) -> None:
    flat = solve(_network(()), _scenario(mode))
    curved = solve(_network(CURVE), _scenario(mode))
    level = curved.storage_level[0]
    before = np.concatenate([[100.0], level[:-1]])
    withdrawn = before - level
    allowed = np.minimum(10.0, 10.0 * np.minimum(before / 50.0, 1.0))
    assert (withdrawn <= allowed + 1e-6).all()
    # Flat, the stock lasts ten days and empties; on the curve, below half full it gives a
    # fifth of what is left each day, so it never empties and more demand goes unserved.
    assert flat.total_unserved_mcm == pytest.approx(100.0, abs=1e-6)
    assert flat.storage_level[0][-1] == pytest.approx(0.0, abs=1e-6)
    assert level[-1] > 1.0
    assert curved.total_unserved_mcm > flat.total_unserved_mcm + 1.0
    # Households come first: their 5 mcm/d are served while the curve allows it.
    assert (curved.protected_unserved[0][:5] <= 1e-6).all()


def test_the_curve_is_lines_whose_minimum_is_the_curve() -> None:
    site = Storage("S", "AAA", 100.0, 10.0, 5.0, 1.0, "s",
                   curve=((0.0, 0.0), (0.1, 0.35), (0.2, 0.5), (0.8, 1.0), (1.0, 1.0)))  # fmt: skip
    cuts = site.withdrawal_cuts()
    for fill in np.linspace(0.0, 1.0, 101):
        expected = 10.0 * float(np.interp(fill, [0.0, 0.1, 0.2, 0.8, 1.0],
                                          [0.0, 0.35, 0.5, 1.0, 1.0]))  # fmt: skip
        bound = min([10.0] + [a + b * fill * 100.0 for a, b in cuts])
        assert bound == pytest.approx(expected, abs=1e-9)
    # Segments a stock cannot reach are left out, and never change the bound above them.
    high = site.withdrawal_cuts(lowest_fill=0.25)
    assert len(high) < len(cuts)
    for fill in np.linspace(0.25, 1.0, 31):
        assert min([10.0] + [a + b * fill * 100.0 for a, b in high]) == pytest.approx(
            min([10.0] + [a + b * fill * 100.0 for a, b in cuts]), abs=1e-9
        )
    assert replace(site, curve=()).withdrawal_cuts() == ()


def test_rows_left_out_never_bind_on_the_asset_level_winter() -> None:
    # Rows a day's lowest possible stock shows cannot bind are left out of the model; every
    # line of every curve still holds at the solution, on every day.
    from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
    from bucarest.energy.domain.solve import create_model, solve_model

    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    m = create_model(net, s)
    every = sum(len(st.withdrawal_cuts()) for st in net.storage) * s.days
    a_ub = m.matrices()[2]
    assert a_ub is not None
    kept = a_ub.shape[0] - s.days  # less the LNG market's row per day
    assert 0 < kept < 0.6 * every  # 8,658 of 17,205 rows in January 2009
    x = solve_model(m).x
    t = np.arange(s.days)
    checked = 0
    for j, st in enumerate(net.storage):
        w, e = x[m.var("w", j, t)], x[m.var("e", j, t)]
        before = np.concatenate([[st.initial_fill * st.working_gas_mcm], e[:-1]])
        for a, b in st.withdrawal_cuts():
            assert (w <= a + b * before + 1e-6).all(), st.id
            checked += 1
    assert checked > 0

"""The N-1 formula of Regulation (EU) 2017/1938 on hand-made networks."""

from datetime import date

import pytest

from bucarest.energy.domain.indicators import largest_infrastructure, n_minus_1
from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage


def net(**kw) -> Network:  # type: ignore[no-untyped-def]
    nodes = (
        Node("AAA", "country", 40, 50, 0.5, 5, None, "t"),
        Node("BBB", "country", 20, 30, 0.5, 0, None, "t"),
        Node("RUS", "supplier", 0, 0, 0, 500, None, "t"),
        Node("NOR", "supplier", 0, 0, 0, 500, None, "t"),
    )
    pipes = (
        Pipeline("RUS-AAA", "RUS", "AAA", 30, 0, "", "t"),
        Pipeline("NOR-AAA", "NOR", "AAA", 20, 0, "", "t"),
        Pipeline("AAA-BBB", "AAA", "BBB", 25, 10, "", "t"),
        Pipeline("RUS-BBB", "RUS", "BBB", 15, 0, "", "t"),
    )
    storage = (Storage("STO-AAA", "AAA", 1000, 12, 5, 0.5, "t"),)
    lng = (LngTerminal("LNG-BBB", "BBB", 8, "t"),)
    return Network("n", "n", "n", date(2009, 1, 1), date(2009, 3, 31), {}, 100, nodes, pipes,
                   storage, lng, **kw)  # fmt: skip


def test_n1_of_a_country_by_hand() -> None:
    # AAA: EPm = 30 (RUS) + 20 (NOR) + 10 (reverse from BBB) = 60; Pm 5; Sm 12; LNGm 0
    # Im = 30 (RUS-AAA); Dmax 50 -> (60 + 5 + 12 + 0 - 30) / 50 = 94 %
    v = n_minus_1(net(), ["AAA"])
    assert (v.ep_m, v.p_m, v.s_m, v.lng_m, v.i_m, v.d_max) == (60, 5, 12, 0, 30, 50)
    assert v.i_m_asset == "RUS-AAA"
    assert v.percent == pytest.approx(94.0)
    assert v.meets_standard is False


def test_n1_of_a_region_counts_only_entries_from_outside() -> None:
    # AAA+BBB: EPm = 30 + 20 + 15 = 65 (AAA<->BBB is internal); Pm 5; Sm 12; LNGm 8; Im 30
    # Dmax 80 -> (65 + 5 + 12 + 8 - 30) / 80 = 75 %
    v = n_minus_1(net(), ["AAA", "bbb"])
    assert v.ep_m == 65 and v.lng_m == 8 and v.d_max == 80
    assert v.percent == pytest.approx(75.0)


def test_largest_infrastructure_and_a_country_without_demand() -> None:
    assert largest_infrastructure(net(), "BBB") == ("AAA-BBB", 25)
    assert n_minus_1(net(), ["RUS"]).percent is None


def test_a_hundred_percent_exactly_meets_the_standard() -> None:
    nodes = (Node("AAA", "country", 10, 20, 0.5, 0, None, "t"),
             Node("RUS", "supplier", 0, 0, 0, 100, None, "t"))  # fmt: skip
    pipes = (Pipeline("RUS-AAA", "RUS", "AAA", 20, 0, "", "t"),
             Pipeline("RUS-AAA2", "RUS", "AAA", 20, 0, "", "t"))  # fmt: skip
    n = Network("n", "n", "n", date(2009, 1, 1), date(2009, 1, 2), {}, 0, nodes, pipes, (), ())
    v = n_minus_1(n, ["AAA"])
    assert v.percent == 100.0 and v.meets_standard is True

"""The N-1 formula of Regulation (EU) 2017/1938 on hand-made networks."""

from datetime import date

import pytest

from bucarest.core.errors import InvalidFactError
from bucarest.energy.domain.indicators import largest_infrastructure, n_minus_1
from bucarest.energy.domain.network import (
    LngTerminal,
    Network,
    Node,
    Pipeline,
    ProductionSite,
    Storage,
)


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


def _assets(sites: tuple[ProductionSite, ...] = (), points: int = 3) -> Network:
    """AAA at asset level: production 40 mcm/d, a border row of ``points`` points (RUS-AAA,
    30 mcm/d), one point NOR-AAA (20), a storage site (12); peak demand 50."""
    nodes = (
        Node("AAA", "country", 40, 50, 0.5, 40, None, "t"),
        Node("RUS", "supplier", 0, 0, 0, 500, None, "t"),
        Node("NOR", "supplier", 0, 0, 0, 500, None, "t"),
    )
    pipes = (
        Pipeline("RUS-AAA", "RUS", "AAA", 30, 0, "A; B; C", "t", points=points),
        Pipeline("NOR-AAA", "NOR", "AAA", 20, 0, "", "t"),
    )
    storage = (Storage("STO-AAA-1", "AAA", 1000, 12, 5, 0.5, "t"),)
    return Network("a", "a", "a", date(2009, 1, 1), date(2009, 3, 31), {}, 0, nodes, pipes,
                   storage, (), production_sites=sites, asset_level=True)  # fmt: skip


def test_im_standing_for_a_whole_production_bounds_n1_by_hand() -> None:
    # Sum 30 + 20 + 40 + 12 = 102. Im as counted: the whole production (40), so N-1 is at
    # least (102 - 40) / 50 = 124 %; its largest facility may be small, and the largest
    # single infrastructure is then at least the border's largest point (30 / 3 = 10) or
    # the point NOR-AAA (20): N-1 at most (102 - 20) / 50 = 164 %.
    v = n_minus_1(_assets(), ["AAA"])
    assert (v.i_m_asset, v.i_m_scope, v.i_m, v.i_m_least) == ("AAA", "production", 40, 20)
    assert (v.percent, v.percent_high) == (124.0, 164.0)


def test_a_named_facility_replaces_its_countrys_production_and_a_border_counts_its_points() -> None:
    site = ProductionSite("PROD-AAA-X", "AAA", 25, "X plant", "t")
    v = n_minus_1(_assets((site,)), ["AAA"])
    # the border (30) is the largest counted; its largest point is at least 10, and the
    # plant (25) is larger: N-1 between (102 - 30) / 50 and (102 - 25) / 50
    assert (v.i_m_asset, v.i_m_scope, v.i_m_least) == ("RUS-AAA", "border", 25)
    assert (v.percent, v.percent_high) == (144.0, 154.0)
    one = n_minus_1(_assets((site,), points=1), ["AAA"])
    assert (one.i_m_scope, one.percent, one.percent_high) == ("asset", 144.0, 144.0)
    # the country-level dataset cannot say how far N-1 moves
    assert (n_minus_1(net(), ["AAA"]).i_m_scope, n_minus_1(net(), ["AAA"]).percent_high) == (
        "aggregate", None)  # fmt: skip


def test_a_production_site_larger_than_its_countrys_production_is_refused() -> None:
    with pytest.raises(InvalidFactError, match="PROD-AAA-X delivers 41"):
        _assets((ProductionSite("PROD-AAA-X", "AAA", 41, "X", "t"),))
    with pytest.raises(InvalidFactError, match="unknown node ZZZ"):
        _assets((ProductionSite("PROD-ZZZ-X", "ZZZ", 1, "X", "t"),))

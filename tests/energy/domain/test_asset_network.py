"""The asset-level network: components from the asset files, countries from the country-level
dataset, scenarios rewritten from country-level components to the assets they stand for."""

import pytest

from bucarest.core.errors import NotFoundError
from bucarest.energy.assets import load_assets
from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain.asset_network import asset_aliases, asset_network
from bucarest.energy.domain.assets import in_service_on
from bucarest.energy.domain.indicators import n_minus_1
from bucarest.energy.domain.scenario import Disruption, MitigationKind, check_scenario
from bucarest.energy.domain.solve import solve


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return load_dataset("winter-2008-09")


@pytest.fixture(scope="module")
def assets():  # type: ignore[no-untyped-def]
    return load_dataset("winter-2008-09-assets")


def test_every_asset_is_a_component_and_the_countries_are_the_datasets(base, assets) -> None:  # type: ignore[no-untyped-def]
    built = asset_network(base, load_assets(), base.season_start)
    book = in_service_on(load_assets(), base.season_start)
    # Assets commissioned during the winter (a bare year counts from the next 1 January)
    # are not part of the network of the season's first day.
    later = {s.id for s in load_assets().storage} - {s.id for s in book.storage}
    assert later == {"STO-BLR-MOZYRSKOYE", "STO-DEU-EPE-TRIANEL"}
    assert built.left_out == ()
    assert {p.id for p in assets.pipelines} == {i.id for i in book.interconnections}
    assert {s.id for s in assets.storage} == {f.id for f in book.storage}
    assert {t.id for t in assets.lng} == {t.id for t in book.lng}
    assert assets.nodes == base.nodes
    # A site starts as full as its country's storage did in the country-level dataset.
    fill = {s.node: s.initial_fill for s in base.storage}
    assert all(s.initial_fill == fill.get(s.node, 0.0) for s in assets.storage)


def test_each_country_level_component_stands_for_its_assets(base, assets) -> None:  # type: ignore[no-untyped-def]
    aliases = asset_aliases(base, assets)
    # Moldova → Romania has no point of its own: the Trans-Balkan line re-enters Ukraine.
    assert [p.id for p in base.pipelines if p.id not in aliases] == ["MDA-ROU"]
    assert aliases["STO-BGR"] == ("STO-BGR-CHIREN",)
    for pid, members in aliases.items():
        pipe = next((p for p in base.pipelines if p.id == pid), None)
        if pipe is None:
            continue
        for a in members:
            seg = assets.asset(a)
            assert {seg.source_node, seg.target_node} == {pipe.source_node, pipe.target_node}  # type: ignore[union-attr]


def test_n_minus_1_takes_the_single_largest_asset_not_a_countrys_total(base, assets) -> None:  # type: ignore[no-untyped-def]
    spain_country, spain_assets = n_minus_1(base, ["ESP"]), n_minus_1(assets, ["ESP"])
    # Country level: all Spanish LNG is one "infrastructure"; asset level: one terminal.
    assert spain_country.i_m_asset == "LNG-ESP"
    assert spain_assets.i_m_asset is not None and spain_assets.i_m_asset.startswith("LNG-ESP-")
    assert spain_assets.i_m < spain_country.i_m
    assert spain_assets.percent is not None and spain_country.percent is not None
    assert spain_assets.percent > spain_country.percent
    assert n_minus_1(assets, ["TUR"]).i_m_asset == "RUS-TUR-BLUE-STREAM"


@pytest.mark.parametrize("dataset", ["winter-2008-09-assets", "recent-2023-24-assets"])
def test_n_minus_1_says_what_im_stands_for_and_how_far_n1_can_move(dataset: str) -> None:
    assets = load_dataset(dataset)
    # Norway: its largest processing plant, not all its production (0 % before).
    nor = n_minus_1(assets, ["NOR"])
    assert (nor.i_m_asset, nor.i_m_scope) == ("PROD-NOR-KOLLSNES", "asset")
    assert nor.percent == nor.percent_high and nor.percent is not None and nor.percent > 100
    assert nor.i_m == assets.asset("PROD-NOR-KOLLSNES").capacity_mcmd  # type: ignore[union-attr]
    by_id = {p.id: p for p in assets.pipelines}
    for code in ("DEU", "NLD", "GBR", "ESP"):
        v = n_minus_1(assets, [code])
        low, high = v.percent, v.percent_high
        assert low is not None and high is not None and low <= high + 1e-9
        if v.i_m_scope == "asset":
            assert low == high
        elif v.i_m_scope == "border":
            # the largest of a border's n points carries at least 1/n of it
            pipe = by_id[v.i_m_asset or ""]
            assert pipe.points > 1 and v.i_m_least is not None
            assert v.i_m_least >= v.i_m / pipe.points - 1e-9 and high > low
        else:
            assert v.i_m_scope == "production" and v.i_m_asset == code and high > low
    # Germany's largest counted entry is a border row of several points (2008/09).
    if dataset == "winter-2008-09-assets":
        deu = n_minus_1(assets, ["DEU"])
        assert (deu.i_m_asset, deu.i_m_scope) == ("NLD-DEU-BORDER", "border")
        # Denmark: Tyra, 90 % of its production (Energinet), so (30 + 18.4 - 27) / 22
        dnk = n_minus_1(assets, ["DNK"])
        assert (dnk.i_m_asset, dnk.i_m_scope, dnk.percent) == ("PROD-DNK-TYRA", "asset", 97.272727)
        # the United Kingdom misses the standard whatever the split of its production
        gbr = n_minus_1(assets, ["GBR"])
        assert gbr.i_m_scope == "production" and gbr.percent_high is not None
        assert gbr.percent_high < 100
    # A country-level dataset cannot say: its rows are countries' totals.
    country = n_minus_1(load_dataset(dataset.removesuffix("-assets")), ["NOR"])
    assert (country.i_m_asset, country.i_m_scope, country.percent_high) == ("NOR", "aggregate",
                                                                             None)  # fmt: skip


def test_scenarios_rewrite_to_the_assets_and_solve(base, assets) -> None:  # type: ignore[no-untyped-def]
    jan = load_scenarios()["jan-2009"]
    on = scenario_for(jan, assets)
    check_scenario(on, assets)
    aliases = asset_aliases(base, assets)
    cut = [d for d in jan.disruptions if d.asset == "RUS-UKR"]
    assert len([d for d in on.disruptions if d.asset in aliases["RUS-UKR"]]) == len(cut) * len(
        aliases["RUS-UKR"]
    )
    # A reverse flow goes to one point, in the country-level pipeline's own direction.
    reverse = [m for m in on.mitigations if m.kind is MitigationKind.REVERSE_FLOW]
    assert reverse and all(assets.asset(m.asset).source_node == "SVK" for m in reverse)  # type: ignore[union-attr]
    assert len(on.mitigations) == len(jan.mitigations)
    result = solve(assets, on)
    assert result.total_unserved_mcm > 0
    # On its own dataset a scenario is unchanged; an unknown asset is still refused.
    assert scenario_for(jan, base) is jan
    bad = on.__class__(**{**on.__dict__, "disruptions": (
        Disruption("NO-SUCH-POINT", 1.0, on.start, on.start),)})  # fmt: skip
    with pytest.raises(NotFoundError):
        check_scenario(bad, assets)


def test_the_2023_24_network_keeps_every_asset_and_each_open_border() -> None:
    base, assets = load_dataset("recent-2023-24"), load_dataset("recent-2023-24-assets")
    book = load_assets("assets-2023-24")
    built = asset_network(base, book, base.season_start)
    assert built.left_out == () and built.network == assets
    aliases = asset_aliases(base, assets)
    # Borders with no point are those the country-level files close in both directions.
    shut = [p.id for p in base.pipelines if p.capacity_mcmd == 0 and p.reverse_mcmd == 0]
    assert sorted(p.id for p in base.pipelines if p.id not in aliases) == sorted(shut)
    assert set(shut) >= {"RUS-DEU", "BLR-POL", "FIN-EST"}
    assert aliases["MDA-ROU"] == ("ROU-MDA-UNGHENI",)
    assert aliases["RUS-UKR"] == ("RUS-UKR-SUDZHA",)
    # Türkiye's largest single infrastructure is a storage site now, not its Russian line.
    assert n_minus_1(assets, ["TUR"]).i_m_asset == "STO-TUR-SILIVRI"
    # Every shipped scenario of the winter rewrites to the assets and is valid there.
    for s in load_scenarios().values():
        if s.dataset == "recent-2023-24":
            check_scenario(scenario_for(s, assets), assets)

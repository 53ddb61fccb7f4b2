"""The shipped asset data of winter 2023/24: sourced row by row, the routes closed since 2021
absent and those opened since 2009 present, and compared with the country-level files."""

from datetime import date

import pytest

from bucarest.energy.assets import ASSET_FILES, load_assets
from bucarest.energy.data import load_dataset
from bucarest.energy.domain.assets import AssetBook, country_view, in_service_on, search_assets
from tests.paths import SRC

SHIPPED = SRC / "data" / "energy" / "assets-2023-24"
FIRST_DAY = date(2023, 10, 1)

#: Country pairs of the country-level dataset with capacity but no interconnection point in
#: the asset data, each with the reason.
EXPLAINED_MISSING = {
    ("MDA", "ROU"): "the southbound Trans-Balkan transit through Moldova has been idle since "
    "2020; the asset data keeps Romania to Moldova (Iasi-Ungheni) only",
}


@pytest.fixture(scope="module")
def book() -> AssetBook:
    return load_assets("assets-2023-24")


def test_every_row_names_its_source_and_licence(book: AssetBook) -> None:
    rows = [
        *book.interconnections,
        *book.lng,
        *book.storage,
        *book.curves,
        *book.production,
        *book.production_facilities,
    ]
    assert len(rows) > 300
    for row in rows:
        assert row.source.strip() and row.licence.strip(), row
        if row.estimate:
            assert row.note.strip(), f"{row} is an estimate and must say how it was made"


def test_all_files_are_read() -> None:
    assert sorted(p.name for p in SHIPPED.iterdir()) == sorted(ASSET_FILES.values())


def test_the_network_is_that_of_1_october_2023(book: AssetBook) -> None:
    # Nothing entered service after the winter; only Le Havre's FSRU (first gas in October
    # 2023) is in the files but not in the network of the season's first day.
    assert in_service_on(book, date(2024, 3, 31)) == book
    on_day = in_service_on(book, FIRST_DAY)
    later = {t.id for t in book.lng} - {t.id for t in on_day.lng}
    assert later == {"LNG-FRA-LE-HAVRE-FSRU"}
    assert on_day.interconnections == book.interconnections
    assert on_day.storage == book.storage
    network = load_dataset("recent-2023-24-assets")
    assert network.season_start == FIRST_DAY
    assert "LNG-FRA-LE-HAVRE-FSRU" not in {t.id for t in network.lng}


def test_routes_closed_since_2021_are_absent(book: AssetBook) -> None:
    exits = {p.to_country for p in book.interconnections if p.from_country == "RUS"}
    # Nord Stream, Yamal through Belarus to Poland, Russia to Finland and the Baltic states,
    # and every entry into Ukraine but Sudzha stopped before October 2023.
    assert exits == {"UKR", "BLR", "TUR"}
    into_ukraine = [p for p in book.interconnections if (p.from_country, p.to_country) ==
                    ("RUS", "UKR")]  # fmt: skip
    assert [p.id for p in into_ukraine] == ["RUS-UKR-SUDZHA"]
    assert (
        into_ukraine[0].capacity_mcmd
        == load_dataset("recent-2023-24").asset("RUS-UKR").capacity_mcmd
    )  # type: ignore[union-attr]
    pairs = {(p.from_country, p.to_country) for p in book.interconnections}
    for closed in [("BLR", "POL"), ("BLR", "LTU"), ("BLR", "UKR"), ("FIN", "EST"),
                   ("EST", "FIN")]:  # fmt: skip
        assert closed not in pairs
    assert "DZA-ESP-TARIFA" not in {p.id for p in book.interconnections}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("turkstream", "RUS-TUR-TURKSTREAM-2"), ("baltic pipe", "DNK-POL-BALTIC-PIPE"),
     ("TAP", "GRC-ITA-MELENDUGNO-TAP"), ("tanap", "AZE-TUR-TANAP"), ("GIPL", "POL-LTU-GIPL"),
     ("IGB", "GRC-BGR-BORDER"), ("balkan stream", "BGR-SRB-KIREEVO"),
     ("medgaz", "DZA-ESP-ALMERIA"), ("Wilhelmshaven", "LNG-DEU-WILHELMSHAVEN-FSRU"),
     ("krk", "LNG-HRV-KRK-FSRU"), ("rough", "STO-GBR-ROUGH"), ("silivri", "STO-TUR-SILIVRI"),
     ("budince", "SVK-UKR-BUDINCE")],
)  # fmt: skip
def test_what_opened_since_2009_is_found_by_name(
    book: AssetBook, query: str, expected: str
) -> None:
    assert expected in [m.id for m in search_assets(book, query)]


def test_no_figure_of_2008_09_is_carried_over(book: AssetBook) -> None:
    """The 2008/09 files replace some of GIE's later figures by figures of that winter
    (Chiren, Zsana, Wierzchowice, Isle of Grain, Revithoussa); none of them belongs here."""
    old = load_assets("assets-2008-09")
    then = {s.id: s.working_gas_mcm for s in old.storage}
    now = {s.id: s.working_gas_mcm for s in book.storage}
    for site in ("STO-BGR-CHIREN", "STO-HUN-ZSANA", "STO-POL-WIERZCHOWICE"):
        assert now[site] > then[site], site
    sendout = {t.id: t.sendout_mcmd for t in book.lng}
    sendout_then = {t.id: t.sendout_mcmd for t in old.lng}
    for terminal in ("LNG-GBR-ISLE-OF-GRAIN-TERMINAL", "LNG-GRC-REVITHOUSSA"):
        assert sendout[terminal] > sendout_then[terminal], terminal
    for r in (*book.interconnections, *book.storage, *book.lng, *book.production):
        assert "2008/09" not in r.note, r.id
    silivri = next(s for s in book.storage if s.id == "STO-TUR-SILIVRI")
    assert silivri.working_gas_mcm == 4600 and silivri.withdrawal_mcmd == 75.0


def test_country_view_against_the_country_level_files(book: AssetBook) -> None:
    network = load_dataset("recent-2023-24")
    aggregate: dict[tuple[str, str], float] = {}
    for p in network.pipelines:
        aggregate[(p.source_node, p.target_node)] = p.capacity_mcmd
        aggregate[(p.target_node, p.source_node)] = p.reverse_mcmd
    view = country_view(book).pipelines
    missing = {pair for pair, cap in aggregate.items() if cap > 0 and pair not in view}
    assert missing == set(EXPLAINED_MISSING), missing
    # No asset pair where the country-level files have nothing (a closed border).
    assert {pair for pair in view if aggregate.get(pair, 0.0) == 0} == set()
    # Where a point takes the border figure of the country-level files, it is that figure.
    for p in book.interconnections:
        if "country-level winter 2023/24 dataset" in p.note and p.kind == "point":
            same = [q for q in book.interconnections
                    if (q.from_country, q.to_country) == (p.from_country, p.to_country)]  # fmt: skip
            if len(same) == 1:
                assert p.capacity_mcmd == pytest.approx(
                    aggregate[(p.from_country, p.to_country)], abs=0.05
                ), p.id


def test_storage_lng_and_production_cover_the_country_level_files(book: AssetBook) -> None:
    network = load_dataset("recent-2023-24")
    view = country_view(in_service_on(book, FIRST_DAY))
    # Skallen (Sweden, about 10 mcm) is left out of the country-level files as negligible.
    assert set(view.storage) - {s.node for s in network.storage} == {"SWE"}
    assert {s.node for s in network.storage} <= set(view.storage)
    assert {t.node for t in network.lng} == set(view.lng_sendout_mcmd)
    producers = {n.id for n in network.nodes if n.kind == "country" and n.production_mcmd > 0}
    assert producers == set(view.production_mcmd)
    for n in network.nodes:
        if n.id in view.production_mcmd:
            assert view.production_mcmd[n.id] == pytest.approx(n.production_mcmd, abs=0.05)

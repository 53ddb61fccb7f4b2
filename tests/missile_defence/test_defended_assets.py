"""The shipped defended assets (capitals of the 26 Allies of 2008, ports, bases) and users'
asset files: provenance, positions inside their countries, one-line errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point
from shapely.ops import nearest_points

from bucarest.core.errors import DataFileError
from bucarest.core.geo import country_geometry
from bucarest.core.provenance import working_note_in
from bucarest.missile_defence.data import default_sspk, load_asset_file, load_defended_assets
from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.queries import members_on


def test_a_capital_for_each_ally_of_the_bucharest_summit(reg: Registry) -> None:
    assets = load_defended_assets()
    capitals = {a.country for a in assets if a.kind == "capital"}
    allies = {m.country for m in members_on(reg, "nato", date(2008, 4, 3))}
    assert len(allies) == 26 and capitals == allies
    assert {"USA", "CAN"} <= capitals
    assert sum(a.kind == "capital" for a in assets) == 26
    assert {a.kind for a in assets} == {"capital", "port", "base"}
    assert len({a.id for a in assets}) == len(assets)


def test_every_asset_is_sourced_named_in_both_languages_and_free_of_working_notes() -> None:
    for a in load_defended_assets():
        assert a.provenance is not None and a.provenance.citations
        assert a.provenance.confidence.value in {"official", "secondary", "estimate"}
        assert a.name.en and a.name.fr
        for text in (a.name.en, a.name.fr, *(c.title for c in a.provenance.citations)):
            assert working_note_in(text) is None
    names = {a.id: a.name for a in load_defended_assets()}
    assert names["bucharest"].fr == "Bucarest" and names["warsaw"].fr == "Varsovie"


def test_every_asset_lies_in_its_country() -> None:
    geod = Geod(ellps="WGS84")
    for a in load_defended_assets():
        shape, point = country_geometry(a.country), Point(a.lon, a.lat)
        if shape.contains(point):
            continue
        near = nearest_points(shape, point)[0]
        km = geod.inv(a.lon, a.lat, near.x, near.y)[2] / 1000.0
        assert km < 15.0, f"{a.id} is {km:.0f} km outside {a.country}"


def test_default_sspk_is_an_estimate_with_a_range() -> None:
    p = default_sspk()
    assert p.estimate and p.low is not None and p.high is not None
    assert 0.0 <= p.low <= p.value <= p.high <= 1.0
    assert p.source and p.source_fr


def test_user_csv_and_yaml(tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("id,name,lat,lon\nhq,Headquarters,50.88,4.42\nport-a,Port A,44.1,28.6\n")
    got = load_asset_file(csv)
    assert [a.id for a in got] == ["hq", "port-a"] and got[0].kind == "user"
    assert got[0].name.fr == "Headquarters" and got[1].lat == 44.1
    yml = tmp_path / "mine.yaml"
    yml.write_text("assets:\n  - {id: hq, name: {en: HQ, fr: QG}, lat: 50.88, lon: 4.42}\n")
    assert load_asset_file(yml)[0].name.fr == "QG"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.csv", "id,name,lat,lon\nhq,HQ,50,4\nx,X,95,4\n", "row 3.lat"),
        ("bad.csv", "id,name,lat\nhq,HQ,50\n", "header"),
        ("bad.csv", "id,name,lat,lon\nhq,HQ,fifty,4\n", "row 2.lat"),
        ("bad.csv", "id,name,lat,lon\nhq,HQ,50,4\nhq,HQ,51,4\n", "assets.hq"),
        ("bad.csv", "id,name,lat,lon\nHQ!,HQ,50,4\n", "row 2.id"),
        ("bad.yaml", "assets:\n  - {id: hq, name: HQ, lat: 50}\n", "assets.hq.lon"),
        ("bad.yaml", "assets:\n  - {id: hq, name: HQ, lat: 50, lon: 4, colour: red}\n", "colour"),
        ("bad.yaml", "assets: [\n", "not valid YAML"),
        ("bad.yaml", "assets: []\n", "assets"),
    ],
)
def test_bad_user_file_is_one_line_naming_file_and_field(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(DataFileError) as err:
        load_asset_file(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path)) and where in message


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_asset_file(tmp_path / "none.csv")

"""``/api/v1/md/effectiveness``: shipped assets (GET), the user's (POST), bad input as 4xx."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app

URL = "/api/v1/md/effectiveness"
THIRD = {"architecture": "us-third-site-2008", "threat": "iran-2008", "on": "2008-04-03"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("mdeff")) / "md.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_get_shipped_assets_in_french(client: TestClient) -> None:
    r = client.get(URL, params={**THIRD, "raid": 3, "doctrine": "salvo:2", "lang": "fr"})
    assert r.status_code == 200, r.text
    rec = r.json()
    by_id = {a["id"]: a for a in rec["assets"]}
    assert by_id["bucharest"]["name"] == "Bucarest" and by_id["ankara"]["p_no_leak"] == 0.0
    assert by_id["berlin"]["p_no_leak"] == pytest.approx(0.96**3, abs=1e-6)
    # Against the 1,300 km Shahab-3 some western assets are out of reach of the 2008 threats.
    assert 0 < rec["engaged"] < rec["threatened"] <= len(rec["assets"])
    assert "estimation" in rec["sspk"]["source"].lower()


def test_post_user_assets(client: TestClient) -> None:
    body = {"assets": [{"id": "hq", "name": "HQ", "lat": 50.88, "lon": 4.42}]}
    r = client.post(URL, params={**THIRD, "sspk": 0.7, "doctrine": "sls:2", "raid": 2}, json=body)
    assert r.status_code == 200, r.text
    (hq,) = r.json()["assets"]
    assert hq["id"] == "hq" and hq["kind"] == "user" and "sources" not in hq
    assert r.json()["sspk"] == {"value": 0.7}


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"sspk": 1.5}, 400, "single-shot kill probability of 1.5"),
        ({"doctrine": "salvo:x"}, 400, "doctrine 'salvo:x'"),
        ({"discrimination": -0.5, "decoys": 1}, 400, "discrimination probability of -0.5"),
        ({"architecture": "nope"}, 404, "unknown architecture 'nope'"),
        ({"raid": -1}, 422, ""),
    ],
)
def test_bad_input_is_4xx_json(client: TestClient, params: dict[str, object], status: int,
                               text: str) -> None:  # fmt: skip
    r = client.get(URL, params={**THIRD, **params})
    assert r.status_code == status
    assert text in r.text and "Traceback" not in r.text


def test_bad_body_is_422(client: TestClient) -> None:
    body = {"assets": [{"id": "hq", "name": "HQ", "lat": 95, "lon": 4}]}
    assert client.post(URL, params=THIRD, json=body).status_code == 422


def test_duplicate_user_ids_are_400(client: TestClient) -> None:
    asset = {"id": "hq", "name": "HQ", "lat": 50.0, "lon": 4.0}
    r = client.post(URL, params=THIRD, json={"assets": [asset, asset]})
    assert r.status_code == 400 and "asset id 'hq' is given twice" in r.text


def test_the_assets_as_csv_are_the_json_rows(client: TestClient) -> None:
    rec = client.get(URL, params={**THIRD, "lang": "fr"}).json()
    r = client.get(URL, params={**THIRD, "lang": "fr", "format": "csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        'filename="effectiveness-us-third-site-2008-iran-2008.csv"'
        in r.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [x["id"] for x in rows] == [a["id"] for a in rec["assets"]]
    assert list(rows[0]) == [
        "id", "name", "kind", "country", "lat", "lon", "threatened", "sites", "interceptors",
        "looks", "p_no_leak", "p_no_leak_low", "p_no_leak_high", "expected_leakers", "method",
        "stderr", "limited_by",
    ]  # fmt: skip
    for row, a in zip(rows, rec["assets"], strict=True):
        assert row["name"] == a["name"] and row["limited_by"] == a["limited_by"]
        assert row["threatened"] == ("true" if a["threatened"] else "false")
        assert row["sites"].split() == a["sites"]
        if a["p_no_leak"] is None:
            assert row["p_no_leak"] == "" and row["expected_leakers"] == ""
        else:
            assert float(row["p_no_leak"]) == pytest.approx(a["p_no_leak"])
            assert float(row["p_no_leak_low"]) == pytest.approx(a["p_no_leak_low"])
    bucharest = next(x for x in rows if x["id"] == "bucharest")
    assert bucharest["name"] == "Bucarest"
    bad = client.get(URL, params={**THIRD, "format": "xml"})
    assert bad.status_code == 422 and "format" in bad.json()["error"]["message"]

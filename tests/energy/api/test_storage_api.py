"""GET /api/v1/energy/scenarios/{id}/storage and the ``dataset`` parameter of .../result: a shipped
scenario on its asset-level network, storage by facility as JSON or CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.energy.data import load_dataset

ASSETS = "winter-2008-09-assets"
URL = "/api/v1/energy/scenarios/jan-2009"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("energy")) / "e.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_each_site_on_the_asset_level_dataset(client: TestClient) -> None:
    res = client.get(f"{URL}/storage", params={"dataset": ASSETS, "mode": "national"})
    assert res.status_code == 200, res.text
    rows = res.json()
    assert {r["id"] for r in rows} == {st.id for st in load_dataset(ASSETS).storage}
    chiren = next(r for r in rows if r["id"] == "STO-BGR-CHIREN")
    assert chiren["name"] == "Chiren" and chiren["code"] == "BGR" and not chiren["aggregate"]
    assert chiren["start_mcm"] == pytest.approx(280.0) and chiren["end_mcm"] < 280.0
    assert 0 < chiren["lowest_fill"] < 0.8 and 0 < chiren["days_at_limit"] <= 31
    assert chiren["estimate"] is True and chiren["year"] == 2009
    assert any(s["url"] and s["url"].startswith("https://") for s in chiren["sources"])
    for r in rows:
        assert r["start_mcm"] - r["withdrawn_mcm"] + r["injected_mcm"] == pytest.approx(
            r["end_mcm"], abs=0.2
        )


def test_country_aggregates_on_the_country_level_dataset(client: TestClient) -> None:
    rows = client.get(f"{URL}/storage", params={"lang": "fr"}).json()
    assert {r["id"] for r in rows} == {st.id for st in load_dataset("winter-2008-09").storage}
    assert all(r["aggregate"] and r["year"] is None for r in rows)
    bgr = next(r for r in rows if r["code"] == "BGR")
    assert bgr["name"] == "Tous les stockages de Bulgarie (agrégat national)"


def test_csv_download(client: TestClient) -> None:
    res = client.get(f"{URL}/storage", params={"dataset": ASSETS, "format": "csv"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert 'filename="jan-2009-storage.csv"' in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert len(rows) == len(load_dataset(ASSETS).storage)
    chiren = next(r for r in rows if r["id"] == "STO-BGR-CHIREN")
    assert chiren["aggregate"] == "False" and float(chiren["start_mcm"]) == pytest.approx(280.0)


def test_the_result_on_the_asset_level_dataset_sums_each_country_s_sites(
    client: TestClient,
) -> None:
    res = client.get(f"{URL}/result", params={"dataset": ASSETS, "daily": "true"})
    assert res.status_code == 200, res.text
    record = res.json()
    assert record["dataset"] == ASSETS
    rows = client.get(f"{URL}/storage", params={"dataset": ASSETS}).json()
    deu = sum(r["end_mcm"] for r in rows if r["code"] == "DEU")
    assert record["storage_daily"]["DEU"][-1] == pytest.approx(deu, abs=1.0)


@pytest.mark.parametrize("path", ["storage", "result"])
def test_a_dataset_that_does_not_fit_is_a_400(client: TestClient, path: str) -> None:
    res = client.get(f"/api/v1/energy/scenarios/full-russian-halt/{path}",
                     params={"dataset": ASSETS})  # fmt: skip
    assert res.status_code == 400
    message = res.json()["error"]["message"]
    assert "full-russian-halt" in message and "recent-2023-24" in message


def test_a_bad_format_is_a_422(client: TestClient) -> None:
    assert client.get(f"{URL}/storage", params={"format": "xml"}).status_code == 422

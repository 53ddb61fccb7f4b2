"""Energy API: results, the scenario editor's runs, N-1, critical assets, errors."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.provenance import working_note_in


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("energy")) / "e.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_scenarios_and_result(client: TestClient) -> None:
    ids = {s["id"] for s in client.get("/api/v1/energy/scenarios").json()}
    assert {"jan-2009", "full-russian-halt"} <= ids
    r = client.get("/api/v1/energy/scenarios/jan-2009/result", params={"daily": "true"}).json()
    assert r["total_unserved_mcm"] > 0 and len(r["days"]) == 31
    assert "BGR" in r["unserved_daily"]


def test_foresight_query_parameter(client: TestClient) -> None:
    url = "/api/v1/energy/scenarios/jan-2009/result"
    rolling = client.get(url).json()
    perfect = client.get(url, params={"foresight": "perfect", "lang": "fr"}).json()
    assert rolling["foresight"] == "rolling" and perfect["foresight"] == "perfect"
    assert "Prévision parfaite" in perfect["mode_explanation"]
    assert rolling["total_unserved_mcm"] >= perfect["total_unserved_mcm"] - 1e-3
    bad = client.get(url, params={"foresight": "hindsight"})
    assert bad.status_code == 422 and "foresight" in bad.text


def test_result_separates_protected_customers_and_explains_the_mode(client: TestClient) -> None:
    r = client.get("/api/v1/energy/scenarios/jan-2009/result",
                   params={"mode": "national", "lang": "fr"}).json()  # fmt: skip
    assert r["mode_explanation"].startswith("Priorité nationale : chaque pays garde")
    rows = {c["code"]: c for c in r["countries"]}
    bgr = rows["BGR"]
    assert "survival_days" not in bgr and bgr["days_before_first_shortfall"] == 5
    assert bgr["curtailed_mcm"] > 0 and bgr["non_protected_unserved_mcm"] > 0
    assert bgr["unserved_mcm"] == pytest.approx(
        bgr["protected_unserved_mcm"] + bgr["non_protected_unserved_mcm"], abs=2e-3
    )
    assert rows["MDA"]["protected_unserved_share"] > 0.4
    assert rows["DEU"]["protected_unserved_mcm"] == 0.0


def test_scenarios_and_datasets_carry_short_citations_and_a_confidence(
    client: TestClient,
) -> None:
    citation = {"title", "issuer", "date", "url"}
    scenarios = {s["id"]: s for s in client.get("/api/v1/energy/scenarios",
                                                params={"lang": "fr"}).json()}  # fmt: skip
    jan = scenarios["jan-2009"]
    assert jan["confidence"] == "secondary" and "source" not in jan
    assert all(set(c) == citation for c in jan["sources"])
    assert jan["sources"][0]["issuer"] == "European Commission"
    assert scenarios["full-russian-halt"]["confidence"] == "estimate"
    assert all(s["sources"] and s["confidence"] for s in scenarios.values())
    datasets = client.get("/api/v1/energy/datasets").json()
    assert {d["confidence"] for d in datasets} == {"estimate"}
    assert all(d["sources"] and "source" not in d for d in datasets)
    text = client.get("/api/v1/energy/scenarios").text + client.get("/api/v1/energy/datasets").text
    assert working_note_in(text) is None and "energy_security" not in text


def test_editor_run_and_errors(client: TestClient) -> None:
    body = {"id": "mine", "name_en": "Mine", "name_fr": "Le mien", "dataset": "winter-2008-09",
            "start": "2009-01-01", "end": "2009-01-10", "mode": "national",
            "disruptions": [{"asset": "RUS-BLR", "share": 1.0, "start": "2009-01-02",
                             "end": "2009-01-05"}]}  # fmt: skip
    r = client.post("/api/v1/energy/run", json=body)
    assert r.status_code == 200, r.text
    bad = {**body, "disruptions": [{**body["disruptions"][0], "end": "2009-02-05"}]}
    r = client.post("/api/v1/energy/run", json=bad)
    assert r.status_code == 422 and "outside the scenario period" in r.json()["error"]["message"]
    r = client.post("/api/v1/energy/run", json={**body, "disruptions": [{"asset": "XX-YY",
                    "share": 1, "start": "2009-01-02", "end": "2009-01-03"}]})  # fmt: skip
    assert r.status_code == 404
    r = client.post("/api/v1/energy/run", json={"id": "x"})
    assert r.status_code == 422 and "\n" not in r.json()["error"]["message"]


def test_n1_and_critical(client: TestClient) -> None:
    rows = client.get("/api/v1/energy/n1", params={"region": "BGR,ROU"}).json()
    assert rows[0]["area"] == ["BGR", "ROU"]
    # what Im stands for, and how far N-1 can move once it is the single largest
    assert rows[0]["i_m_scope"] == "aggregate" and rows[0]["n1_percent_high"] is None
    got = client.get("/api/v1/energy/n1", params={"dataset": "winter-2008-09-assets",
                                                  "lang": "fr"}).json()  # fmt: skip
    by = {r["area"][0]: r for r in got}
    assert by["NOR"]["i_m_asset"] == "PROD-NOR-KOLLSNES" and by["NOR"]["n1_percent"] > 100
    assert by["DEU"]["i_m_scope"] == "border"
    assert by["DEU"]["n1_percent_high"] > by["DEU"]["n1_percent"]
    assert by["DEU"]["i_m_counts"].startswith("les points d'une frontière")
    top = client.get("/api/v1/energy/critical/jan-2009", params={"top": 5}).json()
    assert len(top) == 5
    assert client.get("/api/v1/energy/critical/nope").status_code == 404


def test_critical_with_pairs(client: TestClient) -> None:
    rows = client.get("/api/v1/energy/critical/jan-2009", params={"top": 40, "pairs": 3}).json()
    pairs = [r for r in rows if r["kind"] == "pair"]
    assert len(pairs) == 3 and all(r["excess_mcm"] is not None for r in pairs)
    assert {r["rank"] for r in rows} and rows[0]["rank"] == 1


@pytest.mark.parametrize("pairs", ["-1", "31", "ten", "2.5"])
def test_critical_refuses_bad_pairs(client: TestClient, pairs: str) -> None:
    r = client.get("/api/v1/energy/critical/jan-2009", params={"pairs": pairs})
    assert r.status_code == 422, r.text
    message = r.json()["error"]["message"]
    assert message.startswith("query.pairs: ") and "\n" not in message


def test_a_result_keeps_its_keys_through_the_response_model(client: TestClient) -> None:
    """The daily series appear only when asked (not as nulls), and a link's series keeps
    its ``from`` key (a Python keyword in the model)."""
    plain = client.get("/api/v1/energy/scenarios/jan-2009/result").json()
    assert not {"days", "flows_daily", "unserved_daily"} & set(plain)
    daily = client.get("/api/v1/energy/scenarios/jan-2009/result", params={"daily": "true"})
    flow = daily.json()["flows_daily"][0]
    assert set(flow) == {"arc", "from", "to", "flow", "capacity"}

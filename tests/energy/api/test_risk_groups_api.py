"""GET /api/v1/energy/n1?risk_groups=true: Annex I's risk groups, cited."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("energy")) / "e.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_risk_groups_answer_with_their_citation(client: TestClient) -> None:
    rows = client.get("/api/v1/energy/n1", params={"risk_groups": "true", "lang": "fr"}).json()
    assert [r["group"] for r in rows][:2] == ["east-ukraine", "east-belarus"]
    assert rows[0]["name"].startswith("Approvisionnement en gaz de l'Est")
    assert all(r["sources"] and r["confidence"] == "official" for r in rows)
    med = next(r for r in rows if r["group"] == "south-east-eastern-mediterranean")
    assert med["lacking"] == ["CYP", "MLT"]


def test_region_and_risk_groups_together_are_a_400(client: TestClient) -> None:
    res = client.get("/api/v1/energy/n1", params={"risk_groups": "true", "region": "BGR"})
    assert res.status_code == 400
    assert "region or the risk groups" in res.json()["error"]["message"]

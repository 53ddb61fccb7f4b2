"""Ledger API: lists, one commitment, versioned writes (409 on conflict), forces, review."""

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app

EVIDENCE = "https://www.nato.int/cps/en/natohq/news_7196.htm"


@pytest.fixture
def client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url))


def test_list_and_dashboard(client: TestClient) -> None:
    rows = client.get("/api/v1/commitments", params={"as_of": "2009-04-03"}).json()
    assert len(rows) >= 20 and {"id", "title", "deadline", "status", "progress"} <= set(rows[0])
    board = client.get("/api/v1/commitments-dashboard", params={"as_of": "2009-04-03"}).json()
    assert sum(board["counts"].values()) == len(rows)


def test_versioned_status_writes(client: TestClient) -> None:
    cid = client.get("/api/v1/commitments").json()[0]["id"]
    c = client.get(f"/api/v1/commitments/{cid}").json()
    body = {"status": "in_progress", "on": "2010-01-01", "evidence": EVIDENCE,
            "version": c["version"]}  # fmt: skip
    r = client.post(f"/api/v1/commitments/{cid}/status", json=body, headers={"X-Actor": "alice"})
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/commitments/{cid}/status", json={**body, "status": "done"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    after = client.get(f"/api/v1/commitments/{cid}").json()
    assert after["version"] == c["version"] + 1
    assert after["history"][-1]["recorded_by"] == "alice"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/v1/commitments/nope/status",
         {"status": "done", "on": "2010-01-01", "evidence": EVIDENCE, "version": 1}, 404),
        ("/api/v1/commitments/{id}/status",
         {"status": "done", "on": "2001-01-01", "evidence": EVIDENCE, "version": 1}, 422),
        ("/api/v1/commitments/{id}/status",
         {"status": "done", "on": "2010-01-01", "evidence": "ok", "version": 1}, 422),
        ("/api/v1/commitments/{id}/status",
         {"status": "finished", "on": "2010-01-01", "evidence": EVIDENCE, "version": 1}, 422),
        ("/api/v1/commitments/{id}/assessments",
         {"actor": "FRA", "score": 5, "evidence": EVIDENCE, "version": 1}, 422),
    ],
)  # fmt: skip
def test_bad_writes_are_4xx(client: TestClient, path, body, status) -> None:
    cid = client.get("/api/v1/commitments").json()[0]["id"]
    r = client.post(path.replace("{id}", cid), json=body)
    assert r.status_code == status, r.text
    assert "\n" not in r.json()["error"]["message"]


def test_forces_and_review(client: TestClient) -> None:
    f = client.get("/api/v1/forces", params={"operation": "isaf", "on": "2008-06-03"}).json()
    assert f["total"] == 52908
    assert client.get("/api/v1/forces", params={"operation": "sfor"}).status_code == 404
    r = client.get("/api/v1/review", params={"as_of": "2009-04-03", "format": "md", "lang": "fr"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    r = client.get("/api/v1/review", params={"as_of": "2009-04-03"})
    assert r.status_code == 200 and "<html" in r.text

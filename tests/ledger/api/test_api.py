"""Ledger API: lists, one commitment, versioned writes (409 on conflict), forces, review."""

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.identity import Role
from tests.identity import token_headers

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
    alice = token_headers(client, Role.LEDGER_EDITOR, "alice")
    # The change is credited to the authenticated editor, whatever a header claims.
    r = client.post(f"/api/v1/commitments/{cid}/status", json=body,
                    headers={**alice, "X-Actor": "mallory"})  # fmt: skip
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/commitments/{cid}/status", json={**body, "status": "done"},
                    headers=alice)  # fmt: skip
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    after = client.get(f"/api/v1/commitments/{cid}").json()
    assert after["version"] == c["version"] + 1
    assert after["history"][-1]["recorded_by"] == "alice"


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), (Role.ANALYST, 403), (Role.REGISTRY_EDITOR, 403)]
)
def test_only_ledger_editors_write(client: TestClient, role: Role | None, status: int) -> None:
    cid = client.get("/api/v1/commitments").json()[0]["id"]
    before = client.get(f"/api/v1/commitments/{cid}").json()
    headers = token_headers(client, role, f"user-{role}") if role else {}
    body = {
        "status": "done",
        "on": "2010-01-01",
        "evidence": EVIDENCE,
        "version": before["version"],
    }
    r = client.post(f"/api/v1/commitments/{cid}/status", json=body, headers=headers)
    assert r.status_code == status, r.text
    assert client.get(f"/api/v1/commitments/{cid}").json()["version"] == before["version"]


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
    r = client.post(path.replace("{id}", cid), json=body,
                    headers=token_headers(client, Role.LEDGER_EDITOR))  # fmt: skip
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


def test_forces_on_a_date_without_a_strength(client: TestClient) -> None:
    none = client.get("/api/v1/forces", params={"operation": "isaf", "on": "2008-04-03"}).json()
    assert none["state"] == "none" and none["total"] is None and none["nations"] == []
    assert none["message"] == "No figure published on or before this date"
    ended = client.get("/api/v1/forces",
                       params={"operation": "isaf", "on": "2015-06-01", "lang": "fr"}).json()  # fmt: skip
    assert ended["state"] == "ended" and ended["total"] is None
    assert ended["ended_on"] == "2014-12-31" and ended["last_published"] == "2010-11-30"
    assert ended["message"].startswith("Opération terminée le 2014-12-31")
    june = client.get("/api/v1/forces", params={"operation": "isaf", "on": "2008-06-03"}).json()
    assert june["state"] == "published" and june["message"] == ""
    names = {n["code"]: n["name"] for n in june["nations"]}
    assert names["TUR"] == "Turkey"  # as the Alliance wrote it in 2008

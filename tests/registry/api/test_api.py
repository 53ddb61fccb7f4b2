"""The JSON API: the same answers as the CLI, 4xx JSON errors, OpenAPI."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.identity import Role
from tests.identity import token_headers


@pytest.fixture
def client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url))


def test_members_on_bucharest_day(client: TestClient) -> None:
    r = client.get("/api/v1/members", params={"framework": "nato", "on": "2008-04-03"})
    assert r.status_code == 200
    assert len(r.json()) == 26


def test_french_names(client: TestClient) -> None:
    r = client.get("/api/v1/countries/MLT", params={"lang": "fr"})
    assert r.status_code == 200 and r.json()["name"] == "Malte"
    pfp = [m for m in r.json()["memberships"] if m["framework"] == "pfp"]
    assert len(pfp) == 2 and pfp[0]["end_cause"] == "suspended"


def test_accession_changes_aspirants_standing(client: TestClient) -> None:
    acc = client.get("/api/v1/accession/HRV", params={"on": "2009-04-01"}).json()
    assert acc["ratification"]["ratified"] == 26
    ch = client.get("/api/v1/changes", params={"from": "2008-04-03", "to": "2009-04-04",
                                              "framework": "nato"}).json()  # fmt: skip
    assert {c["code"] for c in ch} == {"ALB", "HRV"}
    asp = client.get("/api/v1/aspirants", params={"on": "2008-04-03"}).json()
    assert {"ALB", "HRV"} <= {a["code"] for a in asp}
    st = {s["code"]: s["standing"] for s in client.get("/api/v1/standing",
                                                      params={"on": "2009-04-01"}).json()}  # fmt: skip
    assert st["ALB"] == "ally"


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/api/v1/members", {"framework": "warsaw"}, 404, "unknown_framework"),
        ("/api/v1/members", {"on": "2008-02-30"}, 400, "invalid_date"),
        ("/api/v1/countries/FRN", {}, 404, "unknown_country"),
        ("/api/v1/changes", {"from": "2009-01-01", "to": "2008-01-01"}, 400, "invalid_input"),
        ("/api/v1/changes", {"from": "2009-01-01"}, 422, "invalid_request"),
        ("/api/v1/members", {"lang": "de"}, 400, "invalid_input"),
        ("/api/v1/nothing-here", {}, 404, "not_found"),
    ],
)
def test_errors_are_4xx_json_one_line(client: TestClient, path, params, status, code) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    body = r.json()["error"]
    assert body["code"] == code and "\n" not in body["message"]


def test_writes_check_and_log(client: TestClient) -> None:
    good = {"country": "XKX", "framework": "pfp", "status": "partner", "start": "2025-03",
            "sources": ["test"], "reason": "test"}  # fmt: skip
    tester = token_headers(client, Role.REGISTRY_EDITOR, "tester")
    # The change log credits the authenticated editor, whatever a header claims.
    r = client.post("/api/v1/memberships", json=good, headers={**tester, "X-Actor": "mallory"})
    assert r.status_code == 201, r.text
    mid = r.json()["id"]
    r = client.post("/api/v1/memberships", json=good, headers=tester)
    assert r.status_code == 409
    r = client.patch(f"/api/v1/memberships/{mid}", json={"end": "2026-01-01", "reason": "fix"},
                     headers=tester)  # fmt: skip
    assert r.status_code == 200 and r.json()["end"] == "2026-01-01"
    r = client.patch(f"/api/v1/memberships/{mid}", json={"end": "2020-01-01", "reason": "bad"},
                     headers=tester)  # fmt: skip
    assert r.status_code == 422 and "must end after" in r.json()["error"]["message"]
    log = client.get("/api/v1/log").json()
    assert log[0]["action"] == "correct" and log[1]["actor"] == "tester"
    bad_body = {**good, "colour": "blue"}
    assert client.post("/api/v1/memberships", json=bad_body, headers=tester).status_code == 422
    r = client.post("/api/v1/accession-events", json={"country": "UKR", "stage": "ratified",
                    "date": "2009-01-01", "ally": "FIN", "source": "x"}, headers=tester)  # fmt: skip
    assert r.status_code == 422 and "FIN was not an Ally" in r.json()["error"]["message"]


@pytest.mark.parametrize("mid", [2**31, 2**64, 10**30])
def test_a_membership_id_no_database_column_holds_is_refused(client: TestClient, mid: int) -> None:
    """Found by the OpenAPI contract run: an id past 2**63 reached the SQLite driver, which
    cannot bind it (500), and one past 2**31 PostgreSQL refuses (503)."""
    editor = token_headers(client, Role.REGISTRY_EDITOR, "big-ids")
    r = client.patch(f"/api/v1/memberships/{mid}", json={"reason": "x"}, headers=editor)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_request" and "membership_id" in r.text


RUSSIA_IN_NATO = {"country": "RUS", "framework": "nato", "status": "member",
                  "start": "2025-01-01", "sources": ["forged"], "reason": "forged"}  # fmt: skip


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), (Role.ANALYST, 403), (Role.LEDGER_EDITOR, 403)]
)
def test_only_registry_editors_change_who_is_an_ally(
    client: TestClient, role: Role | None, status: int
) -> None:
    headers = token_headers(client, role, f"user-{role}", "RUS") if role else {}
    headers["X-Actor"] = "nato-staff"
    r = client.post("/api/v1/memberships", json=RUSSIA_IN_NATO, headers=headers)
    assert r.status_code == status, r.text
    allies = client.get("/api/v1/members", params={"framework": "nato", "on": "2026-01-01"})
    assert "RUS" not in {m["code"] for m in allies.json()}
    forged = {"country": "RUS", "stage": "invited", "date": "2025-01-01", "source": "forged"}
    assert (
        client.post("/api/v1/accession-events", json=forged, headers=headers).status_code == status
    )
    assert client.patch("/api/v1/memberships/1", json={"end": "2025-01-01", "reason": "x"},
                        headers=headers).status_code == status  # fmt: skip


def test_error_messages_in_french(client: TestClient) -> None:
    r = client.get("/api/v1/countries/FRN", params={"lang": "fr"})
    assert "code pays inconnu" in r.json()["error"]["message"]


def test_openapi_documents_the_routes(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in ["/api/v1/members", "/api/v1/countries/{code}", "/api/v1/changes",
                 "/api/v1/accession/{code}", "/api/v1/memberships"]:  # fmt: skip
        assert path in spec["paths"]


def test_missing_database_folder_is_a_clear_error(tmp_path: Path) -> None:
    from bucarest.core.errors import StoreError

    blocker = tmp_path / "f"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the database folder"):
        create_app(f"sqlite:///{blocker}/x/db.sqlite3")


def test_eapc_members_with_capacity_in_april_2009(client: TestClient) -> None:
    r = client.get("/api/v1/members", params={"framework": "eapc", "on": "2009-04-04"})
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) == 50
    assert sum(x["capacity"] == "ally" for x in rows) == 28
    assert sum(x["capacity"] == "partner" for x in rows) == 22


def test_nrc_members_are_the_allies_and_russia(client: TestClient) -> None:
    r = client.get("/api/v1/members", params={"framework": "nrc", "on": "2008-05-01", "lang": "fr"})
    rows = r.json()
    assert len(rows) == 27
    assert [x["code"] for x in rows if x["capacity"] == "partner"] == ["RUS"]
    assert {x["capacity_label"] for x in rows} == {"Allié", "partenaire"}


def test_framework_status_of_the_nrc(client: TestClient) -> None:
    r = client.get("/api/v1/frameworks/nrc/status", params={"on": "2008-09-15"})
    assert r.status_code == 200
    body = r.json()
    assert body["state"] == "meetings_suspended" and body["since"] == "2008-08-19"
    assert body["exists"] is True and len(body["events"]) == 1
    r = client.get("/api/v1/frameworks/nrc/status", params={"on": "2009-07-01"})
    assert r.json()["state"] == "active" and len(r.json()["events"]) == 3
    r = client.get("/api/v1/frameworks/xyz/status")
    assert r.status_code == 404 and "unknown framework" in r.json()["error"]["message"]


def test_frameworks_say_which_councils_seat_the_allies(client: TestClient) -> None:
    rows = client.get("/api/v1/frameworks").json()
    assert {r["id"] for r in rows if r["allies_sit"]} == {"eapc", "nrc", "nuc", "ngc"}


def test_answers_carry_structured_sources_and_a_confidence(client: TestClient) -> None:
    fra = client.get("/api/v1/countries/FRA", params={"lang": "fr"}).json()
    nato = next(m for m in fra["memberships"] if m["framework"] == "nato")
    assert "source" not in nato and nato["confidence"] == "official"
    assert nato["confidence_label"] == "Texte officiel"
    assert nato["sources"][0] == {
        "title": "The North Atlantic Treaty", "issuer": "OTAN", "date": "1949-04-04",
        "url": "https://www.nato.int/cps/en/natohq/official_texts_17120.htm",
    }  # fmt: skip
    assert nato["note"].startswith("Membre fondateur")  # the note in the language asked for
    alb = client.get("/api/v1/accession/ALB", params={"on": "2009-04-01"}).json()
    assert all(e["sources"] and e["confidence"] in {"official", "secondary", "estimate"}
               for e in alb["events"])  # fmt: skip
    frameworks = client.get("/api/v1/frameworks").json()
    assert all(f["sources"] and "source" not in f for f in frameworks)
    members = client.get("/api/v1/members", params={"framework": "pfp", "on": "2008-04-03"})
    assert all(m["sources"][0]["issuer"] and m["confidence"] for m in members.json())


def test_a_write_takes_structured_or_typed_citations(client: TestClient) -> None:
    editor = token_headers(client, Role.REGISTRY_EDITOR, "cite")
    body = {"country": "XKX", "framework": "pfp", "status": "partner", "start": "2025-03",
            "confidence": "official", "reason": "test",
            "sources": [{"title": "Press release", "issuer": "NATO", "date": "2025-03-01",
                         "url": "https://www.nato.int/x"}, "Le Monde, 2 March 2025"]}  # fmt: skip
    r = client.post("/api/v1/memberships", json=body, headers=editor)
    assert r.status_code == 201, r.text
    assert r.json()["confidence"] == "official"
    assert r.json()["sources"] == [
        {"title": "Press release", "issuer": "NATO", "date": "2025-03-01",
         "url": "https://www.nato.int/x"},
        {"title": "Le Monde, 2 March 2025", "issuer": "entered by a user", "date": None,
         "url": None},
    ]  # fmt: skip
    fr = client.get("/api/v1/countries/XKX", params={"lang": "fr"}).json()["memberships"][0]
    assert fr["sources"][1]["issuer"] == "saisie par un utilisateur"
    bad = {**body, "sources": [{"title": "x", "issuer": "NATO", "date": "March 2025"}]}
    r = client.post("/api/v1/memberships", json=bad, headers=editor)
    assert r.status_code == 422 and "\n" not in r.json()["error"]["message"]
    r = client.post("/api/v1/memberships", json={**body, "confidence": "sure"}, headers=editor)
    assert r.status_code == 422


def test_openapi_documents_citations(client: TestClient) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schemas["CitationOut"]["properties"]) == {"title", "issuer", "date", "url"}
    out = schemas["MembershipOut"]["properties"]
    assert "confidence" in out and out["sources"]["items"] == {
        "$ref": "#/components/schemas/CitationOut"
    }
    assert "source" not in schemas["AccessionEventOut"]["properties"]


def test_standing_and_accession_name_countries_as_on_the_date(client: TestClient) -> None:
    def name(on: str, lang: str = "en") -> str:
        rows = client.get("/api/v1/standing", params={"on": on, "lang": lang}).json()
        return next(r["name"] for r in rows if r["code"] == "MKD")

    assert name("2008-04-03") == "the former Yugoslav Republic of Macedonia"
    assert name("2008-04-03", "fr") == "l'ex-République yougoslave de Macédoine"
    assert name("2020-04-01") == "North Macedonia"
    acc = client.get("/api/v1/accession/MNE", params={"on": "2008-12-01"}).json()
    assert [e["stage"] for e in acc["events"]] == ["intensified_dialogue"] * 2

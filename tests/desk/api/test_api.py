"""The cyber desk's JSON API over a SQLite file: authentication, releasability enforced in
every read (records, lists, counts, searches, pages, exports, the audit view), children
that cannot outlive their parent's restriction, the assistance workflow, STIX and bad input.

Security tests are named after the flaw they guard against (the anchors' issues and CVEs:
MISP, OpenCTI, TheHive, medallion)."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from bucarest.app import create_app
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry

BASE = "/api/v1/desk"
TLP_GREEN_ID = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
NATO_GREEN = {"tlp": "green", "frameworks": ["nato"]}

#: user name -> organisation and roles
USERS: dict[str, tuple[str, set[Role]]] = {
    "fra-analyst": ("FRA", {Role.ANALYST, Role.AUDITOR}),
    "fra-reader": ("FRA", {Role.READER}),
    "deu-analyst": ("DEU", {Role.ANALYST, Role.AUDITOR}),
    "deu-reader": ("DEU", {Role.READER}),
    "aut-analyst": ("AUT", {Role.ANALYST, Role.AUDITOR}),
    "est-poc": ("EST", {Role.POINT_OF_CONTACT}),
    "ncirc-duty": ("NCIRC", {Role.RESPONDER}),
}


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    token: str


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("desk-api")) / "desk.sqlite3"
    return create_app(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def accounts(app: FastAPI) -> dict[str, Account]:
    out: dict[str, Account] = {}
    with app.state.db.session() as s:
        desk = Desk(s, load_embedded_registry(), app.state.db)
        for name, (org, roles) in USERS.items():
            _principal, password = desk.accounts.create_user(name, org, roles)
            out[name] = Account(name, password, desk.accounts.create_token(name))
    return out


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


class Api:
    """Requests as one user (Bearer token)."""

    def __init__(self, client: TestClient, account: Account) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {account.token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params=params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(BASE + path, json=body, headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(BASE + path, json=body, headers=self.headers)


@pytest.fixture(scope="module")
def as_(client: TestClient, accounts: dict[str, Account]) -> dict[str, Api]:
    return {name: Api(client, a) for name, a in accounts.items()}


def incident(api: Api, marking: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    body = {
        "fields": {"title": f"Incident {uuid.uuid4().hex[:8]}", "severity": "high", **fields},
        "marking": NATO_GREEN if marking is None else marking,
    }
    r = api.post("/incidents", body)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def indicator_object(**extra: Any) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid4()}",
        "created": "2008-04-03T09:00:00.000Z",
        "modified": "2008-04-03T09:00:00.000Z",
        "name": "Botnet controller",
        "pattern": "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type": "stix",
        "valid_from": "2008-04-03T09:00:00Z",
        **extra,
    }


def ids(body: dict[str, Any]) -> set[str]:
    return {item["id"] for item in body["items"]}


def error_message(r: Any) -> str:
    message: str = r.json()["error"]["message"]
    assert "\n" not in message
    return message


# --- authentication -------------------------------------------------------------------------


def test_no_credentials_is_401(client: TestClient) -> None:
    for path in ("/incidents", "/me", "/assistance", "/export.stix", "/audit"):
        r = client.get(BASE + path)
        assert r.status_code == 401, path
        assert r.json()["error"]["code"] == "unauthenticated"
    r = client.post(BASE + "/incidents", json={"fields": {}})
    assert r.status_code == 401


def test_forged_or_unknown_token_is_401(client: TestClient, accounts: dict[str, Account]) -> None:
    for header in ("Bearer bct_forged", "Bearer " + accounts["fra-analyst"].token + "x",
                   "Bearer", "Token abc"):  # fmt: skip
        assert client.get(BASE + "/me", headers={"Authorization": header}).status_code == 401


def test_bearer_and_basic_both_work(client: TestClient, accounts: dict[str, Account]) -> None:
    fra = accounts["fra-analyst"]
    r = client.get(BASE + "/me", headers={"Authorization": f"Bearer {fra.token}"})
    assert r.status_code == 200
    me = r.json()
    assert me["username"] == "fra-analyst" and me["organisation"] == "FRA"
    assert me["roles"] == ["analyst", "auditor"] and "nato" in me["frameworks"]
    for secret in (fra.password, fra.token):
        basic = base64.b64encode(f"fra-analyst:{secret}".encode()).decode()
        r = client.get(BASE + "/me", headers={"Authorization": f"Basic {basic}"})
        assert r.status_code == 200 and r.json()["username"] == "fra-analyst"
    wrong = base64.b64encode(b"fra-analyst:not-the-password").decode()
    assert client.get(BASE + "/me", headers={"Authorization": f"Basic {wrong}"}).status_code == 401


def test_token_of_another_user_under_basic_is_refused(
    client: TestClient, accounts: dict[str, Account]
) -> None:
    basic = base64.b64encode(f"fra-analyst:{accounts['deu-analyst'].token}".encode()).decode()
    assert client.get(BASE + "/me", headers={"Authorization": f"Basic {basic}"}).status_code == 401


# --- releasability --------------------------------------------------------------------------


def test_nato_releasable_incident_is_read_by_an_ally_and_not_by_a_partner(
    as_: dict[str, Api],
) -> None:
    created = incident(as_["fra-analyst"], NATO_GREEN)
    rid = created["id"]
    assert created["marking"]["originator"] == "FRA"
    assert created["marking"]["tlp"] == "green" and created["marking"]["frameworks"] == ["nato"]
    seen = as_["deu-analyst"].get(f"/records/{rid}")
    assert seen.status_code == 200 and seen.json()["fields"]["title"] == created["fields"]["title"]
    assert rid in ids(as_["deu-analyst"].get("/incidents", limit=500).json())
    # Austria is a partner (EAPC, PfP), not an Ally.
    assert as_["aut-analyst"].get(f"/records/{rid}").status_code == 404
    assert rid not in ids(as_["aut-analyst"].get("/incidents", limit=500).json())


def test_denied_record_is_indistinguishable_from_a_missing_one(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"])["id"]
    missing = str(uuid.uuid4())
    denied = as_["aut-analyst"].get(f"/records/{rid}")
    absent = as_["aut-analyst"].get(f"/records/{missing}")
    assert denied.status_code == absent.status_code == 404
    assert denied.json()["error"]["code"] == absent.json()["error"]["code"]
    assert error_message(denied).replace(rid, "ID") == error_message(absent).replace(missing, "ID")
    for verb in ("notes",):
        assert as_["aut-analyst"].get(f"/records/{rid}/{verb}").status_code == 404
        assert as_["aut-analyst"].get(f"/records/{missing}/{verb}").status_code == 404


def test_counts_do_not_leak_unreadable_records(as_: dict[str, Api]) -> None:
    before_aut = as_["aut-analyst"].get("/counts").json()
    before_deu = as_["deu-analyst"].get("/counts").json()
    incident(as_["fra-analyst"], NATO_GREEN)
    assert as_["aut-analyst"].get("/counts").json() == before_aut
    after_deu = as_["deu-analyst"].get("/counts").json()
    assert after_deu["incidents"] == before_deu["incidents"] + 1


def test_search_does_not_leak_unreadable_titles(as_: dict[str, Api]) -> None:
    word = f"needle{uuid.uuid4().hex[:6]}"
    body = {"fields": {"title": f"Hardening {word}", "body": f"Patch the {word} servers."},
            "marking": NATO_GREEN}  # fmt: skip
    r = as_["fra-analyst"].post("/practices", body)
    assert r.status_code == 201, r.text
    assert ids(as_["deu-analyst"].get("/practices", q=word).json()) == {r.json()["id"]}
    assert as_["aut-analyst"].get("/practices", q=word).json() == {"items": [], "next": None}
    eapc = {"fields": {"title": f"For partners {word}", "body": "Shared with the EAPC."},
            "marking": {"tlp": "green", "frameworks": ["nato", "eapc"]}}  # fmt: skip
    shared = as_["fra-analyst"].post("/practices", eapc).json()["id"]
    assert ids(as_["aut-analyst"].get("/practices", q=word).json()) == {shared}


def test_tlp_amber_is_hidden_from_a_reader_without_need_to_know(as_: dict[str, Api]) -> None:
    amber = incident(as_["fra-analyst"], {"tlp": "amber", "frameworks": ["nato"]})["id"]
    green = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    assert as_["deu-analyst"].get(f"/records/{amber}").status_code == 200
    assert as_["deu-reader"].get(f"/records/{amber}").status_code == 404
    assert as_["fra-reader"].get(f"/records/{amber}").status_code == 404
    assert as_["deu-reader"].get(f"/records/{green}").status_code == 200
    listed = ids(as_["deu-reader"].get("/incidents", limit=500).json())
    assert green in listed and amber not in listed


def test_nations_named_in_the_marking_may_read(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], {"tlp": "green", "nations": ["aut"]})["id"]
    assert as_["aut-analyst"].get(f"/records/{rid}").status_code == 200
    assert as_["deu-analyst"].get(f"/records/{rid}").status_code == 404


def test_creator_spoofing_through_the_request_body_is_refused(as_: dict[str, Api]) -> None:
    fra = as_["fra-analyst"]
    before = fra.get("/counts").json()["incidents"]
    fields = {"title": "Spoofed", "severity": "low"}
    for body in (
        {"fields": fields, "marking": {**NATO_GREEN, "originator": "DEU"}},
        {"fields": fields, "marking": NATO_GREEN, "originator": "DEU"},
        {"fields": fields, "marking": NATO_GREEN, "author": "deu-analyst"},
    ):
        r = fra.post("/incidents", body)
        assert r.status_code == 400, body
        assert "originator" in error_message(r)
    assert fra.get("/counts").json()["incidents"] == before
    created = incident(fra)
    assert created["marking"]["originator"] == "FRA" and created["author"] == "fra-analyst"


def test_unknown_tlp_or_framework_is_a_one_line_400(as_: dict[str, Api]) -> None:
    fields = {"title": "Bad marking", "severity": "low"}
    for marking, word in (
        ({"tlp": "purple"}, "tlp"),
        ({"tlp": "green", "frameworks": ["warsaw-pact"]}, "warsaw-pact"),
        ({"tlp": "green", "nations": ["XYZ"]}, "XYZ"),
        ({"tlp": "green", "frameworks": "nato"}, "frameworks"),
        ({"tlp": "green", "colour": "blue"}, "colour"),
        ({"classification": "nato-secret"}, "classification"),
    ):
        r = as_["fra-analyst"].post("/incidents", {"fields": fields, "marking": marking})
        assert r.status_code == 400, (marking, r.text)
        assert word in error_message(r)


def test_bad_fields_and_unknown_collections(as_: dict[str, Api]) -> None:
    r = as_["fra-analyst"].post("/incidents", {"fields": {"title": "x", "severity": "apocalyptic"}})
    assert r.status_code == 400 and "severity" in error_message(r)
    assert as_["fra-analyst"].get("/weather").status_code == 404
    assert as_["fra-analyst"].post("/incidents", [1, 2]).status_code == 400
    assert as_["fra-analyst"].get("/incidents", limit="0").status_code == 400
    assert as_["fra-analyst"].get("/incidents", limit="many").status_code == 400


def test_a_role_that_may_not_write_gets_403(as_: dict[str, Api]) -> None:
    r = as_["deu-reader"].post("/incidents", {"fields": {"title": "x", "severity": "low"}})
    assert r.status_code == 403
    r = as_["fra-analyst"].post("/contacts", {"fields": {"authority": "ANSSI", "name": "X"}})
    assert r.status_code == 403


# --- children -------------------------------------------------------------------------------


def test_child_record_less_restricted_than_its_parent_is_refused(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    wider = {"fields": {"text": "Shared wider"},
             "marking": {"tlp": "clear", "frameworks": ["nato", "eapc"]}}  # fmt: skip
    r = as_["fra-analyst"].post(f"/records/{rid}/notes", wider)
    assert r.status_code == 403
    assert as_["fra-analyst"].get(f"/records/{rid}/notes").json()["items"] == []
    # Without a marking a note takes its parent's; a tighter one is accepted.
    same = as_["fra-analyst"].post(f"/records/{rid}/notes", {"fields": {"text": "Same"}})
    assert same.status_code == 201 and same.json()["marking"]["tlp"] == "green"
    tighter = {"fields": {"text": "Tighter"}, "marking": {"tlp": "amber", "frameworks": ["nato"]}}
    assert as_["fra-analyst"].post(f"/records/{rid}/notes", tighter).status_code == 201
    notes = as_["deu-reader"].get(f"/records/{rid}/notes").json()["items"]
    assert [n["fields"]["text"] for n in notes] == ["Same"]  # the AMBER note needs need-to-know


def test_child_takes_its_parents_originator(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    r = as_["deu-analyst"].post(f"/records/{rid}/notes", {"fields": {"text": "Seen in DEU"}})
    assert r.status_code == 201, r.text
    assert r.json()["marking"]["originator"] == "FRA" and r.json()["author"] == "deu-analyst"
    assert r.json()["parent_id"] == rid


def test_a_note_on_another_organisations_record_stays_its_authors(as_: dict[str, Api]) -> None:
    """A German note on a French incident follows the incident's releasability (its
    originator is France's) but stays Germany's: recorded as Germany's, changed by its
    author's organisation only. It used to be France's to change, and its author's not."""
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    r = as_["deu-analyst"].post(f"/records/{rid}/notes", {"fields": {"text": "Seen in DEU"}})
    assert r.status_code == 201, r.text
    note = r.json()
    assert (note["owner"], note["marking"]["originator"]) == ("DEU", "FRA")
    takeover = as_["fra-analyst"].put(f"/records/{note['id']}",
                                      {"fields": {"text": "Nothing seen"}, "version": 1})  # fmt: skip
    assert takeover.status_code == 403
    assert error_message(takeover) == "not allowed: only DEU may change its own records"
    mine = as_["deu-analyst"].put(f"/records/{note['id']}",
                                  {"fields": {"text": "Seen in DEU and POL"}, "version": 1})  # fmt: skip
    assert mine.status_code == 200, mine.text
    assert mine.json()["owner"] == "DEU" and mine.json()["version"] == 2
    shown = as_["fra-analyst"].get(f"/records/{rid}/notes").json()["items"]
    assert [(n["fields"]["text"], n["owner"]) for n in shown] == [("Seen in DEU and POL", "DEU")]
    assert as_["fra-analyst"].get(f"/records/{rid}").json()["owner"] == "FRA"


def test_child_under_an_unreadable_parent_is_a_404(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    r = as_["aut-analyst"].post(f"/records/{rid}/notes", {"fields": {"text": "Probe"}})
    assert r.status_code == 404
    r = as_["aut-analyst"].post(f"/incidents/{rid}/indicators", {"stix": indicator_object()})
    assert r.status_code == 404
    assert as_["aut-analyst"].get(f"/incidents/{rid}/indicators").status_code == 404
    assert as_["fra-analyst"].get(f"/records/{rid}/notes").json()["items"] == []


def test_child_of_a_readable_parent_is_hidden_when_itself_unreadable(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], {"tlp": "green", "frameworks": ["nato", "eapc"]})["id"]
    note = as_["fra-analyst"].post(
        f"/records/{rid}/notes", {"fields": {"text": "Allies only"}, "marking": NATO_GREEN}
    )
    assert note.status_code == 201
    assert as_["aut-analyst"].get(f"/records/{rid}").status_code == 200
    assert as_["aut-analyst"].get(f"/records/{rid}/notes").json()["items"] == []
    assert as_["aut-analyst"].get(f"/records/{note.json()['id']}").status_code == 404


# --- updates --------------------------------------------------------------------------------


def test_update_with_optimistic_version(as_: dict[str, Api]) -> None:
    created = incident(as_["fra-analyst"], NATO_GREEN)
    rid = created["id"]
    fields = {**created["fields"], "status": "contained"}
    r = as_["fra-analyst"].put(f"/records/{rid}", {"fields": fields, "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2
    assert r.json()["fields"]["status"] == "contained"
    assert (
        as_["fra-analyst"].put(f"/records/{rid}", {"fields": fields, "version": 1}).status_code
        == 409
    )
    assert (
        as_["deu-analyst"].put(f"/records/{rid}", {"fields": fields, "version": 2}).status_code
        == 403
    )
    assert (
        as_["aut-analyst"].put(f"/records/{rid}", {"fields": fields, "version": 2}).status_code
        == 404
    )
    r = as_["fra-analyst"].put(f"/records/{rid}", {"fields": fields, "version": "2"})
    assert r.status_code == 400


# --- assistance -----------------------------------------------------------------------------


def request_help(api: Api) -> dict[str, Any]:
    r = api.post("/assistance", {"fields": {"title": "DDoS against government sites",
                                            "system": "gov.ee", "description": "Since 02:00."}})  # fmt: skip
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def test_assistance_request_is_seen_by_its_nation_and_the_response_team_only(
    as_: dict[str, Api],
) -> None:
    created = request_help(as_["est-poc"])
    rid = created["id"]
    assert created["fields"]["state"] == "submitted" and created["overdue"] is False
    assert created["marking"]["originator"] == "EST" and created["marking"]["response_team"]
    for who in ("est-poc", "ncirc-duty"):
        assert as_[who].get(f"/assistance/{rid}").status_code == 200, who
        listed = as_[who].get("/assistance").json()["items"]
        assert rid in {i["id"] for i in listed}
        assert all("overdue" in i for i in listed)
    for who in ("fra-analyst", "deu-analyst", "aut-analyst"):
        assert as_[who].get(f"/assistance/{rid}").status_code == 404, who
        assert as_[who].get(f"/records/{rid}").status_code == 404, who
        assert rid not in ids(as_[who].get("/assistance").json())


def test_only_a_nations_point_of_contact_requests_assistance(as_: dict[str, Api]) -> None:
    body = {"fields": {"title": "Help"}}
    assert as_["fra-analyst"].post("/assistance", body).status_code == 403
    assert as_["ncirc-duty"].post("/assistance", body).status_code == 403
    assert as_["est-poc"].post("/assistance", {"fields": {}}).status_code == 400


def test_workflow_steps_in_order_and_out_of_order(as_: dict[str, Api]) -> None:
    rid = request_help(as_["est-poc"])["id"]
    team = as_["ncirc-duty"]
    r = team.post(f"/assistance/{rid}/deploy")
    assert r.status_code == 409 and "acknowledge" in error_message(r)
    assert team.get(f"/assistance/{rid}").json()["fields"]["state"] == "submitted"
    assert team.post(f"/assistance/{rid}/acknowledge").status_code == 200
    assert team.post(f"/assistance/{rid}/acknowledge").status_code == 409
    assert team.post(f"/assistance/{rid}/assign", {"team": []}).status_code == 400
    assert team.post(f"/assistance/{rid}/assign", {"team": "ana"}).status_code == 400
    r = team.post(f"/assistance/{rid}/assign", {"team": ["ncirc-duty", "rrt-2"]})
    assert r.status_code == 200 and r.json()["fields"]["team"] == ["ncirc-duty", "rrt-2"]
    assert team.post(f"/assistance/{rid}/deploy").status_code == 200
    assert team.post(f"/assistance/{rid}/close").status_code == 400
    r = team.post(f"/assistance/{rid}/close", {"lessons": "Filter at the upstream ISPs."})
    assert r.status_code == 200
    body = r.json()["fields"]
    assert body["state"] == "closed" and body["lessons"] == "Filter at the upstream ISPs."
    assert [s["step"] for s in body["steps"]] == [
        "submit",
        "acknowledge",
        "assign",
        "deploy",
        "close",
    ]
    assert all(s["at"] for s in body["steps"])
    assert team.post(f"/assistance/{rid}/close", {"lessons": "again"}).status_code == 409
    assert team.post(f"/assistance/{rid}/escalate").status_code == 400


def test_a_point_of_contact_may_not_take_the_teams_steps(as_: dict[str, Api]) -> None:
    rid = request_help(as_["est-poc"])["id"]
    r = as_["est-poc"].post(f"/assistance/{rid}/acknowledge")
    assert r.status_code == 403
    assert as_["fra-analyst"].post(f"/assistance/{rid}/acknowledge").status_code == 404
    assert as_["est-poc"].get(f"/assistance/{rid}").json()["fields"]["state"] == "submitted"


def test_assistance_request_cannot_be_edited_outside_its_workflow(as_: dict[str, Api]) -> None:
    created = request_help(as_["est-poc"])
    r = as_["est-poc"].put(f"/records/{created['id']}", {"fields": {"title": "x"}, "version": 1})
    assert r.status_code == 400


# --- STIX -----------------------------------------------------------------------------------


def test_malformed_stix_indicator_is_a_400_with_the_stix2_reason(as_: dict[str, Api]) -> None:
    bad = indicator_object()
    del bad["pattern"]
    r = as_["fra-analyst"].post("/indicators", {"stix": bad, "marking": NATO_GREEN})
    assert r.status_code == 400
    message = error_message(r)
    assert "not valid" in message and "pattern" in message
    r = as_["fra-analyst"].post("/indicators", {"stix": indicator_object(spec_version="2.0")})
    assert r.status_code == 400 and "2.1" in error_message(r)
    r = as_["fra-analyst"].post("/indicators", {"stix": indicator_object(pattern="[not a pattern")})
    assert r.status_code == 400


def test_an_indicator_marked_red_by_its_author_is_not_shared_green(as_: dict[str, Api]) -> None:
    # The TAXII path refused this already; the API path now goes through the same store rule.
    red = indicator_object(
        object_marking_refs=["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]
    )
    r = as_["fra-analyst"].post("/indicators", {"stix": red, "marking": NATO_GREEN})
    assert r.status_code == 400
    assert "marked TLP:RED, more restricted" in r.json()["error"]["message"]


def test_an_indicator_with_a_field_marked_red_is_not_shared_green(as_: dict[str, Api]) -> None:
    red_field = indicator_object(description="from a source we protect", granular_markings=[
        {"marking_ref": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
         "selectors": ["description"]}])  # fmt: skip
    r = as_["fra-analyst"].post("/indicators", {"stix": red_field, "marking": NATO_GREEN})
    assert r.status_code == 400
    assert "marks description TLP:RED, more restricted" in error_message(r)
    red = {"tlp": "red", "recipients": ["fra-analyst"], "nations": ["FRA"]}
    r = as_["fra-analyst"].post("/indicators", {"stix": red_field, "marking": red})
    assert r.status_code == 201, r.text


def test_a_bundle_is_not_an_indicator(as_: dict[str, Api]) -> None:
    wrapped = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "spec_version": "2.1",
               "objects": [indicator_object()]}  # fmt: skip
    r = as_["fra-analyst"].post("/indicators", {"stix": wrapped, "marking": NATO_GREEN})
    assert r.status_code == 400
    assert "is a bundle, which only carries other objects" in error_message(r)


def test_indicators_in_an_incident_and_the_export_bundle(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    obj = indicator_object()
    r = as_["fra-analyst"].post(f"/incidents/{rid}/indicators", {"stix": obj})
    assert r.status_code == 201, r.text
    assert r.json()["fields"]["stix"]["id"] == obj["id"] and r.json()["parent_id"] == rid
    listed = as_["deu-analyst"].get(f"/incidents/{rid}/indicators").json()["items"]
    assert [i["fields"]["stix"]["id"] for i in listed] == [obj["id"]]
    top = indicator_object()
    r = as_["fra-analyst"].post("/indicators", {"fields": {"stix": top}, "marking": NATO_GREEN})
    assert r.status_code == 201
    export = as_["deu-analyst"].get("/export.stix")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("application/stix+json")
    bundle = export.json()
    assert bundle["type"] == "bundle"
    by_id = {o["id"]: o for o in bundle["objects"]}
    assert {obj["id"], top["id"]} <= set(by_id)
    assert TLP_GREEN_ID in by_id and TLP_GREEN_ID in by_id[obj["id"]]["object_marking_refs"]
    assert by_id[TLP_GREEN_ID]["type"] == "marking-definition"
    aut = json.dumps(as_["aut-analyst"].get("/export.stix").json())
    assert obj["id"] not in aut and top["id"] not in aut


# --- bad requests ---------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413(as_: dict[str, Api]) -> None:
    big = {"fields": {"title": "x", "body": "a" * 1_100_000}, "marking": NATO_GREEN}
    r = as_["fra-analyst"].post("/practices", big)
    assert r.status_code == 413
    assert "limit" in r.json()["error"]["message"]
    client, headers = as_["fra-analyst"].client, as_["fra-analyst"].headers

    def chunks() -> Iterator[bytes]:
        yield b'{"fields": {"title": "x", "body": "'
        for _ in range(120):
            yield b"a" * 10_000
        yield b'"}}'

    r = client.post(BASE + "/practices", content=chunks(),
                    headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 413


def test_wrong_media_type_is_415_and_malformed_json_is_400(as_: dict[str, Api]) -> None:
    client, headers = as_["fra-analyst"].client, as_["fra-analyst"].headers
    r = client.post(BASE + "/incidents", content=b"title=x",
                    headers={**headers, "Content-Type": "text/plain"})  # fmt: skip
    assert r.status_code == 415
    r = client.post(BASE + "/incidents", content=b"{not json",
                    headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 400 and "JSON" in error_message(r)


# --- paging and history ---------------------------------------------------------------------


def test_pagination_cursor_of_another_user_is_refused(as_: dict[str, Api]) -> None:
    for n in range(3):
        r = as_["fra-analyst"].post("/systems", {
            "fields": {"name": f"System {n}", "owner": "ANSSI", "criticality": "high"},
            "marking": NATO_GREEN,
        })  # fmt: skip
        assert r.status_code == 201, r.text
    first = as_["fra-analyst"].get("/systems", limit=2).json()
    assert len(first["items"]) == 2 and first["next"]
    r = as_["deu-analyst"].get("/systems", limit=2, next=first["next"])
    assert r.status_code == 400 and "next" in error_message(r)
    # Bound to the query too: the same user cannot reuse it for another search.
    assert as_["fra-analyst"].get("/systems", limit=2, q="x", next=first["next"]).status_code == 400
    second = as_["fra-analyst"].get("/systems", limit=2, next=first["next"]).json()
    assert not ids(first) & ids(second) and second["items"]
    tampered = first["next"][:-2] + ("AA" if not first["next"].endswith("AA") else "BB")
    assert as_["fra-analyst"].get("/systems", limit=2, next=tampered).status_code == 400


def test_pagination_does_not_leak_unreadable_records(as_: dict[str, Api]) -> None:
    for n in range(3):
        incident(as_["fra-analyst"], NATO_GREEN, title=f"Allies only {n}")
    page = as_["aut-analyst"].get("/incidents", limit=1).json()
    seen: set[str] = set()
    while True:
        for item in page["items"]:
            assert (
                "nato" not in item["marking"]["frameworks"]
                or "eapc" in item["marking"]["frameworks"]
                or "AUT" in item["marking"]["nations"]
            )
            seen.add(item["id"])
        if page["next"] is None:
            break
        page = as_["aut-analyst"].get("/incidents", limit=1, next=page["next"]).json()
    assert len(seen) == as_["aut-analyst"].get("/counts").json()["incidents"]


def test_history_view_does_not_leak_unreadable_record_ids(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"], NATO_GREEN)["id"]
    as_["deu-analyst"].get(f"/records/{rid}")
    # The partner probes the id, and tries to write under it; its own history then must
    # not tell a denied record from a missing one, nor name the record.
    assert as_["aut-analyst"].get(f"/records/{rid}").status_code == 404
    as_["aut-analyst"].post(f"/records/{rid}/notes", {"fields": {"text": "probe"}})
    audit = as_["aut-analyst"].get("/audit")
    assert audit.status_code == 200
    assert rid not in audit.text
    assert rid in as_["deu-analyst"].get("/audit").text
    own = as_["fra-analyst"].get("/audit").json()["items"]
    assert any(e["target"] == f"incident:{rid}" and e["action"] == "create" for e in own)


def test_the_audit_view_is_for_auditors_and_is_paged(as_: dict[str, Api]) -> None:
    refused = as_["fra-reader"].get("/audit")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    for n in range(5):
        incident(as_["fra-analyst"], NATO_GREEN, title=f"paged {n}")
    first = as_["fra-analyst"].get("/audit", limit=3).json()
    assert len(first["items"]) == 3 and first["next"] == first["items"][-1]["seq"]
    second = as_["fra-analyst"].get("/audit", limit=3, before=first["next"]).json()
    seqs = [e["seq"] for e in first["items"] + second["items"]]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)


@pytest.mark.parametrize("before", [2**31, 2**64])
def test_an_audit_cursor_no_database_column_holds_is_refused(
    as_: dict[str, Api], before: int
) -> None:
    """Found by the OpenAPI contract run: ``before`` past 2**63 reached the SQLite driver,
    which cannot bind it (500)."""
    r = as_["fra-analyst"].get("/audit", before=before)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", r.text


def test_a_new_record_is_committed_before_its_answer_leaves(
    app: FastAPI, accounts: dict[str, Account]
) -> None:
    """A client (or a browser following "303 See Other") may ask for what it just wrote
    as soon as the answer starts: the unit of work must be committed by then."""
    stored_at_start: list[int] = []

    async def probe(scope: Any, receive: Any, send: Any) -> None:
        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start" and scope.get("method") == "POST":
                with app.state.db.engine.connect() as conn:
                    count = conn.execute(text("SELECT count(*) FROM desk_records")).scalar_one()
                stored_at_start.append(int(count))
            await send(message)

        await app(scope, receive, sending)

    with app.state.db.engine.connect() as conn:
        before = int(conn.execute(text("SELECT count(*) FROM desk_records")).scalar_one())
    incident(Api(TestClient(probe), accounts["fra-analyst"]))
    assert stored_at_start == [before + 1]

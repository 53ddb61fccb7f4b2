"""The desk's daily workflow through the API: indicators from typed observables, a record's
marking changed by a PUT (children narrowed with it, audited), and STIX exports of exactly
what the caller may read."""

from __future__ import annotations

import uuid
from typing import Any

import stix2
from fastapi import FastAPI

from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry
from tests.desk.api import test_api as base
from tests.desk.api.test_api import NATO_GREEN, Api, incident

# The API tests' fixtures: an app on a SQLite file, its users and their clients.
app, accounts, client, as_ = base.app, base.accounts, base.client, base.as_


def test_an_indicator_from_a_typed_observable(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"])["id"]
    body = {"observable": {"type": "sha256", "value": "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                           "name": "Dropper"}}  # fmt: skip
    r = as_["fra-analyst"].post(f"/incidents/{rid}/indicators", body)
    assert r.status_code == 201, r.text
    stix = r.json()["fields"]["stix"]
    assert stix["pattern"] == (
        "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"
    )
    assert stix2.parse(stix, version="2.1").name == "Dropper"
    assert r.json()["marking"]["frameworks"] == ["nato"]  # the incident's marking
    # A top-level indicator from a typed observable too.
    r = as_["fra-analyst"].post("/indicators", {"observable": {"type": "ipv4", "value": "198.51.100.7"},
                                                "marking": NATO_GREEN})  # fmt: skip
    assert r.status_code == 201
    assert r.json()["fields"]["stix"]["pattern"] == "[ipv4-addr:value = '198.51.100.7']"


def test_a_bad_observable_is_a_one_line_400(as_: dict[str, Api]) -> None:
    rid = incident(as_["fra-analyst"])["id"]
    cases: list[tuple[Any, str]] = [
        ({"type": "ipv4", "value": "198.51.100.256"}, "not an IPv4 address"),
        ({"type": "md5", "value": "abc"}, "32 hexadecimal digits"),
        ({"type": "ipv5", "value": "1.2.3.4"}, "expected one of ipv4"),
        ({"type": "ipv4", "value": 7}, "'value' must be text"),
        ({"type": "ipv4", "value": "1.2.3.4", "tlp": "red"}, "unknown key 'tlp'"),
        ("198.51.100.7", "must be a JSON object"),
    ]
    for observable, words in cases:
        r = as_["fra-analyst"].post(f"/incidents/{rid}/indicators", {"observable": observable})
        assert r.status_code == 400, (observable, r.text)
        assert words in r.json()["error"]["message"], r.json()
        assert "\n" not in r.json()["error"]["message"]
    both = {"observable": {"type": "ipv4", "value": "198.51.100.7"}, "stix": {"type": "indicator"}}
    r = as_["fra-analyst"].post(f"/incidents/{rid}/indicators", both)
    assert r.status_code == 400 and "not both" in r.json()["error"]["message"]
    r = as_["fra-analyst"].post("/incidents", {"observable": {"type": "ipv4", "value": "1.2.3.4"}})
    assert r.status_code == 400 and "unknown key 'observable'" in r.json()["error"]["message"]


def test_a_put_changes_the_marking_and_narrows_the_children(
    app: FastAPI, as_: dict[str, Api]
) -> None:
    fra, deu = as_["fra-analyst"], as_["deu-analyst"]
    created = incident(fra)
    rid = created["id"]
    note = deu.post(f"/records/{rid}/notes", {"fields": {"text": "Seen in DEU too"}}).json()
    assert deu.get(f"/records/{rid}").status_code == 200
    fields = {**created["fields"], "status": "contained", "severity": "critical"}
    # The owner makes it France's only.
    r = fra.put(f"/records/{rid}", {"fields": fields, "version": 1,
                                    "marking": {"tlp": "amber", "originator_only": True}})  # fmt: skip
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["version"] == 2 and out["fields"]["status"] == "contained"
    assert out["marking"]["originator_only"] and out["marking"]["tlp"] == "amber"
    assert out["marking"]["originator"] == "FRA"
    assert deu.get(f"/records/{rid}").status_code == 404
    assert deu.get(f"/records/{note['id']}").status_code == 404
    child = fra.get(f"/records/{note['id']}").json()
    assert child["marking"]["originator_only"] and child["marking"]["tlp"] == "amber"
    # Audited as the API's update, with the marking before and after.
    with app.state.db.session() as s:
        entries = Desk(s, load_embedded_registry(), app.state.db).audit_entries()
    mine = [e for e in entries if e.target == f"incident:{rid}" and e.action == "update"]
    assert mine and mine[-1].actor == "fra-analyst" and mine[-1].allowed
    assert "TLP:GREEN" in mine[-1].reason and "TLP:AMBER" in mine[-1].reason
    assert any(e.target == f"note:{note['id']}" and e.action == "update" for e in entries)
    # Rules: not the owner (404: it cannot read it any more), a stale version, a marking the
    # service does not hold, a child's own marking, the originator named.
    assert (
        deu.put(
            f"/records/{rid}", {"fields": fields, "version": 2, "marking": NATO_GREEN}
        ).status_code
        == 404
    )
    assert (
        fra.put(
            f"/records/{rid}", {"fields": fields, "version": 1, "marking": NATO_GREEN}
        ).status_code
        == 409
    )
    r = fra.put(f"/records/{rid}", {"fields": fields, "version": 2,
                                    "marking": {"classification": "nato-restricted"}})  # fmt: skip
    assert r.status_code == 400 and "ceiling" in r.json()["error"]["message"]
    r = fra.put(f"/records/{rid}", {"fields": fields, "version": 2, "marking": {"tlp": "red"}})
    assert r.status_code == 400 and "recipients" in r.json()["error"]["message"]
    r = fra.put(
        f"/records/{note['id']}", {"fields": {"text": "x"}, "version": 2, "marking": NATO_GREEN}
    )
    assert r.status_code in (400, 403)
    r = fra.put(
        f"/records/{rid}", {"fields": fields, "version": 2, "marking": {"originator": "DEU"}}
    )
    assert r.status_code == 400 and "originator" in r.json()["error"]["message"]
    r = fra.put(f"/records/{rid}", {"fields": fields, "version": 2, "marking": {"tlp": "purple"}})
    assert r.status_code == 400 and "tlp" in r.json()["error"]["message"]


def test_the_incidents_export_holds_exactly_what_the_caller_may_read(as_: dict[str, Api]) -> None:
    fra, deu, aut = as_["fra-analyst"], as_["deu-analyst"], as_["aut-analyst"]
    shared = incident(fra, title=f"Shared {uuid.uuid4().hex[:6]}")
    secret = incident(fra, {"tlp": "amber", "originator_only": True}, title="France only")
    fra.post(f"/incidents/{shared['id']}/indicators",
             {"observable": {"type": "domain", "value": "c2.example.org"}})  # fmt: skip
    fra.post(f"/records/{shared['id']}/notes", {"fields": {"text": "Contained at 04:00"}})
    r = deu.get("/incidents/export.stix")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/stix+json;version=2.1"
    bundle = stix2.parse(r.json(), allow_custom=True, version="2.1")
    ids = {o.id for o in bundle.objects}
    assert f"incident--{shared['id']}" in ids
    assert f"incident--{secret['id']}" not in ids
    assert "France only" not in r.text
    types = {o.type for o in bundle.objects}
    assert {"incident", "indicator", "relationship", "note", "marking-definition"} <= types
    assert all(
        o.object_marking_refs for o in bundle.objects if o.type in ("incident", "indicator", "note")
    )
    assert f"incident--{secret['id']}" in {
        o["id"] for o in fra.get("/incidents/export.stix").json()["objects"]
    }
    # One incident: the reader's view of it, or the same 404 as a missing one.
    one = deu.get(f"/incidents/{shared['id']}/export.stix").json()
    assert [o["id"] for o in one["objects"] if o["type"] == "incident"] == [
        f"incident--{shared['id']}"
    ]
    assert any(
        o["type"] == "indicator" and "c2.example.org" in o["pattern"] for o in one["objects"]
    )
    assert deu.get(f"/incidents/{secret['id']}/export.stix").status_code == 404
    assert deu.get(f"/incidents/{uuid.uuid4()}/export.stix").status_code == 404
    # A partner reads none of the Allies' incidents.
    assert shared["id"] not in aut.get("/incidents/export.stix").text

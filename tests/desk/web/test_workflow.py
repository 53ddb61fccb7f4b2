"""The desk's daily workflow in the pages: an indicator from a typed value (raw STIX kept for
experts), an incident's status, severity and marking changed from its page under the API's
rules, STIX bundles of exactly what the visitor may read, and pages that offer no form the
visitor's role cannot submit."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import stix2
from fastapi import FastAPI

from bucarest.app import create_app
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry
from tests.desk.web.test_web import Session, file_incident, log_in

USERS: dict[str, tuple[str, set[Role]]] = {
    "fra-analyst": ("FRA", {Role.ANALYST}),
    "fra-analyst-2": ("FRA", {Role.ANALYST}),
    "fra-admin": ("FRA", {Role.ADMINISTRATOR}),
    "fra-reader": ("FRA", {Role.READER}),
    "deu-analyst": ("DEU", {Role.ANALYST}),
    "est-poc": ("EST", {Role.POINT_OF_CONTACT}),
    "ncirc-duty": ("NCIRC", {Role.RESPONDER}),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("desk-workflow")) / "desk.sqlite3"
    return create_app(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def as_(app: FastAPI) -> Callable[[str], Session]:
    passwords: dict[str, str] = {}
    with app.state.db.session() as s:
        desk = Desk(s, load_embedded_registry(), app.state.db)
        for name, (org, roles) in USERS.items():
            passwords[name] = desk.accounts.create_user(name, org, roles)[1]
    sessions: dict[str, Session] = {}

    def get(name: str) -> Session:
        if name not in sessions:
            sessions[name] = log_in(app, name, passwords[name])
        return sessions[name]

    return get


def post_forms(html: str) -> list[str]:
    """The actions of the page's POST forms, the logout form left out."""
    actions = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', html)
    actions += re.findall(r'<form[^>]*action="([^"]+)"[^>]*method="post"', html)
    return sorted(a for a in set(actions) if a != "/account/logout")


# --- typed indicators -----------------------------------------------------------------------


def test_an_indicator_from_the_typed_form(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    rid = file_incident(fra, f"Typed {uuid.uuid4().hex[:6]}")
    page = fra.get(f"/desk/incidents/{rid}")
    assert 'id="desk-observable-type"' in page and 'id="desk-stix"' in page
    for value in ("ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256"):
        assert f'<option value="{value}"' in page
    r = fra.post(f"/desk/incidents/{rid}/indicators",
                 {"observable_type": "ipv4", "value": " 198.51.100.7 ", "name": "C2 server"})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].endswith("#indicators")
    r = fra.post(f"/desk/incidents/{rid}/indicators",
                 {"observable_type": "email", "value": "o'brien@example.org"})  # fmt: skip
    assert r.status_code == 303
    page = as_("deu-analyst").get(f"/desk/incidents/{rid}")
    assert "[ipv4-addr:value = &#39;198.51.100.7&#39;]" in page and "C2 server" in page
    assert "[email-addr:value = &#39;o\\&#39;brien@example.org&#39;]" in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_typed_value_says_what_is_expected(as_: Callable[[str], Session], lang: str) -> None:
    fra = as_("fra-analyst")
    rid = file_incident(fra, f"Bad value {uuid.uuid4().hex[:6]}")
    r = fra.client.post(f"/desk/incidents/{rid}/indicators", params={"lang": lang},
                        data={"csrf": fra.csrf, "observable_type": "sha256", "value": "abc123"},
                        follow_redirects=False)  # fmt: skip
    assert r.status_code == 400
    error = re.search(r'id="desk-error">([^<]*)<', r.text)
    assert error is not None
    expected = {"en": "64 hexadecimal digits", "fr": "64 chiffres hexadécimaux"}[lang]
    assert expected in error.group(1) and "abc123" in error.group(1)
    assert 'value="abc123"' in r.text  # what was typed is kept
    r = fra.post(f"/desk/incidents/{rid}/indicators",
                 {"observable_type": "ipv4", "value": "1.2.3.4", "stix": "{}"})  # fmt: skip
    assert r.status_code == 400 and {"en": "not both", "fr": "pas les deux"}[lang] in r.text
    fra.get("/desk/incidents", lang="en")


def test_raw_stix_stays_for_experts(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    rid = file_incident(fra, f"Raw {uuid.uuid4().hex[:6]}")
    stix = {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
            "created": "2008-04-03T09:00:00.000Z", "modified": "2008-04-03T09:00:00.000Z",
            "pattern": "[domain-name:value = 'evil.example.org']", "pattern_type": "stix",
            "valid_from": "2008-04-03T09:00:00Z"}  # fmt: skip
    assert (
        fra.post(f"/desk/incidents/{rid}/indicators", {"stix": json.dumps(stix)}).status_code == 303
    )
    assert stix["id"] in fra.get(f"/desk/incidents/{rid}")
    r = fra.post(f"/desk/incidents/{rid}/indicators", {"stix": "{broken"})
    assert r.status_code == 400 and 'id="desk-raw-stix" open' in r.text


# --- editing an incident --------------------------------------------------------------------


def test_status_severity_and_marking_from_the_page(
    app: FastAPI, as_: Callable[[str], Session]
) -> None:
    fra, deu = as_("fra-analyst"), as_("deu-analyst")
    rid = file_incident(fra, f"Edit me {uuid.uuid4().hex[:6]}")
    page = fra.get(f"/desk/incidents/{rid}")
    assert 'id="desk-edit-form"' in page and 'name="version" value="1"' in page
    assert 'value="nato" checked' in page  # the current marking, ready to change
    edit = {"status": "contained", "severity": "critical", "version": "1", "tlp": "green",
            "frameworks": ["nato"]}  # fmt: skip
    r = fra.post(f"/desk/incidents/{rid}/edit", edit)
    assert r.status_code == 303, r.text[-400:]
    page = deu.get(f"/desk/incidents/{rid}")
    assert "contained" in page and "critical" in page
    # A stale version: 409 on the page, nothing changed.
    r = fra.post(f"/desk/incidents/{rid}/edit", {**edit, "status": "closed"})
    assert r.status_code == 409 and 'id="desk-error"' in r.text
    assert 'id="desk-edit" open' in r.text
    # Another Ally's analyst sees no edit form, and posting it is refused.
    assert 'id="desk-edit-form"' not in page
    r = deu.post(f"/desk/incidents/{rid}/edit", {**edit, "version": "2"})
    assert r.status_code == 403
    # Without the token: refused.
    assert (
        fra.post(f"/desk/incidents/{rid}/edit", {**edit, "version": "2"}, csrf=False).status_code
        == 403
    )
    # Bad input: one line on the page.
    r = fra.post(f"/desk/incidents/{rid}/edit", {**edit, "version": "2", "status": "finished"})
    assert r.status_code == 400 and "status" in r.text
    # Narrowing the marking to France: Germany loses it, France's other analyst may edit it.
    r = fra.post(f"/desk/incidents/{rid}/edit", {**edit, "version": "2", "tlp": "amber",
                                                 "frameworks": [], "originator_only": "on"})  # fmt: skip
    assert r.status_code == 303
    deu.get(f"/desk/incidents/{rid}", expect=404)
    other = as_("fra-analyst-2").get(f"/desk/incidents/{rid}")
    assert "TLP:AMBER" in other and 'id="desk-edit-form"' in other
    with app.state.db.session() as s:
        entries = Desk(s, load_embedded_registry(), app.state.db).audit_entries()
    updates = [e for e in entries if e.target == f"incident:{rid}" and e.action == "update"]
    done = [e for e in updates if e.allowed]
    assert [e.reason.split(";")[0] for e in done] == ["version 2", "version 3"]
    assert all(e.actor == "fra-analyst" for e in done)
    assert "TLP:GREEN" in done[-1].reason and "TLP:AMBER" in done[-1].reason
    refused = [(e.actor, e.reason) for e in updates if not e.allowed]
    assert refused == [("deu-analyst", "only FRA may change its own records")]


# --- STIX export ----------------------------------------------------------------------------


def test_export_holds_exactly_what_the_visitor_may_read(as_: Callable[[str], Session]) -> None:
    fra, deu = as_("fra-analyst"), as_("deu-analyst")
    shared = file_incident(fra, f"Shared {uuid.uuid4().hex[:6]}")
    mine_title = f"France only {uuid.uuid4().hex[:6]}"
    mine = file_incident(fra, mine_title, tlp="amber", frameworks=[], originator_only="on")
    fra.post(
        f"/desk/incidents/{shared}/indicators",
        {"observable_type": "domain", "value": "c2.example.org"},
    )
    assert 'href="/desk/incidents/export.stix"' in deu.get("/desk/incidents")
    assert f'href="/desk/incidents/{shared}/export.stix"' in deu.get(f"/desk/incidents/{shared}")
    r = deu.client.get("/desk/incidents/export.stix")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/stix+json;version=2.1"
    assert "attachment" in r.headers["content-disposition"]
    bundle = stix2.parse(r.json(), allow_custom=True, version="2.1")
    ids = {o.id for o in bundle.objects}
    assert f"incident--{shared}" in ids and f"incident--{mine}" not in ids
    assert mine_title not in r.text
    assert f"incident--{mine}" in fra.client.get("/desk/incidents/export.stix").text
    one = deu.client.get(f"/desk/incidents/{shared}/export.stix")
    objects = stix2.parse(one.json(), allow_custom=True, version="2.1").objects
    assert any(o.type == "indicator" and "c2.example.org" in o.pattern for o in objects)
    assert any(o.type == "relationship" and o.target_ref == f"incident--{shared}" for o in objects)
    assert deu.client.get(f"/desk/incidents/{mine}/export.stix").status_code == 404


def test_export_needs_a_session(app: FastAPI) -> None:
    from fastapi.testclient import TestClient

    r = TestClient(app).get("/desk/incidents/export.stix", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/account/login")


# --- role-aware pages -----------------------------------------------------------------------


@pytest.mark.parametrize("user", ["fra-admin", "fra-reader"])
def test_no_write_form_for_a_role_without_the_desks_write_role(
    as_: Callable[[str], Session], user: str
) -> None:
    rid = file_incident(as_("fra-analyst"), f"Roles {uuid.uuid4().hex[:6]}")
    s = as_(user)
    lists = s.get("/desk/incidents")
    assert 'id="desk-new-incident"' not in lists and 'id="desk-export"' in lists
    page = s.get(f"/desk/incidents/{rid}")
    assert post_forms(page) == [], post_forms(page)
    assert 'id="desk-new-practice"' not in s.get("/desk/practices")
    assert 'id="desk-new-request"' not in s.get("/desk/assistance")
    for url in ("/desk/incidents/new", "/desk/practices/new", "/desk/assistance/new"):
        refused = s.get(url, expect=403)
        assert post_forms(refused) == [] and "desk-form" not in refused, url
    # What it would have submitted is refused all the same.
    r = s.post(f"/desk/incidents/{rid}/notes", {"text": "probe"})
    assert r.status_code == 403


def test_the_administrator_keeps_the_contacts_directory(as_: Callable[[str], Session]) -> None:
    """The policy lets administrators keep the national contacts, so the form is offered."""
    assert 'id="desk-contact-form"' in as_("fra-admin").get("/desk/contacts")
    assert 'id="desk-contact-form"' not in as_("fra-reader").get("/desk/contacts")


@pytest.mark.parametrize(
    ("user", "forms"),
    [
        ("fra-analyst", ["edit", "indicators", "notes"]),
        ("fra-analyst-2", ["edit", "indicators", "notes"]),
        ("deu-analyst", ["indicators", "notes"]),
        ("ncirc-duty", ["indicators", "notes"]),
        ("fra-admin", []),
        ("fra-reader", []),
    ],
)
def test_each_role_gets_the_forms_it_may_submit(
    as_: Callable[[str], Session], user: str, forms: list[str]
) -> None:
    rid = file_incident(as_("fra-analyst"), f"Per role {uuid.uuid4().hex[:6]}", response_team="on")
    page = as_(user).get(f"/desk/incidents/{rid}")
    assert post_forms(page) == sorted(f"/desk/incidents/{rid}/{f}" for f in forms)

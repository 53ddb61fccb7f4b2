"""The web desk: log in and out, every page in English and French, forms that carry the
session's CSRF token (and are refused without it), what a user may not read never shown,
workflow buttons for the response team only, Markdown rendered safely, nothing loaded from
another host."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from bucarest.app import create_app
from bucarest.core.i18n import gettext
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.desk.web.markdown import render_markdown
from bucarest.platform.pages import NAV
from bucarest.registry.data import load_embedded_registry
from tests.registry.web.test_web import Refs, local, outside_references

USERS: dict[str, tuple[str, set[Role]]] = {
    "fra-analyst": ("FRA", {Role.ANALYST}),
    "deu-analyst": ("DEU", {Role.ANALYST}),
    "aut-analyst": ("AUT", {Role.ANALYST}),
    "est-poc": ("EST", {Role.POINT_OF_CONTACT}),
    "ncirc-duty": ("NCIRC", {Role.RESPONDER}),
}

PAGES = [
    "/desk/incidents",
    "/desk/incidents/new",
    "/desk/assistance",
    "/desk/assistance/new",
    "/desk/practices",
    "/desk/practices/new",
    "/desk/contacts",
]


@dataclass
class Session:
    """A logged-in browser: its client and the CSRF token of its session."""

    client: TestClient
    csrf: str

    def get(self, url: str, expect: int = 200, **params: str) -> str:
        r = self.client.get(url, params=params)
        assert r.status_code == expect, (url, r.status_code, r.text[-500:])
        assert r.headers["content-type"].startswith("text/html")
        text: str = r.text
        return text

    def post(self, url: str, data: dict[str, Any], csrf: bool = True) -> Any:
        body = {**data, "csrf": self.csrf} if csrf else data
        return self.client.post(url, data=body, follow_redirects=False)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("desk-web")) / "desk.sqlite3"
    return create_app(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def passwords(app: FastAPI) -> dict[str, str]:
    out: dict[str, str] = {}
    with app.state.db.session() as s:
        desk = Desk(s, load_embedded_registry(), app.state.db)
        for name, (org, roles) in USERS.items():
            out[name] = desk.accounts.create_user(name, org, roles)[1]
    return out


def form_csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m is not None, html[-500:]
    return m.group(1)


def log_in(app: FastAPI, username: str, password: str) -> Session:
    client = TestClient(app)
    page = client.get("/desk/login")
    assert page.status_code == 200
    r = client.post(
        "/desk/login",
        data={"csrf": form_csrf(page.text), "username": username, "password": password},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[-400:]
    assert r.headers["location"] == "/desk/incidents"
    cookie = r.headers["set-cookie"]
    assert "bucarest_session=" in cookie and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    html = client.get("/desk/incidents").text
    return Session(client, form_csrf(html))


@pytest.fixture(scope="module")
def as_(app: FastAPI, passwords: dict[str, str]) -> Callable[[str], Session]:
    sessions: dict[str, Session] = {}

    def get(name: str) -> Session:
        if name not in sessions:
            sessions[name] = log_in(app, name, passwords[name])
        return sessions[name]

    return get


def file_incident(s: Session, title: str, **marking: Any) -> str:
    data = {"title": title, "severity": "high", "status": "open", "description": "Seen at 02:00.",
            "tlp": "green", "frameworks": ["nato"], "nations": "", **marking}  # fmt: skip
    r = s.post("/desk/incidents", data)
    assert r.status_code == 303, r.text[-500:]
    location: str = r.headers["location"]
    assert location.startswith("/desk/incidents/")
    return location.rsplit("/", 1)[1]


# --- sessions -------------------------------------------------------------------------------


def test_pages_need_a_session(app: FastAPI) -> None:
    client = TestClient(app)
    for url in [*PAGES, "/desk"]:
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303, url
        assert r.headers["location"].startswith("/account/login?next=%2Fdesk")
    r = client.get("/desk/incidents?q=x", follow_redirects=False)
    assert r.headers["location"] == "/account/login?next=%2Fdesk%2Fincidents%3Fq%3Dx"
    r = client.post("/desk/incidents", data={"title": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/account/login")


def test_wrong_password_says_so_without_saying_which(
    app: FastAPI, passwords: dict[str, str]
) -> None:
    client = TestClient(app)
    messages = []
    for user in ("fra-analyst", "nobody-at-all"):
        csrf = form_csrf(client.get("/desk/login").text)
        r = client.post(
            "/desk/login", data={"csrf": csrf, "username": user, "password": "wrong-password-x"}
        )
        assert r.status_code == 401
        assert "bucarest_session" not in r.headers.get("set-cookie", "")
        messages.append(re.search(r'id="account-error">([^<]*)<', r.text).group(1))  # type: ignore[union-attr]
    assert messages[0] == messages[1]


def test_login_form_without_its_csrf_cookie_is_refused(
    app: FastAPI, passwords: dict[str, str]
) -> None:
    client = TestClient(app)
    csrf = form_csrf(client.get("/desk/login").text)
    client.cookies.clear()  # a cross-site form post carries no SameSite=Strict cookie
    data = {"csrf": csrf, "username": "fra-analyst", "password": passwords["fra-analyst"]}
    r = client.post("/desk/login", data=data, follow_redirects=False)
    assert r.status_code == 403
    assert "bucarest_session=" not in r.headers.get("set-cookie", "")


def test_login_goes_back_to_the_page_asked_for_and_only_to_the_desk(
    app: FastAPI, passwords: dict[str, str]
) -> None:
    for target, expected in (
        ("/desk/practices?q=patch", "/desk/practices?q=patch"),
        ("https://evil.example/desk/", "/desk/incidents"),
        ("//evil.example/desk/", "/desk/incidents"),
    ):
        client = TestClient(app)
        csrf = form_csrf(client.get("/desk/login", params={"next": target}).text)
        data = {"csrf": csrf, "username": "deu-analyst", "password": passwords["deu-analyst"],
                "next": target}  # fmt: skip
        r = client.post("/desk/login", data=data, follow_redirects=False)
        assert r.headers["location"] == expected


def test_logout_needs_the_csrf_token_and_ends_the_session(
    app: FastAPI, passwords: dict[str, str]
) -> None:
    s = log_in(app, "deu-analyst", passwords["deu-analyst"])
    assert s.post("/desk/logout", {}, csrf=False).status_code == 403
    assert s.client.get("/desk/incidents", follow_redirects=False).status_code == 200
    r = s.post("/desk/logout", {})
    assert r.status_code == 303 and r.headers["location"] == "/account/login"
    r = s.client.get("/desk/incidents", follow_redirects=False)
    assert r.status_code == 303


# --- languages and references ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_render_in_both_languages(as_: Callable[[str], Session], lang: str) -> None:
    s = as_("fra-analyst")
    rid = file_incident(s, f"Languages {lang}")
    analyst_pages = [u for u in PAGES if u != "/desk/assistance/new"]  # a nation's PoC's form
    for url in [*analyst_pages, f"/desk/incidents/{rid}", "/desk/login"]:
        html = s.get(url, lang=lang)
        assert f'<html lang="{lang}">' in html, url
        for item in NAV:
            assert f'href="{item.path}"' in html
            assert str(escape(gettext(item.label, lang))) in html
        if url != "/desk/login":
            assert 'id="desk-me"' in html and "fra-analyst" in html
    s.get("/desk/incidents", lang="en")  # back to English for the other tests


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_load_nothing_from_another_host(as_: Callable[[str], Session], lang: str) -> None:
    s = as_("est-poc")
    r = s.post("/desk/assistance", {"title": "Outside references?", "system": "gov.ee"})
    assert r.status_code == 303
    for url in [*PAGES, r.headers["location"], "/desk/login"]:
        html = s.get(url, lang=lang)
        refs = Refs()
        refs.feed(html)
        assert refs.loaded and all(local(u) for u in refs.loaded), (url, refs.loaded)
        assert outside_references(html) == [], url
    s.get("/desk/incidents", lang="en")


def test_every_form_carries_the_csrf_token(as_: Callable[[str], Session]) -> None:
    for user in ("fra-analyst", "est-poc"):
        s = as_(user)
        for url in PAGES:
            if user == "fra-analyst" and url == "/desk/assistance/new":
                continue  # refused: an analyst does not request assistance (see below)
            html = s.get(url)
            for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
                assert f'name="csrf" value="{s.csrf}"' in form, (user, url)


# --- incidents ------------------------------------------------------------------------------


def test_file_an_incident_through_the_form(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    form = fra.get("/desk/incidents/new")
    for fw in ('value="nato"', 'value="eapc"', 'value="pfp"', 'value="md"', 'value="ici"'):
        assert fw in form
    assert 'value="amber+strict"' in form and 'name="originator_only"' in form
    title = f"Defacement {uuid.uuid4().hex[:6]}"
    rid = file_incident(fra, title)
    page = fra.get(f"/desk/incidents/{rid}")
    assert title in page and "TLP:GREEN" in page and "NATO" in page
    assert title in fra.get("/desk/incidents")
    assert title in as_("deu-analyst").get("/desk/incidents")
    assert title in as_("deu-analyst").get(f"/desk/incidents/{rid}")


def test_what_a_partner_may_not_read_never_appears(as_: Callable[[str], Session]) -> None:
    title = f"Allies only {uuid.uuid4().hex[:6]}"
    rid = file_incident(as_("fra-analyst"), title)
    aut = as_("aut-analyst")
    assert title not in aut.get("/desk/incidents")
    found = aut.get("/desk/incidents", q=title)
    assert 'id="desk-empty"' in found and f"/desk/incidents/{rid}" not in found
    missing = aut.get(f"/desk/incidents/{uuid.uuid4()}", expect=404)
    denied = aut.get(f"/desk/incidents/{rid}", expect=404)
    assert title not in denied
    assert re.sub(r"[0-9a-f-]{36}", "ID", missing) == re.sub(r"[0-9a-f-]{36}", "ID", denied)
    r = aut.post(f"/desk/incidents/{rid}/notes", {"text": "probe"})
    assert r.status_code == 404 and title not in r.text


def test_form_errors_are_shown_on_the_form(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    r = fra.post("/desk/incidents", {"title": "Bad nations", "severity": "low", "tlp": "green",
                                     "nations": "XYZ"})  # fmt: skip
    assert r.status_code == 400
    assert 'id="desk-error"' in r.text and "XYZ" in r.text
    assert 'value="Bad nations"' in r.text  # what was typed is kept
    r = fra.post("/desk/incidents", {"title": "", "severity": "low", "tlp": "green"})
    assert r.status_code == 400 and 'id="desk-error"' in r.text
    r = fra.post("/desk/incidents", {"title": "Too wide", "severity": "low", "tlp": "red"})
    assert r.status_code == 400 and "recipients" in r.text


def test_a_form_without_the_csrf_token_is_refused(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    before = fra.get("/desk/incidents")
    title = f"No token {uuid.uuid4().hex[:6]}"
    data = {"title": title, "severity": "low", "tlp": "green"}
    assert fra.post("/desk/incidents", data, csrf=False).status_code == 403
    assert fra.post("/desk/incidents", {**data, "csrf": "stale"}, csrf=False).status_code == 403
    assert title not in fra.get("/desk/incidents") and before
    # The API under the same cookie refuses an unsafe call without the header too.
    r = fra.client.post("/api/v1/desk/incidents", json={"fields": data})
    assert r.status_code == 403


def test_notes_and_indicators_on_an_incident(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    rid = file_incident(fra, f"With children {uuid.uuid4().hex[:6]}")
    r = fra.post(f"/desk/incidents/{rid}/notes", {"text": "Contained at 04:00 <b>now</b>"})
    assert r.status_code == 303
    stix = {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
            "created": "2008-04-03T09:00:00.000Z", "modified": "2008-04-03T09:00:00.000Z",
            "name": "C2 server", "pattern": "[ipv4-addr:value = '198.51.100.9']",
            "pattern_type": "stix", "valid_from": "2008-04-03T09:00:00Z"}  # fmt: skip
    r = fra.post(f"/desk/incidents/{rid}/indicators", {"stix": json.dumps(stix)})
    assert r.status_code == 303
    page = as_("deu-analyst").get(f"/desk/incidents/{rid}")
    assert "Contained at 04:00 &lt;b&gt;now&lt;/b&gt;" in page and stix["id"] in page
    r = fra.post(f"/desk/incidents/{rid}/indicators", {"stix": "{not json"})
    assert r.status_code == 400 and "JSON" in r.text
    bad = {**stix, "id": f"indicator--{uuid.uuid4()}"}
    del bad["pattern"]
    r = fra.post(f"/desk/incidents/{rid}/indicators", {"stix": json.dumps(bad)})
    assert r.status_code == 400 and "pattern" in r.text


# --- assistance -----------------------------------------------------------------------------


def test_assistance_workflow_through_the_pages(as_: Callable[[str], Session]) -> None:
    poc, team = as_("est-poc"), as_("ncirc-duty")
    assert 'id="desk-new-request"' in poc.get("/desk/assistance")
    assert 'id="desk-new-request"' not in team.get("/desk/assistance")
    title = f"DDoS on gov.ee {uuid.uuid4().hex[:6]}"
    r = poc.post("/desk/assistance", {"title": title, "system": "gov.ee", "description": "Now."})
    assert r.status_code == 303
    url = r.headers["location"]
    # The requester sees the request but no workflow button; the team sees the next step only.
    mine = poc.get(url)
    assert title in mine and 'id="desk-step-form"' not in mine
    page = team.get(url)
    assert 'id="desk-step-acknowledge"' in page
    assert 'id="desk-step-deploy"' not in page and 'id="desk-step-close"' not in page
    assert title in team.get("/desk/assistance")
    assert title not in as_("fra-analyst").get("/desk/assistance")
    as_("fra-analyst").get(url, expect=404)
    # Out of order: a clear message on the page, nothing changes.
    r = team.post(url + "/step", {"step": "deploy"})
    assert r.status_code == 409 and 'id="desk-error"' in r.text and "acknowledge" in r.text
    assert 'data-state="submitted"' in r.text
    # A point of contact posting the team's step: refused.
    assert poc.post(url + "/step", {"step": "acknowledge"}).status_code == 403
    assert team.post(url + "/step", {"step": "acknowledge"}, csrf=False).status_code == 403
    assert team.post(url + "/step", {"step": "acknowledge"}).status_code == 303
    page = team.get(url)
    assert 'data-state="acknowledged"' in page and 'id="desk-step-assign"' in page
    assert team.post(url + "/step", {"step": "assign", "team": ""}).status_code == 400
    assert team.post(url + "/step", {"step": "assign", "team": "rrt-1, rrt-2"}).status_code == 303
    assert team.post(url + "/step", {"step": "deploy"}).status_code == 303
    assert (
        team.post(url + "/step", {"step": "close", "lessons": "Filter upstream."}).status_code
        == 303
    )
    done = poc.get(url)
    assert 'data-state="closed"' in done and "Filter upstream." in done and "rrt-1, rrt-2" in done


def test_only_points_of_contact_get_the_request_form_through(as_: Callable[[str], Session]) -> None:
    r = as_("fra-analyst").post("/desk/assistance", {"title": "Help"})
    assert r.status_code == 403 and 'id="desk-error"' in r.text


# --- best practices and contacts ------------------------------------------------------------


def test_markdown_is_rendered_safely() -> None:
    html = str(render_markdown(
        "# Patch\n\n<script>alert(1)</script> [x](javascript:alert(1)) "
        "![tracker](https://evil.example/p.png) <img src=x onerror=alert(1)> [ok](https://first.org/tlp/)"
    ))  # fmt: skip
    assert "<h1>Patch</h1>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "javascript:" not in html.replace("[x](javascript:", "")
    assert 'href="javascript' not in html
    assert 'href="https://first.org/tlp/" rel="noopener noreferrer nofollow"' in html


def test_best_practice_library_with_search(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    word = f"segment{uuid.uuid4().hex[:6]}"
    data = {"title": f"Network {word}", "body": f"**Separate** the {word}.\n\n<script>x()</script>",
            "tags": "network, hardening", "tlp": "green", "frameworks": ["nato", "eapc"]}  # fmt: skip
    r = fra.post("/desk/practices", data)
    assert r.status_code == 303
    page = as_("aut-analyst").get(r.headers["location"])
    assert "<strong>Separate</strong>" in page and "<script>x()" not in page
    assert f"Network {word}" in as_("aut-analyst").get("/desk/practices", q=word)
    hidden = {**data, "title": f"Allies {word}", "frameworks": ["nato"]}
    assert fra.post("/desk/practices", hidden).status_code == 303
    found = as_("aut-analyst").get("/desk/practices", q=word)
    assert f"Allies {word}" not in found
    assert f"Allies {word}" in as_("deu-analyst").get("/desk/practices", q=word)
    assert "desk-empty" in as_("deu-analyst").get("/desk/practices", q="no-such-" + word)


def test_contacts_directory_per_nation(as_: Callable[[str], Session]) -> None:
    poc = as_("est-poc")
    assert 'id="desk-contact-form"' in poc.get("/desk/contacts")
    assert 'id="desk-contact-form"' not in as_("fra-analyst").get("/desk/contacts")
    data = {"authority": "CERT-EE", "name": "Duty officer", "function": "24/7 desk",
            "email": "cert@example.ee", "phone": "+372 000", "tlp": "green", "frameworks": ["nato"]}  # fmt: skip
    assert poc.post("/desk/contacts", data).status_code == 303
    page = as_("deu-analyst").get("/desk/contacts")
    assert 'data-nation="EST"' in page and "CERT-EE" in page and "Estonia" in page
    assert "Estonie" in as_("deu-analyst").get("/desk/contacts", lang="fr")
    as_("deu-analyst").get("/desk/contacts", lang="en")
    assert "CERT-EE" not in as_("aut-analyst").get("/desk/contacts")
    r = poc.post("/desk/contacts", {**data, "email": "not-an-email"})
    assert r.status_code == 400 and 'id="desk-error"' in r.text


def test_a_body_over_the_limit_is_refused(as_: Callable[[str], Session]) -> None:
    fra = as_("fra-analyst")
    r = fra.post("/desk/practices", {"title": "Big", "body": "a" * 1_100_000, "tlp": "green"})
    assert r.status_code == 413

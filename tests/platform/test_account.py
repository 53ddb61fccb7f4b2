"""Signing in to the web pages of every capability (:mod:`bucarest.platform.account`): the
login and logout pages under ``/account``, a page of any capability that needs a visitor,
the CSRF check of its forms, and the redirect back after login (to this site only)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import FastAPI, Form, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.identity import Role
from bucarest.platform.account import CsrfForm, VisitorDep, csrf_ok, refused
from bucarest.platform.database import utc_now
from bucarest.platform.identity import Accounts


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("account")) / "account.sqlite3"
    app = create_app(f"sqlite:///{db}")

    # A page of some capability built on the platform's helpers.
    @app.get("/sandbox/whoami")
    def whoami(v: VisitorDep) -> Response:
        return PlainTextResponse(f"{v.principal.username} {v.csrf}")

    @app.post("/sandbox/corrections")
    def correct(request: Request, v: VisitorDep, form: Annotated[CsrfForm, Form()]) -> Response:
        if not csrf_ok(v, form.csrf):
            return refused(request, "en", active="ledger")
        return PlainTextResponse(f"corrected by {v.principal.username}")

    return app


@pytest.fixture(scope="module")
def password(app: FastAPI) -> str:
    with app.state.db.session() as s:
        return Accounts(s, utc_now, lambda *_e: None).create_user(
            "ed", "FRA", {Role.LEDGER_EDITOR}
        )[1]


def form_csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m is not None, html[-500:]
    return m.group(1)


def log_in(client: TestClient, password: str, next_: str = "") -> Response:
    page = client.get("/account/login", params={"next": next_} if next_ else {})
    assert page.status_code == 200 and 'id="account-login-form"' in page.text
    data = {"csrf": form_csrf(page.text), "username": "ed", "password": password, "next": next_}
    return client.post("/account/login", data=data, follow_redirects=False)


def test_a_page_of_any_capability_sends_a_visitor_to_log_in_and_back(
    app: FastAPI, password: str
) -> None:
    client = TestClient(app)
    r = client.get("/sandbox/whoami?x=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/account/login?next=%2Fsandbox%2Fwhoami%3Fx%3D1"
    r = log_in(client, password, "/sandbox/whoami?x=1")
    assert r.status_code == 303 and r.headers["location"] == "/sandbox/whoami?x=1"
    cookie = r.headers["set-cookie"].lower()
    assert "bucarest_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    user, csrf = client.get("/sandbox/whoami").text.split()
    assert user == "ed"
    refused_ = client.post("/sandbox/corrections", data={"csrf": "stale"})
    assert refused_.status_code == 403 and "CSRF" in refused_.text
    ok = client.post("/sandbox/corrections", data={"csrf": csrf})
    assert ok.status_code == 200 and ok.text == "corrected by ed"


@pytest.mark.parametrize(
    ("target", "expected"),
    [("", "/"), ("https://evil.example/", "/"), ("//evil.example/x", "/"), ("/about", "/about")],
)
def test_login_goes_back_only_to_this_site(
    app: FastAPI, password: str, target: str, expected: str
) -> None:
    r = log_in(TestClient(app), password, target)
    assert r.status_code == 303 and r.headers["location"] == expected


def test_logout_needs_the_csrf_token_and_ends_the_session(app: FastAPI, password: str) -> None:
    client = TestClient(app)
    log_in(client, password)
    _user, csrf = client.get("/sandbox/whoami").text.split()
    assert client.post("/account/logout", data={"csrf": "x"}).status_code == 403
    r = client.post("/account/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/login"
    assert client.get("/sandbox/whoami", follow_redirects=False).status_code == 303


def test_the_old_desk_login_address_still_leads_to_the_desk(app: FastAPI, password: str) -> None:
    client = TestClient(app)
    r = client.get("/desk/login?lang=fr", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/account/login?next=%2Fdesk%2Fincidents&lang=fr"
    page = client.get(r.headers["location"])
    assert '<html lang="fr">' in page.text and 'value="/desk/incidents"' in page.text

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
from bucarest.platform.database import Database, utc_now
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


# --- the account life cycle through the web and the API --------------------------------------


@pytest.fixture
def fresh(tmp_path: Path) -> FastAPI:
    """An app of its own (throttling counts every failure of the client address)."""
    return create_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


def new_user(app: FastAPI, name: str, one_time: bool) -> str:
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        return accounts.create_user(name, "FRA", {Role.ANALYST}, one_time=one_time)[1]


def web_login(client: TestClient, name: str, password: str, next_: str = "") -> Response:
    page = client.get("/account/login")
    data = {"csrf": form_csrf(page.text), "username": name, "password": password, "next": next_}
    return client.post("/account/login", data=data, follow_redirects=False)


def test_after_a_one_time_password_every_page_leads_to_the_password_form(fresh: FastAPI) -> None:
    secret = new_user(fresh, "ana", one_time=True)
    client = TestClient(fresh)
    r = web_login(client, "ana", secret, "/desk/practices")
    assert r.status_code == 303
    assert r.headers["location"] == "/account/password?next=%2Fdesk%2Fpractices"
    for url in ("/", "/about", "/ledger", "/desk/incidents", "/desk/incidents?q=x"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303, url
        assert r.headers["location"].startswith("/account/password"), url
    assert client.get("/api/v1/desk/me").json()["error"]["code"] == "password_change_required"
    page = client.get("/account/password?next=%2Fdesk%2Fpractices")
    assert page.status_code == 200 and 'id="account-one-time"' in page.text
    csrf = form_csrf(page.text)
    form = {"csrf": csrf, "current": secret, "next": "/desk/practices"}
    r = client.post(
        "/account/password", data={**form, "csrf": "stale", "new": "x" * 12, "confirm": "x" * 12}
    )
    assert r.status_code == 403
    r = client.post(
        "/account/password", data={**form, "new": "a new password", "confirm": "another one"}
    )
    assert r.status_code == 400 and "confirmation differ" in r.text
    r = client.post("/account/password", data={**form, "new": "short", "confirm": "short"})
    assert r.status_code == 400 and "needs 12 to 256 characters; this one has 5" in r.text
    r = client.post("/account/password", data={**form, "new": "my own password", "confirm": "my own password"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/desk/practices"
    assert client.get("/desk/practices", follow_redirects=False).status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 200
    assert client.get("/api/v1/desk/me").json()["username"] == "ana"


def test_the_api_refuses_a_one_time_password_and_its_tokens_until_changed(fresh: FastAPI) -> None:
    secret = new_user(fresh, "ana", one_time=True)
    with fresh.state.db.session() as s:
        token = Accounts(s, utc_now, lambda *_e: None).create_token("ana")
    client = TestClient(fresh)
    bearer = {"Authorization": f"Bearer {token}"}
    for auth in ({"auth": ("ana", secret)}, {"headers": bearer}):
        r = client.get("/api/v1/desk/me", **auth)  # type: ignore[arg-type]
        assert r.status_code == 403 and r.json()["error"]["code"] == "password_change_required"
        assert "/api/v1/account/password" in r.json()["error"]["message"]
    change = {"current_password": secret, "new_password": "short"}
    r = client.post("/api/v1/account/password", auth=("ana", secret), json=change)
    assert r.status_code == 400 and "needs 12 to 256" in r.json()["error"]["message"]
    r = client.post("/api/v1/account/password", json={**change, "new_password": "my own password"})
    assert r.status_code == 401  # credentials first
    r = client.post("/api/v1/account/password", auth=("ana", secret),
                    json={**change, "new_password": "my own password"})  # fmt: skip
    assert r.status_code == 200 and r.json() == {"username": "ana"}
    assert client.get("/api/v1/desk/me", headers=bearer).json()["username"] == "ana"
    assert client.get("/api/v1/desk/me", auth=("ana", "my own password")).status_code == 200
    fr = client.get("/api/v1/desk/me", auth=("ana", secret), params={"lang": "fr"})
    assert fr.status_code == 401 and "mot de passe" in fr.json()["error"]["message"]


def test_failed_logins_are_throttled_with_retry_after(fresh: FastAPI) -> None:
    new_user(fresh, "ana", one_time=False)
    client = TestClient(fresh)
    for _ in range(5):
        assert client.get("/api/v1/desk/me", auth=("ana", "a wrong password")).status_code == 401
    r = client.get("/api/v1/desk/me", auth=("ana", "a wrong password"))
    assert r.status_code == 429 and r.json()["error"]["code"] == "throttled"
    assert 840 < int(r.headers["retry-after"]) <= 900
    r = web_login(client, "ana", "a wrong password")
    assert r.status_code == 429 and "too many failed logins" in r.text
    assert "retry-after" in r.headers
    r = client.post("/api/v1/account/password", auth=("ana", "x" * 12),
                    json={"current_password": "x" * 12, "new_password": "y" * 12})  # fmt: skip
    assert r.status_code == 429


def test_disabling_a_user_ends_their_web_session_at_once(fresh: FastAPI) -> None:
    secret = new_user(fresh, "ana", one_time=False)
    client = TestClient(fresh)
    assert web_login(client, "ana", secret, "/desk/incidents").status_code == 303
    assert client.get("/desk/incidents", follow_redirects=False).status_code == 200
    # Another process (the administrator's command) disables the user.
    other = Database.open(str(fresh.state.db.engine.url))
    try:
        with other.session() as s:
            Accounts(s, utc_now, lambda *_e: None).disable_user("ana")
    finally:
        other.dispose()
    r = client.get("/desk/incidents", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/account/login")
    r = web_login(client, "ana", secret)
    assert r.status_code == 401 and "is disabled; ask an administrator" in r.text


@pytest.mark.parametrize(("base", "setting", "secure"),
                         [("http://testserver", False, False), ("https://testserver", False, True),
                          ("http://testserver", True, True)])  # fmt: skip
def test_cookies_are_secure_over_https_or_when_the_settings_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, setting: bool, secure: bool
) -> None:
    monkeypatch.setenv("BUCAREST_SECURE_COOKIES", "true" if setting else "false")
    app = create_app(f"sqlite:///{tmp_path / 'secure.sqlite3'}")
    secret = new_user(app, "ana", one_time=False)
    client = TestClient(app, base_url=base)
    page = client.get("/account/login?lang=fr")
    csrf = form_csrf(page.text)
    # Over plain http a client keeps no Secure cookie; behind a TLS proxy it would.
    client.cookies.clear()
    client.cookies.set("bucarest_login_csrf", csrf)
    r = client.post("/account/login", data={"csrf": csrf, "username": "ana", "password": secret},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    cookies = [*page.headers.get_list("set-cookie"), *r.headers.get_list("set-cookie")]
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"lang", "bucarest_login_csrf", "bucarest_session"} <= names
    for cookie in cookies:
        parts = [p.strip().lower() for p in cookie.split(";")]
        assert "httponly" in parts and any(p.startswith("samesite=") for p in parts), cookie
        assert ("secure" in parts) is secure, cookie

"""Accounts in a real Chromium against ``bucarest serve``: a user an administrator created
signs in with the one-time password, finds every page leading to the password form, chooses
a password and goes on; and no page of the site, the API documentation included, trips the
Content-Security-Policy."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from bucarest.app import open_store
from bucarest.core.identity import Role
from bucarest.platform.database import utc_now
from bucarest.platform.identity import Accounts

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def one_time_user(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A French analyst with a one-time password, in the served database."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e*/e2e.sqlite3"))
    assert found, "the served database is not where tests/e2e/conftest.py puts it"
    db = open_store(f"sqlite:///{found[-1]}")
    name = f"fra-{uuid.uuid4().hex[:6]}"
    try:
        with db.session() as s:
            accounts = Accounts(s, utc_now, lambda *_e: None)
            secret = accounts.create_user(name, "FRA", {Role.ANALYST}, one_time=True)[1]
    finally:
        db.dispose()
    return name, secret


def csp_watch(page: Any) -> list[str]:
    """Every Content-Security-Policy violation the page reports in its console."""
    seen: list[str] = []
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return seen


def test_a_one_time_password_leads_to_the_password_form_first(
    server: str, page: Any, one_time_user: tuple[str, str]
) -> None:
    name, secret = one_time_user
    violations = csp_watch(page)
    page.goto(server + "/desk/practices?lang=en")
    page.wait_for_url(re.compile(r"/account/login\?next="))
    page.fill("#account-username", name)
    page.fill("#account-password", secret)
    page.click("#account-login")
    page.wait_for_url(re.compile(r"/account/password\?next=%2Fdesk%2Fpractices"))
    assert page.is_visible("#account-one-time")

    # Every other page leads back to the form.
    for url in ("/", "/ledger", "/desk/incidents"):
        page.goto(server + url)
        page.wait_for_url(re.compile(r"/account/password"))
    page.goto(server + "/account/password?next=%2Fdesk%2Fpractices")

    # A password that breaks the rules gets one clear line.
    page.fill("#account-current", secret)
    page.fill("#account-new", "too short")
    page.fill("#account-confirm", "too short")
    page.click("#account-change")
    assert "needs 12 to 256 characters; this one has 9" in (
        page.text_content("#account-error") or ""
    )

    page.fill("#account-current", secret)
    page.fill("#account-new", "a password of my own")
    page.fill("#account-confirm", "a password of my own")
    page.click("#account-change")
    page.wait_for_url(re.compile(r"/desk/practices$"))
    assert name in (page.text_content("#desk-me") or "")
    page.goto(server + "/")
    page.wait_for_selector("html[data-map-ready=true]")
    assert violations == []


PAGES = [
    ("/", "html[data-map-ready=true]"),
    ("/enlargement", "main"),
    ("/about", "main"),
    ("/ledger", "main"),
    ("/operations", "main"),
    ("/energy", "main"),
    ("/missile-defence", "main"),
    ("/account/login", "#account-login-form"),
    ("/api/docs", ".swagger-ui .info"),
    ("/api/v1/review", "#summary"),
    ("/no-such-page", "main"),
]


def test_no_page_trips_the_content_security_policy(server: str, page: Any) -> None:
    violations = csp_watch(page)
    for url, ready in PAGES:
        response = page.goto(server + url)
        assert response is not None
        assert "default-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        assert violations == [], (url, violations)

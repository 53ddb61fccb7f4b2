"""The registry's and the ledger's correction forms in a real Chromium against ``bucarest
serve``: an editor signs in from the page, fills a form, and sees the change on the page it
is sent back to, credited to them. One test per form."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bucarest.app import open_store
from bucarest.core.identity import Role
from bucarest.platform.database import utc_now
from bucarest.platform.identity import Accounts

pytestmark = pytest.mark.e2e

COMMITMENT = "afghanistan-review-2009"


@pytest.fixture(scope="module")
def editors(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """A registry editor and a ledger editor in the served database: role -> (name, password)."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e*/e2e.sqlite3"))
    assert found, "the served database is not where tests/e2e/conftest.py puts it"
    db = open_store(f"sqlite:///{found[-1]}")
    suffix = uuid.uuid4().hex[:6]
    try:
        with db.session() as s:
            accounts = Accounts(s, utc_now, lambda *_e: None)
            out = {}
            for key, role in (("registry", Role.REGISTRY_EDITOR), ("ledger", Role.LEDGER_EDITOR)):
                name = f"{key}-ed-{suffix}"
                out[key] = (name, accounts.create_user(name, "FRA", {role})[1])
    finally:
        db.dispose()
    return out


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        yield pg
    finally:
        context.close()


def sign_in_from(page: Any, url: str, account: tuple[str, str]) -> None:
    """Open ``url``, follow its "Sign in" link, log in, and come back to it."""
    page.goto(url)
    page.click("#sign-in-hint a")
    page.wait_for_url(re.compile(r"/account/login\?next="))
    page.fill("#account-username", account[0])
    page.fill("#account-password", account[1])
    page.click("#account-login")
    page.wait_for_url(re.compile(re.escape(url.split("?")[0]) + r"(\?|$)"))
    assert account[0] in page.inner_text("#signed-in-as")


def saved(page: Any, anchor: str) -> None:
    page.wait_for_url(re.compile(rf"saved={re.escape(anchor)}"))
    assert page.locator("#saved-note").is_visible()


def credited(page: Any, user: str, entity: str) -> None:
    row = page.locator(f'#change-log tr[data-entity="{entity}"]').first
    assert row.get_attribute("data-actor") == user
    assert row.locator(".actor").inner_text() == user


def test_a_registry_editor_records_a_membership(
    page: Any, server: str, editors: dict[str, tuple[str, str]]
) -> None:
    user = editors["registry"]
    sign_in_from(page, server + "/countries/CHL?lang=en", user)
    page.click("#membership-new summary")
    page.select_option("#membership-new-framework", "global")
    page.select_option("#membership-new-status", "partner")
    page.fill("#membership-new-start", "2012-03")
    page.fill("#membership-new-reason", "seen in the partners' list")
    page.click("#membership-new-submit")
    # No source: the form comes back open, with one message and what was typed.
    page.wait_for_selector("#membership-new-error")
    assert "Sources (one per line): this field is required" in page.inner_text(
        "#membership-new-error"
    )
    assert page.input_value("#membership-new-start") == "2012-03"
    assert page.locator("#change-log").count() == 0
    page.fill("#membership-new-sources", "https://www.nato.int/cps/en/natohq/topics_49188.htm")
    page.click("#membership-new-submit")
    saved(page, "membership-")
    anchor = page.url.split("#", 1)[1]
    item = page.locator(f"#{anchor}")
    assert item.get_attribute("data-framework") == "global"
    assert "2012-03" in item.inner_text()
    credited(page, user[0], anchor)


def test_a_registry_editor_corrects_a_membership(
    page: Any, server: str, editors: dict[str, tuple[str, str]]
) -> None:
    user = editors["registry"]
    sign_in_from(page, server + "/countries/SRB?lang=en", user)
    first = page.locator("article.interval").first
    key = first.get_attribute("id")
    first.locator("summary").click()
    page.fill(f"#{key}-note", "Checked against NATO's partner list.")
    page.fill(f"#{key}-reason", "proofreading")
    page.click(f"#{key}-submit")
    saved(page, key)
    assert "Checked against NATO's partner list." in page.inner_text(f"#{key}")
    credited(page, user[0], key)


def test_a_registry_editor_records_an_accession_step(
    page: Any, server: str, editors: dict[str, tuple[str, str]]
) -> None:
    user = editors["registry"]
    sign_in_from(page, server + "/countries/BIH?lang=fr", user)
    page.click("#event-new summary")
    page.select_option("#event-new-stage", "talks")
    page.fill("#event-new-date", "2024-02")
    page.fill("#event-new-source", "https://www.nato.int/bih")
    page.click("#event-new-submit")
    saved(page, "event-")
    anchor = page.url.split("#", 1)[1]
    assert page.get_attribute(f"#{anchor}", "data-stage") == "talks"
    assert page.get_attribute("html", "lang") == "fr"
    credited(page, user[0], anchor.replace("event-", "accession_event-"))


def test_a_ledger_editor_records_a_status_change(
    page: Any, server: str, editors: dict[str, tuple[str, str]]
) -> None:
    user = editors["ledger"]
    sign_in_from(page, f"{server}/ledger/{COMMITMENT}?lang=en", user)
    page.click("#status-form summary")
    page.select_option("#status-form-status", "superseded")
    assert page.input_value("#status-form-on") == date.today().isoformat()  # noqa: DTZ011
    page.fill("#status-form-evidence", "https://www.nato.int/review-2024")
    page.click("#status-form-submit")
    saved(page, "status-form")
    latest = page.locator(".status-history li").last
    assert latest.get_attribute("data-status") == "superseded"
    assert f"recorded by {user[0]}" in latest.inner_text()


def test_a_ledger_editor_scores_compliance(
    page: Any, server: str, editors: dict[str, tuple[str, str]]
) -> None:
    user = editors["ledger"]
    sign_in_from(page, f"{server}/ledger/{COMMITMENT}?lang=en", user)
    page.click("#assessment-form summary")
    page.fill("#assessment-form-actor", "EST")
    page.select_option("#assessment-form-score", "0")
    page.fill("#assessment-form-evidence", "https://www.nato.int/est-2024")
    page.click("#assessment-form-submit")
    saved(page, "assessment-form")
    line = page.locator(".evidence-list li").filter(
        has=page.locator('a[href="https://www.nato.int/est-2024"]')
    )
    assert f"recorded by {user[0]}" in line.inner_text()
    assert "Estonia" in line.inner_text()

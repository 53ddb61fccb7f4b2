"""The web desk in a real Chromium against ``bucarest serve``: a French analyst files an
incident releasable to NATO, which an Austrian analyst (a partner) never sees; an Estonian
point of contact asks for assistance and NATO's response team acknowledges it with the
button. Each user has a browser context of their own; nothing is loaded from another host."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bucarest.app import open_store
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry

pytestmark = pytest.mark.e2e

ROLES = {
    "fra": ("FRA", Role.ANALYST),
    "aut": ("AUT", Role.ANALYST),
    "est": ("EST", Role.POINT_OF_CONTACT),
    "ncirc": ("NCIRC", Role.RESPONDER),
}


@pytest.fixture(scope="module")
def accounts(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Users in the served database (the ``server`` fixture's SQLite file): key -> (user
    name, password)."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e*/e2e.sqlite3"))
    assert found, "the served database is not where tests/e2e/conftest.py puts it"
    db = open_store(f"sqlite:///{found[-1]}")
    suffix = uuid.uuid4().hex[:6]
    out: dict[str, tuple[str, str]] = {}
    try:
        with db.session() as s:
            desk = Desk(s, load_embedded_registry(), db)
            for key, (org, role) in ROLES.items():
                name = f"{key}-{suffix}"
                out[key] = (name, desk.accounts.create_user(name, org, {role})[1])
    finally:
        db.dispose()
    return out


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Pages in fresh browser contexts (one per user), closed at the end."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page: Any, base: str, account: tuple[str, str], outside: list[str]) -> None:
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/desk/incidents?lang=en")
    page.wait_for_url(re.compile(r"/account/login"))
    page.fill("#account-username", account[0])
    page.fill("#account-password", account[1])
    page.click("#account-login")
    page.wait_for_url(re.compile(r"/desk/incidents(\?|$)"))
    assert account[0] in (page.text_content("#desk-me") or "")


def test_incident_releasable_to_nato_and_an_assistance_request(
    server: str, accounts: dict[str, tuple[str, str]], new_page: Any
) -> None:
    outside: list[str] = []
    title = f"Defacement of a ministry site {uuid.uuid4().hex[:6]}"

    # A French analyst files an incident releasable to NATO, TLP:GREEN, through the form.
    fra = new_page()
    log_in(fra, server, accounts["fra"], outside)
    fra.click("#desk-new-incident")
    fra.fill("#desk-title-input", title)
    fra.select_option("#desk-severity", "high")
    fra.select_option("#desk-tlp", "green")
    fra.check('input[name="frameworks"][value="nato"]')
    fra.fill("#desk-description", "The home page was replaced at 02:00 UTC.")
    fra.click("#desk-file")
    fra.wait_for_url(re.compile(r"/desk/incidents/[0-9a-f-]{36}$"))
    incident_url = fra.url
    assert title in (fra.text_content("#desk-title") or "")
    assert "TLP:GREEN" in (fra.text_content("#desk-incident") or "")
    fra.click('.desk-nav a[href="/desk/incidents"]')
    fra.wait_for_selector("#desk-incidents")
    assert title in (fra.text_content("#desk-incidents") or "")

    # An Austrian analyst (a partner, not an Ally) sees no trace of it.
    aut = new_page()
    log_in(aut, server, accounts["aut"], outside)
    assert title not in aut.content()
    aut.fill("#desk-q", title)
    aut.click(".desk-search button")
    aut.wait_for_selector("#desk-empty")
    assert aut.locator(f"text={title}").count() == 0
    response = aut.goto(incident_url)
    assert response is not None and response.status == 404
    assert title not in aut.content()

    # An Estonian point of contact asks for assistance.
    est = new_page()
    log_in(est, server, accounts["est"], outside)
    est.click('.desk-nav a[href="/desk/assistance"]')
    est.click("#desk-new-request")
    est.fill("#desk-request-title", "DDoS against government sites")
    est.fill("#desk-request-system", "gov.ee")
    est.fill("#desk-request-description", "Traffic from a botnet since 02:00 UTC.")
    est.click("#desk-send-request")
    est.wait_for_url(re.compile(r"/desk/assistance/[0-9a-f-]{36}$"))
    request_url = est.url
    assert est.get_attribute("#desk-request", "data-state") == "submitted"
    assert est.locator("#desk-step-form").count() == 0  # the requester takes no team step

    # NATO's response team acknowledges it with the button.
    team = new_page()
    log_in(team, server, accounts["ncirc"], outside)
    team.click('.desk-nav a[href="/desk/assistance"]')
    team.click(f'#desk-requests tr[data-id="{urlsplit(request_url).path.rsplit("/", 1)[1]}"] a')
    team.wait_for_url(request_url)
    assert team.locator("#desk-step-deploy").count() == 0
    team.click("#desk-step-acknowledge")
    team.wait_for_selector('#desk-request[data-state="acknowledged"]')
    assert team.locator("#desk-step-assign").count() == 1
    est.reload()
    assert est.get_attribute("#desk-request", "data-state") == "acknowledged"

    assert outside == []

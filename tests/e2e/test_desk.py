"""The web desk in a real Chromium against ``bucarest serve``: a French analyst files an
incident releasable to NATO, which an Austrian analyst (a partner) never sees; an Estonian
point of contact asks for assistance and NATO's response team acknowledges it with the
button. The daily workflow, in English and French, on a desktop (1440x900) and a phone
(390x844): an indicator from the typed form, the incident's status changed from its page, a
STIX bundle exported; an administrator without the desk's write role is offered no form.
Each user has a browser context of their own; nothing is loaded from another host."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import stix2

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
    "admin": ("FRA", Role.ADMINISTRATOR),
}

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}


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


# --- the daily workflow ---------------------------------------------------------------------


@pytest.fixture
def open_as(browser: Any, server: str) -> Iterator[Callable[..., Any]]:
    """A logged-in page in a fresh context of the given language and viewport."""
    contexts: list[Any] = []

    def make(account: tuple[str, str], lang: str = "en", size: tuple[int, int] = (1440, 900),
             outside: list[str] | None = None) -> Any:  # fmt: skip
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            locale="fr-FR" if lang == "fr" else "en-GB",
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sink: list[str] = [] if outside is None else outside
        page.on("request", lambda r: sink.append(r.url) if not r.url.startswith(server) else None)
        page.goto(f"{server}/desk/incidents?lang={lang}")
        page.wait_for_url(re.compile(r"/account/login"))
        page.fill("#account-username", account[0])
        page.fill("#account-password", account[1])
        page.click("#account-login")
        page.wait_for_url(re.compile(r"/desk/incidents(\?|$)"))
        page.goto(f"{server}/desk/incidents?lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        return page

    yield make
    for context in contexts:
        context.close()


WORDS = {
    "en": {"contained": "contained", "bad": "is not an IPv4 address", "export": "Export STIX bundle"},
    "fr": {"contained": "maîtrisé", "bad": "n'est pas une adresse IPv4", "export": "Exporter le bundle STIX"},
}  # fmt: skip


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_indicator_status_and_export_from_the_pages(
    server: str, accounts: dict[str, tuple[str, str]], open_as: Callable[..., Any],
    lang: str, size: str,
) -> None:  # fmt: skip
    outside: list[str] = []
    words = WORDS[lang]
    fra = open_as(accounts["fra"], lang, VIEWPORTS[size], outside)
    title = f"C2 beacon {lang} {size} {uuid.uuid4().hex[:6]}"
    fra.click("#desk-new-incident")
    fra.fill("#desk-title-input", title)
    fra.select_option("#desk-severity", "medium")
    fra.select_option("#desk-tlp", "green")
    fra.check('input[name="frameworks"][value="nato"]')
    fra.click("#desk-file")
    fra.wait_for_url(re.compile(r"/desk/incidents/[0-9a-f-]{36}$"))
    incident_id = fra.url.rsplit("/", 1)[1]

    # An indicator from the typed form; a bad value is refused in one line, in the language.
    fra.select_option("#desk-observable-type", "ipv4")
    fra.fill("#desk-observable-value", "198.51.100.300")
    fra.click("#desk-add-indicator")
    fra.wait_for_selector("#desk-error")
    assert words["bad"] in (fra.text_content("#desk-error") or "")
    assert fra.input_value("#desk-observable-value") == "198.51.100.300"
    fra.fill("#desk-observable-value", "198.51.100.7")
    fra.fill("#desk-indicator-name", "C2 server")
    fra.click("#desk-add-indicator")
    fra.wait_for_selector("#desk-indicators")
    assert "[ipv4-addr:value = '198.51.100.7']" in (fra.text_content("#desk-indicators") or "")

    # The status changed from the page.
    fra.click("#desk-edit summary")
    fra.select_option("#desk-edit-status", "contained")
    fra.click("#desk-save")
    fra.wait_for_selector(f"#desk-status-now:has-text('{words['contained']}')")
    assert fra.locator("#desk-error").count() == 0

    # The incident's bundle, then the list's: STIX 2.1 that the library parses.
    assert fra.text_content("#desk-export-incident") == words["export"]
    with fra.expect_download() as caught:
        fra.click("#desk-export-incident")
    bundle = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    objects = stix2.parse(bundle, allow_custom=True, version="2.1").objects
    incident = [o for o in objects if o.type == "incident"]
    assert [o.id for o in incident] == [f"incident--{incident_id}"]
    assert incident[0].x_bucarest_status == "contained"
    assert any(o.type == "indicator" and "198.51.100.7" in o.pattern for o in objects)
    fra.click('.desk-nav a[href="/desk/incidents"]')
    with fra.expect_download() as caught:
        fra.click("#desk-export")
    listed = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert f"incident--{incident_id}" in {o["id"] for o in listed["objects"]}

    # A partner's export leaves it out.
    aut = open_as(accounts["aut"], lang, VIEWPORTS[size], outside)
    with aut.expect_download() as caught:
        aut.click("#desk-export")
    assert incident_id not in Path(caught.value.path()).read_text(encoding="utf-8")
    assert outside == []


def test_an_administrator_is_offered_no_desk_form(
    server: str, accounts: dict[str, tuple[str, str]], open_as: Callable[..., Any]
) -> None:
    fra = open_as(accounts["fra"])
    fra.click("#desk-new-incident")
    fra.fill("#desk-title-input", f"Seen by the administrator {uuid.uuid4().hex[:6]}")
    fra.select_option("#desk-tlp", "green")
    fra.check('input[name="frameworks"][value="nato"]')
    fra.click("#desk-file")
    fra.wait_for_url(re.compile(r"/desk/incidents/[0-9a-f-]{36}$"))
    url = fra.url
    admin = open_as(accounts["admin"])
    assert admin.locator("#desk-new-incident").count() == 0
    admin.goto(url)
    assert admin.locator("#desk-incident").count() == 1
    assert admin.locator("form[method='post']:not(.desk-who)").count() == 0
    assert admin.locator("#desk-export-incident").count() == 1
    response = admin.goto(server + "/desk/incidents/new")
    assert response is not None and response.status == 403
    assert admin.locator("#desk-incident-form").count() == 0

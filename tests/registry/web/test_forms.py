"""The country page's correction forms: only a signed-in registry editor or administrator
with the session's CSRF token writes; a refused value re-renders the form as typed with one
message and saves nothing; a recorded change redirects to the page, which shows it, and the
change log credits the user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select

from bucarest.app import create_app
from bucarest.core.i18n import gettext
from bucarest.core.identity import Role
from bucarest.platform.account import CSRF_STALE
from bucarest.platform.database import utc_now
from bucarest.platform.http import SESSION_COOKIE
from bucarest.platform.identity import Accounts
from bucarest.registry.store import RegistryRepository
from bucarest.registry.tables import RegistryChangeTable

USERS = {
    "ed": {Role.REGISTRY_EDITOR},
    "root": {Role.ADMINISTRATOR},
    "ana": {Role.ANALYST},
    "led": {Role.LEDGER_EDITOR},
}

#: Malta's first Partnership for Peace interval (1995-1996), which the corrections amend.
MALTA_PFP = 92


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("registry-forms")) / "forms.sqlite3"
    return create_app(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def passwords(app: FastAPI) -> dict[str, str]:
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        return {name: accounts.create_user(name, "FRA", roles)[1] for name, roles in USERS.items()}


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m is not None, html[-600:]
    return m.group(1)


def sign_in(client: TestClient, passwords: dict[str, str], user: str) -> str:
    """Log ``user`` in through the login page; the CSRF token of their session."""
    page = client.get("/account/login")
    data = {"csrf": csrf_of(page.text), "username": user, "password": passwords[user]}
    assert client.post("/account/login", data=data, follow_redirects=False).status_code == 303
    app: FastAPI = client.app  # type: ignore[assignment]
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        return accounts.session_principal(client.cookies[SESSION_COOKIE])[1]


def writes(app: FastAPI) -> int:
    with app.state.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(RegistryChangeTable)) or 0)


def membership(**over: str) -> dict[str, str]:
    return {"framework": "global", "status": "partner", "start": "2021-06-01",
            "sources": "https://example.org/a\n\n  https://example.org/b  ", "note": "",
            "reason": "recorded from the web", **over}  # fmt: skip


def correction(**over: str) -> dict[str, str]:
    return {"start": "1995-04-26", "end": "1996-10-27", "end_cause": "suspended",
            "sources": "https://www.nato.int/pfp", "note": "checked against the archive",
            "reason": "proofreading", **over}  # fmt: skip


def step(**over: str) -> dict[str, str]:
    return {"stage": "talks", "date": "2024-02", "ally": "", "source": "https://example.org/c",
            "note": "", "reason": "", **over}  # fmt: skip


#: Each form: the page it belongs to, its address, and a body it accepts.
FORMS: dict[str, tuple[str, str, Any]] = {
    "membership": ("BRA", "/countries/BRA/memberships", membership),
    "correction": ("MLT", f"/countries/MLT/memberships/{MALTA_PFP}", correction),
    "step": ("BIH", "/countries/BIH/accession-events", step),
}


# --- who sees the forms ----------------------------------------------------------------------


def test_anyone_reads_the_page_and_only_editors_see_the_forms(
    client: TestClient, passwords: dict[str, str]
) -> None:
    page = client.get("/countries/mlt?lang=fr")
    assert page.status_code == 200
    assert "Malte" in page.text and f'id="membership-{MALTA_PFP}"' in page.text
    assert (
        'id="sign-in-hint"' in page.text and "/account/login?next=%2Fcountries%2FMLT" in page.text
    )
    assert 'name="csrf"' not in page.text and '<form method="post"' not in page.text
    sign_in(client, passwords, "ana")
    page = client.get("/countries/MLT")
    assert 'id="signed-in-as"' in page.text and "registry-editor" in page.text
    assert '<form method="post"' not in page.text
    for user in ("ed", "root"):
        csrf = sign_in(client, passwords, user)
        page = client.get("/countries/MLT")
        for form in ("membership-new-form", f"membership-{MALTA_PFP}-form", "event-new-form"):
            assert f'id="{form}"' in page.text
        # One correction per membership (Malta has three), and the two new-fact forms.
        assert page.text.count('<form method="post"') == 5
        assert page.text.count(f'name="csrf" value="{csrf}"') == 5


def test_the_map_panel_links_to_the_country_page(client: TestClient) -> None:
    panel = client.get("/fragments/country/mlt", params={"lang": "fr"}).text
    assert 'href="/countries/MLT?lang=fr"' in panel
    assert client.get("/countries/MLT?lang=fr").status_code == 200


def test_an_unknown_country_is_a_404_page(client: TestClient) -> None:
    page = client.get("/countries/XYZ")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "XYZ" in page.text


# --- refusals: nothing is saved --------------------------------------------------------------


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: TestClient, app: FastAPI, form: str
) -> None:
    _code, url, body = FORMS[form]
    before = writes(app)
    r = client.post(url, data={**body(), "csrf": "x"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/account/login?next=%2Fcountries%2F")
    assert writes(app) == before


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("token", ["", "stale"])
def test_a_form_without_the_session_token_is_refused(
    client: TestClient, app: FastAPI, passwords: dict[str, str], form: str, token: str
) -> None:
    _code, url, body = FORMS[form]
    sign_in(client, passwords, "ed")
    before = writes(app)
    data = body() if not token else {**body(), "csrf": token}
    r = client.post(url + "?lang=fr", data=data, follow_redirects=False)
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert str(escape(gettext(CSRF_STALE, "fr"))) in r.text
    assert writes(app) == before


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("user", ["ana", "led"])
def test_a_user_without_the_role_is_refused(
    client: TestClient, app: FastAPI, passwords: dict[str, str], form: str, user: str
) -> None:
    _code, url, body = FORMS[form]
    csrf = sign_in(client, passwords, user)
    before = writes(app)
    r = client.post(url, data={**body(), "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 403
    assert f"{user} may not change this; it needs the role registry-editor or administrator" in (
        r.text
    )
    assert writes(app) == before


@pytest.mark.parametrize(
    ("form", "bad", "status", "message"),
    [
        ("membership", {"start": ""}, 400, "Start: this field is required"),
        ("membership", {"sources": " \n "}, 400, "Sources (one per line): this field is required"),
        ("membership", {"status": "ally"}, 400,
         "Status: expected one of member, partner or participant"),
        ("membership", {"status": "member"}, 422, "global"),
        ("membership", {"start": "2021-13-40"}, 400, "2021-13-40"),
        ("correction", {"reason": ""}, 400, "Reason: this field is required"),
        ("correction", {"end": "1994-01-01"}, 422, "1994"),
        ("step", {"date": ""}, 400, "Date: this field is required"),
        ("step", {"source": ""}, 400, "Source: this field is required"),
        ("step", {"stage": "coronation"}, 400, "Stage: expected one of"),
    ],
)  # fmt: skip
def test_a_refused_value_reshows_the_form_as_typed_with_one_message(
    client: TestClient,
    app: FastAPI,
    passwords: dict[str, str],
    form: str,
    bad: dict[str, str],
    status: int,
    message: str,
) -> None:
    code, url, body = FORMS[form]
    csrf = sign_in(client, passwords, "ed")
    before = writes(app)
    typed = {**body(), **bad, "note": "typed by hand <b>"}
    r = client.post(url, data={**typed, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == status, r.text[-800:]
    alerts = re.findall(r'<p class="error form-alert" role="alert" id="([^"]+)-error">([^<]*)</p>',
                        r.text)  # fmt: skip
    assert len(alerts) == 1, alerts
    key, shown = alerts[0]
    assert message in shown.replace("&#39;", "'") and "\n" not in shown
    # The form that failed is open, with what was typed (escaped), and the others are closed.
    opened = re.findall(r'<details class="correction"[^>]*\sopen>\s*<summary>[^<]*</summary>\s*'
                        r'<form [^>]*id="([^"]+)-form"', r.text)  # fmt: skip
    assert opened == [key]
    assert 'value="typed by hand &lt;b&gt;"' in r.text
    assert writes(app) == before
    assert f'data-country="{code}"' in r.text


def test_a_correction_of_another_countrys_membership_is_refused(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    csrf = sign_in(client, passwords, "ed")
    before = writes(app)
    r = client.post(f"/countries/FRA/memberships/{MALTA_PFP}",
                    data={**correction(), "csrf": csrf})  # fmt: skip
    assert r.status_code == 404
    assert f"no membership with id {MALTA_PFP} for FRA" in r.text
    assert writes(app) == before


# --- recorded changes ------------------------------------------------------------------------


def _recorded(client: TestClient, app: FastAPI, r: Any, code: str, user: str) -> str:
    """Follow the redirect after a write; the page, checked to credit ``user``."""
    assert r.status_code == 303, r.text[-800:]
    location = r.headers["location"]
    assert location.startswith(f"/countries/{code}?lang=en&saved=")
    page = client.get(location)
    assert page.status_code == 200 and 'id="saved-note"' in page.text
    with app.state.db.session() as s:
        newest = RegistryRepository(s).change_log(1)[0]
    assert newest["actor"] == user
    anchor = location.split("#", 1)[1]
    assert f'data-actor="{user}"' in page.text and f'href="#{anchor}"' in page.text
    return page.text


def test_an_editor_records_a_membership(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    csrf = sign_in(client, passwords, "ed")
    r = client.post("/countries/BRA/memberships?lang=en", data={**membership(), "csrf": csrf},
                    follow_redirects=False)  # fmt: skip
    page = _recorded(client, app, r, "BRA", "ed")
    assert 'data-framework="global"' in page and "2021-06-01" in page
    api = client.get("/api/v1/countries/BRA").json()["memberships"]
    assert [(m["framework"], m["start"], m["confidence"]) for m in api] == [
        ("global", "2021-06-01", "secondary")
    ]
    # each typed line is one citation, issued by its site
    assert [(c["issuer"], c["url"]) for c in api[0]["sources"]] == [
        ("example.org", "https://example.org/a"),
        ("example.org", "https://example.org/b"),
    ]
    assert 'class="confidence confidence-secondary"' in page


def test_an_administrator_corrects_a_membership(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    csrf = sign_in(client, passwords, "root")
    r = client.post(f"/countries/MLT/memberships/{MALTA_PFP}?lang=en",
                    data={**correction(), "csrf": csrf}, follow_redirects=False)  # fmt: skip
    page = _recorded(client, app, r, "MLT", "root")
    assert "checked against the archive" in page
    with app.state.db.session() as s:
        newest = RegistryRepository(s).change_log(1)[0]
    assert newest["action"] == "correct" and newest["entity_id"] == MALTA_PFP
    assert newest["before"]["note"] != newest["after"]["note"] == "checked against the archive"
    assert newest["reason"] == "proofreading"


def test_an_editor_records_an_accession_step(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    csrf = sign_in(client, passwords, "ed")
    r = client.post("/countries/BIH/accession-events?lang=en", data={**step(), "csrf": csrf},
                    follow_redirects=False)  # fmt: skip
    page = _recorded(client, app, r, "BIH", "ed")
    assert 'data-stage="talks"' in page
    events = client.get("/api/v1/countries/BIH").json()["accession"]
    assert events[-1]["stage"] == "talks" and events[-1]["date"] == "2024-02"


def test_the_forms_write_on_postgresql_too(db_url: str) -> None:
    app = create_app(db_url)
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        passwords = {"ed": accounts.create_user("ed", "FRA", USERS["ed"])[1]}
    with TestClient(app) as client:
        csrf = sign_in(client, passwords, "ed")
        before = writes(app)
        bad = client.post("/countries/BRA/memberships", data={**membership(start=""), "csrf": csrf})
        assert bad.status_code == 400 and writes(app) == before
        r = client.post("/countries/BRA/memberships?lang=en",
                        data={**membership(), "csrf": csrf}, follow_redirects=False)  # fmt: skip
        _recorded(client, app, r, "BRA", "ed")
        assert writes(app) == before + 1
    app.state.db.dispose()

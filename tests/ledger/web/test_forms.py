"""The commitment page's forms: only a signed-in ledger editor or administrator with the
session's CSRF token records a status change or a compliance score; a refused value
re-renders the form as typed with one message and saves nothing; a recorded change redirects
to the page, which shows it credited to the user. The same on PostgreSQL."""

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
from bucarest.core.dates import today
from bucarest.core.i18n import gettext
from bucarest.core.identity import Role
from bucarest.ledger.tables import AssessmentTable, CommitmentTable, StatusEventTable
from bucarest.platform.account import CSRF_STALE
from bucarest.platform.database import utc_now
from bucarest.platform.http import SESSION_COOKIE
from bucarest.platform.identity import Accounts

USERS = {
    "led": {Role.LEDGER_EDITOR},
    "root": {Role.ADMINISTRATOR},
    "ana": {Role.ANALYST},
    "ed": {Role.REGISTRY_EDITOR},
}
#: Decided at Bucharest (2008-04-03); its shipped history says done on 2009-04-04.
COMMITMENT = "afghanistan-review-2009"
PAGE = f"/ledger/{COMMITMENT}"


def create_users(app: FastAPI) -> dict[str, str]:
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        return {name: accounts.create_user(name, "FRA", roles)[1] for name, roles in USERS.items()}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = Path(tmp_path_factory.mktemp("ledger-forms")) / "forms.sqlite3"
    return create_app(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def passwords(app: FastAPI) -> dict[str, str]:
    return create_users(app)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def sign_in(client: TestClient, passwords: dict[str, str], user: str) -> str:
    """Log ``user`` in through the login page; the CSRF token of their session."""
    page = client.get("/account/login")
    m = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert m is not None
    data = {"csrf": m.group(1), "username": user, "password": passwords[user]}
    assert client.post("/account/login", data=data, follow_redirects=False).status_code == 303
    app: FastAPI = client.app  # type: ignore[assignment]
    with app.state.db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_e: None)
        return accounts.session_principal(client.cookies[SESSION_COOKIE])[1]


def state(app: FastAPI) -> tuple[int, int, int]:
    """The commitment's version and how many status changes and scores are stored."""
    with app.state.db.session() as s:
        version = s.scalar(select(CommitmentTable.version).where(CommitmentTable.id == COMMITMENT))
        events = s.scalar(select(func.count()).select_from(StatusEventTable))
        scores = s.scalar(select(func.count()).select_from(AssessmentTable))
        return int(version or 0), int(events or 0), int(scores or 0)


def version_on(html: str, form: str) -> str:
    block = html.split(f'id="{form}-form"', 1)[1]
    m = re.search(r'name="version" value="(\d+)"', block)
    assert m is not None
    return m.group(1)


def status_change(**over: str) -> dict[str, str]:
    return {"status": "superseded", "on": today().isoformat(),
            "evidence": "https://www.nato.int/review", "note": "overtaken", **over}  # fmt: skip


def score(**over: str) -> dict[str, str]:
    return {"actor": "FRA", "score": "1", "as_of": today().isoformat(),
            "evidence": "https://www.nato.int/score", **over}  # fmt: skip


FORMS: dict[str, tuple[str, Any]] = {
    "status-form": (f"{PAGE}/status", status_change),
    "assessment-form": (f"{PAGE}/assessments", score),
}


def body(client: TestClient, form: str, **over: str) -> dict[str, str]:
    """The form's fields with the version the page shows now."""
    _url, make = FORMS[form]
    return {"version": version_on(client.get(PAGE).text, form), **make(**over)}


def test_anyone_reads_the_page_and_only_editors_see_the_forms(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    page = client.get(PAGE + "?lang=fr")
    assert page.status_code == 200 and 'id="sign-in-hint"' in page.text
    assert "/account/login?next=%2Fledger%2Fafghanistan-review-2009" in page.text
    assert '<form method="post"' not in page.text
    sign_in(client, passwords, "ana")
    page = client.get(PAGE)
    assert "ledger-editor" in page.text and '<form method="post"' not in page.text
    for user in ("led", "root"):
        csrf = sign_in(client, passwords, user)
        page = client.get(PAGE)
        assert page.text.count(f'name="csrf" value="{csrf}"') == 2
        for form in FORMS:
            assert version_on(page.text, form) == str(state(app)[0])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: TestClient, app: FastAPI, form: str
) -> None:
    url, make = FORMS[form]
    before = state(app)
    r = client.post(url, data={**make(), "version": "1", "csrf": "x"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/account/login?next=" + url.replace("/", "%2F")
    assert state(app) == before


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("token", ["", "stale"])
def test_a_form_without_the_session_token_is_refused(
    client: TestClient, app: FastAPI, passwords: dict[str, str], form: str, token: str
) -> None:
    url, _make = FORMS[form]
    sign_in(client, passwords, "led")
    data = body(client, form)
    if token:
        data["csrf"] = token
    before = state(app)
    r = client.post(url + "?lang=fr", data=data, follow_redirects=False)
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert str(escape(gettext(CSRF_STALE, "fr"))) in r.text
    assert state(app) == before


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("user", ["ana", "ed"])
def test_a_user_without_the_role_is_refused(
    client: TestClient, app: FastAPI, passwords: dict[str, str], form: str, user: str
) -> None:
    url, make = FORMS[form]
    csrf = sign_in(client, passwords, user)
    before = state(app)
    data = {**make(), "version": str(before[0]), "csrf": csrf}  # their page has no form
    r = client.post(url, data=data, follow_redirects=False)
    assert r.status_code == 403
    assert f"{user} may not change this; it needs the role ledger-editor or administrator" in (
        r.text
    )
    assert state(app) == before


@pytest.mark.parametrize(
    ("form", "bad", "status", "message"),
    [
        ("status-form", {"evidence": " "}, 400, "Evidence: this field is required"),
        ("status-form", {"status": "finished"}, 400, "New status: expected one of in_progress"),
        ("status-form", {"on": "2007-01-01"}, 422, "2007-01-01"),
        ("status-form", {"on": "2999-01-01"}, 422, "2999-01-01"),
        ("status-form", {"on": "yesterday"}, 400, "yesterday"),
        ("status-form", {"version": "0"}, 409, "changed since you read it"),
        ("status-form", {"version": "one"}, 400, "Version: expected a whole number"),
        ("assessment-form", {"actor": "Mars"}, 422, "unknown actor 'Mars'"),
        ("assessment-form", {"score": "2"}, 422, "score 2 is out of range"),
        ("assessment-form", {"score": ""}, 400, "Score: this field is required"),
        ("assessment-form", {"evidence": ""}, 400, "Evidence: this field is required"),
    ],
)
def test_a_refused_value_reshows_the_form_as_typed_with_one_message(
    client: TestClient,
    app: FastAPI,
    passwords: dict[str, str],
    form: str,
    bad: dict[str, str],
    status: int,
    message: str,
) -> None:
    url, _make = FORMS[form]
    csrf = sign_in(client, passwords, "led")
    data = {**body(client, form), **bad, "csrf": csrf}
    marker = "typed <by hand>"
    data["evidence" if "evidence" not in bad else "actor"] = marker
    if form == "status-form" and "evidence" in bad:
        data["note"] = marker
    before = state(app)
    r = client.post(url, data=data, follow_redirects=False)
    assert r.status_code == status, r.text[-600:]
    alerts = re.findall(r'<p class="error form-alert" role="alert" id="([^"]+)-error">([^<]*)</p>',
                        r.text)  # fmt: skip
    assert len(alerts) == 1 and alerts[0][0] == form, alerts
    shown = alerts[0][1].replace("&#39;", "'")
    assert message in shown and "\n" not in shown
    assert 'value="typed &lt;by hand&gt;"' in r.text
    assert state(app) == before


def test_an_editor_records_a_status_change_and_a_score(
    client: TestClient, app: FastAPI, passwords: dict[str, str]
) -> None:
    csrf = sign_in(client, passwords, "led")
    version, events, scores = state(app)
    r = client.post(f"{PAGE}/status?lang=en", data={**body(client, "status-form"), "csrf": csrf},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text[-600:]
    assert r.headers["location"] == f"{PAGE}?lang=en&saved=status-form#status-form"
    page = client.get(r.headers["location"]).text
    assert 'id="saved-note"' in page and 'data-status="superseded"' in page
    assert re.search(r'data-status="superseded">.*?recorded by led</span>', page, re.S)
    assert state(app) == (version + 1, events + 1, scores)
    api = client.get(f"/api/v1/commitments/{COMMITMENT}").json()
    assert api["history"][-1]["recorded_by"] == "led"

    admin = sign_in(client, passwords, "root")
    r = client.post(f"{PAGE}/assessments?lang=en",
                    data={**body(client, "assessment-form"), "csrf": admin},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text[-600:]
    page = client.get(r.headers["location"]).text
    assert re.search(r"https://www\.nato\.int/score.*?recorded by root</span>", page, re.S)
    assert state(app) == (version + 2, events + 1, scores + 1)
    assessments = client.get(f"/api/v1/commitments/{COMMITMENT}").json()["assessments"]
    assert [(a["actor"], a["score"], a["recorded_by"]) for a in assessments][-1] == (
        "FRA",
        1,
        "root",
    )


def test_the_forms_write_on_postgresql_too(db_url: str) -> None:
    app = create_app(db_url)
    passwords = create_users(app)
    with TestClient(app) as client:
        csrf = sign_in(client, passwords, "led")
        before = state(app)
        bad = client.post(f"{PAGE}/status", data={**body(client, "status-form", evidence=""),
                          "csrf": csrf})  # fmt: skip
        assert bad.status_code == 400 and state(app) == before
        ok = client.post(f"{PAGE}/status", data={**body(client, "status-form"), "csrf": csrf},
                         follow_redirects=False)  # fmt: skip
        assert ok.status_code == 303
        assert state(app) == (before[0] + 1, before[1] + 1, before[2])
    app.state.db.dispose()

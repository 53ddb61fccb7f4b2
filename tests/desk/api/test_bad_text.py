"""NUL characters and text that is not Unicode, in desk API and TAXII bodies: a 400 in one
line on SQLite and PostgreSQL alike, and nothing written.

A lone surrogate escape (``"\\ud800"``) or UTF-8-encoded surrogate bytes went through
Python's JSON parser into a TAXII write, which failed with a 500 on both databases; a NUL
gave a 503 on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bucarest.app import create_app
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.desk.tables import DeskRecordTable
from bucarest.registry.data import load_embedded_registry
from tests.desk.taxii import MEDIA, NATO, ROOT, indicator

OBJECTS = f"{ROOT}collections/{NATO}/objects/"
INCIDENTS = "/api/v1/desk/incidents"

#: name: (raw bytes put inside a JSON string, the start of the expected message)
BAD = {
    "NUL escape": (rb"a\u0000b", "the request contains a NUL character"),
    "NUL escape after a backslash": (rb"C:\\\u0000", "the request contains a NUL character"),
    "raw NUL": (b"a\x00b", "the request contains a NUL character"),
    "invalid UTF-8": (b"a\xff\xfeb", "the request body is not valid UTF-8 (at byte "),
    "overlong UTF-8": (b"a\xc0\xafb", "the request body is not valid UTF-8"),
    "Latin-1": ("café".encode("latin-1"), "the request body is not valid UTF-8"),
    "UTF-8 surrogate": (b"a\xed\xa0\x80b", "the request body is not valid UTF-8"),
    "lone high surrogate": (rb"a\ud800b", r"the request body holds an unpaired surrogate escape (\ud800)"),
    "lone low surrogate": (rb"a\uDC00", r"the request body holds an unpaired surrogate escape (\uDC00)"),
    "reversed pair": (rb"\ude00\ud83d", r"the request body holds an unpaired surrogate escape (\ude00)"),
}  # fmt: skip
#: Text that looks close and is fine: an escaped pair, and a backslash before "u0000".
GOOD = {"surrogate pair": rb"smile \ud83d\ude00", "escaped backslash": rb"C:\\u0000\\x"}


@pytest.fixture
def served(db_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(db_url)
    with app.state.db.session() as s:
        desk = Desk(s, load_embedded_registry(), app.state.db)
        desk.accounts.create_user("fra", "FRA", {Role.ANALYST}, password="x" * 16)
        token = desk.accounts.create_token("fra", "bad text")
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    app.state.db.dispose()


def _bodies(raw: bytes) -> dict[str, tuple[str, bytes, str]]:
    """The same text in a TAXII envelope and in a desk API body: path, body, media type."""
    envelope = json.dumps({"objects": [indicator(1, name="NAME")]}).encode()
    incident = json.dumps({"fields": {"title": "NAME", "severity": "low"},
                           "marking": {"tlp": "green", "frameworks": ["nato"]}}).encode()  # fmt: skip
    return {
        "taxii": (OBJECTS, envelope.replace(b"NAME", raw), MEDIA),
        "desk": (INCIDENTS, incident.replace(b"NAME", raw), "application/json"),
    }


def _stored(client: TestClient) -> int:
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(DeskRecordTable)) or 0)


@pytest.mark.parametrize("case", sorted(BAD))
def test_nul_and_text_that_is_not_unicode_are_a_400(
    served: tuple[TestClient, dict[str, str]], case: str
) -> None:
    client, auth = served
    raw, message = BAD[case]
    for where, (path, body, media) in _bodies(raw).items():
        r = client.post(path, content=body,
                        headers={**auth, "Content-Type": media, "Accept": f"{media}, */*"})  # fmt: skip
        assert r.status_code == 400, (where, r.status_code, r.text)
        got: str = r.json()["error"]["message"]
        assert got.startswith(message) and "\n" not in got, (where, got)
    assert _stored(client) == 0


def test_the_refusal_is_in_french_when_asked(served: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = served
    path, body, media = _bodies(rb"a\ud800b")["taxii"]
    r = client.post(path, content=body, headers={**auth, "Content-Type": media,
                                                 "Accept-Language": "fr"})  # fmt: skip
    assert r.status_code == 400
    assert r.json()["error"]["message"].startswith("le corps de la requête contient un échappement")


@pytest.mark.parametrize("case", sorted(GOOD))
def test_text_that_only_looks_odd_is_stored(
    served: tuple[TestClient, dict[str, str]], case: str
) -> None:
    client, auth = served
    expected: Any = json.loads(b'"' + GOOD[case] + b'"')
    bodies = _bodies(GOOD[case])
    path, body, media = bodies["taxii"]
    r = client.post(path, content=body, headers={**auth, "Content-Type": media, "Accept": media})
    assert r.status_code == 202 and r.json()["success_count"] == 1, r.text
    got = client.get(path, headers={**auth, "Accept": media}).json()["objects"]
    assert [o["name"] for o in got] == [expected]
    path, body, media = bodies["desk"]
    r = client.post(path, content=body, headers={**auth, "Content-Type": media})
    assert r.status_code == 201, r.text
    assert r.json()["fields"]["title"] == expected
    assert _stored(client) == 2

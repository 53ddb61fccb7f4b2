"""``BUCAREST_PUBLIC_READ``: by default anyone reads the registry, the ledger and the analyses;
on a server that is not public, the API asks every reader for credentials and the pages send
visitors to sign in, while sign-in itself and static files stay reachable."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.identity import Role
from tests.identity import token_headers

READS = ["/api/v1/members", "/api/v1/commitments", "/api/v1/energy/scenarios",
         "/api/v1/md/parameters"]  # fmt: skip


@pytest.fixture
def closed(tmp_path: Path) -> TestClient:
    return TestClient(create_app(f"sqlite:///{tmp_path / 'c.sqlite3'}", public_read=False))


def test_a_public_server_answers_anonymous_readers(tmp_path: Path) -> None:
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'p.sqlite3'}"))
    for path in READS:
        assert client.get(path).status_code == 200, path
    assert client.get("/").status_code == 200


def test_a_closed_server_asks_every_reader_for_credentials(closed: TestClient) -> None:
    for path in READS:
        r = closed.get(path)
        assert r.status_code == 401, path
        assert r.json()["error"]["code"] == "unauthenticated"
    reader = token_headers(closed, Role.READER, "fra-reader", "FRA")
    for path in READS:
        assert closed.get(path, headers=reader).status_code == 200, path


def test_a_closed_servers_pages_send_visitors_to_sign_in(closed: TestClient) -> None:
    for page in ("/", "/ledger", "/energy", "/missile-defence"):
        r = closed.get(page, follow_redirects=False)
        assert r.status_code == 303, page
        assert r.headers["location"].startswith("/account/login")
    assert closed.get("/account/login").status_code == 200


def test_the_setting_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUCAREST_PUBLIC_READ", "false")
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'e.sqlite3'}"))
    assert client.get("/api/v1/members").status_code == 401

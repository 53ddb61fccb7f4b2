"""Authentication off the event loop: every password checked for an API call (the
registry's and ledger's writes, the desk, the password change) is hashed in a worker
thread, where no event loop runs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bucarest.app import create_app
from bucarest.core.identity import Principal, Role
from bucarest.platform.database import utc_now
from bucarest.platform.identity import Accounts

PASSWORD = "the editor's password"


class Watched(Accounts):
    """Accounts that note, for each password checked, whether an event loop was running."""

    on_loop: list[bool] = []

    def login(self, *args: Any, **kwargs: Any) -> Principal:
        try:
            asyncio.get_running_loop()
            Watched.on_loop.append(True)
        except RuntimeError:
            Watched.on_loop.append(False)
        return super().login(*args, **kwargs)


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    app = create_app(f"sqlite:///{tmp_path / 'http.sqlite3'}")
    with app.state.db.session() as s:
        Accounts(s, utc_now, lambda *_e: None).create_user(
            "editor", "NATO", {Role.REGISTRY_EDITOR, Role.ANALYST}, password=PASSWORD
        )

    def watched(_request: Request, session: Session) -> Accounts:
        return Watched(session, utc_now, lambda *_e: None)

    app.state.accounts_factory = watched
    Watched.on_loop.clear()
    return app


def test_passwords_are_checked_off_the_event_loop(app: FastAPI) -> None:
    client = TestClient(app)
    auth = ("editor", PASSWORD)
    assert client.get("/api/v1/desk/me", auth=auth).status_code == 200
    r = client.post("/api/v1/memberships", auth=auth, json={})
    assert r.status_code == 422  # authenticated, then the body is checked
    r = client.post("/api/v1/account/password", auth=auth,
                    json={"current_password": PASSWORD, "new_password": "a new password!"})  # fmt: skip
    assert r.status_code == 200
    assert Watched.on_loop and not any(Watched.on_loop), Watched.on_loop

"""Accounts for the tests: a user of a given role and the headers that carry its token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bucarest.core.errors import ConflictError
from bucarest.core.identity import Role
from bucarest.platform.database import Database, utc_now
from bucarest.platform.identity import Accounts


def token_headers(
    client: TestClient, role: Role, username: str = "editor", organisation: str = "NATO"
) -> dict[str, str]:
    """``Authorization`` headers of a (new, or existing) user with ``role``."""
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        accounts = Accounts(s, utc_now, lambda *_entry: None)
        try:
            accounts.create_user(username, organisation, {role})
        except ConflictError:
            pass
        token = accounts.create_token(username)
    return {"Authorization": f"Bearer {token}"}


def choose_own_password(database_url: str, username: str, one_time: str) -> None:
    """Replace ``username``'s one-time password (as printed by ``bucarest users add``) with
    one of their own, as they must before their tokens are accepted."""
    db = Database.open(database_url)
    try:
        with db.session() as s:
            Accounts(s, utc_now, lambda *_entry: None).change_password(
                username, one_time, "a password of my own"
            )
    finally:
        db.dispose()

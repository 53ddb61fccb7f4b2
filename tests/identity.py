"""Accounts for the tests: a user of a given role and the headers that carry its token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bucarest.core.errors import ConflictError
from bucarest.core.identity import Role
from bucarest.platform.database import utc_now
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

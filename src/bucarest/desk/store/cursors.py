"""Signed page cursors: a ``next`` value is bound to the user and the query it was issued
for, and signed with a per-database secret, so it cannot be forged, replayed by another user,
or moved to another query.

Example::

    >>> from bucarest.core.identity import Principal, Role
    >>> ana = Principal("ana", "FRA", frozenset({Role.ANALYST}))
    >>> token = sign_cursor(b"k" * 32, ana, {"kind": "practice"}, 42)
    >>> read_cursor(b"k" * 32, ana, {"kind": "practice"}, token)
    42
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.identity import Principal
from bucarest.desk.tables import DeskSettingTable
from bucarest.platform.database import Database

__all__ = ["cursor_secret", "read_cursor", "sign_cursor"]


def sign_cursor(secret: bytes, p: Principal, query: dict[str, Any], seq: int) -> str:
    """The ``next`` value for ``p``'s ``query`` after the row numbered ``seq``."""
    body = json.dumps(
        {"u": p.username, "q": query, "s": seq}, sort_keys=True, separators=(",", ":")
    )
    mac = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()[:32]
    return base64.urlsafe_b64encode(f"{body}|{mac}".encode()).decode().rstrip("=")


def read_cursor(secret: bytes, p: Principal, query: dict[str, Any], cursor: str) -> int:
    """The position a cursor stands for, if it was issued to ``p`` for this query."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        body, mac = raw.rsplit("|", 1)
        good = hmac.compare_digest(
            mac, hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()[:32]
        )
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        good, data = False, {}
    if not good or data.get("u") != p.username or data.get("q") != query:
        raise InvalidInputError(
            N_(
                "this 'next' value was not issued for this user and query; expected the value from the previous page"
            )
        )
    return int(data["s"])


def cursor_secret(db: Database) -> bytes:
    """A per-database secret for signing cursors, created on first use."""
    key = "cursor_secret"
    table: Any = DeskSettingTable.__table__
    with db.engine.begin() as conn:
        found = conn.execute(
            select(DeskSettingTable.value).where(DeskSettingTable.key == key)
        ).first()
    if found is None:
        try:
            with db.engine.begin() as conn:
                conn.execute(table.insert().values(key=key, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process created it first; read theirs
    with db.engine.begin() as conn:
        value = conn.execute(
            select(DeskSettingTable.value).where(DeskSettingTable.key == key)
        ).scalar_one()
    return bytes.fromhex(value)

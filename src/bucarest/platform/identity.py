"""The platform's one identity: users with argon2id passwords, API tokens and web sessions
(tokens and session cookies kept only as SHA-256 digests), for every capability: the cyber
desk's reads and writes, and the registry's and the ledger's writes. (The tables keep the
``desk_`` names they were created with.)

Example::

    >>> from bucarest.app import open_store
    >>> from bucarest.core.identity import Role
    >>> from bucarest.platform.database import utc_now
    >>> db = open_store("sqlite:///:memory:")
    >>> with db.session() as s:
    ...     accounts = Accounts(s, utc_now, lambda *entry: None)
    ...     _user, password = accounts.create_user("ana", "FRA", {Role.ANALYST})
    ...     accounts.login("ana", password).organisation
    'FRA'
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, bindparam, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from bucarest.core.identity import NATO_BODIES, Principal, Role, check_organisation
from bucarest.platform.database import Base, as_utc, csv_set, csv_values

__all__ = [
    "SESSION_LIFETIME",
    "Accounts",
    "SessionTable",
    "TokenTable",
    "UserTable",
    "hash_secret",
    "principal_of",
]


class UserTable(Base):
    """Accounts: an organisation (nation or NATO body), roles, an argon2 password hash."""

    __tablename__ = "desk_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    organisation: Mapped[str] = mapped_column(String(8))
    roles: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class TokenTable(Base):
    """API tokens, stored as SHA-256 hashes; revocable."""

    __tablename__ = "desk_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionTable(Base):
    """Web sessions (the cookie's SHA-256) with their CSRF token."""

    __tablename__ = "desk_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def principal_of(row: Any) -> Principal:
    """The principal of a user row (mapped, or plain with the same column names)."""
    return Principal(
        row.username, row.organisation, frozenset(Role(r) for r in csv_values(row.roles))
    )


_HASHER = PasswordHasher()


SESSION_LIFETIME = timedelta(hours=8)


def hash_secret(secret: str) -> str:
    """SHA-256 hex digest of a token or session cookie (never stored in clear)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


#: The user behind a live token, as plain columns past the ORM, and always the same statement
#: object (SQLAlchemy then reuses its compiled form as is): every TAXII request asks it.
_TOKEN_USER = (
    select(UserTable.username, UserTable.organisation, UserTable.roles,
           UserTable.disabled)
    .join(TokenTable, TokenTable.user_id == UserTable.id)
    .where(TokenTable.token_hash == bindparam("hash"), TokenTable.revoked_at.is_(None))
)  # fmt: skip


class Accounts:
    """The desk's accounts over one session: ``now`` is the clock (UTC), ``audit`` appends an
    entry ``(actor, action, target, allowed, reason)`` to the audit chain."""

    def __init__(
        self,
        session: Session,
        now: Callable[[], datetime],
        audit: Callable[[str, str, str, bool, str], None],
    ) -> None:
        self.s = session
        self.now = now
        self.audit = audit

    def create_user(self, username: str, organisation: str, roles: Iterable[Role],
                    password: str | None = None) -> tuple[Principal, str]:  # fmt: skip
        """A new account; returns the principal and its password (generated when not
        given: 24 random bytes, shown once)."""
        name = username.strip()
        if (
            not name
            or len(name) > 80
            or not name.replace("-", "").replace("_", "").replace(".", "").isalnum()
        ):
            raise InvalidInputError(
                N_(
                    "a user name '{name}' is not allowed; expected 1 to 80 letters, digits, '.', '-' or '_'"
                ),
                name=username,
            )
        org = check_organisation(organisation)
        role_set = frozenset(roles)
        if not role_set:
            raise InvalidInputError(N_("a user needs at least one role; expected one of {roles}"),
                                    roles=", ".join(r.value for r in Role))  # fmt: skip
        if Role.RESPONDER in role_set and org not in NATO_BODIES:
            raise InvalidInputError(N_("responders belong to a NATO body ({bodies}); expected --organisation NCIRC"),
                                    bodies=", ".join(sorted(NATO_BODIES)))  # fmt: skip
        if Role.POINT_OF_CONTACT in role_set and org in NATO_BODIES:
            raise InvalidInputError(
                N_("a national point of contact belongs to a nation; expected an alpha-3 code")
            )
        if self.s.scalar(select(UserTable.id).where(UserTable.username == name)) is not None:
            raise ConflictError(N_("user '{name}' already exists"), name=name)
        secret = password if password is not None else secrets.token_urlsafe(24)
        if len(secret) < 12:
            raise InvalidInputError(N_("a password needs at least 12 characters"))
        row = UserTable(username=name, organisation=org, roles=csv_set(r.value for r in role_set),
                            password_hash=_HASHER.hash(secret), created_at=self.now(), disabled=False)  # fmt: skip
        self.s.add(row)
        self.s.flush()
        self.audit(
            "admin",
            "user-create",
            f"user:{name}",
            True,
            f"{org} {sorted(r.value for r in role_set)}",
        )
        return principal_of(row), secret

    def users(self) -> tuple[Principal, ...]:
        rows = self.s.scalars(select(UserTable).order_by(UserTable.username))
        return tuple(principal_of(r) for r in rows)

    def principal(self, username: str) -> Principal:
        row = self.s.scalar(select(UserTable).where(UserTable.username == username))
        if row is None or row.disabled:
            raise NotFoundError(N_("no user '{name}'"), name=username)
        return principal_of(row)

    def login(self, username: str, password: str) -> Principal:
        """The principal whose password this is; :class:`AuthenticationError` otherwise
        (the same message whether the user exists or not)."""
        row = self.s.scalar(select(UserTable).where(UserTable.username == username))
        ok = False
        if row is not None and not row.disabled:
            try:
                ok = _HASHER.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            _HASHER.hash("a constant amount of work for unknown users")
        self.audit(username[:80], "login", f"user:{username[:60]}", ok, "password")
        if not ok or row is None:
            raise AuthenticationError(N_("wrong user name or password"))
        return principal_of(row)

    def create_token(self, username: str, name: str = "api") -> str:
        """A new API token for ``username`` (returned once; only its digest is kept)."""
        user = self.s.scalar(select(UserTable).where(UserTable.username == username))
        if user is None or user.disabled:
            raise NotFoundError(N_("no user '{name}'"), name=username)
        token = "bct_" + secrets.token_urlsafe(32)
        self.s.add(TokenTable(user_id=user.id, name=name[:200], token_hash=hash_secret(token),
                                  created_at=self.now(), revoked_at=None))  # fmt: skip
        self.audit(username, "token-create", f"user:{username}", True, name[:100])
        return token

    def revoke_tokens(self, username: str) -> int:
        """Revoke every active token of ``username``; returns how many."""
        user = self.s.scalar(select(UserTable).where(UserTable.username == username))
        if user is None:
            raise NotFoundError(N_("no user '{name}'"), name=username)
        rows = self.s.scalars(select(TokenTable).where(TokenTable.user_id == user.id,
                                                           TokenTable.revoked_at.is_(None)))  # fmt: skip
        count = 0
        for row in rows:
            row.revoked_at = self.now()
            count += 1
        self.audit(username, "token-revoke", f"user:{username}", True, str(count))
        return count

    def token_principal(self, token: str) -> Principal:
        """The principal behind an API token; :class:`AuthenticationError` if it is unknown,
        revoked or its user disabled. Only tokens the desk issued are accepted."""
        if not token.startswith("bct_") or len(token) > 200:
            raise AuthenticationError(N_("unknown or revoked token"))
        self.s.flush()  # what the ORM would do first (nothing, unless accounts were added)
        row = self.s.connection().execute(_TOKEN_USER, {"hash": hash_secret(token)}).one_or_none()
        if row is None or row.disabled:
            raise AuthenticationError(N_("unknown or revoked token"))
        return principal_of(row)

    def open_session(self, p: Principal) -> tuple[str, str]:
        """A web session for ``p``: the cookie value and its CSRF token."""
        user = self.s.scalar(select(UserTable).where(UserTable.username == p.username))
        if user is None:
            raise NotFoundError(N_("no user '{name}'"), name=p.username)
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = self.now()
        self.s.add(SessionTable(id=hash_secret(cookie), user_id=user.id, csrf=csrf,
                                    created_at=now, expires_at=now + SESSION_LIFETIME))  # fmt: skip
        return cookie, csrf

    def session_principal(self, cookie: str) -> tuple[Principal, str]:
        """The principal and CSRF token of a live session cookie."""
        row = self.s.execute(
            select(UserTable, SessionTable)
            .join(SessionTable, SessionTable.user_id == UserTable.id)
            .where(SessionTable.id == hash_secret(cookie))
        ).one_or_none()  # fmt: skip
        if row is None or as_utc(row[1].expires_at) <= self.now() or row[0].disabled:
            raise AuthenticationError(N_("the session has ended; log in again"))
        return principal_of(row[0]), row[1].csrf

    def close_session(self, cookie: str) -> None:
        row = self.s.get(SessionTable, hash_secret(cookie))
        if row is not None:
            self.s.delete(row)

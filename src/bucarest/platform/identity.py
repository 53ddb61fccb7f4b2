"""The platform's one identity: users with argon2id passwords, API tokens and web sessions
(tokens and session cookies kept only as SHA-256 digests), for every capability: the cyber
desk's reads and writes, and the registry's and the ledger's writes. (The tables keep the
``desk_`` names they were created with.)

The life of an account, all of it in the database (every worker process sees it at once):

* an administrator creates a user (or resets their password) with a **one-time password**:
  it opens a web session that can do nothing but choose a new password, and the user's
  tokens and HTTP Basic password are refused (403 ``password_change_required``) until they
  have chosen one (:meth:`Accounts.change_password`);
* a password has :data:`PASSWORD_MIN` to :data:`PASSWORD_MAX` characters and is not the
  user name; changing it ends the user's other web sessions;
* disabling a user ends their sessions and revokes their tokens at once; logging in then
  says the account is disabled (only to someone who gave its password);
* after :data:`MAX_USER_FAILURES` failed logins for one user name, or
  :data:`MAX_ADDRESS_FAILURES` from one client address, within :data:`THROTTLE_WINDOW`,
  logins are refused (:class:`~bucarest.core.errors.ThrottledError`, 429 with
  ``Retry-After``) without checking the password; a successful login clears the user
  name's failures. Failures are stored in a transaction of their own once the request's
  unit of work has ended, so a request that fails still counts.

Every event goes to the ``audit`` callback ``(actor, action, target, allowed, reason)``.

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
import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PasswordChangeRequiredError,
    ThrottledError,
)
from bucarest.core.identity import NATO_BODIES, Principal, Role, check_organisation
from bucarest.platform.database import Base, UTCDateTime, csv_set, csv_values

__all__ = [
    "MAX_ADDRESS_FAILURES",
    "MAX_USER_FAILURES",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "SESSION_LIFETIME",
    "THROTTLE_WINDOW",
    "Accounts",
    "LiveSession",
    "LoginFailureTable",
    "SessionTable",
    "TokenTable",
    "UserStatus",
    "UserTable",
    "check_password",
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Signed in with a one-time password: may do nothing but choose a new one.
    must_change: Mapped[bool] = mapped_column("must_change_password", Boolean, default=False)


class TokenTable(Base):
    """API tokens, stored as SHA-256 hashes; revocable."""

    __tablename__ = "desk_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SessionTable(Base):
    """Web sessions (the cookie's SHA-256) with their CSRF token."""

    __tablename__ = "desk_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginFailureTable(Base):
    """Failed logins of the last :data:`THROTTLE_WINDOW`, by user name and client address."""

    __tablename__ = "platform_login_failures"
    __table_args__ = (
        Index("ix_login_failures_user", "username", "at"),
        Index("ix_login_failures_address", "address", "at"),
        Index("ix_login_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


def principal_of(row: Any) -> Principal:
    """The principal of a user row (mapped, or plain with the same column names)."""
    return Principal(
        row.username, row.organisation, frozenset(Role(r) for r in csv_values(row.roles))
    )


_HASHER = PasswordHasher()


SESSION_LIFETIME = timedelta(hours=8)

#: Password lengths accepted (characters); the upper bound keeps hashing cheap.
PASSWORD_MIN = 12
PASSWORD_MAX = 256

#: Failed logins that stop further attempts for a user name, and from one client address,
#: within the window.
MAX_USER_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
THROTTLE_WINDOW = timedelta(minutes=15)

_WRONG = N_("wrong user name or password")


@dataclass(frozen=True)
class LiveSession:
    """A live web session: who, its CSRF token, and whether the user must first choose a
    new password (signed in with a one-time one)."""

    principal: Principal
    csrf: str
    must_change: bool


@dataclass(frozen=True)
class UserStatus:
    """An account as an administrator lists it."""

    principal: Principal
    disabled: bool
    must_change: bool


def check_password(secret: str, username: str) -> None:
    """:class:`InvalidInputError` with the one rule ``secret`` breaks, if any.

    >>> check_password("correct horse battery", "ana")
    >>> check_password("short", "ana")
    Traceback (most recent call last):
    bucarest.core.errors.InvalidInputError: a password needs 12 to 256 characters; this one has 5
    """
    if not PASSWORD_MIN <= len(secret) <= PASSWORD_MAX:
        raise InvalidInputError(
            N_("a password needs {min} to {max} characters; this one has {count}"),
            min=PASSWORD_MIN, max=PASSWORD_MAX, count=len(secret),
        )  # fmt: skip
    if secret.strip().casefold() == username.strip().casefold():
        raise InvalidInputError(N_("a password must not be the user name; choose another"))


def hash_secret(secret: str) -> str:
    """SHA-256 hex digest of a token or session cookie (never stored in clear)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


#: The user behind a live token, as plain columns past the ORM, and always the same statement
#: object (SQLAlchemy then reuses its compiled form as is): every TAXII request asks it.
_TOKEN_USER = (
    select(UserTable.username, UserTable.organisation, UserTable.roles,
           UserTable.disabled, UserTable.must_change.label("must_change"))
    .join(TokenTable, TokenTable.user_id == UserTable.id)
    .where(TokenTable.token_hash == bindparam("hash"), TokenTable.revoked_at.is_(None))
)  # fmt: skip


class Accounts:
    """The accounts over one session: ``now`` is the clock (UTC), ``audit`` appends an
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

    def _user(self, username: str) -> UserTable:
        row = self.s.scalar(select(UserTable).where(UserTable.username == username))
        if row is None:
            raise NotFoundError(N_("no user '{name}'"), name=username)
        return row

    def create_user(self, username: str, organisation: str, roles: Iterable[Role],
                    password: str | None = None, one_time: bool = False,
                    ) -> tuple[Principal, str]:  # fmt: skip
        """A new account; returns the principal and its password (generated when not
        given: 24 random bytes, shown once). With ``one_time`` (what an administrator's
        interfaces pass) the user must choose their own password before anything else."""
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
        check_password(secret, name)
        row = UserTable(username=name, organisation=org, roles=csv_set(r.value for r in role_set),
                        password_hash=_HASHER.hash(secret), created_at=self.now(), disabled=False,
                        must_change=one_time)  # fmt: skip
        self.s.add(row)
        self.s.flush()
        self.audit(
            "admin",
            "user-create",
            f"user:{name}",
            True,
            f"{org} {sorted(r.value for r in role_set)}" + (" one-time" if one_time else ""),
        )
        return principal_of(row), secret

    def users(self) -> tuple[Principal, ...]:
        rows = self.s.scalars(select(UserTable).order_by(UserTable.username))
        return tuple(principal_of(r) for r in rows)

    def statuses(self) -> tuple[UserStatus, ...]:
        """Every account with whether it is disabled and still has a one-time password."""
        rows = self.s.scalars(select(UserTable).order_by(UserTable.username))
        return tuple(UserStatus(principal_of(r), r.disabled, r.must_change) for r in rows)

    def principal(self, username: str) -> Principal:
        row = self.s.scalar(select(UserTable).where(UserTable.username == username))
        if row is None or row.disabled:
            raise NotFoundError(N_("no user '{name}'"), name=username)
        return principal_of(row)

    # --- logging in ----------------------------------------------------------------------

    def login(self, username: str, password: str, address: str = "",
              allow_one_time: bool = False) -> Principal:  # fmt: skip
        """The principal whose password this is; :class:`AuthenticationError` otherwise
        (the same message whether the user exists or not), :class:`ThrottledError` after
        too many failures (see the module), and :class:`PasswordChangeRequiredError` for a
        one-time password unless ``allow_one_time``. ``address`` is the client's."""
        row = self._authenticate(username, password, address, _WRONG)
        if row.must_change and not allow_one_time:
            raise PasswordChangeRequiredError(_ONE_TIME, name=row.username)
        return principal_of(row)

    def _authenticate(self, username: str, password: str, address: str,
                      wrong: str) -> UserTable:  # fmt: skip
        name, address = username[:80], address[:64]
        failures = self._throttle(name, address)
        row = self.s.scalar(select(UserTable).where(UserTable.username == name))
        ok = False
        if row is not None and len(password) <= PASSWORD_MAX:
            try:
                ok = _HASHER.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            _HASHER.hash("a constant amount of work for unknown users")
        if not ok or row is None:
            self.audit(name, "login", f"user:{name[:60]}", False, "password")
            self._after(lambda s: s.add(LoginFailureTable(username=name, address=address,
                                                          at=self.now())))  # fmt: skip
            raise AuthenticationError(wrong)
        if row.disabled:
            self.audit(name, "login", f"user:{name}", False, "disabled")
            raise AuthenticationError(N_("the account '{name}' is disabled; ask an administrator to enable it"),
                                      name=name)  # fmt: skip
        self.audit(name, "login", f"user:{name}", True, "password")
        if failures:
            self.s.execute(delete(LoginFailureTable).where(LoginFailureTable.username == name))
        return row

    def _throttle(self, name: str, address: str) -> int:
        """:class:`ThrottledError` past a limit; else the user name's recent failures."""
        since = self.now() - THROTTLE_WINDOW
        t = LoginFailureTable
        checks = [(t.username == name, MAX_USER_FAILURES)]
        if address:
            checks.append((t.address == address, MAX_ADDRESS_FAILURES))
        counts = []
        for where, limit in checks:
            count, first = self.s.execute(
                select(func.count(t.id), func.min(t.at)).where(where, t.at >= since)
            ).one()
            counts.append(int(count))
            if count >= limit and first is not None:
                # ``first`` comes back through the column's type: aware UTC.
                wait = max(1, math.ceil((first + THROTTLE_WINDOW - self.now()).total_seconds()))
                self.audit(name, "login-throttled", f"user:{name[:60]}", False,
                           f"{count} failures; {address}"[:200])  # fmt: skip
                raise ThrottledError(_THROTTLED, retry_after=wait, minutes=math.ceil(wait / 60))
        return counts[0]

    def _after(self, work: Callable[[Session], None]) -> None:
        """Run ``work`` in a transaction of its own once this unit of work has ended
        (committed or not): what a failed request must still store."""
        bind = self.s.get_bind()
        now = self.now()

        def run() -> None:
            with Session(bind) as s, s.begin():
                work(s)
                s.execute(
                    delete(LoginFailureTable).where(LoginFailureTable.at < now - THROTTLE_WINDOW)
                )

        self.s.info.setdefault("after_close", []).append(run)

    # --- tokens ----------------------------------------------------------------------------

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
        user = self._user(username)
        count = self._revoke(user)
        self.audit(username, "token-revoke", f"user:{username}", True, str(count))
        return count

    def _revoke(self, user: UserTable) -> int:
        done = self.s.execute(
            update(TokenTable)
            .where(TokenTable.user_id == user.id, TokenTable.revoked_at.is_(None))
            .values(revoked_at=self.now())
        )
        return int(getattr(done, "rowcount", 0) or 0)

    def token_principal(self, token: str, allow_one_time: bool = False) -> Principal:
        """The principal behind an API token; :class:`AuthenticationError` if it is unknown,
        revoked or its user disabled, :class:`PasswordChangeRequiredError` while its user
        has a one-time password (unless ``allow_one_time``). Only tokens the platform
        issued are accepted."""
        if not token.startswith("bct_") or len(token) > 200:
            raise AuthenticationError(N_("unknown or revoked token"))
        self.s.flush()  # what the ORM would do first (nothing, unless accounts were added)
        row = self.s.connection().execute(_TOKEN_USER, {"hash": hash_secret(token)}).one_or_none()
        if row is None or row.disabled:
            raise AuthenticationError(N_("unknown or revoked token"))
        if row.must_change and not allow_one_time:
            raise PasswordChangeRequiredError(_ONE_TIME, name=row.username)
        return principal_of(row)

    # --- web sessions ----------------------------------------------------------------------

    def open_session(self, p: Principal) -> tuple[str, str]:
        """A web session for ``p``: the cookie value and its CSRF token."""
        user = self._user(p.username)
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = self.now()
        self.s.add(SessionTable(id=hash_secret(cookie), user_id=user.id, csrf=csrf,
                                    created_at=now, expires_at=now + SESSION_LIFETIME))  # fmt: skip
        return cookie, csrf

    def session_state(self, cookie: str) -> LiveSession:
        """The live session of a cookie (a one-time password's included);
        :class:`AuthenticationError` when it has ended or its user is disabled."""
        row = self.s.execute(
            select(UserTable, SessionTable)
            .join(SessionTable, SessionTable.user_id == UserTable.id)
            .where(SessionTable.id == hash_secret(cookie))
        ).one_or_none()  # fmt: skip
        if row is None or row[1].expires_at <= self.now() or row[0].disabled:
            raise AuthenticationError(N_("the session has ended; log in again"))
        return LiveSession(principal_of(row[0]), row[1].csrf, row[0].must_change)

    def session_principal(self, cookie: str, allow_one_time: bool = False) -> tuple[Principal, str]:
        """The principal and CSRF token of a live session cookie;
        :class:`PasswordChangeRequiredError` while its user has a one-time password
        (unless ``allow_one_time``)."""
        live = self.session_state(cookie)
        if live.must_change and not allow_one_time:
            raise PasswordChangeRequiredError(_ONE_TIME, name=live.principal.username)
        return live.principal, live.csrf

    def must_change(self, cookie: str) -> bool:
        """Whether a session cookie is live and its user still has a one-time password."""
        found = self.s.scalar(
            select(UserTable.must_change)
            .join(SessionTable, SessionTable.user_id == UserTable.id)
            .where(SessionTable.id == hash_secret(cookie), SessionTable.expires_at > self.now())
        )  # fmt: skip
        return bool(found)

    def close_session(self, cookie: str) -> None:
        row = self.s.get(SessionTable, hash_secret(cookie))
        if row is not None:
            self.s.delete(row)

    def _end_sessions(self, user: UserTable, keep: str | None = None) -> int:
        query = delete(SessionTable).where(SessionTable.user_id == user.id)
        if keep:
            query = query.where(SessionTable.id != hash_secret(keep))
        return int(getattr(self.s.execute(query), "rowcount", 0) or 0)

    # --- life cycle --------------------------------------------------------------------------

    def change_password(self, username: str, current: str, new: str, address: str = "",
                        keep_session: str | None = None) -> None:  # fmt: skip
        """Set ``username``'s password to ``new`` after checking ``current`` (throttled as
        a login); ends their other web sessions (all but ``keep_session``, a cookie)."""
        row = self._authenticate(username, current, address,
                                 N_("the current password is wrong; type the one you signed in with"))  # fmt: skip
        check_password(new, row.username)
        if new == current:
            raise InvalidInputError(N_("the new password is the one you have now; choose another"))
        row.password_hash = _HASHER.hash(new)
        row.must_change = False
        ended = self._end_sessions(row, keep_session)
        self.audit(row.username, "password-change", f"user:{row.username}", True,
                   f"{ended} other session(s) ended")  # fmt: skip

    def reset_password(self, username: str) -> str:
        """A new one-time password for ``username`` (returned once), for one who lost theirs
        or whose password may be known to others: their sessions end and their tokens are
        revoked."""
        row = self._user(username)
        secret = secrets.token_urlsafe(24)
        row.password_hash = _HASHER.hash(secret)
        row.must_change = True
        sessions, tokens = self._end_sessions(row), self._revoke(row)
        self.audit("admin", "password-reset", f"user:{row.username}", True,
                   f"{sessions} session(s) ended, {tokens} token(s) revoked")  # fmt: skip
        return secret

    def disable_user(self, username: str) -> tuple[int, int]:
        """Disable ``username`` at once: their sessions end and their tokens are revoked
        (returns how many of each); logging in is refused until :meth:`enable_user`."""
        row = self._user(username)
        row.disabled = True
        sessions, tokens = self._end_sessions(row), self._revoke(row)
        self.audit("admin", "user-disable", f"user:{row.username}", True,
                   f"{sessions} session(s) ended, {tokens} token(s) revoked")  # fmt: skip
        return sessions, tokens

    def enable_user(self, username: str) -> None:
        """Let ``username`` log in again (revoked tokens stay revoked)."""
        row = self._user(username)
        row.disabled = False
        self.audit("admin", "user-enable", f"user:{row.username}", True, "")


_ONE_TIME = N_(
    "user '{name}' signed in with a one-time password and must choose a new one first "
    "(/account/password, or POST /api/v1/account/password)"
)
_THROTTLED = N_(
    "too many failed logins for this user name or from this address; try again in {minutes} minute(s)"
)

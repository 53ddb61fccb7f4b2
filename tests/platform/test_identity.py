"""The account life cycle in the store, on SQLite and PostgreSQL: one-time passwords,
password rules, disabling a user, login throttling shared by every worker process, and
stored times that come back aware."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from bucarest.core.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PasswordChangeRequiredError,
    ThrottledError,
)
from bucarest.core.identity import Role
from bucarest.platform.database import Database, utc_now
from bucarest.platform.identity import (
    MAX_ADDRESS_FAILURES,
    MAX_USER_FAILURES,
    THROTTLE_WINDOW,
    Accounts,
    LoginFailureTable,
    SessionTable,
)
from bucarest.platform.jobs import JobTable

PASSWORD = "a long enough password"
Entry = tuple[str, str, str, bool, str]


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.at = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url)
    yield database
    database.dispose()


def accounts_of(s: Session, log: list[Entry] | None = None,
                now: Callable[[], datetime] = utc_now) -> Accounts:  # fmt: skip
    def audit(*entry: Any) -> None:
        if log is not None:
            log.append(entry)

    return Accounts(s, now, audit)


def make_user(db: Database, name: str = "ana", one_time: bool = False) -> str:
    with db.session() as s:
        return accounts_of(s).create_user(name, "FRA", {Role.ANALYST}, one_time=one_time)[1]


def test_a_one_time_password_opens_nothing_but_the_password_change(db: Database) -> None:
    secret = make_user(db, one_time=True)
    with db.session() as s:
        token = accounts_of(s).create_token("ana")
        cookie, _csrf = accounts_of(s).open_session(accounts_of(s).principal("ana"))
    with db.session() as s:
        a = accounts_of(s)
        with pytest.raises(PasswordChangeRequiredError, match="one-time password"):
            a.login("ana", secret)
        with pytest.raises(PasswordChangeRequiredError):
            a.token_principal(token)
        with pytest.raises(PasswordChangeRequiredError):
            a.session_principal(cookie)
        assert a.session_state(cookie).must_change and a.must_change(cookie)
        assert a.login("ana", secret, allow_one_time=True).username == "ana"
    log: list[Entry] = []
    with db.session() as s:
        accounts_of(s, log).change_password("ana", secret, PASSWORD, keep_session=cookie)
    assert ("ana", "password-change", "user:ana", True) in [e[:4] for e in log]
    with db.session() as s:
        a = accounts_of(s)
        assert a.login("ana", PASSWORD).username == "ana"
        assert a.token_principal(token).username == "ana"
        assert a.session_principal(cookie)[0].username == "ana"
        assert not a.must_change(cookie)
        with pytest.raises(AuthenticationError):
            a.login("ana", secret)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short", "a password needs 12 to 256 characters; this one has 5"),
        ("x" * 257, "a password needs 12 to 256 characters; this one has 257"),
        ("Ana.Long.Name", "a password must not be the user name; choose another"),
        (PASSWORD, "the new password is the one you have now; choose another"),
    ],
)
def test_each_password_rule_gives_one_clear_error(db: Database, new: str, message: str) -> None:
    make_user_with(db, "ana.long.name", PASSWORD)
    with db.session() as s, pytest.raises(InvalidInputError) as caught:
        accounts_of(s).change_password("ana.long.name", PASSWORD, new)
    assert str(caught.value) == message
    with db.session() as s, pytest.raises(AuthenticationError, match="current password is wrong"):
        accounts_of(s).change_password("ana.long.name", "not the password", "another good one")
    with db.session() as s:  # nothing changed
        assert accounts_of(s).login("ana.long.name", PASSWORD).username == "ana.long.name"


def make_user_with(db: Database, name: str, password: str) -> None:
    with db.session() as s:
        accounts_of(s).create_user(name, "FRA", {Role.ANALYST}, password=password)


def test_changing_the_password_ends_the_other_sessions(db: Database) -> None:
    make_user_with(db, "ana", PASSWORD)
    with db.session() as s:
        a = accounts_of(s)
        here, _ = a.open_session(a.principal("ana"))
        elsewhere, _ = a.open_session(a.principal("ana"))
    with db.session() as s:
        accounts_of(s).change_password("ana", PASSWORD, "another good password", keep_session=here)
    with db.session() as s:
        a = accounts_of(s)
        assert a.session_principal(here)[0].username == "ana"
        with pytest.raises(AuthenticationError):
            a.session_principal(elsewhere)


def test_disabling_a_user_ends_their_sessions_and_tokens_at_once(db_url: str) -> None:
    # Two databases over one URL: two worker processes.
    first, second = Database.open(db_url), Database.open(db_url)
    try:
        make_user_with(first, "ana", PASSWORD)
        with first.session() as s:
            a = accounts_of(s)
            token = a.create_token("ana")
            cookie, _ = a.open_session(a.login("ana", PASSWORD))
        with second.session() as s:
            assert accounts_of(s).token_principal(token).username == "ana"
        log: list[Entry] = []
        with first.session() as s:
            assert accounts_of(s, log).disable_user("ana") == (1, 1)
        assert ("admin", "user-disable", "user:ana", True) in [e[:4] for e in log]
        with second.session() as s:
            a = accounts_of(s)
            with pytest.raises(AuthenticationError):
                a.token_principal(token)
            with pytest.raises(AuthenticationError):
                a.session_state(cookie)
            assert s.scalar(select(SessionTable.id)) is None
            with pytest.raises(
                AuthenticationError, match="'ana' is disabled; ask an administrator"
            ):
                a.login("ana", PASSWORD)
            # The account's state is told only to someone who knows its password.
            with pytest.raises(AuthenticationError, match="wrong user name or password"):
                a.login("ana", "not the password at all")
        with first.session() as s:
            accounts_of(s).enable_user("ana")
        with second.session() as s:
            a = accounts_of(s)
            assert a.login("ana", PASSWORD).username == "ana"
            with pytest.raises(AuthenticationError):
                a.token_principal(token)  # revoked tokens stay revoked
            assert a.statuses()[0].disabled is False
        with first.session() as s, pytest.raises(NotFoundError):
            accounts_of(s).disable_user("nobody")
    finally:
        first.dispose()
        second.dispose()


def test_a_reset_gives_a_new_one_time_password_and_ends_everything(db: Database) -> None:
    make_user_with(db, "ana", PASSWORD)
    with db.session() as s:
        a = accounts_of(s)
        token = a.create_token("ana")
        cookie, _ = a.open_session(a.principal("ana"))
    with db.session() as s:
        secret = accounts_of(s).reset_password("ana")
    with db.session() as s:
        a = accounts_of(s)
        with pytest.raises(AuthenticationError):
            a.session_state(cookie)
        with pytest.raises(AuthenticationError):
            a.token_principal(token)
        with pytest.raises(AuthenticationError):
            a.login("ana", PASSWORD)
        with pytest.raises(PasswordChangeRequiredError):
            a.login("ana", secret)
        assert a.statuses()[0].must_change


def fail(db: Database, name: str, address: str = "10.0.0.1", clock: Clock | None = None) -> None:
    with db.session() as s, pytest.raises(AuthenticationError):
        accounts_of(s, now=clock or utc_now).login(name, "not the password", address)


def test_throttling_is_shared_by_every_worker_and_checks_no_password(db_url: str) -> None:
    first, second = Database.open(db_url), Database.open(db_url)
    clock = Clock()
    try:
        make_user_with(first, "ana", PASSWORD)
        for i in range(MAX_USER_FAILURES):
            fail(first if i % 2 else second, "ana", f"10.0.0.{i}", clock)
        log: list[Entry] = []
        clock.at += timedelta(minutes=5)
        with second.session() as s, pytest.raises(ThrottledError) as caught:
            accounts_of(s, log, clock).login("ana", PASSWORD, "10.9.9.9")  # the right password
        assert caught.value.retry_after == int(
            (THROTTLE_WINDOW - timedelta(minutes=5)).total_seconds()
        )
        assert "try again in 10 minute(s)" in str(caught.value)
        assert [e[1:4] for e in log] == [("login-throttled", "user:ana", False)]
        clock.at += timedelta(minutes=10, seconds=1)  # the first failures have aged out
        with first.session() as s:
            assert accounts_of(s, now=clock).login("ana", PASSWORD, "10.9.9.9").username == "ana"
    finally:
        first.dispose()
        second.dispose()


def test_a_success_clears_the_user_names_failures(db: Database) -> None:
    make_user_with(db, "ana", PASSWORD)
    for _ in range(MAX_USER_FAILURES - 1):
        fail(db, "ana")
    with db.session() as s:
        accounts_of(s).login("ana", PASSWORD, "10.0.0.1")
    for _ in range(MAX_USER_FAILURES - 1):
        fail(db, "ana")
    with db.session() as s:
        assert accounts_of(s).login("ana", PASSWORD, "10.0.0.1").username == "ana"


def test_one_address_trying_many_names_is_throttled(db: Database) -> None:
    make_user_with(db, "ana", PASSWORD)
    for i in range(MAX_ADDRESS_FAILURES):
        fail(db, f"guess-{i}", "192.0.2.7")
    with db.session() as s, pytest.raises(ThrottledError):
        accounts_of(s).login("ana", PASSWORD, "192.0.2.7")
    with db.session() as s:  # from elsewhere the user still gets in
        assert accounts_of(s).login("ana", PASSWORD, "192.0.2.8").username == "ana"


def test_old_failures_are_deleted(db: Database) -> None:
    clock = Clock()
    fail(db, "ana", clock=clock)
    clock.at += THROTTLE_WINDOW + timedelta(seconds=1)
    fail(db, "bob", clock=clock)
    with db.session() as s:
        assert s.scalars(select(LoginFailureTable.username)).all() == ["bob"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    at=st.datetimes(
        min_value=datetime(1970, 1, 2),  # noqa: DTZ001 (hypothesis wants naive bounds)
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, None]) | st.timezones(),
    )
)
def test_a_stored_time_comes_back_aware_and_equal(db: Database, at: datetime) -> None:
    with db.session() as s:
        s.add(JobTable(id="t", kind="k", owner="o", lang="en", state="queued", done=0, total=1,
                       params={}, cancel=False, created_at=at, updated_at=at))  # fmt: skip
    with db.session() as s:
        row = s.get(JobTable, "t")
        assert row is not None
        back = row.created_at
        s.delete(row)
    expected = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    # Compared in UTC: Python never calls a time in a zone's repeated hour equal to one in
    # another zone (PEP 495), whatever the instant.
    assert back.tzinfo is UTC and back == expected.astimezone(UTC)

"""Desk administration commands: one-time secrets and the policy question."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from bucarest.core.errors import AuthenticationError, PasswordChangeRequiredError
from bucarest.platform.database import Database, utc_now
from bucarest.platform.identity import Accounts
from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")


def test_create_admin_prints_a_one_time_credential_once(capsys, database: str) -> None:
    code, out, err = run(capsys, "users", "create-admin", "--format", "json")
    assert code == 0, err
    rec = json.loads(out)
    assert set(rec) == {"username", "password", "token"} and rec["username"] == "admin"
    assert len(rec["password"]) >= 24 and rec["token"].startswith("bct_")
    engine = create_engine(database)
    with engine.connect() as conn:
        dump = " ".join(
            str(r)
            for t in ("desk_users", "desk_tokens")
            for r in conn.exec_driver_sql(f"SELECT * FROM {t}")
        )
    assert rec["password"] not in dump and rec["token"] not in dump and "argon2id" in dump
    code, _out, err = run(capsys, "users", "create-admin")
    assert code == 2 and "already exists" in err


def test_users_add_and_tokens(capsys) -> None:
    code, out, err = run(
        capsys, "users", "add", "--nation", "FRA", "--role", "analyst", "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["username"] == "fra-analyst"
    code, out, _ = run(capsys, "tokens", "create", "--username", "fra-analyst", "--format", "json")
    assert code == 0 and json.loads(out)["token"].startswith("bct_")
    code, out, _ = run(capsys, "tokens", "revoke", "--username", "fra-analyst")
    assert code == 0 and "1" in out
    code, out, _ = run(capsys, "users", "list", "--format", "json")
    assert [u["username"] for u in json.loads(out)] == ["fra-analyst"]


@pytest.mark.parametrize(
    ("on", "verdict"),
    [("2009-03-31", "deny: not releasable to ALB on 2009-03-31"), ("2009-04-01", "allow")],
)
def test_sharing_can_read_answers_with_the_reason_and_exit_0(capsys, on: str, verdict: str) -> None:
    code, out, _ = run(capsys, "sharing", "can-read", "--nation", "ALB", "--role", "analyst",
                       "--releasable-to", "nato", "--tlp", "green", "--on", on)  # fmt: skip
    assert code == 0 and out.startswith(verdict)


def test_sharing_can_read_in_french(capsys) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "sharing", "can-read", "--nation", "AUT",
                       "--releasable-to", "nato", "--on", "2008-04-03")  # fmt: skip
    assert code == 0 and out.startswith("refus")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "--nation", "XXX", "--role", "analyst"], "unknown organisation 'XXX'"),
        (["users", "add", "--nation", "FRA", "--role", "king"], "unknown role 'king'"),
        (["users", "add", "--nation", "FRA", "--role", "responder"], "NATO body"),
        (["tokens", "create", "--username", "nobody"], "no user 'nobody'"),
        (["users", "disable", "nobody"], "no user 'nobody'"),
        (["users", "enable", "nobody"], "no user 'nobody'"),
        (["users", "reset-password", "nobody"], "no user 'nobody'"),
        (
            ["sharing", "can-read", "--nation", "ALB", "--releasable-to", "warsaw"],
            "neither a framework",
        ),
        (["sharing", "can-read", "--nation", "ALB", "--tlp", "pink"], "unknown TLP 'pink'"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_users_get_a_one_time_password_and_can_be_disabled_reset_and_enabled(
    capsys, database: str
) -> None:
    _code, out, _ = run(capsys, "users", "add", "--nation", "FRA", "--role", "analyst",
                        "--format", "json")  # fmt: skip
    one_time = json.loads(out)["password"]
    _code, out, _ = run(capsys, "tokens", "create", "--username", "fra-analyst", "--format", "json")
    token = json.loads(out)["token"]
    code, out, _ = run(capsys, "users", "list", "--format", "json")
    assert json.loads(out)[0]["must_change_password"] is True
    code, out, _ = run(capsys, "--lang", "fr", "users", "list")
    assert "mot de passe à usage unique" in out
    db = Database.open(database)
    try:
        with db.session() as s:
            accounts = Accounts(s, utc_now, lambda *_e: None)
            with pytest.raises(PasswordChangeRequiredError):
                accounts.token_principal(token)
            accounts.change_password("fra-analyst", one_time, "my own password")
        with db.session() as s:
            accounts = Accounts(s, utc_now, lambda *_e: None)
            accounts.open_session(accounts.login("fra-analyst", "my own password"))
        code, out, _ = run(capsys, "users", "disable", "fra-analyst")
        assert (
            code == 0
            and out.strip() == "fra-analyst disabled: 1 session(s) ended, 1 token(s) revoked"
        )
        code, out, _ = run(capsys, "users", "list")
        assert "disabled" in out
        with db.session() as s, pytest.raises(AuthenticationError, match="is disabled"):
            Accounts(s, utc_now, lambda *_e: None).login("fra-analyst", "my own password")
        code, out, _ = run(capsys, "users", "enable", "fra-analyst")
        assert code == 0 and out.strip() == "fra-analyst enabled"
        code, out, err = run(capsys, "users", "reset-password", "fra-analyst", "--format", "json")
        assert code == 0, err
        fresh = json.loads(out)["password"]
        with db.session() as s:
            accounts = Accounts(s, utc_now, lambda *_e: None)
            with pytest.raises(AuthenticationError):
                accounts.login("fra-analyst", "my own password")
            with pytest.raises(PasswordChangeRequiredError):
                accounts.login("fra-analyst", fresh)
    finally:
        db.dispose()

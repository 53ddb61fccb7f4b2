"""Migrations: a database a release before made, with accounts, tokens, sessions and audit
entries in it, comes to the newest schema on SQLite and PostgreSQL; on SQLite, where the
driver would commit each DDL statement on its own, a migration that fails leaves the database
as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from bucarest.core.errors import StoreError
from bucarest.platform.audit import verify_trail
from bucarest.platform.database import Database

AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def _at_revision(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    with create_engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _accounts_of_a_release_before(url: str) -> None:
    """Rows the release before (schema 0005) had written: a user with a token and a web
    session (both pointing at the user), and an audit entry."""
    _at_revision(url, "0005")
    with create_engine(url).begin() as conn:
        conn.execute(
            text("INSERT INTO desk_users (id, username, organisation, roles, password_hash,"
                 " created_at, disabled) VALUES (1, 'ana', 'FRA', 'analyst', 'x', :at, false)"),
            {"at": AT},
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO desk_tokens (user_id, name, token_hash, created_at)"
                 " VALUES (1, 'api', :h, :at)"),
            {"h": "a" * 64, "at": AT},
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO desk_sessions (id, user_id, csrf, created_at, expires_at)"
                 " VALUES ('s', 1, 'c', :at, :at)"),
            {"at": AT},
        )  # fmt: skip


def test_a_database_of_the_release_before_comes_to_the_newest_schema(db_url: str) -> None:
    _accounts_of_a_release_before(db_url)
    db = Database.open(db_url)  # migrates to the head
    try:
        with db.engine.connect() as conn:
            users = conn.execute(text("SELECT username, must_change_password FROM desk_users"))
            assert [tuple(r) for r in users] == [("ana", False)]
            assert conn.execute(text("SELECT count(*) FROM desk_tokens")).scalar() == 1
        assert "audit_log" in inspect(db.engine).get_table_names()
        assert verify_trail(db).problems == ()
    finally:
        db.dispose()


def test_a_failed_migration_on_sqlite_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _accounts_of_a_release_before(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        # A table in the way of migration 0008, after 0006 and 0007 have changed the schema.
        conn.exec_driver_sql("CREATE TABLE taxii_clocks (x INTEGER)")
    with pytest.raises(StoreError):
        Database.open(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
        tables = inspect(conn).get_table_names()
        assert "desk_audit" in tables and "audit_log" not in tables
        columns = {c["name"] for c in inspect(conn).get_columns("desk_users")}
        assert "must_change_password" not in columns
    engine.dispose()

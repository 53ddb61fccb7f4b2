"""The stored audit chain and its background writer: batches keep the chain whole, routine
reads wait for the writer while refusals and writes never do, and nothing submitted is lost
on a clean shutdown."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bucarest.app import open_store
from bucarest.core.errors import NotFoundError
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain.audit import verify
from bucarest.desk.domain.markings import TLP, Marking
from bucarest.desk.domain.records import RecordKind
from bucarest.desk.store.audit_log import (
    AuditWriter,
    PendingEntry,
    append_audit,
    is_routine,
    stored_audit,
)
from bucarest.desk.store.records import Desk
from bucarest.platform.database import Database
from bucarest.registry.data import load_embedded_registry

AT = datetime(2008, 4, 3, 12, 0, tzinfo=UTC)
NATO_GREEN = Marking(originator="FRA", tlp=TLP.GREEN, frameworks=frozenset({"nato"}))
INCIDENT = {"title": "Defacement", "system": "web", "severity": "low", "status": "open"}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_store(f"sqlite:///{tmp_path / 'audit.sqlite3'}")


def entry(n: int, action: str = "read", allowed: bool = True) -> PendingEntry:
    return (AT, f"user-{n % 7}", action, f"incident:{n}", allowed, "")


def test_routine_entries_are_allowed_reads_only() -> None:
    assert is_routine(entry(1, "read"))
    assert is_routine(entry(1, "taxii-read"))
    assert not is_routine(entry(1, "read", allowed=False))
    assert not is_routine(entry(1, "create"))
    assert not is_routine(entry(1, "taxii-add"))


def test_writer_batches_form_one_whole_chain_with_direct_appends(db: Database) -> None:
    append_audit(db, [entry(0, "create")])
    writer = AuditWriter(db, linger_s=0.005)
    for n in range(1, 40):
        writer.submit([entry(n)])
        if n % 10 == 0:
            append_audit(db, [entry(n, "create")])
    writer.close()
    stored = stored_audit(db)
    assert len(stored) == 1 + 39 + 3
    assert [e.seq for e in stored] == list(range(1, len(stored) + 1))
    assert verify(stored) == ()


def test_flush_waits_until_everything_submitted_is_stored(db: Database) -> None:
    writer = AuditWriter(db, linger_s=60.0)  # only a flush makes it write before a minute
    try:
        writer.submit([entry(1), entry(2)])
        assert writer.flush(timeout_s=10.0)
        assert [e.target for e in stored_audit(db)] == ["incident:1", "incident:2"]
    finally:
        writer.close()


def test_entries_submitted_from_many_threads_are_all_stored_in_order_of_submission(
    db: Database,
) -> None:
    writer = AuditWriter(db, linger_s=0.002)

    def work(t: int) -> None:
        for n in range(50):
            writer.submit([entry(t * 1000 + n), entry(t * 1000 + n, "list")])

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    writer.close()
    stored = stored_audit(db)
    assert len(stored) == 4 * 50 * 2
    assert verify(stored) == ()
    for t in range(4):  # each thread's entries keep their order
        mine = [int(e.target.split(":")[1]) for e in stored if e.target.startswith(f"incident:{t}")]
        assert mine == sorted(mine)


def test_a_closed_writer_appends_at_once(db: Database) -> None:
    writer = AuditWriter(db)
    writer.close()
    writer.submit([entry(1)])
    assert len(stored_audit(db)) == 1


def test_a_desk_with_a_writer_stores_refusals_before_answering_and_reads_a_moment_later(
    db: Database,
) -> None:
    reg = load_embedded_registry()
    with db.session() as s:
        desk = Desk(s, reg, db)
        owner, _pw = desk.accounts.create_user("fra-analyst", "FRA", {Role.ANALYST})
        other, _pw = desk.accounts.create_user("aut-analyst", "AUT", {Role.ANALYST})
        rec = desk.create(owner, RecordKind.INCIDENT, INCIDENT, NATO_GREEN)
    before = len(stored_audit(db))
    writer = AuditWriter(db, linger_s=60.0)
    try:
        with db.session() as s:
            desk = Desk(s, reg, db, audit_writer=writer)
            desk.get(owner, rec.id)  # allowed: routine
            with pytest.raises(NotFoundError):
                desk.get(other, rec.id)  # refused (Austria is no Ally): at once
        stored = stored_audit(db)[before:]
        assert [(e.actor, e.allowed) for e in stored] == [("aut-analyst", False)]
        # Readers in this process see the writer's entries: the log waits for it first.
        with db.session() as s:
            entries = Desk(s, reg, db, audit_writer=writer).audit_entries()[before:]
        assert sorted((e.actor, e.allowed) for e in entries) == [
            ("aut-analyst", False),
            ("fra-analyst", True),
        ]
        assert verify(stored_audit(db)) == ()
    finally:
        writer.close()


def test_the_audit_view_reads_the_newest_entries_in_batches(db: Database) -> None:
    append_audit(db, [entry(n) for n in range(23)])
    with db.session() as s:
        desk = Desk(s, load_embedded_registry(), db)
        desk.audit("ana", "read", "user:ana", True, "pending, not yet stored")
        whole = tuple(reversed(desk.audit_entries()))
        assert tuple(desk._newest_audit(batch=5)) == whole  # pending first, then 5 at a time
        assert tuple(desk._newest_audit(batch=23)) == whole
        assert whole[0].reason == "pending, not yet stored" and len(whole) == 24


@pytest.mark.parametrize("who", ["user-3", "nobody", "root"])
def test_the_audit_view_shows_what_the_whole_log_shows(db: Database, who: str) -> None:
    append_audit(db, [entry(n) for n in range(40)])
    append_audit(db, [(AT, f"user-{n % 7}", "login", f"user:user-{n % 7}", True, "")
                      for n in range(40)])  # fmt: skip
    roles = frozenset({Role.ADMINISTRATOR if who == "root" else Role.ANALYST})
    p = Principal(who, "NATO" if who == "root" else "FRA", roles)
    with db.session() as s:
        desk = Desk(s, load_embedded_registry(), db)
        shown = desk.visible_audit(p, limit=15)
        # The rule applied to the whole log, newest first (no record exists: none is readable).
        expected = [
            e for e in reversed(desk.audit_entries())
            if not e.target.startswith("incident:")
            and (e.actor == who or (e.target.startswith("user:") and who == "root"))
        ][:15]  # fmt: skip
    assert list(shown) == expected

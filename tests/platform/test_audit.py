"""The platform's audit trail: a write and its entry commit together or not at all, on SQLite
and PostgreSQL; the key and the checkpoints outside the database show a rebuilt chain and the
deletion of the newest entries; the background writer keeps the chain whole, routine reads
wait for it while refusals and writes never do, and nothing submitted is lost on a clean
shutdown."""

from __future__ import annotations

import json
import multiprocessing
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, update

from bucarest.app import create_app
from bucarest.core.audit import AuditEntry, AuditKey, chained
from bucarest.core.errors import NotFoundError
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain.markings import TLP, Marking
from bucarest.desk.domain.records import RecordKind
from bucarest.desk.store.records import Desk
from bucarest.platform.audit import (
    AuditTable,
    AuditWriter,
    PendingEntry,
    append_audit,
    audit_config,
    is_routine,
    record_audit,
    set_audit_writer,
    stored_audit,
    verify_trail,
)
from bucarest.platform.database import Database
from bucarest.registry.data import load_embedded_registry
from tests.identity import token_headers

AT = datetime(2008, 4, 3, 12, 0, tzinfo=UTC)
NATO_GREEN = Marking(originator="FRA", tlp=TLP.GREEN, frameworks=frozenset({"nato"}))
INCIDENT = {"title": "Defacement", "system": "web", "severity": "low", "status": "open"}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'audit.sqlite3'}")


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
    assert verify_trail(db).problems == ()


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
    assert verify_trail(db).problems == ()
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
    set_audit_writer(db, writer)
    try:
        with db.session() as s:
            desk = Desk(s, reg, db)
            desk.get(owner, rec.id)  # allowed: routine
            with pytest.raises(NotFoundError):
                desk.get(other, rec.id)  # refused (Austria is no Ally): at once
        stored = stored_audit(db)[before:]
        assert [(e.actor, e.allowed) for e in stored] == [("aut-analyst", False)]
        # Readers in this process see the writer's entries: the log waits for it first.
        with db.session() as s:
            entries = Desk(s, reg, db).audit_entries()[before:]
        assert sorted((e.actor, e.allowed) for e in entries) == [
            ("aut-analyst", False),
            ("fra-analyst", True),
        ]
        assert verify_trail(db).problems == ()
    finally:
        set_audit_writer(db, None)
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


# --- one trail for every write, committed with it ----------------------------------------------

GOOD = {"country": "XKX", "framework": "pfp", "status": "partner", "start": "2025-03",
        "sources": ["test"], "reason": "test"}  # fmt: skip


def _refuse_audit_inserts(db: Database) -> None:
    """Make the database refuse any new audit entry, as a full disk or a lost lock would."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "CREATE FUNCTION no_audit() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'audit unavailable'; END $$ LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION no_audit()"
            )
        else:
            conn.exec_driver_sql(
                "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END"
            )


def test_every_capabilitys_write_is_in_the_trail_credited_to_its_principal(db_url: str) -> None:
    client = TestClient(create_app(db_url))
    editor = token_headers(client, Role.REGISTRY_EDITOR, "reg-ed")
    made = client.post("/api/v1/memberships", json=GOOD, headers={**editor, "X-Actor": "mallory"})
    assert made.status_code == 201, made.text
    db = client.app.state.db  # type: ignore[attr-defined]
    entries = stored_audit(db)
    write = [e for e in entries if e.action == "registry-add"]
    assert [(e.actor, e.target, e.allowed) for e in write] == [
        ("reg-ed", f"membership:{made.json()['id']}", True)
    ]
    assert not any(e.actor == "mallory" for e in entries)
    assert verify_trail(db).problems == ()


def test_a_write_whose_entry_cannot_be_stored_is_not_stored(db_url: str) -> None:
    client = TestClient(create_app(db_url))
    editor = token_headers(client, Role.REGISTRY_EDITOR, "reg-ed")
    db = client.app.state.db  # type: ignore[attr-defined]
    before = client.get("/api/v1/countries/XKX").json()["memberships"]
    _refuse_audit_inserts(db)
    r = client.post("/api/v1/memberships", json=GOOD, headers=editor)
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "store_unavailable"
    assert client.get("/api/v1/countries/XKX").json()["memberships"] == before


def test_a_rolled_back_write_leaves_no_entry_but_a_refusal_is_kept(db_url: str) -> None:
    db = Database.open(db_url)
    try:
        with pytest.raises(RuntimeError), db.session() as s:
            record_audit(s, "ana", "create", "incident:1", True, "")
            record_audit(s, "ana", "read", "incident:2", False, "not releasable")
            raise RuntimeError("the write failed after noting its entry")
        assert [(e.action, e.allowed) for e in stored_audit(db)] == [("read", False)]
    finally:
        db.dispose()


def _append_from_a_process(url: str, who: str, n: int) -> None:
    db = Database.open(url, migrate=False)
    try:
        for i in range(n):
            with db.session() as s:
                record_audit(s, who, "create", f"incident:{who}-{i}", True, "")
                record_audit(s, who, "read", f"incident:{who}-{i}", False, "denied")
    finally:
        db.dispose()


@pytest.mark.slow
def test_writers_in_several_processes_keep_one_whole_chain(db_url: str) -> None:
    db = Database.open(db_url)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_from_a_process, args=(db_url, f"p{k}", 15))
             for k in range(3)]  # fmt: skip
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    try:
        entries = stored_audit(db)
        assert len(entries) == 3 * 15 * 2
        assert [e.seq for e in entries] == list(range(1, 91))
        assert verify_trail(db).problems == ()
    finally:
        db.dispose()


# --- the key and the checkpoints outside the database ------------------------------------------


def test_the_key_and_checkpoints_live_beside_a_sqlite_database(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    with db.session() as s:
        record_audit(s, "ana", "create", "incident:1", True, "")
    config = audit_config(db)
    assert config.key_file == tmp_path / "audit.key"
    assert config.key_file.stat().st_mode & 0o777 == 0o600
    assert config.checkpoints == tmp_path / "audit-checkpoints.jsonl"
    lines = [json.loads(x) for x in config.checkpoints.read_text().splitlines()]
    assert [(c["trail"], c["seq"]) for c in lines] == [(config.trail_id, 1)]
    db.dispose()
    again = Database.open(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert audit_config(again).key == config.key  # the same key next time
    assert stored_audit(again)[0].key_id == config.key.key_id
    again.dispose()


def test_deleting_the_newest_entries_or_all_of_them_is_found(db_url: str) -> None:
    db = Database.open(db_url)
    try:
        for i in range(5):
            with db.session() as s:
                record_audit(s, "ana", "create", f"incident:{i}", True, "")
        check = verify_trail(db)
        assert check.problems == () and check.checkpoints == 5 and check.newest_checkpoint == 5
        with db.engine.begin() as conn:
            conn.execute(delete(AuditTable).where(AuditTable.seq > 3))
        assert [(p.seq, p.kind) for p in verify_trail(db).problems] == [(4, "truncated")]
        with db.engine.begin() as conn:
            conn.execute(delete(AuditTable))
        assert [(p.seq, p.kind) for p in verify_trail(db).problems] == [(1, "truncated")]
    finally:
        db.dispose()


def test_a_chain_rebuilt_with_the_projects_code_but_not_its_key_is_found(db_url: str) -> None:
    db = Database.open(db_url)
    try:
        for i in range(3):
            with db.session() as s:
                record_audit(s, "ana", "create", f"incident:{i}", True, "")
        # Mallory rewrites the trail from scratch with the project's own functions, leaving
        # out entry 2, with a key of their own.
        kept = [e for e in stored_audit(db) if e.seq != 2]
        mine = AuditKey(b"m" * 32)
        rebuilt: list[AuditEntry] = []
        for e in kept:
            rebuilt.append(chained(rebuilt[-1] if rebuilt else None, e.at, e.actor, e.action,
                                   e.target, e.allowed, e.reason, mine))  # fmt: skip
        with db.engine.begin() as conn:
            conn.execute(delete(AuditTable))
            conn.execute(insert(AuditTable), [vars(e) for e in rebuilt])
        kinds = {p.kind for p in verify_trail(db).problems}
        assert "other key" in kinds and "truncated" in kinds
        # Claiming the real key's id instead does not make the HMACs right.
        with db.engine.begin() as conn:
            conn.execute(update(AuditTable).values(key_id=audit_config(db).key.key_id))
        assert "altered" in {p.kind for p in verify_trail(db).problems}
    finally:
        db.dispose()

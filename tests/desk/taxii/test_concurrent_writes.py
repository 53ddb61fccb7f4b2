"""Two writers adding the same objects at the same moment (two server processes) store each
(collection, id, version) once, and an object keeps the one originator that shared it first.

Each writer is held, after reading what is stored, until the other has read too (or for a
second at most): without the write lock both would find the objects absent and insert them.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bucarest.app import open_store
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain.markings import TLP
from bucarest.desk.store.records import Desk
from bucarest.desk.tables import DeskRecordTable
from bucarest.desk.taxii import store
from bucarest.desk.taxii.collections import COLLECTIONS
from bucarest.desk.taxii.validation import check_objects
from bucarest.platform.database import Database
from bucarest.registry.store import RegistryRepository
from tests.desk.taxii import indicator

NATO = next(c for c in COLLECTIONS if c.alias == "nato")
OBJECTS = [indicator(n) for n in range(20)]


def _add(db: Database, who: Principal, results: dict[str, Any]) -> None:
    try:
        with db.session() as s:
            desk = Desk(s, RegistryRepository(s).load(), db)
            checked = check_objects(OBJECTS, NATO.tlp, use_pool=False)
            results[who.username] = store.add_objects(desk, who, NATO, checked, datetime.now(UTC))
    except Exception as exc:  # reported to the test, which names it
        results[who.username] = exc


@pytest.fixture
def racing(monkeypatch: pytest.MonkeyPatch) -> None:
    both_read = threading.Barrier(2)
    read = store._owners

    def owners_then_wait(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        try:
            both_read.wait(timeout=1.0)
        except threading.BrokenBarrierError:
            pass  # the other writer waits on the lock: it reads once this one commits
        return found

    monkeypatch.setattr(store, "_owners", owners_then_wait)


def _race(url: str, first: Principal, second: Principal) -> tuple[dict[str, Any], int]:
    db = open_store(url)
    try:
        results: dict[str, Any] = {}
        threads = [threading.Thread(target=_add, args=(db, p, results)) for p in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        with db.session() as s:
            stored = s.scalar(
                select(func.count())
                .select_from(DeskRecordTable)
                .where(DeskRecordTable.collection == NATO.id)
            )
        return results, int(stored or 0)
    finally:
        db.dispose()


@pytest.mark.usefixtures("racing")
def test_the_same_objects_posted_twice_at_once_are_stored_once(db_url: str) -> None:
    a = Principal("fra-1", "FRA", frozenset({Role.ANALYST}))
    b = Principal("fra-2", "FRA", frozenset({Role.ANALYST}))
    results, stored = _race(db_url, a, b)
    assert not any(isinstance(r, Exception) for r in results.values()), results
    assert stored == len(OBJECTS)
    for status in results.values():
        assert status["success_count"] == len(OBJECTS) and status["failure_count"] == 0


@pytest.mark.usefixtures("racing")
def test_two_nations_racing_for_the_same_objects_leave_one_originator(db_url: str) -> None:
    fra = Principal("fra-1", "FRA", frozenset({Role.ANALYST}))
    deu = Principal("deu-1", "DEU", frozenset({Role.ANALYST}))
    results, stored = _race(db_url, fra, deu)
    assert not any(isinstance(r, Exception) for r in results.values()), results
    assert stored == len(OBJECTS)
    counts = sorted((s["success_count"], s["failure_count"]) for s in results.values())
    assert counts == [(0, len(OBJECTS)), (len(OBJECTS), 0)]
    loser = next(s for s in results.values() if s["failure_count"])
    assert all("another organisation" in f["message"] for f in loser["failures"])


def test_the_collection_refuses_a_second_row_for_one_version(db_url: str) -> None:
    """The unique index is the last guard, should a writer ever skip the lock."""
    db = open_store(db_url)
    try:
        row = {
            "id": "x", "kind": "indicator", "parent_id": None, "author": "a", "originator": "FRA",
            "owner": "FRA",
            "tlp": TLP.GREEN.value, "classification": "nato-unclassified", "frameworks": ",nato,",
            "nations": "", "originator_only": False, "recipients": "", "response_team": False,
            "fields": {}, "search": "", "created_at": datetime.now(UTC),
            "updated_at": datetime.now(UTC), "version": 1, "collection": NATO.id,
            "stix_id": "indicator--1", "stix_type": "indicator", "stix_version": "v1",
        }  # fmt: skip
        with db.session() as s:
            s.execute(DeskRecordTable.__table__.insert(), [row])
        with pytest.raises(Exception, match="(?i)unique|duplicate"), db.session() as s:
            s.execute(DeskRecordTable.__table__.insert(), [{**row, "id": "y"}])
    finally:
        db.dispose()


def test_the_migration_keeps_the_first_of_rows_stored_twice(tmp_path: Any) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        for rid in ("first", "second"):  # what two workers could store before 0004
            conn.execute(
                text(
                    "INSERT INTO desk_records (id, kind, author, originator, tlp, classification,"
                    " frameworks, nations, originator_only, recipients, response_team, fields,"
                    " search, created_at, updated_at, version, collection, stix_id, stix_type,"
                    " stix_version) VALUES (:id, 'indicator', 'a', 'FRA', 'green',"
                    " 'nato-unclassified', ',nato,', '', 0, '', 0, '{}', '', '2026-01-01',"
                    " '2026-01-01', 1, 'c', 'indicator--1', 'indicator', 'v1')"
                ),
                {"id": rid},
            )
        command.upgrade(cfg, "head")
        kept = conn.execute(text("SELECT id FROM desk_records")).scalars().all()
    engine.dispose()
    assert kept == ["first"]

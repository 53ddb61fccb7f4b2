"""The ledger in SQLite and PostgreSQL: load, append-only writes, versions and conflicts."""

from datetime import date

import pytest
from sqlalchemy import func, select

from bucarest.app import open_store
from bucarest.core.errors import ConflictError, InvalidFactError
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.model import Assessment, RecordedStatus, StatusEvent
from bucarest.ledger.store import LedgerRepository, ledger_cache
from bucarest.ledger.tables import AssessmentTable, StatusEventTable
from bucarest.platform.database import Database

TODAY = date(2026, 11, 29)
EVIDENCE = "https://www.nato.int/cps/en/natohq/news_7196.htm"


def rows(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(StatusEventTable)) or 0,
            s.scalar(select(func.count()).select_from(AssessmentTable)) or 0,
        )


def test_round_trip_and_idempotent_load(db_url: str) -> None:
    db = open_store(db_url)
    shipped = load_embedded_ledger()
    with db.session() as s:
        loaded = LedgerRepository(s).load()
    assert {c.id for c in loaded.commitments} == {c.id for c in shipped.commitments}
    for c in shipped.commitments:
        got = loaded.commitment(c.id)
        assert [(e.status, e.on) for e in got.history] == [(e.status, e.on) for e in c.history]
        assert got.indicators == c.indicators
        assert got.deadline == c.deadline and got.deadline_event == c.deadline_event
    assert len(loaded.contributions) == len(shipped.contributions)
    before = rows(db)
    with db.session() as s:
        assert LedgerRepository(s).load_dataset(shipped) == 0
    assert rows(db) == before
    db.dispose()


def test_two_writers_on_the_same_version_one_gets_a_conflict(db_url: str) -> None:
    db = open_store(db_url)
    with db.session() as s:
        c = LedgerRepository(s).load().commitments[0]
    first = StatusEvent(c.id, RecordedStatus.IN_PROGRESS, date(2026, 11, 1), EVIDENCE)
    second = StatusEvent(c.id, RecordedStatus.DROPPED, date(2026, 11, 2), EVIDENCE)
    with db.session() as s:
        _, v = LedgerRepository(s).record_status(
            c, first, expected_version=c.version, actor="alice", today=TODAY
        )
    assert v == c.version + 1
    before = rows(db)
    with pytest.raises(ConflictError, match="changed since you read it"), db.session() as s:
        LedgerRepository(s).record_status(
            c, second, expected_version=c.version, actor="bob", today=TODAY
        )
    assert rows(db) == before  # the loser wrote nothing
    with db.session() as s:
        fresh = LedgerRepository(s).load().commitment(c.id)
        LedgerRepository(s).record_status(
            fresh, second, expected_version=fresh.version, actor="bob", today=TODAY
        )
    with db.session() as s:
        history = LedgerRepository(s).load().commitment(c.id).history
    assert [e.recorded_by for e in history][-2:] == ["alice", "bob"]
    db.dispose()


def test_refused_writes_leave_nothing(db_url: str) -> None:
    db = open_store(db_url)
    with db.session() as s:
        c = LedgerRepository(s).load().commitments[0]
    before = rows(db)
    bad_event = StatusEvent(c.id, RecordedStatus.DONE, date(2001, 1, 1), EVIDENCE)
    with pytest.raises(InvalidFactError), db.session() as s:
        LedgerRepository(s).record_status(c, bad_event, expected_version=None, actor="t",
                                          today=TODAY)  # fmt: skip
    bad_score = Assessment(c.id, "FRA", 3, date(2009, 1, 1), EVIDENCE)
    with pytest.raises(InvalidFactError), db.session() as s:
        LedgerRepository(s).assess(c, bad_score, expected_version=None, actor="t", today=TODAY)
    assert rows(db) == before
    with db.session() as s:
        assert LedgerRepository(s).load().commitment(c.id).version == c.version
    db.dispose()


def test_cache_reloads_after_a_write(db_url: str) -> None:
    db = open_store(db_url)
    cache = ledger_cache()
    with db.session() as s:
        first = cache.get(s)
        assert cache.get(s) is first
    c = first.commitments[0]
    a = Assessment(c.id, "CAN", 1, date(2009, 1, 1), EVIDENCE)
    with db.session() as s:
        LedgerRepository(s).assess(c, a, expected_version=c.version, actor="t", today=TODAY)
    with db.session() as s:
        assert cache.get(s).commitment(c.id).assessments[-1].actor == "CAN"
    db.dispose()

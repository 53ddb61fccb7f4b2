"""The stored audit chain: appending entries, at once or in batches from a background writer.

Example::

    >>> from datetime import datetime, timezone
    >>> from bucarest.app import open_store
    >>> db = open_store("sqlite:///:memory:")
    >>> at = datetime(2008, 4, 3, 12, 0, tzinfo=timezone.utc)
    >>> append_audit(db, [(at, "ana", "create", "incident:1", True, "")])
    >>> writer = AuditWriter(db, linger_s=0.01)
    >>> writer.submit([(at, "ana", "read", "incident:1", True, "releasable")])
    >>> writer.close()  # stores what was submitted, then stops
    >>> [(e.seq, e.action) for e in stored_audit(db)]
    [(1, 'create'), (2, 'read')]

A server answers thousands of reads a second, and one transaction per read was half the cost
of a TAXII page. So a server's desk hands *routine* entries (allowed reads,
:data:`ROUTINE_ACTIONS`) to an :class:`AuditWriter`, which appends whatever has gathered in
one transaction a moment later (``linger_s``, 50 ms by default); refusals and writes are
appended before the answer leaves, as they always were. The cost: a process that dies
without shutting down loses the routine entries of its last moments; one that shuts down
stores them all. Readers of the log in the same process wait for the writer first
(:meth:`AuditWriter.flush`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bucarest.desk.domain.audit import AuditEntry, chained
from bucarest.desk.tables import AuditTable
from bucarest.platform.database import Database

__all__ = [
    "ROUTINE_ACTIONS",
    "AuditWriter",
    "PendingEntry",
    "append_audit",
    "audit_entry",
    "is_routine",
    "stored_audit",
]

#: One entry before it is chained: when, who, what, on which target, allowed, why.
PendingEntry = tuple[datetime, str, str, str, bool, str]

#: Actions whose *allowed* entries a server may append a moment after answering.
ROUTINE_ACTIONS = frozenset({"read", "list", "taxii-read", "taxii-status"})

#: Appenders in one process take turns (other processes are kept out by the database).
_LOCK = threading.Lock()

_LOG = logging.getLogger(__name__)


def is_routine(entry: PendingEntry) -> bool:
    """Whether ``entry`` is an allowed read (see :data:`ROUTINE_ACTIONS`)."""
    return entry[4] and entry[2] in ROUTINE_ACTIONS


def audit_entry(row: Any) -> AuditEntry:
    """The entry a stored row (mapped or plain) holds, its time in UTC."""
    at = row.at.replace(tzinfo=UTC) if row.at.tzinfo is None else row.at.astimezone(UTC)
    return AuditEntry(row.seq, at, row.actor, row.action, row.target, row.allowed, row.reason,
                      row.prev_hash, row.hash)  # fmt: skip


def stored_audit(db: Database) -> tuple[AuditEntry, ...]:
    """Every stored entry, in sequence order."""
    with db.engine.connect() as conn:
        return tuple(
            audit_entry(r) for r in conn.execute(select(AuditTable).order_by(AuditTable.seq))
        )


def append_audit(db: Database, pending: Sequence[PendingEntry]) -> None:
    """Chain ``pending`` onto the stored log, in one transaction of its own.

    PostgreSQL serialises processes with an advisory lock; SQLite with its write lock, taken
    before the last entry is read. Should another process take the same sequence number
    first all the same, the primary key refuses ours, and the entries are chained again on
    the new last entry.
    """
    if not pending:
        return
    for attempt in range(50):
        try:
            with _LOCK, db.engine.begin() as conn:
                _append(conn, pending)
            return
        except IntegrityError:
            if attempt == 49:
                raise
            time.sleep(0.001 * (attempt + 1))


def _append(conn: Any, pending: Sequence[PendingEntry]) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(2008)")
    elif conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        # Take the write lock before reading the last entry, so that server processes
        # queue here instead of colliding on the next sequence number.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    last = conn.execute(select(AuditTable).order_by(AuditTable.seq.desc()).limit(1)).first()
    prev = None if last is None else audit_entry(last)
    table: Any = AuditTable.__table__
    rows = []
    for at, actor, action, target, allowed, reason in pending:
        prev = chained(prev, at, actor, action, target, allowed, reason)
        rows.append({"seq": prev.seq, "at": prev.at, "actor": prev.actor, "action": prev.action,
                     "target": prev.target, "allowed": prev.allowed, "reason": prev.reason,
                     "prev_hash": prev.prev_hash, "hash": prev.hash})  # fmt: skip
    conn.execute(table.insert(), rows)


class AuditWriter:
    """A thread that appends submitted entries in batches: it wakes on the first entry,
    waits ``linger_s`` seconds for others, and appends them all in one transaction.

    Entries it cannot store (the database unreachable or locked past its timeout) stay
    queued, in order, and are tried again every ``retry_s`` seconds; each failure is
    logged as a warning. After :meth:`close`, :meth:`submit` appends at once.
    """

    def __init__(self, db: Database, linger_s: float = 0.05, retry_s: float = 1.0) -> None:
        self._db = db
        self._linger_s = linger_s
        self._retry_s = retry_s
        self._cond = threading.Condition()
        self._queue: list[PendingEntry] = []
        self._submitted = 0
        self._stored = 0
        self._hurry = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def submit(self, entries: Sequence[PendingEntry]) -> None:
        """Queue ``entries`` (in order) for the next batch."""
        if not entries:
            return
        with self._cond:
            if not self._closed:
                self._queue.extend(entries)
                self._submitted += len(entries)
                self._cond.notify_all()
                return
        append_audit(self._db, entries)

    def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until every entry submitted so far is stored; False if that took longer
        than ``timeout_s`` seconds."""
        with self._cond:
            target = self._submitted
            self._hurry = True
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._stored >= target, timeout_s)

    def close(self, timeout_s: float = 30.0) -> None:
        """Store what is queued and stop the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout_s)
        with self._cond:
            left = len(self._queue)
        if left:
            _LOG.error("%d audit entries could not be stored", left)

    def _run(self) -> None:
        failures = 0
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._queue) or self._closed)
                if not self._queue:
                    return
                if not self._closed and failures == 0:
                    self._cond.wait_for(lambda: self._hurry or self._closed, self._linger_s)
                self._hurry = False
                batch = list(self._queue)
            try:
                append_audit(self._db, batch)
            except SQLAlchemyError as exc:
                failures += 1
                _LOG.warning("audit entries not stored yet (%s); %d kept for another try",
                             type(exc).__name__, len(batch))  # fmt: skip
                if self._closed and failures >= 3:
                    return
                time.sleep(self._retry_s)
                continue
            failures = 0
            with self._cond:
                del self._queue[: len(batch)]
                self._stored += len(batch)
                self._cond.notify_all()

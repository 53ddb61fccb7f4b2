"""The one audit trail of the platform: every write of every capability, and every access
decision, in one keyed chain (:mod:`bucarest.core.audit`) stored in the database.

Example::

    >>> db = Database.open("sqlite:///:memory:")
    >>> with db.session() as s:
    ...     record_audit(s, "ana", "create", "incident:1", True, "")    # stored with the write
    ...     record_audit(s, "bob", "read", "incident:1", False, "denied")  # stored after it
    >>> [(e.seq, e.action, e.allowed) for e in stored_audit(db)]
    [(1, 'create', True), (2, 'read', False)]
    >>> verify_trail(db).problems
    ()

**With the write.** An allowed write's entry is appended inside the write's own
transaction, just before it commits: if the entry cannot be stored, neither is the write
(the client is told the store is unavailable). The chain is extended under a lock that
serialises appenders across processes (PostgreSQL: an advisory transaction lock; SQLite:
its write lock), held from the append to the commit.

**After the answer.** Refusals, and allowed reads, are appended once the unit of work has
ended, whatever its outcome (a denied request rolls back, but its refusal is kept), in a
transaction of their own. A server hands allowed reads (:data:`ROUTINE_ACTIONS`) to an
:class:`AuditWriter`, which stores whatever has gathered in one transaction a moment later:
one transaction per read was half the cost of a TAXII page. A process that dies without
shutting down loses the routine entries of its last moments; one that shuts down stores
them all.

**Outside the database.** The chain is keyed with a secret read from a file
(``BUCAREST_AUDIT_KEY_FILE``, created with 32 random bytes on first use) so that someone who
can write to the database cannot rebuild a chain that verifies. After each commit that
extends the chain, a signed checkpoint of its newest entry is appended to a file
(``BUCAREST_AUDIT_CHECKPOINTS``), which shows a later deletion of the last entries, or of
all of them. Both default to the database's folder (SQLite) or the user's data folder
(PostgreSQL); a deployment keeps them where the database's users cannot write.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from bucarest.core.audit import (
    AuditEntry,
    AuditKey,
    AuditProblem,
    Checkpoint,
    chained,
    checkpoint,
    verify,
)
from bucarest.core.errors import N_, StoreError
from bucarest.platform.database import Base, Database, MetaTable, UTCDateTime, utc_now
from bucarest.platform.settings import Settings, default_data_folder

__all__ = [
    "ROUTINE_ACTIONS",
    "AuditConfig",
    "AuditTable",
    "AuditWriter",
    "PendingEntry",
    "TrailCheck",
    "append_audit",
    "audit_config",
    "audit_entry",
    "export_checkpoint",
    "flush_audit_writer",
    "is_routine",
    "pending_audit",
    "read_checkpoints",
    "record_audit",
    "set_audit_writer",
    "stored_audit",
    "verify_trail",
]

_LOG = logging.getLogger(__name__)

#: One entry before it is chained: when, who, what, on which target, allowed, why.
PendingEntry = tuple[datetime, str, str, str, bool, str]

#: Actions whose *allowed* entries a server may append a moment after answering.
ROUTINE_ACTIONS = frozenset({"read", "list", "taxii-read", "taxii-status"})

#: The ``meta`` key whose value names this database's trail in checkpoints.
TRAIL_ID_KEY = "audit_trail_id"

#: Appenders in one process take turns (other processes are kept out by the database).
_LOCK = threading.Lock()


class AuditTable(Base):
    """The chained audit trail (append-only); ``key_id`` names the key of each entry's
    HMAC (None: plain SHA-256, written before the trail was keyed)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    allowed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)


def is_routine(entry: PendingEntry) -> bool:
    """Whether ``entry`` is an allowed read (see :data:`ROUTINE_ACTIONS`)."""
    return entry[4] and entry[2] in ROUTINE_ACTIONS


def audit_entry(row: Any) -> AuditEntry:
    """The entry a stored row (mapped or plain) holds, its time in UTC."""
    at = row.at if row.at.tzinfo is None else row.at.astimezone(UTC)
    at = at.replace(tzinfo=UTC)  # plain rows from SQLite come back without a zone
    return AuditEntry(row.seq, at, row.actor, row.action, row.target, row.allowed, row.reason,
                      row.prev_hash, row.hash, row.key_id)  # fmt: skip


# --- where the key and the checkpoints live ------------------------------------------------


@dataclass(frozen=True)
class AuditConfig:
    """A database's audit key, the file its checkpoints go to (None: none are kept, for a
    database in memory), and the id that names its trail in that file."""

    key: AuditKey
    key_file: Path | None
    checkpoints: Path | None
    trail_id: str


_CONFIG_LOCK = threading.Lock()
#: The key of databases in memory, which live no longer than this process.
_MEMORY_KEY = AuditKey(secrets.token_bytes(32))


def _data_folder(db: Database) -> Path | None:
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        name = url.database or ""
        if not name or name == ":memory:":
            return None
        return Path(name).expanduser().resolve().parent
    return default_data_folder()


def _load_key(path: Path) -> AuditKey:
    """The key in ``path``, created (32 random bytes, readable by its owner only) if there
    is none; two processes creating it at once agree on the first one written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
        deadline = time.monotonic() + 5
        while True:
            text = path.read_text().strip()
            if text or time.monotonic() > deadline:
                break
            time.sleep(0.01)  # another process created it and is writing it
        return AuditKey(bytes.fromhex(text))
    except (OSError, ValueError) as exc:
        raise StoreError(
            N_(
                "cannot read the audit key '{path}' ({reason}); expected a file holding 64 "
                "hexadecimal digits, or none (one is then created)"
            ),  # fmt: skip
            path=str(path),
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from None


def _trail_id(db: Database) -> str:
    with db.engine.begin() as conn:
        value = conn.execute(select(MetaTable.value).where(MetaTable.key == TRAIL_ID_KEY)).scalar()
    if value is None:  # a database migrated before the id was given by migration 0006
        raise StoreError(N_("the database has no audit trail id; run its migrations"))
    return f"{int(value):08x}"


def audit_config(db: Database) -> AuditConfig:
    """Where ``db``'s audit key and checkpoints are (read once per process and database)."""
    with _CONFIG_LOCK:
        found = db.extensions.get("audit_config")
        if isinstance(found, AuditConfig):
            return found
        settings = Settings.load()
        folder = _data_folder(db)
        key_file = (
            Path(settings.audit_key_file).expanduser()
            if settings.audit_key_file
            else (folder / "audit.key" if folder else None)
        )
        checkpoints = (
            Path(settings.audit_checkpoints).expanduser()
            if settings.audit_checkpoints
            else (folder / "audit-checkpoints.jsonl" if folder else None)
        )
        key = _load_key(key_file) if key_file else _MEMORY_KEY
        config = AuditConfig(key, key_file, checkpoints, _trail_id(db))
        db.extensions["audit_config"] = config
        return config


def _write_checkpoint(config: AuditConfig, last: AuditEntry) -> None:
    """Append the signed checkpoint of ``last`` (after its commit). A line under 4 KiB
    written with O_APPEND lands whole even when several processes write at once."""
    if config.checkpoints is None:
        return
    c = checkpoint(last, config.key, config.trail_id)
    line = json.dumps({"trail": c.database, "seq": c.seq, "hash": c.hash, "mac": c.mac})
    try:
        config.checkpoints.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(config.checkpoints, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
    except OSError as exc:
        # The entries are stored; only the evidence against their later deletion is not.
        _LOG.warning("audit checkpoint not written to %s (%s)", config.checkpoints, exc)


def read_checkpoints(path: Path, trail_id: str) -> tuple[Checkpoint, ...]:
    """The checkpoints of trail ``trail_id`` in ``path`` (one JSON object a line); an
    unreadable line is taken as a forged checkpoint, not skipped."""
    out: list[Checkpoint] = []
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise StoreError(
            N_("cannot read the audit checkpoints '{path}' ({reason})"),
            path=str(path),
            reason=exc.strerror or "",
        ) from None
    for line in lines:
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if raw["trail"] != trail_id:
                continue
            out.append(Checkpoint(str(raw["trail"]), int(raw["seq"]), str(raw["hash"]),
                                  str(raw["mac"])))  # fmt: skip
        except (ValueError, KeyError, TypeError):
            out.append(Checkpoint(trail_id, 0, "", ""))
    return tuple(out)


def export_checkpoint(db: Database) -> dict[str, Any] | None:
    """The signed checkpoint of ``db``'s newest entry, as the JSON line the checkpoint
    file holds (None when the trail is empty): to keep somewhere the server cannot write."""
    config = audit_config(db)
    with db.engine.connect() as conn:
        row = conn.execute(select(AuditTable).order_by(AuditTable.seq.desc()).limit(1)).first()
    if row is None:
        return None
    c = checkpoint(audit_entry(row), config.key, config.trail_id)
    return {"trail": c.database, "seq": c.seq, "hash": c.hash, "mac": c.mac}


# --- appending --------------------------------------------------------------------------------


def _append(conn: Any, pending: Sequence[PendingEntry], key: AuditKey) -> AuditEntry:
    """Chain ``pending`` onto the stored trail on ``conn`` (inside its transaction); the
    newest entry."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(2008)")
    elif conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        # Take the write lock before reading the last entry, so that server processes
        # queue here instead of colliding on the next sequence number.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    last = conn.execute(select(AuditTable).order_by(AuditTable.seq.desc()).limit(1)).first()
    prev = None if last is None else audit_entry(last)
    rows = []
    for at, actor, action, target, allowed, reason in pending:
        prev = chained(prev, at, actor, action, target, allowed, reason, key)
        rows.append({"seq": prev.seq, "at": prev.at, "actor": prev.actor, "action": prev.action,
                     "target": prev.target, "allowed": prev.allowed, "reason": prev.reason,
                     "prev_hash": prev.prev_hash, "hash": prev.hash,
                     "key_id": prev.key_id})  # fmt: skip
    table: Any = AuditTable.__table__
    conn.execute(table.insert(), rows)
    assert prev is not None
    return prev


def append_audit(db: Database, pending: Sequence[PendingEntry]) -> None:
    """Chain ``pending`` onto the stored trail, in one transaction of its own, then write
    its checkpoint. Should another process take the same sequence number first all the
    same, the primary key refuses ours, and the entries are chained again on the new last
    entry."""
    if not pending:
        return
    config = audit_config(db)
    for attempt in range(50):
        try:
            with _LOCK, db.engine.begin() as conn:
                last = _append(conn, pending, config.key)
            _write_checkpoint(config, last)
            return
        except IntegrityError:
            if attempt == 49:
                raise
            time.sleep(0.001 * (attempt + 1))


@dataclass
class _Trail:
    """The entries one unit of work has noted and not yet stored."""

    db: Database
    with_write: list[PendingEntry] = field(default_factory=list)
    after: list[PendingEntry] = field(default_factory=list)
    armed: bool = False


def _trail(session: Session) -> _Trail:
    trail = session.info.get("audit")
    if trail is None:
        db = session.info.get("database")
        if not isinstance(db, Database):
            raise TypeError("record_audit needs a session from Database.session()")
        trail = session.info["audit"] = _Trail(db)
        session.info.setdefault("after_close", []).append(lambda: _store_after(trail))
    return trail


def record_audit(
    session: Session,
    actor: str,
    action: str,
    target: str,
    allowed: bool,
    reason: str,
    at: datetime | None = None,
) -> None:
    """Note one write or decision of the unit of work in ``session`` for the trail: an
    allowed write is stored in the session's own transaction (or not at all, with it);
    refusals and reads once the session has ended, whatever its outcome. Long fields are
    cut to the trail's widths (actor 80, action 40, target 200 characters)."""
    trail = _trail(session)
    entry = (at or utc_now(), actor[:80], action[:40], target[:200], allowed, reason)
    if allowed and action not in ROUTINE_ACTIONS:
        trail.with_write.append(entry)
        if not trail.armed:
            trail.armed = True
            session.info.setdefault("before_commit", []).append(lambda: _store_with(session))
    else:
        trail.after.append(entry)


def pending_audit(session: Session) -> tuple[PendingEntry, ...]:
    """What ``session``'s unit of work has noted and not yet stored, in the order it will
    be stored (with the write first, then the rest)."""
    trail = session.info.get("audit")
    if trail is None:
        return ()
    return (*trail.with_write, *trail.after)


def _store_with(session: Session) -> None:
    trail: _Trail = session.info["audit"]
    trail.armed = False
    pending, trail.with_write = trail.with_write, []
    if not pending:
        return
    config = audit_config(trail.db)
    # Not under _LOCK: this transaction may already hold the database's write lock, which
    # an appender holding _LOCK could be waiting for.
    last = _append(session.connection(), pending, config.key)
    session.info.setdefault("after_commit", []).append(lambda: _write_checkpoint(config, last))


def _store_after(trail: _Trail) -> None:
    pending, trail.after = trail.after, []
    # Entries noted for a write that never committed are dropped with it.
    trail.with_write = []
    writer = trail.db.extensions.get("audit_writer")
    if isinstance(writer, AuditWriter):
        writer.submit([e for e in pending if is_routine(e)])
        pending = [e for e in pending if not is_routine(e)]
    append_audit(trail.db, pending)


def flush_audit_writer(db: Database) -> None:
    """Wait until this process's audit writer of ``db`` (if any) has stored what it holds."""
    writer = db.extensions.get("audit_writer")
    if isinstance(writer, AuditWriter):
        writer.flush()


def stored_audit(db: Database) -> tuple[AuditEntry, ...]:
    """Every stored entry, in sequence order (see :func:`flush_audit_writer`)."""
    with db.engine.connect() as conn:
        return tuple(
            audit_entry(r) for r in conn.execute(select(AuditTable).order_by(AuditTable.seq))
        )


@dataclass(frozen=True)
class TrailCheck:
    """What :func:`verify_trail` checked and found: the number of entries, how many are
    keyed, the key's id and file, the checkpoint file and how many of its checkpoints are
    of this trail, and the problems."""

    entries: int
    keyed: int
    key_id: str
    key_file: Path | None
    checkpoint_file: Path | None
    checkpoints: int
    newest_checkpoint: int | None
    problems: tuple[AuditProblem, ...]


def verify_trail(db: Database, checkpoints: Iterable[Path] = ()) -> TrailCheck:
    """Check ``db``'s whole trail with its key, against its checkpoint file (or the files
    ``checkpoints``, e.g. copies kept elsewhere)."""
    config = audit_config(db)
    flush_audit_writer(db)
    entries = stored_audit(db)
    files = list(checkpoints) or ([config.checkpoints] if config.checkpoints else [])
    marks = tuple(c for path in files for c in read_checkpoints(path, config.trail_id))
    problems = verify(entries, config.key, marks)
    return TrailCheck(
        entries=len(entries),
        keyed=sum(1 for e in entries if e.key_id is not None),
        key_id=config.key.key_id,
        key_file=config.key_file,
        checkpoint_file=files[0] if len(files) == 1 else None,
        checkpoints=len(marks),
        newest_checkpoint=max((c.seq for c in marks), default=None),
        problems=problems,
    )


# --- the background writer of routine entries --------------------------------------------------


def set_audit_writer(db: Database, writer: AuditWriter | None) -> None:
    """Hand ``db``'s routine entries to ``writer`` (None: store them at once again)."""
    if writer is None:
        db.extensions.pop("audit_writer", None)
    else:
        db.extensions["audit_writer"] = writer


class AuditWriter:
    """A thread that appends submitted entries in batches: it wakes on the first entry,
    waits ``linger_s`` seconds for others, and appends them all in one transaction.

    >>> db = Database.open("sqlite:///:memory:")
    >>> writer = AuditWriter(db, linger_s=0.01)
    >>> writer.submit([(utc_now(), "ana", "read", "incident:1", True, "releasable")])
    >>> writer.close()  # stores what was submitted, then stops
    >>> [e.action for e in stored_audit(db)]
    ['read']

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

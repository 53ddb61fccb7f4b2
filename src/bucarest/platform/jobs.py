"""Background jobs kept in the database, so that every server process sees the same ones.

A job is a row: what was asked (``kind`` and ``params``), by whom (``owner``), its state
(``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled``), its progress
(``done`` of ``total`` steps) and, at the end, its result or its error. The process that
accepted the job runs it in a background thread and writes its progress to the row at most
a few times a second; any process answers ``GET`` for it, and any process can ask it to stop
(the runner sees the request at its next progress step). A job whose process stopped without
finishing is reported as failed once its row has not moved for :data:`STALE_AFTER`.

How many jobs may wait or run at once is bounded, in all and per owner
(:class:`JobLimits`); past the bound a request is refused with a :class:`LimitError` (429).

Example::

    >>> from bucarest.app import open_store
    >>> db = open_store("sqlite:///:memory:")
    >>> job = submit(db, "example", "anonymous", "en", {}, lambda progress: {"answer": 42})
    >>> wait(db, job, timeout_s=10)["result"]
    {'answer': 42}
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from bucarest.core.errors import N_, BucarestError, InvalidInputError, LimitError, NotFoundError
from bucarest.platform.audit import record_audit
from bucarest.platform.database import Base, Database, UTCDateTime
from bucarest.platform.http import status_for

__all__ = [
    "ACTIVE",
    "STALE_AFTER",
    "JobCancelled",
    "JobLimits",
    "JobTable",
    "Progress",
    "cancel",
    "finished",
    "read",
    "submit",
    "wait",
]

#: States of a job that is not finished.
ACTIVE = ("queued", "running")
#: A running job whose row has not moved for this long has lost its process.
STALE_AFTER = timedelta(minutes=10)
#: How often a runner writes its progress (seconds), at most.
_PROGRESS_EVERY_S = 0.25

#: ``progress(done, total)``: called by the work as it goes.
Progress = Callable[[int, int], None]


class JobTable(Base):
    """A background job (see the module text)."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_state_owner", "state", "owner"),
        Index("ix_jobs_updated", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner: Mapped[str] = mapped_column(String(120))
    lang: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16))
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    cancel: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class JobLimits:
    """How many jobs may be queued or running at once: in all, and for one owner; how many
    finished ones are kept for their results."""

    total: int = 8
    per_owner: int = 2
    keep: int = 200


class JobCancelled(Exception):
    """Raised into the work at its next progress step once someone asked the job to stop."""


#: One runner thread per process: jobs are CPU-bound, and the server's threads answer requests.
_RUNNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="job")

_NO_JOB = N_("no job '{id}'; jobs are kept until {keep} newer ones finish")
_TOO_MANY = N_(
    "{count} jobs are already waiting or running ({scope}); try again when one has finished"
)
_LOST = N_("the server process running this job stopped before it finished; start it again")
_CANCELLED = N_("the job was cancelled")


def _now() -> datetime:
    return datetime.now(UTC)


def _error(exc: BucarestError, status: int, lang: str) -> dict[str, Any]:
    return {"code": exc.code, "status": status, "message": exc.translated(lang)}


def submit(
    db: Database,
    kind: str,
    owner: str,
    lang: str,
    params: dict[str, Any],
    work: Callable[[Progress], dict[str, Any]],
    limits: JobLimits = JobLimits(),
) -> str:
    """Store a job and start ``work`` in this process's runner; its id."""
    job_id = uuid.uuid4().hex
    with db.session() as s:
        active = s.execute(
            select(JobTable.owner, func.count())
            .where(JobTable.state.in_(ACTIVE))
            .group_by(JobTable.owner)
        ).all()
        counts = {str(o): int(n) for o, n in active}
        if sum(counts.values()) >= limits.total:
            record_audit(s, owner, "job-submit", f"jobs:{kind}", False, "too many jobs in all")
            raise LimitError(_TOO_MANY, count=str(sum(counts.values())), scope="all")
        if counts.get(owner, 0) >= limits.per_owner:
            record_audit(s, owner, "job-submit", f"jobs:{kind}", False, "too many jobs of theirs")
            raise LimitError(_TOO_MANY, count=str(counts[owner]), scope=owner)
        now = _now()
        s.add(JobTable(id=job_id, kind=kind, owner=owner[:120], lang=lang, state="queued",
                       done=0, total=0, params=params, result=None, error=None, cancel=False,
                       created_at=now, updated_at=now))  # fmt: skip
        record_audit(s, owner, "job-submit", f"job:{job_id}", True, kind)
        _prune(s, limits.keep)
    _RUNNER.submit(_run, db, job_id, lang, work)
    return job_id


def _prune(s: Any, keep: int) -> None:
    finished = select(JobTable.id).where(JobTable.state.not_in(ACTIVE))
    old = finished.order_by(JobTable.updated_at.desc()).offset(keep)
    doomed = [str(i) for i in s.scalars(old)]
    if doomed:
        s.execute(delete(JobTable).where(JobTable.id.in_(doomed)))


def _update(db: Database, job_id: str, **values: Any) -> bool:
    """Write ``values`` to the job; whether someone asked it to stop."""
    with db.session() as s:
        row = s.get(JobTable, job_id)
        if row is None:
            return True
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = _now()
        return bool(row.cancel)


def _run(
    db: Database,
    job_id: str,
    lang: str,
    work: Callable[[Progress], dict[str, Any]],
) -> None:
    last = [0.0]
    lock = threading.Lock()

    def progress(done: int, total: int) -> None:
        with lock:
            now = time.monotonic()
            if now - last[0] < _PROGRESS_EVERY_S and done < total:
                return
            last[0] = now
        if _update(db, job_id, done=done, total=total):
            raise JobCancelled

    try:
        if _update(db, job_id, state="running"):
            raise JobCancelled
        result = work(progress)
    except JobCancelled:
        stopped = InvalidInputError(_CANCELLED)
        _update(db, job_id, state="cancelled", error=_error(stopped, 409, lang))
    except BucarestError as exc:
        _update(db, job_id, state="failed", error=_error(exc, status_for(exc), lang))
    except (KeyError, TypeError, ValueError) as exc:
        bad = InvalidInputError(
            N_("a job parameter is missing or malformed: {name}"), name=str(exc)
        )
        _update(db, job_id, state="failed", error=_error(bad, 400, lang))
    else:
        with db.session() as s:
            row = s.get(JobTable, job_id)
            if row is not None:
                row.state, row.result, row.updated_at = "done", result, _now()
                row.done = row.total = max(row.total, row.done)


def read(db: Database, job_id: str, keep: int = JobLimits.keep) -> dict[str, Any]:
    """A job's state and progress and, once finished, its result or its error."""
    with db.session() as s:
        row = s.get(JobTable, job_id[:32])
        if row is None:
            raise NotFoundError(_NO_JOB, id=job_id[:64], keep=str(keep))
        out: dict[str, Any] = {"id": row.id, "kind": row.kind, "state": row.state,
                               "done": row.done, "total": row.total}  # fmt: skip
        if row.state == "running" and _now() - row.updated_at > STALE_AFTER:
            out["state"] = "failed"
            out["error"] = _error(InvalidInputError(_LOST), 500, row.lang)
        if row.result is not None:
            out["result"] = row.result
        if row.error is not None:
            out["error"] = row.error
        return out


def finished(
    db: Database, kind: str, match: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    """The result of the newest finished job of ``kind`` whose parameters ``match``, if any
    is still kept (so that one process can reuse what another computed)."""
    with db.session() as s:
        rows = s.execute(
            select(JobTable.params, JobTable.result)
            .where(JobTable.kind == kind, JobTable.state == "done")
            .order_by(JobTable.updated_at.desc())
        ).all()
        for params, result in rows:
            if result is not None and match(dict(params)):
                return dict(result)
    return None


def cancel(db: Database, job_id: str, actor: str = "") -> dict[str, Any]:
    """Ask a job to stop on behalf of ``actor`` (default: its owner); a finished one is
    left as it is. Its state after asking."""
    with db.session() as s:
        row = s.get(JobTable, job_id[:32])
        if row is None:
            raise NotFoundError(_NO_JOB, id=job_id[:64], keep=str(JobLimits.keep))
        if row.state in ACTIVE:
            record_audit(s, actor or row.owner, "job-cancel", f"job:{row.id}", True, row.kind)
            row.cancel = True
            if row.state == "queued":
                row.state = "cancelled"
                row.error = _error(InvalidInputError(_CANCELLED), 409, row.lang)
            row.updated_at = _now()
    return read(db, job_id)


def wait(db: Database, job_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """The job once it has finished (or as it is after ``timeout_s`` seconds)."""
    deadline = time.monotonic() + timeout_s
    while True:
        record = read(db, job_id)
        if record["state"] not in ACTIVE or time.monotonic() > deadline:
            return record
        time.sleep(0.05)

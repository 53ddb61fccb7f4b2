"""TAXII over the desk's one query layer: pages of objects, adding envelopes, statuses.

Every read goes through :meth:`Desk.readable <bucarest.desk.store.records.Desk.readable>`
(the SQL pre-selection of what the principal may read, then the policy decided row by row,
before the page is cut), in the ``(collection, seq)`` order of its index; ``next`` tokens
are the desk's signed cursors, bound to the principal, the endpoint, the collection and
the filters. Writes insert a whole envelope in one statement in the request's transaction.

Every object of a collection is an indicator record with the collection's marking and its
poster's organisation as originator, never one named in the request. All versions of one
STIX id in a collection share that originator (a version by another organisation is
refused): so they share one marking, and "the last version" is the same for everyone who
may read any of them.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, false, func, insert, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from bucarest.core.errors import N_, NotFoundError, PermissionDeniedError
from bucarest.core.identity import Principal
from bucarest.desk.domain.policy import Action, RecordKind, can_write
from bucarest.desk.domain.records import search_text
from bucarest.desk.store.records import Desk
from bucarest.desk.tables import DeskRecordTable, TaxiiClockTable, TaxiiStatusTable
from bucarest.desk.taxii.collections import Community
from bucarest.desk.taxii.envelopes import Filters, taxii_timestamp
from bucarest.desk.taxii.validation import Checked
from bucarest.platform.database import csv_set

__all__ = [
    "STATUS_TTL",
    "TaxiiPage",
    "add_objects",
    "delete_object",
    "hold_write_lock",
    "object_exists",
    "page",
    "read_status",
    "stix_text",
    "take_stamps",
]

#: How long status resources are kept (TAXII asks for at least 24 hours).
STATUS_TTL = timedelta(days=7)

_T = DeskRecordTable
_IN_CHUNK = 500


@dataclass(frozen=True)
class TaxiiPage:
    """Readable rows of one page, whether more exist, and the token of the next page."""

    rows: list[Any]
    more: bool
    next: str | None

    def date_added_headers(self) -> dict[str, str]:
        """``X-TAXII-Date-Added-First`` and ``-Last`` of the page (none when empty)."""
        if not self.rows:
            return {}
        return {
            "X-TAXII-Date-Added-First": taxii_timestamp(self.rows[0].created_at),
            "X-TAXII-Date-Added-Last": taxii_timestamp(self.rows[-1].created_at),
        }


@functools.lru_cache(maxsize=256)
def _version_condition(versions: tuple[str, ...]) -> Any | None:
    """The SQL condition of ``match[version]`` (built once per distinct value)."""
    if "all" in versions:
        return None
    other = aliased(DeskRecordTable)
    same = (other.collection == _T.collection, other.stix_id == _T.stix_id)
    parts: list[Any] = []
    if "last" in versions:
        parts.append(~select(other.seq).where(*same, other.stix_version > _T.stix_version).exists())
    if "first" in versions:
        parts.append(~select(other.seq).where(*same, other.stix_version < _T.stix_version).exists())
    stamps = [v for v in versions if v not in ("first", "last")]
    if stamps:
        parts.append(_T.stix_version.in_(stamps))
    return or_(*parts)


@functools.lru_cache(maxsize=256)
def _shaped_conditions(has_object: bool, has_ids: bool, has_types: bool, has_added: bool,
                       no_spec: bool, versions: tuple[str, ...]) -> tuple[Any, ...]:  # fmt: skip
    """The SQL conditions of one shape of query, with bound parameters for the values
    (built once per shape, so that the desk builds each page's statement once too)."""
    out: list[Any] = [_T.collection == bindparam("t_collection")]
    if has_object:
        out.append(_T.stix_id == bindparam("t_object"))
    if has_ids:
        out.append(_T.stix_id.in_(bindparam("t_ids", expanding=True)))
    if has_types:
        out.append(_T.stix_type.in_(bindparam("t_types", expanding=True)))
    if has_added:
        out.append(_T.created_at > bindparam("t_added", type_=_T.created_at.type))
        # The same bound as a position: the last row added at or before it, found by the
        # (collection, created_at) index, so the scan starts there instead of at the start.
        before = (select(_T.seq)
                  .where(_T.collection == bindparam("t_collection"),
                         _T.created_at <= bindparam("t_added", type_=_T.created_at.type))
                  .order_by(_T.created_at.desc()).limit(1).scalar_subquery())  # fmt: skip
        out.append(_T.seq > func.coalesce(before, 0))
    if no_spec:
        out.append(false())  # every object here is STIX 2.1
    version = _version_condition(versions)
    if version is not None:
        out.append(version)
    return tuple(out)


def _conditions(c: Community, f: Filters, object_id: str | None
                ) -> tuple[tuple[Any, ...], tuple[Any, ...], dict[str, Any]]:  # fmt: skip
    """The conditions of a query in ``c`` (see :func:`_shaped_conditions`), their shape, and
    the values of their parameters."""
    shape = (object_id is not None, bool(f.ids), bool(f.types), f.added_after is not None,
             bool(f.spec_versions) and "2.1" not in f.spec_versions, f.versions)  # fmt: skip
    values = {"t_collection": c.id, "t_object": object_id, "t_ids": list(f.ids),
              "t_types": list(f.types), "t_added": f.added_after}  # fmt: skip
    return _shaped_conditions(*shape), ("taxii", *shape), values


def page(desk: Desk, p: Principal, c: Community, endpoint: str, f: Filters, limit: int,
         cursor: str | None, object_id: str | None = None) -> TaxiiPage:  # fmt: skip
    """A page of the rows ``p`` may read in ``c`` that match ``f`` (and ``object_id``),
    after the position of ``cursor`` (400 if it was issued to someone else or for another
    query)."""
    query = {"endpoint": endpoint, "collection": c.id, "object": object_id, **f.binding()}
    after = desk.read_cursor(p, query, cursor) if cursor else 0
    conditions, shape, values = _conditions(c, f, object_id)
    rows, more = desk.readable(p, *conditions, after=after, limit=limit, shape=shape,
                               params=values,
                               columns=_PAGE_COLUMNS if endpoint in ("objects", "object") else ())  # fmt: skip
    nxt = desk.cursor(p, query, rows[-1].seq) if more and rows else None
    return TaxiiPage(rows, more, nxt)


#: An objects page reads what the policy needs, the date added and each object's stored JSON
#: as text, never decoding it: the envelope is written around it (see :func:`stix_text`).
_PAGE_COLUMNS = (
    _T.seq, _T.parent_id, _T.author, _T.originator, _T.tlp, _T.classification, _T.frameworks,
    _T.nations, _T.originator_only, _T.recipients, _T.response_team, _T.created_at,
    cast(_T.fields, Text).label("fields_text"),
)  # fmt: skip
_STIX_PREFIX = '{"stix": '


def stix_text(row: Any) -> str:
    """The stored STIX object of a page row as JSON text (the record's fields are written
    as ``{"stix": …}`` by ``json.dumps``, so the object is what lies between)."""
    text = str(row.fields_text)
    if text.startswith(_STIX_PREFIX) and text.endswith("}"):
        return text[len(_STIX_PREFIX) : -1]
    return json.dumps(json.loads(text)["stix"])


def object_exists(desk: Desk, p: Principal, c: Community, object_id: str) -> bool:
    """Whether ``p`` may read some version of ``object_id`` in ``c``."""
    rows, _more = desk.readable(p, _T.collection == c.id, _T.stix_id == object_id[:120], limit=1)
    return bool(rows)


def _detail(obj_id: str, version: str, message: str = "") -> dict[str, str]:
    out = {"id": obj_id, "version": version}
    if message:
        out["message"] = message
    return out


def _owners(desk: Desk, c: Community, ids: Sequence[str]) -> dict[str, tuple[set[str], set[str]]]:
    """For each id already in ``c``: its stored versions and owners."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i : i + _IN_CHUNK]
        q = select(_T.stix_id, _T.stix_version, _T.owner).where(
            _T.collection == c.id, _T.stix_id.in_(chunk)
        )
        for sid, version, owner in desk.s.execute(q):
            versions, owners = out.setdefault(str(sid), (set(), set()))
            versions.add(str(version))
            owners.add(str(owner))
    return out


def hold_write_lock(session: Session, collection: str) -> None:
    """Make the session's transaction the only one adding to ``collection`` until it ends:
    a transaction-scoped advisory lock on PostgreSQL; on SQLite, which has one writer at a
    time, a first write that takes the database's write lock."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(2009, hashtext(:c))"), {"c": collection})
    else:
        conn.execute(
            text(
                "INSERT INTO desk_settings (key, value) VALUES ('taxii-write-lock', :c) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"c": collection},
        )


_TICK = timedelta(microseconds=1)


def take_stamps(session: Session, collection: str, now: datetime, count: int) -> list[datetime]:
    """``count`` ``date_added`` stamps for new objects of ``collection``, one microsecond
    apart, from ``now`` or just after the last stamp the collection gave, whichever is later;
    the collection's clock moves on to the last of them.

    Call it holding the collection's write lock (:func:`hold_write_lock`), in the transaction
    that stores the objects: no other writer can take stamps until this one commits, so
    stamps follow commit order in every process and on every machine, whatever their clocks
    say, and a reader who has seen a stamp has seen every smaller one (see
    ``docs/decisions.md``, "TAXII date_added in commit order").
    """
    if count <= 0:
        return []
    last = session.scalar(
        select(TaxiiClockTable.last_added).where(TaxiiClockTable.collection == collection)
    )
    known = last is not None
    if last is None:  # the clock starts after what is stored
        last = session.scalar(select(func.max(_T.created_at)).where(_T.collection == collection))
    start = now if last is None or now > last else last + _TICK
    stamps = [start + i * _TICK for i in range(count)]
    if known:
        session.execute(
            update(TaxiiClockTable)
            .where(TaxiiClockTable.collection == collection)
            .values(last_added=stamps[-1])
        )
    else:
        session.execute(
            insert(TaxiiClockTable).values(collection=collection, last_added=stamps[-1])
        )
    return stamps


def add_objects(desk: Desk, p: Principal, c: Community, checked: Sequence[Checked],
                requested_at: datetime) -> dict[str, Any]:  # fmt: skip
    """Store the valid objects of an envelope in ``c`` as ``p``'s organisation's
    indicators, in one statement, and keep the status resource (returned).

    Each new object's ``date_added`` is taken under the collection's write lock
    (:func:`take_stamps`). An object already in the collection with the same version counts
    as a success and is not stored twice; a new version of an object another organisation
    shared is refused.
    """
    marking = c.marking(p.organisation)
    decision = can_write(p, Action.CREATE, RecordKind.INDICATOR, marking, desk.today(), desk.reg,
                         ceiling=desk.ceiling)  # fmt: skip
    if not decision.allowed:
        desk.audit(p.username, "taxii-add", f"collection:{c.id}", False, decision.reason)
        raise PermissionDeniedError(N_("not allowed: {reason}"), reason=decision.reason)
    ids = sorted({ch.id for ch in checked if ch.obj is not None})
    # Read what is stored only once no other process can add to it before this commits:
    # without the lock, two workers could both find an object absent and store it twice,
    # or two organisations could each add a version of the same object.
    hold_write_lock(desk.s, c.id)
    stamps = take_stamps(desk.s, c.id, desk.now(), len(checked))
    stored = _owners(desk, c, ids)
    frameworks = csv_set(marking.frameworks)
    rows: list[dict[str, Any]] = []
    successes: list[dict[str, str]] = []
    failures: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for ch, stamp in zip(checked, stamps, strict=True):
        if ch.obj is None:
            failures.append(_detail(ch.id, ch.version, ch.message))
            continue
        versions, owners = stored.get(ch.id, (set(), set()))
        if owners - {p.organisation}:
            failures.append(_detail(ch.id, ch.version, N_(
                "another organisation shared this object in this collection; only its originator may add versions")))  # fmt: skip
            continue
        version = ch.version or taxii_timestamp(stamp)
        key = (ch.id, ch.version)
        if key in seen or ch.version in versions or (not ch.version and versions):
            successes.append(_detail(ch.id, version, N_("already in the collection")))
            continue
        seen.add(key)
        fields = {"stix": ch.obj}
        rows.append({
            "id": str(uuid.uuid4()), "kind": RecordKind.INDICATOR.value, "parent_id": None,
            "author": p.username, "originator": marking.originator, "owner": p.organisation,
            "tlp": marking.tlp.value,
            "classification": marking.classification.value, "frameworks": frameworks,
            "nations": "", "originator_only": False, "recipients": "", "response_team": False,
            "fields": fields, "search": search_text(RecordKind.INDICATOR, fields),
            "created_at": stamp, "updated_at": stamp, "version": 1, "collection": c.id,
            "stix_id": ch.id, "stix_type": str(ch.obj.get("type", ""))[:64],
            "stix_version": version,
        })  # fmt: skip
        successes.append(_detail(ch.id, version))
    if rows:
        desk.s.execute(insert(DeskRecordTable), rows)
    desk.audit(p.username, "taxii-add", f"collection:{c.id}", True,
               f"added {len(rows)} of {len(checked)}, {len(failures)} refused")  # fmt: skip
    status = {
        "id": str(uuid.uuid4()),
        "status": "complete",
        "request_timestamp": taxii_timestamp(requested_at),
        "total_count": len(checked),
        "success_count": len(successes),
        "successes": successes,
        "failure_count": len(failures),
        "failures": failures,
        "pending_count": 0,
        "pendings": [],
    }
    now = desk.now()
    desk.s.execute(delete(TaxiiStatusTable).where(TaxiiStatusTable.created_at < now - STATUS_TTL))
    desk.s.add(TaxiiStatusTable(id=status["id"], username=p.username, created_at=now, body=status))
    return status


def read_status(desk: Desk, p: Principal, status_id: str) -> dict[str, Any]:
    """The status resource of one of ``p``'s own requests; 404 for anyone else's."""
    row = desk.s.get(TaxiiStatusTable, status_id[:64])
    allowed = row is not None and row.username == p.username
    desk.audit(p.username, "taxii-status", f"taxii-status:{status_id[:64]}", allowed,
               "own request" if allowed else "no such status of this user")  # fmt: skip
    if row is None or not allowed:
        raise NotFoundError(N_("no status '{id}'"), id=status_id[:64])
    return dict(row.body)


def delete_object(desk: Desk, p: Principal, c: Community, object_id: str, f: Filters) -> int:
    """Delete the versions of ``object_id`` that match ``f``: 404 if ``p`` may read none,
    403 unless ``p``'s organisation shared them and ``p`` may change its indicators."""
    target = f"collection:{c.id}"
    if not object_exists(desk, p, c, object_id):
        desk.audit(p.username, "taxii-delete", target, False, f"{object_id[:120]}: not found")
        raise NotFoundError(N_("no object '{id}' in this collection"), id=object_id[:120])
    doomed: list[Any] = []
    after = 0
    while True:
        conditions, shape, values = _conditions(c, f, object_id)
        rows, more = desk.readable(p, *conditions, after=after, limit=500, shape=shape,
                                   params=values)  # fmt: skip
        doomed.extend(rows)
        if not more or not rows:
            break
        after = rows[-1].seq
    for row in doomed:
        d = can_write(p, Action.UPDATE, RecordKind.INDICATOR, c.marking(row.originator),
                      desk.today(), desk.reg, owner=row.owner, ceiling=desk.ceiling)  # fmt: skip
        if not d.allowed:
            desk.audit(p.username, "taxii-delete", target, False, f"{object_id[:120]}: {d.reason}")
            raise PermissionDeniedError(N_("not allowed: {reason}"), reason=d.reason)
    seqs = [row.seq for row in doomed]
    for i in range(0, len(seqs), _IN_CHUNK):
        desk.s.execute(
            delete(DeskRecordTable).where(DeskRecordTable.seq.in_(seqs[i : i + _IN_CHUNK]))
        )
    desk.audit(
        p.username, "taxii-delete", target, True, f"{object_id[:120]}: deleted {len(doomed)}"
    )
    return len(doomed)

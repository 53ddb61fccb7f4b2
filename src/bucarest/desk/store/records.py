"""The desk's store: accounts and credentials, and the one query layer that applies the
sharing policy to every read and write, with the audit trail.

Example::

    >>> from datetime import date
    >>> from bucarest.app import open_store
    >>> from bucarest.registry.data import load_embedded_registry
    >>> db = open_store("sqlite:///:memory:")
    >>> with db.session() as s:
    ...     desk = Desk(s, load_embedded_registry(), db)
    ...     _user, password = desk.accounts.create_user("ana", "FRA", {Role.ANALYST})
    ...     ana = desk.accounts.login("ana", password)
    ...     rec = desk.create(ana, RecordKind.PRACTICE, {"title": "Patch", "body": "Patch often."},
    ...                       Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato"})))
    ...     desk.get(ana, rec.id).fields["title"]
    'Patch'

Nothing reads ``desk_records`` except :class:`Desk`. Every read goes through
:meth:`Desk.readable`, which pre-selects in SQL a superset of what the principal may read
(by organisation, frameworks on the date, TLP) and then decides each row with
:func:`~bucarest.desk.domain.policy.can_read`, before any paging: so lists, counts, pages and
searches never reveal a record the principal may not read, and a denied record is
indistinguishable from a missing one (the same 404). Passwords are hashed with argon2id,
tokens and session cookies are kept as SHA-256 digests, and every decision and write is
appended to the platform's keyed audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import and_, bindparam, false, or_, select, true
from sqlalchemy.orm import Session

from bucarest.core.audit import AuditEntry, chained
from bucarest.core.errors import (
    N_,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain import assistance
from bucarest.desk.domain.markings import TLP, Classification, Marking
from bucarest.desk.domain.policy import (
    NEED_TO_KNOW,
    Action,
    Decision,
    RecordKind,
    can_read,
    can_write,
    check_marking,
    member_of,
)
from bucarest.desk.domain.records import CHILD_KINDS, Page, Record, check_fields, search_text
from bucarest.desk.domain.stix import check_object_tlp
from bucarest.desk.store.cursors import cursor_secret, read_cursor, sign_cursor
from bucarest.desk.store.rows import RECORD_COLUMNS, decision_key, marking_of, record_of
from bucarest.desk.tables import DeskRecordTable
from bucarest.platform.audit import (
    AuditTable,
    audit_config,
    audit_entry,
    flush_audit_writer,
    pending_audit,
    record_audit,
    stored_audit,
)
from bucarest.platform.database import Database, csv_set, utc_now
from bucarest.platform.identity import Accounts
from bucarest.registry.domain.model import Registry

__all__ = [
    "Desk",
]


class Desk:
    """The desk over one session: ``reg`` answers framework membership, ``db`` is the
    database the session belongs to, ``now`` is the clock (UTC)."""

    def __init__(self, session: Session, reg: Registry, db: Database,
                 now: Callable[[], datetime] = utc_now,
                 ceiling: Classification = Classification.UNCLASSIFIED,
                 secret: bytes | None = None) -> None:  # fmt: skip
        self.s = session
        self.reg = reg
        self.db = db
        self.now = now
        self.ceiling = ceiling
        self.secret = secret or cursor_secret(db)
        self.accounts = Accounts(session, now, self.audit)
        self._decisions: dict[Principal, dict[tuple[Any, ...], Decision]] = {}

    # --- audit ---------------------------------------------------------------------------

    def audit(self, actor: str, action: str, target: str, allowed: bool, reason: str) -> None:
        """Note one decision or write for the platform's audit trail: a write is stored with
        it, in this unit of work's transaction; a refusal or a read once the unit of work
        has ended (see :mod:`bucarest.platform.audit`)."""
        record_audit(self.s, actor, action, target, allowed, reason, at=self.now())

    def audit_entries(self) -> tuple[AuditEntry, ...]:
        """The stored trail, followed by this unit of work's entries not yet stored
        (chained in memory as they will be)."""
        flush_audit_writer(self.db)
        stored = stored_audit(self.db)
        return stored + self._unstored(stored[-1] if stored else None)

    def _unstored(self, last: AuditEntry | None) -> tuple[AuditEntry, ...]:
        """This unit of work's entries not yet stored, chained after ``last`` as they will be."""
        key = audit_config(self.db).key
        out: list[AuditEntry] = []
        for at, actor, action, target, allowed, reason in pending_audit(self.s):
            last = chained(last, at, actor, action, target, allowed, reason, key)
            out.append(last)
        return tuple(out)

    def _newest_audit(
        self, where: Any = None, batch: int = 500, pending: bool = True
    ) -> Iterator[AuditEntry]:
        """The trail newest first, read in batches (a view of the latest entries does not
        load a log of 100,000): this unit of work's entries not yet stored, then the stored
        ones that meet ``where`` (an SQL condition on the audit table; None: all)."""
        flush_audit_writer(self.db)
        newest = select(AuditTable).order_by(AuditTable.seq.desc())
        if pending:
            last = self.s.scalars(newest.limit(1)).first()
            yield from reversed(self._unstored(audit_entry(last) if last is not None else None))
        if where is not None:
            newest = newest.where(where)
        before: int | None = None
        while True:
            query = (
                newest.limit(batch)
                if before is None
                else newest.where(AuditTable.seq < before).limit(batch)
            )
            rows = self.s.scalars(query).all()
            yield from (audit_entry(r) for r in rows)
            if len(rows) < batch:
                return
            before = rows[-1].seq

    def visible_audit(
        self, p: Principal, limit: int = 200, before: int | None = None
    ) -> tuple[AuditEntry, ...]:
        """The audit entries ``p`` may see, newest first and older than ``before`` (a
        ``seq``) when given: their own, and those about desk records they may read;
        auditors and administrators see the whole trail (accounts, registry, ledger, jobs)
        but for desk records they may not read. Names of records they may not read never
        appear."""
        out: list[AuditEntry] = []
        record_kinds = {k.value for k in RecordKind} | {"record"}
        everything = p.has(Role.ADMINISTRATOR, Role.AUDITOR)
        # Only rows that can pass the tests below are read: for others than auditors, the
        # caller's own and those about a record.
        about = or_(*(AuditTable.target.like(f"{k}:%") for k in sorted(record_kinds)))
        where: Any = None if everything else or_(AuditTable.actor == p.username, about)
        if before is not None:
            older = AuditTable.seq < before
            where = older if where is None else and_(where, older)
        for e in self._newest_audit(where, pending=before is None):
            kind, _sep, rid = e.target.partition(":")
            if kind in record_kinds and rid:
                # Even the user's own entries: a probe of a record they may not read must not
                # show (by its kind or reason) that the record exists.
                if self._readable_id(p, rid):
                    out.append(e)
            elif e.actor == p.username or everything:
                out.append(e)
            if len(out) >= limit:
                break
        return tuple(out)

    # --- the query layer -----------------------------------------------------------------

    def today(self) -> date:
        return self.now().date()

    #: SQL pre-selections by (principal, day), with the registry snapshot they came from:
    #: building one asks the registry for each framework's members.
    _prefilters: ClassVar[dict[tuple[Principal, date], tuple[Registry, Any]]] = {}

    def _prefilter(self, p: Principal) -> Any:
        """A SQL condition true for every row ``p`` may read (and some it may not),
        reused while the principal, the day and the registry snapshot stay the same."""
        key = (p, self.today())
        found = self._prefilters.get(key)
        if found is not None and found[0] is self.reg:
            return found[1]
        expr = self._build_prefilter(p)
        if len(self._prefilters) >= 1024:
            self._prefilters.clear()
        self._prefilters[key] = (self.reg, expr)
        return expr

    def _build_prefilter(self, p: Principal) -> Any:
        org = p.organisation
        frameworks = [
            f.id for f in self.reg.frameworks if member_of(self.reg, org, f.id, self.today())
        ]
        release = [DeskRecordTable.originator == org,
                   and_(DeskRecordTable.originator_only == false(),
                        or_(DeskRecordTable.nations.like(f"%,{org},%"),
                            *(DeskRecordTable.frameworks.like(f"%,{fw},%") for fw in frameworks)))]  # fmt: skip
        if p.has(Role.RESPONDER) and p.is_nato_body:
            release.append(DeskRecordTable.response_team == true())
        tlps = [TLP.CLEAR.value, TLP.GREEN.value]
        if p.has(*NEED_TO_KNOW):
            tlps += [TLP.AMBER.value, TLP.AMBER_STRICT.value]
        red = or_(
            DeskRecordTable.recipients.like(f"%,{p.username},%"),
            DeskRecordTable.author == p.username,
        )
        tlp = or_(DeskRecordTable.tlp.in_(tlps), and_(DeskRecordTable.tlp == TLP.RED.value, red))
        return and_(or_(*release), tlp)

    def _decide(self, p: Principal, row: Any) -> Decision:
        """The policy's decision on ``row`` (and its ancestors). The policy is a pure
        function of the principal, the day, the marking columns and the author, and a page's
        rows share a handful of markings, so top-level decisions are remembered for the
        life of this desk (one request); rows under a parent are decided afresh."""
        if row.parent_id is None:
            memo = self._decisions.get(p)
            if memo is None:
                memo = self._decisions[p] = {}
            key = decision_key(row)
            found = memo.get(key)
            if found is None:
                found = memo[key] = can_read(
                    p, marking_of(row), self.today(), self.reg, row.author, self.ceiling
                )
            return found
        decision = can_read(p, marking_of(row), self.today(), self.reg, row.author, self.ceiling)
        if decision.allowed and row.parent_id is not None:
            for ancestor in self._ancestors(row):
                up = can_read(
                    p, marking_of(ancestor), self.today(), self.reg, ancestor.author, self.ceiling
                )
                if not up.allowed:
                    return up
        return decision

    def _ancestors(self, row: Any) -> Iterator[DeskRecordTable]:
        seen = 0
        parent_id = row.parent_id
        while parent_id is not None and seen < 16:
            parent = self.s.scalar(select(DeskRecordTable).where(DeskRecordTable.id == parent_id))
            if parent is None:
                return
            yield parent
            parent_id, seen = parent.parent_id, seen + 1

    def _readable_id(self, p: Principal, record_id: str) -> bool:
        row = self.s.scalar(select(DeskRecordTable).where(DeskRecordTable.id == record_id))
        return row is not None and self._decide(p, row).allowed

    def _row(self, p: Principal, record_id: str, log: bool = True) -> DeskRecordTable:
        row = self.s.scalar(select(DeskRecordTable).where(DeskRecordTable.id == record_id[:64]))
        decision = (
            self._decide(p, row) if row is not None else Decision(False, N_("no such record"))
        )
        if log:
            kind = row.kind if row is not None else "record"
            self.audit(
                p.username, "read", f"{kind}:{record_id[:64]}", decision.allowed, decision.reason
            )
        if row is None or not decision.allowed:
            raise NotFoundError(N_("no record '{id}'"), id=record_id[:64])
        return row

    def get(self, p: Principal, record_id: str) -> Record:
        """The record, if ``p`` may read it and every ancestor; else the same 404 as for a
        record that does not exist."""
        return record_of(self._row(p, record_id))

    def readable(self, p: Principal, *conditions: Any, after: int = 0, limit: int = 50,
                 order_desc: bool = False, columns: tuple[Any, ...] = (),
                 shape: Hashable | None = None,
                 params: Mapping[str, Any] | None = None) -> tuple[list[Any], bool]:  # fmt: skip
        """Rows ``p`` may read matching ``conditions``, in ``seq`` order from ``after``,
        at most ``limit``, and whether more exist. Filtering happens before the cut.
        ``columns`` replaces the selected columns (every column by default); the marking
        columns, ``author``, ``parent_id`` and ``seq`` must be among them.

        A caller that passes ``shape`` promises the same ``conditions`` objects (bound
        parameters, valued by ``params``) every time it passes that shape: the statement is
        then built once, and SQLAlchemy reuses its compiled form as is instead of building
        and keying a new one per page."""
        out: list[Any] = []
        cursor = after
        prefilter = self._prefilter(p)
        # Usually every pre-selected row passes, so the first fetch is just one page (and
        # one row to tell whether more exist); later fetches grow when rows were refused.
        batch = limit + 1
        while True:
            q = self._statement(prefilter, conditions, shape, columns, order_desc,
                                bounded=bool(cursor) or not order_desc)  # fmt: skip
            self.s.flush()  # what the ORM would do first (nothing, unless records were added)
            # Plain rows from the session's connection, past the ORM: pages are read, never
            # changed, and the mapper's bookkeeping was half the cost of a TAXII page.
            values = {**(params or {}), "r_cursor": cursor, "r_batch": batch}
            rows = self.s.connection().execute(q, values).all()
            for row in rows:
                if self._decide(p, row).allowed:
                    if len(out) == limit:
                        return out, True
                    out.append(row)
            if len(rows) < batch:
                return out, False
            cursor = rows[-1].seq
            batch = min(batch * 2, 2000)

    #: Statements built for a caller's shape (see :meth:`readable`), with the pre-selection
    #: object they were built on.
    _statements: ClassVar[dict[tuple[Any, ...], tuple[Any, Any]]] = {}

    def _statement(self, prefilter: Any, conditions: tuple[Any, ...], shape: Hashable | None,
                   columns: tuple[Any, ...], order_desc: bool, bounded: bool) -> Any:  # fmt: skip
        key = (id(prefilter), shape, id(columns), order_desc, bounded)
        if shape is not None:
            found = self._statements.get(key)
            if found is not None and found[0] is prefilter:
                return found[1]
        q = select(*(columns or RECORD_COLUMNS)).where(prefilter, *conditions)
        seq = DeskRecordTable.seq
        if order_desc:
            q = q.where(seq < bindparam("r_cursor")) if bounded else q
            q = q.order_by(seq.desc())
        else:
            q = q.where(seq > bindparam("r_cursor")).order_by(seq)
        q = q.limit(bindparam("r_batch"))
        if shape is not None:
            if len(self._statements) >= 4096:
                self._statements.clear()
            self._statements[key] = (prefilter, q)
        return q

    def cursor(self, p: Principal, query: dict[str, Any], seq: int) -> str:
        """The signed ``next`` value of a page that ends at ``seq`` (see :mod:`.cursors`)."""
        return sign_cursor(self.secret, p, query, seq)

    def read_cursor(self, p: Principal, query: dict[str, Any], cursor: str) -> int:
        """The position a cursor stands for, if it was issued to ``p`` for this query."""
        return read_cursor(self.secret, p, query, cursor)

    def page(self, p: Principal, kind: RecordKind, text: str = "", limit: int = 50,
             cursor: str | None = None, parent_id: str | None = None) -> Page:  # fmt: skip
        """Readable records of ``kind`` (newest first), optionally matching ``text`` or
        under ``parent_id``; the audit log gets one entry for the listing."""
        if not 1 <= limit <= 500:
            raise InvalidInputError(
                N_("a limit of {limit} is not allowed; expected 1 to 500"), limit=str(limit)
            )
        query = {"kind": kind.value, "text": text, "parent": parent_id}
        after = self.read_cursor(p, query, cursor) if cursor else 0
        conditions = [DeskRecordTable.kind == kind.value, DeskRecordTable.collection.is_(None)]
        if text.strip():
            conditions.append(
                DeskRecordTable.search.like(f"%{_escape(text.strip().lower())}%", escape="\\")
            )
        if parent_id is not None:
            if not self._readable_id(p, parent_id):
                raise NotFoundError(N_("no record '{id}'"), id=parent_id[:64])
            conditions.append(DeskRecordTable.parent_id == parent_id)
        rows, more = self.readable(p, *conditions, after=after, limit=limit, order_desc=True)
        self.audit(p.username, "list", f"{kind.value}-list", True, f"returned {len(rows)}")
        nxt = self.cursor(p, query, rows[-1].seq) if more and rows else None
        return Page(tuple(record_of(r) for r in rows), nxt)

    # --- writes -----------------------------------------------------------------------

    def _refuse(self, p: Principal, action: str, target: str, d: Decision, visible: bool) -> None:
        self.audit(p.username, action, target, False, d.reason)
        if not visible:
            raise NotFoundError(N_("no record '{id}'"), id=target.partition(":")[2])
        raise PermissionDeniedError(N_("not allowed: {reason}"), reason=d.reason)

    def create(self, p: Principal, kind: RecordKind, raw: dict[str, Any], marking: Marking,
               parent_id: str | None = None) -> Record:  # fmt: skip
        """A new record by ``p``. A top-level record's originator must be ``p``'s own
        organisation; a child takes its parent's originator and may not be less restricted
        than its parent (the parent must be readable: else 404)."""
        if kind is RecordKind.ASSISTANCE:
            raise InvalidInputError(N_("assistance requests are submitted with their own workflow"))
        check_marking(marking, self.reg, self.ceiling)
        parent_row = None
        if parent_id is not None:
            parent_row = self._row(p, parent_id, log=False)
            allowed_under = {
                k for k, parents in CHILD_KINDS.items() if RecordKind(parent_row.kind) in parents
            }
            if kind not in allowed_under:
                raise InvalidInputError(N_("a {kind} record cannot be placed under a {parent} record"),
                                        kind=kind.value, parent=parent_row.kind)  # fmt: skip
            marking = replace(marking, originator=parent_row.originator)
        fields = check_fields(kind, raw)
        if kind is RecordKind.INDICATOR:
            check_object_tlp(fields["stix"], marking.tlp)
        d = can_write(p, Action.CREATE, kind, marking, self.today(), self.reg,
                      parent=marking_of(parent_row) if parent_row is not None else None,
                      ceiling=self.ceiling)  # fmt: skip
        rid = str(uuid.uuid4())
        if not d.allowed:
            self._refuse(p, "create", f"{kind.value}:{rid}", d, True)
        return self._insert(p, kind, rid, fields, marking, parent_id)

    def _insert(self, p: Principal, kind: RecordKind, rid: str, fields: dict[str, Any], marking: Marking,
                parent_id: str | None, **stix: Any) -> Record:  # fmt: skip
        now = self.now()
        row = DeskRecordTable(
            id=rid, kind=kind.value, parent_id=parent_id, author=p.username, originator=marking.originator,
            owner=p.organisation,
            tlp=marking.tlp.value, classification=marking.classification.value,
            frameworks=csv_set(marking.frameworks), nations=csv_set(marking.nations),
            originator_only=marking.originator_only, recipients=csv_set(marking.recipients),
            response_team=marking.response_team, fields=fields, search=search_text(kind, fields),
            created_at=now, updated_at=now, version=1, **stix,
        )  # fmt: skip
        self.s.add(row)
        self.s.flush()
        self.audit(p.username, "create", f"{kind.value}:{rid}", True, "")
        return record_of(row)

    def update(self, p: Principal, record_id: str, raw: dict[str, Any], version: int,
               marking: Marking | None = None) -> Record:  # fmt: skip
        """Change a record's fields (its owner's analysts and points of contact only), if
        nobody wrote since ``version``; with ``marking``, a top-level record's marking too
        (its originator kept), which the writer must still be able to read, and every record
        under it tightened where needed to stay within it (:meth:`Marking.at_least`)."""
        row = self._row(p, record_id)
        kind = RecordKind(row.kind)
        if kind is RecordKind.ASSISTANCE:
            raise InvalidInputError(N_("assistance requests change through their workflow steps"))
        target = f"{kind.value}:{record_id}"
        d = can_write(p, Action.UPDATE, kind, marking_of(row), self.today(), self.reg, owner=row.owner,
                      ceiling=self.ceiling)  # fmt: skip
        if not d.allowed:
            self._refuse(p, "update", target, d, True)
        if row.version != version:
            raise ConflictError(N_("record '{id}' changed since version {version} (now {current}); reload it"),
                                id=record_id, version=str(version), current=str(row.version))  # fmt: skip
        fields = check_fields(kind, raw)
        old = marking_of(row)
        new = old if marking is None else replace(marking, originator=row.originator)
        if new != old:
            if row.parent_id is not None:
                raise InvalidInputError(
                    N_("a {kind} record inside another takes its parent's marking; expected the parent's marking to be changed"),
                    kind=kind.value,
                )  # fmt: skip
            check_marking(new, self.reg, self.ceiling)
            d = can_write(p, Action.UPDATE, kind, new, self.today(), self.reg, owner=row.owner,
                          ceiling=self.ceiling)  # fmt: skip
            if not d.allowed:
                self._refuse(p, "update", target, d, True)
        if kind is RecordKind.INDICATOR:
            check_object_tlp(fields["stix"], new.tlp)
        row.fields, row.search = fields, search_text(kind, fields)
        reason = f"version {row.version + 1}"
        if new != old:
            _set_marking(row, new)
            reason += f"; marking {_summary(old)} -> {_summary(new)}"
            self._tighten_children(p, row.id, new)
        row.version += 1
        row.updated_at = self.now()
        self.audit(p.username, "update", target, True, reason)
        return record_of(row)

    def _tighten_children(
        self, p: Principal, parent_id: str, parent: Marking, depth: int = 0
    ) -> None:
        """Tighten the records under ``parent_id`` (and theirs) to stay within ``parent``."""
        if depth >= 16:
            return
        children = self.s.scalars(
            select(DeskRecordTable).where(DeskRecordTable.parent_id == parent_id)
        )
        for child in list(children):
            mine = marking_of(child)
            tightened = mine.at_least(parent)
            if tightened != mine:
                _set_marking(child, tightened)
                child.version += 1
                child.updated_at = self.now()
                self.audit(p.username, "update", f"{child.kind}:{child.id}", True,
                           f"version {child.version}; marking {_summary(mine)} -> {_summary(tightened)}")  # fmt: skip
            self._tighten_children(p, child.id, tightened, depth + 1)

    def request_assistance(self, p: Principal, raw: dict[str, Any]) -> Record:
        """A nation's point of contact asks for help; only the nation and the response team
        will see the request."""
        marking = assistance.request_marking(p.organisation)
        d = can_write(p, Action.CREATE, RecordKind.ASSISTANCE, marking, self.today(), self.reg,
                      ceiling=self.ceiling)  # fmt: skip
        rid = str(uuid.uuid4())
        if not d.allowed:
            self._refuse(p, "create", f"assistance:{rid}", d, True)
        fields = assistance.submit(raw, self.now(), p.username)
        return self._insert(p, RecordKind.ASSISTANCE, rid, fields, marking, None)

    def advance(self, p: Principal, record_id: str, step: assistance.Step, team: Sequence[str] = (),
                lessons: str = "", detail: str = "") -> Record:  # fmt: skip
        """Take a workflow step on a request (the response team only); a step out of order
        is refused and nothing changes."""
        row = self._row(p, record_id)
        if row.kind != RecordKind.ASSISTANCE.value:
            raise NotFoundError(N_("no assistance request '{id}'"), id=record_id)
        d = can_write(p, Action(step.value), RecordKind.ASSISTANCE, marking_of(row), self.today(), self.reg,
                      ceiling=self.ceiling)  # fmt: skip
        if not d.allowed:
            self._refuse(p, step.value, f"assistance:{record_id}", d, True)
        fields = assistance.advance(
            row.fields, step, self.now(), p.username, list(team), lessons, detail
        )
        row.fields, row.search = fields, search_text(RecordKind.ASSISTANCE, fields)
        row.version += 1
        row.updated_at = self.now()
        self.audit(p.username, step.value, f"assistance:{record_id}", True, fields["state"])
        return record_of(row)

    # --- counts ------------------------------------------------------------------------

    def count(self, p: Principal, kind: RecordKind) -> int:
        """How many records of ``kind`` ``p`` may read (the same filter as every list)."""
        total = 0
        after = 0
        while True:
            rows, more = self.readable(p, DeskRecordTable.kind == kind.value,
                                       DeskRecordTable.collection.is_(None), after=after, limit=500)  # fmt: skip
            total += len(rows)
            if not more or not rows:
                return total
            after = rows[-1].seq


def _set_marking(row: DeskRecordTable, m: Marking) -> None:
    row.tlp, row.classification = m.tlp.value, m.classification.value
    row.frameworks, row.nations = csv_set(m.frameworks), csv_set(m.nations)
    row.originator_only, row.recipients = m.originator_only, csv_set(m.recipients)
    row.response_team = m.response_team


def _summary(m: Marking) -> str:
    """A marking in one line for the audit trail."""
    audience = "only" if m.originator_only else ",".join(sorted(m.frameworks | m.nations)) or "-"
    team = " +team" if m.response_team else ""
    return f"TLP:{m.tlp.value.upper()} {m.classification.value} {audience}{team}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

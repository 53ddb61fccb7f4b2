"""Mapping registry values to rows and back, and the checked writes.

Example::

    >>> from bucarest.app import open_store
    >>> db = open_store("sqlite:///:memory:")       # migrates and loads the shipped data
    >>> with db.session() as s:
    ...     reg = RegistryRepository(s).load()
    >>> len(reg.frameworks)
    12

Writes check the fact against the whole registry with the pure rules of
:mod:`bucarest.registry.domain.rules`, write the row, append a change-log entry and bump
the revision, all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bucarest.core.dates import PartialDate, parse_partial_date
from bucarest.core.errors import N_, ConflictError, NotFoundError
from bucarest.core.provenance import Citation, Confidence
from bucarest.platform.audit import record_audit
from bucarest.platform.cache import SnapshotCache
from bucarest.platform.database import Database, MetaTable
from bucarest.registry.data import embedded_reference
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    Framework,
    FrameworkKind,
    Membership,
    Registry,
    Stage,
    Status,
)
from bucarest.registry.domain.rules import (
    check_event,
    check_membership,
    normalise_event,
    normalise_membership,
)
from bucarest.registry.records import event_record, membership_record
from bucarest.registry.tables import (
    AccessionEventTable,
    FrameworkTable,
    MembershipTable,
    RegistryChangeTable,
)

__all__ = [
    "LoadReport",
    "RegistryRepository",
    "read_registry",
    "registry_cache",
    "with_reference_data",
]

_REVISION = "registry_revision"
_REVISION_QUERY = select(MetaTable.value).where(MetaTable.key == _REVISION)


def _opt(text: str | None) -> PartialDate | None:
    return parse_partial_date(text) if text else None


def _iso(value: PartialDate | None) -> str | None:
    return value.isoformat() if value else None


def _citations(stored: list[dict[str, str]] | None) -> tuple[Citation, ...]:
    return tuple(
        Citation(c["title"], c["issuer"], c.get("date"), c.get("url")) for c in stored or []
    )


def _stored(citations: tuple[Citation, ...]) -> list[dict[str, str]]:
    return [
        {k: v for k, v in (("title", c.title), ("issuer", c.issuer), ("date", c.date),
                           ("url", c.url)) if v is not None}
        for c in citations
    ]  # fmt: skip


def _confidence(stored: str | None) -> Confidence:
    # NULL: a row converted by migration 0009 whose shipped provenance is not restored yet.
    return Confidence(stored) if stored else Confidence.SECONDARY


def _framework(row: FrameworkTable) -> Framework:
    return Framework(
        row.id,
        FrameworkKind(row.kind),
        row.name_en,
        row.name_fr,
        row.short_en,
        row.short_fr,
        parse_partial_date(row.start),
        _opt(row.end),
        _citations(row.sources),
        row.note,
        confidence=_confidence(row.confidence),
        note_fr=row.note_fr,
    )


def _membership(row: MembershipTable) -> Membership:
    return Membership(
        row.country,
        row.framework,
        Status(row.status),
        parse_partial_date(row.start),
        _opt(row.end),
        EndCause(row.end_cause) if row.end_cause else None,
        _citations(row.sources),
        row.note,
        id=row.id,
        confidence=_confidence(row.confidence),
        note_fr=row.note_fr,
    )


def _event(row: AccessionEventTable) -> AccessionEvent:
    return AccessionEvent(
        row.country,
        Stage(row.stage),
        parse_partial_date(row.date),
        _citations(row.sources),
        row.ally,
        row.note,
        id=row.id,
        confidence=_confidence(row.confidence),
        note_fr=row.note_fr,
    )


@dataclass(frozen=True)
class LoadReport:
    """What a data load did: rows added and rows already present."""

    added: int
    unchanged: int


class RegistryRepository:
    """Registry reads and writes within one session (one unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def revision(self) -> int:
        """A counter bumped by every write; caches compare it to stay fresh."""
        # On the session's connection, past the ORM, and always the same statement object
        # (SQLAlchemy then reuses its compiled form as is): servers ask this on every request.
        self.session.flush()
        value = self.session.connection().scalar(_REVISION_QUERY)
        return int(value or 0)

    def _bump(self) -> None:
        updated = self.session.execute(
            update(MetaTable).where(MetaTable.key == _REVISION).values(value=MetaTable.value + 1)
        )
        if getattr(updated, "rowcount", 0) == 0:
            self.session.add(MetaTable(key=_REVISION, value=1))
        self.session.flush()

    def is_empty(self) -> bool:
        """True when no framework is recorded yet (a fresh database)."""
        return not self.session.scalar(select(func.count()).select_from(FrameworkTable))

    def load(self) -> Registry:
        """Every registry fact in the database."""
        frameworks = tuple(_framework(r) for r in self.session.scalars(select(FrameworkTable)))
        memberships = tuple(
            _membership(r)
            for r in self.session.scalars(select(MembershipTable).order_by(MembershipTable.id))
        )
        events = tuple(
            _event(r)
            for r in self.session.scalars(
                select(AccessionEventTable).order_by(AccessionEventTable.id)
            )
        )
        return with_reference_data(Registry(frameworks, memberships, events))

    def _log(
        self,
        actor: str,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str,
    ) -> None:
        # The change log says what changed; the platform's audit trail, kept with the write
        # in the same transaction, vouches for who changed it.
        target = f"{entity}:{entity_id}" if entity_id is not None else entity
        record_audit(self.session, actor, f"registry-{action}", target, True, reason)
        self.session.add(
            RegistryChangeTable(
                at=datetime.now(UTC),
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
                reason=reason,
            )
        )

    def load_dataset(self, reg: Registry, actor: str = "bucarest data load") -> LoadReport:
        """Add the facts of ``reg`` that the database lacks; idempotent.

        Rows are matched on their natural keys (framework id; country, framework
        and start; country, stage, ally and date). A fact already present, even if
        a user has corrected it since, is left as it is.
        """
        added = unchanged = 0
        known_fw = set(self.session.scalars(select(FrameworkTable.id)))
        for f in reg.frameworks:
            if f.id in known_fw:
                unchanged += 1
                continue
            self.session.add(
                FrameworkTable(
                    id=f.id,
                    kind=f.kind.value,
                    name_en=f.name_en,
                    name_fr=f.name_fr,
                    short_en=f.short_en,
                    short_fr=f.short_fr,
                    start=f.start.isoformat(),
                    end=_iso(f.end),
                    sources=_stored(f.sources),
                    confidence=f.confidence.value,
                    note=f.note,
                    note_fr=f.note_fr,
                )
            )
            added += 1
        self.session.flush()
        known_m = {
            (r.country, r.framework, r.start)
            for r in self.session.execute(
                select(MembershipTable.country, MembershipTable.framework, MembershipTable.start)
            )
        }
        for m in reg.memberships:
            if (m.country, m.framework, m.start.isoformat()) in known_m:
                unchanged += 1
                continue
            self.session.add(self._membership_row(m, origin="embedded"))
            added += 1
        known_e = {
            (r.country, r.stage, r.ally, r.date)
            for r in self.session.execute(
                select(
                    AccessionEventTable.country,
                    AccessionEventTable.stage,
                    AccessionEventTable.ally,
                    AccessionEventTable.date,
                )
            )
        }
        for e in reg.events:
            if (e.country, e.stage.value, e.ally, e.date.isoformat()) in known_e:
                unchanged += 1
                continue
            self.session.add(self._event_row(e, origin="embedded"))
            added += 1
        if added:
            self._log(actor, "load", "dataset", None, None, {"added": added}, "")
            self._bump()
        return LoadReport(added, unchanged)

    def restore_provenance(self, reg: Registry) -> int:
        """Give the rows that migration 0009 converted from free text (loaded from the
        shipped data, ``confidence`` NULL) the citations, confidence and notes of ``reg``.

        Rows are matched on their natural keys; a row ``reg`` does not hold keeps its
        converted citations, as ``secondary``. Returns the number of rows restored.
        """
        pending = [
            select(func.count()).select_from(t).where(t.confidence.is_(None))
            for t in (FrameworkTable, MembershipTable, AccessionEventTable)
        ]
        if not any(self.session.scalar(q) for q in pending):
            return 0
        restored = 0
        frameworks = {f.id: f for f in reg.frameworks}
        for fw in self.session.scalars(
            select(FrameworkTable).where(FrameworkTable.confidence.is_(None))
        ):
            f = frameworks.get(fw.id)
            restored += self._restore(fw, f.provenance.citations if f else None, f)
        memberships = {(m.country, m.framework, m.start.isoformat()): m for m in reg.memberships}
        for mr in self.session.scalars(
            select(MembershipTable).where(MembershipTable.confidence.is_(None))
        ):
            m = memberships.get((mr.country, mr.framework, mr.start))
            restored += self._restore(mr, m.sources if m else None, m)
        events = {(e.country, e.stage.value, e.ally, e.date.isoformat()): e for e in reg.events}
        for er in self.session.scalars(
            select(AccessionEventTable).where(AccessionEventTable.confidence.is_(None))
        ):
            e = events.get((er.country, er.stage, er.ally, er.date))
            restored += self._restore(er, e.sources if e else None, e)
        if restored:
            self._log("bucarest data load", "restore", "provenance", None, None,
                      {"restored": restored}, "shipped citations after migration 0009")  # fmt: skip
            self._bump()
        return restored

    @staticmethod
    def _restore(
        row: FrameworkTable | MembershipTable | AccessionEventTable,
        citations: tuple[Citation, ...] | None,
        fact: Framework | Membership | AccessionEvent | None,
    ) -> int:
        if fact is None or citations is None:
            row.confidence = Confidence.SECONDARY.value
            return 0
        row.sources = _stored(citations)
        row.confidence = fact.confidence.value
        row.note = fact.note
        row.note_fr = fact.note_fr
        return 1

    @staticmethod
    def _membership_row(m: Membership, origin: str) -> MembershipTable:
        return MembershipTable(
            country=m.country,
            framework=m.framework,
            status=m.status.value,
            start=m.start.isoformat(),
            end=_iso(m.end),
            end_cause=m.end_cause.value if m.end_cause else None,
            sources=_stored(m.sources),
            confidence=m.confidence.value,
            note=m.note,
            note_fr=m.note_fr,
            origin=origin,
        )

    @staticmethod
    def _event_row(e: AccessionEvent, origin: str) -> AccessionEventTable:
        return AccessionEventTable(
            country=e.country,
            stage=e.stage.value,
            date=e.date.isoformat(),
            ally=e.ally,
            sources=_stored(e.sources),
            confidence=e.confidence.value,
            note=e.note,
            note_fr=e.note_fr,
            origin=origin,
        )

    def _flush_unique(self) -> None:
        try:
            self.session.flush()
        except IntegrityError:
            raise ConflictError(
                N_("this fact is already recorded; correct the existing row instead")
            ) from None

    def add_membership(
        self, m: Membership, *, actor: str, reason: str = "", today: date
    ) -> Membership:
        """Check ``m`` against the registry, record it, and log the write."""
        reg = self.load()
        m = normalise_membership(reg, m)
        check_membership(reg, m, today)
        row = self._membership_row(m, origin="user")
        self.session.add(row)
        self._flush_unique()
        saved = replace(m, id=row.id)
        self._log(actor, "add", "membership", row.id, None, membership_record(saved), reason)
        self._bump()
        return saved

    def correct_membership(
        self, membership_id: int, changes: dict[str, Any], *, actor: str, reason: str, today: date
    ) -> Membership:
        """Correct fields of an existing interval (a wrong date, a missing end).

        ``changes`` maps field names of :class:`Membership` to new values. The
        corrected row must pass every rule; the log keeps both versions.
        """
        row = self.session.get(MembershipTable, membership_id)
        if row is None:
            raise NotFoundError(
                N_("no membership with id {id}; list ids with 'bucarest country CODE'"),
                id=membership_id,
            )
        before = _membership(row)
        reg = self.load()
        after = normalise_membership(reg, replace(before, **changes))
        check_membership(reg, after, today, replacing=membership_id)
        fresh = self._membership_row(after, row.origin)
        for col in (
            "country",
            "framework",
            "status",
            "start",
            "end",
            "end_cause",
            "sources",
            "confidence",
            "note",
            "note_fr",
        ):
            setattr(row, col, getattr(fresh, col))
        self._flush_unique()
        self._log(
            actor,
            "correct",
            "membership",
            membership_id,
            membership_record(before),
            membership_record(after),
            reason,
        )
        self._bump()
        return after

    def add_event(
        self, e: AccessionEvent, *, actor: str, reason: str = "", today: date
    ) -> AccessionEvent:
        """Check an accession event against the registry, record it, and log the write."""
        reg = self.load()
        e = normalise_event(e)
        check_event(reg, e, today)
        row = self._event_row(e, origin="user")
        self.session.add(row)
        self._flush_unique()
        saved = replace(e, id=row.id)
        self._log(actor, "add", "accession_event", row.id, None, event_record(saved), reason)
        self._bump()
        return saved

    def change_log(self, limit: int = 50) -> list[dict[str, Any]]:
        """The most recent writes, newest first."""
        rows = self.session.scalars(
            select(RegistryChangeTable).order_by(RegistryChangeTable.id.desc()).limit(limit)
        )
        return self._changes(rows)

    def changes_about(
        self, memberships: Iterable[int], events: Iterable[int], limit: int = 20
    ) -> list[dict[str, Any]]:
        """The most recent writes to these memberships and accession events, newest first."""
        about = or_(
            and_(RegistryChangeTable.entity == "membership",
                 RegistryChangeTable.entity_id.in_(list(memberships))),
            and_(RegistryChangeTable.entity == "accession_event",
                 RegistryChangeTable.entity_id.in_(list(events))),
        )  # fmt: skip
        rows = self.session.scalars(
            select(RegistryChangeTable)
            .where(about)
            .order_by(RegistryChangeTable.id.desc())
            .limit(limit)
        )
        return self._changes(rows)

    @staticmethod
    def _changes(rows: Iterable[RegistryChangeTable]) -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "before": r.before,
                "after": r.after,
                "reason": r.reason,
            }
            for r in rows
        ]


def with_reference_data(reg: Registry) -> Registry:
    """``reg`` with the facts the database does not hold yet, from the shipped files: which
    councils seat the Allies (``allies_sit``) and the frameworks' dated events (the NRC's
    suspensions and resumption). They are reference data of the release, not user-editable."""
    shipped = embedded_reference()
    seated = {f.id for f in shipped.frameworks if f.allies_sit}
    frameworks = tuple(replace(f, allies_sit=f.id in seated) for f in reg.frameworks)
    known = {f.id for f in frameworks}
    events = tuple(e for e in shipped.framework_events if e.framework in known)
    return Registry(frameworks, reg.memberships, reg.events, events)


def registry_cache() -> SnapshotCache[Registry]:
    """A per-process cache of the registry, reloaded when its revision moves."""
    return SnapshotCache(
        lambda s: RegistryRepository(s).revision(), lambda s: RegistryRepository(s).load()
    )


def read_registry(open_database: Callable[[], Database]) -> Registry:
    """The registry as stored in the database that ``open_database`` opens (then closes)."""
    db = open_database()
    try:
        with db.session() as s:
            return RegistryRepository(s).load()
    finally:
        db.dispose()

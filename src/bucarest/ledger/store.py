"""Mapping the commitments ledger to rows and back, and its checked, versioned writes.

Example::

    >>> from bucarest.app import open_store
    >>> db = open_store("sqlite:///:memory:")
    >>> with db.session() as s:
    ...     ledger = LedgerRepository(s).load()
    >>> len(ledger.commitments) >= 20
    True

Status changes and assessments are appended, never edited. Each write states the
commitment version it was based on; if another write landed in between, the
version no longer matches and the write is refused with a conflict, so two users
recording on the same commitment never silently overwrite each other.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bucarest.core.errors import N_, ConflictError
from bucarest.core.provenance import Citation, Confidence, Provenance
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import (
    SHIPPED_DATA,
    Assessment,
    Calendar,
    CalendarEvent,
    Commitment,
    Indicator,
    IndicatorValue,
    Measure,
    RecordedStatus,
    StatusEvent,
    Topic,
)
from bucarest.ledger.domain.operations import ContributionPoint, Mandate, Mission, Pledge
from bucarest.ledger.domain.rules import check_actor, check_assessment, check_status_event
from bucarest.ledger.tables import (
    AssessmentTable,
    CalendarEventTable,
    CommitmentTable,
    ContributionTable,
    MissionTable,
    PledgeTable,
    StatusEventTable,
)
from bucarest.platform.audit import record_audit
from bucarest.platform.cache import SnapshotCache
from bucarest.platform.database import MetaTable

__all__ = [
    "LEDGER_REVISION",
    "LedgerRepository",
    "ledger_cache",
]

#: Key of the ledger's revision counter in the ``meta`` table.
LEDGER_REVISION = "ledger_revision"


def _d(text: str) -> date:
    return date.fromisoformat(text)


def provenance_json(p: Provenance | None) -> dict[str, Any] | None:
    """A provenance as stored: the data files' ``confidence`` and ``sources`` keys."""
    if p is None:
        return None
    return {
        "confidence": p.confidence.value,
        "sources": [{"title": c.title, "issuer": c.issuer, "date": c.date, "url": c.url}
                    for c in p.citations],
    }  # fmt: skip


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;)]")


def _from_provenance(raw: dict[str, Any] | None, legacy: str | None = None) -> Provenance | None:
    """A stored provenance; a record written before provenance (a free-text ``source``) gives
    one ``secondary`` citation per link it holds, as migration 0010 does for the tables."""
    if raw:
        return Provenance(
            tuple(Citation(s["title"], s["issuer"], s.get("date"), s.get("url"))
                  for s in raw.get("sources", ())),
            Confidence(raw.get("confidence", "secondary")),
        )  # fmt: skip
    if legacy:
        urls = _URL.findall(legacy)
        cites = tuple(Citation(u, "—", None, u) for u in urls) or (Citation(legacy, "—"),)
        return Provenance(cites, Confidence.SECONDARY)
    return None


def _value(v: IndicatorValue) -> dict[str, Any]:
    return {"on": v.on.isoformat(), "value": v.value, "source": v.source,
            "source_fr": v.source_fr}  # fmt: skip


def _from_value(raw: dict[str, Any]) -> IndicatorValue:
    return IndicatorValue(_d(raw["on"]), float(raw["value"]), str(raw["source"]),
                          str(raw.get("source_fr", "")))  # fmt: skip


def indicator_json(i: Indicator) -> dict[str, Any]:
    """An indicator as JSON-ready values."""
    return {
        "id": i.id,
        "title_en": i.title_en,
        "title_fr": i.title_fr,
        "measure": i.measure.value,
        "ascending": i.ascending,
        "unit": i.unit,
        "baseline": _value(i.baseline),
        "targets": [_value(t) for t in i.targets],
        "actuals": [_value(a) for a in i.actuals],
    }


def _indicator(commitment: str, raw: dict[str, Any]) -> Indicator:
    return Indicator(
        raw["id"], commitment, raw["title_en"], raw["title_fr"], Measure(raw["measure"]),
        bool(raw["ascending"]), raw["unit"], _from_value(raw["baseline"]),
        tuple(_from_value(t) for t in raw["targets"]),
        tuple(_from_value(a) for a in raw["actuals"]),
    )  # fmt: skip


def _mission_json(m: Mission) -> dict[str, Any]:
    return {
        "name_en": m.name_en, "name_fr": m.name_fr, "short_en": m.short_en,
        "short_fr": m.short_fr, "start": m.start.isoformat(),
        "end": m.end.isoformat() if m.end else None,
        "nato_lead_from": m.nato_lead_from.isoformat() if m.nato_lead_from else None,
        "mandates": [{"resolution": x.resolution, "on": x.on.isoformat(), "url": x.url}
                     for x in m.mandates],
        "provenance": provenance_json(m.provenance), "note": m.note, "note_fr": m.note_fr,
    }  # fmt: skip


def _mission(mid: str, r: dict[str, Any]) -> Mission:
    return Mission(
        mid, r["name_en"], r["name_fr"], r["short_en"], r["short_fr"], _d(r["start"]),
        _d(r["end"]) if r["end"] else None,
        _d(r["nato_lead_from"]) if r["nato_lead_from"] else None,
        tuple(Mandate(x["resolution"], _d(x["on"]), x.get("url", x.get("source")))
              for x in r["mandates"]),
        _from_provenance(r.get("provenance"), r.get("source")), r["note"], r.get("note_fr", ""),
    )  # fmt: skip


class LedgerRepository:
    """Ledger reads and writes within one session (one unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def revision(self) -> int:
        """A counter bumped by every write to the ledger."""
        value = self.session.scalar(select(MetaTable.value).where(MetaTable.key == LEDGER_REVISION))
        return int(value or 0)

    def _bump(self) -> None:
        done = self.session.execute(
            update(MetaTable)
            .where(MetaTable.key == LEDGER_REVISION)
            .values(value=MetaTable.value + 1)
        )
        if getattr(done, "rowcount", 0) == 0:
            self.session.add(MetaTable(key=LEDGER_REVISION, value=1))
        self.session.flush()

    def is_empty(self) -> bool:
        """True when no commitment is recorded yet."""
        return not self.session.scalar(select(func.count()).select_from(CommitmentTable))

    def load(self) -> Ledger:
        """The whole ledger."""
        calendar = Calendar(
            tuple(
                CalendarEvent(
                    r.id,
                    r.kind,
                    r.name_en,
                    r.name_fr,
                    _d(r.start),
                    _d(r.end),
                    _from_provenance(r.provenance),
                )  # fmt: skip
                for r in self.session.scalars(select(CalendarEventTable))
            )
        )
        history: dict[str, list[StatusEvent]] = {}
        for e in self.session.scalars(
            select(StatusEventTable).order_by(StatusEventTable.on, StatusEventTable.id)
        ):
            history.setdefault(e.commitment_id, []).append(
                StatusEvent(
                    e.commitment_id,
                    RecordedStatus(e.status),
                    _d(e.on),
                    e.evidence,
                    e.note,
                    e.recorded_by,
                    id=e.id,
                    evidence_fr=e.evidence_fr or "",
                    note_fr=e.note_fr or "",
                )  # fmt: skip
            )
        assessments: dict[str, list[Assessment]] = {}
        for a in self.session.scalars(select(AssessmentTable).order_by(AssessmentTable.id)):
            assessments.setdefault(a.commitment_id, []).append(
                Assessment(
                    a.commitment_id,
                    a.actor,
                    a.score,
                    _d(a.as_of),
                    a.evidence,
                    a.recorded_by,
                    id=a.id,
                    evidence_fr=a.evidence_fr or "",
                )  # fmt: skip
            )
        commitments = tuple(
            self._commitment(r, history.get(r.id, []), assessments.get(r.id, []))
            for r in self.session.scalars(select(CommitmentTable).order_by(CommitmentTable.id))
        )
        missions = tuple(
            _mission(r.id, r.record) for r in self.session.scalars(select(MissionTable))
        )
        points = tuple(
            ContributionPoint(
                r.mission,
                _d(r.on),
                int(r.record["total"]),
                r.record["nations_count"],
                _from_provenance(r.record.get("provenance"), r.record.get("source")),
                dict(r.record["figures"]),
                r.record["note"],
                r.record.get("note_fr", ""),
            )  # fmt: skip
            for r in self.session.scalars(select(ContributionTable).order_by(ContributionTable.on))
        )
        pledges = tuple(
            Pledge(
                r.mission,
                _d(r.on),
                r.nation,
                int(r.record["pledged"]),
                r.record["description"],
                _from_provenance(r.record.get("provenance"), r.record.get("source")),
                r.record["requirement"],
                r.record["note"],
                r.record.get("description_fr", ""),
                r.record.get("note_fr", ""),
            )  # fmt: skip
            for r in self.session.scalars(select(PledgeTable).order_by(PledgeTable.id))
        )
        return Ledger(calendar, commitments, missions, points, pledges)

    @staticmethod
    def _commitment(
        r: CommitmentTable, history: list[StatusEvent], assessments: list[Assessment]
    ) -> Commitment:
        return Commitment(
            r.id, r.summit, r.document, r.paragraph, r.summit_section, Topic(r.topic),
            r.title_en, r.title_fr, r.text_en, r.text_fr, tuple(r.owners),
            _d(r.deadline) if r.deadline else None, r.deadline_event, _d(r.created),
            _from_provenance(r.provenance),
            tuple(history), tuple(_indicator(r.id, i) for i in r.indicators),
            tuple(assessments), r.note, version=r.version,
            document_fr=r.document_fr or "", note_fr=r.note_fr or "",
        )  # fmt: skip

    def load_dataset(self, ledger: Ledger, actor: str = "bucarest data load") -> int:
        """Add what the database lacks (matched by id and natural keys); returns rows added.

        Idempotent: loading the same data twice adds nothing the second time, and a
        commitment already present keeps its recorded history.
        """
        added = 0
        now = datetime.now(UTC)
        known_events = set(self.session.scalars(select(CalendarEventTable.id)))
        for ev in ledger.calendar.events:
            if ev.id not in known_events:
                self.session.add(CalendarEventTable(
                    id=ev.id, kind=ev.kind, name_en=ev.name_en, name_fr=ev.name_fr,
                    start=ev.start.isoformat(), end=ev.end.isoformat(),
                    provenance=provenance_json(ev.provenance),
                ))  # fmt: skip
                added += 1
        known = set(self.session.scalars(select(CommitmentTable.id)))
        for c in ledger.commitments:
            if c.id in known:
                continue
            self.session.add(CommitmentTable(
                id=c.id, summit=c.summit, document=c.document, paragraph=c.paragraph,
                summit_section=c.summit_section, topic=c.topic.value, title_en=c.title_en,
                title_fr=c.title_fr, text_en=c.text_en, text_fr=c.text_fr, owners=list(c.owners),
                deadline=c.deadline.isoformat() if c.deadline else None,
                deadline_event=c.deadline_event, created=c.created.isoformat(),
                provenance=provenance_json(c.provenance),
                indicators=[indicator_json(i) for i in c.indicators], note=c.note, version=1,
                document_fr=c.document_fr, note_fr=c.note_fr,
            ))  # fmt: skip
            self.session.flush()
            for e in c.history:
                self.session.add(StatusEventTable(
                    commitment_id=c.id, status=e.status.value, on=e.on.isoformat(),
                    evidence=e.evidence, note=e.note, recorded_by=e.recorded_by or actor,
                    recorded_at=now, evidence_fr=e.evidence_fr, note_fr=e.note_fr,
                ))  # fmt: skip
            for a in c.assessments:
                self.session.add(AssessmentTable(
                    commitment_id=c.id, actor=a.actor, score=a.score, as_of=a.as_of.isoformat(),
                    evidence=a.evidence, recorded_by=a.recorded_by or actor, recorded_at=now,
                    evidence_fr=a.evidence_fr,
                ))  # fmt: skip
            added += 1
        known_missions = set(self.session.scalars(select(MissionTable.id)))
        for m in ledger.missions:
            if m.id not in known_missions:
                self.session.add(MissionTable(id=m.id, record=_mission_json(m)))
                added += 1
        self.session.flush()
        known_points = {(r.mission, r.on) for r in self.session.execute(
            select(ContributionTable.mission, ContributionTable.on))}  # fmt: skip
        for p in ledger.contributions:
            if (p.mission, p.on.isoformat()) in known_points:
                continue
            self.session.add(ContributionTable(mission=p.mission, on=p.on.isoformat(), record={
                "total": p.total, "nations_count": p.nations_count,
                "provenance": provenance_json(p.provenance), "figures": p.figures,
                "note": p.note, "note_fr": p.note_fr,
            }))  # fmt: skip
            added += 1
        known_pledges = {(r.mission, r.on, r.nation) for r in self.session.execute(
            select(PledgeTable.mission, PledgeTable.on, PledgeTable.nation))}  # fmt: skip
        for g in ledger.pledges:
            if (g.mission, g.on.isoformat(), g.nation) in known_pledges:
                continue
            self.session.add(PledgeTable(mission=g.mission, on=g.on.isoformat(), nation=g.nation,
                record={"pledged": g.pledged, "description": g.description,
                        "description_fr": g.description_fr,
                        "provenance": provenance_json(g.provenance),
                        "requirement": g.requirement, "note": g.note, "note_fr": g.note_fr}))  # fmt: skip
            added += 1
        if added:
            self._bump()
        return added

    def refresh_shipped(self, ledger: Ledger) -> int:
        """Bring what the shipped data says about its own rows up to ``ledger`` (the package's
        data): sources, summit sections, French twins, and the wording of the status changes and
        scores it recorded itself. A database from an earlier release thereby loses the working
        notes its shipped rows carried; what users recorded is never touched, nor are versions.
        Returns the rows changed (the ledger's revision moves when any did)."""
        changed = 0
        shipped = {c.id: c for c in ledger.commitments}
        for row in self.session.scalars(select(CommitmentTable)):
            c = shipped.get(row.id)
            if c is None:
                continue
            values = {"summit_section": c.summit_section, "provenance": provenance_json(c.provenance),
                      "document": c.document, "document_fr": c.document_fr, "note": c.note,
                      "note_fr": c.note_fr, "text_en": c.text_en,
                      "indicators": [indicator_json(i) for i in c.indicators]}  # fmt: skip
            if any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                changed += 1
        events = {(e.commitment, e.status.value, e.on.isoformat()): e
                  for c in ledger.commitments for e in c.history}  # fmt: skip
        for ev in self.session.scalars(
            select(StatusEventTable).where(StatusEventTable.recorded_by == SHIPPED_DATA)
        ):
            e = events.get((ev.commitment_id, ev.status, ev.on))
            if e is not None and (ev.evidence, ev.note, ev.evidence_fr, ev.note_fr) != (
                e.evidence,
                e.note,
                e.evidence_fr,
                e.note_fr,
            ):
                ev.evidence, ev.note = e.evidence, e.note
                ev.evidence_fr, ev.note_fr = e.evidence_fr, e.note_fr
                changed += 1
        scores = {(a.commitment, a.actor, a.as_of.isoformat()): a
                  for c in ledger.commitments for a in c.assessments}  # fmt: skip
        for ar in self.session.scalars(
            select(AssessmentTable).where(AssessmentTable.recorded_by == SHIPPED_DATA)
        ):
            a = scores.get((ar.commitment_id, ar.actor, ar.as_of))
            if a is not None and (ar.evidence, ar.evidence_fr) != (a.evidence, a.evidence_fr):
                ar.evidence, ar.evidence_fr = a.evidence, a.evidence_fr
                changed += 1
        for ce in self.session.scalars(select(CalendarEventTable)):
            event = ledger.calendar.index.get(ce.id)
            if event is not None and ce.provenance != provenance_json(event.provenance):
                ce.provenance = provenance_json(event.provenance)
                changed += 1
        missions = {m.id: _mission_json(m) for m in ledger.missions}
        for mr in self.session.scalars(select(MissionTable)):
            if mr.id in missions and mr.record != missions[mr.id]:
                mr.record = missions[mr.id]
                changed += 1
        points = {(p.mission, p.on.isoformat()): p for p in ledger.contributions}
        for cr in self.session.scalars(select(ContributionTable)):
            p = points.get((cr.mission, cr.on))
            if p is not None:
                record = {**cr.record, "provenance": provenance_json(p.provenance),
                          "note": p.note, "note_fr": p.note_fr}  # fmt: skip
                record.pop("source", None)
                if record != cr.record:
                    cr.record = record
                    changed += 1
        pledges = {(g.mission, g.on.isoformat(), g.nation): g for g in ledger.pledges}
        for pr in self.session.scalars(select(PledgeTable)):
            g = pledges.get((pr.mission, pr.on, pr.nation))
            if g is not None:
                record = {**pr.record, "provenance": provenance_json(g.provenance),
                          "description": g.description, "description_fr": g.description_fr,
                          "note": g.note, "note_fr": g.note_fr}  # fmt: skip
                record.pop("source", None)
                if record != pr.record:
                    pr.record = record
                    changed += 1
        if changed:
            self.session.flush()
            self._bump()
        return changed

    def _claim(self, c: Commitment, expected_version: int | None) -> int:
        """Bump the commitment's version if it is still ``expected_version``; else conflict."""
        base = c.version if expected_version is None else expected_version
        done = self.session.execute(
            update(CommitmentTable)
            .where(CommitmentTable.id == c.id, CommitmentTable.version == base)
            .values(version=base + 1)
        )
        if getattr(done, "rowcount", 0) != 1:
            current = self.session.scalar(
                select(CommitmentTable.version).where(CommitmentTable.id == c.id)
            )
            raise ConflictError(
                N_(
                    "commitment '{id}' changed since you read it (your version {mine}, now "
                    "{theirs}); reload it and record again"
                ),
                id=c.id,
                mine=str(base),
                theirs=str(current),
            )
        return base + 1

    def record_status(
        self,
        c: Commitment,
        event: StatusEvent,
        *,
        expected_version: int | None,
        actor: str,
        today: date,
    ) -> tuple[StatusEvent, int]:
        """Append a status change to ``c`` (checked, versioned); returns it and the new version."""
        check_status_event(c, event, today)
        version = self._claim(c, expected_version)
        row = StatusEventTable(
            commitment_id=c.id, status=event.status.value, on=event.on.isoformat(),
            evidence=event.evidence.strip(), note=event.note, recorded_by=actor,
            recorded_at=datetime.now(UTC),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        self._bump()
        record_audit(self.session, actor, "ledger-status", f"commitment:{c.id}", True,
                     f"{event.status.value} on {event.on.isoformat()}")  # fmt: skip
        return replace(event, recorded_by=actor, id=row.id), version

    def assess(
        self,
        c: Commitment,
        assessment: Assessment,
        *,
        expected_version: int | None,
        actor: str,
        today: date,
    ) -> tuple[Assessment, int]:
        """Append a compliance score for ``c`` (checked, versioned)."""
        check_assessment(c, assessment, today)
        assessment = replace(assessment, actor=check_actor(assessment.actor))
        version = self._claim(c, expected_version)
        row = AssessmentTable(
            commitment_id=c.id, actor=assessment.actor, score=assessment.score,
            as_of=assessment.as_of.isoformat(), evidence=assessment.evidence.strip(),
            recorded_by=actor, recorded_at=datetime.now(UTC),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        self._bump()
        record_audit(self.session, actor, "ledger-assess", f"commitment:{c.id}", True,
                     f"{assessment.actor} scored {assessment.score}")  # fmt: skip
        return replace(assessment, recorded_by=actor, id=row.id), version


def ledger_cache() -> SnapshotCache[Ledger]:
    """A per-process cache of the commitments ledger, reloaded when its revision moves."""
    return SnapshotCache(
        lambda s: LedgerRepository(s).revision(), lambda s: LedgerRepository(s).load()
    )

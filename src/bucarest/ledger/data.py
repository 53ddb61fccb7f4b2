"""Reading the ledger from YAML files, validated on load.

The shipped files live in ``bucarest/data/commitments``: ``calendar.yaml``,
``commitments.yaml``, ``missions.yaml``, ``contributions.yaml`` and
``pledges.yaml``. Every row passes the same rules as a user's write
(:mod:`bucarest.ledger.domain.rules`). Each commitment, operation, published strength, pledge
and calendar event names its sources and a confidence level (``sources:`` and
``confidence:``, :class:`~bucarest.core.provenance.ProvenanceRow`); a row without them, or
with a working note (``bucarest.core.provenance.WORKING_NOTE``) in a text users are shown, is
refused with one line naming the file, the row and the field. Curation notes belong in the
files' YAML comments.

A day known only to the month or year (``2008-07``) is read as the *last* day of
its period: the ledger can only claim that a step had happened by then.

Example::

    >>> ledger = load_embedded_ledger()
    >>> len(ledger.commitments) >= 20
    True
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bucarest.core.countries import normalise_code
from bucarest.core.datafiles import read_yaml_list, row_error
from bucarest.core.dates import parse_partial_date
from bucarest.core.errors import N_, BucarestError, DataFileError, InvalidFactError
from bucarest.core.provenance import ProvenanceRow, working_note_in
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
from bucarest.ledger.domain.rules import check_assessment, check_commitment, check_status_event

__all__ = ["embedded_dir", "load_embedded_ledger", "load_ledger"]


def day_of(text: str) -> date:
    """A data-file date as a day: a partial date counts as the last day of its period."""
    return parse_partial_date(text).latest


def _shown(value: str) -> str:
    """A text users are shown: refused when it carries a working note."""
    note = working_note_in(value)
    if note is not None:
        raise ValueError(
            f"contains the working note {note!r}; keep curation notes in the file's comments"
        )
    return value


#: Fields users are shown (pages, reports, API answers), checked for working notes.
_SHOWN = (
    "name_en", "name_fr", "short_en", "short_fr", "title_en", "title_fr", "text_en", "text_fr",
    "document", "document_fr", "summit_section", "note", "note_fr", "evidence", "evidence_fr",
    "source", "source_fr", "description", "description_fr", "unit", "resolution",
)  # fmt: skip


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator(*_SHOWN, mode="after", check_fields=False)
    @classmethod
    def _no_working_note(cls, value: str) -> str:
        return _shown(value) if isinstance(value, str) else value


class _SourcedRow(ProvenanceRow):
    """A row with its ``sources`` and ``confidence`` (``.to_domain()`` gives its provenance)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator(*_SHOWN, mode="after", check_fields=False)
    @classmethod
    def _no_working_note(cls, value: str) -> str:
        return _shown(value) if isinstance(value, str) else value


class EventRow(_SourcedRow):
    id: str
    kind: str
    name_en: str
    name_fr: str
    start: str
    end: str


class ValueRow(_Row):
    on: str
    value: float
    source: str
    source_fr: str = ""


class IndicatorRow(_Row):
    id: str
    title_en: str
    title_fr: str
    measure: Measure
    ascending: bool
    unit: str
    baseline: ValueRow
    targets: list[ValueRow] = Field(min_length=1)
    actuals: list[ValueRow] = []


class HistoryRow(_Row):
    status: RecordedStatus
    on: str
    evidence: str
    evidence_fr: str = ""
    note: str = ""
    note_fr: str = ""


class AssessmentRow(_Row):
    actor: str
    score: int
    as_of: str
    evidence: str
    evidence_fr: str = ""


class CommitmentRow(_SourcedRow):
    id: str
    summit: str
    document: str
    document_fr: str = ""
    paragraph: str = ""
    summit_section: str
    topic: Topic
    title_en: str
    title_fr: str
    text_fr: str
    text_en: str
    owners: list[str] = Field(min_length=1)
    deadline: str | None = None
    deadline_event: str | None = None
    created: str
    history: list[HistoryRow] = []
    indicators: list[IndicatorRow] = []
    assessments: list[AssessmentRow] = []
    note: str = ""
    note_fr: str = ""


class MandateRow(_Row):
    resolution: str
    date: str
    url: str | None = None


class MissionRow(_SourcedRow):
    id: str
    name_en: str
    name_fr: str
    short_en: str
    short_fr: str
    start: str
    end: str | None = None
    nato_lead_from: str | None = None
    mandates: list[MandateRow] = []
    note: str = ""
    note_fr: str = ""


class ContributionRow(_SourcedRow):
    mission: str
    on: str
    total: int = Field(ge=0)
    nations_count: int | None = None
    figures: dict[str, int] = {}
    note: str = ""
    note_fr: str = ""


class PledgeRow(_SourcedRow):
    mission: str
    on: str
    nation: str
    pledged: int = Field(ge=0)
    description: str
    description_fr: str = ""
    requirement: int | None = None
    note: str = ""
    note_fr: str = ""


def _value(v: ValueRow) -> IndicatorValue:
    return IndicatorValue(day_of(v.on), v.value, v.source, v.source_fr)


def _commitment(
    row: CommitmentRow,
) -> tuple[Commitment, tuple[StatusEvent, ...], tuple[Assessment, ...]]:
    history = tuple(
        StatusEvent(
            row.id,
            h.status,
            day_of(h.on),
            h.evidence,
            h.note,
            SHIPPED_DATA,
            evidence_fr=h.evidence_fr,
            note_fr=h.note_fr,
        )  # fmt: skip
        for h in row.history
    )
    indicators = tuple(
        Indicator(
            i.id,
            row.id,
            i.title_en,
            i.title_fr,
            i.measure,
            i.ascending,
            i.unit,
            _value(i.baseline),
            tuple(_value(t) for t in i.targets),
            tuple(_value(a) for a in i.actuals),
        )  # fmt: skip
        for i in row.indicators
    )
    assessments = tuple(
        Assessment(
            row.id,
            a.actor,
            a.score,
            day_of(a.as_of),
            a.evidence,
            SHIPPED_DATA,
            evidence_fr=a.evidence_fr,
        )  # fmt: skip
        for a in row.assessments
    )
    return Commitment(
        row.id, row.summit, row.document, row.paragraph, row.summit_section, row.topic,
        row.title_en, row.title_fr, row.text_en, row.text_fr, tuple(row.owners),
        day_of(row.deadline) if row.deadline else None, row.deadline_event,
        parse_partial_date(row.created).earliest, row.to_domain(),
        indicators=indicators, note=row.note, document_fr=row.document_fr, note_fr=row.note_fr,
    ), history, assessments  # fmt: skip


def _rows(
    source: Traversable | Path, name: str, model: type[BaseModel], optional: bool = False
) -> list[Any]:
    if optional and not (source / name).is_file():
        return []
    out = []
    for i, raw in enumerate(read_yaml_list(source, name)):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            raise row_error(name, i, exc) from None
    return out


def load_ledger(source: Traversable | Path) -> Ledger:
    """Read and validate the ledger files in ``source``; the first bad row stops the load."""
    try:
        events = tuple(
            CalendarEvent(
                e.id,
                e.kind,
                e.name_en,
                e.name_fr,
                parse_partial_date(e.start).earliest,
                parse_partial_date(e.end).latest,
                e.to_domain(),
            )  # fmt: skip
            for e in _rows(source, "calendar.yaml", EventRow)
        )
    except DataFileError:
        raise
    except BucarestError as exc:
        raise DataFileError("calendar.yaml", exc.message) from None
    calendar = Calendar(events)
    commitments: list[Commitment] = []
    seen: set[str] = set()
    for i, row in enumerate(_rows(source, "commitments.yaml", CommitmentRow)):
        try:
            base, history, assessments = _commitment(row)
            if base.id in seen:
                raise InvalidFactError(N_("duplicate commitment id '{id}'"), id=base.id)
            check_commitment(base, calendar)
            for e in history:
                check_status_event(base, e)
            for a in assessments:
                check_assessment(base, a)
            history = tuple(sorted(history, key=lambda e: e.on))
            commitments.append(replace(base, history=history, assessments=assessments))
            seen.add(base.id)
        except BucarestError as exc:
            raise row_error("commitments.yaml", i, exc) from None
    missions: list[Mission] = []
    for i, m in enumerate(_rows(source, "missions.yaml", MissionRow, optional=True)):
        try:
            missions.append(Mission(
                m.id, m.name_en, m.name_fr, m.short_en, m.short_fr,
                parse_partial_date(m.start).earliest,
                parse_partial_date(m.end).latest if m.end else None,
                parse_partial_date(m.nato_lead_from).earliest if m.nato_lead_from else None,
                tuple(Mandate(x.resolution, parse_partial_date(x.date).earliest, x.url)
                      for x in m.mandates),
                m.to_domain(), m.note, m.note_fr,
            ))  # fmt: skip
        except BucarestError as exc:
            raise row_error("missions.yaml", i, exc) from None
    known = {m.id for m in missions}
    points: list[ContributionPoint] = []
    for i, p in enumerate(_rows(source, "contributions.yaml", ContributionRow, optional=True)):
        try:
            if p.mission not in known:
                raise InvalidFactError(N_("unknown operation '{mission}'"), mission=p.mission)
            figures = {normalise_code(k): v for k, v in p.figures.items()}
            points.append(ContributionPoint(p.mission, day_of(p.on), p.total, p.nations_count,
                                            p.to_domain(), figures, p.note, p.note_fr))  # fmt: skip
        except BucarestError as exc:
            raise row_error("contributions.yaml", i, exc) from None
    pledges: list[Pledge] = []
    for i, g in enumerate(_rows(source, "pledges.yaml", PledgeRow, optional=True)):
        try:
            if g.mission not in known:
                raise InvalidFactError(N_("unknown operation '{mission}'"), mission=g.mission)
            pledges.append(Pledge(g.mission, day_of(g.on), normalise_code(g.nation), g.pledged,
                                  g.description, g.to_domain(), g.requirement, g.note,
                                  g.description_fr, g.note_fr))  # fmt: skip
        except BucarestError as exc:
            raise row_error("pledges.yaml", i, exc) from None
    return Ledger(calendar, tuple(commitments), tuple(missions), tuple(points), tuple(pledges))


def embedded_dir() -> Traversable:
    """Folder of the ledger data shipped inside the package."""
    return resources.files("bucarest") / "data" / "commitments"


@functools.lru_cache(maxsize=1)
def load_embedded_ledger() -> Ledger:
    """The shipped ledger (validated once per process)."""
    return load_ledger(embedded_dir())

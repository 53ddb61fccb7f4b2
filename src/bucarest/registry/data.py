"""Reading registry facts from YAML files, validated on load.

The shipped files live in ``bucarest/data/registry`` (``frameworks.yaml``,
``memberships.yaml``, ``accession.yaml``); their schema is the pydantic models
below, and every row must pass the same rules as a user's write
(:mod:`bucarest.registry.domain.rules`). Every framework, interval and step carries
``sources`` (citations) and a ``confidence`` (:mod:`bucarest.core.provenance`) and may
carry a note in English and French (``note_en``, ``note_fr``); a row whose note or
citation reads like a working note (how the row was curated) is refused.

Example::

    >>> reg = load_embedded_registry()
    >>> reg.framework("pfp").short("fr")
    'PPP'
"""

from __future__ import annotations

import functools
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from bucarest.core.datafiles import read_yaml_list, row_error
from bucarest.core.dates import PartialDate, parse_partial_date, today
from bucarest.core.errors import BucarestError
from bucarest.core.provenance import ProvenanceRow, working_note_in
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    Framework,
    FrameworkEvent,
    FrameworkEventKind,
    FrameworkKind,
    Membership,
    Registry,
    Stage,
    Status,
)
from bucarest.registry.domain.rules import check_event, check_framework_event, check_membership

__all__ = ["embedded_dir", "embedded_reference", "load_embedded_registry", "load_registry"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Notes(_Row):
    """An optional note in English and French, which must not read like a working note."""

    note_en: str = ""
    note_fr: str = ""

    @field_validator("note_en", "note_fr")
    @classmethod
    def _no_working_note(cls, value: str) -> str:
        note = working_note_in(value)
        if note is not None:
            raise ValueError(f"contains the working note {note!r}; keep curation notes in comments")
        return value

    @model_validator(mode="after")
    def _both_languages(self) -> _Notes:
        if bool(self.note_en) != bool(self.note_fr):
            raise ValueError("note_en and note_fr go together: give the note in both languages")
        return self


class _Fact(_Notes, ProvenanceRow):
    """A row with its sources, its confidence and its note."""


class FrameworkRow(_Fact):
    """A row of ``frameworks.yaml``."""

    id: str
    kind: FrameworkKind
    name_en: str
    name_fr: str
    short_en: str
    short_fr: str
    start: str
    end: str | None = None
    allies_sit: bool = False


class FrameworkEventRow(_Fact):
    """A row of ``framework_events.yaml``: a dated turn in a framework's working life."""

    framework: str
    kind: FrameworkEventKind
    date: str


class MembershipRow(_Fact):
    """A row of ``memberships.yaml``."""

    country: str
    framework: str
    status: Status
    start: str
    end: str | None = None
    end_cause: EndCause | None = None


class EventRow(_Fact):
    """One event of an accession case."""

    stage: Stage
    date: str
    ally: str | None = None


class CaseRow(_Notes):
    """A row of ``accession.yaml``: one country's accession case."""

    country: str
    events: list[EventRow]


def _opt(text: str | None) -> PartialDate | None:
    return parse_partial_date(text) if text else None


def _frameworks(source: Traversable | Path) -> list[Framework]:
    frameworks: list[Framework] = []
    for i, raw in enumerate(read_yaml_list(source, "frameworks.yaml")):
        try:
            row = FrameworkRow.model_validate(raw)
            frameworks.append(
                Framework(
                    row.id,
                    row.kind,
                    row.name_en,
                    row.name_fr,
                    row.short_en,
                    row.short_fr,
                    parse_partial_date(row.start),
                    _opt(row.end),
                    row.to_domain().citations,
                    row.note_en,
                    allies_sit=row.allies_sit,
                    confidence=row.confidence,
                    note_fr=row.note_fr,
                )
            )
        except (ValidationError, BucarestError) as exc:
            raise row_error("frameworks.yaml", i, exc) from None
    return frameworks


def load_registry(source: Traversable | Path, on: date | None = None) -> Registry:
    """Read and validate the three registry files in ``source``.

    ``on`` is the date against which "future" is judged (default: today). The
    first bad row stops the load with a :class:`DataFileError` naming file and row.
    """
    now = on or today()
    frameworks = _frameworks(source)
    reg = Registry(tuple(frameworks), (), ())
    memberships: list[Membership] = []
    for i, raw in enumerate(read_yaml_list(source, "memberships.yaml")):
        try:
            mrow = MembershipRow.model_validate(raw)
            m = Membership(
                mrow.country.upper(),
                mrow.framework,
                mrow.status,
                parse_partial_date(mrow.start),
                _opt(mrow.end),
                mrow.end_cause,
                mrow.to_domain().citations,
                mrow.note_en,
                id=i + 1,
                confidence=mrow.confidence,
                note_fr=mrow.note_fr,
            )
            check_membership(reg, m, now)
        except (ValidationError, BucarestError) as exc:
            raise row_error("memberships.yaml", i, exc) from None
        memberships.append(m)
        # Rebuilding the registry per row keeps the overlap check honest; the
        # data set is small (hundreds of rows), so this costs milliseconds.
        reg = Registry(reg.frameworks, tuple(memberships), ())
    events: list[AccessionEvent] = []
    for i, raw in enumerate(read_yaml_list(source, "accession.yaml")):
        try:
            case = CaseRow.model_validate(raw)
            for erow in case.events:
                e = AccessionEvent(
                    case.country.upper(),
                    erow.stage,
                    parse_partial_date(erow.date),
                    erow.to_domain().citations,
                    erow.ally.upper() if erow.ally else None,
                    erow.note_en,
                    id=len(events) + 1,
                    confidence=erow.confidence,
                    note_fr=erow.note_fr,
                )
                check_event(Registry(reg.frameworks, reg.memberships, tuple(events)), e, now)
                events.append(e)
        except (ValidationError, BucarestError) as exc:
            raise row_error("accession.yaml", i, exc) from None
    return Registry(
        reg.frameworks, reg.memberships, tuple(events), _framework_events(source, reg, now)
    )


def _framework_events(
    source: Traversable | Path, reg: Registry, now: date
) -> tuple[FrameworkEvent, ...]:
    """``framework_events.yaml`` when the folder has one (a folder of older files has none)."""
    if not (source / "framework_events.yaml").is_file():
        return ()
    found: list[FrameworkEvent] = []
    for i, raw in enumerate(read_yaml_list(source, "framework_events.yaml")):
        try:
            row = FrameworkEventRow.model_validate(raw)
            e = FrameworkEvent(
                reg.framework(row.framework).id,
                row.kind,
                parse_partial_date(row.date),
                row.to_domain().citations,
                row.note_en,
                confidence=row.confidence,
                note_fr=row.note_fr,
            )
            check_framework_event(reg, e, now)
            found.append(e)
        except (ValidationError, BucarestError) as exc:
            raise row_error("framework_events.yaml", i, exc) from None
    return tuple(found)


def embedded_dir() -> Traversable:
    """Folder of the registry data shipped inside the package."""
    return resources.files("bucarest") / "data" / "registry"


@functools.lru_cache(maxsize=1)
def embedded_reference() -> Registry:
    """The shipped frameworks and framework events only (no membership, no accession): the
    facts the database does not hold, cheap to read on every start."""
    source = embedded_dir()
    reg = Registry(tuple(_frameworks(source)), (), ())
    return Registry(reg.frameworks, (), (), _framework_events(source, reg, today()))


@functools.lru_cache(maxsize=1)
def load_embedded_registry() -> Registry:
    """The shipped registry (validated once per process)."""
    return load_registry(embedded_dir())

"""Request bodies of the registry's JSON API (validated by pydantic before any domain rule)."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from bucarest.core.provenance import CitationRow, Confidence
from bucarest.platform.http import RequestBody
from bucarest.platform.openapi import Answer, CitationOut
from bucarest.registry.domain.model import EndCause, Stage, Status

__all__ = [
    "AccessionEventCreate",
    "AccessionEventOut",
    "AccessionOut",
    "AspirantOut",
    "ChangeLogEntryOut",
    "ChangeOut",
    "CitationIn",
    "CitationOut",
    "CountryHistoryOut",
    "FrameworkOut",
    "MemberOut",
    "MembershipCreate",
    "MembershipOut",
    "MembershipUpdate",
    "RatificationOut",
    "StandingOut",
]


class CitationIn(CitationRow):
    """A structured citation: title, issuer, date of the text (``YYYY[-MM[-DD]]``), link."""


_SOURCES = (
    "Citations: each either a structured citation or a free text (a link is cited as "
    "issued by its site; any other text becomes the title of a citation 'entered by a user')"
)
_CONFIDENCE = (
    "official: an official text (NATO, a government, a depositary); secondary: a study, "
    "news or reference work; estimate: an inference, the sources saying what it rests on"
)


class MembershipCreate(RequestBody):
    """A new membership interval."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"country": "XKX", "framework": "pfp", "status": "partner", "start": "2025-03",
                 "sources": [{"title": "Bucharest Summit Declaration", "issuer": "NATO",
                              "date": "2008-04-03",
                              "url": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"}],
                 "confidence": "official", "reason": "example"}
            ]
        }
    )  # fmt: skip

    country: str = Field(description="ISO 3166-1 alpha-3 code", examples=["MLT"])
    framework: str = Field(description="Framework id", examples=["pfp"])
    status: Status
    start: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2008-04-03"])
    end: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; null if ongoing")
    end_cause: EndCause | None = None
    sources: list[CitationIn | str] = Field(min_length=1, description=_SOURCES)
    confidence: Confidence = Field(Confidence.SECONDARY, description=_CONFIDENCE)
    note: str = Field("", description="Shown in both languages")
    reason: str = Field("", description="Why the fact is recorded (kept in the change log)")


class MembershipUpdate(RequestBody):
    """A correction of a recorded interval; omitted fields are unchanged."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"note": "checked", "reason": "example"}]}
    )

    start: str | None = None
    end: str | None = None
    end_cause: EndCause | None = None
    sources: list[CitationIn | str] | None = Field(None, min_length=1, description=_SOURCES)
    confidence: Confidence | None = Field(None, description=_CONFIDENCE)
    note: str | None = None
    reason: str = Field(min_length=1, description="Why the correction is made")


class AccessionEventCreate(RequestBody):
    """A new step of an accession case."""

    country: str = Field(examples=["ALB"])
    stage: Stage
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    ally: str | None = Field(None, description="Ratifying Ally (stage 'ratified' only)")
    source: CitationIn | str = Field(description="The citation (structured, or free text)")
    confidence: Confidence = Field(Confidence.SECONDARY, description=_CONFIDENCE)
    note: str = Field("", description="Shown in both languages")
    reason: str = ""


# --- answers (see registry.records, which builds them) ----------------------------------


class FrameworkOut(Answer):
    """A framework with its names and its lifetime (dates ``YYYY-MM-DD``)."""

    id: str
    kind: str
    name: str
    short: str
    start: str
    end: str | None
    allies_sit: bool = Field(
        description="True for the councils where every Ally of the day sits with the partners"
    )
    sources: list[CitationOut]
    confidence: Confidence
    confidence_label: str
    note: str


class MemberOut(Answer):
    """A country seated in a framework on a date; ``since``/``until`` at their own precision.

    ``capacity`` is ``ally`` for the Allies (in ``nato``, and seated with the partners in the
    EAPC, NRC, NUC and NGC), ``partner`` or ``participant`` otherwise. An Ally's ``since`` in
    a council is the later of its accession and the council's founding; its ``until`` and
    ``sources`` are those of its NATO membership.
    """

    code: str
    name: str
    status: str
    capacity: str
    capacity_label: str
    since: str
    until: str | None
    uncertain: bool
    sources: list[CitationOut]
    confidence: Confidence


class FrameworkEventOut(Answer):
    """A dated turn in a framework's working life."""

    date: str
    kind: str
    kind_label: str
    sources: list[CitationOut]
    confidence: Confidence
    confidence_label: str
    note: str


class FrameworkStatusOut(Answer):
    """How a framework worked on a date: ``exists`` (within its lifetime), its ``state``
    (``active``, ``meetings_suspended``, ``cooperation_suspended``) since ``since``, and its
    events up to that date."""

    framework: str
    short: str
    name: str
    on: str
    exists: bool
    state: str
    state_label: str
    since: str | None
    events: list[FrameworkEventOut]


class MembershipOut(Answer):
    """One membership interval, dates at their own precision."""

    id: int | None
    country: str
    name: str
    framework: str
    status: str
    status_label: str
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None
    end_cause: str | None
    end_cause_label: str | None
    sources: list[CitationOut]
    confidence: Confidence
    confidence_label: str
    note: str


class AccessionEventOut(Answer):
    """One step of an accession case."""

    id: int | None
    country: str
    stage: str
    stage_label: str
    date: str
    ally: str | None
    ally_name: str | None
    sources: list[CitationOut]
    confidence: Confidence
    confidence_label: str
    note: str


class CountryHistoryOut(Answer):
    """A country's full history."""

    code: str
    name: str
    memberships: list[MembershipOut]
    accession: list[AccessionEventOut]


class ChangeOut(Answer):
    """A join or a departure."""

    date: str
    code: str
    name: str
    framework: str
    change: str
    change_label: str
    cause: str | None
    cause_label: str | None
    sources: list[CitationOut]
    confidence: Confidence


class RatificationOut(Answer):
    """How far the ratification of an accession protocol has gone."""

    protocol_signed: str | None
    ratified: int
    required: int
    ratified_by: list[str]
    dated: list[str]
    inferred: list[str]
    outstanding: list[str]


class AccessionOut(Answer):
    """An accession case on a date."""

    code: str
    name: str
    on: str
    stage: str | None
    stage_label: str | None
    events: list[AccessionEventOut]
    ratification: RatificationOut


class AspirantOut(Answer):
    """An open accession case and its stage."""

    code: str
    name: str
    stage: str
    stage_label: str


class StandingOut(Answer):
    """A country's map category on a date."""

    code: str
    name: str
    standing: str
    standing_label: str
    frameworks: list[str]


class ChangeLogEntryOut(Answer):
    """One write to the registry (``at``: ISO 8601 with its offset)."""

    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str

"""Request bodies of the API (pydantic), one family per entity."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from bucarest.ledger.domain.model import RecordedStatus
from bucarest.platform.http import RequestBody
from bucarest.platform.openapi import Answer, Number

__all__ = [
    "AssessmentCreate",
    "AssessmentCreated",
    "AssessmentOut",
    "CitationOut",
    "CommitmentOut",
    "CommitmentRowOut",
    "ComplianceOut",
    "DashboardOut",
    "DatedValueOut",
    "ForcesOut",
    "ForecastOut",
    "IndicatorOut",
    "MandateOut",
    "NationStrengthOut",
    "OperationOut",
    "PledgeOut",
    "StatusEventCreate",
    "StatusEventCreated",
    "StatusEventOut",
]


#: A fact's confidence: stated in an official text, from a secondary source, or our estimate.
ConfidenceText = Literal["official", "secondary", "estimate"]


class CitationOut(Answer):
    """One source of a fact: its title, issuer, date (ISO, may be partial) and link."""

    title: str
    issuer: str
    date: str | None
    url: str | None


class StatusEventCreate(RequestBody):
    """A status change to record on a commitment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "in_progress", "on": "2008-06-01", "version": 1,
                 "evidence": "Press Release (2008) 049, para. 2"}
            ]
        }
    )  # fmt: skip

    status: RecordedStatus
    on: str = Field(description="YYYY-MM-DD")
    evidence: str = Field(min_length=1, description="A URL or a citation")
    note: str = ""
    version: int = Field(description="The commitment version you read (409 if it changed)")


class AssessmentCreate(RequestBody):
    """A compliance score for one actor on one commitment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"actor": "FRA", "score": 1, "as_of": "2009-01-01", "version": 1,
                 "evidence": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"}
            ]
        }
    )  # fmt: skip

    actor: str = Field(examples=["FRA", "allies"])
    score: int = Field(description="-1, 0 or 1")
    evidence: str = Field(min_length=1)
    as_of: str | None = Field(None, description="YYYY-MM-DD; default today")
    version: int = Field(description="The commitment version you read (409 if it changed)")


# --- answers (see ledger.records, which builds them) ------------------------------------


class CommitmentRowOut(Answer):
    """A commitment on a date, for lists and dashboards (``progress``: a share, 0 to 1)."""

    id: str
    title: str
    summit: str
    topic: str
    topic_label: str
    owners: list[str]
    owner_names: list[str]
    deadline: str | None
    deadline_event: str | None
    status: str
    status_label: str
    progress: Number | None
    outlook: str
    outlook_label: str
    as_of: str
    version: int


class DashboardOut(Answer):
    """Counts by status and the first rows."""

    as_of: str
    counts: dict[str, int]
    total: int
    rows: list[CommitmentRowOut]


class StatusEventOut(Answer):
    """One recorded status change."""

    id: int | None
    status: str
    status_label: str
    on: str
    evidence: str
    note: str
    recorded_by: str


class StatusEventCreated(StatusEventOut):
    """A recorded status change and the commitment's new version."""

    version: int


class AssessmentOut(Answer):
    """A compliance score (-1, 0 or 1) of one actor."""

    id: int | None
    actor: str
    actor_name: str
    score: int
    as_of: str
    evidence: str
    recorded_by: str


class AssessmentCreated(Answer):
    """A recorded score and the commitment's new version."""

    commitment: str
    actor: str
    score: int
    as_of: str
    evidence: str
    version: int


class DatedValueOut(Answer):
    """A value of an indicator on a day, with its source."""

    on: str
    value: Number
    source: str


class ForecastOut(Answer):
    """Where an indicator is heading by the deadline."""

    projected_value: Number | None
    projected_share: Number | None
    outlook: str
    outlook_label: str


class IndicatorOut(Answer):
    """An indicator with its baseline, targets, actuals so far and forecast."""

    id: str
    title: str
    measure: str
    ascending: bool
    unit: str
    baseline: DatedValueOut
    targets: list[DatedValueOut]
    actuals: list[DatedValueOut]
    share: Number | None
    forecast: ForecastOut | None


class ComplianceOut(Answer):
    """Compliance scores: the average (-1 to 1), as a percentage, and per actor (%)."""

    average: Number | None
    percent: Number | None
    by_actor: dict[str, Number]
    count: int


class CommitmentOut(CommitmentRowOut):
    """Everything about one commitment as it stood on a date."""

    document: str
    paragraph: str
    summit_section: str
    text_en: str
    text_fr: str
    created: str
    sources: list[CitationOut]
    confidence: ConfidenceText | None
    note: str
    history: list[StatusEventOut]
    indicators: list[IndicatorOut]
    assessments: list[AssessmentOut]
    compliance: ComplianceOut


class MandateOut(Answer):
    """A resolution mandating an operation, with a link to its text."""

    resolution: str
    on: str
    url: str | None


class OperationOut(Answer):
    """An operation with its mandates."""

    id: str
    name: str
    short: str
    start: str
    end: str | None
    nato_lead_from: str | None
    mandates: list[MandateOut]
    sources: list[CitationOut]
    confidence: ConfidenceText | None
    note: str


class NationStrengthOut(Answer):
    """A nation's troops in an operation."""

    code: str
    name: str
    strength: int


class PledgeOut(Answer):
    """A nation's pledge of forces, against the stated requirement if any."""

    on: str
    nation: str
    name: str
    pledged: int
    description: str
    requirement: int | None
    sources: list[CitationOut]
    confidence: ConfidenceText | None
    note: str


class ForcesOut(Answer):
    """An operation's strength on a date, per nation, with "other" and the pledges so far."""

    mission: str
    mission_name: str
    on: str
    state: Literal["published", "none", "ended"] = Field(
        description="published: figures in force on the date; none: no figure published on "
        "or before it; ended: the operation had ended by then (no total in either case)"
    )
    ended_on: str | None = Field(description="The operation's last day, when it had ended")
    last_published: str | None = Field(
        description="Day of the latest figures on or before the date"
    )
    message: str = Field(description="Says why no strength is given (empty when one is)")
    as_published: str | None
    total: int | None
    nations_count: int | None
    sources: list[CitationOut]
    confidence: ConfidenceText | None
    note: str
    nations: list[NationStrengthOut]
    other: int
    pledges: list[PledgeOut]

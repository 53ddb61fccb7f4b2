"""Request bodies of the API (pydantic), one family per entity."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bucarest.commitments.model import RecordedStatus
from bucarest.registry.model import EndCause, Stage, Status

__all__ = [
    "AccessionEventCreate",
    "AssessmentCreate",
    "MembershipCreate",
    "MembershipUpdate",
    "StatusEventCreate",
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MembershipCreate(_Body):
    """A new membership interval."""

    country: str = Field(description="ISO 3166-1 alpha-3 code", examples=["MLT"])
    framework: str = Field(description="Framework id", examples=["pfp"])
    status: Status
    start: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2008-04-03"])
    end: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; null if ongoing")
    end_cause: EndCause | None = None
    sources: list[str] = Field(min_length=1, description="URLs or citations")
    note: str = ""
    reason: str = Field("", description="Why the fact is recorded (kept in the change log)")


class MembershipUpdate(_Body):
    """A correction of a recorded interval; omitted fields are unchanged."""

    start: str | None = None
    end: str | None = None
    end_cause: EndCause | None = None
    sources: list[str] | None = Field(None, min_length=1)
    note: str | None = None
    reason: str = Field(min_length=1, description="Why the correction is made")


class AccessionEventCreate(_Body):
    """A new step of an accession case."""

    country: str = Field(examples=["ALB"])
    stage: Stage
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    ally: str | None = Field(None, description="Ratifying Ally (stage 'ratified' only)")
    source: str = Field(min_length=1)
    note: str = ""
    reason: str = ""


class StatusEventCreate(_Body):
    """A status change to record on a commitment."""

    status: RecordedStatus
    on: str = Field(description="YYYY-MM-DD")
    evidence: str = Field(min_length=1, description="A URL or a citation")
    note: str = ""
    version: int = Field(description="The commitment version you read (409 if it changed)")


class AssessmentCreate(_Body):
    """A compliance score for one actor on one commitment."""

    actor: str = Field(examples=["FRA", "allies"])
    score: int = Field(description="-1, 0 or 1")
    evidence: str = Field(min_length=1)
    as_of: str | None = Field(None, description="YYYY-MM-DD; default today")
    version: int = Field(description="The commitment version you read (409 if it changed)")

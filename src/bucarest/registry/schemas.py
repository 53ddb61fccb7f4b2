"""Request bodies of the registry's JSON API (validated by pydantic before any domain rule)."""

from __future__ import annotations

from pydantic import Field

from bucarest.platform.http import RequestBody
from bucarest.registry.domain.model import EndCause, Stage, Status

__all__ = ["AccessionEventCreate", "MembershipCreate", "MembershipUpdate"]


class MembershipCreate(RequestBody):
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


class MembershipUpdate(RequestBody):
    """A correction of a recorded interval; omitted fields are unchanged."""

    start: str | None = None
    end: str | None = None
    end_cause: EndCause | None = None
    sources: list[str] | None = Field(None, min_length=1)
    note: str | None = None
    reason: str = Field(min_length=1, description="Why the correction is made")


class AccessionEventCreate(RequestBody):
    """A new step of an accession case."""

    country: str = Field(examples=["ALB"])
    stage: Stage
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    ally: str | None = Field(None, description="Ratifying Ally (stage 'ratified' only)")
    source: str = Field(min_length=1)
    note: str = ""
    reason: str = ""

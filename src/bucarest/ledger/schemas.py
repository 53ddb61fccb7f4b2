"""Request bodies of the API (pydantic), one family per entity."""

from __future__ import annotations

from pydantic import Field

from bucarest.ledger.domain.model import RecordedStatus
from bucarest.platform.http import RequestBody

__all__ = [
    "AssessmentCreate",
    "StatusEventCreate",
]


class StatusEventCreate(RequestBody):
    """A status change to record on a commitment."""

    status: RecordedStatus
    on: str = Field(description="YYYY-MM-DD")
    evidence: str = Field(min_length=1, description="A URL or a citation")
    note: str = ""
    version: int = Field(description="The commitment version you read (409 if it changed)")


class AssessmentCreate(RequestBody):
    """A compliance score for one actor on one commitment."""

    actor: str = Field(examples=["FRA", "allies"])
    score: int = Field(description="-1, 0 or 1")
    evidence: str = Field(min_length=1)
    as_of: str | None = Field(None, description="YYYY-MM-DD; default today")
    version: int = Field(description="The commitment version you read (409 if it changed)")

"""Where a fact comes from, as users see it: short citations and a confidence level.

Every capability's data files carry, per row, a list of citations and one confidence level;
how a row was curated (what was checked, what is inferred) stays in the data file's comments
or in ``docs/data-sources.md`` and never reaches a page, a report or an API answer.

Example::

    >>> row = ProvenanceRow.model_validate({
    ...     "confidence": "official",
    ...     "sources": [{"title": "Bucharest Summit Declaration", "issuer": "NATO",
    ...                  "date": "2008-04-03",
    ...                  "url": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"}],
    ... })
    >>> p = row.to_domain()
    >>> p.confidence.value, p.citations[0].issuer
    ('official', 'NATO')
    >>> working_note_in("Founding member [citation not re-read]")
    'not re-read'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "WORKING_NOTE",
    "Citation",
    "CitationRow",
    "Confidence",
    "Provenance",
    "ProvenanceRow",
    "working_note_in",
]


class Confidence(StrEnum):
    """How far a fact can be trusted, in the three levels users are shown.

    ``official``: stated in an official text of the Alliance, a government or an operator
    (nato.int, an official journal, a treaty depositary, the operator's own data).
    ``secondary``: from a secondary source (a study, a news agency, a reference work).
    ``estimate``: our estimate or derivation; the row's citations say what it rests on.
    """

    OFFICIAL = "official"
    SECONDARY = "secondary"
    ESTIMATE = "estimate"


@dataclass(frozen=True, slots=True)
class Citation:
    """One source as shown to users: title, issuer, date of the text (ISO, may be partial
    such as ``2008-04``) and a link where one exists."""

    title: str
    issuer: str
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """The citations of one fact and the confidence they give it."""

    citations: tuple[Citation, ...]
    confidence: Confidence


# Vocabulary of working notes: words that describe how a row was curated rather than the
# fact. A page, report or API answer containing one shows a working note to users.
WORKING_NOTE = re.compile(
    r"\bseed\b|\bseed's\b|\bthe brief\b|not re-read|\bunverified\b|background knowledge"
    r"|\b[\w-]+\.ya?ml\b|blekko|wikiwand|\bwikipedia mirror\b",
    re.IGNORECASE,
)


def working_note_in(text: str) -> str | None:
    """The first working-note phrase in ``text``, or ``None`` when there is none."""
    found = WORKING_NOTE.search(text)
    return found.group(0) if found else None


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class CitationRow(BaseModel):
    """A citation as written in a data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    date: str | None = None
    url: str | None = None

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(value):
            raise ValueError("date must be YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("url must start with https:// or http://")
        return value

    @field_validator("title", "issuer")
    @classmethod
    def _no_working_note(cls, value: str) -> str:
        note = working_note_in(value)
        if note is not None:
            raise ValueError(f"contains the working note {note!r}; keep curation notes in comments")
        return value

    def to_domain(self) -> Citation:
        return Citation(title=self.title, issuer=self.issuer, date=self.date, url=self.url)


class ProvenanceRow(BaseModel):
    """The ``sources`` and ``confidence`` keys of a data-file row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    confidence: Confidence
    sources: tuple[CitationRow, ...] = Field(min_length=1)

    def to_domain(self) -> Provenance:
        return Provenance(
            citations=tuple(s.to_domain() for s in self.sources), confidence=self.confidence
        )

"""The progress review for the next summit: what was decided, what stands where, and why.

:func:`build_review` gathers everything a review shows, as values; the report
renderers (``bucarest.reports``) turn it into HTML or Markdown in either language.

Example::

    >>> from bucarest.ledger.data import load_embedded_ledger
    >>> r = build_review(load_embedded_ledger(), "bucharest-2008", date(2009, 4, 3))
    >>> sum(r.counts.values()) == len(r.rows)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bucarest.core.errors import N_, NotFoundError
from bucarest.ledger.domain.ledger import Ledger, LedgerFilter, LedgerRow, rows_on
from bucarest.ledger.domain.model import Assessment, Indicator, Topic, citation_text
from bucarest.ledger.domain.operations import Forces, forces_series
from bucarest.ledger.domain.progress import Compliance, Forecast, Progress, compliance, forecast
from bucarest.ledger.domain.progress import progress_on as indicator_progress
from bucarest.ledger.domain.status import LedgerStatus

__all__ = ["EvidenceItem", "IndicatorReview", "Review", "TopicSection", "build_review"]


@dataclass(frozen=True)
class TopicSection:
    """The commitments of one topic, with their counts by status."""

    topic: Topic
    rows: tuple[LedgerRow, ...]
    counts: dict[LedgerStatus, int]


@dataclass(frozen=True)
class IndicatorReview:
    """An indicator with its progress on the review date and its forecast at the deadline."""

    commitment: str
    indicator: Indicator
    progress: Progress
    forecast: Forecast | None


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence cited by the review, with what it supports."""

    commitment: str
    on: date
    what: str
    evidence: str


@dataclass(frozen=True)
class Review:
    """Everything the review shows, as of one date."""

    summit: str
    as_of: date
    rows: tuple[LedgerRow, ...]
    counts: dict[LedgerStatus, int]
    sections: tuple[TopicSection, ...]
    indicators: tuple[IndicatorReview, ...]
    compliance: Compliance
    forces: tuple[tuple[str, tuple[Forces, ...]], ...]
    evidence: tuple[EvidenceItem, ...]


def _counts(rows: tuple[LedgerRow, ...]) -> dict[LedgerStatus, int]:
    counts = dict.fromkeys(LedgerStatus, 0)
    for r in rows:
        counts[r.status] += 1
    return counts


def build_review(ledger: Ledger, summit: str, as_of: date) -> Review:
    """The review of ``summit``'s commitments as they stood on ``as_of``.

    Only facts dated on or before ``as_of`` are used: status history, indicator
    actuals, assessments and force levels.
    """
    rows = tuple(
        r for r in rows_on(ledger, as_of, LedgerFilter(summit=summit))
        if r.status is not LedgerStatus.NOT_YET_DECIDED
    )  # fmt: skip
    if not rows:
        raise NotFoundError(
            N_("no commitments of summit '{summit}' on {on}; known summits: {known}"),
            summit=summit,
            on=as_of.isoformat(),
            known=", ".join(sorted({c.summit for c in ledger.commitments})),
        )
    sections = []
    for topic in Topic:
        mine = tuple(r for r in rows if r.commitment.topic is topic)
        if mine:
            sections.append(TopicSection(topic, mine, _counts(mine)))
    indicators = []
    for r in rows:
        for ind in r.commitment.indicators:
            fc = forecast(ind, as_of, r.deadline) if r.deadline else None
            indicators.append(
                IndicatorReview(r.commitment.id, ind, indicator_progress(ind, as_of), fc)
            )
    assessments: list[Assessment] = [a for r in rows for a in r.commitment.assessments]
    forces = tuple(
        (m.id, tuple(f for f in forces_series(ledger.contributions, m.id) if f.on <= as_of))
        for m in ledger.missions
        if any(p.mission == m.id for p in ledger.contributions)
    )
    evidence: list[EvidenceItem] = []
    for r in rows:
        c = r.commitment
        decision = citation_text(c.provenance) if c.provenance else ""
        evidence.append(EvidenceItem(c.id, c.created, "decision", decision))
        for e in c.history:
            if e.on <= as_of:
                evidence.append(EvidenceItem(c.id, e.on, e.status.value, e.evidence))
    return Review(
        summit,
        as_of,
        rows,
        _counts(rows),
        tuple(sections),
        tuple(indicators),
        compliance(assessments, as_of),
        forces,
        tuple(evidence),
    )

"""The registry's writes, shared by the JSON API and the web forms: a request body in, the
checked fact recorded by :class:`~bucarest.registry.store.RegistryRepository` in the caller's
transaction, with the principal who made it in the change log.

Example::

    >>> from bucarest.app import open_store
    >>> from bucarest.core.identity import Principal, Role
    >>> db = open_store("sqlite:///:memory:")
    >>> ed = Principal("ed", "FRA", frozenset({Role.REGISTRY_EDITOR}))
    >>> body = MembershipUpdate(note="checked against the treaty", reason="proofreading")
    >>> with db.session() as s:
    ...     m = correct_membership(s, 1, body, ed)
    ...     RegistryRepository(s).change_log(1)[0]["actor"]
    'ed'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bucarest.core.dates import parse_partial_date, today
from bucarest.core.identity import Principal
from bucarest.core.provenance import Citation
from bucarest.registry.domain.model import AccessionEvent, Membership, user_citation
from bucarest.registry.schemas import (
    AccessionEventCreate,
    CitationIn,
    MembershipCreate,
    MembershipUpdate,
)
from bucarest.registry.store import RegistryRepository

__all__ = ["citations", "correct_membership", "record_event", "record_membership"]


def citations(given: list[CitationIn | str]) -> tuple[Citation, ...]:
    """The citations a request gives: structured ones as they are, free texts read by
    :func:`~bucarest.registry.domain.model.user_citation` (blank texts dropped)."""
    return tuple(
        g.to_domain() if isinstance(g, CitationIn) else user_citation(g)
        for g in given
        if isinstance(g, CitationIn) or g.strip()
    )


def record_membership(session: Session, body: MembershipCreate, who: Principal) -> Membership:
    """Record a new membership interval (checked against the whole registry)."""
    m = Membership(
        body.country,
        body.framework,
        body.status,
        parse_partial_date(body.start),
        parse_partial_date(body.end) if body.end else None,
        body.end_cause,
        citations(body.sources),
        body.note,
        confidence=body.confidence,
    )
    return RegistryRepository(session).add_membership(
        m, actor=who.username, reason=body.reason, today=today()
    )


def correct_membership(
    session: Session, membership_id: int, body: MembershipUpdate, who: Principal
) -> Membership:
    """Correct the fields ``body`` gives of a recorded interval (the others are unchanged)."""
    changes: dict[str, Any] = {}
    if body.start is not None:
        changes["start"] = parse_partial_date(body.start)
    if body.end is not None:
        changes["end"] = parse_partial_date(body.end)
    if body.end_cause is not None:
        changes["end_cause"] = body.end_cause
    if body.sources is not None:
        changes["sources"] = citations(body.sources)
    if body.confidence is not None:
        changes["confidence"] = body.confidence
    if body.note is not None:
        # A user's note is one text for both languages: the recorded French one goes.
        changes["note"] = body.note
        changes["note_fr"] = ""
    return RegistryRepository(session).correct_membership(
        membership_id, changes, actor=who.username, reason=body.reason, today=today()
    )


def record_event(session: Session, body: AccessionEventCreate, who: Principal) -> AccessionEvent:
    """Record a step of an accession case (checked against the case so far)."""
    e = AccessionEvent(
        body.country,
        body.stage,
        parse_partial_date(body.date),
        citations([body.source]),
        body.ally,
        body.note,
        confidence=body.confidence,
    )
    return RegistryRepository(session).add_event(
        e, actor=who.username, reason=body.reason, today=today()
    )

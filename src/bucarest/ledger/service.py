"""The ledger's writes, shared by the JSON API and the web forms: a request body in, the
checked, versioned record written by :class:`~bucarest.ledger.store.LedgerRepository` in the
caller's transaction, credited to the principal who made it; and the reads that the CLI, the
API and the pages must answer alike (an operation's strength on a date).

Example::

    >>> from bucarest.app import open_store
    >>> from bucarest.core.identity import Principal, Role
    >>> from bucarest.ledger.store import LedgerRepository
    >>> db = open_store("sqlite:///:memory:")
    >>> ed = Principal("ed", "FRA", frozenset({Role.LEDGER_EDITOR}))
    >>> with db.session() as s:
    ...     ledger = LedgerRepository(s).load()
    ...     c = ledger.commitments[0]
    ...     body = StatusEventCreate(status="in_progress", on=c.created.isoformat(),
    ...                              evidence="https://www.nato.int/", version=c.version)
    ...     event, version = record_status(s, ledger, c.id, body, ed)
    >>> (event.recorded_by, version == c.version + 1)
    ('ed', True)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bucarest.core.dates import parse_date, parse_date_or, today
from bucarest.core.identity import Principal
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import Assessment, StatusEvent
from bucarest.ledger.domain.operations import pledges_on, strength_on
from bucarest.ledger.records import forces_record
from bucarest.ledger.schemas import AssessmentCreate, StatusEventCreate
from bucarest.ledger.store import LedgerRepository

__all__ = ["assess", "forces_on_date", "record_status"]


def record_status(
    session: Session, ledger: Ledger, commitment_id: str, body: StatusEventCreate, who: Principal
) -> tuple[StatusEvent, int]:
    """Record a status change on a commitment, if it is still at ``body.version``; the event
    and the commitment's new version."""
    c = ledger.commitment(commitment_id)
    event = StatusEvent(c.id, body.status, parse_date(body.on), body.evidence, body.note)
    return LedgerRepository(session).record_status(
        c, event, expected_version=body.version, actor=who.username, today=today()
    )


def assess(
    session: Session, ledger: Ledger, commitment_id: str, body: AssessmentCreate, who: Principal
) -> tuple[Assessment, int]:
    """Score an actor's compliance with a commitment (-1, 0, 1), if the commitment is still
    at ``body.version``; the assessment and the commitment's new version."""
    c = ledger.commitment(commitment_id)
    a = Assessment(c.id, body.actor, body.score, parse_date_or(body.as_of), body.evidence)
    return LedgerRepository(session).assess(
        c, a, expected_version=body.version, actor=who.username, today=today()
    )


def forces_on_date(ledger: Ledger, operation: str, on: date, lang: str) -> dict[str, Any]:
    """An operation's strength on ``on``, from figures published on or before it only: the
    figures in force, or (``state`` ``none``/``ended``, no total) the one-line ``message``
    saying that none had been published yet or that the operation had ended."""
    mission = ledger.mission(operation)
    f = strength_on(mission, ledger.contributions, on)
    return forces_record(f, mission, pledges_on(ledger.pledges, mission.id, on), lang)

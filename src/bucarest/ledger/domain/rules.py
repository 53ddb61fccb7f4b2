"""Rules a ledger fact must satisfy: the same for the shipped data and every write.

Example::

    >>> check_evidence("https://www.nato.int/cps/en/natohq/news_7196.htm")
    >>> check_evidence("x")
    Traceback (most recent call last):
    ...
    bucarest.core.errors.InvalidFactError: evidence 'x' is neither a URL nor a citation; ...
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from bucarest.core.countries import is_country_code
from bucarest.core.errors import N_, InvalidFactError, UnknownCountryError
from bucarest.ledger.domain.model import ACTOR_LABELS, Assessment, Calendar, Commitment, StatusEvent

__all__ = [
    "check_actor",
    "check_assessment",
    "check_commitment",
    "check_evidence",
    "check_status_event",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def check_evidence(text: str) -> None:
    """Evidence is a URL with a host, or a citation of at least two words (10+ characters)."""
    value = text.strip()
    if value.lower().startswith(("http://", "https://")):
        parts = urlsplit(value)
        if parts.netloc and "." in parts.netloc and " " not in value:
            return
    elif len(value) >= 10 and " " in value and re.search(r"[A-Za-z]", value):
        return
    raise InvalidFactError(
        N_(
            "evidence '{evidence}' is neither a URL nor a citation; give a link such as "
            "'https://www.nato.int/…' or a reference such as 'Press Release (2008) 049, para. 2'"
        ),
        evidence=text,
    )


def check_actor(actor: str) -> str:
    """The canonical actor id: a collective owner (``allies``…) or an alpha-3 code."""
    key = actor.strip()
    if key.lower() in ACTOR_LABELS:
        return key.lower()
    if is_country_code(key):
        return key.upper()
    raise (
        UnknownCountryError(key)
        if len(key) == 3
        else InvalidFactError(
            N_("unknown actor '{actor}'; expected an alpha-3 code such as 'FRA' or one of {known}"),
            actor=actor,
            known=", ".join(ACTOR_LABELS),
        )
    )


def check_commitment(c: Commitment, calendar: Calendar) -> None:
    """A commitment has a slug id, known owners, one kind of deadline (a date or a known
    event), a deadline not before its creation, and a source."""
    if not _SLUG.match(c.id):
        raise InvalidFactError(
            N_("commitment id '{id}' must be lower-case letters, digits and hyphens"), id=c.id
        )
    for owner in c.owners:
        check_actor(owner)
    if c.deadline is not None and c.deadline_event is not None:
        raise InvalidFactError(
            N_("commitment '{id}' has both a deadline date and a deadline event; keep one"),
            id=c.id,
        )
    deadline = c.deadline
    if c.deadline_event is not None:
        deadline = calendar.event(c.deadline_event).end
    if deadline is not None and deadline < c.created:
        raise InvalidFactError(
            N_("commitment '{id}' is due on {deadline}, before it was decided on {created}"),
            id=c.id,
            deadline=deadline.isoformat(),
            created=c.created.isoformat(),
        )
    if c.provenance is None or not c.provenance.citations:
        raise InvalidFactError(N_("commitment '{id}' names no source"), id=c.id)


def _not_before_creation(c: Commitment, on: date, what: str) -> None:
    if on < c.created:
        raise InvalidFactError(
            N_("{what} dated {on} is before commitment '{id}' existed (decided on {created})"),
            what=what,
            on=on.isoformat(),
            id=c.id,
            created=c.created.isoformat(),
        )


def _not_future(on: date, today: date | None) -> None:
    if today is not None and on > today:
        raise InvalidFactError(
            N_("the date {on} is in the future; record only what has happened (today is {today})"),
            on=on.isoformat(),
            today=today.isoformat(),
        )


def check_status_event(c: Commitment, e: StatusEvent, today: date | None = None) -> None:
    """A status change is dated on or after the commitment's creation, not in the future,
    and carries evidence."""
    _not_before_creation(c, e.on, N_("a status change"))
    _not_future(e.on, today)
    check_evidence(e.evidence)


def check_assessment(c: Commitment, a: Assessment, today: date | None = None) -> None:
    """A compliance score is -1, 0 or +1, by a known actor, dated after creation, with evidence."""
    if a.score not in (-1, 0, 1):
        raise InvalidFactError(
            N_("score {score} is out of range; expected -1, 0 or 1"), score=str(a.score)
        )
    check_actor(a.actor)
    _not_before_creation(c, a.as_of, N_("an assessment"))
    _not_future(a.as_of, today)
    check_evidence(a.evidence)

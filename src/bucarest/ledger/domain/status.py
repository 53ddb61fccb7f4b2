"""A commitment's status on any date, derived from its deadline and recorded history.

Rules (the deadline day itself belongs to the commitment: work done on it is on time):

- ``superseded`` / ``dropped``: the latest recorded status on the date says so;
- ``done_on_time``: recorded done on or before the deadline (or with no deadline);
- ``done_late``: recorded done after the deadline;
- ``overdue``: not done and the date is after the deadline;
- ``due``: not done, and the deadline is within :data:`DUE_WINDOW_DAYS` days (deadline day included);
- ``not_yet_due``: not done, and the deadline is further away (or there is none);
- ``not_yet_decided``: the date is before the commitment existed.

Example::

    >>> from bucarest.ledger.domain.model import RecordedStatus as R
    >>> status_from(date(2008, 7, 31), None, date(2008, 7, 31))
    <LedgerStatus.DUE: 'due'>
    >>> status_from(date(2008, 7, 31), (R.DONE, date(2008, 7, 9)), date(2008, 8, 1))
    <LedgerStatus.DONE_ON_TIME: 'done_on_time'>
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from enum import StrEnum

from bucarest.ledger.domain.model import Calendar, Commitment, RecordedStatus, StatusEvent

__all__ = [
    "DUE_WINDOW_DAYS",
    "LedgerStatus",
    "deadline_of",
    "latest_recorded",
    "status_from",
    "status_on",
]

#: A commitment is "due" from this many days before its deadline (staff planning horizon).
DUE_WINDOW_DAYS = 30


class LedgerStatus(StrEnum):
    """Derived status of a commitment on a date."""

    NOT_YET_DECIDED = "not_yet_decided"
    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    SUPERSEDED = "superseded"
    DROPPED = "dropped"

    @property
    def is_done(self) -> bool:
        """True for both kinds of done."""
        return self in (LedgerStatus.DONE_ON_TIME, LedgerStatus.DONE_LATE)


def deadline_of(c: Commitment, calendar: Calendar) -> date | None:
    """The deadline as a day: the date itself, or the last day of the named event.

    "For review at our 2009 summit" is met by work delivered at that summit, so a
    deadline that names a meeting runs to the meeting's last day.
    """
    if c.deadline is not None:
        return c.deadline
    if c.deadline_event is not None:
        return calendar.event(c.deadline_event).end
    return None


def latest_recorded(history: tuple[StatusEvent, ...], on: date) -> StatusEvent | None:
    """The last status recorded for a day on or before ``on`` (history is in date order)."""
    days = [e.on for e in history]
    i = bisect.bisect_right(days, on)
    return history[i - 1] if i else None


def status_from(
    deadline: date | None,
    recorded: tuple[RecordedStatus, date] | None,
    on: date,
    created: date | None = None,
) -> LedgerStatus:
    """The derived status from a deadline, the latest recorded ``(status, day)`` and a date."""
    if created is not None and on < created:
        return LedgerStatus.NOT_YET_DECIDED
    if recorded is not None:
        status, day = recorded
        if status is RecordedStatus.SUPERSEDED:
            return LedgerStatus.SUPERSEDED
        if status is RecordedStatus.DROPPED:
            return LedgerStatus.DROPPED
        if status is RecordedStatus.DONE:
            late = deadline is not None and day > deadline
            return LedgerStatus.DONE_LATE if late else LedgerStatus.DONE_ON_TIME
    if deadline is None:
        return LedgerStatus.NOT_YET_DUE
    if on > deadline:
        return LedgerStatus.OVERDUE
    if on >= deadline - timedelta(days=DUE_WINDOW_DAYS):
        return LedgerStatus.DUE
    return LedgerStatus.NOT_YET_DUE


def status_on(c: Commitment, calendar: Calendar, on: date) -> LedgerStatus:
    """The status of ``c`` on ``on``."""
    last = latest_recorded(c.history, on)
    recorded = (last.status, last.on) if last is not None else None
    return status_from(deadline_of(c, calendar), recorded, on, c.created)

"""Dates with their precision, and half-open intervals.

Facts about the Alliance are often known only to the month or the year ("joined
February 1995"). A :class:`PartialDate` keeps that precision instead of inventing
a day; for ordering and interval arithmetic it stands for the first day of its
period (:attr:`PartialDate.earliest`), and :meth:`PartialDate.covers` tells
whether a day falls inside the uncertain period.

Example::

    >>> d = parse_partial_date("1995-02")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 'month'>, datetime.date(1995, 2, 1), datetime.date(1995, 2, 28))
    >>> Interval(date(2008, 1, 1), date(2009, 1, 1)).contains(date(2008, 12, 31))
    True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from bucarest.core.errors import N_, InvalidDateError, InvalidFactError

__all__ = [
    "Interval",
    "PartialDate",
    "Precision",
    "parse_date",
    "parse_date_or",
    "parse_partial_date",
    "today",
]

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def today() -> date:
    """Today's date in UTC (the registry's clock)."""
    return datetime.now(UTC).date()


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year.

    Ordered by its earliest day, then by precision (finer first).

    >>> str(PartialDate(date(1995, 2, 1), Precision.MONTH))
    '1995-02'
    """

    earliest: date
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        if self.precision is Precision.MONTH and self.earliest.day != 1:
            raise InvalidDateError(self.earliest.isoformat(), N_("month precision starts on day 1"))
        if self.precision is Precision.YEAR and (self.earliest.month, self.earliest.day) != (1, 1):
            raise InvalidDateError(
                self.earliest.isoformat(), N_("year precision starts on 1 January")
            )

    @property
    def latest(self) -> date:
        """Last day of the period the date may denote."""
        d = self.earliest
        if self.precision is Precision.DAY:
            return d
        if self.precision is Precision.MONTH:
            return d.replace(day=calendar.monthrange(d.year, d.month)[1])
        return d.replace(month=12, day=31)

    def covers(self, day: date) -> bool:
        """True when ``day`` lies in the period the date may denote."""
        return self.earliest <= day <= self.latest

    def isoformat(self) -> str:
        """ISO 8601 at the date's own precision: ``2008``, ``2008-04`` or ``2008-04-03``."""
        d = self.earliest
        if self.precision is Precision.YEAR:
            return f"{d.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{d.year:04d}-{d.month:02d}"
        return d.isoformat()

    def __str__(self) -> str:
        return self.isoformat()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a :class:`PartialDate`.

    >>> parse_partial_date("2008").precision
    <Precision.YEAR: 'year'>

    Raises :class:`InvalidDateError` for anything else, including impossible
    days such as ``2009-02-30``.
    """
    m = _PARTIAL.match(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise InvalidDateError(str(text))
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if year < 1800:
        raise InvalidDateError(text, N_("year before 1800"))
    try:
        if month is None:
            return PartialDate(date(year, 1, 1), Precision.YEAR)
        if day is None:
            return PartialDate(date(year, int(month), 1), Precision.MONTH)
        return PartialDate(date(year, int(month), int(day)), Precision.DAY)
    except ValueError as exc:
        raise InvalidDateError(text, N_("no such day")) from exc


def parse_date(text: str) -> date:
    """Parse a full ISO 8601 day (``YYYY-MM-DD``); partial dates are refused.

    >>> parse_date("2008-04-03")
    datetime.date(2008, 4, 3)
    """
    parsed = parse_partial_date(text)
    if parsed.precision is not Precision.DAY:
        raise InvalidDateError(text, N_("a full day is needed here"))
    return parsed.earliest


def parse_date_or(text: str | None, default: date | None = None) -> date:
    """A day typed by a user, or ``default`` (today when not given) when left empty.

    >>> parse_date_or("", date(2008, 4, 3))
    datetime.date(2008, 4, 3)
    """
    if text is None or not text.strip():
        return default if default is not None else today()
    return parse_date(text.strip())


@dataclass(frozen=True)
class Interval:
    """A half-open interval of days ``[start, end)``; ``end=None`` is open-ended.

    >>> a = Interval(date(1995, 4, 26), date(1996, 10, 27))
    >>> a.contains(date(1996, 10, 27))
    False
    """

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise InvalidFactError(
                N_(
                    "the end {end} is not after the start {start}; an interval must end after it starts"
                ),
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )

    def contains(self, day: date) -> bool:
        """True when ``start <= day < end``."""
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Interval) -> bool:
        """True when the two intervals share at least one day."""
        return self.intersection(other) is not None

    def intersection(self, other: Interval) -> Interval | None:
        """The days in both intervals, or ``None`` when they share none."""
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return Interval(start, end)

    def clip(self, bound: Interval) -> Interval | None:
        """This interval limited to ``bound`` (a framework's own lifetime)."""
        return self.intersection(bound)

    def days(self, until: date) -> int:
        """Length in days, counting an open end as ``until`` (exclusive)."""
        end = self.end if self.end is not None else until
        return max(0, (end - self.start).days)

    def last_day(self) -> date | None:
        """The last day inside the interval, or ``None`` when open-ended."""
        return None if self.end is None else self.end - timedelta(days=1)

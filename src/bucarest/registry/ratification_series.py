"""The cumulative number of Allies that had ratified an accession protocol, over time.

The series runs from the signature of the protocol to the day the country became a member
(or to a given end day while the case is open). It is a step function: each point is the
day the count rose and the count from that day on, counted with
:func:`~bucarest.registry.accession.ratification_progress`, so it agrees with "n of N Allies
have ratified" on every day.

Example::

    >>> from bucarest.registry.datafile import load_embedded_registry
    >>> s = ratification_series(load_embedded_registry(), "ALB", date(2024, 1, 1))
    >>> s.protocol_signed, s.end, s.required
    (datetime.date(2008, 7, 9), datetime.date(2009, 4, 1), 26)
    >>> s.points[0]                          # nobody had ratified on the day of signature
    (datetime.date(2008, 7, 9), 0)
    >>> s.count_on(s.end) == len(ratification_progress(load_embedded_registry(), "ALB", s.end).ratified)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bucarest.registry.accession import ratification_progress
from bucarest.registry.model import Registry, Stage

__all__ = ["RatificationSeries", "ratification_series"]


@dataclass(frozen=True)
class RatificationSeries:
    """Allies that had ratified a protocol, day by day, as a step function.

    ``points`` starts with ``(protocol_signed, count on that day)`` and then has one
    ``(day, count)`` per day on which the count rose, in order; ``end`` is the membership
    day, or the ``until`` day given while the case is open; ``required`` is N.
    """

    country: str
    protocol_signed: date
    end: date
    required: int
    points: tuple[tuple[date, int], ...]
    member: bool

    def count_on(self, day: date) -> int:
        """Allies that had ratified by ``day`` (0 before signature)."""
        count = 0
        for when, n in self.points:
            if when > day:
                break
            count = n
        return count


def ratification_series(reg: Registry, code: str, until: date) -> RatificationSeries | None:
    """The ratification step series of ``code``'s protocol, or ``None`` if never signed by ``until``.

    Ratifications known only to the month or year count from the first day of their period
    (as everywhere in the registry). Ratifications dated after membership are left out.

    Raises :class:`~bucarest.core.errors.NotFoundError` when ``code`` has no accession case.
    """
    final = ratification_progress(reg, code, until)
    if final.protocol_signed is None:
        return None
    key = final.country
    signed = final.protocol_signed
    events = reg.events_by_country.get(key, ())
    member_days = [e.date.earliest for e in events if e.stage is Stage.MEMBER]
    member_day = min(member_days) if member_days else None
    end = member_day if member_day is not None and member_day <= until else until
    end = max(end, signed)
    days = sorted(
        {
            max(e.date.earliest, signed)
            for e in events
            if e.stage is Stage.RATIFIED and e.date.earliest <= end
        }
    )
    points: list[tuple[date, int]] = [
        (signed, len(ratification_progress(reg, key, signed).ratified))
    ]
    for day in days:
        n = len(ratification_progress(reg, key, day).ratified)
        if n > points[-1][1]:
            points.append((day, n))
    return RatificationSeries(
        key,
        signed,
        end,
        final.required_count,
        tuple(points),
        member_day is not None and member_day <= until,
    )

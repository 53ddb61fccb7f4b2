"""The cumulative number of Allies that had ratified an accession protocol, over time.

The series runs from the signature of the protocol to the day the country became a member
(or to a given day while the case is open). It is a step function built only from
:func:`~bucarest.registry.domain.accession.ratification_progress`, so on every day it agrees with
"n of N Allies have ratified": ratifications recorded with a date count from their (first)
day, and those with no date in the data count from the day the protocol entered into force
(invitation to accede, deposit or membership), when they are certain.

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> reg = load_embedded_registry()
    >>> s = ratification_series(reg, "ALB", date(2024, 1, 1))
    >>> s.protocol_signed, s.end, s.member
    (datetime.date(2008, 7, 9), datetime.date(2009, 4, 1), True)
    >>> s.points[0]                          # nobody had ratified on the day of signature
    (datetime.date(2008, 7, 9), 0)
    >>> s.count_on(s.end) == s.required      # every Ally had ratified when Albania joined
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bucarest.registry.domain.accession import ratification_progress
from bucarest.registry.domain.model import Registry, Stage

__all__ = ["RatificationSeries", "ratification_series"]


@dataclass(frozen=True)
class RatificationSeries:
    """Allies that had ratified a protocol, day by day, as a step function.

    ``points`` starts with ``(protocol_signed, count on that day)`` and then has one
    ``(day, count)`` per day on which the count rose, in order. ``end`` is the membership
    day, or the ``until`` day given while the case is open. ``required`` is N on ``end``
    (it can grow while ratification is under way, when another country joins the Alliance).
    ``dated`` is how many of the ratifications counted on ``end`` have a date in the data.
    """

    country: str
    protocol_signed: date
    end: date
    required: int
    points: tuple[tuple[date, int], ...]
    member: bool
    dated: int

    def count_on(self, day: date) -> int:
        """Allies that had ratified by ``day`` (0 before signature)."""
        count = 0
        for when, n in self.points:
            if when > day:
                break
            count = n
        return count


def ratification_series(reg: Registry, code: str, until: date) -> RatificationSeries | None:
    """The ratification step series of ``code``'s protocol, or ``None`` if not signed by ``until``.

    Raises :class:`~bucarest.core.errors.NotFoundError` when ``code`` has no accession case.
    """
    final = ratification_progress(reg, code, until)
    if final.protocol_signed is None:
        return None
    key = final.country
    signed = final.protocol_signed
    events = reg.events_by_country.get(key, ())
    joined = [e.date.earliest for e in events if e.stage is Stage.MEMBER]
    member = bool(joined) and joined[0] <= until
    end = max(joined[0] if member else until, signed)
    # The count can only change on a day of this case's events or a day an Ally joined.
    candidates = {e.date.earliest for e in events}
    candidates.update(m.start.earliest for m in reg.by_framework.get("nato", ()))
    days = sorted(d for d in candidates if signed < d <= end)
    points: list[tuple[date, int]] = [
        (signed, len(ratification_progress(reg, key, signed).ratified))
    ]
    for day in days:
        n = len(ratification_progress(reg, key, day).ratified)
        if n != points[-1][1]:
            points.append((day, n))
    last = ratification_progress(reg, key, end)
    return RatificationSeries(
        key, signed, end, last.required_count, tuple(points), member, len(last.dated)
    )

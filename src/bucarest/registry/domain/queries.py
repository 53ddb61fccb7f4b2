"""Questions the registry answers, each a pure function of a :class:`Registry`.

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> reg = load_embedded_registry()
    >>> len(members_on(reg, "nato", date(2008, 4, 3)))
    26
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bucarest.core.countries import normalise_code
from bucarest.core.dates import Interval, PartialDate
from bucarest.core.errors import N_, InvalidInputError
from bucarest.registry.domain.model import AccessionEvent, EndCause, Membership, Registry

__all__ = [
    "Change",
    "ChangeKind",
    "CountryHistory",
    "MemberOnDate",
    "changes_between",
    "country_history",
    "members_on",
]


@dataclass(frozen=True)
class MemberOnDate:
    """A country that belonged to a framework on the date asked.

    ``uncertain`` is true when the date falls inside the imprecise period of the
    membership's start or end (a fact known only to the month or year).
    """

    country: str
    membership: Membership
    uncertain: bool


def _bounded(reg: Registry, m: Membership) -> Interval | None:
    """The membership interval limited to its framework's lifetime."""
    return m.interval.clip(reg.framework(m.framework).lifetime)


def members_on(reg: Registry, framework_id: str, day: date) -> tuple[MemberOnDate, ...]:
    """Countries in ``framework_id`` on ``day``, ordered by code.

    A framework's own founding and end dates bound the answer: nobody belongs to
    a framework that did not exist on ``day``.
    """
    fw = reg.framework(framework_id)
    if not fw.lifetime.contains(day):
        return ()
    found = [
        MemberOnDate(m.country, m, m.uncertain_on(day))
        for m in reg.by_framework.get(fw.id, ())
        if m.interval.contains(day)
    ]
    return tuple(sorted(found, key=lambda x: x.country))


@dataclass(frozen=True)
class CountryHistory:
    """Everything the registry holds about one country, in date order."""

    country: str
    memberships: tuple[Membership, ...]
    events: tuple[AccessionEvent, ...]


def country_history(reg: Registry, code: str) -> CountryHistory:
    """A country's memberships across all frameworks and its accession events.

    Raises :class:`~bucarest.core.errors.UnknownCountryError` for an unknown code;
    a known country with no facts gets an empty history.
    """
    key = normalise_code(code)
    return CountryHistory(key, reg.by_country.get(key, ()), reg.events_by_country.get(key, ()))


class ChangeKind(StrEnum):
    """Direction of a change."""

    JOINED = "joined"
    LEFT = "left"


@dataclass(frozen=True)
class Change:
    """A country joining or leaving a framework."""

    date: PartialDate
    country: str
    framework: str
    kind: ChangeKind
    cause: EndCause | None
    membership: Membership


def changes_between(
    reg: Registry, start: date, end: date, framework_id: str | None = None
) -> tuple[Change, ...]:
    """Joins and departures dated in ``[start, end)``, in date order.

    Departures caused by a framework's own end are reported on the day it ended.
    """
    if end <= start:
        raise InvalidInputError(
            N_("the period {start} to {end} is empty; 'to' must be after 'from'"),
            start=start.isoformat(),
            end=end.isoformat(),
        )
    window = Interval(start, end)
    frameworks = [reg.framework(framework_id).id] if framework_id else list(reg.framework_index)
    changes: list[Change] = []
    for fid in frameworks:
        fw = reg.framework(fid)
        for m in reg.by_framework.get(fid, ()):
            bounded = _bounded(reg, m)
            if bounded is None:
                continue
            if window.contains(bounded.start):
                joined = m.start if bounded.start == m.start.earliest else fw.start
                changes.append(Change(joined, m.country, fid, ChangeKind.JOINED, None, m))
            if bounded.end is not None and window.contains(bounded.end):
                if m.end is not None and bounded.end == m.end.earliest:
                    changes.append(Change(m.end, m.country, fid, ChangeKind.LEFT, m.end_cause, m))
                elif fw.end is not None:
                    cause = EndCause.FRAMEWORK_ENDED
                    changes.append(Change(fw.end, m.country, fid, ChangeKind.LEFT, cause, m))
    changes.sort(key=lambda c: (c.date, c.framework, c.kind != ChangeKind.LEFT, c.country))
    return tuple(changes)

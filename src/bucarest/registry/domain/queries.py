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
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    FrameworkEvent,
    FrameworkState,
    Membership,
    Registry,
    Status,
)

__all__ = [
    "Capacity",
    "Change",
    "ChangeKind",
    "CountryHistory",
    "FrameworkStatus",
    "MemberOnDate",
    "changes_between",
    "country_history",
    "framework_status_on",
    "members_on",
    "seats_on",
]


class Capacity(StrEnum):
    """In what capacity a country sat in a framework on a date."""

    ALLY = "ally"
    PARTNER = "partner"
    PARTICIPANT = "participant"


_CAPACITY_FOR_STATUS = {
    Status.MEMBER: Capacity.ALLY,
    Status.PARTNER: Capacity.PARTNER,
    Status.PARTICIPANT: Capacity.PARTICIPANT,
}


@dataclass(frozen=True)
class MemberOnDate:
    """A country that belonged to a framework on the date asked.

    ``uncertain`` is true when the date falls inside the imprecise period of the
    membership's start or end (a fact known only to the month or year).
    """

    country: str
    membership: Membership
    uncertain: bool
    capacity: Capacity = Capacity.PARTNER
    #: The first day of the seat: the membership's start, or for an Ally seated in a council
    #: the later of its accession and the council's founding.
    since: PartialDate | None = None


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
        MemberOnDate(m.country, m, m.uncertain_on(day), _CAPACITY_FOR_STATUS[m.status], m.start)
        for m in reg.by_framework.get(fw.id, ())
        if m.interval.contains(day)
    ]
    return tuple(sorted(found, key=lambda x: x.country))


def seats_on(reg: Registry, framework_id: str, day: date) -> tuple[MemberOnDate, ...]:
    """Everyone who sat in ``framework_id`` on ``day``: its members and, in the councils
    where the Allies sit with the partners (EAPC, NRC, NUC, NGC), every Ally of that day.

    Allies come first (capacity ``ally``), then the partners, each group ordered by code.
    The Allies are derived from ``nato`` membership on the day, never stored twice; an Ally
    seated in a council counts from the later of its accession and the council's founding.

    Example::

        >>> from bucarest.registry.data import load_embedded_registry
        >>> seats = seats_on(load_embedded_registry(), "nrc", date(2008, 5, 1))
        >>> sum(s.capacity is Capacity.ALLY for s in seats), [s.country for s in seats][-1]
        (26, 'RUS')
    """
    fw = reg.framework(framework_id)
    members = members_on(reg, fw.id, day)
    if not fw.allies_sit or not fw.lifetime.contains(day):
        return members
    allies = []
    for a in members_on(reg, "nato", day):
        since = max(a.membership.start, fw.start, key=lambda d: d.earliest)
        allies.append(MemberOnDate(a.country, a.membership, a.uncertain, Capacity.ALLY, since))
    seated = {a.country for a in allies}
    return tuple(allies) + tuple(m for m in members if m.country not in seated)


@dataclass(frozen=True)
class FrameworkStatus:
    """How a framework worked on a date: its state, since when, and the events so far."""

    framework: str
    on: date
    exists: bool
    state: FrameworkState
    since: FrameworkEvent | None
    events: tuple[FrameworkEvent, ...]


def framework_status_on(reg: Registry, framework_id: str, day: date) -> FrameworkStatus:
    """The state of ``framework_id`` on ``day`` from its dated events (active by default).

    Example::

        >>> from bucarest.registry.data import load_embedded_registry
        >>> framework_status_on(load_embedded_registry(), "nrc", date(2008, 9, 15)).state
        <FrameworkState.MEETINGS_SUSPENDED: 'meetings_suspended'>
    """
    fw = reg.framework(framework_id)
    past = tuple(e for e in reg.framework_events_by_id.get(fw.id, ()) if e.date.earliest <= day)
    state, since = FrameworkState.ACTIVE, None
    for e in past:
        after = e.kind.state_after
        if after is not None:
            state, since = after, e
    return FrameworkStatus(fw.id, day, fw.lifetime.contains(day), state, since, past)


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

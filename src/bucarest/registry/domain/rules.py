"""Rules a registry fact must satisfy before it is recorded.

The same checks guard the shipped data files and every write from the CLI or
the API, so a fact refused at one door is refused at all of them.

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> from bucarest.core.dates import parse_partial_date as d
    >>> from bucarest.registry.domain.model import Status, user_citations
    >>> reg = load_embedded_registry()
    >>> bad = Membership("FRA", "nato", Status.MEMBER, d("2000-01-01"), None, None,
    ...                  user_citations(["x"]))
    >>> check_membership(reg, bad, date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    bucarest.core.errors.ConflictError: FRA is already recorded in nato ...
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bucarest.core.countries import normalise_code
from bucarest.core.dates import PartialDate
from bucarest.core.errors import N_, ConflictError, InvalidFactError
from bucarest.core.provenance import Citation
from bucarest.registry.domain.model import (
    STATUS_FOR_KIND,
    AccessionEvent,
    FrameworkEvent,
    Membership,
    Registry,
    Stage,
)
from bucarest.registry.domain.queries import members_on

__all__ = [
    "check_event",
    "check_framework_event",
    "check_membership",
    "normalise_event",
    "normalise_membership",
]


def _not_future(when: PartialDate, today: date, what: str) -> None:
    if when.earliest > today:
        raise InvalidFactError(
            N_("{what} {when} is in the future; record only what has happened (today is {today})"),
            what=what,
            when=when.isoformat(),
            today=today.isoformat(),
        )


def _need_source(sources: tuple[Citation, ...]) -> None:
    if not any(c.title.strip() and c.issuer.strip() for c in sources):
        raise InvalidFactError(
            N_("a fact needs a source; give a URL or a citation such as 'nato.int, 3 April 2008'")
        )


def normalise_membership(reg: Registry, m: Membership) -> Membership:
    """``m`` with its country code and framework id in canonical form (or an error)."""
    return replace(m, country=normalise_code(m.country), framework=reg.framework(m.framework).id)


def check_membership(
    reg: Registry, m: Membership, today: date, replacing: int | None = None
) -> None:
    """Raise unless ``m`` can join ``reg`` (``replacing``: the id of a row being corrected).

    Checks, in order: country and framework exist; the status suits the framework;
    the interval ends after it starts; no date is in the future; the interval lies
    within the framework's lifetime; a cause is given only with an end; a source is
    given; no other interval of the same country and framework overlaps it.
    """
    m = normalise_membership(reg, m)
    fw = reg.framework(m.framework)
    expected = STATUS_FOR_KIND[fw.kind]
    if m.status is not expected:
        raise InvalidFactError(
            N_("status '{status}' does not suit framework '{framework}'; expected '{expected}'"),
            status=m.status.value,
            framework=fw.id,
            expected=expected.value,
        )
    interval = m.interval  # raises when the end is not after the start
    _not_future(m.start, today, N_("start"))
    if m.end is not None:
        _not_future(m.end, today, N_("end"))
    if m.start.earliest < fw.start.earliest:
        raise InvalidFactError(
            N_("{country} cannot join {framework} on {start}: it was founded on {founded}"),
            country=m.country,
            framework=fw.id,
            start=m.start.isoformat(),
            founded=fw.start.isoformat(),
        )
    if fw.end is not None and m.start.earliest >= fw.end.earliest:
        raise InvalidFactError(
            N_("{country} cannot join {framework} on {start}: it ended on {ended}"),
            country=m.country,
            framework=fw.id,
            start=m.start.isoformat(),
            ended=fw.end.isoformat(),
        )
    if m.end_cause is not None and m.end is None:
        raise InvalidFactError(
            N_("an end cause ('{cause}') needs an end date"), cause=m.end_cause.value
        )
    _need_source(m.sources)
    for other in reg.by_country.get(m.country, ()):
        if other.framework != m.framework or (replacing is not None and other.id == replacing):
            continue
        if other.interval.overlaps(interval):
            end = other.end.isoformat() if other.end else "…"
            raise ConflictError(
                N_(
                    "{country} is already recorded in {framework} from {start} to {end}; "
                    "a new interval must not overlap it (end the existing one first)"
                ),
                country=m.country,
                framework=m.framework,
                start=other.start.isoformat(),
                end=end,
            )


def normalise_event(e: AccessionEvent) -> AccessionEvent:
    """``e`` with canonical country and Ally codes (or an error)."""
    ally = normalise_code(e.ally) if e.ally else None
    return replace(e, country=normalise_code(e.country), ally=ally)


def check_event(
    reg: Registry, e: AccessionEvent, today: date, replacing: int | None = None
) -> None:
    """Raise unless the accession event ``e`` can join ``reg``.

    A ratification names the ratifying Ally, which must have been an Ally that day;
    other stages name none. Dates are not in the future; a source is given; the
    same step is not recorded twice.
    """
    e = normalise_event(e)
    if e.stage is Stage.RATIFIED and e.ally is None:
        raise InvalidFactError(
            N_("a ratification must name the ratifying Ally (an alpha-3 code such as 'CAN')")
        )
    if e.stage is not Stage.RATIFIED and e.ally is not None:
        raise InvalidFactError(
            N_("only a ratification names an Ally; stage '{stage}' does not"), stage=e.stage.value
        )
    _not_future(e.date, today, N_("event date"))
    _need_source(e.sources)
    if e.ally is not None:
        allies = {x.country for x in members_on(reg, "nato", e.date.earliest)}
        if e.ally not in allies:
            raise InvalidFactError(
                N_("{ally} was not an Ally on {date}, so it could not ratify"),
                ally=e.ally,
                date=e.date.isoformat(),
            )
    for other in reg.events_by_country.get(e.country, ()):
        if replacing is not None and other.id == replacing:
            continue
        same_step = other.stage is e.stage and other.ally == e.ally
        if same_step and (e.stage is Stage.RATIFIED or other.date == e.date):
            raise ConflictError(
                N_("{country}: step '{stage}' {ally} is already recorded on {date}"),
                country=e.country,
                stage=e.stage.value,
                ally=e.ally or "",
                date=other.date.isoformat(),
            )


def check_framework_event(reg: Registry, e: FrameworkEvent, today: date) -> None:
    """Raise unless ``e`` can join ``reg``: a known framework that existed on the event's
    date, a date not in the future, and a source."""
    fw = reg.framework(e.framework)
    _not_future(e.date, today, N_("event date"))
    if not fw.lifetime.contains(e.date.earliest):
        raise InvalidFactError(
            N_("{framework} did not exist on {date}; it lasted from {start} to {end}"),
            framework=fw.id,
            date=e.date.isoformat(),
            start=fw.start.isoformat(),
            end=fw.end.isoformat() if fw.end else "…",
        )
    _need_source(e.sources)

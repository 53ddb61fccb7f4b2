"""Accession cases: the stage each aspirant had reached on a date, and ratification progress.

The stage is derived from dated events, never stored. Progress counts the Allies
that had ratified the country's accession protocol against the Allies that signed
it (every Ally on the date the protocol was signed).

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> reg = load_embedded_registry()
    >>> stage_on(reg, "ALB", date(2008, 4, 3))
    <Stage.INVITED: 'invited'>
    >>> p = ratification_progress(reg, "ALB", date(2009, 4, 1))
    >>> (len(p.ratified), p.required_count)
    (26, 26)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bucarest.core.countries import normalise_code
from bucarest.core.dates import PartialDate
from bucarest.core.errors import N_, NotFoundError
from bucarest.registry.domain.model import AccessionEvent, Registry, Stage
from bucarest.registry.domain.queries import members_on

__all__ = [
    "AccessionStatus",
    "PipelineStep",
    "RatificationProgress",
    "StepState",
    "accession_status",
    "aspirants_by_stage",
    "pipeline_on",
    "ratification_progress",
    "stage_on",
]


def _events(reg: Registry, code: str) -> tuple[AccessionEvent, ...]:
    key = normalise_code(code)
    events = reg.events_by_country.get(key)
    if events is None:
        raise NotFoundError(
            N_("no accession case for '{country}'; cases exist for {known}"),
            country=key,
            known=", ".join(sorted(reg.events_by_country)),
        )
    return events


def stage_on(reg: Registry, code: str, day: date) -> Stage | None:
    """The furthest stage reached by ``day``, or ``None`` before the first event.

    An event known only to the month or year counts from the first day of its period.
    """
    reached = [e.stage for e in _events(reg, code) if e.date.earliest <= day]
    return max(reached, key=lambda s: s.rank) if reached else None


#: Stages reached only once every Ally has ratified: the protocol has entered into force.
_IN_FORCE = frozenset({Stage.INVITED_TO_ACCEDE, Stage.DEPOSITED, Stage.MEMBER})


@dataclass(frozen=True)
class RatificationProgress:
    """Allies that had ratified a protocol by a date, against those that must.

    ``required`` is every Ally on the day (or, once the country has joined, on the
    eve of its accession), so an Ally that joins while ratification is under way is
    counted, as the Alliance counts it (Finland for Sweden's protocol). ``dated``
    holds ratifications recorded with a date; ``inferred`` the Allies whose
    ratification has no date in the data but is certain because the protocol had
    entered into force (the country was invited to accede, deposited or joined).
    ``required`` is empty when the protocol had not been signed by that date.
    """

    country: str
    dated: tuple[str, ...]
    inferred: tuple[str, ...]
    required: tuple[str, ...]
    protocol_signed: date | None

    @property
    def ratified(self) -> tuple[str, ...]:
        """Every Ally known to have ratified, dated or inferred, in code order."""
        return tuple(sorted(self.dated + self.inferred))

    @property
    def required_count(self) -> int:
        """N in "n of N Allies have ratified"."""
        return len(self.required)

    @property
    def share(self) -> float:
        """Ratified share in [0, 1] (0 before signature)."""
        return len(self.ratified) / len(self.required) if self.required else 0.0

    @property
    def outstanding(self) -> tuple[str, ...]:
        """Allies not known to have ratified."""
        done = set(self.ratified)
        return tuple(a for a in self.required if a not in done)


def ratification_progress(reg: Registry, code: str, day: date) -> RatificationProgress:
    """Count "n of N Allies have ratified" ``code``'s accession protocol on ``day``.

    A ratification known only to the month or year counts from the first day of
    its period.
    """
    events = _events(reg, code)
    key = events[0].country
    signed = [e.date.earliest for e in events if e.stage is Stage.PROTOCOL_SIGNED]
    if not signed or signed[0] > day:
        return RatificationProgress(key, (), (), (), None)
    joined = [e.date.earliest for e in events if e.stage is Stage.MEMBER]
    roll_call = min(day, joined[0] - timedelta(days=1)) if joined else day
    required = tuple(m.country for m in members_on(reg, "nato", roll_call) if m.country != key)
    dated = sorted(
        {
            e.ally
            for e in events
            if e.stage is Stage.RATIFIED
            and e.ally is not None
            and e.ally in required
            and e.date.earliest <= day
        }
    )
    inferred: tuple[str, ...] = ()
    if stage_on(reg, code, day) in _IN_FORCE:
        inferred = tuple(a for a in required if a not in set(dated))
    return RatificationProgress(key, tuple(dated), inferred, required, signed[0])


@dataclass(frozen=True)
class AccessionStatus:
    """A case on a date: the stage reached, the events so far, and ratification progress."""

    country: str
    on: date
    stage: Stage | None
    events: tuple[AccessionEvent, ...]
    progress: RatificationProgress


def accession_status(reg: Registry, code: str, day: date) -> AccessionStatus:
    """Everything about ``code``'s accession as it stood on ``day``."""
    events = _events(reg, code)
    return AccessionStatus(
        events[0].country,
        day,
        stage_on(reg, code, day),
        tuple(e for e in events if e.date.earliest <= day),
        ratification_progress(reg, code, day),
    )


def aspirants_by_stage(reg: Registry, day: date) -> dict[Stage, tuple[str, ...]]:
    """Countries with an open accession case on ``day``, grouped by stage.

    Countries that had already become members are left out.
    """
    groups: dict[Stage, list[str]] = {}
    for code in sorted(reg.events_by_country):
        stage = stage_on(reg, code, day)
        if stage is None or stage is Stage.MEMBER:
            continue
        groups.setdefault(stage, []).append(code)
    return {s: tuple(groups[s]) for s in Stage if s in groups}


class StepState(StrEnum):
    """Where one stage of a case stood on a date."""

    DONE = "done"  # reached, and dated on or before the date
    CURRENT = "current"  # the furthest stage reached on the date
    SKIPPED = "skipped"  # an optional early step (intensified dialogue, MAP) the case went without
    UNRECORDED = "unrecorded"  # passed (every accession does), but the data has no date for it
    PENDING = "pending"  # not reached on the date (what came later is not shown)


@dataclass(frozen=True)
class PipelineStep:
    """One stage of an accession case on a date: its dates, its count and its state."""

    stage: Stage
    first: PartialDate | None
    last: PartialDate | None
    count: int
    state: StepState


def pipeline_on(reg: Registry, code: str, day: date) -> tuple[PipelineStep, ...]:
    """Every stage of ``code``'s case in order, with where each stood on ``day``.

    Only what was known on ``day`` counts: a step dated after it is pending, with no date,
    and a stage counts only the events dated on or before ``day``.

    >>> from bucarest.registry.data import load_embedded_registry
    >>> steps = pipeline_on(load_embedded_registry(), "ALB", date(2008, 4, 3))
    >>> [s.state.value for s in steps][:3]
    ['skipped', 'done', 'current']
    """
    events = _events(reg, code)
    reached = stage_on(reg, code, day)
    rank = reached.rank if reached is not None else -1
    steps: list[PipelineStep] = []
    for stage in Stage:
        dates = sorted(e.date for e in events if e.stage is stage and e.date.earliest <= day)
        if stage.rank == rank:
            state = StepState.CURRENT
        elif stage.rank < rank:
            if dates:
                state = StepState.DONE
            elif stage.rank >= Stage.INVITED.rank:
                state = StepState.UNRECORDED
            else:
                state = StepState.SKIPPED
        else:
            state = StepState.PENDING
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        steps.append(PipelineStep(stage, first, last, len(dates), state))
    return tuple(steps)

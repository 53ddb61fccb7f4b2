"""Operations (ISAF, KFOR, NTM-I, support to the African Union) and national contributions.

Strengths are published at dated points; the strength on a date is the latest
point on or before it. A point's published total may differ from the sum of the
nations it lists: the difference is shown as "other", never spread over nations.

Example::

    >>> m = Mission("isaf", "ISAF", "FIAS", "ISAF", "FIAS", date(2001, 12, 20), None, None, (), None)
    >>> p = ContributionPoint("isaf", date(2008, 6, 3), 100, 2, None, {"USA": 60, "GBR": 30})
    >>> forces_on((p,), "isaf", date(2008, 7, 1)).other
    10
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bucarest.core.errors import N_, NotFoundError
from bucarest.core.provenance import Provenance
from bucarest.ledger.domain.model import text_in

__all__ = [
    "ContributionPoint",
    "Forces",
    "Mandate",
    "Mission",
    "Pledge",
    "StrengthState",
    "forces_on",
    "forces_series",
    "pledges_on",
    "strength_on",
]


@dataclass(frozen=True)
class Mandate:
    """A UN Security Council resolution (or other act) mandating a mission."""

    resolution: str
    on: date
    url: str | None = None


@dataclass(frozen=True)
class Mission:
    """An operation with its lifetime and mandates."""

    id: str
    name_en: str
    name_fr: str
    short_en: str
    short_fr: str
    start: date
    end: date | None
    nato_lead_from: date | None
    mandates: tuple[Mandate, ...]
    provenance: Provenance | None
    note: str = ""
    note_fr: str = ""

    def note_in(self, lang: str) -> str:
        """The note in ``lang``."""
        return text_in(self.note, self.note_fr, lang)

    def name(self, lang: str) -> str:
        """Full name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en

    def short(self, lang: str) -> str:
        """Acronym in ``lang``."""
        return self.short_fr if lang == "fr" else self.short_en


@dataclass(frozen=True)
class ContributionPoint:
    """Published strengths of a mission on a date: the total and per-nation figures."""

    mission: str
    on: date
    total: int
    nations_count: int | None
    provenance: Provenance | None
    figures: dict[str, int] = field(default_factory=dict)
    note: str = ""
    note_fr: str = ""

    def note_in(self, lang: str) -> str:
        """The note in ``lang``."""
        return text_in(self.note, self.note_fr, lang)


class StrengthState(StrEnum):
    """What can be said of a mission's strength on a date."""

    #: Figures published on or before the date are in force.
    PUBLISHED = "published"
    #: No figure was published on or before the date.
    NONE = "none"
    #: The operation had ended by the date; the point, if any, is the last one published.
    ENDED = "ended"


@dataclass(frozen=True)
class Forces:
    """A mission's strength on a date, from the latest published point."""

    mission: str
    on: date
    point: ContributionPoint | None
    by_nation: tuple[tuple[str, int], ...]
    other: int
    #: The mission's last day, when it had ended by ``on`` (set by :func:`strength_on`).
    ended_on: date | None = None

    @property
    def total(self) -> int:
        """The published total (0 before the first point)."""
        return self.point.total if self.point else 0

    @property
    def state(self) -> StrengthState:
        """Whether a published strength is in force on the date, none yet, or the end."""
        if self.ended_on is not None:
            return StrengthState.ENDED
        return StrengthState.PUBLISHED if self.point is not None else StrengthState.NONE


def forces_on(points: tuple[ContributionPoint, ...], mission: str, on: date) -> Forces:
    """The strength of ``mission`` on ``on``, largest contributors first."""
    mine = [p for p in points if p.mission == mission]
    if not mine:
        raise NotFoundError(
            N_("no contributions recorded for operation '{mission}'; known: {known}"),
            mission=mission,
            known=", ".join(sorted({p.mission for p in points})),
        )
    known = [p for p in mine if p.on <= on]
    if not known:
        return Forces(mission, on, None, (), 0)
    point = max(known, key=lambda p: p.on)
    rows = tuple(sorted(point.figures.items(), key=lambda kv: (-kv[1], kv[0])))
    return Forces(mission, on, point, rows, point.total - sum(point.figures.values()))


def strength_on(mission: Mission, points: tuple[ContributionPoint, ...], on: date) -> Forces:
    """What may be said of ``mission``'s strength on ``on``, from figures published on or
    before it only: the figures in force, none yet, or (after its last day) that it ended,
    with the last figures it had published.

    >>> m = Mission("x", "X", "X", "X", "X", date(2001, 1, 1), date(2004, 12, 31), None, (), "s")
    >>> p = ContributionPoint("x", date(2003, 6, 1), 100, None, "s")
    >>> [strength_on(m, (p,), d).state.value for d in (date(2002, 1, 1), date(2004, 12, 31),
    ...                                                date(2005, 1, 1))]
    ['none', 'published', 'ended']
    """
    mine = tuple(p for p in points if p.mission == mission.id)
    if not mine:
        f = Forces(mission.id, on, None, (), 0)
    else:
        f = forces_on(mine, mission.id, on)
    if mission.end is not None and on > mission.end:
        last = forces_on(mine, mission.id, mission.end) if mine else f
        return Forces(mission.id, on, last.point, last.by_nation, last.other, mission.end)
    return f


def forces_series(points: tuple[ContributionPoint, ...], mission: str) -> tuple[Forces, ...]:
    """Every published point of ``mission``, in date order (for the stacked chart)."""
    mine = sorted((p for p in points if p.mission == mission), key=lambda p: p.on)
    return tuple(forces_on(points, mission, p.on) for p in mine)


@dataclass(frozen=True)
class Pledge:
    """A nation's pledge of forces to a mission, against a stated requirement if any."""

    mission: str
    on: date
    nation: str
    pledged: int
    description: str
    provenance: Provenance | None
    requirement: int | None = None
    note: str = ""
    description_fr: str = ""
    note_fr: str = ""

    def description_in(self, lang: str) -> str:
        """The description in ``lang``."""
        return text_in(self.description, self.description_fr, lang)

    def note_in(self, lang: str) -> str:
        """The note in ``lang``."""
        return text_in(self.note, self.note_fr, lang)


def pledges_on(pledges: tuple[Pledge, ...], mission: str, on: date) -> tuple[Pledge, ...]:
    """Pledges to ``mission`` made on or before ``on``, in date order."""
    return tuple(sorted((p for p in pledges if p.mission == mission and p.on <= on),
                        key=lambda p: (p.on, p.nation)))  # fmt: skip

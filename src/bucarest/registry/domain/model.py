"""Domain values of the registry: frameworks, membership intervals and accession events.

Every value is a frozen dataclass; a :class:`Registry` bundles one consistent set
of facts, and the query functions in :mod:`bucarest.registry.domain.queries` and
:mod:`bucarest.registry.domain.accession` read it.

Example::

    >>> from bucarest.core.dates import parse_partial_date as d
    >>> m = Membership("MLT", "pfp", Status.PARTNER, d("1995-04-26"), d("1996-10-27"),
    ...                EndCause.SUSPENDED, user_citations(["https://www.nato.int/"]))
    >>> m.interval.contains(date(1996, 1, 1))
    True
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from bucarest.core.dates import Interval, PartialDate
from bucarest.core.errors import UnknownFrameworkError
from bucarest.core.provenance import Citation, Confidence, Provenance

__all__ = [
    "FIRST_DAY",
    "USER_ENTERED",
    "AccessionEvent",
    "EndCause",
    "Framework",
    "FrameworkEvent",
    "FrameworkEventKind",
    "FrameworkKind",
    "FrameworkState",
    "Membership",
    "Registry",
    "Stage",
    "Status",
    "user_citation",
    "user_citations",
]

#: Issuer of a citation typed by a user as free text (pages show it translated).
USER_ENTERED = "user-entered"


def user_citation(text: str) -> Citation:
    """The citation a user's free-text source stands for.

    A link becomes a citation issued by its site (``nato.int``) with the link as title;
    any other text is the title of a citation whose issuer is :data:`USER_ENTERED`.

    >>> user_citation("https://www.nato.int/cps/en/natohq/topics_52044.htm").issuer
    'nato.int'
    >>> user_citation("Bucharest Summit Declaration, para. 23").issuer
    'user-entered'
    """
    text = text.strip()
    if text.startswith(("https://", "http://")) and " " not in text:
        host = text.split("/")[2].removeprefix("www.")
        return Citation(title=text, issuer=host, url=text)
    return Citation(title=text, issuer=USER_ENTERED)


def user_citations(texts: Iterable[str]) -> tuple[Citation, ...]:
    """:func:`user_citation` of each non-blank text."""
    return tuple(user_citation(t) for t in texts if t.strip())


def _in(lang: str, en: str, fr: str) -> str:
    return fr if lang == "fr" and fr else en


class FrameworkKind(StrEnum):
    """What a framework is: the Alliance itself, a partnership, or a track towards membership."""

    ALLIANCE = "alliance"
    PARTNERSHIP = "partnership"
    ASPIRANT_TRACK = "aspirant_track"


class Status(StrEnum):
    """A country's capacity in a framework."""

    MEMBER = "member"
    PARTNER = "partner"
    PARTICIPANT = "participant"


#: The status each kind of framework admits.
STATUS_FOR_KIND: dict[FrameworkKind, Status] = {
    FrameworkKind.ALLIANCE: Status.MEMBER,
    FrameworkKind.PARTNERSHIP: Status.PARTNER,
    FrameworkKind.ASPIRANT_TRACK: Status.PARTICIPANT,
}


class EndCause(StrEnum):
    """Why a membership interval ended."""

    SUSPENDED = "suspended"
    WITHDREW = "withdrew"
    BECAME_ALLY = "became_ally"
    SUPERSEDED = "superseded"
    FRAMEWORK_ENDED = "framework_ended"
    COMPLETED = "completed"


class Stage(StrEnum):
    """Steps of an accession case, in the order they normally happen."""

    INTENSIFIED_DIALOGUE = "intensified_dialogue"
    MAP = "map"
    INVITED = "invited"
    TALKS = "talks"
    PROTOCOL_SIGNED = "protocol_signed"
    RATIFIED = "ratified"
    INVITED_TO_ACCEDE = "invited_to_accede"
    DEPOSITED = "deposited"
    MEMBER = "member"

    @property
    def rank(self) -> int:
        """Position in the normal order (0 for intensified dialogue)."""
        return _STAGE_ORDER[self]


_STAGE_ORDER = {s: i for i, s in enumerate(Stage)}


class FrameworkState(StrEnum):
    """How a framework worked on a date (its lifetime aside)."""

    ACTIVE = "active"
    MEETINGS_SUSPENDED = "meetings_suspended"
    COOPERATION_SUSPENDED = "cooperation_suspended"


class FrameworkEventKind(StrEnum):
    """A dated turn in a framework's working life; most change its :class:`FrameworkState`."""

    MEETINGS_SUSPENDED = "meetings_suspended"
    MEETINGS_RESUMED = "meetings_resumed"
    MEETING = "meeting"
    COOPERATION_SUSPENDED = "cooperation_suspended"

    @property
    def state_after(self) -> FrameworkState | None:
        """The state the event opens, or ``None`` when it leaves the state as it was."""
        return _STATE_AFTER.get(self)


_STATE_AFTER = {
    FrameworkEventKind.MEETINGS_SUSPENDED: FrameworkState.MEETINGS_SUSPENDED,
    FrameworkEventKind.MEETINGS_RESUMED: FrameworkState.ACTIVE,
    FrameworkEventKind.COOPERATION_SUSPENDED: FrameworkState.COOPERATION_SUSPENDED,
}

_T = TypeVar("_T")


@dataclass(frozen=True)
class Framework:
    """A framework with a stable id (``nato``, ``pfp``…) and its own lifetime."""

    id: str
    kind: FrameworkKind
    name_en: str
    name_fr: str
    short_en: str
    short_fr: str
    start: PartialDate
    end: PartialDate | None
    sources: tuple[Citation, ...]
    note: str = ""
    #: True for the councils where every Ally of the day sits with the partners (EAPC, NRC,
    #: NUC, NGC): their Allies are derived from ``nato`` membership, never stored twice.
    allies_sit: bool = False
    confidence: Confidence = Confidence.SECONDARY
    note_fr: str = ""

    @property
    def provenance(self) -> Provenance:
        """Where the framework's dates come from."""
        return Provenance(self.sources, self.confidence)

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (the English one where no French note is recorded)."""
        return _in(lang, self.note, self.note_fr)

    @property
    def lifetime(self) -> Interval:
        """Days on which the framework existed, ``[start, end)``."""
        return Interval(self.start.earliest, self.end.earliest if self.end else None)

    def name(self, lang: str) -> str:
        """Full name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en

    def short(self, lang: str) -> str:
        """Short name (acronym) in ``lang``."""
        return self.short_fr if lang == "fr" else self.short_en


@dataclass(frozen=True)
class Membership:
    """One interval during which ``country`` belonged to ``framework``.

    A suspension and a return are two rows; rows are never edited to model history.
    """

    country: str
    framework: str
    status: Status
    start: PartialDate
    end: PartialDate | None
    end_cause: EndCause | None
    sources: tuple[Citation, ...]
    note: str = ""
    id: int | None = field(default=None, compare=False)
    confidence: Confidence = Confidence.SECONDARY
    note_fr: str = ""

    @property
    def provenance(self) -> Provenance:
        """Where the interval comes from."""
        return Provenance(self.sources, self.confidence)

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (the English one where no French note is recorded)."""
        return _in(lang, self.note, self.note_fr)

    @property
    def interval(self) -> Interval:
        """The membership as a half-open interval of days."""
        return Interval(self.start.earliest, self.end.earliest if self.end else None)

    def uncertain_on(self, day: date) -> bool:
        """True when ``day`` falls in the imprecise period of the start or end date."""
        near_start = self.start.precision != "day" and self.start.covers(day)
        near_end = self.end is not None and self.end.precision != "day" and self.end.covers(day)
        return near_start or near_end


@dataclass(frozen=True)
class AccessionEvent:
    """A dated step of a country's accession (``ally`` is set for ratifications)."""

    country: str
    stage: Stage
    date: PartialDate
    sources: tuple[Citation, ...]
    ally: str | None = None
    note: str = ""
    id: int | None = field(default=None, compare=False)
    confidence: Confidence = Confidence.SECONDARY
    note_fr: str = ""

    @property
    def provenance(self) -> Provenance:
        """Where the step comes from."""
        return Provenance(self.sources, self.confidence)

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (the English one where no French note is recorded)."""
        return _in(lang, self.note, self.note_fr)


@dataclass(frozen=True)
class FrameworkEvent:
    """A dated turn in a framework's working life (a suspension, a resumption, a meeting)."""

    framework: str
    kind: FrameworkEventKind
    date: PartialDate
    sources: tuple[Citation, ...]
    note: str = ""
    confidence: Confidence = Confidence.SECONDARY
    note_fr: str = ""

    @property
    def provenance(self) -> Provenance:
        """Where the event comes from."""
        return Provenance(self.sources, self.confidence)

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (the English one where no French note is recorded)."""
        return _in(lang, self.note, self.note_fr)


def _grouped(
    items: Iterable[_T], key: Callable[[_T], str], order: Callable[[_T], Any]
) -> dict[str, tuple[_T, ...]]:
    groups: dict[str, list[_T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return {k: tuple(sorted(v, key=order)) for k, v in groups.items()}


@dataclass(frozen=True)
class Registry:
    """One consistent set of registry facts, indexed for fast queries."""

    frameworks: tuple[Framework, ...]
    memberships: tuple[Membership, ...]
    events: tuple[AccessionEvent, ...]
    framework_events: tuple[FrameworkEvent, ...] = ()

    @functools.cached_property
    def framework_index(self) -> dict[str, Framework]:
        """Frameworks by id."""
        return {f.id: f for f in self.frameworks}

    @functools.cached_property
    def by_framework(self) -> dict[str, tuple[Membership, ...]]:
        """Memberships grouped by framework id, ordered by start."""
        return _grouped(self.memberships, lambda m: m.framework, lambda m: (m.start, m.country))

    @functools.cached_property
    def by_country(self) -> dict[str, tuple[Membership, ...]]:
        """Memberships grouped by country, ordered by start."""
        return _grouped(self.memberships, lambda m: m.country, lambda m: (m.start, m.framework))

    @functools.cached_property
    def events_by_country(self) -> dict[str, tuple[AccessionEvent, ...]]:
        """Accession events grouped by country, ordered by date then stage."""
        return _grouped(
            self.events, lambda e: e.country, lambda e: (e.date, e.stage.rank, e.ally or "")
        )

    @functools.cached_property
    def framework_events_by_id(self) -> dict[str, tuple[FrameworkEvent, ...]]:
        """Framework events grouped by framework id, in date order."""
        return _grouped(
            self.framework_events, lambda e: e.framework, lambda e: (e.date, e.kind.value)
        )

    def framework(self, framework_id: str) -> Framework:
        """The framework with this id, or :class:`UnknownFrameworkError`."""
        try:
            return self.framework_index[framework_id.strip().lower()]
        except KeyError:
            raise UnknownFrameworkError(framework_id, tuple(self.framework_index)) from None


#: The first day the pages offer (the year of the Washington Treaty, 4 April 1949).
FIRST_DAY = date(1949, 1, 1)

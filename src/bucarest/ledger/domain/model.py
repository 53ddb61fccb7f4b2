"""Domain values of the commitments ledger.

A :class:`Commitment` is one tasking of a summit decision: what must be delivered,
by whom, by when (a date, or an event of the :class:`Calendar` such as "the 2009
summit"), with an append-only history of recorded statuses, optional quantitative
indicators and per-actor compliance assessments.

Example::

    >>> e = StatusEvent("protocols-signed", RecordedStatus.DONE, date(2008, 7, 9), "nato.int")
    >>> e.status.value
    'done'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bucarest.core.errors import N_, NotFoundError
from bucarest.core.provenance import Citation, Provenance

__all__ = [
    "ACTOR_LABELS",
    "IN_ENGLISH",
    "SHIPPED_DATA",
    "Assessment",
    "Calendar",
    "CalendarEvent",
    "Commitment",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "RecordedStatus",
    "StatusEvent",
    "Topic",
    "citation_text",
    "text_in",
]


class Topic(StrEnum):
    """What a decision is about."""

    AFGHANISTAN = "afghanistan"
    ENLARGEMENT = "enlargement"
    PARTNERSHIPS = "partnerships"
    OPERATIONS = "operations"
    MISSILE_DEFENCE = "missile_defence"
    CYBER = "cyber"
    ENERGY = "energy"
    TRANSFORMATION = "transformation"


class RecordedStatus(StrEnum):
    """A status someone records, with evidence, on a date."""

    IN_PROGRESS = "in_progress"
    DONE = "done"
    SUPERSEDED = "superseded"
    DROPPED = "dropped"


class Measure(StrEnum):
    """How an indicator is measured (after IATI's measure codes)."""

    UNIT = "unit"
    PERCENTAGE = "percentage"
    NOMINAL = "nominal"


#: Who "recorded" the history and scores that ship with the package.
SHIPPED_DATA = N_("shipped data")

#: Collective owners a commitment may name besides a country (alpha-3).
ACTOR_LABELS: dict[str, str] = {
    "allies": N_("the Allies"),
    "council": N_("the North Atlantic Council"),
    "foreign-ministers": N_("the foreign ministers"),
    "defence-ministers": N_("the defence ministers"),
    "secretary-general": N_("the Secretary General"),
    "isaf-nations": N_("the ISAF contributing nations"),
    "military-authorities": N_("the NATO Military Authorities"),
}


#: Added in French after a shipped text that has no French version (it quotes or paraphrases
#: an English source).
IN_ENGLISH = "(en anglais)"


def text_in(en: str, fr: str, lang: str, shipped: bool = True) -> str:
    """A data text in ``lang``: the French twin in French, else the English text, marked
    "(en anglais)" when it is shipped data (a user's own words are shown as written).

    >>> text_in("Done.", "", "fr"), text_in("Done.", "Fait.", "fr"), text_in("Done.", "", "en")
    ('Done. (en anglais)', 'Fait.', 'Done.')
    """
    if lang != "fr" or not en:
        return en
    if fr:
        return fr
    return f"{en} {IN_ENGLISH}" if shipped and _has_words(en) else en


def _has_words(text: str) -> bool:
    """True when ``text`` is more than a link (a bare URL needs no translation)."""
    return any(ch.isalpha() for ch in _URL.sub("", text))


_URL = re.compile(r"https?://\S+")


def citation_text(p: Provenance) -> str:
    """The citations of ``p`` as one line of evidence (issuer, title, date, link), for the
    review's evidence list and plain-text answers.

    >>> from bucarest.core.provenance import Confidence
    >>> c = Citation("Bucharest Summit Declaration", "NATO", "2008-04-03", "https://nato.int/x")
    >>> citation_text(Provenance((c,), Confidence.OFFICIAL))
    'NATO, Bucharest Summit Declaration, 2008-04-03 - https://nato.int/x'
    """
    return " ; ".join(_one_citation(c) for c in p.citations)


def _one_citation(c: Citation) -> str:
    text = f"{c.issuer}, {c.title}" + (f", {c.date}" if c.date else "")
    return f"{text} - {c.url}" if c.url else text


@dataclass(frozen=True)
class CalendarEvent:
    """A summit or ministerial meeting that a deadline may name ("the 2009 summit")."""

    id: str
    kind: str
    name_en: str
    name_fr: str
    start: date
    end: date
    provenance: Provenance | None = None

    def name(self, lang: str) -> str:
        """Name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en


@dataclass(frozen=True)
class Calendar:
    """The events deadlines refer to, by id."""

    events: tuple[CalendarEvent, ...]

    @functools.cached_property
    def index(self) -> dict[str, CalendarEvent]:
        """Events by id."""
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> CalendarEvent:
        """The event with this id, or a :class:`NotFoundError` naming the known ones."""
        try:
            return self.index[event_id]
        except KeyError:
            raise NotFoundError(
                N_("unknown calendar event '{event}'; expected one of {known}"),
                event=event_id,
                known=", ".join(sorted(self.index)),
            ) from None


@dataclass(frozen=True)
class StatusEvent:
    """A recorded status change: append-only, dated, with evidence and who recorded it."""

    commitment: str
    status: RecordedStatus
    on: date
    evidence: str
    note: str = ""
    recorded_by: str = ""
    id: int | None = field(default=None, compare=False)
    evidence_fr: str = ""
    note_fr: str = ""

    def evidence_in(self, lang: str) -> str:
        """The evidence in ``lang`` (see :func:`text_in`)."""
        return text_in(self.evidence, self.evidence_fr, lang, self.recorded_by == SHIPPED_DATA)

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (see :func:`text_in`)."""
        return text_in(self.note, self.note_fr, lang, self.recorded_by == SHIPPED_DATA)


@dataclass(frozen=True)
class IndicatorValue:
    """A target or an actual value of an indicator on a date."""

    on: date
    value: float
    source: str
    source_fr: str = ""

    def source_in(self, lang: str) -> str:
        """The source in ``lang`` (see :func:`text_in`)."""
        return text_in(self.source, self.source_fr, lang)


@dataclass(frozen=True)
class Indicator:
    """A quantitative indicator (IATI-style): direction, baseline, targets and actuals."""

    id: str
    commitment: str
    title_en: str
    title_fr: str
    measure: Measure
    ascending: bool
    unit: str
    baseline: IndicatorValue
    targets: tuple[IndicatorValue, ...]
    actuals: tuple[IndicatorValue, ...]

    def title(self, lang: str) -> str:
        """Title in ``lang``."""
        return self.title_fr if lang == "fr" else self.title_en


@dataclass(frozen=True)
class Assessment:
    """A compliance judgement of one actor on one commitment: -1, 0 or +1 with evidence."""

    commitment: str
    actor: str
    score: int
    as_of: date
    evidence: str
    recorded_by: str = ""
    id: int | None = field(default=None, compare=False)
    evidence_fr: str = ""

    def evidence_in(self, lang: str) -> str:
        """The evidence in ``lang`` (see :func:`text_in`)."""
        return text_in(self.evidence, self.evidence_fr, lang, self.recorded_by == SHIPPED_DATA)


@dataclass(frozen=True)
class Commitment:
    """A tasking of a summit decision, with its owner, deadline and history."""

    id: str
    summit: str
    document: str
    paragraph: str
    summit_section: str
    topic: Topic
    title_en: str
    title_fr: str
    text_en: str
    text_fr: str
    owners: tuple[str, ...]
    deadline: date | None
    deadline_event: str | None
    created: date
    provenance: Provenance | None
    history: tuple[StatusEvent, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    note: str = ""
    version: int = field(default=0, compare=False)
    document_fr: str = ""
    note_fr: str = ""

    def document_in(self, lang: str) -> str:
        """The document's title in ``lang``."""
        return self.document_fr if lang == "fr" and self.document_fr else self.document

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (see :func:`text_in`)."""
        return text_in(self.note, self.note_fr, lang)

    def title(self, lang: str) -> str:
        """Short title in ``lang``."""
        return self.title_fr if lang == "fr" else self.title_en

    def text(self, lang: str) -> str:
        """The decision's words in ``lang``."""
        return self.text_fr if lang == "fr" else self.text_en

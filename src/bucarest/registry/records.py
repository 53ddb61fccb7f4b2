"""Registry answers as plain JSON-ready records, in the user's language.

The CLI (table, JSON, CSV), the API and the web pages all render these same
records, so the three interfaces cannot drift apart.

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> reg = load_embedded_registry()
    >>> members_records(reg, "nato", date(1949, 8, 24), "fr")[0]["name"]
    'Belgique'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bucarest.core.countries import country_name
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Citation, Confidence
from bucarest.registry.domain.accession import AccessionStatus, aspirants_by_stage
from bucarest.registry.domain.model import (
    USER_ENTERED,
    AccessionEvent,
    Framework,
    Membership,
    Registry,
)
from bucarest.registry.domain.queries import (
    Change,
    CountryHistory,
    FrameworkStatus,
    MemberOnDate,
    framework_status_on,
    seats_on,
)
from bucarest.registry.domain.standing import CountryStanding
from bucarest.registry.labels import (
    CAPACITY_LABELS,
    CAUSE_LABELS,
    CHANGE_LABELS,
    FRAMEWORK_EVENT_LABELS,
    FRAMEWORK_STATE_LABELS,
    STAGE_LABELS,
    STANDING_LABELS,
    STATUS_LABELS,
)

__all__ = [
    "CONFIDENCE_LABELS",
    "accession_record",
    "aspirants_records",
    "change_record",
    "citations_text",
    "event_record",
    "framework_record",
    "framework_status",
    "framework_status_record",
    "history_record",
    "member_record",
    "members_records",
    "membership_record",
    "standing_record",
]


def _name(code: str, lang: str, on: date | None = None) -> str:
    """A country's name as the Alliance wrote it on ``on`` (today when not given)."""
    return country_name(code, on, lang)


#: Labels of the confidence levels (the same words as the pages' badges).
CONFIDENCE_LABELS: dict[Confidence, str] = {
    Confidence.OFFICIAL: N_("Official text"),
    Confidence.SECONDARY: N_("Secondary source"),
    Confidence.ESTIMATE: N_("Estimate"),
}


#: Issuers named in the user's language (titles stay in the language of the text).
_ISSUERS: dict[str, str] = {
    USER_ENTERED: N_("entered by a user"),
    "NATO": N_("NATO"),
    "NATO Parliamentary Assembly": N_("NATO Parliamentary Assembly"),
}


def _citation(c: Citation, lang: str) -> dict[str, str | None]:
    issuer = gettext(_ISSUERS[c.issuer], lang) if c.issuer in _ISSUERS else c.issuer
    return {"title": c.title, "issuer": issuer, "date": c.date, "url": c.url}


def _sources(citations: tuple[Citation, ...], lang: str) -> list[dict[str, str | None]]:
    return [_citation(c, lang) for c in citations]


def citations_text(citations: list[dict[str, str | None]]) -> str:
    """Citations as one line for tables: ``issuer, title, date`` separated by `` ; ``."""
    return " ; ".join(
        ", ".join(str(v) for v in (c["issuer"], c["title"], c["date"]) if v) for c in citations
    )


def framework_record(f: Framework, lang: str) -> dict[str, Any]:
    """A framework with its names in ``lang`` and its lifetime."""
    return {
        "id": f.id,
        "kind": f.kind.value,
        "name": f.name(lang),
        "short": f.short(lang),
        "start": f.start.isoformat(),
        "end": f.end.isoformat() if f.end else None,
        "allies_sit": f.allies_sit,
        "sources": _sources(f.sources, lang),
        "confidence": f.confidence.value,
        "confidence_label": gettext(CONFIDENCE_LABELS[f.confidence], lang),
        "note": f.note_in(lang),
    }


def membership_record(m: Membership, lang: str = "en", on: date | None = None) -> dict[str, Any]:
    """One membership interval, dates at their own precision; the name as on ``on``."""
    return {
        "id": m.id,
        "country": m.country,
        "name": _name(m.country, lang, on),
        "framework": m.framework,
        "status": m.status.value,
        "status_label": gettext(STATUS_LABELS[m.status], lang),
        "start": m.start.isoformat(),
        "start_precision": m.start.precision.value,
        "end": m.end.isoformat() if m.end else None,
        "end_precision": m.end.precision.value if m.end else None,
        "end_cause": m.end_cause.value if m.end_cause else None,
        "end_cause_label": gettext(CAUSE_LABELS[m.end_cause], lang) if m.end_cause else None,
        "sources": _sources(m.sources, lang),
        "confidence": m.confidence.value,
        "confidence_label": gettext(CONFIDENCE_LABELS[m.confidence], lang),
        "note": m.note_in(lang),
    }


def event_record(e: AccessionEvent, lang: str = "en", on: date | None = None) -> dict[str, Any]:
    """One accession event; the Ally's name as on ``on``."""
    return {
        "id": e.id,
        "country": e.country,
        "stage": e.stage.value,
        "stage_label": gettext(STAGE_LABELS[e.stage], lang),
        "date": e.date.isoformat(),
        "ally": e.ally,
        "ally_name": _name(e.ally, lang, on) if e.ally else None,
        "sources": _sources(e.sources, lang),
        "confidence": e.confidence.value,
        "confidence_label": gettext(CONFIDENCE_LABELS[e.confidence], lang),
        "note": e.note_in(lang),
    }


def member_record(x: MemberOnDate, lang: str, on: date | None = None) -> dict[str, Any]:
    """A member on a date: code, name (as on ``on``), since when, sources."""
    m = x.membership
    since = x.since or m.start
    return {
        "code": x.country,
        "name": _name(x.country, lang, on),
        "status": m.status.value,
        "capacity": x.capacity.value,
        "capacity_label": gettext(CAPACITY_LABELS[x.capacity], lang),
        "since": since.isoformat(),
        "until": m.end.isoformat() if m.end else None,
        "uncertain": x.uncertain,
        "sources": _sources(m.sources, lang),
        "confidence": m.confidence.value,
    }


def members_records(reg: Registry, framework_id: str, day: date, lang: str) -> list[dict[str, Any]]:
    """Everyone seated in a framework on a date (Allies first in the councils), as records."""
    return [member_record(x, lang, day) for x in seats_on(reg, framework_id, day)]


def framework_status_record(reg: Registry, st: FrameworkStatus, lang: str) -> dict[str, Any]:
    """A framework's working state on a date and its events so far."""
    fw = reg.framework(st.framework)
    return {
        "framework": fw.id,
        "short": fw.short(lang),
        "name": fw.name(lang),
        "on": st.on.isoformat(),
        "exists": st.exists,
        "state": st.state.value,
        "state_label": gettext(FRAMEWORK_STATE_LABELS[st.state], lang),
        "since": st.since.date.isoformat() if st.since else None,
        "events": [
            {
                "date": e.date.isoformat(),
                "kind": e.kind.value,
                "kind_label": gettext(FRAMEWORK_EVENT_LABELS[e.kind], lang),
                "sources": _sources(e.sources, lang),
                "confidence": e.confidence.value,
                "confidence_label": gettext(CONFIDENCE_LABELS[e.confidence], lang),
                "note": e.note_in(lang),
            }
            for e in st.events
        ],
    }


def framework_status(reg: Registry, framework_id: str, day: date, lang: str) -> dict[str, Any]:
    """:func:`framework_status_record` of ``framework_id`` on ``day``."""
    return framework_status_record(reg, framework_status_on(reg, framework_id, day), lang)


def history_record(h: CountryHistory, lang: str, on: date | None = None) -> dict[str, Any]:
    """A country's full history, names as on ``on`` (today when not given)."""
    return {
        "code": h.country,
        "name": _name(h.country, lang, on),
        "memberships": [membership_record(m, lang, on) for m in h.memberships],
        "accession": [event_record(e, lang, on) for e in h.events],
    }


def change_record(c: Change, lang: str) -> dict[str, Any]:
    """A join or a departure; the name as the Alliance wrote it on that day."""
    return {
        "date": c.date.isoformat(),
        "code": c.country,
        "name": _name(c.country, lang, c.date.earliest),
        "framework": c.framework,
        "change": c.kind.value,
        "change_label": gettext(CHANGE_LABELS[c.kind], lang),
        "cause": c.cause.value if c.cause else None,
        "cause_label": gettext(CAUSE_LABELS[c.cause], lang) if c.cause else None,
        "sources": _sources(c.membership.sources, lang),
        "confidence": c.membership.confidence.value,
    }


def accession_record(a: AccessionStatus, lang: str) -> dict[str, Any]:
    """An accession case on a date, with ratification progress."""
    p = a.progress
    return {
        "code": a.country,
        "name": _name(a.country, lang, a.on),
        "on": a.on.isoformat(),
        "stage": a.stage.value if a.stage else None,
        "stage_label": gettext(STAGE_LABELS[a.stage], lang) if a.stage else None,
        "events": [event_record(e, lang, a.on) for e in a.events],
        "ratification": {
            "protocol_signed": p.protocol_signed.isoformat() if p.protocol_signed else None,
            "ratified": len(p.ratified),
            "required": p.required_count,
            "ratified_by": list(p.ratified),
            "dated": list(p.dated),
            "inferred": list(p.inferred),
            "outstanding": list(p.outstanding),
        },
    }


def aspirants_records(reg: Registry, day: date, lang: str) -> list[dict[str, Any]]:
    """Open accession cases on a date, one record per country, ordered by stage."""
    out: list[dict[str, Any]] = []
    for stage, codes in aspirants_by_stage(reg, day).items():
        for code in codes:
            out.append(
                {
                    "code": code,
                    "name": _name(code, lang, day),
                    "stage": stage.value,
                    "stage_label": gettext(STAGE_LABELS[stage], lang),
                }
            )
    return out


def standing_record(s: CountryStanding, lang: str, on: date | None = None) -> dict[str, Any]:
    """A country's map category on a date (``on``, which also dates its name)."""
    return {
        "code": s.country,
        "name": _name(s.country, lang, on),
        "standing": s.standing.value,
        "standing_label": gettext(STANDING_LABELS[s.standing], lang),
        "frameworks": list(s.frameworks),
    }

"""Ledger answers as plain JSON-ready records in the user's language (CLI, API, web).

Example::

    >>> from bucarest.ledger.data import load_embedded_ledger
    >>> from bucarest.ledger.domain.ledger import rows_on
    >>> ledger = load_embedded_ledger()
    >>> rec = row_record(rows_on(ledger, date(2009, 4, 3))[0], "en")
    >>> {"id", "title", "deadline", "status", "progress"} <= set(rec)
    True
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bucarest.core.countries import country_name, is_country_code
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Provenance
from bucarest.ledger.domain.ledger import Ledger, LedgerRow, row_on
from bucarest.ledger.domain.model import (
    ACTOR_LABELS,
    SHIPPED_DATA,
    Assessment,
    Commitment,
    StatusEvent,
)
from bucarest.ledger.domain.operations import Forces, Mission, Pledge, StrengthState
from bucarest.ledger.domain.progress import compliance, forecast, percent_of_score, progress_on
from bucarest.ledger.labels import (
    OUTLOOK_LABELS,
    RECORDED_LABELS,
    STATUS_LABELS,
    TOPIC_LABELS,
    localized,
)

__all__ = [
    "actor_name",
    "commitment_record",
    "event_record",
    "forces_record",
    "mission_record",
    "provenance_record",
    "row_record",
    "strength_message",
]


def actor_name(actor: str, lang: str, on: date | None = None) -> str:
    """An owner or assessed actor's name: a country's (as the Alliance named it on ``on``,
    today when not given), or a collective body's."""
    if actor in ACTOR_LABELS:
        return gettext(ACTOR_LABELS[actor], lang)
    return country_name(actor, on, lang) if is_country_code(actor) else actor


def provenance_record(p: Provenance | None, lang: str = "en") -> dict[str, Any]:
    """A fact's sources (title, issuer, date, url) and confidence (official, secondary,
    estimate), as the answers give them; none when a record predates provenance."""
    p = localized(p, lang)
    if p is None:
        return {"sources": [], "confidence": None}
    return {
        "sources": [{"title": c.title, "issuer": c.issuer, "date": c.date, "url": c.url}
                    for c in p.citations],
        "confidence": p.confidence.value,
    }  # fmt: skip


def row_record(r: LedgerRow, lang: str) -> dict[str, Any]:
    """A commitment on a date, for lists and dashboards."""
    c = r.commitment
    return {
        "id": c.id,
        "title": c.title(lang),
        "summit": c.summit,
        "topic": c.topic.value,
        "topic_label": gettext(TOPIC_LABELS[c.topic], lang),
        "owners": list(c.owners),
        "owner_names": [actor_name(o, lang, r.on) for o in c.owners],
        "deadline": r.deadline.isoformat() if r.deadline else None,
        "deadline_event": c.deadline_event,
        "status": r.status.value,
        "status_label": gettext(STATUS_LABELS[r.status], lang),
        "progress": None if r.progress is None else round(r.progress, 4),
        "outlook": r.outlook.value,
        "outlook_label": gettext(OUTLOOK_LABELS[r.outlook], lang),
        "as_of": r.on.isoformat(),
        "version": c.version,
    }


def event_record(e: StatusEvent, lang: str) -> dict[str, Any]:
    """One recorded status change."""
    return {
        "id": e.id,
        "status": e.status.value,
        "status_label": gettext(RECORDED_LABELS[e.status], lang),
        "on": e.on.isoformat(),
        "evidence": e.evidence_in(lang),
        "note": e.note_in(lang),
        "recorded_by": gettext(e.recorded_by, lang)
        if e.recorded_by == SHIPPED_DATA
        else e.recorded_by,
    }


def _assessment(a: Assessment, lang: str, on: date) -> dict[str, Any]:
    return {
        "id": a.id,
        "actor": a.actor,
        "actor_name": actor_name(a.actor, lang, on),
        "score": a.score,
        "as_of": a.as_of.isoformat(),
        "evidence": a.evidence_in(lang),
        "recorded_by": gettext(a.recorded_by, lang)
        if a.recorded_by == SHIPPED_DATA
        else a.recorded_by,
    }


def commitment_record(ledger: Ledger, c: Commitment, on: date, lang: str) -> dict[str, Any]:
    """Everything about one commitment as it stood on ``on``: text, history, indicators,
    compliance."""
    row = row_on(ledger, c, on)
    indicators = []
    for i in c.indicators:
        p = progress_on(i, on)
        f = forecast(i, on, row.deadline) if row.deadline else None
        indicators.append({
            "id": i.id, "title": i.title(lang), "measure": i.measure.value,
            "ascending": i.ascending, "unit": i.unit,
            "baseline": {"on": i.baseline.on.isoformat(), "value": i.baseline.value,
                         "source": i.baseline.source_in(lang)},
            "targets": [{"on": t.on.isoformat(), "value": t.value, "source": t.source_in(lang)}
                        for t in i.targets],
            "actuals": [{"on": a.on.isoformat(), "value": a.value, "source": a.source_in(lang)}
                        for a in i.actuals if a.on <= on],
            "share": p.share,
            "forecast": None if f is None else {
                "projected_value": f.projected_value, "projected_share": f.projected_share,
                "outlook": f.outlook.value,
                "outlook_label": gettext(OUTLOOK_LABELS[f.outlook], lang)},
        })  # fmt: skip
    comp = compliance(list(c.assessments), on)
    return {
        **row_record(row, lang),
        "document": c.document_in(lang),
        "paragraph": c.paragraph,
        "summit_section": c.summit_section,
        "text_en": c.text_en,
        "text_fr": c.text_fr,
        "created": c.created.isoformat(),
        **provenance_record(c.provenance, lang),
        "note": c.note_in(lang),
        "history": [event_record(e, lang) for e in c.history if e.on <= on],
        "indicators": indicators,
        "assessments": [_assessment(a, lang, on) for a in c.assessments if a.as_of <= on],
        "compliance": {
            "average": comp.overall,
            "percent": None if comp.overall is None else percent_of_score(comp.overall),
            "by_actor": {k: percent_of_score(v) for k, v in comp.by_actor.items()},
            "count": comp.count,
        },
    }


def mission_record(m: Mission, lang: str) -> dict[str, Any]:
    """An operation with its mandates."""
    return {
        "id": m.id,
        "name": m.name(lang),
        "short": m.short(lang),
        "start": m.start.isoformat(),
        "end": m.end.isoformat() if m.end else None,
        "nato_lead_from": m.nato_lead_from.isoformat() if m.nato_lead_from else None,
        "mandates": [
            {"resolution": x.resolution, "on": x.on.isoformat(), "url": x.url} for x in m.mandates
        ],
        **provenance_record(m.provenance, lang),
        "note": m.note_in(lang),
    }


def strength_message(f: Forces, lang: str) -> str:
    """One line for a date on which no strength is in force ("" when one is)."""
    state = f.state
    if state is StrengthState.NONE:
        return gettext(N_("No figure published on or before this date"), lang)
    if state is StrengthState.ENDED and f.ended_on is not None:
        if f.point is None:
            return gettext(N_("Operation ended on {end}; no figure was published"), lang).format(
                end=f.ended_on.isoformat()
            )
        return gettext(N_("Operation ended on {end}; last figures from {day}"), lang).format(
            end=f.ended_on.isoformat(), day=f.point.on.isoformat()
        )
    return ""


def forces_record(
    f: Forces, mission: Mission, pledges: tuple[Pledge, ...], lang: str
) -> dict[str, Any]:
    """A mission's strength on a date, per nation, with "other" and the pledges so far.

    ``state`` says whether figures are in force on the date (``published``), none had been
    published by then (``none``: no total, never 0), or the operation had ended
    (``ended``: no total; ``last_published`` is the day of its last figures); ``message``
    says so in ``lang`` when no strength is in force.
    """
    p = f.point
    state = f.state
    in_force = state is StrengthState.PUBLISHED
    return {
        "mission": mission.id,
        "mission_name": mission.name(lang),
        "on": f.on.isoformat(),
        "state": state.value,
        "ended_on": f.ended_on.isoformat() if f.ended_on else None,
        "last_published": p.on.isoformat() if p else None,
        "message": strength_message(f, lang),
        "as_published": p.on.isoformat() if p and in_force else None,
        "total": f.total if in_force else None,
        "nations_count": p.nations_count if p and in_force else None,
        **provenance_record(p.provenance if p and in_force else None, lang),
        "note": p.note_in(lang) if p and in_force else "",
        "nations": [
            {"code": code, "name": country_name(code, f.on, lang), "strength": n}
            for code, n in f.by_nation
        ]
        if in_force
        else [],
        "other": f.other if in_force else 0,
        "pledges": [
            {
                "on": g.on.isoformat(),
                "nation": g.nation,
                "name": country_name(g.nation, f.on, lang),
                "pledged": g.pledged,
                "description": g.description_in(lang),
                "requirement": g.requirement,
                **provenance_record(g.provenance, lang),
                "note": g.note_in(lang),
            }
            for g in pledges
        ],  # fmt: skip
    }

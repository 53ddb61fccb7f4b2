"""The progress review for the next summit, as a self-contained HTML file or as Markdown.

:func:`render_review` turns a :class:`~bucarest.ledger.domain.review.Review` into a document
in English or French: a title block, a summary by derived status, one section per topic
(each commitment with its owners, deadline, status, progress, outlook, the decision's words
and its latest evidence, and its indicator charts), force levels per mission, compliance
per actor and per commitment, and the numbered evidence list. The HTML carries its own
stylesheet (with a print layout for A4) and inline SVG charts: it loads nothing. The output
depends only on the review and the ledger, so the same inputs give the same bytes.

Example::

    >>> from bucarest.ledger.data import load_embedded_ledger
    >>> from bucarest.ledger.domain.review import build_review
    >>> ledger = load_embedded_ledger()
    >>> review = build_review(ledger, "bucharest-2008", date(2009, 4, 3))
    >>> html = render_review(review, ledger, "fr", ReportFormat.HTML)
    >>> html.startswith("<!doctype html>") and '<html lang="fr">' in html
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bucarest.core.errors import N_
from bucarest.core.i18n import check_lang, gettext
from bucarest.core.provenance import Provenance
from bucarest.ledger.charts import (
    STATUS_COLOURS,
    ForcesChart,
    forces_chart,
    indicator_chart,
    progress_percent,
)
from bucarest.ledger.domain.ledger import Ledger, LedgerRow
from bucarest.ledger.domain.model import (
    IN_ENGLISH,
    Calendar,
    CalendarEvent,
    RecordedStatus,
    citation_text,
)
from bucarest.ledger.domain.progress import percent_of_score
from bucarest.ledger.domain.review import IndicatorReview, Review
from bucarest.ledger.domain.status import DUE_WINDOW_DAYS, LedgerStatus
from bucarest.ledger.labels import (
    OUTLOOK_LABELS,
    RECORDED_LABELS,
    STATUS_LABELS,
    TOPIC_LABELS,
    confidence_label,
    localized,
)
from bucarest.ledger.records import actor_name
from bucarest.ledger.rendering import environment
from bucarest.reports.formatting import long_date, number, percent

__all__ = ["REVIEW_STATUSES", "ReportFormat", "date_range", "next_summit", "render_review"]


class ReportFormat(StrEnum):
    """The review's file formats."""

    HTML = "html"
    MARKDOWN = "md"


_TEMPLATES = {ReportFormat.HTML: "ledger/review.html", ReportFormat.MARKDOWN: "ledger/review.md"}

#: Statuses a review can show (a commitment not yet decided on the date is not reviewed).
REVIEW_STATUSES: tuple[LedgerStatus, ...] = tuple(
    s for s in LedgerStatus if s is not LedgerStatus.NOT_YET_DECIDED
)


def date_range(start: date, end: date, lang: str) -> str:
    """Days written out, sharing month and year when they can ("3–4 April 2009")."""
    if start == end:
        return long_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end, lang)}"
    return f"{long_date(start, lang)} – {long_date(end, lang)}"


def next_summit(calendar: Calendar, summit: str, as_of: date) -> CalendarEvent | None:
    """The first summit after the reviewed one that is not over on ``as_of``."""
    reviewed = calendar.index.get(summit)
    later = [
        e
        for e in calendar.events
        if e.kind == "summit"
        and e.end >= as_of
        and e.id != summit
        and (reviewed is None or e.start > reviewed.end)
    ]
    return min(later, key=lambda e: e.start) if later else None


# --- the evidence register -------------------------------------------------------------------


#: How many uses of one piece of evidence the list names (a shared source may back hundreds).
_CITED_FOR_SHOWN = 5


@dataclass
class _Register:
    """Evidence numbered by first citation; each number lists what it was cited for."""

    numbers: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, evidence: str, cited_for: str, confidence: str = "") -> int:
        key = evidence.strip()
        n = self.numbers.get(key)
        if n is None:
            n = len(self.items) + 1
            self.numbers[key] = n
            self.items.append(
                {"number": n, "text": key, "cited_for": [], "more": 0, "confidence": confidence}
            )
        item = self.items[n - 1]
        uses: list[str] = item["cited_for"]
        if cited_for not in uses:
            if len(uses) < _CITED_FOR_SHOWN:
                uses.append(cited_for)
            else:
                item["more"] += 1
        return n


def _cited(p: Provenance, lang: str) -> str:
    """Citations as an evidence line; in French, marked as English texts (their titles are)."""
    text = citation_text(localized(p, lang) or p)
    return f"{text} {IN_ENGLISH}" if lang == "fr" else text


# --- the view model --------------------------------------------------------------------------


def _deadline_text(row: LedgerRow, calendar: Calendar, lang: str) -> str:
    if row.deadline is None:
        return gettext(N_("no deadline"), lang)
    event = row.commitment.deadline_event
    if event and event in calendar.index:
        return f"{calendar.index[event].name(lang)} ({row.deadline.isoformat()})"
    return row.deadline.isoformat()


def _indicator_view(
    ir: IndicatorReview, row: LedgerRow, as_of: date, lang: str, charts: bool
) -> dict[str, Any]:
    ind = ir.indicator
    unit = f" {ind.unit}" if ind.unit else ""

    def value(v: float) -> str:
        return number(v, lang, 0 if float(v).is_integer() or abs(v) >= 100 else 1) + unit

    actual = ir.progress.actual
    target = ir.progress.target
    fc = ir.forecast
    return {
        "id": ind.id,
        "title": ind.title(lang),
        "baseline": f"{value(ind.baseline.value)} ({ind.baseline.on.isoformat()})",
        "actual": f"{value(actual.value)} ({actual.on.isoformat()})" if actual else "—",
        "target": f"{value(target.value)} ({target.on.isoformat()})" if target else "—",
        "share_label": percent(ir.progress.share, lang) if ir.progress.share is not None else "—",
        "forecast": (
            f"{value(fc.projected_value)} · {gettext(OUTLOOK_LABELS[fc.outlook], lang)}"
            if fc is not None and fc.projected_value is not None
            else gettext(OUTLOOK_LABELS[fc.outlook], lang)
            if fc is not None
            else "—"
        ),
        "chart": indicator_chart(ind, as_of, row.deadline, fc, lang) if charts else None,
    }


def _forces_table(chart: ForcesChart, lang: str) -> dict[str, Any]:
    """The chart's numbers as a table: one row per published point, a column per nation."""
    keys: list[tuple[str, str]] = []
    for bar in chart.bars:
        for s in bar.segments:
            if s.key != "unbroken" and (s.key, s.label) not in keys:
                keys.append((s.key, s.label))
    others = [k for k in keys if k[0] == "other"]
    columns = [k for k in keys if k[0] != "other"] + others
    rows = []
    for bar in chart.bars:
        values = {s.key: s.value for s in bar.segments}
        rows.append(
            {
                "on": bar.on.isoformat(),
                "cells": [number(values[k], lang) if k in values else "—" for k, _ in columns],
                "total": bar.total_label,
                "current": bar.current,
            }
        )
    return {"columns": [label for _, label in columns], "rows": rows}


def _context(review: Review, ledger: Ledger, lang: str, fmt: ReportFormat) -> dict[str, Any]:
    """Everything the templates show, in reading order; evidence numbered as first cited."""
    _ = gettext
    calendar = ledger.calendar
    charts = fmt is ReportFormat.HTML
    register = _Register()
    reviewed = calendar.index.get(review.summit)
    upcoming = next_summit(calendar, review.summit, review.as_of)
    total = len(review.rows)
    status_label = {s: _(STATUS_LABELS[s], lang) for s in LedgerStatus}
    recorded_label = {s: _(RECORDED_LABELS[s], lang) for s in RecordedStatus}
    decision_label = _(N_("decision"), lang)
    compliance_label = _(N_("compliance"), lang)
    forces_label = _(N_("force levels"), lang)
    by_commitment: dict[str, list[IndicatorReview]] = {}
    for ir in review.indicators:
        by_commitment.setdefault(ir.commitment, []).append(ir)

    summary = [
        {
            "status": s.value,
            "label": status_label[s],
            "count": review.counts.get(s, 0),
            "share": percent(review.counts.get(s, 0) / total, lang) if total else "—",
            "bar": round(review.counts.get(s, 0) / total * 100) if total else 0,
        }
        for s in REVIEW_STATUSES
    ]
    present = [s for s in REVIEW_STATUSES if review.counts.get(s, 0)]
    topics = [
        {
            "topic": sec.topic.value,
            "label": _(TOPIC_LABELS[sec.topic], lang),
            "total": len(sec.rows),
            "cells": [sec.counts.get(s, 0) for s in present],
        }
        for sec in review.sections
    ]

    sections = []
    titles: dict[str, str] = {}
    for sec in review.sections:
        entries = []
        for row in sec.rows:
            c = row.commitment
            title = c.title(lang)
            titles[c.id] = title
            refs = [
                register.cite(
                    _cited(c.provenance, lang) if c.provenance else c.document_in(lang),
                    f"{title} — {decision_label}",
                    confidence_label(c.provenance, lang),
                )
            ]
            latest = None
            for e in c.history:
                if e.on > review.as_of:
                    break
                what = f"{title} — {recorded_label[e.status]} ({e.on.isoformat()})"
                n = register.cite(e.evidence_in(lang), what)
                if n not in refs:
                    refs.append(n)
                latest = {
                    "on": e.on.isoformat(),
                    "what": recorded_label[e.status],
                    "number": n,
                    "note": e.note_in(lang),
                }
            for a in c.assessments:
                if a.as_of <= review.as_of:
                    what = (
                        f"{title} — {compliance_label}: {actor_name(a.actor, lang, review.as_of)}"
                    )
                    n = register.cite(a.evidence_in(lang), what)
                    if n not in refs:
                        refs.append(n)
            if latest is None:
                latest = {"on": c.created.isoformat(), "what": decision_label,
                          "number": refs[0], "note": ""}  # fmt: skip
            share = progress_percent(row.progress)
            entries.append(
                {
                    "id": c.id,
                    "title": title,
                    "owners": ", ".join(actor_name(o, lang, review.as_of) for o in c.owners),
                    "deadline": _deadline_text(row, calendar, lang),
                    "status": row.status.value,
                    "status_label": status_label[row.status],
                    "progress": share,
                    "progress_label": percent(share / 100, lang) if share is not None else "",
                    "outlook": row.outlook.value,
                    "outlook_label": _(OUTLOOK_LABELS[row.outlook], lang),
                    "text": c.text(lang),
                    "document": c.document_in(lang),
                    "paragraph": c.paragraph,
                    "summit_section": c.summit_section,
                    "latest": latest,
                    "refs": refs,
                    "indicators": [
                        _indicator_view(ir, row, review.as_of, lang, charts)
                        for ir in by_commitment.get(c.id, ())
                    ],
                }
            )
        sections.append(
            {
                "topic": sec.topic.value,
                "label": _(TOPIC_LABELS[sec.topic], lang),
                "entries": entries,
                "counts": [
                    {"status": s.value, "label": status_label[s], "count": sec.counts[s]}
                    for s in REVIEW_STATUSES
                    if sec.counts.get(s)
                ],
            }
        )

    missions = []
    for mission_id, series in review.forces:
        mission = ledger.mission(mission_id)
        if not series:
            continue
        chart = forces_chart(mission_id, series, lang, on=review.as_of)
        name = mission.name(lang)
        refs = []
        for f in series:
            if f.point is not None:
                n = register.cite(
                    _cited(f.point.provenance, lang) if f.point.provenance else "—",
                    f"{mission.short(lang)} — {forces_label} ({f.on.isoformat()})",
                    confidence_label(f.point.provenance, lang),
                )  # fmt: skip
                refs.append(n)
        table = _forces_table(chart, lang)
        for r, n in zip(table["rows"], refs, strict=True):
            r["ref"] = n
        missions.append(
            {
                "id": mission_id,
                "name": name,
                "short": mission.short(lang),
                "chart": chart,
                "table": table,
                "title": _(N_("{mission}: strength by nation at each published date"), lang).format(
                    mission=mission.short(lang)
                ),
            }
        )

    comp = review.compliance
    compliance = {
        "count": comp.count,
        "overall": percent(percent_of_score(comp.overall) / 100, lang)
        if comp.overall is not None
        else "—",
        "actors": [
            {
                "name": actor_name(actor, lang, review.as_of),
                "average": number(avg, lang, 2),
                "percent": percent(percent_of_score(avg) / 100, lang),
            }
            for actor, avg in sorted(
                comp.by_actor.items(), key=lambda kv: actor_name(kv[0], lang, review.as_of)
            )
        ],
        "commitments": [
            {
                "id": cid,
                "title": titles.get(cid, cid),
                "average": number(avg, lang, 2),
                "percent": percent(percent_of_score(avg) / 100, lang),
            }
            for cid, avg in comp.by_commitment.items()
        ],
    }

    return {
        "lang": lang,
        "summit": reviewed.name(lang) if reviewed else review.summit,
        "summit_dates": date_range(reviewed.start, reviewed.end, lang) if reviewed else "",
        "as_of": review.as_of.isoformat(),
        "as_of_long": long_date(review.as_of, lang),
        "next": {
            "name": upcoming.name(lang),
            "dates": date_range(upcoming.start, upcoming.end, lang),
        }
        if upcoming
        else None,
        "total": total,
        "summary": summary,
        "present": [{"status": s.value, "label": status_label[s]} for s in present],
        "topics": topics,
        "sections": sections,
        "missions": missions,
        "compliance": compliance,
        "evidence": register.items,
        "status_colours": {s.value: c for s, c in STATUS_COLOURS.items()},
        "due_window": DUE_WINDOW_DAYS,
    }


def _translator(lang: str) -> Callable[[str], str]:
    def _(message: str) -> str:
        return gettext(message, lang)

    return _


def render_review(
    review: Review,
    ledger: Ledger,
    lang: str,
    fmt: ReportFormat,
    web: dict[str, str] | None = None,
) -> str:
    """The review as an HTML document or as Markdown, in ``lang`` (``en`` or ``fr``).

    ``web`` (HTML only) adds what the web page shows above the document and never prints: a
    link back to the ledger (``back``), a "Print / save as PDF" button run by
    ``/static/ledger/review.js``, the Markdown download (``markdown``) and the other language
    (``other_lang``, ``other_code``, ``other_name``). Without it the file loads nothing."""
    lang = check_lang(lang)
    fmt = ReportFormat(fmt)
    template = environment().get_template(_TEMPLATES[fmt])
    context = _context(review, ledger, lang, fmt)
    return template.render(_=_translator(lang), web=web, **context)

"""What the ledger's pages show of a commitment, shared by the page (``ledger.web``) and the
page's correction forms (``ledger.forms``), which re-render it when a value is refused."""

# The page's address keeps only the chosen date; ``back_url`` returns to the dashboard on it.

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from bucarest.core.dates import today
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.identity import Role
from bucarest.ledger.charts import STATUS_COLOURS, indicator_chart, progress_percent
from bucarest.ledger.domain.ledger import Ledger, row_on
from bucarest.ledger.domain.model import SHIPPED_DATA, Commitment, RecordedStatus, citation_text
from bucarest.ledger.domain.progress import forecast
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.labels import OUTLOOK_LABELS, RECORDED_LABELS, STATUS_LABELS, localized
from bucarest.ledger.records import actor_name, commitment_record
from bucarest.ledger.rendering import indicator_svg
from bucarest.platform.account import Visitor, login_url
from bucarest.platform.forms import Failed
from bucarest.reports.formatting import percent

__all__ = [
    "BUCHAREST_PLUS_ONE_YEAR",
    "EDITORS",
    "commitment_page",
    "commitment_view",
    "status_view",
]

#: The quick date of the dashboard: one year after the summit, the eve of Strasbourg/Kehl.
BUCHAREST_PLUS_ONE_YEAR = date(2009, 4, 3)

#: Who may use the commitment page's forms.
EDITORS = (Role.LEDGER_EDITOR, Role.ADMINISTRATOR)

#: The scores of a compliance assessment, as the form offers them.
_SCORES = ((1, N_("complies (+1)")), (0, N_("partly (0)")), (-1, N_("does not comply (−1)")))


def status_view(status: LedgerStatus, lang: str) -> dict[str, str]:
    """A derived status as the pages show it: value, label, colour."""
    return {
        "value": status.value,
        "label": gettext(STATUS_LABELS[status], lang),
        "colour": STATUS_COLOURS[status],
    }


def commitment_view(ledger: Ledger, c: Commitment, day: date, lang: str) -> dict[str, Any]:
    """Everything the commitment page shows of ``c`` as it stood on ``day``."""
    record = commitment_record(ledger, c, day, lang)
    row = row_on(ledger, c, day)
    pct = progress_percent(row.progress)
    events = ledger.calendar.index
    charts = []
    for i, ind in enumerate(c.indicators):
        fc = forecast(ind, day, row.deadline) if row.deadline else None
        chart = indicator_chart(ind, day, row.deadline, fc, lang)
        info = record["indicators"][i]
        charts.append({
            "title": ind.title(lang),
            "svg": indicator_svg(chart, f"ind-{i + 1}"),
            "share": percent(info["share"], lang) if info["share"] is not None else "—",
            "outlook": info["forecast"]["outlook_label"] if info["forecast"] else
            gettext(OUTLOOK_LABELS[row.outlook], lang),
            "sources": sorted({ind.baseline.source_in(lang),
                               *(t.source_in(lang) for t in ind.targets),
                               *(a.source_in(lang) for a in ind.actuals if a.on <= day)}),
        })  # fmt: skip
    shipped = gettext(SHIPPED_DATA, lang)
    evidence: list[dict[str, str]] = [
        {
            "on": c.created.isoformat(),
            "what": gettext(N_("decision"), lang),
            "text": citation_text(localized(c.provenance, lang) or c.provenance)
            if c.provenance
            else c.document_in(lang),
        }
    ]
    evidence += [
        {"on": e["on"], "what": e["status_label"], "text": e["evidence"]} for e in record["history"]
    ]
    evidence += [
        {"on": a["as_of"], "what": gettext(N_("compliance"), lang) + ": " + a["actor_name"],
         "text": a["evidence"], "by": "" if a["recorded_by"] == shipped else a["recorded_by"]}
        for a in record["assessments"]
    ]  # fmt: skip
    later = sum(1 for e in c.history if e.on > day)
    comp = record["compliance"]
    return {
        "record": record,
        "provenance": localized(c.provenance, lang),
        "status": status_view(row.status, lang),
        "progress_pct": pct,
        "progress_label": percent(pct / 100, lang) if pct is not None else "",
        "summit_name": events[c.summit].name(lang) if c.summit in events else c.summit,
        "deadline_event": events[c.deadline_event].name(lang)
        if c.deadline_event in events
        else None,
        "indicators": charts,
        "evidence": evidence,
        "later": later,
        "compliance": {
            "percent": percent(comp["percent"] / 100, lang)
            if comp["percent"] is not None
            else None,
            "count": comp["count"],
            "actors": sorted(
                (
                    {"name": actor_name(a, lang, day), "percent": percent(p / 100, lang), "raw": p}
                    for a, p in comp["by_actor"].items()
                ),
                key=lambda x: str(x["name"]).casefold(),
            ),
        },
    }


def commitment_page(
    ledger: Ledger,
    c: Commitment,
    day: date,
    lang: str,
    visitor: Visitor | None,
    failed: Failed | None = None,
    saved: str = "",
) -> dict[str, Any]:
    """The commitment page's context: :func:`commitment_view`, and the forms a ledger editor
    sees (with the commitment's version, so that a concurrent change is refused)."""
    editor = visitor is not None and visitor.principal.has(*EDITORS)
    kept = urlencode({"on": day.isoformat()})
    return {
        **commitment_view(ledger, c, day, lang),
        "day": day,
        "quick_day": BUCHAREST_PLUS_ONE_YEAR,
        "back_url": f"/ledger?{kept}",
        "review": "/ledger/review?" + urlencode({"on": day.isoformat(), "lang": lang}),
        "visitor": visitor,
        "editor": editor,
        "csrf": visitor.csrf if editor and visitor else "",
        "failed": failed or Failed(),
        "saved": saved,
        "commitment_version": c.version,
        "login": login_url(f"/ledger/{c.id}"),
        "today_iso": today().isoformat(),
        "recorded": [{"value": s.value, "label": gettext(RECORDED_LABELS[s], lang)}
                     for s in RecordedStatus],
        "scores": [{"value": str(v), "label": gettext(label, lang)} for v, label in _SCORES],
    }  # fmt: skip

"""Web pages of the commitments ledger: the dashboard, one page per commitment, and operations.

The pages call the same domain functions and records as the CLI and the JSON API
(``bucarest.ledger.domain.ledger.dashboard``, ``records.row_record``,
``records.commitment_record``, ``operations.forces_series``…), and draw their charts
with the same builders and SVG macros as the printed review (``bucarest.reports``).
They need no script and load nothing from another host.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from bucarest.core.dates import parse_date_or, today
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.ledger.charts import (
    STATUS_COLOURS,
    forces_chart,
    progress_percent,
)
from bucarest.ledger.deps import LedgerDep
from bucarest.ledger.domain.ledger import Ledger, LedgerFilter, dashboard, owner_key
from bucarest.ledger.domain.model import Topic
from bucarest.ledger.domain.operations import forces_on, forces_series, pledges_on
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.labels import STATUS_LABELS, TOPIC_LABELS, localized
from bucarest.ledger.records import (
    actor_name,
    mission_record,
    row_record,
)
from bucarest.ledger.rendering import forces_svg
from bucarest.ledger.report import ReportFormat, render_review
from bucarest.ledger.service import forces_on_date
from bucarest.ledger.views import BUCHAREST_PLUS_ONE_YEAR, commitment_page, status_view
from bucarest.platform.account import visitor_of
from bucarest.platform.headers import policy_with_styles
from bucarest.platform.http import AccountsDep
from bucarest.platform.pages import NavItem, render, web_lang
from bucarest.reports.formatting import number, percent

__all__ = [
    "BUCHAREST_PLUS_ONE_YEAR",
    "DASHBOARD_LIMIT",
    "NAV",
    "PLACEMAT_DAY",
    "router",
]

#: The ISAF figures published just after the summit (52,908 troops from 40 nations).
PLACEMAT_DAY = date(2008, 6, 3)
#: At most this many commitments are listed on the dashboard (the counts cover all).
DASHBOARD_LIMIT = 300

LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
OnQuery = Annotated[str | None, Query(description="Date YYYY-MM-DD; default today")]
TextQuery = Annotated[str | None, Query()]


def _blank(text: str | None) -> str | None:
    """A form field left empty means "any"."""
    return text.strip() if text and text.strip() else None


def _optional_day(text: str | None) -> date | None:
    text = _blank(text)
    return parse_date_or(text) if text else None


_E = TypeVar("_E", bound=Enum)


def _choice(kind: type[_E], text: str | None, template: str) -> _E | None:
    """A select box's value as an enum member ("any" when empty); a clear error otherwise."""
    text = _blank(text)
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        raise InvalidInputError(
            template, value=text, known=", ".join(str(k.value) for k in kind)
        ) from None


def _status(text: str | None) -> LedgerStatus | None:
    return _choice(LedgerStatus, text, N_("unknown status '{value}'; expected one of {known}"))


def _topic(text: str | None) -> Topic | None:
    return _choice(Topic, text, N_("unknown topic '{value}'; expected one of {known}"))


def _query(**params: str | None) -> str:
    """A query string of the non-empty parameters."""
    kept = {k: v for k, v in params.items() if v}
    return "?" + urlencode(kept) if kept else ""


# --- the dashboard ---------------------------------------------------------------------------


def _dashboard_view(
    ledger: Ledger, day: date, flt: LedgerFilter, form: dict[str, str], lang: str
) -> dict[str, Any]:
    d = dashboard(ledger, day, flt, limit=DASHBOARD_LIMIT)
    total_counted = sum(d.counts.values())
    base = {k: v for k, v in form.items() if k != "status"}
    tiles = []
    for s in LedgerStatus:
        n = d.counts.get(s, 0)
        if s is LedgerStatus.NOT_YET_DECIDED and not n:
            continue
        tiles.append({
            **status_view(s, lang),
            "count": n,
            "share": round(n / total_counted * 100, 1) if total_counted else 0,
            "url": "/ledger" + _query(**base, status=s.value),
            "selected": flt.status is s,
        })  # fmt: skip
    rows = []
    for r in d.rows:
        rec = row_record(r, lang)
        pct = progress_percent(r.progress)
        rows.append({
            **rec,
            "colour": STATUS_COLOURS[r.status],
            "progress_pct": pct,
            "progress_label": percent(pct / 100, lang) if pct is not None else "",
            "url": f"/ledger/{r.commitment.id}" + _query(on=day.isoformat()),
        })  # fmt: skip
    index = ledger.status_index  # built once per snapshot: its owners and summits are known
    owners = sorted(index.owners)
    events = ledger.calendar.index
    summits = sorted(
        set(index.summits) | {e.id for e in ledger.calendar.events if e.kind == "summit"},
        key=lambda s: (events[s].start if s in events else date.max, s),
    )
    return {
        "tiles": tiles,
        "counted": total_counted,
        "total": d.total,
        "rows": rows,
        "limited": d.total > len(rows),
        "all_url": "/ledger" + _query(**base),
        "options": {
            "summits": [
                {"value": s, "label": events[s].name(lang) if s in events else s} for s in summits
            ],
            "statuses": [
                {"value": s.value, "label": gettext(STATUS_LABELS[s], lang)} for s in LedgerStatus
            ],
            "owners": sorted(
                ({"value": o, "label": actor_name(o, lang, day)} for o in owners),
                key=lambda o: o["label"].casefold(),
            ),
            "topics": [{"value": t.value, "label": gettext(TOPIC_LABELS[t], lang)} for t in Topic],
        },
    }


# --- one commitment --------------------------------------------------------------------------


# --- operations ------------------------------------------------------------------------------


def _operations_view(ledger: Ledger, day: date, lang: str) -> list[dict[str, Any]]:
    missions = []
    for m in ledger.missions:
        # Only figures published on or before the date: a later figure is not yet known.
        series = tuple(f for f in forces_series(ledger.contributions, m.id) if f.on <= day)
        rec = forces_on_date(ledger, m.id, day, lang)
        record = mission_record(m, lang)
        if m.end is not None and m.end >= day:
            record["end"] = None  # the end lies after the date: not known on it
        view: dict[str, Any] = {
            "mission": record,
            "provenance": localized(m.provenance, lang),
            "note": m.note_in(lang),
            "chart": None,
            "forces": rec,
            "points": [],
            "pledges": [],
            "requirements": [],
        }
        if series:
            # No bar is "in force" once the operation has ended.
            in_force = day if rec["state"] == "published" else None
            chart = forces_chart(m.id, series, lang, on=in_force)
            title = gettext(N_("{mission}: strength by nation at each published date"), lang)
            view["chart"] = forces_svg(chart, f"forces-{m.id}", title.format(mission=m.short(lang)))
            view["chart_title"] = title.format(mission=m.short(lang))
            for n in rec["nations"]:
                n["strength_label"] = number(n["strength"], lang)
            rec["other_label"] = number(rec["other"], lang) if rec["other"] else ""
            rec["total_label"] = number(rec["total"], lang) if rec["total"] is not None else ""
            current = forces_on(ledger.contributions, m.id, day).point
            in_force_point = current if rec["total"] is not None else None
            rec["provenance"] = (
                localized(in_force_point.provenance, lang) if in_force_point else None
            )
            view["points"] = [
                {"on": f.on.isoformat(), "total": number(f.total, lang),
                 "provenance": localized(f.point.provenance, lang), "note": f.point.note_in(lang),
                 "current": f.point.on.isoformat() == rec["last_published"]}
                for f in series if f.point is not None
            ]  # fmt: skip
        pledges = pledges_on(ledger.pledges, m.id, day)
        if pledges:
            groups: dict[int | None, int] = {}
            for p in pledges:
                groups[p.requirement] = groups.get(p.requirement, 0) + p.pledged
            view["pledges"] = [
                {"on": p.on.isoformat(), "name": actor_name(p.nation, lang, day), "code": p.nation,
                 "pledged": number(p.pledged, lang), "description": p.description_in(lang),
                 "requirement": number(p.requirement, lang) if p.requirement else "—",
                 "provenance": localized(p.provenance, lang), "note": p.note_in(lang)}
                for p in pledges
            ]  # fmt: skip
            view["requirements"] = [
                {"requirement": number(req, lang), "pledged": number(total, lang),
                 "share": min(round(total / req * 100), 100),
                 "share_label": percent(total / req, lang)}
                for req, total in groups.items() if req
            ]  # fmt: skip
        missions.append(view)
    return missions


# --- installation ----------------------------------------------------------------------------


#: This capability's entries in the navigation.
NAV = (
    NavItem("ledger", "/ledger", N_("Ledger"), dated=True),
    NavItem("operations", "/operations", N_("Operations"), dated=True),
)

router = APIRouter(include_in_schema=False)


@router.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
def ledger_page(
    request: Request,
    ledger: LedgerDep,
    lang: LangQuery = None,
    on: OnQuery = None,
    summit: TextQuery = None,
    status: TextQuery = None,
    owner: TextQuery = None,
    topic: TextQuery = None,
    due_before: TextQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    day = parse_date_or(on, today())
    flt = LedgerFilter(
        summit=_blank(summit),
        status=_status(status),
        due_before=_optional_day(due_before),
        owner=owner_key(owner),
        topic=_topic(topic),
    )
    form = {
        "on": day.isoformat(),
        "summit": flt.summit or "",
        "status": flt.status.value if flt.status else "",
        "owner": flt.owner or "",
        "topic": flt.topic.value if flt.topic else "",
        "due_before": flt.due_before.isoformat() if flt.due_before else "",
    }
    view = _dashboard_view(ledger, day, flt, form, lang)
    summits = {c.summit for c in ledger.commitments}
    reviewed = flt.summit if flt.summit in summits else REVIEW_SUMMIT
    return render(
        request,
        "ledger/dashboard.html",
        lang,
        active="ledger",
        day=day,
        today=today(),
        quick_day=BUCHAREST_PLUS_ONE_YEAR,
        form=form,
        filtered=any(v for k, v in form.items() if k != "on"),
        review=review_url(day, lang, reviewed),
        review_md=review_url(day, lang, reviewed, markdown=True),
        **view,
    )


#: The summit the review covers unless the address names another.
REVIEW_SUMMIT = "bucharest-2008"

SummitQuery = Annotated[str, Query(max_length=64, description="Summit id")]


def review_url(day: date, lang: str, summit: str = REVIEW_SUMMIT, markdown: bool = False) -> str:
    """The address of the review page (or of its Markdown download) on ``day`` in ``lang``."""
    path = "/ledger/review.md" if markdown else "/ledger/review"
    return path + _query(on=day.isoformat(), lang=lang,
                         summit=None if summit == REVIEW_SUMMIT else summit)  # fmt: skip


@router.get("/ledger/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request,
    ledger: LedgerDep,
    lang: LangQuery = None,
    on: OnQuery = None,
    summit: SummitQuery = REVIEW_SUMMIT,
) -> Response:
    """The progress review as a printable page (the same document as ``bucarest review``),
    with a print button, the Markdown download and a link back to the ledger on its date."""
    lang = web_lang(request, lang)
    day = parse_date_or(on, today())
    other = "en" if lang == "fr" else "fr"
    web = {
        "back": "/ledger" + _query(on=day.isoformat(), lang=lang),
        "markdown": review_url(day, lang, summit, markdown=True),
        "other_lang": review_url(day, other, summit),
        "other_code": other,
        "other_name": "English" if other == "en" else "Français",
    }
    text = render_review(build_review(ledger, summit, day), ledger, lang, ReportFormat.HTML, web)
    # A self-contained document: its one <style> element is allowed by its hash.
    return HTMLResponse(text, headers={"Content-Security-Policy": policy_with_styles(text)})


@router.get("/ledger/review.md", include_in_schema=False)
def review_markdown(
    request: Request,
    ledger: LedgerDep,
    lang: LangQuery = None,
    on: OnQuery = None,
    summit: SummitQuery = REVIEW_SUMMIT,
) -> Response:
    """The progress review as a Markdown file to download."""
    lang = web_lang(request, lang)
    day = parse_date_or(on, today())
    text = render_review(build_review(ledger, summit, day), ledger, lang, ReportFormat.MARKDOWN)
    name = f"review-{summit}-{day.isoformat()}-{lang}.md"
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/ledger/{commitment_id}", response_class=HTMLResponse, include_in_schema=False)
def commitment_page_route(
    request: Request,
    ledger: LedgerDep,
    accounts: AccountsDep,
    commitment_id: Annotated[str, Path(description="Commitment id")],
    lang: LangQuery = None,
    on: OnQuery = None,
    saved: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    lang = web_lang(request, lang)
    c = ledger.commitment(commitment_id)
    view = commitment_page(ledger, c, parse_date_or(on, today()), lang,
                           visitor_of(request, accounts), saved=saved or "")  # fmt: skip
    return render(request, "ledger/commitment.html", lang, active="ledger", **view)


@router.get("/operations", response_class=HTMLResponse, include_in_schema=False)
def operations_page(
    request: Request, ledger: LedgerDep, lang: LangQuery = None, on: OnQuery = None
) -> Response:
    lang = web_lang(request, lang)
    day = parse_date_or(on, today())
    missions = _operations_view(ledger, day, lang)
    return render(
        request,
        "ledger/operations.html",
        lang,
        active="operations",
        day=day,
        quick_days=[PLACEMAT_DAY, BUCHAREST_PLUS_ONE_YEAR],
        missions=missions,
    )

"""The incident pages: the list, a new incident, one incident with its notes and indicators."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.errors import (
    N_,
    BucarestError,
    InvalidInputError,
    NotFoundError,
)
from bucarest.core.i18n import gettext
from bucarest.desk.deps import DeskDep
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.labels import INCIDENT_STATUS_LABELS, SEVERITY_LABELS
from bucarest.desk.service import NO_INCIDENT, create_record, update_record
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import (
    ChildForm,
    EditForm,
    IncidentForm,
    LangQuery,
    NextQuery,
    TextQuery,
    form_marking,
    marking_body,
    marking_form,
)
from bucarest.desk.web.sessions import Visitor, VisitorDep, csrf_ok, refused
from bucarest.desk.web.views import (
    PAGE_SIZE,
    incident_rows,
    indicator_view,
    label_of,
    marking_choices,
    marking_view,
    may_add_under,
    may_create,
    may_update,
    next_url,
    note_view,
    observable_choices,
    refuse_creation,
    render_desk,
    stamp,
)
from bucarest.platform.http import status_for
from bucarest.platform.pages import web_lang

__all__ = [
    "router",
]

router = APIRouter(include_in_schema=False)


_STIX_JSON = N_("the STIX object is not valid JSON ({reason}); expected a JSON object")


_STIX_OR_TYPED = N_(
    "give either a typed value or a raw STIX object, not both; expected one of them"
)


@router.get("/desk/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    lang: LangQuery = None,
    q: TextQuery = None,
    cursor: NextQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    text = (q or "").strip()
    page = desk.page(v.principal, RecordKind.INCIDENT, text=text, limit=PAGE_SIZE,
                     cursor=cursor or None)  # fmt: skip
    return render_desk(request, lang, v, "desk/incidents.html", "incidents",
                   rows=incident_rows(desk, page.records, lang), q=text,
                   next_url=next_url("/desk/incidents", page.next, q=text),
                   can_file=may_create(desk, v.principal, RecordKind.INCIDENT))  # fmt: skip


def _choices(lang: str) -> dict[str, list[dict[str, str]]]:
    return {
        "severities": [{"value": k, "label": gettext(x, lang)} for k, x in SEVERITY_LABELS.items()],
        "statuses": [{"value": k, "label": gettext(x, lang)} for k, x in INCIDENT_STATUS_LABELS.items()],
    }  # fmt: skip


def _incident_form(request: Request, lang: str, v: Visitor, desk: Desk, form: IncidentForm,
                   error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return render_desk(request, lang, v, "desk/incident_form.html", "incidents",
                   status_code=status_code, error=error, form=form, **_choices(lang),
                   **marking_choices(desk.reg, lang, form))  # fmt: skip


@router.get("/desk/incidents/new", response_class=HTMLResponse)
def new_incident_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    refuse_creation(desk, v.principal, RecordKind.INCIDENT)
    return _incident_form(request, lang, v, desk, IncidentForm())


@router.post("/desk/incidents", response_class=HTMLResponse)
def file_incident(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[IncidentForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    fields = {"title": form.title, "severity": form.severity, "status": form.status,
              "description": form.description}  # fmt: skip
    try:
        marking = form_marking(form, v.principal.organisation)
        record = desk.create(v.principal, RecordKind.INCIDENT, fields, marking)
    except BucarestError as exc:
        return _incident_form(request, lang, v, desk, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/incidents/{record.id}", status_code=303)


def _incident_page(request: Request, lang: str, v: Visitor, desk: Desk, record_id: str,
                   error: str | None = None, status_code: int = 200,
                   child: ChildForm | None = None, edit: EditForm | None = None,
                   raw: bool = False) -> HTMLResponse:  # fmt: skip
    p = v.principal
    record = desk.get(p, record_id)
    if record.kind is not RecordKind.INCIDENT:
        raise NotFoundError(NO_INCIDENT, id=record_id[:64])
    notes = desk.page(p, RecordKind.NOTE, limit=200, parent_id=record.id)
    indicators = desk.page(p, RecordKind.INDICATOR, limit=200, parent_id=record.id)
    f = record.fields
    incident = {
        "id": record.id,
        "title": f.get("title", ""),
        "severity": f.get("severity", ""),
        "severity_label": label_of(SEVERITY_LABELS, f.get("severity"), lang),
        "status_label": label_of(INCIDENT_STATUS_LABELS, f.get("status"), lang),
        "description": f.get("description", ""),
        "timeline": f.get("timeline", []),
        "author": record.author,
        "marking": marking_view(record.marking, desk.reg, lang),
        "created": stamp(record),
        "version": record.version,
    }
    can_edit = may_update(desk, p, record)
    if edit is None:
        edit = EditForm(severity=str(f.get("severity", "")), status=str(f.get("status", "")),
                        version=str(record.version), **marking_form(record.marking))  # fmt: skip
    child = child or ChildForm()
    return render_desk(request, lang, v, "desk/incident.html", "incidents", status_code=status_code,
                   error=error, incident=incident, child=child, raw=raw,
                   notes=[note_view(n) for n in notes.records],
                   indicators=[indicator_view(i) for i in indicators.records],
                   can_note=may_add_under(desk, p, RecordKind.NOTE, record),
                   can_indicate=may_add_under(desk, p, RecordKind.INDICATOR, record),
                   can_edit=can_edit, edit=edit, **_choices(lang),
                   observables=observable_choices(lang, child.observable_type),
                   **(marking_choices(desk.reg, lang, edit) if can_edit else {}))  # fmt: skip


@router.get("/desk/incidents/{record_id}", response_class=HTMLResponse)
def incident_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _incident_page(request, lang, v, desk, record_id)


@router.post("/desk/incidents/{record_id}/notes", response_class=HTMLResponse)
def add_note(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[ChildForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    try:
        create_record(desk, v.principal, RecordKind.NOTE, {"fields": {"text": form.text}},
                      parent_id=record_id)  # fmt: skip
    except NotFoundError:
        raise  # answered with the shell's error page
    except BucarestError as exc:
        return _incident_page(request, lang, v, desk, record_id, exc.translated(lang),
                              status_for(exc), form)  # fmt: skip
    return RedirectResponse(f"/desk/incidents/{record_id}#notes", status_code=303)


@router.post("/desk/incidents/{record_id}/indicators", response_class=HTMLResponse)
def add_indicator(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[ChildForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    raw = bool(form.stix.strip()) and not form.value.strip()
    try:
        if form.stix.strip() and form.value.strip():
            raise InvalidInputError(_STIX_OR_TYPED)
        if raw:
            try:
                stix = json.loads(form.stix)
            except ValueError as exc:
                reason = " ".join(str(exc).split())[:200]
                raise InvalidInputError(_STIX_JSON, reason=reason) from None
            body: dict[str, object] = {"stix": stix}
        else:
            body = {"observable": {"type": form.observable_type, "value": form.value,
                                   "name": form.name}}  # fmt: skip
        create_record(desk, v.principal, RecordKind.INDICATOR, body, parent_id=record_id)
    except NotFoundError:
        raise  # answered with the shell's error page
    except BucarestError as exc:
        return _incident_page(request, lang, v, desk, record_id, exc.translated(lang),
                              status_for(exc), form, raw=bool(form.stix.strip()))  # fmt: skip
    return RedirectResponse(f"/desk/incidents/{record_id}#indicators", status_code=303)


@router.post("/desk/incidents/{record_id}/edit", response_class=HTMLResponse)
def edit_incident(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[EditForm, Form()],
    lang: LangQuery = None,
) -> Response:
    """Change an incident's status, severity and marking: the same request body, service
    function, rules and audit entry as the API's ``PUT /api/v1/desk/records/{id}``."""
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    record = desk.get(v.principal, record_id)
    if record.kind is not RecordKind.INCIDENT:
        raise NotFoundError(NO_INCIDENT, id=record_id[:64])
    version = int(form.version) if form.version.strip().isdigit() else form.version
    fields = {**record.fields, "severity": form.severity, "status": form.status}
    body = {"fields": fields, "version": version, "marking": marking_body(form)}
    try:
        update_record(desk, v.principal, record_id, body)
    except NotFoundError:
        raise
    except BucarestError as exc:
        return _incident_page(request, lang, v, desk, record_id, exc.translated(lang),
                              status_for(exc), edit=form)  # fmt: skip
    return RedirectResponse(f"/desk/incidents/{record_id}", status_code=303)

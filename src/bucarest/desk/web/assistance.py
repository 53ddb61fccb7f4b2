"""The assistance pages: a nation's request for help and the response team's workflow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.errors import (
    BucarestError,
    NotFoundError,
)
from bucarest.core.i18n import gettext
from bucarest.desk.deps import DeskDep
from bucarest.desk.domain.assistance import (
    next_step,
)
from bucarest.desk.domain.policy import Action, RecordKind, can_write
from bucarest.desk.labels import STEP_BUTTONS
from bucarest.desk.schemas import parse_step
from bucarest.desk.service import NO_ASSISTANCE
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import AssistanceForm, LangQuery, NextQuery, StepForm, split_list
from bucarest.desk.web.sessions import Visitor, VisitorDep, csrf_ok, refused
from bucarest.desk.web.views import (
    PAGE_SIZE,
    assistance_view,
    may_create,
    next_url,
    refuse_creation,
    render_desk,
)
from bucarest.platform.http import status_for
from bucarest.platform.pages import web_lang

__all__ = [
    "router",
]

router = APIRouter(include_in_schema=False)


@router.get("/desk/assistance", response_class=HTMLResponse)
def assistance_list_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None, cursor: NextQuery = None
) -> Response:
    lang = web_lang(request, lang)
    page = desk.page(v.principal, RecordKind.ASSISTANCE, limit=PAGE_SIZE, cursor=cursor or None)
    return render_desk(request, lang, v, "desk/assistance_list.html", "assistance",
                   rows=[assistance_view(desk, r, lang) for r in page.records],
                   next_url=next_url("/desk/assistance", page.next),
                   can_request=may_create(desk, v.principal, RecordKind.ASSISTANCE))  # fmt: skip


def _assistance_form(request: Request, lang: str, v: Visitor, form: AssistanceForm,
                     error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return render_desk(request, lang, v, "desk/assistance_form.html", "assistance",
                   status_code=status_code, error=error, form=form)  # fmt: skip


@router.get("/desk/assistance/new", response_class=HTMLResponse)
def new_assistance_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    refuse_creation(desk, v.principal, RecordKind.ASSISTANCE)
    return _assistance_form(request, lang, v, AssistanceForm())


@router.post("/desk/assistance", response_class=HTMLResponse)
def request_assistance(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[AssistanceForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    fields = {"title": form.title, "system": form.system, "description": form.description}
    try:
        record = desk.request_assistance(v.principal, fields)
    except BucarestError as exc:
        return _assistance_form(request, lang, v, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/assistance/{record.id}", status_code=303)


def _assistance_page(request: Request, lang: str, v: Visitor, desk: Desk, record_id: str,
                     error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    p = v.principal
    record = desk.get(p, record_id)
    if record.kind is not RecordKind.ASSISTANCE:
        raise NotFoundError(NO_ASSISTANCE, id=record_id[:64])
    view = assistance_view(desk, record, lang)
    step = next_step(view["state"])
    action = None
    if step is not None:
        d = can_write(p, Action(step.value), RecordKind.ASSISTANCE, record.marking, desk.today(),
                      desk.reg, ceiling=desk.ceiling)  # fmt: skip
        if d.allowed:
            action = {"step": step.value, "label": gettext(STEP_BUTTONS[step], lang)}
    return render_desk(request, lang, v, "desk/assistance.html", "assistance",
                   status_code=status_code, error=error, request_view=view, action=action)  # fmt: skip


@router.get("/desk/assistance/{record_id}", response_class=HTMLResponse)
def assistance_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _assistance_page(request, lang, v, desk, record_id)


@router.post("/desk/assistance/{record_id}/step", response_class=HTMLResponse)
def assistance_step(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[StepForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    try:
        desk.advance(v.principal, record_id, parse_step(form.step), team=split_list(form.team),
                     lessons=form.lessons)  # fmt: skip
    except NotFoundError:
        raise  # answered with the shell's error page
    except BucarestError as exc:
        return _assistance_page(request, lang, v, desk, record_id, exc.translated(lang),
                                status_for(exc))  # fmt: skip
    return RedirectResponse(f"/desk/assistance/{record_id}", status_code=303)

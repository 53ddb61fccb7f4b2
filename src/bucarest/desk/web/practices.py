"""The best-practice pages: the list (with search), a new note, one note in Markdown."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.errors import (
    N_,
    BucarestError,
    NotFoundError,
)
from bucarest.desk.deps import DeskDep
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import (
    LangQuery,
    NextQuery,
    PracticeForm,
    TextQuery,
    form_marking,
    split_list,
)
from bucarest.desk.web.markdown import render_markdown
from bucarest.desk.web.sessions import Visitor, VisitorDep, csrf_ok, refused
from bucarest.desk.web.views import (
    PAGE_SIZE,
    marking_choices,
    marking_view,
    may_create,
    next_url,
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


_NOT_PRACTICE = N_("no best-practice note '{id}'")


@router.get("/desk/practices", response_class=HTMLResponse)
def practices_page(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    lang: LangQuery = None,
    q: TextQuery = None,
    cursor: NextQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    text = (q or "").strip()
    page = desk.page(v.principal, RecordKind.PRACTICE, text=text, limit=PAGE_SIZE,
                     cursor=cursor or None)  # fmt: skip
    rows = [
        {"id": r.id, "title": r.fields.get("title", ""), "tags": r.fields.get("tags", []),
         "marking": marking_view(r.marking, desk.reg, lang), "created": stamp(r)}
        for r in page.records
    ]  # fmt: skip
    return render_desk(request, lang, v, "desk/practices.html", "practices", rows=rows, q=text,
                   next_url=next_url("/desk/practices", page.next, q=text),
                   can_add=may_create(desk, v.principal, RecordKind.PRACTICE))  # fmt: skip


def _practice_form(request: Request, lang: str, v: Visitor, desk: Desk, form: PracticeForm,
                   error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return render_desk(request, lang, v, "desk/practice_form.html", "practices",
                   status_code=status_code, error=error, form=form,
                   **marking_choices(desk.reg, lang, form))  # fmt: skip


@router.get("/desk/practices/new", response_class=HTMLResponse)
def new_practice_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    refuse_creation(desk, v.principal, RecordKind.PRACTICE)
    return _practice_form(request, lang, v, desk, PracticeForm())


@router.post("/desk/practices", response_class=HTMLResponse)
def add_practice(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[PracticeForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    fields = {"title": form.title, "body": form.body, "tags": split_list(form.tags)}
    try:
        marking = form_marking(form, v.principal.organisation)
        record = desk.create(v.principal, RecordKind.PRACTICE, fields, marking)
    except BucarestError as exc:
        return _practice_form(request, lang, v, desk, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/practices/{record.id}", status_code=303)


@router.get("/desk/practices/{record_id}", response_class=HTMLResponse)
def practice_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    record = desk.get(v.principal, record_id)
    if record.kind is not RecordKind.PRACTICE:
        raise NotFoundError(_NOT_PRACTICE, id=record_id[:64])
    practice = {
        "id": record.id,
        "title": record.fields.get("title", ""),
        "body": render_markdown(str(record.fields.get("body", ""))),
        "tags": record.fields.get("tags", []),
        "author": record.author,
        "marking": marking_view(record.marking, desk.reg, lang),
        "created": stamp(record),
    }
    return render_desk(request, lang, v, "desk/practice.html", "practices", practice=practice)

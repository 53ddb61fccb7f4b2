"""The points-of-contact page: the list and a new contact on one page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.errors import (
    BucarestError,
)
from bucarest.desk.deps import DeskDep
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import ContactForm, LangQuery, NextQuery, form_marking
from bucarest.desk.web.sessions import Visitor, VisitorDep, csrf_ok, refused
from bucarest.desk.web.views import (
    marking_choices,
    marking_view,
    may_create,
    next_url,
    organisation_name,
    render_desk,
)
from bucarest.platform.http import status_for
from bucarest.platform.pages import web_lang

__all__ = [
    "router",
]

router = APIRouter(include_in_schema=False)


def _contacts_page(request: Request, lang: str, v: Visitor, desk: Desk, form: ContactForm,
                   cursor: str | None = None, error: str | None = None,
                   status_code: int = 200) -> HTMLResponse:  # fmt: skip
    page = desk.page(v.principal, RecordKind.CONTACT, limit=500, cursor=cursor)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in page.records:
        groups.setdefault(r.marking.originator, []).append({
            "id": r.id, **{k: r.fields.get(k, "") for k in ("authority", "name", "function", "email", "phone")},
            "marking": marking_view(r.marking, desk.reg, lang),
        })  # fmt: skip
    nations = sorted(
        ({"code": code, "name": organisation_name(code, lang), "contacts": items}
         for code, items in groups.items()),
        key=lambda g: str(g["name"]),
    )  # fmt: skip
    return render_desk(request, lang, v, "desk/contacts.html", "contacts", status_code=status_code,
                   error=error, nations=nations, form=form,
                   next_url=next_url("/desk/contacts", page.next),
                   can_add=may_create(desk, v.principal, RecordKind.CONTACT),
                   **marking_choices(desk.reg, lang, form))  # fmt: skip


@router.get("/desk/contacts", response_class=HTMLResponse)
def contacts_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None, cursor: NextQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _contacts_page(request, lang, v, desk, ContactForm(), cursor or None)


@router.post("/desk/contacts", response_class=HTMLResponse)
def add_contact(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[ContactForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not csrf_ok(v, form.csrf):
        return refused(request, lang)
    fields = {k: getattr(form, k) for k in ("authority", "name", "function", "email", "phone")}
    try:
        marking = form_marking(form, v.principal.organisation)
        desk.create(v.principal, RecordKind.CONTACT, fields, marking)
    except BucarestError as exc:
        return _contacts_page(request, lang, v, desk, form, None, exc.translated(lang),
                              status_for(exc))  # fmt: skip
    return RedirectResponse("/desk/contacts", status_code=303)

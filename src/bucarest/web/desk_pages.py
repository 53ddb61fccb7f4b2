"""The web desk of the cyber-defence desk: log in, incidents, assistance requests, the
best-practice library and the national contacts directory.

Pages live under ``/desk`` and need a web session (``/desk/login``): a ``bucarest_session``
cookie (HttpOnly, SameSite=Strict) whose CSRF token every form carries in a hidden ``csrf``
field; a form without it, or with a stale one, is refused (403). The login form itself is
protected by a short-lived double-submit cookie. Everything a page shows comes from
:class:`~bucarest.store.desk_repository.Desk`, the one query layer that applies the sharing
policy, so what a user may not read never appears: no title, no count. Which forms and
workflow buttons a page offers is asked of the policy itself
(:func:`~bucarest.sharing.policy.can_write`); the desk decides again on posting.

Best-practice notes are Markdown, rendered with ``markdown-it-py`` with raw HTML escaped and
images disabled (a note cannot make a reader's browser fetch anything). The pages need no
script and load nothing from another host.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from bucarest.api.desk_deps import SESSION_COOKIE, DeskDep
from bucarest.api.desk_routes import (
    MAX_BODY_BYTES,
    NO_ASSISTANCE,
    TOO_LARGE,
    create_record,
    parse_marking,
    parse_step,
)
from bucarest.core.countries import country
from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BucarestError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from bucarest.core.i18n import gettext
from bucarest.cyber.assistance import Step, acknowledgement_overdue, next_step, request_marking
from bucarest.cyber.records import Record
from bucarest.platform.http import status_for
from bucarest.platform.pages import NavItem, error_page, render, web_lang
from bucarest.registry.domain.model import Registry
from bucarest.sharing.markings import NATO_BODIES, TLP, Classification, Marking, Principal, Role
from bucarest.sharing.policy import Action, RecordKind, can_write
from bucarest.store.desk_repository import SESSION_LIFETIME, Desk

__all__ = [
    "LOGIN_CSRF_COOKIE",
    "PAGE_SIZE",
    "install_desk_pages",
    "render_markdown",
]

#: The double-submit cookie of the login form (there is no session yet to hold a token).
LOGIN_CSRF_COOKIE = "bucarest_login_csrf"
#: Records per page of a list.
PAGE_SIZE = 50

SEVERITY_LABELS = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
INCIDENT_STATUS_LABELS = {
    "open": N_("open"),
    "contained": N_("contained"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
}
STATE_LABELS = {
    "submitted": N_("submitted"),
    "acknowledged": N_("acknowledged"),
    "assigned": N_("team assigned"),
    "deployed": N_("team deployed"),
    "closed": N_("closed"),
}
STEP_LABELS = {
    "submit": N_("Submitted"),
    "acknowledge": N_("Acknowledged"),
    "assign": N_("Team assigned"),
    "deploy": N_("Team deployed"),
    "close": N_("Closed"),
}
STEP_BUTTONS = {
    Step.ACKNOWLEDGE: N_("Acknowledge the request"),
    Step.ASSIGN: N_("Assign the team"),
    Step.DEPLOY: N_("Deploy the team"),
    Step.CLOSE: N_("Close with the lessons learned"),
}
ROLE_LABELS = {
    Role.READER: N_("reader"),
    Role.ANALYST: N_("analyst"),
    Role.POINT_OF_CONTACT: N_("national point of contact"),
    Role.RESPONDER: N_("responder"),
    Role.ADMINISTRATOR: N_("administrator"),
}
CLASSIFICATION_LABELS = {
    Classification.PUBLIC: N_("Public"),
    Classification.UNCLASSIFIED: N_("NATO UNCLASSIFIED"),
    Classification.RESTRICTED: N_("NATO RESTRICTED"),
    Classification.CONFIDENTIAL: N_("NATO CONFIDENTIAL"),
    Classification.SECRET: N_("NATO SECRET"),
}
BODY_NAMES = {
    "NATO": N_("NATO staff"),
    "NCIRC": N_("NATO Computer Incident Response Capability"),
}


_CSRF = N_("the form's CSRF token is missing or stale; reload the page and try again")
_STIX_JSON = N_("the STIX object is not valid JSON ({reason}); expected a JSON object")
_ONLY = N_("{originator} only")
_RELEASABLE = N_("releasable to {audience}")
_AND_TEAM = N_("{release}, and NATO's response team")
_NOT_INCIDENT = N_("no incident '{id}'")
_NOT_PRACTICE = N_("no best-practice note '{id}'")

LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
TextQuery = Annotated[str | None, Query(max_length=200)]
NextQuery = Annotated[str | None, Query(alias="next", max_length=2000)]

#: The desk's entry in the navigation.
NAV = (NavItem("desk", "/desk", N_("Cyber desk")),)

pages = APIRouter(include_in_schema=False)


# --- Markdown -------------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.enable("table")

    def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        out: str = self.renderToken(tokens, idx, options, env)
        return out

    md.add_render_rule("link_open", link_open)
    return md


_MD = _markdown()


def render_markdown(text: str) -> Markup:
    """A best-practice note's Markdown as HTML, safely: raw HTML is shown as text, links
    with unsafe schemes (``javascript:``…) stay text, and images are not rendered.

    Example::

        >>> str(render_markdown("**Patch** <script>alert(1)</script>"))
        '<p><strong>Patch</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    """
    return Markup(_MD.render(text))  # markdown-it escapes every raw HTML with html=False


# --- sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """The signed-in user of a page and the CSRF token of their session."""

    principal: Principal
    csrf: str


def _visitor(request: Request, desk: Desk) -> Visitor | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        principal, csrf = desk.session_principal(cookie)
    except AuthenticationError:
        return None
    return Visitor(principal, csrf)


class _SignInFirst(Exception):
    """A desk page asked without a live session (answered by a redirect to the login)."""


def signed_in(request: Request, desk: DeskDep) -> Visitor:
    """The signed-in visitor of a desk page; without one, the page sends them to log in and
    come back."""
    v = _visitor(request, desk)
    if v is None:
        raise _SignInFirst
    return v


VisitorDep = Annotated[Visitor, Depends(signed_in)]


def _to_login(request: Request, _exc: Exception | None = None) -> RedirectResponse:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    return RedirectResponse("/desk/login?next=" + quote(target, safe=""), status_code=303)


def _safe_next(target: str) -> str:
    """Where to go after logging in: a desk page of this site only."""
    if target.startswith("/desk/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/desk/incidents"


def _csrf_ok(v: Visitor, sent: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode(), v.csrf.encode())


def _refused(request: Request, lang: str) -> HTMLResponse:
    return error_page(request, lang, PermissionDeniedError(_CSRF), "desk")


# --- views ----------------------------------------------------------------------------------


def organisation_name(code: str, lang: str) -> str:
    """A nation's name or a NATO body's, in ``lang``."""
    if code in NATO_BODIES:
        return gettext(BODY_NAMES[code], lang)
    try:
        return country(code).name(lang)
    except BucarestError:
        return code


def marking_view(m: Marking, reg: Registry, lang: str) -> dict[str, Any]:
    """How a page shows a marking: the TLP label and meaning, the releasability in words."""
    shorts = {f.id: f.short(lang) for f in reg.frameworks}
    audience = [shorts.get(f, f) for f in sorted(m.frameworks)] + sorted(m.nations)
    if m.originator_only or not audience:
        release = gettext(_ONLY, lang).format(originator=m.originator)
    else:
        release = gettext(_RELEASABLE, lang).format(audience=", ".join(audience))
    if m.response_team:
        release = gettext(_AND_TEAM, lang).format(release=release)
    return {
        "tlp": m.tlp.value,
        "tlp_label": f"TLP:{m.tlp.value.upper()}",
        "meaning": m.tlp.meaning(lang),
        "classification": gettext(CLASSIFICATION_LABELS[m.classification], lang),
        "release": release,
        "originator": m.originator,
        "originator_name": organisation_name(m.originator, lang),
    }


def _stamp(r: Record) -> dict[str, str]:
    return {
        "iso": r.created_at.isoformat(timespec="seconds"),
        "text": r.created_at.strftime("%Y-%m-%d %H:%M") + " UTC",
    }


def _label(labels: dict[str, str], value: Any, lang: str) -> str:
    key = str(value)
    return gettext(labels[key], lang) if key in labels else key


def _may_create(desk: Desk, p: Principal, kind: RecordKind) -> bool:
    """Whether the policy lets ``p`` create a ``kind`` record at all (for showing forms)."""
    if kind is RecordKind.ASSISTANCE:
        marking = request_marking(p.organisation)
    else:
        marking = Marking(originator=p.organisation, tlp=TLP.GREEN)
    d = can_write(p, Action.CREATE, kind, marking, desk.today(), desk.reg, ceiling=desk.ceiling)
    return d.allowed


def _may_add_under(desk: Desk, p: Principal, kind: RecordKind, parent: Record) -> bool:
    d = can_write(p, Action.CREATE, kind, parent.marking, desk.today(), desk.reg,
                  parent=parent.marking, ceiling=desk.ceiling)  # fmt: skip
    return d.allowed


def _next_url(path: str, cursor: str | None, **params: str) -> str | None:
    if cursor is None:
        return None
    query = {k: v for k, v in params.items() if v}
    query["next"] = cursor
    return path + "?" + urlencode(query)


class MarkingForm(BaseModel):
    """The marking fields every form of a top-level record carries, and its CSRF token."""

    csrf: str = ""
    tlp: str = "amber"
    classification: str = Classification.UNCLASSIFIED.value
    frameworks: list[str] = Field(default_factory=list)
    nations: str = ""
    originator_only: str = ""
    recipients: str = ""
    response_team: str = ""


class IncidentForm(MarkingForm):
    title: str = ""
    severity: str = "medium"
    status: str = "open"
    description: str = ""


class PracticeForm(MarkingForm):
    title: str = ""
    body: str = ""
    tags: str = ""


class ContactForm(MarkingForm):
    authority: str = ""
    name: str = ""
    function: str = ""
    email: str = ""
    phone: str = ""


class AssistanceForm(BaseModel):
    csrf: str = ""
    title: str = ""
    system: str = ""
    description: str = ""


class ChildForm(BaseModel):
    csrf: str = ""
    text: str = ""
    stix: str = ""


class StepForm(BaseModel):
    csrf: str = ""
    step: str = ""
    team: str = ""
    lessons: str = ""


class LoginForm(BaseModel):
    csrf: str = ""
    username: str = ""
    password: str = ""
    next: str = ""


class CsrfForm(BaseModel):
    csrf: str = ""


def _split(text: str) -> list[str]:
    return [x for x in text.replace(",", " ").replace(";", " ").split() if x]


def _form_marking(form: MarkingForm, organisation: str) -> Marking:
    raw = {
        "tlp": form.tlp.strip().lower(),
        "classification": form.classification.strip().lower(),
        "frameworks": form.frameworks,
        "nations": _split(form.nations),
        "originator_only": bool(form.originator_only),
        "recipients": _split(form.recipients),
        "response_team": bool(form.response_team),
    }
    return parse_marking(raw, organisation)


def _marking_choices(reg: Registry, lang: str, form: MarkingForm) -> dict[str, Any]:
    """What the marking fieldset offers: TLP labels with their meaning, the classifications
    up to the ceiling, and the registry's frameworks."""
    return {
        "tlps": [
            {"value": t.value, "label": f"TLP:{t.value.upper()}", "meaning": t.meaning(lang),
             "selected": t.value == form.tlp}
            for t in TLP
        ],
        "classifications": [
            {"value": c.value, "label": gettext(CLASSIFICATION_LABELS[c], lang),
             "selected": c.value == form.classification}
            for c in (Classification.PUBLIC, Classification.UNCLASSIFIED)
        ],
        "frameworks": [
            {"id": f.id, "label": f.short(lang), "title": f.name(lang),
             "checked": f.id in form.frameworks}
            for f in reg.frameworks
        ],
    }  # fmt: skip


# --- rendering ------------------------------------------------------------------------------


def _render(request: Request, lang: str, v: Visitor, template: str, section: str,
            status_code: int = 200, **context: Any) -> HTMLResponse:  # fmt: skip
    p = v.principal
    context.setdefault("error", None)
    return render(
        request,
        template,
        lang,
        active="desk",
        status_code=status_code,
        me={
            "username": p.username,
            "organisation": p.organisation,
            "organisation_name": organisation_name(p.organisation, lang),
            "roles": ", ".join(gettext(ROLE_LABELS[r], lang) for r in sorted(p.roles)),
        },
        csrf=v.csrf,
        section=section,
        **context,
    )


def _incident_rows(desk: Desk, records: tuple[Record, ...], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "title": r.fields.get("title", ""),
            "severity": r.fields.get("severity", ""),
            "severity_label": _label(SEVERITY_LABELS, r.fields.get("severity"), lang),
            "status_label": _label(INCIDENT_STATUS_LABELS, r.fields.get("status"), lang),
            "marking": marking_view(r.marking, desk.reg, lang),
            "created": _stamp(r),
        }
        for r in records
    ]


def _assistance_view(desk: Desk, r: Record, lang: str) -> dict[str, Any]:
    f = r.fields
    return {
        "id": r.id,
        "title": f.get("title", ""),
        "system": f.get("system", ""),
        "description": f.get("description", ""),
        "state": f.get("state", ""),
        "state_label": _label(STATE_LABELS, f.get("state"), lang),
        "overdue": acknowledgement_overdue(f, desk.now()),
        "team": ", ".join(f.get("team", [])),
        "lessons": f.get("lessons", ""),
        "steps": [
            {"label": _label(STEP_LABELS, s.get("step"), lang), "at": s.get("at", ""),
             "by": s.get("by", ""), "detail": s.get("detail", "")}
            for s in f.get("steps", [])
        ],
        "marking": marking_view(r.marking, desk.reg, lang),
        "requester": organisation_name(r.marking.originator, lang),
        "created": _stamp(r),
    }  # fmt: skip


def _indicator_view(r: Record) -> dict[str, Any]:
    stix = r.fields.get("stix", {})
    return {
        "id": r.id,
        "stix_id": stix.get("id", ""),
        "type": stix.get("type", ""),
        "name": stix.get("name", ""),
        "pattern": stix.get("pattern", ""),
        "author": r.author,
        "created": _stamp(r),
    }


def _note_view(r: Record) -> dict[str, Any]:
    return {"id": r.id, "text": r.fields.get("text", ""), "author": r.author, "created": _stamp(r)}


# --- pages ----------------------------------------------------------------------------------


@pages.get("/desk", response_class=HTMLResponse)
def desk_home(request: Request, desk: DeskDep) -> Response:
    if _visitor(request, desk) is None:
        return RedirectResponse("/desk/login", status_code=303)
    return RedirectResponse("/desk/incidents", status_code=303)


def _login_page(request: Request, lang: str, target: str, error: str | None = None,
                status_code: int = 200, username: str = "") -> HTMLResponse:  # fmt: skip
    token = secrets.token_urlsafe(24)
    response = render(request, "desk_login.html", lang, active="desk", status_code=status_code,
                      csrf=token, next=_safe_next(target), error=error, username=username)  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/desk/login",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


@pages.get("/desk/login", response_class=HTMLResponse)
def login_page(request: Request, lang: LangQuery = None, target: NextQuery = None) -> Response:
    return _login_page(request, web_lang(request, lang), target or "")


@pages.post("/desk/login", response_class=HTMLResponse)
def login(request: Request, desk: DeskDep, form: Annotated[LoginForm, Form()],
          lang: LangQuery = None) -> Response:  # fmt: skip
    lang = web_lang(request, lang)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not form.csrf or not hmac.compare_digest(form.csrf, expected):
        message = PermissionDeniedError(_CSRF).translated(lang)
        return _login_page(request, lang, form.next, message, 403, form.username)
    try:
        principal = desk.login(form.username.strip(), form.password)
        cookie, _csrf = desk.open_session(principal)
    except BucarestError as exc:
        return _login_page(request, lang, form.next, exc.translated(lang), status_for(exc),
                           form.username)  # fmt: skip
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        desk.close_session(old)
    response = RedirectResponse(_safe_next(form.next), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/desk/login")
    return response


@pages.post("/desk/logout")
def logout(request: Request, desk: DeskDep, form: Annotated[CsrfForm, Form()],
           lang: LangQuery = None) -> Response:  # fmt: skip
    lang = web_lang(request, lang)
    v = _visitor(request, desk)
    if v is not None:
        if not _csrf_ok(v, form.csrf):
            return _refused(request, lang)
        desk.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/desk/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# --- incidents ------------------------------------------------------------------------------


@pages.get("/desk/incidents", response_class=HTMLResponse)
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
    try:
        page = desk.page(v.principal, RecordKind.INCIDENT, text=text, limit=PAGE_SIZE,
                         cursor=cursor or None)  # fmt: skip
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    return _render(request, lang, v, "desk_incidents.html", "incidents",
                   rows=_incident_rows(desk, page.records, lang), q=text,
                   next_url=_next_url("/desk/incidents", page.next, q=text),
                   can_file=_may_create(desk, v.principal, RecordKind.INCIDENT))  # fmt: skip


def _incident_form(request: Request, lang: str, v: Visitor, desk: Desk, form: IncidentForm,
                   error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return _render(request, lang, v, "desk_incident_form.html", "incidents",
                   status_code=status_code, error=error, form=form,
                   severities=[{"value": k, "label": gettext(x, lang)} for k, x in SEVERITY_LABELS.items()],
                   statuses=[{"value": k, "label": gettext(x, lang)} for k, x in INCIDENT_STATUS_LABELS.items()],
                   **_marking_choices(desk.reg, lang, form))  # fmt: skip


@pages.get("/desk/incidents/new", response_class=HTMLResponse)
def new_incident_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _incident_form(request, lang, v, desk, IncidentForm())


@pages.post("/desk/incidents", response_class=HTMLResponse)
def file_incident(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[IncidentForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    fields = {"title": form.title, "severity": form.severity, "status": form.status,
              "description": form.description}  # fmt: skip
    try:
        marking = _form_marking(form, v.principal.organisation)
        record = desk.create(v.principal, RecordKind.INCIDENT, fields, marking)
    except BucarestError as exc:
        return _incident_form(request, lang, v, desk, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/incidents/{record.id}", status_code=303)


def _incident_page(request: Request, lang: str, v: Visitor, desk: Desk, record_id: str,
                   error: str | None = None, status_code: int = 200,
                   child: ChildForm | None = None) -> HTMLResponse:  # fmt: skip
    p = v.principal
    try:
        record = desk.get(p, record_id)
        if record.kind is not RecordKind.INCIDENT:
            raise NotFoundError(_NOT_INCIDENT, id=record_id[:64])
        notes = desk.page(p, RecordKind.NOTE, limit=200, parent_id=record.id)
        indicators = desk.page(p, RecordKind.INDICATOR, limit=200, parent_id=record.id)
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    f = record.fields
    incident = {
        "id": record.id,
        "title": f.get("title", ""),
        "severity": f.get("severity", ""),
        "severity_label": _label(SEVERITY_LABELS, f.get("severity"), lang),
        "status_label": _label(INCIDENT_STATUS_LABELS, f.get("status"), lang),
        "description": f.get("description", ""),
        "timeline": f.get("timeline", []),
        "author": record.author,
        "marking": marking_view(record.marking, desk.reg, lang),
        "created": _stamp(record),
    }
    return _render(request, lang, v, "desk_incident.html", "incidents", status_code=status_code,
                   error=error, incident=incident, child=child or ChildForm(),
                   notes=[_note_view(n) for n in notes.records],
                   indicators=[_indicator_view(i) for i in indicators.records],
                   can_note=_may_add_under(desk, p, RecordKind.NOTE, record),
                   can_indicate=_may_add_under(desk, p, RecordKind.INDICATOR, record))  # fmt: skip


@pages.get("/desk/incidents/{record_id}", response_class=HTMLResponse)
def incident_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _incident_page(request, lang, v, desk, record_id)


@pages.post("/desk/incidents/{record_id}/notes", response_class=HTMLResponse)
def add_note(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[ChildForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    try:
        create_record(desk, v.principal, RecordKind.NOTE, {"fields": {"text": form.text}},
                      parent_id=record_id)  # fmt: skip
    except NotFoundError as exc:
        return error_page(request, lang, exc, "desk")
    except BucarestError as exc:
        return _incident_page(request, lang, v, desk, record_id, exc.translated(lang),
                              status_for(exc), form)  # fmt: skip
    return RedirectResponse(f"/desk/incidents/{record_id}#notes", status_code=303)


@pages.post("/desk/incidents/{record_id}/indicators", response_class=HTMLResponse)
def add_indicator(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[ChildForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    try:
        try:
            stix = json.loads(form.stix)
        except ValueError as exc:
            reason = " ".join(str(exc).split())[:200]
            raise InvalidInputError(_STIX_JSON, reason=reason) from None
        create_record(desk, v.principal, RecordKind.INDICATOR, {"stix": stix},
                      parent_id=record_id)  # fmt: skip
    except NotFoundError as exc:
        return error_page(request, lang, exc, "desk")
    except BucarestError as exc:
        return _incident_page(request, lang, v, desk, record_id, exc.translated(lang),
                              status_for(exc), form)  # fmt: skip
    return RedirectResponse(f"/desk/incidents/{record_id}#indicators", status_code=303)


# --- assistance -----------------------------------------------------------------------------


@pages.get("/desk/assistance", response_class=HTMLResponse)
def assistance_list_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None, cursor: NextQuery = None
) -> Response:
    lang = web_lang(request, lang)
    try:
        page = desk.page(v.principal, RecordKind.ASSISTANCE, limit=PAGE_SIZE, cursor=cursor or None)
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    return _render(request, lang, v, "desk_assistance_list.html", "assistance",
                   rows=[_assistance_view(desk, r, lang) for r in page.records],
                   next_url=_next_url("/desk/assistance", page.next),
                   can_request=_may_create(desk, v.principal, RecordKind.ASSISTANCE))  # fmt: skip


def _assistance_form(request: Request, lang: str, v: Visitor, form: AssistanceForm,
                     error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return _render(request, lang, v, "desk_assistance_form.html", "assistance",
                   status_code=status_code, error=error, form=form)  # fmt: skip


@pages.get("/desk/assistance/new", response_class=HTMLResponse)
def new_assistance_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _assistance_form(request, lang, v, AssistanceForm())


@pages.post("/desk/assistance", response_class=HTMLResponse)
def request_assistance(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[AssistanceForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    fields = {"title": form.title, "system": form.system, "description": form.description}
    try:
        record = desk.request_assistance(v.principal, fields)
    except BucarestError as exc:
        return _assistance_form(request, lang, v, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/assistance/{record.id}", status_code=303)


def _assistance_page(request: Request, lang: str, v: Visitor, desk: Desk, record_id: str,
                     error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    p = v.principal
    try:
        record = desk.get(p, record_id)
        if record.kind is not RecordKind.ASSISTANCE:
            raise NotFoundError(NO_ASSISTANCE, id=record_id[:64])
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    view = _assistance_view(desk, record, lang)
    step = next_step(view["state"])
    action = None
    if step is not None:
        d = can_write(p, Action(step.value), RecordKind.ASSISTANCE, record.marking, desk.today(),
                      desk.reg, ceiling=desk.ceiling)  # fmt: skip
        if d.allowed:
            action = {"step": step.value, "label": gettext(STEP_BUTTONS[step], lang)}
    return _render(request, lang, v, "desk_assistance.html", "assistance",
                   status_code=status_code, error=error, request_view=view, action=action)  # fmt: skip


@pages.get("/desk/assistance/{record_id}", response_class=HTMLResponse)
def assistance_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _assistance_page(request, lang, v, desk, record_id)


@pages.post("/desk/assistance/{record_id}/step", response_class=HTMLResponse)
def assistance_step(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    record_id: str,
    form: Annotated[StepForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    try:
        desk.advance(v.principal, record_id, parse_step(form.step), team=_split(form.team),
                     lessons=form.lessons)  # fmt: skip
    except NotFoundError as exc:
        return error_page(request, lang, exc, "desk")
    except BucarestError as exc:
        return _assistance_page(request, lang, v, desk, record_id, exc.translated(lang),
                                status_for(exc))  # fmt: skip
    return RedirectResponse(f"/desk/assistance/{record_id}", status_code=303)


# --- best practices -------------------------------------------------------------------------


@pages.get("/desk/practices", response_class=HTMLResponse)
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
    try:
        page = desk.page(v.principal, RecordKind.PRACTICE, text=text, limit=PAGE_SIZE,
                         cursor=cursor or None)  # fmt: skip
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    rows = [
        {"id": r.id, "title": r.fields.get("title", ""), "tags": r.fields.get("tags", []),
         "marking": marking_view(r.marking, desk.reg, lang), "created": _stamp(r)}
        for r in page.records
    ]  # fmt: skip
    return _render(request, lang, v, "desk_practices.html", "practices", rows=rows, q=text,
                   next_url=_next_url("/desk/practices", page.next, q=text),
                   can_add=_may_create(desk, v.principal, RecordKind.PRACTICE))  # fmt: skip


def _practice_form(request: Request, lang: str, v: Visitor, desk: Desk, form: PracticeForm,
                   error: str | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return _render(request, lang, v, "desk_practice_form.html", "practices",
                   status_code=status_code, error=error, form=form,
                   **_marking_choices(desk.reg, lang, form))  # fmt: skip


@pages.get("/desk/practices/new", response_class=HTMLResponse)
def new_practice_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _practice_form(request, lang, v, desk, PracticeForm())


@pages.post("/desk/practices", response_class=HTMLResponse)
def add_practice(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[PracticeForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    fields = {"title": form.title, "body": form.body, "tags": _split(form.tags)}
    try:
        marking = _form_marking(form, v.principal.organisation)
        record = desk.create(v.principal, RecordKind.PRACTICE, fields, marking)
    except BucarestError as exc:
        return _practice_form(request, lang, v, desk, form, exc.translated(lang), status_for(exc))
    return RedirectResponse(f"/desk/practices/{record.id}", status_code=303)


@pages.get("/desk/practices/{record_id}", response_class=HTMLResponse)
def practice_page(
    request: Request, desk: DeskDep, v: VisitorDep, record_id: str, lang: LangQuery = None
) -> Response:
    lang = web_lang(request, lang)
    try:
        record = desk.get(v.principal, record_id)
        if record.kind is not RecordKind.PRACTICE:
            raise NotFoundError(_NOT_PRACTICE, id=record_id[:64])
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
    practice = {
        "id": record.id,
        "title": record.fields.get("title", ""),
        "body": render_markdown(str(record.fields.get("body", ""))),
        "tags": record.fields.get("tags", []),
        "author": record.author,
        "marking": marking_view(record.marking, desk.reg, lang),
        "created": _stamp(record),
    }
    return _render(request, lang, v, "desk_practice.html", "practices", practice=practice)


# --- contacts -------------------------------------------------------------------------------


def _contacts_page(request: Request, lang: str, v: Visitor, desk: Desk, form: ContactForm,
                   cursor: str | None = None, error: str | None = None,
                   status_code: int = 200) -> HTMLResponse:  # fmt: skip
    try:
        page = desk.page(v.principal, RecordKind.CONTACT, limit=500, cursor=cursor)
    except BucarestError as exc:
        return error_page(request, lang, exc, "desk")
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
    return _render(request, lang, v, "desk_contacts.html", "contacts", status_code=status_code,
                   error=error, nations=nations, form=form,
                   next_url=_next_url("/desk/contacts", page.next),
                   can_add=_may_create(desk, v.principal, RecordKind.CONTACT),
                   **_marking_choices(desk.reg, lang, form))  # fmt: skip


@pages.get("/desk/contacts", response_class=HTMLResponse)
def contacts_page(
    request: Request, desk: DeskDep, v: VisitorDep, lang: LangQuery = None, cursor: NextQuery = None
) -> Response:
    lang = web_lang(request, lang)
    return _contacts_page(request, lang, v, desk, ContactForm(), cursor or None)


@pages.post("/desk/contacts", response_class=HTMLResponse)
def add_contact(
    request: Request,
    desk: DeskDep,
    v: VisitorDep,
    form: Annotated[ContactForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    if not _csrf_ok(v, form.csrf):
        return _refused(request, lang)
    fields = {k: getattr(form, k) for k in ("authority", "name", "function", "email", "phone")}
    try:
        marking = _form_marking(form, v.principal.organisation)
        desk.create(v.principal, RecordKind.CONTACT, fields, marking)
    except BucarestError as exc:
        return _contacts_page(request, lang, v, desk, form, None, exc.translated(lang),
                              status_for(exc))  # fmt: skip
    return RedirectResponse("/desk/contacts", status_code=303)


class BodyLimit:
    """413 for a desk form whose declared body is over the limit, before anything parses it
    (the form parser would read it first). The JSON API checks its own bodies, streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith("/desk"):
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                request = Request(scope)
                lang = web_lang(request, request.query_params.get("lang"))
                message = gettext(TOO_LARGE, lang).format(limit=MAX_BODY_BYTES)
                response = render(request, "platform/error.html", lang, active="desk", status_code=413,
                                  message=message)  # fmt: skip
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_desk_pages(app: FastAPI) -> None:
    """Add the web desk, its body limit and its navigation entry (before About)."""
    app.add_middleware(BodyLimit)
    app.add_exception_handler(_SignInFirst, _to_login)
    app.include_router(pages)

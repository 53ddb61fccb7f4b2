"""The country page and its correction forms: a country's memberships and accession steps,
and, for a signed-in registry editor or administrator, the forms that record a membership,
correct one, or record an accession step.

``GET /countries/{code}`` shows the history (as ``GET /api/v1/countries/{code}``) and the
latest changes to it from the registry's change log. Each form posts to the page's address
with the session's CSRF token and writes through :mod:`bucarest.registry.service`, the same
functions as the JSON API:

* ``POST /countries/{code}/memberships`` — record a membership;
* ``POST /countries/{code}/memberships/{id}`` — correct a membership;
* ``POST /countries/{code}/accession-events`` — record an accession step.

A visitor who is not signed in is sent to log in; a missing or stale token, or a user
without the role, gets a 403 page; a value the rules refuse re-renders the page with the
form as it was typed and one message in it (nothing is saved); a recorded change redirects
to the page (POST/redirect/GET), where it shows, credited to the user in the change log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from bucarest.core.errors import N_, BucarestError, NotFoundError
from bucarest.core.i18n import gettext
from bucarest.core.identity import Role
from bucarest.platform.account import CsrfForm, Visitor, VisitorDep, login_url
from bucarest.platform.account import visitor_of as account_visitor
from bucarest.platform.forms import Failed, checked_body, given, lines, refusal, typed
from bucarest.platform.http import AccountsDep, SessionDep, status_for
from bucarest.platform.pages import render, web_lang
from bucarest.registry.deps import RegistryDep
from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.queries import country_history
from bucarest.registry.labels import CAUSE_LABELS, STAGE_LABELS, STATUS_LABELS
from bucarest.registry.records import CONFIDENCE_LABELS, history_record
from bucarest.registry.schemas import AccessionEventCreate, MembershipCreate, MembershipUpdate
from bucarest.registry.service import correct_membership, record_event, record_membership
from bucarest.registry.store import RegistryRepository

__all__ = ["EDITORS", "router"]

#: Who may use the forms (an administrator may too).
EDITORS = (Role.REGISTRY_EDITOR, Role.ADMINISTRATOR)

LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
CodeParam = Annotated[str, Path(description="ISO 3166-1 alpha-3", max_length=8)]
SavedQuery = Annotated[str | None, Query(max_length=40)]

_NOT_HERE = N_("no membership with id {id} for {country}; pick one listed on this page")

#: What each action of the change log did, as the page says it.
_CHANGES = {"add": N_("recorded"), "correct": N_("corrected")}

#: The label of each field as the forms show it (named in the one-line messages).
LABELS = {
    "framework": N_("Framework"),
    "status": N_("Status"),
    "start": N_("Start"),
    "end": N_("End"),
    "end_cause": N_("End cause"),
    "sources": N_("Sources (one per line)"),
    "confidence": N_("Confidence"),
    "note": N_("Note"),
    "reason": N_("Reason"),
    "stage": N_("Stage"),
    "date": N_("Date"),
    "ally": N_("Ratifying Ally"),
    "source": N_("Source"),
}


class MembershipForm(CsrfForm):
    """The fields of "Record a membership"."""

    framework: str = ""
    status: str = ""
    start: str = ""
    end: str = ""
    end_cause: str = ""
    sources: str = ""
    confidence: str = ""
    note: str = ""
    reason: str = ""


class CorrectionForm(CsrfForm):
    """The fields of "Correct" (an empty field keeps what is recorded)."""

    start: str = ""
    end: str = ""
    end_cause: str = ""
    sources: str = ""
    confidence: str = ""
    note: str = ""
    reason: str = ""


class EventForm(CsrfForm):
    """The fields of "Record an accession step"."""

    stage: str = ""
    date: str = ""
    ally: str = ""
    source: str = ""
    confidence: str = ""
    note: str = ""
    reason: str = ""


def _choices(labels: dict[Any, str], lang: str) -> list[dict[str, str]]:
    return [{"value": k.value, "label": gettext(v, lang)} for k, v in labels.items()]


def _page(
    request: Request,
    reg: Registry,
    session: Session,
    code: str,
    lang: str,
    visitor: Visitor | None,
    failed: Failed | None = None,
    saved: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    history = country_history(reg, code)
    record = history_record(history, lang)
    frameworks = {f.id: f for f in reg.frameworks}
    for m in record["memberships"]:
        f = frameworks.get(m["framework"])
        m["framework_name"] = f.name(lang) if f else m["framework"]
        m["framework_short"] = f.short(lang) if f else m["framework"]
    changes = RegistryRepository(session).changes_about(
        [m.id for m in history.memberships if m.id is not None],
        [e.id for e in history.events if e.id is not None],
    )
    editor = visitor is not None and visitor.principal.has(*EDITORS)
    return render(
        request,
        "registry/country.html",
        lang,
        active="map",
        status_code=status_code,
        record=record,
        changes=changes,
        visitor=visitor,
        editor=editor,
        csrf=visitor.csrf if editor and visitor else "",
        failed=failed or Failed(""),
        saved=saved or "",
        login=login_url(f"/countries/{history.country}"),
        frameworks=[
            {"value": f.id, "label": f"{f.short(lang)} — {f.name(lang)}"} for f in reg.frameworks
        ],  # fmt: skip
        statuses=_choices(STATUS_LABELS, lang),
        causes=_choices(CAUSE_LABELS, lang),
        stages=_choices(STAGE_LABELS, lang),
        confidences=_choices(CONFIDENCE_LABELS, lang),
        change_labels={k: gettext(v, lang) for k, v in _CHANGES.items()},
    )


router = APIRouter(include_in_schema=False)


@router.get("/countries/{code}", response_class=HTMLResponse, include_in_schema=False)
def country_page(
    request: Request,
    reg: RegistryDep,
    session: SessionDep,
    accounts: AccountsDep,
    code: CodeParam,
    lang: LangQuery = None,
    saved: SavedQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    return _page(request, reg, session, code, lang, account_visitor(request, accounts),
                 saved=saved)  # fmt: skip


def _write(
    request: Request,
    reg: Registry,
    session: SessionDep,
    v: Visitor,
    code: str,
    lang: str,
    form: CsrfForm,
    form_key: str,
    write: Callable[[], str],
) -> Response:
    """Check the token and the role, then ``write`` (which returns the anchor of what it
    recorded) and go back to the page; a refused value re-renders the page."""
    refusing = refusal(request, lang, v, form, EDITORS, "map")
    if refusing is not None:
        return refusing
    country = country_history(reg, code).country
    try:
        anchor = write()
    except BucarestError as exc:
        session.rollback()
        failed = Failed(form_key, typed(form), exc.translated(lang))
        return _page(request, reg, session, country, lang, v, failed, status_code=status_for(exc))
    query = urlencode({"lang": lang, "saved": anchor})
    return RedirectResponse(f"/countries/{country}?{query}#{anchor}", status_code=303)


@router.post("/countries/{code}/memberships", response_class=HTMLResponse)
def add_membership(
    request: Request,
    reg: RegistryDep,
    session: SessionDep,
    v: VisitorDep,
    code: CodeParam,
    form: Annotated[MembershipForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)

    def write() -> str:
        values = given({**typed(form), "country": country_history(reg, code).country,
                         "sources": lines(form.sources)})  # fmt: skip
        body = checked_body(MembershipCreate, values, LABELS)
        return f"membership-{record_membership(session, body, v.principal).id}"

    return _write(request, reg, session, v, code, lang, form, "membership-new", write)


@router.post("/countries/{code}/memberships/{membership_id}", response_class=HTMLResponse)
def correct(
    request: Request,
    reg: RegistryDep,
    session: SessionDep,
    v: VisitorDep,
    code: CodeParam,
    membership_id: int,
    form: Annotated[CorrectionForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)

    history = country_history(reg, code)
    if membership_id not in {m.id for m in history.memberships}:
        # No form on the page to show this in: the 404 page says it.
        raise NotFoundError(_NOT_HERE, id=str(membership_id), country=history.country)

    def write() -> str:
        values = given({**typed(form), "sources": lines(form.sources)})
        body = checked_body(MembershipUpdate, values, LABELS)
        correct_membership(session, membership_id, body, v.principal)
        return f"membership-{membership_id}"

    key = f"membership-{membership_id}"
    return _write(request, reg, session, v, code, lang, form, key, write)


@router.post("/countries/{code}/accession-events", response_class=HTMLResponse)
def add_event(
    request: Request,
    reg: RegistryDep,
    session: SessionDep,
    v: VisitorDep,
    code: CodeParam,
    form: Annotated[EventForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)

    def write() -> str:
        country = country_history(reg, code).country
        body = checked_body(AccessionEventCreate, given({**typed(form), "country": country}),
                            LABELS)  # fmt: skip
        return f"event-{record_event(session, body, v.principal).id}"

    return _write(request, reg, session, v, code, lang, form, "event-new", write)

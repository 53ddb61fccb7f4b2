"""The commitment page's forms: a signed-in ledger editor or administrator records a status
change or scores an actor's compliance from the page of the commitment.

Each form posts the session's CSRF token and the commitment's version (a change made by
someone else since the page was read is refused) and writes through
:mod:`bucarest.ledger.service`, the same functions as the JSON API:

* ``POST /ledger/{id}/status`` — record a status change;
* ``POST /ledger/{id}/assessments`` — score an actor's compliance.

A visitor who is not signed in is sent to log in; a missing or stale token, or a user
without the role, gets a 403 page; a value the rules refuse re-renders the page with the
form as it was typed and one message in it (nothing is saved); a recorded change redirects
to the page (POST/redirect/GET), where it shows, credited to the user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.dates import today
from bucarest.core.errors import N_, BucarestError
from bucarest.ledger.deps import LedgerDep
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.schemas import AssessmentCreate, StatusEventCreate
from bucarest.ledger.service import assess, record_status
from bucarest.ledger.views import EDITORS, commitment_page
from bucarest.platform.account import CsrfForm, Visitor, VisitorDep
from bucarest.platform.forms import Failed, checked_body, given, refusal, typed
from bucarest.platform.http import SessionDep, status_for
from bucarest.platform.pages import render, web_lang

__all__ = ["LABELS", "router"]

LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
IdParam = Annotated[str, Path(description="Commitment id", max_length=120)]


#: The label of each field as the forms show it (named in the one-line messages).
LABELS = {
    "status": N_("New status"),
    "on": N_("On"),
    "evidence": N_("Evidence"),
    "note": N_("Note"),
    "version": N_("Version"),
    "actor": N_("Actor"),
    "score": N_("Score"),
    "as_of": N_("As of"),
}


class StatusForm(CsrfForm):
    """The fields of "Record a status change"."""

    status: str = ""
    on: str = ""
    evidence: str = ""
    note: str = ""
    version: str = ""


class AssessmentForm(CsrfForm):
    """The fields of "Score compliance"."""

    actor: str = ""
    score: str = ""
    as_of: str = ""
    evidence: str = ""
    version: str = ""


def _write(
    request: Request,
    ledger: Ledger,
    session: SessionDep,
    v: Visitor,
    commitment_id: str,
    lang: str,
    form: CsrfForm,
    form_key: str,
    write: Callable[[], None],
) -> Response:
    """Check the token and the role, then ``write`` and go back to the page; a refused value
    re-renders the page with the form as typed."""
    refusing = refusal(request, lang, v, form, EDITORS, "ledger")
    if refusing is not None:
        return refusing
    c = ledger.commitment(commitment_id)
    try:
        write()
    except BucarestError as exc:
        session.rollback()
        failed = Failed(form_key, typed(form), exc.translated(lang))
        view = commitment_page(ledger, c, today(), lang, v, failed)
        return render(request, "ledger/commitment.html", lang, active="ledger",
                      status_code=status_for(exc), **view)  # fmt: skip
    return RedirectResponse(f"/ledger/{c.id}?lang={lang}&saved={form_key}#{form_key}",
                            status_code=303)  # fmt: skip


router = APIRouter(include_in_schema=False)


@router.post("/ledger/{commitment_id}/status", response_class=HTMLResponse)
def add_status(
    request: Request,
    ledger: LedgerDep,
    session: SessionDep,
    v: VisitorDep,
    commitment_id: IdParam,
    form: Annotated[StatusForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)

    def write() -> None:
        body = checked_body(StatusEventCreate, given(typed(form)), LABELS)
        record_status(session, ledger, commitment_id, body, v.principal)

    return _write(request, ledger, session, v, commitment_id, lang, form, "status-form", write)


@router.post("/ledger/{commitment_id}/assessments", response_class=HTMLResponse)
def add_assessment(
    request: Request,
    ledger: LedgerDep,
    session: SessionDep,
    v: VisitorDep,
    commitment_id: IdParam,
    form: Annotated[AssessmentForm, Form()],
    lang: LangQuery = None,
) -> Response:
    lang = web_lang(request, lang)

    def write() -> None:
        body = checked_body(AssessmentCreate, given(typed(form)), LABELS)
        assess(session, ledger, commitment_id, body, v.principal)

    return _write(request, ledger, session, v, commitment_id, lang, form, "assessment-form", write)

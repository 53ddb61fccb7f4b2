"""The desk's entry points to signing in, which the platform serves
(:mod:`bucarest.platform.account`): ``/desk`` goes to the incidents or to the login page, and
the old ``/desk/login`` and ``/desk/logout`` addresses keep working (the login coming back to
the desk by default)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.platform import account
from bucarest.platform.account import (
    CsrfForm,
    LangQuery,
    LoginForm,
    NextQuery,
    Visitor,
    VisitorDep,
    csrf_ok,
    login_url,
    visitor_of,
)
from bucarest.platform.http import AccountsDep

__all__ = ["HOME", "Visitor", "VisitorDep", "csrf_ok", "refused", "router"]

router = APIRouter(include_in_schema=False)

#: Where a desk user lands after logging in.
HOME = "/desk/incidents"


def refused(request: Request, lang: str) -> HTMLResponse:
    """The desk's 403 page of a form whose CSRF token is missing or stale."""
    return account.refused(request, lang, active="desk")


@router.get("/desk", response_class=HTMLResponse)
def desk_home(request: Request, accounts: AccountsDep) -> Response:
    if visitor_of(request, accounts) is None:
        return RedirectResponse(login_url(HOME), status_code=303)
    return RedirectResponse(HOME, status_code=303)


@router.get("/desk/login", response_class=HTMLResponse)
def login_page(request: Request, lang: LangQuery = None, target: NextQuery = None) -> Response:
    query = {"next": account.safe_next(target or "", HOME)}
    if lang:
        query["lang"] = lang
    return RedirectResponse(account.LOGIN_PATH + "?" + urlencode(query), status_code=303)


@router.post("/desk/login", response_class=HTMLResponse)
def login(request: Request, accounts: AccountsDep, form: Annotated[LoginForm, Form()],
          lang: LangQuery = None) -> Response:  # fmt: skip
    form = form.model_copy(update={"next": account.safe_next(form.next, HOME)})
    return account.login(request, accounts, form, lang)


@router.post("/desk/logout")
def logout(request: Request, accounts: AccountsDep, form: Annotated[CsrfForm, Form()],
           lang: LangQuery = None) -> Response:  # fmt: skip
    return account.logout(request, accounts, form, lang)

"""Signing in to the web desk: sessions in the database, the CSRF token of each session (and
a double-submit cookie for the login form), and the redirect to the login page."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BucarestError,
    PermissionDeniedError,
)
from bucarest.core.identity import Principal
from bucarest.desk.deps import DeskDep
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import CsrfForm, LangQuery, LoginForm, NextQuery
from bucarest.platform.http import SESSION_COOKIE, status_for
from bucarest.platform.identity import SESSION_LIFETIME
from bucarest.platform.pages import error_page, render, web_lang

__all__ = [
    "CSRF_STALE",
    "LOGIN_CSRF_COOKIE",
    "SignInFirst",
    "Visitor",
    "VisitorDep",
    "csrf_ok",
    "refused",
    "router",
    "safe_next",
    "signed_in",
    "to_login",
    "visitor_of",
]

router = APIRouter(include_in_schema=False)


#: The double-submit cookie of the login form (there is no session yet to hold a token).
LOGIN_CSRF_COOKIE = "bucarest_login_csrf"


CSRF_STALE = N_("the form's CSRF token is missing or stale; reload the page and try again")


@dataclass(frozen=True)
class Visitor:
    """The signed-in user of a page and the CSRF token of their session."""

    principal: Principal
    csrf: str


def visitor_of(request: Request, desk: Desk) -> Visitor | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        principal, csrf = desk.accounts.session_principal(cookie)
    except AuthenticationError:
        return None
    return Visitor(principal, csrf)


class SignInFirst(Exception):
    """A desk page asked without a live session (answered by a redirect to the login)."""


def signed_in(request: Request, desk: DeskDep) -> Visitor:
    """The signed-in visitor of a desk page; without one, the page sends them to log in and
    come back."""
    v = visitor_of(request, desk)
    if v is None:
        raise SignInFirst
    return v


VisitorDep = Annotated[Visitor, Depends(signed_in)]


def to_login(request: Request, _exc: Exception | None = None) -> RedirectResponse:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    return RedirectResponse("/desk/login?next=" + quote(target, safe=""), status_code=303)


def safe_next(target: str) -> str:
    """Where to go after logging in: a desk page of this site only."""
    if target.startswith("/desk/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/desk/incidents"


def csrf_ok(v: Visitor, sent: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode(), v.csrf.encode())


def refused(request: Request, lang: str) -> HTMLResponse:
    return error_page(request, lang, PermissionDeniedError(CSRF_STALE), "desk")


@router.get("/desk", response_class=HTMLResponse)
def desk_home(request: Request, desk: DeskDep) -> Response:
    if visitor_of(request, desk) is None:
        return RedirectResponse("/desk/login", status_code=303)
    return RedirectResponse("/desk/incidents", status_code=303)


def _login_page(request: Request, lang: str, target: str, error: str | None = None,
                status_code: int = 200, username: str = "") -> HTMLResponse:  # fmt: skip
    token = secrets.token_urlsafe(24)
    response = render(request, "desk/login.html", lang, active="desk", status_code=status_code,
                      csrf=token, next=safe_next(target), error=error, username=username)  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/desk/login",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/desk/login", response_class=HTMLResponse)
def login_page(request: Request, lang: LangQuery = None, target: NextQuery = None) -> Response:
    return _login_page(request, web_lang(request, lang), target or "")


@router.post("/desk/login", response_class=HTMLResponse)
def login(request: Request, desk: DeskDep, form: Annotated[LoginForm, Form()],
          lang: LangQuery = None) -> Response:  # fmt: skip
    lang = web_lang(request, lang)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not form.csrf or not hmac.compare_digest(form.csrf, expected):
        message = PermissionDeniedError(CSRF_STALE).translated(lang)
        return _login_page(request, lang, form.next, message, 403, form.username)
    try:
        principal = desk.accounts.login(form.username.strip(), form.password)
        cookie, _csrf = desk.accounts.open_session(principal)
    except BucarestError as exc:
        return _login_page(request, lang, form.next, exc.translated(lang), status_for(exc),
                           form.username)  # fmt: skip
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        desk.accounts.close_session(old)
    response = RedirectResponse(safe_next(form.next), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/desk/login")
    return response


@router.post("/desk/logout")
def logout(request: Request, desk: DeskDep, form: Annotated[CsrfForm, Form()],
           lang: LangQuery = None) -> Response:  # fmt: skip
    lang = web_lang(request, lang)
    v = visitor_of(request, desk)
    if v is not None:
        if not csrf_ok(v, form.csrf):
            return refused(request, lang)
        desk.accounts.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/desk/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response

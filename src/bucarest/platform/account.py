"""Signing in to the web pages of every capability: the session of a visitor, the redirect
to the login page, the CSRF check of a form, and the pages under ``/account``.

A capability's page asks for a signed-in visitor and checks the CSRF token of what it posts::

    from bucarest.platform.account import VisitorDep, csrf_ok, refused

    @router.post("/ledger/corrections")
    def correct(request: Request, v: VisitorDep, form: Annotated[MyForm, Form()]) -> Response:
        if not csrf_ok(v, form.csrf):
            return refused(request, lang, active="ledger")   # 403 page
        ...   # v.principal is who is writing; render forms with csrf=v.csrf

The API (stable; other capabilities build on it):

* :class:`Visitor` — ``principal`` (a :class:`~bucarest.core.identity.Principal`) and
  ``csrf`` (the session's token, put in every form as a hidden ``csrf`` field);
* :data:`VisitorDep` — a dependency: the signed-in visitor, else a 303 to
  ``/account/login?next=<this page>`` (and, while the user still has a one-time password,
  a 303 to ``/account/password``);
* :func:`visitor_of` — the visitor or None, for pages that anyone may see;
* :func:`csrf_ok` — whether a posted token is the session's; :func:`refused` — the 403
  page for a form whose token is missing or stale;
* :class:`CsrfForm` — a form of just the token (subclass it for a form with fields);
* :func:`login_url` — the login page's address with where to come back;
* :func:`install` — called once by the composition root.

Sessions are rows in the database (any worker answers any request): the ``bucarest_session``
cookie holds a random value whose SHA-256 is the row's key; it is HttpOnly, SameSite=Strict,
and ``Secure`` when the request came over https (or ``BUCAREST_SECURE_COOKIES`` says so).
The login form itself is protected by a short-lived double-submit cookie, as there is no
session yet to hold a token. A redirect after login goes only to a page of this site.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from bucarest.core.errors import N_, AuthenticationError, BucarestError, PermissionDeniedError
from bucarest.core.identity import Principal
from bucarest.platform.http import SESSION_COOKIE, AccountsDep, AccountsFactory, status_for
from bucarest.platform.identity import SESSION_LIFETIME, Accounts
from bucarest.platform.pages import error_page, render, web_lang

__all__ = [
    "CSRF_STALE",
    "CsrfForm",
    "LoginForm",
    "SignInFirst",
    "Visitor",
    "VisitorDep",
    "csrf_ok",
    "install",
    "login",
    "login_url",
    "refused",
    "router",
    "safe_next",
    "signed_in",
    "visitor_of",
]

router = APIRouter(include_in_schema=False)

#: The double-submit cookie of the login form (there is no session yet to hold a token).
LOGIN_CSRF_COOKIE = "bucarest_login_csrf"

CSRF_STALE = N_("the form's CSRF token is missing or stale; reload the page and try again")

LOGIN_PATH = "/account/login"


class CsrfForm(BaseModel):
    """A posted form's CSRF token (the ``csrf`` hidden field)."""

    csrf: str = ""


class LoginForm(CsrfForm):
    username: str = ""
    password: str = ""
    next: str = ""


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
NextQuery = Annotated[str | None, Query(alias="next", max_length=2000)]


@dataclass(frozen=True)
class Visitor:
    """The signed-in user of a page and the CSRF token of their session."""

    principal: Principal
    csrf: str


def visitor_of(request: Request, accounts: Accounts) -> Visitor | None:
    """The signed-in visitor of this request, or None (no cookie, an ended session, a
    disabled user)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        principal, csrf = accounts.session_principal(cookie)
    except AuthenticationError:
        return None
    return Visitor(principal, csrf)


class SignInFirst(Exception):
    """A page asked without a live session (answered by a redirect to the login)."""


def signed_in(request: Request, accounts: AccountsDep) -> Visitor:
    """The signed-in visitor of a page; without one, the page sends them to log in and
    come back."""
    v = visitor_of(request, accounts)
    if v is None:
        raise SignInFirst
    return v


VisitorDep = Annotated[Visitor, Depends(signed_in)]


def login_url(target: str = "") -> str:
    """The login page, coming back to ``target`` (a path of this site) afterwards."""
    return LOGIN_PATH + ("?next=" + quote(target, safe="") if target else "")


def _to_login(request: Request, _exc: Exception | None = None) -> RedirectResponse:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(login_url(target), status_code=303)


def safe_next(target: str, default: str = "/") -> str:
    """Where to go after logging in: a path of this site only, else ``default``."""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not target.startswith("/account/log")
    ):
        return target
    return default


def csrf_ok(v: Visitor, sent: str) -> bool:
    """Whether ``sent`` is the CSRF token of the visitor's session (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(sent.encode(), v.csrf.encode())


def refused(request: Request, lang: str, active: str = "") -> HTMLResponse:
    """The 403 page of a form whose CSRF token is missing or stale."""
    return error_page(request, lang, PermissionDeniedError(CSRF_STALE), active)


def secure_cookies(request: Request) -> bool:
    """Whether cookies get ``Secure``: the request came over https (the scheme the server
    took from a declared proxy), or the settings say every client uses https."""
    return request.url.scheme == "https" or bool(
        getattr(request.app.state, "secure_cookies", False)
    )


def _login_page(request: Request, lang: str, target: str, error: str | None = None,
                status_code: int = 200, username: str = "") -> HTMLResponse:  # fmt: skip
    token = secrets.token_urlsafe(24)
    response = render(request, "platform/login.html", lang, status_code=status_code,
                      csrf=token, next=safe_next(target, ""), error=error, username=username)  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/", httponly=True,
                        samesite="strict", secure=secure_cookies(request))  # fmt: skip
    return response


@router.get(LOGIN_PATH, response_class=HTMLResponse)
def login_page(request: Request, lang: LangQuery = None, target: NextQuery = None) -> Response:
    return _login_page(request, web_lang(request, lang), target or "")


@router.post(LOGIN_PATH, response_class=HTMLResponse)
def login(request: Request, accounts: AccountsDep, form: Annotated[LoginForm, Form()],
          lang: LangQuery = None) -> Response:  # fmt: skip
    """Check the password, open a session, and go to ``form.next`` (a page of this site)."""
    lang = web_lang(request, lang)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not form.csrf or not hmac.compare_digest(form.csrf, expected):
        message = PermissionDeniedError(CSRF_STALE).translated(lang)
        return _login_page(request, lang, form.next, message, 403, form.username)
    try:
        principal = accounts.login(form.username.strip(), form.password)
        cookie, _csrf = accounts.open_session(principal)
    except BucarestError as exc:
        return _login_page(request, lang, form.next, exc.translated(lang), status_for(exc),
                           form.username)  # fmt: skip
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.close_session(old)
    response = RedirectResponse(safe_next(form.next), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", httponly=True, samesite="strict",
                        secure=secure_cookies(request))  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/account/logout")
def logout(request: Request, accounts: AccountsDep, form: Annotated[CsrfForm, Form()],
           lang: LangQuery = None) -> Response:  # fmt: skip
    """End the session (its CSRF token required) and go to the login page."""
    lang = web_lang(request, lang)
    v = visitor_of(request, accounts)
    if v is not None:
        if not csrf_ok(v, form.csrf):
            return refused(request, lang)
        accounts.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=secure_cookies(request))  # fmt: skip
    return response


def install(app: FastAPI, accounts: AccountsFactory | None = None,
            secure: bool = False) -> None:  # fmt: skip
    """Serve the account pages on ``app``, answer :class:`SignInFirst` with a redirect to
    the login page, build each request's accounts with ``accounts`` (whose audit callback
    writes the audit chain; None: no audit), and mark cookies ``Secure`` on every request
    when ``secure``."""
    app.state.accounts_factory = accounts
    app.state.secure_cookies = secure
    app.include_router(router)
    app.add_exception_handler(SignInFirst, _to_login)

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

The pages: ``/account/login``, ``/account/logout`` (POST, with the CSRF token) and
``/account/password`` (choose a new password; the only page a one-time password opens), and
``POST /api/v1/account/password`` for programs. The account rules themselves (one-time
passwords, password rules, disabling, throttling) are :mod:`bucarest.platform.identity`'s.

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
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BucarestError,
    InvalidInputError,
    PermissionDeniedError,
)
from bucarest.core.identity import Principal
from bucarest.platform.database import utc_now
from bucarest.platform.http import (
    SESSION_COOKIE,
    AccountsDep,
    AccountsFactory,
    RequestBody,
    client_address,
    request_principal,
    retry_after,
    secure_cookies,
    status_for,
)
from bucarest.platform.identity import SESSION_LIFETIME, Accounts, LiveSession
from bucarest.platform.openapi import Answer, error_responses
from bucarest.platform.pages import error_page, render, web_lang

__all__ = [
    "CSRF_STALE",
    "LOGIN_PATH",
    "PASSWORD_PATH",
    "ChangePasswordFirst",
    "CsrfForm",
    "LangQuery",
    "LoginForm",
    "NextQuery",
    "OneTimePasswordGate",
    "PasswordChange",
    "PasswordChanged",
    "SignInFirst",
    "Visitor",
    "VisitorDep",
    "api_router",
    "csrf_ok",
    "install",
    "login",
    "login_url",
    "logout",
    "password_url",
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
PASSWORD_PATH = "/account/password"


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


def _live(request: Request, accounts: Accounts) -> LiveSession | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        return accounts.session_state(cookie)
    except AuthenticationError:
        return None


def visitor_of(request: Request, accounts: Accounts) -> Visitor | None:
    """The signed-in visitor of this request, or None (no cookie, an ended session, a
    disabled user, a user who has yet to replace a one-time password)."""
    live = _live(request, accounts)
    if live is None or live.must_change:
        return None
    return Visitor(live.principal, live.csrf)


class SignInFirst(Exception):
    """A page asked without a live session (answered by a redirect to the login)."""


class ChangePasswordFirst(Exception):
    """A page asked by a user who signed in with a one-time password (answered by a
    redirect to the password form)."""


def signed_in(request: Request, accounts: AccountsDep) -> Visitor:
    """The signed-in visitor of a page; without one, the page sends them to log in and
    come back (or, with a one-time password, to choose a new one)."""
    live = _live(request, accounts)
    if live is None:
        raise SignInFirst
    if live.must_change:
        raise ChangePasswordFirst
    return Visitor(live.principal, live.csrf)


VisitorDep = Annotated[Visitor, Depends(signed_in)]


def login_url(target: str = "") -> str:
    """The login page, coming back to ``target`` (a path of this site) afterwards."""
    return LOGIN_PATH + ("?next=" + quote(target, safe="") if target else "")


def _here(request: Request) -> str:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    return target


def _to_login(request: Request, _exc: Exception | None = None) -> RedirectResponse:
    return RedirectResponse(login_url(_here(request)), status_code=303)


def _to_password(request: Request, _exc: Exception | None = None) -> RedirectResponse:
    return RedirectResponse(password_url(_here(request)), status_code=303)


def password_url(target: str = "") -> str:
    """The password form, coming back to ``target`` afterwards."""
    target = safe_next(target, "")
    return PASSWORD_PATH + ("?next=" + quote(target, safe="") if target else "")


def safe_next(target: str, default: str = "/") -> str:
    """Where to go after logging in: a path of this site only, else ``default``."""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not target.startswith(("/account/log", PASSWORD_PATH))
    ):
        return target
    return default


def csrf_ok(v: Visitor, sent: str) -> bool:
    """Whether ``sent`` is the CSRF token of the visitor's session (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(sent.encode(), v.csrf.encode())


def refused(request: Request, lang: str, active: str = "") -> HTMLResponse:
    """The 403 page of a form whose CSRF token is missing or stale."""
    return error_page(request, lang, PermissionDeniedError(CSRF_STALE), active)


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
        principal = accounts.login(form.username.strip(), form.password,
                                   client_address(request), allow_one_time=True)  # fmt: skip
        cookie, _csrf = accounts.open_session(principal)
        one_time = accounts.session_state(cookie).must_change
    except BucarestError as exc:
        page = _login_page(request, lang, form.next, exc.translated(lang),
                           status_for(exc), form.username)  # fmt: skip
        page.headers.update(retry_after(exc) or {})
        return page
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.close_session(old)
    target = safe_next(form.next)
    response = RedirectResponse(password_url(target) if one_time else target, status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", httponly=True, samesite="strict",
                        secure=secure_cookies(request))  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=secure_cookies(request))  # fmt: skip
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


class PasswordForm(CsrfForm):
    current: str = ""
    new: str = ""
    confirm: str = ""
    next: str = ""


def _password_page(request: Request, lang: str, live: LiveSession, target: str,
                   error: str | None = None, status_code: int = 200,
                   changed: bool = False) -> HTMLResponse:  # fmt: skip
    return render(request, "platform/password.html", lang, status_code=status_code,
                  csrf=live.csrf, next=safe_next(target, ""), error=error, changed=changed,
                  one_time=live.must_change, me=live.principal.username)  # fmt: skip


@router.get(PASSWORD_PATH, response_class=HTMLResponse)
def password_page(request: Request, accounts: AccountsDep, lang: LangQuery = None,
                  target: NextQuery = None, changed: bool = False) -> Response:  # fmt: skip
    """The form to choose a new password (the only page a one-time password opens)."""
    live = _live(request, accounts)
    if live is None:
        return RedirectResponse(login_url(PASSWORD_PATH), status_code=303)
    return _password_page(request, web_lang(request, lang), live, target or "",
                          changed=changed and not live.must_change)  # fmt: skip


@router.post(PASSWORD_PATH, response_class=HTMLResponse)
def change_password(request: Request, accounts: AccountsDep,
                    form: Annotated[PasswordForm, Form()], lang: LangQuery = None) -> Response:  # fmt: skip
    """Check the current password, set the new one, end the user's other sessions."""
    lang = web_lang(request, lang)
    live = _live(request, accounts)
    if live is None:
        return RedirectResponse(login_url(PASSWORD_PATH), status_code=303)
    if not csrf_ok(Visitor(live.principal, live.csrf), form.csrf):
        return refused(request, lang)
    try:
        if form.new != form.confirm:
            raise InvalidInputError(_DIFFER)
        accounts.change_password(live.principal.username, form.current, form.new,
                                 client_address(request),
                                 keep_session=request.cookies.get(SESSION_COOKIE))  # fmt: skip
    except BucarestError as exc:
        response = _password_page(request, lang, live, form.next, exc.translated(lang),
                                  status_for(exc))  # fmt: skip
        response.headers.update(retry_after(exc) or {})
        return response
    target = safe_next(form.next, "")
    return RedirectResponse(target or PASSWORD_PATH + "?changed=true", status_code=303)


_DIFFER = N_("the new password and its confirmation differ; type the same password twice")


class PasswordChange(RequestBody):
    """A new password for the caller, with the current one."""

    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class PasswordChanged(Answer):
    """Whose password changed (their other web sessions have ended)."""

    username: str


api_router = APIRouter(prefix="/api/v1/account", tags=["account"])


@api_router.post(
    "/password",
    summary="Change your password",
    response_model=PasswordChanged,
    responses=error_responses(401, 403, 429),
)
async def change_password_api(request: Request, body: PasswordChange,
                              accounts: AccountsDep) -> PasswordChanged:  # fmt: skip
    """Replace the caller's password (the only call a one-time password allows). The
    caller authenticates as for any call (HTTP Basic with the one-time password works) and
    gives the current password again; 400 when the new one breaks a rule, 401 when the
    current one is wrong, 429 with ``Retry-After`` after too many failures."""
    p = await request_principal(request, accounts, allow_one_time=True)
    await run_in_threadpool(
        accounts.change_password, p.username, body.current_password, body.new_password,
        client_address(request), request.cookies.get(SESSION_COOKIE),
    )  # fmt: skip
    return PasswordChanged(username=p.username)


#: Paths a user with a one-time password may still open (the rest redirect to the form).
_GATE_OPEN = (PASSWORD_PATH, "/account/log", "/api/", "/static", "/taxii2", "/fragments/")


class OneTimePasswordGate:
    """Every page answered to a user who signed in with a one-time password is a redirect
    to the password form (the JSON API refuses them in :func:`request_principal`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not str(scope["path"]).startswith(_GATE_OPEN):
            request = Request(scope)
            cookie = request.cookies.get(SESSION_COOKIE)
            if cookie:
                must_change: bool = await run_in_threadpool(_must_change, request, cookie)
                if must_change:
                    await _to_password(request)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _must_change(request: Request, cookie: str) -> bool:
    with request.app.state.db.session() as s:
        return Accounts(s, utc_now, lambda *_entry: None).must_change(cookie)


def install(app: FastAPI, accounts: AccountsFactory | None = None,
            secure: bool = False) -> None:  # fmt: skip
    """Serve the account pages and API on ``app``, answer :class:`SignInFirst` with a
    redirect to the login page (and a user with a one-time password with one to the
    password form), build each request's accounts with ``accounts`` (whose audit callback
    writes the audit chain; None: no audit), and mark cookies ``Secure`` on every request
    when ``secure``."""
    app.state.accounts_factory = accounts
    app.state.secure_cookies = secure
    app.include_router(router)
    app.include_router(api_router)
    app.add_exception_handler(SignInFirst, _to_login)
    app.add_exception_handler(ChangePasswordFirst, _to_password)
    app.add_middleware(OneTimePasswordGate)

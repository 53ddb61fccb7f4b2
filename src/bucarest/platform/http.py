"""HTTP plumbing shared by every capability: request dependencies and the one error mapping.

Dependencies: the request's unit of work (:data:`SessionDep`) and its language
(:data:`LangDep`). Errors: :class:`~bucarest.core.errors.BucarestError` maps to a 4xx (or 503
for the store) with a JSON body ``{"error": {"code": ..., "message": ...}}``
(:func:`status_for` is the one table, also used by the HTML error pages and TAXII); request
validation errors become 422 with the first problem in one line.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BatchError,
    BucarestError,
    ConflictError,
    DataFileError,
    InvalidFactError,
    InvalidInputError,
    LimitError,
    ModelError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    ThrottledError,
)
from bucarest.core.i18n import DEFAULT_LANG, LANGUAGES, check_lang, gettext
from bucarest.core.identity import Principal, Role
from bucarest.platform.database import Database, utc_now
from bucarest.platform.identity import Accounts
from bucarest.platform.openapi import Lang

__all__ = [
    "SESSION_COOKIE",
    "AccountsDep",
    "AccountsFactory",
    "LangDep",
    "RequestBody",
    "SessionDep",
    "accounts_of",
    "client_address",
    "credentials_principal",
    "editor",
    "error_json",
    "http_error_json",
    "install_error_handlers",
    "job_owner",
    "pick_lang",
    "request_lang",
    "request_principal",
    "retry_after",
    "secure_cookies",
    "status_for",
]


class RequestBody(BaseModel):
    """Base of every JSON request body: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the route returns, else rolled back."""
    db: Database = request.app.state.db
    with db.session() as s:
        yield s


#: Committed before the response leaves (``scope="function"``): FastAPI otherwise ends a
#: yield dependency after sending, and a browser following "303 See Other" after a login or
#: a new record could ask for it before it was committed (and find no session, or a 404).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def pick_lang(request: Request, lang: str | None) -> str:
    """``lang`` if given, else the ``lang`` cookie, else Accept-Language, else English."""
    if lang:
        return check_lang(lang)
    cookie = request.cookies.get("lang")
    if cookie in LANGUAGES:
        return cookie
    accept = request.headers.get("accept-language", "")
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANG


def get_lang(
    request: Request,
    lang: Annotated[
        Lang | None, Query(description="Language of names and messages: en or fr")
    ] = None,
) -> str:
    """The language of the response."""
    return pick_lang(request, lang)


LangDep = Annotated[str, Depends(get_lang)]


def job_owner(request: Request) -> str:
    """Who a background job is counted against: the client's address. Anyone may start the
    computations that read only public data (missile-defence coverage, energy rankings), so
    signed-in or not, the bound per owner is per client address."""
    return "client:" + (request.client.host if request.client else "unknown")


def status_for(exc: BucarestError) -> int:
    """HTTP status of an error of the hierarchy."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, AuthenticationError):
        return 401
    if isinstance(exc, PermissionDeniedError):
        return 403
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, LimitError):
        return 429
    if isinstance(exc, InvalidFactError | DataFileError | ModelError):
        return 422
    if isinstance(exc, InvalidInputError):
        return 400
    if isinstance(exc, StoreError | BatchError):
        return 503
    return 400


def request_lang(request: Request) -> str:
    """The language asked by ``?lang=`` (an unknown one is ignored), else as :func:`pick_lang`."""
    q = request.query_params.get("lang")
    return pick_lang(request, q if q in LANGUAGES else None)


def _body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def http_error_json(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """A routing error (no such path, wrong method) as the API's JSON error body."""
    lang = request_lang(request)
    if exc.status_code == 404:
        message = gettext(N_("no such page or resource: {path}"), lang).format(
            path=request.url.path
        )
        return JSONResponse(_body("not_found", message), status_code=404)
    return JSONResponse(_body("http_error", str(exc.detail)), status_code=exc.status_code)


def error_json(request: Request, exc: BucarestError) -> JSONResponse:
    """An error of the hierarchy as the API's JSON error body, with its status (and
    ``Retry-After`` when the error says when to come back)."""
    return JSONResponse(
        _body(exc.code, exc.translated(request_lang(request))),
        status_code=status_for(exc),
        headers=retry_after(exc),
    )


def retry_after(exc: BucarestError) -> dict[str, str] | None:
    """The ``Retry-After`` header of an error that says when to come back (seconds)."""
    if isinstance(exc, ThrottledError):
        return {"Retry-After": str(exc.retry_after)}
    return None


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(BucarestError)
    async def _bucarest(request: Request, exc: BucarestError) -> JSONResponse:
        return error_json(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        lang = request_lang(request)
        message = gettext("{where}: {problem}", lang).format(where=where, problem=first["msg"])
        return JSONResponse(_body("invalid_request", message), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return http_error_json(request, exc)

    @app.exception_handler(SQLAlchemyError)
    async def _store(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        err = StoreError(N_("the database cannot be used ({reason})"), reason=type(exc).__name__)
        return JSONResponse(_body(err.code, err.translated(request_lang(request))), status_code=503)


#: The web session's cookie (HttpOnly, SameSite=Strict; see the desk's login).
SESSION_COOKIE = "bucarest_session"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def secure_cookies(request: Request) -> bool:
    """Whether cookies get ``Secure``: the request came over https (the scheme the server
    took from a declared proxy), or the settings say every client uses https
    (``app.state.secure_cookies``)."""
    return request.url.scheme == "https" or bool(
        getattr(request.app.state, "secure_cookies", False)
    )


def client_address(request: Request) -> str:
    """The client's address as the server saw it (uvicorn and gunicorn take it from a
    declared proxy's ``X-Forwarded-For``), for login throttling."""
    return request.client.host if request.client else ""


def credentials_principal(accounts: Accounts, authorization: str, address: str = "",
                          allow_one_time: bool = False) -> Principal:  # fmt: skip
    """The principal of an ``Authorization`` header value (Bearer or Basic); ``address``
    is the client's (failed passwords are throttled by user name and address). Blocking
    (a password is hashed): call it from a thread, not the event loop."""
    scheme, _sep, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return accounts.token_principal(value, allow_one_time)
    if scheme.lower() == "basic" and value:
        try:
            user, sep, secret = (
                base64.b64decode(value, validate=True).decode("utf-8").partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            sep, user, secret = "", "", ""
        if sep and user:
            if secret.startswith("bct_"):
                p = accounts.token_principal(secret, allow_one_time)
                if p.username != user:
                    raise AuthenticationError(N_("unknown or revoked token"))
                return p
            return accounts.login(user, secret, address, allow_one_time)
    raise AuthenticationError(
        N_("credentials are missing or malformed; expected a Bearer token or HTTP Basic")
    )


async def _sent_csrf(request: Request) -> str | None:
    """The CSRF token an unsafe request carries: the ``X-CSRF-Token`` header, else a form's
    ``csrf`` field."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    return sent


def _principal(request: Request, accounts: Accounts, sent_csrf: str | None,
               allow_one_time: bool) -> Principal:  # fmt: skip
    header = request.headers.get("authorization")
    if header:
        return credentials_principal(accounts, header, client_address(request), allow_one_time)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise AuthenticationError(
            N_("log in first: this needs credentials (a token, HTTP Basic or a session)")
        )
    principal, csrf = accounts.session_principal(cookie, allow_one_time)
    if request.method in _UNSAFE and (
        sent_csrf is None or not hmac.compare_digest(sent_csrf, csrf)
    ):
        raise PermissionDeniedError(
            N_("the form's CSRF token is missing or stale; reload the page and try again")
        )
    return principal


async def request_principal(request: Request, accounts: Accounts,
                            allow_one_time: bool = False) -> Principal:  # fmt: skip
    """The authenticated principal of this request (a Bearer token, HTTP Basic, or the web
    session with its CSRF token on unsafe methods), or 401; 403 while the user has a
    one-time password, unless ``allow_one_time``. The database and any password hashing
    run in a worker thread, off the event loop."""
    sent = None
    if (
        "authorization" not in request.headers
        and request.method in _UNSAFE
        and request.cookies.get(SESSION_COOKIE)
    ):
        sent = await _sent_csrf(request)
    return await run_in_threadpool(_principal, request, accounts, sent, allow_one_time)


def _no_audit(_actor: str, _action: str, _target: str, _allowed: bool, _reason: str) -> None:
    """Capabilities without an audit chain record their writes in their own change logs."""


#: How the app builds a request's accounts (``app.state.accounts_factory``): the composition
#: root sets one whose audit callback writes to the audit chain.
AccountsFactory = Callable[[Request, Session], Accounts]


def accounts_of(request: Request, session: SessionDep) -> Accounts:
    """The accounts over this request's unit of work, with the app's audit callback (none
    when the app declared no ``accounts_factory``)."""
    factory: AccountsFactory | None = getattr(request.app.state, "accounts_factory", None)
    if factory is None:
        return Accounts(session, utc_now, _no_audit)
    return factory(request, session)


AccountsDep = Annotated[Accounts, Depends(accounts_of)]


async def authenticated(request: Request, accounts: AccountsDep) -> Principal:
    """A dependency: the request's principal, whatever its roles; 401 without credentials
    (what a server that is not public asks of every reader)."""
    return await request_principal(request, accounts)


def require_role(p: Principal, *roles: Role) -> None:
    """:class:`PermissionDeniedError` (403) unless ``p`` holds one of ``roles`` or is an
    administrator (the one rule for every write, from the API or a web form)."""
    if not p.has(*roles, Role.ADMINISTRATOR):
        named = dict.fromkeys(r.value for r in (*roles, Role.ADMINISTRATOR))
        raise PermissionDeniedError(
            N_("{user} may not change this; it needs the role {roles}"),
            user=p.username,
            roles=" or ".join(named),
        )


def editor(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the request's principal if it holds one of ``roles`` (or is an
    administrator); 401 without credentials, 403 with the wrong role."""

    async def principal_with_role(request: Request, accounts: AccountsDep) -> Principal:
        p = await request_principal(request, accounts)
        require_role(p, *roles)
        return p

    return principal_with_role

"""The one place where errors become HTTP responses.

:class:`~bucarest.core.errors.BucarestError` maps to a 4xx (or 503 for the
store) with a JSON body ``{"error": {"code": ..., "message": ...}}``; request
validation errors become 422 with the first problem in one line.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from bucarest.api.deps import pick_lang
from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BucarestError,
    ConflictError,
    DataFileError,
    InvalidFactError,
    InvalidInputError,
    ModelError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from bucarest.core.i18n import LANGUAGES, gettext

__all__ = ["http_error_json", "install_error_handlers", "status_for"]


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
    if isinstance(exc, InvalidFactError | DataFileError | ModelError):
        return 422
    if isinstance(exc, InvalidInputError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 400


def _lang(request: Request) -> str:
    q = request.query_params.get("lang")
    return pick_lang(request, q if q in LANGUAGES else None)


def _body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def http_error_json(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """A routing error (no such path, wrong method) as the API's JSON error body."""
    lang = _lang(request)
    if exc.status_code == 404:
        message = gettext(N_("no such page or resource: {path}"), lang).format(
            path=request.url.path
        )
        return JSONResponse(_body("not_found", message), status_code=404)
    return JSONResponse(_body("http_error", str(exc.detail)), status_code=exc.status_code)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(BucarestError)
    async def _bucarest(request: Request, exc: BucarestError) -> JSONResponse:
        return JSONResponse(
            _body(exc.code, exc.translated(_lang(request))), status_code=status_for(exc)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        lang = _lang(request)
        message = gettext("{where}: {problem}", lang).format(where=where, problem=first["msg"])
        return JSONResponse(_body("invalid_request", message), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return http_error_json(request, exc)

    @app.exception_handler(SQLAlchemyError)
    async def _store(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        err = StoreError(N_("the database cannot be used ({reason})"), reason=type(exc).__name__)
        return JSONResponse(_body(err.code, err.translated(_lang(request))), status_code=503)

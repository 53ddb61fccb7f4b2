"""TAXII error resources: what every failure of a TAXII request answers.

Example::

    >>> from bucarest.core.errors import NotFoundError
    >>> body = error_resource(NotFoundError(N_("no collection '{id}'"), id="x"), "en")
    >>> body["http_status"], body["title"], body["description"]
    ('404', 'Not Found', "no collection 'x'")

TAXII 2.1 (section 3.6.1) answers errors with an error resource in the TAXII media type,
not with the app's JSON error body: a title, a description (the one-line message of the
:class:`~bucarest.core.errors.BucarestError`, translated), the error code and the HTTP
status as a string. Missing or wrong credentials also get
``WWW-Authenticate: Basic realm="bucarest"``.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from bucarest.core.errors import (
    N_,
    BucarestError,
)
from bucarest.core.i18n import gettext
from bucarest.platform.http import retry_after, status_for

__all__ = [
    "MEDIA_TAXII",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "PayloadTooLargeError",
    "UnsupportedMediaTypeError",
    "error_resource",
    "error_response",
    "http_status",
]

#: The TAXII 2.1 media type, of every response and of every request body.
MEDIA_TAXII = "application/taxii+json;version=2.1"


class NotAcceptableError(BucarestError):
    """The client accepts no media type this server answers with (406)."""

    code = "not_acceptable"


class UnsupportedMediaTypeError(BucarestError):
    """A request body in a media type other than TAXII 2.1 (415)."""

    code = "unsupported_media_type"


class PayloadTooLargeError(BucarestError):
    """A request body over the API root's ``max_content_length`` (413)."""

    code = "payload_too_large"


class MethodNotAllowedError(BucarestError):
    """A TAXII endpoint asked with a method it does not answer (405)."""

    code = "method_not_allowed"


#: The errors only TAXII raises; every other error takes the app's status (``status_for``).
_TAXII_STATUSES: tuple[tuple[type[BucarestError], int], ...] = (
    (NotAcceptableError, 406),
    (UnsupportedMediaTypeError, 415),
    (PayloadTooLargeError, 413),
    (MethodNotAllowedError, 405),
)

_TITLES = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    406: N_("Not Acceptable"),
    409: N_("Conflict"),
    413: N_("Payload Too Large"),
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Content"),
    429: N_("Too Many Requests"),
    503: N_("Service Unavailable"),
}


def http_status(exc: BucarestError) -> tuple[int, str]:
    """The HTTP status of ``exc`` and its title (catalogued English)."""
    status = next((s for kind, s in _TAXII_STATUSES if isinstance(exc, kind)), status_for(exc))
    return status, _TITLES.get(status, _TITLES[400])


def error_resource(exc: BucarestError, lang: str) -> dict[str, Any]:
    """The TAXII error resource for ``exc``, in ``lang``."""
    status, title = http_status(exc)
    return {
        "title": gettext(title, lang),
        "description": exc.translated(lang),
        "error_code": exc.code,
        "http_status": str(status),
    }


def error_response(exc: BucarestError, lang: str) -> JSONResponse:
    """``exc`` as a TAXII response (with the Basic challenge on 401)."""
    status, _title = http_status(exc)
    headers = {"WWW-Authenticate": 'Basic realm="bucarest"'} if status == 401 else retry_after(exc)
    return JSONResponse(
        error_resource(exc, lang), status_code=status, headers=headers, media_type=MEDIA_TAXII
    )

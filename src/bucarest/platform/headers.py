"""Security headers on every response: what the browser may load and run, and where the
pages may be framed.

Example::

    app.add_middleware(SecurityHeaders)

Every response gets a ``Content-Security-Policy`` (:data:`CSP`: scripts, stylesheets,
images and requests from this site only; no inline script or ``<style>`` element; no
plugin; no framing; forms post here only), ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: same-origin``, ``X-Frame-Options: DENY`` (for browsers without
``frame-ancestors``), a ``Permissions-Policy`` that turns off the powerful features no
page uses, ``Cross-Origin-Opener-Policy: same-origin``, and, over https only,
``Strict-Transport-Security``. Inline ``style`` attributes stay allowed
(``style-src-attr``): the pages draw bars and swatches with them, and an attribute can
neither run script nor select other elements. A response that sets its own policy keeps
it (the self-contained progress review allows its one ``<style>`` element by hash, see
:func:`policy_with_styles`).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "HEADERS", "HSTS", "SecurityHeaders", "policy_with_styles"]

_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{k} {v}" for k, v in directives.items())


#: The Content-Security-Policy of every response.
CSP = _policy(_DIRECTIVES)

#: Strict-Transport-Security, sent on responses to https requests only (a year).
HSTS = "max-age=31536000; includeSubDomains"

#: The other headers of every response.
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def policy_with_styles(html: str) -> str:
    """:data:`CSP` that also allows the ``<style>`` elements of ``html`` (by their SHA-256),
    for a self-contained document.

    >>> "'sha256-" in policy_with_styles("<style>p{}</style>")
    True
    """
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
        for m in _STYLE.findall(html)
    ]
    return _policy({**_DIRECTIVES, "style-src": " ".join(["'self'", *hashes])})


class SecurityHeaders:
    """Adds the headers of the module to every HTTP response (keeping a policy the
    response set itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)

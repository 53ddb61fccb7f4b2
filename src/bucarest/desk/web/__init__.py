"""The web desk of the cyber-defence desk: log in, incidents, assistance requests, the
best-practice library and the national contacts directory.

Pages live under ``/desk`` and need a web session, which the platform opens
(``/account/login``, see :mod:`bucarest.platform.account`): every form carries the
session's CSRF token in a hidden ``csrf`` field; a form without it, or with a stale one, is
refused (403). Everything a page shows comes from
:class:`~bucarest.desk.store.records.Desk`, the one query layer that applies the sharing
policy, so what a user may not read never appears: no title, no count. Which forms and
workflow buttons a page offers is asked of the policy itself
(:func:`~bucarest.desk.domain.policy.can_write`); the desk decides again on posting.

Best-practice notes are Markdown, rendered with ``markdown-it-py`` with raw HTML escaped and
images disabled (a note cannot make a reader's browser fetch anything). The pages need no
script and load nothing from another host.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.desk.deps import MAX_BODY_BYTES
from bucarest.desk.web import assistance, contacts, export, incidents, practices, sessions
from bucarest.platform.guard import TOO_LARGE
from bucarest.platform.pages import NavItem, render, web_lang

__all__ = ["NAV", "BodyLimit", "install", "router"]


#: The desk's entry in the navigation.
NAV = (NavItem("desk", "/desk", N_("Cyber desk")),)

#: Every page of the web desk.
router = APIRouter(include_in_schema=False)
for _pages in (sessions, export, incidents, assistance, practices, contacts):
    router.include_router(_pages.router)


class BodyLimit:
    """413 for a desk form whose declared body is over the limit, before anything parses it
    (the form parser would read it first). The JSON API checks its own bodies, streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith("/desk"):
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                request = Request(scope)
                lang = web_lang(request, request.query_params.get("lang"))
                message = gettext(TOO_LARGE, lang).format(limit=MAX_BODY_BYTES)
                response = render(request, "platform/error.html", lang, active="desk", status_code=413,
                                  message=message)  # fmt: skip
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    """What the web desk needs of the app besides its routes: the body limit of its forms."""
    app.add_middleware(BodyLimit)

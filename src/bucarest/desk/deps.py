"""Who is asking: the desk for this request, and its principal from a token, HTTP Basic
or a web session (with its CSRF check).

Accepted credentials, in order:

* ``Authorization: Bearer bct_…`` — an API token;
* ``Authorization: Basic …`` — a user name with a password, or with one of its tokens
  (TAXII clients speak Basic);
* the ``bucarest_session`` cookie of the web desk; unsafe methods (POST, PUT, PATCH,
  DELETE) then need the session's CSRF token in the ``X-CSRF-Token`` header or the
  ``csrf`` form field.

No credentials, or wrong ones, give 401; nothing here trusts a header that names a user
or an organisation.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.core.identity import Principal
from bucarest.desk.store.records import Desk
from bucarest.platform.guard import TOO_LARGE
from bucarest.platform.http import SessionDep, request_lang, request_principal
from bucarest.platform.identity import Accounts
from bucarest.registry.deps import RegistryDep, get_registry

__all__ = [
    "MAX_BODY_BYTES",
    "BodyDep",
    "DeskDep",
    "PrincipalDep",
    "get_desk",
    "json_body",
    "limit_body",
    "request_accounts",
]


def get_desk(request: Request, session: SessionDep, reg: RegistryDep) -> Desk:
    """The desk over this request's unit of work (one per unit of work: the accounts of
    :func:`request_accounts` are its own)."""
    desk = session.info.get(_DESK)
    if not isinstance(desk, Desk):
        state = request.app.state
        # The cursor secret is read from the database once per process, not per request.
        desk = Desk(session, reg, state.db, secret=getattr(state, "desk_cursor_secret", None))
        state.desk_cursor_secret = desk.secret
        session.info[_DESK] = desk
    return desk


_DESK = "bucarest.desk"


def request_accounts(request: Request, session: Session) -> Accounts:
    """The accounts of a request for every capability's sign-in, their events in the desk's
    audit chain (the composition root gives this to :func:`bucarest.platform.account.install`)."""
    return get_desk(request, session, get_registry(request, session)).accounts


DeskDep = Annotated[Desk, Depends(get_desk)]


async def get_principal(request: Request, desk: DeskDep) -> Principal:
    """The authenticated principal of this request, or 401 (its failed logins go to the
    desk's audit chain)."""
    return await request_principal(request, desk.accounts)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


#: The largest request body accepted (bytes).
MAX_BODY_BYTES = 1_000_000


_MEDIA_TYPE = N_("a request body of type '{type}' is not accepted; expected application/json")


_NOT_JSON = N_("the request body is not valid JSON ({reason}); expected a JSON object")


def _too_large(request: Request) -> HTTPException:
    message = gettext(TOO_LARGE, request_lang(request)).format(limit=MAX_BODY_BYTES)
    return HTTPException(status_code=413, detail=message)


def limit_body(request: Request) -> None:
    """413 for a declared body over :data:`MAX_BODY_BYTES`, before anything reads it."""
    declared = request.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large(request)


async def json_body(request: Request) -> Any:
    """The JSON body (None when empty): 415 unless JSON, 413 past the limit even when the
    client declared no length, 400 when malformed."""
    if request.headers.get("content-length", "").strip() == "0":
        return None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        message = gettext(_MEDIA_TYPE, request_lang(request)).format(type=media)
        raise HTTPException(status_code=415, detail=message)
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large(request)
    if not raw.strip():
        return None
    if not media:
        message = gettext(_MEDIA_TYPE, request_lang(request)).format(type="—")
        raise HTTPException(status_code=415, detail=message)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise InvalidInputError(_NOT_JSON, reason=reason) from None


BodyDep = Annotated[Any, Depends(json_body)]

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

import base64
import binascii
import hmac
from typing import Annotated

from fastapi import Depends, Request

from bucarest.core.errors import N_, AuthenticationError, PermissionDeniedError
from bucarest.platform.http import SessionDep
from bucarest.registry.deps import RegistryDep
from bucarest.sharing.markings import Principal
from bucarest.store.desk_repository import Desk

__all__ = ["SESSION_COOKIE", "DeskDep", "PrincipalDep", "credentials_principal", "get_desk"]

SESSION_COOKIE = "bucarest_session"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_desk(request: Request, session: SessionDep, reg: RegistryDep) -> Desk:
    """The desk over this request's unit of work."""
    return Desk(session, reg, request.app.state.db, audit_writer=request.app.state.audit_writer)


DeskDep = Annotated[Desk, Depends(get_desk)]


def credentials_principal(desk: Desk, authorization: str) -> Principal:
    """The principal of an ``Authorization`` header value (Bearer or Basic)."""
    scheme, _sep, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return desk.token_principal(value)
    if scheme.lower() == "basic" and value:
        try:
            user, sep, secret = (
                base64.b64decode(value, validate=True).decode("utf-8").partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            sep, user, secret = "", "", ""
        if sep and user:
            if secret.startswith("bct_"):
                p = desk.token_principal(secret)
                if p.username != user:
                    raise AuthenticationError(N_("unknown or revoked token"))
                return p
            return desk.login(user, secret)
    raise AuthenticationError(
        N_("credentials are missing or malformed; expected a Bearer token or HTTP Basic")
    )


async def get_principal(request: Request, desk: DeskDep) -> Principal:
    """The authenticated principal of this request, or 401."""
    header = request.headers.get("authorization")
    if header:
        return credentials_principal(desk, header)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise AuthenticationError(
            N_("log in first: this needs credentials (a token, HTTP Basic or a session)")
        )
    principal, csrf = desk.session_principal(cookie)
    if request.method in _UNSAFE:
        sent = request.headers.get("x-csrf-token")
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get("csrf")
            sent = value if isinstance(value, str) else None
        if sent is None or not hmac.compare_digest(sent, csrf):
            raise PermissionDeniedError(
                N_("the form's CSRF token is missing or stale; reload the page and try again")
            )
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]

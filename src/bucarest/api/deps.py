"""Request-scoped dependencies: the session, the registry snapshot and the language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from bucarest.commitments.ledger import Ledger
from bucarest.core.i18n import DEFAULT_LANG, LANGUAGES, check_lang
from bucarest.registry.model import Registry
from bucarest.store.cache import SnapshotCache
from bucarest.store.database import Database

__all__ = ["LangDep", "LedgerDep", "RegistryDep", "SessionDep", "pick_lang"]


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the route returns, else rolled back."""
    db: Database = request.app.state.db
    with db.session() as s:
        yield s


#: Committed before the response leaves (``scope="function"``): FastAPI otherwise ends a
#: yield dependency after sending, and a browser following "303 See Other" after a login or
#: a new record could ask for it before it was committed (and find no session, or a 404).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_registry(request: Request, session: SessionDep) -> Registry:
    """The registry as of this request (cached in memory until the next write)."""
    cache: SnapshotCache[Registry] = request.app.state.registry_cache
    return cache.get(session)


RegistryDep = Annotated[Registry, Depends(get_registry)]


def get_ledger(request: Request, session: SessionDep) -> Ledger:
    """The commitments ledger as of this request (cached in memory until the next write)."""
    cache: SnapshotCache[Ledger] = request.app.state.ledger_cache
    return cache.get(session)


LedgerDep = Annotated[Ledger, Depends(get_ledger)]


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
        str | None, Query(description="Language of names and messages: en or fr")
    ] = None,
) -> str:
    """The language of the response."""
    return pick_lang(request, lang)


LangDep = Annotated[str, Depends(get_lang)]

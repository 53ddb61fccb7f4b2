"""The composition root: the JSON API and the web pages over one database.

Example::

    >>> app = create_app("sqlite:///:memory:")
    >>> "/api/v1/members" in app.openapi()["paths"]
    True
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI

from bucarest import __version__
from bucarest.desk import api as desk_api
from bucarest.desk import deps as desk_deps
from bucarest.desk import web as desk_web
from bucarest.desk.taxii.routes import install_taxii
from bucarest.desk.taxii.validation import stop_validation_pool
from bucarest.energy import api as energy_api
from bucarest.energy import web as energy_web
from bucarest.ledger import api as ledger_api
from bucarest.ledger import forms as ledger_forms
from bucarest.ledger import web as ledger_web
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.store import LedgerRepository, ledger_cache
from bucarest.missile_defence import api as md_api
from bucarest.missile_defence import web as md_web
from bucarest.platform import account
from bucarest.platform.account import signed_in
from bucarest.platform.audit import AuditWriter, set_audit_writer
from bucarest.platform.database import Database
from bucarest.platform.guard import RequestGuard
from bucarest.platform.headers import SecurityHeaders
from bucarest.platform.http import authenticated, install_error_handlers
from bucarest.platform.pages import install_shell, set_navigation
from bucarest.platform.settings import Settings
from bucarest.registry import api as registry_api
from bucarest.registry import forms as registry_forms
from bucarest.registry import web as registry_web
from bucarest.registry.data import load_embedded_registry
from bucarest.registry.store import RegistryRepository, registry_cache

__all__ = ["STATIC_PACKAGES", "create_app", "open_store"]


#: The capabilities that serve files of their own under ``/static/<capability>/``.
STATIC_PACKAGES = (
    "bucarest.registry",
    "bucarest.energy",
    "bucarest.missile_defence",
    "bucarest.desk",
    "bucarest.ledger",
)


def create_app(
    database_url: str,
    threads: int = 8,
    allowed_hosts: Sequence[str] | None = None,
    public_read: bool | None = None,
) -> FastAPI:
    """Open (migrate, and on first start load) the database and build the app, which works
    on at most ``threads`` requests at once (see ``Settings.threads``), and lets anyone read
    the registry, the ledger and the analyses unless ``public_read`` (default: the setting
    ``BUCAREST_PUBLIC_READ``) is false."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Blocking routes run in anyio's default thread pool, one per event loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        # What start-up loaded (registry, data files, templates) lives as long as the
        # process: leave it out of every later collection of the oldest generation.
        gc.collect()
        gc.freeze()
        writer = AuditWriter(_app.state.db)
        set_audit_writer(_app.state.db, writer)
        try:
            yield
        finally:
            set_audit_writer(_app.state.db, None)
            writer.close()
            stop_validation_pool()

    app = FastAPI(
        lifespan=lifespan,
        title="bucarest",
        version=__version__,
        summary="The Alliance registry and the Bucharest Summit agenda",
        docs_url=None,  # served by the web layer with a vendored Swagger UI (no CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db = open_store(database_url)
    app.state.registry_cache = registry_cache()
    app.state.ledger_cache = ledger_cache()
    install_error_handlers(app)
    # TAXII first: its clients page through collections at high rates, and the router tries
    # routes in order.
    install_taxii(app)
    settings = Settings.load()
    public = settings.public_read if public_read is None else public_read
    # On a server that is not public, every reader of the open capabilities is known: the
    # API asks for credentials and the pages for a signed-in visitor (the desk always does).
    readers = [] if public else [Depends(authenticated)]
    visitors = [] if public else [Depends(signed_in)]
    for api in (registry_api, ledger_api, energy_api, md_api):
        app.include_router(api.router, dependencies=readers)
    app.include_router(desk_api.router)
    install_shell(app, static_packages=STATIC_PACKAGES)
    for web in (registry_web, registry_forms, ledger_web, ledger_forms, energy_web, md_web):
        app.include_router(web.router, dependencies=visitors)
    app.include_router(desk_web.router)
    desk_web.install(app)
    account.install(app, accounts=desk_deps.request_accounts, secure=settings.secure_cookies)
    # Outermost: a request with an unknown Host, an oversized body or a NUL reaches nothing.
    hosts = settings.allowed_host_names() if allowed_hosts is None else allowed_hosts
    app.add_middleware(RequestGuard, allowed_hosts=hosts)
    # Around everything, refusals included.
    app.add_middleware(SecurityHeaders)
    set_navigation(
        [
            *registry_web.NAV,
            *ledger_web.NAV,
            *energy_web.NAV,
            *md_web.NAV,
            *desk_web.NAV,
            registry_web.NAV_ABOUT,
        ]
    )
    return app


def open_store(url: str) -> Database:
    """Open (and migrate) the database; on a fresh one, load the shipped data."""
    db = Database.open(url)
    with db.session() as s:
        repo = RegistryRepository(s)
        if repo.is_empty():
            repo.load_dataset(load_embedded_registry(), actor="first start")
        else:
            repo.restore_provenance(load_embedded_registry())  # once, after migration 0009
        ledger = LedgerRepository(s)
        if ledger.is_empty():
            ledger.load_dataset(load_embedded_ledger(), actor="first start")
        else:  # a database of an earlier release gets the shipped rows' sources and wording
            ledger.refresh_shipped(load_embedded_ledger())
    return db

"""The composition root: the JSON API and the web pages over one database.

Example::

    >>> app = create_app("sqlite:///:memory:")
    >>> "/api/v1/members" in app.openapi()["paths"]
    True
"""

from __future__ import annotations

from fastapi import FastAPI

from bucarest import __version__
from bucarest.api.desk_routes import router as desk_router
from bucarest.api.energy_routes import router as energy_router
from bucarest.api.errors import install_error_handlers
from bucarest.api.ledger_routes import router as ledger_router
from bucarest.api.md_routes import router as md_router
from bucarest.api.registry_routes import router as registry_router
from bucarest.store.cache import ledger_cache, registry_cache
from bucarest.store.repositories import open_store
from bucarest.taxii.routes import install_taxii
from bucarest.web.desk_pages import install_desk_pages
from bucarest.web.energy_pages import install_energy_pages
from bucarest.web.ledger_pages import install_ledger_pages
from bucarest.web.md_pages import install_md_pages
from bucarest.web.pages import install_web

__all__ = ["create_app", "create_app_from_environment"]


def create_app(database_url: str) -> FastAPI:
    """Open (migrate, and on first start load) the database and build the app."""
    app = FastAPI(
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
    app.include_router(registry_router)
    app.include_router(ledger_router)
    app.include_router(energy_router)
    app.include_router(md_router)
    app.include_router(desk_router)
    install_taxii(app)
    install_web(app)
    install_ledger_pages(app)
    install_energy_pages(app)
    install_md_pages(app)
    install_desk_pages(app)
    return app


def create_app_from_environment() -> FastAPI:
    """The app over ``BUCAREST_DATABASE_URL``, for ``uvicorn --factory`` with several worker
    processes (``uvicorn bucarest.app:create_app_from_environment --factory --workers 2``)."""
    from bucarest.settings import Settings

    return create_app(Settings().resolved_database_url())

"""FastAPI dependencies the registry offers every capability's routes: the registry as of the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bucarest.platform.cache import SnapshotCache
from bucarest.platform.http import SessionDep
from bucarest.registry.domain.model import Registry

__all__ = ["RegistryDep", "get_registry"]


def get_registry(request: Request, session: SessionDep) -> Registry:
    """The registry as of this request (cached in memory until the next write)."""
    cache: SnapshotCache[Registry] = request.app.state.registry_cache
    return cache.get(session)


RegistryDep = Annotated[Registry, Depends(get_registry)]

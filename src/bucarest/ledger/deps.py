"""FastAPI dependencies the ledger offers its routes: the commitments ledger as of the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bucarest.ledger.domain.ledger import Ledger
from bucarest.platform.cache import SnapshotCache
from bucarest.platform.http import SessionDep

__all__ = ["LedgerDep", "get_ledger"]


def get_ledger(request: Request, session: SessionDep) -> Ledger:
    """The commitments ledger as of this request (cached in memory until the next write)."""
    cache: SnapshotCache[Ledger] = request.app.state.ledger_cache
    return cache.get(session)


LedgerDep = Annotated[Ledger, Depends(get_ledger)]

"""In-memory snapshots of the database, reloaded only when a revision counter moves.

Queries are pure functions of a snapshot value (a ``Registry``, a ``Ledger``);
holding one per process keeps every read to a single revision lookup.

Example::

    >>> from bucarest.store.repositories import RegistryRepository, open_store
    >>> db = open_store("sqlite:///:memory:")
    >>> cache = registry_cache()
    >>> with db.session() as s:
    ...     cache.get(s) is cache.get(s)
    True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from bucarest.commitments.ledger import Ledger
from bucarest.registry.model import Registry
from bucarest.store.ledger_repository import LedgerRepository
from bucarest.store.repositories import RegistryRepository

__all__ = ["SnapshotCache", "ledger_cache", "registry_cache"]

T = TypeVar("T")


class SnapshotCache(Generic[T]):
    """One snapshot of type ``T`` per process, keyed by the database's revision of it."""

    def __init__(self, revision: Callable[[Session], int], load: Callable[[Session], T]) -> None:
        self._revision_of = revision
        self._load = load
        self._lock = threading.Lock()
        self._revision = -1
        self._value: T | None = None

    def get(self, session: Session) -> T:
        """The current snapshot, as of the session's view of the revision."""
        rev = self._revision_of(session)
        with self._lock:
            if self._value is not None and rev == self._revision:
                return self._value
        value = self._load(session)
        with self._lock:
            self._value, self._revision = value, rev
        return value


def registry_cache() -> SnapshotCache[Registry]:
    """A cache of the registry."""
    return SnapshotCache(
        lambda s: RegistryRepository(s).revision(), lambda s: RegistryRepository(s).load()
    )


def ledger_cache() -> SnapshotCache[Ledger]:
    """A cache of the commitments ledger."""
    return SnapshotCache(
        lambda s: LedgerRepository(s).revision(), lambda s: LedgerRepository(s).load()
    )

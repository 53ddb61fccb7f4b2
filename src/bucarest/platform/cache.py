"""In-memory snapshots of the database, reloaded only when a revision counter moves.

Queries are pure functions of a snapshot value (a ``Registry``, a ``Ledger``);
holding one per process keeps every read to a single revision lookup.

Example (a counter stands in for a revision stored in the database)::

    >>> loads = []
    >>> revision = [1]
    >>> cache = SnapshotCache(lambda s: revision[0], lambda s: loads.append(1) or len(loads))
    >>> cache.get(None), cache.get(None), len(loads)
    (1, 1, 1)
    >>> revision[0] = 2
    >>> cache.get(None), len(loads)
    (2, 2)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

__all__ = ["SnapshotCache"]

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

"""Checking the objects of a posted envelope, in worker processes when there are many.

Example::

    >>> ind = {"type": "indicator", "spec_version": "2.1",
    ...        "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    ...        "created": "2008-04-03T09:00:00.000Z", "modified": "2008-04-03T09:00:00.000Z",
    ...        "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
    ...        "valid_from": "2008-04-03T09:00:00Z"}
    >>> [ok] = check_objects([ind], TLP.GREEN)
    >>> ok.version, ok.message
    ('2008-04-03T09:00:00.000000Z', '')
    >>> [bad] = check_objects([{**ind, "pattern_type": None}], TLP.GREEN)
    >>> bad.obj is None, bad.message.startswith("STIX object indicator--8e2e2d2b")
    (True, True)

Every object goes through :func:`bucarest.desk.domain.stix.validate_object` (the OASIS ``stix2``
library), at about half a millisecond each; an envelope of :data:`POOL_THRESHOLD` objects
or more is split over a pool of worker processes (started on first use, ``spawn``ed so
that no lock of the server's threads is inherited). Should the pool break (a worker that
cannot start, for instance when the server's main script imports the app without an
``if __name__ == "__main__"`` guard), the objects are checked in the server's process,
from then on.

An object may not carry a TLP marking (1.0 or 2.0, in ``object_marking_refs``) more
restrictive than its collection's: posting it would share it wider than its author said.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from bucarest.core.errors import N_, InvalidInputError
from bucarest.desk.domain.markings import TLP
from bucarest.desk.domain.stix import check_object_tlp, validate_object
from bucarest.desk.taxii.envelopes import canonical_version

__all__ = ["POOL_THRESHOLD", "Checked", "check_objects", "stop_validation_pool"]

#: Envelopes with at least this many objects are checked in worker processes.
POOL_THRESHOLD = 400

_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_POOL_BROKEN = False
_WORKERS = max(1, min(8, os.cpu_count() or 1))

#: The longest STIX id the store keeps (``desk_records.stix_id``).
_MAX_ID = 120


@dataclass(frozen=True)
class Checked:
    """One posted object: the validated object (None when refused), its id, its version
    (canonical; empty when it has neither ``modified`` nor ``created``) and, when
    refused, why."""

    obj: dict[str, Any] | None
    id: str
    version: str
    message: str = ""


def _raw_version(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    value = raw.get("modified", raw.get("created", ""))
    return value if isinstance(value, str) else ""


def _check_one(raw: Any, tlp: TLP) -> Checked:
    raw_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    try:
        obj = validate_object(raw)
        check_object_tlp(obj, tlp)
        if len(str(obj["id"])) > _MAX_ID:
            raise InvalidInputError(
                N_("STIX object {id} has an id longer than {limit} characters; expected a shorter type name"),
                id=raw_id[:_MAX_ID], limit=_MAX_ID,
            )  # fmt: skip
        stamp = obj.get("modified", obj.get("created"))
        version = canonical_version(stamp) if isinstance(stamp, str) else ""
    except InvalidInputError as exc:
        return Checked(None, raw_id[:_MAX_ID], _raw_version(raw)[:40], exc.message)
    except Exception as exc:  # the library failing on odd input is the object's failure
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        err = InvalidInputError(
            N_("STIX object {id} is not valid: {reason}"), id=raw_id[:_MAX_ID] or "?", reason=reason
        )
        return Checked(None, raw_id[:_MAX_ID], _raw_version(raw)[:40], err.message)
    return Checked(obj, str(obj["id"]), version)


def _check_chunk(raws: Sequence[Any], tlp_value: str) -> list[Checked]:
    tlp = TLP(tlp_value)
    return [_check_one(raw, tlp) for raw in raws]


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ProcessPoolExecutor(_WORKERS, mp_context=multiprocessing.get_context("spawn"))
        return _POOL


def _drop_pool() -> None:
    global _POOL, _POOL_BROKEN
    with _POOL_LOCK:
        pool, _POOL, _POOL_BROKEN = _POOL, None, True
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def stop_validation_pool() -> None:
    """Stop the worker processes, if any were started (the app does this when it shuts
    down, so that no idle worker outlives the server); a later large envelope starts them
    again."""
    global _POOL
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def check_objects(raws: Sequence[Any], tlp: TLP, use_pool: bool | None = None) -> list[Checked]:
    """Each object checked, in order. ``use_pool``: None decides by size."""
    if use_pool is None:
        use_pool = len(raws) >= POOL_THRESHOLD and not _POOL_BROKEN
    if not use_pool or not raws:
        return _check_chunk(raws, tlp.value)
    pool = _pool()
    size = max(50, -(-len(raws) // (_WORKERS * 4)))
    chunks = [raws[i : i + size] for i in range(0, len(raws), size)]
    try:
        out: list[Checked] = []
        for part in pool.map(_check_chunk, chunks, [tlp.value] * len(chunks)):
            out.extend(part)
        return out
    except BrokenProcessPool:
        _drop_pool()
        return _check_chunk(raws, tlp.value)

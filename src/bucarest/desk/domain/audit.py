"""The audit trail: an append-only, hash-chained log of every read decision and write.

Example::

    >>> from datetime import datetime, timezone
    >>> at = datetime(2008, 4, 3, 12, 0, tzinfo=timezone.utc)
    >>> first = chained(None, at, "ana", "read", "incident:1", True, "releasable")
    >>> second = chained(first, at, "bob", "read", "incident:1", False, "not releasable")
    >>> verify([first, second])
    ()
    >>> tampered = second.__class__(**{**vars(second), "allowed": True})
    >>> [p.kind for p in verify([first, tampered])]
    ['altered']

Each entry's hash is SHA-256 over its canonical JSON (sorted keys, UTC timestamps) and the
previous entry's hash, so changing, removing or reordering any entry breaks the chain
from that point on; :func:`verify` names the first entry of each break.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bucarest.core.errors import N_

__all__ = [
    "GENESIS",
    "PROBLEM_KINDS",
    "AuditEntry",
    "AuditProblem",
    "chained",
    "entry_hash",
    "verify",
]

#: The "previous hash" of the first entry.
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One decision or write: ``seq`` from 1, ``at`` (UTC), who, what, on which target,
    whether it was allowed and why, and the chain hashes."""

    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    allowed: bool
    reason: str
    prev_hash: str
    hash: str


def _stamp(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(seq: int, at: datetime, actor: str, action: str, target: str, allowed: bool,
               reason: str, prev_hash: str) -> str:  # fmt: skip
    """SHA-256 (hex) of an entry's canonical JSON, chained to ``prev_hash``."""
    body = {"seq": seq, "at": _stamp(at), "actor": actor, "action": action, "target": target,
            "allowed": allowed, "reason": reason, "prev": prev_hash}  # fmt: skip
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chained(previous: AuditEntry | None, at: datetime, actor: str, action: str, target: str,
            allowed: bool, reason: str) -> AuditEntry:  # fmt: skip
    """The entry that follows ``previous`` (or the first one)."""
    seq = 1 if previous is None else previous.seq + 1
    prev = GENESIS if previous is None else previous.hash
    return AuditEntry(seq, at, actor, action, target, allowed, reason, prev,
                      entry_hash(seq, at, actor, action, target, allowed, reason, prev))  # fmt: skip


#: The kinds of break, marked for the catalogues (``audit verify`` prints them).
PROBLEM_KINDS = (N_("altered"), N_("missing"), N_("broken"))


@dataclass(frozen=True)
class AuditProblem:
    """A break in the chain: ``kind`` is ``altered`` (the entry's content does not match
    its hash), ``missing`` (a sequence number is skipped: an entry was deleted) or
    ``broken`` (the entry does not point at the one before it)."""

    seq: int
    kind: str


def verify(entries: Sequence[AuditEntry]) -> tuple[AuditProblem, ...]:
    """Every break in ``entries`` (in sequence order); empty when the chain is whole."""
    problems: list[AuditProblem] = []
    prev_hash, expected = GENESIS, 1
    for e in entries:
        if e.seq != expected:
            problems.append(AuditProblem(expected, "missing"))
        elif e.prev_hash != prev_hash:
            problems.append(AuditProblem(e.seq, "broken"))
        if (
            entry_hash(e.seq, e.at, e.actor, e.action, e.target, e.allowed, e.reason, e.prev_hash)
            != e.hash
        ):
            problems.append(AuditProblem(e.seq, "altered"))
        prev_hash, expected = e.hash, e.seq + 1
    return tuple(problems)

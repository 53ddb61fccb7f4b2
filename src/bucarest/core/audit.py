"""The audit trail: an append-only chain of every write and access decision, keyed with a
secret kept outside the database, and checked against checkpoints kept outside it too.

Example::

    >>> from datetime import datetime, timezone
    >>> key = AuditKey(b"k" * 32)
    >>> at = datetime(2008, 4, 3, 12, 0, tzinfo=timezone.utc)
    >>> first = chained(None, at, "ana", "create", "incident:1", True, "", key)
    >>> second = chained(first, at, "bob", "read", "incident:1", False, "not releasable", key)
    >>> verify([first, second], key)
    ()
    >>> tampered = second.__class__(**{**vars(second), "allowed": True})
    >>> [p.kind for p in verify([first, tampered], key)]
    ['altered']
    >>> mark = checkpoint(second, key, "db-1")
    >>> [p.kind for p in verify([first], key, [mark])]  # the last entry was deleted
    ['truncated']

Each entry's ``hash`` is HMAC-SHA256, under the audit key, of its canonical JSON (sorted
keys, UTC timestamps) and the previous entry's hash. Changing, removing or reordering an
entry breaks the chain from that point on, and without the key nobody can compute a chain
that verifies: rebuilding the log with the project's own code is not enough. What a chain
alone cannot show is that its *last* entries (or all of them) were deleted; a
:class:`Checkpoint` does: a signed note of the newest entry, kept outside the database.
Entries written before the trail was keyed carry no ``key_id`` and a plain SHA-256 hash;
:func:`verify` accepts them only before the first keyed entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bucarest.core.errors import N_

__all__ = [
    "GENESIS",
    "PROBLEM_KINDS",
    "AuditEntry",
    "AuditKey",
    "AuditProblem",
    "Checkpoint",
    "chained",
    "checkpoint",
    "entry_hash",
    "verify",
]

#: The "previous hash" of the first entry.
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditKey:
    """The secret that keys the chain (32 random bytes in a file outside the database);
    ``key_id`` names it in each entry without revealing it.

    >>> AuditKey(b"k" * 32).key_id
    '2c3f76c6c91ba2dc'
    """

    secret: bytes = field(repr=False)

    @property
    def key_id(self) -> str:
        """The first 16 hex digits of SHA-256 over ``"bucarest-audit-key:" + secret``."""
        return hashlib.sha256(b"bucarest-audit-key:" + self.secret).hexdigest()[:16]

    def mac(self, text: str) -> str:
        """HMAC-SHA256 (hex) of ``text`` under this key."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """One decision or write: ``seq`` from 1, ``at`` (UTC), who, what, on which target,
    whether it was allowed and why, the chain hashes, and the id of the key that keyed it
    (None for an entry written before the trail was keyed)."""

    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    allowed: bool
    reason: str
    prev_hash: str
    hash: str
    key_id: str | None = None


def _stamp(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(seq: int, at: datetime, actor: str, action: str, target: str, allowed: bool,
               reason: str, prev_hash: str, key: AuditKey | None = None) -> str:  # fmt: skip
    """The chain hash (hex) of an entry: HMAC-SHA256 under ``key`` of its canonical JSON,
    chained to ``prev_hash``; plain SHA-256 when ``key`` is None (entries from before the
    trail was keyed)."""
    body = {"seq": seq, "at": _stamp(at), "actor": actor, "action": action, "target": target,
            "allowed": allowed, "reason": reason, "prev": prev_hash}  # fmt: skip
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if key is None:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return key.mac(text)


def chained(previous: AuditEntry | None, at: datetime, actor: str, action: str, target: str,
            allowed: bool, reason: str, key: AuditKey) -> AuditEntry:  # fmt: skip
    """The entry that follows ``previous`` (or the first one), keyed with ``key``."""
    seq = 1 if previous is None else previous.seq + 1
    prev = GENESIS if previous is None else previous.hash
    digest = entry_hash(seq, at, actor, action, target, allowed, reason, prev, key)
    return AuditEntry(seq, at, actor, action, target, allowed, reason, prev, digest, key.key_id)


@dataclass(frozen=True)
class Checkpoint:
    """A signed note that entry ``seq`` of the trail of database ``database`` had ``hash``;
    kept outside the database, it shows a later deletion of the last entries (truncation)
    or a chain rebuilt from an earlier point (a different hash at ``seq``)."""

    database: str
    seq: int
    hash: str
    mac: str

    def is_signed_by(self, key: AuditKey) -> bool:
        """Whether ``mac`` is this note's signature under ``key`` (a forged or edited
        checkpoint is not)."""
        return hmac.compare_digest(self.mac, key.mac(_checkpoint_text(self.database, self.seq,
                                                                       self.hash)))  # fmt: skip


def _checkpoint_text(database: str, seq: int, digest: str) -> str:
    return f"bucarest-audit-checkpoint:{database}:{seq}:{digest}"


def checkpoint(entry: AuditEntry, key: AuditKey, database: str) -> Checkpoint:
    """The signed checkpoint of ``entry`` in the trail of ``database`` (an identifier)."""
    return Checkpoint(database, entry.seq, entry.hash,
                      key.mac(_checkpoint_text(database, entry.seq, entry.hash)))  # fmt: skip


#: The kinds of problem, marked for the catalogues (``audit verify`` prints them).
PROBLEM_KINDS = (
    N_("altered"),
    N_("missing"),
    N_("broken"),
    N_("unkeyed"),
    N_("other key"),
    N_("truncated"),
    N_("rebuilt"),
    N_("forged checkpoint"),
)


@dataclass(frozen=True)
class AuditProblem:
    """A problem found at entry ``seq``. ``kind`` is one of:

    - ``altered``: the entry's content does not match its hash;
    - ``missing``: a sequence number is skipped (an entry was deleted);
    - ``broken``: the entry does not point at the one before it;
    - ``unkeyed``: a plain SHA-256 entry after keyed ones (a chain rebuilt without the key);
    - ``other key``: keyed with a key other than this one (it cannot be checked);
    - ``truncated``: a checkpoint names entry ``seq`` but the trail ends before it;
    - ``rebuilt``: the entry at ``seq`` is not the one a checkpoint signed;
    - ``forged checkpoint``: a checkpoint at ``seq`` whose signature is not the key's.
    """

    seq: int
    kind: str


def verify(
    entries: Sequence[AuditEntry],
    key: AuditKey,
    checkpoints: Iterable[Checkpoint] = (),
) -> tuple[AuditProblem, ...]:
    """Every problem in ``entries`` (the whole trail, in sequence order) under ``key``,
    and against ``checkpoints`` of this trail; empty when the trail is whole."""
    problems: list[AuditProblem] = []
    prev_hash, expected, keyed = GENESIS, 1, False
    for e in entries:
        if e.seq != expected:
            problems.append(AuditProblem(expected, "missing"))
        elif e.prev_hash != prev_hash:
            problems.append(AuditProblem(e.seq, "broken"))
        if e.key_id is None:
            if keyed:
                problems.append(AuditProblem(e.seq, "unkeyed"))
            elif not _matches(e, None):
                problems.append(AuditProblem(e.seq, "altered"))
        elif e.key_id != key.key_id:
            problems.append(AuditProblem(e.seq, "other key"))
            keyed = True
        else:
            keyed = True
            if not _matches(e, key):
                problems.append(AuditProblem(e.seq, "altered"))
        prev_hash, expected = e.hash, e.seq + 1
    problems.extend(_against_checkpoints(entries, key, checkpoints))
    return tuple(problems)


def _matches(e: AuditEntry, key: AuditKey | None) -> bool:
    digest = entry_hash(e.seq, e.at, e.actor, e.action, e.target, e.allowed, e.reason,
                        e.prev_hash, key)  # fmt: skip
    return hmac.compare_digest(digest, e.hash)


def _against_checkpoints(
    entries: Sequence[AuditEntry], key: AuditKey, checkpoints: Iterable[Checkpoint]
) -> list[AuditProblem]:
    by_seq = {e.seq: e for e in entries}
    last = entries[-1].seq if entries else 0
    problems: list[AuditProblem] = []
    truncated_at: int | None = None
    for c in sorted(checkpoints, key=lambda c: c.seq):
        if not c.is_signed_by(key):
            problems.append(AuditProblem(c.seq, "forged checkpoint"))
        elif c.seq > last:
            truncated_at = c.seq if truncated_at is None else truncated_at
        elif c.seq in by_seq and not hmac.compare_digest(by_seq[c.seq].hash, c.hash):
            problems.append(AuditProblem(c.seq, "rebuilt"))
    if truncated_at is not None:
        # Reported once, at the first entry the checkpoints prove existed but is gone.
        problems.append(AuditProblem(last + 1, "truncated"))
    return problems

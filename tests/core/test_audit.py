"""The keyed audit chain finds any altered, deleted or reordered entry, a chain rebuilt
without its key, and (against checkpoints) the deletion of its newest entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.core.audit import (
    GENESIS,
    AuditEntry,
    AuditKey,
    Checkpoint,
    chained,
    checkpoint,
    entry_hash,
    verify,
)

T0 = datetime(2008, 4, 3, 9, 0, tzinfo=UTC)
KEY = AuditKey(bytes(range(32)))
OTHER = AuditKey(b"\xff" * 32)


def _log(n: int, key: AuditKey = KEY) -> list[AuditEntry]:
    out: list[AuditEntry] = []
    for i in range(n):
        out.append(chained(out[-1] if out else None, T0 + timedelta(seconds=i), f"user{i % 3}",
                           "read", f"incident:{i}", i % 2 == 0, "reason", key))  # fmt: skip
    return out


def _plain(n: int) -> list[AuditEntry]:
    """A chain as written before the trail was keyed (plain SHA-256, no key id)."""
    out: list[AuditEntry] = []
    for i in range(n):
        prev = out[-1].hash if out else GENESIS
        at = T0 + timedelta(seconds=i)
        digest = entry_hash(i + 1, at, "old", "read", f"incident:{i}", True, "", prev)
        out.append(AuditEntry(i + 1, at, "old", "read", f"incident:{i}", True, "", prev, digest))
    return out


def test_a_whole_chain_verifies_and_starts_at_genesis() -> None:
    log = _log(10)
    assert verify(log, KEY) == () and log[0].prev_hash == GENESIS and log[-1].seq == 10
    assert {e.key_id for e in log} == {KEY.key_id}


@given(st.integers(2, 30), st.data())
@settings(max_examples=60)
def test_altering_any_field_of_any_entry_is_found(n: int, data: st.DataObject) -> None:
    log = _log(n)
    i = data.draw(st.integers(0, n - 1))
    field = data.draw(st.sampled_from(["actor", "action", "target", "allowed", "reason", "at"]))
    old = getattr(log[i], field)
    new = (
        (not old)
        if isinstance(old, bool)
        else (old + timedelta(seconds=1) if isinstance(old, datetime) else old + "x")
    )
    log[i] = replace(log[i], **{field: new})
    assert [p.seq for p in verify(log, KEY) if p.kind == "altered"] == [i + 1]


@given(st.integers(3, 30), st.data())
@settings(max_examples=60)
def test_deleting_an_entry_is_found(n: int, data: st.DataObject) -> None:
    log = _log(n)
    i = data.draw(st.integers(0, n - 2))
    del log[i]
    assert any(p.kind == "missing" and p.seq == i + 1 for p in verify(log, KEY))


def test_rewriting_the_tail_with_fresh_hashes_still_breaks_at_the_edit() -> None:
    log = _log(5)
    log[2] = chained(log[1], log[2].at, "mallory", "read", "incident:2", True, "reason", KEY)
    problems = verify(log, KEY)
    assert [p.seq for p in problems] == [4] and problems[0].kind == "broken"


def test_a_chain_rebuilt_without_the_key_does_not_verify() -> None:
    """Someone who can write the database, and runs the project's own code with a key of
    their own, or with plain SHA-256, still cannot produce a chain the key accepts."""
    rebuilt = _log(6, OTHER)
    assert {p.kind for p in verify(rebuilt, KEY)} == {"other key"}
    # Claiming the right key id does not help: the HMAC does not match.
    claimed = [replace(e, key_id=KEY.key_id) for e in rebuilt]
    assert [p.kind for p in verify(claimed, KEY)] == ["altered"] * 6
    # Dropping to unkeyed entries after keyed ones is seen too.
    log = _log(3)
    tail = _plain(5)[3:]
    downgraded = log + [replace(tail[0], prev_hash=log[-1].hash)]
    assert [p.kind for p in verify(downgraded, KEY)] == ["unkeyed"]


def test_entries_from_before_the_key_are_accepted_only_at_the_start() -> None:
    old = _plain(4)
    new = [chained(old[-1], T0, "ana", "create", "incident:9", True, "", KEY)]
    assert verify(old + new, KEY) == ()
    tampered = [replace(old[1], actor="mallory"), *old[2:]]
    assert [(p.seq, p.kind) for p in verify([old[0], *tampered, *new], KEY)] == [(2, "altered")]


@given(st.integers(1, 30), st.data())
@settings(max_examples=60)
def test_deleting_the_newest_entries_is_found_against_a_checkpoint(
    n: int, data: st.DataObject
) -> None:
    log = _log(n)
    mark = checkpoint(log[-1], KEY, "trail-1")
    kept = data.draw(st.integers(0, n - 1))  # how many entries survive (0: all deleted)
    problems = verify(log[:kept], KEY, [mark])
    assert [(p.seq, p.kind) for p in problems] == [(kept + 1, "truncated")]
    assert verify(log, KEY, [mark]) == ()


def test_a_chain_rebuilt_from_an_earlier_point_disagrees_with_its_checkpoint() -> None:
    """Even with the key, rewriting the newest entries and re-chaining them is seen at the
    checkpoint that signed the old ones."""
    log = _log(6)
    mark = checkpoint(log[4], KEY, "trail-1")
    rebuilt = log[:3]
    for i in range(3, 6):
        rebuilt.append(chained(rebuilt[-1], T0, "mallory", "read", f"incident:{i}", True, "", KEY))
    assert verify(rebuilt, KEY) == ()  # the chain alone is whole...
    assert [(p.seq, p.kind) for p in verify(rebuilt, KEY, [mark])] == [(5, "rebuilt")]


def test_a_forged_or_foreign_checkpoint_is_refused() -> None:
    log = _log(3)
    forged = Checkpoint("trail-1", 9, "ab" * 32, "00" * 32)
    assert [(p.seq, p.kind) for p in verify(log, KEY, [forged])] == [(9, "forged checkpoint")]
    foreign = checkpoint(log[-1], OTHER, "trail-1")
    assert not foreign.is_signed_by(KEY) and checkpoint(log[-1], KEY, "t").is_signed_by(KEY)
    # A checkpoint signs the trail it names: moved to another trail it no longer verifies.
    moved = replace(checkpoint(log[-1], KEY, "trail-1"), database="trail-2")
    assert not moved.is_signed_by(KEY)

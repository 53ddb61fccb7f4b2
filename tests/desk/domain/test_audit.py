"""The audit chain finds any altered, deleted or reordered entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.desk.domain.audit import GENESIS, AuditEntry, chained, verify

T0 = datetime(2008, 4, 3, 9, 0, tzinfo=UTC)


def _log(n: int) -> list[AuditEntry]:
    out: list[AuditEntry] = []
    for i in range(n):
        out.append(chained(out[-1] if out else None, T0 + timedelta(seconds=i), f"user{i % 3}",
                           "read", f"incident:{i}", i % 2 == 0, "reason"))  # fmt: skip
    return out


def test_a_whole_chain_verifies_and_starts_at_genesis() -> None:
    log = _log(10)
    assert verify(log) == () and log[0].prev_hash == GENESIS and log[-1].seq == 10


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
    assert [p.seq for p in verify(log) if p.kind == "altered"] == [i + 1]


@given(st.integers(3, 30), st.data())
@settings(max_examples=60)
def test_deleting_an_entry_is_found(n: int, data: st.DataObject) -> None:
    log = _log(n)
    i = data.draw(st.integers(0, n - 2))
    del log[i]
    assert any(p.kind == "missing" and p.seq == i + 1 for p in verify(log))


def test_rewriting_the_tail_with_fresh_hashes_still_breaks_at_the_edit() -> None:
    log = _log(5)
    forged = chained(log[1], log[2].at, "mallory", "read", "incident:2", True, "reason")
    log[2] = forged
    problems = verify(log)
    assert [p.seq for p in problems] == [4] and problems[0].kind == "broken"

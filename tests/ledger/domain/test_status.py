"""Derived status on the boundaries, and the vectorised index against the plain rules."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import Calendar, Commitment, RecordedStatus, StatusEvent, Topic
from bucarest.ledger.domain.status import DUE_WINDOW_DAYS, LedgerStatus, status_from, status_on

DEADLINE = date(2008, 7, 31)
D = RecordedStatus.DONE


@pytest.mark.parametrize(
    ("recorded", "on", "expected"),
    [
        (None, DEADLINE, LedgerStatus.DUE),  # the deadline day itself is still due, not overdue
        (None, DEADLINE + timedelta(days=1), LedgerStatus.OVERDUE),
        (None, DEADLINE - timedelta(days=DUE_WINDOW_DAYS), LedgerStatus.DUE),
        (None, DEADLINE - timedelta(days=DUE_WINDOW_DAYS + 1), LedgerStatus.NOT_YET_DUE),
        ((D, DEADLINE), DEADLINE, LedgerStatus.DONE_ON_TIME),  # done on the deadline day
        ((D, DEADLINE + timedelta(days=1)), date(2009, 1, 1), LedgerStatus.DONE_LATE),
        ((RecordedStatus.IN_PROGRESS, date(2008, 5, 1)), date(2008, 9, 1), LedgerStatus.OVERDUE),
        ((RecordedStatus.SUPERSEDED, date(2008, 5, 1)), date(2009, 1, 1), LedgerStatus.SUPERSEDED),
        ((RecordedStatus.DROPPED, date(2008, 5, 1)), date(2009, 1, 1), LedgerStatus.DROPPED),
    ],
)
def test_status_boundaries(recorded, on, expected) -> None:
    assert status_from(DEADLINE, recorded, on) is expected


def test_before_the_decision_and_without_deadline() -> None:
    assert status_from(DEADLINE, None, date(2008, 4, 2), date(2008, 4, 3)) is (
        LedgerStatus.NOT_YET_DECIDED
    )
    assert status_from(None, None, date(2030, 1, 1)) is LedgerStatus.NOT_YET_DUE
    assert status_from(None, (D, date(2009, 1, 1)), date(2030, 1, 1)) is LedgerStatus.DONE_ON_TIME


def test_a_status_counts_only_from_its_date(small: Ledger) -> None:
    c = small.commitment("protocols-signed")
    assert status_on(c, small.calendar, date(2008, 7, 8)) is LedgerStatus.DUE
    assert status_on(c, small.calendar, date(2008, 7, 9)) is LedgerStatus.DONE_ON_TIME


def test_deadline_event_resolves_through_the_calendar(small: Ledger) -> None:
    c = small.commitment("protocols-ratified")
    assert status_on(c, small.calendar, date(2009, 4, 1)) is LedgerStatus.DONE_ON_TIME
    assert status_on(c, small.calendar, date(2009, 3, 31)) is LedgerStatus.DUE


CAL = Calendar(())
days = st.integers(min_value=0, max_value=800).map(lambda n: date(2008, 1, 1) + timedelta(days=n))


@st.composite
def commitments(draw: st.DrawFn, i: int) -> Commitment:
    created = draw(days)
    deadline = draw(st.one_of(st.none(), days.filter(lambda d: d >= created)))
    n = draw(st.integers(min_value=0, max_value=4))
    history = tuple(
        sorted(
            (
                StatusEvent(
                    f"c{i}",
                    draw(st.sampled_from(list(RecordedStatus))),
                    draw(days.filter(lambda d: d >= created)),
                    "evidence citation",
                )  # fmt: skip
                for _ in range(n)
            ),
            key=lambda e: e.on,
        )
    )
    return Commitment(f"c{i}", "s", "doc", "", "", Topic.CYBER, "t", "t", "t", "t", ("allies",),
                      deadline, None, created, "source citation", history)  # fmt: skip


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    n = draw(st.integers(min_value=1, max_value=12))
    return Ledger(CAL, tuple(draw(commitments(i)) for i in range(n)))


@settings(max_examples=150, deadline=None)
@given(ledgers(), days)
def test_vectorised_index_agrees_with_the_rules(ledger: Ledger, on: date) -> None:
    expected = tuple(status_on(c, ledger.calendar, on) for c in ledger.commitments)
    assert ledger.status_index.statuses_on(on) == expected
    counts = ledger.status_index.counts_on(on)
    assert sum(counts.values()) == len(ledger.commitments)


def test_work_delivered_at_the_summit_named_as_deadline_is_on_time(small: Ledger) -> None:
    # the Strasbourg/Kehl summit ran 3-4 April 2009: delivery on its last day is on time
    c = small.commitment("protocols-ratified")
    from dataclasses import replace

    at_summit = replace(c, history=(StatusEvent(c.id, D, date(2009, 4, 4), "citation text"),))
    after = replace(c, history=(StatusEvent(c.id, D, date(2009, 4, 5), "citation text"),))
    assert status_on(at_summit, small.calendar, date(2009, 5, 1)) is LedgerStatus.DONE_ON_TIME
    assert status_on(after, small.calendar, date(2009, 5, 1)) is LedgerStatus.DONE_LATE

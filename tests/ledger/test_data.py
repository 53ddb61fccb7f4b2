"""The shipped Bucharest ledger answers "what was due, done and late" between April 2008
and April 2009."""

from datetime import date

import pytest

from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.ledger import Ledger, rows_on
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus, status_on


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_embedded_ledger()


def test_at_least_twenty_sourced_decisions(ledger: Ledger) -> None:
    bucharest = [c for c in ledger.commitments if c.summit == "bucharest-2008"]
    assert len(bucharest) >= 20
    assert all(c.source.strip() and c.text_fr.strip() and c.text_en.strip() for c in bucharest)
    assert all(e.evidence.strip() for c in bucharest for e in c.history)


def test_protocols_signed_on_9_july_2008(ledger: Ledger) -> None:
    signed = [c for c in ledger.commitments
              if any(e.on == date(2008, 7, 9) for e in c.history)]  # fmt: skip
    assert signed, "the signature of the accession protocols on 9 July 2008 is recorded"
    c = signed[0]
    assert status_on(c, ledger.calendar, date(2008, 7, 8)) in (
        LedgerStatus.DUE,
        LedgerStatus.NOT_YET_DUE,
    )
    assert status_on(c, ledger.calendar, date(2008, 7, 9)).is_done


def test_nothing_done_before_the_summit(ledger: Ledger) -> None:
    rows = rows_on(ledger, date(2008, 4, 1))
    assert all(r.status is LedgerStatus.NOT_YET_DECIDED for r in rows
               if r.commitment.summit == "bucharest-2008")  # fmt: skip


def test_statuses_move_forward_through_the_year(ledger: Ledger) -> None:
    done = [sum(r.status.is_done for r in rows_on(ledger, date(2008, m, 15))) for m in (5, 8, 12)]
    assert done == sorted(done) and done[-1] > done[0]


def test_review_as_of_the_2009_summit(ledger: Ledger) -> None:
    r = build_review(ledger, "bucharest-2008", date(2009, 4, 3))
    assert sum(r.counts.values()) == len(r.rows) >= 20
    assert {s.topic for s in r.sections} >= {t.topic for t in r.sections}
    assert any(f for _, f in r.forces), "ISAF force levels are part of the review"


def test_isaf_on_3_june_2008(ledger: Ledger) -> None:
    from bucarest.ledger.domain.operations import forces_on

    f = forces_on(ledger.contributions, "isaf", date(2008, 6, 3))
    assert f.total == 52908
    assert f.point is not None and f.point.nations_count == 40
    assert f.total == sum(n for _, n in f.by_nation) + f.other


def test_kfor_has_a_2008_figure_in_force_at_the_summit(ledger: Ledger) -> None:
    from bucarest.ledger.domain.operations import forces_on

    f = forces_on(ledger.contributions, "kfor", date(2008, 4, 3))
    assert f.point is not None and f.point.on == date(2008, 2, 8)
    assert f.total == 16000 and "Xinhua" in f.point.source


def test_nrc_transit_is_done_on_4_april_2008_and_stays_done(ledger: Ledger) -> None:
    c = next(c for c in ledger.commitments if c.id == "nrc-transit")
    assert [(e.status.value, e.on) for e in c.history] == [("done", date(2008, 4, 4))]
    assert "nato.int" in c.history[0].evidence
    for day in (date(2008, 4, 4), date(2009, 4, 3), date(2026, 11, 29)):
        assert status_on(c, ledger.calendar, day) is LedgerStatus.DONE_ON_TIME


def test_engaging_afghanistans_neighbours_especially_pakistan_has_a_row(ledger: Ledger) -> None:
    c = next(c for c in ledger.commitments if c.id == "isaf-neighbours-pakistan")
    assert "en particulier le Pakistan" in c.text_fr and "especially Pakistan" in c.text_en
    assert c.owners == ("isaf-nations",) and c.deadline is None and c.history == ()
    assert status_on(c, ledger.calendar, date(2009, 4, 3)) is LedgerStatus.NOT_YET_DUE
    assert "news_7196" in c.source

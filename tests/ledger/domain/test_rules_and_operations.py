"""Refused facts, and force levels with their "other" remainder."""

from datetime import date
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError, InvalidFactError, NotFoundError
from bucarest.ledger.data import load_ledger
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import Assessment, RecordedStatus, StatusEvent
from bucarest.ledger.domain.operations import forces_on, forces_series, pledges_on
from bucarest.ledger.domain.rules import check_assessment, check_evidence, check_status_event
from tests.paths import DATA

MIN = DATA / "ledger_min"


@pytest.mark.parametrize(
    "good", ["https://www.nato.int/x.htm", "Press Release (2008) 049, para. 2"]
)
def test_evidence_accepted(good: str) -> None:
    check_evidence(good)


@pytest.mark.parametrize("bad", ["", "x", "done", "http://", "https://nato int/x", "1234567890"])
def test_evidence_refused(bad: str) -> None:
    with pytest.raises(InvalidFactError, match="neither a URL nor a citation"):
        check_evidence(bad)


def test_status_before_the_commitment_existed(small: Ledger) -> None:
    c = small.commitment("protocols-signed")
    e = StatusEvent(c.id, RecordedStatus.DONE, date(2008, 1, 1), "https://www.nato.int/a")
    with pytest.raises(InvalidFactError, match="before commitment 'protocols-signed' existed"):
        check_status_event(c, e)
    future = StatusEvent(c.id, RecordedStatus.DONE, date(2030, 1, 1), "https://www.nato.int/a")
    with pytest.raises(InvalidFactError, match="in the future"):
        check_status_event(c, future, today=date(2026, 11, 29))


@pytest.mark.parametrize(
    ("actor", "score", "fragment"),
    [("FRA", 2, "out of range"), ("FRA", -2, "out of range"), ("XXX", 1, "unknown country"),
     ("the-pope", 1, "unknown actor")],
)  # fmt: skip
def test_assessments_refused(small: Ledger, actor: str, score: int, fragment: str) -> None:
    c = small.commitment("protocols-ratified")
    with pytest.raises((InvalidFactError, NotFoundError), match=fragment):
        check_assessment(c, Assessment(c.id, actor, score, date(2009, 1, 1), "https://a.org/x"))


def test_unknown_commitment_and_operation(small: Ledger) -> None:
    with pytest.raises(NotFoundError, match="unknown commitment 'nope'"):
        small.commitment("nope")
    with pytest.raises(NotFoundError, match="expected one of isaf"):
        small.mission("sfor")


def test_forces_other_is_total_minus_listed_nations(small: Ledger) -> None:
    f = forces_on(small.contributions, "isaf", date(2008, 7, 1))
    assert f.total == 100 and dict(f.by_nation) == {"USA": 60, "GBR": 30} and f.other == 10
    assert f.by_nation[0] == ("USA", 60)
    before = forces_on(small.contributions, "isaf", date(2008, 1, 1))
    assert before.point is None and before.total == 0
    series = forces_series(small.contributions, "isaf")
    assert [s.total for s in series] == [100, 120]
    assert all(s.total == sum(n for _, n in s.by_nation) + s.other for s in series)
    assert [p.nation for p in pledges_on(small.pledges, "isaf", date(2008, 5, 1))] == ["FRA"]


def test_malformed_ledger_file(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "l"
    shutil.copytree(MIN, folder)
    text = (folder / "commitments.yaml").read_text()
    (folder / "commitments.yaml").write_text(text.replace('deadline: "2008-07-31"',
                                                          'deadline: "2008-02-30"', 1))  # fmt: skip
    with pytest.raises(DataFileError, match="commitments.yaml: row 1: invalid date"):
        load_ledger(folder)
    (folder / "commitments.yaml").write_text(text.replace("deadline_event: strasbourg-kehl-2009",
                                                          "deadline_event: lisbon-2010"))  # fmt: skip
    with pytest.raises(DataFileError, match="unknown calendar event 'lisbon-2010'"):
        load_ledger(folder)


# --- the strength on a date: published, none yet, or ended -----------------------------------


def test_strength_on_a_date_uses_only_figures_published_by_then() -> None:
    from bucarest.ledger.data import load_embedded_ledger
    from bucarest.ledger.domain.operations import StrengthState, strength_on

    ledger = load_embedded_ledger()
    isaf = ledger.mission("isaf")
    points = ledger.contributions
    before = strength_on(isaf, points, date(2008, 4, 3))  # the first ISAF figure is of 4 April
    assert before.state is StrengthState.NONE and before.point is None
    june = strength_on(isaf, points, date(2008, 6, 3))
    assert june.state is StrengthState.PUBLISHED and june.total == 52908
    last_day = strength_on(isaf, points, date(2014, 12, 31))
    assert last_day.state is StrengthState.PUBLISHED
    after = strength_on(isaf, points, date(2015, 6, 1))
    assert after.state is StrengthState.ENDED and after.ended_on == date(2014, 12, 31)
    assert after.point is not None and after.point.on <= date(2014, 12, 31)
    # no figure is ever later than the date asked
    for p in points:
        for day in (p.on, p.on.replace(day=1)):
            f = strength_on(ledger.mission(p.mission), points, day)
            assert f.point is None or f.point.on <= day
    # an operation with no figure at all: none while it runs, ended without figures after
    ntm = ledger.mission("ntm-i")
    assert strength_on(ntm, points, date(2009, 1, 1)).state is StrengthState.NONE
    ended = strength_on(ntm, points, date(2015, 6, 1))
    assert ended.state is StrengthState.ENDED and ended.point is None

"""The cumulative ratification series agrees with ratification_progress on every day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bucarest.core.errors import NotFoundError
from bucarest.registry.data import load_registry
from bucarest.registry.domain.accession import ratification_progress
from bucarest.registry.domain.model import Registry, Stage
from bucarest.registry.domain.ratification_series import ratification_series
from tests.paths import DATA

FIXTURE = DATA / "registry_min"


@pytest.fixture(scope="module")
def small() -> Registry:
    return load_registry(FIXTURE)


def test_fixture_series_steps(small: Registry) -> None:
    s = ratification_series(small, "alb", date(2020, 1, 1))
    assert s is not None
    assert s.country == "ALB"
    assert s.protocol_signed == date(2008, 7, 9)
    assert s.end == date(2009, 4, 1) and s.member
    assert s.required == 2  # FRA and USA were the Allies of the fixture on signature
    # USA is known to the month (2008-10), counted from its first day; FRA on 2009-02-26.
    assert s.points == ((date(2008, 7, 9), 0), (date(2008, 10, 1), 1), (date(2009, 2, 26), 2))
    assert s.count_on(date(2008, 9, 30)) == 0
    assert s.count_on(date(2008, 10, 1)) == 1
    assert s.count_on(date(2030, 1, 1)) == 2
    assert s.dated == 2


def test_open_case_ends_on_the_given_day(small: Registry) -> None:
    s = ratification_series(small, "ALB", date(2008, 12, 1))
    assert s is not None and not s.member
    assert s.end == date(2008, 12, 1)
    assert s.points[-1] == (date(2008, 10, 1), 1)


def test_before_signature_there_is_no_series(small: Registry) -> None:
    assert ratification_series(small, "ALB", date(2008, 7, 8)) is None


def test_unknown_case(small: Registry) -> None:
    with pytest.raises(NotFoundError):
        ratification_series(small, "MLT", date(2009, 1, 1))


def test_series_agrees_with_progress_on_every_day(reg: Registry) -> None:
    for code, events in reg.events_by_country.items():
        if not any(e.stage is Stage.PROTOCOL_SIGNED for e in events):
            continue
        s = ratification_series(reg, code, date(2025, 1, 1))
        assert s is not None
        counts = [n for _, n in s.points]
        assert all(a < b for a, b in zip(counts, counts[1:], strict=False))
        assert all(n <= s.required for n in counts)
        day = s.protocol_signed
        while day <= s.end:
            assert s.count_on(day) == len(ratification_progress(reg, code, day).ratified), (
                code,
                day,
            )
            day += timedelta(days=7)

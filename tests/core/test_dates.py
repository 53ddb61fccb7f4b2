from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bucarest.core.dates import Interval, PartialDate, Precision, parse_date, parse_partial_date
from bucarest.core.errors import InvalidDateError, InvalidFactError

days = st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    start = draw(days)
    length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=20000)))
    return Interval(start, None if length is None else start + timedelta(days=length))


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2008-04-03", Precision.DAY, date(2008, 4, 3), date(2008, 4, 3)),
        ("1995-02", Precision.MONTH, date(1995, 2, 1), date(1995, 2, 28)),
        ("2008-02", Precision.MONTH, date(2008, 2, 1), date(2008, 2, 29)),
        ("1949", Precision.YEAR, date(1949, 1, 1), date(1949, 12, 31)),
    ],
)
def test_partial_dates_keep_their_precision(text, precision, earliest, latest) -> None:
    d = parse_partial_date(text)
    assert (d.precision, d.earliest, d.latest) == (precision, earliest, latest)
    assert d.isoformat() == text


@pytest.mark.parametrize("text", ["2009-02-30", "2008-13", "08-04-03", "2008/04/03", "", "abc"])
def test_malformed_or_impossible_dates_are_refused_with_the_expected_form(text) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_partial_date(text)
    assert "expected ISO 8601" in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_date_needs_a_full_day() -> None:
    assert parse_date("2008-04-03") == date(2008, 4, 3)
    with pytest.raises(InvalidDateError, match="full day"):
        parse_date("2008-04")


def test_interval_is_half_open() -> None:
    i = Interval(date(1995, 4, 26), date(1996, 10, 27))
    assert i.contains(date(1995, 4, 26))
    assert i.contains(date(1996, 10, 26))
    assert not i.contains(date(1996, 10, 27))
    assert i.last_day() == date(1996, 10, 26)


def test_interval_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidFactError, match="must end after it starts"):
        Interval(date(2009, 1, 1), date(2009, 1, 1))


@given(days, days.filter(lambda d: d.day > 1))
def test_month_precision_must_start_on_day_one(d: date, other: date) -> None:
    PartialDate(d.replace(day=1), Precision.MONTH)
    with pytest.raises(InvalidDateError):
        PartialDate(other, Precision.MONTH)


@given(intervals(), intervals())
def test_intersection_is_commutative_and_agrees_with_overlaps(a: Interval, b: Interval) -> None:
    assert a.intersection(b) == b.intersection(a)
    assert a.overlaps(b) == (a.intersection(b) is not None) == b.overlaps(a)


@given(intervals(), intervals(), days)
def test_a_day_is_in_the_intersection_iff_in_both(a: Interval, b: Interval, d: date) -> None:
    both = a.intersection(b)
    in_both = a.contains(d) and b.contains(d)
    assert in_both == (both is not None and both.contains(d))


@given(intervals(), days)
def test_intersection_with_itself_and_clip(a: Interval, d: date) -> None:
    assert a.intersection(a) == a
    clipped = a.clip(Interval(d))
    if clipped is not None:
        assert clipped.start >= d and clipped.start >= a.start


@given(intervals(), days)
def test_length_counts_days_until_the_end(a: Interval, until: date) -> None:
    n = a.days(until)
    assert n >= 0
    if a.end is not None:
        assert n == (a.end - a.start).days

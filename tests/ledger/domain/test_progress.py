"""Progress, forecast and compliance maths."""

import math
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bucarest.ledger.domain.model import Assessment, Indicator, IndicatorValue, Measure
from bucarest.ledger.domain.progress import (
    Outlook,
    compliance,
    forecast,
    percent_of_score,
    progress_on,
    share_of,
)

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(values, values, st.booleans())
def test_share_is_zero_at_baseline_and_one_at_target(b: float, t: float, asc: bool) -> None:
    assume(abs(t - b) > 1e-6)
    assert share_of(b, b, t, asc) == 0.0
    assert math.isclose(share_of(t, b, t, asc), 1.0)


@given(values, values, values, values)
def test_share_grows_towards_the_target(b: float, t: float, x: float, y: float) -> None:
    assume(abs(t - b) > 1e-6)
    lo, hi = sorted((x, y))
    toward = (lo, hi) if t > b else (hi, lo)
    assert share_of(toward[0], b, t, t > b) <= share_of(toward[1], b, t, t > b)


def test_a_decreasing_indicator() -> None:
    # e.g. civilian casualties from 100 down to 40: at 70 we are half way
    assert share_of(70, 100, 40, ascending=False) == 0.5


def test_target_equal_to_baseline_follows_the_direction() -> None:
    assert share_of(5, 5, 5, True) == 1.0
    assert share_of(4, 5, 5, True) == 0.0
    assert share_of(4, 5, 5, False) == 1.0


def ind(actuals: list[tuple[int, float]], target: float = 100.0) -> Indicator:
    start = date(2008, 1, 1)
    return Indicator(
        "i", "c", "t", "t", Measure.UNIT, True, "u", IndicatorValue(start, 0.0, "s"),
        (IndicatorValue(start + timedelta(days=100), target, "s"),),
        tuple(IndicatorValue(start + timedelta(days=d), v, "s") for d, v in actuals),
    )  # fmt: skip


@given(st.floats(min_value=0.01, max_value=5.0))
def test_forecast_of_a_straight_line_is_exact(rate: float) -> None:
    i = ind([(10, 10 * rate), (20, 20 * rate), (40, 40 * rate)])
    f = forecast(i, date(2008, 3, 1), date(2008, 4, 10))
    assert f.projected_value is not None
    assert math.isclose(f.projected_value, 100 * rate, rel_tol=1e-9)
    expected = (
        Outlook.ON_TRACK if rate >= 1 else Outlook.AT_RISK if rate >= 0.7 else Outlook.OFF_TRACK
    )
    assert f.outlook is expected or math.isclose(rate, 0.7) or math.isclose(rate, 1.0)


def test_forecast_needs_an_actual_and_uses_only_known_ones() -> None:
    i = ind([(50, 90.0)])
    assert forecast(i, date(2008, 1, 20), date(2008, 4, 10)).outlook is Outlook.UNKNOWN
    assert progress_on(i, date(2008, 1, 20)).share is None
    assert progress_on(i, date(2008, 3, 1)).share == pytest.approx(0.9)


def test_compliance_averages_as_g20_percentages() -> None:
    d = date(2009, 1, 1)
    a = [
        Assessment("c1", "FRA", 1, d, "e"),
        Assessment("c1", "GRC", 0, d, "e"),
        Assessment("c2", "FRA", 0, d, "e"),
        Assessment("c2", "FRA", 1, d + timedelta(days=5), "e"),  # the later score replaces it
        Assessment("c2", "GRC", -1, d + timedelta(days=400), "e"),  # after the date: ignored
    ]
    c = compliance(a, date(2009, 3, 1))
    assert c.by_actor == {"FRA": 1.0, "GRC": 0.0}
    assert c.by_commitment == {"c1": 0.5, "c2": 1.0}
    assert c.commitment_percent("c1") == 75.0
    assert c.count == 3 and c.overall == pytest.approx(2 / 3)
    assert percent_of_score(-1) == 0.0 and percent_of_score(1) == 100.0

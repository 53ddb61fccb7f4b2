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


# --- forecasts within what is possible -------------------------------------------------------

from bucarest.ledger.domain.progress import ALLIES_UNIT, ceiling_of  # noqa: E402

_SIGNED = date(2008, 7, 9)


@st.composite
def ratification_counts(draw: st.DrawFn) -> tuple[Indicator, date, date]:
    """A count of the Allies that ratified a protocol: N Allies must, counts only rise."""
    n = draw(st.integers(min_value=1, max_value=32))
    days = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=400), max_size=8))))
    counts = sorted(draw(st.lists(st.integers(min_value=0, max_value=n), min_size=len(days),
                                  max_size=len(days))))  # fmt: skip
    actuals = tuple(
        IndicatorValue(_SIGNED + timedelta(days=d), c, "s")
        for d, c in zip(days, counts, strict=True)
    )
    ind = Indicator("r", "c", "t", "t", Measure.UNIT, True, ALLIES_UNIT,
                    IndicatorValue(_SIGNED, 0, "s"),
                    (IndicatorValue(_SIGNED + timedelta(days=270), n, "s"),), actuals)  # fmt: skip
    on = _SIGNED + timedelta(days=draw(st.integers(min_value=0, max_value=500)))
    deadline = _SIGNED + timedelta(days=draw(st.integers(min_value=1, max_value=900)))
    return ind, on, deadline


@given(ratification_counts())
def test_a_ratification_forecast_never_exceeds_the_allies_that_must_ratify(
    case: tuple[Indicator, date, date],
) -> None:
    ind, on, deadline = case
    n = ceiling_of(ind)
    assert n is not None
    f = forecast(ind, on, deadline)
    if f.projected_value is not None:
        assert 0 <= f.projected_value <= n
        known = [a.value for a in ind.actuals if a.on <= min(on, deadline)]
        assert f.projected_value >= (known[-1] if known else 0)


def test_the_2008_forecast_is_at_most_26_of_26() -> None:
    from bucarest.ledger.data import load_embedded_ledger

    inds = [i for c in load_embedded_ledger().commitments for i in c.indicators
            if i.unit == ALLIES_UNIT]  # fmt: skip
    assert inds
    from bucarest.registry.data import load_embedded_registry
    from bucarest.registry.domain.accession import ratification_progress

    # the registry's own count of the Allies that had to ratify, in 2008
    required = ratification_progress(load_embedded_registry(), "ALB", date(2008, 12, 1))
    assert required.required_count == 26
    for ind in inds:
        assert ceiling_of(ind) == required.required_count
        for day in (date(2008, 9, 16), date(2008, 12, 23), date(2009, 2, 10), date(2009, 3, 31)):
            f = forecast(ind, day, date(2009, 4, 3))
            assert f.projected_value is None or f.projected_value <= 26


def test_a_deadline_already_past_is_read_not_projected() -> None:
    ind = Indicator("x", "c", "t", "t", Measure.UNIT, True, "troops",
                    IndicatorValue(date(2008, 1, 1), 0, "s"),
                    (IndicatorValue(date(2008, 12, 31), 100, "s"),),
                    (IndicatorValue(date(2008, 6, 1), 40, "s"),
                     IndicatorValue(date(2009, 6, 1), 400, "s")))  # fmt: skip
    f = forecast(ind, date(2010, 1, 1), date(2008, 12, 31))
    assert f.projected_value == 40 and f.outlook is Outlook.OFF_TRACK
    assert ceiling_of(ind) is None

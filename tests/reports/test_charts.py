"""The shared chart geometry: round ticks and date ticks (hypothesis for invariants)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bucarest.reports.charts import date_ticks, nice_ticks


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0.001, 1e6, allow_nan=False),
)
def test_nice_ticks_cover_the_range_in_equal_steps(lo: float, span: float) -> None:
    hi = lo + span
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo + 1e-9 and ticks[-1] >= hi - 1e-9
    assert 2 <= len(ticks) <= 7
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


@given(st.dates(date(1990, 1, 1), date(2030, 1, 1)), st.integers(1, 8000))
def test_date_ticks_fall_inside_and_are_few(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    ticks = date_ticks(start, end, "fr")
    assert len(ticks) <= 6
    assert all(start <= d <= end and d.day == 1 for d, _ in ticks)
    assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)

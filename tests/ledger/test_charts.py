"""The ledger's charts: stacked force levels and indicator trends (hypothesis for invariants)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.core.i18n import gettext
from bucarest.ledger.charts import (
    STATUS_COLOURS,
    forces_chart,
    indicator_chart,
    progress_percent,
)
from bucarest.ledger.domain.model import Indicator, IndicatorValue, Measure
from bucarest.ledger.domain.operations import ContributionPoint, forces_series
from bucarest.ledger.domain.progress import forecast
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.rendering import forces_svg, indicator_svg

NATIONS = ["USA", "GBR", "DEU", "FRA", "CAN", "ITA", "NLD", "POL", "ESP", "TUR"]


def test_progress_percent_is_clamped() -> None:
    assert progress_percent(None) is None
    assert progress_percent(1.7) == 100 and progress_percent(-0.2) == 0
    assert progress_percent(0.766) == 77


points_strategy = st.lists(
    st.tuples(
        st.integers(0, 2000),  # day offset
        st.dictionaries(st.sampled_from(NATIONS), st.integers(0, 40000), max_size=8),
        st.integers(0, 20000),  # unlisted remainder
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda t: t[0],
)


@settings(max_examples=60)
@given(points_strategy, st.integers(1, 8))
def test_stacked_bars_add_up_to_the_published_totals(raw: list, top: int) -> None:  # type: ignore[type-arg]
    points = tuple(
        ContributionPoint("isaf", date(2008, 1, 1) + timedelta(days=d), sum(f.values()) + rest,
                          None, "s", f)
        for d, f, rest in raw
    )  # fmt: skip
    series = forces_series(points, "isaf")
    chart = forces_chart("isaf", series, "en", top=top, on=date(2009, 1, 1))
    assert len(chart.bars) == len(points)
    shown = {item.label for item in chart.legend} - {"other", "not broken down by nation"}
    assert len(shown) <= top
    frame = chart.frame
    for bar, f in zip(chart.bars, series, strict=True):
        assert sum(s.value for s in bar.segments) == f.total == bar.total
        bottom = frame.bottom
        for s in bar.segments:  # stacked without gap or overlap, inside the frame
            assert s.height >= 0 and abs((s.y + s.height) - bottom) < 0.25
            bottom = s.y
        assert bar.top >= frame.top - 0.5
        if not f.by_nation and f.total:
            assert [s.key for s in bar.segments] == ["unbroken"]
    current = [b.on for b in chart.bars if b.current]
    before = [p.on for p in points if p.on <= date(2009, 1, 1)]
    assert current == ([max(before)] if before else [])


def test_the_largest_nations_are_stacked_and_the_rest_is_other() -> None:
    p1 = ContributionPoint("isaf", date(2008, 6, 3), 52908, 40, "s",
                           {"USA": 23550, "GBR": 8530, "DEU": 3370, "CAN": 2500})  # fmt: skip
    p2 = ContributionPoint("isaf", date(2009, 1, 31), 55100, 38, "s")
    chart = forces_chart("isaf", forces_series((p1, p2), "isaf"), "fr", top=2)
    first, second = chart.bars
    assert [(s.key, s.value) for s in first.segments] == [
        ("USA", 23550),
        ("GBR", 8530),
        ("other", 52908 - 23550 - 8530),
    ]
    assert [(s.key, s.value) for s in second.segments] == [("unbroken", 55100)]
    assert [i.label for i in chart.legend] == [  # top of the stack first
        gettext("not broken down by nation", "fr"),
        gettext("other", "fr"),
        "Royaume-Uni",
        "États-Unis",
    ]
    assert first.total_label == "52\u202f908"
    svg = forces_svg(chart, "x", "FIAS")
    assert svg.count("<rect") == 4 + 4  # segments, and the legend's swatches
    assert 'data-key="USA" data-value="23550"' in svg


def _indicator(actuals: list[tuple[date, float]], ascending: bool = True) -> Indicator:
    v = IndicatorValue
    return Indicator(
        "i", "c", "Allies that ratified", "Alliés ayant ratifié", Measure.UNIT, ascending,
        "Allies", v(date(2008, 7, 9), 0, "s"), (v(date(2009, 4, 1), 26, "s"),),
        tuple(v(d, x, "s") for d, x in actuals),
    )  # fmt: skip


def test_indicator_chart_draws_baseline_actuals_target_and_forecast() -> None:
    ind = _indicator([(date(2008, 10, 1), 8), (date(2009, 1, 15), 20)])
    deadline = date(2009, 4, 4)
    on = date(2009, 2, 1)
    chart = indicator_chart(ind, on, deadline, forecast(ind, on, deadline), "en")
    f = chart.frame
    assert len(chart.actuals) == 2
    assert chart.actual_path.startswith(f"M{chart.baseline.x:.1f},{chart.baseline.y:.1f}")
    assert chart.actual_path.count("L") == 2
    assert all(f.left <= p.x <= f.right and f.top <= p.y <= f.bottom for p in chart.actuals)
    assert chart.deadline_x == f.right  # the deadline is the last day shown
    assert chart.forecast_path.endswith(f"L{f.right:.1f},{chart.forecast_end.y:.1f}")  # type: ignore[union-attr]
    assert chart.target_y is not None and chart.target_label == "Target: 26 Allies"
    assert chart.as_of_x is not None and f.left < chart.as_of_x < f.right
    svg = indicator_svg(chart, "u1")
    assert 'stroke-dasharray="5 4"' in svg and 'class="target"' in svg
    assert svg.count('class="actual"') == 2 and '<title id="u1-t">' in svg
    assert re.search(r"<text[^>]*>Forecast at the deadline</text>", svg)


def test_indicator_chart_without_actuals_or_deadline() -> None:
    ind = _indicator([])
    chart = indicator_chart(ind, date(2008, 8, 1), None, None, "fr")
    assert chart.actuals == () and chart.forecast_path == "" and chart.deadline_x is None
    assert chart.target_label.startswith(gettext("Target", "fr"))
    # facts after the date are not drawn
    later = _indicator([(date(2009, 1, 15), 20)])
    assert indicator_chart(later, date(2008, 12, 1), None, None, "en").actuals == ()


def test_every_status_has_a_colour_and_the_web_stylesheet_agrees() -> None:
    from importlib import resources

    css = (resources.files("bucarest.platform") / "static" / "css" / "app.css").read_text("utf-8")
    for s in LedgerStatus:
        assert re.search(rf"\.st-{s.value} \{{ --st: {STATUS_COLOURS[s]};", css), s

r"""Objective progress: indicator shares, trend forecasts and compliance averages.

Progress of an indicator is the share of the way from its baseline to its target,
in the indicator's direction (IATI's model; consumers compute it this way):

.. math:: p = \frac{a - b}{t - b}

with ``a`` the latest actual, ``b`` the baseline and ``t`` the target in force. A
forecast fits a least-squares line through the baseline and the actuals known on
the date and reads it at the deadline, within what is possible (:func:`ceiling_of`: a count of
Allies never exceeds the Allies that must act, nor falls below what they have done; a
deadline already past on the date is read from the actuals, not projected): ``on_track`` when the projected share
reaches 1, ``at_risk`` from :data:`AT_RISK_SHARE`, else ``off_track`` (OKR check-in
vocabulary). Compliance follows the G7/G20 Research Group: each actor scores -1, 0
or +1 per commitment, averages are reported as percentages ``(avg + 1) / 2``.

Example::

    >>> from bucarest.ledger.domain.model import Indicator, IndicatorValue as V, Measure
    >>> ind = Indicator("x", "c", "t", "t", Measure.UNIT, True, "Allies",
    ...                 V(date(2008, 7, 9), 0, "s"), (V(date(2009, 4, 1), 26, "s"),),
    ...                 (V(date(2008, 12, 1), 13, "s"),))
    >>> progress_on(ind, date(2009, 1, 1)).share
    0.5
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bucarest.ledger.domain.model import Assessment, Indicator, IndicatorValue

__all__ = [
    "ALLIES_UNIT",
    "AT_RISK_SHARE",
    "Compliance",
    "Forecast",
    "Outlook",
    "Progress",
    "ceiling_of",
    "compliance",
    "forecast",
    "percent_of_score",
    "progress_on",
    "share_of",
    "target_on",
]

#: The unit of indicators that count Allies (ratifications of a protocol, for instance).
ALLIES_UNIT = "Allies"

#: A projected share at the deadline from which a commitment is "at risk" rather than off track.
AT_RISK_SHARE = 0.7


def share_of(value: float, baseline: float, target: float, ascending: bool) -> float:
    """Share of the way from ``baseline`` to ``target`` (1.0 = reached; may exceed 1).

    A target equal to its baseline is met (1.0) when the value is on the right side of it.
    """
    if target == baseline:
        met = value >= target if ascending else value <= target
        return 1.0 if met else 0.0
    return (value - baseline) / (target - baseline)


def target_on(ind: Indicator, on: date) -> IndicatorValue | None:
    """The target in force on ``on``: the first dated on or after it, else the last one."""
    if not ind.targets:
        return None
    ordered = sorted(ind.targets, key=lambda v: v.on)
    for t in ordered:
        if t.on >= on:
            return t
    return ordered[-1]


@dataclass(frozen=True)
class Progress:
    """An indicator on a date: the latest actual, the target in force and the share."""

    indicator: str
    on: date
    actual: IndicatorValue | None
    target: IndicatorValue | None
    share: float | None


def progress_on(ind: Indicator, on: date) -> Progress:
    """Progress of ``ind`` as known on ``on`` (``share`` is None without an actual or target)."""
    known = [a for a in ind.actuals if a.on <= on]
    actual = max(known, key=lambda a: a.on) if known else None
    target = target_on(ind, on)
    share = None
    if actual is not None and target is not None:
        share = share_of(actual.value, ind.baseline.value, target.value, ind.ascending)
    return Progress(ind.id, on, actual, target, share)


class Outlook(StrEnum):
    """Forecast verdict at the deadline."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Forecast:
    """The trend of actuals read at the deadline."""

    indicator: str
    deadline: date
    projected_value: float | None
    projected_share: float | None
    outlook: Outlook


def _fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares slope and intercept, or None when x does not vary."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slope, my - slope * mx


def ceiling_of(ind: Indicator) -> float | None:
    """The most ``ind`` can ever reach, or ``None`` when nothing bounds it.

    An indicator counting Allies (unit :data:`ALLIES_UNIT`) counts the Allies that must act,
    all of whom its final target names (26 Allies had to ratify the protocols signed in
    July 2008): no trend can carry it past that number.
    """
    if ind.unit == ALLIES_UNIT and ind.ascending and ind.targets:
        return max(t.value for t in ind.targets)
    return None


def forecast(ind: Indicator, on: date, deadline: date) -> Forecast:
    """Project the trend of the actuals known on ``on`` to ``deadline``.

    Needs the baseline and at least one actual after it; a target already reached
    is on track whatever the trend. The projection stays within what is possible: a
    count of Allies between the latest count known and :func:`ceiling_of`. A deadline on
    or before ``on`` is not projected: the value is the latest actual known at it.
    """
    target = target_on(ind, deadline)
    known = sorted((a for a in ind.actuals if a.on <= on), key=lambda a: a.on)
    if target is None or not known:
        return Forecast(ind.id, deadline, None, None, Outlook.UNKNOWN)
    current = share_of(known[-1].value, ind.baseline.value, target.value, ind.ascending)
    if deadline <= on:
        at_deadline = [a for a in known if a.on <= deadline]
        projected = at_deadline[-1].value if at_deadline else ind.baseline.value
        share = share_of(projected, ind.baseline.value, target.value, ind.ascending)
        outlook = Outlook.ON_TRACK if share >= 1.0 else Outlook.OFF_TRACK
        return Forecast(ind.id, deadline, projected, share, outlook)
    points = [(float(ind.baseline.on.toordinal()), ind.baseline.value)]
    points += [(float(a.on.toordinal()), a.value) for a in known]
    fit = _fit(points)
    if fit is None:
        return Forecast(ind.id, deadline, None, None, Outlook.UNKNOWN)
    slope, intercept = fit
    projected = slope * deadline.toordinal() + intercept
    ceiling = ceiling_of(ind)
    if ceiling is not None:
        projected = min(max(projected, known[-1].value, 0.0), ceiling)
    share = share_of(projected, ind.baseline.value, target.value, ind.ascending)
    best = max(share, current)
    if best >= 1.0:
        outlook = Outlook.ON_TRACK
    elif best >= AT_RISK_SHARE:
        outlook = Outlook.AT_RISK
    else:
        outlook = Outlook.OFF_TRACK
    return Forecast(ind.id, deadline, projected, share, outlook)


def percent_of_score(average: float) -> float:
    """A -1..+1 average as the G7/G20 Research Group's percentage: +0.5 -> 75 %."""
    return (average + 1.0) / 2.0 * 100.0


@dataclass(frozen=True)
class Compliance:
    """Average scores per actor and per commitment, as -1..+1 averages and percentages."""

    by_actor: dict[str, float]
    by_commitment: dict[str, float]
    overall: float | None
    count: int

    def commitment_percent(self, commitment: str) -> float:
        """A commitment's average as a percentage."""
        return percent_of_score(self.by_commitment[commitment])


def compliance(assessments: list[Assessment], on: date) -> Compliance:
    """Averages of the latest score of each (commitment, actor) assessed on or before ``on``."""
    latest: dict[tuple[str, str], Assessment] = {}
    for a in sorted(assessments, key=lambda a: a.as_of):
        if a.as_of <= on:
            latest[(a.commitment, a.actor)] = a
    per_actor: dict[str, list[int]] = defaultdict(list)
    per_commitment: dict[str, list[int]] = defaultdict(list)
    for (commitment, actor), a in latest.items():
        per_actor[actor].append(a.score)
        per_commitment[commitment].append(a.score)
    scores = [a.score for a in latest.values()]
    return Compliance(
        {k: sum(v) / len(v) for k, v in sorted(per_actor.items())},
        {k: sum(v) / len(v) for k, v in sorted(per_commitment.items())},
        sum(scores) / len(scores) if scores else None,
        len(scores),
    )

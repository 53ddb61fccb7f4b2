"""Observed daily flows before a crisis, and the storage policy of operators without hindsight.

The rolling operation (:mod:`.rolling`) holds flows near what was observed on the days before
anything in the scenario changes, and keeps each storage above a seasonal floor unless
customers would otherwise go short (docs/energy-modes.md, "Operation without hindsight").

Example::

    >>> flow = ObservedFlow("Blue Stream", "RUS", "TUR", date(2008, 12, 31), date(2008, 12, 31),
    ...                     33.0)
    >>> flow.covers(date(2008, 12, 31)), flow.covers(date(2009, 1, 1))
    (True, False)
    >>> floor_fill(0.75, 0.25, date(2009, 1, 1), date(2009, 3, 31), date(2009, 3, 31))
    0.25
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["END_OF_WINTER_FILL", "FlowPattern", "ObservedFlow", "StoragePolicy", "floor_fill"]

#: Share of working gas a storage keeps at the end of winter (31 March) unless customers go
#: short: an estimate, a judgement (bracket 0.20 to 0.35), not a sourced figure; see
#: docs/energy-modes.md, "Seasonal storage floor".
END_OF_WINTER_FILL = 0.25


@dataclass(frozen=True)
class ObservedFlow:
    """Gas observed flowing from node ``source`` to node ``target`` (every exit of ``source``
    when ``target`` is empty), ``mcmd`` mcm/d on each day from ``start`` to ``end`` (both
    included). On an asset-level network the flow is the sum over the points between the two
    countries in that direction."""

    point: str
    source: str
    target: str
    start: date
    end: date
    mcmd: float
    estimate: bool = False
    citation: str = ""

    def covers(self, day: date) -> bool:
        """Whether ``day`` is one of the observed days."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class FlowPattern:
    """The observed flows of one dataset's season (``history/<id>-flows.csv``)."""

    id: str
    dataset: str
    flows: tuple[ObservedFlow, ...]


@dataclass(frozen=True)
class StoragePolicy:
    """The seasonal floor under each storage's stock: the share ``end_fill`` of its working
    gas on ``winter_end`` (the dataset's season end when ``None``), reached in a straight line
    from its fill on the scenario's first day (see :func:`floor_fill`)."""

    end_fill: float = END_OF_WINTER_FILL
    winter_end: date | None = None


def floor_fill(initial: float, end_fill: float, first: date, winter_end: date, day: date) -> float:
    """The share of working gas a storage keeps at the end of ``day``: from ``initial`` (its
    fill at the start of ``first``, the scenario's first day) down in a straight line, the
    same amount each day, to ``end_fill`` at the end of ``winter_end``, then ``end_fill``;
    never above ``initial`` (a storage at or below its end level keeps what it has).

    Example::

        >>> round(floor_fill(0.75, 0.25, date(2009, 1, 1), date(2009, 1, 10), date(2009, 1, 5)), 3)
        0.5
    """
    if initial <= end_fill:
        return initial
    span = (winter_end - first).days + 1
    if span <= 0 or day >= winter_end:
        return end_fill
    elapsed = min(max((day - first).days + 1, 0), span)
    return end_fill + (initial - end_fill) * (1.0 - elapsed / span)

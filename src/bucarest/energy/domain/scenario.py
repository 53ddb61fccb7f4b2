"""Disruption scenarios: what fails, when, what helps, and how countries share.

Example::

    >>> s = Scenario("x", "X", "X", "ds", date(2009, 1, 1), date(2009, 1, 31), Mode.COOPERATIVE,
    ...              (Disruption("RUS-UKR", 1.0, date(2009, 1, 7), date(2009, 1, 20)),))
    >>> s.days
    31
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from bucarest.core.errors import N_, InvalidFactError
from bucarest.core.provenance import Provenance
from bucarest.energy.domain.network import Network, Pipeline, Storage

__all__ = [
    "DemandShock",
    "Disruption",
    "Foresight",
    "Mitigation",
    "MitigationKind",
    "Mode",
    "Scenario",
    "check_scenario",
    "largest_asset_scenarios",
]


class Mode(StrEnum):
    """How countries share a shortfall."""

    COOPERATIVE = "cooperative"
    NATIONAL = "national"


class Foresight(StrEnum):
    """What operators know of the scenario when they decide (docs/energy-modes.md).

    ``rolling`` (the default): an event is learnt of on the day it starts, its end is not
    known, and the plan is remade whenever something changes. ``perfect``: the whole scenario
    is known on its first day; the least shortfall any operation could reach, a bound.
    """

    ROLLING = "rolling"
    PERFECT = "perfect"


class MitigationKind(StrEnum):
    """Measures a scenario may apply."""

    EXTRA_LNG = "extra_lng"
    STORAGE_RELEASE = "storage_release"
    DEMAND_REDUCTION = "demand_reduction"
    REVERSE_FLOW = "reverse_flow"


@dataclass(frozen=True)
class Disruption:
    """``share`` (0..1) of an asset's capacity lost from ``start`` to ``end`` (inclusive)."""

    asset: str
    share: float
    start: date
    end: date
    source: str = ""


@dataclass(frozen=True)
class DemandShock:
    """Demand of ``nodes`` (empty: all) multiplied by ``factor`` from ``start`` to ``end``."""

    nodes: tuple[str, ...]
    factor: float
    start: date
    end: date
    source: str = ""


@dataclass(frozen=True)
class Mitigation:
    """A measure: extra LNG or storage withdrawal (``amount_mcmd``), a new reverse flow
    (``amount_mcmd``), or curtailing a ``share`` of non-protected demand of ``nodes``."""

    kind: MitigationKind
    start: date
    end: date
    asset: str = ""
    nodes: tuple[str, ...] = ()
    amount_mcmd: float = 0.0
    share: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class Scenario:
    """A dated scenario over one dataset."""

    id: str
    name_en: str
    name_fr: str
    dataset: str
    start: date
    end: date
    mode: Mode
    disruptions: tuple[Disruption, ...] = ()
    demand_shocks: tuple[DemandShock, ...] = ()
    mitigations: tuple[Mitigation, ...] = ()
    source: str = ""
    note: str = field(default="", compare=False)
    #: Where the scenario comes from, as users see it (shipped scenarios always have one).
    provenance: Provenance | None = field(default=None, compare=False)

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1

    def day(self, t: int) -> date:
        """The ``t``-th day (from 0)."""
        return self.start + timedelta(days=t)

    def name(self, lang: str) -> str:
        """Name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en


#: The longest scenario the solver accepts, in days.
MAX_DAYS = 366


def _within(s: Scenario, what: str, start: date, end: date) -> None:
    if end < start:
        raise InvalidFactError(
            N_("{what} ends on {end}, before it starts on {start}"),
            what=what, end=end.isoformat(), start=start.isoformat(),
        )  # fmt: skip
    if start < s.start or end > s.end:
        raise InvalidFactError(
            N_("{what} ({start} to {end}) lies outside the scenario period {first} to {last}"),
            what=what, start=start.isoformat(), end=end.isoformat(),
            first=s.start.isoformat(), last=s.end.isoformat(),
        )  # fmt: skip


def check_scenario(s: Scenario, network: Network) -> None:
    """Refuse a scenario that does not fit its dataset (period, assets, shares, factors)."""
    if s.end < s.start:
        raise InvalidFactError(N_("scenario '{id}' ends before it starts"), id=s.id)
    if s.days > MAX_DAYS:
        raise InvalidFactError(
            N_("scenario '{id}' lasts {days} days; at most {max} are solved"),
            id=s.id, days=str(s.days), max=str(MAX_DAYS),
        )  # fmt: skip
    for d in s.disruptions:
        network.asset(d.asset)
        if not 0 <= d.share <= 1:
            raise InvalidFactError(N_("a disruption share must be between 0 and 1"))
        _within(s, f"disruption of {d.asset}", d.start, d.end)
    for k in s.demand_shocks:
        for n in k.nodes:
            network.node(n)
        if k.factor < 0:
            raise InvalidFactError(N_("a demand factor cannot be negative"))
        _within(s, "demand shock", k.start, k.end)
    for m in s.mitigations:
        _within(s, f"mitigation {m.kind.value}", m.start, m.end)
        if m.amount_mcmd < 0 or not 0 <= m.share <= 1:
            raise InvalidFactError(N_("a mitigation amount must be non-negative, a share 0..1"))
        if m.kind is MitigationKind.DEMAND_REDUCTION:
            for n in m.nodes:
                network.node(n)
        else:
            asset = network.asset(m.asset) if m.asset in network.assets else network.node(m.asset)
            if m.kind is MitigationKind.REVERSE_FLOW and not isinstance(asset, Pipeline):
                raise InvalidFactError(N_("a reverse flow needs a pipeline, not {asset}"),
                                       asset=m.asset)  # fmt: skip
            if m.kind is MitigationKind.STORAGE_RELEASE and not isinstance(asset, Storage):
                raise InvalidFactError(N_("a storage release needs a storage, not {asset}"),
                                       asset=m.asset)  # fmt: skip


def largest_asset_scenarios(network: Network, start: date, end: date) -> tuple[Scenario, ...]:
    """For each country, the loss of its largest single import or supply asset (the N-1
    infrastructure) over ``start``..``end``, as scenarios ``n1-<code>``."""
    from bucarest.energy.domain.indicators import largest_infrastructure

    out = []
    for node in network.nodes:
        if node.kind != "country" or node.demand_avg_mcmd <= 0:
            continue
        asset = largest_infrastructure(network, node.id)
        if asset is None:
            continue
        out.append(Scenario(
            f"n1-{node.id.lower()}", f"Loss of {asset[0]} ({node.id})",
            f"Perte de {asset[0]} ({node.id})", network.id, start, end, Mode.COOPERATIVE,
            (Disruption(asset[0], 1.0, start, end, "N-1 infrastructure of Regulation (EU) 2017/1938"),),
        ))  # fmt: skip
    return tuple(out)

"""The gas network: country nodes, directed interconnections, storage and LNG, in mcm and mcm/d.

Example::

    >>> n = Network("demo", "Demo", "Démo", date(2009, 1, 1), date(2009, 3, 31), {}, 0.0,
    ...             (Node("AAA", "country", 10, 12, 0.5, 4, None, "s"),), (), (), ())
    >>> n.node("AAA").demand_peak_mcmd
    12
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from bucarest.core.errors import N_, InvalidFactError, NotFoundError
from bucarest.core.provenance import Provenance

__all__ = [
    "Asset",
    "LngTerminal",
    "Network",
    "Node",
    "Pipeline",
    "ProductionSite",
    "Storage",
    "asset_capacity",
]


@dataclass(frozen=True)
class Node:
    """A country or an outside supplier."""

    id: str
    kind: str
    demand_avg_mcmd: float
    demand_peak_mcmd: float
    protected_share: float
    production_mcmd: float
    supply_limit_mcmd: float | None
    source: str
    note: str = ""

    @property
    def supply_mcmd(self) -> float:
        """What the node can put into the network per day (a supplier's limit if set)."""
        if self.supply_limit_mcmd is not None and self.kind == "supplier":
            return self.supply_limit_mcmd
        return self.production_mcmd


@dataclass(frozen=True)
class Pipeline:
    """The interconnection capacity between two nodes, in both directions.

    ``points``: the interconnection points it stands for when its source gives one figure
    for several (an asset-level border row of ``kind`` ``group``); 1 otherwise."""

    id: str
    source_node: str
    target_node: str
    capacity_mcmd: float
    reverse_mcmd: float
    name: str
    source: str
    note: str = ""
    points: int = 1


@dataclass(frozen=True)
class Storage:
    """Underground storage: a country's, aggregated, or one site (asset level).

    ``curve`` is its deliverability: (fill, share of the maximal withdrawal) points, fill
    rising from 0 to 1, concave (each segment no steeper than the one before); empty when
    withdrawal does not depend on fill. :meth:`withdrawal_cuts` gives it as the lines an LP
    bounds withdrawal by."""

    id: str
    node: str
    working_gas_mcm: float
    withdrawal_mcmd: float
    injection_mcmd: float
    initial_fill: float
    source: str
    note: str = ""
    curve: tuple[tuple[float, float], ...] = ()

    def withdrawal_cuts(self, lowest_fill: float = 0.0) -> tuple[tuple[float, float], ...]:
        """The curve as lines (a, b): withdrawal ≤ a + b × stock (mcm/d; stock in mcm), one
        per segment; their minimum is the curve, as it is concave. A segment that ends at or
        below ``lowest_fill`` (a fill the stock cannot reach) is left out: a concave curve's
        lower segments lie above it at higher fills, so they never bind there.

        Example::

            >>> s = Storage("S", "AAA", 100.0, 10.0, 5.0, 0.5, "s",
            ...             curve=((0.0, 0.0), (0.2, 1.0), (1.0, 1.0)))
            >>> s.withdrawal_cuts()  # the flat part at the maximum is the bound itself
            ((0.0, 0.5),)
        """
        cuts: list[tuple[float, float]] = []
        for (f0, s0), (f1, s1) in zip(self.curve, self.curve[1:], strict=False):
            if f1 <= lowest_fill:
                continue
            slope = (s1 - s0) / (f1 - f0)  # share per unit of fill
            per_mcm = slope * self.withdrawal_mcmd / self.working_gas_mcm
            intercept = (s0 - slope * f0) * self.withdrawal_mcmd
            cut = (round(intercept, 12), round(per_mcm, 12))
            # A flat segment at the maximum is the withdrawal bound itself, and collinear
            # segments give the same line: neither adds a row.
            if (per_mcm <= 0.0 and intercept >= self.withdrawal_mcmd) or cut in cuts:
                continue
            cuts.append(cut)
        return tuple(cuts)


@dataclass(frozen=True)
class LngTerminal:
    """A country's LNG regasification, aggregated."""

    id: str
    node: str
    sendout_mcmd: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class ProductionSite:
    """A production facility (a gas processing plant, a field) that delivers part of its
    node's production, mcm/d: losing it takes ``capacity_mcmd`` off the node's production.
    An asset-level dataset lists a country's largest one, where a source names it."""

    id: str
    node: str
    capacity_mcmd: float
    name: str
    source: str
    note: str = ""


#: Anything a scenario can disrupt or the critical-asset ranking can lose.
Asset = Pipeline | Storage | LngTerminal | ProductionSite | Node


def asset_capacity(asset: Asset) -> float:
    """What an asset can deliver per day (mcm/d): a pipeline in both directions, a storage
    site's withdrawal, a terminal's send-out, a production site's output, a node's supply.

    >>> asset_capacity(Pipeline("A-B", "A", "B", 9.0, 1.0, "", "s"))
    10.0
    """
    if isinstance(asset, Pipeline):
        return asset.capacity_mcmd + asset.reverse_mcmd
    if isinstance(asset, Storage):
        return asset.withdrawal_mcmd
    if isinstance(asset, LngTerminal):
        return asset.sendout_mcmd
    if isinstance(asset, ProductionSite):
        return asset.capacity_mcmd
    return asset.supply_mcmd


@dataclass(frozen=True)
class Network:
    """A dataset: its season, demand shape, LNG market and components."""

    id: str
    name_en: str
    name_fr: str
    season_start: date
    season_end: date
    monthly_factor: dict[int, float]
    lng_market_mcmd: float
    nodes: tuple[Node, ...]
    pipelines: tuple[Pipeline, ...]
    storage: tuple[Storage, ...]
    lng: tuple[LngTerminal, ...]
    source: str = ""
    note: str = ""
    #: Where the dataset comes from, as users see it (shipped datasets always have one).
    provenance: Provenance | None = None
    #: Production facilities named one by one (asset level; their node's production holds them).
    production_sites: tuple[ProductionSite, ...] = ()
    #: Every pipeline, storage and LNG row is one infrastructure (an interconnection point, a
    #: site, a terminal) or says how many it stands for (``Pipeline.points``); ``False``: a
    #: country-level dataset, whose rows are countries' totals.
    asset_level: bool = False

    def __post_init__(self) -> None:
        ids = [n.id for n in self.nodes]
        if len(set(ids)) != len(ids):
            raise InvalidFactError(N_("a node appears twice in dataset '{id}'"), id=self.id)
        known = set(ids)
        for p in self.pipelines:
            for end in (p.source_node, p.target_node):
                if end not in known:
                    raise InvalidFactError(
                        N_("pipeline {pipeline} connects to unknown node {node}"),
                        pipeline=p.id, node=end,
                    )  # fmt: skip
        located: tuple[Storage | LngTerminal | ProductionSite, ...] = (
            *self.storage, *self.lng, *self.production_sites)  # fmt: skip
        for asset in located:
            if asset.node not in known:
                raise InvalidFactError(
                    N_("{asset} is in unknown node {node}"), asset=asset.id, node=asset.node
                )
        for site in self.production_sites:
            # a site delivers part of its node's production: it cannot deliver more
            production = self.node(site.node).production_mcmd
            if not 0 < site.capacity_mcmd <= production:
                raise InvalidFactError(
                    N_("production site {asset} delivers {capacity} mcm/d, outside (0, "
                       "{production}], the production of {node}"),
                    asset=site.id, capacity=site.capacity_mcmd, node=site.node,
                    production=production,
                )  # fmt: skip
        asset_ids = [p.id for p in self.pipelines] + [a.id for a in located]
        if len(set(asset_ids)) != len(asset_ids):
            raise InvalidFactError(N_("an asset id appears twice in dataset '{id}'"), id=self.id)

    def name(self, lang: str) -> str:
        """Name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en

    @functools.cached_property
    def node_index(self) -> dict[str, int]:
        """Position of each node."""
        return {n.id: i for i, n in enumerate(self.nodes)}

    def node(self, node_id: str) -> Node:
        """The node with this code, or a :class:`NotFoundError`."""
        try:
            return self.nodes[self.node_index[node_id.upper()]]
        except KeyError:
            raise NotFoundError(
                N_("no node '{node}' in dataset '{dataset}'"), node=node_id, dataset=self.id
            ) from None

    @functools.cached_property
    def assets(self) -> dict[str, Asset]:
        """Every asset by id: pipelines, storage, LNG, production sites, and nodes (their
        production)."""
        found: dict[str, Asset] = {}
        components: tuple[Pipeline | Storage | LngTerminal | ProductionSite, ...] = (
            *self.pipelines,
            *self.storage,
            *self.lng,
            *self.production_sites,
        )
        for a in components:
            found[a.id] = a
        for n in self.nodes:
            if n.supply_mcmd > 0:
                found[n.id] = n
        return found

    def asset(self, asset_id: str) -> Asset:
        """The asset with this id, or a :class:`NotFoundError`."""
        try:
            return self.assets[asset_id]
        except KeyError:
            raise NotFoundError(
                N_("no asset '{asset}' in dataset '{dataset}'; assets are pipelines (FROM-TO), "
                   "storage (STO-<code>), LNG (LNG-<code>), production facilities "
                   "(PROD-<code>-<name>) and producing nodes"),
                asset=asset_id, dataset=self.id,
            ) from None  # fmt: skip

    def demand_on(self, node: Node, day: date) -> float:
        """Demand of ``node`` on ``day`` before shocks: the average times the month's factor."""
        return node.demand_avg_mcmd * self.monthly_factor.get(day.month, 1.0)

"""Critical infrastructure: every asset ranked by the unserved demand its loss adds.

The model is built once; each asset's loss only changes the bounds of its columns,
and each variant is solved for the least total unserved demand (the total the cooperative
mode reaches: see docs/energy-modes.md), so the ranking costs one solve per asset.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> ranking = rank_assets(load_dataset("winter-2008-09"), load_scenarios()["jan-2009"], top=3)
    >>> len(ranking) == 3 and ranking[0].added_unserved_mcm >= ranking[-1].added_unserved_mcm
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage
from bucarest.energy.domain.scenario import Scenario
from bucarest.energy.domain.solve import LinearModel, create_model, run_highs

__all__ = ["AssetImpact", "rank_assets"]


@dataclass(frozen=True)
class AssetImpact:
    """What losing one asset for the whole scenario adds to unserved demand (mcm)."""

    asset: str
    kind: str
    capacity_mcmd: float
    unserved_mcm: float
    added_unserved_mcm: float


def _columns(
    m: LinearModel, asset: Pipeline | Storage | LngTerminal | Node
) -> list[npt.NDArray[np.int64]]:
    days = m.days
    t = np.arange(days)
    cols = []
    if isinstance(asset, Pipeline):
        for k, a in enumerate(m.arcs):
            if a.pipeline == asset.id:
                cols.append(m.var("f", k, t))
    elif isinstance(asset, Storage):
        k = m.network.storage.index(asset)
        cols.append(m.var("w", k, t))
    elif isinstance(asset, LngTerminal):
        k = m.network.lng.index(asset)
        cols.append(m.var("g", k, t))
    else:
        k = m.network.node_index[asset.id]
        cols.append(m.var("p", k, t))
    return cols


def _capacity(asset: Pipeline | Storage | LngTerminal | Node) -> float:
    if isinstance(asset, Pipeline):
        return asset.capacity_mcmd + asset.reverse_mcmd
    if isinstance(asset, Storage):
        return asset.withdrawal_mcmd
    if isinstance(asset, LngTerminal):
        return asset.sendout_mcmd
    return asset.supply_mcmd


def rank_assets(
    network: Network,
    scenario: Scenario,
    top: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[AssetImpact, ...]:
    """Assets by the unserved demand added when each is lost for the whole scenario."""
    m = create_model(network, scenario)
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    bounds = np.column_stack([m.lower, m.upper])
    u_start = m.offsets["u"]
    u_stop = m.offsets["v"] + m.sizes["v"] * m.days  # protected and non-protected shortfall
    base_x, _ = run_highs(m.cost, a_eq, b_eq, a_ub, b_ub, bounds)
    base = float(base_x[u_start:u_stop].sum())
    impacts = []
    assets = list(network.assets.items())
    for n, (asset_id, asset) in enumerate(assets):
        variant = bounds.copy()
        for cols in _columns(m, asset):
            variant[cols, 1] = 0.0
        x, _ = run_highs(m.cost, a_eq, b_eq, a_ub, b_ub, variant)
        lost = float(x[u_start:u_stop].sum())
        kind = type(asset).__name__.lower().replace("lngterminal", "lng")
        impacts.append(AssetImpact(asset_id, kind, _capacity(asset), lost, max(lost - base, 0.0)))
        if progress is not None:
            progress(n + 1, len(assets))
    impacts.sort(key=lambda i: (-i.added_unserved_mcm, -i.capacity_mcmd, i.asset))
    return tuple(impacts[:top] if top else impacts)

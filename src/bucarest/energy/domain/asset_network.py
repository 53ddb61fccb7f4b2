"""The gas network at asset level: each interconnection point, storage site and LNG terminal
its own component, the countries (demand, production) taken from a country-level dataset.

Example::

    >>> from datetime import date
    >>> from bucarest.energy.domain.assets import AssetBook, Interconnection
    >>> from bucarest.energy.domain.network import Network, Node, Pipeline
    >>> base = Network("n", "N", "N", date(2009, 1, 1), date(2009, 1, 31), {}, 0,
    ...     (Node("AAA", "country", 8, 10, .5, 0, None, "s"),
    ...      Node("BBB", "supplier", 0, 0, 0, 50, None, "s")),
    ...     (Pipeline("BBB-AAA", "BBB", "AAA", 9, 0, "", "s"),), (), ())
    >>> def point(i, cap):
    ...     return Interconnection(i, i, "BBB", "AAA", "forward", "point", cap, 2009,
    ...                            "2000", "s", "CC BY 4.0", False)
    >>> book = AssetBook((point("P1", 5.0), point("P2", 4.0)), (), (), (), ())
    >>> net = asset_network(base, book, date(2009, 1, 1)).network
    >>> [(p.id, p.capacity_mcmd) for p in net.pipelines]
    [('P1', 5.0), ('P2', 4.0)]
    >>> asset_aliases(base, net)["BBB-AAA"]
    ('P1', 'P2')

Scenarios are written against the country-level dataset (``RUS-UKR``, ``STO-DEU``,
``LNG-ESP``); :func:`scenario_on_assets` rewrites them for the asset network: a disruption of a
country-level component applies, with the same share and dates, to every asset it stands for
(a pipeline ``FROM-TO`` stands for every interconnection point between the two countries, in
both directions, as the country-level pipeline carries both); a mitigation naming one applies
to its largest asset (ties by id), so that a measure is not multiplied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bucarest.energy.domain.assets import AssetBook, in_service_on
from bucarest.energy.domain.network import (
    LngTerminal,
    Network,
    Pipeline,
    ProductionSite,
    Storage,
    asset_capacity,
)
from bucarest.energy.domain.scenario import Scenario

__all__ = ["AssetNetwork", "asset_aliases", "asset_network", "scenario_on_assets"]


@dataclass(frozen=True)
class AssetNetwork:
    """The asset-level ``network`` and the ids of the assets left out because one of their
    countries is not a node of the country-level dataset (``left_out``)."""

    network: Network
    left_out: tuple[str, ...]


def asset_network(base: Network, book: AssetBook, day: date) -> AssetNetwork:
    """``base`` with its pipelines, storage and LNG replaced by the assets of ``book`` in
    service on ``day``; each storage site keeps its deliverability curve and starts as full as
    its country's storage in ``base``
    (its injection, where the source gives none, is its withdrawal times the country's ratio
    of injection to withdrawal in ``base``). Nodes (demand, protected share, production) are
    ``base``'s; a named production facility is a :class:`ProductionSite` within its
    country's production, and a border row (``kind`` ``group``) counts its points."""
    book = in_service_on(book, day)
    known = {n.id for n in base.nodes}
    country_storage: dict[str, Storage] = {s.node: s for s in base.storage}
    left_out: list[str] = []
    pipelines = []
    for ic in book.interconnections:
        if ic.from_country not in known or ic.to_country not in known:
            left_out.append(ic.id)
            continue
        pipelines.append(Pipeline(ic.id, ic.from_country, ic.to_country, ic.capacity_mcmd, 0.0,
                                  ic.name, ic.source, ic.note, ic.points))  # fmt: skip
    storage = []
    curves = {c.id: c for c in book.curves}
    for f in book.storage:
        if f.country not in known:
            left_out.append(f.id)
            continue
        same = country_storage.get(f.country)
        fill = same.initial_fill if same is not None else 0.0
        ratio = same.injection_mcmd / same.withdrawal_mcmd if same and same.withdrawal_mcmd else 0.5
        injection = f.injection_mcmd if f.injection_mcmd is not None else f.withdrawal_mcmd * ratio
        curve = curves.get(f.curve)
        points = tuple((p.fill, p.share) for p in curve.points) if curve is not None else ()
        storage.append(Storage(f.id, f.country, f.working_gas_mcm, f.withdrawal_mcmd, injection,
                               fill, f.source, f.note, points))  # fmt: skip
    lng = []
    for t in book.lng:
        if t.country not in known:
            left_out.append(t.id)
            continue
        lng.append(LngTerminal(t.id, t.country, t.sendout_mcmd, t.source, t.note))
    sites = []
    for site in book.production_facilities:
        if site.country not in known:
            left_out.append(site.id)
            continue
        sites.append(ProductionSite(site.id, site.country, site.capacity_mcmd, site.name,
                                    site.source, site.note))  # fmt: skip
    network = replace(
        base,
        id=f"{base.id}-assets",
        name_en=f"{base.name_en} (asset level)",
        name_fr=f"{base.name_fr} (niveau des installations)",
        pipelines=tuple(pipelines),
        storage=tuple(storage),
        lng=tuple(lng),
        production_sites=tuple(sites),
        asset_level=True,
    )
    return AssetNetwork(network, tuple(sorted(left_out)))


def asset_aliases(base: Network, assets: Network) -> dict[str, tuple[str, ...]]:
    """Each country-level component id of ``base`` and the asset ids of ``assets`` it stands
    for: a pipeline ``FROM-TO`` every point between the two countries (both directions),
    ``STO-<code>`` a country's storage sites, ``LNG-<code>`` its terminals. A component with
    no asset is absent (a disruption of it then has nothing to act on: it is refused)."""
    out: dict[str, tuple[str, ...]] = {}
    for p in base.pipelines:
        ends = {p.source_node, p.target_node}
        found = tuple(a.id for a in assets.pipelines if {a.source_node, a.target_node} == ends)
        if found:
            out[p.id] = found
    for s in base.storage:
        found = tuple(f.id for f in assets.storage if f.node == s.node)
        if found:
            out[s.id] = found
    for t in base.lng:
        found = tuple(a.id for a in assets.lng if a.node == t.node)
        if found:
            out[t.id] = found
    return out


def _starts_at(assets: Network, asset_id: str, node: str) -> bool:
    a = assets.asset(asset_id)
    return isinstance(a, Pipeline) and a.source_node == node


def scenario_on_assets(
    scenario: Scenario, base: Network, assets: Network, aliases: dict[str, tuple[str, ...]]
) -> Scenario:
    """``scenario`` (written for ``base``) rewritten for the asset network ``assets`` (see the
    module's note); ids that are already assets, or nodes, are kept. A mitigation on a
    pipeline goes to its largest point in the pipeline's own direction (a reverse flow then
    means the same thing), else in either."""
    disruptions = []
    for d in scenario.disruptions:
        for asset in aliases.get(d.asset, (d.asset,)):
            disruptions.append(replace(d, asset=asset))
    mitigations = []
    for m in scenario.mitigations:
        group = aliases.get(m.asset) if m.asset else None
        if group:
            pipe = next((p for p in base.pipelines if p.id == m.asset), None)
            if pipe is not None:
                same = tuple(a for a in group if _starts_at(assets, a, pipe.source_node))
                group = same or group
            # The largest; equal capacities go to the first id in order.
            # asset-level pipelines carry one direction each: capacity is that direction's
            m = replace(m, asset=min(group, key=lambda a: (-asset_capacity(assets.asset(a)), a)))
        mitigations.append(m)
    return replace(scenario, dataset=assets.id, disruptions=tuple(disruptions),
                   mitigations=tuple(mitigations))  # fmt: skip

r"""The N-1 infrastructure standard of Regulation (EU) 2017/1938, Annex II.

.. math:: N-1 = \frac{EP_m + P_m + S_m + LNG_m - I_m}{D_{max}} \times 100\ \%

``EPm`` is the technical capacity of the entry points (here: each interconnection into
the area, aggregated per neighbour), ``Pm`` the maximal production, ``Sm`` the maximal
storage withdrawal, ``LNGm`` the maximal LNG send-out, ``Im`` the single largest of those
infrastructures and ``Dmax`` the peak-day demand. For a region, only entries from outside
it count and ``Dmax`` is the sum of its members' peaks (a coincident peak: an upper bound).

Example::

    >>> from datetime import date
    >>> from bucarest.energy.domain.network import Network, Node, Pipeline
    >>> net = Network("t", "t", "t", date(2009, 1, 1), date(2009, 1, 31), {}, 0,
    ...     (Node("AAA", "country", 8, 10, .5, 2, None, "s"), Node("BBB", "supplier", 0, 0, 0, 50, None, "s")),
    ...     (Pipeline("BBB-AAA", "BBB", "AAA", 9, 0, "", "s"),), (), ())
    >>> n_minus_1(net, ["AAA"]).percent
    20.0
"""

from __future__ import annotations

from dataclasses import dataclass

from bucarest.core.errors import N_, InvalidInputError
from bucarest.energy.domain.network import Network

__all__ = [
    "NMinusOne",
    "RiskGroup",
    "entry_capacities",
    "largest_infrastructure",
    "n_minus_1",
    "n_minus_1_by_group",
]


def entry_capacities(network: Network, members: set[str]) -> dict[str, float]:
    """Capacity (mcm/d) of every interconnection into ``members`` from outside, by id."""
    found: dict[str, float] = {}
    for p in network.pipelines:
        if p.target_node in members and p.source_node not in members and p.capacity_mcmd > 0:
            found[p.id] = found.get(p.id, 0.0) + p.capacity_mcmd
        if p.source_node in members and p.target_node not in members and p.reverse_mcmd > 0:
            key = f"{p.id} (reverse)"
            found[key] = found.get(key, 0.0) + p.reverse_mcmd
    return found


def _infrastructures(network: Network, members: set[str]) -> dict[str, float]:
    infra = entry_capacities(network, members)
    for s in network.storage:
        if s.node in members and s.withdrawal_mcmd > 0:
            infra[s.id] = s.withdrawal_mcmd
    for t in network.lng:
        if t.node in members and t.sendout_mcmd > 0:
            infra[t.id] = t.sendout_mcmd
    for n in network.nodes:
        if n.id in members and n.production_mcmd > 0:
            infra[n.id] = n.production_mcmd
    return infra


def largest_infrastructure(network: Network, node: str) -> tuple[str, float] | None:
    """The single largest infrastructure supplying ``node`` (``Im``), or None."""
    infra = _infrastructures(network, {node})
    if not infra:
        return None
    best = max(infra.items(), key=lambda kv: (kv[1], kv[0]))
    return best[0].removesuffix(" (reverse)"), best[1]


@dataclass(frozen=True)
class NMinusOne:
    """The terms and result of the N-1 formula for an area (mcm/d; percent)."""

    members: tuple[str, ...]
    ep_m: float
    p_m: float
    s_m: float
    lng_m: float
    i_m: float
    i_m_asset: str | None
    d_max: float

    @property
    def percent(self) -> float | None:
        """N-1 in percent (None when the area has no peak demand)."""
        if self.d_max <= 0:
            return None
        return round(
            (self.ep_m + self.p_m + self.s_m + self.lng_m - self.i_m) / self.d_max * 100, 6
        )

    @property
    def meets_standard(self) -> bool | None:
        """True when N-1 reaches 100 %."""
        value = self.percent
        return None if value is None else value >= 100.0


def n_minus_1(network: Network, members: list[str]) -> NMinusOne:
    """The N-1 indicator of one country, or of a region given as several."""
    if not members:
        raise InvalidInputError(N_("name at least one country for the N-1 indicator"))
    codes = {network.node(m).id for m in members}
    ep = sum(entry_capacities(network, codes).values())
    pm = sum(n.production_mcmd for n in network.nodes if n.id in codes)
    sm = sum(s.withdrawal_mcmd for s in network.storage if s.node in codes)
    lng = sum(t.sendout_mcmd for t in network.lng if t.node in codes)
    infra = _infrastructures(network, codes)
    largest = max(infra.items(), key=lambda kv: (kv[1], kv[0])) if infra else (None, 0.0)
    dmax = sum(n.demand_peak_mcmd for n in network.nodes if n.id in codes)
    return NMinusOne(tuple(sorted(codes)), ep, pm, sm, lng, largest[1],
                     largest[0].removesuffix(" (reverse)") if largest[0] else None, dmax)  # fmt: skip


@dataclass(frozen=True)
class RiskGroup:
    """A risk group of Annex I to Regulation (EU) 2017/1938: the Member States (ISO alpha-3)
    along one emergency supply ``corridor`` (east, north-sea, north-africa, south-east)."""

    id: str
    corridor: str
    name_en: str
    name_fr: str
    members: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en


def n_minus_1_by_group(
    network: Network, groups: list[RiskGroup]
) -> list[tuple[RiskGroup, NMinusOne | None, tuple[str, ...]]]:
    """The N-1 indicator of each risk group over its members that the network has, with the
    members it lacks (a Member State without a gas system, or outside the dataset); None
    when it has none of them.

    Example::

        >>> from datetime import date
        >>> from bucarest.energy.domain.network import Network, Node, Pipeline
        >>> net = Network("t", "t", "t", date(2009, 1, 1), date(2009, 1, 31), {}, 0,
        ...     (Node("AAA", "country", 8, 10, .5, 2, None, "s"),
        ...      Node("BBB", "supplier", 0, 0, 0, 50, None, "s")),
        ...     (Pipeline("BBB-AAA", "BBB", "AAA", 9, 0, "", "s"),), (), ())
        >>> [(g.id, n.percent, lacking) for g, n, lacking in n_minus_1_by_group(
        ...     net, [RiskGroup("g", "east", "G", "G", ("AAA", "MLT"))])]
        [('g', 20.0, ('MLT',))]
    """
    known = {n.id for n in network.nodes}
    out: list[tuple[RiskGroup, NMinusOne | None, tuple[str, ...]]] = []
    for group in groups:
        present = [m for m in group.members if m in known]
        lacking = tuple(m for m in group.members if m not in known)
        out.append((group, n_minus_1(network, present) if present else None, lacking))
    return out

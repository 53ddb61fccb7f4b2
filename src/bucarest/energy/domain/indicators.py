r"""The N-1 infrastructure standard of Regulation (EU) 2017/1938, Annex II.

.. math:: N-1 = \frac{EP_m + P_m + S_m + LNG_m - I_m}{D_{max}} \times 100\ \%

``EPm`` is the technical capacity of the entry points (here: each interconnection into
the area, aggregated per neighbour), ``Pm`` the maximal production, ``Sm`` the maximal
storage withdrawal, ``LNGm`` the maximal LNG send-out, ``Im`` the single largest of those
infrastructures and ``Dmax`` the peak-day demand. Where the largest row is more than one
infrastructure (a border row of several points, a country's whole production, any row of a
country-level dataset) the result says so and gives the range N-1 can take
(:class:`NMinusOne`). For a region, only entries from outside
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
    "SCOPES",
    "NMinusOne",
    "RiskGroup",
    "entry_capacities",
    "largest_infrastructure",
    "n_minus_1",
    "n_minus_1_by_group",
]


def entry_capacities(network: Network, members: set[str]) -> dict[str, float]:
    """Capacity (mcm/d) of every interconnection into ``members`` from outside, by id."""
    return {k: c.capacity for k, c in _entries(network, members).items()}


#: What ``Im`` stands for (:class:`NMinusOne`): one infrastructure; a border row whose
#: source gives one figure for several points; a country's whole production, no facility
#: of it being named; a country-level dataset's total of a kind.
SCOPES = ("asset", "border", "production", "aggregate")


@dataclass(frozen=True)
class _Candidate:
    """An infrastructure for ``Im``: its capacity (mcm/d), what it stands for (:data:`SCOPES`)
    and the least capacity its largest single infrastructure can have (``None``: unknown)."""

    capacity: float
    scope: str
    least: float | None


def _one(network: Network, capacity: float) -> _Candidate:
    """A row that is one infrastructure at asset level, a country's total otherwise."""
    if network.asset_level:
        return _Candidate(capacity, "asset", capacity)
    return _Candidate(capacity, "aggregate", None)


def _entries(network: Network, members: set[str]) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = {}

    def add(key: str, capacity: float, points: int) -> None:
        if network.asset_level and points > 1:
            # the largest of n points carries at least 1/n of their sum
            found[key] = _Candidate(capacity, "border", capacity / points)
        else:
            found[key] = _one(network, capacity)

    for p in network.pipelines:
        if p.target_node in members and p.source_node not in members and p.capacity_mcmd > 0:
            add(p.id, p.capacity_mcmd, p.points)
        if p.source_node in members and p.target_node not in members and p.reverse_mcmd > 0:
            add(f"{p.id} (reverse)", p.reverse_mcmd, p.points)
    return found


def _infrastructures(network: Network, members: set[str]) -> dict[str, _Candidate]:
    infra = _entries(network, members)
    for s in network.storage:
        if s.node in members and s.withdrawal_mcmd > 0:
            infra[s.id] = _one(network, s.withdrawal_mcmd)
    for t in network.lng:
        if t.node in members and t.sendout_mcmd > 0:
            infra[t.id] = _one(network, t.sendout_mcmd)
    named = set()
    for site in network.production_sites:
        # a named site is its country's largest production facility (the data's rule)
        if site.node in members:
            infra[site.id] = _Candidate(site.capacity_mcmd, "asset", site.capacity_mcmd)
            named.add(site.node)
    for n in network.nodes:
        if n.id in members and n.production_mcmd > 0 and n.id not in named:
            # no facility named: the whole production stands in for its largest facility,
            # which may be far smaller
            infra[n.id] = (_Candidate(n.production_mcmd, "production", 0.0) if network.asset_level
                           else _Candidate(n.production_mcmd, "aggregate", None))  # fmt: skip
    return infra


def _largest(infra: dict[str, _Candidate]) -> tuple[str, _Candidate] | None:
    if not infra:
        return None
    return max(infra.items(), key=lambda kv: (kv[1].capacity, kv[0]))


def largest_infrastructure(network: Network, node: str) -> tuple[str, float] | None:
    """The single largest infrastructure supplying ``node`` (``Im``), or None."""
    best = _largest(_infrastructures(network, {node}))
    if best is None:
        return None
    return best[0].removesuffix(" (reverse)"), best[1].capacity


@dataclass(frozen=True)
class NMinusOne:
    """The terms and result of the N-1 formula for an area (mcm/d; percent).

    ``i_m_scope`` says what ``Im`` stands for (:data:`SCOPES`). Where it is more than one
    infrastructure, the Regulation's ``Im`` (the single largest) is smaller and N-1 larger:
    ``i_m_least`` is the least ``Im`` can be given the data (the largest of the other
    candidates, a border's sum over its points, nothing for a whole production), so N-1 lies
    between :attr:`percent` and :attr:`percent_high`; ``None`` where the dataset cannot say
    (country level).
    """

    members: tuple[str, ...]
    ep_m: float
    p_m: float
    s_m: float
    lng_m: float
    i_m: float
    i_m_asset: str | None
    d_max: float
    i_m_scope: str = "asset"
    i_m_least: float | None = None

    def _percent(self, i_m: float) -> float | None:
        if self.d_max <= 0:
            return None
        return round((self.ep_m + self.p_m + self.s_m + self.lng_m - i_m) / self.d_max * 100, 6)

    @property
    def percent(self) -> float | None:
        """N-1 in percent with ``Im`` as counted (None when the area has no peak demand): the
        Regulation's figure where ``Im`` is one infrastructure, else a lower bound of it."""
        return self._percent(self.i_m)

    @property
    def percent_high(self) -> float | None:
        """The most N-1 can be once ``Im`` is the single largest infrastructure (equal to
        :attr:`percent` where it already is; None where unknown or without demand)."""
        if self.i_m_least is None:
            return None
        return self._percent(self.i_m_least)

    @property
    def meets_standard(self) -> bool | None:
        """True when N-1 reaches 100 % with ``Im`` as counted (so certainly)."""
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
    dmax = sum(n.demand_peak_mcmd for n in network.nodes if n.id in codes)
    best = _largest(infra)
    if best is None:
        return NMinusOne(tuple(sorted(codes)), ep, pm, sm, lng, 0.0, None, dmax, "asset", 0.0)
    key, top = best
    lows = [c.least for c in infra.values()]
    least = None if any(v is None for v in lows) else max(v for v in lows if v is not None)
    return NMinusOne(tuple(sorted(codes)), ep, pm, sm, lng, top.capacity,
                     key.removesuffix(" (reverse)"), dmax, top.scope, least)  # fmt: skip


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

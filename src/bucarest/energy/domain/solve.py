"""The multi-day gas-flow linear program, built in named steps and solved with HiGHS.

For every day ``t`` and node ``n``, with flows ``f`` on directed arcs, production ``p``,
LNG send-out ``g``, storage withdrawal ``w``, injection ``i``, storage level ``e``, unserved
protected demand ``u`` and unserved non-protected demand ``v`` (all mcm or mcm/d):

.. math::

    p_{n,t} + g_{n,t} + w_{n,t} - i_{n,t} + \\sum_{a \\in in(n)} f_{a,t}
      - \\sum_{a \\in out(n)} f_{a,t} + u_{n,t} + v_{n,t} = D^P_{n,t} + D^N_{n,t} - C_{n,t}

    e_{s,t} = e_{s,t-1} - w_{s,t} + i_{s,t}, \\qquad \\sum_l g_{l,t} \\le LNG^{market}_t

with ``0 <= u <= D^P`` (protected demand), ``0 <= v <= D^N - C`` (non-protected demand less
the curtailment ``C`` of demand-reduction measures) and every other variable between zero
and its (scenario-adjusted) capacity. The model is built as :func:`create_model` →
:func:`solve_model` → :func:`assign_solution`, PyPSA's pipeline; the steps that fill the
matrices are named after the constraints they add.

The LP alone has many optima: it does not say who is short. :func:`solve_model` solves it as
one of the two lexicographic problems of :mod:`.modes` (cooperative: solidarity, protected
customers first, max-min fair; national first), whose per-country shortfalls are unique;
the costs ``FLOW_COST`` and ``STORAGE_COST`` only choose the flows once those are fixed.
See docs/energy-modes.md.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> result = solve(load_dataset("winter-2008-09"), load_scenarios()["jan-2009"])
    >>> result.total_unserved_mcm > 0
    True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bucarest.energy.domain import modes
from bucarest.energy.domain.lp import run_highs
from bucarest.energy.domain.network import Network, Pipeline
from bucarest.energy.domain.pattern import FlowPattern, StoragePolicy
from bucarest.energy.domain.scenario import (
    Foresight,
    MitigationKind,
    Mode,
    Scenario,
    check_scenario,
)

__all__ = [
    "Arc",
    "LinearModel",
    "Result",
    "RowBlock",
    "assign_solution",
    "create_model",
    "least_total",
    "run_highs",
    "solve",
    "solve_model",
]

#: Cost of one mcm on one arc (the last stage's objective, with who is short already fixed).
FLOW_COST = 1e-5
#: Cost of one mcm withdrawn or injected: storage is used when it helps, not for churn.
STORAGE_COST = 1e-6


@dataclass(frozen=True)
class Arc:
    """A direction of a pipeline."""

    id: str
    pipeline: str
    source: int
    target: int
    reverse: bool


@dataclass
class RowBlock:
    """Constraint rows in coordinate form, appended block by block."""

    rows: list[npt.NDArray[np.int64]] = field(default_factory=list)
    cols: list[npt.NDArray[np.int64]] = field(default_factory=list)
    vals: list[npt.NDArray[np.float64]] = field(default_factory=list)
    rhs: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def count(self) -> int:
        """Rows so far."""
        return int(sum(len(r) for r in self.rhs))

    def add(
        self,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        vals: npt.NDArray[np.float64],
        rhs: npt.NDArray[np.float64],
    ) -> None:
        """Append rows numbered from 0 within this block."""
        self.rows.append(rows + self.count())
        self.cols.append(cols)
        self.vals.append(vals)
        self.rhs.append(rhs)

    def matrix(self, n_vars: int) -> tuple[sparse.csr_array, npt.NDArray[np.float64]]:
        """The rows as a sparse matrix and their right-hand side."""
        a = sparse.csr_array(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.count(), n_vars),
        )
        return a, np.concatenate(self.rhs)


@dataclass
class LinearModel:
    """The LP in standard form for ``scipy.optimize.linprog``, with its index maps."""

    network: Network
    scenario: Scenario
    arcs: list[Arc]
    protected: npt.NDArray[np.float64]  # (N, T) protected demand, mcm/d
    non_protected: npt.NDArray[np.float64]  # (N, T) non-protected demand, mcm/d
    curtailed: npt.NDArray[np.float64]  # (N, T) non-protected demand curtailed, mcm/d
    offsets: dict[str, int]
    sizes: dict[str, int]
    n_vars: int
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]
    cost: npt.NDArray[np.float64]
    equalities: RowBlock = field(default_factory=RowBlock)
    inequalities: RowBlock = field(default_factory=RowBlock)
    build_seconds: float = 0.0
    #: The first rows of ``A_ub``: storage deliverability (:func:`define_deliverability_constraints`)
    deliverability_rows: int = 0
    #: For each deliverability row, the end (exclusive) of its run: the rows of the same site
    #: and line, on the days after its own
    deliverability_runs: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )

    @property
    def days(self) -> int:
        """Days in the model."""
        return int(self.protected.shape[1])

    @property
    def demand(self) -> npt.NDArray[np.float64]:
        """Whole demand (N, T), protected and not, before curtailment (mcm/d)."""
        return self.protected + self.non_protected

    @property
    def requested(self) -> npt.NDArray[np.float64]:
        """What the network is asked to deliver (N, T): demand less curtailment (mcm/d)."""
        return self.demand - self.curtailed

    def var(
        self, block: str, k: int | npt.NDArray[np.int64], t: int | npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        """Column index of variable ``block[k, t]``."""
        return np.asarray(self.offsets[block] + np.asarray(k) * self.days + np.asarray(t))

    def matrices(
        self,
    ) -> tuple[
        sparse.csr_array,
        npt.NDArray[np.float64],
        sparse.csr_array | None,
        npt.NDArray[np.float64] | None,
    ]:
        """``A_eq, b_eq, A_ub, b_ub`` as sparse arrays (no inequalities: ``None``)."""
        a_eq, b_eq = self.equalities.matrix(self.n_vars)
        if not self.inequalities.rhs:
            return a_eq, b_eq, None, None
        a_ub, b_ub = self.inequalities.matrix(self.n_vars)
        return a_eq, b_eq, a_ub, b_ub


def _active(start: date, end: date, s: Scenario) -> npt.NDArray[np.bool_]:
    days = np.arange(s.days)
    first, last = (start - s.start).days, (end - s.start).days
    return (days >= first) & (days <= last)


def _availability(s: Scenario, asset: str) -> npt.NDArray[np.float64]:
    """Share of an asset's capacity available on each day (disruptions multiply)."""
    avail = np.ones(s.days)
    for d in s.disruptions:
        if d.asset == asset:
            avail[_active(d.start, d.end, s)] *= 1.0 - d.share
    return avail


def _extra(s: Scenario, kind: MitigationKind, asset: str) -> npt.NDArray[np.float64]:
    extra = np.zeros(s.days)
    for m in s.mitigations:
        if m.kind is kind and m.asset == asset:
            extra[_active(m.start, m.end, s)] += m.amount_mcmd
    return extra


def define_demand(
    network: Network, s: Scenario
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Daily protected demand, non-protected demand and curtailment, each (N, T) in mcm/d.

    Demand is the seasonal profile times the scenario's shocks; protected demand is
    ``protected_share`` of it (households and essential services, the "protected customers" of
    Regulation (EU) 2017/1938; the shares in the shipped datasets are estimates, see their
    ``note``). A demand-reduction mitigation curtails ``share`` of the non-protected demand of
    its nodes: that gas is asked of nobody, and is reported as non-protected demand not served.

    Example::

        >>> from bucarest.energy.data import load_dataset, load_scenarios
        >>> s = load_scenarios()["jan-2009"]
        >>> p, n, c = define_demand(load_dataset(s.dataset), s)
        >>> bool((c <= n).all()) and bool((c > 0).any())
        True
    """
    demand = np.array([[network.demand_on(n, s.day(t)) for t in range(s.days)]
                       for n in network.nodes], dtype=np.float64).reshape(len(network.nodes), s.days)  # fmt: skip
    index = network.node_index
    for k in s.demand_shocks:
        rows = [index[c] for c in k.nodes] if k.nodes else list(range(len(network.nodes)))
        demand[
            np.ix_(np.asarray(rows, dtype=np.int64), np.nonzero(_active(k.start, k.end, s))[0])
        ] *= k.factor
    share = np.array([n.protected_share for n in network.nodes], dtype=np.float64)[:, None]
    protected = demand * share
    non_protected = demand - protected
    kept = np.ones_like(demand)
    for m in s.mitigations:
        if m.kind is MitigationKind.DEMAND_REDUCTION:
            for c in m.nodes:
                kept[index[c], _active(m.start, m.end, s)] *= 1.0 - m.share
    return protected, non_protected, non_protected * (1.0 - kept)


def define_arcs(network: Network, s: Scenario) -> list[Arc]:
    """Both directions of every pipeline that can carry gas in the scenario."""
    arcs = []
    index = network.node_index
    reversible = {m.asset for m in s.mitigations if m.kind is MitigationKind.REVERSE_FLOW}
    for p in network.pipelines:
        src, dst = index[p.source_node], index[p.target_node]
        if p.capacity_mcmd > 0:
            arcs.append(Arc(p.id, p.id, src, dst, False))
        if p.reverse_mcmd > 0 or p.id in reversible:
            arcs.append(
                Arc(f"{p.target_node}-{p.source_node} (reverse of {p.id})", p.id, dst, src, True)
            )
    return arcs


def define_variables(network: Network, s: Scenario) -> LinearModel:
    """Columns and their bounds: flows, production, LNG, storage withdrawal/injection/level,
    unserved demand."""
    t0 = time.perf_counter()
    days = s.days
    arcs = define_arcs(network, s)
    protected, non_protected, curtailed = define_demand(network, s)
    sizes = {"f": len(arcs), "p": len(network.nodes), "g": len(network.lng),
             "w": len(network.storage), "i": len(network.storage), "e": len(network.storage),
             "u": len(network.nodes), "v": len(network.nodes)}  # fmt: skip
    offsets: dict[str, int] = {}
    total = 0
    for block, size in sizes.items():
        offsets[block] = total
        total += size * days
    lower = np.zeros(total)
    upper = np.zeros(total)
    cost = np.zeros(total)
    pipes: dict[str, Pipeline] = {p.id: p for p in network.pipelines}

    def put(block: str, k: int, values: npt.NDArray[np.float64], c: float = 0.0) -> None:
        start = offsets[block] + k * days
        upper[start : start + days] = np.maximum(values, 0.0)
        cost[start : start + days] = c

    for k, a in enumerate(arcs):
        p = pipes[a.pipeline]
        base = p.reverse_mcmd if a.reverse else p.capacity_mcmd
        cap = base * _availability(s, p.id)
        if a.reverse:
            cap = cap + _extra(s, MitigationKind.REVERSE_FLOW, p.id)
        put("f", k, cap, FLOW_COST)
    site_loss: dict[str, npt.NDArray[np.float64]] = {}
    for site in network.production_sites:
        # a disrupted site takes its share of its capacity off its node's production
        lost = site.capacity_mcmd * (1.0 - _availability(s, site.id))
        site_loss[site.node] = site_loss.get(site.node, np.zeros(days)) + lost
    for k, n in enumerate(network.nodes):
        put("p", k, n.supply_mcmd * _availability(s, n.id) - site_loss.get(n.id, 0.0))
        put("u", k, protected[k], 1.0)
        put("v", k, non_protected[k] - curtailed[k], 1.0)
    for k, lng in enumerate(network.lng):
        put(
            "g",
            k,
            lng.sendout_mcmd * _availability(s, lng.id)
            + _extra(s, MitigationKind.EXTRA_LNG, lng.id)
            + _extra(s, MitigationKind.EXTRA_LNG, lng.node),
        )
    for k, st in enumerate(network.storage):
        put(
            "w",
            k,
            st.withdrawal_mcmd * _availability(s, st.id)
            + _extra(s, MitigationKind.STORAGE_RELEASE, st.id),
            STORAGE_COST,
        )
        put("i", k, np.full(days, st.injection_mcmd), STORAGE_COST)
        put("e", k, np.full(days, st.working_gas_mcm))
    model = LinearModel(network, s, arcs, protected, non_protected, curtailed, offsets, sizes,
                        total, lower, upper, cost)  # fmt: skip
    model.build_seconds = time.perf_counter() - t0
    return model


def define_nodal_balance_constraints(m: LinearModel) -> None:
    """Supply, storage, LNG and flows in minus flows out, plus unserved, equal demand."""
    t0 = time.perf_counter()
    days, n_nodes = m.days, len(m.network.nodes)
    t = np.arange(days)
    rows, cols, vals = [], [], []

    def term(block: str, k: int, node: int, sign: float) -> None:
        rows.append(node * days + t)
        cols.append(m.var(block, k, t))
        vals.append(np.full(days, sign))

    for k in range(n_nodes):
        term("p", k, k, 1.0)
        term("u", k, k, 1.0)
        term("v", k, k, 1.0)
    index = m.network.node_index
    for k, lng in enumerate(m.network.lng):
        term("g", k, index[lng.node], 1.0)
    for k, st in enumerate(m.network.storage):
        term("w", k, index[st.node], 1.0)
        term("i", k, index[st.node], -1.0)
    for k, a in enumerate(m.arcs):
        term("f", k, a.target, 1.0)
        term("f", k, a.source, -1.0)
    m.equalities.add(
        np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), m.requested.reshape(-1)
    )
    m.build_seconds += time.perf_counter() - t0


def define_storage_constraints(m: LinearModel) -> None:
    """Storage level carried from day to day: ``e_t - e_{t-1} + w_t - i_t = 0`` (``e_{-1}`` is
    the initial fill)."""
    t0 = time.perf_counter()
    days = m.days
    t = np.arange(days)
    rows, cols, vals, rhs = [], [], [], []
    for k, st in enumerate(m.network.storage):
        r = k * days + t
        rows += [r, r, r, r[1:]]
        cols += [m.var("e", k, t), m.var("w", k, t), m.var("i", k, t), m.var("e", k, t[:-1])]
        vals += [np.ones(days), np.ones(days), -np.ones(days), -np.ones(days - 1)]
        b = np.zeros(days)
        b[0] = st.initial_fill * st.working_gas_mcm
        rhs.append(b)
    if rows:
        m.equalities.add(
            np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), np.concatenate(rhs)
        )
    m.build_seconds += time.perf_counter() - t0


def define_deliverability_constraints(m: LinearModel) -> None:
    """Withdrawal falls with the stock: for each line (a, b) of a site's deliverability curve
    (:meth:`~bucarest.energy.domain.network.Storage.withdrawal_cuts`),
    ``w_t <= a + b × e_{t-1}``, the stock at the start of day t (``e_{-1}`` the initial
    fill). A storage without a curve keeps its flat maximum.

    A row is left out on a day where it cannot bind: the stock at the start of day t is at
    least the initial fill less every withdrawal the bounds allow before it, and where the
    line at that lowest stock still allows the day's greatest withdrawal (the column's upper
    bound), the line allows it at every stock the day can start with (b >= 0). Early in a
    winter most sites are far above the fill where their curve starts to fall, so this leaves
    out most of the rows without changing the feasible set."""
    days = m.days
    t = np.arange(days)
    count = 0
    rows, cols, vals, rhs, runs = [], [], [], [], []
    for k, st in enumerate(m.network.storage):
        start = st.initial_fill * st.working_gas_mcm
        w_up = m.upper[m.var("w", k, t)]
        lowest = np.maximum(start - np.concatenate([[0.0], np.cumsum(w_up)[:-1]]), 0.0)
        for a, b in st.withdrawal_cuts(lowest[-1] / max(st.working_gas_mcm, 1e-9)):
            day = t[a + b * lowest < w_up - 1e-9]
            if not day.size:
                continue
            r = count + np.arange(day.size)
            later = day > 0
            rows += [r, r[later]]
            cols += [m.var("w", k, day), m.var("e", k, day[later] - 1)]
            vals += [np.ones(day.size), np.full(int(later.sum()), -b)]
            cap = np.full(day.size, a)
            cap[~later] += b * start
            rhs.append(cap)
            count += day.size
            runs.append(np.full(day.size, count))
    if rows:
        m.inequalities.add(
            np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), np.concatenate(rhs)
        )
    m.deliverability_rows = count
    m.deliverability_runs = np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)


def define_lng_market_constraints(m: LinearModel) -> None:
    """All terminals together regasify at most the LNG the market supplies each day."""
    if not m.network.lng:
        return
    days = m.days
    t = np.arange(days)
    extra = np.zeros(days)
    for mit in m.scenario.mitigations:
        if mit.kind is MitigationKind.EXTRA_LNG:
            extra[_active(mit.start, mit.end, m.scenario)] += mit.amount_mcmd
    rows = np.concatenate([t for _ in m.network.lng])
    cols = np.concatenate([m.var("g", k, t) for k in range(len(m.network.lng))])
    m.inequalities.add(
        rows, cols, np.ones(len(cols)), np.full(days, m.network.lng_market_mcmd) + extra
    )


def create_model(network: Network, scenario: Scenario) -> LinearModel:
    """Check the scenario against the network and build the whole LP."""
    check_scenario(scenario, network)
    m = define_variables(network, scenario)
    define_nodal_balance_constraints(m)
    define_storage_constraints(m)
    t0 = time.perf_counter()
    define_deliverability_constraints(m)
    define_lng_market_constraints(m)
    m.build_seconds += time.perf_counter() - t0
    return m


@dataclass(frozen=True)
class RawSolution:
    """The solver's answer: values of every column, LPs solved, and timings."""

    x: npt.NDArray[np.float64]
    solves: int
    solve_seconds: float


def solve_model(m: LinearModel, mode: Mode | None = None) -> RawSolution:
    """Solve ``m`` in ``mode`` (default: the scenario's) as the lexicographic problem of
    :mod:`.modes` (one LP per stage, HiGHS)."""
    mode = mode or m.scenario.mode
    t0 = time.perf_counter()
    x, solves = (modes.cooperative if mode is Mode.COOPERATIVE else modes.national)(m)
    return RawSolution(x, solves, time.perf_counter() - t0)


def least_total(m: LinearModel) -> float:
    """The least total unserved demand (mcm) the network allows, whoever bears it: the
    total the cooperative mode reaches, and the critical-asset ranking's measure."""
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    x, _ = run_highs(m.cost, a_eq, b_eq, a_ub, b_ub, np.column_stack([m.lower, m.upper]))
    return float(x[m.offsets["u"] : m.offsets["v"] + m.sizes["v"] * m.days].sum())


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


@dataclass(frozen=True)
class CountryOutcome:
    """What a scenario does to one country (mcm over the scenario; days).

    ``unserved_mcm`` is the shortfall, protected plus non-protected; ``curtailed_mcm`` is the
    non-protected demand a demand-reduction measure took off beforehand (not counted in the
    shortfall, but not served either). ``days_before_first_shortfall`` counts the whole days
    served before the first day with a shortfall: 0 means short on the first day, ``None``
    never short. The totals are determined by the mode; the days (``days_short`` and the first
    short day) are one schedule among those with these totals.
    """

    code: str
    protected_demand_mcm: float
    non_protected_demand_mcm: float
    protected_unserved_mcm: float
    non_protected_unserved_mcm: float
    curtailed_mcm: float
    days_short: int
    days_before_first_shortfall: int | None
    storage_start_mcm: float
    storage_end_mcm: float

    @property
    def demand_mcm(self) -> float:
        """Whole demand over the scenario, before curtailment."""
        return self.protected_demand_mcm + self.non_protected_demand_mcm

    @property
    def unserved_mcm(self) -> float:
        """Shortfall over the scenario, protected and non-protected (curtailment apart)."""
        return self.protected_unserved_mcm + self.non_protected_unserved_mcm

    @property
    def unserved_share(self) -> float:
        """Shortfall as a share of demand over the scenario."""
        return _share(self.unserved_mcm, self.demand_mcm)

    @property
    def protected_unserved_share(self) -> float:
        """Protected demand unserved as a share of protected demand."""
        return _share(self.protected_unserved_mcm, self.protected_demand_mcm)

    @property
    def non_protected_not_served_share(self) -> float:
        """Non-protected demand not served (shortfall plus curtailment) as a share of it."""
        return _share(self.non_protected_unserved_mcm + self.curtailed_mcm,
                      self.non_protected_demand_mcm)  # fmt: skip


@dataclass(frozen=True)
class Result:
    """A solved scenario: per-country outcomes, daily series, saturated links, timings.

    Daily arrays are (N, T) in mcm/d: ``protected`` and ``non_protected`` demand,
    ``curtailed`` non-protected demand, and the shortfalls ``protected_unserved`` and
    ``non_protected_unserved``. ``storage_level`` (S, T) is each storage's stock at the end of
    each day (mcm).
    """

    network: Network
    scenario: Scenario
    mode: Mode
    arcs: tuple[Arc, ...]
    protected: npt.NDArray[np.float64]
    non_protected: npt.NDArray[np.float64]
    curtailed: npt.NDArray[np.float64]
    protected_unserved: npt.NDArray[np.float64]
    non_protected_unserved: npt.NDArray[np.float64]
    flows: npt.NDArray[np.float64]  # (A, T)
    capacity: npt.NDArray[np.float64]  # (A, T)
    storage_level: npt.NDArray[np.float64]  # (S, T)
    build_seconds: float
    solve_seconds: float
    solves: int = 0
    #: What operators knew when they decided (:class:`Foresight`).
    foresight: Foresight = Foresight.PERFECT

    @property
    def demand(self) -> npt.NDArray[np.float64]:
        """Whole demand (N, T) before curtailment."""
        return self.protected + self.non_protected

    @property
    def unserved(self) -> npt.NDArray[np.float64]:
        """Shortfall (N, T), protected and non-protected."""
        return self.protected_unserved + self.non_protected_unserved

    @property
    def total_unserved_mcm(self) -> float:
        """Shortfall over every country and day (curtailment apart)."""
        return float(self.unserved.sum())

    def outcomes(self) -> tuple[CountryOutcome, ...]:
        """Per-country outcomes, in network order (suppliers left out)."""
        out = []
        # A country's storage: one aggregate, or every site at asset level, summed.
        storage_of: dict[str, list[int]] = {}
        for j, st in enumerate(self.network.storage):
            storage_of.setdefault(st.node, []).append(j)
        unserved = self.unserved
        for k, n in enumerate(self.network.nodes):
            if n.kind != "country":
                continue
            short = unserved[k] > 1e-6
            first = int(np.argmax(short)) if short.any() else None
            sites = storage_of.get(n.id, [])
            start = sum(self.network.storage[j].initial_fill * self.network.storage[j].working_gas_mcm
                        for j in sites)  # fmt: skip
            end = sum(float(self.storage_level[j, -1]) for j in sites)
            out.append(CountryOutcome(
                n.id, float(self.protected[k].sum()), float(self.non_protected[k].sum()),
                float(self.protected_unserved[k].sum()), float(self.non_protected_unserved[k].sum()),
                float(self.curtailed[k].sum()), int(short.sum()), first, start, end,
            ))  # fmt: skip
        return tuple(out)

    def saturated_links(self, threshold: float = 0.999) -> tuple[str, ...]:
        """Arcs running at capacity on at least one day."""
        full = (self.capacity > 1e-9) & (self.flows >= threshold * self.capacity - 1e-9)
        return tuple(a.id for a, row in zip(self.arcs, full, strict=True) if row.any())


def assign_solution(m: LinearModel, raw: RawSolution, mode: Mode) -> Result:
    """Read the columns back into per-country, per-arc and per-storage series."""
    days = m.days

    def block(name: str) -> npt.NDArray[np.float64]:
        start = m.offsets[name]
        return raw.x[start : start + m.sizes[name] * days].reshape(m.sizes[name], days)

    def shortfall(name: str) -> npt.NDArray[np.float64]:
        values = np.clip(block(name), 0.0, None)
        values[values < 1e-9] = 0.0  # solver noise, not gas
        return values

    cap = m.upper[m.offsets["f"] : m.offsets["f"] + m.sizes["f"] * days].reshape(m.sizes["f"], days)
    return Result(m.network, m.scenario, mode, tuple(m.arcs), m.protected, m.non_protected,
                  m.curtailed, shortfall("u"), shortfall("v"), block("f"), cap, block("e"),
                  m.build_seconds, raw.solve_seconds, raw.solves)  # fmt: skip


def solve(
    network: Network,
    scenario: Scenario,
    mode: Mode | None = None,
    foresight: Foresight = Foresight.ROLLING,
    pattern: FlowPattern | None = None,
    policy: StoragePolicy = StoragePolicy(),
) -> Result:
    """Build, solve and read back ``scenario`` on ``network`` in ``mode`` (default: the
    scenario's). ``foresight`` rolling (the default) operates without hindsight
    (:mod:`.rolling`: segments, a storage floor set by ``policy``, flows held near the
    observed ``pattern`` before anything changes); perfect solves the whole scenario at once
    (the bound: no operation has less total shortfall; ``pattern`` and ``policy`` unused)."""
    chosen = mode or scenario.mode
    if foresight is Foresight.ROLLING:
        from bucarest.energy.domain.rolling import solve_rolling

        return solve_rolling(network, scenario, chosen, pattern, policy)
    model = create_model(network, scenario)
    return assign_solution(model, solve_model(model, chosen), chosen)

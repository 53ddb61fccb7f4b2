"""The multi-day gas-flow linear program, built in named steps and solved with HiGHS.

For every day ``t`` and node ``n``, with flows ``f`` on directed arcs, production ``p``,
LNG send-out ``g``, storage withdrawal ``w``, injection ``i``, storage level ``e`` and
unserved demand ``u`` (all mcm or mcm/d):

.. math::

    p_{n,t} + g_{n,t} + w_{n,t} - i_{n,t} + \\sum_{a \\in in(n)} f_{a,t}
      - \\sum_{a \\in out(n)} f_{a,t} + u_{n,t} = D_{n,t}

    e_{s,t} = e_{s,t-1} - w_{s,t} + i_{s,t}, \\qquad \\sum_l g_{l,t} \\le LNG^{market}_t

with every variable between zero and its (scenario-adjusted) capacity. The model is
built as :func:`create_model` → :func:`solve_model` → :func:`assign_solution`, PyPSA's
pipeline; the steps that fill the matrices are named after the constraints they add.

Sharing modes (ENTSOG's 2014 stress-test modes):

- **national**: minimise total unserved demand, with a tiny cost on every cross-border
  flow, so a country short of gas keeps its own and exports only a surplus;
- **cooperative**: first the least total unserved demand, then, holding it, the smallest
  worst-country shortfall share over the period: shortfalls spread as evenly as the
  network allows. Its worst share never exceeds the national mode's.

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
from scipy.optimize import linprog

from bucarest.core.errors import N_, ModelError
from bucarest.energy.domain.network import Network, Pipeline
from bucarest.energy.domain.scenario import MitigationKind, Mode, Scenario, check_scenario

__all__ = [
    "Arc",
    "LinearModel",
    "Result",
    "RowBlock",
    "assign_solution",
    "create_model",
    "run_highs",
    "solve",
    "solve_model",
]

#: Cost of one mcm on one arc, against 1 per mcm of unserved demand: breaks ties only.
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
    demand: npt.NDArray[np.float64]  # (N, T)
    offsets: dict[str, int]
    sizes: dict[str, int]
    n_vars: int
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]
    cost: npt.NDArray[np.float64]
    equalities: RowBlock = field(default_factory=RowBlock)
    inequalities: RowBlock = field(default_factory=RowBlock)
    build_seconds: float = 0.0

    @property
    def days(self) -> int:
        """Days in the model."""
        return int(self.demand.shape[1])

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


def define_demand(network: Network, s: Scenario) -> npt.NDArray[np.float64]:
    """Daily demand (N, T): the seasonal profile, shocks, and curtailment of non-protected use."""
    demand = np.array([[network.demand_on(n, s.day(t)) for t in range(s.days)]
                       for n in network.nodes], dtype=np.float64).reshape(len(network.nodes), s.days)  # fmt: skip
    index = network.node_index
    for k in s.demand_shocks:
        rows = [index[c] for c in k.nodes] if k.nodes else list(range(len(network.nodes)))
        demand[
            np.ix_(np.asarray(rows, dtype=np.int64), np.nonzero(_active(k.start, k.end, s))[0])
        ] *= k.factor
    for m in s.mitigations:
        if m.kind is MitigationKind.DEMAND_REDUCTION:
            for c in m.nodes:
                n = network.nodes[index[c]]
                cut = 1.0 - m.share * (1.0 - n.protected_share)
                demand[index[c], _active(m.start, m.end, s)] *= cut
    return demand


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
    demand = define_demand(network, s)
    sizes = {"f": len(arcs), "p": len(network.nodes), "g": len(network.lng),
             "w": len(network.storage), "i": len(network.storage), "e": len(network.storage),
             "u": len(network.nodes)}  # fmt: skip
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
    for k, n in enumerate(network.nodes):
        put("p", k, n.supply_mcmd * _availability(s, n.id))
        put("u", k, demand[k], 1.0)
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
    model = LinearModel(network, s, arcs, demand, offsets, sizes, total, lower, upper, cost)
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
        np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), m.demand.reshape(-1)
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
    define_lng_market_constraints(m)
    m.build_seconds += time.perf_counter() - t0
    return m


@dataclass(frozen=True)
class RawSolution:
    """The solver's answer: values of every column, objective, and timings."""

    x: npt.NDArray[np.float64]
    objective: float
    solve_seconds: float


def run_highs(
    c: npt.NDArray[np.float64],
    a_eq: sparse.csr_array,
    b_eq: npt.NDArray[np.float64],
    a_ub: sparse.csr_array | None,
    b_ub: npt.NDArray[np.float64] | None,
    bounds: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], float]:
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    # HiGHS's default path can end with an "unknown" status on badly scaled cases (seen on
    # random networks); dual simplex without presolve, then interior point, settle them.
    for method, options in (("highs-ds", {"presolve": False}), ("highs-ipm", {})):
        if res.status in (0, 2, 3):
            break
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                      method=method, options=options)  # fmt: skip
    if res.status == 2:
        raise ModelError(
            N_(
                "the gas model is infeasible: the data contradict each other (an initial storage "
                "level above its working gas, or a negative capacity); check the dataset"
            )
        )
    if res.status == 3:
        raise ModelError(N_("the gas model is unbounded: a capacity is missing or infinite; "
                            "check the dataset"))  # fmt: skip
    if res.status != 0 or res.x is None:
        raise ModelError(N_("the solver stopped without an answer ({reason})"),
                         reason=str(res.message))  # fmt: skip
    return np.asarray(res.x), float(res.fun)


def solve_model(m: LinearModel, mode: Mode | None = None) -> RawSolution:
    """Solve ``m`` in ``mode`` (default: the scenario's) with HiGHS."""
    mode = mode or m.scenario.mode
    t0 = time.perf_counter()
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    bounds = np.column_stack([m.lower, m.upper])
    x, objective = run_highs(m.cost, a_eq, b_eq, a_ub, b_ub, bounds)
    if mode is Mode.COOPERATIVE:
        x, objective = _spread_shortfalls(m, x, a_eq, b_eq, a_ub, b_ub, bounds)
    return RawSolution(x, objective, time.perf_counter() - t0)


def _spread_shortfalls(
    m: LinearModel,
    x: npt.NDArray[np.float64],
    a_eq: sparse.csr_array,
    b_eq: npt.NDArray[np.float64],
    a_ub: sparse.csr_array | None,
    b_ub: npt.NDArray[np.float64] | None,
    bounds: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], float]:
    """Second stage: hold the least total unserved demand, minimise the worst country's share."""
    days = m.days
    u_cols = m.var("u", np.arange(len(m.network.nodes))[:, None], np.arange(days)[None, :])
    best_total = float(x[u_cols].sum())
    if best_total <= 1e-9:
        return x, 0.0
    n = m.n_vars
    period = m.demand.sum(axis=1)
    nodes = np.nonzero(period > 0)[0]
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[npt.NDArray[np.float64]] = []
    for r, k in enumerate(nodes):
        rows += [np.full(days, r), np.array([r])]
        cols += [u_cols[k], np.array([n])]
        vals += [np.ones(days), np.array([-period[k]])]
    r_total = len(nodes)
    rows.append(np.full(u_cols.size, r_total))
    cols.append(u_cols.reshape(-1))
    vals.append(np.ones(u_cols.size))
    extra = sparse.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(r_total + 1, n + 1))  # fmt: skip
    rhs = np.concatenate([np.zeros(r_total), [best_total * (1 + 1e-9) + 1e-7]])
    if a_ub is not None and b_ub is not None:
        a_all = sparse.vstack(
            [sparse.hstack([a_ub, sparse.csr_array((a_ub.shape[0], 1))]), extra]
        ).tocsr()
        b_all = np.concatenate([b_ub, rhs])
    else:
        a_all, b_all = extra, rhs
    a_eq2 = sparse.hstack([a_eq, sparse.csr_array((a_eq.shape[0], 1))]).tocsr()
    cost = np.concatenate([m.cost * 1e-3, [1.0]])
    x2, objective = run_highs(cost, a_eq2, b_eq, a_all, b_all, np.vstack([bounds, [0.0, 1.0]]))
    return x2[:n], objective


@dataclass(frozen=True)
class CountryOutcome:
    """What a scenario does to one country."""

    code: str
    demand_mcm: float
    unserved_mcm: float
    days_short: int
    survival_days: int | None
    storage_start_mcm: float
    storage_end_mcm: float

    @property
    def unserved_share(self) -> float:
        """Unserved demand as a share of demand over the scenario."""
        return self.unserved_mcm / self.demand_mcm if self.demand_mcm > 0 else 0.0


@dataclass(frozen=True)
class Result:
    """A solved scenario: per-country outcomes, daily series, saturated links, timings."""

    network: Network
    scenario: Scenario
    mode: Mode
    arcs: tuple[Arc, ...]
    demand: npt.NDArray[np.float64]  # (N, T)
    unserved: npt.NDArray[np.float64]  # (N, T)
    flows: npt.NDArray[np.float64]  # (A, T)
    capacity: npt.NDArray[np.float64]  # (A, T)
    storage_level: npt.NDArray[np.float64]  # (S, T)
    build_seconds: float
    solve_seconds: float

    @property
    def total_unserved_mcm(self) -> float:
        """Unserved demand over every country and day."""
        return float(self.unserved.sum())

    def outcomes(self) -> tuple[CountryOutcome, ...]:
        """Per-country outcomes, in network order (suppliers left out)."""
        out = []
        storage_of = {st.node: k for k, st in enumerate(self.network.storage)}
        for k, n in enumerate(self.network.nodes):
            if n.kind != "country":
                continue
            short = self.unserved[k] > 1e-6
            first = int(np.argmax(short)) if short.any() else None
            s = storage_of.get(n.id)
            start = (
                (self.network.storage[s].initial_fill * self.network.storage[s].working_gas_mcm)
                if s is not None
                else 0.0
            )
            end = float(self.storage_level[s, -1]) if s is not None else 0.0
            out.append(CountryOutcome(n.id, float(self.demand[k].sum()), float(self.unserved[k].sum()),
                                      int(short.sum()), first, start, end))  # fmt: skip
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

    cap = m.upper[m.offsets["f"] : m.offsets["f"] + m.sizes["f"] * days].reshape(m.sizes["f"], days)
    unserved = np.clip(block("u"), 0.0, None)
    unserved[unserved < 1e-7] = 0.0
    return Result(m.network, m.scenario, mode, tuple(m.arcs), m.demand, unserved, block("f"),
                  cap, block("e"), m.build_seconds, raw.solve_seconds)  # fmt: skip


def solve(network: Network, scenario: Scenario, mode: Mode | None = None) -> Result:
    """Build, solve and read back ``scenario`` on ``network``."""
    chosen = mode or scenario.mode
    model = create_model(network, scenario)
    return assign_solution(model, solve_model(model, chosen), chosen)

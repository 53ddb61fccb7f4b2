"""Operation without hindsight: the scenario solved on a rolling horizon (docs/energy-modes.md).

Operators learn of a disruption, a demand shock or a measure on the day it starts, not before,
and do not know when it ends: they plan as if it lasted to the end of the scenario. The
scenario is cut into *segments* at every day on which something starts or ends. For each
segment, in order:

1. the scenario as known that day (:func:`known_on`) is solved from the current storage stock
   over the rest of the scenario, in the chosen sharing mode (:mod:`.modes`, unchanged: the
   same stages decide who is short and hold the schedule of shortfalls);
2. then, before the tie-break costs, three stages of their own (:func:`operation_stages`),
   all per country (a country's storage sites together): the least stock below the seasonal
   floor on the segment's days (:func:`.pattern.floor_fill`; storage goes below it only when
   the shortfalls, already held, need it), the least deviation from the observed pre-crisis
   flows (first segment only: the days before anything changes), and the least drawdown over
   the segment's days, shared by leximin of the drawn share of working gas (so the stock
   carried to the next segment does not depend on tie-break costs; the last segment carries
   none);
3. the segment's days are committed (shortfalls, flows, storage), and the stock at its end
   starts the next segment.

The result looks like :func:`~bucarest.energy.domain.solve.solve`'s. Perfect foresight (the
whole scenario solved at once) is the bound: no rolling operation has less total shortfall.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> s = load_scenarios()["jan-2009"]
    >>> [s.day(t).isoformat() for t in change_days(s)][:3]
    ['2009-01-01', '2009-01-06', '2009-01-07']
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bucarest.core.errors import ModelError
from bucarest.energy.domain import modes
from bucarest.energy.domain.lp import DUAL_TOL, Program, Share
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.pattern import FlowPattern, StoragePolicy, floor_fill
from bucarest.energy.domain.scenario import (
    DemandShock,
    Disruption,
    Foresight,
    Mitigation,
    Mode,
    Scenario,
    check_scenario,
)
from bucarest.energy.domain.solve import (
    LinearModel,
    Result,
    create_model,
    define_arcs,
    define_variables,
)

__all__ = ["change_days", "known_on", "operation_stages", "solve_rolling", "with_stock"]

#: A change to each segment's model before it is solved (tests perturb the tie-break costs).
Adjust = Callable[[LinearModel], None]


def change_days(s: Scenario) -> list[int]:
    """The days (from 0) on which a segment starts: the first day, and every day on which an
    event starts or the day after one ends."""
    days = {0}
    events: tuple[Disruption | DemandShock | Mitigation, ...] = (
        *s.disruptions, *s.demand_shocks, *s.mitigations,
    )  # fmt: skip
    spans = [(e.start, e.end) for e in events]
    for start, end in spans:
        days.add((start - s.start).days)
        days.add((end - s.start).days + 1)
    return sorted(d for d in days if 0 <= d < s.days)


def known_on(s: Scenario, day: date) -> Scenario:
    """The scenario as operators know it on ``day``: from ``day`` to the end, with the events
    under way that day, each assumed to last to the end (those ended are over, those to come
    are unknown)."""

    def running(events: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(replace(e, start=day, end=s.end) for e in events if e.start <= day <= e.end)

    return replace(s, start=day, disruptions=running(s.disruptions),
                   demand_shocks=running(s.demand_shocks), mitigations=running(s.mitigations))  # fmt: skip


def with_stock(network: Network, stock: npt.NDArray[np.float64]) -> Network:
    """``network`` with each storage starting at ``stock`` (mcm, in storage order)."""
    storage = tuple(
        replace(st, initial_fill=min(max(float(stock[k]) / st.working_gas_mcm, 0.0), 1.0)
                if st.working_gas_mcm > 0 else 0.0)
        for k, st in enumerate(network.storage)
    )  # fmt: skip
    return replace(network, storage=storage)


#: Slack (mcm, absolute and relative) on what the operation's own stages decide: looser than
#: :func:`.lp.held`, as these stages come after the shortfall schedule, held exactly; with
#: lp's slack, a later stage could find no feasible point at HiGHS's tolerances.
HOLD_ABS, HOLD_REL = 1e-5, 1e-7


def _held(value: float) -> float:
    return value + HOLD_ABS + HOLD_REL * abs(value)


def _append_columns(m: LinearModel, count: int, upper: npt.NDArray[np.float64]) -> int:
    """Add ``count`` columns ``0 <= x <= upper`` at zero cost; the first one's index."""
    first = m.n_vars
    m.lower = np.concatenate([m.lower, np.zeros(count)])
    m.upper = np.concatenate([m.upper, np.asarray(upper, dtype=np.float64)])
    m.cost = np.concatenate([m.cost, np.zeros(count)])
    m.n_vars += count
    return first


def _row(n: int, cols: npt.NDArray[np.int64], vals: npt.NDArray[np.float64]) -> sparse.csr_array:
    return sparse.csr_array((vals, (np.zeros(len(cols), dtype=np.int64), cols)), shape=(1, n))


def operation_stages(
    m: LinearModel,
    floors: npt.NDArray[np.float64],
    pattern: FlowPattern | None,
    committed: int,
) -> modes.Then:
    """Add to ``m`` the columns and rows of the rolling operation's own stages, and return
    them as the stages to run once the shortfalls are held (see the module docstring).

    ``floors`` (S, T) is each storage's floor (mcm) at the end of each day of ``m``;
    ``pattern`` the observed flows to follow on their days (``None``: none); ``committed`` the
    number of days that will be kept, whose last stock is shared by leximin (unless they are
    all of ``m``'s days: nothing is carried on from the last segment).
    """
    days = m.days
    n_st = len(m.network.storage)
    working = np.array([st.working_gas_mcm for st in m.network.storage], dtype=np.float64)
    # storage is a country's, summed over its sites (one at country level, several at asset
    # level): the floor and the drawdown are per country
    owners = sorted({st.node for st in m.network.storage})
    owner = np.array([owners.index(st.node) for st in m.network.storage], dtype=np.int64)
    capacity = np.asarray(np.bincount(owner, working, len(owners)) if n_st else np.zeros(0),
                          dtype=np.float64)  # fmt: skip
    n_own, kept = len(owners), np.arange(committed)
    # floor, on each committed day: the country's stock + b_{c,t} >= its floor (b, mcm, the
    # stock below the floor)
    own_floor = np.zeros((n_own, committed))
    for k in range(n_st):
        own_floor[owner[k]] += floors[k, :committed]
    b0 = _append_columns(m, n_own * committed, own_floor.reshape(-1))
    floor_cost = np.repeat(np.where(capacity > 0, 1.0 / np.maximum(capacity, 1e-9), 0.0),
                           committed)  # fmt: skip
    if n_st:
        rows = [owner[k] * committed + kept for k in range(n_st)]
        cols = [m.var("e", k, kept) for k in range(n_st)]
        rows.append(np.arange(n_own * committed))
        cols.append(b0 + np.arange(n_own * committed))
        m.inequalities.add(np.concatenate(rows), np.concatenate(cols),
                           -np.ones(sum(len(r) for r in rows)), -own_floor.reshape(-1))  # fmt: skip
    # observed flows: sum of the arcs' flows - over + under = observed, on the observed days
    tracked: list[tuple[npt.NDArray[np.int64], int, float]] = []
    nodes = m.network.nodes
    for flow in pattern.flows if pattern else ():
        on = np.array([k for k, a in enumerate(m.arcs) if nodes[a.source].id == flow.source
                       and (not flow.target or nodes[a.target].id == flow.target)],
                      dtype=np.int64)  # fmt: skip
        for day in range(days):
            if on.size and flow.covers(m.scenario.day(day)):
                tracked.append((on, day, flow.mcmd))
    dev0 = _append_columns(m, 2 * len(tracked), np.full(2 * len(tracked), np.inf))
    if tracked:
        rows, cols, vals, rhs = [], [], [], []
        for j, (arcs, day, observed) in enumerate(tracked):
            rows.append(np.full(len(arcs) + 2, j))
            cols.append(np.concatenate([m.var("f", arcs, day), [dev0 + 2 * j, dev0 + 2 * j + 1]]))
            vals.append(np.concatenate([np.ones(len(arcs)), [-1.0, 1.0]]))
            rhs.append(observed)
        m.equalities.add(np.concatenate(rows), np.concatenate(cols), np.concatenate(vals),
                         np.asarray(rhs, dtype=np.float64))  # fmt: skip
    # drawdown over the committed days, per country: z_c >= its stock at the start - its stock
    # at the end of the last committed day
    z0 = _append_columns(m, n_own, capacity)
    start = np.array([st.initial_fill * st.working_gas_mcm for st in m.network.storage])
    if n_st:
        m.inequalities.add(np.concatenate([owner, np.arange(n_own)]),
                           np.concatenate([m.var("e", np.arange(n_st), committed - 1),
                                           z0 + np.arange(n_own)]),
                           -np.ones(n_st + n_own),
                           -np.bincount(owner, start, n_own).astype(np.float64))  # fmt: skip
    n = m.n_vars

    def least(p: Program, c: npt.NDArray[np.float64]) -> float:
        cols = np.flatnonzero(c)
        if not cols.size:
            return 0.0
        x, _ = p.minimise(c)
        best = max(float(c @ x), 0.0)
        p.fix(_row(n, cols, c[cols]), _held(best))
        return best

    shortfalls = np.concatenate([np.arange(m.offsets[b], m.offsets[b] + m.sizes[b] * days)
                                 for b in ("u", "v")])  # fmt: skip

    def stages(p: Program) -> None:
        # The mode holds each day's shortfall exactly (lower = upper); here it may only not
        # grow: piled on fixed columns, these stages' rows can leave no feasible point at
        # HiGHS's tolerances. Less shortfall than held is impossible (its totals are least).
        p.bounds[shortfalls, 0] = 0.0
        c = np.zeros(n)
        c[b0 : b0 + n_own * committed] = floor_cost
        _guarded(p, lambda: least(p, c))
        c = np.zeros(n)
        c[dev0 : dev0 + 2 * len(tracked)] = 1.0
        _guarded(p, lambda: least(p, c))
        if committed >= days:
            # the last segment: no stock is carried on, and the end of the scenario's stock
            # is a pattern like the flows (as under perfect foresight)
            return
        c = np.zeros(n)
        c[z0 : z0 + n_own] = 1.0
        # no drawdown at all: nothing left to share
        if _guarded(p, lambda: least(p, c)) > 1e-6:
            shares = [Share(_row(n, np.array([z0 + k]), np.ones(1)), float(capacity[k]))
                      for k in range(n_own) if capacity[k] > 0]  # fmt: skip
            _guarded(p, lambda: _fill(p, shares))

    return stages


def _guarded(p: Program, stage: Callable[[], float | None]) -> float:
    """Run one of the operation's stages; if HiGHS finds no feasible point at its tolerances
    (seen on national-first segments, where many decided quantities are held), drop what the
    stage held and go on: these stages only choose among operations with the shortfalls
    already decided, so the shortfalls stay right and only the pattern is left to the
    later stages."""
    kept = len(p.fixed_rows)
    try:
        return float(stage() or 0.0)
    except ModelError:
        del p.fixed_rows[kept:], p.fixed_rhs[kept:]
        return 0.0


def _fill(p: Program, shares: list[Share]) -> None:
    """Progressive filling of ``shares`` (:func:`.lp.leximin` after its first stage), each
    decided share held within :data:`HOLD_ABS`, never at exactly zero."""
    free = list(range(len(shares)))
    while free:
        group = [shares[k] for k in free]
        x, level, duals = p.minimise_worst(group)
        blocked = [k for k, d in zip(free, duals, strict=True) if d > DUAL_TOL]
        if not blocked:
            at_level = [j for j, s in enumerate(group) if s.value(x) >= level - 1e-7]
            blocked = [free[j] for j in at_level if not p.can_go_below(group, level, j)]
        if not blocked or level <= 1e-9:  # nobody can go lower: all at the level
            blocked = free
        for k in blocked:
            s = shares[k]
            p.fix(s.row, _held(max(float((s.row @ x)[0]), level * s.denominator)))
        free = [k for k in free if k not in blocked]


def _floors(network: Network, s: Scenario, policy: StoragePolicy) -> npt.NDArray[np.float64]:
    """(S, T) floor of each storage at the end of each day of ``s`` (mcm)."""
    end = policy.winter_end or network.season_end
    return np.array(
        [[floor_fill(st.initial_fill, policy.end_fill, s.start, end, s.day(t)) * st.working_gas_mcm
          for t in range(s.days)] for st in network.storage],
        dtype=np.float64,
    ).reshape(len(network.storage), s.days)  # fmt: skip


def solve_rolling(
    network: Network,
    scenario: Scenario,
    mode: Mode,
    pattern: FlowPattern | None = None,
    policy: StoragePolicy = StoragePolicy(),
    adjust: Adjust | None = None,
) -> Result:
    """``scenario`` operated without hindsight (see the module docstring): one lexicographic
    solve per segment, its days committed, its last stock carried forward.

    Example::

        >>> from bucarest.energy.data import load_dataset, load_scenarios
        >>> s = load_scenarios()["jan-2009"]
        >>> r = solve_rolling(load_dataset(s.dataset), s, Mode.COOPERATIVE)
        >>> r.foresight.value, r.total_unserved_mcm > 0
        ('rolling', True)
    """
    check_scenario(scenario, network)
    t_build = time.perf_counter()
    truth = define_variables(network, scenario)
    arcs = define_arcs(network, scenario)
    arc_index = {a.id: k for k, a in enumerate(arcs)}
    days, n_nodes, n_st = scenario.days, len(network.nodes), len(network.storage)
    f_cap = truth.upper[truth.offsets["f"] : truth.offsets["f"] + len(arcs) * days]
    floors = _floors(network, scenario, policy)
    u = np.zeros((n_nodes, days))
    v = np.zeros((n_nodes, days))
    flows = np.zeros((len(arcs), days))
    level = np.zeros((n_st, days))
    stock = np.array([st.initial_fill * st.working_gas_mcm for st in network.storage])
    build = time.perf_counter() - t_build
    solve_seconds = 0.0
    solves = 0
    starts = change_days(scenario)
    run = modes.cooperative if mode is Mode.COOPERATIVE else modes.national
    for k, first in enumerate(starts):
        last = starts[k + 1] if k + 1 < len(starts) else days
        t0 = time.perf_counter()
        m = create_model(with_stock(network, stock), known_on(scenario, scenario.day(first)))
        if adjust is not None:
            adjust(m)
        stages = operation_stages(m, floors[:, first:], pattern if k == 0 else None, last - first)
        build += time.perf_counter() - t0
        t0 = time.perf_counter()
        try:
            x, count = run(m, stages, tuned=False)
        except ModelError:
            # the last stage found no feasible point at HiGHS's tolerances with the
            # operation's rows held (seen on random networks): the segment is solved again
            # by the mode alone, whose shortfalls are the same; only the pattern differs
            x, count = run(m, None, tuned=False)
        solve_seconds += time.perf_counter() - t0
        solves += count
        kept = slice(first, last)
        span = last - first

        def block(name: str, m: LinearModel = m, x: npt.NDArray[np.float64] = x,
                  span: int = span) -> npt.NDArray[np.float64]:  # fmt: skip
            start = m.offsets[name]
            return x[start : start + m.sizes[name] * m.days].reshape(m.sizes[name], m.days)[
                :, :span
            ]

        u[:, kept], v[:, kept] = block("u"), block("v")
        level[:, kept] = block("e")
        f = block("f")
        for j, a in enumerate(m.arcs):
            flows[arc_index[a.id], kept] = f[j]
        stock = np.clip(level[:, last - 1], 0.0, [st.working_gas_mcm for st in network.storage])
    for values in (u, v):
        np.clip(values, 0.0, None, out=values)
        values[values < 1e-9] = 0.0  # solver noise, not gas
    return Result(network, scenario, mode, tuple(arcs), truth.protected, truth.non_protected,
                  truth.curtailed, u, v, flows, f_cap.reshape(len(arcs), days), level, build,
                  solve_seconds, solves, Foresight.ROLLING)  # fmt: skip

"""The two sharing modes as lexicographic problems over the gas LP (docs/energy-modes.md).

Both decide, per country, the protected and the non-protected demand left unserved over the
scenario, stage by stage, each stage keeping what the earlier ones decided; flows and storage
use come last (least use, with the tie-break costs of :mod:`.solve`), so no tie-break cost can
change who is short. Vocabulary of Regulation (EU) 2017/1938: *protected customers*
(households, essential social services, district heating: each node's ``protected_share``).

- **cooperative** (solidarity): least total protected shortfall; then the leximin of the
  countries' protected shortfall shares; then, holding those, least total non-protected
  shortfall and the leximin of the non-protected shares (curtailment counted as not served).
- **national first**: every country keeps at least what it can serve alone from its own
  production and storage (the *autarky floor*), protected customers first; then countries are
  served in order of their distance, in pipeline steps, from the outside supply (suppliers and
  the LNG market), nearest first: a country serves its own protected, then its non-protected
  customers, before gas passes it; countries at the same distance share by leximin.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> s = load_scenarios()["jan-2009"]
    >>> m = create_model(load_dataset(s.dataset), s)   # doctest: +SKIP
    >>> x = cooperative(m)                               # doctest: +SKIP
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import csgraph

from bucarest.core.batch import kernel_threads
from bucarest.energy.domain import lp
from bucarest.energy.domain.lp import Program, Share, leximin, solve_lp

if TYPE_CHECKING:
    from bucarest.energy.domain.solve import LinearModel

__all__ = ["cooperative", "national", "program_of", "supply_distance"]


def program_of(m: LinearModel, tuned: bool = True) -> Program:
    """The model's constraints as a :class:`Program` (no stage decided yet; ``tuned``: as in
    :class:`.lp.Program`)."""
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    return Program(
        a_eq,
        b_eq,
        a_ub,
        b_ub,
        np.column_stack([m.lower, m.upper]),
        tuned=tuned,
        lazy_rows=m.deliverability_rows,
        lazy_runs=m.deliverability_runs,
    )


def _countries(m: LinearModel) -> list[int]:
    return [k for k, n in enumerate(m.network.nodes) if n.kind == "country"]


def _row(m: LinearModel, block: str, k: int) -> sparse.csr_array:
    """A (1, n) row summing ``block[k, t]`` over the days."""
    cols = m.var(block, k, np.arange(m.days))
    return sparse.csr_array((np.ones(m.days), (np.zeros(m.days, dtype=np.int64), cols)),
                            shape=(1, m.n_vars))  # fmt: skip


def protected_shares(m: LinearModel, nodes: list[int]) -> list[Share]:
    """Protected demand unserved over the period / protected demand, per node with any."""
    out = []
    for k in nodes:
        d = float(m.protected[k].sum())
        if d > 0:
            out.append(Share(_row(m, "u", k), d))
    return out


def non_protected_shares(m: LinearModel, nodes: list[int]) -> list[Share]:
    """Non-protected demand not served (shortfall plus curtailment) / non-protected demand."""
    out = []
    for k in nodes:
        d = float(m.non_protected[k].sum())
        if d > 0:
            out.append(Share(_row(m, "v", k), d, float(m.curtailed[k].sum())))
    return out


#: Stages run once the shortfall schedule is held and before the tie-break costs (the rolling
#: operation's storage floor, observed flows and stocks: :mod:`.rolling`).
Then = Callable[[Program], None]


class _Guide:
    """The tie-break stage's starting basis (:func:`.lp.guide`, decision 60): the network's
    least shortfall and least use, without the deliverability rows, solved on a model of its
    own, on a second thread beside the stages when there is one, or when the tie-break
    stage asks for it otherwise (the same basis either way, so the same answer)."""

    def __init__(self, m: LinearModel, p: Program) -> None:
        self.on = p.tuned and lp.ENGINE == "highspy" and p.fresh_method is None
        a_ub, b_ub = p.a_ub, p.b_ub
        if a_ub is not None and b_ub is not None:
            a_ub, b_ub = a_ub[p.lazy_rows :], b_ub[p.lazy_rows :]
        self.own = replace(p, a_ub=a_ub, b_ub=b_ub, bounds=p.bounds.copy(), fixed_rows=[],
                           fixed_rhs=[], solves=0, lazy_rows=0, lazy_runs=None)  # fmt: skip
        self.cost = m.cost
        self.pool: ThreadPoolExecutor | None = None
        self.job: Future[lp.Start | None] | None = None
        if self.on and solver_threads() > 1:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guide")
            self.job = self.pool.submit(lp.guide, self.own, self.cost)

    def start(self) -> lp.Start | None:
        """The basis (``None``: the stage starts from its own)."""
        if not self.on:
            return None
        if self.job is None:
            return lp.guide(self.own, self.cost)
        return self.job.result()

    def close(self) -> None:
        """Let the second thread go (waiting for a solve under way)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _last_stage(
    m: LinearModel, p: Program, then: Then | None = None, guide: _Guide | None = None
) -> npt.NDArray[np.float64]:
    """With every country's shortfalls held: shortfalls as late in the scenario as the
    network allows (the least sum of shortfall x days left, so a country holds out as long as
    it can), then the stages ``then`` adds, then the least transport and storage use (the
    tie-break costs)."""
    days = m.days
    late = np.zeros(m.n_vars)
    left = (days - np.arange(days)) / days  # 1 on the first day, 1/T on the last
    for block in ("u", "v"):
        for k in range(m.sizes[block]):
            late[m.var(block, k, np.arange(days))] = left
    x = solve_lp(p, late)
    # the schedule is held exactly (not within a tolerance): the tie-break costs below would
    # otherwise spend any slack on a little more shortfall for a little less flow
    c = m.cost.copy()
    for block in ("u", "v"):
        cols = slice(m.offsets[block], m.offsets[block] + m.sizes[block] * days)
        p.bounds[cols, 0] = p.bounds[cols, 1] = np.clip(x[cols], 0.0, p.bounds[cols, 1])
        c[cols] = 0.0
    if then is not None:
        then(p)
    start = guide.start() if guide is not None else None
    return solve_lp(p, c, new_objective=True, start=start)


def _staged(
    m: LinearModel, p: Program, stages: Callable[[], None], then: Then | None
) -> tuple[npt.NDArray[np.float64], int]:
    """A mode's ``stages`` on ``p`` while the guide is solved beside them, then the last
    stage from the guide's basis; the solution and the LPs solved, the guide's included."""
    guide = _Guide(m, p)
    try:
        stages()
        x = _last_stage(m, p, then, guide)
    finally:
        guide.close()
    return x, p.solves + guide.own.solves


def cooperative(
    m: LinearModel, then: Then | None = None, tuned: bool = True
) -> tuple[npt.NDArray[np.float64], int]:
    """Solidarity: protected shortfalls first, each level shared by leximin; the solution and
    the number of LPs solved (``then``: stages before the tie-break costs; ``tuned``: as in
    :class:`.lp.Program`)."""
    p = program_of(m, tuned)
    nodes = _countries(m)

    def stages() -> None:
        leximin(p, protected_shares(m, nodes))
        leximin(p, non_protected_shares(m, nodes))

    return _staged(m, p, stages, then)


def supply_distance(m: LinearModel) -> dict[int, int]:
    """Pipeline steps from the outside supply to each country (suppliers are 0 steps away, a
    country with an LNG terminal 1), over the arcs that carry gas on some day of the scenario;
    countries no outside gas can reach are left out."""
    nodes = m.network.nodes
    dist: dict[int, int] = {k: 0 for k, n in enumerate(nodes) if n.kind == "supplier"}
    g_cap = m.upper[m.offsets["g"] : m.offsets["g"] + m.sizes["g"] * m.days]
    for k, lng in enumerate(m.network.lng):
        node = m.network.node_index[lng.node]
        if g_cap[k * m.days : (k + 1) * m.days].max() > 0 and node not in dist:
            dist[node] = 1
    f_cap = m.upper[m.offsets["f"] : m.offsets["f"] + m.sizes["f"] * m.days]
    out: dict[int, list[int]] = {}
    for k, a in enumerate(m.arcs):
        if f_cap[k * m.days : (k + 1) * m.days].max() > 0:
            out.setdefault(a.source, []).append(a.target)
    # breadth first from every supply at once; LNG countries start one step out
    queue = deque(sorted(dist, key=lambda k: dist[k]))
    while queue:
        k = queue.popleft()
        for j in sorted(out.get(k, [])):
            if j not in dist:
                dist[j] = dist[k] + 1
                queue.append(j)
    return {k: d for k, d in dist.items() if nodes[k].kind == "country"}


def _alone_parts(m: LinearModel, p: Program) -> list[tuple[Program, npt.NDArray[np.int64]]]:
    """The model without pipelines and LNG, split into its independent parts (a country with
    its own production and storage sites, each a connected block of columns and rows): one
    :class:`Program` per part with a country in it, and the model's columns it keeps."""
    n = m.n_vars
    keep = np.ones(n, dtype=bool)
    for block in ("f", "g"):
        keep[m.offsets[block] : m.offsets[block] + m.sizes[block] * m.days] = False
    blocks = [(p.a_eq, p.b_eq)] + ([(p.a_ub, p.b_ub)] if p.a_ub is not None else [])
    rows = sparse.csr_array(sparse.vstack([a for a, _ in blocks]))[:, np.flatnonzero(keep)]
    # columns and rows as one bipartite graph: its connected components are the parts
    n_rows, n_kept = rows.shape
    graph = sparse.bmat([[None, rows], [rows.T, None]], format="csr")
    _, label = csgraph.connected_components(graph, directed=False)
    row_label, col_label = label[:n_rows], label[n_rows:]
    cols = np.flatnonzero(keep)
    # a country's part: every component holding one of its shortfall columns (a country
    # without storage falls apart into one component per day)
    owner = np.full(label.max() + 1, -1)
    for k in _countries(m):
        for block in ("u", "v"):
            where = np.searchsorted(cols, m.var(block, k, np.arange(m.days)))
            owner[col_label[where]] = k
    out = []
    n_eq = p.a_eq.shape[0]
    for k in sorted(set(owner[owner >= 0].tolist())):
        c_idx = np.flatnonzero(owner[col_label] == k)
        r_idx = np.flatnonzero(owner[row_label] == k)
        eq, ub = r_idx[r_idx < n_eq], r_idx[r_idx >= n_eq] - n_eq
        a_ub = b_ub = None
        if ub.size and p.a_ub is not None and p.b_ub is not None:
            a_ub, b_ub = p.a_ub[ub][:, cols[c_idx]], p.b_ub[ub]
        part = Program(p.a_eq[eq][:, cols[c_idx]], p.b_eq[eq], a_ub, b_ub,
                       p.bounds[cols[c_idx]].copy(), fresh_method="highs-ipm")  # fmt: skip
        out.append((part, cols[c_idx]))
    return out


def solver_threads() -> int:
    """Threads that solve independent LPs side by side (HiGHS releases the GIL while it
    solves): :func:`bucarest.core.batch.kernel_threads`."""
    return kernel_threads()


#: A country's least shortfalls alone, protected then non-protected (mcm over the scenario).
_Floors = list[tuple[int, int, float]]
#: How much more a unit of protected shortfall weighs than a unit of the other in the first
#: LP of a country's floors (:func:`_floors_alone`); any weight gives the same floors.
PROTECTED_WEIGHT = 1000.0


def _floors_alone(
    alone: Program, cols: npt.NDArray[np.int64], inside: list[int],
    rows_of: dict[int, tuple[sparse.csr_array, sparse.csr_array]],
) -> _Floors:  # fmt: skip
    """The least shortfalls of the countries ``inside`` one part (:func:`_alone_parts`), each
    held in ``alone`` before the next: ``(country, 0 protected | 1 non-protected, mcm)``.

    One LP first weighs protected shortfall :data:`PROTECTED_WEIGHT` times the other. Where
    its solution leaves no protected customer short, it is both stages' answer, whatever the
    weight: the least protected shortfall is then zero, and a solution with less
    non-protected shortfall and none protected would cost less. Otherwise the two stages
    are solved in turn. (Germany's 39 sites alone: 2.1 s against 1.2 + 2.8 s.)"""
    rows = [[rows_of[k][which][:, cols] for k in inside] for which in (0, 1)]
    cost = [np.asarray(sparse.vstack(r).sum(axis=0)).ravel() for r in rows]
    x = solve_lp(alone, PROTECTED_WEIGHT * cost[0] + cost[1])
    both = all(float((r @ x)[0]) <= lp.NONE for r in rows[0])
    out = []
    for which in (0, 1):
        if not both:
            x = solve_lp(alone, cost[which])
        for k, r in zip(inside, rows[which], strict=True):
            least = float((r @ x)[0])
            alone.hold(r, least)
            out.append((k, which, least))
    return out


def _autarky_floors(m: LinearModel, p: Program, nodes: list[int]) -> None:
    """Hold each country's shortfalls at most what they are with its own production and
    storage alone (no pipeline, no LNG), protected customers first.

    Without pipelines the countries are independent, so each is solved as its own small LP
    (:func:`_alone_parts`): the same least shortfalls as the whole network with pipelines
    and LNG closed, in a fraction of the time (a whole-network LP warm-started from the
    protected stage to the non-protected one took over a minute on the asset-level winter).
    The parts are solved side by side on :func:`solver_threads`, the largest first (on the
    asset-level winter, Germany's 39 storage sites take as long as the 34 other countries);
    their floors are held in the parts' order, so the program is the same whatever the
    thread count."""
    rows_of = {k: (_row(m, "u", k), _row(m, "v", k)) for k in nodes}
    parts = [(alone, cols, [k for k in nodes if np.isin(m.var("u", k, 0), cols)])
             for alone, cols in _alone_parts(m, p)]  # fmt: skip
    order = sorted(range(len(parts)), key=lambda j: -len(parts[j][1]))
    found: dict[int, _Floors] = {}
    threads = min(solver_threads(), len(parts))
    if threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            jobs = {j: pool.submit(_floors_alone, *parts[j], rows_of) for j in order}
            found = {j: job.result() for j, job in jobs.items()}
    else:
        found = {j: _floors_alone(*parts[j], rows_of) for j in order}
    for j, (alone, _, _) in enumerate(parts):
        for k, which, least in found[j]:
            p.hold(rows_of[k][which], least)
        p.solves += alone.solves


def national(
    m: LinearModel, then: Then | None = None, tuned: bool = True
) -> tuple[npt.NDArray[np.float64], int]:
    """National first: autarky floors, then countries nearest the outside supply first, each
    serving its protected then its non-protected customers; the solution and the LPs solved
    (``then``: stages before the tie-break costs; ``tuned``: as in :class:`.lp.Program`)."""
    p = program_of(m, tuned)
    nodes = _countries(m)

    def stages() -> None:
        _autarky_floors(m, p, nodes)
        dist = supply_distance(m)
        far = max(dist.values(), default=0) + 1
        for d in sorted({dist.get(k, far) for k in nodes}):
            ring = [k for k in nodes if dist.get(k, far) == d]
            leximin(p, protected_shares(m, ring))
            leximin(p, non_protected_shares(m, ring))

    return _staged(m, p, stages, then)

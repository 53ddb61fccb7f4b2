"""Critical infrastructure: outage cases ranked by the unserved demand their loss adds.

A *case* is a tuple of asset ids taken out together for the whole scenario: ``("RUS-TUR-
BLUE-STREAM",)`` for N-1, two ids for N-2. :func:`evaluate_cases` is a pure function of the
network, the scenario and a list of cases, each case solved on its own for the least total
unserved demand (the total the cooperative mode reaches: docs/energy-modes.md), so a batch
engine can map it over chunks of cases and concatenate the answers. :func:`rank_assets` takes
every asset out in turn (N-1), then every pair among the ``pairs`` most critical of them
(N-2), and orders the cases by added unserved demand (mcm), largest first, then by their ids.
A pair carries the sum of its two assets' own losses and the *excess* of the pair over that
sum: positive where the two are parallel routes (each covers for the other alone), negative
where they are in series (losing both is no worse than losing one).

Each case's LP is the scenario's model with the columns of the lost assets bounded at zero
(a production site's loss takes its capacity off its node's production).
On the ``"warm"`` route one HiGHS model is built per call; a single asset's case starts from
the no-outage optimum's basis, a pair's from the optimum of one of its assets alone (dual
simplex: a bound cut keeps a basis dual feasible), and no LP is solved where that optimum
does not use the assets lost (it stays optimal). Nothing else carries over from case to
case, so a case's answer does not depend, to the last bit, on the cases solved before it.
The ``"scratch"`` route solves each case from nothing through ``scipy.optimize.linprog``
(the route before issue 13's item 4), kept for ``bench/energy_critical.py`` and as a
cross-check in the tests.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> ranking = rank_assets(load_dataset("winter-2008-09"), load_scenarios()["jan-2009"],
    ...                       top=3, pairs=3)
    >>> len(ranking) == 3 and ranking[0].added_unserved_mcm >= ranking[-1].added_unserved_mcm
    True
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse

from bucarest.core.batch import Runner
from bucarest.core.errors import N_, InvalidInputError
from bucarest.energy.domain.lp import run_highs
from bucarest.energy.domain.network import (
    Asset,
    LngTerminal,
    Network,
    Pipeline,
    ProductionSite,
    Storage,
    asset_capacity,
)
from bucarest.energy.domain.scenario import Scenario
from bucarest.energy.domain.solve import LinearModel, create_model

__all__ = [
    "DEFAULT_PAIRS",
    "TIE_MCM",
    "Case",
    "CaseImpact",
    "Evaluate",
    "Route",
    "check_cases",
    "evaluate_cases",
    "evaluate_with",
    "order_impacts",
    "pair_cases",
    "rank_assets",
    "rank_cases",
    "single_cases",
]

#: A case: the ids of the assets lost together, in id order.
Case = tuple[str, ...]
#: How each case's LP is solved (see the module text).
Route = Literal["warm", "scratch"]
#: N-2 pairs are formed among this many of the most critical single assets by default:
#: 45 pairs, which with the N-1 of the 240 assets of ``winter-2008-09-assets`` keeps the
#: ranking under a minute on two cores (bench/energy_critical.py).
DEFAULT_PAIRS = 10
#: Impacts (mcm) are compared after rounding to this quantum: two cases whose impacts differ
#: by less are tied (same rank, ordered by their ids), whatever the solver's last digits say.
TIE_MCM = 1e-6


@dataclass(frozen=True)
class CaseImpact:
    """What losing the assets of ``case`` for the whole scenario does (mcm; mcm/d).

    ``unserved_mcm`` is the least total unserved demand with the case lost,
    ``added_unserved_mcm`` what that adds to the scenario's own (0 when under
    :data:`TIE_MCM`). A pair has ``singles_added_mcm``, the sum of its two assets' own added
    unserved demand (``None`` for a single asset). ``rank`` is the case's place in its
    ranking, shared by tied cases (1, 2, 2, 4), and 0 before it is ranked.
    """

    case: Case
    kinds: tuple[str, ...]
    capacity_mcmd: float
    unserved_mcm: float
    added_unserved_mcm: float
    singles_added_mcm: float | None = None
    rank: int = 0

    @property
    def asset(self) -> str:
        """The case's assets, joined by ``" + "``."""
        return " + ".join(self.case)

    @property
    def kind(self) -> str:
        """The asset's kind (pipeline, storage, lng, node), or ``"pair"`` for N-2."""
        return self.kinds[0] if len(self.kinds) == 1 else "pair"

    @property
    def excess_mcm(self) -> float | None:
        """A pair's added unserved demand less the sum of its assets' own (``None`` for a
        single asset): positive when each asset covers for the other."""
        if self.singles_added_mcm is None:
            return None
        excess = self.added_unserved_mcm - self.singles_added_mcm
        return 0.0 if abs(excess) < TIE_MCM else excess


class Evaluate(Protocol):
    """The signature of :func:`evaluate_cases` (what a batch engine maps over chunks)."""

    def __call__(
        self,
        network: Network,
        scenario: Scenario,
        cases: Sequence[Case],
        route: Route = "warm",
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[CaseImpact, ...]: ...


def _kind(asset: Asset) -> str:
    return type(asset).__name__.lower().replace("lngterminal", "lng")


def _cut(
    m: LinearModel, lost: Sequence[Asset]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The columns the loss of ``lost`` bounds, in order, and their upper bounds then (mcm/d):
    both directions of a pipeline, a storage site's withdrawal, a terminal's send-out and a
    node's production at zero on every day; a production site takes its capacity off its
    node's production (at least zero)."""
    t = np.arange(m.days)
    upper: dict[int, float] = {}
    sites: list[ProductionSite] = []
    for asset in lost:
        if isinstance(asset, ProductionSite):
            sites.append(asset)
            continue
        if isinstance(asset, Pipeline):
            parts = [m.var("f", k, t) for k, a in enumerate(m.arcs) if a.pipeline == asset.id]
        elif isinstance(asset, Storage):
            parts = [m.var("w", m.network.storage.index(asset), t)]
        elif isinstance(asset, LngTerminal):
            parts = [m.var("g", m.network.lng.index(asset), t)]
        else:
            parts = [m.var("p", m.network.node_index[asset.id], t)]
        for part in parts:
            upper.update(dict.fromkeys(part.tolist(), 0.0))
    for site in sites:
        for col in m.var("p", m.network.node_index[site.node], t).tolist():
            upper[col] = max(0.0, upper.get(col, float(m.upper[col])) - site.capacity_mcmd)
    cols = np.array(sorted(upper), dtype=np.int64)
    return cols, np.array([upper[c] for c in cols.tolist()], dtype=np.float64)


def _within(x: npt.NDArray[np.float64], cols: npt.NDArray[np.int64],
            upper: npt.NDArray[np.float64]) -> bool:  # fmt: skip
    """Whether ``x`` keeps the cut bounds: a column cut to zero is exactly zero in it."""
    values = x[cols]
    return bool(np.where(upper > 0.0, values <= upper, values == 0.0).all())


def single_cases(network: Network) -> tuple[Case, ...]:
    """One case per asset of ``network`` (N-1), in the network's order."""
    return tuple((a,) for a in network.assets)


def pair_cases(assets: Sequence[str]) -> tuple[Case, ...]:
    """Every pair of ``assets`` (N-2), each in id order, the pairs in id order.

    Example::

        >>> pair_cases(["B", "A", "C"])
        (('A', 'B'), ('A', 'C'), ('B', 'C'))
    """
    return tuple(itertools.combinations(sorted(set(assets)), 2))


def check_cases(network: Network, cases: Sequence[Sequence[str]]) -> tuple[Case, ...]:
    """``cases`` as :data:`Case` values (ids in order), each checked: an unknown asset is a
    :class:`~bucarest.core.errors.NotFoundError` naming it, an empty case or one naming an
    asset twice an :class:`~bucarest.core.errors.InvalidInputError`."""
    checked = []
    for case in cases:
        if not case:
            raise InvalidInputError(N_("an outage case must name at least one asset"))
        if len(set(case)) != len(case):
            raise InvalidInputError(
                N_("the outage case '{case}' names an asset twice"), case=" + ".join(case)
            )
        for asset_id in case:
            network.asset(asset_id)
        checked.append(tuple(sorted(case)))
    return tuple(checked)


@dataclass(frozen=True)
class _Optimum:
    """A case's optimal columns, the HiGHS basis that proves it (``None`` when solved from
    scratch) and the simplex iterations it took from its start (0: none, or from scratch)."""

    x: npt.NDArray[np.float64]
    basis: Any = None
    iterations: int = 0


class _WarmCases:
    """One HiGHS model of the scenario's LP, solved once with nothing lost (``base``; ``None``
    if HiGHS found no optimum, and the caller goes from scratch); a case cuts its columns'
    upper bounds to zero, starts from a given optimum's basis, and puts the bounds back."""

    def __init__(self, m: LinearModel) -> None:
        a_eq, b_eq, a_ub, b_ub = m.matrices()
        a = sparse.csr_array(sparse.vstack([a_eq, a_ub]) if a_ub is not None else a_eq)
        a.sum_duplicates()
        row_lower = np.concatenate([b_eq, np.full(0 if b_ub is None else len(b_ub), -np.inf)])
        row_upper = np.concatenate([b_eq, np.zeros(0) if b_ub is None else b_ub])
        # the core class, as in domain/lp.py: ``highspy.Highs`` prints a banner on stdout
        h = highspy._core._Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        empty_int = np.zeros(0, dtype=np.int32)
        h.addCols(m.n_vars, m.cost.astype(np.float64), m.lower.astype(np.float64),
                  m.upper.astype(np.float64), 0, empty_int, empty_int, np.zeros(0))  # fmt: skip
        h.addRows(a.shape[0], row_lower, row_upper, a.nnz, a.indptr[:-1].astype(np.int32),
                  a.indices.astype(np.int32), a.data.astype(np.float64))  # fmt: skip
        self.h = h
        self.m = m
        self.base = self._run()
        # a cut bound leaves the basis dual feasible: dual simplex, no presolve (HiGHS would
        # skip it with a basis at hand, but says so explicitly here)
        h.setOptionValue("simplex_strategy", 1)
        h.setOptionValue("presolve", "off")

    def _run(self) -> _Optimum | None:
        h = self.h
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        x = np.asarray(h.getSolution().col_value)
        return _Optimum(x, h.getBasis(), int(h.getInfo().simplex_iteration_count))

    def solve(
        self, cols: npt.NDArray[np.int64], cut: npt.NDArray[np.float64], start: _Optimum
    ) -> _Optimum | None:
        """The optimum with ``cols`` bounded by ``cut``, from ``start``'s basis; ``None`` if
        the warm start did not end optimal (the caller then solves the case from scratch)."""
        h = self.h
        idx = cols.astype(np.int32)
        upper = self.m.upper[cols].astype(np.float64)
        h.changeColsBounds(idx.size, idx, np.minimum(self.m.lower[cols], cut), cut.copy())
        # nothing of the previous case carries over (factorisation, edge weights, the random
        # state of cost perturbation): the case is solved as if it were the first
        h.clearSolver()
        h.setBasis(start.basis)
        try:
            return self._run()
        finally:
            h.changeColsBounds(idx.size, idx, self.m.lower[cols].astype(np.float64), upper)


def _unserved(m: LinearModel, x: npt.NDArray[np.float64]) -> float:
    """Protected and non-protected shortfall over every node and day (mcm)."""
    return float(x[m.offsets["u"] : m.offsets["v"] + m.sizes["v"] * m.days].sum())


class _Cases:
    """What every case of one network and scenario shares: the model, the no-outage optimum
    (``base``) and the optimum of each asset lost alone once solved (the start of the cases
    of several assets). Built once per call of :func:`evaluate_cases`, or once per batch
    worker thread for all the chunks it runs (:func:`_evaluate_chunk`): a case's answer does
    not depend on the cases solved before it, so sharing changes no answer, only the time."""

    def __init__(self, network: Network, scenario: Scenario, route: Route) -> None:
        m = create_model(network, scenario)
        self.m = m
        self.network = network
        self.assets = network.assets
        self.a_eq, self.b_eq, self.a_ub, self.b_ub = m.matrices()
        self.bounds = np.column_stack([m.lower, m.upper])
        self.warm = _WarmCases(m) if route == "warm" else None
        warm = self.warm
        self.base = (
            warm.base if warm is not None and warm.base is not None else self.from_scratch(None)
        )
        self.alone: dict[str, _Optimum] = {}

    def from_scratch(
        self, cols: npt.NDArray[np.int64] | None, cut: npt.NDArray[np.float64] | None = None
    ) -> _Optimum:
        variant = self.bounds.copy()
        if cols is not None and cut is not None:
            variant[cols, 1] = cut
            variant[cols, 0] = np.minimum(variant[cols, 0], cut)
        x, _ = run_highs(self.m.cost, self.a_eq, self.b_eq, self.a_ub, self.b_ub, variant)
        return _Optimum(x)

    def optimum(self, case: Case) -> _Optimum:
        cols, cut = _cut(self.m, [self.assets[a] for a in case])
        warm, base = self.warm, self.base
        if warm is None or base.basis is None:
            return self.from_scratch(cols, cut)
        starts = [base] if len(case) == 1 else [self.single(a) for a in case]
        for start in starts:
            if _within(start.x, cols, cut):
                # an optimum that does not use the lost assets stays feasible and optimal
                # (cutting bounds cannot do better): no LP
                return start
        # a case of several assets starts from the optimum of whichever of them alone took
        # the most iterations (the one that moved furthest); with the shortcut above, the 45
        # asset-level jan-2009 pairs of bench/energy_critical.py took 4.6 s of CPU, against
        # 20.3 s each from the no-outage basis
        start = max((s for s in starts if s.basis is not None),
                    key=lambda s: s.iterations, default=base)  # fmt: skip
        return warm.solve(cols, cut, start) or self.from_scratch(cols, cut)

    def single(self, asset_id: str) -> _Optimum:
        if asset_id not in self.alone:
            self.alone[asset_id] = self.optimum((asset_id,))
        return self.alone[asset_id]

    def impacts(
        self, checked: Sequence[Case], progress: Callable[[int, int], None] | None = None
    ) -> tuple[CaseImpact, ...]:
        m, base = self.m, self.base
        # the assets of cases of several assets: each is solved alone first, and kept
        kept = {a for case in checked if len(case) > 1 for a in case} | self.alone.keys()
        impacts = []
        for n, case in enumerate(checked):
            lost = [self.assets[a] for a in case]
            found = (
                self.single(case[0]) if len(case) == 1 and case[0] in kept else self.optimum(case)
            )
            unserved = _unserved(m, found.x)
            added = unserved - _unserved(m, base.x)
            impacts.append(CaseImpact(
                case, tuple(_kind(a) for a in lost), sum(asset_capacity(a) for a in lost), unserved,
                added if added >= TIE_MCM else 0.0,
            ))  # fmt: skip
            if progress is not None:
                progress(n + 1, len(checked))
        return tuple(impacts)


def evaluate_cases(
    network: Network,
    scenario: Scenario,
    cases: Sequence[Case],
    route: Route = "warm",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[CaseImpact, ...]:
    """Each case of ``cases`` lost for the whole ``scenario``: its impact, in the order given.

    Pure and independent per case: the same case gives the same answer in any list, in any
    chunk, on any worker (the arguments and the answers pickle), so a batch engine may map
    this over chunks of cases. Every call builds its model and solves the no-outage case once,
    and each asset of a case of several assets alone once. ``progress(done, total)`` counts
    the cases solved. Unknown assets: see :func:`check_cases`.

    Example::

        >>> from bucarest.energy.data import load_dataset, load_scenarios
        >>> net = load_dataset("winter-2008-09")
        >>> [i.case for i in evaluate_cases(net, load_scenarios()["jan-2009"],
        ...                                 [("RUS-UKR",), ("STO-DEU", "RUS-UKR")])]
        [('RUS-UKR',), ('RUS-UKR', 'STO-DEU')]
    """
    checked = check_cases(network, cases)
    return _Cases(network, scenario, route).impacts(checked, progress)


#: Cases per batch task: a worker thread builds the model and solves the no-outage case once
#: for all the tasks it runs (:func:`_evaluate_chunk`), so a task costs only its cases, about
#: 0.1 s of CPU each at asset level for 31 days (bench/energy_critical.py): 8 cases make tasks
#: of about a second, three orders of magnitude above the scheduler's cost per task
#: (docs/scaling.md), and the 240 asset-level cases 30 tasks, which two workers share out
#: evenly however unequal the cases are.
CASES_PER_TASK = 8

_MEMO = threading.local()


def _evaluate_chunk(
    shared: tuple[Network, Scenario, Route], chunk: tuple[Case, ...]
) -> tuple[CaseImpact, ...]:
    # module level, so that a batch worker imports it by reference. A worker receives the
    # scattered ``shared`` once and hands the same object to every task: the model built for
    # the first chunk serves the next ones in this thread (one model per thread, kept until
    # another ``shared`` comes; answers do not depend on it, see _Cases)
    cases = getattr(_MEMO, "cases", None)
    if cases is None or _MEMO.shared is not shared:
        network, scenario, route = shared
        cases = _MEMO.cases = _Cases(network, scenario, route)
        _MEMO.shared = shared
    return cases.impacts(check_cases(cases.network, chunk))


def case_chunks(cases: Sequence[Case], size: int = CASES_PER_TASK) -> list[tuple[Case, ...]]:
    """``cases`` dealt into chunks of about ``size`` cases, one case to each chunk in turn
    (cases next to each other, such as the pipelines of one border, often cost alike: dealing
    them spreads the costly ones over the tasks).

    Example::

        >>> [len(c) for c in case_chunks([("A",)] * 20)]
        [7, 7, 6]
        >>> case_chunks([(str(i),) for i in range(20)], size=10)[1][:3]
        (('1',), ('3',), ('5',))
    """
    count = math.ceil(len(cases) / size) if cases else 0
    return [tuple(cases[i::count]) for i in range(count)]


def evaluate_with(run: Runner) -> Evaluate:
    """:func:`evaluate_cases` mapped by ``run`` (a batch engine,
    :func:`bucarest.platform.batch.runner`) over chunks of cases (:func:`case_chunks`); the
    network and the scenario are shared by every task, and the answers come back in the
    cases' order, the same as one call of :func:`evaluate_cases` (each case's answer does not
    depend on its chunk).

    Example::

        >>> from bucarest.core.batch import run_serially
        >>> from bucarest.energy.data import load_dataset, load_scenarios
        >>> net, s = load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]
        >>> cases = [("RUS-UKR",), ("STO-DEU",)]
        >>> evaluate_with(run_serially)(net, s, cases) == evaluate_cases(net, s, cases)
        True
    """

    def evaluate(
        network: Network,
        scenario: Scenario,
        cases: Sequence[Case],
        route: Route = "warm",
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[CaseImpact, ...]:
        checked = check_cases(network, cases)  # bad input stops here, before any task
        chunks = case_chunks(checked)
        ends = list(itertools.accumulate(len(c) for c in chunks))

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(ends[done - 1] if done else 0, len(checked))

        parts = run(_evaluate_chunk, chunks, (network, scenario, route), report)
        # chunk i holds cases i, i + n, i + 2n, …: deal them back into the cases' order
        out: list[CaseImpact] = list(itertools.chain.from_iterable(parts))
        for i, part in enumerate(parts):
            out[i :: len(parts)] = part
        return tuple(out)

    return evaluate


def _key(i: CaseImpact) -> tuple[int, Case]:
    return (-round(i.added_unserved_mcm / TIE_MCM), i.case)


def order_impacts(impacts: Sequence[CaseImpact]) -> tuple[CaseImpact, ...]:
    """``impacts`` by added unserved demand, largest first (compared to :data:`TIE_MCM`),
    then by case ids; each with its rank, shared by tied cases.

    Example::

        >>> cases = [CaseImpact((a,), ("pipeline",), 1.0, v, v) for a, v in
        ...          (("B", 2.0), ("C", 5.0), ("A", 2.0), ("D", 1.0))]
        >>> [(i.asset, i.rank) for i in order_impacts(cases)]
        [('C', 1), ('A', 2), ('B', 2), ('D', 4)]
    """
    ordered = sorted(impacts, key=_key)
    ranked: list[CaseImpact] = []
    for n, i in enumerate(ordered):
        tied = n > 0 and _key(ordered[n - 1])[0] == _key(i)[0]
        ranked.append(replace(i, rank=ranked[-1].rank if tied else n + 1))
    return tuple(ranked)


def rank_assets(
    network: Network,
    scenario: Scenario,
    top: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    pairs: int = 0,
    route: Route = "warm",
    evaluate: Evaluate = evaluate_cases,
) -> tuple[CaseImpact, ...]:
    """N-1 over every asset, then N-2 over every pair among the ``pairs`` first of the N-1
    ranking (none when ``pairs`` < 2), all ranked together (:func:`order_impacts`); the
    ``top`` first (all if ``None``). ``progress(done, total)`` counts the cases, N-1 and N-2
    (known from the start). ``evaluate`` solves a list of cases (:func:`evaluate_cases`, or
    the same mapped over a batch engine).
    """
    singles = single_cases(network)
    n_pairs = math.comb(min(max(pairs, 0), len(singles)), 2)
    total = len(singles) + n_pairs

    def offset(start: int) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        report = progress
        return lambda done, _of: report(start + done, total)

    n1 = order_impacts(evaluate(network, scenario, singles, route, offset(0)))
    impacts = list(n1)
    if n_pairs:
        candidates = [i.case[0] for i in n1[:pairs]]
        n2 = evaluate(network, scenario, pair_cases(candidates), route, offset(len(singles)))
        impacts += _with_singles(n2, n1)
    ranked = order_impacts(impacts)
    return ranked[:top] if top else ranked


def _with_singles(cases: Sequence[CaseImpact], singles: Sequence[CaseImpact]) -> list[CaseImpact]:
    """``cases`` of several assets with the sum of their assets' own added unserved demand
    (read from ``singles``, the N-1 impacts); single-asset cases as they are."""
    own = {i.case[0]: i.added_unserved_mcm for i in singles if len(i.case) == 1}
    return [replace(i, singles_added_mcm=sum(own[a] for a in i.case)) if len(i.case) > 1 else i
            for i in cases]  # fmt: skip


def rank_cases(
    network: Network,
    scenario: Scenario,
    cases: Sequence[Sequence[str]],
    progress: Callable[[int, int], None] | None = None,
    route: Route = "warm",
    evaluate: Evaluate = evaluate_cases,
) -> tuple[CaseImpact, ...]:
    """The cases asked for, ranked (:func:`order_impacts`); a case of several assets with the
    sum of its assets' own added unserved demand, for which each of them is solved alone too
    (and counted in ``progress``, not listed unless asked for).

    Example::

        >>> from bucarest.energy.data import load_dataset, load_scenarios
        >>> [(i.asset, i.singles_added_mcm is None) for i in rank_cases(
        ...     load_dataset("winter-2008-09"), load_scenarios()["jan-2009"],
        ...     [["STO-DEU", "LNG-ESP"], ["LNG-ESP"]])]
        [('LNG-ESP', True), ('LNG-ESP + STO-DEU', False)]
    """
    asked = tuple(dict.fromkeys(check_cases(network, cases)))
    alone = sorted({(a,) for case in asked if len(case) > 1 for a in case} - set(asked))
    impacts = evaluate(network, scenario, [*asked, *alone], route, progress)
    return order_impacts(_with_singles(impacts[: len(asked)], impacts))

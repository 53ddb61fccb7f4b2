"""Linear programs solved with HiGHS, and lexicographic max-min fairness over them.

A :class:`Program` holds ``A_eq x = b_eq``, ``A_ub x <= b_ub`` and bounds; stages add rows to
it (:meth:`Program.fix`), so that what an earlier stage decided cannot move in a later one.
A program keeps one HiGHS model (through ``highspy``) and solves each stage from the basis
the previous stage left, so a stage costs a few simplex iterations, not a fresh solve.
:func:`leximin` is the progressive filling of Nace and Pióro, "Max-min fairness and its
applications to routing and load-balancing in communication networks: a tutorial", IEEE
Communications Surveys & Tutorials 10(4), 2008, algorithm 3: minimise the largest share
``t`` of a group; every share whose constraint ``share <= t`` carries a positive dual value is
at ``t`` in every optimum (complementary slackness), so it is fixed there; the others are
filled again, until none is left. The vector of shares it returns is the lexicographic
max-min (leximin) optimum, which is unique on a convex set: no tie-break cost decides it.

Example::

    >>> import numpy as np
    >>> from scipy import sparse
    >>> # two countries short of 3 units of gas, one of which (demand 1) can be served by 1
    >>> p = Program(sparse.csr_array(np.array([[1.0, 1.0]])), np.array([3.0]), None, None,
    ...             np.array([[0.0, 1.0], [0.0, 4.0]]))
    >>> shares = [Share(sparse.csr_array(np.array([[1.0, 0.0]])), 1.0, 0.0),
    ...           Share(sparse.csr_array(np.array([[0.0, 1.0]])), 4.0, 0.0)]
    >>> [round(v, 6) for v in leximin(p, shares)]
    [0.6, 0.6]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

from bucarest.core.errors import N_, ModelError

__all__ = [
    "Program",
    "Share",
    "Start",
    "guide",
    "held",
    "leximin",
    "run_highs",
    "simplex_strategy",
    "solve_lp",
]

#: Dual value above which a share's constraint counts as binding (shares are 0..1).
DUAL_TOL = 1e-7
#: How a :class:`Program` solves its stages: ``"highspy"`` keeps one HiGHS model per program
#: and warm-starts each stage from the previous stage's basis; ``"linprog"`` builds every stage
#: afresh through :func:`scipy.optimize.linprog` (the route before issue 13's speed-up, kept
#: for ``bench/energy_solve.py`` and as a cross-check).
ENGINE = "highspy"
#: HiGHS's interior point (with crossover to a vertex) for the stages on the ``"linprog"``
#: route: on the 90-day ``russian-halt-2009-q1`` it solves the sequence in about 0.6 of dual
#: simplex's time when each stage starts from nothing.
STAGE_METHOD = "highs-ipm"
#: Slack allowed when a decided quantity (mcm) becomes a constraint: absolute and relative.
#: Any slack lets a later stage move that much shortfall between countries, so it is kept
#: just above HiGHS's own accuracy.
FIX_ABS, FIX_REL = 1e-8, 1e-10
#: HiGHS's primal feasibility tolerance on the kept model, a hundredth of its default (1e-7):
#: a decided quantity is held with :data:`FIX_ABS` of slack, below the default tolerance, so
#: a stage could end "optimal" with other rows off by more than that slack, and a later stage
#: then found no point at all (national first on the asset-level ``jan-2009``, perfect
#: foresight, once the warm stages ran the primal simplex: decision 59).
PRIMAL_TOL = 1e-9


_INFEASIBLE = N_(
    "the gas model is infeasible: the data contradict each other (an initial storage "
    "level above its working gas, or a negative capacity); check the dataset"
)
_UNBOUNDED = N_("the gas model is unbounded: a capacity is missing or infinite; check the dataset")
_STOPPED = N_("the solver stopped without an answer ({reason})")


#: A decided sum of shortfalls at most this (mcm) is none: :meth:`Program.hold` holds its
#: columns at zero.
NONE = 1e-7


def held(value: float) -> float:
    """The bound that holds a decided quantity ``value`` (mcm) in later stages."""
    return value + FIX_ABS + FIX_REL * abs(value)


def _linprog(
    c: npt.NDArray[np.float64],
    a_eq: sparse.csr_array,
    b_eq: npt.NDArray[np.float64],
    a_ub: sparse.csr_array | None,
    b_ub: npt.NDArray[np.float64] | None,
    bounds: npt.NDArray[np.float64],
    first: str = "highs",
) -> Any:
    tries: list[tuple[str, dict[str, Any]]] = [(first, {})]
    # HiGHS's default path can end with an "unknown" status on badly scaled cases (seen on
    # random networks), and its interior point can call a barely feasible stage infeasible
    # (seen on jan-2009, national first): simplex, then dual simplex without presolve, then
    # interior point settle them; only a status every method agrees on is reported.
    tries += [(m, o) for m, o in (("highs", {}), ("highs-ds", {"presolve": False}),
                                  ("highs-ipm", {})) if m != first]  # fmt: skip
    for method, options in tries:
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                      method=method, options=options)  # fmt: skip
        if res.status == 0:
            break
    if res.status == 2:
        raise ModelError(_INFEASIBLE)
    if res.status == 3:
        raise ModelError(_UNBOUNDED)
    if res.status != 0 or res.x is None:
        raise ModelError(_STOPPED, reason=str(res.message))
    return res


def run_highs(
    c: npt.NDArray[np.float64],
    a_eq: sparse.csr_array,
    b_eq: npt.NDArray[np.float64],
    a_ub: sparse.csr_array | None,
    b_ub: npt.NDArray[np.float64] | None,
    bounds: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], float]:
    """``min c·x`` with HiGHS: the solution and the objective (:class:`ModelError` if none)."""
    res = _linprog(c, a_eq, b_eq, a_ub, b_ub, bounds)
    return np.asarray(res.x), float(res.fun)


@dataclass(frozen=True)
class Share:
    """A share ``(row · x + offset) / denominator``: ``row`` (1, n) sums quantities (mcm)
    over the columns, ``offset`` is a fixed part of the numerator (mcm), ``denominator`` > 0."""

    row: sparse.csr_array
    denominator: float
    offset: float = 0.0

    def value(self, x: npt.NDArray[np.float64]) -> float:
        """The share at ``x`` (0..1)."""
        return float((self.row @ x)[0] + self.offset) / self.denominator


#: HiGHS's ``simplex_strategy`` values used here.
CHOOSE, DUAL, PRIMAL = 0, 1, 4
#: HiGHS's ``simplex_dual_edge_weight_strategy`` Devex: the dual simplex's default, steepest
#: edge, first computes a weight for every row (about 1.4 s on the 90-day asset-level
#: winter, whatever the stage's few iterations; decision 60).
DEVEX = 1
#: Tags of the rows a :class:`_Model` holds after its base rows; a lazy row is tagged with its
#: index (>= 0) among the program's lazy rows.
FIXED, STAGE = -1, -2
#: Excess above which a solution violates a lazy row (mcm/d): :data:`PRIMAL_TOL`, HiGHS's own
#: test of the rows it holds.
LAZY_TOL = 1e-9
#: A violated lazy row brings the rows of its run on this many days (itself included): a
#: storage site drawn too hard on one day is drawn too hard on the next days too, and adding
#: them at once saves a round of the loop each (on the 90-day asset-level winter the first
#: stage took 67 rounds adding only the violated rows, 5 with this).
LAZY_AHEAD = 30
#: Drop the basis for the first round of lazy rows a model's first solve adds, and let HiGHS
#: presolve the model afresh (decision 66); ``bench/energy_first_solve.py`` turns it off to
#: compare.
FRESH_FIRST_ROUND = True
#: Room (mcm/d) above which a lazy row is taken out of the model before a stage: the model
#: keeps the rows that bind, or nearly, and a stage that needs one again adds it again.
PURGE_ROOM = 1e-6


def simplex_strategy(new_objective: bool, cold: bool = False) -> int:
    """The HiGHS simplex variant for a solve: the dual simplex when the model has no basis yet
    (``cold``: HiGHS presolves, then the dual simplex runs from the slack basis) or when the
    objective is replaced wholesale (every column is boxed, so bound flips make any basis
    dual feasible at no cost and the dual simplex walks from there); the primal simplex for
    a warm stage, whose basis the new objective leaves primal feasible. Retries after a
    failed solve take HiGHS's own choice.

    Measured on the asset-level ``russian-halt-2009-q1`` winter, 90 days
    (``bench/energy_pypsa.py``): HiGHS's own choice everywhere, cooperative 36.8 s and
    national first 37.8 s; the primal simplex everywhere but the tie-break stage (with
    :data:`PRIMAL_TOL`, decision 59) 13.5 s and 27.0 s. With the deliverability rows lazy
    (decision 60) the first stage starts without them, and there the dual simplex took 0.25
    s where the primal took 1.0 s. The dual simplex on every warm stage took minutes on one
    leximin stage; the primal simplex on the tie-break stage, 1.3 to 6 times the dual's time.

    >>> simplex_strategy(True), simplex_strategy(False), simplex_strategy(False, cold=True)
    (1, 4, 1)
    """
    return DUAL if new_objective or cold else PRIMAL


_EMPTY_INT = np.zeros(0, dtype=np.int32)
_EMPTY_FLOAT = np.zeros(0)


def _add_rows(
    h: Any, rows: sparse.csr_array, lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64]
) -> None:
    """Append ``lower <= rows x <= upper`` to the HiGHS model ``h``."""
    rows = sparse.csr_array(rows)
    rows.sum_duplicates()
    h.addRows(rows.shape[0], np.asarray(lower, dtype=np.float64),
              np.asarray(upper, dtype=np.float64), rows.nnz, rows.indptr[:-1].astype(np.int32),
              rows.indices.astype(np.int32), rows.data.astype(np.float64))  # fmt: skip


@dataclass(frozen=True)
class Start:
    """A basis to start a solve from, taken from another model of the same program
    (:func:`guide`): its columns' statuses, its base rows' and its lazy rows' (by index)."""

    cols: list[Any]
    base: list[Any]
    lazy: dict[int, Any]


class _Model:
    """One HiGHS model kept across a :class:`Program`'s stages: its columns, ``A_eq`` and
    ``A_ub`` rows, then the program's fixed rows (in order), then any rows a stage adds for
    itself. Each solve starts from the basis the previous one left (a warm start): adding a
    row keeps the basis dual feasible and changing the costs keeps it primal feasible, so a
    stage usually takes a few simplex iterations where a fresh solve takes thousands."""

    def __init__(self, p: Program) -> None:
        # the core class: ``highspy.Highs`` prints a banner on stdout before any option is set
        h = highspy._core._Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        if p.tuned:
            h.setOptionValue("primal_feasibility_tolerance", PRIMAL_TOL)
            h.setOptionValue("simplex_dual_edge_weight_strategy", DEVEX)
        self.tuned = p.tuned
        n = p.n_vars
        h.addCols(n, np.zeros(n), p.bounds[:, 0].copy(), p.bounds[:, 1].copy(), 0, _EMPTY_INT,
                  _EMPTY_INT, _EMPTY_FLOAT)  # fmt: skip
        _add_rows(h, p.a_eq, p.b_eq, p.b_eq)
        self.base_rows = int(p.a_eq.shape[0])
        # the lazy rows, whether each is in the model, and the end of each one's run
        self.lazy: tuple[sparse.csr_array, npt.NDArray[np.float64]] | None = None
        self.lazy_in = np.zeros(0, dtype=bool)
        self.runs = np.zeros(0, dtype=np.int64)
        if p.a_ub is not None and p.b_ub is not None:
            lazy = p.lazy_rows if p.tuned else 0
            if lazy:
                self.lazy = (sparse.csr_array(p.a_ub[:lazy]), p.b_ub[:lazy])
                self.lazy_in = np.zeros(lazy, dtype=bool)
                self.runs = (np.arange(1, lazy + 1) if p.lazy_runs is None
                             else np.asarray(p.lazy_runs, dtype=np.int64))  # fmt: skip
            rest = p.a_ub[lazy:]
            if rest.shape[0]:
                _add_rows(h, rest, np.full(rest.shape[0], -np.inf), p.b_ub[lazy:])
                self.base_rows += int(rest.shape[0])
        self.h = h
        self.n = n
        # the tag of each row after the base rows: FIXED (a program's fixed row, in order),
        # STAGE (a stage's own) or a lazy row's index
        self.kinds: list[int] = []
        self.rows: list[tuple[sparse.csr_array, float]] = []
        self.bounds = p.bounds.copy()
        self.cost = np.zeros(n)
        self.x_last: npt.NDArray[np.float64] | None = None

    def sync(self, p: Program) -> None:
        """Bring the model's fixed rows and column bounds to the program's: rows are compared
        by identity (a row removed from ``fixed_rows`` is deleted here, with every row after
        it), bounds by value (callers write ``p.bounds`` directly)."""
        keep = 0
        limit = min(len(self.rows), len(p.fixed_rows))
        while (keep < limit and self.rows[keep][0] is p.fixed_rows[keep]
               and self.rows[keep][1] == p.fixed_rhs[keep]):  # fmt: skip
            keep += 1
        if keep < len(self.rows):
            fixed = [i for i, k in enumerate(self.kinds) if k == FIXED]
            self.delete_rows(fixed[keep:])
            del self.rows[keep:]
        if keep < len(p.fixed_rows):
            new, rhs = p.fixed_rows[keep:], p.fixed_rhs[keep:]
            _add_rows(self.h, sparse.vstack(new), np.full(len(new), -np.inf), np.asarray(rhs))
            self.rows += list(zip(new, rhs, strict=True))
            self.kinds += [FIXED] * len(new)
        changed = np.flatnonzero((p.bounds != self.bounds).any(axis=1))
        if changed.size:
            self.h.changeColsBounds(changed.size, changed.astype(np.int32),
                                    p.bounds[changed, 0].copy(), p.bounds[changed, 1].copy())  # fmt: skip
            self.bounds[changed] = p.bounds[changed]

    def add_stage_rows(self, rows: sparse.csr_array, upper: npt.NDArray[np.float64]) -> None:
        """Append a stage's own rows ``rows x <= upper``."""
        _add_rows(self.h, rows, np.full(rows.shape[0], -np.inf), upper)
        self.kinds += [STAGE] * rows.shape[0]

    def stage_rows(self) -> list[int]:
        """Where the stage's own rows are in the model, in the order added."""
        return [self.base_rows + i for i, k in enumerate(self.kinds) if k == STAGE]

    def delete_stage_rows(self) -> None:
        """Delete every stage row."""
        self.delete_rows([i for i, k in enumerate(self.kinds) if k == STAGE])

    def delete_rows(self, positions: list[int]) -> None:
        """Delete the rows at ``positions`` (counted from the first row after the base rows)."""
        if not positions:
            return
        idx = np.asarray(positions, dtype=np.int32) + self.base_rows
        self.h.deleteRows(idx.size, idx)
        gone = set(positions)
        self.kinds = [k for i, k in enumerate(self.kinds) if i not in gone]

    def add_violated(self, x: npt.NDArray[np.float64]) -> bool:
        """Add the lazy rows ``x`` violates, with the next days of their runs
        (:data:`LAZY_AHEAD`); whether ``x`` violated any."""
        if self.lazy is None:
            return False
        a, b = self.lazy
        bad = np.flatnonzero((a @ x[: self.n] > b + LAZY_TOL) & ~self.lazy_in)
        if not bad.size:
            return False
        # each violated row starts a range [j, end) of rows; mark them by a running sum
        ends = np.minimum(self.runs[bad], bad + LAZY_AHEAD)
        marks = np.zeros(b.size + 1, dtype=np.int64)
        np.add.at(marks, bad, 1)
        np.add.at(marks, ends, -1)
        bad = np.flatnonzero((np.cumsum(marks[:-1]) > 0) & ~self.lazy_in)
        _add_rows(self.h, a[bad], np.full(bad.size, -np.inf), b[bad])
        self.lazy_in[bad] = True
        self.kinds += bad.tolist()
        return True

    def purge(self, x: npt.NDArray[np.float64]) -> None:
        """Take out the lazy rows with more than :data:`PURGE_ROOM` of room at ``x``."""
        if self.lazy is None:
            return
        a, b = self.lazy
        room = b - a @ x[: self.n] > PURGE_ROOM
        pos = [i for i, k in enumerate(self.kinds) if k >= 0 and room[k]]
        if pos:
            self.lazy_in[[self.kinds[i] for i in pos]] = False
            self.delete_rows(pos)

    def start_of(self) -> Start:
        """The basis at hand, to start another model of the same program from."""
        b = self.h.getBasis()
        rows = list(b.row_status)
        lazy = {k: rows[self.base_rows + i] for i, k in enumerate(self.kinds) if k >= 0}
        return Start(list(b.col_status)[: self.n], rows[: self.base_rows], lazy)

    def adopt(self, start: Start) -> None:
        """Start the next solve from ``start``: the lazy rows it holds are added, every other
        row after the base rows starts with its slack basic (the basis stays square)."""
        if self.lazy is not None:
            want = np.zeros(self.lazy_in.size, dtype=bool)
            want[list(start.lazy)] = True
            new = np.flatnonzero(want & ~self.lazy_in)
            if new.size:
                a, b = self.lazy
                _add_rows(self.h, a[new], np.full(new.size, -np.inf), b[new])
                self.lazy_in[new] = True
                self.kinds += new.tolist()
        basis = highspy.HighsBasis()
        basis.col_status = list(start.cols)
        basic = highspy.HighsBasisStatus.kBasic
        basis.row_status = list(start.base) + [start.lazy.get(k, basic) if k >= 0 else basic
                                               for k in self.kinds]  # fmt: skip
        basis.valid = True
        if self.h.setBasis(basis) != highspy.HighsStatus.kOk:
            self.h.clearSolver()

    def _run(self, first: int) -> None:
        """Solve from the basis at hand by the simplex variant ``first``, retrying (below) if
        that ends without an optimum; :class:`ModelError` if no try finds one."""
        h = self.h
        start = h.getBasis()
        tries = (("simplex", "choose", first, "warm"),
                 ("simplex", "choose", CHOOSE, "again"), ("simplex", "choose", CHOOSE, "fresh"),
                 ("simplex", "off", CHOOSE, "fresh"), ("ipm", "choose", CHOOSE, "fresh"))  # fmt: skip
        status = highspy.HighsModelStatus.kNotset
        definite = {highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnbounded}
        for solver, presolve, strategy, begin in tries:
            if begin == "again":
                if not (self.tuned and start.valid):
                    continue
                h.setBasis(start)
            elif begin == "fresh":
                h.clearSolver()
            h.setOptionValue("simplex_strategy", strategy)
            h.setOptionValue("solver", solver)
            h.setOptionValue("presolve", presolve)
            h.run()
            got = h.getModelStatus()
            if got == highspy.HighsModelStatus.kOptimal or status not in definite:
                status = got
            if got == highspy.HighsModelStatus.kOptimal:
                break
        if status == highspy.HighsModelStatus.kInfeasible:
            raise ModelError(_INFEASIBLE)
        if status == highspy.HighsModelStatus.kUnbounded:
            raise ModelError(_UNBOUNDED)
        if status != highspy.HighsModelStatus.kOptimal:
            raise ModelError(_STOPPED, reason=h.modelStatusToString(status))

    def solve(
        self, c: npt.NDArray[np.float64], new_objective: bool = False, start: Start | None = None
    ) -> tuple[npt.NDArray[np.float64], float, Any]:
        """``min c·x`` over the model as it stands: the columns' values, the objective and
        HiGHS's solution (for the row duals); :class:`ModelError` if there is no optimum.
        ``new_objective``: ``c`` replaces the stages' objectives wholesale (see
        :func:`simplex_strategy`)."""
        h = self.h
        c = np.asarray(c, dtype=np.float64)
        # HiGHS's tolerances are absolute (dual feasibility 1e-7): the tie-break costs
        # (1e-5 and 1e-6 per mcm) sit a decade or two above them, and the dual simplex
        # wandered through thousands of near-zero reduced costs; the costs are solved as a
        # multiple of their largest, which changes no optimum, and the objective scaled back
        scale = (float(np.abs(c).max(initial=0.0)) or 1.0) if self.tuned else 1.0
        c = c / scale
        # only the costs that changed (a stage's objective touches few columns); columns
        # beyond the program's own (``t``) always
        changed = np.flatnonzero(c[: self.n] != self.cost)
        changed = np.concatenate([changed, np.arange(self.n, c.shape[0])]).astype(np.int32)
        if changed.size:
            h.changeColsCost(changed.size, changed, c[changed])
            self.cost = c[: self.n].copy()
        # Warm simplex from the basis at hand first (tuned: in the variant of
        # :func:`simplex_strategy`); if it does not end optimal (a basis made singular by
        # deleted rows, an "infeasible" from a warm start at the edge of the tolerances,
        # HiGHS's "unknown" on a badly scaled stage): when tuned, HiGHS's own choice from the
        # same starting basis (it found the optimum of a national-first stage where the primal
        # simplex reported none); then the fresh tries of the linprog route: simplex with
        # presolve, dual simplex without, interior point. A definite "infeasible" or
        # "unbounded" from any try is reported over a vaguer status.
        cold = self.x_last is None
        first = simplex_strategy(new_objective, cold) if self.tuned else CHOOSE
        if self.x_last is not None:
            self.purge(self.x_last)
        if start is not None:
            self.adopt(start)
            first = DUAL
        self._run(first)
        # Lazy rows (decision 60): added rows keep the basis dual feasible, so the dual
        # simplex goes on from it, until the solution keeps every lazy row; it then solves
        # the whole program, since the rows left out are kept too. The first solve of a
        # model leaves most storage sites drawn too hard and adds most lines at once; there
        # the basis is dropped and HiGHS presolves the model afresh (decision 66).
        fresh = FRESH_FIRST_ROUND and cold and start is None
        while self.add_violated(np.asarray(h.getSolution().col_value)):
            if fresh:
                h.clearSolver()
                fresh = False
            self._run(DUAL)
        solution = h.getSolution()
        self.x_last = np.asarray(solution.col_value)
        objective = float(h.getInfo().objective_function_value) * scale
        return np.asarray(solution.col_value), objective, solution


@dataclass
class Program:
    """An LP's fixed part and the rows that stages add to it.

    With :data:`ENGINE` ``"highspy"`` (the default) the program keeps one HiGHS model, built
    at its first solve, and brings it up to date before each solve: rows appended to or
    removed from ``fixed_rows``, bounds written in ``bounds``. ``a_eq``, ``b_eq``, ``a_ub``
    and ``b_ub`` are read once: replace them and start a new program.
    """

    a_eq: sparse.csr_array
    b_eq: npt.NDArray[np.float64]
    a_ub: sparse.csr_array | None
    b_ub: npt.NDArray[np.float64] | None
    bounds: npt.NDArray[np.float64]
    fixed_rows: list[sparse.csr_array] = field(default_factory=list)
    fixed_rhs: list[float] = field(default_factory=list)
    solves: int = 0
    #: A ``linprog`` method (``"highs-ipm"``) to solve every stage afresh with, whatever
    #: :data:`ENGINE` says: for a program whose stages change it too much for a warm start to
    #: pay (a storage-heavy country alone, where simplex from a warm basis took 5x the time
    #: of a fresh interior point).
    fresh_method: str | None = None
    #: Solve the warm stages as :func:`simplex_strategy` says, with the costs scaled to a
    #: largest of 1 and :data:`PRIMAL_TOL`; ``False``: HiGHS's own choice of simplex and its
    #: default tolerance, for the rolling operation's segments, whose held rows leave
    #: feasible sets as thin as the tolerances (a stage that fails there falls back to the
    #: mode alone, which changes the stocks carried into the next segment: decision 59).
    tuned: bool = True
    #: The first ``lazy_rows`` rows of ``a_ub`` (the storage deliverability) enter the kept
    #: HiGHS model only once a solution violates them, and leave it when they have room again
    #: (tuned programs only; decision 60). Every solution keeps them all.
    lazy_rows: int = 0
    #: For each lazy row, the end (exclusive) of its run, the rows that go with it on the
    #: next days (:data:`LAZY_AHEAD`); ``None``: each row alone.
    lazy_runs: npt.NDArray[np.int64] | None = None
    _model: _Model | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def n_vars(self) -> int:
        """Columns."""
        return int(self.bounds.shape[0])

    def fix(self, row: sparse.csr_array, upper: float) -> None:
        """Keep ``row · x <= upper`` in every later stage."""
        self.fixed_rows.append(sparse.csr_array(row))
        self.fixed_rhs.append(upper)

    def zero(self, row: sparse.csr_array) -> None:
        """Hold every column of ``row`` at zero (a shortfall decided to be none)."""
        self.bounds[sparse.csr_array(row).indices, 1] = 0.0

    def hold(self, row: sparse.csr_array, least: float) -> None:
        """Keep ``row · x``, a sum of shortfalls decided to be ``least`` (mcm), there in every
        later stage: every column of ``row`` at zero where it is none (``<=`` :data:`NONE`),
        else ``row · x <=`` :func:`held` ``(least)``."""
        if least <= NONE:
            self.zero(row)
        else:
            self.fix(row, held(least))

    def _synced(self) -> _Model:
        if self._model is None:
            self._model = _Model(self)
        self._model.sync(self)
        return self._model

    def _ub(
        self, extra: list[sparse.csr_array], extra_rhs: list[float], extra_cols: int
    ) -> tuple[sparse.csr_array | None, npt.NDArray[np.float64] | None]:
        blocks: list[sparse.csr_array] = []
        rhs: list[npt.NDArray[np.float64]] = []
        if self.a_ub is not None and self.b_ub is not None:
            blocks.append(self.a_ub)
            rhs.append(self.b_ub)
        if self.fixed_rows:
            blocks.append(sparse.vstack(self.fixed_rows))
            rhs.append(np.asarray(self.fixed_rhs))
        if extra_cols:
            blocks = [sparse.hstack([b, sparse.csr_array((b.shape[0], extra_cols))])
                      for b in blocks]  # fmt: skip
        if extra:
            blocks.append(sparse.vstack(extra))
            rhs.append(np.asarray(extra_rhs))
        if not blocks:
            return None, None
        return sparse.csr_array(sparse.vstack(blocks)), np.concatenate(rhs)

    def minimise(
        self, c: npt.NDArray[np.float64], new_objective: bool = False, start: Start | None = None
    ) -> tuple[npt.NDArray[np.float64], float]:
        """``min c·x`` under the program and every fixed row; ``new_objective`` when ``c``
        shares nothing with the earlier stages' objectives (the tie-break costs), which
        picks the dual simplex (:func:`simplex_strategy`)."""
        self.solves += 1
        if ENGINE == "linprog" or self.fresh_method is not None:
            a_ub, b_ub = self._ub([], [], 0)
            res = _linprog(c, self.a_eq, self.b_eq, a_ub, b_ub, self.bounds,
                           self.fresh_method or STAGE_METHOD)  # fmt: skip
            return np.asarray(res.x), float(res.fun)
        x, fun, _ = self._synced().solve(np.asarray(c, dtype=np.float64), new_objective, start)
        return x, fun

    def minimise_worst(
        self, shares: list[Share]
    ) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
        """``min t`` such that every share ``<= t``: the solution, ``t`` and each share row's
        dual value (>= 0; positive means the share is at ``t`` in every optimum)."""
        n = self.n_vars
        self.solves += 1
        if ENGINE == "linprog":
            return self._minimise_worst_linprog(shares)
        model = self._synced()
        h = model.h
        # (row x + offset) / d <= t  <=>  row x / d - t <= -offset / d, with t a column of
        # its own and the share rows after the fixed ones; both go once the stage is solved
        d = np.array([s.denominator for s in shares])
        rows = sparse.diags_array(1.0 / d) @ sparse.vstack([s.row for s in shares])
        rows = sparse.hstack([rows, sparse.csr_array(-np.ones((len(shares), 1)))])
        h.addCol(0.0, 0.0, np.inf, 0, _EMPTY_INT, _EMPTY_FLOAT)
        try:
            model.add_stage_rows(sparse.csr_array(rows), -np.array([s.offset for s in shares]) / d)
            c = np.zeros(n + 1)
            c[n] = 1.0
            x, level, solution = model.solve(c)
            # HiGHS's row dual is d(objective)/d(upper bound): <= 0 on a binding "<=" row
            duals = -np.asarray(solution.row_dual)[model.stage_rows()]
        finally:
            model.delete_stage_rows()
            h.deleteCols(1, np.array([n], dtype=np.int32))
        return x[:n], float(x[n]), duals

    def _minimise_worst_linprog(
        self, shares: list[Share]
    ) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
        n = self.n_vars
        base_rows = 0 if self.a_ub is None else self.a_ub.shape[0]
        base_rows += len(self.fixed_rows)
        extra, extra_rhs = [], []
        for s in shares:
            extra.append(sparse.hstack([s.row / s.denominator, sparse.csr_array([[-1.0]])]))
            extra_rhs.append(-s.offset / s.denominator)
        a_ub, b_ub = self._ub(extra, extra_rhs, 1)
        a_eq = sparse.csr_array(
            sparse.hstack([self.a_eq, sparse.csr_array((self.a_eq.shape[0], 1))])
        )
        c = np.zeros(n + 1)
        c[n] = 1.0
        bounds = np.vstack([self.bounds, [0.0, np.inf]])
        res = _linprog(c, a_eq, self.b_eq, a_ub, b_ub, bounds, STAGE_METHOD)
        duals = -np.asarray(res.ineqlin.marginals)[base_rows:]
        return np.asarray(res.x)[:n], float(res.x[n]), duals

    def can_go_below(self, shares: list[Share], level: float, k: int) -> bool:
        """Whether share ``k`` can go below ``level`` while every share stays ``<= level``."""
        for s in shares:
            self.fix(s.row, held(level * s.denominator - s.offset))
        try:
            x, _ = self.minimise(np.asarray(shares[k].row.todense()).ravel())
        finally:
            del self.fixed_rows[-len(shares) :], self.fixed_rhs[-len(shares) :]
        return shares[k].value(x) < level - 1e-7


def leximin(program: Program, shares: list[Share]) -> list[float]:
    """Fix the lexicographic max-min (leximin) optimum of ``shares`` in ``program``, after the
    least total of their numerators; the shares, in the order given.

    Stage 1 minimises the sum of the numerators (the group's total shortfall, mcm) and keeps
    it; then the progressive filling of the module docstring. Each decided share becomes a
    row of ``program``, so later stages keep it.
    """
    if not shares:
        return []
    total = sparse.csr_array(sparse.vstack([s.row for s in shares]).sum(axis=0).reshape(1, -1))
    x, _ = program.minimise(np.asarray(total.todense()).ravel())
    best = float((total @ x)[0])
    values = [s.offset / s.denominator for s in shares]
    # none short: the columns of every share's row are those of the total's
    program.hold(total, best)
    if best <= NONE:
        return values
    free = list(range(len(shares)))
    while free:
        group = [shares[k] for k in free]
        x, level, duals = program.minimise_worst(group)
        if level <= 1e-9 + max(s.offset / s.denominator for s in group):
            # nobody left has a shortfall beyond the fixed part: all at their floor
            floor = [k for k in free if shares[k].offset / shares[k].denominator >= level - 1e-9]
            if len(floor) == len(free):
                for k in free:
                    program.zero(shares[k].row)
                break
        blocked = [k for k, d in zip(free, duals, strict=True) if d > DUAL_TOL]
        if not blocked:
            # degenerate duals: ask each share at the level whether it can go lower
            at_level = [j for j, s in enumerate(group) if s.value(x) >= level - 1e-7]
            blocked = [free[j] for j in at_level if not program.can_go_below(group, level, j)]
        if not blocked:  # pragma: no cover - the level is the optimum: someone is at it
            raise ModelError(N_("the solver stopped without an answer ({reason})"),
                             reason="progressive filling made no progress")  # fmt: skip
        for k in blocked:
            s = shares[k]
            values[k] = level
            # the solution at hand stays feasible: it witnesses every row fixed so far
            program.fix(s.row, held(max(float((s.row @ x)[0]), level * s.denominator - s.offset)))
        free = [k for k in free if k not in blocked]
    return values


def solve_lp(
    program: Program,
    c: npt.NDArray[np.float64],
    new_objective: bool = False,
    start: Start | None = None,
) -> npt.NDArray[np.float64]:
    """The last stage: ``min c·x`` with everything decided so far held (``new_objective``: as
    in :meth:`Program.minimise`; ``start``: a basis to start from, :func:`guide`)."""
    x, _ = program.minimise(c, new_objective, start)
    return x


def guide(own: Program, c: npt.NDArray[np.float64]) -> Start | None:
    """The optimal basis of ``min c·x`` over ``own``, a program no other thread touches: a
    start for a later stage of another program with the same rows and costs close to ``c``
    (``None`` when HiGHS finds no optimum: that stage then starts from its own basis)."""
    try:
        own.minimise(c)
    except ModelError:
        return None
    assert own._model is not None
    return own._model.start_of()

"""Linear programs solved with HiGHS, and lexicographic max-min fairness over them.

A :class:`Program` holds ``A_eq x = b_eq``, ``A_ub x <= b_ub`` and bounds; stages add rows to
it (:meth:`Program.fix`), so that what an earlier stage decided cannot move in a later one.
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

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

from bucarest.core.errors import N_, ModelError

__all__ = ["Program", "Share", "held", "leximin", "run_highs", "solve_lp"]

#: Dual value above which a share's constraint counts as binding (shares are 0..1).
DUAL_TOL = 1e-7
#: HiGHS's interior point (with crossover to a vertex) for the stages: on the 90-day
#: ``russian-halt-2009-q1`` it solves the sequence in about 0.6 of dual simplex's time.
STAGE_METHOD = "highs-ipm"
#: Slack allowed when a decided quantity (mcm) becomes a constraint: absolute and relative.
#: Any slack lets a later stage move that much shortfall between countries, so it is kept
#: just above HiGHS's own accuracy.
FIX_ABS, FIX_REL = 1e-8, 1e-10


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


@dataclass
class Program:
    """An LP's fixed part and the rows that stages add to it."""

    a_eq: sparse.csr_array
    b_eq: npt.NDArray[np.float64]
    a_ub: sparse.csr_array | None
    b_ub: npt.NDArray[np.float64] | None
    bounds: npt.NDArray[np.float64]
    fixed_rows: list[sparse.csr_array] = field(default_factory=list)
    fixed_rhs: list[float] = field(default_factory=list)
    solves: int = 0

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

    def minimise(self, c: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
        """``min c·x`` under the program and every fixed row."""
        a_ub, b_ub = self._ub([], [], 0)
        self.solves += 1
        res = _linprog(c, self.a_eq, self.b_eq, a_ub, b_ub, self.bounds, STAGE_METHOD)
        return np.asarray(res.x), float(res.fun)

    def minimise_worst(
        self, shares: list[Share]
    ) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
        """``min t`` such that every share ``<= t``: the solution, ``t`` and each share row's
        dual value (>= 0; positive means the share is at ``t`` in every optimum)."""
        n = self.n_vars
        base_rows = 0 if self.a_ub is None else self.a_ub.shape[0]
        base_rows += len(self.fixed_rows)
        extra, extra_rhs = [], []
        for s in shares:
            # (row x + offset) / d <= t  <=>  row x / d - t <= -offset / d
            extra.append(sparse.hstack([s.row / s.denominator, sparse.csr_array([[-1.0]])]))
            extra_rhs.append(-s.offset / s.denominator)
        a_ub, b_ub = self._ub(extra, extra_rhs, 1)
        a_eq = sparse.csr_array(
            sparse.hstack([self.a_eq, sparse.csr_array((self.a_eq.shape[0], 1))])
        )
        c = np.zeros(n + 1)
        c[n] = 1.0
        bounds = np.vstack([self.bounds, [0.0, np.inf]])
        self.solves += 1
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
    if best <= 1e-7:
        for s in shares:
            program.zero(s.row)
        return values
    program.fix(total, held(best))
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


def solve_lp(program: Program, c: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The last stage: ``min c·x`` with everything decided so far held."""
    x, _ = program.minimise(c)
    return x

"""The persistent HiGHS model behind :class:`~bucarest.energy.domain.lp.Program`: the same
answers as a fresh ``linprog`` solve of every stage, whatever the stages add and take away."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from scipy import sparse

from bucarest.core.errors import ModelError
from bucarest.energy.domain import lp
from bucarest.energy.domain.lp import Program, Share, leximin


@pytest.fixture(params=["highspy", "linprog"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(lp, "ENGINE", request.param)
    yield request.param


def row(n: int, *cols: int) -> sparse.csr_array:
    out = np.zeros((1, n))
    out[0, list(cols)] = 1.0
    return sparse.csr_array(out)


def three_countries() -> tuple[Program, list[Share]]:
    """Supply 6 shared by A (demand 2), B (4) and C (6): columns are A's, B's and C's
    shortfalls, ``a + b + c = 12 - 6``; C can take at most 3 of the supply (``c >= 3``)."""
    a_eq = sparse.csr_array(np.array([[1.0, 1.0, 1.0]]))
    bounds = np.array([[0.0, 2.0], [0.0, 4.0], [3.0, 6.0]])
    p = Program(a_eq, np.array([6.0]), None, None, bounds)
    return p, [Share(row(3, 0), 2.0), Share(row(3, 1), 4.0), Share(row(3, 2), 6.0)]


def test_share_rows_duals_are_positive_where_binding(engine: str) -> None:
    """min t: the shares of A and B (1/2) bind, C's (1/2) too: all three at t = 1/2, and
    every binding row's dual is >= 0 with the duals summing to 1 (d t / d t)."""
    p, shares = three_countries()
    x, t, duals = p.minimise_worst(shares)
    assert t == pytest.approx(0.5)
    assert (duals >= -1e-9).all()
    assert duals.sum() == pytest.approx(1.0)
    assert p.solves == 1


def test_a_slack_share_row_has_no_dual(engine: str) -> None:
    """With C at least 5 short (5/6), min t is C's alone: A's and B's rows are slack."""
    p, shares = three_countries()
    p.bounds[2, 0] = 5.0
    _, t, duals = p.minimise_worst(shares)
    assert t == pytest.approx(5 / 6)
    assert duals[0] == pytest.approx(0.0, abs=1e-9)
    assert duals[1] == pytest.approx(0.0, abs=1e-9)
    assert duals[2] == pytest.approx(1.0)


def test_leximin_fills_past_the_blocked_share(engine: str) -> None:
    """C is held at 5/6 by its bound; A and B share the remaining 1 mcm of shortfall:
    a / 2 = b / 4, a + b = 1, so 1/6 each."""
    p, shares = three_countries()
    p.bounds[2, 0] = 5.0
    got = leximin(p, shares)
    assert got == pytest.approx([1 / 6, 1 / 6, 5 / 6], abs=1e-7)


def test_the_model_follows_rows_taken_away_and_bounds_written(engine: str) -> None:
    """Stages after a temporary row, a worst-share stage and a bound written from outside
    solve as a fresh program would."""
    p, shares = three_countries()
    cost = np.array([1.0, 2.0, 3.0])
    x, _ = p.minimise(cost)  # all the shortfall that can go to A does: a = 2, b = 1, c = 3
    assert x == pytest.approx([2.0, 1.0, 3.0])
    p.fix(row(3, 0), 1.0)
    x, _ = p.minimise(cost)
    assert x == pytest.approx([1.0, 2.0, 3.0])
    del p.fixed_rows[-1], p.fixed_rhs[-1]
    p.minimise_worst(shares)
    p.bounds[0, 1] = 0.5
    x, fun = p.minimise(cost)
    assert x == pytest.approx([0.5, 2.5, 3.0])
    assert fun == pytest.approx(0.5 + 5.0 + 9.0)
    fresh = Program(p.a_eq, p.b_eq, None, None, p.bounds.copy())
    assert fresh.minimise(cost)[0] == pytest.approx(x)
    assert p.solves == 4


def test_can_go_below_leaves_no_row_behind(engine: str) -> None:
    p, shares = three_countries()
    assert p.can_go_below(shares, 0.5, 0) is False  # everyone at 1/2 is the only way
    assert p.can_go_below(shares, 0.6, 0) is True
    assert p.fixed_rows == []
    # the temporary caps are gone: A can take all of its demand as shortfall again
    x, _ = p.minimise(np.array([-1.0, 0.0, 0.0]))
    assert x[0] == pytest.approx(2.0)


def test_an_infeasible_stage_is_a_model_error(engine: str) -> None:
    p, _ = three_countries()
    p.minimise(np.zeros(3))
    p.fix(row(3, 0, 1, 2), 5.0)  # the shortfalls add up to 6
    with pytest.raises(ModelError, match="infeasible"):
        p.minimise(np.zeros(3))


def test_an_unbounded_stage_is_a_model_error(engine: str) -> None:
    a_eq = sparse.csr_array(np.array([[1.0, -1.0]]))
    p = Program(a_eq, np.array([0.0]), None, None, np.array([[0.0, np.inf], [0.0, np.inf]]))
    with pytest.raises(ModelError, match="unbounded"):
        p.minimise(np.array([-1.0, 0.0]))


def test_a_random_sequence_matches_the_linprog_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """The leximin of random shares over a random transport-like LP: same shares both ways."""
    got = {}
    for engine in ("highspy", "linprog"):
        monkeypatch.setattr(lp, "ENGINE", engine)
        n_shares, n_src = 6, 3
        # flows from each source to each share's sink, and each sink's shortfall column
        n = n_src * n_shares + n_shares
        rows_ub = []
        for s in range(n_src):
            r = np.zeros(n)
            r[s * n_shares : (s + 1) * n_shares] = 1.0
            rows_ub.append(r)
        a_ub = sparse.csr_array(np.array(rows_ub))
        r2 = np.random.default_rng(13)
        supply = r2.uniform(1.0, 3.0, n_src)
        demand = r2.uniform(1.0, 4.0, n_shares)
        caps = r2.uniform(0.0, 1.5, (n_src, n_shares))
        a_eq = np.zeros((n_shares, n))
        for k in range(n_shares):
            a_eq[k, [s * n_shares + k for s in range(n_src)]] = 1.0
            a_eq[k, n_src * n_shares + k] = 1.0
        bounds = np.column_stack([np.zeros(n), np.concatenate([caps.ravel(), demand])])
        p = Program(sparse.csr_array(a_eq), demand, a_ub, supply, bounds)
        shares = [Share(row(n, n_src * n_shares + k), float(demand[k])) for k in range(n_shares)]
        got[engine] = leximin(p, shares)
        last, _ = p.minimise(np.ones(n))
        got[engine + " flows"] = [float(last[: n_src * n_shares].sum())]
    assert got["highspy"] == pytest.approx(got["linprog"], abs=1e-7)
    assert got["highspy flows"] == pytest.approx(got["linprog flows"], abs=1e-6)


def storage_program(lazy: bool) -> tuple[Program, list[Share]]:
    """Two countries, 6 days, each with its own storage (stock 10, 4 mcm/d at most) and a
    deliverability line ``w_t <= 0.5 e_{t-1}`` (the lazy rows); demand 3 mcm/d each, and a
    pipe from A to B of 1 mcm/d. Columns per day: w_A, w_B, e_A, e_B, pipe, u_A, u_B."""
    days, per = 6, 7
    n = days * per

    def col(t: int, k: int) -> int:
        return t * per + k

    eq, b_eq = [], []
    for t in range(days):
        for site in (0, 1):  # e_t - e_{t-1} + w_t = 0 (e_{-1} = 10)
            r = np.zeros(n)
            r[col(t, 2 + site)], r[col(t, site)] = 1.0, 1.0
            if t:
                r[col(t - 1, 2 + site)] = -1.0
            eq.append(r)
            b_eq.append(0.0 if t else 10.0)
        for site, sign in ((0, -1.0), (1, 1.0)):  # w + pipe in/out + u = 3
            r = np.zeros(n)
            r[col(t, site)], r[col(t, 4)], r[col(t, 5 + site)] = 1.0, sign, 1.0
            eq.append(r)
            b_eq.append(3.0)
    ub, b_ub = [], []
    for site in (0, 1):
        for t in range(days):
            r = np.zeros(n)
            r[col(t, site)] = 1.0
            if t:
                r[col(t - 1, 2 + site)] = -0.5
            ub.append(r)
            b_ub.append(0.0 if t else 5.0)
    runs = np.repeat([days, 2 * days], days)
    bounds = np.zeros((n, 2))
    for t in range(days):
        bounds[[col(t, 0), col(t, 1)], 1] = 4.0
        bounds[[col(t, 2), col(t, 3)], 1] = 10.0
        bounds[col(t, 4), 1] = 1.0
        bounds[[col(t, 5), col(t, 6)], 1] = 3.0
    p = Program(sparse.csr_array(np.array(eq)), np.array(b_eq), sparse.csr_array(np.array(ub)),
                np.array(b_ub), bounds, lazy_rows=2 * days if lazy else 0,
                lazy_runs=runs if lazy else None)  # fmt: skip
    shares = [Share(row(n, *[col(t, 5 + k) for t in range(days)]), 18.0) for k in (0, 1)]
    return p, shares


@pytest.mark.parametrize("fresh", [True, False])
def test_lazy_rows_give_the_answer_of_every_row_held(
    fresh: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deliverability rows held from the start, or added once violated and taken out
    once slack, the first solve's first round solved afresh or from its basis (decision
    66): the same leximin, the same last solution, every row kept by it."""
    monkeypatch.setattr(lp, "FRESH_FIRST_ROUND", fresh)
    got = {}
    for lazy in (False, True):
        p, shares = storage_program(lazy)
        got[lazy] = leximin(p, shares)
        x, _ = p.minimise(np.ones(p.n_vars))
        assert p.a_ub is not None and p.b_ub is not None
        assert (p.a_ub @ x <= p.b_ub + 1e-9).all()
        got[(lazy, "x")] = x
    assert got[True] == pytest.approx(got[False], abs=1e-9)
    # both countries run short once their storage slows down: not a trivial case
    assert min(got[True]) > 0.1
    assert got[(True, "x")] == pytest.approx(got[(False, "x")], abs=1e-7)


def test_the_model_holds_only_the_lazy_rows_that_bind() -> None:
    p, shares = storage_program(lazy=True)
    leximin(p, shares)
    p.minimise(np.ones(p.n_vars))
    model = p._model
    assert model is not None and model.x_last is not None
    assert p.a_ub is not None and p.b_ub is not None
    assert 0 < model.lazy_in.sum() < p.lazy_rows  # some rows were needed, not all
    model.purge(model.x_last)
    held_rows = [k for k in model.kinds if k >= 0]
    assert held_rows and sorted(held_rows) == np.flatnonzero(model.lazy_in).tolist()
    room = p.b_ub[held_rows] - p.a_ub[held_rows] @ model.x_last
    assert (room <= lp.PURGE_ROOM).all()
    assert model.h.getNumRow() == model.base_rows + len(model.kinds)


def test_a_start_from_another_model_reaches_the_same_optimum() -> None:
    """The last stage started from the basis of another model of the same rows (less the
    lazy ones, as the tie-break stage's guide): the same optimum as from its own basis."""
    got = {}
    for use_start in (False, True):
        p, shares = storage_program(lazy=True)
        assert p.a_ub is not None and p.b_ub is not None
        own = Program(p.a_eq, p.b_eq, p.a_ub[p.lazy_rows :], p.b_ub[p.lazy_rows :],
                      p.bounds.copy())  # fmt: skip
        c = np.linspace(1.0, 2.0, p.n_vars)
        start = lp.guide(own, c) if use_start else None
        assert (start is not None) == use_start
        leximin(p, shares)
        x = lp.solve_lp(p, c, new_objective=True, start=start)
        assert (p.a_ub @ x <= p.b_ub + 1e-9).all()
        got[use_start] = float(c @ x)
    assert got[True] == pytest.approx(got[False], abs=1e-9)

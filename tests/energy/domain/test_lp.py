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

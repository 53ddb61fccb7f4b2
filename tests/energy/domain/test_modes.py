"""The sharing modes decide who is short: no tie-break cost, no order of the variables moves a
country's unserved demand, and the cooperative shares match an independent computation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linprog

from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.network import Network, Node, Pipeline
from bucarest.energy.domain.scenario import Foresight, Mode, Scenario
from bucarest.energy.domain.solve import (
    LinearModel,
    Result,
    assign_solution,
    create_model,
    least_total,
    solve,
    solve_model,
)

TOL = 1e-6  # mcm
#: The modes are properties of one program over the whole scenario: they are tested under
#: perfect foresight (tests/energy/domain/test_rolling.py tests the rolling operation).
PERFECT = Foresight.PERFECT


def unserved(r: Result) -> dict[str, tuple[float, float]]:
    """Per country: (protected, non-protected) unserved over the scenario, mcm."""
    return {o.code: (o.protected_unserved_mcm, o.non_protected_unserved_mcm) for o in r.outcomes()}


def perturbed(net: Network, s: Scenario, mode: Mode, seed: int, permute: bool) -> Result:
    """Solve with random positive tie-break costs and, if asked, every component list (and so
    every block of variables and row of constraints) in a random order."""
    rng = np.random.default_rng(seed)
    if permute:

        def shuffled(items: tuple) -> tuple:  # type: ignore[type-arg]
            return tuple(items[k] for k in rng.permutation(len(items)))

        net = replace(net, nodes=shuffled(net.nodes), pipelines=shuffled(net.pipelines),
                      storage=shuffled(net.storage), lng=shuffled(net.lng))  # fmt: skip
    m = create_model(net, s)
    for block in ("f", "w", "i"):
        cols = slice(m.offsets[block], m.offsets[block] + m.sizes[block] * m.days)
        m.cost[cols] = rng.uniform(1e-7, 1e-4, m.sizes[block] * m.days)
    return assign_solution(m, solve_model(m, mode), mode)


def assert_same(a: Result, b: Result) -> None:
    ua, ub = unserved(a), unserved(b)
    assert ua.keys() == ub.keys()
    for code, (p, n) in ua.items():
        assert ub[code][0] == pytest.approx(p, abs=TOL), (code, "protected")
        assert ub[code][1] == pytest.approx(n, abs=TOL), (code, "non-protected")


def case(scenario_id: str) -> tuple[Network, Scenario]:
    s = load_scenarios()[scenario_id]
    return load_dataset(s.dataset), s


@pytest.mark.parametrize("mode", list(Mode))
def test_jan_2009_answer_does_not_depend_on_tie_breaks_or_order(mode: Mode) -> None:
    net, s = case("jan-2009")
    base = solve(net, s, mode, PERFECT)
    assert base.total_unserved_mcm > 0
    for seed, permute in ((1, False), (2, True), (3, True)):
        assert_same(base, perturbed(net, s, mode, seed, permute))


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", ["russian-halt-2009-q1", "full-russian-halt"])
@pytest.mark.parametrize("mode", list(Mode))
def test_long_halts_do_not_depend_on_tie_breaks_or_order(scenario_id: str, mode: Mode) -> None:
    net, s = case(scenario_id)
    assert_same(solve(net, s, mode, PERFECT), perturbed(net, s, mode, 7, True))


# --- an independent computation of the cooperative shares ---------------------------------


def star() -> tuple[Network, Scenario]:
    """A supplier (12 mcm/d) feeds A (pipeline 12 mcm/d); A feeds B (5) and C (2).

    Demand: A 4 protected + 4 not, B 2 + 6, C 3 + 1 (one day). Worked by hand: C's pipeline
    (2) cannot carry its protected 3, so C's protected share is 1/3 and A and B are served;
    4 mcm are left for non-protected demand: C gets none (its pipe is full), A and B share
    equally, 0.6 each (A 1.6 of 4, B 2.4 of 6; B's pipe carries 2 + 2.4 <= 5).
    National first: A (one step from the supplier) takes its 8; B and C share what is left
    (4): C's pipe caps it at 2, so protected shares B 0, C 1/3, and no non-protected gas.
    """
    nodes = (
        Node("SUP", "supplier", 0, 0, 0, 0, 12, "t"),
        Node("AAA", "country", 8, 8, 0.5, 0, None, "t"),
        Node("BBB", "country", 8, 8, 0.25, 0, None, "t"),
        Node("CCC", "country", 4, 4, 0.75, 0, None, "t"),
    )
    pipes = (
        Pipeline("SUP-AAA", "SUP", "AAA", 12, 0, "", "t"),
        Pipeline("AAA-BBB", "AAA", "BBB", 5, 0, "", "t"),
        Pipeline("AAA-CCC", "AAA", "CCC", 2, 0, "", "t"),
    )
    net = Network("star", "s", "s", date(2009, 1, 1), date(2009, 1, 31), {}, 0.0, nodes, pipes,
                  (), ())  # fmt: skip
    day = date(2009, 1, 1)
    return net, Scenario("one-day", "d", "d", "star", day, day, Mode.COOPERATIVE)


def shares(r: Result) -> dict[str, tuple[float, float]]:
    return {o.code: (o.protected_unserved_share, o.non_protected_not_served_share)
            for o in r.outcomes()}  # fmt: skip


def test_the_star_worked_by_hand() -> None:
    net, s = star()
    coop, national = (
        shares(solve(net, s, Mode.COOPERATIVE, PERFECT)),
        shares(solve(net, s, Mode.NATIONAL, PERFECT)),
    )
    expected_coop = {"AAA": (0.0, 0.6), "BBB": (0.0, 0.6), "CCC": (1 / 3, 1.0)}
    expected_national = {"AAA": (0.0, 0.0), "BBB": (0.0, 1.0), "CCC": (1 / 3, 1.0)}
    for got, want in ((coop, expected_coop), (national, expected_national)):
        for code, pair in want.items():
            assert got[code] == pytest.approx(pair, abs=1e-7), code


def test_the_filling_without_dual_values_asks_each_country(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no dual value trusted, every level is settled by asking each country at it whether
    it can go lower: the same answer."""
    from bucarest.energy.domain import lp

    net, s = star()
    expected = shares(solve(net, s, Mode.COOPERATIVE, PERFECT))
    asked = []
    original = lp.Program.can_go_below

    def counted(self: lp.Program, group: list[lp.Share], level: float, k: int) -> bool:
        asked.append(k)
        return original(self, group, level, k)

    monkeypatch.setattr(lp, "DUAL_TOL", float("inf"))
    monkeypatch.setattr(lp.Program, "can_go_below", counted)
    got = shares(solve(net, s, Mode.COOPERATIVE, PERFECT))
    assert asked
    for code, pair in expected.items():
        assert got[code] == pytest.approx(pair, abs=1e-7), code


def filling(m: LinearModel) -> dict[str, tuple[float, float]]:
    """Leximin by the textbook loop, with no dual values: minimise the worst share ``t`` of
    the free countries; for each free country at ``t``, minimise its own shortfall with every
    free country capped at ``t``; those that cannot go lower are fixed at ``t``. Protected
    shares first, then non-protected (curtailment counted), each after its least total."""
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    n = m.n_vars
    rows: list[np.ndarray] = [] if a_ub is None else list(a_ub.toarray())
    rhs: list[float] = [] if b_ub is None else list(b_ub)
    bounds = np.column_stack([m.lower, m.upper])
    countries = [k for k, node in enumerate(m.network.nodes) if node.kind == "country"]

    def lp(c: np.ndarray, extra: list[tuple[np.ndarray, float]] = ()) -> np.ndarray:  # type: ignore[assignment]
        a = np.array(rows + [r for r, _ in extra]) if rows or extra else None
        b = np.array(rhs + [v for _, v in extra]) if rows or extra else None
        res = linprog(c, A_ub=None if a is None else sparse.csr_array(a), b_ub=b, A_eq=a_eq,
                      b_eq=b_eq, bounds=bounds, method="highs-ds")  # fmt: skip
        assert res.status == 0, res.message
        return np.asarray(res.x)

    out: dict[str, list[float]] = {m.network.nodes[k].id: [0.0, 0.0] for k in countries}
    for stage, (block, demand, fixed) in enumerate(
        (("u", m.protected, np.zeros_like(m.curtailed)), ("v", m.non_protected, m.curtailed))
    ):
        sums = {}
        for k in countries:
            r = np.zeros(n)
            r[m.var(block, k, np.arange(m.days))] = 1.0
            if demand[k].sum() > 0:
                sums[k] = (r, float(demand[k].sum()), float(fixed[k].sum()))
        total = np.sum([r for r, _, _ in sums.values()], axis=0)
        best = float(total @ lp(total))
        rows.append(total)
        rhs.append(best + 1e-7)
        free = set(sums)
        while free:
            # min t over (x, t): share_k <= t for free k
            cols = n + 1
            bounds_t = np.vstack([bounds, [0, np.inf]])
            a = [np.concatenate([r, [0.0]]) for r in rows]
            b = list(rhs)
            for k in sorted(free):
                r, d, off = sums[k]
                a.append(np.concatenate([r / d, [-1.0]]))
                b.append(-off / d)
            c = np.zeros(cols)
            c[-1] = 1.0
            eq = sparse.hstack([a_eq, sparse.csr_array((a_eq.shape[0], 1))])
            res = linprog(c, A_ub=np.array(a), b_ub=np.array(b), A_eq=eq, b_eq=b_eq,
                          bounds=bounds_t, method="highs-ds")  # fmt: skip
            assert res.status == 0
            t = float(res.x[-1])
            caps = [(sums[k][0], t * sums[k][1] - sums[k][2] + 1e-9) for k in sorted(free)]
            blocked = []
            for k in sorted(free):
                r, d, off = sums[k]
                if (r @ res.x[:n] + off) / d < t - 1e-7:
                    continue  # below t already: not blocked
                x = lp(r, caps)
                if (r @ x + off) / d >= t - 1e-7:
                    blocked.append(k)
            assert blocked
            for k in blocked:
                r, d, off = sums[k]
                rows.append(r)
                rhs.append(t * d - off + 1e-9)
                out[m.network.nodes[k].id][stage] = t
                free.discard(k)
    return {code: (p, q) for code, (p, q) in out.items()}


def test_filling_by_hand_on_the_star() -> None:
    net, s = star()
    got = filling(create_model(net, s))
    assert got["CCC"] == pytest.approx((1 / 3, 1.0), abs=1e-7)
    assert got["AAA"] == pytest.approx((0.0, 0.6), abs=1e-7)


@pytest.mark.slow
def test_cooperative_shares_match_the_textbook_loop_on_jan_2009() -> None:
    net, s = case("jan-2009")
    ours = shares(solve(net, s, Mode.COOPERATIVE, PERFECT))
    theirs = filling(create_model(net, s))
    for code, (p, q) in theirs.items():
        assert ours[code][0] == pytest.approx(p, abs=1e-6), code
        assert ours[code][1] == pytest.approx(q, abs=1e-6), code


def test_both_totals_are_the_least_total() -> None:
    net, s = case("jan-2009")
    coop = solve(net, s, Mode.COOPERATIVE, PERFECT)
    national = solve(net, s, Mode.NATIONAL, PERFECT)
    least = least_total(create_model(net, s))
    assert coop.total_unserved_mcm == pytest.approx(least, rel=1e-7, abs=1e-5)
    assert national.total_unserved_mcm == pytest.approx(least, rel=1e-7, abs=1e-5)


def test_curtailment_is_reported_not_hidden() -> None:
    net, s = case("jan-2009")
    r = solve(net, s, Mode.COOPERATIVE, PERFECT)
    by_code = {o.code: o for o in r.outcomes()}
    for code in ("BGR", "SVK", "HUN"):  # 20 % of non-protected demand, 7-20 January
        o = by_code[code]
        expected = 0.2 * float(r.non_protected[r.network.node_index[code], 6:20].sum())
        assert o.curtailed_mcm == pytest.approx(expected, rel=1e-9)
        assert o.non_protected_not_served_share >= o.curtailed_mcm / o.non_protected_demand_mcm
    assert by_code["DEU"].curtailed_mcm == 0.0


@pytest.mark.parametrize("mode", list(Mode))
def test_jan_2009_same_answer_on_the_linprog_route(
    mode: Mode, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The persistent HiGHS model (warm stages, autarky floors country by country) and the
    linprog route (every stage built and solved afresh) give every country the same
    shortfalls."""
    from bucarest.energy.domain import lp

    net, s = case("jan-2009")
    monkeypatch.setattr(lp, "ENGINE", "highspy")
    warm = solve(net, s, mode, PERFECT)
    monkeypatch.setattr(lp, "ENGINE", "linprog")
    assert_same(warm, solve(net, s, mode, PERFECT))


@pytest.mark.parametrize("mode", list(Mode))
def test_asset_level_answer_is_the_same_with_every_deliverability_row_held(
    mode: Mode, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deliverability rows enter the kept HiGHS model only once a stage violates them
    (decision 60): on the asset-level January 2009 (108 storage sites, most of them on a
    curve) every country's shortfalls are those of the program holding every row from the
    start, and the solution keeps every row."""
    from bucarest.energy.data import scenario_for
    from bucarest.energy.domain import modes

    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    m = create_model(net, s)
    assert m.deliverability_rows > 1000
    lazy = solve_model(m, mode)
    a_eq, b_eq, a_ub, b_ub = m.matrices()
    assert a_ub is not None and b_ub is not None
    assert (a_ub @ lazy.x <= b_ub + 1e-7).all()
    whole = modes.program_of
    monkeypatch.setattr(modes, "program_of",
                        lambda m, tuned=True: replace(whole(m, tuned), lazy_rows=0))  # fmt: skip
    every = solve_model(m, mode)
    assert_same(assign_solution(m, lazy, mode), assign_solution(m, every, mode))


def test_national_floors_are_the_same_on_one_thread_or_several(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The countries' autarky floors are solved side by side; the program they leave, and so
    every country's answer, does not depend on how many threads solved them."""
    from bucarest.energy.domain import modes

    net, s = case("jan-2009")
    m = create_model(net, s)
    programs = {}
    for threads in (1, 3):
        monkeypatch.setattr(modes, "solver_threads", lambda threads=threads: threads)
        p = modes.program_of(m)
        modes._autarky_floors(m, p, modes._countries(m))
        programs[threads] = p
    one, several = programs[1], programs[3]
    assert len(one.fixed_rows) > 5
    assert one.fixed_rhs == several.fixed_rhs
    assert all((a != b).nnz == 0 for a, b in zip(one.fixed_rows, several.fixed_rows, strict=True))
    assert (one.bounds == several.bounds).all()


def test_autarky_floors_from_one_lp_are_those_of_the_two_stages_in_turn() -> None:
    """A part's floors come from one LP weighing protected shortfall above the other where
    that LP leaves no protected customer short (decision 62). On the asset-level January 2009
    (storage countries that serve their households alone, countries without storage that
    cannot), every part's floors are those of the two stages solved in turn, and both ways
    are taken."""
    from bucarest.energy.data import scenario_for
    from bucarest.energy.domain import modes
    from bucarest.energy.domain.lp import solve_lp

    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    m = create_model(net, s)
    p = modes.program_of(m)
    nodes = modes._countries(m)
    rows_of = {k: (modes._row(m, "u", k), modes._row(m, "v", k)) for k in nodes}
    lps_per_part = set()
    for alone, cols in modes._alone_parts(m, p):
        inside = [k for k in nodes if np.isin(m.var("u", k, 0), cols)]
        fast = replace(alone, bounds=alone.bounds.copy(), fixed_rows=[], fixed_rhs=[])
        got = modes._floors_alone(fast, cols, inside, rows_of)
        lps_per_part.add(fast.solves)
        slow = replace(alone, bounds=alone.bounds.copy(), fixed_rows=[], fixed_rhs=[])
        expected = []
        for which in (0, 1):
            rows = [rows_of[k][which][:, cols] for k in inside]
            x = solve_lp(slow, np.asarray(sparse.vstack(rows).sum(axis=0)).ravel())
            for k, r in zip(inside, rows, strict=True):
                least = float((r @ x)[0])
                slow.hold(r, least)
                expected.append((k, which, least))
        assert [(k, w) for k, w, _ in got] == [(k, w) for k, w, _ in expected]
        assert [v for *_, v in got] == pytest.approx([v for *_, v in expected], rel=1e-8, abs=1e-5)
    assert lps_per_part == {1, 3}  # one LP where it settles both, else it and the two stages


@pytest.mark.parametrize("mode", list(Mode))
def test_the_whole_solution_does_not_depend_on_the_thread_count(
    mode: Mode, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tie-break stage's guide runs on a second thread when there is one, and the floors
    side by side: every column of the solution, flows and storage included, is the same on
    one thread."""
    from bucarest.energy.domain import modes

    net, s = case("jan-2009")
    m = create_model(net, s)
    got = {}
    for threads in (1, 3):
        monkeypatch.setattr(modes, "solver_threads", lambda threads=threads: threads)
        got[threads] = solve_model(m, mode).x
    assert np.array_equal(got[1], got[3])

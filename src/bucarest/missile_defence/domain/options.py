"""Options that close the gap: bundles of elements, searched greedily and exactly; and sweeps.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> from bucarest.missile_defence.domain.coverage import territory_grid, threat_field
    >>> cat = load_catalogue()
    >>> field = threat_field(cat, "iran-mrbm", territory_grid(("GRC",), 100.0))
    >>> arch = cat.architecture("us-third-site-2008")
    >>> plan = plan_options({"area": field}, cat, arch, max_count=1)
    >>> plan.base["area"] < plan.exact.share
    True

A candidate is a :class:`~bucarest.missile_defence.domain.model.Bundle`: elements that are
added together or not at all (a Patriot battery with its radar: either alone gains nothing).

The search runs on a coverage table computed once. Group 0 is the architecture, group ``j``
the ``j``-th bundle; for every pair of groups in which some radar of one cues some site of
the other, one :func:`~bucarest.missile_defence.domain.coverage.evaluate` (on a field whose
points are the trajectories) says which trajectories the first group's sites engage on the
second group's tracks. A set of bundles then engages a trajectory when a pair of its groups
(the architecture included) does, and covers a point when every trajectory to it is engaged.
A site fires on the earliest track of the radars that cue it, so for one shot this is the
engagement of the whole set; with shoot-look-shoot across sites it is a lower bound. Each
reported set is also evaluated afresh, and both figures are given.

On that table:

* **greedy** adds, at each step, the bundle with the largest gain (per million dollars under
  a cost budget); the lazy variant skips re-evaluating a bundle whose bound says it cannot
  beat the best gain found so far. The objective is not submodular (a point counts once all
  its trajectories are engaged, so a bundle can gain more after another), so the stale gains
  of CELF are not bounds here; the bound used is the weight of the still-uncovered points on
  which the bundle engages some trajectory the architecture misses, which only falls as
  bundles are added. Lazy and plain greedy therefore pick the same bundles.
* **exact** solves the integer programme (HiGHS through :func:`scipy.optimize.milp`): choose
  bundles ``x`` within the budget and covered points ``y`` so that each point's every
  trajectory is engaged by the architecture or a chosen bundle, maximising the covered
  weight; then, at that weight, the smallest count or cost. Every optimum at both levels is
  listed (no tie-break picks one); past ``max_optima`` the list says it is incomplete.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix

from bucarest.core.batch import Runner, run_serially
from bucarest.core.errors import N_, InvalidInputError
from bucarest.missile_defence.domain.coverage import (
    COVERED,
    CoverageResult,
    Grid,
    Progress,
    ThreatField,
    evaluate,
    threat_field,
)
from bucarest.missile_defence.domain.model import (
    Architecture,
    Bundle,
    Catalogue,
    DefendedPoint,
    Text,
    with_parameter,
)

__all__ = [
    "MEASURES",
    "BundlePlan",
    "Candidate",
    "CoverageTable",
    "ExactResult",
    "Outcome",
    "Step",
    "SweepInputs",
    "SweepPoint",
    "candidate_bundles",
    "coverage_table",
    "defended_share",
    "exact_optimum",
    "greedy",
    "plan_options",
    "points_grid",
    "sweep",
    "sweep_point",
    "with_bundles",
]

#: What an option plan can count: the threatened area, or a list of defended points.
MEASURES = ("area", "assets")
#: The largest candidate set the exact search takes on by default.
EXACT_MAX_CANDIDATES = 20


def defended_share(result: CoverageResult) -> float:
    """Covered share of the threatened area (1 when nothing is threatened)."""
    threatened = result.total.covered + result.total.uncovered
    return round(result.total.covered / threatened, 6) if threatened > 0 else 1.0


def with_bundles(arch: Architecture, bundles: Sequence[Bundle]) -> Architecture:
    """``arch`` with the bundles' sites and radars, and their links for radars it does not
    link already."""
    sites = tuple(dict.fromkeys(s for b in bundles for s in b.sites))
    radars = tuple(dict.fromkeys(r for b in bundles for r in b.radars))
    out = arch.adding(sites, radars)
    linked = {r for r, _s in arch.links}
    extra = tuple(link for b in bundles for link in b.links if link[0] not in linked)
    ruled = {r for r, _x in arch.link_rules}
    rules = tuple(rule for b in bundles for rule in b.link_rules if rule[0] not in ruled)
    cueing = {r for r, _x in arch.radar_cues}
    cues = tuple(cue for b in bundles for cue in b.radar_cues if cue[0] not in cueing)
    if not (extra or rules or cues):
        return out
    return replace(out, links=arch.links + extra, link_rules=arch.link_rules + rules,
                   radar_cues=arch.radar_cues + cues)  # fmt: skip


def _singleton(cat: Catalogue, kind: str, key: str) -> Bundle:
    if kind == "site":
        s = cat.site(key)
        return Bundle(s.id, s.name, sites=(s.id,))
    r = cat.radar(key)
    return Bundle(r.id, r.name, radars=(r.id,))


def candidate_bundles(
    cat: Catalogue,
    arch: Architecture,
    bundles: Sequence[str] = (),
    sites: Sequence[str] = (),
    radars: Sequence[str] = (),
) -> tuple[Bundle, ...]:
    """The bundles named, with single sites and radars as bundles of one; with none named,
    the architecture's candidate bundles (or, lacking those, its candidate sites and radars
    one by one). Bundles adding nothing new to ``arch`` are left out."""
    if bundles or sites or radars:
        pool = [cat.bundle(b) for b in bundles]
        pool += [_singleton(cat, "site", s) for s in sites]
        pool += [_singleton(cat, "radar", r) for r in radars]
    elif arch.candidate_bundles:
        pool = [cat.bundle(b) for b in arch.candidate_bundles]
    else:
        pool = [_singleton(cat, "site", s) for s in arch.candidate_sites]
        pool += [_singleton(cat, "radar", r) for r in arch.candidate_radars]
    out: dict[str, Bundle] = {}
    for b in pool:
        if set(b.sites) - set(arch.sites) or set(b.radars) - set(arch.radars):
            out.setdefault(b.id, b)
    if not out:
        raise InvalidInputError(
            N_("architecture '{id}' has no candidates to rank; expected --bundle, --site or --radar ids"),
            id=arch.id,
        )  # fmt: skip
    return tuple(out.values())


def points_grid(points: Sequence[DefendedPoint]) -> Grid:
    """A grid whose aim points are ``points`` (their weights as the area each stands for)."""
    if not points:
        raise InvalidInputError(N_("no defended points; expected at least one"))
    from pyproj import Transformer

    lat = np.asarray([p.lat for p in points], dtype=np.float64)
    lon = np.asarray([p.lon for p in points], dtype=np.float64)
    crs = (f"+proj=laea +lat_0={float(lat.mean()):.4f} +lon_0={float(lon.mean()):.4f} "
           "+ellps=WGS84 +units=m +no_defs")  # fmt: skip
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    country = np.asarray([p.country or "—" for p in points])
    return Grid(tuple(dict.fromkeys(country.tolist())), 1.0, crs, lat, lon, np.asarray(x),
                np.asarray(y), country, np.asarray([p.weight for p in points], dtype=np.float64),
                {})  # fmt: skip


def _trajectory_field(field: ThreatField) -> ThreatField:
    """``field`` seen trajectory by trajectory: each trajectory is a point of its own, so
    :func:`evaluate` says which trajectories are engaged."""
    g, p = field.grid, field.point
    grid = replace(g, lat=g.lat[p], lon=g.lon[p], x=g.x[p], y=g.y[p], country=g.country[p],
                   area_km2=g.area_km2[p])  # fmt: skip
    return replace(field, grid=grid, point=np.arange(p.size), threatened=np.ones(p.size, bool))


#: A pair of groups (0: the architecture; j ≥ 1: bundle j - 1): whose sites, whose radars.
Pair = tuple[int, int]


@dataclass(frozen=True, eq=False)
class CoverageTable:
    """Which trajectories are engaged, by pairs of groups (group 0 is the architecture, group
    ``j`` ≥ 1 bundle ``j - 1``): ``pairs[(a, b)]`` (T,) says which trajectories the sites of
    group ``a`` engage on the tracks of the radars of group ``b`` (pairs that engage nothing
    are absent). ``point`` (T,) is each trajectory's point; ``weight`` (N,) and
    ``threatened`` (N,) are per point."""

    measure: str
    bundles: tuple[str, ...]
    point: np.ndarray[Any, Any]
    pairs: Mapping[Pair, np.ndarray[Any, Any]]
    weight: np.ndarray[Any, Any]
    threatened: np.ndarray[Any, Any]

    @property
    def size(self) -> int:
        return int(self.weight.size)

    @property
    def threatened_weight(self) -> float:
        return float(self.weight[self.threatened].sum())

    def engaged(self, chosen: Sequence[int]) -> np.ndarray[Any, Any]:
        """Engaged trajectories (T,) with the bundles at indices ``chosen``."""
        groups = {0, *(j + 1 for j in chosen)}
        out = np.zeros(self.point.size, dtype=bool)
        for (a, b), hit in self.pairs.items():
            if a in groups and b in groups:
                out |= hit
        return out

    def covered(self, chosen: Sequence[int]) -> np.ndarray[Any, Any]:
        """Covered points (N,) with the bundles at indices ``chosen``."""
        engaged = self.engaged(chosen)
        missed = np.bincount(self.point, weights=~engaged, minlength=self.size) > 0
        return self.threatened & ~missed

    def value(self, chosen: Sequence[int]) -> float:
        return float(self.weight[self.covered(chosen)].sum())

    def share(self, chosen: Sequence[int]) -> float:
        """Covered share of the threatened weight (1 when nothing is threatened)."""
        total = self.threatened_weight
        return round(self.value(chosen) / total, 6) if total > 0 else 1.0


def coverage_table(
    field: ThreatField,
    cat: Catalogue,
    arch: Architecture,
    bundles: Sequence[Bundle],
    measure: str = "area",
    shots: int = 1,
    progress: Progress | None = None,
    run: Runner = run_serially,
) -> CoverageTable:
    """The table of :class:`CoverageTable`: one evaluation per pair of groups in which some
    radar of one cues some site of the other (the architecture, each bundle alone, and each
    bundle's sites on another's tracks). The evaluations are independent tasks for ``run``
    (a batch runner, see :mod:`bucarest.core.batch`)."""
    per = _trajectory_field(field)
    sites = [tuple(arch.sites)] + [
        tuple(s for s in b.sites if s not in arch.sites) for b in bundles
    ]
    radars = [tuple(arch.radars)] + [tuple(r for r in b.radars if r not in arch.radars) for b in bundles]  # fmt: skip
    todo: list[tuple[Pair, Architecture]] = []
    for a, b in itertools.product(range(len(sites)), repeat=2):
        if not sites[a] or not radars[b]:
            continue
        grown = with_bundles(arch, [bundles[g - 1] for g in dict.fromkeys((a, b)) if g > 0])
        if not any(grown.cues(r, s) for r in radars[b] for s in sites[a]):
            continue
        # The architecture's own radars stay in every pair: under the engagement doctrine a
        # bundle's radar may act through them (cueing a radar that guides the interceptors).
        todo.append(((a, b), replace(grown, sites=sites[a],
                                     radars=tuple(dict.fromkeys(radars[0] + radars[b])))))  # fmt: skip
    hits = run(_pair_hits, [restricted for _key, restricted in todo], (per, cat, shots), progress)
    pairs = {key: hit for (key, _r), hit in zip(todo, hits, strict=True) if hit.any()}
    return CoverageTable(measure, tuple(b.id for b in bundles), np.asarray(field.point), pairs,
                         np.asarray(field.grid.area_km2, dtype=np.float64),
                         np.asarray(field.threatened, dtype=bool))  # fmt: skip


def _pair_hits(
    shared: tuple[ThreatField, Catalogue, int], restricted: Architecture
) -> np.ndarray[Any, Any]:
    """One task of :func:`coverage_table`: the trajectories ``restricted`` engages."""
    per, cat, shots = shared
    return np.asarray(evaluate(per, cat, restricted, shots).status == COVERED)


# --- greedy ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A greedy step: the bundle added, its gain (covered weight), the share after it, and
    the bundles whose gain (per cost) tied with it; the first in the candidate order is
    added, and the tie is reported."""

    bundle: str
    gain: float
    share: float
    tied_with: tuple[str, ...] = ()


class _State:
    """Greedy's current set: its groups, engaged trajectories and covered points; each
    trajectory's point as a sparse incidence (points × trajectories) to count misses."""

    def __init__(self, table: CoverageTable) -> None:
        self.t = table
        n_traj = table.point.size
        self.incidence = csr_matrix(
            (np.ones(n_traj), (table.point, np.arange(n_traj))), shape=(table.size, n_traj)
        )
        self.groups = {0}
        self.engaged = table.engaged(())
        self.covered = table.covered(())
        n = len(table.bundles)
        #: The pairs each bundle's group takes part in, with the other group of the pair.
        self.partners: list[list[tuple[int, np.ndarray[Any, Any]]]] = [[] for _ in range(n + 1)]
        for (a, b), hit in table.pairs.items():
            self.partners[a].append((b, hit))
            if b != a:
                self.partners[b].append((a, hit))
        # Points on which each bundle could ever engage a trajectory the architecture misses.
        fresh = np.zeros((n_traj, n), dtype=bool)
        for j in range(n):
            for _other, hit in self.partners[j + 1]:
                fresh[:, j] |= hit
        fresh &= ~self.engaged[:, None]
        self.touch = (self.incidence @ fresh.astype(np.float64)) > 0

    def adds(self, j: int) -> np.ndarray[Any, Any]:
        """Trajectories engaged once bundle ``j`` joins the current set."""
        g = j + 1
        out = self.engaged.copy()
        for other, hit in self.partners[g]:
            if other == g or other in self.groups:
                out |= hit
        return out

    def open_weight(self) -> np.ndarray[Any, Any]:
        return np.where(self.t.threatened & ~self.covered, self.t.weight, 0.0)

    def gains(self, which: Sequence[int]) -> np.ndarray[Any, Any]:
        """Covered weight each bundle in ``which`` would add to the current set."""
        if not which:
            return np.zeros(0)
        miss = ~np.column_stack([self.adds(j) for j in which])
        missing = self.incidence @ miss.astype(np.float64)
        return np.asarray(self.open_weight() @ (missing == 0))

    def bounds(self) -> np.ndarray[Any, Any]:
        """An upper bound of every bundle's gain, valid for this set and every larger one."""
        return np.asarray(self.open_weight() @ self.touch)

    def add(self, j: int) -> None:
        self.engaged = self.adds(j)
        self.groups.add(j + 1)
        missed = np.bincount(self.t.point, weights=~self.engaged, minlength=self.t.size) > 0
        self.covered = self.t.threatened & ~missed


def greedy(
    table: CoverageTable,
    costs: Sequence[float] | None = None,
    budget: float = math.inf,
    target_share: float = 1.0,
    lazy: bool = False,
) -> tuple[tuple[Step, ...], int]:
    """Greedy steps until the budget (count, or total cost with ``costs``), the target share
    or no gain; and the number of gain evaluations (one bundle at one step each)."""
    n = len(table.bundles)
    cost = np.ones(n) if costs is None else np.asarray(costs, dtype=np.float64)
    total = table.threatened_weight
    tol = 1e-9 * max(total, 1.0)
    state = _State(table)
    chosen: list[int] = []
    steps: list[Step] = []
    spent = 0.0
    evaluations = 0
    ub = state.bounds() / cost
    while state.t.weight[state.covered].sum() < target_share * total - tol:
        open_ = [j for j in range(n) if j not in chosen and spent + cost[j] <= budget + 1e-9]
        if not open_:
            break
        if lazy:
            scores: dict[int, float] = {}
            for j in sorted(open_, key=lambda j: (-ub[j], j)):
                best = max(scores.values(), default=-math.inf)
                if ub[j] < best - tol:
                    break
                scores[j] = float(state.gains([j])[0]) / cost[j]
                evaluations += 1
        else:
            scores = dict(zip(open_, (state.gains(open_) / cost[open_]).tolist(), strict=True))
            evaluations += len(open_)
        best = max(scores.values())
        if best <= tol:
            break
        tied = [j for j in open_ if j in scores and scores[j] >= best - tol]
        pick = tied[0]
        gain = float(state.gains([pick])[0])
        state.add(pick)
        chosen.append(pick)
        spent += cost[pick]
        ub = np.minimum(ub, state.bounds() / cost)
        steps.append(Step(table.bundles[pick], round(gain, 3), table.share(chosen),
                          tuple(table.bundles[j] for j in tied[1:])))  # fmt: skip
    return tuple(steps), evaluations


# --- exact ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExactResult:
    """The exact optimum: covered ``value`` (weight) and ``share``, the least ``cost`` (count or
    money) reaching it, and every set of bundles that does (``complete`` False when more
    exist than were listed)."""

    value: float
    share: float
    cost: float
    optima: tuple[tuple[str, ...], ...]
    complete: bool

    @property
    def unique(self) -> bool:
        return self.complete and len(self.optima) == 1


def exact_optimum(
    table: CoverageTable,
    costs: Sequence[float] | None = None,
    budget: float = math.inf,
    max_optima: int = 10,
    time_limit_s: float = 60.0,
) -> ExactResult:
    """The integer programme of the module's docstring, solved with HiGHS.

    Variables: ``x`` (a bundle is chosen), ``w`` (both bundles of a pair are: ``w ≤ x_a``,
    ``w ≤ x_b``) and ``y`` (a point is covered); for every trajectory to a point the
    architecture leaves open, ``y`` is at most the number of chosen pairs engaging it.
    """
    n = len(table.bundles)
    cost = np.ones(n) if costs is None else np.asarray(costs, dtype=np.float64)
    base = table.engaged(())
    everything = table.covered(range(n))
    now = table.covered(())
    contest = np.flatnonzero(everything & ~now)
    fixed = float(table.weight[now].sum())
    total = table.threatened_weight
    if contest.size == 0 or n == 0:
        return ExactResult(fixed, table.share(()), 0.0, ((),), True)
    # Which variable switches each pair on: x_j for pairs with the architecture or itself,
    # a new w for two different bundles.
    terms: list[int] = []
    hits: list[np.ndarray[Any, Any]] = []
    links: list[tuple[int, int]] = []
    for (a, b), hit in sorted(table.pairs.items()):
        if a == 0 and b == 0:
            continue
        if a == 0 or b == 0 or a == b:
            terms.append(max(a, b) - 1)
        else:
            terms.append(n + len(links))
            links.append((a - 1, b - 1))
        hits.append(hit)
    n_w, m = len(links), contest.size
    n_var = n + n_w + m
    col = np.full(table.size, -1)
    col[contest] = np.arange(m)
    rows_t = np.flatnonzero((col[table.point] >= 0) & ~base)
    engage = np.zeros((rows_t.size, n + n_w))
    for term, hit in zip(terms, hits, strict=True):
        engage[:, term] = np.maximum(engage[:, term], hit[rows_t])
    # One row per distinct (point, pairs engaging the trajectory): y_p - sum(terms) <= 0.
    keys = np.unique(np.column_stack([col[table.point[rows_t]], engage]), axis=0)
    r = keys.shape[0]
    cover = LinearConstraint(
        csr_matrix(np.hstack([-keys[:, 1:], np.zeros((r, m))]))
        + coo_matrix((np.ones(r), (np.arange(r), n + n_w + keys[:, 0].astype(int))),
                     shape=(r, n_var)).tocsr(),
        -np.inf,
        0.0,
    )  # fmt: skip
    constraints = [cover]
    if n_w:
        both = np.zeros((2 * n_w, n_var))
        for i, (a, b) in enumerate(links):
            both[2 * i, [n + i, a]] = (1.0, -1.0)
            both[2 * i + 1, [n + i, b]] = (1.0, -1.0)
        constraints.append(LinearConstraint(csr_matrix(both), -np.inf, 0.0))
    weight = table.weight[contest]
    objective = np.concatenate([np.zeros(n + n_w), weight])
    spend = np.concatenate([cost, np.zeros(n_w + m)])
    if math.isfinite(budget):
        constraints.append(LinearConstraint(spend[None, :], -np.inf, budget + 1e-9))
    integrality = np.concatenate([np.ones(n), np.zeros(n_w + m)])
    options = {"mip_rel_gap": 0.0, "time_limit": time_limit_s, "presolve": True}

    def solve(c: np.ndarray[Any, Any], extra: list[LinearConstraint]) -> Any:
        res = milp(c, constraints=[*constraints, *extra], integrality=integrality,
                   bounds=Bounds(0.0, 1.0), options=options)  # fmt: skip
        return res if res.status == 0 else None

    first = solve(-objective, [])
    if first is None:
        raise InvalidInputError(N_("the exact search found no answer in time; expected fewer candidates"))  # fmt: skip
    best = float(objective @ first.x)
    eps_w = 1e-6 * max(best, 1.0)
    at_best = LinearConstraint(objective[None, :], best - eps_w, np.inf)
    cheapest = solve(spend, [at_best])
    least = float(spend @ cheapest.x) if cheapest is not None else float(spend @ first.x)
    eps_c = 1e-6 * max(least, 1.0)
    at_least = LinearConstraint(spend[None, :], -np.inf, least + eps_c)
    optima: list[tuple[str, ...]] = []
    cuts: list[LinearConstraint] = []
    complete = True
    while True:
        res = solve(spend, [at_best, at_least, *cuts])
        if res is None:
            break
        picked = np.flatnonzero(np.round(res.x[:n]) > 0.5)
        if len(optima) == max_optima:
            complete = False
            break
        optima.append(tuple(table.bundles[j] for j in picked))
        # No-good cut: any other choice of bundles.
        row = np.zeros(n_var)
        row[:n] = -1.0
        row[picked] = 1.0
        cuts.append(LinearConstraint(row[None, :], -np.inf, picked.size - 1))
    value = fixed + best
    share = round(value / total, 6) if total > 0 else 1.0
    return ExactResult(value, share, round(least, 6), tuple(sorted(optima)), complete)


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A bundle offered, its cost where sourced, and what it gains alone on each measure
    (share of the threatened weight)."""

    id: str
    name: Text
    sites: tuple[str, ...]
    radars: tuple[str, ...]
    cost_musd: float | None
    gain_alone: Mapping[str, float]


@dataclass(frozen=True)
class Outcome:
    """A set of bundles and its covered share on each measure: from the coverage table
    (``model``) and evaluated afresh with the bundles added (``evaluated``)."""

    bundles: tuple[str, ...]
    cost_musd: float | None
    model: Mapping[str, float]
    evaluated: Mapping[str, float]


@dataclass(frozen=True, eq=False)
class BundlePlan:
    """Candidates, the greedy steps (plain and lazy), the exact optima and their outcomes."""

    architecture: str
    threat: str
    measure: str
    budget_kind: str
    budget: float | None
    target_share: float
    candidates: tuple[Candidate, ...]
    excluded: tuple[str, ...]
    base: Mapping[str, float]
    upper_bound: Mapping[str, float]
    greedy: tuple[Step, ...]
    greedy_outcome: Outcome
    evaluations: int
    lazy_evaluations: int
    exact: ExactResult | None
    exact_outcomes: tuple[Outcome, ...]
    #: The largest candidate set the exact search takes, when this one was larger.
    exact_skipped: int | None


def plan_options(
    fields: Mapping[str, ThreatField],
    cat: Catalogue,
    arch: Architecture,
    bundles: Sequence[Bundle] | None = None,
    measure: str = "area",
    max_count: int | None = None,
    max_cost_musd: float | None = None,
    target_share: float = 1.0,
    shots: int = 1,
    exact_max: int = EXACT_MAX_CANDIDATES,
    progress: Progress | None = None,
    run: Runner = run_serially,
) -> BundlePlan:
    """Search the candidate ``bundles`` (default: :func:`candidate_bundles`) on each measure's
    field in ``fields`` (``area``: a territory; ``assets``: :func:`points_grid` points), for
    ``measure``, within a count or a cost budget (bundles without a sourced cost are left
    out of a cost budget, and named)."""
    if measure not in fields:
        raise InvalidInputError(
            N_("no field for the measure '{measure}'; expected one of {known}"),
            measure=measure, known=", ".join(sorted(fields)),
        )  # fmt: skip
    if not (math.isfinite(target_share) and 0.0 < target_share <= 1.0):
        raise InvalidInputError(
            N_("a target share of {value} is not allowed; expected more than 0 and at most 1"),
            value=f"{target_share:g}",
        )
    if max_count is not None and max_cost_musd is not None:
        raise InvalidInputError(N_("give a count budget or a cost budget, not both"))
    if max_count is not None and max_count < 1:
        raise InvalidInputError(
            N_("a budget of {value} bundles is not allowed; expected at least 1"),
            value=str(max_count),
        )
    if max_cost_musd is not None and not (math.isfinite(max_cost_musd) and max_cost_musd > 0):
        raise InvalidInputError(
            N_("a cost budget of {value} is not allowed; expected more than 0 (millions of US dollars)"),
            value=f"{max_cost_musd:g}",
        )  # fmt: skip
    pool = tuple(bundles) if bundles is not None else candidate_bundles(cat, arch)
    excluded: tuple[str, ...] = ()
    if max_cost_musd is not None:
        excluded = tuple(b.id for b in pool if b.cost_musd is None)
        pool = tuple(b for b in pool if b.cost_musd is not None)
        if not pool:
            raise InvalidInputError(
                N_("no candidate has a sourced cost; expected a count budget (--max-count)")
            )
    names = sorted(fields)
    tables: dict[str, CoverageTable] = {}
    for i, name in enumerate(names):

        def tick(done: int, total: int, i: int = i) -> None:
            if progress is not None:
                progress(i * total + done, len(names) * total)

        tables[name] = coverage_table(fields[name], cat, arch, pool, name, shots, tick, run)
    table = tables[measure]
    costs = [b.cost_musd.value if b.cost_musd else 1.0 for b in pool]
    use_costs = costs if max_cost_musd is not None else None
    budget = float(max_cost_musd if max_cost_musd is not None else (max_count or math.inf))
    steps, evaluations = greedy(table, use_costs, budget, target_share)
    _lazy, lazy_evaluations = greedy(table, use_costs, budget, target_share, lazy=True)
    by_id = {b.id: b for b in pool}

    def outcome(ids: Sequence[str]) -> Outcome:
        idx = [table.bundles.index(b) for b in ids]
        chosen = [by_id[b] for b in ids]
        costs_known = [b.cost_musd.value for b in chosen if b.cost_musd is not None]
        cost = round(float(sum(costs_known)), 3) if len(costs_known) == len(chosen) else None
        grown = with_bundles(arch, chosen)
        evaluated = {k: _share(evaluate(fields[k], cat, grown, shots), tables[k]) for k in names}
        return Outcome(tuple(ids), cost, {k: tables[k].share(idx) for k in names}, evaluated)

    exact: ExactResult | None = None
    exact_outcomes: tuple[Outcome, ...] = ()
    skipped = None
    if len(pool) > exact_max:
        skipped = exact_max
    else:
        exact = exact_optimum(table, use_costs, budget)
        exact_outcomes = tuple(outcome(o) for o in exact.optima)
    n = len(pool)
    candidates = tuple(
        Candidate(b.id, b.name, b.sites, b.radars, b.cost_musd.value if b.cost_musd else None,
                  {k: round(tables[k].share([j]) - tables[k].share(()), 6) for k in names})
        for j, b in enumerate(pool)
    )  # fmt: skip
    return BundlePlan(
        arch.id, fields[measure].threat, measure,
        "cost" if max_cost_musd is not None else "count",
        max_cost_musd if max_cost_musd is not None else (float(max_count) if max_count else None),
        target_share, candidates, excluded,
        {k: tables[k].share(()) for k in names},
        {k: tables[k].share(range(n)) for k in names},
        steps, outcome([s.bundle for s in steps]), evaluations, lazy_evaluations,
        exact, exact_outcomes, skipped,
    )  # fmt: skip


def _share(result: CoverageResult, table: CoverageTable) -> float:
    """Covered share of the threatened weight of a fresh evaluation (weights of ``table``)."""
    total = table.threatened_weight
    covered = float(table.weight[result.status == COVERED].sum())
    return round(covered / total, 6) if total > 0 else 1.0


# --- sweeps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepPoint:
    """Coverage at one value of the swept parameter (shares of the grid's area)."""

    value: float
    covered: float
    uncovered: float
    not_threatened: float


def sweep_point(
    cat: Catalogue,
    arch: Architecture,
    threat_id: str,
    field: ThreatField,
    path: str,
    value: float,
    shots: int = 1,
) -> SweepPoint:
    """Coverage with the parameter at ``path`` set to ``value`` (one point of :func:`sweep`)."""
    changed = with_parameter(cat, path, value)
    f = field
    if path.startswith("class:"):
        f = threat_field(changed, threat_id, field.grid, field.rotating, field.xp)
    total = evaluate(f, changed, arch, shots).total
    return SweepPoint(value, total.covered, total.uncovered, total.not_threatened)


#: What every task of a sweep reads: catalogue, architecture, threat id, field, path, shots.
SweepInputs = tuple[Catalogue, Architecture, str, ThreatField, str, int]


def _sweep_task(shared: SweepInputs, value: float) -> SweepPoint:
    cat, arch, threat_id, field, path, shots = shared
    return sweep_point(cat, arch, threat_id, field, path, value, shots)


def sweep(
    cat: Catalogue,
    arch: Architecture,
    threat_id: str,
    field: ThreatField,
    path: str,
    values: Sequence[float],
    shots: int = 1,
    progress: Progress | None = None,
    run: Runner = run_serially,
) -> tuple[SweepPoint, ...]:
    """Coverage as the parameter at ``path`` (``kind:id.field``) takes each of ``values``.

    Interceptor, radar and site parameters reuse ``field``; a missile-class parameter
    changes the trajectories, so the field is solved again for each value. Each value is
    an independent task for ``run`` (a batch runner, see :mod:`bucarest.core.batch`); the
    path is checked once before any is sent.
    """
    if not values:
        raise InvalidInputError(N_("a sweep needs at least one value; expected --values A,B,C"))
    with_parameter(cat, path, values[0])
    points = run(_sweep_task, list(values), (cat, arch, threat_id, field, path, shots), progress)
    return tuple(points)

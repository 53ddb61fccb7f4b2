"""Options that close the gap, and parameter sweeps.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> from bucarest.missile_defence.domain.coverage import territory_grid, threat_field
    >>> cat = load_catalogue()
    >>> field = threat_field(cat, "iran-mrbm", territory_grid(("GRC",), 100.0))
    >>> plan = rank_options(field, cat, cat.architecture("us-third-site-2008"), target_share=0.9)
    >>> defended_share(plan.base) < plan.chosen_covered()
    True

Coverage grows when a site or a radar is added (more opportunities, earlier tracks), so
the best any set of additions can do is the coverage with all candidates at once: that is
the upper bound reported beside the greedy choice. The objective is not submodular (a
radar is worth nothing without a site it can cue, and a point counts only once all its
trajectories are engaged), so greedy carries no constant-factor guarantee; the reported
bound says how far from optimal it can be on this instance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bucarest.core.errors import N_, InvalidInputError
from bucarest.missile_defence.domain.coverage import (
    CoverageResult,
    Progress,
    ThreatField,
    evaluate,
    threat_field,
)
from bucarest.missile_defence.domain.model import Architecture, Catalogue, with_parameter

__all__ = ["Addition", "OptionPlan", "SweepPoint", "defended_share", "rank_options", "sweep"]


@dataclass(frozen=True)
class Addition:
    """One candidate: ``kind`` site or radar, and the coverage gain it brings alone
    (``gain_km2`` of threatened area newly covered, ``gain_share`` of the threatened area)."""

    kind: str
    id: str
    gain_km2: float
    gain_share: float


@dataclass(frozen=True, eq=False)
class OptionPlan:
    """Candidates ranked by their gain alone, the greedy set reaching ``target_share``, the
    defended share (covered share of the threatened area) after each greedy step, and the
    all-candidates upper bound of that share."""

    base: CoverageResult
    ranking: tuple[Addition, ...]
    chosen: tuple[Addition, ...]
    steps: tuple[float, ...]
    upper_bound: float
    target_share: float
    reached: bool

    def chosen_covered(self) -> float:
        """Defended share of the threatened area after the greedy additions."""
        return self.steps[-1] if self.steps else defended_share(self.base)


def defended_share(result: CoverageResult) -> float:
    """Covered share of the threatened area (1 when nothing is threatened)."""
    threatened = result.total.covered + result.total.uncovered
    return round(result.total.covered / threatened, 6) if threatened > 0 else 1.0


def _with(arch: Architecture, picks: Sequence[Addition]) -> Architecture:
    return arch.adding(sites=tuple(p.id for p in picks if p.kind == "site"),
                       radars=tuple(p.id for p in picks if p.kind == "radar"))  # fmt: skip


def rank_options(
    field: ThreatField,
    cat: Catalogue,
    arch: Architecture,
    sites: Sequence[str] | None = None,
    radars: Sequence[str] | None = None,
    target_share: float = 0.95,
    shots: int = 1,
    progress: Progress | None = None,
) -> OptionPlan:
    """Rank candidate additions to ``arch`` and pick a small set greedily.

    ``sites``/``radars`` default to the architecture's own candidates. Greedy adds, at each
    step, the candidate with the largest covered area, until the defended share (covered
    share of the threatened area) reaches ``target_share`` or no candidate adds anything.
    """
    if not (math.isfinite(target_share) and 0.0 < target_share <= 1.0):
        raise InvalidInputError(
            N_("a target share of {value} is not allowed; expected more than 0 and at most 1"),
            value=f"{target_share:g}",
        )
    site_ids = tuple(arch.candidate_sites if sites is None else sites)
    radar_ids = tuple(arch.candidate_radars if radars is None else radars)
    for s in site_ids:
        cat.site(s)
    for r in radar_ids:
        cat.radar(r)
    pool = [Addition("site", s, 0.0, 0.0) for s in site_ids if s not in arch.sites]
    pool += [Addition("radar", r, 0.0, 0.0) for r in radar_ids if r not in arch.radars]
    if not pool:
        raise InvalidInputError(
            N_("architecture '{id}' has no candidates to rank; expected --site or --radar ids"),
            id=arch.id,
        )
    base = evaluate(field, cat, arch, shots)

    threatened = float(field.grid.area_km2[field.threatened].sum())
    start = defended_share(base)
    # One evaluation per candidate, one for the bound, then at most n(n+1)/2 greedy ones.
    budget = [0, len(pool) + 1 + len(pool) * (len(pool) + 1) // 2]

    def covered(picks: Sequence[Addition]) -> float:
        if progress is not None:
            progress(budget[0], budget[1])
        budget[0] += 1
        return defended_share(evaluate(field, cat, _with(arch, picks), shots))

    ranking = []
    for cand in pool:
        gain = covered([cand]) - start
        ranking.append(Addition(cand.kind, cand.id, round(gain * threatened, 1), round(gain, 6)))
    ranking.sort(key=lambda a: (-a.gain_share, a.kind, a.id))
    upper = covered(pool)
    chosen: list[Addition] = []
    steps: list[float] = []
    current = start
    remaining = list(ranking)
    while current < target_share and remaining:
        scored = [(covered([*chosen, c]), c) for c in remaining]
        best_value, best = max(scored, key=lambda vc: (vc[0], -ranking.index(vc[1])))
        if best_value <= current + 1e-9:
            break
        chosen.append(best)
        remaining.remove(best)
        steps.append(best_value)
        current = best_value
    return OptionPlan(base, tuple(ranking), tuple(chosen), tuple(steps), upper, target_share,
                      current >= target_share)  # fmt: skip


@dataclass(frozen=True)
class SweepPoint:
    """Coverage at one value of the swept parameter (shares of the grid's area)."""

    value: float
    covered: float
    uncovered: float
    not_threatened: float


def sweep(
    cat: Catalogue,
    arch: Architecture,
    threat_id: str,
    field: ThreatField,
    path: str,
    values: Sequence[float],
    shots: int = 1,
    progress: Progress | None = None,
) -> tuple[SweepPoint, ...]:
    """Coverage as the parameter at ``path`` (``kind:id.field``) takes each of ``values``.

    Interceptor, radar and site parameters reuse ``field``; a missile-class parameter
    changes the trajectories, so the field is solved again for each value.
    """
    if not values:
        raise InvalidInputError(N_("a sweep needs at least one value; expected --values A,B,C"))
    out = []
    for i, v in enumerate(values):
        if progress is not None:
            progress(i, len(values))
        changed = with_parameter(cat, path, v)
        f = field
        if path.startswith("class:"):
            f = threat_field(changed, threat_id, field.grid, field.rotating, field.xp)
        total = evaluate(f, changed, arch, shots).total
        out.append(SweepPoint(v, total.covered, total.uncovered, total.not_threatened))
    return tuple(out)

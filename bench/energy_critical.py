"""Critical assets at asset level: N-1 of every asset, then N-2 among the most critical.

Run alone: ``.venv/bin/python bench/energy_critical.py`` (``--pairs K``, default
``DEFAULT_PAIRS``; ``--scenario ID``, default ``jan-2009``; ``--quick`` times the old route on
every fifth case only and scales it up). Target (issue 13, item 4): the asset-level N-1/N-2
ranking's top 50 in under 60 s on 2 cores. The dataset is ``winter-2008-09-assets`` (the
scenario rewritten by ``scenario_for``); every case is the least-total LP of decision 49.

Both routes of :mod:`bucarest.energy.domain.critical` run in the same process, one after the
other: ``warm`` (one HiGHS model, each case started from the no-outage basis) and ``scratch``
(each case built and solved from nothing through ``scipy.optimize.linprog``, the route before
this benchmark). The table gives wall and CPU seconds for the N-1 phase (model, no-outage
solve and one LP per asset) and for the whole ranking (N-1 then the pairs), and the ratio of
the two routes; both must give the same impacts to 1e-6 mcm. Each route is one process
thread (HiGHS ``threads=1``): the second core is left to the batch engine. The machine may be
shared: the load average is printed before and after, and CPU seconds are less sensitive to
it than wall seconds.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain.critical import (
    DEFAULT_PAIRS,
    CaseImpact,
    evaluate_cases,
    order_impacts,
    pair_cases,
    rank_assets,
    single_cases,
)

DATASET = "winter-2008-09-assets"
TOP = 50
TARGET_S = 60.0


class Clock:
    """Wall and CPU seconds since it was made, and at the end of the N-1 phase."""

    def __init__(self, singles: int) -> None:
        self.singles = singles
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        self.n1: tuple[float, float] | None = None

    def now(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall0, time.process_time() - self.cpu0

    def progress(self, done: int, _total: int) -> None:
        if done == self.singles and self.n1 is None:
            self.n1 = self.now()


def warm_run(net, s, pairs: int):  # type: ignore[no-untyped-def]
    clock = Clock(len(net.assets))
    ranked = rank_assets(net, s, progress=clock.progress, pairs=pairs)
    return ranked, clock.n1, clock.now()


def _timed(fn):  # type: ignore[no-untyped-def]
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, (time.perf_counter() - t0, time.process_time() - c0)


def scratch_run(net, s, pairs: int, quick: bool, warm: tuple[CaseImpact, ...]):  # type: ignore[no-untyped-def]
    """The old route over the same cases (the pairs are those the warm route chose: both
    routes give the same N-1 order, which the comparison of impacts confirms). ``quick``:
    every fifth case of each phase, its times scaled by the cases left out (model builds
    included, so slightly over)."""
    singles = single_cases(net)
    n1_warm = order_impacts([i for i in warm if len(i.case) == 1])
    pairs_ = pair_cases([i.case[0] for i in n1_warm[:pairs]]) if pairs >= 2 else ()
    step = 5 if quick else 1
    n1, n1_t = _timed(lambda: evaluate_cases(net, s, singles[::step], route="scratch"))
    n2, n2_t = _timed(lambda: evaluate_cases(net, s, pairs_[::step], route="scratch"))
    k1 = len(singles) / max(len(n1), 1)
    k2 = len(pairs_) / max(len(n2), 1)
    n1_t = (n1_t[0] * k1, n1_t[1] * k1)
    all_t = (n1_t[0] + n2_t[0] * k2, n1_t[1] + n2_t[1] * k2)
    return n1 + n2, n1_t, all_t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS)
    parser.add_argument("--scenario", default="jan-2009")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    net = load_dataset(DATASET)
    s = scenario_for(load_scenarios()[args.scenario], net)
    n_pairs = math.comb(min(args.pairs, len(net.assets)), 2)
    load_before = os.getloadavg()[0]

    ranked, warm_n1, warm_all = warm_run(net, s, args.pairs)
    scratch, scratch_n1, scratch_all = scratch_run(net, s, args.pairs, args.quick, ranked)
    load_after = os.getloadavg()[0]

    got = {i.case: i for i in ranked}
    diff = max(abs(got[i.case].unserved_mcm - i.unserved_mcm) for i in scratch)
    assert warm_n1 is not None
    rows = []
    for what, cases, warm_t, old_t in (
        ("N-1, every asset", len(net.assets), warm_n1, scratch_n1),
        (f"N-1 + N-2 ({n_pairs} pairs among the top {args.pairs}), top {TOP}",
         len(net.assets) + n_pairs, warm_all, scratch_all),
    ):  # fmt: skip
        rows.append([what, str(cases), f"{warm_t[0]:.1f}", f"{warm_t[1]:.1f}",
                     f"{warm_t[1] / cases * 1000:.0f}",
                     f"{old_t[0]:.1f}", f"{old_t[1]:.1f}", f"{old_t[1] / cases * 1000:.0f}",
                     f"{old_t[1] / max(warm_t[1], 1e-9):.1f}x"])  # fmt: skip
    print(f"{args.scenario} on {DATASET}: {len(net.assets)} assets, {s.days} days, "
          f"load average {load_before:.1f} before, {load_after:.1f} after "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    old = "old route (scratch)" + (", every 5th case, scaled" if args.quick else "")
    print_table(["cases", "LPs", "warm wall s", "warm CPU s", "warm CPU ms/LP",
                 f"{old} wall s", "old CPU s", "old CPU ms/LP", "old/warm CPU"], rows)  # fmt: skip
    print(f"same impacts on both routes: {'yes' if diff <= 1e-6 else 'NO'} "
          f"(largest difference {diff:.1e} mcm over {len(scratch)} cases)")  # fmt: skip
    print(
        f"top-{TOP} N-1/N-2 target < {TARGET_S:.0f} s: "
        f"{'ok' if warm_all[0] < TARGET_S else 'OVER'} ({warm_all[0]:.1f} s wall)"
    )
    print()
    print_table(
        ["rank", "case", "kind", "added unserved mcm", "two alone mcm", "excess mcm"],
        [[str(i.rank), i.asset, i.kind, f"{i.added_unserved_mcm:.1f}",
          "" if i.singles_added_mcm is None else f"{i.singles_added_mcm:.1f}",
          "" if i.excess_mcm is None else f"{i.excess_mcm:.1f}"] for i in ranked[:15]],
    )  # fmt: skip


if __name__ == "__main__":
    main()

"""Missile-defence options: greedy (plain and lazy) and the exact HiGHS optimum on the coverage
table, against the naive search an analyst would write (evaluate every set afresh).

Run alone: ``.venv/bin/python bench/md_options.py [--resolution-km 50] [--max-count 3]``.

The peer, measured in the same run, enumerates every set of at most ``--max-count`` candidate
bundles of ``us-third-site-2008`` and evaluates each with ``coverage.evaluate`` (the real
objective, no table). Its best share must equal the exact optimum's evaluated share, and the
ratio of its time to the table's (build + exact search) is the speed-up reported.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import COVERED, evaluate, territory_grid, threat_field
from bucarest.missile_defence.domain.options import (
    candidate_bundles,
    coverage_table,
    exact_optimum,
    greedy,
    with_bundles,
)

COUNTRIES = ("TUR", "GRC", "BGR", "ROU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resolution-km", type=float, default=50.0)
    parser.add_argument("--max-count", type=int, default=3)
    args = parser.parse_args()
    cat = load_catalogue()
    arch = cat.architecture("us-third-site-2008")
    field = threat_field(cat, "iran-2008", territory_grid(COUNTRIES, args.resolution_km))
    pool = candidate_bundles(cat, arch)
    rows: list[list[object]] = []

    t0 = time.perf_counter()
    table = coverage_table(field, cat, arch, pool)
    t_table = time.perf_counter() - t0
    rows.append(
        [f"coverage table ({len(table.pairs)} pairs that engage)", f"{t_table:.2f}", "", ""]
    )
    for lazy in (False, True):
        t0 = time.perf_counter()
        steps, evals = greedy(table, budget=args.max_count, lazy=lazy)
        dt = time.perf_counter() - t0
        share = table.share([table.bundles.index(s.bundle) for s in steps])
        rows.append([f"greedy ({'lazy' if lazy else 'plain'})", f"{dt:.3f}", evals, f"{share:.4f}"])
    t0 = time.perf_counter()
    exact = exact_optimum(table, budget=args.max_count)
    t_exact = time.perf_counter() - t0
    rows.append([f"exact (HiGHS), {len(exact.optima)} optimal set(s)", f"{t_exact:.3f}", "",
                 f"{exact.share:.4f}"])  # fmt: skip

    threatened = field.grid.area_km2[field.threatened].sum()
    t0 = time.perf_counter()
    best, calls = -1.0, 0
    for r in range(args.max_count + 1):
        for combo in itertools.combinations(pool, r):
            status = evaluate(field, cat, with_bundles(arch, combo)).status
            best = max(best, float(field.grid.area_km2[status == COVERED].sum() / threatened))
            calls += 1
    t_naive = time.perf_counter() - t0
    rows.append(["naive: evaluate every set", f"{t_naive:.2f}", calls, f"{best:.4f}"])
    print(f"us-third-site-2008 + {len(pool)} bundles, iran-2008, {', '.join(COUNTRIES)} at "
          f"{args.resolution_km:g} km, at most {args.max_count} bundles")  # fmt: skip
    print_table(["search", "seconds", "evaluations", "covered share"], rows)
    ratio = t_naive / (t_table + t_exact)
    agree = abs(best - exact.share) < 1e-6
    print(f"\ntable + exact is {ratio:.1f}x faster than the naive search; same optimum: {agree}")


if __name__ == "__main__":
    main()

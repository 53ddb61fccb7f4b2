"""A kept model's first solve on both asset-level winters, with and without decision 66.

Run alone: ``.venv/bin/python bench/energy_first_solve.py`` (``--rounds N``: each case N
times, interleaved; the table gives medians). Each case is a scenario on an asset-level
network over its first 90 days, cooperative, perfect foresight: ``russian-halt-2009-q1`` on
``winter-2008-09-assets`` and ``full-russian-halt`` on ``recent-2023-24-assets`` (cut to 1
October - 29 December 2023 by ``first_days``). ``fresh`` is the shipped route
(``lp.FRESH_FIRST_ROUND``: the first round of deliverability lines a model's first solve
adds is solved afresh with presolve); ``warm`` goes on from the basis, the route of decision
60. Both must reach the same total unserved; the ratio is warm's solve time over fresh's in
the same round, and the order of the two alternates from round to round.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain import lp
from bucarest.energy.domain.scenario import Mode, Scenario
from bucarest.energy.domain.solve import assign_solution, create_model, solve_model

CASES = (("winter-2008-09-assets", "russian-halt-2009-q1"),
         ("recent-2023-24-assets", "full-russian-halt"))  # fmt: skip
DAYS = 90


def first_days(s: Scenario, days: int) -> Scenario:
    """``s`` over its first ``days`` days: every event cut at the new end, or dropped if it
    starts after it."""
    if days >= s.days:
        return s
    end = s.start + timedelta(days=days - 1)

    def cut(events: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(e, end=min(e.end, end)) for e in events
                     if e.start <= end)  # fmt: skip

    return dataclasses.replace(s, end=end, disruptions=cut(s.disruptions),
                               demand_shocks=cut(s.demand_shocks),
                               mitigations=cut(s.mitigations))  # fmt: skip


def solve_once(network, scenario, fresh: bool) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Solve seconds and total unserved (mcm), with ``lp.FRESH_FIRST_ROUND = fresh``."""
    lp.FRESH_FIRST_ROUND = fresh
    try:
        model = create_model(network, scenario)
        t0 = time.perf_counter()
        raw = solve_model(model, Mode.COOPERATIVE)
        seconds = time.perf_counter() - t0
        total = assign_solution(model, raw, Mode.COOPERATIVE).total_unserved_mcm
    finally:
        lp.FRESH_FIRST_ROUND = True
    return seconds, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each case, interleaved; the table gives medians")  # fmt: skip
    args = parser.parse_args()
    lp.ENGINE = "highspy"
    rows = []
    for dataset, scenario_id in CASES:
        network = load_dataset(dataset)
        scenario = first_days(scenario_for(load_scenarios()[scenario_id], network), DAYS)
        times: dict[bool, list[float]] = {True: [], False: []}
        totals: dict[bool, float] = {}
        for r in range(args.rounds):
            # the order alternates: the first solve in a process pays for warming up
            for fresh in (True, False) if r % 2 else (False, True):
                seconds, totals[fresh] = solve_once(network, scenario, fresh)
                times[fresh].append(seconds)
        med = {k: statistics.median(v) for k, v in times.items()}
        ratios = [w / f for f, w in zip(times[True], times[False], strict=True)]
        same = abs(totals[True] - totals[False]) <= 1e-6 * max(totals[True], 1.0)
        rows.append([f"{dataset}, {scenario_id}", f"{med[True]:.2f}", f"{med[False]:.2f}",
                     f"{statistics.median(ratios):.2f}", f"{totals[True]:.3f}",
                     "yes" if same else "NO"])  # fmt: skip
    print(f"cooperative, perfect foresight, first {DAYS} days; median of {args.rounds} round(s)")
    print_table(["case", "fresh s", "warm s", "warm / fresh", "unserved mcm", "same total"], rows)


if __name__ == "__main__":
    main()

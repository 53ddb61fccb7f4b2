"""The asset-level winter 2008-09 over 90 days: both sharing modes, and PyPSA's least total.

Run alone: ``.venv/bin/python bench/energy_pypsa.py``. The network is
``winter-2008-09-assets`` (every interconnection point, storage site and LNG terminal its
own component), the scenario ``russian-halt-2009-q1`` (1 January to 31 March 2009)
rewritten for it by ``scenario_for``. Targets (issue 13): cooperative under 5 s, national
first under 2 s, on the persistent HiGHS model (``lp.ENGINE = "highspy"``). The peer is PyPSA
building and optimising the same network and days (exported by ``bucarest.energy.pypsa_io``,
with the storage deliverability rows added to its linopy model by ``add_deliverability``)
with HiGHS: one LP, the least total unserved, which both modes must reach. ``--rounds N``
runs the three N times, interleaved, and prints medians (this machine's times drift by a
fifth from run to run); the ratio is each mode's solve time over PyPSA's build plus solve
in the same round.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain import lp
from bucarest.energy.domain.scenario import Mode
from bucarest.energy.domain.solve import assign_solution, create_model, solve_model
from bucarest.energy.pypsa_io import add_deliverability, to_pypsa


def pypsa_least_total(network, scenario) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """PyPSA's least total unserved (mcm), its build and its solve time (s)."""
    t0 = time.perf_counter()
    n = to_pypsa(network, scenario)
    n.optimize.create_model(include_objective_constant=False)
    add_deliverability(n, network, scenario)
    built = time.perf_counter()
    status, condition = n.model.solve(
        solver_name="highs", progress=False, output_flag=False, threads=1
    )
    solved = time.perf_counter()
    if status != "ok":
        raise SystemExit(f"PyPSA did not solve: {condition}")
    gen = n.model.variables["Generator-p"].solution
    names = [str(g) for g in gen.coords["name"].values if str(g).startswith("unserved")]
    return float(gen.sel(name=names).sum()), built - t0, solved - built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each model, interleaved; the table gives medians")  # fmt: skip
    args = parser.parse_args()
    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    network = load_dataset("winter-2008-09-assets")
    winter = load_scenarios()["russian-halt-2009-q1"]
    scenario = scenario_for(winter, network)
    lp.ENGINE = "highspy"
    modes = (Mode.COOPERATIVE, Mode.NATIONAL)
    build: dict[str, list[float]] = {}
    solve: dict[str, list[float]] = {}
    totals: dict[str, float] = {}
    lps: dict[str, int] = {}
    ratio: dict[str, list[float]] = {m.value: [] for m in modes}
    for _ in range(args.rounds):
        for mode in modes:
            t0 = time.perf_counter()
            model = create_model(network, scenario)
            build.setdefault(mode.value, []).append(time.perf_counter() - t0)
            raw = solve_model(model, mode)
            solve.setdefault(mode.value, []).append(raw.solve_seconds)
            totals[mode.value] = assign_solution(model, raw, mode).total_unserved_mcm
            lps[mode.value] = raw.solves
        total, p_build, p_solve = pypsa_least_total(network, scenario)
        build.setdefault("pypsa", []).append(p_build)
        solve.setdefault("pypsa", []).append(p_solve)
        totals["pypsa"] = total
        for mode in modes:
            ratio[mode.value].append(solve[mode.value][-1] / (p_build + p_solve))
    med = statistics.median
    rows = [[f"bucarest {m.value} ({lps[m.value]} LPs)", f"{med(build[m.value]):.2f}",
             f"{med(solve[m.value]):.2f}", f"{totals[m.value]:.3f}"] for m in modes]  # fmt: skip
    rows.append(["PyPSA least total (1 LP)", f"{med(build['pypsa']):.2f}",
                 f"{med(solve['pypsa']):.2f}", f"{totals['pypsa']:.3f}"])  # fmt: skip
    print(f"{network.id}, {scenario.id}: {scenario.days} days ({scenario.start} to "
          f"{scenario.end}), {model.n_vars} columns; median of {args.rounds} round(s)")  # fmt: skip
    print_table(["model", "build s", "solve s", "unserved mcm"], rows)
    for mode, target in ((Mode.COOPERATIVE, 5.0), (Mode.NATIONAL, 2.0)):
        t = med(solve[mode.value])
        same = abs(totals[mode.value] - totals["pypsa"]) <= 1e-6 * max(totals["pypsa"], 1.0)
        runs = ", ".join(f"{v:.2f}" for v in solve[mode.value])
        print(f"{mode.value}: {t:.2f} s (runs {runs}), target < {target:.0f} s: "
              f"{'ok' if t < target else 'OVER'}; / PyPSA build+solve "
              f"{med(ratio[mode.value]):.2f}; same total as PyPSA: {'yes' if same else 'NO'}")  # fmt: skip


if __name__ == "__main__":
    main()

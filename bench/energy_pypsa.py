"""The asset-level winter 2008-09 over 90 days: both sharing modes, and PyPSA's least total.

Run alone: ``.venv/bin/python bench/energy_pypsa.py``. The network is
``winter-2008-09-assets`` (every interconnection point, storage site and LNG terminal its
own component), the scenario ``russian-halt-2009-q1`` (1 January to 31 March 2009)
rewritten for it by ``scenario_for``. Targets (issue 13): cooperative under 5 s, national
first under 2 s, on the persistent HiGHS model (``lp.ENGINE = "highspy"``). The peer is PyPSA
building and optimising the same network and days (exported by ``bucarest.energy.pypsa_io``,
with the storage deliverability rows added to its linopy model by ``add_deliverability``)
with HiGHS: one LP, the least total unserved, which both modes must reach. Each time is one
run (build apart); the ratio is each mode's solve time over PyPSA's build plus solve.
"""

from __future__ import annotations

import logging
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
    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    network = load_dataset("winter-2008-09-assets")
    winter = load_scenarios()["russian-halt-2009-q1"]
    scenario = scenario_for(winter, network)
    lp.ENGINE = "highspy"
    rows, seconds, totals = [], {}, {}
    for mode in (Mode.COOPERATIVE, Mode.NATIONAL):
        t0 = time.perf_counter()
        model = create_model(network, scenario)
        build = time.perf_counter() - t0
        raw = solve_model(model, mode)
        seconds[mode] = raw.solve_seconds
        totals[mode] = assign_solution(model, raw, mode).total_unserved_mcm
        rows.append([f"bucarest {mode.value} ({raw.solves} LPs)", f"{build:.2f}",
                     f"{raw.solve_seconds:.2f}", f"{totals[mode]:.3f}"])  # fmt: skip
    total, p_build, p_solve = pypsa_least_total(network, scenario)
    rows.append(["PyPSA least total (1 LP)", f"{p_build:.2f}", f"{p_solve:.2f}", f"{total:.3f}"])
    print(f"{network.id}, {scenario.id}: {scenario.days} days ({scenario.start} to "
          f"{scenario.end}), {model.n_vars} columns")  # fmt: skip
    print_table(["model", "build s", "solve s", "unserved mcm"], rows)
    peer = p_build + p_solve
    for mode, target in ((Mode.COOPERATIVE, 5.0), (Mode.NATIONAL, 2.0)):
        same = abs(totals[mode] - total) <= 1e-6 * max(total, 1.0)
        print(f"{mode.value}: {seconds[mode]:.2f} s, target < {target:.0f} s: "
              f"{'ok' if seconds[mode] < target else 'OVER'}; / PyPSA least total "
              f"{seconds[mode] / peer:.2f}; same total as PyPSA: {'yes' if same else 'NO'}")  # fmt: skip


if __name__ == "__main__":
    main()

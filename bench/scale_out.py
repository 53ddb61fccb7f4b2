"""Scale-out of batch work: one missile-defence sweep serially and on Dask LocalClusters of 1
and 2 workers (speed-up, efficiency), then the scheduler's cost per task on a cluster of
more worker processes than cores.

Run alone: ``.venv/bin/python bench/scale_out.py [--variants 200] [--resolution-km 25]
[--chunk-size 1] [--single-thread] [--energy | --energy-only] [--rounds 3]``.

With ``--energy`` (or ``--energy-only``), the asset-level N-1 ranking of ``jan-2009`` on
``winter-2008-09-assets`` (every asset lost in turn, one least-total LP each) runs the same
three ways, through :func:`bucarest.energy.domain.critical.evaluate_with`: chunks of cases
(:func:`~bucarest.energy.domain.critical.case_chunks`), one Dask task each, the network and
scenario scattered once; serially, one model serves every case (what ``--scheduler none``
does); the ranking is checked equal to the serial one.

The sweep is the issue's: ``us-third-site-2008`` against ``iran-2008`` over all Allied
territory on ``--on``, the GBI's burnout speed taking ``--variants`` values from 5 to 9 km/s,
each value one task of :func:`bucarest.platform.batch.run_batch` (the seam ``md sweep``
uses). Every distributed answer is checked equal to the serial one. Times exclude starting
the cluster (printed apart) and include sending the threat field to the workers.

Scheduler overhead is measured two ways: (a) the wall time per task of empty tasks on a
cluster of ``2 × cores`` single-threaded worker processes (the scheduler's own cost, which
bounds how small a task may usefully be); (b) on the 2-worker run, the time not spent inside
tasks, per task, as a share of the mean task time at the chosen chunk size.

On a shared machine the figures are indicative only: rerun on a quiet one. The CPU seconds
per value (inside the task) do not depend on how busy the machine is: equal figures
serially and in the workers mean the workers do no extra work, and the wall-clock speed-up
on a quiet machine follows from them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.core.batch import one_thread_per_task
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import territory_for, threat_field
from bucarest.missile_defence.domain.deployment import deployed_on
from bucarest.missile_defence.domain.options import SweepInputs, SweepPoint, sweep_point
from bucarest.platform.batch import close_clients, run_batch, runner
from bucarest.registry.data import load_embedded_registry

PATH = "interceptor:gbi-2stage.burnout_speed_km_s"


def timed_point(shared: SweepInputs, value: float) -> tuple[SweepPoint, float, float]:
    """One sweep task, with the wall and CPU seconds it took inside the worker (the CPU time
    of the whole process: its kernel threads too, when it runs serially)."""
    cat, arch, threat, field, path, shots = shared
    t0, c0 = time.perf_counter(), time.process_time()
    point = sweep_point(cat, arch, threat, field, path, value, shots)
    return point, time.perf_counter() - t0, time.process_time() - c0


def nothing(_shared: None, item: int) -> int:
    return item


def run_on(
    spec: str, values: list[float], shared: SweepInputs, chunk: int | None
) -> dict[str, Any]:
    """The sweep on ``spec``: wall time, start-up time, results, seconds inside tasks."""
    t0 = time.perf_counter()
    if spec != "none":
        runner(spec, connect=True)
    started = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = run_batch(timed_point, values, shared, chunk_size=chunk, scheduler=spec)
    wall = time.perf_counter() - t0
    return {"wall": wall, "start": started, "points": [p for p, _s, _c in out],
            "inside": sum(s for _p, s, _c in out), "cpu": sum(c for _p, _s, c in out) / len(out)}  # fmt: skip


def energy_ranking(rounds: int) -> None:
    """The asset-level N-1 ranking serially and on 1 and 2 workers, ``rounds`` times in turn
    (one table of medians). The clusters are started once, before the first round; each
    round runs the three one after the other, so that the machine's drift (its speed varies
    by 20-40 % from minute to minute here) falls alike on each, and the speed-up is the median
    of the rounds' own ratios."""
    from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
    from bucarest.energy.domain.critical import case_chunks, evaluate_with, rank_assets

    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    print(f"asset-level N-1 ranking: jan-2009 on winter-2008-09-assets, {len(net.assets)} "
          f"assets in {len(case_chunks([(a,) for a in net.assets]))} tasks, "
          f"{rounds} round(s)")  # fmt: skip
    started: dict[int, float] = {}
    runs = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        runs[workers] = runner(f"local:{workers}", chunk_size=1, connect=True)
        started[workers] = time.perf_counter() - t0
    walls: dict[str, list[float]] = {"serial": [], "1": [], "2": []}
    serial = None
    for r in range(rounds):
        t0 = time.perf_counter()
        serial = rank_assets(net, s, None)  # one model for every case: the serial path
        walls["serial"].append(time.perf_counter() - t0)
        for workers, run in runs.items():
            t0 = time.perf_counter()
            spread = rank_assets(net, s, None, evaluate=evaluate_with(run))
            walls[str(workers)].append(time.perf_counter() - t0)
            assert spread == serial, "a distributed ranking differs from the serial one"
        print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in walls.items()))
    close_clients()
    med = {k: statistics.median(v) for k, v in walls.items()}
    rows: list[list[object]] = [
        ["serial (--scheduler none)", f"{med['serial']:.1f}", "", "1.00", ""]
    ]
    for workers in (1, 2):
        ratio = statistics.median(
            a / b for a, b in zip(walls["serial"], walls[str(workers)], strict=True)
        )
        rows.append([f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}",
                     f"{med[str(workers)]:.1f}", f"{started[workers]:.1f}", f"{ratio:.2f}",
                     f"{ratio / workers:.0%}"])  # fmt: skip
    print_table(["run", "median wall (s)", "cluster start (s)", "speed-up (median of rounds)",
                 "efficiency"], rows)  # fmt: skip
    print("answers: the distributed rankings equal the serial one, case for case")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--resolution-km", type=float, default=25.0)
    parser.add_argument("--on", default="2012-06-01")
    parser.add_argument("--chunk-size", type=int, default=1,
                        help="values per Dask task (each takes about a second at 25 km)")  # fmt: skip
    parser.add_argument("--single-thread", action="store_true",
                        help="also time the serial run with single-threaded kernels")  # fmt: skip
    parser.add_argument("--empty-tasks", type=int, default=2000)
    parser.add_argument("--skip-one-worker", action="store_true",
                        help="leave out the 1-worker cluster (for time, on long sweeps)")  # fmt: skip
    parser.add_argument("--energy", action="store_true",
                        help="also the asset-level N-1 ranking, serially and on 1 and 2 workers")  # fmt: skip
    parser.add_argument("--energy-only", action="store_true",
                        help="only the asset-level N-1 ranking")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds: every way of running (serial, 1 and 2 workers) in turn, medians reported")  # fmt: skip
    args = parser.parse_args()
    if args.energy_only:
        energy_ranking(args.rounds)
        return
    cores = os.cpu_count() or 1
    reg, cat = load_embedded_registry(), load_catalogue()
    day = date.fromisoformat(args.on)
    dep = deployed_on(cat, cat.architecture("us-third-site-2008"), day)
    grid = territory_for(reg, day, None, args.resolution_km)
    field = threat_field(dep.catalogue, "iran-2008", grid, True)
    shared: SweepInputs = (dep.catalogue, dep.architecture, "iran-2008", field, PATH, 1)
    n = args.variants
    values = [round(5.0 + 4.0 * i / max(1, n - 1), 6) for i in range(n)]
    print(f"{n} variants of {PATH}, {grid.lat.size} cells at {args.resolution_km:g} km, "
          f"{field.point.size} trajectories, {cores} cores, chunk size {args.chunk_size}")  # fmt: skip

    # the clusters start once (timed apart); each round runs every way in turn, so that the
    # machine's drift falls alike on each, and a speed-up is the median of the rounds' ratios
    started = {}
    for workers in (1, 2):
        if workers == 1 and args.skip_one_worker:
            continue
        t0 = time.perf_counter()
        runner(f"local:{workers}", connect=True)
        started[workers] = time.perf_counter() - t0
    ways = ["none", *(["one-thread"] if args.single_thread else []),
            *(["local:1"] if not args.skip_one_worker else []), "local:2"]  # fmt: skip
    got: dict[str, list[dict[str, Any]]] = {w: [] for w in ways}
    for r in range(args.rounds):
        for way in ways:
            if way == "one-thread":
                with one_thread_per_task():
                    out = run_on("none", values, shared, None)
            else:
                out = run_on(way, values, shared, None if way == "none" else args.chunk_size)
            got[way].append(out)
            assert out["points"] == got["none"][0]["points"], f"{way} differs from the serial sweep"
        print(f"round {r + 1}: " + ", ".join(f"{w} {got[w][-1]['wall']:.1f} s" for w in ways))
    close_clients()
    names = {"none": "serial (--scheduler none, kernel threads)",
             "one-thread": "serial, one kernel thread",
             "local:1": "LocalCluster, 1 worker", "local:2": "LocalCluster, 2 workers"}  # fmt: skip
    workers_of = {"none": 1, "one-thread": 1, "local:1": 1, "local:2": 2}
    rows: list[list[object]] = []
    for way in ways:
        walls = [g["wall"] for g in got[way]]
        vs = [statistics.median(a["wall"] / b["wall"] for a, b in zip(got[ref], got[way], strict=True))
              for ref in ("none", "one-thread") if ref in got]  # fmt: skip
        rows.append([names[way], f"{statistics.median(walls):.1f}",
                     f"{started[workers_of[way]]:.1f}" if way.startswith("local") else "",
                     *(f"{v:.2f}" for v in vs),
                     f"{statistics.median(g['cpu'] for g in got[way]):.2f}"])  # fmt: skip
    refs = ["speed-up vs serial"] + (["vs one-thread serial"] if args.single_thread else [])
    print_table(["run", "median wall (s)", "cluster start (s)", *refs, "CPU s per value"], rows)
    print("answers: every distributed sweep point equals the serial one")
    runs = {2: got["local:2"][-1]}

    # (b) time outside the tasks on the 2-worker run, per task.
    two = runs[2]
    tasks = -(-n // args.chunk_size)
    per_task = two["inside"] / tasks
    outside = max(0.0, (two["wall"] * 2 - two["inside"]) / tasks)
    # (a) empty tasks on more worker processes than cores.
    many = 2 * cores
    spec = f"local:{many}"
    runner(spec, connect=True)
    items = list(range(args.empty_tasks))
    t0 = time.perf_counter()
    got = run_batch(nothing, items, None, chunk_size=1, scheduler=spec)
    empty = (time.perf_counter() - t0) / len(items)
    close_clients()
    assert got == items
    print()
    print_table(
        ["scheduler overhead", "per task (ms)", "share of task time"],
        [
            [f"empty tasks, {many} workers on {cores} cores", f"{empty * 1000:.2f}",
             f"{empty / per_task:.2%}"],
            [f"sweep on 2 workers, chunk size {args.chunk_size}: time outside tasks "
             "(sending the field, the last tasks' tail, scheduling)",
             f"{outside * 1000:.1f}", f"{outside / per_task:.2%}"],
        ],
    )  # fmt: skip
    print(f"mean task time: {per_task * 1000:.0f} ms ({args.chunk_size} value(s) per task)")
    if args.energy:
        print()
        energy_ranking(args.rounds)


if __name__ == "__main__":
    main()

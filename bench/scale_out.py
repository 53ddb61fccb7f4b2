"""Scale-out of batch work: one missile-defence sweep serially and on Dask LocalClusters of 1
and 2 workers (speed-up, efficiency), then the scheduler's cost per task on a cluster of
more worker processes than cores.

Run alone: ``.venv/bin/python bench/scale_out.py [--variants 200] [--resolution-km 25]
[--chunk-size 1] [--single-thread] [--energy | --energy-only]``.

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
    close_clients()
    return {"wall": wall, "start": started, "points": [p for p, _s, _c in out],
            "inside": sum(s for _p, s, _c in out), "cpu": sum(c for _p, _s, c in out) / len(out)}  # fmt: skip


def energy_ranking() -> None:
    """The asset-level N-1 ranking serially and on 1 and 2 workers (one table)."""
    from bucarest.energy.data import load_dataset, load_scenarios, scenario_for
    from bucarest.energy.domain.critical import case_chunks, evaluate_with, rank_assets

    net = load_dataset("winter-2008-09-assets")
    s = scenario_for(load_scenarios()["jan-2009"], net)
    print(f"asset-level N-1 ranking: jan-2009 on winter-2008-09-assets, {len(net.assets)} "
          f"assets in {len(case_chunks([(a,) for a in net.assets]))} tasks")  # fmt: skip
    t0 = time.perf_counter()
    serial = rank_assets(net, s, None)  # one model for every case: the serial path
    base = time.perf_counter() - t0
    rows: list[list[object]] = [["serial (--scheduler none)", f"{base:.1f}", "", "1.00", ""]]
    print(*rows[-1], sep="  ")
    for workers in (1, 2):
        spec = f"local:{workers}"
        t0 = time.perf_counter()
        run = runner(spec, chunk_size=1, connect=True)
        started = time.perf_counter() - t0
        t0 = time.perf_counter()
        spread = rank_assets(net, s, None, evaluate=evaluate_with(run))
        wall = time.perf_counter() - t0
        close_clients()
        assert spread == serial, "a distributed ranking differs from the serial one"
        speed = base / wall
        rows.append([f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}",
                     f"{wall:.1f}", f"{started:.1f}", f"{speed:.2f}", f"{speed / workers:.0%}"])  # fmt: skip
        print(*rows[-1], sep="  ")
    print_table(["run", "wall (s)", "cluster start (s)", "speed-up", "efficiency"], rows)
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
    parser.add_argument("--energy", action="store_true",
                        help="also the asset-level N-1 ranking, serially and on 1 and 2 workers")  # fmt: skip
    parser.add_argument("--energy-only", action="store_true",
                        help="only the asset-level N-1 ranking")  # fmt: skip
    args = parser.parse_args()
    if args.energy_only:
        energy_ranking()
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

    serial = run_on("none", values, shared, None)
    rows: list[list[object]] = [
        [
            "serial (--scheduler none)",
            f"{serial['wall']:.1f}",
            "",
            "1.00",
            "",
            f"{serial['cpu']:.2f}",
        ]
    ]
    print(*rows[-1], sep="  ")
    if args.single_thread:
        with one_thread_per_task():
            single = run_on("none", values, shared, None)
        assert single["points"] == serial["points"]
        rows.append(["serial, one kernel thread", f"{single['wall']:.1f}", "",
                     f"{serial['wall'] / single['wall']:.2f}", "", f"{single['cpu']:.2f}"])  # fmt: skip
        print(*rows[-1], sep="  ")
    runs: dict[int, dict[str, Any]] = {}
    for workers in (1, 2):
        runs[workers] = r = run_on(f"local:{workers}", values, shared, args.chunk_size)
        assert r["points"] == serial["points"], "a distributed sweep differs from the serial one"
        speed = serial["wall"] / r["wall"]
        rows.append([f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}",
                     f"{r['wall']:.1f}", f"{r['start']:.1f}", f"{speed:.2f}",
                     f"{speed / workers:.0%}", f"{r['cpu']:.2f}"])  # fmt: skip
        print(*rows[-1], sep="  ")
    print_table(["run", "wall (s)", "cluster start (s)", "speed-up", "efficiency",
                 "CPU s per value"], rows)  # fmt: skip
    print("answers: every distributed sweep point equals the serial one")

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
        energy_ranking()


if __name__ == "__main__":
    main()

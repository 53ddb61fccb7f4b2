"""Helpers shared by the benchmarks: timing, a plain-text table, a served app."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx


def time_calls(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of ``repeat`` calls of ``fn``, in milliseconds each."""
    fn()  # warm caches first
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100.0 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """Median, p99 and max."""
    return statistics.median(values), percentile(values, 99), max(values)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows under headers, columns aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, r in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


@contextlib.contextmanager
def served(ready_path: str = "/about") -> Iterator[str]:
    """``bucarest serve`` on a free port and a fresh SQLite file; yields the base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    env = {**os.environ, "BUCAREST_DATABASE_URL": f"sqlite:///{db}"}
    exe = Path(sys.executable).with_name("bucarest")
    server = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + ready_path, timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)

"""Open-loop load on ``bucarest serve``: latency percentiles at a fixed request rate.

Run alone: ``.venv/bin/python bench/api_load.py [--rate 200] [--seconds 20]``.
Target (issue 2): p99 under 50 ms at 200 requests/s on a 2-core machine.

Requests are sent on a fixed schedule whatever the server's pace (open loop),
and latency counts from the scheduled send time, so a stalled server cannot
hide its queue (no coordinated omission). The peer row is the same server
serving a small static file (the favicon: the framework's floor) at
the same rate; the ratio is our p99 over that floor's p99.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _support import percentile, print_table, served

MIX = [
    "/api/v1/members?framework=nato&on=2008-04-03",
    "/api/v1/countries/MLT",
    "/api/v1/changes?from=2008-04-03&to=2009-04-04",
    "/api/v1/accession/ALB?on=2009-01-01",
    "/api/v1/standing?on=2008-04-03",
    "/api/v1/members?framework=pfp&on=2000-01-01&lang=fr",
]


async def run_load(base: str, paths: list[str], rate: float, seconds: float) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10.0) as client:
        start = time.perf_counter()
        total = int(rate * seconds)

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                r = await client.get(paths[i % len(paths)])
                if r.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - scheduled) * 1000.0)

        await asyncio.gather(*(one(i) for i in range(total)))
        elapsed = time.perf_counter() - start
    return {
        "n": len(latencies),
        "errors": errors,
        "rate": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p90": percentile(latencies, 90),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with served("/api/v1/frameworks") as base:
        asyncio.run(run_load(base, MIX, args.rate, 3.0))  # warm-up
        ours = asyncio.run(run_load(base, MIX, args.rate, args.seconds))
        floor = asyncio.run(run_load(base, ["/static/img/favicon.svg"], args.rate, args.seconds))
    print(
        f"open-loop load, {args.rate:.0f} req/s target for {args.seconds:.0f} s, "
        f"uvicorn single process, SQLite, {os.cpu_count()} cores (generator on the same machine)"
    )
    rows = []
    for name, r in [
        ("registry API mix (6 routes)", ours),
        ("peer: a static file (favicon)", floor),
    ]:
        rows.append([name, r["n"], r["errors"], f"{r['rate']:.0f}", f"{r['p50']:.1f}",
                     f"{r['p90']:.1f}", f"{r['p99']:.1f}", f"{r['max']:.1f}"])  # fmt: skip
    print_table(["load", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"],
                rows)  # fmt: skip
    ratio = float(ours["p99"]) / float(floor["p99"])  # type: ignore[arg-type]
    verdict = "ok" if float(ours["p99"]) < 50 else "OVER"  # type: ignore[arg-type]
    print(f"p99 target < 50 ms: {verdict}; ours/peer p99 ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()

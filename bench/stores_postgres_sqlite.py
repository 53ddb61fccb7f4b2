"""TAXII ingest and page reads, and registry API reads, on PostgreSQL and on SQLite, side by
side in one run.

Run alone::

    .venv/bin/python bench/stores_postgres_sqlite.py [--objects 100000]
        [--postgres URL] [--postgres-objects N] [--clients 20] [--seconds 20]

    # the deployment-sized run: 1,000,000 objects on PostgreSQL (SQLite left out)
    BUCAREST_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python bench/stores_postgres_sqlite.py --postgres-objects 1000000 --skip-sqlite

Figures asked by issue 12 ("PostgreSQL as the store a deployment would use"): TAXII ingest
(objects/s, total time) and the p99 of a 100-object page at 20 clients, and registry API
reads, on both stores; and 1,000,000 STIX objects on PostgreSQL (ingest time, p99 page read
at 20 clients). The TAXII read target is p99 under 100 ms with 100,000 objects stored.

Each store is a fresh database: a temporary SQLite file (``--objects``, default 100,000), and
on the PostgreSQL server at ``--postgres`` (default: ``BUCAREST_BENCH_POSTGRES_URL``; an URL
of a database the user may create databases from) a scratch database made for the run and
dropped after it (``--postgres-objects``, default ``--objects``). Without a URL only SQLite
is measured. The server is ``bucarest serve --workers 2 --threads 1`` from this checkout.

Workload, the same on both stores:

1. Ingest: ``--objects`` distinct STIX 2.1 indicators posted through TAXII in envelopes of
   1,000 by ``--posters`` connections, each envelope made as it is posted (so that a
   million objects never sit in memory at once; making one costs about 1 % of posting it),
   then every status not ``complete`` polled until it is. Time from the first POST to the
   last complete status.
2. Page reads: as ``bench/desk_taxii.py`` (whose load generator this uses): ``--clients``
   keep-alive clients walking 100-object pages (``added_after`` at a random stored
   ``date_added``, then ``next``) for ``--seconds``.
3. Registry API: for each of ``GET /api/v1/members`` (NATO today), ``GET
   /api/v1/members?framework=nato&on=2008-04-03`` (a dated query) and ``GET
   /api/v1/changes?from=2008-04-03&to=2009-04-04``, ``--clients`` anonymous keep-alive
   clients asking it again and again for ``--api-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).parent))
from _support import percentile, print_table
from desk_taxii import (
    ENVELOPE,
    MEDIA,
    P99_TARGET_MS,
    PAGE,
    BenchError,
    Ingest,
    Reads,
    Target,
    _load,
    _loop_factory,
    _response,
    bench_user,
    completed_statuses,
    discover,
    free_port,
    manifest_dates,
    page_reads,
    process,
)

REPO = Path(__file__).resolve().parents[1]
API_QUERIES = {
    "members (NATO today)": "/api/v1/members",
    "members on 2008-04-03": "/api/v1/members?framework=nato&on=2008-04-03",
    "changes 2008-04-03 to 2009-04-04": "/api/v1/changes?from=2008-04-03&to=2009-04-04",
}


# --- the stores -------------------------------------------------------------------------


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at ``server_url``, dropped at the end; its URL."""
    name = f"bucarest_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def server(name: str, url: str, token: str, work: Path,
           args: argparse.Namespace) -> Iterator[Target]:  # fmt: skip
    """``bucarest serve --workers W --threads T`` from this checkout over ``url``."""
    port = free_port()
    t = Target(name, f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"})
    t.log = work / f"{name}-{port}.log"
    argv = [sys.executable, "-m", "bucarest", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(args.workers), "--threads", str(args.threads)]  # fmt: skip
    env = {"PYTHONPATH": str(REPO / "src"), "BUCAREST_DATABASE_URL": url}
    with process(t.name, argv, t.log, t.base + "/taxii2/", t.headers, env=env, wait_s=300):
        discover(t)
        yield t


# --- ingest, an envelope at a time -------------------------------------------------------


def envelope(start: int, stop: int) -> bytes:
    """The objects ``start`` to ``stop - 1``: distinct indicators (object ``i`` watches the
    address 10.x.y.z that spells ``i``; ids are random)."""
    stamp = "2026-01-15T10:00:00.000Z"
    objects = []
    for i in range(start, stop):
        a, b, c = (i >> 16) & 255, (i >> 8) & 255, i & 255
        objects.append({
            "type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
            "created": stamp, "modified": stamp, "valid_from": stamp,
            "name": f"bench address {i}", "indicator_types": ["malicious-activity"],
            "pattern": f"[ipv4-addr:value = '{10 + (i >> 24)}.{a}.{b}.{c}']",
            "pattern_type": "stix",
        })  # fmt: skip
    return json.dumps({"objects": objects}).encode()


def ingest(t: Target, objects: int, posters: int, timeout: float) -> Ingest:
    """Post ``objects`` indicators in envelopes of 1,000 over ``posters`` connections, then
    poll each status not yet complete until it is."""
    starts = iter(range(0, objects, ENVELOPE))
    lock = threading.Lock()
    statuses: list[dict[str, Any]] = []
    errors: list[str] = []

    def post_all() -> None:
        with t.client(timeout) as c:
            while True:
                with lock:
                    start = next(starts, None)
                if start is None:
                    return
                body = envelope(start, min(start + ENVELOPE, objects))
                try:
                    r = c.post(t.collection + "objects/", content=body,
                               headers={"Content-Type": MEDIA})  # fmt: skip
                except httpx.HTTPError as exc:
                    errors.append(f"POST: {exc!r}")
                    continue
                if r.status_code != 202:
                    errors.append(f"POST: HTTP {r.status_code}: {r.text[:200]}")
                    continue
                statuses.append(r.json())

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(posters) as pool:
        for f in [pool.submit(post_all) for _ in range(posters)]:
            f.result()
    final = completed_statuses(t, statuses, errors, timeout)
    seconds = time.perf_counter() - t0
    ok = sum(int(s.get("success_count", 0)) for s in final)
    failed = objects - ok
    return Ingest(objects, seconds, ok, failed, errors=errors)


# --- registry API reads ----------------------------------------------------------------


@dataclass
class Gets:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # ms
    errors: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        ok = len(self.latencies) - self.errors
        return ok / self.seconds if self.seconds else 0.0


async def _getter(base: str, path: str, stop_at: float, timeout: float, out: Gets) -> None:
    """One client on one keep-alive connection (opened again if closed) asking ``path``."""
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    request = (f"GET {path} HTTP/1.1\r\nHost: {url.netloc}\r\nAccept: application/json\r\n"
               "\r\n").encode()  # fmt: skip
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < stop_at:
        t0 = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                if conn is None:
                    conn = await asyncio.open_connection(host, port)
                conn[1].write(request)
                status, body, close = await _response(conn[0])
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            out.latencies.append((time.perf_counter() - t0) * 1000.0)
            out.errors += 1
            out.messages.append(repr(exc))
            if conn is not None:
                conn[1].close()
            conn = None
            continue
        out.latencies.append((time.perf_counter() - t0) * 1000.0)
        if status != 200:
            out.errors += 1
            out.messages.append(f"HTTP {status}: {body[:200]!r}")
        if close:
            conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


def api_reads(base: str, path: str, clients: int, seconds: float, timeout: float) -> Gets:
    """``clients`` connections asking ``path`` for ``seconds``, from one event loop."""
    out = Gets(seconds)

    async def all_clients() -> None:
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(*(_getter(base, path, stop_at, timeout, out)
                               for _ in range(clients)))  # fmt: skip

    t0 = time.perf_counter()
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        runner.run(all_clients())
    out.seconds = time.perf_counter() - t0
    return out


# --- one store --------------------------------------------------------------------------


@dataclass
class StoreRun:
    store: str
    objects: int
    ingest: Ingest | None = None
    reads: Reads | None = None
    api: dict[str, Gets] = field(default_factory=dict)


def settle_statistics(url: str) -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum does on its own a
    minute or so after one (PostgreSQL; SQLite plans without them). Measured at once, the
    reads would be planned for the empty table the ingest started from."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def run_store(run: StoreRun, url: str, work: Path, args: argparse.Namespace) -> None:
    """Fill ``run`` with the figures of the store at ``url`` (a fresh database)."""
    token = bench_user(url)
    with server(run.store, url, token, work, args) as t:
        print(f"  {run.store}: ingest {run.objects:,} objects ...", flush=True)
        run.ingest = ingest(t, run.objects, args.posters, args.timeout)
        settle_statistics(url)
        print(f"  {run.store}: {run.ingest.seconds:.1f} s; reading the manifest ...", flush=True)
        dates = manifest_dates(t, args.timeout)
        run.ingest.stored = len(dates)
        if not dates:
            raise BenchError(f"{run.store}: nothing stored ({run.ingest.errors[:3]})")
        print(f"  {run.store}: page reads, {args.clients} clients for {args.seconds:.0f} s ...",
              flush=True)  # fmt: skip
        run.reads = page_reads(t, dates, args.clients, args.seconds, args.walk, args.timeout)
        del dates
        for label, path in API_QUERIES.items():
            print(f"  {run.store}: {path}, {args.clients} clients for {args.api_seconds:.0f} s ...",
                  flush=True)  # fmt: skip
            run.api[label] = api_reads(t.base, path, args.clients, args.api_seconds,
                                       args.timeout)  # fmt: skip


# --- report -----------------------------------------------------------------------------


def _ms(values: Sequence[float], q: float) -> str:
    return f"{percentile(values, q):.1f}" if values else "-"


def report(runs: list[StoreRun], args: argparse.Namespace) -> None:
    done = [r for r in runs if r.ingest is not None]
    if not done:
        return
    print(f"\n(at the end: {_load()})")
    print(f"\nTAXII ingest (envelopes of {ENVELOPE:,}; until every status is complete)")
    rows: list[list[object]] = []
    for r in done:
        assert r.ingest is not None
        i = r.ingest
        rows.append([r.store, f"{i.objects:,}", f"{i.seconds:.1f}", f"{i.rate:,.0f}", i.failed,
                     f"{i.stored:,}", len(i.errors)])  # fmt: skip
    print_table(["store", "objects", "seconds", "objects/s", "failed", "stored", "errors"], rows)
    print(f"\nTAXII page reads (GET objects/?limit={PAGE}; {args.clients} clients, "
          f"{args.seconds:.0f} s)")  # fmt: skip
    rows = []
    for r in done:
        if r.reads is None:
            continue
        v = r.reads.latencies
        rows.append([f"{r.store} @ {r.ingest.stored if r.ingest else 0:,}", len(v), _ms(v, 50),
                     _ms(v, 95), _ms(v, 99), f"{max(v):.1f}" if v else "-",
                     f"{r.reads.rate:.1f}", r.reads.errors, r.reads.timeouts])  # fmt: skip
    print_table(["store @ objects", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s",
                 "errors", "timeouts"], rows)  # fmt: skip
    print(f"\nRegistry API ({args.clients} anonymous clients, {args.api_seconds:.0f} s each)")
    rows = []
    for r in done:
        for label, g in r.api.items():
            rows.append([r.store, label, len(g.latencies), _ms(g.latencies, 50),
                         _ms(g.latencies, 99), f"{g.rate:.1f}", g.errors])  # fmt: skip
    print_table(["store", "query", "requests", "p50 ms", "p99 ms", "req/s", "errors"], rows)
    for r in done:
        for msg in (r.ingest.errors if r.ingest else [])[:3]:
            print(f"  {r.store} ingest: {msg}")
        for msg in (r.reads.messages if r.reads else [])[:3]:
            print(f"  {r.store} reads: {msg}")
        for label, g in r.api.items():
            for msg in g.messages[:3]:
                print(f"  {r.store} {label}: {msg}")

    by = {r.store: r for r in done}
    sq, pg = by.get("SQLite"), by.get("PostgreSQL")
    if sq and pg and sq.objects == pg.objects and sq.reads and pg.reads and sq.ingest and pg.ingest:
        print(f"\nRatios PostgreSQL / SQLite, same run, both at {sq.objects:,} objects")
        rows = [["ingest objects/s (higher is better)", f"{sq.ingest.rate:,.0f}",
                 f"{pg.ingest.rate:,.0f}", f"{pg.ingest.rate / sq.ingest.rate:.2f}"]]  # fmt: skip
        for q in (50, 99):
            a, b = percentile(sq.reads.latencies, q), percentile(pg.reads.latencies, q)
            rows.append([f"page p{q} ms (lower is better)", f"{a:.1f}", f"{b:.1f}", f"{b / a:.2f}"])
        for label in API_QUERIES:
            a, b = percentile(sq.api[label].latencies, 99), percentile(pg.api[label].latencies, 99)
            rows.append([f"{label} p99 ms", f"{a:.1f}", f"{b:.1f}", f"{b / a:.2f}"])
        print_table(["measure", "SQLite", "PostgreSQL", "PG/SQLite"], rows)
    print("\nTarget: page p99 < 100 ms with 20 clients (issue 12: at 100,000 objects stored)")
    for r in done:
        if r.reads and r.reads.latencies:
            p99 = percentile(r.reads.latencies, 99)
            ok = p99 < P99_TARGET_MS and not r.reads.errors and not r.reads.timeouts
            print(f"  {r.store} @ {r.objects:,}: {p99:.1f} ms -> {'ok' if ok else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100_000, help="SQLite (and PostgreSQL)")
    parser.add_argument("--postgres-objects", type=int, help="PostgreSQL (default: --objects)")
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("BUCAREST_BENCH_POSTGRES_URL"),
                        help="a PostgreSQL server (default: BUCAREST_BENCH_POSTGRES_URL)")  # fmt: skip
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="TAXII page reads")
    parser.add_argument("--api-seconds", type=float, default=10.0, help="each registry query")
    parser.add_argument("--walk", type=int, default=5, help="pages per walk (1 + next pages)")
    parser.add_argument("--posters", type=int, default=2, help="concurrent POST connections")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    pg_objects = args.postgres_objects or args.objects
    if min(args.objects, pg_objects, args.clients, args.posters, args.workers, args.threads,
           args.walk) < 1 or min(args.seconds, args.api_seconds) <= 0:  # fmt: skip
        parser.error("sizes, clients, posters, workers, threads, walk and seconds must be positive")
    if pg_objects >= 1 << 28:
        parser.error("at most 268,435,455 objects (the addresses 10.0.0.0 to 25.255.255.255)")
    if args.skip_sqlite and not args.postgres:
        parser.error("--skip-sqlite leaves nothing to measure without --postgres")

    runs = ([] if args.skip_sqlite else [StoreRun("SQLite", args.objects)]) + (
        [StoreRun("PostgreSQL", pg_objects)] if args.postgres else [])  # fmt: skip
    stores = ", ".join(f"{r.store} ({r.objects:,} objects)" for r in runs)
    print(f"TAXII and registry API on {stores}: 'bucarest serve --workers {args.workers} "
          f"--threads {args.threads}'; {args.clients} clients; {os.cpu_count()} cores, servers, "
          f"database and load generator on the same machine; {_load()}", flush=True)  # fmt: skip
    if not args.postgres:
        print("  PostgreSQL left out: give --postgres URL or BUCAREST_BENCH_POSTGRES_URL")
    with tempfile.TemporaryDirectory(prefix="stores-bench-") as tmp:
        work = Path(tmp)
        try:
            for run in runs:
                if run.store == "SQLite":
                    run_store(run, f"sqlite:///{work / 'bench.sqlite3'}", work, args)
                else:
                    with scratch_postgres(args.postgres) as url:
                        run_store(run, url, work, args)
        except BenchError as exc:
            print(f"\nbenchmark failed: {exc}", file=sys.stderr)
            report(runs, args)
            raise SystemExit(1) from None
    report(runs, args)


if __name__ == "__main__":
    main()

"""TAXII 2.1 load on the cyber-defence desk, side by side with OASIS ``medallion``.

Run alone::

    .venv/bin/python bench/desk_taxii.py [--objects 100000] [--peer-objects 10000]
        [--clients 20] [--seconds 20] [--postgres URL]

Targets (issue 6, "Speed"):

- ingest 100,000 STIX 2.1 indicators through TAXII (envelopes of 1,000, every status
  polled until ``complete``) in under 60 s;
- a 100-object page (``GET <collection>/objects/?limit=100``, filtered by the sharing
  policy) at p99 under 100 ms, with 100,000 objects stored and 20 concurrent clients.

The peer is the OASIS TAXII 2.1 reference server ``medallion`` 3.0.0 (Flask, its
``MemoryBackend``; one API root, one readable and writable collection, one user), served by
werkzeug's threaded server. The same objects and the same requests go to both servers
at ``--peer-objects`` (default 10,000: the memory backend deduplicates every posted object
by a linear scan of the collection, and its first page of a query matches objects against
the manifest pairwise, so both grow quadratically with the collection); the ratios
(ours / medallion) come from that one run. Then our server alone takes ``--objects``
(default 100,000) on a fresh database: that is the size the targets are about.

Workload, the same for both servers:

1. Ingest: ``--objects`` distinct indicators (uuid4 ids, ``[ipv4-addr:value = '…']``
   patterns) posted in envelopes of 1,000 (``application/taxii+json;version=2.1``) by
   ``--posters`` connections; a status not ``complete`` in the POST answer is polled at
   ``<root>/status/<id>/`` until it is. Time from the first POST to the last complete
   status; the stored objects are then counted through the manifest.
2. Page reads: ``--clients`` concurrent keep-alive connections for ``--seconds``: a walk
   starts with ``?limit=100&added_after=X`` (X a random ``date_added`` read from the
   manifest, never among the last 100, so the page is full) and follows ``next`` for up to
   ``--walk`` pages in all. Latency is per request, from send to the body read, for every
   request (errors included); requests/s counts the pages answered 200. A request still
   unanswered after ``--timeout`` seconds counts as a timeout and, in the percentiles, as
   the time it waited (a lower bound: such figures are printed with ``>=``).

   The clients share one event loop (uvloop when installed) and speak HTTP/1.1 on plain
   sockets; each page's JSON is decoded, as a client would, to find ``next``. The load
   generator runs on the same cores as the servers, so it must cost little: twenty
   ``httpx`` clients in threads took about as much CPU as our server's own work, and
   answers waited for the interpreter lock before their clocks stopped, which added
   tens of milliseconds to every latency, ours and medallion's alike.

Our server runs as ``bucarest serve --workers 2 --threads 1`` would (``--workers``,
``--threads``): one process per core, each with its own listening socket, on a fresh
SQLite file unless ``--postgres``. Medallion runs in its own process. Both listen on free
127.0.0.1 ports; the benchmark user is an FRA analyst authenticated
by an API token (``Authorization: Bearer``), the collection is the ``nato`` community.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import concurrent.futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _support import percentile, print_table

MEDIA = "application/taxii+json;version=2.1"
ENVELOPE = 1000
PAGE = 100
INGEST_TARGET_OBJECTS, INGEST_TARGET_S = 100_000, 60.0
P99_TARGET_MS = 100.0

_MEDALLION_SERVER = """
import logging, sys
from werkzeug.serving import make_server
from medallion import load_app
logging.getLogger("werkzeug").setLevel(logging.ERROR)
app = load_app(sys.argv[1])
make_server("127.0.0.1", int(sys.argv[2]), app, threaded=True).serve_forever()
"""


class BenchError(RuntimeError):
    """A setup step failed; the message says which."""


# --- the objects ------------------------------------------------------------------------


def indicators(n: int, seed: int = 6) -> list[dict[str, Any]]:
    """``n`` distinct, valid STIX 2.1 indicators (one IPv4 address each)."""
    rng = random.Random(seed)
    stamp = "2026-01-15T10:00:00.000Z"
    out = []
    for i in range(n):
        a, b, c = (i >> 16) & 255, (i >> 8) & 255, i & 255
        out.append({
            "type": "indicator", "spec_version": "2.1",
            "id": f"indicator--{uuid.UUID(int=rng.getrandbits(128), version=4)}",
            "created": stamp, "modified": stamp, "valid_from": stamp,
            "name": f"bench address {i}", "indicator_types": ["malicious-activity"],
            "pattern": f"[ipv4-addr:value = '10.{a}.{b}.{c}']", "pattern_type": "stix",
        })  # fmt: skip
    return out


def envelopes(objects: Sequence[dict[str, Any]], size: int = ENVELOPE) -> list[bytes]:
    """The request bodies, serialised before any clock starts."""
    return [
        json.dumps({"objects": list(objects[i : i + size])}).encode()
        for i in range(0, len(objects), size)
    ]


# --- a TAXII server under test ----------------------------------------------------------


@dataclass
class Target:
    """A running TAXII server: its name, base URL, credentials, and (once discovered)
    its API root and the collection used."""

    name: str
    base: str
    headers: dict[str, str]
    root: str = ""
    collection: str = ""
    log: Path | None = None

    def client(self, timeout: float) -> httpx.Client:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        headers = {"Accept": MEDIA, **self.headers}
        return httpx.Client(headers=headers, timeout=timeout, limits=limits)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path | None, lines: int = 15) -> str:
    if path is None or not path.exists():
        return ""
    text = path.read_text(errors="replace").splitlines()[-lines:]
    return "\n".join("    " + t for t in text)


@contextmanager
def process(name: str, argv: list[str], log: Path, ready: str, headers: dict[str, str],
            wait_s: float = 120.0, env: dict[str, str] | None = None) -> Iterator[None]:  # fmt: skip
    """Run ``argv`` (stdout and stderr to ``log``; ``env`` added to the environment) until
    ``GET ready`` answers 200."""
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})  # fmt: skip
    try:
        deadline = time.monotonic() + wait_s
        last = "no answer"
        while True:
            if proc.poll() is not None:
                raise BenchError(f"{name}: the server exited ({proc.returncode}):\n{_tail(log)}")
            try:
                r = httpx.get(ready, headers={"Accept": MEDIA, **headers}, timeout=2.0)
                if r.status_code == 200:
                    break
                last = f"HTTP {r.status_code}: {r.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            if time.monotonic() > deadline:
                raise BenchError(
                    f"{name}: {ready} not ready after {wait_s:.0f} s ({last})\n{_tail(log)}"
                )
            time.sleep(0.2)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def bench_user(url: str) -> str:
    """A fresh FRA analyst in the desk's store; returns its API token."""
    from bucarest.app import open_store
    from bucarest.core.identity import Role
    from bucarest.desk.store.records import Desk
    from bucarest.registry.data import load_embedded_registry

    name = f"bench-fra-{uuid.uuid4().hex[:8]}"
    db = open_store(url)
    try:
        with db.session() as s:
            desk = Desk(s, load_embedded_registry(), db)
            desk.accounts.create_user(name, "FRA", {Role.ANALYST}, "a long bench password")
            return desk.accounts.create_token(name, "bench")
    finally:
        db.dispose()


@contextmanager
def ours(work: Path, postgres: str | None, workers: int = 2, threads: int = 1) -> Iterator[Target]:
    """Our app as ``bucarest serve`` runs it, on a fresh SQLite file (or ``postgres``)."""
    url = postgres or f"sqlite:///{work / f'desk-{uuid.uuid4().hex[:6]}.sqlite3'}"
    token = bench_user(url)
    port = free_port()
    t = Target("bucarest", f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"})
    t.log = work / f"bucarest-{port}.log"
    argv = [sys.executable, "-m", "bucarest", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--threads", str(threads)]  # fmt: skip
    env = {"BUCAREST_DATABASE_URL": url}
    with process(t.name, argv, t.log, t.base + "/taxii2/", t.headers, env=env):
        discover(t)
        yield t


def medallion_files(work: Path, port: int, user: str, password: str) -> Path:
    """medallion's configuration and data file: one API root, one collection, one user."""
    base = f"http://127.0.0.1:{port}"
    data = {
        "/discovery": {
            "title": "medallion (bench)",
            "description": "OASIS TAXII 2.1 reference server, memory backend",
            "default": f"{base}/bench/",
            "api_roots": [f"{base}/bench/"],
        },
        "bench": {
            "information": {
                "title": "bench API root",
                "versions": [MEDIA],
                "max_content_length": 100 * 1024 * 1024,
            },
            "status": [],
            "collections": [
                {
                    "id": str(uuid.uuid4()),
                    "title": "NATO (bench)",
                    "alias": "nato",
                    "description": "everything posted by the benchmark",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],  # fmt: skip
        },
    }
    data_file = work / f"medallion-data-{port}.json"
    data_file.write_text(json.dumps(data))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(data_file),
            "session_timeout": 600,
        },
        "users": {user: password},
        "taxii": {"max_page_size": 1000},
    }
    config_file = work / f"medallion-config-{port}.json"
    config_file.write_text(json.dumps(config))
    return config_file


@contextmanager
def medallion(work: Path) -> Iterator[Target]:
    port = free_port()
    user, password = "bench", uuid.uuid4().hex
    config = medallion_files(work, port, user, password)
    basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    t = Target("medallion", f"http://127.0.0.1:{port}", {"Authorization": basic})
    t.log = work / f"medallion-{port}.log"
    argv = [sys.executable, "-c", _MEDALLION_SERVER, str(config), str(port)]
    with process(t.name, argv, t.log, t.base + "/taxii2/", t.headers):
        discover(t)
        yield t


def _get_json(c: httpx.Client, url: str, **params: str) -> dict[str, Any]:
    r = c.get(url, params=params)
    if r.status_code != 200:
        raise BenchError(f"GET {url}: HTTP {r.status_code}: {r.text[:300]}")
    body = r.json()
    if not isinstance(body, dict):
        raise BenchError(f"GET {url}: expected a JSON object, got {r.text[:200]}")
    return body


def discover(t: Target) -> None:
    """The API root (the default one, else the first) and a writable collection whose
    title or alias says "nato", as a TAXII client would find them."""
    with t.client(30.0) as c:
        disc = _get_json(c, t.base + "/taxii2/")
        roots = ([disc["default"]] if disc.get("default") else []) + list(disc.get("api_roots", []))
        if not roots:
            raise BenchError(f"{t.name}: the discovery resource names no API root: {disc}")
        t.root = urljoin(t.base + "/taxii2/", roots[0]).rstrip("/") + "/"
        cols = _get_json(c, t.root + "collections/").get("collections", [])
        for col in cols:
            label = f"{col.get('title', '')} {col.get('alias', '')}".lower()
            if "nato" in label and col.get("can_write") and col.get("can_read"):
                t.collection = f"{t.root}collections/{col['id']}/"
                return
        seen = [(col.get("title"), col.get("can_read"), col.get("can_write")) for col in cols]
        raise BenchError(f"{t.name}: no readable, writable 'nato' collection among {seen}")


# --- ingest -----------------------------------------------------------------------------


@dataclass
class Ingest:
    objects: int
    seconds: float
    succeeded: int
    failed: int
    stored: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.objects / self.seconds if self.seconds else 0.0


def _post(t: Target, bodies: list[bytes], timeout: float) -> tuple[list[dict[str, Any]], list[str]]:
    statuses, errors = [], []
    with t.client(timeout) as c:
        for body in bodies:
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
    return statuses, errors


def completed_statuses(
    t: Target, statuses: list[dict[str, Any]], errors: list[str], timeout: float
) -> list[dict[str, Any]]:
    """Each status polled until it is complete (a status still pending after ``timeout``, at
    least a minute, is kept as it stands and noted in ``errors``)."""
    final: list[dict[str, Any]] = []
    deadline = time.monotonic() + max(timeout, 60.0)
    with t.client(timeout) as c:
        for st in statuses:
            while st.get("status") != "complete":
                if time.monotonic() > deadline:
                    errors.append(f"status {st.get('id')} still {st.get('status')!r}")
                    break
                time.sleep(0.05)
                try:
                    st = _get_json(c, f"{t.root}status/{st['id']}/")
                except (httpx.HTTPError, BenchError) as exc:
                    errors.append(f"status {st.get('id')}: {exc}")
                    break
            final.append(st)
    return final


def ingest(t: Target, bodies: list[bytes], objects: int, posters: int, timeout: float) -> Ingest:
    """Post every envelope, then poll each status not yet complete until it is."""
    shares = [bodies[i::posters] for i in range(posters)]
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(posters) as pool:
        results = list(pool.map(lambda share: _post(t, share, timeout), shares))
    statuses = [s for r in results for s in r[0]]
    errors = [e for r in results for e in r[1]]
    final = completed_statuses(t, statuses, errors, timeout)
    seconds = time.perf_counter() - t0
    ok = sum(int(s.get("success_count", 0)) for s in final)
    bad = sum(int(s.get("failure_count", 0)) for s in final) + (objects - sum(
        int(s.get("total_count", 0)) for s in final))  # fmt: skip
    return Ingest(objects, seconds, ok, bad, errors=errors)


def manifest_dates(t: Target, timeout: float) -> list[str]:
    """Every ``date_added`` in the collection, in order, through the manifest."""
    out: list[str] = []
    with t.client(max(timeout, 120.0)) as c:
        params = {"limit": "1000"}
        while True:
            body = _get_json(c, t.collection + "manifest/", **params)
            out.extend(str(m["date_added"]) for m in body.get("objects", []))
            if not body.get("more") or not body.get("next"):
                return out
            params["next"] = str(body["next"])


# --- page reads -------------------------------------------------------------------------


@dataclass
class Reads:
    seconds: float
    first: list[float] = field(default_factory=list)  # ms, pages asked by added_after
    following: list[float] = field(default_factory=list)  # ms, pages asked by next
    errors: int = 0
    timeouts: int = 0
    objects: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def latencies(self) -> list[float]:
        return self.first + self.following

    @property
    def ok(self) -> int:
        """Pages answered 200 (timeouts and errors excluded)."""
        return len(self.latencies) - self.timeouts - self.errors

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """One HTTP/1.1 response: status, body, and whether the server closes the connection."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    fields = {}
    for line in head[1:]:
        name, _sep, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if "content-length" in fields:
        body = await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        body = b"".join(parts)
    else:
        body = await reader.read()
    close = fields.get("connection", "").lower() == "close" or head[0].startswith("HTTP/1.0")
    return status, body, close


async def _reader(t: Target, starts: Sequence[str], seed: int, stop_at: float, walk: int,
                  timeout: float, out: Reads) -> None:  # fmt: skip
    """One client: one keep-alive connection (opened again if the server closes it),
    walking pages until ``stop_at``."""
    rng = random.Random(seed)
    url = urlsplit(t.collection + "objects/")
    host, port = url.hostname or "127.0.0.1", url.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in {"Accept": MEDIA, **t.headers}.items())
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < stop_at:
        params = {"limit": str(PAGE), "added_after": rng.choice(starts)}
        for n in range(walk):
            if time.perf_counter() >= stop_at:
                break
            bucket = out.first if n == 0 else out.following
            request = (f"GET {url.path}?{urlencode(params)} HTTP/1.1\r\nHost: {url.netloc}\r\n"
                       f"{extra}\r\n").encode()  # fmt: skip
            t0 = time.perf_counter()
            try:
                async with asyncio.timeout(timeout):
                    if conn is None:
                        conn = await asyncio.open_connection(host, port)
                    conn[1].write(request)
                    status, body, close = await _response(conn[0])
            except TimeoutError:
                bucket.append((time.perf_counter() - t0) * 1000.0)
                out.timeouts += 1
                _closed(conn)
                conn = None
                break
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                bucket.append((time.perf_counter() - t0) * 1000.0)
                out.errors += 1
                out.messages.append(repr(exc))
                _closed(conn)
                conn = None
                break
            bucket.append((time.perf_counter() - t0) * 1000.0)
            if close:
                _closed(conn)
                conn = None
            if status != 200:
                out.errors += 1
                out.messages.append(f"HTTP {status}: {body[:200]!r}")
                break
            page = json.loads(body)
            out.objects += len(page.get("objects", []))
            if not page.get("more") or not page.get("next"):
                break
            params = {**params, "next": str(page["next"])}
    _closed(conn)


def _closed(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if conn is not None:
        conn[1].close()


async def _readers(t: Target, starts: Sequence[str], clients: int, seconds: float, walk: int,
                   timeout: float, out: Reads) -> None:  # fmt: skip
    stop_at = time.perf_counter() + seconds
    await asyncio.gather(
        *(_reader(t, starts, i, stop_at, walk, timeout, out) for i in range(clients))
    )


def page_reads(t: Target, dates: Sequence[str], clients: int, seconds: float, walk: int,
               timeout: float) -> Reads:  # fmt: skip
    """``clients`` concurrent connections walking pages for ``seconds`` (then waiting for
    the last answers, at most ``timeout``), from one event loop."""
    starts = list(dates[: max(1, len(dates) - PAGE)])
    out = Reads(seconds)
    t0 = time.perf_counter()
    runner = asyncio.Runner(loop_factory=_loop_factory())
    with runner:
        runner.run(_readers(t, starts, clients, seconds, walk, timeout, out))
    out.seconds = time.perf_counter() - t0
    return out


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


# --- report -----------------------------------------------------------------------------


def _ms(values: Sequence[float], q: float, censored: bool) -> str:
    if not values:
        return "-"
    v = percentile(values, q)
    return f"{'>=' if censored else ''}{v:.1f}"


def _ratio(a: float, b: float, bound: str = "") -> str:
    """``a / b`` to three significant digits; ``bound`` ("<=") when ``b`` is a lower bound."""
    return f"{bound}{a / b:.3g}" if b else "n/a (medallion answered none)"


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def ingest_row(label: str, r: Ingest) -> list[object]:
    return [label, f"{r.objects:,}", f"{r.seconds:.1f}", f"{r.rate:,.0f}", r.succeeded, r.failed,
            f"{r.stored:,}", len(r.errors)]  # fmt: skip


INGEST_HEADERS = ["server @ size", "objects", "seconds", "objects/s", "succeeded", "failed",
                  "stored", "errors"]  # fmt: skip


def read_rows(label: str, r: Reads) -> list[list[object]]:
    cens = r.timeouts > 0
    rows = []
    for part, values in (("all pages", r.latencies), ("  first (added_after)", r.first),
                         ("  next", r.following)):  # fmt: skip
        rows.append([
            f"{label} {part}" if part == "all pages" else part,
            len(values), _ms(values, 50, cens), _ms(values, 95, cens), _ms(values, 99, cens),
            f"{max(values):.1f}" if values else "-",
        ])  # fmt: skip
    rows[0] += [f"{r.rate:.1f}", r.errors, r.timeouts,
                f"{r.objects / r.ok:.0f}" if r.ok else "-"]  # fmt: skip
    for row in rows[1:]:
        row += ["", "", "", ""]
    return rows


READ_HEADERS = ["server @ size", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s",
                "errors", "timeouts", "objects/page"]  # fmt: skip


def _problems(name: str, ing: Ingest, rd: Reads | None) -> None:
    for msg in ing.errors[:5]:
        print(f"  {name} ingest: {msg}")
    for msg in (rd.messages if rd else [])[:5]:
        print(f"  {name} reads: {msg}")


def run_size(
    t: Target, n: int, bodies: list[bytes], args: argparse.Namespace
) -> tuple[Ingest, Reads]:
    print(f"  {t.name}: ingest {n:,} objects ...", flush=True)
    ing = ingest(t, bodies, n, args.posters, args.timeout)
    dates = manifest_dates(t, args.timeout)
    ing.stored = len(dates)
    if not dates:
        raise BenchError(f"{t.name}: nothing stored after the ingest ({ing.errors[:3]})")
    print(
        f"  {t.name}: page reads, {args.clients} clients for {args.seconds:.0f} s ...", flush=True
    )
    rd = page_reads(t, dates, args.clients, args.seconds, args.walk, args.timeout)
    return ing, rd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100_000, help="our server alone")
    parser.add_argument("--peer-objects", type=int, default=10_000, help="both servers")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--walk", type=int, default=5, help="pages per walk (1 + next pages)")
    parser.add_argument("--posters", type=int, default=2, help="concurrent POST connections")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument(
        "--postgres", metavar="URL", help="our store (default: a temporary SQLite file)"
    )
    parser.add_argument("--skip-peer", action="store_true", help="only our server at --objects")
    parser.add_argument(
        "--workers", type=int, default=2, help="our server's processes (bucarest serve --workers)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="requests per process at once (serve --threads)"
    )
    args = parser.parse_args()
    if min(args.peer_objects, args.objects, args.clients, args.posters, args.workers,
           args.threads) < 1:  # fmt: skip
        parser.error("sizes, clients, posters, workers and threads must be positive")

    store = "PostgreSQL" if args.postgres else "SQLite (temporary file)"
    print(f"TAXII 2.1 benchmark: our server as 'bucarest serve --workers {args.workers} "
          f"--threads {args.threads}'; "
          f"envelopes of {ENVELOPE:,}, {args.posters} posting connections; "
          f"pages of {PAGE}, {args.clients} clients x {args.seconds:.0f} s, walks of up to "
          f"{args.walk} pages; our store: {store}; {os.cpu_count()} cores, servers and load "
          f"generator on the same machine; {_load()}", flush=True)  # fmt: skip
    if args.postgres:
        print("  (PostgreSQL: the database is reused, so objects of earlier runs are stored too)")
    results: dict[str, tuple[Ingest, Reads]] = {}
    with tempfile.TemporaryDirectory(prefix="desk-taxii-") as tmp:
        work = Path(tmp)
        try:
            if not args.skip_peer:
                print(f"\n[1/2] side by side at {args.peer_objects:,} objects", flush=True)
                bodies = envelopes(indicators(args.peer_objects, seed=1))
                with ours(work, args.postgres, args.workers, args.threads) as t:
                    results["ours-peer"] = run_size(t, args.peer_objects, bodies, args)
                with medallion(work) as t:
                    results["medallion"] = run_size(t, args.peer_objects, bodies, args)
            print(f"\n[2/2] our server alone at {args.objects:,} objects", flush=True)
            bodies = envelopes(indicators(args.objects, seed=2))
            with ours(work, args.postgres, args.workers, args.threads) as t:
                results["ours"] = run_size(t, args.objects, bodies, args)
        except BenchError as exc:
            print(f"\nbenchmark failed: {exc}", file=sys.stderr)
            _report(results, args)
            raise SystemExit(1) from None
    _report(results, args)


def _report(results: dict[str, tuple[Ingest, Reads]], args: argparse.Namespace) -> None:
    if not results:
        return
    print(f"\n(at the end: {_load()})")
    labels = {
        "ours-peer": f"bucarest @ {args.peer_objects:,}",
        "medallion": f"medallion @ {args.peer_objects:,}",
        "ours": f"bucarest @ {args.objects:,}",
    }
    print("\nIngest (envelopes of 1,000; until every status is complete)")
    print_table(INGEST_HEADERS, [ingest_row(labels[k], r[0]) for k, r in results.items()])
    print(f"\nPage reads (GET objects/?limit={PAGE}; added_after then next; "
          f"{args.clients} clients, {args.seconds:.0f} s; latency per request)")  # fmt: skip
    print_table(
        READ_HEADERS, [row for k, r in results.items() for row in read_rows(labels[k], r[1])]
    )
    for k, (ing, rd) in results.items():
        _problems(labels[k], ing, rd)

    if "ours-peer" in results and "medallion" in results:
        (oi, orr), (mi, mr) = results["ours-peer"], results["medallion"]
        bound = "<=" if mr.timeouts else ""
        print(f"\nRatios ours / medallion, same run, both at {args.peer_objects:,} objects")
        rows = [
            ["ingest objects/s (higher is better)", f"{oi.rate:,.0f}", f"{mi.rate:,.0f}",
             _ratio(oi.rate, mi.rate)],
            ["page p50 ms (lower is better)", _ms(orr.latencies, 50, False),
             _ms(mr.latencies, 50, mr.timeouts > 0),
             _ratio(percentile(orr.latencies, 50), percentile(mr.latencies, 50), bound)
             if orr.latencies and mr.latencies else "n/a"],
            ["page p99 ms (lower is better)", _ms(orr.latencies, 99, False),
             _ms(mr.latencies, 99, mr.timeouts > 0),
             _ratio(percentile(orr.latencies, 99), percentile(mr.latencies, 99), bound)
             if orr.latencies and mr.latencies else "n/a"],
            ["page requests/s (higher is better)", f"{orr.rate:.1f}", f"{mr.rate:.1f}",
             _ratio(orr.rate, mr.rate)],
        ]  # fmt: skip
        print_table(["measure", "bucarest", "medallion", "ours/medallion"], rows)
        if mr.timeouts:
            print(f"  {mr.timeouts} medallion requests got no answer within {args.timeout:.0f} s: "
                  "its latencies are lower bounds (>=), so ours/medallion is at most (<=) the "
                  "figure shown")  # fmt: skip

    if "ours" in results:
        ing, rd = results["ours"]
        print(f"\nTargets (our server alone, {args.objects:,} objects stored)")
        scaled = INGEST_TARGET_S * ing.objects / INGEST_TARGET_OBJECTS
        ok_ingest = ing.seconds < scaled and ing.failed == 0 and not ing.errors
        p99 = percentile(rd.latencies, 99) if rd.latencies else float("inf")
        ok_read = p99 < P99_TARGET_MS and rd.errors == 0 and rd.timeouts == 0
        note = "" if ing.objects == INGEST_TARGET_OBJECTS else " (target scaled to this size)"
        print(f"  ingest {ing.objects:,} in < {scaled:.0f} s{note}: {ing.seconds:.1f} s -> "
              f"{'ok' if ok_ingest else 'MISSED'}")  # fmt: skip
        print(f"  page p99 < {P99_TARGET_MS:.0f} ms with {args.clients} clients: {p99:.1f} ms -> "
              f"{'ok' if ok_read else 'MISSED'}"
              f"{'' if ing.stored >= INGEST_TARGET_OBJECTS else ' (fewer than 100,000 stored)'}")  # fmt: skip
        print(f"  (median over all pages {statistics.median(rd.latencies):.1f} ms)"
              if rd.latencies else "")  # fmt: skip


if __name__ == "__main__":
    main()

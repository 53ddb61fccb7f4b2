"""TAXII page reads served the old way (home-made supervisor) and the new way (gunicorn), side
by side in one run.

Run alone::

    .venv/bin/python bench/serving_old_new.py [--objects 100000] [--clients 20]
        [--seconds 20] [--rounds 1] [--old-ref f19de91 | --old-src PATH]

Target (issue 12, "Standard serving"): a 100-object page (``GET <collection>/objects/
?limit=100``) at p99 under 100 ms with 100,000 objects stored, 20 concurrent clients and
2 cores, still met on gunicorn, measured beside the old figure.

The old server is the project at ``--old-ref`` (default ``f19de91``, the last commit with
the home-made supervisor: one ``SO_REUSEPORT`` socket per worker and a shared-memory
"connection balance" that closed keep-alive connections of a worker holding more than its
share), checked out into a temporary ``git worktree`` and run with its own sources first on
``PYTHONPATH``; ``--old-src`` names an existing checkout's ``src`` instead. The new server is
this checkout (gunicorn's master with uvicorn workers, each with its own socket, no
balancing). Both run as ``bucarest serve --workers 2 --threads 1``.

Workload: the old server creates the database (a fresh SQLite file), an FRA analyst and its
API token (``bucarest users add``, ``bucarest tokens create``), and takes ``--objects``
STIX indicators through TAXII (envelopes of 1,000). The file is then copied byte for byte
(SQLite's backup API) so that each server reads its own identical copy: the new code may
migrate its copy to a newer schema, which the old code would refuse. Then, ``--rounds``
times, the old server and the new one each serve ``--clients`` keep-alive clients walking
pages for ``--seconds`` (``added_after`` then ``next``, as in ``bench/desk_taxii.py``,
whose load generator this uses). Latency is per request, from send to the body read. Once a
second, the client connections each worker holds are counted (from /proc: the kernel spreads
new connections over the workers' sockets at random, and a keep-alive client stays put).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import percentile, print_table
from desk_taxii import (
    P99_TARGET_MS,
    PAGE,
    BenchError,
    Reads,
    Target,
    _load,
    discover,
    envelopes,
    free_port,
    indicators,
    ingest,
    manifest_dates,
    page_reads,
    process,
)

REPO = Path(__file__).resolve().parents[1]
OLD_REF = "f19de91"


@contextmanager
def old_checkout(args: argparse.Namespace, work: Path) -> Iterator[Path]:
    """The old sources: ``--old-src``, else ``--old-ref`` in a temporary worktree."""
    if args.old_src:
        yield Path(args.old_src).resolve()
        return
    tree = work / "old-serving"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree),
                    args.old_ref], check=True, capture_output=True)  # fmt: skip
    try:
        yield tree / "src"
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)  # fmt: skip


def cli(src: Path, url: str, *args: str) -> str:
    """``bucarest *args`` from the sources ``src`` over ``url``; its standard output."""
    env = {**os.environ, "PYTHONPATH": str(src), "BUCAREST_DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "bucarest", *args], capture_output=True,
                          text=True, env=env, timeout=600)  # fmt: skip
    if done.returncode != 0:
        raise BenchError(f"bucarest {' '.join(args)} ({src}): {done.stderr.strip()}")
    return done.stdout


def analyst_token(src: Path, url: str) -> str:
    """A fresh FRA analyst and an API token for it, made by the code at ``src``."""
    import json

    out = cli(src, url, "users", "add", "--nation", "FRA", "--role", "analyst")
    name = next(line.split(":", 1)[1].strip() for line in out.splitlines()
                if line.startswith("username:"))  # fmt: skip
    token = json.loads(cli(src, url, "tokens", "create", "--username", name, "--format", "json"))
    return str(token["token"])


@contextmanager
def server(name: str, src: Path, url: str, token: str, work: Path,
           args: argparse.Namespace) -> Iterator[Target]:  # fmt: skip
    """``bucarest serve --workers W --threads T`` from the sources ``src``."""
    port = free_port()
    t = Target(name, f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"})
    t.log = work / f"{name.split()[0]}-{port}.log"
    argv = [sys.executable, "-m", "bucarest", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(args.workers), "--threads", str(args.threads)]  # fmt: skip
    env = {"PYTHONPATH": str(src), "BUCAREST_DATABASE_URL": url}
    with process(t.name, argv, t.log, t.base + "/taxii2/", t.headers, env=env):
        discover(t)
        yield t


def _socket_inodes(pid: int) -> set[int]:
    out = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return out
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(int(target[8:-1]))
    return out


def _tcp(port: int, state: str) -> set[int]:
    """Inodes of this machine's TCP sockets on local ``port`` in ``state`` (hex, as the
    kernel lists it: ``0A`` listening, ``01`` established)."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            next(fh)
            for line in fh:
                cols = line.split()
                if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == state:
                    out.add(int(cols[9]))
    return out


class Spread(threading.Thread):
    """Samples, once a second, how many client connections each worker of the server on
    ``port`` holds (its workers: the processes holding a listening socket on the port)."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        listening = _tcp(port, "0A")
        self.workers = [int(p.name) for p in Path("/proc").iterdir()
                        if p.name.isdigit() and _socket_inodes(int(p.name)) & listening]  # fmt: skip
        self.samples: list[tuple[int, ...]] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(1.0):
            open_ = _tcp(self.port, "01")
            counts = (len(open_ & _socket_inodes(pid)) for pid in self.workers)
            self.samples.append(tuple(sorted(counts, reverse=True)))

    def stop(self) -> None:
        self._done.set()
        self.join()

    def summary(self) -> str:
        """The median sample's split (busiest worker first), e.g. ``12+8``."""
        if not self.samples:
            return "-"
        ordered = sorted(self.samples)
        return "+".join(str(n) for n in ordered[len(ordered) // 2])


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)


def _ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q):.1f}" if values else "-"


def _row(label: str, r: Reads) -> list[object]:
    v = r.latencies
    return [label, len(v), _ms(v, 50), _ms(v, 95), _ms(v, 99), f"{max(v):.1f}" if v else "-",
            f"{r.rate:.1f}", r.errors, r.timeouts]  # fmt: skip


def _merged(runs: list[Reads]) -> Reads:
    out = Reads(sum(r.seconds for r in runs))
    for r in runs:
        out.first += r.first
        out.following += r.following
        out.errors += r.errors
        out.timeouts += r.timeouts
        out.objects += r.objects
        out.messages += r.messages
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="per server and round")
    parser.add_argument("--rounds", type=int, default=1, help="old then new, this many times")
    parser.add_argument("--walk", type=int, default=5, help="pages per walk (1 + next pages)")
    parser.add_argument("--posters", type=int, default=2, help="concurrent POST connections")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--old-ref", default=OLD_REF, help="git commit of the old serving")
    parser.add_argument("--old-src", help="an existing checkout's src folder instead")
    args = parser.parse_args()
    if min(args.objects, args.clients, args.rounds, args.posters, args.workers,
           args.threads) < 1 or args.seconds <= 0:  # fmt: skip
        parser.error(
            "sizes, clients, rounds, posters, workers, threads and seconds must be positive"
        )

    print(f"Old and new serving, TAXII page reads: --workers {args.workers} --threads "
          f"{args.threads}, {args.objects:,} objects stored (SQLite), pages of {PAGE}, "
          f"{args.clients} clients x {args.seconds:.0f} s x {args.rounds} round(s); "
          f"{os.cpu_count()} cores, servers and load generator on the same machine; {_load()}",
          flush=True)  # fmt: skip
    new_src = REPO / "src"
    old_runs: list[Reads] = []
    new_runs: list[Reads] = []
    splits: dict[str, list[str]] = {"old (supervisor)": [], "new (gunicorn)": []}
    with tempfile.TemporaryDirectory(prefix="serving-old-new-") as tmp:
        work = Path(tmp)
        try:
            with old_checkout(args, work) as old_src:
                old_db, new_db = work / "old.sqlite3", work / "new.sqlite3"
                old_url, new_url = f"sqlite:///{old_db}", f"sqlite:///{new_db}"
                token = analyst_token(old_src, old_url)
                bodies = envelopes(indicators(args.objects, seed=12))
                with server("old (supervisor)", old_src, old_url, token, work, args) as t:
                    print(f"  ingest {args.objects:,} objects through the old server ...",
                          flush=True)  # fmt: skip
                    ing = ingest(t, bodies, args.objects, args.posters, args.timeout)
                    dates = manifest_dates(t, args.timeout)
                del bodies
                print(f"  stored {len(dates):,} in {ing.seconds:.1f} s "
                      f"({ing.failed} failed)", flush=True)  # fmt: skip
                if len(dates) != args.objects:
                    raise BenchError(f"{len(dates):,} objects stored, not {args.objects:,}: "
                                     f"{ing.errors[:3]}")  # fmt: skip
                copy_database(old_db, new_db)
                for n in range(args.rounds):
                    for name, src, url, runs in (("old (supervisor)", old_src, old_url, old_runs),
                                                 ("new (gunicorn)", new_src, new_url, new_runs)):  # fmt: skip
                        with server(name, src, url, token, work, args) as t:
                            print(f"  round {n + 1}: {name}, {args.clients} clients for "
                                  f"{args.seconds:.0f} s ...", flush=True)  # fmt: skip
                            spread = Spread(int(t.base.rsplit(":", 1)[1]))
                            spread.start()
                            runs.append(page_reads(t, dates, args.clients, args.seconds,
                                                   args.walk, args.timeout))  # fmt: skip
                            spread.stop()
                            splits[name].append(spread.summary())
        except (BenchError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            print(f"\nbenchmark failed: {exc} {detail}", file=sys.stderr)
            raise SystemExit(1) from None
    report(_merged(old_runs), _merged(new_runs), args, splits)


def report(old: Reads, new: Reads, args: argparse.Namespace,
           splits: dict[str, list[str]]) -> None:  # fmt: skip
    print(f"\n(at the end: {_load()})")
    print(f"\nPage reads (GET objects/?limit={PAGE}, {args.objects:,} stored, {args.clients} "
          f"clients; every round of each server pooled)")  # fmt: skip
    headers = ["server", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "errors",
               "timeouts", "connections per worker"]  # fmt: skip
    print_table(headers, [
        [*_row(f"old ({args.old_src or args.old_ref})", old), ", ".join(splits["old (supervisor)"])],
        [*_row("new (gunicorn)", new), ", ".join(splits["new (gunicorn)"])],
    ])  # fmt: skip
    print(
        "  (connections per worker: the median of one-second samples in each round, the "
        "busiest worker first)"
    )
    for label, r in (("old", old), ("new", new)):
        for msg in r.messages[:3]:
            print(f"  {label}: {msg}")
    if not (old.latencies and new.latencies):
        return
    print("\nRatios new / old, same run")
    rows = []
    for q in (50, 95, 99):
        o, n = percentile(old.latencies, q), percentile(new.latencies, q)
        rows.append([f"p{q} ms (lower is better)", f"{o:.1f}", f"{n:.1f}", f"{n / o:.2f}"])
    rows.append(["requests/s (higher is better)", f"{old.rate:.1f}", f"{new.rate:.1f}",
                 f"{new.rate / old.rate:.2f}" if old.rate else "n/a"])  # fmt: skip
    print_table(["measure", "old", "new", "new/old"], rows)
    for label, r in (("old", old), ("new", new)):
        p99 = percentile(r.latencies, 99)
        ok = p99 < P99_TARGET_MS and not r.errors and not r.timeouts
        print(f"  target p99 < {P99_TARGET_MS:.0f} ms, {label}: {p99:.1f} ms -> "
              f"{'ok' if ok else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()

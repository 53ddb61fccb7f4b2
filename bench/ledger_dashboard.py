"""The ledger dashboard on a synthetic ledger of 100,000 commitments and 1,000,000 status
events, and the review of 1,000 commitments.

Run alone: ``.venv/bin/python bench/ledger_dashboard.py [--commitments 100000]``.
Targets (issue 3): the dashboard for any as-of date under 200 ms; a full review of
1,000 commitments generated in under 2 s.

Peers, timed in the same run on the same data:
- the plain rules applied commitment by commitment in Python (``status_on``), which
  the vectorised index must agree with (checked here on every date);
- SQLite answering the same counts in SQL (latest event per commitment on or before
  the date, a window function over an index on (commitment, day)).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.ledger.domain.ledger import Ledger, LedgerFilter, dashboard
from bucarest.ledger.domain.model import (
    Calendar,
    CalendarEvent,
    Commitment,
    RecordedStatus,
    StatusEvent,
    Topic,
)
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import DUE_WINDOW_DAYS, status_on
from bucarest.ledger.report import ReportFormat, render_review

START = date(2008, 4, 3)
STATUSES = list(RecordedStatus)


def synthetic(n: int, events_per: int, seed: int = 7) -> Ledger:
    """``n`` commitments over 2008-2012, each with ``events_per`` dated status events."""
    rng = random.Random(seed)
    summit = CalendarEvent("s", "summit", "S", "S", date(2009, 4, 3), date(2009, 4, 4), "bench")
    topics = list(Topic)
    out = []
    for i in range(n):
        created = START + timedelta(days=rng.randrange(0, 700))
        deadline = created + timedelta(days=rng.randrange(0, 900)) if rng.random() < 0.9 else None
        days = sorted(created + timedelta(days=rng.randrange(0, 1500)) for _ in range(events_per))
        history = tuple(
            StatusEvent(f"c{i}", rng.choices(STATUSES, weights=(6, 3, 0.5, 0.5))[0], d, "bench")
            for d in days
        )
        out.append(Commitment(
            f"c{i}", "bench-summit", "doc", "", "", topics[i % len(topics)], "t", "t", "t", "t",
            ("allies",) if i % 3 else ("FRA",), deadline, None, created, "bench", history,
        ))  # fmt: skip
    return Ledger(Calendar((summit,)), tuple(out))


def sqlite_peer(ledger: Ledger) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, deadline INTEGER, created INTEGER)")
    conn.execute("CREATE TABLE e (c INTEGER, day INTEGER, status TEXT)")
    conn.executemany("INSERT INTO c VALUES (?, ?, ?)", (
        (i, c.deadline.toordinal() if c.deadline else None, c.created.toordinal())
        for i, c in enumerate(ledger.commitments)))  # fmt: skip
    conn.executemany("INSERT INTO e VALUES (?, ?, ?)", (
        (i, e.on.toordinal(), e.status.value)
        for i, c in enumerate(ledger.commitments) for e in c.history))  # fmt: skip
    conn.execute("CREATE INDEX e_c_day ON e (c, day)")
    conn.commit()
    return conn


SQL = f"""
WITH last AS (
  SELECT c, day, status FROM (
    SELECT c, day, status, ROW_NUMBER() OVER (PARTITION BY c ORDER BY day DESC, rowid DESC) AS k
    FROM e WHERE day <= :t) WHERE k = 1)
SELECT CASE
  WHEN :t < c.created THEN 'not_yet_decided'
  WHEN last.status = 'superseded' THEN 'superseded'
  WHEN last.status = 'dropped' THEN 'dropped'
  WHEN last.status = 'done' AND c.deadline IS NOT NULL AND last.day > c.deadline THEN 'done_late'
  WHEN last.status = 'done' THEN 'done_on_time'
  WHEN c.deadline IS NULL THEN 'not_yet_due'
  WHEN :t > c.deadline THEN 'overdue'
  WHEN :t >= c.deadline - {DUE_WINDOW_DAYS} THEN 'due'
  ELSE 'not_yet_due' END AS s, COUNT(*)
FROM c LEFT JOIN last ON last.c = c.id GROUP BY s
"""


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t0) * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args()
    ledger, gen_ms = timed(lambda: synthetic(args.commitments, args.events))
    _, index_ms = timed(lambda: ledger.status_index)
    conn, load_ms = timed(lambda: sqlite_peer(ledger))
    dates = [date(2008, 6, 1), date(2009, 4, 3), date(2010, 1, 1), date(2011, 7, 1)]
    rows = []
    worst = 0.0
    for d in dates:
        board, ms = timed(lambda d=d: dashboard(ledger, d, LedgerFilter(), limit=50))
        flt, fms = timed(lambda d=d: dashboard(ledger, d, LedgerFilter(owner="FRA"), limit=50))
        scalar, sms = timed(
            lambda d=d: [status_on(c, ledger.calendar, d) for c in ledger.commitments]
        )
        sql, qms = timed(lambda d=d: dict(conn.execute(SQL, {"t": d.toordinal()}).fetchall()))
        want = {s: scalar.count(s) for s in set(scalar)}
        assert {s: n for s, n in board.counts.items() if n} == want, "index disagrees with rules"
        assert sql == {s.value: n for s, n in want.items()}, "SQL differs"
        worst = max(worst, ms, fms)
        rows.append([d.isoformat(), f"{ms:.1f}", f"{fms:.1f}", f"{sms:.0f}", f"{qms:.0f}",
                     f"{sms / ms:.0f}x", f"{qms / ms:.0f}x"])  # fmt: skip
    n_events = sum(len(c.history) for c in ledger.commitments)
    print(f"ledger dashboard: {args.commitments:,} commitments, {n_events:,} status events "
          f"(generated in {gen_ms / 1000:.1f} s; index built in {index_ms:.0f} ms; "
          f"SQLite peer loaded in {load_ms / 1000:.1f} s)")  # fmt: skip
    print_table(["as of", "dashboard ms", "with owner filter ms", "python rules ms",
                 "SQLite SQL ms", "rules/ours", "SQL/ours"], rows)  # fmt: skip
    print(f"dashboard target < 200 ms: {'ok' if worst < 200 else 'OVER'} (worst {worst:.1f} ms)")

    small = synthetic(1000, args.events, seed=11)
    review, build_ms = timed(lambda: build_review(small, "bench-summit", date(2009, 4, 3)))
    html, html_ms = timed(lambda: render_review(review, small, "en", ReportFormat.HTML))
    md, md_ms = timed(lambda: render_review(review, small, "fr", ReportFormat.MARKDOWN))
    print()
    print_table(["review of 1,000 commitments", "ms", "output KiB"], [
        ["build (domain)", f"{build_ms:.0f}", ""],
        ["render HTML (en)", f"{html_ms:.0f}", f"{len(html) / 1024:.0f}"],
        ["render Markdown (fr)", f"{md_ms:.0f}", f"{len(md) / 1024:.0f}"],
        ["build + HTML", f"{build_ms + html_ms:.0f}", ""],
    ])  # fmt: skip
    print(f"review target < 2 s: {'ok' if build_ms + html_ms < 2000 else 'OVER'}")


if __name__ == "__main__":
    main()

"""The desk's audit view (``GET /api/v1/desk/audit``) over a long log.

Run alone: ``.venv/bin/python bench/desk_audit_view.py [--entries 100000]``. The issue's
report: the view loaded the whole log on every call (15.6 s at 100,000 entries). The peer is
that old way, the whole chain loaded and filtered newest first, run in the same process on the
same database; ours reads the newest entries in batches and stops once the page is full.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.app import open_store
from bucarest.core.identity import Principal, Role
from bucarest.desk.store.records import Desk
from bucarest.platform.audit import append_audit
from bucarest.registry.data import load_embedded_registry

AT = datetime(2026, 1, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--page", type=int, default=200)
    args = parser.parse_args()
    db = open_store(f"sqlite:///{Path(tempfile.mkdtemp()) / 'audit.sqlite3'}")
    t0 = time.perf_counter()
    for start in range(0, args.entries, 10_000):
        batch = range(start, min(start + 10_000, args.entries))
        append_audit(db, [(AT, f"user-{n % 50}", "read", f"user:user-{n % 50}", True, "")
                          for n in batch])  # fmt: skip
    print(f"{args.entries:,} entries stored in {time.perf_counter() - t0:.1f} s")
    reg = load_embedded_registry()
    rows = []
    for who in (Principal("user-7", "FRA", frozenset({Role.ANALYST})),
                Principal("nobody", "FRA", frozenset({Role.ANALYST}))):  # fmt: skip
        t_ours = t_peer = float("inf")
        for _round in range(3):  # the best of three: the first read also warms SQLite's cache
            with db.session() as s:
                desk = Desk(s, reg, db)
                t0 = time.perf_counter()
                ours = desk.visible_audit(who, args.page)
                t_ours = min(t_ours, time.perf_counter() - t0)
                t0 = time.perf_counter()
                whole = [e for e in reversed(desk.audit_entries()) if e.actor == who.username]
                peer = tuple(whole[: args.page])
                t_peer = min(t_peer, time.perf_counter() - t0)
        assert ours == peer, "the batched view must show what the whole log shows"
        rows.append((who.username, len(ours), f"{t_ours * 1000:.1f}", f"{t_peer * 1000:.1f}",
                     f"{t_peer / t_ours:.1f}"))  # fmt: skip
    print_table(["principal", "entries shown", "ours ms", "whole log ms", "whole / ours"], rows)


if __name__ == "__main__":
    main()

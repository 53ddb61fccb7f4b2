"""Registry queries in-process, against the same question asked in SQL of SQLite.

Run alone: ``.venv/bin/python bench/registry_queries.py``. Target (issue 2): any
registry query under 5 ms in-process. The peer is the obvious alternative
design, a SQL query per question on the same SQLite database (no in-memory
snapshot); the ratio column is peer time over ours, from the same run.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table, summary, time_calls
from bucarest.app import open_store
from bucarest.registry.domain.accession import accession_status, aspirants_by_stage
from bucarest.registry.domain.queries import changes_between, country_history, members_on
from bucarest.registry.domain.standing import standing_on
from bucarest.registry.store import RegistryRepository

REPEAT = 300


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    db = open_store(f"sqlite:///{folder / 'bench.sqlite3'}")
    with db.session() as s:
        reg = RegistryRepository(s).load()
    day = date(2008, 4, 3)
    ours = {
        "members_on(nato, 2008-04-03)": lambda: members_on(reg, "nato", day),
        "country_history(MLT)": lambda: country_history(reg, "MLT"),
        "changes_between(2008-04-03, 2009-04-04)": lambda: changes_between(
            reg, day, date(2009, 4, 4)
        ),
        "accession_status(ALB, 2009-01-01)": lambda: accession_status(reg, "ALB", date(2009, 1, 1)),
        "aspirants_by_stage(2008-04-03)": lambda: aspirants_by_stage(reg, day),
        "standing_on(2008-04-03) (whole map)": lambda: standing_on(reg, day),
    }
    conn = db.engine.connect()
    members_sql = text(
        "SELECT country FROM memberships WHERE framework = 'nato' AND start <= :d "
        'AND ("end" IS NULL OR "end" > :d) ORDER BY country'
    )
    history_sql = text("SELECT * FROM memberships WHERE country = 'MLT' ORDER BY start")
    peer = {
        "members_on(nato, 2008-04-03)": lambda: conn.execute(
            members_sql, {"d": "2008-04-03"}
        ).all(),
        "country_history(MLT)": lambda: conn.execute(history_sql).all(),
    }
    rows = []
    for name, fn in ours.items():
        med, p99, worst = summary(time_calls(fn, REPEAT))
        ratio = ""
        if name in peer:
            pmed, _, _ = summary(time_calls(peer[name], REPEAT))
            ratio = f"{pmed / med:.1f}x (SQL {pmed:.3f} ms)"
        verdict = "ok" if p99 < 5.0 else "OVER 5 ms"
        rows.append([name, f"{med:.3f}", f"{p99:.3f}", f"{worst:.3f}", verdict, ratio])
    cold, _, _ = summary(time_calls(lambda: _reload(db), 20))
    rows.append(["reload snapshot from SQLite (after a write)", f"{cold:.3f}", "", "", "", ""])
    conn.close()
    db.dispose()
    print(
        f"registry queries, {REPEAT} calls each, {len(reg.memberships)} memberships, "
        f"{len(reg.events)} accession events"
    )
    print_table(["query", "median ms", "p99 ms", "max ms", "target <5 ms", "peer/ours"], rows)


def _reload(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        RegistryRepository(s).load()


if __name__ == "__main__":
    main()

"""Migration 0008 on records stored before it, on SQLite and PostgreSQL: a child written by
another organisation goes back to its author's organisation, an indicator whose fields were
marked more strictly than its record takes the strictest label (so readers who may not see
those fields do not get the object), and each TAXII collection's clock starts after the
newest object stored."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from bucarest.core.identity import Principal, Role
from bucarest.desk.store.records import Desk
from bucarest.desk.tables import DeskRecordTable
from bucarest.platform.database import Database
from bucarest.registry.data import load_embedded_registry

NATO = "6d35bb5f-bd24-43db-a01a-e32ae057bf33"
RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
AMBER_1 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"

_INSERT = text(
    "INSERT INTO desk_records (id, kind, parent_id, author, originator, tlp, classification,"
    " frameworks, nations, originator_only, recipients, response_team, fields, search,"
    " created_at, updated_at, version, collection, stix_id, stix_type, stix_version)"
    " VALUES (:id, :kind, :parent, :author, :originator, 'green', 'nato-unclassified',"
    " ',nato,', '', false, '', false, :fields, '', :at, :at, 1, :collection, :stix_id,"
    " :stix_type, :version)"
)


def _stix(n: int, marking: str | None) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "indicator", "id": f"indicator--{n:08d}-0000-4000-8000-000000000000",
                           "description": "who told us"}  # fmt: skip
    if marking is not None:
        obj["granular_markings"] = [{"marking_ref": marking, "selectors": ["description"]}]
    return obj


def _row(rid: str, **values: Any) -> dict[str, Any]:
    base = {"id": rid, "kind": "indicator", "parent": None, "author": "hans", "originator": "DEU",
            "at": "2026-06-01 10:00:00.000000", "collection": None, "stix_id": None,
            "stix_type": None, "version": None, "fields": "{}"}  # fmt: skip
    return {**base, **values}


def test_0008_gives_children_back_and_tightens_marked_fields(db_url: str) -> None:
    engine = create_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    rows = [
        _row("incident", kind="incident", author="francoise", originator="FRA"),
        _row("note", kind="note", parent="incident", originator="FRA"),  # hans is German
        *(
            _row(
                name,
                collection=NATO,
                stix_id=_stix(n, mark)["id"],
                stix_type="indicator",
                version="v1",
                at=f"2026-06-01 10:00:0{n}.000000",
                fields=json.dumps({"stix": _stix(n, mark)}),
            )  # fmt: skip
            for n, (name, mark) in enumerate(
                [
                    ("red-field", RED),
                    ("amber-field", AMBER_1),
                    ("green-field", GREEN),
                    ("unmarked", None),
                ],
                start=1,
            )  # fmt: skip
        ),
    ]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(
            text(
                "INSERT INTO desk_users (username, organisation, roles, password_hash,"
                " created_at, disabled) VALUES ('hans', 'DEU', 'analyst', 'x',"
                " '2026-01-01 00:00:00', false)"
            )
        )
        conn.execute(_INSERT, rows)
        command.upgrade(cfg, "head")
        found = {
            rid: (owner, originator, tlp)
            for rid, owner, originator, tlp in conn.execute(
                text("SELECT id, owner, originator, tlp FROM desk_records")
            )
        }
        clock = conn.execute(text("SELECT collection, last_added FROM taxii_clocks")).all()
    assert found == {
        "incident": ("FRA", "FRA", "green"),
        "note": ("DEU", "FRA", "green"),
        "red-field": ("DEU", "DEU", "red"),
        "amber-field": ("DEU", "DEU", "amber"),
        "green-field": ("DEU", "DEU", "green"),
        "unmarked": ("DEU", "DEU", "green"),
    }
    assert [c for c, _at in clock] == [NATO] and str(clock[0][1]).startswith("2026-06-01 10:00:04")

    db = Database(engine)
    try:
        with db.session() as s:
            desk = Desk(s, load_embedded_registry(), db)
            in_nato = DeskRecordTable.collection == NATO

            def readable(p: Principal) -> set[str]:
                got, _more = desk.readable(p, in_nato, limit=50)
                return {r.id for r in got}

            fra = Principal("fabien", "FRA", frozenset({Role.ANALYST}))
            fra_reader = Principal("rene", "FRA", frozenset({Role.READER}))
            hans = Principal("hans", "DEU", frozenset({Role.ANALYST}))
            assert readable(fra) == {"amber-field", "green-field", "unmarked"}
            assert readable(fra_reader) == {"green-field", "unmarked"}
            assert readable(hans) == {"red-field", "amber-field", "green-field", "unmarked"}
    finally:
        db.dispose()

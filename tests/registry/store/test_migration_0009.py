"""Migration 0009 on a registry stored before it, on SQLite and PostgreSQL: the free-text
sources become citations; rows loaded from the shipped data get the shipped citations,
confidence and French notes back on the next start; a row a user typed keeps its text as
one citation, as a secondary source."""

from __future__ import annotations

import json
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from bucarest.app import open_store
from bucarest.core.provenance import Citation, Confidence, working_note_in
from bucarest.registry.store import RegistryRepository

OLD_NOTE = "Founding member: Treaty signed 4 April 1949 (citation not re-read)."


def _registry_of_the_release_before(url: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO frameworks (id, kind, name_en, name_fr, short_en, short_fr, start,"
                 " \"end\", source, note) VALUES ('nato', 'alliance', 'North Atlantic Treaty"
                 " Organization', 'OTAN', 'NATO', 'OTAN', '1949-08-24', NULL,"
                 " 'North Atlantic Treaty [citation not re-read]', '')"),
        )  # fmt: skip
        insert = text(
            'INSERT INTO memberships (country, framework, status, start, "end", end_cause,'
            " sources, note, origin) VALUES (:c, 'nato', 'member', :start, NULL, NULL, :s, :n, :o)"
        )
        conn.execute(insert, {"c": "BEL", "start": "1949-08-24", "n": OLD_NOTE, "o": "embedded",
                              "s": json.dumps(["NATO, 'NATO member countries' [citation not re-read]"])})  # fmt: skip
        conn.execute(insert, {"c": "XKX", "start": "2025-03-01", "n": "typed by an editor",
                              "o": "user", "s": json.dumps(["https://www.nato.int/x", "A book"])})  # fmt: skip
        conn.execute(
            text("INSERT INTO accession_events (country, stage, date, ally, source, note, origin)"
                 " VALUES ('ALB', 'invited', '2008-04-03', NULL, 'Bucharest Declaration', '',"
                 " 'embedded')"),
        )  # fmt: skip
    engine.dispose()


def test_0009_turns_sources_into_citations_and_restores_the_shipped_ones(db_url: str) -> None:
    _registry_of_the_release_before(db_url)
    db = open_store(db_url)  # migrates, then restores the shipped provenance
    try:
        with db.session() as s:
            reg = RegistryRepository(s).load()
            assert RegistryRepository(s).restore_provenance(reg) == 0  # once only
        nato = reg.framework("nato")
        assert nato.confidence is Confidence.OFFICIAL
        assert nato.sources[0].url == "https://www.nato.int/cps/en/natohq/official_texts_17120.htm"
        bel = next(m for m in reg.memberships if m.country == "BEL")
        assert bel.confidence is Confidence.OFFICIAL
        assert bel.note.startswith("Founding member") and bel.note_fr.startswith("Membre fondateur")
        assert all(working_note_in(c.title) is None for c in bel.sources)
        xkx = next(m for m in reg.memberships if m.country == "XKX")
        assert xkx.confidence is Confidence.SECONDARY and xkx.note == "typed by an editor"
        assert xkx.sources == (
            Citation("https://www.nato.int/x", "nato.int", None, "https://www.nato.int/x"),
            Citation("A book", "user-entered"),
        )
        alb = next(e for e in reg.events if e.country == "ALB")
        assert alb.confidence is Confidence.OFFICIAL
        assert alb.sources[0].title == "Bucharest Summit Declaration"
    finally:
        db.dispose()

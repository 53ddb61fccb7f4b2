"""Migration 0010: a ledger written by the release before (``seed_section``, free-text
``source``) comes to provenance, with its recorded history kept, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from bucarest.core.provenance import Confidence
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.store import LedgerRepository
from bucarest.platform.database import Database

AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
DECLARATION = "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"


def _config(conn: object) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _ledger_of_the_release_before(url: str) -> None:
    with create_engine(url).begin() as conn:
        command.upgrade(_config(conn), "0008")
    with create_engine(url).begin() as conn:
        conn.execute(text(
            "INSERT INTO calendar_events (id, kind, name_en, name_fr, start, \"end\", source)"
            " VALUES ('bucharest-2008', 'summit', 'Bucharest Summit', 'Sommet de Bucarest',"
            " '2008-04-02', '2008-04-04', :src)"), {"src": DECLARATION})  # fmt: skip
        conn.execute(text(
            "INSERT INTO commitments (id, summit, document, paragraph, seed_section, topic,"
            " title_en, title_fr, text_en, text_fr, owners, deadline, deadline_event, created,"
            " source, indicators, note, version) VALUES ('protocols-signed', 'bucharest-2008',"
            " 'Bucharest Summit Declaration', '', 'Consolider l''Europe', 'enlargement', 'Sign',"
            " 'Signer', 'Sign them', 'Les signer', '[\"allies\"]', '2008-07-31', NULL,"
            " '2008-04-03', :src, '[]', '', 3)"), {"src": f"NATO - {DECLARATION}"})  # fmt: skip
        conn.execute(text(
            "INSERT INTO commitment_status_events (commitment_id, status, \"on\", evidence, note,"
            " recorded_by, recorded_at) VALUES ('protocols-signed', 'done', '2008-07-09',"
            " 'https://www.nato.int/a', 'signed', 'ana', :at)"), {"at": AT})  # fmt: skip
        conn.execute(text(
            "INSERT INTO commitment_status_events (commitment_id, status, \"on\", evidence, note,"
            " recorded_by, recorded_at) VALUES ('protocols-signed', 'done', '2008-07-09',"
            " 'https://www.gpo.gov/x', 'signed (translation of the seed)', 'shipped data', :at)"),
            {"at": AT})  # fmt: skip


def test_the_release_before_comes_to_provenance_and_back(db_url: str) -> None:
    _ledger_of_the_release_before(db_url)
    db = Database.open(db_url)  # migrates to the head
    try:
        columns = {c["name"] for c in inspect(db.engine).get_columns("commitments")}
        assert {"summit_section", "provenance", "document_fr", "note_fr"} <= columns
        assert "seed_section" not in columns and "source" not in columns
        with db.session() as s:
            ledger = LedgerRepository(s).load()
        c = ledger.commitment("protocols-signed")
        assert c.summit_section == "Consolider l'Europe" and c.version == 3
        assert c.provenance is not None and c.provenance.confidence is Confidence.SECONDARY
        assert [x.url for x in c.provenance.citations] == [DECLARATION]
        assert ("https://www.nato.int/a", "signed", "ana") in [
            (e.evidence, e.note, e.recorded_by) for e in c.history
        ]
        event = ledger.calendar.event("bucharest-2008")
        assert event.provenance is not None and event.provenance.citations[0].url == DECLARATION
        # On start, the shipped rows get the package's sources and wording; users' rows stay.
        with db.session() as s:
            assert LedgerRepository(s).refresh_shipped(load_embedded_ledger()) > 0
        with db.session() as s:
            assert LedgerRepository(s).refresh_shipped(load_embedded_ledger()) == 0
            c = LedgerRepository(s).load().commitment("protocols-signed")
        assert c.provenance is not None and c.provenance.confidence is Confidence.OFFICIAL
        assert c.version == 3 and c.note_fr
        notes = {e.recorded_by: (e.note, e.note_fr) for e in c.history}
        assert notes["ana"] == ("signed", "")
        assert "seed" not in notes["shipped data"][0] and notes["shipped data"][1]
    finally:
        db.dispose()
    with create_engine(db_url).begin() as conn:
        command.downgrade(_config(conn), "0008")
    with create_engine(db_url).connect() as conn:
        row = conn.execute(text("SELECT seed_section, source FROM commitments")).one()
        assert row == ("Consolider l'Europe", DECLARATION)
        assert conn.execute(text("SELECT count(*) FROM commitment_status_events")).scalar() == 2

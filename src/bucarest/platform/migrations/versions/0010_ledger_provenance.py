"""Ledger provenance: structured sources and a confidence level instead of a free-text source;
``summit_section`` instead of ``seed_section``; French twins of the texts shipped data shows.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05

Every step is an in-place ``ALTER TABLE`` (``recreate="never"``): on SQLite a batch copy of
``commitments`` would drop a table that the status events and assessments point at. The old
free-text ``source`` of a commitment or calendar event becomes a provenance with one citation
per link it held (``secondary``: nothing says more); the shipped data's own curated sources
reach a database created after this release. Operations, strengths and pledges keep their
JSON records; the store reads an old record's ``source`` the same way.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;)]")


def legacy_provenance(text: str) -> dict[str, Any]:
    """A free-text source as a provenance record: one citation per link, else the text."""
    urls = _URL.findall(text or "")
    if urls:
        sources = []
        for url in urls:
            host = (urlparse(url).hostname or url).removeprefix("www.")
            sources.append({"title": host, "issuer": host, "date": None, "url": url})
    else:
        sources = [{"title": (text or "—")[:200], "issuer": "—", "date": None, "url": None}]
    return {"confidence": "secondary", "sources": sources}


def _first_url(record: str | dict[str, Any] | None) -> str:
    try:
        value = record if isinstance(record, dict) else json.loads(record or "{}")
        sources = value.get("sources") or []
    except (TypeError, ValueError, AttributeError):
        return ""
    return " ; ".join(s.get("url") or s.get("title") or "" for s in sources)


def upgrade() -> None:
    with op.batch_alter_table("commitments", recreate="never") as b:
        b.alter_column("seed_section", new_column_name="summit_section",
                       existing_type=sa.String(200), existing_nullable=False)  # fmt: skip
        b.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
        b.add_column(sa.Column("document_fr", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("note_fr", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("calendar_events", recreate="never") as b:
        b.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
    with op.batch_alter_table("commitment_status_events", recreate="never") as b:
        b.add_column(sa.Column("evidence_fr", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("note_fr", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("assessments", recreate="never") as b:
        b.add_column(sa.Column("evidence_fr", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    for table in ("commitments", "calendar_events"):
        t = sa.table(table, sa.column("id", sa.String), sa.column("source", sa.Text),
                     sa.column("provenance", sa.JSON))  # fmt: skip
        for row_id, source in conn.execute(sa.select(t.c.id, t.c.source)).all():
            conn.execute(
                t.update().where(t.c.id == row_id).values(provenance=legacy_provenance(source))
            )
        with op.batch_alter_table(table, recreate="never") as b:
            b.drop_column("source")


def downgrade() -> None:
    conn = op.get_bind()
    for table in ("commitments", "calendar_events"):
        with op.batch_alter_table(table, recreate="never") as b:
            b.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))
        t = sa.table(table, sa.column("id", sa.String), sa.column("source", sa.Text),
                     sa.column("provenance", sa.Text))  # fmt: skip
        for row_id, record in conn.execute(sa.select(t.c.id, t.c.provenance)).all():
            conn.execute(t.update().where(t.c.id == row_id).values(source=_first_url(record)))
        with op.batch_alter_table(table, recreate="never") as b:
            b.drop_column("provenance")
    with op.batch_alter_table("assessments", recreate="never") as b:
        b.drop_column("evidence_fr")
    with op.batch_alter_table("commitment_status_events", recreate="never") as b:
        b.drop_column("note_fr")
        b.drop_column("evidence_fr")
    with op.batch_alter_table("commitments", recreate="never") as b:
        b.drop_column("note_fr")
        b.drop_column("document_fr")
        b.alter_column("summit_section", new_column_name="seed_section",
                       existing_type=sa.String(200), existing_nullable=False)  # fmt: skip

"""SQL tables of the cyber-defence desk (SQLAlchemy 2 declarative mapping): accounts,
tokens, sessions, records, settings, TAXII statuses and the audit chain.

The schema is versioned by the platform's Alembic migrations; a test checks that these
models and the migrations agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bucarest.platform.database import Base, UTCDateTime

__all__ = [
    "DeskRecordTable",
    "DeskSettingTable",
    "TaxiiClockTable",
    "TaxiiStatusTable",
]


# --- the cyber-defence desk (migration 0003) ---------------------------------------------


class DeskRecordTable(Base):
    """Every record of the desk with its marking in columns, so the query layer can
    pre-select in SQL what the policy then decides row by row.

    ``frameworks``, ``nations`` and ``recipients`` are stored between commas
    (``,nato,eapc,``) so that one LIKE finds a member. TAXII objects are records too, with
    their collection, STIX id and version, and the time they were added.

    ``owner`` is the organisation that may change the record: its author's (migration 0008).
    It differs from the marking's ``originator`` for a child written by another organisation
    (a French note on a German incident follows the incident's releasability, and stays
    France's to change).
    """

    __tablename__ = "desk_records"
    __table_args__ = (
        Index("ix_desk_records_kind_seq", "kind", "seq"),
        Index("ix_desk_records_collection_seq", "collection", "seq"),
        Index("ux_desk_records_stix", "collection", "stix_id", "stix_version", unique=True),
        Index("ix_desk_records_parent", "parent_id"),
        Index("ix_desk_records_collection_added", "collection", "created_at"),
        # Never reuse the number of a deleted row (SQLite would reuse the highest): a TAXII
        # ``next`` cursor stands after a number, and a new row must come after it.
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    author: Mapped[str] = mapped_column(String(80))
    originator: Mapped[str] = mapped_column(String(8))
    owner: Mapped[str] = mapped_column(String(8))
    tlp: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(32))
    frameworks: Mapped[str] = mapped_column(String(400))
    nations: Mapped[str] = mapped_column(Text)
    originator_only: Mapped[bool] = mapped_column(Boolean)
    recipients: Mapped[str] = mapped_column(Text)
    response_team: Mapped[bool] = mapped_column(Boolean)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    search: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)
    collection: Mapped[str | None] = mapped_column(String(64), nullable=True)
    stix_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    stix_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    stix_version: Mapped[str | None] = mapped_column(String(40), nullable=True)


class DeskSettingTable(Base):
    """Secrets and settings of the desk (the key that signs paging cursors)."""

    __tablename__ = "desk_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TaxiiStatusTable(Base):
    """TAXII status resources, kept at least 24 hours."""

    __tablename__ = "taxii_statuses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class TaxiiClockTable(Base):
    """The last ``date_added`` given in each TAXII collection (migration 0008).

    Read and moved on only under the collection's write lock, in the transaction that adds
    the objects, so that stamps follow commit order; kept when objects are deleted, so that
    a stamp is never given twice.
    """

    __tablename__ = "taxii_clocks"

    collection: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_added: Mapped[datetime] = mapped_column(UTCDateTime)

"""SQL tables of the registry (SQLAlchemy 2 declarative mapping), versioned by the platform's migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bucarest.platform.database import Base, UTCDateTime

__all__ = ["AccessionEventTable", "FrameworkTable", "MembershipTable", "RegistryChangeTable"]


class FrameworkTable(Base):
    """A framework (``nato``, ``pfp``…)."""

    __tablename__ = "frameworks"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    short_en: Mapped[str] = mapped_column(String(32))
    short_fr: Mapped[str] = mapped_column(String(32))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    # Nullable in the schema only (migration 0009 added it to filled tables); always written.
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=True)
    confidence: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")


class MembershipTable(Base):
    """One membership interval; dates are ISO strings at their own precision."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("country", "framework", "start", name="uq_membership_start"),
        Index("ix_memberships_framework", "framework"),
        Index("ix_memberships_country", "country"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country: Mapped[str] = mapped_column(String(3))
    framework: Mapped[str] = mapped_column(ForeignKey("frameworks.id"))
    status: Mapped[str] = mapped_column(String(16))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    end_cause: Mapped[str | None] = mapped_column(String(32))
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    confidence: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="user")


class AccessionEventTable(Base):
    """One dated step of an accession case."""

    __tablename__ = "accession_events"
    __table_args__ = (Index("ix_accession_events_country", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country: Mapped[str] = mapped_column(String(3))
    stage: Mapped[str] = mapped_column(String(32))
    date: Mapped[str] = mapped_column(String(10))
    ally: Mapped[str | None] = mapped_column(String(3))
    # Nullable in the schema only (migration 0009 added it to a filled table); always written.
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=True)
    confidence: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    note_fr: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="user")


class RegistryChangeTable(Base):
    """Append-only log of every write to the registry, with before and after."""

    __tablename__ = "registry_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")

"""SQL tables of the commitments ledger (SQLAlchemy 2 declarative mapping), versioned by the platform's migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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

__all__ = [
    "AssessmentTable",
    "CalendarEventTable",
    "CommitmentTable",
    "ContributionTable",
    "MissionTable",
    "PledgeTable",
    "StatusEventTable",
]


class CalendarEventTable(Base):
    """A summit or ministerial meeting that deadlines refer to."""

    __tablename__ = "calendar_events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str] = mapped_column(String(10))
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class CommitmentTable(Base):
    """A commitment; ``version`` is bumped by every write, for optimistic concurrency."""

    __tablename__ = "commitments"
    __table_args__ = (Index("ix_commitments_summit", "summit"),)

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    summit: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[str] = mapped_column(String(32))
    summit_section: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(32))
    title_en: Mapped[str] = mapped_column(Text)
    title_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)
    owners: Mapped[list[str]] = mapped_column(JSON)
    deadline: Mapped[str | None] = mapped_column(String(10))
    deadline_event: Mapped[str | None] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(10))
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    document_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    note_fr: Mapped[str] = mapped_column(Text, default="", server_default="")


class StatusEventTable(Base):
    """Append-only history of recorded statuses."""

    __tablename__ = "commitment_status_events"
    __table_args__ = (Index("ix_status_events_commitment", "commitment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id"))
    status: Mapped[str] = mapped_column(String(16))
    on: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evidence_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    note_fr: Mapped[str] = mapped_column(Text, default="", server_default="")


class AssessmentTable(Base):
    """Append-only compliance scores; the latest per actor and commitment counts."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_commitment", "commitment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id"))
    actor: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evidence_fr: Mapped[str] = mapped_column(Text, default="", server_default="")


class MissionTable(Base):
    """An operation and its mandates."""

    __tablename__ = "missions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class ContributionTable(Base):
    """Published strengths of a mission on a date."""

    __tablename__ = "contributions"
    __table_args__ = (UniqueConstraint("mission", "on", name="uq_contribution_point"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mission: Mapped[str] = mapped_column(ForeignKey("missions.id"))
    on: Mapped[str] = mapped_column(String(10))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class PledgeTable(Base):
    """A nation's force pledge to a mission."""

    __tablename__ = "pledges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mission: Mapped[str] = mapped_column(ForeignKey("missions.id"))
    on: Mapped[str] = mapped_column(String(10))
    nation: Mapped[str] = mapped_column(String(3))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)

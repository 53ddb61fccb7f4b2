"""Commitments ledger: calendar, commitments, status history, assessments, operations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_fr", sa.String(200), nullable=False),
        sa.Column("start", sa.String(10), nullable=False),
        sa.Column("end", sa.String(10), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("summit", sa.String(64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("paragraph", sa.String(32), nullable=False),
        sa.Column("seed_section", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_fr", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_fr", sa.Text(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.String(10), nullable=True),
        sa.Column("deadline_event", sa.String(64), nullable=True),
        sa.Column("created", sa.String(10), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_commitments_summit", "commitments", ["summit"])
    op.create_table(
        "commitment_status_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.String(80), sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_status_events_commitment", "commitment_status_events", ["commitment_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.String(80), sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_assessments_commitment", "assessments", ["commitment_id"])
    op.create_table(
        "missions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("mission", sa.String(32), sa.ForeignKey("missions.id"), nullable=False),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.UniqueConstraint("mission", "on", name="uq_contribution_point"),
    )
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("mission", sa.String(32), sa.ForeignKey("missions.id"), nullable=False),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("nation", sa.String(3), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "pledges",
        "contributions",
        "missions",
        "assessments",
        "commitment_status_events",
        "commitments",
        "calendar_events",
    ):
        op.drop_table(table)

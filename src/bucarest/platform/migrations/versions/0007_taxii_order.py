"""TAXII ``date_added`` in commit order, from a clock per collection kept in the database.

``taxii_clocks`` holds the last ``date_added`` given in each collection, seeded with the
newest one stored. On SQLite, ``desk_records`` is rebuilt with ``AUTOINCREMENT`` so that the
number of a deleted row is never given again (a ``next`` cursor stands after a number).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxii_clocks",
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("last_added", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO taxii_clocks (collection, last_added)"
            " SELECT collection, MAX(created_at) FROM desk_records"
            " WHERE collection IS NOT NULL GROUP BY collection"
        )
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "desk_records", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "desk_records", recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
    op.drop_table("taxii_clocks")

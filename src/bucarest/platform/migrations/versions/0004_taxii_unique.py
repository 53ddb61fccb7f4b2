"""TAXII: one row per (collection, STIX id, version), enforced by a unique index.

Two server processes could each find an object absent and both store it; the index makes the
second insert a no-op. Rows stored twice before this revision are reduced to the first one
(the lowest ``seq``), which is the version every reader saw first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "DELETE FROM desk_records WHERE collection IS NOT NULL AND seq NOT IN ("
            " SELECT MIN(seq) FROM desk_records WHERE collection IS NOT NULL"
            " GROUP BY collection, stix_id, stix_version)"
        )
    )
    op.drop_index("ix_desk_records_stix", table_name="desk_records")
    op.create_index(
        "ux_desk_records_stix",
        "desk_records",
        ["collection", "stix_id", "stix_version"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ux_desk_records_stix", table_name="desk_records")
    op.create_index(
        "ix_desk_records_stix", "desk_records", ["collection", "stix_id", "stix_version"]
    )

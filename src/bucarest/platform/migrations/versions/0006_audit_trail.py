"""One audit trail for the platform: the desk's log becomes ``audit_log``, each entry names
the key of its HMAC (none for the entries written before), and the database gets the random
id that names its trail in the checkpoints kept outside it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table("desk_audit", "audit_log")
    op.add_column("audit_log", sa.Column("key_id", sa.String(16), nullable=True))
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Integer))
    # A 31-bit id: the meta table's values are 32-bit integers on PostgreSQL.
    op.bulk_insert(meta, [{"key": "audit_trail_id", "value": 1 + secrets.randbelow(2**31 - 2)}])


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'audit_trail_id'")
    op.drop_column("audit_log", "key_id")
    op.rename_table("audit_log", "desk_audit")

"""Account life cycle: one-time passwords, and failed logins for throttling.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy: on SQLite the copy drops desk_users, which the
    # foreign keys of stored tokens and sessions forbid.
    op.add_column(
        "desk_users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "platform_login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_user", "platform_login_failures", ["username", "at"])
    op.create_index("ix_login_failures_address", "platform_login_failures", ["address", "at"])
    op.create_index("ix_login_failures_at", "platform_login_failures", ["at"])


def downgrade() -> None:
    op.drop_table("platform_login_failures")
    op.drop_column("desk_users", "must_change_password")

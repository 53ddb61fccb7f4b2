"""Alembic environment: runs on the connection handed over by :mod:`bucarest.platform.database`."""

from __future__ import annotations

from alembic import context

import bucarest.app  # noqa: F401 - the composition root imports every capability's tables
from bucarest.platform.database import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

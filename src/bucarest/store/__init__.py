"""Persistence: SQLAlchemy 2 tables, Alembic migrations and repositories."""

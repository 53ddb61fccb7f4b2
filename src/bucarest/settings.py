"""Run-time settings, read from the environment (``BUCAREST_*``).

Example::

    $ BUCAREST_DATABASE_URL=postgresql+psycopg://localhost/bucarest bucarest members

``database_url`` defaults to a SQLite file in ``$XDG_DATA_HOME/bucarest``
(``~/.local/share/bucarest`` when unset).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_database_url"]


def default_database_url() -> str:
    """SQLite file in the user's data folder."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'bucarest' / 'bucarest.sqlite3'}"


class Settings(BaseSettings):
    """Settings of a bucarest process."""

    model_config = SettingsConfigDict(env_prefix="BUCAREST_")

    database_url: str = ""
    lang: str = "en"

    def resolved_database_url(self) -> str:
        """The database URL, falling back to the default SQLite file."""
        return self.database_url or default_database_url()

"""Run-time settings, read from the environment (``BUCAREST_*``).

Example::

    $ BUCAREST_DATABASE_URL=postgresql+psycopg://localhost/bucarest bucarest members

``database_url`` defaults to a SQLite file in ``$XDG_DATA_HOME/bucarest``
(``~/.local/share/bucarest`` when unset).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["Settings", "default_data_folder", "default_database_url"]


def default_data_folder() -> Path:
    """The user's data folder for bucarest (``$XDG_DATA_HOME/bucarest``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bucarest"


def default_database_url() -> str:
    """SQLite file in the user's data folder."""
    return f"sqlite:///{default_data_folder() / 'bucarest.sqlite3'}"


class Settings(BaseSettings):
    """Settings of a bucarest process."""

    model_config = SettingsConfigDict(env_prefix="BUCAREST_")

    database_url: str = ""
    lang: str = "en"
    #: Requests one server process works on at once (its thread pool for blocking work).
    #: A Python process runs one thread at a time, so on CPU-bound pages more threads only
    #: queue on the interpreter lock: serve with one process per core and few threads.
    threads: int = Field(default=8, ge=1, le=256)
    #: The names this server answers to, between commas (``*.example.org`` for a domain):
    #: any other ``Host`` is refused, which stops DNS-rebinding pages from reaching it.
    allowed_hosts: str = "localhost,127.0.0.1,::1"
    #: The file holding the key of the audit chain (64 hexadecimal digits; created when
    #: missing). Keep it where the database's users cannot read it. Default: ``audit.key``
    #: beside a SQLite database, else in the data folder.
    audit_key_file: str = ""
    #: The file the audit trail's signed checkpoints are appended to. Keep it (or copies)
    #: where the database's users cannot write. Default: ``audit-checkpoints.jsonl`` beside
    #: the key.
    audit_checkpoints: str = ""
    #: Mark cookies ``Secure`` on every response, not only on requests that came over
    #: https (set it when a proxy ends TLS without telling the server the scheme).
    secure_cookies: bool = False
    #: Whether anyone may read the registry, the ledger and the analyses (API and pages)
    #: without signing in. Set it to false on a server whose readers must all be known: the
    #: API then answers 401 without credentials and the pages send visitors to sign in.
    #: (The cyber-defence desk always needs an account.)
    public_read: bool = True

    def allowed_host_names(self) -> tuple[str, ...]:
        """:attr:`allowed_hosts` as a tuple of names."""
        return tuple(h.strip() for h in self.allowed_hosts.split(",") if h.strip())

    @classmethod
    def load(cls) -> Settings:
        """The settings from the environment; :class:`InvalidInputError` naming the first
        variable that is wrong.

        >>> import os; os.environ["BUCAREST_THREADS"] = "none"
        >>> Settings.load()
        Traceback (most recent call last):
        bucarest.core.errors.InvalidInputError: the setting BUCAREST_THREADS is not valid (Input should be a valid integer, unable to parse string as an integer)
        >>> del os.environ["BUCAREST_THREADS"]; Settings.load().threads
        8
        """
        try:
            return cls()
        except ValidationError as exc:
            first = exc.errors()[0]
            name = "BUCAREST_" + "_".join(str(part) for part in first["loc"]).upper()
            raise InvalidInputError(
                N_("the setting {name} is not valid ({problem})"),
                name=name,
                problem=str(first["msg"]),
            ) from None

    def resolved_database_url(self) -> str:
        """The database URL, falling back to the default SQLite file."""
        return self.database_url or default_database_url()

"""Opening the database: engine, migrations on start, and the unit-of-work session.

Example::

    >>> from bucarest.registry.store import RegistryRepository
    >>> db = Database.open("sqlite:///:memory:")
    >>> with db.session() as s:
    ...     RegistryRepository(s).revision()
    0

Every command and every request opens one :meth:`Database.session`, which commits
when the block ends and rolls back if it raises; helpers never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Dialect, Engine, Integer, String, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from bucarest.core.errors import N_, StoreError

__all__ = [
    "Base",
    "Database",
    "MetaTable",
    "UTCDateTime",
]


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            N_(
                "cannot read database URL '{url}'; expected e.g. 'sqlite:///bucarest.sqlite3' or "
                "'postgresql+psycopg://user@host/db'"
            ),
            url=url,
        ) from None
    if parsed.drivername.startswith("sqlite"):
        db = parsed.database or ""
        if db and db != ":memory:":
            folder = Path(db).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    N_("cannot create the database folder '{folder}' ({reason})"),
                    folder=str(folder),
                    reason=exc.strerror or "",
                ) from None
            # More connections than the server's worker threads use at once; the most
            # recently used first, so that a quiet process keeps reusing one warm connection.
            engine = create_engine(url, pool_size=10, max_overflow=40, pool_use_lifo=True)
        else:
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=StaticPool
            )

        file_backed = bool(db and db != ":memory:")

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if file_backed:
                # Readers never wait for the writer, and a commit costs one fsync of the log.
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        return engine
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        # No server-side prepared statements: psycopg prepares a query after its fifth run,
        # and PostgreSQL then plans it once for any parameters; for the desk's pre-selections
        # (LIKE on frameworks, IN lists of STIX ids) that generic plan scanned a whole
        # collection, and TAXII page reads went from 45 ms to 700 ms (bench/
        # stores_postgres_sqlite.py).
        return create_engine(parsed, pool_pre_ping=True, connect_args={"prepare_threshold": None})
    except Exception:  # an uninstalled driver or a bad option in the URL
        raise StoreError(
            N_("cannot use database URL '{url}'; expected a sqlite:// or postgresql:// URL"),
            url=url,
        ) from None


def _migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, all of it or nothing: a migration that fails
    leaves the database as it was. (Python's sqlite3 commits before each DDL statement of
    its own accord, so on SQLite the transaction is opened and closed here by hand.)"""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bucarest.platform") / "migrations"))
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        legacy = dbapi.isolation_level
        dbapi.isolation_level = None  # the driver emits no BEGIN or COMMIT of its own
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
            conn.commit()
        finally:
            dbapi.isolation_level = legacy


class Database:
    """A migrated database and its session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: What platform modules keep about this database in this process (the audit
        #: key, the audit writer), by name.
        self.extensions: dict[str, Any] = {}
        # Each session knows its database (the audit trail finds its key through it).
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={"database": self})
        event.listen(self._sessions, "before_commit", _run_callbacks("before_commit"))
        event.listen(self._sessions, "after_commit", _run_callbacks("after_commit"))

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Database:
        """Connect to ``url`` and bring its schema to the newest revision."""
        engine = _engine(url)
        if migrate:
            try:
                _migrate(engine)
            except OperationalError as exc:
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else ""
                raise StoreError(
                    N_("cannot open the database at '{url}' ({reason})"),
                    url=engine.url.render_as_string(hide_password=True),
                    reason=reason,
                ) from None
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Callables left in ``session.info["before_commit"]`` run inside the transaction just
        before it commits (an error there rolls it back: the audit trail stores a write's
        entry there); those in ``session.info["after_commit"]`` once it has committed; those
        in ``session.info["after_close"]`` once the session has given its connection back,
        whatever the outcome (refusals are audited there, so a denied request is still
        recorded and the log never needs a second connection while the first is held).
        """
        s = self._sessions()
        try:
            with s:
                try:
                    yield s
                    s.commit()
                except BaseException:
                    s.rollback()
                    raise
        finally:
            for callback in s.info.pop("after_close", []):
                callback()

    @staticmethod
    def display_url(url: str) -> str:
        """``url`` with any password hidden, for messages."""
        try:
            return make_url(url).render_as_string(hide_password=True)
        except ArgumentError:
            return url

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _run_callbacks(name: str) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        for callback in session.info.pop(name, []):
            callback()

    return run


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as ``DateTime(timezone=True)`` and always read back as an aware UTC
    datetime, on SQLite (which keeps no zone and gives naive values back) as on
    PostgreSQL. Written values are converted to UTC first; a naive one is taken as UTC.
    The stored format is the column type's own, so switching a column to it needs no
    migration.

    Example::

        class Event(Base):
            at: Mapped[datetime] = mapped_column(UTCDateTime)
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class MetaTable(Base):
    """Key/value facts about the database itself (the registry revision)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


def utc_now() -> datetime:
    """Now, in UTC (the desk's default clock)."""
    return datetime.now(UTC)


def csv_set(values: Iterable[str]) -> str:
    """Values stored between commas (``,nato,eapc,``) so that one LIKE finds a member.

    >>> csv_set({"nato", "eapc"}), sorted(csv_values(",eapc,nato,"))
    (',eapc,nato,', ['eapc', 'nato'])
    """
    items = sorted(set(values))
    return "," + ",".join(items) + "," if items else ""


def csv_values(text: str) -> frozenset[str]:
    """The values of a set stored between commas."""
    return frozenset(x for x in text.split(",") if x)


def as_utc(at: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives it back naive)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)

"""Shared fixtures: the shipped registry, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bucarest.registry.data import load_embedded_registry
from bucarest.registry.domain.model import Registry

FIXTURES = Path(__file__).parent / "data"

# Starlette's TestClient sends "Host: testserver"; the servers the e2e tests start inherit this.
os.environ.setdefault("BUCAREST_ALLOWED_HOSTS", "localhost,127.0.0.1,::1,testserver")
# Batch work runs serially unless a test asks for a cluster (starting one costs seconds).
os.environ.setdefault("BUCAREST_DASK_SCHEDULER", "none")
# The audit key and checkpoints of databases that are not SQLite files go to the data
# folder: a throw-away one, never the user's.
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="bucarest-test-data-"))

# In CI the examples are derived from each test's name, so a run is reproducible and a
# rare example cannot turn a landing red by chance; locally they stay random to explore.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def reg() -> Registry:
    """The registry shipped with the package."""
    return load_embedded_registry()


def _postgres_admin_url() -> str | None:
    url = os.environ.get("BUCAREST_TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI=true but BUCAREST_TEST_POSTGRES_URL is not set: PostgreSQL tests must run")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = _postgres_admin_url()
    if not admin:
        pytest.skip("no PostgreSQL server (set BUCAREST_TEST_POSTGRES_URL or install postgresql)")
    name = f"bucarest_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bucarest.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite database for the commands (``BUCAREST_DATABASE_URL``); its URL."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("BUCAREST_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[str]:
    """A two-process Dask ``LocalCluster`` shared by the tests that compare distributed runs
    with serial ones; its scheduler spec for :func:`bucarest.platform.batch.run_batch`. A
    task whose worker dies is retried once (the default is three), so the test of a worker
    that always dies stays short."""
    import dask

    from bucarest.platform.batch import close_clients

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        yield "local:2"
        close_clients()

"""The store on real SQLite and real PostgreSQL: migrations, idempotent load, checked writes."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bucarest.app import open_store
from bucarest.core.dates import parse_partial_date as d
from bucarest.core.errors import ConflictError, InvalidFactError, NotFoundError, StoreError
from bucarest.platform.database import Base, Database
from bucarest.registry.data import load_embedded_registry
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    Membership,
    Stage,
    Status,
    user_citations,
)
from bucarest.registry.domain.queries import members_on
from bucarest.registry.store import RegistryRepository, registry_cache
from bucarest.registry.tables import MembershipTable, RegistryChangeTable

TODAY = date(2026, 11, 29)
X = user_citations(["x"])


def counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        rows = s.scalar(select(func.count()).select_from(MembershipTable)) or 0
        log = s.scalar(select(func.count()).select_from(RegistryChangeTable)) or 0
    return rows, log


def test_migrations_match_the_models(db_url: str) -> None:
    db = Database.open(db_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == []


def test_first_open_loads_the_shipped_data_and_loading_again_changes_nothing(db_url: str) -> None:
    db = open_store(db_url)
    with db.session() as s:
        repo = RegistryRepository(s)
        reg = repo.load()
        rev = repo.revision()
    assert len(members_on(reg, "nato", date(2008, 4, 3))) == 26
    before = counts(db)
    with db.session() as s:
        report = RegistryRepository(s).load_dataset(load_embedded_registry())
    assert report.added == 0 and report.unchanged > 0
    assert counts(db) == before
    with db.session() as s:
        assert RegistryRepository(s).revision() == rev
    db.dispose()
    again = open_store(db_url)  # a second start does not load twice
    assert counts(again) == before
    again.dispose()


def test_add_correct_and_log(db_url: str) -> None:
    db = open_store(db_url)
    m = Membership(
        "xkx", "PFP", Status.PARTNER, d("2025-03"), None, None, user_citations(["test source"])
    )
    with db.session() as s:
        saved = RegistryRepository(s).add_membership(m, actor="t", reason="test", today=TODAY)
    assert saved.country == "XKX" and saved.framework == "pfp" and saved.id is not None
    with db.session() as s:
        fixed = RegistryRepository(s).correct_membership(
            saved.id, {"end": d("2026-01-01"), "end_cause": EndCause.WITHDREW},
            actor="t", reason="correction", today=TODAY,
        )  # fmt: skip
    assert fixed.end == d("2026-01-01")
    with db.session() as s:
        log = RegistryRepository(s).change_log(2)
    assert [e["action"] for e in log] == ["correct", "add"]
    assert log[0]["before"]["end"] is None and log[0]["after"]["end"] == "2026-01-01"
    db.dispose()


def test_refused_writes_leave_nothing_behind(db_url: str) -> None:
    db = open_store(db_url)
    before = counts(db)
    bad = [
        Membership("MLT", "pfp", Status.PARTNER, d("2000"), None, None, X),
        Membership("XKX", "pfp", Status.PARTNER, d("2090-01-01"), None, None, X),
    ]
    for m in bad:
        with pytest.raises((ConflictError, InvalidFactError)), db.session() as s:
            RegistryRepository(s).add_membership(m, actor="t", today=TODAY)
    with pytest.raises(NotFoundError), db.session() as s:
        RegistryRepository(s).correct_membership(999999, {}, actor="t", reason="x", today=TODAY)
    e = AccessionEvent("UKR", Stage.RATIFIED, d("2009-01-01"), X, "FIN")
    with pytest.raises(InvalidFactError), db.session() as s:
        RegistryRepository(s).add_event(e, actor="t", today=TODAY)
    assert counts(db) == before
    db.dispose()


def test_cache_follows_writes(db_url: str) -> None:
    db = open_store(db_url)
    cache = registry_cache()
    with db.session() as s:
        first = cache.get(s)
        assert cache.get(s) is first
    m = Membership("XKX", "pfp", Status.PARTNER, d("2025-03-01"), None, None, X)
    with db.session() as s:
        RegistryRepository(s).add_membership(m, actor="t", today=TODAY)
    with db.session() as s:
        assert cache.get(s) is not first
        assert len(cache.get(s).memberships) == len(first.memberships) + 1
    db.dispose()


def test_unusable_database_urls_give_one_line_errors(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for url in ["nonsense", f"sqlite:///{blocker}/sub/db.sqlite3",
                "postgresql://nobody@127.0.0.1:1/none"]:  # fmt: skip
        with pytest.raises(StoreError) as info:
            Database.open(url)
        assert "\n" not in str(info.value)


def test_the_stored_registry_seats_the_allies_and_knows_the_nrc_events(db_url: str) -> None:
    from bucarest.registry.domain.model import FrameworkState
    from bucarest.registry.domain.queries import framework_status_on, seats_on

    db = open_store(db_url)
    with db.session() as s:
        reg = RegistryRepository(s).load()
    db.dispose()
    assert {f.id for f in reg.frameworks if f.allies_sit} == {"eapc", "nrc", "nuc", "ngc"}
    assert len(seats_on(reg, "eapc", date(2008, 5, 1))) == 50
    st = framework_status_on(reg, "nrc", date(2008, 9, 15))
    assert st.state is FrameworkState.MEETINGS_SUSPENDED and len(reg.framework_events) == 4

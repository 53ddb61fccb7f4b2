"""The desk's query layer on SQLite and PostgreSQL: policy before paging, 404 for denied,
credentials, optimistic writes and the audit chain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bucarest.app import open_store
from bucarest.core.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain.assistance import Step
from bucarest.desk.domain.markings import TLP, Marking
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.store.records import Desk
from bucarest.platform.audit import AuditTable, stored_audit, verify_trail
from bucarest.registry.domain.model import Registry

PASSWORD = "correct horse battery"
NATO_GREEN = Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato"}))


@pytest.fixture
def desk(db_url: str, reg: Registry) -> Iterator[Desk]:
    db = open_store(db_url)
    with db.session() as s:
        d = Desk(s, reg, db)
        for name, org, role in (("ana", "FRA", Role.ANALYST), ("dirk", "DEU", Role.ANALYST),
                                ("ute", "AUT", Role.ANALYST), ("rae", "DEU", Role.READER),
                                ("kadri", "EST", Role.POINT_OF_CONTACT), ("duty", "NCIRC", Role.RESPONDER)):  # fmt: skip
            d.accounts.create_user(name, org, {role}, PASSWORD)
        yield d
    db.dispose()


def _p(desk: Desk, name: str) -> Principal:
    return desk.accounts.principal(name)


def test_denied_reads_look_exactly_like_missing_records(desk: Desk) -> None:
    rec = desk.create(
        _p(desk, "ana"), RecordKind.INCIDENT, {"title": "t", "severity": "low"}, NATO_GREEN
    )
    assert desk.get(_p(desk, "dirk"), rec.id).id == rec.id
    with pytest.raises(NotFoundError) as denied:
        desk.get(_p(desk, "ute"), rec.id)
    with pytest.raises(NotFoundError) as missing:
        desk.get(_p(desk, "ute"), "00000000-0000-0000-0000-000000000000")
    assert str(denied.value).replace(rec.id, "X") == str(missing.value).replace(
        "00000000-0000-0000-0000-000000000000", "X")  # fmt: skip


def test_filtering_happens_before_pagination_and_counts(desk: Desk) -> None:
    ana = _p(desk, "ana")
    for i in range(7):
        marking = NATO_GREEN if i % 2 else Marking("FRA", TLP.GREEN, frameworks=frozenset({"eapc"}))
        desk.create(ana, RecordKind.PRACTICE, {"title": f"p{i}", "body": "b"}, marking)
    ute = _p(desk, "ute")  # a partner: sees the EAPC ones only (0, 2, 4, 6)
    first = desk.page(ute, RecordKind.PRACTICE, limit=3)
    assert len(first.records) == 3 and first.next is not None
    second = desk.page(ute, RecordKind.PRACTICE, limit=3, cursor=first.next)
    titles = [r.fields["title"] for r in (*first.records, *second.records)]
    assert titles == ["p6", "p4", "p2", "p0"] and second.next is None
    assert (
        desk.count(ute, RecordKind.PRACTICE) == 4
        and desk.count(_p(desk, "dirk"), RecordKind.PRACTICE) == 7
    )


def test_next_token_is_bound_to_its_user_and_query(desk: Desk) -> None:
    ana = _p(desk, "ana")
    for i in range(3):
        desk.create(ana, RecordKind.PRACTICE, {"title": f"p{i}", "body": "b"}, NATO_GREEN)
    page = desk.page(_p(desk, "dirk"), RecordKind.PRACTICE, limit=1)
    assert page.next is not None
    with pytest.raises(InvalidInputError, match="not issued for this user and query"):
        desk.page(ana, RecordKind.PRACTICE, limit=1, cursor=page.next)
    with pytest.raises(InvalidInputError, match="not issued"):
        desk.page(_p(desk, "dirk"), RecordKind.PRACTICE, text="p", limit=1, cursor=page.next)


def test_search_only_finds_what_one_may_read(desk: Desk) -> None:
    ana = _p(desk, "ana")
    desk.create(
        ana, RecordKind.PRACTICE, {"title": "Segment the network", "body": "VLANs"}, NATO_GREEN
    )
    desk.create(ana, RecordKind.PRACTICE, {"title": "Segment secrets", "body": "x"},
                Marking("FRA", TLP.AMBER_STRICT, originator_only=True))  # fmt: skip
    assert [r.fields["title"] for r in desk.page(_p(desk, "dirk"), RecordKind.PRACTICE, text="segment").records] == [
        "Segment the network"]  # fmt: skip
    assert len(desk.page(ana, RecordKind.PRACTICE, text="SEGMENT").records) == 2
    assert desk.page(ana, RecordKind.PRACTICE, text="100%_").records == ()


def test_children_are_checked_on_their_own_and_against_their_parent(desk: Desk) -> None:
    ana, dirk, ute = _p(desk, "ana"), _p(desk, "dirk"), _p(desk, "ute")
    inc = desk.create(ana, RecordKind.INCIDENT, {"title": "t", "severity": "low"}, NATO_GREEN)
    with pytest.raises(PermissionDeniedError, match="less restricted than its parent"):
        desk.create(
            dirk,
            RecordKind.NOTE,
            {"text": "n"},
            Marking("DEU", TLP.CLEAR, frameworks=frozenset({"nato", "eapc"})),
            inc.id,
        )
    note = desk.create(dirk, RecordKind.NOTE, {"text": "seen it"}, NATO_GREEN, inc.id)
    assert note.marking.originator == "FRA" and note.author == "dirk"
    with pytest.raises(NotFoundError):
        desk.create(ute, RecordKind.NOTE, {"text": "n"}, NATO_GREEN, inc.id)
    assert [r.id for r in desk.page(dirk, RecordKind.NOTE, parent_id=inc.id).records] == [note.id]
    with pytest.raises(NotFoundError):
        desk.page(ute, RecordKind.NOTE, parent_id=inc.id)


def test_importer_cannot_spoof_the_originator_and_only_owners_update(desk: Desk) -> None:
    ana, dirk = _p(desk, "ana"), _p(desk, "dirk")
    with pytest.raises(PermissionDeniedError, match="originator"):
        desk.create(
            ana, RecordKind.INCIDENT, {"title": "t", "severity": "low"}, Marking("DEU", TLP.GREEN)
        )
    rec = desk.create(ana, RecordKind.INCIDENT, {"title": "t", "severity": "low"}, NATO_GREEN)
    with pytest.raises(PermissionDeniedError, match="only FRA"):
        desk.update(dirk, rec.id, {"title": "mine", "severity": "low"}, 1)
    changed = desk.update(ana, rec.id, {"title": "t2", "severity": "high"}, 1)
    assert changed.version == 2
    with pytest.raises(ConflictError, match="changed since version 1"):
        desk.update(ana, rec.id, {"title": "t3", "severity": "high"}, 1)


def test_assistance_is_for_the_nation_and_the_team_and_steps_go_in_order(desk: Desk) -> None:
    kadri, duty, ana = _p(desk, "kadri"), _p(desk, "duty"), _p(desk, "ana")
    req = desk.request_assistance(kadri, {"title": "Botnet"})
    assert [r.id for r in desk.page(duty, RecordKind.ASSISTANCE).records] == [req.id]
    assert desk.page(ana, RecordKind.ASSISTANCE).records == ()
    with pytest.raises(NotFoundError):
        desk.advance(ana, req.id, Step.ACKNOWLEDGE)
    with pytest.raises(PermissionDeniedError, match="response team"):
        desk.advance(kadri, req.id, Step.ACKNOWLEDGE)
    with pytest.raises(ConflictError, match="expected the step 'acknowledge'"):
        desk.advance(duty, req.id, Step.DEPLOY)
    done = desk.advance(duty, req.id, Step.ACKNOWLEDGE)
    assert done.fields["state"] == "acknowledged" and done.version == 2


def test_credentials(desk: Desk) -> None:
    assert desk.accounts.login("ana", PASSWORD).organisation == "FRA"
    for user, password in (("ana", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            desk.accounts.login(user, password)
    token = desk.accounts.create_token("ana", "laptop")
    assert desk.accounts.token_principal(token).username == "ana"
    for forged in ("ana", "1", token[:-1], "bct_" + "x" * 40):
        with pytest.raises(AuthenticationError):
            desk.accounts.token_principal(forged)
    assert desk.accounts.revoke_tokens("ana") == 1
    with pytest.raises(AuthenticationError):
        desk.accounts.token_principal(token)
    cookie, csrf = desk.accounts.open_session(desk.accounts.principal("ana"))
    assert desk.accounts.session_principal(cookie) == (desk.accounts.principal("ana"), csrf)
    desk.accounts.close_session(cookie)
    with pytest.raises(AuthenticationError):
        desk.accounts.session_principal(cookie)


def test_user_rules(desk: Desk) -> None:
    with pytest.raises(ConflictError):
        desk.accounts.create_user("ana", "FRA", {Role.ANALYST}, PASSWORD)
    with pytest.raises(InvalidInputError, match="NATO body"):
        desk.accounts.create_user("r2", "FRA", {Role.RESPONDER}, PASSWORD)
    with pytest.raises(InvalidInputError, match="needs 12 to 256 characters"):
        desk.accounts.create_user("short", "FRA", {Role.ANALYST}, "abc")
    _p2, generated = desk.accounts.create_user("gen", "ITA", {Role.READER})
    assert len(generated) >= 24 and desk.accounts.login("gen", generated).organisation == "ITA"


def test_the_audit_log_records_decisions_and_catches_tampering(desk: Desk) -> None:
    rec = desk.create(
        _p(desk, "ana"), RecordKind.INCIDENT, {"title": "t", "severity": "low"}, NATO_GREEN
    )
    with pytest.raises(NotFoundError):
        desk.get(_p(desk, "ute"), rec.id)
    entries = desk.audit_entries()  # stored, then this unit of work's, chained as they will be
    denied = [e for e in entries if e.actor == "ute" and e.action == "read"]
    assert denied and not denied[-1].allowed and "not releasable to AUT" in denied[-1].reason
    desk.s.commit()  # the write's entry is stored with it
    assert any(e.action == "create" for e in stored_audit(desk.db))
    run_after_close(desk.s)  # what closing the session does: the refusal joins the chain
    assert [e.hash for e in stored_audit(desk.db)][-1] == entries[-1].hash
    assert verify_trail(desk.db).problems == ()
    seq = denied[-1].seq
    with desk.db.engine.begin() as conn:
        conn.execute(update(AuditTable).where(AuditTable.seq == seq).values(allowed=True))
    assert [(p.seq, p.kind) for p in verify_trail(desk.db).problems] == [(seq, "altered")]


def run_after_close(s: Session) -> None:
    for callback in s.info.pop("after_close", []):
        callback()


def test_audit_views_leak_no_names_of_unreadable_records(desk: Desk) -> None:
    rec = desk.create(_p(desk, "ana"), RecordKind.INCIDENT, {"title": "t", "severity": "low"},
                      Marking("FRA", TLP.AMBER_STRICT, originator_only=True))  # fmt: skip
    desk.get(_p(desk, "ana"), rec.id)
    seen = desk.visible_audit(_p(desk, "dirk"))
    assert all(rec.id not in e.target for e in seen)
    assert any(rec.id in e.target for e in desk.visible_audit(_p(desk, "ana")))


def test_a_clock_in_the_past_applies_the_registry_of_that_day(db_url: str, reg: Registry) -> None:
    db = open_store(db_url)
    with db.session() as s:
        early = Desk(s, reg, db, now=lambda: datetime(2009, 3, 31, 12, tzinfo=UTC))
        late = Desk(s, reg, db, now=lambda: datetime(2009, 4, 1, 12, tzinfo=UTC))
        early.accounts.create_user("ana", "FRA", {Role.ANALYST}, PASSWORD)
        early.accounts.create_user("arta", "ALB", {Role.ANALYST}, PASSWORD)
        rec = early.create(
            early.accounts.principal("ana"),
            RecordKind.INCIDENT,
            {"title": "t", "severity": "low"},
            NATO_GREEN,
        )
        with pytest.raises(NotFoundError):
            early.get(early.accounts.principal("arta"), rec.id)
        assert late.get(late.accounts.principal("arta"), rec.id).id == rec.id
    db.dispose()

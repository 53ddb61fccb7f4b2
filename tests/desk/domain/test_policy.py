"""The sharing policy: hand cases, the date rule, and hypothesis invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bucarest.core.errors import InvalidInputError
from bucarest.core.identity import NATO_BODIES, Principal, Role, check_organisation
from bucarest.desk.domain.markings import TLP, Classification, Marking, nations_of
from bucarest.desk.domain.policy import (
    NEED_TO_KNOW,
    Action,
    RecordKind,
    can_read,
    can_read_child,
    can_write,
    check_marking,
    member_of,
)
from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.queries import members_on

ORGS = [
    "FRA",
    "DEU",
    "ALB",
    "HRV",
    "AUT",
    "UKR",
    "EGY",
    "ISR",
    "CHE",
    "NATO",
    "NCIRC",
    "EST",
    "TUR",
]
FRAMEWORKS = ["nato", "eapc", "pfp", "md", "ici"]
DAYS = [date(2008, 4, 3), date(2009, 3, 31), date(2009, 4, 1), date(2015, 6, 1), date(2024, 3, 7)]

roles = st.frozensets(st.sampled_from(list(Role)), max_size=3)
principals = st.builds(
    Principal, st.sampled_from(["ana", "bob", "cyd"]), st.sampled_from(ORGS), roles
)
markings = st.builds(
    Marking,
    originator=st.sampled_from(ORGS),
    tlp=st.sampled_from(list(TLP)),
    classification=st.sampled_from([Classification.PUBLIC, Classification.UNCLASSIFIED]),
    frameworks=st.frozensets(st.sampled_from(FRAMEWORKS), max_size=3),
    nations=st.frozensets(st.sampled_from(ORGS[:9]), max_size=3),
    originator_only=st.booleans(),
    recipients=st.frozensets(st.sampled_from(["ana", "bob", "cyd"]), max_size=2),
    response_team=st.booleans(),
)


def _entitled(reg: Registry, p: Principal, m: Marking, on: date, author: str | None) -> bool:
    """An independent statement of who may read, written from the issue's words."""
    if not p.roles:
        return False
    same = p.organisation == m.originator
    team = m.response_team and Role.RESPONDER in p.roles and p.organisation in NATO_BODIES
    if same or team:
        release = True
    elif m.originator_only:
        release = False
    else:
        allied = p.organisation in NATO_BODIES or p.organisation in {
            x.country for x in members_on(reg, "nato", on)
        }
        members = {fw for fw in m.frameworks
                   if (fw == "nato" and allied)
                   or p.organisation in {x.country for x in members_on(reg, fw, on)}
                   or (fw != "nato" and allied)}  # fmt: skip
        release = p.organisation in m.nations or bool(members)
    if m.tlp in (TLP.CLEAR, TLP.GREEN):
        tlp = True
    elif m.tlp is TLP.RED:
        tlp = bool(p.roles & NEED_TO_KNOW) and (p.username in m.recipients or p.username == author)
    else:
        tlp = bool(p.roles & NEED_TO_KNOW) and (m.tlp is TLP.AMBER or same or team)
    return release and tlp


@given(principals, markings, st.sampled_from(DAYS), st.sampled_from([None, "ana", "zed"]))
@settings(max_examples=300)
def test_nobody_reads_what_their_nation_framework_role_or_tlp_does_not_entitle_them_to(
    reg: Registry, p: Principal, m: Marking, on: date, author: str | None
) -> None:
    assert can_read(p, m, on, reg, author).allowed == _entitled(reg, p, m, on, author)


@given(principals, markings, markings, st.sampled_from(DAYS))
@settings(max_examples=300)
def test_narrowing_a_marking_never_grants_access(
    reg: Registry, p: Principal, a: Marking, b: Marking, on: date
) -> None:
    tight = a.at_least(b)
    assert tight.narrows(b)
    if can_read(p, tight, on, reg).allowed:
        assert can_read(p, b, on, reg).allowed


@given(principals, markings, markings, st.sampled_from(DAYS))
@settings(max_examples=200)
def test_a_child_never_outlives_its_parents_restriction(
    reg: Registry, p: Principal, parent: Marking, child: Marking, on: date
) -> None:
    chain = [(parent, None), (child.at_least(parent), None)]
    if can_read_child(p, chain, on, reg).allowed:
        assert can_read(p, parent, on, reg).allowed


@given(principals, markings, st.sampled_from(DAYS))
@settings(max_examples=200)
def test_a_writer_can_read_what_they_write_and_owns_it(
    reg: Registry, p: Principal, m: Marking, on: date
) -> None:
    assume(not (m.tlp is TLP.RED and not m.recipients))
    d = can_write(p, Action.CREATE, RecordKind.INCIDENT, m, on, reg)
    if d.allowed:
        assert m.originator == p.organisation
        assert can_read(p, m, on, reg, author=p.username).allowed


def test_albania_reads_nato_releasable_records_from_1_april_2009(reg: Registry) -> None:
    alb = Principal("arta", "ALB", frozenset({Role.ANALYST}))
    m = Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato"}))
    before = can_read(alb, m, date(2009, 3, 31), reg)
    assert not before.allowed and before.reason == "not releasable to ALB on 2009-03-31"
    assert can_read(alb, m, date(2009, 4, 1), reg).allowed


def test_partner_framework_and_named_nation(reg: Registry) -> None:
    aut = Principal("ute", "AUT", frozenset({Role.ANALYST}))
    assert not can_read(
        aut, Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato"})), date(2008, 4, 3), reg
    ).allowed
    assert can_read(
        aut, Marking("FRA", TLP.GREEN, frameworks=frozenset({"eapc"})), date(2008, 4, 3), reg
    ).allowed
    assert can_read(
        aut, Marking("FRA", TLP.GREEN, nations=frozenset({"AUT"})), date(2008, 4, 3), reg
    ).allowed
    assert member_of(reg, "NATO", "nato", date(2008, 4, 3)) and member_of(
        reg, "DEU", "eapc", date(2008, 4, 3)
    )
    assert not member_of(reg, "AUT", "nato", date(2008, 4, 3)) and not member_of(
        reg, "AUT", "md", date(2008, 4, 3)
    )


def test_tlp_levels_mean_what_first_says(reg: Registry) -> None:
    day = date(2008, 4, 3)
    reader = Principal("rae", "DEU", frozenset({Role.READER}))
    analyst = Principal("ana", "DEU", frozenset({Role.ANALYST}))
    base = Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato"}))
    assert can_read(reader, base, day, reg).allowed
    assert not can_read(reader, replace(base, tlp=TLP.AMBER), day, reg).allowed
    assert can_read(analyst, replace(base, tlp=TLP.AMBER), day, reg).allowed
    strict = replace(base, tlp=TLP.AMBER_STRICT)
    assert not can_read(analyst, strict, day, reg).allowed
    assert can_read(replace(analyst, organisation="FRA"), strict, day, reg).allowed
    red = replace(base, tlp=TLP.RED, recipients=frozenset({"ana"}))
    assert can_read(analyst, red, day, reg).allowed
    assert not can_read(replace(analyst, username="bob"), red, day, reg).allowed


def test_an_administrator_gets_no_bypass(reg: Registry) -> None:
    admin = Principal("root", "NATO", frozenset({Role.ADMINISTRATOR}))
    m = Marking("FRA", TLP.AMBER, originator_only=True)
    assert not can_read(admin, m, date(2008, 4, 3), reg).allowed


def test_assistance_requests_are_for_the_nation_and_the_team(reg: Registry) -> None:
    from bucarest.desk.domain.assistance import request_marking

    m = request_marking("EST")
    day = date(2008, 4, 3)
    assert can_read(Principal("k", "EST", frozenset({Role.POINT_OF_CONTACT})), m, day, reg).allowed
    assert can_read(Principal("d", "NCIRC", frozenset({Role.RESPONDER})), m, day, reg).allowed
    assert not can_read(Principal("a", "FRA", frozenset({Role.ANALYST})), m, day, reg).allowed
    assert not can_read(Principal("n", "NATO", frozenset({Role.ANALYST})), m, day, reg).allowed


def test_workflow_steps_belong_to_the_response_team(reg: Registry) -> None:
    from bucarest.desk.domain.assistance import request_marking

    m = request_marking("EST")
    day = date(2008, 4, 3)
    poc = Principal("k", "EST", frozenset({Role.POINT_OF_CONTACT}))
    team = Principal("d", "NCIRC", frozenset({Role.RESPONDER}))
    assert not can_write(poc, Action.ACKNOWLEDGE, RecordKind.ASSISTANCE, m, day, reg).allowed
    assert can_write(team, Action.ACKNOWLEDGE, RecordKind.ASSISTANCE, m, day, reg).allowed
    assert can_write(poc, Action.CREATE, RecordKind.ASSISTANCE, m, day, reg).allowed
    assert not can_write(
        team, Action.CREATE, RecordKind.ASSISTANCE, request_marking("NCIRC"), day, reg
    ).allowed


def test_importer_cannot_spoof_the_originator(reg: Registry) -> None:
    ana = Principal("ana", "FRA", frozenset({Role.ANALYST}))
    d = can_write(
        ana, Action.CREATE, RecordKind.INDICATOR, Marking("DEU", TLP.GREEN), date(2008, 4, 3), reg
    )
    assert not d.allowed and "originator" in d.reason


def test_child_less_restricted_than_parent_is_refused(reg: Registry) -> None:
    ana = Principal("ana", "FRA", frozenset({Role.ANALYST}))
    parent = Marking("FRA", TLP.AMBER, frameworks=frozenset({"nato"}))
    looser = Marking("FRA", TLP.GREEN, frameworks=frozenset({"nato", "eapc"}))
    d = can_write(ana, Action.CREATE, RecordKind.NOTE, looser, date(2008, 4, 3), reg, parent=parent)
    assert not d.allowed and "less restricted" in d.reason


@pytest.mark.parametrize(
    ("marking", "message"),
    [
        (Marking("FRA", frameworks=frozenset({"nato", "warsaw"})), "unknown framework 'warsaw'"),
        (Marking("FRA", classification=Classification.SECRET), "above this service's ceiling"),
        (Marking("FRA", TLP.RED), "needs named recipients"),
        (Marking("FRA", originator_only=True, nations=frozenset({"DEU"})), "one or the other"),
    ],
)
def test_bad_markings_are_refused_with_one_line(
    reg: Registry, marking: Marking, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        check_marking(marking, reg)


def test_organisations_and_nations() -> None:
    assert check_organisation(" fra ") == "FRA" and check_organisation("ncirc") == "NCIRC"
    with pytest.raises(InvalidInputError, match="unknown organisation 'XYZ'"):
        check_organisation("XYZ")
    with pytest.raises(InvalidInputError, match="is a NATO body, not a nation"):
        nations_of(["DEU", "NATO"])

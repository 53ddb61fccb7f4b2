"""The councils seat the Allies of the day with their partners; the NRC's working life.

Counts checked against the Alliance's statements: the EAPC is "the 50-nation Euro-Atlantic
Partnership Council" (nato.int, topics_49276: today 32 Allies and 18 partners); in 2008 it
was 26 Allies and 24 partners, in April 2009 28 Allies and 22 partners.
"""

from datetime import date

import pytest

from bucarest.registry.domain.model import FrameworkEventKind, FrameworkState, Registry
from bucarest.registry.domain.queries import Capacity, framework_status_on, members_on, seats_on


def split(reg: Registry, fw: str, day: date) -> tuple[int, list[str]]:
    seats = seats_on(reg, fw, day)
    allies = [s for s in seats if s.capacity is Capacity.ALLY]
    return len(allies), [s.country for s in seats if s.capacity is not Capacity.ALLY]


@pytest.mark.parametrize(
    ("day", "allies", "partners"),
    [
        (date(2008, 5, 1), 26, 24),
        (date(2009, 4, 4), 28, 22),
        (date(2026, 11, 29), 32, 18),
    ],
)
def test_the_eapc_has_50_nations(reg: Registry, day: date, allies: int, partners: int) -> None:
    n_allies, others = split(reg, "eapc", day)
    assert (n_allies, len(others)) == (allies, partners)
    assert n_allies + len(others) == 50


def test_albania_and_croatia_move_from_partners_to_allies_in_april_2009(reg: Registry) -> None:
    before = {s.country: s.capacity for s in seats_on(reg, "eapc", date(2009, 3, 31))}
    after = {s.country: s.capacity for s in seats_on(reg, "eapc", date(2009, 4, 4))}
    assert before["ALB"] is Capacity.PARTNER and after["ALB"] is Capacity.ALLY
    assert before["HRV"] is Capacity.PARTNER and after["HRV"] is Capacity.ALLY
    assert len(after) == len({s.country for s in seats_on(reg, "eapc", date(2009, 4, 4))})


@pytest.mark.parametrize(
    ("fw", "day", "partner"),
    [
        ("nrc", date(2008, 5, 1), "RUS"),
        ("nuc", date(2008, 9, 15), "UKR"),
        ("ngc", date(2008, 9, 15), "GEO"),
    ],
)
def test_bilateral_councils_seat_every_ally_and_one_partner(
    reg: Registry, fw: str, day: date, partner: str
) -> None:
    assert split(reg, fw, day) == (26, [partner])
    allies = {m.country for m in members_on(reg, "nato", day)}
    assert {s.country for s in seats_on(reg, fw, day)} == allies | {partner}


def test_an_allys_seat_counts_from_the_councils_founding(reg: Registry) -> None:
    fra = next(s for s in seats_on(reg, "nrc", date(2008, 5, 1)) if s.country == "FRA")
    assert fra.since is not None and fra.since.isoformat() == "2002-05-28"
    bgr = next(s for s in seats_on(reg, "eapc", date(2008, 5, 1)) if s.country == "BGR")
    assert bgr.since is not None and bgr.since.isoformat() == "2004-03-29"


def test_no_seat_outside_a_councils_lifetime_and_no_allies_in_other_frameworks(
    reg: Registry,
) -> None:
    assert seats_on(reg, "ngc", date(2008, 9, 14)) == ()
    assert seats_on(reg, "nuc", date(2023, 7, 12)) == ()
    assert all(s.capacity is Capacity.PARTNER for s in seats_on(reg, "pfp", date(2008, 5, 1)))
    assert all(s.capacity is Capacity.ALLY for s in seats_on(reg, "nato", date(2008, 5, 1)))
    assert seats_on(reg, "md", date(2008, 5, 1)) == members_on(reg, "md", date(2008, 5, 1))


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (date(2008, 4, 4), FrameworkState.ACTIVE),
        (date(2008, 8, 18), FrameworkState.ACTIVE),
        (date(2008, 8, 19), FrameworkState.MEETINGS_SUSPENDED),
        (date(2009, 3, 4), FrameworkState.MEETINGS_SUSPENDED),
        (date(2009, 3, 5), FrameworkState.ACTIVE),
        (date(2009, 6, 27), FrameworkState.ACTIVE),
        (date(2014, 3, 31), FrameworkState.ACTIVE),
        (date(2014, 4, 1), FrameworkState.COOPERATION_SUSPENDED),
    ],
)
def test_the_nrc_state_on_a_date(reg: Registry, day: date, state: FrameworkState) -> None:
    assert framework_status_on(reg, "nrc", day).state is state


def test_the_nrc_events_are_dated_and_sourced_on_nato_int(reg: Registry) -> None:
    st = framework_status_on(reg, "nrc", date(2026, 1, 1))
    assert [(e.date.isoformat(), e.kind) for e in st.events] == [
        ("2008-08-19", FrameworkEventKind.MEETINGS_SUSPENDED),
        ("2009-03-05", FrameworkEventKind.MEETINGS_RESUMED),
        ("2009-06-27", FrameworkEventKind.MEETING),
        ("2014-04-01", FrameworkEventKind.COOPERATION_SUSPENDED),
    ]
    assert "official_texts_29950" in (st.events[0].sources[0].url or "")
    assert "news_51343" in (st.events[1].sources[0].url or "")
    assert "news_55985" in (st.events[2].sources[0].url or "")
    assert all(e.confidence.value == "official" for e in st.events)
    corfu = framework_status_on(reg, "nrc", date(2009, 6, 27))
    assert corfu.since is not None and corfu.since.date.isoformat() == "2009-03-05"


def test_a_framework_without_events_is_active(reg: Registry) -> None:
    st = framework_status_on(reg, "eapc", date(2008, 5, 1))
    assert st.state is FrameworkState.ACTIVE and st.events == () and st.exists
    assert not framework_status_on(reg, "ngc", date(2008, 1, 1)).exists

"""Registry queries on real dates of the Alliance's history (shipped data)."""

from datetime import date

import pytest

from bucarest.core.errors import InvalidInputError, UnknownCountryError, UnknownFrameworkError
from bucarest.registry.domain.model import EndCause, Registry
from bucarest.registry.domain.queries import (
    ChangeKind,
    changes_between,
    country_history,
    members_on,
)

ALLIES_2008 = {
    "BEL", "BGR", "CAN", "CZE", "DNK", "EST", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA", "LVA",
    "LTU", "LUX", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "TUR", "GBR", "USA",
}  # fmt: skip


def codes(reg: Registry, fw: str, day: date) -> set[str]:
    return {m.country for m in members_on(reg, fw, day)}


def test_26_allies_at_bucharest(reg: Registry) -> None:
    assert codes(reg, "nato", date(2008, 4, 3)) == ALLIES_2008


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (date(1949, 8, 24), 12),
        (date(1952, 2, 18), 14),
        (date(1955, 5, 6), 15),
        (date(1982, 5, 30), 16),
        (date(1999, 3, 12), 19),
        (date(2004, 3, 29), 26),
        (date(2009, 3, 31), 26),
        (date(2009, 4, 1), 28),
        (date(2017, 6, 5), 29),
        (date(2020, 3, 27), 30),
        (date(2023, 4, 4), 31),
        (date(2024, 3, 7), 32),
    ],
)
def test_alliance_size_through_enlargements(reg: Registry, day: date, count: int) -> None:
    assert len(members_on(reg, "nato", day)) == count


def test_no_member_before_the_framework_existed(reg: Registry) -> None:
    assert members_on(reg, "nato", date(1949, 1, 1)) == ()
    assert members_on(reg, "ngc", date(2008, 4, 3)) == ()
    assert members_on(reg, "pfp", date(1993, 12, 31)) == ()


def test_mediterranean_dialogue_has_seven_and_ici_four_at_bucharest(reg: Registry) -> None:
    assert codes(reg, "md", date(2008, 4, 3)) == {
        "DZA", "EGY", "ISR", "JOR", "MRT", "MAR", "TUN",
    }  # fmt: skip
    assert codes(reg, "ici", date(2008, 4, 3)) == {"BHR", "KWT", "QAT", "ARE"}


def test_malta_pfp_suspension_is_two_intervals(reg: Registry) -> None:
    pfp = [m for m in country_history(reg, "MLT").memberships if m.framework == "pfp"]
    assert len(pfp) == 2
    first, second = sorted(pfp, key=lambda m: m.start)
    assert first.start.isoformat() == "1995-04-26"
    assert first.end_cause is EndCause.SUSPENDED
    assert first.end is not None and first.end.earliest.year == 1996
    assert second.start.earliest.year == 2008 and second.end is None
    assert "MLT" not in codes(reg, "pfp", date(2000, 1, 1))
    assert "MLT" in codes(reg, "pfp", date(2010, 1, 1))


def test_changes_in_the_year_after_bucharest(reg: Registry) -> None:
    found = changes_between(reg, date(2008, 4, 3), date(2009, 4, 4), "nato")
    joined = {c.country for c in found if c.kind is ChangeKind.JOINED}
    assert joined == {"ALB", "HRV"}


def test_changes_all_frameworks_include_the_partners_leaving_for_nato(reg: Registry) -> None:
    found = changes_between(reg, date(2009, 4, 1), date(2009, 4, 2))
    left = {(c.country, c.framework) for c in found if c.kind is ChangeKind.LEFT}
    assert ("ALB", "pfp") in left and ("HRV", "pfp") in left
    assert all(c.cause is EndCause.BECAME_ALLY for c in found if c.kind is ChangeKind.LEFT)


def test_changes_need_a_non_empty_period(reg: Registry) -> None:
    with pytest.raises(InvalidInputError, match="'to' must be after 'from'"):
        changes_between(reg, date(2009, 1, 1), date(2008, 1, 1))


def test_unknown_inputs_name_what_is_expected(reg: Registry) -> None:
    with pytest.raises(UnknownFrameworkError, match="expected one of .*nato"):
        members_on(reg, "natoo", date(2008, 4, 3))
    with pytest.raises(UnknownCountryError):
        country_history(reg, "ZZZ")


def test_every_row_has_a_source(reg: Registry) -> None:
    for fact in (*reg.memberships, *reg.events, *reg.frameworks):
        assert fact.sources and all(c.title.strip() and c.issuer.strip() for c in fact.sources)


def test_all_32_allies_today(reg: Registry) -> None:
    assert len(members_on(reg, "nato", date(2026, 11, 29))) == 32

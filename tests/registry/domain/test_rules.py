"""Writes that break a rule are refused with a message that says what is wrong."""

from datetime import date

import pytest

from bucarest.core.dates import parse_partial_date as d
from bucarest.core.errors import (
    ConflictError,
    InvalidFactError,
    UnknownCountryError,
    UnknownFrameworkError,
)
from bucarest.core.provenance import Citation
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    Membership,
    Registry,
    Stage,
    Status,
)
from bucarest.registry.domain.rules import check_event, check_membership

TODAY = date(2026, 11, 29)


def ms(country="SRB", framework="pfp", status=Status.PARTNER, start="2006-12-14", end=None,
       cause=None, sources=("test",)) -> Membership:  # fmt: skip
    cites = tuple(Citation(t, "test") for t in sources)
    return Membership(country, framework, status, d(start), d(end) if end else None, cause, cites)


TEST = (Citation("test", "test"),)


def test_a_valid_new_fact_passes(reg: Registry) -> None:
    check_membership(reg, ms("XKX", "pfp", start="2025-01-01"), TODAY)


@pytest.mark.parametrize(
    ("membership", "error", "fragment"),
    [
        (ms(country="XXX"), UnknownCountryError, "alpha-3"),
        (ms(framework="warsaw"), UnknownFrameworkError, "expected one of"),
        (ms("XKX", start="2010-01-01", end="2009-01-01"), InvalidFactError, "must end after"),
        (ms("XKX", start="2030-01-01"), InvalidFactError, "in the future"),
        (ms("XKX", framework="ngc", start="2001-01-01"), InvalidFactError, "founded on"),
        (ms("XKX", status=Status.MEMBER), InvalidFactError, "expected 'partner'"),
        (ms("XKX", start="2020", cause=EndCause.WITHDREW), InvalidFactError, "needs an end"),
        (ms("XKX", start="2020", sources=(" ",)), InvalidFactError, "needs a source"),
        (ms("MLT", start="2000-01-01", end="2010-01-01"), ConflictError, "must not overlap"),
    ],
)
def test_bad_facts_are_refused(reg: Registry, membership, error, fragment) -> None:
    with pytest.raises(error, match=fragment):
        check_membership(reg, membership, TODAY)


def test_ratification_must_name_an_ally_of_that_day(reg: Registry) -> None:
    e = AccessionEvent("UKR", Stage.RATIFIED, d("2009-01-01"), TEST, None)
    with pytest.raises(InvalidFactError, match="must name the ratifying Ally"):
        check_event(reg, e, TODAY)
    e = AccessionEvent("UKR", Stage.RATIFIED, d("2009-01-01"), TEST, "FIN")
    with pytest.raises(InvalidFactError, match="FIN was not an Ally"):
        check_event(reg, e, TODAY)


def test_a_ratification_is_recorded_once(reg: Registry) -> None:
    first = next(e for e in reg.events if e.stage is Stage.RATIFIED)
    again = AccessionEvent(first.country, Stage.RATIFIED, first.date, TEST, first.ally)
    with pytest.raises(ConflictError, match="already recorded"):
        check_event(reg, again, TODAY)

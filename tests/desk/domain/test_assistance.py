"""The assistance workflow: straight line, stamped steps, overdue acknowledgement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bucarest.core.errors import ConflictError, InvalidInputError
from bucarest.desk.domain.assistance import Step, acknowledgement_overdue, advance, submit

T0 = datetime(2008, 4, 3, 9, 0, tzinfo=UTC)


def test_the_whole_workflow_stamps_every_step() -> None:
    r = submit({"title": "DDoS on ministries", "system": "gov"}, T0, "kadri")
    r = advance(r, Step.ACKNOWLEDGE, T0 + timedelta(hours=1), "duty")
    r = advance(r, Step.ASSIGN, T0 + timedelta(hours=2), "duty", team=["ana", " bob "])
    r = advance(r, Step.DEPLOY, T0 + timedelta(hours=8), "duty")
    r = advance(r, Step.CLOSE, T0 + timedelta(days=3), "duty", lessons="Filter upstream.")
    assert (
        r["state"] == "closed"
        and r["team"] == ["ana", "bob"]
        and r["lessons"] == "Filter upstream."
    )
    assert [s["step"] for s in r["steps"]] == ["submit", "acknowledge", "assign", "deploy", "close"]
    assert r["steps"][2]["at"] == "2008-04-03T11:00:00+00:00"
    with pytest.raises(ConflictError, match="closed"):
        advance(r, Step.CLOSE, T0, "duty", lessons="again")


@pytest.mark.parametrize("step", [Step.ASSIGN, Step.DEPLOY, Step.CLOSE])
def test_a_step_out_of_order_is_refused_and_changes_nothing(step: Step) -> None:
    r = submit({"title": "x"}, T0, "kadri")
    with pytest.raises(ConflictError, match="expected the step 'acknowledge'"):
        advance(r, step, T0, "duty", team=["a"], lessons="l")
    assert r["state"] == "submitted" and len(r["steps"]) == 1


def test_assign_needs_a_team_and_close_needs_lessons() -> None:
    r = advance(submit({"title": "x"}, T0, "k"), Step.ACKNOWLEDGE, T0, "d")
    with pytest.raises(InvalidInputError, match="team"):
        advance(r, Step.ASSIGN, T0, "d", team=[" "])
    r = advance(advance(r, Step.ASSIGN, T0, "d", team=["a"]), Step.DEPLOY, T0, "d")
    with pytest.raises(InvalidInputError, match="lessons"):
        advance(r, Step.CLOSE, T0, "d", lessons="")


def test_unacknowledged_for_more_than_a_day_is_overdue() -> None:
    r = submit({"title": "x"}, T0, "k")
    assert not acknowledgement_overdue(r, T0 + timedelta(hours=23))
    assert acknowledgement_overdue(r, T0 + timedelta(hours=25))
    assert not acknowledgement_overdue(
        advance(r, Step.ACKNOWLEDGE, T0, "d"), T0 + timedelta(days=9)
    )


def test_bad_requests_name_the_field() -> None:
    with pytest.raises(InvalidInputError, match="field title of a assistance record"):
        submit({"title": ""}, T0, "k")
    with pytest.raises(InvalidInputError, match="colour"):
        submit({"title": "x", "colour": "red"}, T0, "k")

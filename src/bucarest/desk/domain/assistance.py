"""Requests for assistance: submitted by a nation, answered by NATO's response team.

Example::

    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2008, 4, 3, 9, 0, tzinfo=timezone.utc)
    >>> req = submit({"title": "Botnet against government sites", "system": "gov.ee"}, t0, "kadri")
    >>> req = advance(req, Step.ACKNOWLEDGE, t0 + timedelta(hours=2), "ncirc-duty")
    >>> req["state"], acknowledgement_overdue(req, t0 + timedelta(days=2))
    ('acknowledged', False)
    >>> advance(req, Step.DEPLOY, t0 + timedelta(hours=3), "ncirc-duty")
    Traceback (most recent call last):
    ...
    bucarest.core.errors.ConflictError: cannot deploy a request that is acknowledged; expected the step 'assign'

The workflow is a straight line: submitted → acknowledged → assigned (a team named) →
deployed → closed (with the lessons learned). Each step is stamped (UTC) with who took it;
a step out of order is refused and nothing changes. The request's marking keeps it to the
requesting nation and the response team (see :func:`request_marking`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.errors import N_, ConflictError, InvalidInputError
from bucarest.desk.domain.markings import TLP, Marking

__all__ = [
    "ACKNOWLEDGEMENT_LIMIT",
    "State",
    "Step",
    "acknowledgement_overdue",
    "advance",
    "next_step",
    "request_marking",
    "submit",
]

#: How long a request may wait for acknowledgement before it is flagged overdue. Our
#: choice (no public NATO figure): a working day.
ACKNOWLEDGEMENT_LIMIT = timedelta(hours=24)


class State(StrEnum):
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    DEPLOYED = "deployed"
    CLOSED = "closed"


class Step(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    DEPLOY = "deploy"
    CLOSE = "close"


_NEXT = {
    State.SUBMITTED: (Step.ACKNOWLEDGE, State.ACKNOWLEDGED),
    State.ACKNOWLEDGED: (Step.ASSIGN, State.ASSIGNED),
    State.ASSIGNED: (Step.DEPLOY, State.DEPLOYED),
    State.DEPLOYED: (Step.CLOSE, State.CLOSED),
}


def next_step(state: str) -> Step | None:
    """The step that follows ``state`` (None once closed)."""
    found = _NEXT.get(State(state))
    return found[0] if found else None


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20000)
    system: str = Field(default="", max_length=300)
    incident: str | None = Field(default=None, max_length=64)


def _stamp(at: datetime) -> str:
    return (
        (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")
    )


def request_marking(nation: str) -> Marking:
    """The marking of a nation's request: the nation and the response team, TLP:AMBER."""
    return Marking(originator=nation, tlp=TLP.AMBER, originator_only=True, response_team=True)


def submit(raw: Mapping[str, Any], at: datetime, by: str) -> dict[str, Any]:
    """The fields of a new request (validated), in state ``submitted``."""
    try:
        body = _Request.model_validate(dict(raw)).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInputError(
            N_("field {field} of a {kind} record: {problem}"),
            field=".".join(str(p) for p in first["loc"]), kind="assistance", problem=first["msg"],
        ) from None  # fmt: skip
    return {**body, "state": State.SUBMITTED.value, "team": [], "lessons": "",
            "steps": [{"step": "submit", "at": _stamp(at), "by": by, "detail": ""}]}  # fmt: skip


def advance(request: Mapping[str, Any], step: Step, at: datetime, by: str,
            team: list[str] | None = None, lessons: str = "", detail: str = "") -> dict[str, Any]:  # fmt: skip
    """The request after ``step``; :class:`ConflictError` when the step is out of order,
    :class:`InvalidInputError` when ``assign`` names no team or ``close`` has no lessons."""
    state = State(request["state"])
    if state is State.CLOSED:
        raise ConflictError(N_("the request is closed; no step can follow"))
    expected, new_state = _NEXT[state]
    if step is not expected:
        raise ConflictError(
            N_("cannot {step} a request that is {state}; expected the step '{expected}'"),
            step=step.value, state=state.value, expected=expected.value,
        )  # fmt: skip
    out = dict(request)
    if step is Step.ASSIGN:
        names = [t.strip() for t in (team or []) if t.strip()]
        if not names:
            raise InvalidInputError(
                N_("assigning a request needs the team's members; expected at least one name")
            )
        out["team"] = names
    if step is Step.CLOSE:
        if not lessons.strip():
            raise InvalidInputError(
                N_("closing a request needs the lessons learned; expected some text")
            )
        out["lessons"] = lessons.strip()
    out["state"] = new_state.value
    out["steps"] = [
        *request["steps"],
        {"step": step.value, "at": _stamp(at), "by": by, "detail": detail},
    ]
    return out


def acknowledgement_overdue(request: Mapping[str, Any], now: datetime,
                            limit: timedelta = ACKNOWLEDGEMENT_LIMIT) -> bool:  # fmt: skip
    """Whether the request still waits for acknowledgement after ``limit``."""
    if request["state"] != State.SUBMITTED.value:
        return False
    submitted = datetime.fromisoformat(request["steps"][0]["at"])
    current = now if now.tzinfo else now.replace(tzinfo=UTC)
    return current - submitted > limit

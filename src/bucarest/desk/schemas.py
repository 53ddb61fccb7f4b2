"""Reading the desk's request bodies: markings, record bodies, workflow steps and page sizes,
each refused in one line (400) when malformed, and any body naming its own originator.

Example::

    >>> parse_marking({"tlp": "green", "frameworks": ["NATO"]}, "FRA").frameworks
    frozenset({'nato'})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.errors import N_, InvalidInputError
from bucarest.desk.domain.assistance import Step
from bucarest.desk.domain.markings import (
    TLP,
    Classification,
    Marking,
    nations_of,
)
from bucarest.desk.domain.observables import ObservableType, observable_type
from bucarest.platform.openapi import Answer

__all__ = [
    "AssistanceCreate",
    "AuditEntryOut",
    "AuditPageOut",
    "CountsOut",
    "IndicatorCreate",
    "MarkingIn",
    "MarkingOut",
    "MeOut",
    "ObservableIn",
    "PageOut",
    "RecordCreate",
    "RecordOut",
    "RecordUpdate",
    "StepBody",
    "StixBundleOut",
    "body_text",
    "page_size",
    "parse_marking",
    "parse_observable",
    "parse_step",
    "record_fields",
    "request_object",
    "team_names",
]


_NOT_OBJECT = N_("the request body must be a JSON object; expected {{{keys}}}")


_UNKNOWN_KEY = N_("unknown key '{key}' in the request; expected only {keys}")


_ORIGINATOR = N_(
    "a record's originator is set by the desk (your organisation {organisation}, or the parent "
    "record's); remove '{key}' from the request"
)


_BAD_MARKING = N_("marking field {field}: {problem}")


_MARKING_OBJECT = N_('a marking must be a JSON object; expected for example {{"tlp": "green"}}')


_UNKNOWN_STEP = N_("unknown workflow step '{step}'; expected one of {known}")


_BAD_LIMIT = N_("a limit of {limit} is not allowed; expected 1 to {most}")


_BAD_TEAM = N_("'team' must be a list of names; expected for example [\"ncirc-duty\"]")


_BAD_TEXT = N_("'{key}' must be text; expected a JSON string")


_OBSERVABLE_OBJECT = N_(
    'an observable must be a JSON object; expected for example {{"type": "ipv4", "value": "198.51.100.7"}}'
)


_SPOOF_KEYS = frozenset({"originator", "author", "created_by", "organisation"})


class MarkingIn(BaseModel):
    """Who may read a record; every key optional (default TLP:AMBER, releasable to nobody
    else). The originator is never given: it is the caller's organisation."""

    model_config = ConfigDict(extra="forbid")
    tlp: TLP = TLP.AMBER
    classification: Classification = Classification.UNCLASSIFIED
    frameworks: list[str] = Field(default_factory=list, max_length=50)
    nations: list[str] = Field(default_factory=list, max_length=300)
    originator_only: bool = False
    recipients: list[str] = Field(default_factory=list, max_length=200)
    response_team: bool = False


def _refuse_spoofing(raw: Mapping[str, Any], organisation: str) -> None:
    named = sorted(_SPOOF_KEYS & set(raw))
    if named:
        raise InvalidInputError(_ORIGINATOR, organisation=organisation, key=named[0])


def parse_marking(raw: Any, organisation: str) -> Marking:
    """The marking of a request body (``None``: the defaults) for a record by
    ``organisation``; one-line 400 for anything malformed, and for a body that tries to
    name the originator. Unknown frameworks are refused by the desk on writing."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise InvalidInputError(_MARKING_OBJECT)
    _refuse_spoofing(raw, organisation)
    try:
        body = MarkingIn.model_validate(dict(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInputError(
            _BAD_MARKING,
            field=".".join(str(p) for p in first["loc"]) or "marking",
            problem=first["msg"],
        ) from None
    return Marking(
        originator=organisation,
        tlp=body.tlp,
        classification=body.classification,
        frameworks=frozenset(f.strip().lower() for f in body.frameworks if f.strip()),
        nations=nations_of(n for n in body.nations if n.strip()),
        originator_only=body.originator_only,
        recipients=frozenset(r.strip() for r in body.recipients if r.strip()),
        response_team=body.response_team,
    )


class ObservableIn(BaseModel):
    """A typed observable the desk turns into a STIX 2.1 indicator: its ``type`` (ipv4,
    ipv6, domain, url, email, md5, sha1, sha256) and ``value``, an optional ``name`` and
    ``description``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"type": "ipv4", "value": "198.51.100.7"}]},
    )
    type: ObservableType
    value: str = Field(max_length=2048)
    name: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=5000)


def parse_observable(raw: Any) -> tuple[ObservableType, str, str, str]:
    """The (type, value, name, description) of a request's ``observable``; one-line 400
    naming the field for anything malformed (the value itself is checked by the domain)."""
    if not isinstance(raw, Mapping):
        raise InvalidInputError(_OBSERVABLE_OBJECT)
    for key in raw:
        if key not in ObservableIn.model_fields:
            raise InvalidInputError(
                _UNKNOWN_KEY, key=str(key)[:60], keys=", ".join(ObservableIn.model_fields)
            )
    kind = observable_type(str(raw.get("type", "")))
    values = {k: raw.get(k, "") for k in ("value", "name", "description")}
    for key, value in values.items():
        if not isinstance(value, str):
            raise InvalidInputError(_BAD_TEXT, key=key)
    return kind, values["value"], values["name"], values["description"]


def request_object(body: Any, allowed: tuple[str, ...], organisation: str) -> dict[str, Any]:
    """The body as an object with only ``allowed`` keys (a missing body: empty)."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInputError(_NOT_OBJECT, keys=", ".join(f'"{k}": …' for k in allowed))
    _refuse_spoofing(body, organisation)
    for key in body:
        if key not in allowed:
            raise InvalidInputError(_UNKNOWN_KEY, key=str(key)[:60], keys=", ".join(allowed))
    return body


def record_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The ``fields`` object of a record body (empty when absent)."""
    fields = body.get("fields", {})
    if not isinstance(fields, dict):
        raise InvalidInputError(_NOT_OBJECT, keys='"fields": {…}')
    return fields


def page_size(text: str | None, default: int = 50, most: int = 500) -> int:
    """A page size asked for as text: ``default`` when absent, 1 to ``most``."""
    if text is None or not text.strip():
        return default
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise InvalidInputError(_BAD_LIMIT, limit=value[:20], most=str(most))
    return int(value)


def body_text(body: Mapping[str, Any], key: str) -> str:
    """The text under ``key`` of a body (empty when absent)."""
    value = body.get(key, "")
    if not isinstance(value, str):
        raise InvalidInputError(_BAD_TEXT, key=key)
    return value


def parse_step(name: str) -> Step:
    """The workflow step named ``name`` (one line naming the known ones otherwise)."""
    try:
        return Step(name)
    except ValueError:
        raise InvalidInputError(
            _UNKNOWN_STEP, step=name[:40], known=", ".join(s.value for s in Step)
        ) from None


def team_names(value: Any) -> list[str]:
    """The responders named by a step body's ``team`` (a list of names)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(_BAD_TEAM)
    return value


# --- what the OpenAPI document says (the routes read bodies themselves, for their 400s) ---


class RecordCreate(BaseModel):
    """A new record: its fields and its marking (a child without one takes its parent's)."""

    model_config = ConfigDict(extra="forbid")
    fields: dict[str, Any] = Field(default_factory=dict)
    marking: MarkingIn | None = None


class IndicatorCreate(RecordCreate):
    """A new record of a collection; an indicator may give a STIX 2.1 indicator object as
    ``stix``, or a typed ``observable`` the desk turns into one, instead of its fields."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"fields": {"name": "Mail gateway", "owner": "NCIRC", "criticality": "high"},
                 "marking": {"tlp": "green", "frameworks": ["nato"]}}
            ]
        }
    )  # fmt: skip

    stix: dict[str, Any] | None = None
    observable: ObservableIn | None = None


class RecordUpdate(BaseModel):
    """New fields of a record and the version read (409 if it changed since); a top-level
    record's owner may also give a new ``marking`` (its children are tightened to stay
    within it)."""

    model_config = ConfigDict(extra="forbid")
    fields: dict[str, Any] = Field(default_factory=dict)
    version: int
    marking: MarkingIn | None = None


class AssistanceCreate(BaseModel):
    """A request for assistance (marked for the response team by the desk)."""

    model_config = ConfigDict(extra="forbid")
    fields: dict[str, Any] = Field(default_factory=dict)


class StepBody(BaseModel):
    """A workflow step: ``team`` to assign, ``lessons`` to close, an optional ``detail``."""

    model_config = ConfigDict(extra="forbid")
    team: list[str] | None = None
    lessons: str = ""
    detail: str = ""


class MarkingOut(Answer):
    """A record's marking as the API shows it."""

    originator: str
    tlp: str
    classification: str
    frameworks: list[str]
    nations: list[str]
    originator_only: bool
    recipients: list[str]
    response_team: bool


class RecordOut(Answer):
    """A record (times ISO 8601 UTC, to the second); ``owner`` is the organisation that may
    change it (its author's, also for a note on another organisation's record); an
    assistance request also says whether its acknowledgement is ``overdue``."""

    id: str
    kind: str
    parent_id: str | None
    author: str
    owner: str
    version: int
    created_at: str
    updated_at: str
    marking: MarkingOut
    fields: dict[str, Any]
    overdue: bool | None = None


class PageOut(Answer):
    """A page of records, newest first, and the cursor of the next (null: the last)."""

    items: list[RecordOut]
    next: str | None


class MeOut(Answer):
    """The caller: organisation, roles, the frameworks it belongs to today."""

    username: str
    organisation: str
    roles: list[str]
    nato_body: bool
    frameworks: list[str]
    on: str


class CountsOut(Answer):
    """How many records of each kind the caller may read."""

    systems: int
    incidents: int
    practices: int
    contacts: int
    indicators: int
    assistance: int


class AuditEntryOut(Answer):
    """One decision or write of the audit chain (``at``: ISO 8601 UTC)."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    allowed: bool
    reason: str


class AuditPageOut(Answer):
    """Audit entries newest first; ``next`` is the ``before`` of the following page."""

    items: list[AuditEntryOut]
    next: int | None


class StixBundleOut(BaseModel):
    """A STIX 2.1 bundle: the indicators, then their marking definitions."""

    type: str
    id: str
    objects: list[dict[str, Any]]

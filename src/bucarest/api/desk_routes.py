"""The cyber-defence desk's JSON API under ``/api/v1/desk``.

Every route authenticates (a Bearer token, HTTP Basic, or the web session with its CSRF
token: :mod:`bucarest.api.desk_deps`) and goes through :class:`~bucarest.store.desk_repository.Desk`,
the one query layer that applies the sharing policy: no route filters by hand, and a record
the caller may not read is answered exactly like a missing one (404), in lists, counts,
pages and searches.

Collections (``GET`` lists newest first as ``{"items": [...], "next": cursor}``, ``POST``
creates)::

    /api/v1/desk/systems | incidents | practices (?q= searches) | contacts | indicators
    /api/v1/desk/records/{id}            GET, PUT {"fields": {...}, "version": n}
    /api/v1/desk/records/{id}/notes      GET, POST: notes under any readable record
    /api/v1/desk/incidents/{id}/indicators   GET, POST: STIX indicators in an incident
    /api/v1/desk/assistance              GET (with "overdue"), POST (a nation's point of contact)
    /api/v1/desk/assistance/{id}         GET
    /api/v1/desk/assistance/{id}/{step}  POST acknowledge | assign {"team": [...]} | deploy
                                         | close {"lessons": "..."}; out of order: 409
    /api/v1/desk/export.stix             a STIX 2.1 bundle of the readable indicators
    /api/v1/desk/audit                   the audit entries the caller may see
    /api/v1/desk/counts                  how many records of each kind the caller may read
    /api/v1/desk/me                      who the caller is

A create body is ``{"fields": {...}, "marking": {...}}`` (an indicator may also be sent as
``{"stix": {...}, "marking": {...}}``); the marking is
``{"tlp": "green", "classification": "nato-unclassified", "frameworks": ["nato"],
"nations": ["AUT"], "originator_only": false, "recipients": [], "response_team": false}``,
every key optional (default: TLP:AMBER, releasable to nobody else). The originator is never
read from a request: it is the caller's organisation, or the parent's for a child record,
and a body that names one is refused. A child without a marking takes its parent's.
Bodies are JSON (else 415) of at most :data:`MAX_BODY_BYTES` (else 413).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.api.desk_deps import DeskDep, PrincipalDep
from bucarest.core.errors import N_, InvalidInputError, NotFoundError
from bucarest.core.i18n import LANGUAGES, gettext
from bucarest.cyber.assistance import Step, acknowledgement_overdue
from bucarest.cyber.records import Record
from bucarest.cyber.stix import bundle
from bucarest.platform.http import pick_lang
from bucarest.sharing.markings import (
    TLP,
    Classification,
    Marking,
    Principal,
    nations_of,
)
from bucarest.sharing.policy import RecordKind, member_of
from bucarest.store.desk_repository import Desk, Page

__all__ = [
    "COLLECTIONS",
    "MAX_BODY_BYTES",
    "NO_ASSISTANCE",
    "TOO_LARGE",
    "limit_body",
    "marking_json",
    "parse_marking",
    "record_json",
    "router",
]

#: The largest request body accepted (bytes).
MAX_BODY_BYTES = 1_000_000

#: The collections of the API and the kind of record each holds.
COLLECTIONS: dict[str, RecordKind] = {
    "systems": RecordKind.SYSTEM,
    "incidents": RecordKind.INCIDENT,
    "practices": RecordKind.PRACTICE,
    "contacts": RecordKind.CONTACT,
    "indicators": RecordKind.INDICATOR,
}

TOO_LARGE = N_("the request body is over the limit of {limit} bytes; send less at a time")
_MEDIA_TYPE = N_("a request body of type '{type}' is not accepted; expected application/json")
_NOT_JSON = N_("the request body is not valid JSON ({reason}); expected a JSON object")
_NOT_OBJECT = N_("the request body must be a JSON object; expected {{{keys}}}")
_UNKNOWN_KEY = N_("unknown key '{key}' in the request; expected only {keys}")
_ORIGINATOR = N_(
    "a record's originator is set by the desk (your organisation {organisation}, or the parent "
    "record's); remove '{key}' from the request"
)
_BAD_MARKING = N_("marking field {field}: {problem}")
_MARKING_OBJECT = N_('a marking must be a JSON object; expected for example {{"tlp": "green"}}')
_NO_COLLECTION = N_("no desk collection '{name}'; expected one of {known}")
NO_ASSISTANCE = N_("no assistance request '{id}'")
_UNKNOWN_STEP = N_("unknown workflow step '{step}'; expected one of {known}")
_BAD_VERSION = N_("'version' must be the record's version number; expected an integer such as 1")
_BAD_LIMIT = N_("a limit of {limit} is not allowed; expected 1 to {most}")
_BAD_TEAM = N_("'team' must be a list of names; expected for example [\"ncirc-duty\"]")
_BAD_TEXT = N_("'{key}' must be text; expected a JSON string")

#: Keys a marking may carry (the originator is never one of them).
MARKING_KEYS = (
    "tlp",
    "classification",
    "frameworks",
    "nations",
    "originator_only",
    "recipients",
    "response_team",
)
_SPOOF_KEYS = frozenset({"originator", "author", "created_by", "organisation"})


def _lang(request: Request) -> str:
    q = request.query_params.get("lang")
    return pick_lang(request, q if q in LANGUAGES else None)


def _too_large(request: Request) -> HTTPException:
    message = gettext(TOO_LARGE, _lang(request)).format(limit=MAX_BODY_BYTES)
    return HTTPException(status_code=413, detail=message)


def limit_body(request: Request) -> None:
    """413 for a declared body over :data:`MAX_BODY_BYTES`, before anything reads it."""
    declared = request.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large(request)


async def json_body(request: Request) -> Any:
    """The JSON body (None when empty): 415 unless JSON, 413 past the limit even when the
    client declared no length, 400 when malformed."""
    if request.headers.get("content-length", "").strip() == "0":
        return None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        message = gettext(_MEDIA_TYPE, _lang(request)).format(type=media)
        raise HTTPException(status_code=415, detail=message)
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large(request)
    if not raw.strip():
        return None
    if not media:
        message = gettext(_MEDIA_TYPE, _lang(request)).format(type="—")
        raise HTTPException(status_code=415, detail=message)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise InvalidInputError(_NOT_JSON, reason=reason) from None


router = APIRouter(prefix="/api/v1/desk", tags=["cyber desk"], dependencies=[Depends(limit_body)])

BodyDep = Annotated[Any, Depends(json_body)]
LimitQ = Annotated[str | None, Query(description="Page size, 1 to 500 (default 50)")]
NextQ = Annotated[
    str | None, Query(alias="next", description="The 'next' value of the previous page")
]
SearchQ = Annotated[str, Query(max_length=200, description="Text to search for")]


# --- JSON shapes ------------------------------------------------------------------------


def marking_json(m: Marking) -> dict[str, Any]:
    """A marking as the API shows it."""
    return {
        "originator": m.originator,
        "tlp": m.tlp.value,
        "classification": m.classification.value,
        "frameworks": sorted(m.frameworks),
        "nations": sorted(m.nations),
        "originator_only": m.originator_only,
        "recipients": sorted(m.recipients),
        "response_team": m.response_team,
    }


def record_json(r: Record, now: datetime) -> dict[str, Any]:
    """A record as the API shows it; an assistance request also says whether its
    acknowledgement is overdue at ``now``."""
    out: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind.value,
        "parent_id": r.parent_id,
        "author": r.author,
        "version": r.version,
        "created_at": r.created_at.isoformat(timespec="seconds"),
        "updated_at": r.updated_at.isoformat(timespec="seconds"),
        "marking": marking_json(r.marking),
        "fields": dict(r.fields),
    }
    if r.kind is RecordKind.ASSISTANCE:
        out["overdue"] = acknowledgement_overdue(r.fields, now)
    return out


def _page_json(page: Page, now: datetime) -> dict[str, Any]:
    return {"items": [record_json(r, now) for r in page.records], "next": page.next}


# --- reading requests -------------------------------------------------------------------


class _MarkingBody(BaseModel):
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
        body = _MarkingBody.model_validate(dict(raw))
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


def _object(body: Any, allowed: tuple[str, ...], organisation: str) -> dict[str, Any]:
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


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    fields = body.get("fields", {})
    if not isinstance(fields, dict):
        raise InvalidInputError(_NOT_OBJECT, keys='"fields": {…}')
    return fields


def _limit(text: str | None, default: int = 50, most: int = 500) -> int:
    if text is None or not text.strip():
        return default
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise InvalidInputError(_BAD_LIMIT, limit=value[:20], most=str(most))
    return int(value)


def _collection(name: str) -> RecordKind:
    kind = COLLECTIONS.get(name)
    if kind is None:
        raise NotFoundError(_NO_COLLECTION, name=name[:60], known=", ".join(COLLECTIONS))
    return kind


def _text(body: Mapping[str, Any], key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise InvalidInputError(_BAD_TEXT, key=key)
    return value


def create_record(desk: Desk, p: Principal, kind: RecordKind, body: Any,
                  parent_id: str | None = None) -> Record:  # fmt: skip
    """Create a ``kind`` record from a request body (see the module text)."""
    keys = ("fields", "marking", "stix") if kind is RecordKind.INDICATOR else ("fields", "marking")
    obj = _object(body, keys, p.organisation)
    fields = dict(_fields(obj))
    if "stix" in obj:
        fields["stix"] = obj["stix"]
    if parent_id is not None and "marking" not in obj:
        marking = desk.get(p, parent_id).marking
    else:
        marking = parse_marking(obj.get("marking"), p.organisation)
    return desk.create(p, kind, fields, marking, parent_id=parent_id)


def _created(desk: Desk, record: Record) -> JSONResponse:
    return JSONResponse(record_json(record, desk.now()), status_code=201)


# --- who, counts, audit, export ---------------------------------------------------------


@router.get("/me", summary="Who the caller is")
def read_me(desk: DeskDep, p: PrincipalDep) -> dict[str, Any]:
    day = desk.today()
    return {
        "username": p.username,
        "organisation": p.organisation,
        "roles": sorted(r.value for r in p.roles),
        "nato_body": p.is_nato_body,
        "frameworks": [
            f.id for f in desk.reg.frameworks if member_of(desk.reg, p.organisation, f.id, day)
        ],
        "on": day.isoformat(),
    }


@router.get("/counts", summary="How many records of each kind the caller may read")
def read_counts(desk: DeskDep, p: PrincipalDep) -> dict[str, int]:
    out = {name: desk.count(p, kind) for name, kind in COLLECTIONS.items()}
    out["assistance"] = desk.count(p, RecordKind.ASSISTANCE)
    return out


@router.get("/audit", summary="The audit entries the caller may see, newest first")
def read_audit(desk: DeskDep, p: PrincipalDep, limit: LimitQ = None) -> dict[str, Any]:
    entries = desk.visible_audit(p, _limit(limit, default=200, most=1000))
    return {
        "items": [
            {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
             "target": e.target, "allowed": e.allowed, "reason": e.reason}
            for e in entries
        ]
    }  # fmt: skip


@router.get(
    "/export.stix",
    summary="A STIX 2.1 bundle of the indicators the caller may read",
    response_class=JSONResponse,
)
def export_stix(desk: DeskDep, p: PrincipalDep) -> JSONResponse:
    objects: list[tuple[Mapping[str, Any], Marking]] = []
    cursor: str | None = None
    while True:
        page = desk.page(p, RecordKind.INDICATOR, limit=500, cursor=cursor)
        objects.extend((r.fields["stix"], r.marking) for r in page.records)
        if page.next is None:
            break
        cursor = page.next
    return JSONResponse(bundle(objects), media_type="application/stix+json;version=2.1")


# --- assistance -------------------------------------------------------------------------


@router.get("/assistance", summary="Assistance requests the caller may read")
def list_assistance(desk: DeskDep, p: PrincipalDep, limit: LimitQ = None,
                    cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, RecordKind.ASSISTANCE, limit=_limit(limit), cursor=cursor)
    return _page_json(page, desk.now())


@router.post("/assistance", status_code=201, summary="A nation's point of contact asks for help")
def create_assistance(desk: DeskDep, p: PrincipalDep, body: BodyDep) -> JSONResponse:
    obj = _object(body, ("fields",), p.organisation)
    return _created(desk, desk.request_assistance(p, _fields(obj)))


def _assistance(desk: Desk, p: Principal, record_id: str) -> Record:
    record = desk.get(p, record_id)
    if record.kind is not RecordKind.ASSISTANCE:
        raise NotFoundError(NO_ASSISTANCE, id=record_id[:64])
    return record


@router.get("/assistance/{record_id}", summary="One assistance request")
def read_assistance(desk: DeskDep, p: PrincipalDep, record_id: str) -> dict[str, Any]:
    return record_json(_assistance(desk, p, record_id), desk.now())


def parse_step(name: str) -> Step:
    try:
        return Step(name)
    except ValueError:
        raise InvalidInputError(
            _UNKNOWN_STEP, step=name[:40], known=", ".join(s.value for s in Step)
        ) from None


def team_names(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(_BAD_TEAM)
    return value


@router.post(
    "/assistance/{record_id}/{step}",
    summary="A workflow step by the response team: acknowledge, assign, deploy, close",
)
def take_step(desk: DeskDep, p: PrincipalDep, record_id: str, step: str,
              body: BodyDep) -> dict[str, Any]:  # fmt: skip
    chosen = parse_step(step)
    obj = _object(body, ("team", "lessons", "detail"), p.organisation)
    record = desk.advance(p, record_id, chosen, team=team_names(obj.get("team")),
                          lessons=_text(obj, "lessons"), detail=_text(obj, "detail"))  # fmt: skip
    return record_json(record, desk.now())


# --- any record, and children -----------------------------------------------------------


@router.get("/records/{record_id}", summary="One record of any kind")
def read_record(desk: DeskDep, p: PrincipalDep, record_id: str) -> dict[str, Any]:
    return record_json(desk.get(p, record_id), desk.now())


@router.put("/records/{record_id}", summary="Change a record's fields (optimistic version)")
def update_record(desk: DeskDep, p: PrincipalDep, record_id: str,
                  body: BodyDep) -> dict[str, Any]:  # fmt: skip
    obj = _object(body, ("fields", "version"), p.organisation)
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInputError(_BAD_VERSION)
    record = desk.update(p, record_id, _fields(obj), version)
    return record_json(record, desk.now())


@router.get("/records/{record_id}/notes", summary="Notes under a record")
def list_notes(desk: DeskDep, p: PrincipalDep, record_id: str, limit: LimitQ = None,
               cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, RecordKind.NOTE, limit=_limit(limit), cursor=cursor, parent_id=record_id)
    return _page_json(page, desk.now())


@router.post("/records/{record_id}/notes", status_code=201, summary="Add a note under a record")
def create_note(desk: DeskDep, p: PrincipalDep, record_id: str, body: BodyDep) -> JSONResponse:
    return _created(desk, create_record(desk, p, RecordKind.NOTE, body, parent_id=record_id))


@router.get("/incidents/{record_id}/indicators", summary="Indicators of an incident")
def list_incident_indicators(desk: DeskDep, p: PrincipalDep, record_id: str,
                             limit: LimitQ = None, cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(
        p, RecordKind.INDICATOR, limit=_limit(limit), cursor=cursor, parent_id=record_id
    )
    return _page_json(page, desk.now())


@router.post(
    "/incidents/{record_id}/indicators",
    status_code=201,
    summary="Add a STIX 2.1 indicator to an incident",
)
def create_incident_indicator(desk: DeskDep, p: PrincipalDep, record_id: str,
                              body: BodyDep) -> JSONResponse:  # fmt: skip
    record = create_record(desk, p, RecordKind.INDICATOR, body, parent_id=record_id)
    return _created(desk, record)


# --- the collections --------------------------------------------------------------------


@router.get("/{collection}", summary="Readable records of a collection, newest first")
def list_collection(desk: DeskDep, p: PrincipalDep, collection: str, q: SearchQ = "",
                    limit: LimitQ = None, cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, _collection(collection), text=q, limit=_limit(limit), cursor=cursor)
    return _page_json(page, desk.now())


@router.post("/{collection}", status_code=201, summary="Create a record in a collection")
def create_in_collection(desk: DeskDep, p: PrincipalDep, collection: str,
                         body: BodyDep) -> JSONResponse:  # fmt: skip
    return _created(desk, create_record(desk, p, _collection(collection), body))

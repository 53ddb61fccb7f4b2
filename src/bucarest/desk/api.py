"""The cyber-defence desk's JSON API under ``/api/v1/desk``.

Every route authenticates (a Bearer token, HTTP Basic, or the web session with its CSRF
token: :mod:`bucarest.desk.deps`) and goes through :class:`~bucarest.desk.store.records.Desk`,
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
    /api/v1/desk/incidents/export.stix   the readable incidents, their indicators and notes
    /api/v1/desk/incidents/{id}/export.stix   one incident, its readable indicators and notes
    /api/v1/desk/audit                   the audit entries the caller may see
    /api/v1/desk/counts                  how many records of each kind the caller may read
    /api/v1/desk/me                      who the caller is

A create body is ``{"fields": {...}, "marking": {...}}`` (an indicator may also be sent as
``{"stix": {...}, "marking": {...}}``, or as a typed observable
``{"observable": {"type": "ipv4", "value": "198.51.100.7"}}`` the desk turns into a STIX
indicator); a PUT may carry a new ``"marking"`` for a top-level record; the marking is
``{"tlp": "green", "classification": "nato-unclassified", "frameworks": ["nato"],
"nations": ["AUT"], "originator_only": false, "recipients": [], "response_team": false}``,
every key optional (default: TLP:AMBER, releasable to nobody else). The originator is never
read from a request: it is the caller's organisation, or the parent's for a child record,
and a body that names one is refused. A child without a marking takes its parent's.
Bodies are JSON (else 415) of at most :data:`MAX_BODY_BYTES` (else 413).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import WithJsonSchema

from bucarest.core.errors import N_, PermissionDeniedError
from bucarest.core.identity import Role
from bucarest.desk.deps import BodyDep, DeskDep, PrincipalDep, limit_body
from bucarest.desk.domain.assistance import Step
from bucarest.desk.domain.policy import RecordKind, member_of
from bucarest.desk.domain.records import Record
from bucarest.desk.domain.stix import MEDIA_STIX
from bucarest.desk.records import page_json, record_json
from bucarest.desk.schemas import (
    AssistanceCreate,
    AuditPageOut,
    CountsOut,
    IndicatorCreate,
    MeOut,
    PageOut,
    RecordCreate,
    RecordOut,
    RecordUpdate,
    StepBody,
    StixBundleOut,
    body_text,
    page_size,
    parse_step,
    record_fields,
    request_object,
    team_names,
)
from bucarest.desk.service import (
    COLLECTIONS,
    assistance_request,
    collection_kind,
    create_record,
    incidents_bundle,
    readable_bundle,
)
from bucarest.desk.service import update_record as change_record
from bucarest.desk.store.records import Desk
from bucarest.platform.openapi import (
    ROW_ID_MAX,
    error_responses,
    json_body_document,
    media_answer,
)

__all__ = [
    "router",
]


router = APIRouter(
    prefix="/api/v1/desk",
    tags=["cyber desk"],
    dependencies=[Depends(limit_body)],
    responses=error_responses(401),
)

LimitQ = Annotated[
    Annotated[str, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 500})] | None,
    Query(description="Page size, 1 to 500 (default 50)"),
]
#: The audit view's page size.
AuditLimitQ = Annotated[
    Annotated[str, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 1000})] | None,
    Query(description="Page size, 1 to 1000 (default 200)"),
]
#: A collection's name (any other is answered 404).
CollectionP = Annotated[str, WithJsonSchema({"type": "string", "enum": list(COLLECTIONS)})]
#: A workflow step (any other is answered 400).
StepP = Annotated[str, WithJsonSchema({"type": "string", "enum": [s.value for s in Step]})]
NextQ = Annotated[
    str | None, Query(alias="next", description="The 'next' value of the previous page")
]
SearchQ = Annotated[str, Query(max_length=200, description="Text to search for")]


# --- JSON shapes ------------------------------------------------------------------------


# --- reading requests -------------------------------------------------------------------


def _created(desk: Desk, record: Record) -> JSONResponse:
    return JSONResponse(record_json(record, desk.now()), status_code=201)


# --- who, counts, audit, export ---------------------------------------------------------


@router.get("/me", summary="Who the caller is", response_model=MeOut)
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


@router.get(
    "/counts",
    summary="How many records of each kind the caller may read",
    response_model=CountsOut,
)
def read_counts(desk: DeskDep, p: PrincipalDep) -> dict[str, int]:
    out = {name: desk.count(p, kind) for name, kind in COLLECTIONS.items()}
    out["assistance"] = desk.count(p, RecordKind.ASSISTANCE)
    return out


_AUDITORS_ONLY = N_("the audit log is for auditors and administrators; {user} is neither")


@router.get(
    "/audit",
    summary="Audit entries, newest first (auditors and administrators)",
    response_model=AuditPageOut,
    responses=error_responses(401, 403),
)
def read_audit(
    desk: DeskDep,
    p: PrincipalDep,
    limit: AuditLimitQ = None,
    before: Annotated[
        int | None, Query(ge=1, le=ROW_ID_MAX, description="The 'next' of the previous page")
    ] = None,
) -> dict[str, Any]:
    if not p.has(Role.AUDITOR, Role.ADMINISTRATOR):
        raise PermissionDeniedError(_AUDITORS_ONLY, user=p.username)
    size = page_size(limit, default=200, most=1000)
    entries = desk.visible_audit(p, size, before=before)
    return {
        "items": [
            {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
             "target": e.target, "allowed": e.allowed, "reason": e.reason}
            for e in entries
        ],
        "next": entries[-1].seq if len(entries) == size else None,
    }  # fmt: skip


@router.get(
    "/export.stix",
    summary="A STIX 2.1 bundle of the indicators the caller may read",
    response_class=Response,
    responses=media_answer(
        "The bundle",
        "application/stix+json;version=2.1",
        schema=StixBundleOut.model_json_schema(),
    ),
)
def export_stix(desk: DeskDep, p: PrincipalDep) -> JSONResponse:
    return JSONResponse(readable_bundle(desk, p), media_type=MEDIA_STIX)


@router.get(
    "/incidents/export.stix",
    summary="A STIX 2.1 bundle of the incidents the caller may read, with their indicators and notes",
    response_class=Response,
    responses=media_answer("The bundle", MEDIA_STIX, schema=StixBundleOut.model_json_schema()),
)
def export_incidents(desk: DeskDep, p: PrincipalDep) -> JSONResponse:
    return JSONResponse(incidents_bundle(desk, p), media_type=MEDIA_STIX)


@router.get(
    "/incidents/{record_id}/export.stix",
    summary="A STIX 2.1 bundle of one incident, with the indicators and notes the caller may read",
    response_class=Response,
    responses={
        **media_answer("The bundle", MEDIA_STIX, schema=StixBundleOut.model_json_schema()),
        **error_responses(401, 404),
    },
)
def export_incident(desk: DeskDep, p: PrincipalDep, record_id: str) -> JSONResponse:
    return JSONResponse(incidents_bundle(desk, p, record_id), media_type=MEDIA_STIX)


# --- assistance -------------------------------------------------------------------------


@router.get(
    "/assistance", summary="Assistance requests the caller may read", response_model=PageOut
)
def list_assistance(desk: DeskDep, p: PrincipalDep, limit: LimitQ = None,
                    cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, RecordKind.ASSISTANCE, limit=page_size(limit), cursor=cursor)
    return page_json(page, desk.now())


@router.post(
    "/assistance",
    status_code=201,
    summary="A nation's point of contact asks for help",
    response_model=RecordOut,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(AssistanceCreate),
)
def create_assistance(desk: DeskDep, p: PrincipalDep, body: BodyDep) -> JSONResponse:
    obj = request_object(body, ("fields",), p.organisation)
    return _created(desk, desk.request_assistance(p, record_fields(obj)))


@router.get(
    "/assistance/{record_id}",
    summary="One assistance request",
    response_model=RecordOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 404),
)
def read_assistance(desk: DeskDep, p: PrincipalDep, record_id: str) -> dict[str, Any]:
    return record_json(assistance_request(desk, p, record_id), desk.now())


@router.post(
    "/assistance/{record_id}/{step}",
    summary="A workflow step by the response team: acknowledge, assign, deploy, close",
    response_model=RecordOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(StepBody),
)
def take_step(desk: DeskDep, p: PrincipalDep, record_id: str, step: StepP,
              body: BodyDep) -> dict[str, Any]:  # fmt: skip
    chosen = parse_step(step)
    obj = request_object(body, ("team", "lessons", "detail"), p.organisation)
    record = desk.advance(p, record_id, chosen, team=team_names(obj.get("team")),
                          lessons=body_text(obj, "lessons"), detail=body_text(obj, "detail"))  # fmt: skip
    return record_json(record, desk.now())


# --- any record, and children -----------------------------------------------------------


@router.get(
    "/records/{record_id}",
    summary="One record of any kind",
    response_model=RecordOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 404),
)
def read_record(desk: DeskDep, p: PrincipalDep, record_id: str) -> dict[str, Any]:
    return record_json(desk.get(p, record_id), desk.now())


@router.put(
    "/records/{record_id}",
    summary="Change a record's fields, and a top-level record's marking (optimistic version)",
    response_model=RecordOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(RecordUpdate, required=True),
)
def update_record(desk: DeskDep, p: PrincipalDep, record_id: str,
                  body: BodyDep) -> dict[str, Any]:  # fmt: skip
    return record_json(change_record(desk, p, record_id, body), desk.now())


@router.get(
    "/records/{record_id}/notes",
    summary="Notes under a record",
    response_model=PageOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 404),
)
def list_notes(desk: DeskDep, p: PrincipalDep, record_id: str, limit: LimitQ = None,
               cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, RecordKind.NOTE, limit=page_size(limit), cursor=cursor, parent_id=record_id)
    return page_json(page, desk.now())


@router.post(
    "/records/{record_id}/notes",
    status_code=201,
    summary="Add a note under a record",
    response_model=RecordOut,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(RecordCreate),
)
def create_note(desk: DeskDep, p: PrincipalDep, record_id: str, body: BodyDep) -> JSONResponse:
    return _created(desk, create_record(desk, p, RecordKind.NOTE, body, parent_id=record_id))


@router.get(
    "/incidents/{record_id}/indicators",
    summary="Indicators of an incident",
    response_model=PageOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 404),
)
def list_incident_indicators(desk: DeskDep, p: PrincipalDep, record_id: str,
                             limit: LimitQ = None, cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(
        p, RecordKind.INDICATOR, limit=page_size(limit), cursor=cursor, parent_id=record_id
    )
    return page_json(page, desk.now())


@router.post(
    "/incidents/{record_id}/indicators",
    status_code=201,
    summary="Add a STIX 2.1 indicator to an incident",
    response_model=RecordOut,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(IndicatorCreate),
)
def create_incident_indicator(desk: DeskDep, p: PrincipalDep, record_id: str,
                              body: BodyDep) -> JSONResponse:  # fmt: skip
    record = create_record(desk, p, RecordKind.INDICATOR, body, parent_id=record_id)
    return _created(desk, record)


# --- the collections --------------------------------------------------------------------


@router.get(
    "/{collection}",
    summary="Readable records of a collection, newest first",
    response_model=PageOut,
    response_model_exclude_unset=True,
    responses=error_responses(401, 404),
)
def list_collection(desk: DeskDep, p: PrincipalDep, collection: CollectionP, q: SearchQ = "",
                    limit: LimitQ = None, cursor: NextQ = None) -> dict[str, Any]:  # fmt: skip
    page = desk.page(p, collection_kind(collection), text=q, limit=page_size(limit), cursor=cursor)
    return page_json(page, desk.now())


@router.post(
    "/{collection}",
    status_code=201,
    summary="Create a record in a collection",
    response_model=RecordOut,
    responses=error_responses(401, 403, 404, 409, 415),
    openapi_extra=json_body_document(IndicatorCreate),
)
def create_in_collection(desk: DeskDep, p: PrincipalDep, collection: CollectionP,
                         body: BodyDep) -> JSONResponse:  # fmt: skip
    return _created(desk, create_record(desk, p, collection_kind(collection), body))

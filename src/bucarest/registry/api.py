"""Registry routes: the same domain functions as the CLI, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, status

from bucarest.core.dates import parse_date, parse_date_or
from bucarest.core.identity import Principal, Role
from bucarest.platform.http import LangDep, SessionDep, editor
from bucarest.platform.openapi import ROW_ID_MAX, DateText, error_responses
from bucarest.registry.deps import RegistryDep
from bucarest.registry.domain.accession import accession_status
from bucarest.registry.domain.queries import changes_between, country_history
from bucarest.registry.domain.standing import standing_on
from bucarest.registry.records import (
    accession_record,
    aspirants_records,
    change_record,
    event_record,
    framework_record,
    framework_status,
    history_record,
    members_records,
    membership_record,
    standing_record,
)
from bucarest.registry.schemas import (
    AccessionEventCreate,
    AccessionEventOut,
    AccessionOut,
    AspirantOut,
    ChangeLogEntryOut,
    ChangeOut,
    CountryHistoryOut,
    FrameworkOut,
    FrameworkStatusOut,
    MemberOut,
    MembershipCreate,
    MembershipOut,
    MembershipUpdate,
    StandingOut,
)
from bucarest.registry.service import correct_membership, record_event, record_membership
from bucarest.registry.store import RegistryRepository

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["registry"], responses=error_responses())


OnQuery = Annotated[DateText | None, Query(description="Date YYYY-MM-DD; default today")]
#: Who may write: an authenticated principal with the role registry-editor (or an
#: administrator); the change log records that principal, never a header.
RegistryEditorDep = Annotated[Principal, Depends(editor(Role.REGISTRY_EDITOR))]


@router.get(
    "/frameworks",
    summary="The frameworks and their lifetimes",
    response_model=list[FrameworkOut],
)
def read_frameworks(reg: RegistryDep, lang: LangDep) -> list[dict[str, Any]]:
    return [framework_record(f, lang) for f in reg.frameworks]


@router.get(
    "/frameworks/{framework_id}/status",
    summary="A framework's working state and dated events on a date",
    response_model=FrameworkStatusOut,
    responses=error_responses(404),
)
def read_framework_status(
    framework_id: Annotated[str, Path(examples=["nrc"])],
    reg: RegistryDep,
    lang: LangDep,
    on: OnQuery = None,
) -> dict[str, Any]:
    return framework_status(reg, framework_id, parse_date_or(on), lang)


@router.get(
    "/members",
    summary="Members of a framework on a date (the councils list the Allies with the partners)",
    response_model=list[MemberOut],
    responses=error_responses(404),
)
def read_members(
    reg: RegistryDep, lang: LangDep, framework: str = "nato", on: OnQuery = None
) -> list[dict[str, Any]]:
    return members_records(reg, framework, parse_date_or(on), lang)


@router.get(
    "/countries/{code}",
    summary="A country's full history",
    response_model=CountryHistoryOut,
    responses=error_responses(404),
)
def read_country(
    code: Annotated[str, Path(examples=["FRA"])], reg: RegistryDep, lang: LangDep
) -> dict[str, Any]:
    return history_record(country_history(reg, code), lang)


@router.get(
    "/changes",
    summary="Joins and departures in [from, to)",
    response_model=list[ChangeOut],
    responses=error_responses(404),
)
def read_changes(
    reg: RegistryDep,
    lang: LangDep,
    start: Annotated[DateText, Query(alias="from", description="First day, YYYY-MM-DD")],
    end: Annotated[DateText, Query(alias="to", description="Day after the last, YYYY-MM-DD")],
    framework: str | None = None,
) -> list[dict[str, Any]]:
    found = changes_between(reg, parse_date(start), parse_date(end), framework)
    return [change_record(c, lang) for c in found]


@router.get(
    "/accession/{code}",
    summary="An accession case on a date",
    response_model=AccessionOut,
    responses=error_responses(404),
)
def read_accession(
    code: Annotated[str, Path(examples=["HRV"])],
    reg: RegistryDep,
    lang: LangDep,
    on: OnQuery = None,
) -> dict[str, Any]:
    return accession_record(accession_status(reg, code, parse_date_or(on)), lang)


@router.get(
    "/aspirants",
    summary="Open accession cases by stage on a date",
    response_model=list[AspirantOut],
)
def read_aspirants(reg: RegistryDep, lang: LangDep, on: OnQuery = None) -> list[dict[str, Any]]:
    return aspirants_records(reg, parse_date_or(on), lang)


@router.get(
    "/standing",
    summary="Every country's map category on a date",
    response_model=list[StandingOut],
)
def read_standing(reg: RegistryDep, lang: LangDep, on: OnQuery = None) -> list[dict[str, Any]]:
    day = parse_date_or(on)
    found = standing_on(reg, day)
    return [standing_record(found[c], lang, day) for c in sorted(found)]


@router.post(
    "/memberships",
    status_code=status.HTTP_201_CREATED,
    summary="Record a membership",
    response_model=MembershipOut,
    responses=error_responses(401, 403, 404, 409),
)
def create_membership(
    body: MembershipCreate, session: SessionDep, lang: LangDep, who: RegistryEditorDep
) -> dict[str, Any]:
    return membership_record(record_membership(session, body, who), lang)


@router.patch(
    "/memberships/{membership_id}",
    summary="Correct a recorded membership",
    response_model=MembershipOut,
    responses=error_responses(401, 403, 404, 409),
)
def update_membership(
    membership_id: Annotated[int, Path(ge=1, le=ROW_ID_MAX, examples=[1])],
    body: MembershipUpdate,
    session: SessionDep,
    lang: LangDep,
    who: RegistryEditorDep,
) -> dict[str, Any]:
    return membership_record(correct_membership(session, membership_id, body, who), lang)


@router.post(
    "/accession-events",
    status_code=status.HTTP_201_CREATED,
    summary="Record an accession step",
    response_model=AccessionEventOut,
    responses=error_responses(401, 403, 404, 409),
)
def create_accession_event(
    body: AccessionEventCreate, session: SessionDep, lang: LangDep, who: RegistryEditorDep
) -> dict[str, Any]:
    return event_record(record_event(session, body, who), lang)


@router.get(
    "/log", summary="The most recent writes to the registry", response_model=list[ChangeLogEntryOut]
)
def read_log(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 50
) -> list[dict[str, Any]]:
    return RegistryRepository(session).change_log(limit)

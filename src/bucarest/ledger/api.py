"""Ledger routes: commitments, status changes, assessments, forces and the review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from bucarest.core.dates import parse_date, parse_date_or
from bucarest.core.identity import Principal, Role
from bucarest.ledger.deps import LedgerDep
from bucarest.ledger.domain.ledger import LedgerFilter, dashboard, owner_key, rows_on
from bucarest.ledger.domain.model import Topic
from bucarest.ledger.domain.operations import forces_series
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.records import (
    commitment_record,
    event_record,
    forces_record,
    mission_record,
    row_record,
)
from bucarest.ledger.report import ReportFormat, render_review
from bucarest.ledger.schemas import (
    AssessmentCreate,
    AssessmentCreated,
    CommitmentOut,
    CommitmentRowOut,
    DashboardOut,
    ForcesOut,
    OperationOut,
    StatusEventCreate,
    StatusEventCreated,
)
from bucarest.ledger.service import assess, forces_on_date, record_status
from bucarest.platform.headers import policy_with_styles
from bucarest.platform.http import LangDep, SessionDep, editor
from bucarest.platform.openapi import DateText, error_responses, media_answer

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["ledger"], responses=error_responses())

AsOfQuery = Annotated[
    DateText | None, Query(alias="as_of", description="Date YYYY-MM-DD; default today")
]
#: Who may write: an authenticated principal with the role ledger-editor (or an
#: administrator); the change log records that principal, never a header.
LedgerEditorDep = Annotated[Principal, Depends(editor(Role.LEDGER_EDITOR))]
CommitmentP = Annotated[str, Path(examples=["protocols-signed"])]


@router.get(
    "/commitments",
    summary="Commitments and their derived status on a date",
    response_model=list[CommitmentRowOut],
)
def read_commitments(
    ledger: LedgerDep,
    lang: LangDep,
    as_of: AsOfQuery = None,
    summit: str | None = None,
    status_: Annotated[LedgerStatus | None, Query(alias="status")] = None,
    due_before: DateText | None = None,
    owner: str | None = None,
    topic: Topic | None = None,
) -> list[dict[str, Any]]:
    flt = LedgerFilter(summit, status_, parse_date(due_before) if due_before else None,
                       owner_key(owner), topic)  # fmt: skip
    return [row_record(r, lang) for r in rows_on(ledger, parse_date_or(as_of), flt)]


@router.get(
    "/commitments-dashboard",
    summary="Counts by status and the first commitments",
    response_model=DashboardOut,
)
def read_dashboard(
    ledger: LedgerDep,
    lang: LangDep,
    as_of: AsOfQuery = None,
    summit: str | None = None,
    status_: Annotated[LedgerStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> dict[str, Any]:
    d = dashboard(ledger, parse_date_or(as_of), LedgerFilter(summit=summit, status=status_), limit)
    return {
        "as_of": d.on.isoformat(),
        "counts": {s.value: n for s, n in d.counts.items()},
        "total": d.total,
        "rows": [row_record(r, lang) for r in d.rows],
    }


@router.get(
    "/commitments/{commitment_id}",
    summary="One commitment as it stood on a date",
    response_model=CommitmentOut,
    responses=error_responses(404),
)
def read_commitment(
    commitment_id: CommitmentP, ledger: LedgerDep, lang: LangDep, as_of: AsOfQuery = None
) -> dict[str, Any]:
    return commitment_record(ledger, ledger.commitment(commitment_id), parse_date_or(as_of), lang)


@router.post(
    "/commitments/{commitment_id}/status",
    status_code=status.HTTP_201_CREATED,
    summary="Record a status change (send the version you read; 409 if it changed)",
    response_model=StatusEventCreated,
    responses=error_responses(401, 403, 404, 409),
)
def create_status_event(
    commitment_id: CommitmentP,
    body: StatusEventCreate,
    ledger: LedgerDep,
    session: SessionDep,
    lang: LangDep,
    who: LedgerEditorDep,
) -> dict[str, Any]:
    saved, version = record_status(session, ledger, commitment_id, body, who)
    return {**event_record(saved, lang), "version": version}


@router.post(
    "/commitments/{commitment_id}/assessments",
    status_code=status.HTTP_201_CREATED,
    summary="Score an actor's compliance (-1, 0, 1)",
    response_model=AssessmentCreated,
    responses=error_responses(401, 403, 404, 409),
)
def create_assessment(
    commitment_id: CommitmentP,
    body: AssessmentCreate,
    ledger: LedgerDep,
    session: SessionDep,
    who: LedgerEditorDep,
) -> dict[str, Any]:
    saved, version = assess(session, ledger, commitment_id, body, who)
    return {"commitment": saved.commitment, "actor": saved.actor, "score": saved.score,
            "as_of": saved.as_of.isoformat(), "evidence": saved.evidence, "version": version}  # fmt: skip


@router.get(
    "/operations", summary="Operations and their mandates", response_model=list[OperationOut]
)
def read_operations(ledger: LedgerDep, lang: LangDep) -> list[dict[str, Any]]:
    return [mission_record(m, lang) for m in ledger.missions]


@router.get(
    "/forces",
    summary="An operation's strength per nation on a date",
    response_model=ForcesOut,
    responses=error_responses(404),
)
def read_forces(
    ledger: LedgerDep, lang: LangDep, operation: str = "isaf", on: DateText | None = None
) -> dict[str, Any]:
    return forces_on_date(ledger, operation, parse_date_or(on), lang)


@router.get(
    "/forces/series",
    summary="Every published strength of an operation",
    response_model=list[ForcesOut],
    responses=error_responses(404),
)
def read_forces_series(
    ledger: LedgerDep, lang: LangDep, operation: str = "isaf"
) -> list[dict[str, Any]]:
    mission = ledger.mission(operation)
    return [
        forces_record(f, mission, (), lang) for f in forces_series(ledger.contributions, mission.id)
    ]


@router.get(
    "/review",
    summary="The progress review (Markdown or HTML)",
    response_class=Response,
    responses={
        **error_responses(404),
        **media_answer(
            "The review as HTML (format=html) or Markdown (format=md)", "text/html", "text/markdown"
        ),
    },
)
def read_review(
    ledger: LedgerDep,
    lang: LangDep,
    summit: str = "bucharest-2008",
    as_of: AsOfQuery = None,
    format_: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.HTML,
) -> Response:
    text = render_review(build_review(ledger, summit, parse_date_or(as_of)), ledger, lang, format_)
    if format_ is ReportFormat.HTML:
        # A self-contained document: its one <style> element is allowed by its hash.
        return HTMLResponse(text, headers={"Content-Security-Policy": policy_with_styles(text)})
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

"""STIX export from the pages: a STIX 2.1 bundle of the incidents the visitor may read (or of
one incident), with their indicators and notes, as the API's ``export.stix`` gives it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bucarest.desk.deps import DeskDep
from bucarest.desk.domain.stix import MEDIA_STIX
from bucarest.desk.service import incidents_bundle
from bucarest.desk.web.sessions import VisitorDep

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _download(bundle: dict[str, object], name: str) -> JSONResponse:
    return JSONResponse(
        bundle,
        media_type=MEDIA_STIX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/desk/incidents/export.stix")
def export_incidents(desk: DeskDep, v: VisitorDep) -> JSONResponse:
    return _download(incidents_bundle(desk, v.principal), "incidents.stix.json")


@router.get("/desk/incidents/{record_id}/export.stix")
def export_incident(desk: DeskDep, v: VisitorDep, record_id: str) -> JSONResponse:
    bundle = incidents_bundle(desk, v.principal, record_id)
    safe = "".join(c for c in record_id[:36] if c.isascii() and (c.isalnum() or c == "-"))
    return _download(bundle, f"incident-{safe}.stix.json")

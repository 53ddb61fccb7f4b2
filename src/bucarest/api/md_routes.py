"""Missile-defence routes: catalogue, trajectory, coverage (JSON, GeoJSON, PNG), options,
sweeps, and background jobs that report their progress for the long ones."""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response

from bucarest.core.dates import parse_date_or
from bucarest.core.errors import N_, BucarestError, InvalidInputError, NotFoundError
from bucarest.missile_defence.coverage import (
    CoverageResult,
    Grid,
    Progress,
    ThreatField,
    Window,
    coverage_geojson,
    evaluate,
    territory_grid,
    territory_scope,
    threat_field,
)
from bucarest.missile_defence.datafile import load_catalogue
from bucarest.missile_defence.engagement import Aim, engagement_timeline
from bucarest.missile_defence.inputs import parse_codes, parse_lat_lon, parse_values
from bucarest.missile_defence.model import Catalogue, parameter_paths
from bucarest.missile_defence.options import rank_options, sweep
from bucarest.missile_defence.records import (
    architecture_record,
    coverage_record,
    option_plan_record,
    sweep_record,
    threat_record,
    timeline_record,
)
from bucarest.platform.http import LangDep, status_for
from bucarest.registry.deps import RegistryDep
from bucarest.registry.domain.model import Registry
from bucarest.reports.coverage_map import coverage_png, sweep_svg

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/md", tags=["missile defence"])

ArchQ = Annotated[str, Query(description="Architecture id, e.g. us-third-site-2008")]
ThreatQ = Annotated[str, Query(description="Threat id, e.g. iran-2008")]
OnQ = Annotated[
    str | None, Query(description="Allied territory on this date (YYYY-MM-DD; default today)")
]
CountriesQ = Annotated[
    str | None, Query(description="Comma-separated alpha-3 codes instead of the Allies in Europe")
]
ResQ = Annotated[float, Query(ge=1.0, le=500.0, description="Grid spacing (km)")]
ShotsQ = Annotated[int, Query(ge=1, le=3, description="Shots needed (2 = shoot-look-shoot)")]


@router.get("/architectures", summary="The shipped architectures")
def read_architectures(lang: LangDep) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [architecture_record(cat, a, lang) for a in cat.architectures.values()]


@router.get("/architectures/{architecture_id}", summary="One architecture, with sources")
def read_architecture(architecture_id: str, lang: LangDep) -> dict[str, Any]:
    cat = load_catalogue()
    return architecture_record(cat, cat.architecture(architecture_id), lang)


@router.get("/threats", summary="The shipped threat sets")
def read_threats(lang: LangDep) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [threat_record(cat, t, lang) for t in cat.threats]


@router.get("/threats/{threat_id}", summary="One threat set, with sources")
def read_threat(threat_id: str, lang: LangDep) -> dict[str, Any]:
    return threat_record(load_catalogue(), threat_id, lang)


@router.get("/parameters", summary="Every parameter a sweep can vary")
def read_parameters() -> list[str]:
    return list(parameter_paths(load_catalogue()))


@router.get(
    "/trajectory", summary="One trajectory and, with an architecture, its engagement timeline"
)
def read_trajectory(
    origin: Annotated[str, Query(alias="from", description="Launch LAT,LON (degrees)")],
    target: Annotated[str, Query(alias="to", description="Target LAT,LON (degrees)")],
    missile: str | None = None,
    burnout_speed_km_s: float | None = None,
    angle_deg: float | None = None,
    lofted: bool = False,
    loft_deg: float = 0.0,
    rotating_earth: bool = False,
    architecture: str | None = None,
    shots: Annotated[int, Query(ge=1, le=4)] = 1,
) -> dict[str, Any]:
    cat = load_catalogue()
    aim = Aim(parse_lat_lon(origin, "from"), parse_lat_lon(target, "to"), missile,
              burnout_speed_km_s, angle_deg, lofted, loft_deg, rotating_earth)  # fmt: skip
    arch = cat.architecture(architecture) if architecture else None
    return timeline_record(engagement_timeline(cat, aim, arch, shots))


# Grids and threat fields are the expensive, reusable part of every coverage, option and
# sweep request; they are kept here, for this server process, not in the domain.
@functools.lru_cache(maxsize=8)
def _grid(codes: tuple[str, ...], resolution_km: float, window: Window | None) -> Grid:
    return territory_grid(codes, resolution_km, window)


def _territory(reg: Registry, day: date, countries: str | None, resolution_km: float) -> Grid:
    codes, window = territory_scope(reg, day, parse_codes(countries))
    return _grid(codes, resolution_km, window)


@functools.lru_cache(maxsize=4)
def _field(cat: Catalogue, threat: str, grid: Grid, rotating: bool) -> ThreatField:
    return threat_field(cat, threat, grid, rotating)


class CoverageQuery:
    """The query of every coverage request (JSON, GeoJSON, PNG, and the jobs)."""

    def __init__(
        self,
        architecture: ArchQ,
        threat: ThreatQ,
        on: OnQ = None,
        countries: CountriesQ = None,
        resolution_km: ResQ = 25.0,
        rotating_earth: bool = False,
        shots: ShotsQ = 1,
    ) -> None:
        self.architecture, self.threat, self.on = architecture, threat, on
        self.countries, self.resolution_km = countries, resolution_km
        self.rotating_earth, self.shots = rotating_earth, shots

    def result(
        self, reg: Registry, progress: Progress | None = None
    ) -> tuple[CoverageResult, date]:
        cat = load_catalogue()
        arch = cat.architecture(self.architecture)
        cat.threat(self.threat)
        day = parse_date_or(self.on)
        grid = _territory(reg, day, self.countries, self.resolution_km)
        field = _field(cat, self.threat, grid, self.rotating_earth)
        return evaluate(field, cat, arch, self.shots, progress=progress), day


CoverageDep = Annotated[CoverageQuery, Depends()]


@router.get("/coverage", summary="Covered, uncovered and not-threatened share of each country")
def read_coverage(
    reg: RegistryDep,
    lang: LangDep,
    q: CoverageDep,
    geojson: Annotated[bool, Query(description="Add the polygons of every status")] = False,
) -> dict[str, Any]:
    result, day = q.result(reg)
    record = coverage_record(result, lang, day)
    if geojson:
        record["geojson"] = coverage_geojson(result, ("covered", "uncovered", "not-threatened"))
    return record


@router.get("/coverage.geojson", summary="Uncovered polygons (GeoJSON)")
def read_coverage_geojson(reg: RegistryDep, q: CoverageDep) -> dict[str, Any]:
    result, _day = q.result(reg)
    return coverage_geojson(result)


@router.get("/coverage.png", summary="Coverage map (PNG)", response_class=Response)
def read_coverage_png(reg: RegistryDep, lang: LangDep, q: CoverageDep) -> Response:
    result, _day = q.result(reg)
    cat = load_catalogue()
    png = coverage_png(result, cat, cat.architecture(q.architecture), lang)
    return Response(png, media_type="image/png")


def _options(reg: Registry, params: dict[str, Any], progress: Progress | None) -> dict[str, Any]:
    cat = load_catalogue()
    arch = cat.architecture(str(params["architecture"]))
    grid = _territory(reg, parse_date_or(params.get("on")), params.get("countries"),
                      float(params.get("resolution_km", 50.0)))  # fmt: skip
    sites = tuple(params.get("sites") or ())
    radars = tuple(params.get("radars") or ())
    explicit = bool(sites or radars)
    plan = rank_options(_field(cat, str(params["threat"]), grid, False), cat, arch,
                        sites if explicit else None, radars if explicit else None,
                        float(params.get("target_share", 0.95)), progress=progress)  # fmt: skip
    return option_plan_record(plan)


@router.get("/options", summary="Rank additions and pick a small set that closes the gap")
def read_options(
    reg: RegistryDep,
    architecture: ArchQ,
    threat: ThreatQ,
    site: Annotated[list[str] | None, Query(description="Candidate site id (repeatable)")] = None,
    radar: Annotated[list[str] | None, Query(description="Candidate radar id (repeatable)")] = None,
    target_share: Annotated[float, Query(gt=0.0, le=1.0)] = 0.95,
    on: OnQ = None,
    countries: CountriesQ = None,
    resolution_km: ResQ = 50.0,
) -> dict[str, Any]:
    params = {"architecture": architecture, "threat": threat, "sites": site, "radars": radar,
              "target_share": target_share, "on": on, "countries": countries,
              "resolution_km": resolution_km}  # fmt: skip
    return _options(reg, params, None)


def _sweep(reg: Registry, params: dict[str, Any], progress: Progress | None) -> dict[str, Any]:
    cat = load_catalogue()
    arch = cat.architecture(str(params["architecture"]))
    threat = str(params["threat"])
    grid = _territory(reg, parse_date_or(params.get("on")), params.get("countries"),
                      float(params.get("resolution_km", 50.0)))  # fmt: skip
    points = sweep(cat, arch, threat, _field(cat, threat, grid, False), str(params["parameter"]),
                   parse_values(str(params["values"])), progress=progress)  # fmt: skip
    return sweep_record(str(params["parameter"]), points)


@router.get("/sweep", summary="Coverage as one parameter varies (JSON, or SVG with format=svg)")
def read_sweep(
    reg: RegistryDep,
    lang: LangDep,
    architecture: ArchQ,
    threat: ThreatQ,
    parameter: Annotated[str, Query(description="kind:id.field, see /md/parameters")],
    values: Annotated[str, Query(description="A,B,C or START:STOP:STEP")],
    on: OnQ = None,
    countries: CountriesQ = None,
    resolution_km: ResQ = 50.0,
    format: Literal["json", "svg"] = "json",
) -> Any:
    params = {"architecture": architecture, "threat": threat, "parameter": parameter,
              "values": values, "on": on, "countries": countries, "resolution_km": resolution_km}  # fmt: skip
    record = _sweep(reg, params, None)
    if format == "svg":
        from bucarest.missile_defence.options import SweepPoint

        points = [SweepPoint(**p) for p in record["points"]]
        return Response(sweep_svg(points, parameter, lang), media_type="image/svg+xml")
    return record


# --- background jobs ------------------------------------------------------------------------


@dataclass
class _Job:
    id: str
    kind: str
    lang: str
    state: str = "queued"
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    started: float = field(default_factory=time.monotonic)


_JOBS: dict[str, _Job] = {}
_LOCK = threading.Lock()
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="md-job")
_KEEP = 64


def _coverage_job(
    reg: Registry, params: dict[str, Any], progress: Progress, lang: str
) -> dict[str, Any]:
    query = CoverageQuery(str(params["architecture"]), str(params["threat"]), params.get("on"),
                          params.get("countries"), float(params.get("resolution_km", 25.0)),
                          bool(params.get("rotating_earth", False)), int(params.get("shots", 1)))  # fmt: skip
    result, day = query.result(reg, progress)
    record = coverage_record(result, lang, day)
    record["geojson"] = coverage_geojson(result, ("covered", "uncovered", "not-threatened"))
    return record


_KINDS: dict[str, Callable[..., dict[str, Any]]] = {
    "coverage": _coverage_job,
    "options": lambda reg, params, progress, _lang: _options(reg, params, progress),
    "sweep": lambda reg, params, progress, _lang: _sweep(reg, params, progress),
}


def _run(job: _Job, reg: Registry, params: dict[str, Any]) -> None:
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    job.state = "running"
    try:
        job.result = _KINDS[job.kind](reg, params, progress, job.lang)
        job.done = job.total
        job.state = "done"
    except BucarestError as exc:
        job.error = {"code": exc.code, "status": status_for(exc),
                     "message": exc.translated(job.lang)}  # fmt: skip
        job.state = "failed"
    except (KeyError, TypeError, ValueError) as exc:
        bad = InvalidInputError(
            N_("a job parameter is missing or malformed: {name}"), name=str(exc)
        )
        job.error = {"code": bad.code, "status": 400, "message": bad.translated(job.lang)}
        job.state = "failed"


@router.post(
    "/jobs", status_code=202, summary="Start a long computation (coverage, options, sweep)"
)
def start_job(
    request: Request,
    reg: RegistryDep,
    lang: LangDep,
    body: Annotated[
        dict[str, Any],
        Body(
            examples=[
                {"kind": "options", "architecture": "us-third-site-2008", "threat": "iran-mrbm"}
            ]
        ),
    ],
) -> dict[str, Any]:
    kind = body.get("kind")
    if kind not in _KINDS:
        raise InvalidInputError(N_("unknown job kind '{kind}'; expected coverage, options or sweep"),
                                kind=str(kind))  # fmt: skip
    for key in ("architecture", "threat"):
        if not isinstance(body.get(key), str):
            raise InvalidInputError(N_("a job needs '{key}'; expected a string id"), key=key)
    cat = load_catalogue()
    cat.architecture(body["architecture"])
    cat.threat(body["threat"])
    job = _Job(uuid.uuid4().hex, kind, lang)
    with _LOCK:
        if len(_JOBS) >= _KEEP:
            for old in sorted(_JOBS.values(), key=lambda j: j.started)[: len(_JOBS) - _KEEP + 1]:
                if old.state in ("done", "failed"):
                    del _JOBS[old.id]
        _JOBS[job.id] = job
    _POOL.submit(_run, job, reg, dict(body))
    return {
        "id": job.id,
        "state": job.state,
        "url": str(request.url_for("read_job", job_id=job.id)),
    }


@router.get("/jobs/{job_id}", summary="A job's progress and, when done, its result")
def read_job(job_id: str) -> dict[str, Any]:
    job = _JOBS.get(job_id)
    if job is None:
        raise NotFoundError(N_("no job '{id}'; jobs are kept until {keep} newer ones finish"),
                            id=job_id, keep=str(_KEEP))  # fmt: skip
    out: dict[str, Any] = {"id": job.id, "kind": job.kind, "state": job.state, "done": job.done,
                           "total": job.total}  # fmt: skip
    if job.result is not None:
        out["result"] = job.result
    if job.error is not None:
        out["error"] = job.error
    return out

"""Missile-defence routes: catalogue, trajectory, coverage (JSON, GeoJSON, PNG), options,
sweeps, and background jobs that report their progress for the long ones."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import (
    coverage_geojson,
)
from bucarest.missile_defence.domain.effectiveness import DefendedAsset
from bucarest.missile_defence.domain.engagement import Aim, engagement_timeline
from bucarest.missile_defence.domain.inputs import parse_lat_lon
from bucarest.missile_defence.domain.model import Text, parameter_paths
from bucarest.missile_defence.maps import coverage_png, sweep_svg
from bucarest.missile_defence.records import (
    architecture_record,
    bundle_record,
    comparison_csv,
    coverage_csv,
    coverage_record,
    effectiveness_csv,
    threat_record,
    timeline_record,
)
from bucarest.missile_defence.schemas import (
    ArchitectureOut,
    BundleOut,
    ComparisonOut,
    CoverageOut,
    EffectivenessIn,
    EffectivenessOut,
    FeatureCollectionOut,
    JobOut,
    JobStartedOut,
    OptionPlanOut,
    SweepOut,
    ThreatOut,
    TimelineOut,
)
from bucarest.missile_defence.service import (
    CoverageQuery,
    EffectivenessQuery,
    cancel_job,
    comparison,
    deployment,
    job_record,
    options_record,
    queue_job,
    sweep_records,
)
from bucarest.platform.http import LangDep, job_owner
from bucarest.platform.openapi import DateText, error_responses, media_answer
from bucarest.registry.deps import RegistryDep

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/md", tags=["missile defence"], responses=error_responses())

ArchQ = Annotated[str, Query(description="Architecture id, e.g. us-third-site-2008")]
ThreatQ = Annotated[str, Query(description="Threat id, e.g. iran-2008")]
OnQ = Annotated[
    DateText | None,
    Query(description="Allied territory on this date (YYYY-MM-DD; default today)"),
]
CountriesQ = Annotated[
    str | None, Query(description="Comma-separated alpha-3 codes instead of all Allied territory")
]
ResQ = Annotated[float, Query(ge=1.0, le=500.0, description="Grid spacing (km)")]
ShotsQ = Annotated[int, Query(ge=1, le=3, description="Shots needed (2 = shoot-look-shoot)")]


@router.get(
    "/architectures",
    summary="The shipped architectures",
    response_model=list[ArchitectureOut],
    response_model_exclude_unset=True,
)
def read_architectures(lang: LangDep) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [architecture_record(cat, a, lang) for a in cat.architectures.values()]


@router.get(
    "/architectures/{architecture_id}",
    summary="One architecture, with sources",
    response_model=ArchitectureOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_architecture(
    architecture_id: Annotated[str, Path(examples=["us-third-site-2008"])], lang: LangDep
) -> dict[str, Any]:
    cat = load_catalogue()
    return architecture_record(cat, cat.architecture(architecture_id), lang)


@router.get(
    "/bundles",
    summary="The bundles an option plan may add, with their sourced costs",
    response_model=list[BundleOut],
    response_model_exclude_unset=True,
)
def read_bundles(lang: LangDep) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [bundle_record(cat, b, lang) for b in cat.bundles]


@router.get(
    "/threats",
    summary="The shipped threat sets",
    response_model=list[ThreatOut],
    response_model_exclude_unset=True,
)
def read_threats(lang: LangDep) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [threat_record(cat, t, lang) for t in cat.threats]


@router.get(
    "/threats/{threat_id}",
    summary="One threat set, with sources",
    response_model=ThreatOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_threat(
    threat_id: Annotated[str, Path(examples=["iran-mrbm"])], lang: LangDep
) -> dict[str, Any]:
    return threat_record(load_catalogue(), threat_id, lang)


@router.get("/parameters", summary="Every parameter a sweep can vary")
def read_parameters() -> list[str]:
    return list(parameter_paths(load_catalogue()))


@router.get(
    "/trajectory",
    summary="One trajectory and, with an architecture, its engagement timeline",
    response_model=TimelineOut,
    responses=error_responses(404),
)
def read_trajectory(
    origin: Annotated[str, Query(alias="from", description="Launch LAT,LON (degrees)")],
    target: Annotated[str, Query(alias="to", description="Target LAT,LON (degrees)")],
    missile: str | None = None,
    burnout_speed_km_s: float | None = None,
    angle_deg: float | None = None,
    lofted: bool = False,
    loft_deg: float = 0.0,
    rotating_earth: bool = True,
    architecture: str | None = None,
    shots: Annotated[int, Query(ge=1, le=4)] = 1,
) -> dict[str, Any]:
    cat = load_catalogue()
    aim = Aim(parse_lat_lon(origin, "from"), parse_lat_lon(target, "to"), missile,
              burnout_speed_km_s, angle_deg, lofted, loft_deg, rotating_earth)  # fmt: skip
    arch = cat.architecture(architecture) if architecture else None
    return timeline_record(engagement_timeline(cat, aim, arch, shots))


def coverage_query(
    architecture: ArchQ,
    threat: ThreatQ,
    on: OnQ = None,
    countries: CountriesQ = None,
    resolution_km: ResQ = 25.0,
    rotating_earth: bool = True,
    shots: ShotsQ = 1,
) -> CoverageQuery:
    """The coverage query of a request's parameters."""
    return CoverageQuery(architecture, threat, on, countries, resolution_km, rotating_earth, shots)


CoverageDep = Annotated[CoverageQuery, Depends(coverage_query)]


FormatQ = Annotated[Literal["json", "csv"], Query(description="json, or csv for the table as CSV")]
_STATUSES = ("covered", "uncovered", "not-threatened")


def _csv(text: str, name: str) -> Response:
    """A CSV download named ``name``."""
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def _csv_answer(description: str) -> dict[int | str, dict[str, Any]]:
    """The document's note that a route also answers CSV (its JSON schema is the model's)."""
    return {200: {"description": description,
                  "content": {"text/csv": {"schema": {"type": "string"}}}}}  # fmt: skip


@router.get(
    "/coverage",
    summary="Covered, uncovered and not-threatened share of each country (JSON or CSV)",
    response_model=CoverageOut,
    response_model_exclude_unset=True,
    responses={
        **error_responses(404),
        **_csv_answer("The shares (format=json) or the table as CSV (format=csv)"),
    },  # fmt: skip
)
def read_coverage(
    reg: RegistryDep,
    lang: LangDep,
    q: CoverageDep,
    geojson: Annotated[bool, Query(description="Add the polygons of every status")] = False,
    format: FormatQ = "json",
) -> Any:
    result, day = q.result(reg)
    record = coverage_record(result, lang, day)
    if format == "csv":
        return _csv(coverage_csv(record), f"coverage-{q.architecture}-{q.threat}.csv")
    if geojson:
        record["geojson"] = coverage_geojson(result, _STATUSES)
    return record


@router.get(
    "/coverage.geojson",
    summary="Coverage polygons (GeoJSON): the uncovered cells, or the statuses asked for",
    response_model=FeatureCollectionOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_coverage_geojson(
    reg: RegistryDep,
    q: CoverageDep,
    status: Annotated[
        list[Literal["covered", "uncovered", "not-threatened"]] | None,
        Query(description="A status to draw (repeatable; default: uncovered)"),
    ] = None,
) -> dict[str, Any]:
    result, _day = q.result(reg)
    wanted = tuple(s for s in _STATUSES if s in (status or ("uncovered",)))
    return coverage_geojson(result, wanted)


@router.get(
    "/coverage.png",
    summary="Coverage map (PNG)",
    response_class=Response,
    responses={
        **error_responses(404),
        **media_answer("The map", "image/png", schema={"type": "string", "format": "binary"}),
    },
)
def read_coverage_png(reg: RegistryDep, lang: LangDep, q: CoverageDep) -> Response:
    result, day = q.result(reg)
    cat = load_catalogue()
    png = coverage_png(result, cat, deployment(cat, q.architecture, day).architecture, lang)
    return Response(png, media_type="image/png")


@router.get(
    "/options",
    summary="Rank additions and pick a small set that closes the gap",
    response_model=OptionPlanOut,
    responses=error_responses(404),
)
def read_options(
    reg: RegistryDep,
    lang: LangDep,
    architecture: ArchQ,
    threat: ThreatQ,
    bundle: Annotated[
        list[str] | None, Query(description="Candidate bundle id (repeatable)")
    ] = None,
    site: Annotated[list[str] | None, Query(description="Candidate site id (repeatable)")] = None,
    radar: Annotated[list[str] | None, Query(description="Candidate radar id (repeatable)")] = None,
    max_count: Annotated[
        int | None, Query(ge=1, description="Budget: at most this many bundles")
    ] = None,
    max_cost_musd: Annotated[
        float | None,
        Query(gt=0.0, description="Budget: at most this cost (millions of US dollars)"),
    ] = None,
    measure: Annotated[
        Literal["area", "assets"],
        Query(
            description="What to maximise: the covered area, or defended points (POST a job with 'assets')"
        ),
    ] = "area",
    target_share: Annotated[float, Query(gt=0.0, le=1.0)] = 1.0,
    on: OnQ = None,
    countries: CountriesQ = None,
    resolution_km: ResQ = 50.0,
) -> dict[str, Any]:
    params = {"architecture": architecture, "threat": threat, "bundles": bundle, "sites": site,
              "radars": radar, "max_count": max_count, "max_cost_musd": max_cost_musd,
              "measure": measure, "target_share": target_share, "on": on,
              "countries": countries, "resolution_km": resolution_km}  # fmt: skip
    return options_record(reg, params, lang=lang)


@router.get(
    "/compare",
    summary="Two architectures side by side: covered share per country in A, in B, B minus A",
    response_class=Response,
    responses={
        **error_responses(404),
        200: {
            "description": "The table (format=json) or its CSV (format=csv)",
            "content": {
                # ComparisonOut is in the document's components through JobOut's result.
                "application/json": {"schema": {"$ref": "#/components/schemas/ComparisonOut"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        },
    },
)
def read_compare(
    reg: RegistryDep,
    lang: LangDep,
    a: Annotated[str, Query(description="Architecture A, e.g. us-third-site-2008")],
    b: Annotated[str, Query(description="Architecture B, e.g. epaa-phase-3")],
    threat: ThreatQ,
    on: OnQ = None,
    countries: CountriesQ = None,
    resolution_km: ResQ = 50.0,
    rotating_earth: bool = True,
    shots: ShotsQ = 1,
    format: Literal["json", "csv"] = "json",
) -> Response:
    params = {"a": a, "b": b, "threat": threat, "on": on, "countries": countries,
              "resolution_km": resolution_km, "rotating_earth": rotating_earth, "shots": shots}  # fmt: skip
    record = comparison(reg, params, lang)
    if format == "csv":
        return Response(comparison_csv(record), media_type="text/csv; charset=utf-8",
                         headers={"Content-Disposition": f'attachment; filename="compare-{a}-{b}.csv"'})  # fmt: skip
    return JSONResponse(
        ComparisonOut.model_validate(record).model_dump(mode="json", exclude_none=True)
    )


@router.get(
    "/sweep",
    summary="Coverage as one parameter varies (JSON, or SVG with format=svg)",
    response_class=Response,
    responses={
        **error_responses(404),
        200: {
            "description": "The points (format=json) or their chart (format=svg)",
            "content": {
                # SweepOut is in the document's components through JobOut's result.
                "application/json": {"schema": {"$ref": "#/components/schemas/SweepOut"}},
                "image/svg+xml": {"schema": {"type": "string"}},
            },
        },
    },
)
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
) -> Response:
    params = {"architecture": architecture, "threat": threat, "parameter": parameter,
              "values": values, "on": on, "countries": countries, "resolution_km": resolution_km}  # fmt: skip
    record = sweep_records(reg, params)
    if format == "svg":
        from bucarest.missile_defence.domain.options import SweepPoint

        points = [SweepPoint(**p) for p in record["points"]]
        return Response(sweep_svg(points, parameter, lang), media_type="image/svg+xml")
    return JSONResponse(SweepOut.model_validate(record).model_dump(mode="json"))


def effectiveness_query(
    architecture: ArchQ,
    threat: ThreatQ,
    raid: Annotated[int, Query(ge=0, le=1000, description="Warheads aimed at each asset")] = 1,
    sspk: Annotated[
        float | None,
        Query(description="Single-shot kill probability, 0-1 (default: the shipped estimate)"),
    ] = None,
    doctrine: Annotated[
        str, Query(description="salvo:N, sls:K (shoot-look-shoot) or sls:KxN")
    ] = "salvo:1",
    decoys: Annotated[int, Query(ge=0, le=1000, description="Decoys with the raid")] = 0,
    discrimination: Annotated[
        float, Query(description="Probability that a decoy is recognised, 0-1")
    ] = 1.0,
    on: Annotated[
        DateText | None,
        Query(description="The Allies' assets on this date (YYYY-MM-DD; default today)"),
    ] = None,
    rotating_earth: bool = True,
    simultaneous: Annotated[
        bool, Query(description="Every asset attacked at once, inventories shared")
    ] = False,
    raids: Annotated[int, Query(ge=1, le=100_000, description="Monte Carlo raids")] = 10_000,
) -> EffectivenessQuery:
    """The effectiveness query of a request's parameters (ranges checked by the query)."""
    return EffectivenessQuery(architecture, threat, raid, sspk, doctrine, decoys,
                              discrimination, on, rotating_earth, simultaneous, raids)  # fmt: skip


EffectivenessDep = Annotated[EffectivenessQuery, Depends(effectiveness_query)]


@router.get(
    "/effectiveness",
    summary="Probability that no warhead gets through, per shipped defended asset (JSON or CSV)",
    response_model=EffectivenessOut,
    response_model_exclude_unset=True,
    responses={
        **error_responses(404),
        **_csv_answer("The assets (format=json) or their table as CSV (format=csv)"),
    },  # fmt: skip
)
def read_effectiveness(
    reg: RegistryDep, lang: LangDep, q: EffectivenessDep, format: FormatQ = "json"
) -> Any:
    record = q.record(reg, lang)
    if format == "csv":
        return _csv(effectiveness_csv(record), f"effectiveness-{q.architecture}-{q.threat}.csv")
    return record


@router.post(
    "/effectiveness",
    summary="Probability that no warhead gets through, per asset of yours",
    response_model=EffectivenessOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def post_effectiveness(
    reg: RegistryDep, lang: LangDep, q: EffectivenessDep, body: EffectivenessIn
) -> dict[str, Any]:
    assets = [DefendedAsset(a.id, Text(a.name, a.name), "user", "", a.lat, a.lon)
              for a in body.assets]  # fmt: skip
    return q.record(reg, lang, assets)


# --- background jobs ------------------------------------------------------------------------


@router.post(
    "/jobs",
    status_code=202,
    summary="Start a long computation (coverage, options, sweep)",
    response_model=JobStartedOut,
    responses=error_responses(404, 429),
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
    db = request.app.state.db
    job_id = queue_job(db, reg, lang, body, job_owner(request))
    return {
        "id": job_id,
        "state": job_record(db, job_id)["state"],
        "url": str(request.url_for("read_job", job_id=job_id)),
    }


@router.get(
    "/jobs/{job_id}",
    summary="A job's progress and, when done, its result",
    response_model=JobOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_job(request: Request, job_id: str) -> dict[str, Any]:
    return job_record(request.app.state.db, job_id)


@router.delete(
    "/jobs/{job_id}",
    summary="Ask a job to stop (a finished one stays as it is)",
    response_model=JobOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def delete_job(request: Request, job_id: str) -> dict[str, Any]:
    return cancel_job(request.app.state.db, job_id)

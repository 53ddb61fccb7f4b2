"""What the missile-defence API, page and CLI share: the coverage query, option plans and sweeps
over the Allies' territory on a date, and the background jobs that report their progress.

The territory grids and threat fields are kept per process (they are pure functions of
their arguments, costly to build, and reused by every coverage, option or sweep request).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bucarest.core.dates import parse_date_or
from bucarest.core.errors import N_, InvalidInputError
from bucarest.missile_defence.data import load_catalogue, points_from_rows, shipped_points
from bucarest.missile_defence.domain.compare import compare, comparison_geojson
from bucarest.missile_defence.domain.coverage import (
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
from bucarest.missile_defence.domain.inputs import parse_codes, parse_values
from bucarest.missile_defence.domain.model import Catalogue, DefendedPoint
from bucarest.missile_defence.domain.options import (
    candidate_bundles,
    plan_options,
    points_grid,
    sweep,
)
from bucarest.missile_defence.records import (
    comparison_record,
    coverage_record,
    option_plan_record,
    sweep_record,
)
from bucarest.platform import jobs
from bucarest.platform.database import Database
from bucarest.registry.domain.model import Registry

__all__ = [
    "CoverageQuery",
    "cached_field",
    "cancel_job",
    "comparison",
    "job_record",
    "option_fields",
    "options_record",
    "queue_job",
    "sweep_records",
    "territory",
]


@functools.lru_cache(maxsize=8)
def _grid(codes: tuple[str, ...], resolution_km: float, window: Window | None) -> Grid:
    return territory_grid(codes, resolution_km, window)


def territory(reg: Registry, day: date, countries: str | None, resolution_km: float) -> Grid:
    """The equal-area grid over the Allies of ``day`` (or the ``countries`` named), cached."""
    codes, window = territory_scope(reg, day, parse_codes(countries))
    return _grid(codes, resolution_km, window)


@functools.lru_cache(maxsize=4)
def cached_field(cat: Catalogue, threat: str, grid: Grid, rotating: bool) -> ThreatField:
    """The threat's trajectories to every point of ``grid``, solved once per process."""
    return threat_field(cat, threat, grid, rotating)


@dataclass(frozen=True)
class CoverageQuery:
    """The query of every coverage request (JSON, GeoJSON, PNG, the jobs and the CLI)."""

    architecture: str
    threat: str
    on: str | None = None
    countries: str | None = None
    resolution_km: float = 25.0
    rotating_earth: bool = False
    shots: int = 1

    def result(
        self, reg: Registry, progress: Progress | None = None
    ) -> tuple[CoverageResult, date]:
        """The coverage of the query's territory, and the day it was asked for."""
        cat = load_catalogue()
        arch = cat.architecture(self.architecture)
        cat.threat(self.threat)
        day = parse_date_or(self.on)
        grid = territory(reg, day, self.countries, self.resolution_km)
        field = cached_field(cat, self.threat, grid, self.rotating_earth)
        return evaluate(field, cat, arch, self.shots, progress=progress), day


def option_fields(
    cat: Catalogue,
    threat: str,
    grid: Grid,
    points: tuple[DefendedPoint, ...],
    rotating: bool = False,
    progress: Progress | None = None,
) -> dict[str, ThreatField]:
    """The fields an option plan measures on: the territory (``area``) and, where there are
    defended points (a user's, or the shipped list), the points (``assets``)."""
    fields = {"area": cached_field(cat, threat, grid, rotating)}
    chosen = points or shipped_points()
    if chosen:
        fields["assets"] = threat_field(cat, threat, points_grid(chosen), rotating,
                                        progress=progress)  # fmt: skip
    return fields


def _optional_number(params: dict[str, Any], key: str) -> float | None:
    value = params.get(key)
    return None if value is None or value == "" else float(value)


def options_record(
    reg: Registry, params: dict[str, Any], progress: Progress | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The option plan asked for by ``params`` (the API's query or a job's body), as a record:
    ``bundles``/``sites``/``radars`` name candidates (default: the architecture's), ``measure``
    area or assets (``assets``: a list of ``{id, name, lat, lon[, weight]}``), ``max_count`` or
    ``max_cost_musd`` the budget."""
    cat = load_catalogue()
    arch = cat.architecture(str(params["architecture"]))
    threat = str(params["threat"])
    cat.threat(threat)
    grid = territory(reg, parse_date_or(params.get("on")), params.get("countries"),
                      float(params.get("resolution_km", 50.0)))  # fmt: skip
    raw_points = params.get("assets")
    points = points_from_rows(list(raw_points), "assets") if raw_points else ()
    pool = candidate_bundles(cat, arch, tuple(params.get("bundles") or ()),
                             tuple(params.get("sites") or ()), tuple(params.get("radars") or ()))  # fmt: skip
    fields = option_fields(cat, threat, grid, points)
    max_count = params.get("max_count")
    plan = plan_options(fields, cat, arch, pool, str(params.get("measure") or "area"),
                        int(max_count) if max_count not in (None, "") else None,
                        _optional_number(params, "max_cost_musd"),
                        float(params.get("target_share", 1.0)), progress=progress)  # fmt: skip
    return option_plan_record(plan, lang, _cost_sources(cat, lang))


def _cost_sources(cat: Catalogue, lang: str) -> dict[str, str]:
    return {b.id: b.cost_musd.source_in(lang) for b in cat.bundles.values() if b.cost_musd}


def comparison(
    reg: Registry, params: dict[str, Any], lang: str, progress: Progress | None = None,
    with_geojson: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """Architectures ``a`` and ``b`` side by side against ``threat`` (the API's query or a job's
    body), as a record; with the comparison map's polygons when ``with_geojson``."""
    cat = load_catalogue()
    a = cat.architecture(str(params["a"]))
    b = cat.architecture(str(params["b"]))
    threat = str(params["threat"])
    cat.threat(threat)
    day = parse_date_or(params.get("on"))
    grid = territory(reg, day, params.get("countries"), float(params.get("resolution_km", 50.0)))
    if progress is not None:
        progress(0, 2)
    field = cached_field(cat, threat, grid, bool(params.get("rotating_earth", False)))
    if progress is not None:
        progress(1, 2)
    cmp = compare(field, cat, a, b, int(params.get("shots", 1)))
    record = comparison_record(cmp, cat, lang, day)
    if with_geojson:
        record["geojson"] = comparison_geojson(cmp)
    return record


def sweep_records(
    reg: Registry, params: dict[str, Any], progress: Progress | None = None
) -> dict[str, Any]:
    """The sweep asked for by ``params`` (the API's query or a job's body), as a record."""
    cat = load_catalogue()
    arch = cat.architecture(str(params["architecture"]))
    threat = str(params["threat"])
    grid = territory(reg, parse_date_or(params.get("on")), params.get("countries"),
                      float(params.get("resolution_km", 50.0)))  # fmt: skip
    points = sweep(cat, arch, threat, cached_field(cat, threat, grid, False), str(params["parameter"]),
                   parse_values(str(params["values"])), progress=progress)  # fmt: skip
    return sweep_record(str(params["parameter"]), points)


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
    "options": lambda reg, params, progress, lang: options_record(reg, params, progress, lang),
    "compare": lambda reg, params, progress, lang: comparison(reg, params, lang, progress, True),
    "sweep": lambda reg, params, progress, _lang: sweep_records(reg, params, progress),
}


def queue_job(db: Database, reg: Registry, lang: str, body: dict[str, Any], owner: str) -> str:
    """Check a job's body and queue it for ``owner`` (stored in the database, so any server
    process can report it); its id, read with :func:`job_record`."""
    kind = body.get("kind")
    if kind not in _KINDS:
        raise InvalidInputError(N_("unknown job kind '{kind}'; expected coverage, options, sweep or compare"),
                                kind=str(kind))  # fmt: skip
    keys = ("a", "b", "threat") if kind == "compare" else ("architecture", "threat")
    for key in keys:
        if not isinstance(body.get(key), str):
            raise InvalidInputError(N_("a job needs '{key}'; expected a string id"), key=key)
    cat = load_catalogue()
    for key in keys[:-1]:
        cat.architecture(body[key])
    cat.threat(body["threat"])
    params = dict(body)
    compute = _KINDS[kind]

    def work(progress: Progress) -> dict[str, Any]:
        return compute(reg, params, progress, lang)

    return jobs.submit(db, f"md-{kind}", owner, lang, params, work)


def job_record(db: Database, job_id: str) -> dict[str, Any]:
    """A job's progress and, when it is done, its result (or its error)."""
    record = jobs.read(db, job_id)
    record["kind"] = record["kind"].removeprefix("md-")
    return record


def cancel_job(db: Database, job_id: str) -> dict[str, Any]:
    """Ask a job to stop; its state after asking."""
    jobs.cancel(db, job_id)
    return job_record(db, job_id)

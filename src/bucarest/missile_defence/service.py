"""What the missile-defence API, page and CLI share: the coverage query, option plans and sweeps
over the Allies' territory on a date, and the background jobs that report their progress.

The territory grids and threat fields are kept per process (they are pure functions of
their arguments, costly to build, and reused by every coverage, option or sweep request).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bucarest.core.batch import Runner, run_serially
from bucarest.core.dates import parse_date_or
from bucarest.core.errors import N_, InvalidInputError
from bucarest.missile_defence.data import (
    default_sspk,
    load_catalogue,
    load_defended_assets,
    points_from_rows,
    shipped_points,
)
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
from bucarest.missile_defence.domain.deployment import Deployment, deployed_on
from bucarest.missile_defence.domain.effectiveness import (
    DefendedAsset,
    Doctrine,
    Raid,
    assess,
    asset_engagement,
    check_probability,
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
    provenance_record,
    sweep_record,
)
from bucarest.platform import batch, jobs
from bucarest.platform.database import Database
from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.queries import members_on

__all__ = [
    "CoverageQuery",
    "EffectivenessQuery",
    "cached_field",
    "cancel_job",
    "comparison",
    "deployment",
    "job_record",
    "option_fields",
    "options_record",
    "queue_job",
    "sweep_records",
    "territory",
]


@functools.lru_cache(maxsize=8)
def _grid(
    codes: tuple[str, ...], resolution_km: float, window: Window | None, whole: tuple[str, ...]
) -> Grid:
    return territory_grid(codes, resolution_km, window, whole)


def territory(reg: Registry, day: date, countries: str | None, resolution_km: float) -> Grid:
    """The equal-area grid over the Allies of ``day`` (or the ``countries`` named), cached."""
    scope = territory_scope(reg, day, parse_codes(countries))
    return _grid(scope.codes, resolution_km, scope.window, scope.whole)


@functools.lru_cache(maxsize=4)
def cached_field(cat: Catalogue, threat: str, grid: Grid, rotating: bool) -> ThreatField:
    """The threat's trajectories to every point of ``grid``, solved once per process."""
    return threat_field(cat, threat, grid, rotating)


def deployment(cat: Catalogue, architecture: str, day: date) -> Deployment:
    """What of ``architecture`` was in service on ``day`` (sites, radars, inventories)."""
    return deployed_on(cat, cat.architecture(architecture), day)


@dataclass(frozen=True)
class CoverageQuery:
    """The query of every coverage request (JSON, GeoJSON, PNG, the jobs and the CLI)."""

    architecture: str
    threat: str
    on: str | None = None
    countries: str | None = None
    resolution_km: float = 25.0
    rotating_earth: bool = True
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
        dep = deployed_on(cat, arch, day)
        result = evaluate(field, dep.catalogue, dep.architecture, self.shots, progress=progress)
        return replace(result, not_deployed=dep.absent), day


def _rotating(params: dict[str, Any]) -> bool:
    """Whether a request asks for the Earth's rotation (on unless ``rotating_earth`` is false)."""
    return bool(params.get("rotating_earth", True))


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
    reg: Registry,
    params: dict[str, Any],
    progress: Progress | None = None,
    lang: str = "en",
    run: Runner = run_serially,
) -> dict[str, Any]:
    """The option plan asked for by ``params`` (the API's query or a job's body), as a record:
    ``bundles``/``sites``/``radars`` name candidates (default: the architecture's), ``measure``
    area or assets (``assets``: a list of ``{id, name, lat, lon[, weight]}``), ``max_count`` or
    ``max_cost_musd`` the budget."""
    cat = load_catalogue()
    day = parse_date_or(params.get("on"))
    # What was in service on the day, with that day's interceptor counts.
    dep = deployed_on(cat, cat.architecture(str(params["architecture"])), day)
    cat, arch = dep.catalogue, dep.architecture
    threat = str(params["threat"])
    cat.threat(threat)
    grid = territory(reg, day, params.get("countries"), float(params.get("resolution_km", 50.0)))
    raw_points = params.get("assets")
    points = points_from_rows(list(raw_points), "assets") if raw_points else ()
    pool = candidate_bundles(cat, arch, tuple(params.get("bundles") or ()),
                             tuple(params.get("sites") or ()), tuple(params.get("radars") or ()))  # fmt: skip
    fields = option_fields(cat, threat, grid, points, _rotating(params))
    max_count = params.get("max_count")
    plan = plan_options(fields, cat, arch, pool, str(params.get("measure") or "area"),
                        int(max_count) if max_count not in (None, "") else None,
                        _optional_number(params, "max_cost_musd"),
                        float(params.get("target_share", 1.0)), progress=progress, run=run)  # fmt: skip
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
    field = cached_field(cat, threat, grid, _rotating(params))
    if progress is not None:
        progress(1, 2)
    # Each architecture as deployed on the day (a plan not dated is there on every day).
    dep_a, dep_b = deployed_on(cat, a, day), deployed_on(cat, b, day)
    both = replace(dep_a.catalogue, sites={**dep_a.catalogue.sites, **dep_b.catalogue.sites})
    cmp = compare(field, both, dep_a.architecture, dep_b.architecture, int(params.get("shots", 1)))
    record = comparison_record(cmp, cat, lang, day)
    if with_geojson:
        record["geojson"] = comparison_geojson(cmp)
    return record


def sweep_records(
    reg: Registry,
    params: dict[str, Any],
    progress: Progress | None = None,
    run: Runner = run_serially,
) -> dict[str, Any]:
    """The sweep asked for by ``params`` (the API's query or a job's body), as a record."""
    cat = load_catalogue()
    day = parse_date_or(params.get("on"))
    dep = deployed_on(cat, cat.architecture(str(params["architecture"])), day)
    threat = str(params["threat"])
    grid = territory(reg, day, params.get("countries"), float(params.get("resolution_km", 50.0)))
    points = sweep(dep.catalogue, dep.architecture, threat,
                   cached_field(cat, threat, grid, _rotating(params)), str(params["parameter"]),
                   parse_values(str(params["values"])), progress=progress, run=run)  # fmt: skip
    return sweep_record(str(params["parameter"]), points)


def _coverage_job(
    reg: Registry, params: dict[str, Any], progress: Progress, lang: str
) -> dict[str, Any]:
    query = CoverageQuery(str(params["architecture"]), str(params["threat"]), params.get("on"),
                          params.get("countries"), float(params.get("resolution_km", 25.0)),
                          bool(params.get("rotating_earth", True)), int(params.get("shots", 1)))  # fmt: skip
    result, day = query.result(reg, progress)
    record = coverage_record(result, lang, day)
    record["geojson"] = coverage_geojson(result, ("covered", "uncovered", "not-threatened"))
    return record


def _job_runner(kind: str) -> Runner:
    """The batch seam for a web job: the cluster named by ``BUCAREST_DASK_SCHEDULER`` (the
    same for every server process), else serially in the job's thread."""
    return batch.runner(batch.scheduler_from(None, default="none"), label=f"md-{kind}")


_KINDS: dict[str, Callable[..., dict[str, Any]]] = {
    "coverage": _coverage_job,
    "options": lambda reg, params, progress, lang: options_record(
        reg, params, progress, lang, _job_runner("options")
    ),
    "compare": lambda reg, params, progress, lang: comparison(reg, params, lang, progress, True),
    "sweep": lambda reg, params, progress, _lang: sweep_records(
        reg, params, progress, _job_runner("sweep")
    ),
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


@dataclass(frozen=True)
class EffectivenessQuery:
    """The query of an effectiveness request (CLI and API): a raid of ``raid`` warheads (with
    ``decoys`` recognised with probability ``discrimination``) on each defended asset, the
    ``doctrine`` (``salvo:N``, ``sls:K``, ``sls:KxN``) and the single-shot kill probability
    ``sspk`` (None: the shipped estimate, with its range). ``raids`` Monte Carlo raids where
    the closed form does not apply; ``shared``: every asset attacked at once."""

    architecture: str
    threat: str
    raid: int = 1
    sspk: float | None = None
    doctrine: str = "salvo:1"
    decoys: int = 0
    discrimination: float = 1.0
    on: str | None = None
    rotating_earth: bool = True
    shared: bool = False
    raids: int = 10_000
    seed: int = 0

    def record(
        self,
        reg: Registry,
        lang: str,
        assets: Sequence[DefendedAsset] | None = None,
        cat: Catalogue | None = None,
        run: Runner = run_serially,
    ) -> dict[str, Any]:
        """Every input is checked before anything is computed; the shipped assets (those of
        the Allies on the day) unless ``assets`` are given; the Monte Carlo runs through
        ``run`` (the batch seam, :mod:`bucarest.platform.batch`)."""
        cat = cat or load_catalogue()
        arch = cat.architecture(self.architecture)
        threat = cat.threat(self.threat)
        doctrine = Doctrine.parse(self.doctrine)
        raid = Raid(self.raid, self.decoys, self.discrimination)
        shipped = default_sspk()
        sspk = shipped.value if self.sspk is None else self.sspk
        check_probability(sspk, N_("a single-shot kill probability"))
        rng = (shipped.low, shipped.high) if self.sspk is None else None
        if not 1 <= self.raids <= 100_000:
            raise InvalidInputError(
                N_("{raids} raids is not allowed; expected 1 to 100,000"), raids=str(self.raids)
            )
        day = parse_date_or(self.on)
        if assets is None:
            allies = {m.country for m in members_on(reg, "nato", day)}
            assets = [a for a in load_defended_assets() if a.country in allies]
        ids = [a.id for a in assets]
        if len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise InvalidInputError(
                N_("asset id '{id}' is given twice; expected each id once"), id=twice
            )
        # What was in service on the day, with that day's interceptor counts.
        dep = deployed_on(cat, arch, day)
        cat, arch = dep.catalogue, dep.architecture
        inventory = [int(cat.site(s).interceptors.value) for s in arch.sites]
        eng = asset_engagement(cat, arch, threat.id, assets, doctrine.looks, self.rotating_earth)
        results = assess(eng, assets, inventory, sspk, doctrine, raid,
                         (rng[0], rng[1]) if rng and rng[0] is not None and rng[1] is not None else None,
                         self.raids, self.seed, self.shared, run)  # fmt: skip
        sspk_rec: dict[str, Any] = {"value": sspk}
        if self.sspk is None:
            sspk_rec.update(low=shipped.low, high=shipped.high, estimate=shipped.estimate,
                            source=shipped.source_in(lang))  # fmt: skip
        rows = []
        for r in results:
            a = r.asset
            row: dict[str, Any] = {
                "id": a.id, "name": a.name.get(lang), "kind": a.kind, "country": a.country,
                "lat": a.lat, "lon": a.lon, "threatened": r.threatened, "sites": list(r.sites),
                "interceptors": r.interceptors, "looks": r.looks, "p_no_leak": r.p_no_leak,
                "p_no_leak_low": r.p_low, "p_no_leak_high": r.p_high,
                "expected_leakers": r.expected_leakers, "method": r.method, "stderr": r.stderr,
                "limited_by": r.limited_by, "p_no_leak_unlimited": r.p_unlimited,
            }  # fmt: skip
            if a.provenance is not None:
                row.update(provenance_record(a.provenance))
            rows.append(row)
        threatened = [r for r in results if r.threatened]
        return {
            "architecture": arch.id,
            "architecture_name": arch.name.get(lang),
            "threat": threat.id,
            "threat_name": threat.name.get(lang),
            "on": day.isoformat(),
            "rotating_earth": self.rotating_earth,
            "doctrine": doctrine.label,
            "salvo": doctrine.salvo,
            "looks": doctrine.looks,
            "warheads": raid.warheads,
            "decoys": raid.decoys,
            "discrimination": raid.discrimination,
            "sspk": sspk_rec,
            "shared": self.shared,
            "raids": self.raids,
            "seed": self.seed,
            "inventory": dict(zip(arch.sites, inventory, strict=True)),
            "threatened": len(threatened),
            "engaged": sum(1 for r in threatened if r.sites),
            "assets": rows,
        }

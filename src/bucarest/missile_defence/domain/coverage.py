"""Defended territory: which share of each country an architecture covers against a threat.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> cat = load_catalogue()
    >>> grid = territory_grid(("BEL", "LUX"), resolution_km=50.0)
    >>> res = coverage(cat, cat.architecture("us-third-site-2008"), "iran-mrbm", grid)
    >>> [(c.code, c.not_threatened) for c in res.countries]      # beyond Shahab-3 range
    [('BEL', 1.0), ('LUX', 1.0)]

The method is the defended-footprint one of Wilkening: a grid of aim points at an even
spacing on a Lambert azimuthal equal-area projection (so every point stands for the same
area, and shares of points are shares of area) over the chosen countries. A point is
*covered* against a threat when every trajectory that can reach it (every launch site,
every class of the threat that has the range, every trajectory shape) can be engaged by
some interceptor site under the engagement doctrine
(:mod:`~bucarest.missile_defence.domain.doctrine`); *not threatened* when none can reach it;
otherwise *uncovered*, and sensor-limited when an ideal sensor (a perfect fire-control track
from launch) would have covered it. Each uncovered point carries its binding constraint
(``CoverageResult.reason``, shares in ``CountryCoverage.uncovered_by``).

Trajectories do not depend on the architecture, so a :class:`ThreatField` solves and
samples them once and :func:`evaluate` reuses it for every architecture, option and sweep
point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

from bucarest.core.batch import kernel_threads
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.geo import country_area_km2, country_geometry
from bucarest.missile_defence.domain import kernel as k
from bucarest.missile_defence.domain.doctrine import REASONS, Signature, doctrine_engage
from bucarest.missile_defence.domain.engagement import (
    class_max_speed,
    class_rcs,
    doctrine_batch,
    sensor_batch,
    signature,
    site_batch,
    to_numpy,
)
from bucarest.missile_defence.domain.model import Architecture, Catalogue
from bucarest.missile_defence.domain.trajectory import R
from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.queries import members_on

__all__ = [
    "COVERED",
    "EUROPE_WINDOW",
    "NOT_THREATENED",
    "UNCOVERED",
    "UNCOVERED_SENSOR",
    "AlliedScope",
    "CountryCoverage",
    "CoverageResult",
    "Grid",
    "Progress",
    "ThreatField",
    "allied_territory",
    "coverage",
    "coverage_geojson",
    "evaluate",
    "north_american_allies",
    "territory_for",
    "territory_grid",
    "territory_scope",
    "threat_field",
]

NOT_THREATENED, COVERED, UNCOVERED, UNCOVERED_SENSOR = 0, 1, 2, 3
#: Europe and Turkey (lon min, lat min, lon max, lat max, degrees): the Azores and the
#: Canaries to Turkey's eastern border and Svalbard; overseas parts elsewhere are left out.
EUROPE_WINDOW = (-32.0, 27.0, 45.5, 81.5)

_CHUNK = 2048


def _map_chunks(fn: Callable[[Any], Any], items: Sequence[Any], xp: Any,
                threads: int | None) -> Iterator[Any]:  # fmt: skip
    """``fn`` over ``items`` in order. With NumPy, chunks run on a thread pool: its ufuncs
    release the GIL on arrays this size, so the cores share the work; other array libraries
    (a GPU) run them one after the other. Results come back in the items' order, so the
    answers are the same whatever the thread count."""
    count = kernel_threads() if threads is None else threads
    if count <= 1 or xp is not np or len(items) < 2:
        yield from (fn(item) for item in items)
        return
    with ThreadPoolExecutor(max_workers=min(count, len(items))) as pool:
        yield from pool.map(fn, items)


def _fail_resolution(value: float) -> InvalidInputError:
    return InvalidInputError(
        N_("a resolution of {value} km is not allowed; expected between 1 and 500 km"),
        value=f"{value:g}",
    )


def north_american_allies(codes: Sequence[str]) -> tuple[str, ...]:
    """The codes among ``codes`` with no territory in :data:`EUROPE_WINDOW` (the United
    States and Canada): their whole outline is Allied territory, Alaska and Hawaii included."""
    window = box(*EUROPE_WINDOW)
    return tuple(c for c in codes if not country_geometry(c).intersects(window))


def allied_territory(reg: Registry, on: date, europe_only: bool = True) -> tuple[str, ...]:
    """Alpha-3 codes of the Allies on ``on``; with ``europe_only``, those with territory in
    :data:`EUROPE_WINDOW` (the European Allies and Turkey: not the United States or Canada)."""
    codes = tuple(m.country for m in members_on(reg, "nato", on))
    if not europe_only:
        return codes
    window = box(*EUROPE_WINDOW)
    return tuple(c for c in codes if country_geometry(c).intersects(window))


@dataclass(frozen=True, eq=False)
class Grid:
    """Aim points: ``lat``/``lon`` (N,) degrees, ``x``/``y`` (N,) metres on the equal-area
    projection ``crs``, ``country`` (N,) alpha-3, ``area_km2`` (N,) the area each stands for.
    ``shapes`` holds each country's projected outline for drawing and polygons."""

    codes: tuple[str, ...]
    resolution_km: float
    crs: str
    lat: np.ndarray[Any, Any]
    lon: np.ndarray[Any, Any]
    x: np.ndarray[Any, Any]
    y: np.ndarray[Any, Any]
    country: np.ndarray[Any, Any]
    area_km2: np.ndarray[Any, Any]
    shapes: dict[str, BaseGeometry]

    @property
    def size(self) -> int:
        return int(self.lat.size)

    def to_lon_lat(self, geom: BaseGeometry) -> BaseGeometry:
        back = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        return shapely.transform(geom, lambda c: np.column_stack(back.transform(c[:, 0], c[:, 1])))


def territory_grid(
    codes: Sequence[str],
    resolution_km: float,
    window: tuple[float, float, float, float] | None = None,
    whole: Sequence[str] = (),
) -> Grid:
    """Aim points every ``resolution_km`` over the countries (clipped to ``window``, lon/lat
    degrees, when given, except the countries in ``whole``, kept entire). A country too small
    to hold a grid point gets one point at its representative point, standing for its whole
    area. The projection is centred on the countries' extent, across the antimeridian when
    they straddle it (the Aleutians west of 180°)."""
    if not (math.isfinite(resolution_km) and 1.0 <= resolution_km <= 500.0):
        raise _fail_resolution(resolution_km)
    clip = box(*window) if window else None
    outlines: dict[str, BaseGeometry] = {}
    entire = {c.strip().upper() for c in whole}
    for code in dict.fromkeys(c.strip().upper() for c in codes):
        geom = country_geometry(code)
        if clip is not None and code not in entire:
            geom = geom.intersection(clip)
        if not geom.is_empty:
            outlines[code] = geom
    if not outlines:
        raise InvalidInputError(
            N_("no territory to cover; expected at least one country with land")
        )
    minx, miny, maxx, maxy = shapely.union_all(list(outlines.values())).bounds
    lon_0 = (minx + maxx) / 2 if maxx - minx <= 180.0 else _central_lon(outlines.values())
    crs = (f"+proj=laea +lat_0={(miny + maxy) / 2:.4f} +lon_0={lon_0:.4f} "
           "+ellps=WGS84 +units=m +no_defs")  # fmt: skip
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    shapes = {c: shapely.transform(g, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
              for c, g in outlines.items()}  # fmt: skip
    step = resolution_km * 1000.0
    px, py, pc, pa = [], [], [], []
    for code, shape in shapes.items():
        x0, y0, x1, y1 = shape.bounds
        xs = np.arange(math.floor(x0 / step) * step + step / 2, x1, step)
        ys = np.arange(math.floor(y0 / step) * step + step / 2, y1, step)
        gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
        inside = shapely.contains_xy(shape, gx, gy) if gx.size else np.zeros(0, dtype=bool)
        if not inside.any():
            rp = shape.representative_point()
            gx, gy, inside = np.array([rp.x]), np.array([rp.y]), np.array([True])
            area = np.array([country_area_km2(code)])
        else:
            area = np.full(int(inside.sum()), resolution_km**2)
        px.append(gx[inside])
        py.append(gy[inside])
        pc.append(np.full(int(inside.sum()), code))
        pa.append(area)
    x, y = np.concatenate(px), np.concatenate(py)
    lon, lat = back.transform(x, y)
    return Grid(tuple(shapes), float(resolution_km), crs, np.asarray(lat), np.asarray(lon), x, y,
                np.concatenate(pc), np.concatenate(pa), shapes)  # fmt: skip


def _central_lon(shapes: Iterable[BaseGeometry]) -> float:
    """The longitude half-way across the shapes' extent measured the short way round: the
    middle of the circle left when the widest gap between their longitudes is taken out."""
    spans = sorted((p.bounds[0], p.bounds[2]) for g in shapes for p in getattr(g, "geoms", [g]))
    merged = [list(spans[0])]
    for lo, hi in spans[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    gaps = [(merged[i + 1][0] - merged[i][1], merged[i][1], merged[i + 1][0])
            for i in range(len(merged) - 1)]  # fmt: skip
    gaps.append((merged[0][0] + 360.0 - merged[-1][1], merged[-1][1], merged[0][0] + 360.0))
    _width, start, end = max(gaps)
    return float(((end + start + 360.0) / 2.0 + 180.0) % 360.0 - 180.0)


Window = tuple[float, float, float, float]


@dataclass(frozen=True)
class AlliedScope:
    """What a coverage covers: ``codes``, clipped to ``window`` (lon/lat degrees) when one is
    given, except the ``whole`` codes, kept entire."""

    codes: tuple[str, ...]
    window: Window | None = None
    whole: tuple[str, ...] = ()


def territory_scope(reg: Registry, on: date, countries: Sequence[str] | None) -> AlliedScope:
    """The territory to cover: the named ``countries`` as they are, or all the Allies of
    ``on``: the European Allies and Turkey within :data:`EUROPE_WINDOW` (their territory
    in Europe and the North Atlantic, not their overseas lands elsewhere), the United States
    (Alaska and Hawaii included) and Canada whole."""
    if countries:
        return AlliedScope(tuple(countries))
    codes = allied_territory(reg, on, europe_only=False)
    return AlliedScope(codes, EUROPE_WINDOW, north_american_allies(codes))


def territory_for(
    reg: Registry, on: date, countries: Sequence[str] | None, resolution_km: float
) -> Grid:
    """The aim-point grid of :func:`territory_scope` at ``resolution_km``."""
    scope = territory_scope(reg, on, countries)
    return territory_grid(scope.codes, resolution_km, scope.window, scope.whole)


@dataclass(frozen=True, eq=False)
class ThreatField:
    """The threat's trajectories to every grid point, solved and sampled once.

    ``point`` (T,) is the grid point of each reachable trajectory, ``threatened`` (N,)
    whether any trajectory reaches each point, ``chunks`` the sampled trajectories in
    kernel arrays, ``considered`` the number of trajectories solved (reachable or not).
    """

    grid: Grid
    threat: str
    rotating: bool
    point: np.ndarray[Any, Any]
    threatened: np.ndarray[Any, Any]
    chunks: tuple[k.Samples, ...]
    considered: int
    xp: Any
    #: Per chunk, the threat's cross-sections and velocities (engagement doctrine).
    signatures: tuple[Signature, ...] = ()


#: Trajectories longer on the ground than this many times their class's maximum range are
#: out of reach whatever the Earth's rotation adds (a few hundred km at most): they are not
#: solved, which spares most of North America the Shahab-3 and IRBM arcs.
REACH_MARGIN = 1.5


def _ground_range(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Great-circle distance (m) between unit vectors ``a`` and ``b`` (rows)."""
    cross = np.linalg.norm(np.cross(a, b), axis=1)
    return np.asarray(R * np.arctan2(cross, np.einsum("ij,ij->i", a, b)))


#: ``progress(done, total)``: called by long computations as they go.
Progress = Callable[[int, int], None]


def threat_field(
    cat: Catalogue, threat_id: str, grid: Grid, rotating: bool = False, xp: Any = np,
    chunk: int = _CHUNK, progress: Progress | None = None, threads: int | None = None,
) -> ThreatField:  # fmt: skip
    """Solve and sample every trajectory of ``threat_id`` to every point of ``grid``;
    ``progress(done, total)`` counts the reachable trajectories sampled; ``threads``: how
    many chunks run at once with NumPy (None: one per core, see :func:`kernel_threads`)."""
    combos = []
    for threat in cat.threat_components(threat_id):
        for cid in threat.classes:
            cls = cat.missile_class(cid)
            for sid in threat.launch_sites:
                for site in cat.launch_points(sid):
                    for loft in threat.loft_deg:
                        combos.append((site, cls, loft))
    n = grid.size
    lat_l = np.radians([s.lat for s, _c, _l in combos])
    lon_l = np.radians([s.lon for s, _c, _l in combos])
    launch = np.repeat(k.unit_vectors(np, lat_l, lon_l)[None, :, :], n, axis=0).reshape(-1, 3)
    target = np.repeat(k.unit_vectors(np, np.radians(grid.lat), np.radians(grid.lon))[:, None, :],
                       len(combos), axis=1).reshape(-1, 3)  # fmt: skip

    reach = np.tile(np.asarray([c.max_range_km.value for _s, c, _l in combos]) * 1000.0, n)
    near = np.flatnonzero(_ground_range(launch, target) <= REACH_MARGIN * reach)

    def per_combo(values: list[float]) -> np.ndarray[Any, Any]:
        return np.tile(np.asarray(values, dtype=np.float64), n)[near]

    batch = k.ThreatBatch(
        launch=xp.asarray(launch[near]),
        target=xp.asarray(target[near]),
        burn_time=xp.asarray(per_combo([c.burn_time_s.value for _s, c, _l in combos])),
        burnout_altitude=xp.asarray(per_combo([c.burnout_altitude_km.value * 1000.0 for _s, c, _l in combos])),
        boost_angle=xp.asarray(per_combo([c.boost_downrange_km.value * 1000.0 / R for _s, c, _l in combos])),
        max_speed=xp.asarray(per_combo([class_max_speed(c) for _s, c, _l in combos])),
        loft=xp.asarray(per_combo([math.radians(lo) for _s, _c, lo in combos])),
        scale_boost=True,
    )  # fmt: skip
    arcs = k.solve_arcs(xp, batch, rotating)
    hit = to_numpy(arcs.reachable)
    flat = np.zeros(n * len(combos), dtype=bool)
    flat[near] = hit
    reachable = flat.reshape(n, len(combos))
    index = np.flatnonzero(reachable.ravel())
    point = index // max(len(combos), 1)
    local = np.flatnonzero(hit)  # the same trajectories, as rows of ``arcs``
    chunks, signatures = [], []
    booster, warhead = class_rcs([c for _s, c, _l in combos])

    def sample(start: int) -> tuple[k.Samples, Signature]:
        take = xp.asarray(local[start : start + chunk])
        part = k.Arcs(
            *(xp.take(getattr(arcs, f), take, axis=0) for f in k.Arcs.__dataclass_fields__)
        )
        combo = index[start : start + chunk] % len(combos)
        return k.sample_arcs(xp, part, rotating), signature(
            xp, part, rotating, (booster[combo], warhead[combo])
        )

    starts = range(0, index.size, chunk)
    for start, (sampled, sig) in zip(starts, _map_chunks(sample, starts, xp, threads), strict=True):
        if progress is not None:
            progress(start, int(index.size))
        chunks.append(sampled)
        signatures.append(sig)
    if progress is not None:
        progress(int(index.size), int(index.size))
    return ThreatField(grid, threat_id, rotating, point, np.asarray(reachable.any(axis=1)), tuple(chunks),
                       n * len(combos), xp, tuple(signatures))  # fmt: skip


@dataclass(frozen=True)
class CountryCoverage:
    """Shares of a country's area (0–1): covered, uncovered (of which sensor-limited) and
    not threatened; ``area_km2`` is the area the grid stands for."""

    code: str
    area_km2: float
    covered: float
    uncovered: float
    uncovered_sensor_limited: float
    not_threatened: float
    #: Uncovered shares by binding constraint (``kinematics``, ``sensor`` …; see
    #: :data:`~bucarest.missile_defence.domain.doctrine.REASONS`), largest first.
    uncovered_by: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, eq=False)
class CoverageResult:
    """Coverage of a grid: ``status`` (N,) per point (:data:`COVERED` …), per-country and
    overall shares."""

    architecture: str
    threat: str
    rotating: bool
    shots: int
    grid: Grid
    status: np.ndarray[Any, Any]
    countries: tuple[CountryCoverage, ...]
    total: CountryCoverage
    trajectories: int
    #: Sites and radars of the architecture not in service on the day asked for (left out).
    not_deployed: tuple[str, ...] = ()
    #: The binding constraint (N,) of each uncovered point (a code of
    #: :data:`~bucarest.missile_defence.domain.doctrine.REASONS`; 0 elsewhere).
    reason: np.ndarray[Any, Any] | None = None


def _shares(code: str, area: np.ndarray[Any, Any], status: np.ndarray[Any, Any],
            reason: np.ndarray[Any, Any] | None = None) -> CountryCoverage:  # fmt: skip
    total = float(area.sum())

    def share(*codes: int) -> float:
        return round(float(area[np.isin(status, codes)].sum()) / total, 6) if total else 0.0

    by: list[tuple[str, float]] = []
    if reason is not None and total:
        missed = np.isin(status, (UNCOVERED, UNCOVERED_SENSOR))
        for value in sorted({int(r) for r in reason[missed]}):
            part = round(float(area[missed & (reason == value)].sum()) / total, 6)
            by.append((REASONS[value], part))
        by.sort(key=lambda item: (-item[1], item[0]))
    return CountryCoverage(code, round(total, 1), share(COVERED), share(UNCOVERED, UNCOVERED_SENSOR),
                           share(UNCOVERED_SENSOR), share(NOT_THREATENED), tuple(by))  # fmt: skip


def evaluate(
    field: ThreatField, cat: Catalogue, arch: Architecture, shots: int = 1,
    assessment_s: float = 60.0, progress: Progress | None = None, threads: int | None = None,
) -> CoverageResult:  # fmt: skip
    """Coverage of ``field``'s grid by ``arch`` (``shots`` = 2 demands shoot-look-shoot);
    ``progress(done, total)`` is called after each chunk of trajectories; ``threads`` as
    for :func:`threat_field`."""
    if shots not in (1, 2, 3):
        raise InvalidInputError(
            N_("{shots} shots is not allowed; expected 1, 2 or 3"), shots=str(shots)
        )
    xp = field.xp
    radars = list(arch.radars)
    sensors = sensor_batch(xp, cat, radars)
    sites = site_batch(xp, cat, arch, radars)
    doc = doctrine_batch(xp, cat, arch, radars)
    engaged, ideal, reasons = [], [], []

    def rule(pair: tuple[k.Samples, Signature]) -> tuple[Any, Any, Any]:
        s, sig = pair
        ruled = doctrine_engage(xp, s, sig, sensors, sites, doc)
        hit = to_numpy(ruled.engaged)
        if shots > 1:
            det = k.detection_times(xp, s, sensors)
            committed = replace(sites, delay=sites.delay + doc.commit)
            res = k.engage(
                xp, s, det, sensors, committed, shots=shots, assessment_time=assessment_s
            )
            hit = hit & to_numpy(res.shots >= shots)
        why = to_numpy(ruled.reason).astype(np.int8)
        # A miss only for want of shoot-look-shoot opportunities is a timeline limit.
        return hit, to_numpy(ruled.engaged_ideal), np.where(~hit & (why == 0), np.int8(4), why)

    pairs = list(zip(field.chunks, field.signatures, strict=True))
    for done, (hit, hit_ideal, why) in enumerate(_map_chunks(rule, pairs, xp, threads), start=1):
        if progress is not None:
            progress(done - 1, len(field.chunks))
        engaged.append(hit)
        ideal.append(hit_ideal)
        reasons.append(why)
    n = field.grid.size
    hit_all = np.concatenate(engaged) if engaged else np.zeros(0, dtype=bool)
    hit_ideal = np.concatenate(ideal) if ideal else np.zeros(0, dtype=bool)
    why_all = np.concatenate(reasons) if reasons else np.zeros(0, dtype=np.int8)
    missed = np.bincount(field.point, weights=~hit_all, minlength=n) > 0
    missed_ideal = np.bincount(field.point, weights=~(hit_all | hit_ideal), minlength=n) > 0
    status = np.full(n, NOT_THREATENED, dtype=np.int8)
    status[field.threatened] = COVERED
    status[field.threatened & missed] = UNCOVERED_SENSOR
    status[field.threatened & missed_ideal] = UNCOVERED
    # Each uncovered point's binding constraint: the most fundamental over its missed
    # trajectories (the ideal-sensor chain first, in the order of REASONS).
    reason = np.full(n, 127, dtype=np.int8)
    miss = ~hit_all
    np.minimum.at(reason, field.point[miss], why_all[miss])
    reason[(reason == 127) | ~np.isin(status, (UNCOVERED, UNCOVERED_SENSOR))] = 0
    grid = field.grid
    countries = tuple(_shares(c, grid.area_km2[grid.country == c], status[grid.country == c],
                              reason[grid.country == c])
                      for c in sorted(grid.codes))  # fmt: skip
    return CoverageResult(arch.id, field.threat, field.rotating, shots, grid, status, countries,
                          _shares("ALL", grid.area_km2, status, reason), int(field.point.size),
                          reason=reason)  # fmt: skip


def coverage(
    cat: Catalogue, arch: Architecture, threat_id: str, grid: Grid, rotating: bool = False,
    shots: int = 1, xp: Any = np,
) -> CoverageResult:  # fmt: skip
    """:func:`threat_field` then :func:`evaluate`, for one architecture."""
    cat.threat(threat_id)
    return evaluate(threat_field(cat, threat_id, grid, rotating, xp), cat, arch, shots)


def coverage_geojson(
    result: CoverageResult, statuses: Sequence[str] = ("uncovered",)
) -> dict[str, Any]:
    """Polygons (lon/lat GeoJSON FeatureCollection) of the grid cells of each status per
    country, cut to the country's outline. Properties: ``code``, ``status`` (covered,
    uncovered, not-threatened), ``limited_by`` (sensor or kinematics, for uncovered: whether
    an ideal sensor would close it) and ``constraint`` (the binding constraint, see
    :data:`~bucarest.missile_defence.domain.doctrine.REASONS`; one feature per constraint)."""
    grid = result.grid
    half = grid.resolution_km * 500.0
    features = []
    layers = [(COVERED, "covered", None), (UNCOVERED, "uncovered", "kinematics"),
              (UNCOVERED_SENSOR, "uncovered", "sensor"),
              (NOT_THREATENED, "not-threatened", None)]  # fmt: skip
    reason = result.reason if result.reason is not None else np.zeros(grid.size, dtype=np.int8)
    for code in sorted(grid.codes):
        mine = grid.country == code
        for value, name, limit in layers:
            if name not in statuses:
                continue
            status_pick = mine & (result.status == value)
            whys = sorted({int(r) for r in reason[status_pick]}) if limit else [None]
            for why in whys:
                pick = status_pick if why is None else status_pick & (reason == why)
                feature = _cells_feature(grid, code, pick, mine, half, name, limit, why)
                if feature is not None:
                    features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def _cells_feature(grid: Grid, code: str, pick: np.ndarray[Any, Any], mine: np.ndarray[Any, Any],
                   half: float, name: str, limit: str | None,
                   why: int | None) -> dict[str, Any] | None:  # fmt: skip
    """The polygon feature of the cells ``pick`` in ``code``'s outline (None when empty)."""
    if not pick.any():
        return None
    if int(pick.sum()) == 1 and int(mine.sum()) == 1:
        shape = grid.shapes[code]
    else:
        cells = shapely.box(grid.x[pick] - half, grid.y[pick] - half,
                            grid.x[pick] + half, grid.y[pick] + half)  # fmt: skip
        shape = shapely.coverage_union_all(cells).intersection(grid.shapes[code])
    if shape.is_empty:
        return None
    # Back in lon/lat, far from the projection's centre (the Canadian Arctic), a ring may
    # touch itself: make it valid before rounding.
    shape = shapely.make_valid(grid.to_lon_lat(shape.simplify(half / 5.0)))
    props: dict[str, Any] = {"code": code, "status": name}
    if limit:
        props["limited_by"] = limit
    if why:
        props["constraint"] = REASONS[why]
    return {"type": "Feature", "properties": props,
            "geometry": mapping(shapely.set_precision(shape, 1e-4))}  # fmt: skip

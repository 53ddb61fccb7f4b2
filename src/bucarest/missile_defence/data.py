"""Reading threat and architecture files (YAML) into a validated :class:`Catalogue`.

Shipped data lives in ``bucarest/data/missile_defence`` (``threats.yaml``,
``architectures.yaml``); a user's architecture file and a user's threat file in the same
schemas are merged on top with :func:`load_catalogue_files`. Launch areas (closed lon/lat
rings) are sampled into launch points here, once, by
:func:`bucarest.missile_defence.domain.launch_areas.sample_ring`. Every number must carry a ``source`` (the shipped
data also a ``source_fr``, the same in French; a user's file may omit it); every place
(launch site, radar, interceptor site), threat and architecture carries ``sources`` (a list of
``{title, issuer, date, url}``) and a ``confidence`` (official, secondary, estimate), as
:class:`bucarest.core.provenance.ProvenanceRow` reads them. Text users see (names,
descriptions, sources) must hold no working note (:func:`bucarest.core.provenance.working_note_in`):
curation notes belong in the file's comments.

Example::

    >>> cat = load_catalogue()
    >>> sorted(cat.threats)[:2]
    ['iran-2008', 'iran-icbm']
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bucarest.core.datafiles import read_yaml
from bucarest.core.errors import DataFileError
from bucarest.core.provenance import ProvenanceRow, working_note_in
from bucarest.missile_defence.domain.effectiveness import DefendedAsset
from bucarest.missile_defence.domain.launch_areas import check_ring, sample_ring
from bucarest.missile_defence.domain.model import (
    Architecture,
    Bundle,
    Catalogue,
    DefendedPoint,
    InterceptorSite,
    InterceptorType,
    LaunchArea,
    LaunchSite,
    Link,
    MissileClass,
    Parameter,
    Radar,
    Text,
    Threat,
    parameter_paths,
)
from bucarest.missile_defence.domain.trajectory import MU, R

__all__ = [
    "default_sspk",
    "load_asset_file",
    "load_catalogue",
    "load_catalogue_file",
    "load_catalogue_files",
    "load_defended_assets",
    "load_points",
    "md_dir",
    "points_from_rows",
    "shipped_points",
]

_ID = r"^[a-z0-9][a-z0-9-]*$"


def md_dir() -> Traversable:
    """Folder of the shipped missile-defence data."""
    return resources.files("bucarest") / "data" / "missile_defence"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_working_note(value: str) -> str:
    note = working_note_in(value)
    if note is not None:
        raise ValueError(f"contains the working note {note!r}; keep curation notes in comments")
    return value


class _Text(_Strict):
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    @field_validator("en", "fr")
    @classmethod
    def _shown(cls, value: str) -> str:
        return _no_working_note(value)


class _Param(_Strict):
    value: float
    source: str = Field(min_length=3)
    source_fr: str | None = Field(default=None, min_length=3)
    low: float | None = None
    high: float | None = None
    estimate: bool = False

    @field_validator("source", "source_fr")
    @classmethod
    def _shown(cls, value: str | None) -> str | None:
        return None if value is None else _no_working_note(value)


class _Sourced(_Strict, ProvenanceRow):
    """A row users see with its provenance: ``sources`` and ``confidence`` are required."""


class _Place(_Sourced):
    id: str = Field(pattern=_ID)
    name: _Text
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)


class _LaunchSite(_Place):
    country: str = Field(pattern=r"^[A-Z]{3}$")


class _LaunchArea(_Sourced):
    id: str = Field(pattern=_ID)
    name: _Text
    country: str = Field(pattern=r"^[A-Z]{3}$")
    polygon: tuple[tuple[float, float], ...]
    spacing_km: float = Field(ge=5.0, le=1000.0)

    @field_validator("polygon")
    @classmethod
    def _closed(cls, ring: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        problem = check_ring(ring)
        if problem is not None:
            raise ValueError(problem)
        return ring


class _Class(_Strict):
    id: str = Field(pattern=_ID)
    name: _Text
    max_range_km: _Param
    burn_time_s: _Param
    burnout_altitude_km: _Param
    boost_downrange_km: _Param
    rcs_booster_m2: _Param | None = None
    rcs_warhead_m2: _Param | None = None


class _Threat(_Sourced):
    id: str = Field(pattern=_ID)
    name: _Text
    description: _Text
    classes: tuple[str, ...] = ()
    launch_sites: tuple[str, ...] = ()
    loft_deg: tuple[float, ...] = (0.0,)
    union: tuple[str, ...] = ()


class _InterceptorType(_Strict):
    id: str = Field(pattern=_ID)
    name: _Text
    flyout: Literal["kepler", "burn-coast"]
    burnout_speed_km_s: _Param
    burn_time_s: _Param
    min_altitude_km: _Param
    max_altitude_km: _Param
    max_range_km: _Param
    launch_delay_s: _Param
    commit_time_s: _Param | None = None
    min_battle_space_s: _Param | None = None
    seeker_range_km: _Param | None = None
    divert_km_s: _Param | None = None
    max_closing_km_s: _Param | None = None
    max_crossing_deg: _Param | None = None


class _Dated(_Strict):
    """``from``/``until``: the first day in service and the first day out of service."""

    from_: date | None = Field(default=None, alias="from")
    until: date | None = None


class _Radar(_Place, _Dated):
    range_km: _Param
    min_elevation_deg: _Param
    track_time_s: _Param
    azimuth_deg: _Param | None = None
    sector_deg: _Param | None = None
    reference_rcs_m2: _Param | None = None
    track_error_km: _Param | None = None
    track_drift_m_s: _Param | None = None
    fire_control: bool = True
    needs_cue: bool = False


class _Link(_Strict):
    """One radar-to-site link: may the site launch on the radar's track, and engage with it."""

    site: str
    launch: bool = True
    engage: bool = True


class _Count(_Param):
    """An interceptor count in place from a date."""

    from_: date = Field(alias="from")


class _Site(_Place, _Dated):
    type: str
    interceptors: _Param
    inventory: tuple[_Count, ...] = ()


class _Candidates(_Strict):
    sites: tuple[str, ...] = ()
    radars: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()


class _Bundle(_Strict):
    """Elements added together (a battery with its radar); ``cost_musd`` only where sourced."""

    id: str = Field(pattern=_ID)
    name: _Text
    sites: tuple[str, ...] = ()
    radars: tuple[str, ...] = ()
    links: dict[str, tuple[str | _Link, ...]] = Field(default_factory=dict)
    cues: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    cost_musd: _Param | None = None


class _Architecture(_Sourced):
    id: str = Field(pattern=_ID)
    name: _Text
    description: _Text
    sites: tuple[str, ...] = ()
    radars: tuple[str, ...] = ()
    links: dict[str, tuple[str | _Link, ...]] = Field(default_factory=dict)
    cues: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    candidates: _Candidates = _Candidates()


class _ThreatFile(_Strict):
    launch_sites: list[_LaunchSite] = Field(default_factory=list)
    launch_areas: list[_LaunchArea] = Field(default_factory=list)
    missile_classes: list[_Class] = Field(default_factory=list)
    threats: list[_Threat] = Field(default_factory=list)


class _ArchitectureFile(_Strict):
    interceptor_types: list[_InterceptorType] = Field(default_factory=list)
    radars: list[_Radar] = Field(default_factory=list)
    interceptor_sites: list[_Site] = Field(default_factory=list)
    architectures: list[_Architecture] = Field(default_factory=list)
    bundles: list[_Bundle] = Field(default_factory=list)


def _text(t: _Text) -> Text:
    return Text(t.en, t.fr)


def _launch_area(a: _LaunchArea) -> LaunchArea:
    provenance = a.to_domain()
    points = tuple(
        LaunchSite(f"{a.id}-{n}", Text(f"{a.name.en} ({n})", f"{a.name.fr} ({n})"), a.country,
                   lat, lon, provenance)
        for n, (lat, lon) in enumerate(sample_ring(a.polygon, a.spacing_km), start=1)
    )  # fmt: skip
    return LaunchArea(a.id, _text(a.name), a.country, a.polygon, a.spacing_km, provenance, points)


def _param(p: _Param) -> Parameter:
    return Parameter(p.value, p.source, p.low, p.high, p.estimate, p.source_fr)


def _opt(p: _Param | None) -> Parameter | None:
    return None if p is None else _param(p)


def _links(a: _Architecture | _Bundle) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r, tuple(x if isinstance(x, str) else x.site for x in v))
                 for r, v in a.links.items())  # fmt: skip


def _link_rules(a: _Architecture | _Bundle) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    return tuple((r, tuple(Link(x) if isinstance(x, str) else Link(x.site, x.launch, x.engage)
                           for x in v)) for r, v in a.links.items())  # fmt: skip


def _validation_reason(exc: ValidationError, raw: Any = None) -> str:
    """The first problem, its place named by row id where the row has one
    (``launch_sites.semnan.sources`` rather than ``launch_sites.3.sources``)."""
    first = exc.errors()[0]
    parts: list[str] = []
    node = raw
    for key in first["loc"]:
        child = None
        if isinstance(node, dict):
            child = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            child = node[key]
            if isinstance(child, dict) and isinstance(child.get("id"), str):
                parts.append(child["id"])
                node = child
                continue
        parts.append(str(key))
        node = child
    return f"{'.'.join(parts)}: {first['msg']}"


class _Problems:
    """Collects the first semantic problem of a file, so the error names one thing to fix."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, reason: str) -> DataFileError:
        return DataFileError(self.path, f"{where}: {reason}")

    def positive(self, where: str, p: Parameter, allow_zero: bool = False) -> None:
        ok = p.value >= 0.0 if allow_zero else p.value > 0.0
        if not math.isfinite(p.value) or not ok:
            expected = "at least 0" if allow_zero else "more than 0"
            raise self.fail(where, f"value {p.value:g} is not allowed; expected {expected}")
        if p.low is not None and p.high is not None and p.low > p.high:
            raise self.fail(where, f"low {p.low:g} is above high {p.high:g}")


def _merge(base: dict[str, Any], extra: dict[str, Any], kind: str, problems: _Problems) -> None:
    for key, value in extra.items():
        if key in base:
            raise problems.fail(kind, f"id '{key}' is defined twice")
        base[key] = value


def _check_threats(cat: Catalogue, problems: _Problems) -> None:
    for c in cat.classes.values():
        w = f"missile_classes.{c.id}"
        problems.positive(f"{w}.max_range_km", c.max_range_km)
        for name in ("burn_time_s", "burnout_altitude_km", "boost_downrange_km"):
            problems.positive(f"{w}.{name}", getattr(c, name), allow_zero=True)
        for name in ("rcs_booster_m2", "rcs_warhead_m2"):
            if getattr(c, name) is not None:
                problems.positive(f"{w}.{name}", getattr(c, name))
        if c.boost_downrange_km.value >= c.max_range_km.value / 2:
            raise problems.fail(
                f"{w}.boost_downrange_km", "expected less than half the maximum range"
            )
    for area in cat.launch_areas:
        if area in cat.launch_sites:
            raise problems.fail(
                f"launch_areas.{area}", "id is also a launch site's; expected a new id"
            )
    places = {**cat.launch_sites, **cat.launch_areas}
    for t in cat.threats.values():
        w = f"threats.{t.id}"
        if bool(t.union) == bool(t.classes or t.launch_sites):
            raise problems.fail(w, "expected either union, or classes with launch_sites")
        if not t.union and not (t.classes and t.launch_sites):
            raise problems.fail(w, "expected at least one class and one launch site")
        for field, refs, table, kind in (("classes", t.classes, cat.classes, "class"),
                                         ("launch_sites", t.launch_sites, places,
                                          "launch site or area"),
                                         ("union", t.union, cat.threats, "threat")):  # fmt: skip
            for name in refs:
                if name not in table:
                    close = difflib.get_close_matches(name, sorted(table), n=3, cutoff=0.5)
                    raise problems.fail(
                        f"{w}.{field}",
                        f"unknown {kind} '{name}'; expected one of {', '.join(close or sorted(table))}",
                    )
        for loft in t.loft_deg:
            if not -60.0 < loft < 60.0:
                raise problems.fail(
                    f"{w}.loft_deg",
                    f"loft_deg {loft:g} is not allowed; expected between -60 and 60",
                )


def _check(cat: Catalogue, problems: _Problems, threat_problems: _Problems | None = None) -> None:
    _check_threats(cat, threat_problems or problems)
    for i in cat.interceptor_types.values():
        w = f"interceptor_types.{i.id}"
        for name in ("burnout_speed_km_s", "max_range_km", "max_altitude_km"):
            problems.positive(f"{w}.{name}", getattr(i, name))
        for name in ("burn_time_s", "min_altitude_km", "launch_delay_s"):
            problems.positive(f"{w}.{name}", getattr(i, name), allow_zero=True)
        for name in ("commit_time_s", "min_battle_space_s"):
            if getattr(i, name) is not None:
                problems.positive(f"{w}.{name}", getattr(i, name), allow_zero=True)
        for name in ("seeker_range_km", "divert_km_s", "max_closing_km_s", "max_crossing_deg"):
            if getattr(i, name) is not None:
                problems.positive(f"{w}.{name}", getattr(i, name))
        if i.min_altitude_km.value >= i.max_altitude_km.value:
            raise problems.fail(w, "expected min_altitude_km below max_altitude_km")
        escape = math.sqrt(2.0 * MU / R) / 1000.0
        if i.burnout_speed_km_s.value >= escape:
            raise problems.fail(
                f"{w}.burnout_speed_km_s", f"expected less than escape speed {escape:.1f}"
            )
    for r in cat.radars.values():
        w = f"radars.{r.id}"
        problems.positive(f"{w}.range_km", r.range_km)
        problems.positive(f"{w}.track_time_s", r.track_time_s, allow_zero=True)
        if not -5.0 <= r.min_elevation_deg.value < 90.0:
            raise problems.fail(f"{w}.min_elevation_deg", "expected between -5 and 90 degrees")
        if (r.azimuth_deg is None) != (r.sector_deg is None):
            raise problems.fail(w, "expected azimuth_deg and sector_deg together")
        if r.sector_deg is not None and not 0.0 < r.sector_deg.value <= 360.0:
            raise problems.fail(f"{w}.sector_deg", "expected more than 0 and at most 360 degrees")
        if r.reference_rcs_m2 is not None:
            problems.positive(f"{w}.reference_rcs_m2", r.reference_rcs_m2)
        for name in ("track_error_km", "track_drift_m_s"):
            if getattr(r, name) is not None:
                problems.positive(f"{w}.{name}", getattr(r, name), allow_zero=True)
    for r in cat.radars.values():
        _check_dates(problems, f"radars.{r.id}", r.from_date, r.until)
    for s in cat.sites.values():
        if s.type not in cat.interceptor_types:
            raise problems.fail(f"interceptor_sites.{s.id}", f"unknown interceptor type '{s.type}'")
        problems.positive(f"interceptor_sites.{s.id}.interceptors", s.interceptors)
        _check_dates(problems, f"interceptor_sites.{s.id}", s.from_date, s.until)
        previous: date | None = None
        for since, count in s.inventory:
            w = f"interceptor_sites.{s.id}.inventory.{since.isoformat()}"
            problems.positive(w, count, allow_zero=True)
            if previous is not None and since <= previous:
                raise problems.fail(
                    w, f"expected dates in ascending order, after {previous.isoformat()}"
                )
            if (s.from_date is not None and since < s.from_date) or (
                s.until is not None and since >= s.until
            ):
                raise problems.fail(w, "expected a date within the site's from and until")
            previous = since
    for a in cat.architectures.values():
        w = f"architectures.{a.id}"
        for ref in (*a.sites, *a.candidate_sites):
            if ref not in cat.sites:
                raise problems.fail(w, f"unknown interceptor site '{ref}'")
        for ref in (*a.radars, *a.candidate_radars):
            if ref not in cat.radars:
                raise problems.fail(w, f"unknown radar '{ref}'")
        for radar, sites in a.links:
            if radar not in a.radars and radar not in a.candidate_radars:
                raise problems.fail(
                    w, f"links name radar '{radar}', which is not in the architecture"
                )
            for ref in sites:
                if ref not in a.sites and ref not in a.candidate_sites:
                    raise problems.fail(
                        w, f"links name site '{ref}', which is not in the architecture"
                    )
        for cuer, cued in a.radar_cues:
            for ref in (cuer, *cued):
                if ref not in a.radars and ref not in a.candidate_radars:
                    raise problems.fail(
                        w, f"cues name radar '{ref}', which is not in the architecture"
                    )


def _check_dates(problems: _Problems, where: str, start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end <= start:
        raise problems.fail(
            f"{where}.until",
            f"{end.isoformat()} is not after from {start.isoformat()}; expected until after from",
        )


def _check_bundles(cat: Catalogue, problems: _Problems) -> None:
    """Bundles name known sites and radars, link only their own, and cost more than 0."""
    for b in cat.bundles.values():
        w = f"bundles.{b.id}"
        if not (b.sites or b.radars):
            raise problems.fail(w, "expected at least one site or radar")
        for ref in b.sites:
            if ref not in cat.sites:
                raise problems.fail(f"{w}.sites", f"unknown interceptor site '{ref}'")
        for ref in b.radars:
            if ref not in cat.radars:
                raise problems.fail(f"{w}.radars", f"unknown radar '{ref}'")
        for radar, sites in b.links:
            if radar not in b.radars:
                raise problems.fail(f"{w}.links", f"radar '{radar}' is not in the bundle")
            for ref in sites:
                if ref not in b.sites:
                    raise problems.fail(f"{w}.links", f"site '{ref}' is not in the bundle")
        if b.cost_musd is not None:
            problems.positive(f"{w}.cost_musd", b.cost_musd)
    for a in cat.architectures.values():
        for ref in a.candidate_bundles:
            if ref not in cat.bundles:
                raise problems.fail(
                    f"architectures.{a.id}.candidates.bundles", f"unknown bundle '{ref}'"
                )


def _read(source: Traversable | Path, name: str, model: type[_Strict]) -> Any:
    raw = read_yaml(source, name)
    path = str(source / name)
    if not isinstance(raw, dict):
        raise DataFileError(path, "expected a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(path, _validation_reason(exc, raw)) from None


def _tables(threats: _ThreatFile, archs: _ArchitectureFile) -> dict[str, dict[str, Any]]:
    return {
        "launch_sites": {s.id: LaunchSite(s.id, _text(s.name), s.country, s.lat, s.lon,
                                          s.to_domain()) for s in threats.launch_sites},
        "launch_areas": {a.id: _launch_area(a) for a in threats.launch_areas},
        "classes": {c.id: MissileClass(c.id, _text(c.name), _param(c.max_range_km),
                                       _param(c.burn_time_s), _param(c.burnout_altitude_km),
                                       _param(c.boost_downrange_km),
                                       _opt(c.rcs_booster_m2), _opt(c.rcs_warhead_m2))
                    for c in threats.missile_classes},
        "threats": {t.id: Threat(t.id, _text(t.name), _text(t.description), t.classes,
                                 t.launch_sites, t.loft_deg, t.union, t.to_domain())
                    for t in threats.threats},
        "interceptor_types": {i.id: InterceptorType(
            i.id, _text(i.name), i.flyout, _param(i.burnout_speed_km_s), _param(i.burn_time_s),
            _param(i.min_altitude_km), _param(i.max_altitude_km), _param(i.max_range_km),
            _param(i.launch_delay_s), _opt(i.commit_time_s), _opt(i.min_battle_space_s),
            _opt(i.seeker_range_km), _opt(i.divert_km_s), _opt(i.max_closing_km_s),
            _opt(i.max_crossing_deg)) for i in archs.interceptor_types},
        "radars": {r.id: Radar(r.id, _text(r.name), r.lat, r.lon, r.to_domain(),
                               _param(r.range_km), _param(r.min_elevation_deg),
                               _param(r.track_time_s),
                               _param(r.azimuth_deg) if r.azimuth_deg else None,
                               _param(r.sector_deg) if r.sector_deg else None,
                               from_date=r.from_, until=r.until,
                               reference_rcs_m2=_opt(r.reference_rcs_m2),
                               track_error_km=_opt(r.track_error_km),
                               track_drift_m_s=_opt(r.track_drift_m_s),
                               fire_control=r.fire_control, needs_cue=r.needs_cue)
                   for r in archs.radars},
        "sites": {s.id: InterceptorSite(s.id, _text(s.name), s.lat, s.lon, s.to_domain(),
                                        s.type, _param(s.interceptors), s.from_, s.until,
                                        tuple((c.from_, _param(c)) for c in s.inventory))
                  for s in archs.interceptor_sites},
        "architectures": {a.id: Architecture(
            a.id, _text(a.name), _text(a.description), a.to_domain(), a.sites, a.radars,
            _links(a), a.candidates.sites, a.candidates.radars, _link_rules(a),
            tuple((k, v) for k, v in a.cues.items()),
            candidate_bundles=a.candidates.bundles) for a in archs.architectures},
        "bundles": {b.id: Bundle(b.id, _text(b.name), b.sites, b.radars, _links(b),
                                 _param(b.cost_musd) if b.cost_musd else None,
                                 link_rules=_link_rules(b),
                                 radar_cues=tuple((k, v) for k, v in b.cues.items()))
                    for b in archs.bundles},
    }  # fmt: skip


def _unique(items: list[Any], kind: str, problems: _Problems) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise problems.fail(kind, f"id '{item.id}' is defined twice")
        seen.add(item.id)


def _build(threats: _ThreatFile, archs: _ArchitectureFile, extra: _ArchitectureFile | None,
           path: str, extra_threats: _ThreatFile | None = None,
           threats_path: str | None = None) -> Catalogue:  # fmt: skip
    problems = _Problems(path)
    threat_problems = _Problems(threats_path) if threats_path is not None else None
    for items, kind in ((threats.launch_sites, "launch_sites"),
                        (threats.launch_areas, "launch_areas"),
                        (threats.missile_classes, "missile_classes"),
                        (threats.threats, "threats"),
                        (archs.interceptor_types, "interceptor_types"),
                        (archs.radars, "radars"), (archs.interceptor_sites, "interceptor_sites"),
                        (archs.architectures, "architectures"),
                        (archs.bundles, "bundles")):  # fmt: skip
        _unique(items, kind, problems)
    tables = _tables(threats, archs)
    if extra is not None:
        more = _tables(_ThreatFile(), extra)
        for key in ("interceptor_types", "radars", "sites", "architectures", "bundles"):
            _merge(tables[key], more[key], key, problems)
    if extra_threats is not None:
        user = threat_problems or problems
        for items, kind in ((extra_threats.launch_sites, "launch_sites"),
                            (extra_threats.launch_areas, "launch_areas"),
                            (extra_threats.missile_classes, "missile_classes"),
                            (extra_threats.threats, "threats")):  # fmt: skip
            _unique(items, kind, user)
        more = _tables(extra_threats, _ArchitectureFile())
        for key, kind in (("launch_sites", "launch_sites"), ("launch_areas", "launch_areas"),
                          ("classes", "missile_classes"), ("threats", "threats")):  # fmt: skip
            _merge(tables[key], more[key], kind, user)
    cat = Catalogue(**tables)
    _check(cat, problems, threat_problems)
    _check_bundles(cat, problems)
    return cat


@functools.cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue (cached; values are frozen)."""
    src = md_dir()
    threats = _read(src, "threats.yaml", _ThreatFile)
    archs = _read(src, "architectures.yaml", _ArchitectureFile)
    cat = _build(threats, archs, None, str(src / "architectures.yaml"))
    _check_french(cat, src)
    return cat


def _check_french(cat: Catalogue, src: Traversable) -> None:
    """Every shipped parameter has its source in French too (French users read them)."""
    for path in parameter_paths(cat):
        kind, _sep, rest = path.partition(":")
        key, _dot, name = rest.rpartition(".")
        item = getattr(cat, _TABLES[kind])[key]
        if getattr(item, name).source_fr is None:
            file = "threats.yaml" if kind == "class" else "architectures.yaml"
            raise DataFileError(str(src / file), f"{key}.{name}.source_fr: Field required")
    for site in cat.sites.values():
        for since, count in site.inventory:
            if count.source_fr is None:
                raise DataFileError(
                    str(src / "architectures.yaml"),
                    f"{site.id}.inventory.{since.isoformat()}.source_fr: Field required",
                )
    for b in cat.bundles.values():
        if b.cost_musd is not None and b.cost_musd.source_fr is None:
            raise DataFileError(
                str(src / "architectures.yaml"),
                f"bundles.{b.id}.cost_musd.source_fr: Field required",
            )


#: The catalogue table of each kind of parameter path.
_TABLES = {"class": "classes", "interceptor": "interceptor_types", "radar": "radars",
           "site": "sites"}  # fmt: skip


def load_catalogue_file(path: Path) -> Catalogue:
    """The shipped catalogue with a user's architecture file merged on top.

    The file follows the schema of the shipped ``architectures.yaml`` (any of its four
    lists); its ids must be new, and it may refer to shipped sites, radars and types.
    Raises :class:`DataFileError` naming the file and the first problem.
    """
    return load_catalogue_files(architectures=path)


def load_catalogue_files(
    architectures: Path | None = None, threats: Path | None = None
) -> Catalogue:
    """The shipped catalogue with a user's architecture file and/or threat file merged on top.

    Each file follows the schema of its shipped counterpart (``architectures.yaml``;
    ``threats.yaml``: ``launch_sites``, ``launch_areas``, ``missile_classes``, ``threats``);
    its ids must be new, and it may refer to the shipped rows. Raises
    :class:`DataFileError` naming the file and the first problem (an unknown class or launch
    site is named by its field, e.g. ``threats.mine.classes``); nothing is computed then.
    """
    if architectures is None and threats is None:
        return load_catalogue()
    src = md_dir()
    shipped_threats = _read(src, "threats.yaml", _ThreatFile)
    archs = _read(src, "architectures.yaml", _ArchitectureFile)
    extra = (
        _read(architectures.parent, architectures.name, _ArchitectureFile)
        if architectures
        else None
    )
    extra_threats = _read(threats.parent, threats.name, _ThreatFile) if threats else None
    path = str(architectures) if architectures is not None else str(threats)
    return _build(shipped_threats, archs, extra, path, extra_threats,
                  str(threats) if threats is not None else None)  # fmt: skip


# --------------------------------------------------------------------------- defended assets


class _Asset(_Sourced):
    id: str = Field(pattern=_ID)
    name: _Text
    kind: Literal["capital", "port", "base"]
    country: str = Field(pattern=r"^[A-Z]{3}$")
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)


class _Effectiveness(_Strict):
    sspk: _Param


class _AssetFile(_Strict):
    effectiveness: _Effectiveness
    assets: list[_Asset] = Field(min_length=1)


class _UserAsset(_Strict):
    """A row of a user's asset file: ``name`` one string (both languages) or ``{en, fr}``."""

    id: str = Field(pattern=_ID)
    name: str | _Text
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)
    country: str = Field(default="", pattern=r"^([A-Z]{3})?$")

    @field_validator("name")
    @classmethod
    def _shown(cls, value: str | _Text) -> str | _Text:
        return _no_working_note(value) if isinstance(value, str) else value


class _UserAssetFile(_Strict):
    assets: list[_UserAsset] = Field(min_length=1)


def _assets_unique(assets: list[Any], path: str) -> None:
    seen: set[str] = set()
    for a in assets:
        if a.id in seen:
            raise DataFileError(path, f"assets.{a.id}: id is defined twice")
        seen.add(a.id)


@functools.cache
def _shipped_assets() -> tuple[Any, Any]:
    src = md_dir()
    data = _read(src, "defended_assets.yaml", _AssetFile)
    _assets_unique(data.assets, str(src / "defended_assets.yaml"))
    sspk = _param(data.effectiveness.sspk)
    if not 0.0 <= sspk.value <= 1.0 or sspk.source_fr is None:
        raise DataFileError(str(src / "defended_assets.yaml"),
                            "effectiveness.sspk: expected a value from 0 to 1 with source_fr")  # fmt: skip
    assets = tuple(DefendedAsset(a.id, _text(a.name), a.kind, a.country, a.lat, a.lon,
                                 a.to_domain()) for a in data.assets)  # fmt: skip
    return assets, sspk


def load_defended_assets() -> tuple[DefendedAsset, ...]:
    """The shipped defended assets: the 26 Allies' capitals of 2008 and major ports and bases.

    Example::

        >>> assets = load_defended_assets()
        >>> sum(a.kind == "capital" for a in assets)
        26
        >>> next(a for a in assets if a.id == "bucharest").name.fr
        'Bucarest'
    """
    return _shipped_assets()[0]  # type: ignore[no-any-return]


def default_sspk() -> Parameter:
    """The default single-shot kill probability (0–1), an estimate with its range."""
    return _shipped_assets()[1]  # type: ignore[no-any-return]


def load_asset_file(path: Path) -> tuple[DefendedAsset, ...]:
    """A user's defended assets: YAML (``assets:`` a list of ``{id, name, lat, lon}``, the name
    a string or ``{en, fr}``, ``country`` optional) or CSV with the header ``id,name,lat,lon``.

    Raises :class:`DataFileError` naming the file and the first bad field, e.g.
    ``my.csv: row 3.lat: Input should be less than or equal to 90``.
    """
    where = str(path)
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path)
        try:
            data = _UserAssetFile.model_validate({"assets": rows})
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = list(first["loc"])
            if len(loc) >= 2 and loc[0] == "assets" and isinstance(loc[1], int):
                loc = [f"row {loc[1] + 2}", *loc[2:3]]
            raise DataFileError(where, f"{'.'.join(str(x) for x in loc)}: {first['msg']}") from None
    else:
        data = _read(path.parent, path.name, _UserAssetFile)
    _assets_unique(data.assets, where)
    return tuple(DefendedAsset(a.id, Text(a.name, a.name) if isinstance(a.name, str) else _text(a.name),
                               "user", a.country, a.lat, a.lon) for a in data.assets)  # fmt: skip


def _csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in ("id", "name", "lat", "lon") if c not in header]
            if missing:
                raise DataFileError(
                    str(path),
                    f"header: expected the columns id,name,lat,lon; missing {','.join(missing)}",
                )
            rows = []
            for row in reader:
                if None in row:
                    raise DataFileError(
                        str(path), f"row {reader.line_num}: more cells than columns"
                    )
                rows.append(
                    {
                        k.strip(): (v or "").strip()
                        for k, v in row.items()
                        if k and (v or "").strip() != ""
                    }
                )
            return rows
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise DataFileError(str(path), "not UTF-8 text") from None


class _Point(_Strict):
    """A defended point of a user's list: id, name, lat, lon, and optionally weight, country."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)
    weight: float = Field(default=1.0, gt=0.0, allow_inf_nan=False)
    country: str = Field(default="", pattern=r"^([A-Z]{3})?$")


def points_from_rows(rows: list[Any], where: str) -> tuple[DefendedPoint, ...]:
    """Defended points from rows of ``{id, name, lat, lon[, weight][, country]}``; a
    :class:`DataFileError` naming ``where`` and the first bad row and field."""
    out: list[DefendedPoint] = []
    seen: set[str] = set()
    if not rows:
        raise DataFileError(where, "expected at least one point (columns id, name, lat, lon)")
    for i, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            raise DataFileError(where, f"row {i}: expected id, name, lat, lon")
        clean = {k: v for k, v in raw.items() if k is not None and v not in (None, "")}
        try:
            row = _Point.model_validate(clean)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(x) for x in first["loc"]) or "row"
            raise DataFileError(where, f"row {i}.{name}: {first['msg']}") from None
        if row.id in seen:
            raise DataFileError(where, f"row {i}.id: id '{row.id}' is defined twice")
        seen.add(row.id)
        out.append(DefendedPoint(row.id, row.name, row.lat, row.lon, row.weight, row.country))
    return tuple(out)


def load_points(path: Path) -> tuple[DefendedPoint, ...]:
    """A user's list of defended points: a CSV file with the header ``id,name,lat,lon`` (and
    optionally ``weight``, e.g. a population, and ``country``, alpha-3)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot be read ({exc.__class__.__name__})") from None
    return points_from_rows(rows, str(path))


def shipped_points() -> tuple[DefendedPoint, ...]:
    """The shipped defended assets (:func:`load_defended_assets`: the Allies' capitals of 2008,
    major ports and bases) as points of weight 1 for the option tool's point measure."""
    return tuple(DefendedPoint(a.id, a.name.en, a.lat, a.lon, 1.0, a.country)
                 for a in load_defended_assets())  # fmt: skip

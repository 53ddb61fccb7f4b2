"""Missile-defence answers as JSON-ready records in the user's language (CLI, API, web).

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> cat = load_catalogue()
    >>> rec = architecture_record(cat, cat.architecture("us-third-site-2008"), "fr")
    >>> {"id", "name", "sites", "radars", "sources", "confidence"} <= set(rec)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bucarest.core.countries import country_name, is_country_code
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Provenance
from bucarest.missile_defence.domain.coverage import CountryCoverage, CoverageResult
from bucarest.missile_defence.domain.doctrine import IDEAL_CONSTRAINTS
from bucarest.missile_defence.domain.engagement import Timeline
from bucarest.missile_defence.domain.model import Architecture, Catalogue, Parameter
from bucarest.missile_defence.domain.options import OptionPlan, SweepPoint, defended_share
from bucarest.missile_defence.labels import CONSTRAINT_LABELS, CONSTRAINT_NAMES

__all__ = [
    "architecture_record",
    "country_record",
    "coverage_record",
    "option_plan_record",
    "provenance_record",
    "sweep_record",
    "threat_record",
    "timeline_record",
]


def _param(p: Parameter, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"value": p.value, "source": p.source_in(lang)}
    if p.low is not None:
        out["low"] = p.low
    if p.high is not None:
        out["high"] = p.high
    if p.estimate:
        out["estimate"] = True
    return out


def provenance_record(p: Provenance) -> dict[str, Any]:
    """A fact's short citations and confidence, as the API gives them."""
    return {
        "sources": [
            {"title": c.title, "issuer": c.issuer, "date": c.date, "url": c.url}
            for c in p.citations
        ],
        "confidence": p.confidence.value,
    }


def _params(item: Any, lang: str) -> dict[str, Any]:
    return {name: _param(v, lang) for name, v in vars(item).items() if isinstance(v, Parameter)}


def _in_service(start: date | None, end: date | None) -> dict[str, str | None]:
    """The days a site or radar is in service (``None``: not dated, a plan)."""
    return {"in_service_from": start.isoformat() if start else None,
            "in_service_until": end.isoformat() if end else None}  # fmt: skip


def architecture_record(cat: Catalogue, arch: Architecture, lang: str) -> dict[str, Any]:
    """An architecture with its sites (and their interceptor types) and radars."""

    def site(sid: str) -> dict[str, Any]:
        s = cat.site(sid)
        t = cat.interceptor_type(s.type)
        return {"id": s.id, "name": s.name.get(lang), "lat": s.lat, "lon": s.lon,
                "type": t.id, "type_name": t.name.get(lang),
                "flyout": t.flyout, "interceptors": _param(s.interceptors, lang),
                "parameters": _params(t, lang), **provenance_record(s.provenance),
                **_in_service(s.from_date, s.until),
                "inventory": [{"since": since.isoformat(), "interceptors": _param(count, lang)}
                              for since, count in s.inventory]}  # fmt: skip

    def radar(rid: str) -> dict[str, Any]:
        r = cat.radar(rid)
        return {"id": r.id, "name": r.name.get(lang), "lat": r.lat, "lon": r.lon,
                "parameters": _params(r, lang),
                "cues": [s for s in arch.sites if arch.cues(r.id, s)],
                "launches": [s for s in arch.sites if arch.launches(r.id, s)],
                "engages": [s for s in arch.sites if arch.engages(r.id, s)],
                "cues_radars": list(arch.cued_radars(r.id)),
                "fire_control": r.fire_control, "needs_cue": r.needs_cue,
                **provenance_record(r.provenance), **_in_service(r.from_date, r.until)}  # fmt: skip

    return {
        "id": arch.id,
        "name": arch.name.get(lang),
        "description": arch.description.get(lang),
        **provenance_record(arch.provenance),
        "sites": [site(s) for s in arch.sites],
        "radars": [radar(r) for r in arch.radars],
        "candidates": {
            "sites": [site(s) for s in arch.candidate_sites],
            "radars": [radar(r) for r in arch.candidate_radars],
        },  # fmt: skip
    }


def threat_record(cat: Catalogue, threat_id: str, lang: str) -> dict[str, Any]:
    """A threat set with its classes and launch sites (a union lists its members too; a
    launch area is listed under ``launch_areas`` and its sampled points as launch sites)."""
    t = cat.threat(threat_id)
    parts = cat.threat_components(threat_id)
    class_ids = list(dict.fromkeys(c for p in parts for c in p.classes))
    place_ids = list(dict.fromkeys(s for p in parts for s in p.launch_sites))
    sites = list({x.id: x for s in place_ids for x in cat.launch_points(s)}.values())
    areas = [cat.launch_areas[s] for s in place_ids if s in cat.launch_areas]
    return {
        "id": t.id,
        "name": t.name.get(lang),
        "description": t.description.get(lang),
        **(
            provenance_record(t.provenance) if t.provenance else {"sources": [], "confidence": None}
        ),
        "union": list(t.union),
        "loft_deg": sorted({lo for p in parts for lo in p.loft_deg}),
        "classes": [
            {
                "id": c,
                "name": cat.missile_class(c).name.get(lang),
                "parameters": _params(cat.missile_class(c), lang),
            }
            for c in class_ids
        ],  # fmt: skip
        "launch_sites": [
            {
                "id": s.id,
                "name": s.name.get(lang),
                "lat": s.lat,
                "lon": s.lon,
                **provenance_record(s.provenance),
            }
            for s in sites
        ],  # fmt: skip
        "launch_areas": [
            {
                "id": a.id,
                "name": a.name.get(lang),
                "polygon": [list(p) for p in a.ring],
                "spacing_km": a.spacing_km,
                "points": [p.id for p in a.points],
                **provenance_record(a.provenance),
            }
            for a in areas
        ],  # fmt: skip
    }


def _name(code: str, lang: str, on: date | None = None) -> str:
    return country_name(code, on, lang) if is_country_code(code) else code


def country_record(c: CountryCoverage, lang: str, on: date | None = None) -> dict[str, Any]:
    """A country's shares, with its uncovered share split by binding constraint (each with
    its label in ``lang`` and whether an ideal sensor would have closed it)."""
    by = [{"constraint": key, "name": gettext(CONSTRAINT_NAMES[key], lang),
           "label": gettext(CONSTRAINT_LABELS[key], lang), "share": share,
           "ideal_sensor_closes": key not in IDEAL_CONSTRAINTS}
          for key, share in c.uncovered_by]  # fmt: skip
    return {"code": c.code, "name": _name(c.code, lang, on), "area_km2": c.area_km2,
            "covered": c.covered, "uncovered": c.uncovered,
            "uncovered_sensor_limited": c.uncovered_sensor_limited,
            "not_threatened": c.not_threatened, "uncovered_by": by}  # fmt: skip


def coverage_record(result: CoverageResult, lang: str, on: date | None) -> dict[str, Any]:
    """Per-country shares of area (0–1) and the totals."""
    total = country_record(result.total, lang, on)
    total["name"] = "—"
    return {
        "architecture": result.architecture,
        "threat": result.threat,
        "on": on.isoformat() if on else None,
        "resolution_km": result.grid.resolution_km,
        "rotating_earth": result.rotating,
        "shots": result.shots,
        "points": result.grid.size,
        "trajectories": result.trajectories,
        "defended_share": defended_share(result),
        "total": total,
        "countries": [country_record(c, lang, on) for c in result.countries],
    } | ({"not_deployed": list(result.not_deployed)} if result.not_deployed else {})


def timeline_record(tl: Timeline) -> dict[str, Any]:
    """A trajectory and its engagement timeline (km, s, km/s, degrees)."""
    return {
        "launch": {"lat": tl.launch[0], "lon": tl.launch[1]},
        "target": {"lat": tl.target[0], "lon": tl.target[1]},
        "missile": tl.missile,
        "rotating_earth": tl.rotating,
        "range_km": tl.range_km,
        "apogee_km": tl.apogee_km,
        "flight_time_s": tl.flight_time_s,
        "burnout_speed_km_s": tl.burnout_speed_km_s,
        "burnout_angle_deg": tl.burnout_angle_deg,
        "engaged": tl.engaged,
        "limited_by": tl.limited_by,
        "ideal_limited_by": tl.ideal_limited_by,
        "shots": tl.shots,
        "events": [vars(e) for e in tl.events],
        "opportunities": [vars(o) for o in tl.opportunities],
        "path": [{"lat": a, "lon": b, "altitude_km": h, "time_s": t} for a, b, h, t in tl.path],
    }


def option_plan_record(plan: OptionPlan) -> dict[str, Any]:
    """Ranking, greedy choice and upper bound (shares of the threatened area)."""
    return {
        "architecture": plan.base.architecture,
        "threat": plan.base.threat,
        "base_defended_share": defended_share(plan.base),
        "target_share": plan.target_share,
        "reached": plan.reached,
        "upper_bound": plan.upper_bound,
        "ranking": [vars(a) for a in plan.ranking],
        "chosen": [
            {"kind": a.kind, "id": a.id, "defended_share": s}
            for a, s in zip(plan.chosen, plan.steps, strict=True)
        ],  # fmt: skip
    }


def sweep_record(path: str, points: Sequence[SweepPoint]) -> dict[str, Any]:
    return {"parameter": path, "points": [vars(p) for p in points]}

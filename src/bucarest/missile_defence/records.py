"""Missile-defence answers as JSON-ready records in the user's language (CLI, API, web).

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> cat = load_catalogue()
    >>> rec = architecture_record(cat, cat.architecture("us-third-site-2008"), "fr")
    >>> {"id", "name", "sites", "radars", "sources", "confidence"} <= set(rec)
    True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from bucarest.core.countries import country_name, is_country_code
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Provenance
from bucarest.missile_defence.domain.compare import Comparison, CountryComparison
from bucarest.missile_defence.domain.coverage import CountryCoverage, CoverageResult
from bucarest.missile_defence.domain.doctrine import IDEAL_CONSTRAINTS, REASONS
from bucarest.missile_defence.domain.engagement import Timeline
from bucarest.missile_defence.domain.model import Architecture, Catalogue, Parameter
from bucarest.missile_defence.domain.options import (
    BundlePlan,
    Outcome,
    SweepPoint,
    defended_share,
)
from bucarest.missile_defence.labels import CONSTRAINT_LABELS, CONSTRAINT_NAMES

__all__ = [
    "architecture_record",
    "bundle_record",
    "comparison_csv",
    "comparison_record",
    "country_record",
    "coverage_csv",
    "coverage_record",
    "effectiveness_csv",
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
            "bundles": list(arch.candidate_bundles),
        },  # fmt: skip
    }


def bundle_record(cat: Catalogue, bundle_id: str, lang: str) -> dict[str, Any]:
    """A bundle: its sites, radars, links and sourced cost (``None`` where none is published)."""
    b = cat.bundle(bundle_id)
    return {"id": b.id, "name": b.name.get(lang), "sites": list(b.sites),
            "radars": list(b.radars), "links": {r: list(s) for r, s in b.links},
            "cost_musd": _param(b.cost_musd, lang) if b.cost_musd else None}  # fmt: skip


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


def _outcome(o: Outcome) -> dict[str, Any]:
    return {"bundles": list(o.bundles), "cost_musd": o.cost_musd, "model": dict(o.model),
            "evaluated": dict(o.evaluated)}  # fmt: skip


def option_plan_record(
    plan: BundlePlan, lang: str = "en", sources: dict[str, str] | None = None
) -> dict[str, Any]:
    """Candidates (bundles, their sourced costs and gains alone), the greedy steps, the exact
    optima (all of them when several tie) and their shares on each measure (0–1)."""
    exact = plan.exact
    return {
        "architecture": plan.architecture,
        "threat": plan.threat,
        "measure": plan.measure,
        "measures": sorted(plan.base),
        "budget": {"kind": plan.budget_kind, "value": plan.budget},
        "target_share": plan.target_share,
        "base": dict(plan.base),
        "upper_bound": dict(plan.upper_bound),
        "candidates": [
            {"id": c.id, "name": c.name.get(lang), "sites": list(c.sites),
             "radars": list(c.radars), "cost_musd": c.cost_musd,
             "cost_source": (sources or {}).get(c.id), "gain_alone": dict(c.gain_alone)}
            for c in plan.candidates
        ],
        "excluded_without_cost": list(plan.excluded),
        "greedy": {
            "steps": [{"bundle": s.bundle, "gain": s.gain, "share": s.share,
                       "tied_with": list(s.tied_with)} for s in plan.greedy],
            "outcome": _outcome(plan.greedy_outcome),
            "evaluations": plan.evaluations,
            "lazy_evaluations": plan.lazy_evaluations,
        },
        "exact": None if exact is None else {
            "share": exact.share, "cost": exact.cost, "unique": exact.unique,
            "complete": exact.complete,
            "optima": [_outcome(o) for o in plan.exact_outcomes],
        },
        "exact_skipped_above": plan.exact_skipped,
    }  # fmt: skip


def sweep_record(path: str, points: Sequence[SweepPoint]) -> dict[str, Any]:
    return {"parameter": path, "points": [vars(p) for p in points]}


def _comparison_row(c: CountryComparison, lang: str, on: date | None) -> dict[str, Any]:
    return {"code": c.code, "name": _name(c.code, lang, on), "area_km2": c.area_km2,
            "covered_a": c.covered_a, "covered_b": c.covered_b, "difference": c.difference,
            "not_threatened": c.not_threatened}  # fmt: skip


def comparison_record(
    cmp: Comparison, cat: Catalogue, lang: str, on: date | None
) -> dict[str, Any]:
    """Two architectures side by side: per-country covered shares in A, in B, B minus A."""
    total = _comparison_row(cmp.total, lang, on)
    total["name"] = "—"
    return {
        "a": cmp.a.architecture,
        "b": cmp.b.architecture,
        "a_name": cat.architecture(cmp.a.architecture).name.get(lang),
        "b_name": cat.architecture(cmp.b.architecture).name.get(lang),
        "threat": cmp.a.threat,
        "on": on.isoformat() if on else None,
        "resolution_km": cmp.a.grid.resolution_km,
        "rotating_earth": cmp.a.rotating,
        "shots": cmp.a.shots,
        "defended_share_a": defended_share(cmp.a),
        "defended_share_b": defended_share(cmp.b),
        "total": total,
        "countries": [_comparison_row(c, lang, on) for c in cmp.countries],
    }


#: The columns of a comparison's CSV (its rows, then the total).
COMPARISON_COLUMNS = ("code", "name", "area_km2", "covered_a", "covered_b", "difference",
                      "not_threatened")  # fmt: skip


def comparison_csv(record: dict[str, Any]) -> str:
    """A comparison record's rows and total as CSV (raw shares, 0–1)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COMPARISON_COLUMNS)
    for row in [*record["countries"], record["total"]]:
        writer.writerow([row[c] for c in COMPARISON_COLUMNS])
    return buf.getvalue()


#: The binding constraints a country's uncovered share is split by, one CSV column each.
_UNCOVERED_BY = tuple(REASONS[code] for code in sorted(REASONS) if code != 0)

#: The columns of a coverage CSV (a row per country, then the total, code ``ALL``).
COVERAGE_COLUMNS = ("code", "name", "area_km2", "covered", "uncovered",
                    "uncovered_sensor_limited", "not_threatened",
                    *(f"uncovered_{c.replace('-', '_')}" for c in _UNCOVERED_BY))  # fmt: skip


def coverage_csv(record: dict[str, Any]) -> str:
    """A coverage record's countries and total as CSV (raw shares of area, 0–1; the uncovered
    share split by binding constraint, one column per constraint, 0 where none binds)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COVERAGE_COLUMNS)
    for row in [*record["countries"], record["total"]]:
        by = {b["constraint"]: b["share"] for b in row["uncovered_by"]}
        writer.writerow([row[c] for c in COVERAGE_COLUMNS[:7]]
                        + [by.get(c, 0.0) for c in _UNCOVERED_BY])  # fmt: skip
    return buf.getvalue()


#: The columns of an effectiveness CSV (a row per defended asset).
EFFECTIVENESS_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "threatened", "sites",
                         "interceptors", "looks", "p_no_leak", "p_no_leak_low",
                         "p_no_leak_high", "expected_leakers", "method", "stderr",
                         "limited_by")  # fmt: skip


def _csv_cell(value: Any) -> Any:
    """Empty for a figure that does not apply; ``true``/``false`` as JSON writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def effectiveness_csv(record: dict[str, Any]) -> str:
    """An effectiveness record's assets as CSV (probabilities 0–1, degrees; ``sites``
    separated by spaces; empty cells where a figure does not apply)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EFFECTIVENESS_COLUMNS)
    for row in record["assets"]:
        cells = {**row, "sites": " ".join(row["sites"])}
        writer.writerow([_csv_cell(cells[c]) for c in EFFECTIVENESS_COLUMNS])
    return buf.getvalue()

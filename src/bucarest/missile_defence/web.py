"""The missile-defence page: coverage of the Allied territory by a shipped architecture against a
shipped threat, on a map, by country, and one trajectory's engagement timeline.

``GET /missile-defence?architecture=ID&threat=ID&on=YYYY-MM-DD&resolution_km=50`` renders the
pickers from the missile-defence catalogue (:func:`bucarest.missile_defence.data.load_catalogue`,
the records the API lists at ``/api/v1/md/architectures`` and ``/api/v1/md/threats``).
``static/missile_defence/md.js`` then starts a coverage job (``POST /api/v1/md/jobs``), shows its progress,
draws the covered, uncovered and not-threatened territory with the sites, radars and launch
sites, fills the per-country table, and asks ``GET /api/v1/md/trajectory`` for the trajectory
from a launch site to a target clicked on the map. Every string it shows comes from this page in
its language; everything it loads comes from this application (the base map is the shipped
TopoJSON; no tiles). The page's "Sources" section gives the provenance (short citations and a
confidence badge) of every architecture, threat, site, radar and launch site; the script shows
those of the chosen architecture and threat.

The "Defended assets" section is rendered here, with the page, from
:meth:`~bucarest.missile_defence.service.EffectivenessQuery.record` at the API's defaults (one
warhead per asset, salvo:1, the shipped SSPK estimate): at most about 0.3 s per request on the
shipped architectures and threats, so no job is needed. ``GET /missile-defence/assets`` renders
the same section alone, for the script to refresh it when Compute is pressed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.numbers import format_percent
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from bucarest.core.dates import parse_date_or, today
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.model import Catalogue, LaunchArea, LaunchSite
from bucarest.missile_defence.labels import (
    ASSET_LIMIT_NAMES,
    CONSTRAINT_LABELS,
    COVERAGE_LABELS,
    EVENT_LABELS,
    METHOD_NAMES,
)
from bucarest.missile_defence.records import architecture_record, threat_record
from bucarest.missile_defence.service import EffectivenessQuery
from bucarest.platform.pages import NavItem, environment, render, translator, web_lang
from bucarest.registry.deps import RegistryDep
from bucarest.registry.domain.model import FIRST_DAY, Registry
from bucarest.reports.formatting import locale_of, number

__all__ = [
    "COLOURS",
    "DEFAULT_ARCHITECTURE",
    "DEFAULT_DAY",
    "DEFAULT_RESOLUTION_KM",
    "DEFAULT_THREAT",
    "NAV",
    "RESOLUTIONS_KM",
    "router",
]

#: What the page opens on: the 2008 plan against the 2008 threat, on the day of the summit.
DEFAULT_ARCHITECTURE = "us-third-site-2008"
DEFAULT_THREAT = "iran-2008"
DEFAULT_DAY = date(2008, 4, 3)

#: The grid spacings offered (km); the coarsest is the default, for speed.
RESOLUTIONS_KM: tuple[int, ...] = (50, 25, 10)
DEFAULT_RESOLUTION_KM = 50

#: Map colours (colour-blind safe: Okabe-Ito for the coverage statuses).
COLOURS = {
    "covered": "#0072b2",
    "kinematics": "#d55e00",
    "sensor": "#e69f00",
    "notThreatened": "#c8c8c8",
    "land": "#eef1f4",
    "site": "#1b2430",
    "radar": "#cc79a7",
    "launch": "#7f0000",
    "track": "#111111",
}

#: Comparison map colours (Okabe-Ito): covered by both, by A only, by B only, by neither.
COMPARE_COLOURS = {
    "both": "#0072b2",
    "a-only": "#e69f00",
    "b-only": "#009e73",
    "neither": "#d55e00",
    "not-threatened": "#c8c8c8",
}
COMPARE_LABELS = {
    "both": N_("Covered by both"),
    "a-only": N_("Covered by A only"),
    "b-only": N_("Covered by B only"),
    "neither": N_("Covered by neither"),
    "not-threatened": N_("Not threatened"),
}
#: Architecture B of the comparison when the address names none (A is the page's).
DEFAULT_COMPARE_B = "epaa-phase-3"

#: The map's initial view (south-west and north-east corners): Europe, Turkey and Iran.
BOUNDS = ((27.0, -12.0), (66.0, 60.0))


_RESOLUTION = N_("{km} km")

LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
TextQuery = Annotated[str | None, Query()]


def _legend(lang: str) -> list[dict[str, str]]:
    colours = {**COLOURS, "not-threatened": COLOURS["notThreatened"]}
    return [
        {"key": key, "colour": colours[key], "label": gettext(label, lang)}
        for key, label in COVERAGE_LABELS.items()
    ]


def _strings(lang: str) -> dict[str, str]:
    messages = {
        "loading": N_("Loading…"),
        "loadError": N_("The base map could not be loaded."),
        "requestError": N_("The request failed: {status}"),
        "queued": N_("Waiting for the server…"),
        "computing": N_("Computing… step {done} of {total}"),
        "done": N_("Done in {seconds} s."),
        "failed": N_("The computation failed."),
        "stale": N_(
            "The choices have changed since this result was computed: press Compute to update it."
        ),
        "caption": N_("{architecture} against {threat}, on {on}, grid of {resolution} km"),
        "defended": N_("Defended share of the territory: {share}"),
        "notDeployed": N_("Not in service on this date, so left out: {names}."),
        "allCountries": N_("All countries"),
        "covered": COVERAGE_LABELS["covered"],
        "kinematics": COVERAGE_LABELS["kinematics"],
        "sensor": COVERAGE_LABELS["sensor"],
        "notThreatened": COVERAGE_LABELS["not-threatened"],
        "sites": N_("Interceptor sites"),
        "radars": N_("Radar coverage"),
        "launches": N_("Launch sites"),
        "track": N_("Ground track"),
        "siteTip": N_("{type}, reach {range} km"),
        "radarTip": N_("Radar range {range} km"),
        "launchTip": N_("Launch site: select it to fire from here"),
        "classOption": N_("{name} (up to {range} km)"),
        "needLaunch": N_("Choose a launch site first."),
        "badTarget": N_("Give the target's latitude (-90 to 90) and longitude (-180 to 180)."),
        "inspecting": N_("Computing the trajectory…"),
        "engaged": N_("Engaged: {shots} shots"),
        "engagedOne": N_("Engaged: one shot"),
        "notEngaged": N_("Not engaged"),
        "sensorLimited": N_("Not engaged: sensor-limited (no radar track in time)"),
        "kinematicsLimited": N_("Not engaged: kinematics-limited (no interceptor can reach it)"),
        "notEngagedBy": N_("Not engaged: {constraint}"),
        "idealNoHelp": N_("an ideal sensor would not help"),
        "idealWouldEngage": N_("an ideal sensor would engage it"),
        "facts": N_(
            "Range {range} km · apogee {apogee} km · flight time {time} s · burnout speed {speed} km/s"
        ),
        "eventTip": N_("{event} at {time} s, altitude {altitude} km"),
        "assetsLoading": N_("Computing the defended assets…"),
        "assetsFailed": N_("The defended assets could not be computed."),
    }
    out = {k: gettext(v, lang) for k, v in messages.items()}
    out["none"] = "—"
    out.update({f"event.{k}": gettext(v, lang) for k, v in EVENT_LABELS.items()})
    out.update({f"constraint.{k}": gettext(v, lang) for k, v in CONSTRAINT_LABELS.items()})
    return out


def _compare_strings(lang: str) -> dict[str, Any]:
    messages = {
        "queued": N_("Waiting for the server…"),
        "computing": N_("Computing… step {done} of {total}"),
        "done": N_("Done in {seconds} s."),
        "failed": N_("The computation failed."),
        "loadError": N_("The base map could not be loaded."),
        "requestError": N_("The request failed: {status}"),
        "caption": N_("A: {a}; B: {b}; against {threat}, on {on}, grid of {resolution} km"),
        "defended": N_("Defended share of the territory: A {a}, B {b}"),
        "allCountries": N_("All countries"),
    }
    out: dict[str, Any] = {k: gettext(v, lang) for k, v in messages.items()}
    out["kinds"] = {k: gettext(v, lang) for k, v in COMPARE_LABELS.items()}
    return out


def _value(params: dict[str, Any], name: str) -> float | None:
    p = params.get(name)
    return float(p["value"]) if isinstance(p, dict) and p.get("value") is not None else None


def _architectures(lang: str) -> dict[str, dict[str, Any]]:
    """Each architecture's sites and radars, as the script draws them (no sources: see the API)."""
    cat = load_catalogue()
    out: dict[str, dict[str, Any]] = {}
    for a in cat.architectures.values():
        r = architecture_record(cat, a, lang)
        out[r["id"]] = {
            "id": r["id"],
            "name": r["name"],
            "description": r["description"],
            "sites": [
                {"id": s["id"], "name": s["name"], "lat": s["lat"], "lon": s["lon"],
                 "type": s["type_name"], "range_km": _value(s["parameters"], "max_range_km")}
                for s in r["sites"]
            ],
            "radars": [
                {"id": x["id"], "name": x["name"], "lat": x["lat"], "lon": x["lon"],
                 "range_km": _value(x["parameters"], "range_km"),
                 "azimuth_deg": _value(x["parameters"], "azimuth_deg"),
                 "sector_deg": _value(x["parameters"], "sector_deg")}
                for x in r["radars"]
            ],
        }  # fmt: skip
    return out


def _threats(lang: str) -> dict[str, dict[str, Any]]:
    cat = load_catalogue()
    out: dict[str, dict[str, Any]] = {}
    for t in cat.threats:
        r = threat_record(cat, t, lang)
        out[r["id"]] = {
            "id": r["id"],
            "name": r["name"],
            "description": r["description"],
            "classes": [
                {"id": c["id"], "name": c["name"],
                 "range_km": _value(c["parameters"], "max_range_km")}
                for c in r["classes"]
            ],
            "launch_sites": [
                {"id": s["id"], "name": s["name"], "lat": s["lat"], "lon": s["lon"]}
                for s in r["launch_sites"]
            ],
        }  # fmt: skip
    return out


def _launch_place(cat: Catalogue, key: str) -> LaunchSite | LaunchArea:
    """A threat's launch site or launch area (both have a name and a provenance)."""
    return cat.launch_areas[key] if key in cat.launch_areas else cat.launch_site(key)


def _sources(lang: str) -> dict[str, list[dict[str, Any]]]:
    """The provenance of each architecture (with its sites and radars) and of each threat (with
    its launch sites), for the page's "Sources" section."""
    cat = load_catalogue()
    site_label = gettext(N_("Interceptor site"), lang)
    radar_label = gettext(N_("Radar"), lang)
    launch_label = gettext(N_("Launch site"), lang)
    architectures = [
        {"id": a.id, "name": a.name.get(lang), "provenance": a.provenance,
         "places": [{"kind": site_label, "name": cat.site(x).name.get(lang),
                     "provenance": cat.site(x).provenance} for x in a.sites]
                   + [{"kind": radar_label, "name": cat.radar(x).name.get(lang),
                       "provenance": cat.radar(x).provenance} for x in a.radars]}
        for a in cat.architectures.values()
    ]  # fmt: skip
    threats = []
    for t in cat.threats.values():
        sites = dict.fromkeys(x for part in cat.threat_components(t.id) for x in part.launch_sites)
        threats.append({
            "id": t.id, "name": t.name.get(lang), "provenance": t.provenance,
            "places": [{"kind": launch_label, "name": _launch_place(cat, x).name.get(lang),
                        "provenance": _launch_place(cat, x).provenance} for x in sites],
        })  # fmt: skip
    return {"architectures": architectures, "threats": threats}


def _pick(known: dict[str, Any], wanted: str | None, default: str, kind: str) -> str:
    """A catalogue id from the address, the default when absent (unknown ids: the catalogue's 404)."""
    if not wanted or not wanted.strip():
        return default if default in known else next(iter(known))
    key = wanted.strip()
    if key not in known:
        cat = load_catalogue()
        if kind == "architecture":
            cat.architecture(key)
        else:
            cat.threat(key)
    return key


def _resolution(text: str | None) -> int:
    if not text or not text.strip():
        return DEFAULT_RESOLUTION_KM
    try:
        value = float(text.strip())
    except ValueError:
        value = float("nan")
    if value not in RESOLUTIONS_KM:
        raise InvalidInputError(
            N_("unknown grid resolution '{value}'; expected one of {known}"),
            value=text, known=", ".join(str(r) for r in RESOLUTIONS_KM),
        )  # fmt: skip
    return int(value)


def _percent(share: float, lang: str) -> str:
    """A share (0.8) as the page's script writes it: up to one decimal ("80%", "80,5 %")."""
    pattern = str(locale_of(lang).percent_formats[None].pattern)
    last = pattern.rfind("0")
    pattern = pattern[: last + 1] + ".#" + pattern[last + 1 :]
    return str(format_percent(share, format=pattern, locale=locale_of(lang)))


def downloads(architecture: str, threat: str, day: date, resolution: int, lang: str
              ) -> dict[str, str]:  # fmt: skip
    """The page's download addresses for its choices: the map (PNG), the coverage (GeoJSON of
    every status, and CSV by country) and the defended assets (CSV)."""
    q = {"architecture": architecture, "threat": threat, "on": day.isoformat()}
    grid = {**q, "resolution_km": str(resolution)}
    statuses = "".join(f"&status={s}" for s in ("covered", "uncovered", "not-threatened"))
    return {
        "png": f"/api/v1/md/coverage.png?{urlencode({**grid, 'lang': lang})}",
        "geojson": f"/api/v1/md/coverage.geojson?{urlencode(grid)}{statuses}",
        "csv": f"/api/v1/md/coverage?{urlencode({**grid, 'format': 'csv', 'lang': lang})}",
        "assets": f"/api/v1/md/effectiveness?{urlencode({**q, 'format': 'csv', 'lang': lang})}",
    }


_ASSUMPTIONS = N_(
    "Each asset attacked on its own (warheads: {warheads}, decoys: {decoys}, doctrine "
    "{doctrine}); single-shot kill probability {sspk}, our estimate (from {low} to {high}); "
    "the interceptors of the sites in service on {on}: the effectiveness API's defaults."
)


def _assets_view(reg: Registry, lang: str, architecture: str, threat: str, day: date
                 ) -> dict[str, Any]:  # fmt: skip
    """The "Defended assets" section: per asset, the sites that engage every trajectory aimed
    at it, their interceptors, looks, P(no leak) and its range, expected leakers, method and
    binding constraint, formatted for ``lang``; ``error`` where there is nothing to assess."""
    try:
        rec = EffectivenessQuery(architecture, threat, on=day.isoformat()).record(reg, lang)
    except InvalidInputError as exc:  # no shipped asset belongs to an Ally on that day
        return {"error": exc.translated(lang), "rows": []}
    cat = load_catalogue()
    sspk = rec["sspk"]

    def pct(value: float | None) -> str:
        return "—" if value is None else _percent(value, lang)

    rows = []
    for a in rec["assets"]:
        limit = a["limited_by"]
        rows.append({
            "id": a["id"], "name": a["name"], "country": a["country"],
            "threatened": a["threatened"], "limited_by": limit,
            "sites": [cat.site(x).name.get(lang) for x in a["sites"]],
            "interceptors": number(a["interceptors"], lang) if a["threatened"] else "—",
            "looks": number(a["looks"], lang) if a["threatened"] else "—",
            "p_no_leak": pct(a["p_no_leak"]),
            "p_range": (f"{pct(a['p_no_leak_low'])} – {pct(a['p_no_leak_high'])}"
                        if a["p_no_leak_low"] is not None and a["p_no_leak_high"] is not None
                        else "—"),
            "expected_leakers": ("—" if a["expected_leakers"] is None
                                 else number(a["expected_leakers"], lang, 2)),
            "method": gettext(METHOD_NAMES[a["method"]], lang) if a["method"] in METHOD_NAMES else "—",
            "constraint": "" if limit == "none" else gettext(ASSET_LIMIT_NAMES[limit], lang),
            "constraint_title": gettext(CONSTRAINT_LABELS[limit], lang) if limit in CONSTRAINT_LABELS else "",
        })  # fmt: skip
    low, high = sspk.get("low"), sspk.get("high")
    assumptions = gettext(_ASSUMPTIONS, lang).format(
        warheads=number(rec["warheads"], lang), decoys=number(rec["decoys"], lang),
        doctrine=rec["doctrine"], sspk=number(sspk["value"], lang, 2),
        low=number(low, lang, 2) if low is not None else "—",
        high=number(high, lang, 2) if high is not None else "—", on=rec["on"],
    )  # fmt: skip
    source = sspk.get("source")
    return {
        "error": None, "rows": rows, "assumptions": assumptions, "sspk_source": source,
        "summary": gettext(N_("{engaged} of {threatened} threatened assets engaged by at least one site"),
                           lang).format(engaged=number(rec["engaged"], lang),
                                        threatened=number(rec["threatened"], lang)), "architecture": rec["architecture"],
        "threat": rec["threat"], "on": rec["on"],
        "threatened": rec["threatened"], "engaged": rec["engaged"],
    }  # fmt: skip


def _page_view(
    lang: str,
    architecture: str | None,
    threat: str | None,
    on: str | None,
    resolution_km: str | None,
) -> dict[str, Any]:
    architectures = _architectures(lang)
    threats = _threats(lang)
    arch_id = _pick(architectures, architecture, DEFAULT_ARCHITECTURE, "architecture")
    threat_id = _pick(threats, threat, DEFAULT_THREAT, "threat")
    last = today()
    day = min(max(parse_date_or(on, DEFAULT_DAY), FIRST_DAY), last)
    resolution = _resolution(resolution_km)
    config = {
        "lang": lang,
        "topologyUrl": "/static-data/countries.topo.json",
        "jobsUrl": "/api/v1/md/jobs",
        "trajectoryUrl": "/api/v1/md/trajectory",
        "pngUrl": "/api/v1/md/coverage.png",
        "coverageUrl": "/api/v1/md/coverage",
        "geojsonUrl": "/api/v1/md/coverage.geojson",
        "effectivenessUrl": "/api/v1/md/effectiveness",
        "assetsUrl": "/missile-defence/assets",
        "architectureUrl": "/api/v1/md/architectures/",
        "compareUrl": "/api/v1/md/compare",
        "compareColours": COMPARE_COLOURS,
        "compareStrings": _compare_strings(lang),
        "pollMs": 300,
        "bounds": BOUNDS,
        "colours": COLOURS,
        "architectures": architectures,
        "threats": threats,
        "strings": _strings(lang),
    }
    return {
        "architectures": [
            {"id": a["id"], "name": a["name"], "selected": a["id"] == arch_id}
            for a in architectures.values()
        ],
        "threats": [
            {"id": t["id"], "name": t["name"], "selected": t["id"] == threat_id}
            for t in threats.values()
        ],
        "architecture": architectures[arch_id],
        "compare_b": next(
            (b for b in (DEFAULT_COMPARE_B, *architectures) if b in architectures and b != arch_id),
            arch_id,
        ),
        "compare_legend": [
            {"key": k, "colour": COMPARE_COLOURS[k], "label": gettext(v, lang)}
            for k, v in COMPARE_LABELS.items()
        ],
        "threat": threats[threat_id],
        "day": day,
        "first_day": FIRST_DAY,
        "last_day": last,
        "resolutions": [
            {
                "value": r,
                "label": gettext(_RESOLUTION, lang).format(km=r),
                "selected": r == resolution,
            }
            for r in RESOLUTIONS_KM
        ],
        "resolution": resolution,
        "downloads": downloads(arch_id, threat_id, day, resolution, lang),
        "legend": _legend(lang),
        "sources": _sources(lang),
        "config": config,
    }


#: This capability's entries in the navigation.
NAV = (NavItem("md", "/missile-defence", N_("Missile defence")),)

router = APIRouter(include_in_schema=False)


@router.get("/missile-defence", response_class=HTMLResponse, include_in_schema=False)
def md_page(
    request: Request,
    reg: RegistryDep,
    lang: LangQuery = None,
    architecture: TextQuery = None,
    threat: TextQuery = None,
    on: TextQuery = None,
    resolution_km: TextQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    view = _page_view(lang, architecture, threat, on, resolution_km)
    view["assets"] = _assets_view(reg, lang, view["architecture"]["id"], view["threat"]["id"],
                                  view["day"])  # fmt: skip
    return render(request, "missile_defence/page.html", lang, active="md", **view)


@router.get("/missile-defence/assets", response_class=HTMLResponse, include_in_schema=False)
def md_assets(
    request: Request,
    reg: RegistryDep,
    lang: LangQuery = None,
    architecture: TextQuery = None,
    threat: TextQuery = None,
    on: TextQuery = None,
) -> Response:
    """The "Defended assets" section alone (HTML), for the page's script to refresh."""
    lang = web_lang(request, lang)
    arch_id = _pick(_architectures(lang), architecture, DEFAULT_ARCHITECTURE, "architecture")
    threat_id = _pick(_threats(lang), threat, DEFAULT_THREAT, "threat")
    day = min(max(parse_date_or(on, DEFAULT_DAY), FIRST_DAY), today())
    view = _assets_view(reg, lang, arch_id, threat_id, day)
    html = (
        environment()
        .get_template("missile_defence/assets.html")
        .render(_=translator(lang), lang=lang, assets=view)
    )
    return HTMLResponse(html)

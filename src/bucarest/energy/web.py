"""The energy page: a shipped gas-disruption scenario on a map, by day, with a scenario editor.

``GET /energy?scenario=ID&mode=cooperative|national&day=YYYY-MM-DD&dataset=ID&q=TEXT`` takes
the scenario solved on ``dataset`` (its own country-level dataset by default, or the
asset-level network built from it) by :func:`bucarest.energy.service.solved_on` (the same
cached solve as ``GET /api/v1/energy/scenarios/{id}/result?dataset=ID``) and renders on the
server the results table from :func:`bucarest.energy.records.outcome_records`, as the CLI and
the API list them, the storage table (each site at asset level, each country's aggregate at
country level, :func:`bucarest.energy.service.storage_rows`) and, when ``q`` is given, the
gas assets whose name contains it (:func:`bucarest.energy.service.asset_rows`), each with its
sources and estimate flag; the search is a plain form, which works without the script. ``static/energy/energy.js`` then draws the map (countries
coloured by the share of demand left unserved on the chosen day, flows between country
centroids), the per-country charts, the editor and the critical-asset ranking, from the
energy API (``/api/v1/energy/...``); the ranking is a job (``POST /api/v1/energy/jobs``) that
the page polls for its progress and can stop. Every string it shows comes from this page in its
language; everything it loads comes from this application.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from bucarest.core.dates import parse_date
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.energy.data import ASSET_LEVEL, load_dataset, load_scenarios, scenario_for
from bucarest.energy.domain.scenario import Disruption, Mode, Scenario
from bucarest.energy.domain.solve import Result
from bucarest.energy.labels import (
    ASSET_GROUP_LABELS,
    ASSET_KIND_LABELS,
    EDITED_NAME,
    MODE_LABELS,
    MODE_SHORT_LABELS,
)
from bucarest.energy.records import (
    dataset_record,
    mode_explanation,
    outcome_records,
    scenario_record,
)

# The page and GET /api/v1/energy/scenarios/{id}/result share one cache of solved scenarios:
# the page's table and the script's daily series then cost one solve (5 s for 180 days).
from bucarest.energy.service import (
    asset_network_id,
    asset_rows,
    asset_sources,
    chosen_dataset,
    dataset_choices,
    default_scenario,
    slow_to_solve,
    solved_on,
    storage_rows,
)
from bucarest.energy.service import scenario as service_scenario
from bucarest.platform.pages import NavItem, render, web_lang
from bucarest.registry.labels import map_names
from bucarest.reports.formatting import number, percent

__all__ = [
    "ANCHORS",
    "NAV",
    "SERVED_COLOUR",
    "SHARE_BANDS",
    "router",
]

#: Map colours of the share of a country's demand left unserved on a day: the lower bound of
#: each band (a share above it, up to the next bound) and its colour, light to dark.
SHARE_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "#fdd49e"),
    (0.10, "#fc8d59"),
    (0.25, "#d7301f"),
    (0.50, "#7f0000"),
)
SERVED_COLOUR = "#cfe3c8"
SUPPLIER_COLOUR = "#d9d3e8"
OUTSIDE_COLOUR = "#e4e8ed"
FLOW_COLOUR = "#1f4e8c"
SATURATED_COLOUR = "#c2185b"
IDLE_COLOUR = "#8996a5"

#: Where flows start and end for countries whose polygon centroid is a poor anchor
#: (lat, lng): western Russia rather than Siberia, Norway's gas coast rather than its middle.
ANCHORS: dict[str, tuple[float, float]] = {
    "RUS": (55.5, 38.0),
    "NOR": (60.5, 7.5),
}

#: The map's initial view (south-west and north-east corners): Europe, its suppliers, Turkey.
BOUNDS = ((27.0, -12.0), (71.0, 55.0))


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
TextQuery = Annotated[str | None, Query()]


def _chosen_scenario(wanted: str | None) -> Scenario:
    if not wanted or not wanted.strip():
        return default_scenario()
    return service_scenario(wanted.strip())


def _mode(text: str | None, default: Mode) -> Mode:
    if not text or not text.strip():
        return default
    try:
        return Mode(text.strip().lower())
    except ValueError:
        raise InvalidInputError(
            N_("unknown mode '{mode}'; expected one of {known}"),
            mode=text, known=", ".join(m.value for m in Mode),
        ) from None  # fmt: skip


def _worst_day(result: Result) -> int:
    """The day with the most unserved demand over all countries (the first if none)."""
    totals = result.unserved.sum(axis=0)
    return int(totals.argmax()) if totals.max() > 0 else 0


def _day_index(s: Scenario, text: str | None, default: int) -> int:
    if not text or not text.strip():
        return default
    day = parse_date(text.strip())
    return min(max((day - s.start).days, 0), s.days - 1)


def _rows(result: Result, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in outcome_records(result, lang):
        share = r["unserved_share"]
        first = r["days_before_first_shortfall"]
        rows.append({
            **r,
            "protected_label": number(r["protected_unserved_mcm"], lang, 1),
            "protected_share_label": percent(r["protected_unserved_share"], lang)
            if r["protected_unserved_share"] else "—",
            "non_protected_label": number(r["non_protected_unserved_mcm"], lang, 1),
            "curtailed_label": number(r["curtailed_mcm"], lang, 1) if r["curtailed_mcm"] else "—",
            "not_served_label": percent(r["non_protected_not_served_share"], lang)
            if r["non_protected_not_served_share"] else "—",
            "share_label": percent(share, lang) if share else "—",
            "share_pct": round(min(share, 1.0) * 100, 1),
            "first_shortfall_label": str(first) if first is not None else "—",
            "storage_label": number(r["storage_end_mcm"], lang)
            if r["storage_start_mcm"] else "—",
        })  # fmt: skip
    return rows


def _cuts(s: Scenario, lang: str) -> list[dict[str, Any]]:
    """The scenario's disruptions, one line per asset: its first and last day, its largest share."""
    by_asset: dict[str, list[Disruption]] = {}
    for d in s.disruptions:
        by_asset.setdefault(d.asset, []).append(d)
    return [
        {"asset": asset, "periods": len(ds),
         "share_label": percent(max(d.share for d in ds), lang),
         "start": min(d.start for d in ds).isoformat(), "end": max(d.end for d in ds).isoformat()}
        for asset, ds in by_asset.items()
    ]  # fmt: skip


def _legend(lang: str) -> list[dict[str, str]]:
    bands = [{"key": "served", "colour": SERVED_COLOUR, "label": gettext(N_("Demand met"), lang)}]
    bounds = [b for b, _ in SHARE_BANDS[1:]]
    for i, (low, colour) in enumerate(SHARE_BANDS):
        if i == 0:
            label = gettext(N_("Short: under {high} unserved"), lang).format(
                high=percent(bounds[0], lang)
            )
        elif i < len(bounds):
            label = gettext(N_("{low} to {high} unserved"), lang).format(
                low=percent(low, lang), high=percent(bounds[i], lang)
            )
        else:
            label = gettext(N_("{low} or more unserved"), lang).format(low=percent(low, lang))
        bands.append({"key": f"band-{i}", "colour": colour, "label": label})
    bands += [
        {"key": "supplier", "colour": SUPPLIER_COLOUR,
         "label": gettext(N_("Outside supplier"), lang)},
        {"key": "outside", "colour": OUTSIDE_COLOUR,
         "label": gettext(N_("Not in the dataset"), lang)},
    ]  # fmt: skip
    return bands


def _strings(lang: str) -> dict[str, str]:
    messages = {
        "loading": N_("Loading…"),
        "loadError": N_("The result could not be loaded."),
        "solving": N_("Solving…"),
        "queued": N_("Waiting for the server to start the ranking…"),
        "rankingProgress": N_("Every asset is taken out in turn: {done} of {total} solved…"),
        "criticalError": N_("The ranking could not be computed."),
        "requestError": N_("The request failed: {status}"),
        "unserved": N_("Unserved"),
        "storage": N_("Storage level"),
        "workingGas": N_("Working gas"),
        "unservedChart": N_("Unserved demand and demand, mcm per day"),
        "storageChart": N_("Storage level, mcm"),
        "noStorage": N_("No underground storage in this dataset."),
        "share": N_("{share} of demand unserved"),
        "served": N_("Demand met"),
        "supplier": N_("Outside supplier"),
        "outside": N_("Not in the dataset"),
        "flow": N_("{from} → {to}: {flow} mcm/d of {capacity}"),
        "saturated": N_("at capacity"),
        "reduced": N_("capacity cut"),
        "cutDays": N_("days of disruption"),
        "noCut": N_("no cut"),
        "ranked": N_("Ranking computed in {seconds} s."),
        "solved": N_("Solved in {seconds} s."),
        "flowMax": N_("largest: {flow} mcm/d"),
        "modeCooperative": N_("cooperative"),
        "modeNational": N_("national first"),
        "total": N_("Total unserved: {total} mcm · countries short: {n}"),
        "period": N_("{share} lost from {start} to {end}"),
        "mcm": N_("mcm"),
        "mcmd": N_("mcm/d"),
        # The asset search as the script renders it while one types (the form's own answer
        # is rendered on the server with the same words).
        "assetsMatching": N_("Assets matching “{q}”: {n}"),
        "asset": N_("Asset"),
        "kind": N_("Kind"),
        "countries": N_("Countries"),
        "capacity": N_("Capacity (mcm/d)"),
        "workingGasMcm": N_("Working gas (mcm)"),
        "year": N_("Year of the figure"),
        "source": N_("Source"),
        "estimate": N_("Estimate"),
        "estimateTitle": N_("Our estimate; the sources say what it rests on"),
        "sources": N_("Sources ({n})"),
    }
    out = {k: gettext(v, lang) for k, v in messages.items()}
    out["none"] = "—"
    out.update({f"kind.{k}": gettext(v, lang) for k, v in ASSET_GROUP_LABELS.items()})
    out.update({f"one.{k}": gettext(v, lang) for k, v in ASSET_KIND_LABELS.items()})
    out.update({f"found.{k}": gettext(v, lang) for k, v in FOUND_KIND_LABELS.items()})
    return out


#: How the dataset selector names the two levels of detail.
LEVEL_LABELS = {
    False: N_("Country level: one node, one storage and one terminal per country"),
    True: N_("Asset level: each interconnection point, storage site and LNG terminal"),
}

#: How the asset search names the kinds it finds.
FOUND_KIND_LABELS = {
    "interconnection": N_("interconnection point"),
    "lng": N_("LNG terminal"),
    "storage": N_("storage"),
    "production": N_("production"),
}


LONG_ASSET_LABEL = N_(
    "Asset level: each interconnection point, storage site and LNG terminal "
    "({days} days: the solve takes many minutes)"
)


def _level_label(s: Scenario, dataset: str, lang: str) -> str:
    """The choice's label: its level of detail, and a warning where the solve is long
    (:func:`~bucarest.energy.service.slow_to_solve`)."""
    if slow_to_solve(s, dataset):
        return gettext(LONG_ASSET_LABEL, lang).format(days=number(s.days, lang))
    return gettext(LEVEL_LABELS[dataset in ASSET_LEVEL], lang)


def _datasets(s: Scenario, chosen: str, lang: str) -> list[dict[str, Any]]:
    return [{"value": d, "label": _level_label(s, d, lang), "selected": d == chosen}
            for d in dataset_choices(s)]  # fmt: skip


def _storage(result: Result, lang: str) -> dict[str, Any]:
    """The storage-by-facility table: each site at asset level, each country's aggregate at
    country level, with the labels the page shows."""
    rows = [{
        **r,
        "start_label": number(r["start_mcm"], lang),
        "end_label": number(r["end_mcm"], lang),
        "withdrawn_label": number(r["withdrawn_mcm"], lang),
        "lowest_label": percent(r["lowest_fill"], lang),
        "working_gas_label": number(r["working_gas_mcm"], lang),
    } for r in storage_rows(result, lang)]  # fmt: skip
    return {"rows": rows, "aggregate": any(r["aggregate"] for r in rows)}


def _search(q: str | None, lang: str, network: str) -> dict[str, Any] | None:
    """The asset search's answer to ``q`` among the assets of the asset-level ``network``
    (none when nothing was asked)."""
    if q is None or not q.strip():
        return None
    rows = [{
        **r,
        "kind_label": gettext(FOUND_KIND_LABELS.get(r["kind"], r["kind"]), lang),
        "capacity_label": number(r["capacity_mcmd"], lang, 1),
        "working_gas_label": number(r["working_gas_mcm"], lang)
        if r.get("working_gas_mcm") is not None else "",
        "country_names": ", ".join(map_names(lang).get(c, c) for c in r["countries"]),
    } for r in asset_rows(q.strip()[:100], network)]  # fmt: skip
    return {"q": q.strip()[:100], "rows": rows}


def _page_view(
    s: Scenario,
    mode: Mode,
    day_text: str | None,
    lang: str,
    scenarios: dict[str, Scenario],
    wanted: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    chosen = chosen_dataset(s, wanted)
    net = load_dataset(chosen)
    # The asset search looks at the assets of the scenario's winter.
    searched = asset_network_id(s.dataset)
    # On the asset-level network the scenario's cuts stand for the assets they name.
    on_net = scenario_for(s, net)
    result = solved_on(s.id, mode, chosen)
    index = _day_index(s, day_text, _worst_day(result))
    day = s.start + timedelta(days=index)
    rows = _rows(result, lang)
    dataset = {**dataset_record(net, lang), "provenance": net.provenance}
    scenario = {
        **scenario_record(s, lang),
        # The page lists each cut asset once, with its first and last day.
        "disruptions": _cuts(s, lang),
        "shocks": len(s.demand_shocks),
        "mitigations": len(s.mitigations),
        "provenance": s.provenance,
    }
    working_gas: dict[str, float] = {}
    for st in net.storage:  # a country's sites together at asset level
        working_gas[st.node] = working_gas.get(st.node, 0.0) + st.working_gas_mcm
    config = {
        "lang": lang,
        "scenario": {
            **{k: scenario[k] for k in ("id", "name", "start", "end", "days")},
            "dataset": chosen,
            "cuts": [[d.start.isoformat(), d.end.isoformat()] for d in s.disruptions],
        },
        "dataset": chosen,
        "mode": mode.value,
        "day": index,
        "resultUrl": f"/api/v1/energy/scenarios/{s.id}/result",
        "runUrl": "/api/v1/energy/run",
        "assetsUrl": f"/api/v1/energy/datasets/{chosen}/assets",
        "jobsUrl": "/api/v1/energy/jobs",
        "searchUrl": "/api/v1/energy/assets",
        "searchDataset": searched,
        "searchMs": 250,
        "pollMs": 300,
        "criticalTop": 15,
        "topologyUrl": "/static-data/countries.topo.json",
        "bounds": BOUNDS,
        "anchors": ANCHORS,
        "bands": [{"min": b, "colour": c} for b, c in SHARE_BANDS],
        "colours": {
            "served": SERVED_COLOUR,
            "supplier": SUPPLIER_COLOUR,
            "outside": OUTSIDE_COLOUR,
            "flow": FLOW_COLOUR,
            "saturated": SATURATED_COLOUR,
            "idle": IDLE_COLOUR,
        },
        "suppliers": [n.id for n in net.nodes if n.kind != "country"],
        "workingGas": working_gas,
        "names": map_names(lang),
        "strings": _strings(lang),
        "editedNames": {code: gettext(EDITED_NAME, code) for code in ("en", "fr")},
    }
    return {
        "scenario": scenario,
        "dataset": dataset,
        "mode": mode.value,
        "mode_label": gettext(MODE_SHORT_LABELS[mode], lang),
        "mode_explanation": mode_explanation(mode, result.foresight, lang),
        "modes": [
            {"value": m.value, "label": gettext(MODE_LABELS[m], lang), "selected": m is mode}
            for m in Mode
        ],
        "scenarios": [
            {"id": x.id, "name": x.name(lang), "selected": x.id == s.id} for x in scenarios.values()
        ],
        "day": day,
        "day_index": index,
        "rows": rows,
        "short_count": sum(1 for r in rows if r["unserved_mcm"] > 0),
        "total_label": number(result.total_unserved_mcm, lang, 1),
        "legend": _legend(lang),
        "kinds": [{"key": k, "label": gettext(v, lang)} for k, v in ASSET_GROUP_LABELS.items()],
        "editor_start": min((d.start for d in s.disruptions), default=s.start).isoformat(),
        "editor_end": max((d.end for d in s.disruptions), default=s.end).isoformat(),
        "editor_assets": sorted({d.asset for d in on_net.disruptions}),
        "config": config,
        "datasets": _datasets(s, chosen, lang),
        "asset_level": chosen in ASSET_LEVEL,
        "storage": _storage(result, lang),
        "storage_csv": f"/api/v1/energy/scenarios/{s.id}/storage?"
        + urlencode({"mode": mode.value, "dataset": chosen, "format": "csv", "lang": lang}),
        "search": _search(q, lang, searched),
        "search_winter": load_dataset(s.dataset).name(lang),
        "asset_sources": asset_sources(ASSET_LEVEL[chosen][1]) if chosen in ASSET_LEVEL else [],
    }


#: This capability's entries in the navigation.
NAV = (NavItem("energy", "/energy", N_("Energy")),)

router = APIRouter(include_in_schema=False)


@router.get("/energy", response_class=HTMLResponse, include_in_schema=False)
def energy_page(
    request: Request,
    lang: LangQuery = None,
    scenario: TextQuery = None,
    mode: TextQuery = None,
    day: TextQuery = None,
    dataset: TextQuery = None,
    q: TextQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    s = _chosen_scenario(scenario)
    view = _page_view(s, _mode(mode, s.mode), day, lang, load_scenarios(), dataset, q)
    return render(request, "energy/page.html", lang, active="energy", **view)

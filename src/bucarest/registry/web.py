"""Server-rendered web pages: the Alliance map, Enlargement, About, and the API docs.

The pages are Jinja2 templates over the same domain functions and records as the CLI and
the JSON API (``bucarest.registry.records``); the map page draws the shipped Natural Earth
boundaries with the vendored Leaflet and colours them from ``GET /api/v1/standing``. Every
file the pages load is served by this application: no CDN, no web font, no map tiles.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from bucarest.core.dates import parse_date, parse_date_or, today
from bucarest.core.errors import N_, BucarestError
from bucarest.core.i18n import gettext
from bucarest.platform.http import status_for
from bucarest.platform.pages import NAV as NAV_ITEMS
from bucarest.platform.pages import NavItem, environment, render, translator, web_lang
from bucarest.registry.deps import RegistryDep
from bucarest.registry.domain.model import FIRST_DAY
from bucarest.registry.domain.queries import country_history
from bucarest.registry.domain.standing import Standing, standing_on
from bucarest.registry.labels import STANDING_LABELS, map_names
from bucarest.registry.records import (
    framework_record,
    framework_status,
    history_record,
    members_records,
)
from bucarest.registry.views import (
    MAP_DEFAULT_DAY,
    STANDING_COLOURS,
    case_views,
    enlargement_days,
    legend,
    standing_json,
)

__all__ = ["NAV", "NAV_ABOUT", "SUMMIT_ACCOUNT_TITLE", "router"]

#: Title of the Alliance's account of the Bucharest Summit, 2-4 April 2008 (NATO Public
#: Diplomacy Division, in French; quoted, never translated).
SUMMIT_ACCOUNT_TITLE = (
    "Aider l'Afghanistan, consolider l'Europe, renforcer les partenariats, "
    "relever de nouveaux défis"
)


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
OnQuery = Annotated[str | None, Query(description="Date YYYY-MM-DD")]


_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("Leaflet", "BSD-2-Clause", "/static/vendor/leaflet/LICENSE"),
    ("htmx", "0BSD", "/static/vendor/htmx/LICENSE"),
    ("topojson-client", "ISC", "/static/vendor/topojson-client/LICENSE"),
    ("Swagger UI", "Apache-2.0", "/static/vendor/swagger-ui/LICENSE"),
)


# --- installation ----------------------------------------------------------------------------


#: The registry's entries in the navigation: its pages first, About last.
NAV = (
    NavItem("map", "/", N_("Alliance map"), dated=True),
    NavItem("enlargement", "/enlargement", N_("Enlargement"), dated=True),
)
NAV_ABOUT = NavItem("about", "/about", N_("About"))

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def map_page(
    request: Request, reg: RegistryDep, lang: LangQuery = None, on: OnQuery = None
) -> Response:
    lang = web_lang(request, lang)
    last = today()
    day = min(max(parse_date_or(on, MAP_DEFAULT_DAY), FIRST_DAY), last)
    initial = standing_json(reg, day, lang)
    enlargements = enlargement_days(reg, lang, last)
    config = {
        "lang": lang,
        "day": day.isoformat(),
        "min": FIRST_DAY.isoformat(),
        "max": last.isoformat(),
        "standingUrl": "/api/v1/standing",
        "fragmentUrl": "/fragments/country/",
        "topologyUrl": "/static-data/countries.topo.json",
        "colours": {s.value: c for s, c in STANDING_COLOURS.items()},
        "labels": {s.value: gettext(STANDING_LABELS[s], lang) for s in Standing},
        "names": map_names(lang, day),
        "datedPaths": [n.path for n in NAV_ITEMS if n.dated],
        "initial": initial,
        "strings": {
            "loading": gettext(N_("Loading…"), lang),
            "error": gettext(N_("The standing on this date could not be loaded."), lang),
            "noRecord": gettext(N_("No standing recorded"), lang),
        },
    }
    return render(
        request,
        "registry/map.html",
        lang,
        active="map",
        day=day,
        first_day=FIRST_DAY,
        last_day=last,
        day_index=(day - FIRST_DAY).days,
        day_count=(last - FIRST_DAY).days,
        legend=legend(lang),
        enlargements=enlargements,
        config=config,
    )


@router.get("/fragments/country/{code}", response_class=HTMLResponse, include_in_schema=False)
def country_fragment(
    request: Request,
    reg: RegistryDep,
    code: Annotated[str, Path(description="ISO 3166-1 alpha-3")],
    lang: LangQuery = None,
    on: OnQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    try:
        day = parse_date(on) if on else None
        history = country_history(reg, code)
    except BucarestError as exc:
        return HTMLResponse(
            environment()
            .get_template("platform/fragments/error.html")
            .render(_=translator(lang), message=exc.translated(lang)),
            status_code=status_for(exc),
        )
    record = history_record(history, lang, day)
    shorts = {f.id: f.short(lang) for f in reg.frameworks}
    names = {f.id: f.name(lang) for f in reg.frameworks}
    rows = [
        {
            **r,
            "framework_short": shorts.get(r["framework"], r["framework"]),
            "framework_name": names.get(r["framework"], r["framework"]),
            "current": day is not None and m.interval.contains(day),
        }
        for m, r in zip(history.memberships, record["memberships"], strict=True)
    ]
    standing = standing_on(reg, day).get(history.country) if day else None
    # The working state of the councils the country sat in on the day (the NRC's suspension).
    councils = [
        framework_status(reg, m.framework, day, lang)
        for m in history.memberships
        if day is not None
        and m.interval.contains(day)
        and reg.framework_events_by_id.get(m.framework)
    ]
    html = (
        environment()
        .get_template("registry/fragments/country.html")
        .render(
            _=translator(lang),
            lang=lang,
            record=record,
            rows=rows,
            day=day,
            standing_label=gettext(STANDING_LABELS[standing.standing], lang) if standing else None,
            standing_colour=STANDING_COLOURS[standing.standing] if standing else None,
            councils=councils,
        )
    )
    return HTMLResponse(html)


@router.get("/frameworks/{framework_id}", response_class=HTMLResponse, include_in_schema=False)
def framework_page(
    request: Request,
    reg: RegistryDep,
    framework_id: Annotated[str, Path(description="Framework id, e.g. nrc")],
    lang: LangQuery = None,
    on: OnQuery = None,
) -> Response:
    lang = web_lang(request, lang)
    day = min(max(parse_date_or(on, MAP_DEFAULT_DAY), FIRST_DAY), today())
    fw = reg.framework(framework_id)
    members = members_records(reg, fw.id, day, lang)
    allies = sum(r["capacity"] == "ally" for r in members)
    return render(
        request,
        "registry/framework.html",
        lang,
        active="",
        day=day,
        first_day=FIRST_DAY,
        last_day=today(),
        framework=framework_record(fw, lang),
        allies_sit=fw.allies_sit,
        status=framework_status(reg, fw.id, day, lang),
        members=members,
        allies=allies,
        partners=len(members) - allies,
    )


@router.get("/enlargement", response_class=HTMLResponse, include_in_schema=False)
def enlargement_page(
    request: Request, reg: RegistryDep, lang: LangQuery = None, on: OnQuery = None
) -> Response:
    lang = web_lang(request, lang)
    day = parse_date_or(on, today())
    cases = case_views(reg, day, lang)
    return render(
        request,
        "registry/enlargement.html",
        lang,
        active="enlargement",
        day=day,
        first_day=FIRST_DAY,
        last_day=today(),
        cases=cases,
    )


@router.get("/about", response_class=HTMLResponse, include_in_schema=False)
def about_page(request: Request, reg: RegistryDep, lang: LangQuery = None) -> Response:
    lang = web_lang(request, lang)
    return render(
        request,
        "registry/about.html",
        lang,
        active="about",
        summit_account_title=SUMMIT_ACCOUNT_TITLE,
        frameworks=[framework_record(f, lang) for f in reg.frameworks],
        libraries=[{"name": n, "licence": li, "url": u} for n, li, u in _LIBRARIES],
    )

"""Server-rendered web pages: the shell, the Alliance map, Enlargement and About.

The pages are Jinja2 templates over the same domain functions and records as the CLI and
the JSON API (``bucarest.registry.records``); the map page draws the shipped Natural Earth
boundaries with the vendored Leaflet and colours them from ``GET /api/v1/standing``. Every
file the pages load is served by this application: no CDN, no web font, no map tiles.

Other capabilities add their pages to the navigation with :func:`add_nav`::

    >>> add_nav("example", "/example", "Example")
    >>> [item.key for item in NAV][-2:]
    ['about', 'example']
    >>> del NAV[-1]

Every user-facing string of the templates goes through ``_()``, which translates into the
page's language with :func:`bucarest.core.i18n.gettext`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Path, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape

from bucarest import __version__
from bucarest.api.deps import RegistryDep, pick_lang
from bucarest.api.errors import status_for
from bucarest.core.countries import country
from bucarest.core.dates import parse_date, today
from bucarest.core.errors import N_, BucarestError, InvalidInputError
from bucarest.core.geo import country_codes_with_geometry, topojson_path
from bucarest.core.i18n import LANGUAGES, gettext
from bucarest.registry.accession import accession_status, stage_on
from bucarest.registry.labels import STAGE_LABELS, STANDING_LABELS
from bucarest.registry.model import AccessionEvent, Registry, Stage
from bucarest.registry.queries import ChangeKind, changes_between, country_history
from bucarest.registry.ratification_series import RatificationSeries, ratification_series
from bucarest.registry.records import (
    accession_record,
    framework_record,
    history_record,
    standing_record,
)
from bucarest.registry.standing import Standing, standing_on

__all__ = [
    "FIRST_DAY",
    "MAP_DEFAULT_DAY",
    "NAV",
    "SEED_TITLE",
    "STANDING_COLOURS",
    "NavItem",
    "add_nav",
    "install_web",
    "linkify",
    "render",
]

#: The seed: NATO's French brochure on the Bucharest Summit, 2-4 April 2008 (quoted, never translated).
SEED_TITLE = (
    "Aider l'Afghanistan, consolider l'Europe, renforcer les partenariats, "
    "relever de nouveaux défis"
)

#: First day of the map's date slider.
FIRST_DAY = date(1949, 1, 1)
#: The map opens on the first day of the Bucharest Summit.
MAP_DEFAULT_DAY = date(2008, 4, 3)

#: One colour per map category, in legend order (colour-blind-aware, prints in colour).
STANDING_COLOURS: dict[Standing, str] = {
    Standing.ALLY: "#1f4e8c",
    Standing.INVITEE: "#4f8fd6",
    Standing.MAP: "#6a4c93",
    Standing.ID: "#a98bcf",
    Standing.IPAP: "#2a8c82",
    Standing.PFP: "#4e9a4a",
    Standing.EAPC: "#a3cf8f",
    Standing.MD: "#d9822b",
    Standing.ICI: "#efbe6f",
    Standing.GLOBAL: "#b0413e",
    Standing.NRC: "#8c6d62",
    Standing.NUC: "#d1b51f",
    Standing.NGC: "#c47fa6",
    Standing.NONE: "#cfd4da",
}


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation: a stable key, a path and a label marked with ``N_``."""

    key: str
    path: str
    label: str


#: The navigation, in order; capabilities append their pages with :func:`add_nav`.
NAV: list[NavItem] = [
    NavItem("map", "/", N_("Alliance map")),
    NavItem("enlargement", "/enlargement", N_("Enlargement")),
    NavItem("about", "/about", N_("About")),
]


def add_nav(key: str, path: str, label: str, *, before: str | None = None) -> None:
    """Add a page to the navigation (``label`` marked with ``N_``), at the end or ``before`` a key."""
    item = NavItem(key, path, label)
    keys = [n.key for n in NAV]
    if key in keys:
        NAV[keys.index(key)] = item
    elif before in keys:
        NAV.insert(keys.index(before), item)
    else:
        NAV.append(item)


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bucarest.web", "templates"),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_attr"] = _json_attr
    env.filters["linkify"] = linkify
    return env


def _json_attr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_script(value: Any) -> Markup:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for a script element


_URL = re.compile(r"https?://[^\s<>\"';]+[^\s<>\"';.,)]")


def linkify(text: str) -> Markup:
    """A source citation as HTML: its URLs become links labelled with their site, the rest text.

    Example::

        >>> str(linkify("Rome Declaration ; https://www.nato.int/docu/a.htm"))
        'Rome Declaration ; <a href="https://www.nato.int/docu/a.htm" title="https://www.nato.int/docu/a.htm" rel="noopener noreferrer external">nato.int</a>'
    """
    parts: list[Markup] = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0)
        host = url.split("/", 3)[2].removeprefix("www.")
        parts.append(escape(text[pos : m.start()]))
        parts.append(
            Markup('<a href="{0}" title="{0}" rel="noopener noreferrer external">{1}</a>').format(
                url, host
            )
        )
        pos = m.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def _local_url(request: Request, **params: str) -> str:
    """This page's path with some query parameters replaced (relative: never a host)."""
    query = dict(request.query_params)
    query.update(params)
    return request.url.path + ("?" + urlencode(query) if query else "")


#: Each language's name in itself (autonyms are not translated).
_LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def _translator(lang: str) -> Callable[[str], str]:
    def _(message: str) -> str:
        return gettext(message, lang)

    return _


def render(
    request: Request,
    template: str,
    lang: str,
    *,
    active: str = "",
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page of the shell in ``lang``; remember a language chosen with ``?lang=``."""
    page = _environment().get_template(template)
    html = page.render(
        _=_translator(lang),
        lang=lang,
        languages=[
            {
                "code": code,
                "name": _LANGUAGE_NAMES.get(code, code),
                "url": _local_url(request, lang=code),
                "current": code == lang,
            }
            for code in LANGUAGES
        ],
        nav=[
            {
                "key": n.key,
                "path": n.path,
                "label": gettext(n.label, lang),
                "active": n.key == active,
            }
            for n in NAV
        ],
        version=__version__,
        json_script=_json_script,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, path="/", samesite="lax")
    return response


def _web_lang(request: Request, lang: str | None) -> str:
    """The page language (as the API chooses it); an unknown ``?lang=`` falls back quietly."""
    try:
        return pick_lang(request, lang)
    except InvalidInputError:
        return pick_lang(request, None)


def _error_page(request: Request, lang: str, exc: BucarestError, active: str = "") -> HTMLResponse:
    return render(
        request,
        "error.html",
        lang,
        active=active,
        status_code=status_for(exc),
        message=exc.translated(lang),
    )


def _day(text: str | None, default: date) -> date:
    return parse_date(text) if text else default


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]
OnQuery = Annotated[str | None, Query(description="Date YYYY-MM-DD")]


# --- the Alliance map ------------------------------------------------------------------------


def _legend(lang: str) -> list[dict[str, str]]:
    return [
        {"key": s.value, "label": gettext(STANDING_LABELS[s], lang), "colour": STANDING_COLOURS[s]}
        for s in Standing
    ]


@functools.cache
def _map_names(lang: str) -> dict[str, str]:
    """Names in ``lang`` of every country drawn on the map."""
    names: dict[str, str] = {}
    for code in sorted(country_codes_with_geometry()):
        try:
            names[code] = country(code).name(lang)
        except BucarestError:
            names[code] = code
    return names


def _enlargements(reg: Registry, lang: str, until: date) -> list[dict[str, str]]:
    """Days on which countries joined NATO, with their names, for the slider's key dates."""
    joined: dict[date, list[str]] = {}
    for c in changes_between(reg, FIRST_DAY, until + timedelta(days=1), "nato"):
        if c.kind is ChangeKind.JOINED:
            joined.setdefault(c.date.earliest, []).append(country(c.country).name(lang))
    return [
        {
            "date": d.isoformat(),
            "index": str((d - FIRST_DAY).days),
            "names": ", ".join(sorted(names)),
        }
        for d, names in sorted(joined.items())
    ]


def _standing_json(reg: Registry, day: date, lang: str) -> list[dict[str, Any]]:
    """The same records as ``GET /api/v1/standing`` (embedded in the page for the first day)."""
    found = standing_on(reg, day)
    return [standing_record(found[c], lang) for c in sorted(found)]


# --- Enlargement -----------------------------------------------------------------------------


_CHART_W, _CHART_H = 560, 190
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 44, 16, 14, 34


def _chart(series: RatificationSeries, on: date) -> dict[str, Any]:
    """Coordinates of the inline SVG ratification chart (a step line, N dashed)."""
    span = max((series.end - series.protocol_signed).days, 1)
    top = max(series.required, 1)
    width = _CHART_W - _PAD_L - _PAD_R
    height = _CHART_H - _PAD_T - _PAD_B

    def x(day: date) -> float:
        clipped = min(max(day, series.protocol_signed), series.end)
        return round(_PAD_L + width * (clipped - series.protocol_signed).days / span, 1)

    def y(n: int) -> float:
        return round(_PAD_T + height * (1 - n / top), 1)

    first_day, first_n = series.points[0]
    path = [f"M{x(first_day)},{y(first_n)}"]
    for day, n in series.points[1:]:
        path.append(f"H{x(day)}V{y(n)}")
    path.append(f"H{x(series.end)}")
    ticks_x = [{"x": x(series.protocol_signed), "label": series.protocol_signed.isoformat()}]
    years = range(series.protocol_signed.year + 1, series.end.year + 1)
    if len(years) <= 12:
        for year in years:
            xi = x(date(year, 1, 1))
            if _PAD_L + 70 < xi < _PAD_L + width - 70:
                ticks_x.append({"x": xi, "label": str(year)})
    ticks_x.append({"x": x(series.end), "label": series.end.isoformat()})
    half = series.required // 2
    ticks_y = [{"y": y(v), "label": str(v)} for v in sorted({0, half, series.required})]
    marker = None
    if series.protocol_signed <= on <= series.end:
        marker = {
            "x": x(on),
            "label": on.isoformat(),
            "count": series.count_on(on),
            "anchor": "end" if x(on) > _PAD_L + width * 0.7 else "start",
        }
    return {
        "width": _CHART_W,
        "height": _CHART_H,
        "left": _PAD_L,
        "right": _PAD_L + width,
        "top": _PAD_T,
        "bottom": _PAD_T + height,
        "path": " ".join(path),
        "required_y": y(series.required),
        "required": series.required,
        "ticks_x": ticks_x,
        "ticks_y": ticks_y,
        "marker": marker,
        "points": [{"date": d.isoformat(), "count": n} for d, n in series.points],
        "end": series.end.isoformat(),
        "member": series.member,
        "dated": series.dated,
        "final": series.count_on(series.end),
        "incomplete": series.dated < series.count_on(series.end),
    }


def _steps(
    events: Sequence[AccessionEvent], reached: Stage | None, on: date, lang: str
) -> list[dict[str, Any]]:
    """The pipeline of a case: every stage in order, with its dates and its state on ``on``.

    States: ``done`` (reached, dated by ``on``), ``current`` (the stage reached on ``on``),
    ``skipped`` (an optional early step, intensified dialogue or MAP, the case went without),
    ``unrecorded`` (passed, but the data has no date for it), ``later`` (dated after ``on``)
    and ``pending`` (not reached and not dated).
    """
    rank = reached.rank if reached is not None else -1
    steps: list[dict[str, Any]] = []
    for stage in Stage:
        mine = [e for e in events if e.stage is stage]
        dates = sorted(e.date for e in mine)
        if not dates:
            text = ""
        elif stage is Stage.RATIFIED and len(dates) > 1:
            text = f"{dates[0].isoformat()} – {dates[-1].isoformat()}"
        else:
            text = dates[0].isoformat()
        dated_by_on = any(d.earliest <= on for d in dates)
        if stage.rank == rank:
            state = "current"
        elif stage.rank < rank:
            state = "done" if dated_by_on else ("later" if dates else "skipped")
            if state == "skipped" and stage.rank >= Stage.INVITED.rank:
                state = "unrecorded"  # every accession passes this step; the data lacks its date
        else:
            state = "later" if dates else "pending"
        steps.append(
            {
                "stage": stage.value,
                "label": gettext(STAGE_LABELS[stage], lang),
                "dates": text,
                "count": len(mine) if stage is Stage.RATIFIED else 0,
                "state": state,
            }
        )
    return steps


def _cases(reg: Registry, on: date, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Every accession case on ``on``, grouped as open, completed and not yet started."""
    groups: dict[str, list[dict[str, Any]]] = {"open": [], "member": [], "later": []}
    until = max(on, today())
    for code in sorted(reg.events_by_country):
        status = accession_status(reg, code, on)
        record = accession_record(status, lang)
        events = reg.events_by_country[code]
        reached = stage_on(reg, code, on)
        series = ratification_series(reg, code, until)
        ratification = record["ratification"]
        names = _map_names(lang)
        case = {
            **record,
            "steps": _steps(events, reached, on, lang),
            "all_events": [
                {
                    "date": e.date.isoformat(),
                    "stage_label": gettext(STAGE_LABELS[e.stage], lang),
                    "ally_name": country(e.ally).name(lang) if e.ally else None,
                    "source": e.source,
                    "note": e.note,
                    "future": e.date.earliest > on,
                }
                for e in events
            ],
            "outstanding_names": [
                names.get(c) or country(c).name(lang) for c in ratification["outstanding"]
            ],
            "share": round(100 * ratification["ratified"] / ratification["required"], 1)
            if ratification["required"]
            else 0.0,
            "ratifications_recorded": any(e.stage is Stage.RATIFIED for e in events),
            "chart": _chart(series, on) if series is not None else None,
        }
        if reached is None:
            groups["later"].append(case)
        elif reached is Stage.MEMBER:
            groups["member"].append(case)
        else:
            groups["open"].append(case)
    groups["open"].sort(key=lambda c: (-Stage(c["stage"]).rank, c["name"]))
    groups["member"].sort(key=lambda c: (c["events"][-1]["date"], c["name"]), reverse=True)
    groups["later"].sort(key=lambda c: c["name"])
    return groups


# --- About -----------------------------------------------------------------------------------

_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("Leaflet", "BSD-2-Clause", "/static/vendor/leaflet/LICENSE"),
    ("htmx", "0BSD", "/static/vendor/htmx/LICENSE"),
    ("topojson-client", "ISC", "/static/vendor/topojson-client/LICENSE"),
    ("Swagger UI", "Apache-2.0", "/static/vendor/swagger-ui/LICENSE"),
)


# --- installation ----------------------------------------------------------------------------


def install_web(app: FastAPI) -> None:
    """Mount the static files, the boundaries, the pages, the fragments and the API docs."""
    app.mount("/static", StaticFiles(packages=[("bucarest.web", "static")]), name="static")

    @app.get("/static-data/countries.topo.json", include_in_schema=False)
    def countries_topojson() -> FileResponse:
        return FileResponse(
            topojson_path(),
            media_type="application/json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(
        request: Request, reg: RegistryDep, lang: LangQuery = None, on: OnQuery = None
    ) -> Response:
        lang = _web_lang(request, lang)
        last = today()
        try:
            day = min(max(_day(on, MAP_DEFAULT_DAY), FIRST_DAY), last)
            initial = _standing_json(reg, day, lang)
            enlargements = _enlargements(reg, lang, last)
        except BucarestError as exc:
            return _error_page(request, lang, exc, "map")
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
            "names": _map_names(lang),
            "initial": initial,
            "strings": {
                "loading": gettext(N_("Loading…"), lang),
                "error": gettext(N_("The standing on this date could not be loaded."), lang),
                "noRecord": gettext(N_("No standing recorded"), lang),
            },
        }
        return render(
            request,
            "map.html",
            lang,
            active="map",
            day=day,
            first_day=FIRST_DAY,
            last_day=last,
            day_index=(day - FIRST_DAY).days,
            day_count=(last - FIRST_DAY).days,
            legend=_legend(lang),
            enlargements=enlargements,
            config=config,
        )

    @app.get("/fragments/country/{code}", response_class=HTMLResponse, include_in_schema=False)
    def country_fragment(
        request: Request,
        reg: RegistryDep,
        code: Annotated[str, Path(description="ISO 3166-1 alpha-3")],
        lang: LangQuery = None,
        on: OnQuery = None,
    ) -> Response:
        lang = _web_lang(request, lang)
        try:
            day = parse_date(on) if on else None
            history = country_history(reg, code)
        except BucarestError as exc:
            return HTMLResponse(
                _environment()
                .get_template("fragments/error.html")
                .render(_=_translator(lang), message=exc.translated(lang)),
                status_code=status_for(exc),
            )
        record = history_record(history, lang)
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
        html = (
            _environment()
            .get_template("fragments/country.html")
            .render(
                _=_translator(lang),
                lang=lang,
                record=record,
                rows=rows,
                day=day,
                standing_label=gettext(STANDING_LABELS[standing.standing], lang)
                if standing
                else None,
                standing_colour=STANDING_COLOURS[standing.standing] if standing else None,
            )
        )
        return HTMLResponse(html)

    @app.get("/enlargement", response_class=HTMLResponse, include_in_schema=False)
    def enlargement_page(
        request: Request, reg: RegistryDep, lang: LangQuery = None, on: OnQuery = None
    ) -> Response:
        lang = _web_lang(request, lang)
        try:
            day = _day(on, today())
            cases = _cases(reg, day, lang)
        except BucarestError as exc:
            return _error_page(request, lang, exc, "enlargement")
        return render(
            request,
            "enlargement.html",
            lang,
            active="enlargement",
            day=day,
            first_day=FIRST_DAY,
            last_day=today(),
            cases=cases,
        )

    @app.get("/about", response_class=HTMLResponse, include_in_schema=False)
    def about_page(request: Request, reg: RegistryDep, lang: LangQuery = None) -> Response:
        lang = _web_lang(request, lang)
        return render(
            request,
            "about.html",
            lang,
            active="about",
            seed_title=SEED_TITLE,
            frameworks=[framework_record(f, lang) for f in reg.frameworks],
            libraries=[{"name": n, "licence": li, "url": u} for n, li, u in _LIBRARIES],
        )

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/openapi.json",
            title="bucarest API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

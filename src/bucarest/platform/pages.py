"""The page shell: navigation, language switch, template rendering and error pages.

A capability keeps its templates in its own package, under ``templates/<capability>/``, and
names them with that prefix (``"ledger/dashboard.html"`` is read from
``bucarest/ledger/templates/ledger/dashboard.html``); the shell's own are ``platform/…``.
Each capability declares its navigation entries; the composition root puts them in order::

    >>> set_navigation([NavItem("map", "/", "Alliance map"), NavItem("about", "/about", "About")])
    >>> [item.key for item in NAV]
    ['map', 'about']

Every user-facing string of the templates goes through ``_()``, which translates into the
page's language with :func:`bucarest.core.i18n.gettext`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from bucarest import __version__
from bucarest.core.errors import N_, BucarestError, InvalidInputError, NotFoundError
from bucarest.core.geo import topojson_path
from bucarest.core.i18n import LANGUAGES, gettext
from bucarest.platform.http import (
    error_json,
    http_error_json,
    pick_lang,
    secure_cookies,
    status_for,
)

__all__ = [
    "NAV",
    "NavItem",
    "environment",
    "error_page",
    "install_shell",
    "linkify",
    "render",
    "set_navigation",
    "translator",
    "web_lang",
]


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation: a stable key, a path and a label marked with ``N_``.

    A ``dated`` page shows the situation on a date (``?on=YYYY-MM-DD``): its link carries the
    date chosen on the page the user is reading, so the date stays the query from page to page.
    """

    key: str
    path: str
    label: str
    dated: bool = False


#: The navigation, in order, as the composition root set it with :func:`set_navigation`.
NAV: list[NavItem] = []


def set_navigation(items: Iterable[NavItem]) -> None:
    """Show ``items`` in the navigation, in this order (labels marked with ``N_``)."""
    NAV[:] = list(items)


@functools.cache
def _package_loader(package: str) -> jinja2.BaseLoader:
    return jinja2.PackageLoader(f"bucarest.{package}", "templates")


class CapabilityLoader(jinja2.BaseLoader):
    """Reads ``"<capability>/<file>"`` from ``bucarest.<capability>``'s ``templates/<capability>/``."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        package, _, rest = template.partition("/")
        if not rest or not package.isidentifier():
            raise jinja2.TemplateNotFound(template)
        try:
            loader = _package_loader(package)
        except (ModuleNotFoundError, ValueError):
            raise jinja2.TemplateNotFound(template) from None
        return loader.get_source(environment, template)


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of every page (autoescaped, strict about undefined names)."""
    env = jinja2.Environment(
        loader=CapabilityLoader(),
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


def _nav_path(item: NavItem, chosen: str) -> str:
    """``item``'s link, with the date ``chosen`` on this page when ``item`` is dated."""
    if not item.dated or not _DAY.match(chosen):
        return item.path
    return item.path + "?" + urlencode({"on": chosen})


#: A date as the ``on`` query takes it (checked by each page; here only to carry it along).
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def translator(lang: str) -> Callable[[str], str]:
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
    page = environment().get_template(template)
    # The date a dated page shows (its ``day``) or, failing that, the one asked for.
    on = ""
    if any(n.dated and n.key == active for n in NAV):
        day = context.get("day")
        on = day.isoformat() if isinstance(day, date) else request.query_params.get("on", "")
    html = page.render(
        _=translator(lang),
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
                "path": _nav_path(n, on),
                "dated": n.dated,
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
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, path="/", samesite="lax",
                            httponly=True, secure=secure_cookies(request))  # fmt: skip
    return response


def web_lang(request: Request, lang: str | None) -> str:
    """The page language (as the API chooses it); an unknown ``?lang=`` falls back quietly."""
    try:
        return pick_lang(request, lang)
    except InvalidInputError:
        return pick_lang(request, None)


def error_page(request: Request, lang: str, exc: BucarestError, active: str = "") -> HTMLResponse:
    return render(
        request,
        "platform/error.html",
        lang,
        active=active,
        status_code=status_for(exc),
        message=exc.translated(lang),
    )


router = APIRouter(include_in_schema=False)


@router.get("/static-data/countries.topo.json", include_in_schema=False)
def countries_topojson() -> FileResponse:
    return FileResponse(
        topojson_path(),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI from the vendored bundle, started by a static script (no inline one: the
    Content-Security-Policy forbids them)."""
    config = {"url": request.app.openapi_url or "/api/openapi.json", "layout": "BaseLayout",
              "deepLinking": True, "showExtensions": True, "showCommonExtensions": True,
              "validatorUrl": None}  # fmt: skip
    return HTMLResponse(_SWAGGER.format(config=_json_script(config)))


_SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bucarest API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/vendor/swagger-ui/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script type="application/json" id="swagger-config">{config}</script>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/js/swagger-init.js"></script>
</body>
</html>
"""


#: Paths answered for programs (JSON, files, fragments), never with an HTML page.
_NOT_PAGES = ("/api/", "/static", "/fragments/", "/taxii2")


def _active(path: str) -> str:
    """The navigation entry a page belongs to: the longest entry path that prefixes it."""
    inside = [i for i in NAV if path == i.path or (i.path != "/" and path.startswith(i.path + "/"))]
    return max(inside, key=lambda i: len(i.path)).key if inside else ""


async def _page_or_json(request: Request, exc: StarletteHTTPException) -> Response:
    # A person who mistypes a page address gets a page; programs under /api get JSON.
    if request.url.path.startswith(_NOT_PAGES) or exc.status_code != 404:
        return http_error_json(request, exc)
    lang = web_lang(request, request.query_params.get("lang"))
    missing = NotFoundError(N_("no such page or resource: {path}"), path=request.url.path)
    return error_page(request, lang, missing)


async def _error_page_or_json(request: Request, exc: BucarestError) -> Response:
    # A page that fails (a bad date, an unknown id, a record the reader may not see) is
    # answered with the shell's error page, in the page's language, with its status; the
    # pages themselves only raise.
    if request.url.path.startswith(_NOT_PAGES):
        return error_json(request, exc)
    lang = web_lang(request, request.query_params.get("lang"))
    return error_page(request, lang, exc, _active(request.url.path))


def install_shell(app: FastAPI, static_packages: Sequence[str]) -> None:
    """Serve the shell on ``app``: the static files of the platform and of each package in
    ``static_packages`` under ``/static``, the boundaries, the API docs, and HTML error pages
    for page addresses (a page route raises :class:`BucarestError`; the shell renders it)."""
    packages: list[str | tuple[str, str]] = [("bucarest.platform", "static")]
    packages += [(package, "static") for package in static_packages]
    app.mount("/static", StaticFiles(packages=packages), name="static")
    app.add_exception_handler(StarletteHTTPException, _page_or_json)  # type: ignore[arg-type]
    app.add_exception_handler(BucarestError, _error_page_or_json)  # type: ignore[arg-type]
    app.include_router(router)

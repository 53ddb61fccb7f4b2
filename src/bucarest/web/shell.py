"""The page shell: navigation, language switch, template rendering and error pages.

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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from bucarest import __version__
from bucarest.api.deps import pick_lang
from bucarest.api.errors import status_for
from bucarest.core.errors import N_, BucarestError, InvalidInputError
from bucarest.core.i18n import LANGUAGES, gettext

__all__ = [
    "NAV",
    "NavItem",
    "add_nav",
    "environment",
    "error_page",
    "linkify",
    "render",
    "translator",
    "web_lang",
]


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
def environment() -> jinja2.Environment:
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


def web_lang(request: Request, lang: str | None) -> str:
    """The page language (as the API chooses it); an unknown ``?lang=`` falls back quietly."""
    try:
        return pick_lang(request, lang)
    except InvalidInputError:
        return pick_lang(request, None)


def error_page(request: Request, lang: str, exc: BucarestError, active: str = "") -> HTMLResponse:
    return render(
        request,
        "error.html",
        lang,
        active=active,
        status_code=status_for(exc),
        message=exc.translated(lang),
    )

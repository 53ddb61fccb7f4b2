"""No page, API answer or report shows a working note (how a row was curated) to users.

Crawls every page reachable from the navigation, in English and French, on today's date and
on the summit's date, every country panel, every GET route of the API document, and renders
the progress review in both languages and both formats; each text is checked against the
working-note vocabulary of ``core.provenance``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.provenance import working_note_in
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.report import render_review
from bucarest.registry.data import load_embedded_registry

SUMMIT = "2008-04-03"
# Pages that answer a form or stream a download are not content pages.
SKIP = re.compile(r"^/(static|api|login|logout|account|desk/.*/(new|edit))\b|\.(png|csv|json|svg)$")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


class _Text(HTMLParser):
    """The text a reader sees, plus the attributes a screen reader or tooltip shows."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def links_of(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.links:
        url = urlsplit(urljoin(base, href))
        if url.netloc in ("", "testserver") and not SKIP.search(url.path):
            out.append(url.path + (f"?{url.query}" if url.query else ""))
    return out


def with_query(path: str, **params: str) -> str:
    sep = "&" if "?" in path else "?"
    query = "&".join(f"{k}={v}" for k, v in params.items() if f"{k}=" not in path)
    return path + (sep + query if query else "")


def _note(where: str, text: str) -> str | None:
    found = working_note_in(text)
    if found is None:
        return None
    at = text.lower().find(found.lower())
    return f"{where}: {found!r} in …{text[max(0, at - 60) : at + 60]!r}…"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("notes") / "t.sqlite3"
    with TestClient(create_app("sqlite:///" + str(path))) as c:
        yield c


def _crawl(client: TestClient, lang: str, on: str | None) -> list[str]:
    params = {"lang": lang} | ({"on": on} if on else {})
    todo = ["/"]
    seen: set[str] = set()
    found: list[str] = []
    while todo:
        path = todo.pop()
        key = path.split("?")[0]
        if key in seen:
            continue
        seen.add(key)
        url = with_query(path, **params)
        r = client.get(url)
        if r.status_code != 200 or "text/html" not in r.headers.get("content-type", ""):
            continue
        note = _note(url, visible_text(r.text))
        if note:
            found.append(note)
        todo.extend(link for link in links_of(r.text, url) if link.split("?")[0] not in seen)
    assert len(seen) > 10, f"the crawl reached only {sorted(seen)}"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("on", [None, SUMMIT])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_shows_a_working_note(client: TestClient, lang: str, on: str | None) -> None:
    found = _crawl(client, lang, on)
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_country_panel_shows_a_working_note(client: TestClient, lang: str) -> None:
    codes = sorted({m.country for m in load_embedded_registry().memberships})
    found = []
    for on in (None, SUMMIT):
        for code in codes:
            url = with_query(f"/fragments/country/{code}", lang=lang, **({"on": on} if on else {}))
            r = client.get(url)
            assert r.status_code == 200, url
            note = _note(url, visible_text(r.text))
            if note:
                found.append(note)
    assert not found, "\n".join(found[:20])


def _get_routes(client: TestClient) -> list[str]:
    doc = client.get("/api/openapi.json").json()
    # One shipped value per path parameter; the desk's records and jobs are per-user and
    # empty here, and the critical-asset ranking is a long batch job with its own tests.
    fill = {
        "code": "MKD",
        "commitment_id": "nrc-transit",
        "framework_id": "nrc",
        "dataset_id": "winter-2008-09",
        "scenario_id": "jan-2009",
        "architecture_id": "us-third-site-2008",
        "threat_id": "iran-mrbm",
    }
    routes = []
    for path, ops in doc["paths"].items():
        if "get" not in ops:
            continue
        names = re.findall(r"{(\w+)}", path)
        if "/critical/" in path or any(n not in fill for n in names):
            continue
        routes.append(re.sub(r"{(\w+)}", lambda m: fill[m.group(1)], path))
    return routes


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_api_answer_holds_a_working_note(client: TestClient, lang: str) -> None:
    routes = _get_routes(client)
    assert len(routes) > 10
    found = []
    for route in routes:
        for on in (None, SUMMIT):
            url = with_query(route, lang=lang, **({"on": on} if on else {}))
            r = client.get(url)
            if r.status_code != 200:
                continue
            note = _note(url, r.text)
            if note:
                found.append(note)
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_review_holds_no_working_note(lang: str, fmt: str) -> None:
    ledger = load_embedded_ledger()
    review = build_review(ledger, "bucharest-2008", date(2009, 4, 3))
    text = render_review(review, ledger, lang, fmt)  # type: ignore[arg-type]
    if fmt == "html":
        text = visible_text(text)
    note = _note(f"review {lang} {fmt}", text)
    assert note is None, note

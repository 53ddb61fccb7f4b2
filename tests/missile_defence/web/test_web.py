"""The missile-defence page: pickers from the shipped catalogue, choices in the address, the
script's configuration, errors as HTML pages, nothing loaded from another host."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from bucarest.app import create_app
from bucarest.core.i18n import gettext
from bucarest.core.provenance import working_note_in
from bucarest.missile_defence import web as md_pages
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.labels import ASSET_LIMIT_NAMES, EVENT_LABELS
from bucarest.missile_defence.web import (
    DEFAULT_ARCHITECTURE,
    DEFAULT_THREAT,
    RESOLUTIONS_KM,
)
from bucarest.platform.pages import NAV
from tests.registry.web.test_web import Refs, local, outside_references

WEB = Path(md_pages.__file__).parent
TEMPLATE = WEB / "templates" / "missile_defence" / "page.html"
STATIC = WEB / "static"
SCRIPT = STATIC / "missile_defence" / "md.js"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("md-web") / "t.sqlite3"
    app = create_app("sqlite:///" + str(path))
    with TestClient(app) as c:
        yield c


def get(client: TestClient, expect: int = 200, **params: str) -> str:
    client.cookies.clear()
    r = client.get("/missile-defence", params=params)
    assert r.status_code == expect, (params, r.status_code, r.text[-400:])
    assert r.headers["content-type"].startswith("text/html")
    text: str = r.text
    return text


def config(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="md-config">(.*?)</script>', html, re.S)
    assert m is not None
    found: dict[str, Any] = json.loads(m.group(1))
    return found


def options(html: str, select_id: str) -> list[tuple[str, bool]]:
    """The (value, selected) of each option of a select."""
    m = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert m is not None, select_id
    return [
        (v, bool(s)) for v, s in re.findall(r'<option value="([^"]*)"( selected)?>', m.group(1))
    ]


class Attrs(HTMLParser):
    """Every ``src`` and ``href`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in {"src", "href"}]


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_renders_in_both_languages(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang)
    assert f'<html lang="{lang}">' in html
    title = str(escape(gettext("Missile defence", lang)))
    assert f"<title>{title} · bucarest</title>" in html
    assert 'aria-current="page">' + title in html
    keys = [n.key for n in NAV]
    assert "md" in keys and keys.index("md") < keys.index("about")
    for item in NAV:
        assert f'href="{item.path}"' in html
    for element in (
        'id="md-form"', 'id="md-architecture"', 'id="md-threat"', 'id="md-on"',
        'id="md-resolution"', 'id="md-compute"', 'id="md-progress"', "<progress",
        'id="md-map"', 'id="md-results-table"', 'id="md-launch"', 'id="md-class"',
        'id="md-target-lat"', 'id="md-target-lon"', 'id="md-inspect"', 'id="md-timeline"',
    ):  # fmt: skip
        assert element in html, element
    # Every control has a label; the errors go to alerts.
    for control in re.findall(r'<(?:select|input)[^>]* id="([\w-]+)"', html):
        assert f'<label for="{control}">' in html, control
    assert html.count('role="alert"') == 3  # the coverage, the inspector, the comparison
    assert html.count('<th scope="col"') == 26  # with the binding-constraint column, the assets
    cfg = config(html)
    assert cfg["lang"] == lang
    assert cfg["strings"]["loading"] == gettext("Loading…", lang)
    assert cfg["strings"]["event.launch"] == gettext("Launch", lang)
    assert set(cfg["architectures"]) == set(load_catalogue().architectures)


def test_pickers_list_the_shipped_catalogue_with_the_defaults(client: TestClient) -> None:
    html = get(client)
    cat = load_catalogue()
    archs = options(html, "md-architecture")
    assert [v for v, _ in archs] == list(cat.architectures)
    assert [v for v, s in archs if s] == [DEFAULT_ARCHITECTURE] == ["us-third-site-2008"]
    threats = options(html, "md-threat")
    assert {v for v, _ in threats} == {"iran-mrbm", "iran-irbm", "iran-icbm", "iran-2008",
                                       "iran-sejjil", "iran-mrbm-west"}  # fmt: skip
    assert [v for v, s in threats if s] == [DEFAULT_THREAT] == ["iran-2008"]
    assert 'id="md-on" name="on" min="1949-01-01"' in html and 'value="2008-04-03" required' in html
    res = options(html, "md-resolution")
    assert [v for v, _ in res] == [str(r) for r in RESOLUTIONS_KM] == ["50", "25", "10"]
    assert [v for v, s in res if s] == ["50"]
    # The inspector starts from the default threat's launch sites and classes.
    assert [v for v, _ in options(html, "md-launch")] == [
        "tabriz", "kermanshah", "tehran", "semnan", "shahrud", "haji-abad",
    ]  # fmt: skip
    assert [v for v, _ in options(html, "md-class")] == [
        "shahab-3", "ghadr-1", "irbm-3stage", "icbm-hypothetical",
    ]  # fmt: skip


def test_choices_in_the_address_select_the_pickers(client: TestClient) -> None:
    html = get(
        client, architecture="epaa-phase-1", threat="iran-mrbm", on="2009-04-01", resolution_km="25"
    )
    assert [v for v, s in options(html, "md-architecture") if s] == ["epaa-phase-1"]
    assert [v for v, s in options(html, "md-threat") if s] == ["iran-mrbm"]
    assert [v for v, s in options(html, "md-resolution") if s] == ["25"]
    assert 'value="2009-04-01" required' in html
    assert [v for v, _ in options(html, "md-class")] == ["shahab-3", "ghadr-1"]
    assert (
        'href="/api/v1/md/coverage.png?architecture=epaa-phase-1&amp;threat=iran-mrbm'
        '&amp;on=2009-04-01&amp;resolution_km=25&amp;lang=en"' in html
    )


def test_config_points_at_the_missile_defence_api(client: TestClient) -> None:
    cfg = config(get(client, lang="fr"))
    client.cookies.clear()
    arch = cfg["architectures"]["us-third-site-2008"]
    assert [s["id"] for s in arch["sites"]] == ["redzikowo-gbi"]
    fbx = next(r for r in arch["radars"] if r["id"] == "fbx-forward")
    assert fbx["range_km"] == 1500.0 and fbx["sector_deg"] == 120.0
    mrbm = cfg["threats"]["iran-mrbm"]
    assert mrbm["classes"] == [
        {"id": "shahab-3", "name": mrbm["classes"][0]["name"], "range_km": 1300.0},
        {"id": "ghadr-1", "name": mrbm["classes"][1]["name"], "range_km": 2000.0},
    ]
    tehran = next(s for s in mrbm["launch_sites"] if s["id"] == "tehran")
    assert cfg["colours"]["covered"] == "#0072b2" and cfg["colours"]["sensor"] == "#e69f00"
    assert (
        cfg["colours"]["kinematics"] == "#d55e00" and cfg["colours"]["notThreatened"] == "#c8c8c8"
    )
    r = client.get(
        cfg["trajectoryUrl"],
        params={"from": f"{tehran['lat']},{tehran['lon']}", "to": "39.9,32.8",
                "missile": "ghadr-1", "architecture": arch["id"], "lang": "fr"},
    )  # fmt: skip
    assert r.status_code == 200
    kinds = {e["kind"] for e in r.json()["events"]}
    assert {"launch", "impact"} <= kinds <= set(EVENT_LABELS)
    r = client.post(
        cfg["jobsUrl"],
        json={"kind": "coverage", "architecture": arch["id"], "threat": "iran-mrbm"},
    )
    assert r.status_code == 202
    assert client.get(f"{cfg['jobsUrl']}/{r.json()['id']}").status_code == 200
    assert cfg["pngUrl"] == "/api/v1/md/coverage.png"
    assert cfg["topologyUrl"] == "/static-data/countries.topo.json"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_loads_and_links_nothing_from_another_host(client: TestClient, lang: str) -> None:
    # Citations link to their sources (never loaded); everything else stays on this host.
    html = without_citations(get(client, lang=lang))
    refs = Refs()
    refs.feed(html)
    assert all(local(u) for u in refs.loaded), refs.loaded
    assert "/static/missile_defence/md.js" in refs.loaded
    assert "/static/missile_defence/md.css" in refs.loaded
    assert "/static/vendor/leaflet/leaflet.js" in refs.loaded
    attrs = Attrs()
    attrs.feed(html)
    assert attrs.urls and all(local(u) or u.startswith("#") for u in attrs.urls), attrs.urls
    assert "http://" not in html and "https://" not in html
    assert outside_references(html) == []
    for path in (SCRIPT, STATIC / "missile_defence" / "md.css"):
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path
        assert client.get("/static/" + path.relative_to(STATIC).as_posix()).status_code == 200


# --- sources --------------------------------------------------------------------------------


def without_citations(html: str) -> str:
    return re.sub(r'<cite class="citation">.*?</cite>', "", html, flags=re.S)


def sources_section(html: str) -> str:
    m = re.search(r'<section class="md-sources" id="md-sources".*?</section>', html, re.S)
    assert m is not None
    return m.group(0)


def visible_blocks(section: str) -> list[str]:
    return re.findall(r'<div class="md-source-block" (data-sources-\w+="[\w-]+")>', section)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_shows_the_sources_of_what_it_displays(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang, architecture="us-third-site-2008-lower-tier", threat="iran-irbm")
    section = sources_section(html)
    assert f'<h2 id="md-sources-title">{gettext("Sources", lang)}</h2>' in section
    # Only the chosen architecture and threat are shown; the script shows the others on change.
    assert visible_blocks(section) == [
        'data-sources-architecture="us-third-site-2008-lower-tier"',
        'data-sources-threat="iran-irbm"',
    ]
    assert 'class="confidence confidence-secondary"' in section  # the 2008 plan's GBI site
    assert 'class="confidence confidence-estimate"' in section  # the illustrative batteries
    assert str(escape(gettext("Estimate", lang))) in section
    assert "https://www.nato.int/cps/en/natohq/official_texts_8443.htm" in section
    assert "Nuclear Threat Initiative" in section  # the Semnan launch site
    name = {"en": "Semnan launch site (Imam Khomeini Space Center)",
            "fr": "Site de lancement de Semnan (centre spatial Imam-Khomeini)"}[lang]  # fmt: skip
    assert name in section
    assert working_note_in(re.sub(r"<[^>]+>", " ", html)) is None
    assert "research notes" not in html and "location_source" not in html
    # Every architecture and threat has its block, for the script to show.
    cat = load_catalogue()
    for a in cat.architectures:
        assert f'data-sources-architecture="{a}"' in section
    for t in cat.threats:
        assert f'data-sources-threat="{t}"' in section


def test_the_script_shows_the_sources_of_the_chosen_architecture_and_threat() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert 'showSources("data-sources-architecture", id)' in text
    assert 'showSources("data-sources-threat", id)' in text


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"architecture": "no-such-plan"}, 404, "no-such-plan"),
        ({"threat": "no-such-threat"}, 404, "no-such-threat"),
        ({"resolution_km": "7"}, 400, "7"),
        ({"on": "2008-02-30"}, 400, "2008-02-30"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_bad_choices_get_an_error_page(
    client: TestClient, params: dict[str, str], status: int, message: str, lang: str
) -> None:
    html = get(client, expect=status, lang=lang, **params)
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "\n" not in alert.group(1)
    assert message in alert.group(1)
    assert f'<html lang="{lang}">' in html
    assert 'aria-current="page">' + str(escape(gettext("Missile defence", lang))) in html


# --- strings ---------------------------------------------------------------------------------


def _template_strings() -> set[str]:
    text = TEMPLATE.read_text(encoding="utf-8")
    return {ast.literal_eval(m) for m in re.findall(r'_\(("(?:[^"\\]|\\.)*")\)', text)}


def test_the_script_uses_only_strings_the_page_gives() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"\bS\.(\w+)", script))
    given = set(md_pages._strings("en"))
    assert used <= given, sorted(used - given)
    assert {f"event.{k}" for k in EVENT_LABELS} <= given
    # No user-facing literal in the script: text comes from the strings or the data.
    literals = re.findall(r'textContent = "([^"]*[A-Za-z][^"]*)"', script)
    assert literals == [], literals
    assert "Missile defence" in _template_strings()


def test_shipped_resources_exist() -> None:
    static = resources.files("bucarest.missile_defence") / "static" / "missile_defence"
    assert (static / "md.js").is_file() and (static / "md.css").is_file()
    templates = resources.files("bucarest.missile_defence") / "templates" / "missile_defence"
    assert (templates / "page.html").is_file()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_comparison_view_is_on_the_page(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang, architecture="us-third-site-2008")
    for element in ('id="md-compare"', 'id="md-compare-form"', 'id="md-compare-a"',
                    'id="md-compare-b"', 'id="md-compare-run"', 'id="md-compare-map"',
                    'id="md-compare-table"', 'id="md-compare-csv"', 'id="md-compare-progress"'):  # fmt: skip
        assert element in html, element
    assert [v for v, s in options(html, "md-compare-a") if s] == ["us-third-site-2008"]
    assert [v for v, s in options(html, "md-compare-b") if s] == ["epaa-phase-3"]
    # The table scrolls inside its own box on a phone.
    table_at = html.index('id="md-compare-table"')
    assert html.rfind('<div class="table-scroll">', 0, table_at) > html.rfind("</div>", 0, table_at)
    for text in ("Compare two architectures", "Covered in A", "Covered in B", "B minus A",
                 "Covered by B only"):  # fmt: skip
        assert str(escape(gettext(text, lang))) in html, text
    cfg = config(html)
    assert cfg["compareUrl"] == "/api/v1/md/compare"
    assert set(cfg["compareColours"]) == set(cfg["compareStrings"]["kinds"])
    assert cfg["compareStrings"]["kinds"]["neither"] == gettext("Covered by neither", lang)
    assert '<script src="/static/missile_defence/md-compare.js"></script>' in html
    # With A the default B, B is another architecture.
    html = get(client, lang=lang, architecture="epaa-phase-3")
    assert [v for v, s in options(html, "md-compare-b") if s] != ["epaa-phase-3"]


# --- defended assets and downloads ----------------------------------------------------------


def assets_section(html: str) -> str:
    m = re.search(r'<section class="md-assets" id="md-assets".*?</section>', html, re.S)
    assert m is not None
    return m.group(0)


def asset_rows(section: str) -> dict[str, list[str]]:
    """Each asset row's cells (text, tags dropped), by asset id."""
    rows = re.findall(r'<tr data-asset="([\w-]+)"[^>]*>(.*?)</tr>', section, re.S)
    return {
        key: [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
        for key, body in rows
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_defended_assets_table_is_rendered_with_the_page(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang)
    section = assets_section(html)
    assert f'<h2 id="md-assets-title">{escape(gettext("Defended assets", lang))}</h2>' in section
    api = client.get("/api/v1/md/effectiveness", params={"architecture": DEFAULT_ARCHITECTURE,
                     "threat": DEFAULT_THREAT, "on": "2008-04-03", "lang": lang}).json()  # fmt: skip
    rows = asset_rows(section)
    assert list(rows) == [a["id"] for a in api["assets"]]
    assert (
        'data-architecture="us-third-site-2008" data-threat="iran-2008" data-on="2008-04-03"'
        in section
    )
    for heading in ("Engaging sites", "P(no leak)", "Expected leakers", "Why not engaged"):
        assert str(escape(gettext(heading, lang))) in section, heading
    # The raid and doctrine the figures assume, in one sentence above the table.
    assumptions = re.search(r'<p class="md-assumptions"[^>]*>(.*?)</p>', section, re.S)
    assert assumptions is not None and section.index("md-assumptions") < section.index("<table")
    sspk = {"en": "0.80", "fr": "0,80"}[lang]
    assert "salvo:1" in assumptions.group(1) and sspk in assumptions.group(1)
    # Numbers as the rest of the page writes them; constraints through the catalogues.
    gbi = load_catalogue().site("redzikowo-gbi").name.get(lang)
    engaged = next(a for a in api["assets"] if a["sites"] and a["p_no_leak"] == 0.8)
    cells = rows[engaged["id"]]
    assert cells[0].startswith(engaged["name"]) and cells[1] == str(escape(gbi))
    assert cells[2] == "10" and cells[4] == {"en": "80%", "fr": "80\u00a0%"}[lang]
    assert cells[6] == {"en": "0.20", "fr": "0,20"}[lang]
    assert cells[7] == gettext("closed form", lang)
    missed = next(a for a in api["assets"] if a["threatened"] and not a["sites"])
    assert rows[missed["id"]][-1] == str(
        escape(gettext(ASSET_LIMIT_NAMES[missed["limited_by"]], lang))
    )
    assert f'data-limited-by="{missed["limited_by"]}"' in section
    assert working_note_in(re.sub(r"<[^>]+>", " ", section)) is None


def test_the_assets_section_alone_follows_the_choices(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/missile-defence/assets", params={"architecture": "epaa-phase-3",
                   "threat": "iran-irbm", "on": "2025-01-01", "lang": "fr"})  # fmt: skip
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<html" not in r.text and 'id="md-assets-table"' in r.text
    assert 'data-architecture="epaa-phase-3" data-threat="iran-irbm" data-on="2025-01-01"' in r.text
    assert str(escape(gettext("Engaging sites", "fr"))) in r.text
    assert client.get("/missile-defence/assets", params={"architecture": "nope"}).status_code == 404


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_downloads_sit_beside_the_map_download(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang, architecture="us-third-site-2008", threat="iran-mrbm",
               on="2008-04-03", resolution_km="50")  # fmt: skip
    links = dict(
        re.findall(
            r'<a id="(md-(?:png|geojson|csv|assets-csv))" class="md-download" href="([^"]+)"', html
        )
    )
    assert set(links) == {"md-png", "md-geojson", "md-csv", "md-assets-csv"}
    for text in ("Download the coverage (GeoJSON)", "Download the coverage by country (CSV)",
                 "Download the defended assets (CSV)"):  # fmt: skip
        assert str(escape(gettext(text, lang))) in html, text
    common = "architecture=us-third-site-2008&amp;threat=iran-mrbm&amp;on=2008-04-03"
    assert links["md-geojson"] == (f"/api/v1/md/coverage.geojson?{common}&amp;resolution_km=50"
                                   "&amp;status=covered&amp;status=uncovered&amp;status=not-threatened")  # fmt: skip
    assert (
        links["md-csv"]
        == f"/api/v1/md/coverage?{common}&amp;resolution_km=50&amp;format=csv&amp;lang={lang}"
    )
    assert (
        links["md-assets-csv"]
        == f"/api/v1/md/effectiveness?{common}&amp;format=csv&amp;lang={lang}"
    )
    cfg = config(html)
    assert (cfg["geojsonUrl"], cfg["coverageUrl"], cfg["effectivenessUrl"], cfg["assetsUrl"]) == (
        "/api/v1/md/coverage.geojson", "/api/v1/md/coverage", "/api/v1/md/effectiveness",
        "/missile-defence/assets",
    )  # fmt: skip


def test_the_page_scripts_share_the_platform_job_polling(client: TestClient) -> None:
    html = get(client)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts.index("/static/js/jobs.js") < scripts.index("/static/missile_defence/md.js")
    assert client.get("/static/js/jobs.js").status_code == 200
    for path in (SCRIPT, STATIC / "missile_defence" / "md-compare.js"):
        text = path.read_text(encoding="utf-8")
        assert "window.bucarestJobs" in text and "function poll(" not in text, path
        assert "setTimeout(tick" not in text and "function apiError(" not in text, path

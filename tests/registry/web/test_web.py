"""The server-rendered pages: shell, map, fragments, Enlargement, About, API docs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from bucarest.app import STATIC_PACKAGES, create_app
from bucarest.core.i18n import gettext
from bucarest.core.provenance import working_note_in
from bucarest.platform.pages import NAV
from bucarest.registry.data import load_embedded_registry
from bucarest.registry.domain.model import Stage
from bucarest.registry.domain.standing import Standing
from bucarest.registry.labels import STANDING_LABELS
from bucarest.registry.web import SUMMIT_ACCOUNT_TITLE

PAGES = ["/", "/enlargement", "/about", "/?on=2009-04-01", "/enlargement?on=2008-10-15"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("web") / "t.sqlite3"
    with TestClient(create_app("sqlite:///" + str(path))) as c:
        yield c


def get(client: TestClient, url: str, **params: str) -> str:
    client.cookies.clear()
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


class Refs(HTMLParser):
    """Every URL a page would load by itself (scripts, styles, images, frames…)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and "src" in a:
            self.loaded.append(a["src"])
        elif tag == "link" and a.get("rel") != "alternate":
            self.loaded.append(a.get("href", ""))
        elif tag in {"img", "iframe", "source", "audio", "video", "embed"} and "src" in a:
            self.loaded.append(a["src"])
        elif tag == "object" and "data" in a:
            self.loaded.append(a["data"])
        if "style" in a and "url(" in a["style"]:
            self.loaded.append(a["style"])


def local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


_CITATIONS = re.compile(
    r"<a\b[^>]*>.*?</a>|<span class=\"citation\"[^>]*>.*?</span>|<(p|span) class=\"note\">.*?</\1>",
    re.S,
)


def outside_references(html: str) -> list[str]:
    """``http(s)://`` references that are not source links or citations."""
    return re.findall(r"https?://[^\s\"'<>)]+", _CITATIONS.sub("", html))


# --- the shell -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_render_in_both_languages(client: TestClient, url: str, lang: str) -> None:
    html = get(client, url, lang=lang)
    assert f'<html lang="{lang}">' in html
    for item in NAV:
        # a dated page's link carries the date this page shows
        assert f'href="{item.path}"' in html or f'href="{item.path}?on=' in html
        assert str(escape(gettext(item.label, lang))) in html
    assert 'hreflang="fr"' in html and 'hreflang="en"' in html


def test_lang_query_sets_a_cookie_that_later_pages_follow(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/about", params={"lang": "fr"})
    assert "lang=fr" in r.headers["set-cookie"]
    assert '<html lang="fr">' in client.get("/enlargement").text
    client.cookies.clear()
    assert '<html lang="en">' in client.get("/enlargement").text


def test_accept_language_and_unknown_lang(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr">' in r.text
    r = client.get("/", params={"lang": "de"})  # an unknown language falls back quietly
    assert r.status_code == 200 and '<html lang="en">' in r.text


def test_language_switch_keeps_the_other_query_parameters(client: TestClient) -> None:
    html = get(client, "/enlargement", on="2008-10-15", lang="en")
    assert 'href="/enlargement?on=2008-10-15&amp;lang=fr"' in html


@pytest.mark.parametrize("url", [*PAGES, "/api/docs"])
def test_pages_load_nothing_from_another_host(client: TestClient, url: str) -> None:
    for lang in ("en", "fr"):
        html = get(client, url, lang=lang)
        refs = Refs()
        refs.feed(html)
        assert refs.loaded, url
        assert all(local(u) for u in refs.loaded), refs.loaded
        assert outside_references(html) == [], url


@pytest.mark.parametrize("package", ["bucarest.platform", *STATIC_PACKAGES])
def test_own_static_files_reference_no_other_host(client: TestClient, package: str) -> None:
    static = resources.files(package) / "static"
    own = [p for p in Path(str(static)).rglob("*") if p.is_file() and "vendor" not in p.parts]
    assert {p.suffix for p in own} & {".css", ".js"}, package
    for p in own:
        text = p.read_text(encoding="utf-8")
        found = [u for u in re.findall(r"https?://[^\s\"')]+", text) if "www.w3.org/" not in u]
        assert found == [], p
        assert (
            client.get("/static/" + p.relative_to(Path(str(static))).as_posix()).status_code == 200
        )


def test_vendored_stylesheets_load_nothing_from_another_host() -> None:
    static = resources.files("bucarest.platform") / "static"
    for css in ["vendor/leaflet/leaflet.css", "vendor/swagger-ui/swagger-ui.css"]:
        text = (static / css).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_topojson_is_served(client: TestClient) -> None:
    r = client.get("/static-data/countries.topo.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    ids = {g.get("id") for g in data["objects"]["countries"]["geometries"]}
    assert {"ALB", "MLT", "FRA", "XKX"} <= ids


def test_vendored_libraries_are_served(client: TestClient) -> None:
    for path in [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/LICENSE",
    ]:
        assert client.get(path).status_code == 200, path


def test_bad_dates_give_a_4xx_page_with_one_line(client: TestClient) -> None:
    for url in ["/", "/enlargement"]:
        client.cookies.clear()
        r = client.get(url, params={"on": "2008-02-30"})
        assert r.status_code == 400
        assert '<p class="error" role="alert">' in r.text and "2008-02-30" in r.text


# --- the map -------------------------------------------------------------------------------


def _config(html: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="map-config">(.*?)</script>', html, re.S)
    assert m
    data: dict[str, object] = json.loads(m.group(1))
    return data


def test_map_page_starts_on_bucharest_day(client: TestClient) -> None:
    html = get(client, "/")
    cfg = _config(html)
    assert cfg["day"] == "2008-04-03" and cfg["min"] == "1949-01-01"
    assert 'id="date-slider"' in html and 'id="date-input"' in html and 'value="2008-04-03"' in html
    initial = {r["code"]: r["standing"] for r in cfg["initial"]}  # type: ignore[attr-defined]
    assert initial["ALB"] == "invitee" and initial["FRA"] == "ally"
    for tag in ['src="/static/vendor/leaflet/leaflet.js"', 'src="/static/vendor/htmx/htmx.min.js"',
                'src="/static/vendor/topojson-client/topojson-client.min.js"']:  # fmt: skip
        assert tag in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_map_legend_is_rendered_server_side(client: TestClient, lang: str) -> None:
    html = get(client, "/", lang=lang)
    for s in Standing:
        assert f'<li data-standing="{s.value}">' in html
        label = gettext(STANDING_LABELS[s], lang).replace("'", "&#39;")
        assert label in html


def test_map_page_on_a_chosen_day(client: TestClient) -> None:
    cfg = _config(get(client, "/", on="2009-04-01", lang="fr"))
    initial = {r["code"]: r for r in cfg["initial"]}  # type: ignore[attr-defined]
    assert initial["ALB"]["standing"] == "ally"
    assert initial["MLT"]["name"] == "Malte"
    assert cfg["names"]["DEU"] == "Allemagne"  # type: ignore[index]


# --- the country fragment ------------------------------------------------------------------


def test_malta_fragment_lists_both_pfp_intervals(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/fragments/country/MLT", params={"lang": "en", "on": "2009-04-01"})
    assert r.status_code == 200
    html = r.text
    assert "<html" not in html  # a fragment, not a page
    pfp = re.findall(r'<li class="interval[^"]*" data-framework="pfp" data-end-cause="(\w*)"', html)
    assert pfp == ["suspended", ""]
    assert "1996-10" in html and "1995-04" in html
    assert gettext("suspended", "en") in html
    assert html.count("on this date") >= 1  # the return to PfP covers 2009-04-01


def test_fragment_in_french(client: TestClient) -> None:
    client.cookies.clear()
    html = client.get("/fragments/country/mlt", params={"lang": "fr"}).text
    assert "Malte" in html and gettext("suspended", "fr") in html


def test_fragment_of_a_country_without_facts(client: TestClient) -> None:
    r = client.get("/fragments/country/BRA", params={"lang": "en"})
    assert r.status_code == 200 and "No membership recorded." in r.text


def test_unknown_country_fragment_is_a_404_with_one_line(client: TestClient) -> None:
    r = client.get("/fragments/country/XXY", params={"lang": "en"})
    assert r.status_code == 404
    body = r.text.strip()
    assert "\n" not in body
    assert body.startswith('<p class="error" role="alert">') and "XXY" in body


def test_fragment_with_a_bad_date_is_a_400(client: TestClient) -> None:
    r = client.get("/fragments/country/MLT", params={"on": "yesterday"})
    assert r.status_code == 400 and "yesterday" in r.text


# --- Enlargement ---------------------------------------------------------------------------


def _case(html: str, code: str) -> str:
    m = re.search(rf'<article class="case[^"]*" id="case-{code}".*?</article>', html, re.S)
    assert m, code
    return m.group(0)


def test_enlargement_pipeline_and_ratification_chart(client: TestClient) -> None:
    events = load_embedded_registry().events_by_country["ALB"]
    first = min(e.date.earliest for e in events if e.stage is Stage.RATIFIED)
    html = get(client, "/enlargement", on=first.isoformat(), lang="en")
    alb = _case(html, "ALB")
    assert 'data-stage="ratified"' in alb.split(">")[0]
    assert re.search(r'<li class="step step-current" data-stage="ratified"', alb)
    assert re.search(r'<li class="step step-done" data-stage="invited"', alb)
    assert re.search(r'<li class="step step-pending" data-stage="member"', alb)
    m = re.search(r'data-ratified="(\d+)" data-required="(\d+)"', alb)
    assert m and m.group(2) == "26" and int(m.group(1)) < 26
    assert f"{m.group(1)} of 26 Allies have ratified" in alb
    assert '<svg viewBox="0 0' in alb and 'class="required"' in alb and 'class="series"' in alb
    assert "N = 26" in alb
    # Open cases come first; the 1999 and 2004 enlargements are completed.
    assert html.index('id="case-ALB"') < html.index('id="case-POL"')


def test_enlargement_defaults_to_today_and_shows_completed_cases(client: TestClient) -> None:
    html = get(client, "/enlargement")
    alb = _case(html, "ALB")
    assert re.search(r'<li class="step step-current" data-stage="member"', alb)
    assert "(0 of" not in alb


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_enlargement_lists_the_cases_begun_by_the_date(client: TestClient, lang: str) -> None:
    day = date(2008, 4, 3)
    html = get(client, "/enlargement", on=day.isoformat(), lang=lang)
    for code, events in load_embedded_registry().events_by_country.items():
        begun = any(e.date.earliest <= day for e in events)
        assert (f'id="case-{code}"' in html) is begun, code


# --- About and the API docs ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_about_names_the_summit_account_and_the_sources(client: TestClient, lang: str) -> None:
    html = get(client, "/about", lang=lang)
    assert SUMMIT_ACCOUNT_TITLE.replace("'", "&#39;") in html
    title = "Déclaration du sommet de Bucarest" if lang == "fr" else "Bucharest Summit Declaration"
    assert title in html and f"/cps/{lang}/natohq/official_texts_8443.htm" in html
    for level in ("official", "secondary", "estimate"):
        assert f"confidence-{level}" in html
    assert working_note_in(html) is None
    assert "Natural Earth" in html and "world-atlas" in html
    frameworks = client.get("/api/v1/frameworks").json()
    for f in frameworks:
        assert f'data-framework="{f["id"]}"' in html
    assert "/static/vendor/leaflet/LICENSE" in html


def test_api_docs_use_the_vendored_swagger_ui(client: TestClient) -> None:
    html = get(client, "/api/docs")
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html
    assert "/api/openapi.json" in html
    assert "cdn" not in html.lower()
    assert client.get("/api/openapi.json").status_code == 200


def test_an_unknown_page_is_an_html_page_and_an_unknown_api_path_is_json(
    client: TestClient,
) -> None:
    page = client.get("/no-such-page", params={"lang": "fr"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "introuvable" in page.text and '<html lang="fr">' in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_framework_page_lists_the_allies_with_the_partner_and_the_nrc_state(
    client: TestClient,
) -> None:
    html = get(client, "/frameworks/nrc", on="2008-09-15")
    assert html.count('data-capacity="ally"') == 26
    assert re.findall(r'data-code="(\w+)" data-capacity="partner"', html) == ["RUS"]
    assert 'data-state="meetings_suspended"' in html and "2008-08-19" in html
    assert "official_texts_29950" in html
    fr = get(client, "/frameworks/eapc", on="2008-05-01", lang="fr")
    assert "Alliés : 26, partenaires : 24" in fr and "Qualité" in fr
    assert fr.count('data-capacity="ally"') == 26 and fr.count('data-capacity="partner"') == 24
    later = get(client, "/frameworks/nrc", on="2014-04-01", lang="fr")
    assert "Coopération pratique suspendue" in later and "coopération pratique suspendue" in later


def test_unknown_framework_page_is_a_404(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/frameworks/nrcc")
    assert r.status_code == 404 and "Traceback" not in r.text


def test_country_panel_of_russia_shows_the_nrc_state(client: TestClient) -> None:
    html = get(client, "/fragments/country/RUS", on="2008-09-15")
    assert 'class="council-state" data-framework="nrc" data-state="meetings_suspended"' in html
    assert "Formal meetings suspended" in html and "news_51343" not in html
    html = get(client, "/fragments/country/RUS", on="2009-07-01", lang="fr")
    assert 'data-state="active"' in html and "Reprise des réunions formelles" in html
    assert "Corfu" in html or "Corfou" in html
    assert "council-state" not in get(client, "/fragments/country/FRA", on="2008-09-15")


def test_about_links_each_framework_to_its_page(client: TestClient) -> None:
    html = get(client, "/about")
    for fid in ("nato", "eapc", "nrc", "nuc", "ngc"):
        assert f'href="/frameworks/{fid}?lang=en"' in html


# --- provenance ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "note", "other"), [("en", "Founding member", "Membre fondateur"),
                                                     ("fr", "Membre fondateur", "Founding member")])  # fmt: skip
def test_country_panel_shows_citations_badges_and_notes_in_its_language(
    client: TestClient, lang: str, note: str, other: str
) -> None:
    html = get(client, "/fragments/country/FRA", lang=lang, on="2008-04-03")
    official = "Texte officiel" if lang == "fr" else "Official text"
    assert '<span class="confidence confidence-official" title="' in html and official in html
    issuer = "OTAN" if lang == "fr" else "NATO"  # titles stay in their language
    assert (f'<cite class="citation">{issuer}, <a href="https://www.nato.int/cps/en/natohq/'
            'official_texts_17120.htm" rel="noopener noreferrer">The North Atlantic Treaty</a>'
            ', <time datetime="1949-04-04">1949-04-04</time></cite>') in html  # fmt: skip
    assert note in html and other not in html
    assert working_note_in(html) is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_registry_page_shows_a_working_note(client: TestClient, lang: str) -> None:
    reg = load_embedded_registry()
    pages = ["/", "/about", *(f"/enlargement?on={d}" for d in ("2008-04-03", "2026-11-29"))]
    for url in pages:
        html = client.get(url, params={"lang": lang}).text
        assert working_note_in(html) is None, url
    for code in sorted({m.country for m in reg.memberships} | set(reg.events_by_country)):
        for url in (f"/fragments/country/{code}", f"/countries/{code}"):
            html = get(client, url, lang=lang)
            assert working_note_in(html) is None, (url, working_note_in(html))
            assert "confidence confidence-" in html, url


def test_french_steps_show_french_notes(client: TestClient) -> None:
    html = get(client, "/enlargement", lang="fr", on="2009-04-01")
    assert "Déclaration du sommet de Bucarest, paragraphe 2" in html
    assert "Bucharest Summit Declaration, paragraph 2" not in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_enlargement_hides_the_steps_after_the_date(client: TestClient, lang: str) -> None:
    html = get(client, "/enlargement", on="2008-12-01", lang=lang)
    mkd = _case(html, "MKD")
    mne = _case(html, "MNE")
    for year in range(2009, 2027):
        assert str(year) not in mkd, year
        assert str(year) not in mne, year
    assert "2008-06-24" in mne and "1999-04-24" in mkd
    assert 'data-stage="member" data-state="pending"' in mkd
    name = {"en": "the former Yugoslav Republic of Macedonia",
            "fr": "l&#39;ex-République yougoslave de Macédoine"}[lang]  # fmt: skip
    assert name in mkd and "North Macedonia" not in html and "Macédoine du Nord" not in html
    # In 2020, the country joined under its new name.
    html = get(client, "/enlargement", on="2020-03-27", lang=lang)
    assert {"en": "North Macedonia", "fr": "Macédoine du Nord"}[lang] in _case(html, "MKD")


def test_the_country_panel_names_the_country_as_on_the_date(client: TestClient) -> None:
    old = get(client, "/fragments/country/MKD", on="2008-04-03")
    new = get(client, "/fragments/country/MKD", on="2020-04-01", lang="fr")
    assert "<h3>the former Yugoslav Republic of Macedonia <span" in old
    assert "<h3>Macédoine du Nord <span" in new

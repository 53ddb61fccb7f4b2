"""The missile-defence page in a real Chromium, against ``bucarest serve``: a coverage job with
its progress, the coverage on the map and by country, the trajectory inspector, and no request
to another host."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

pytestmark = pytest.mark.e2e

SHOT = "/tmp/md-{name}.png"
TEHRAN = (35.69, 51.39)
ANKARA = (39.9, 32.8)


@pytest.fixture
def base(server: str) -> Iterator[str]:
    """The server, once it serves the page."""
    with urllib.request.urlopen(server + "/missile-defence", timeout=60) as r:
        assert r.status == 200
    yield server


def api(base: str, path: str, **params: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}{path}?{urlencode(params)}", timeout=60) as r:
        found: dict[str, Any] = json.load(r)
        return found


def open_page(page: Any, base: str, query: str = "") -> None:
    page.goto(base + "/missile-defence" + query)
    page.wait_for_selector("html[data-md-ready=true]")


def map_click(page: Any, lat: float, lon: float) -> None:
    """A real mouse click on the map at (lat, lon)."""
    point = page.evaluate(
        """([lat, lon]) => {
            const p = window.bucarestMd.map.latLngToContainerPoint([lat, lon]);
            const box = document.getElementById("md-map").getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        [lat, lon],
    )
    page.mouse.click(point["x"], point["y"])


def test_coverage_then_a_trajectory_into_turkey(page: Any, base: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, base, "?lang=en")
    page.select_option("#md-architecture", "us-third-site-2008")
    page.select_option("#md-threat", "iran-mrbm")
    page.select_option("#md-resolution", "50")
    assert page.input_value("#md-on") == "2008-04-03"
    # The launch sites of the MRBM threat are on the map.
    assert page.locator("#md-map .leaflet-marker-pane .md-icon-launch").count() == 3
    page.click("#md-compute")
    page.wait_for_selector("#md-progress[data-state=done]", timeout=60_000)
    page.wait_for_selector('#md-results-body tr[data-code="TUR"]')
    row = page.text_content('#md-results-body tr[data-code="TUR"]') or ""
    assert "Türkiye" in row or "Turkey" in row
    assert page.eval_on_selector("#md-progress-bar", "p => p.value === p.max")
    assert page.get_attribute("#md-results-table", "data-threat") == "iran-mrbm"
    assert page.get_attribute("#md-results-table", "data-architecture") == "us-third-site-2008"
    expected = api(base, "/api/v1/md/coverage", architecture="us-third-site-2008",
                   threat="iran-mrbm", on="2008-04-03", resolution_km="50")  # fmt: skip
    codes = page.eval_on_selector_all("#md-results-body tr", "trs => trs.map(t => t.dataset.code)")
    assert sorted(codes) == sorted(c["code"] for c in expected["countries"])
    # The coverage is drawn as GeoJSON paths in the overlay pane; Turkey is left uncovered
    # (all but its north-western tip, within the GBIs' reach under the engagement doctrine).
    assert page.locator(".leaflet-overlay-pane path.md-cov").count() > 0
    statuses = page.eval_on_selector_all(
        '.leaflet-overlay-pane path.md-cov[data-code="TUR"]', "ps => ps.map(p => p.dataset.status)"
    )
    assert statuses and "uncovered" in statuses and set(statuses) <= {"uncovered", "covered"}
    turkey = next(c for c in expected["countries"] if c["code"] == "TUR")
    assert turkey["uncovered"] > 0.9 and turkey["uncovered_by"]
    assert "md-binding" in (page.inner_html('#md-results-body tr[data-code="TUR"]') or "")
    assert page.is_visible("#md-defended") and page.is_hidden("#md-error")
    page.screenshot(path=SHOT.format(name="coverage"), full_page=True)

    # A launch site chosen on the map, then a real click on a target near Ankara.
    page.click('#md-map [data-launch="tehran"]')
    assert page.input_value("#md-launch") == "tehran"
    assert page.input_value("#md-class") == "shahab-3"
    # Ankara is 1,691 km from Tehran: beyond the base Shahab-3 (1,300 km), within the Ghadr-1.
    page.select_option("#md-class", "ghadr-1")
    map_click(page, *ANKARA)
    page.wait_for_selector("#md-inspector[data-state=done]")
    assert abs(float(page.input_value("#md-target-lat")) - ANKARA[0]) < 0.5
    kinds = page.eval_on_selector_all("#md-timeline-body tr", "trs => trs.map(t => t.dataset.kind)")
    assert kinds[0] == "launch" and kinds[-1] == "impact"
    assert page.locator(".md-track").count() == 1

    # The same through the helper, at an exact point, checked against the API.
    page.evaluate("([lat, lon]) => window.mdInspect(lat, lon)", list(ANKARA))
    page.wait_for_selector("#md-inspector[data-state=done]")
    query = {"from": "{},{}".format(*TEHRAN), "to": "{},{}".format(*ANKARA),
             "missile": "ghadr-1", "architecture": "us-third-site-2008"}  # fmt: skip
    traj = api(base, "/api/v1/md/trajectory", **query)
    rows = page.eval_on_selector_all(
        "#md-timeline-body tr",
        "trs => trs.map(t => [t.dataset.kind, t.querySelector('th').textContent])",
    )
    assert [k for k, _ in rows] == [e["kind"] for e in traj["events"]]
    labels = dict(rows)
    assert labels["launch"] == "Launch" and labels["impact"] == "Impact"
    verdict = page.locator("#md-verdict")
    assert verdict.get_attribute("data-engaged") == str(traj["engaged"]).lower()
    assert verdict.get_attribute("data-limited-by") == traj["limited_by"]
    page.screenshot(path=SHOT.format(name="trajectory"), full_page=True)

    # A target beyond the class's range: the API's message in the alert, the page still there.
    page.evaluate("() => window.mdInspect(52.5, 13.4)")
    page.wait_for_selector("#md-inspector[data-state=error]")
    alert = page.locator("#md-inspect-error")
    assert alert.is_visible() and alert.get_attribute("role") == "alert"
    assert "maximum range" in (alert.text_content() or "")
    assert page.locator("#md-results-body tr").count() == len(codes)

    own = urlsplit(base).netloc
    assert {urlsplit(u).netloc for u in requests if not u.startswith(("data:", "blob:"))} == {own}
    assert any("/api/v1/md/jobs/" in u for u in requests)


def test_the_sources_follow_the_chosen_architecture_and_threat(page: Any, base: str) -> None:
    open_page(page, base, "?lang=fr")
    default = '[data-sources-architecture="us-third-site-2008"]'
    phase1 = '[data-sources-architecture="epaa-phase-1"]'
    assert page.is_visible(default) and not page.is_visible(phase1)
    assert page.is_visible('[data-sources-threat="iran-2008"] .confidence-estimate')
    page.select_option("#md-architecture", "epaa-phase-1")
    page.select_option("#md-threat", "iran-icbm")
    assert page.is_visible(phase1) and not page.is_visible(default)
    assert page.is_visible('[data-sources-threat="iran-icbm"]')
    assert not page.is_visible('[data-sources-threat="iran-2008"]')
    text = page.text_content("#md-sources") or ""
    assert "Sources" in text and "Site de lancement de Semnan" in text
    assert "Source secondaire" in text or "Estimation" in text


def test_a_date_before_deveselu_says_it_was_left_out(page: Any, base: str) -> None:
    open_page(page, base, "?lang=en")
    page.select_option("#md-architecture", "epaa-phase-2")
    page.select_option("#md-threat", "iran-mrbm")
    page.select_option("#md-resolution", "50")
    page.fill("#md-on", "2015-01-01")
    page.click("#md-compute")
    page.wait_for_selector("#md-progress[data-state=done]", timeout=60_000)
    text = page.text_content("#md-defended") or ""
    assert "Not in service on this date, so left out:" in text
    assert "Aegis Ashore, Deveselu (Romania)" in text


@pytest.mark.parametrize(("lang", "width"), [("en", 1400), ("fr", 390)])
def test_two_architectures_side_by_side(browser: Any, base: str, lang: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  locale="fr-FR" if lang == "fr" else "en-GB")  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # A day when EPAA phase 3 is in service (Redzikowo, 2024); all Allied territory at 50 km.
        page.goto(
            f"{base}/missile-defence?lang={lang}&architecture=us-third-site-2008"
            "&on=2025-01-01&resolution_km=50"
        )
        page.wait_for_selector("html[data-md-compare-ready=true]")
        page.select_option("#md-threat", "iran-mrbm")
        page.select_option("#md-compare-b", "epaa-phase-3")
        assert "b=epaa-phase-3" in (page.get_attribute("#md-compare-csv", "href") or "")
        page.click("#md-compare-run")
        page.wait_for_selector("#md-compare-progress[data-state=done]", timeout=90_000)
        expected = api(base, "/api/v1/md/compare", a="us-third-site-2008", b="epaa-phase-3",
                       threat="iran-mrbm", on="2025-01-01", resolution_km="50", lang=lang)  # fmt: skip
        codes = page.eval_on_selector_all(
            "#md-compare-body tr", "trs => trs.map(t => t.dataset.code)"
        )
        assert sorted(codes) == sorted(c["code"] for c in expected["countries"])
        tur = next(c for c in expected["countries"] if c["code"] == "TUR")
        row = page.text_content('#md-compare-body tr[data-code="TUR"]') or ""
        assert tur["name"] in row and "+" in row  # B covers more of Türkiye than A
        kinds = page.eval_on_selector_all(
            ".leaflet-overlay-pane path.md-cmp", "ps => ps.map(p => p.dataset.kind)"
        )
        assert "b-only" in kinds
        heading = "Couvert dans A" if lang == "fr" else "Covered in A"
        assert heading in (page.text_content("#md-compare-table thead") or "")
        # On a phone the page does not scroll sideways: the table scrolls in its own box.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.locator("#md-compare").screenshot(path=SHOT.format(name=f"compare-{lang}-{width}"))
    finally:
        context.close()


def _fetch(page: Any, base: str, href: str) -> tuple[str, bytes]:
    """GET a link of the page as the browser would (its cookies); content type and body."""
    r = page.request.get(base + href, timeout=120_000)
    assert r.status == 200, (href, r.status, r.text()[:300])
    return r.headers["content-type"], r.body()


def test_the_defended_assets_table_and_the_downloads(page: Any, base: str) -> None:
    open_page(page, base, "?lang=fr&architecture=us-third-site-2008&threat=iran-mrbm&on=2008-04-03")
    # Rendered with the page: the same assets as the API, constraints named in French.
    expected = api(base, "/api/v1/md/effectiveness", architecture="us-third-site-2008",
                   threat="iran-mrbm", on="2008-04-03", lang="fr")  # fmt: skip
    ids = page.eval_on_selector_all(
        "#md-assets-table tbody tr", "trs => trs.map(t => t.dataset.asset)"
    )
    assert ids == [a["id"] for a in expected["assets"]]
    assert "Infrastructure" in (page.text_content("#md-assets-table thead") or "")
    assert "salvo:1" in (page.text_content("#md-assets-assumptions") or "")
    # Compute with other choices refreshes the table for them.
    page.select_option("#md-architecture", "epaa-phase-3")
    page.fill("#md-on", "2025-01-01")
    page.dispatch_event("#md-on", "change")
    page.click("#md-compute")
    page.wait_for_selector("#md-assets[data-state=done]", timeout=60_000)
    page.wait_for_selector("#md-progress[data-state=done]", timeout=90_000)
    assert page.get_attribute("#md-assets-table", "data-architecture") == "epaa-phase-3"
    assert page.get_attribute("#md-assets-table", "data-on") == "2025-01-01"
    later = api(base, "/api/v1/md/effectiveness", architecture="epaa-phase-3", threat="iran-mrbm",
                on="2025-01-01", lang="fr")  # fmt: skip
    sites = page.eval_on_selector_all(
        "#md-assets-table tbody tr", "trs => trs.map(t => t.children[1].textContent)"
    )
    assert len(sites) == len(later["assets"]) and any("Deveselu" in s for s in sites)
    # The downloads follow the choices and answer what they say.
    for link in ("#md-png", "#md-geojson", "#md-csv", "#md-assets-csv"):
        href = page.get_attribute(link, "href") or ""
        assert "architecture=epaa-phase-3" in href and "on=2025-01-01" in href, link
        assert page.is_visible(link)
    kind, body = _fetch(page, base, page.get_attribute("#md-geojson", "href") or "")
    assert kind.startswith("application/json")
    geo = json.loads(body)
    assert geo["type"] == "FeatureCollection"
    assert {f["properties"]["status"] for f in geo["features"]} >= {"covered", "not-threatened"}
    kind, body = _fetch(page, base, page.get_attribute("#md-csv", "href") or "")
    assert kind.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert rows[-1]["code"] == "ALL" and {"ROU", "TUR"} <= {r["code"] for r in rows}
    assert next(r for r in rows if r["code"] == "ROU")["name"] == "Roumanie"
    kind, body = _fetch(page, base, page.get_attribute("#md-assets-csv", "href") or "")
    assert kind.startswith("text/csv")
    assets = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [a["id"] for a in assets] == [a["id"] for a in later["assets"]]
    kind, body = _fetch(page, base, page.get_attribute("#md-png", "href") or "")
    assert kind == "image/png" and body[:4] == b"\x89PNG"
    page.locator("#md-assets").screenshot(path=SHOT.format(name="assets-fr"))


def test_the_assets_and_downloads_work_without_javascript(browser: Any, base: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{base}/missile-defence?lang=en&threat=iran-mrbm&on=2008-04-03")
        assert page.locator("#md-assets-table tbody tr").count() > 10
        href = page.get_attribute("#md-assets-csv", "href") or ""
        kind, body = _fetch(page, base, href)
        assert kind.startswith("text/csv") and body.startswith(b"id,name,kind,country")
    finally:
        context.close()

"""The energy page in a real Chromium, against ``bucarest serve``: the January 2009 replay on
the map, the scenario editor, the critical-asset ranking, and no request to another host."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from bucarest.core.i18n import gettext
from bucarest.energy.web import SERVED_COLOUR, SHARE_BANDS

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/energy-{name}.png"
QUEUED = "Waiting for the server to start the ranking…"
CANCELLED = "the job was cancelled"


@pytest.fixture
def base(server: str) -> Iterator[str]:
    """The server, once it serves the energy page."""
    with urllib.request.urlopen(server + "/energy", timeout=60) as r:
        assert r.status == 200
    yield server


def open_energy(page: Any, base: str, query: str = "") -> None:
    page.goto(base + "/energy" + query)
    page.wait_for_selector("html[data-energy-ready=true]", timeout=60_000)


def move_slider_to(page: Any, index: int) -> None:
    """Drag the day slider: set its value and fire ``input`` as a pointer drag does."""
    page.eval_on_selector(
        "#day-slider",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }",
        index,
    )


def country(page: Any, code: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """c => {
            const path = document.querySelector(`#energy-map path[data-code="${c}"]`);
            return {
                state: path ? path.getAttribute("data-state") : null,
                share: path ? Number(path.getAttribute("data-share")) : null,
                fill: path ? path.getAttribute("fill") : null,
                js: window.bucarestEnergy.stateOf(c),
            };
        }""",
        code,
    )
    return found


def post(base: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        base + "/api/v1/energy/run?daily=true",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        found: dict[str, Any] = json.load(r)
        return found


def test_bulgaria_runs_short_inside_the_january_2009_cut(page: Any, base: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # National first: no solidarity mechanism existed in January 2009 (see docs/energy-modes.md).
    open_energy(page, base, "?scenario=jan-2009&mode=national&day=2009-01-02")
    assert page.get_attribute("#energy-map", "data-day") == "2009-01-02"
    assert country(page, "BGR")["state"] == "served"
    assert country(page, "BGR")["fill"] == SERVED_COLOUR

    move_slider_to(page, 9)  # 2009-01-10: transit through Ukraine stopped since the 7th
    page.wait_for_function("document.getElementById('energy-map').dataset.day === '2009-01-10'")
    bgr = country(page, "BGR")
    assert bgr["state"] == "short" and bgr["js"] == "short" and bgr["share"] > 0
    assert bgr["fill"] in {colour for _, colour in SHARE_BANDS}
    assert page.text_content("#day-label") == "2009-01-10"
    assert "day=2009-01-10" in page.url
    # Western Europe is covered by its storage; Russia is drawn as an outside supplier.
    assert country(page, "FRA")["state"] == "served"
    assert country(page, "RUS")["state"] == "supplier"
    # Flows are drawn between countries; the cut Ukrainian exits are dashed.
    assert page.locator("#energy-map path.flow-line").count() > 20
    assert page.locator('#energy-map path[data-pair="SVK-UKR"][data-reduced=true]').count() == 1
    # The country panel follows the selection, with its two charts.
    page.click('#results-body button[data-select="BGR"]')
    page.wait_for_selector('#country-body[data-code="BGR"] svg.energy-chart')
    assert page.locator("#country-body svg.energy-chart").count() == 2
    page.screenshot(path=SHOTS.format(name="jan-2009"), full_page=True)
    own = urlsplit(base).netloc
    assert {urlsplit(u).netloc for u in requests if not u.startswith(("data:", "blob:"))} == {own}
    assert any("/api/v1/energy/scenarios/jan-2009/result" in u for u in requests)


def test_editor_runs_a_disruption_and_shows_its_result(page: Any, base: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_energy(page, base, "?scenario=jan-2009")
    page.click("#editor summary")
    page.wait_for_selector("#ed-assets[data-loaded=true]")
    page.select_option("#ed-assets", ["NOR", "RUS-UKR"])
    page.fill("#ed-share", "100")
    page.fill("#ed-start", "2009-01-05")
    page.fill("#ed-end", "2009-01-25")
    page.select_option("#ed-mode", "national")
    page.click("#ed-run")
    page.wait_for_selector("#editor-form[data-result=ok]", timeout=60_000)
    assert page.is_visible("#result-banner")
    assert page.get_attribute("#energy-map", "data-edited") == "true"
    expected = post(base, {
        "id": "edited", "name_en": "x", "name_fr": "x", "dataset": "winter-2008-09",
        "start": "2009-01-01", "end": "2009-01-31", "mode": "national",
        "disruptions": [{"asset": a, "share": 1.0, "start": "2009-01-05", "end": "2009-01-25"}
                        for a in ("NOR", "RUS-UKR")],
    })  # fmt: skip
    rows = page.eval_on_selector_all(
        "#results-body tr", "trs => trs.map(t => [t.dataset.code, Number(t.dataset.share)])"
    )
    assert rows == [[c["code"], c["unserved_share"]] for c in expected["countries"]]
    assert page.get_attribute("#results-table", "data-mode") == "national"
    # The map shows the edited result on its worst day.
    totals = [sum(v[t] for v in expected["unserved_daily"].values())
              for t in range(len(expected["days"]))]  # fmt: skip
    worst = expected["days"][totals.index(max(totals))]
    assert page.get_attribute("#energy-map", "data-day") == worst
    page.screenshot(path=SHOTS.format(name="editor"), full_page=True)

    # A disruption that ends before it starts: the API's message, on one line, in the page.
    page.fill("#ed-start", "2009-01-20")
    page.fill("#ed-end", "2009-01-10")
    page.click("#ed-run")
    page.wait_for_selector("#editor-form[data-result=error]")
    message = page.text_content("#editor-error")
    assert message and "before it starts" in message and "\n" not in message
    box = page.locator("#editor-error").bounding_box()
    assert box is not None and box["height"] < 32
    assert page.get_attribute("#energy-map", "data-edited") == "true"  # the result stays
    own = urlsplit(base).netloc
    assert {urlsplit(u).netloc for u in requests if not u.startswith(("data:", "blob:"))} == {own}
    assert any(
        u.endswith("/api/v1/energy/datasets/winter-2008-09/assets?lang=en") for u in requests
    )
    assert any("/api/v1/energy/run?" in u for u in requests)


def test_critical_ranking_shows_progress_then_the_table(page: Any, base: str) -> None:
    open_energy(page, base, "?scenario=jan-2009&lang=fr")
    assert page.get_attribute("html", "lang") == "fr"
    jobs: list[str] = []
    page.on("request", lambda r: jobs.append(f"{r.method} {r.url}") if "/jobs" in r.url else None)
    # Right after the click (the job is started asynchronously): the progress state.
    state = page.evaluate(
        """() => {
            document.getElementById("critical-run").click();
            const p = document.getElementById("critical-progress");
            return {
                hidden: p.hidden,
                state: p.dataset.state,
                bar: !p.querySelector("progress").hidden,
                text: document.getElementById("critical-progress-text").textContent,
                disabled: document.getElementById("critical-run").disabled,
                queued: JSON.parse(document.getElementById("energy-config").textContent)
                    .strings.queued,
            };
        }"""
    )
    assert state["hidden"] is False and state["state"] == "running" and state["bar"]
    assert state["disabled"] is True
    assert state["text"] == state["queued"] == gettext(QUEUED, "fr")
    page.wait_for_selector("#critical-progress[data-state=done]", timeout=90_000)
    rows = page.locator("#critical-body tr")
    assert rows.count() == 15
    added = page.eval_on_selector_all("#critical-body tr", "trs => trs.map(t => t.dataset.asset)")
    assert len(set(added)) == 15
    # The page started a job and polled it until it was done.
    job_id = page.get_attribute("#critical-progress", "data-job")
    assert any(
        j.startswith("POST ") and j.split("?")[0].endswith("/api/v1/energy/jobs") for j in jobs
    )
    assert any(j.startswith("GET ") and f"/api/v1/energy/jobs/{job_id}?" in j for j in jobs)
    assert page.locator("#critical-cancel").is_hidden()
    page.screenshot(path=SHOTS.format(name="critical-fr"), full_page=True)


def test_a_ranking_can_be_stopped_from_the_page(page: Any, base: str) -> None:
    # A scenario no other test ranks (so that its ranking is not already kept by the server),
    # a month long (so that the page itself is quick to solve).
    open_energy(page, base, "?scenario=n1-2009-deu&lang=fr")
    page.click("#critical-run")
    page.wait_for_selector("#critical-progress[data-job]", state="attached")
    page.click("#critical-cancel")
    page.wait_for_selector("#critical-progress[data-state=error]", state="attached", timeout=60_000)
    assert gettext(CANCELLED, "fr") in page.inner_text("#critical-error")
    assert page.locator("#critical-table").is_hidden()
    assert page.locator("#critical-cancel").is_hidden()
    assert not page.locator("#critical-run").is_disabled()
    job_id = page.get_attribute("#critical-progress", "data-job")
    record = page.evaluate(f"() => fetch('/api/v1/energy/jobs/{job_id}').then(r => r.json())")
    assert record["state"] == "cancelled" and record["done"] < max(record["total"], 1)


def test_searching_chiren_lists_the_bulgarian_storage(page: Any, base: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_energy(page, base, "?scenario=jan-2009")
    page.fill("#asset-q", "Chiren")
    page.press("#asset-q", "Enter")  # the form is a plain GET: it works without the script
    page.wait_for_selector('#asset-table tr[data-id="STO-BGR-CHIREN"]')
    row = page.locator('#asset-table tr[data-id="STO-BGR-CHIREN"]')
    assert row.get_attribute("data-kind") == "storage"
    text = row.inner_text()
    assert "Chiren" in text and "Bulgaria" in text and "Estimate" in text
    assert page.locator("#asset-table tbody tr").count() == 1
    assert "q=Chiren" in page.url and page.input_value("#asset-q") == "Chiren"
    # The page around it still works: the map is drawn for the same scenario.
    page.wait_for_selector("html[data-energy-ready=true]", timeout=60_000)
    own = urlsplit(base).netloc
    assert {urlsplit(u).netloc for u in requests if not u.startswith(("data:", "blob:"))} == {own}


def test_the_asset_level_dataset_shows_storage_by_facility(page: Any, base: str) -> None:
    open_energy(page, base, "?scenario=jan-2009&mode=national")
    # The country-level table lists one aggregate per country.
    assert page.get_attribute("#storage", "data-aggregate") == "true"
    page.select_option("#dataset", "winter-2008-09-assets")
    # the form submits a navigation that waits for the asset-level solve: 15 to 30 s without
    # hindsight on a busy 2-core machine (decision NN), beyond the default 15 s of a click
    page.click("#scenario-form button[type=submit]", timeout=90_000)
    page.wait_for_selector("html[data-energy-ready=true]", timeout=90_000)
    assert "dataset=winter-2008-09-assets" in page.url
    assert page.get_attribute("#storage", "data-aggregate") == "false"
    assert page.locator("#storage-table tbody tr").count() > 100
    chiren = page.locator('#storage-table tr[data-id="STO-BGR-CHIREN"]')
    assert chiren.is_visible() or chiren.count() == 1
    cells = chiren.locator("td.num").all_inner_texts()
    assert len(cells) == 6 and int(cells[5]) > 0  # days at the deliverability limit
    assert "Chiren" in chiren.inner_text()
    # The map shows the asset-level result, and the storage chart sums Bulgaria's sites.
    result = page.evaluate("() => window.bucarestEnergy.result().dataset")
    assert result == "winter-2008-09-assets"
    page.click('#results-body button[data-select="BGR"]')
    page.wait_for_selector('#country-body[data-code="BGR"] svg.energy-chart')
    page.screenshot(path=SHOTS.format(name="storage-assets"), full_page=True)


def test_typing_a_name_lists_the_assets_without_leaving_the_page(page: Any, base: str) -> None:
    open_energy(page, base, "?scenario=jan-2009&lang=fr")
    before = page.url
    page.type("#asset-q", "Blue Stream", delay=20)
    page.wait_for_selector('#asset-results[data-query="Blue Stream"]')
    row = page.locator('#asset-table tr[data-id="RUS-TUR-BLUE-STREAM"]')
    assert row.count() == 1 and row.get_attribute("data-kind") == "interconnection"
    text = row.inner_text()
    assert "Blue Stream" in text and "Russie" in text and "Estimation" in text
    assert row.locator('.citation a[href^="https://"]').count() >= 1
    assert page.url == before  # no reload: the map and the tables stay as they were
    page.fill("#asset-q", "")
    page.dispatch_event("#asset-q", "input")
    page.wait_for_selector("#asset-results:not([data-query])", state="attached")
    assert page.locator("#asset-table").count() == 0

"""The Alliance map and the Enlargement page in a real Chromium, against ``bucarest serve``."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest

from bucarest.core.i18n import gettext
from bucarest.core.provenance import working_note_in
from bucarest.platform.pages import NAV
from bucarest.registry.domain.model import FIRST_DAY, EndCause
from bucarest.registry.domain.standing import Standing
from bucarest.registry.labels import CAUSE_LABELS, STANDING_LABELS
from bucarest.registry.views import STANDING_COLOURS

pytestmark = pytest.mark.e2e

SCREENSHOT = "/tmp/bucarest-map.png"


def open_map(page: Any, base: str, query: str = "") -> None:
    page.goto(base + "/" + query)
    page.wait_for_selector("html[data-map-ready=true]")


def wait_for_day(page: Any, day: str) -> None:
    page.wait_for_function(
        "d => document.getElementById('map').dataset.date === d"
        " && document.getElementById('standing-list').dataset.date === d",
        arg=day,
    )


def standing(page: Any, code: str) -> dict[str, str | None]:
    """What the page shows for ``code``: its list entry, its map path and the path's fill."""
    result: dict[str, str | None] = page.evaluate(
        """c => {
            const li = document.querySelector(`#standing-list li[data-code="${c}"]`);
            const path = document.querySelector(`#map path[data-code="${c}"]`);
            return {
                list: li ? li.dataset.standing : "none",
                path: path ? path.getAttribute("data-standing") : null,
                fill: path ? path.getAttribute("fill") : null,
                js: window.bucarestMap.standingOf(c),
            };
        }""",
        code,
    )
    return result


def move_slider_to(page: Any, day: date) -> None:
    """Drag the slider: set its value and fire ``input`` as a pointer drag does."""
    page.eval_on_selector(
        "#date-slider",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }",
        (day - FIRST_DAY).days,
    )


def test_albania_becomes_an_ally_on_1_april_2009(page: Any, server: str) -> None:
    open_map(page, server)
    assert page.input_value("#date-input") == "2008-04-03"
    assert standing(page, "ALB")["list"] == "invitee"

    move_slider_to(page, date(2009, 3, 31))
    wait_for_day(page, "2009-03-31")
    alb = standing(page, "ALB")
    assert alb == {
        "list": "invitee",
        "path": "invitee",
        "fill": STANDING_COLOURS[Standing.INVITEE],
        "js": "invitee",
    }
    assert page.input_value("#date-input") == "2009-03-31"

    # One step to the right with the keyboard: 1 April 2009.
    page.focus("#date-slider")
    page.keyboard.press("ArrowRight")
    wait_for_day(page, "2009-04-01")
    alb = standing(page, "ALB")
    assert alb == {
        "list": "ally",
        "path": "ally",
        "fill": STANDING_COLOURS[Standing.ALLY],
        "js": "ally",
    }
    assert standing(page, "HRV")["list"] == "ally"
    assert page.input_value("#date-input") == "2009-04-01"
    assert page.get_attribute("#date-slider", "aria-valuetext") == "2009-04-01"
    assert "on=2009-04-01" in page.url
    page.screenshot(path=SCREENSHOT)

    # The date field drives the same state, and back again.
    page.fill("#date-input", "2009-03-31")
    page.dispatch_event("#date-input", "change")
    wait_for_day(page, "2009-03-31")
    assert standing(page, "ALB")["path"] == "invitee"


def test_switch_to_french(page: Any, server: str) -> None:
    open_map(page, server)
    page.click(".lang-switch a[hreflang=fr]")
    page.wait_for_selector("html[lang=fr][data-map-ready=true]")
    nav = [t.strip() for t in page.locator(".site-nav a").all_inner_texts()]
    # every page of the shell, in French (capabilities add their own pages to the nav)
    assert [gettext(item.label, "fr") for item in NAV] == [
        t for t in nav if t in {gettext(i.label, "fr") for i in NAV}
    ]
    assert "Carte de l'Alliance" in nav and "Alliance map" not in nav
    legend = [t.strip() for t in page.locator(".legend-list .legend-label").all_inner_texts()]
    assert legend == [gettext(STANDING_LABELS[s], "fr") for s in Standing]
    page.click("#standing-details summary")
    assert page.inner_text("#standing-list li[data-code=DEU]").strip() == "Allemagne"
    # The choice is remembered: a page opened without ?lang= is French too.
    page.goto(server + "/enlargement")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator(".site-nav a[aria-current=page]").inner_text().strip() == gettext(
        "Enlargement", "fr"
    )


def test_clicking_malta_shows_its_pfp_suspension(page: Any, server: str) -> None:
    open_map(page, server, "?on=2009-04-01")
    page.evaluate("window.bucarestMap.map.setView([35.9, 14.4], 10, {animate: false})")
    page.wait_for_timeout(300)
    point = page.evaluate("window.bucarestMap.pointOf(35.87, 14.45)")  # the island of Malta
    hit = page.evaluate("p => document.elementFromPoint(p.x, p.y).getAttribute('data-code')", point)
    assert hit == "MLT"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#panel-body article[data-country=MLT]")
    assert page.get_attribute("#map", "data-selected") == "MLT"
    pfp = page.locator("#panel-body li.interval[data-framework=pfp]")
    assert pfp.count() == 2
    first, second = pfp.nth(0), pfp.nth(1)
    assert first.get_attribute("data-end-cause") == "suspended"
    first_text = first.inner_text()
    assert "1995-04" in first_text and "1996-10" in first_text
    assert gettext(CAUSE_LABELS[EndCause.SUSPENDED], "en") in first_text
    assert second.get_attribute("data-end-cause") == ""
    assert "2008-04" in second.inner_text()
    assert "current" in (second.get_attribute("class") or "")
    page.screenshot(path="/tmp/bucarest-malta.png")


def test_map_is_interactive_quickly(page: Any, server: str) -> None:
    figures = []
    for _ in range(2):  # the first load is cold (browser caches, server warm-up)
        open_map(page, server)
        ready_ms = page.evaluate("window.bucarestMap.readyMs")
        assert isinstance(ready_ms, int | float)
        figures.append(ready_ms)
    change_ms = page.evaluate(
        """() => new Promise(resolve => {
            const t0 = performance.now();
            window.bucarestMap.setDay("1999-03-12");
            const poll = () => document.getElementById("map").dataset.date === "1999-03-12"
                ? resolve(performance.now() - t0) : requestAnimationFrame(poll);
            poll();
        })"""
    )
    print(  # noqa: T201 - the figure is reported in the test log
        f"\nmap interactive after {figures[0]:.0f} ms (cold), {figures[1]:.0f} ms (warm); "
        f"new date applied in {change_ms:.0f} ms"
    )
    assert figures[0] < 3000 and figures[1] < 3000
    assert standing(page, "POL")["path"] == "ally"


def test_no_request_leaves_localhost(page: Any, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_map(page, server)
    move_slider_to(page, date(2004, 3, 29))
    wait_for_day(page, "2004-03-29")
    page.evaluate("window.bucarestMap.select('MLT')")
    page.wait_for_selector("#panel-body article[data-country=MLT]")
    page.mouse.move(700, 450)
    page.goto(server + "/enlargement?on=2008-10-15")
    page.goto(server + "/about")
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .info")
    own = urlsplit(server).netloc
    hosts = {urlsplit(u).netloc for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {own}, sorted(u for u in requests if urlsplit(u).netloc != own)
    assert any("/api/v1/standing" in u for u in requests)
    assert any("/fragments/country/MLT" in u for u in requests)
    assert any(u.endswith("/static-data/countries.topo.json") for u in requests)


def test_enlargement_page(page: Any, server: str) -> None:
    page.goto(server + "/enlargement?on=2008-04-03")
    alb = page.locator("#case-ALB")
    assert alb.get_attribute("data-stage") == "invited"
    assert alb.locator(".step[aria-current=step]").get_attribute("data-stage") == "invited"
    page.fill("#on", "2009-04-01")
    page.click(".date-picker button[type=submit]")
    page.wait_for_url("**/enlargement?on=2009-04-01")
    alb = page.locator("#case-ALB")
    assert alb.get_attribute("data-stage") == "member"
    text = alb.locator(".ratification-text")
    assert text.get_attribute("data-ratified") == text.get_attribute("data-required") == "26"
    assert alb.locator("svg.ratification-chart path.series").count() == 1


@pytest.mark.parametrize(("lang", "badge", "note"), [("en", "Official text", "Founding member"),
                                                     ("fr", "Texte officiel", "Membre fondateur")])  # fmt: skip
def test_country_panel_shows_sources_and_confidence(
    page: Any, server: str, lang: str, badge: str, note: str
) -> None:
    open_map(page, server, f"?lang={lang}&on=2008-04-03")
    page.evaluate("window.bucarestMap.select('FRA')")
    panel = page.locator("#panel-body article[data-country=FRA]")
    panel.wait_for()
    nato = panel.locator("li.interval[data-framework=nato]")
    assert nato.locator(".confidence-official").first.inner_text() == badge
    assert "The North Atlantic Treaty" in nato.locator("cite.citation").first.inner_text()
    assert note in nato.locator(".note").inner_text()
    assert working_note_in(panel.inner_text()) is None

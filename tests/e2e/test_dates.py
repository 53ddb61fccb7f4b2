"""The date is the query: Operations, Enlargement and the map's names on the chosen date, in a
real Chromium, in English and French, on a desktop (1440x900) and a phone (390x844).

Screenshots go to /tmp/dates-*.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from bucarest.core.countries import country_name
from bucarest.core.i18n import gettext

pytestmark = pytest.mark.e2e

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(params=[(lang, size) for lang in ("en", "fr") for size in SIZES],
                ids=lambda p: f"{p[0]}-{p[1]}")  # fmt: skip
def dated_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str, str]]:
    """A page at one screen size, with the language that the test's URLs ask for."""
    lang, size = request.param
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        yield pg, lang, size
    finally:
        context.close()


def open_page(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url


def test_operations_on_the_day_of_the_summit_and_after_isaf(
    dated_page: tuple[Any, str, str], server: str
) -> None:
    page, lang, size = dated_page
    open_page(page, f"{server}/operations?on=2008-04-03&lang={lang}")
    assert page.input_value("#on") == "2008-04-03"
    isaf = page.locator("#mission-isaf")
    state = isaf.locator(".strength-state")
    assert state.get_attribute("data-state") == "none"
    assert state.inner_text() == gettext("No figure published on or before this date", lang)
    assert isaf.locator(".forces-table").count() == 0
    assert isaf.locator("svg.forces-chart").count() == 0
    # Curators' notes on pledges may look ahead; the figures, dates and chart may not.
    text = isaf.evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.note').forEach(n => n.remove());"
        " return c.textContent; }"
    )
    assert "2010" not in text and "2014-12-31" not in text  # no later figure, no later end
    page.screenshot(path=f"/tmp/dates-operations-2008-{lang}-{size}.png", full_page=True)

    open_page(page, f"{server}/operations?on=2015-06-01&lang={lang}")
    isaf = page.locator("#mission-isaf")
    state = isaf.locator(".strength-state")
    assert state.get_attribute("data-state") == "ended"
    ended = gettext("Operation ended on {end}; last figures from {day}", lang)
    assert state.inner_text() == ended.format(end="2014-12-31", day="2010-11-30")
    assert isaf.locator(".forces-table").count() == 0  # never a total after the end
    assert page.locator("#mission-ntm-i .strength-state").get_attribute("data-state") == "ended"
    # KFOR still runs: its latest figures by then are shown
    assert page.locator("#mission-kfor .forces-table").get_attribute("data-on") == "2013-02-18"
    page.screenshot(path=f"/tmp/dates-operations-2015-{lang}-{size}.png", full_page=True)


def test_enlargement_at_the_end_of_2008_shows_no_later_step(
    dated_page: tuple[Any, str, str], server: str
) -> None:
    page, lang, size = dated_page
    open_page(page, f"{server}/enlargement?on=2008-12-01&lang={lang}")
    for code in ("MKD", "MNE"):
        case = page.locator(f"#case-{code}")
        text = case.inner_text() + " ".join(
            case.locator("details").evaluate_all("els => els.map(e => e.textContent)")
        )
        for year in range(2009, 2027):
            assert str(year) not in text, (code, year)
        assert case.locator(".step[data-stage=member]").get_attribute("data-state") == "pending"
    mkd = page.locator("#case-MKD h3").inner_text()
    assert mkd.startswith(country_name("MKD", date(2008, 12, 1), lang))
    assert page.locator("#case-MNE .step[aria-current=step]").get_attribute("data-stage") == (
        "intensified_dialogue"
    )
    page.screenshot(path=f"/tmp/dates-enlargement-2008-{lang}-{size}.png", full_page=True)


def _list_name(page: Any, code: str) -> str:
    name: str = page.locator(f'#standing-list li[data-code="{code}"] button').text_content()
    return name


def test_the_map_names_macedonia_as_the_alliance_did(
    dated_page: tuple[Any, str, str], server: str
) -> None:
    page, lang, size = dated_page
    page.goto(f"{server}/?on=2008-04-03&lang={lang}")
    page.wait_for_selector("html[data-map-ready=true]")
    old = country_name("MKD", date(2008, 4, 3), lang)
    new = country_name("MKD", date(2020, 6, 1), lang)
    assert old != new
    assert _list_name(page, "MKD") == old
    # The other dated pages open on the map's date.
    href = page.locator(".site-nav a[href^='/operations']").get_attribute("href")
    assert href == "/operations?on=2008-04-03"

    # Move the date field to 2020: the list is redrawn with the name of the day.
    page.fill("#date-input", "2020-06-01")
    page.dispatch_event("#date-input", "change")
    page.wait_for_function(
        "d => document.getElementById('standing-list').dataset.date === d", arg="2020-06-01"
    )
    assert _list_name(page, "MKD") == new
    href = page.locator(".site-nav a[href^='/operations']").get_attribute("href")
    assert href == "/operations?on=2020-06-01"
    page.screenshot(path=f"/tmp/dates-map-2020-{lang}-{size}.png")

"""The councils on the map and their own page, in a real Chromium, EN and FR, desktop and phone.

On 15 September 2008 (the NATO-Georgia Commission's first day) Georgia is shown as NGC,
Ukraine as NUC and Russia as NRC, in the legend's colours; Russia's panel says the NRC's
formal meetings were suspended; the NRC's page lists the 26 Allies with Russia.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bucarest.core.i18n import gettext
from bucarest.registry.domain.standing import Standing
from bucarest.registry.labels import STANDING_LABELS
from bucarest.registry.views import STANDING_COLOURS

pytestmark = pytest.mark.e2e

DAY = "2008-09-15"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
COUNCILS = {"GEO": Standing.NGC, "UKR": Standing.NUC, "RUS": Standing.NRC}


@pytest.fixture(params=[(lang, size) for lang in ("en", "fr") for size in SIZES])
def shown(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str]]:
    """A page at the size asked, and its language."""
    lang, size = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="fr-FR" if lang == "fr" else "en-GB"
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        yield pg, lang
    finally:
        context.close()


def no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


def test_the_bilateral_councils_are_coloured_and_in_the_legend(
    shown: tuple[Any, str], server: str
) -> None:
    page, lang = shown
    page.goto(f"{server}/?on={DAY}&lang={lang}")
    page.wait_for_selector("html[data-map-ready=true]")
    page.wait_for_function(
        "d => document.getElementById('standing-list').dataset.date === d", arg=DAY
    )
    for code, category in COUNCILS.items():
        got = page.evaluate(
            """c => {
                const li = document.querySelector(`#standing-list li[data-code="${c}"]`);
                const path = document.querySelector(`#map path[data-code="${c}"]`);
                return {list: li && li.dataset.standing,
                        path: path && path.getAttribute("data-standing"),
                        fill: path && path.getAttribute("fill")};
            }""",
            code,
        )
        assert got == {
            "list": category.value,
            "path": category.value,
            "fill": STANDING_COLOURS[category],
        }, code
        legend = page.locator(f'.legend-list li[data-standing="{category.value}"]')
        assert legend.locator(".legend-label").inner_text() == gettext(
            STANDING_LABELS[category], lang
        )
        assert legend.locator("[data-count-for]").inner_text() == "1"
        swatch = legend.locator(".swatch").evaluate("el => getComputedStyle(el).backgroundColor")
        hexa = STANDING_COLOURS[category].lstrip("#")
        r, g, b = (int(hexa[i : i + 2], 16) for i in (0, 2, 4))
        assert swatch == f"rgb({r}, {g}, {b})"
    link = page.locator('.legend-list li[data-standing="nrc"] a.legend-link')
    assert link.get_attribute("href") == f"/frameworks/nrc?lang={lang}&on={DAY}"
    page.evaluate("() => window.bucarestMap.setDay('2009-03-05')")
    page.wait_for_function(
        "() => document.getElementById('standing-list').dataset.date === '2009-03-05'"
    )
    assert link.get_attribute("href").endswith("on=2009-03-05")
    assert no_sideways_scroll(page)


def test_russias_panel_says_the_nrc_meetings_were_suspended(
    shown: tuple[Any, str], server: str
) -> None:
    page, lang = shown
    page.goto(f"{server}/?on={DAY}&lang={lang}")
    page.wait_for_selector("html[data-map-ready=true]")
    page.evaluate("() => window.bucarestMap.select('RUS')")
    state = page.locator('#panel-body .council-state[data-framework="nrc"]')
    state.wait_for()
    assert state.get_attribute("data-state") == "meetings_suspended"
    text = state.inner_text()
    assert gettext("formal meetings suspended", lang) in text and "2008-08-19" in text
    assert "official_texts_29950" in state.locator("a").last.get_attribute("href")


def test_the_nrc_page_lists_the_allies_with_russia(shown: tuple[Any, str], server: str) -> None:
    page, lang = shown
    page.goto(f"{server}/frameworks/nrc?on=2008-05-01&lang={lang}")
    rows = page.locator("#members-table tbody tr")
    assert rows.count() == 27
    assert page.locator('#members-table tr[data-capacity="ally"]').count() == 26
    russia = page.locator('#members-table tr[data-capacity="partner"]')
    assert russia.get_attribute("data-code") == "RUS"
    assert gettext("partner", lang) in russia.inner_text()
    assert page.locator("#framework-state").get_attribute("data-state") == "active"
    assert no_sideways_scroll(page)
    page.goto(f"{server}/frameworks/eapc?on=2008-05-01&lang={lang}")
    assert page.locator("#members-table tbody tr").count() == 50
    assert ("Alliés : 26" if lang == "fr" else "Allies: 26") in page.inner_text("#members-count")
    assert no_sideways_scroll(page)

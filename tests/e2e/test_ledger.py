"""The ledger pages and the printed review in a real Chromium, against ``bucarest serve``.

Screenshots go to /tmp/ledger-*.png for a person to look at.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bucarest.core.i18n import gettext
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.ledger import dashboard
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.labels import STATUS_LABELS
from bucarest.ledger.report import ReportFormat, render_review

pytestmark = pytest.mark.e2e

AS_OF = "2009-04-03"


def open_page(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (
        f"{url} answered {response.status if response else None}"
    )


def tile_counts(page: Any) -> dict[str, int]:
    counts: dict[str, int] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.status-tiles li')]
            .map(li => [li.dataset.status, Number(li.querySelector('.tile-count').dataset.count)]))"""
    )
    return counts


def listed(page: Any) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = page.evaluate(
        """() => [...document.querySelectorAll('table.ledger-table tbody tr')]
            .map(tr => ({id: tr.dataset.id, status: tr.dataset.status}))"""
    )
    return rows


def submit_filters(page: Any) -> None:
    with page.expect_navigation():
        page.click("form.ledger-filters button[type=submit]")


def test_dashboard_filter_open_a_commitment_and_switch_to_french(page: Any, server: str) -> None:
    ledger = load_embedded_ledger()
    open_page(page, server + "/ledger")
    assert page.input_value("#on") == date.today().isoformat()  # noqa: DTZ011

    # The as-of date: Bucharest + 1 year.
    page.fill("#on", AS_OF)
    submit_filters(page)
    assert page.text_content("#as-of-date") == AS_OF
    expected = dashboard(ledger, date.fromisoformat(AS_OF)).counts
    counts = tile_counts(page)
    assert sum(counts.values()) == len(ledger.commitments)
    assert counts["due"] == expected[LedgerStatus.DUE] > 0
    assert len(listed(page)) == len(ledger.commitments)
    page.screenshot(path="/tmp/ledger-dashboard.png", full_page=True)

    # Filter by status: only the due commitments are listed, the tile is marked.
    page.select_option("#f-status", "due")
    submit_filters(page)
    rows = listed(page)
    assert len(rows) == expected[LedgerStatus.DUE]
    assert {r["status"] for r in rows} == {"due"}
    assert page.get_attribute(".status-tiles li.selected", "data-status") == "due"
    assert page.input_value("#on") == AS_OF  # the date is kept
    page.screenshot(path="/tmp/ledger-dashboard-due.png", full_page=True)

    # Open the first one: its page on the same date.
    first = rows[0]["id"]
    with page.expect_navigation():
        page.click(f'table.ledger-table tr[data-id="{first}"] a')
    assert page.url.endswith(f"/ledger/{first}?on={AS_OF}")
    assert page.get_attribute("#commitment-status", "data-status") == "due"
    c = ledger.commitment(first)
    assert page.is_visible('figure.decision-text[lang="fr"] blockquote')
    assert page.is_visible('figure.decision-text[lang="en"] blockquote')
    page.screenshot(path="/tmp/ledger-commitment-en.png", full_page=True)

    # Switch to French: same commitment, same date, French labels, both texts still there.
    with page.expect_navigation():
        page.click('.lang-switch a[hreflang="fr"]')
    assert page.get_attribute("html", "lang") == "fr"
    assert f"on={AS_OF}" in page.url
    assert page.text_content("#commitment-status") == gettext(STATUS_LABELS[LedgerStatus.DUE], "fr")
    assert page.text_content('figure.decision-text[lang="fr"] blockquote') == c.text_fr
    assert page.text_content('figure.decision-text[lang="en"] blockquote') == c.text_en
    page.screenshot(path="/tmp/ledger-commitment-fr.png", full_page=True)

    # The language sticks: the dashboard is now French too.
    with page.expect_navigation():
        page.click(".breadcrumb a")
    assert page.get_attribute("html", "lang") == "fr"


def test_commitment_with_indicators_draws_its_charts(page: Any, server: str) -> None:
    ledger = load_embedded_ledger()
    c = next(c for c in ledger.commitments if c.indicators)
    open_page(page, f"{server}/ledger/{c.id}?on={AS_OF}")
    charts = page.locator("svg.indicator-chart")
    assert charts.count() == len(c.indicators)
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150
    assert page.locator("svg.indicator-chart path.actuals").count() == len(c.indicators)
    page.screenshot(path="/tmp/ledger-indicators.png", full_page=True)


def test_operations_chart_renders(page: Any, server: str) -> None:
    open_page(page, server + "/operations?on=2008-06-03")
    chart = page.locator("#mission-isaf svg.forces-chart")
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 180
    bars = page.locator("#mission-isaf svg.forces-chart g.bar")
    assert bars.count() == 2  # the figures published by 3 June 2008 only
    current = page.locator("#mission-isaf svg.forces-chart g.bar.current")
    assert current.get_attribute("data-on") == "2008-06-03"
    assert current.get_attribute("data-total") == "52908"
    # The stacked segments of the current bar add up to the published total.
    total = page.evaluate(
        """() => [...document.querySelectorAll('#mission-isaf g.bar.current rect[data-value]')]
            .reduce((s, r) => s + Number(r.dataset.value), 0)"""
    )
    assert total == 52908
    # Each segment is drawn with a real height, stacked from the axis upwards.
    heights = page.evaluate(
        """() => [...document.querySelectorAll('#mission-isaf g.bar.current rect[data-value]')]
            .map(r => r.getBoundingClientRect().height)"""
    )
    assert sum(heights) > 60
    assert page.text_content("#mission-isaf .forces-table tfoot .total") == "52,908"
    page.screenshot(path="/tmp/ledger-operations.png", full_page=True)
    chart.screenshot(path="/tmp/ledger-operations-chart.png")


def test_review_prints_on_a4_with_a_page_per_part(page: Any, tmp_path: Path) -> None:
    ledger = load_embedded_ledger()
    review = build_review(ledger, "bucharest-2008", date.fromisoformat(AS_OF))
    html = tmp_path / "review.html"
    html.write_text(render_review(review, ledger, "fr", ReportFormat.HTML), encoding="utf-8")
    page.goto(html.as_uri())
    assert page.locator("svg.forces-chart").count() == len(review.forces)
    page.screenshot(path="/tmp/ledger-review-screen.png", full_page=False)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
    page.screenshot(path="/tmp/ledger-review-print.png", full_page=False)
    pdf = page.pdf(path="/tmp/ledger-review.pdf", format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # the title page, the summary, one part per topic, force levels, compliance, evidence
    parts = 2 + len(review.sections) + (1 if review.forces else 0) + 2
    assert pages >= parts, (pages, parts)


SIZES = [pytest.param((1440, 900), id="desktop"), pytest.param((390, 844), id="phone")]
PRINT_LABEL = {"en": "Print / save as PDF", "fr": "Imprimer / enregistrer en PDF"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_review_is_a_link_away_from_the_dashboard_and_prints_without_its_toolbar(
    browser: Any, server: str, lang: str, size: tuple[int, int]
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        open_page(page, f"{server}/ledger?on={AS_OF}&lang={lang}")
        link = page.locator("#review-link")
        assert link.is_visible()
        with page.expect_navigation():
            link.click()
        assert page.url.startswith(f"{server}/ledger/review?on={AS_OF}&lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        # The review of the dashboard's date: its commitments and its evidence are there.
        assert page.locator(f'.facts time[datetime="{AS_OF}"]').count() == 1
        ledger = load_embedded_ledger()
        review = build_review(ledger, "bucharest-2008", date.fromisoformat(AS_OF))
        assert page.locator("article.commitment").count() == len(review.rows)
        assert page.locator("ol.evidence li").count() > 20
        button = page.locator("#review-print")
        assert button.is_visible() and button.text_content() == PRINT_LABEL[lang]
        box = button.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24
        # The page does not scroll sideways, on a phone either.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # The button calls the browser's print dialogue (stubbed: a headless page cannot show it).
        page.evaluate(
            "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
        )
        button.click()
        assert page.evaluate("window.__printed") == 1
        # On paper: no toolbar, no navigation, the parts each on a new page.
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.review-toolbar', 'nav.toc'].map(
                s => getComputedStyle(document.querySelector(s)).display)"""
        )
        assert hidden == ["none", "none"]
        assert (
            page.evaluate("getComputedStyle(document.querySelector('#summary')).breakBefore")
            == "page"
        )
        page.screenshot(path=f"/tmp/ledger-review-{lang}-{width}.png", full_page=False)
        page.emulate_media(media="screen")
        # The Markdown download is the same review as a file.
        with page.expect_download() as download:
            page.click("#review-markdown")
        path = download.value.path()
        assert path is not None
        text = Path(path).read_text(encoding="utf-8")
        assert text.startswith("# Progress review" if lang == "en" else "# Bilan d'avancement")
        assert errors == [], errors
    finally:
        context.close()

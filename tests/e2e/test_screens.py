"""Every screen size, in a real Chromium against ``bucarest serve``: on a phone (390 x 844 CSS
pixels) no page scrolls sideways (wide tables scroll inside their own box), the header stays
within a fifth of the screen, the navigation folds into a menu button that a click or the
keyboard opens, and every control is a target of at least 24 x 24 px; on a desktop
(1440 x 900) the navigation stands open in the header. English and French.

What counts as a target and what is exempt (WCAG 2.2, success criterion 2.5.8, "Target Size
(Minimum)") is defined once, in :data:`SMALL_TARGETS`:

* a target is a visible ``a[href]``, ``button``, ``input`` (not hidden), ``select``,
  ``textarea`` or ``summary``: visible means ``Element.checkVisibility()`` (not inside a closed
  ``<details>``, not ``display: none`` or ``visibility: hidden``) and a box of non-zero size;
* its size is its border box (``getBoundingClientRect``), except for a check box or radio
  button inside a ``<label>``: a click anywhere on the label toggles it, so the label's box
  counts;
* an *inline link in running text* is exempt (the criterion's "Inline" exception: "the target
  is in a sentence or its size is otherwise constrained by the line-height of non-target
  text"): an ``<a>`` whose computed ``display`` is ``inline`` and whose nearest ancestor that
  is not inline holds at least three words (runs of two or more letters) outside any target
  and outside visually hidden text; a lone link, a row of links or a link beside a number is
  not running text and must be 24 px;
* the shapes and markers drawn on the maps (countries, launch sites) are not measured: each
  has an equivalent control of full size on the same page (the list of countries by standing,
  the launch-site list), the criterion's "Equivalent" exception.

Every page is checked with its ``<details>`` (in ``main``) opened, so the sources and steps
they fold away are measured too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bucarest.app import open_store
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
#: The header may take at most a fifth of the phone's height.
HEADER_MAX = 0.2 * PHONE["height"]
LANGS = ("en", "fr")

#: The targets under 24 x 24 px that are not exempt, described for a failure message.
SMALL_TARGETS = r"""
() => {
  const TARGETS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary';
  const words = (text) => (text.match(/\p{L}{2,}/gu) || []).length;
  const blockOf = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    return b;
  };
  const textOutsideTargets = (block) => {
    const copy = block.cloneNode(true);
    for (const x of copy.querySelectorAll(TARGETS + ', .visually-hidden')) x.remove();
    return copy.textContent || '';
  };
  const inRunningText = (el) => el.tagName === 'A'
    && getComputedStyle(el).display === 'inline'
    && words(textOutsideTargets(blockOf(el))) >= 3;
  const boxOf = (el) => {
    const label = (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : null;
    return (label || el).getBoundingClientRect();
  };
  const small = [];
  for (const el of document.querySelectorAll(TARGETS)) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const r = boxOf(el);
    if (r.width === 0 || r.height === 0) continue;
    if ((r.width >= 24 && r.height >= 24) || inRunningText(el)) continue;
    const name = (el.textContent || el.value || el.getAttribute('aria-label') || '').trim();
    small.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} `
      + `"${name.slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)} `
      + `in ${el.parentElement.tagName.toLowerCase()}.${el.parentElement.className}`);
  }
  return small;
}
"""

#: What sticks out on the right of the viewport (outside a scrolling box), for a failure message.
STICKING_OUT = r"""
() => [...document.querySelectorAll('body *')]
  .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((e) => !e.closest('.table-scroll, .md-scroll, .leaflet-container'))
  .slice(0, 8)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
"""


@pytest.fixture(scope="module")
def analyst(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A French analyst in the served database (the ``server`` fixture's SQLite file)."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e*/e2e.sqlite3"))
    assert found, "the served database is not where tests/e2e/conftest.py puts it"
    db = open_store(f"sqlite:///{found[-1]}")
    name = f"screens-{uuid.uuid4().hex[:6]}"
    try:
        with db.session() as s:
            desk = Desk(s, load_embedded_registry(), db)
            password = desk.accounts.create_user(name, "FRA", {Role.ANALYST})[1]
    finally:
        db.dispose()
    return name, password


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def visit(page: Any, url: str, timeout_ms: float | None = None) -> None:
    page.goto(url, timeout=timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


def header_height(page: Any) -> float:
    height: float = page.evaluate(
        "() => document.querySelector('.site-header').getBoundingClientRect().height"
    )
    return height


def check_fits(page: Any, shell: bool = True) -> list[str]:
    """What is wrong with the page on this screen (empty when nothing), its folded
    ``<details>`` opened first."""
    page.evaluate(
        "() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })"
    )
    where = page.url
    problems: list[str] = []
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width > inner:
        problems.append(
            f"{where}: scrolls sideways ({width} > {inner}): {page.evaluate(STICKING_OUT)}"
        )
    if shell:
        height = header_height(page)
        if height > HEADER_MAX:
            problems.append(f"{where}: header {height:.0f} px > {HEADER_MAX:.0f} px")
    problems += [f"{where}: target under 24 px: {t}" for t in page.evaluate(SMALL_TARGETS)]
    return problems


def nav_paths(page: Any) -> list[str]:
    paths: list[str] = page.eval_on_selector_all(
        ".site-nav a", "els => els.map(e => e.getAttribute('href'))"
    )
    return paths


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_fits_a_phone(
    phone: Any, server: str, analyst: tuple[str, str], lang: str
) -> None:
    visit(phone, f"{server}/about?lang={lang}")  # the choice of language is remembered
    assert phone.get_attribute("html", "lang") == lang
    paths = nav_paths(phone)
    assert {"/", "/enlargement", "/ledger", "/operations", "/energy", "/missile-defence"} <= set(
        paths
    )
    problems: list[str] = []
    for path in paths:
        visit(phone, server + path)  # the cyber desk answers with its sign-in page
        problems += check_fits(phone)
    # Pages below the top level: a commitment, the operations on the summit's day, a
    # country's history, the enlargement on the summit's day, the energy page at asset level.
    visit(phone, f"{server}/ledger")
    commitment = phone.get_attribute(".ledger-table a[href^='/ledger/']", "href")
    for path in (
        commitment,
        "/operations?on=2008-04-03",
        "/countries/UKR",
        "/enlargement?on=2008-04-03",
        "/energy?dataset=winter-2008-09-assets&q=chiren",  # storage by site, an asset found
    ):
        # the asset-level energy page solves the month without hindsight first: 15 to 30 s on a
        # busy 2-core machine (decision NN)
        visit(phone, server + path, 90_000 if path.startswith("/energy") else None)
        problems += check_fits(phone)
    # The map's country panel, with Ukraine's history and its sources.
    phone.goto(f"{server}/?on=2008-04-03")
    phone.wait_for_selector("html[data-map-ready=true]")
    phone.click("#standing-details summary")
    phone.click("#standing-list li[data-code=UKR] button")
    phone.wait_for_selector("#panel-body article[data-country=UKR]")
    problems += check_fits(phone)
    # The printable progress review: a document of its own, without the shell's header.
    visit(phone, f"{server}/ledger/review?on=2009-04-03&lang={lang}")
    problems += check_fits(phone, shell=False)

    # The cyber desk, signed in, with an incident whose title is one long unbroken word.
    visit(phone, f"{server}/desk/incidents")
    phone.fill("#account-username", analyst[0])
    phone.fill("#account-password", analyst[1])
    phone.click("#account-login")
    phone.wait_for_url(re.compile(r"/desk/incidents(\?|$)"))
    visit(phone, f"{server}/desk/incidents/new")
    problems += check_fits(phone)
    phone.fill("#desk-title-input", "Defacement-" + "x" * 80)
    phone.click("#desk-file")
    phone.wait_for_url(re.compile(r"/desk/incidents/[0-9a-f-]{36}"))
    phone.wait_for_load_state("networkidle")
    problems += check_fits(phone)
    for path in ("/desk/incidents", "/desk/assistance", "/desk/practices", "/desk/contacts"):
        visit(phone, server + path)
        problems += check_fits(phone)
    assert not problems, "\n".join(problems)


def is_shown(page: Any, selector: str) -> bool:
    """Whether the element is rendered (a closed <details> keeps its content in the DOM)."""
    shown: bool = page.eval_on_selector(
        selector, "e => e.checkVisibility({visibilityProperty: true})"
    )
    return shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_navigation_folds_into_a_menu_on_a_phone(phone: Any, server: str, lang: str) -> None:
    visit(phone, f"{server}/ledger?lang={lang}")
    menu = phone.locator("summary.menu-button")
    assert menu.is_visible()
    assert menu.inner_text().strip() == "Menu"  # the same word in French
    assert not is_shown(phone, ".site-nav")
    assert not is_shown(phone, ".lang-switch")

    # The keyboard: the skip link, the brand, then the menu button; Enter opens it.
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.classList.contains('menu-button')")
    phone.keyboard.press("Enter")
    assert phone.get_attribute("details.site-menu", "open") is not None
    assert is_shown(phone, ".site-nav") and is_shown(phone, ".lang-switch")
    phone.keyboard.press("Tab")
    first = phone.evaluate("() => document.activeElement.getAttribute('href')")
    assert first == nav_paths(phone)[0]
    # The open menu is a list of links, each a comfortable target, over the page.
    assert not [t for t in phone.evaluate(SMALL_TARGETS) if "site-menu" in t or "menu-body" in t]
    # Escape folds the open menu and gives the focus back to its button; so does a click
    # outside it.
    phone.keyboard.press("Escape")
    assert phone.get_attribute("details.site-menu", "open") is None
    assert phone.evaluate("() => document.activeElement.classList.contains('menu-button')")
    menu.click()
    assert is_shown(phone, ".site-nav")
    phone.mouse.click(PHONE["width"] / 2, PHONE["height"] - 40)
    assert not is_shown(phone, ".site-nav")
    menu.click()
    assert is_shown(phone, ".site-nav")
    # Enter on the button again folds it; a click opens it and leads to another page.
    phone.focus("summary.menu-button")
    phone.keyboard.press("Enter")
    assert not is_shown(phone, ".site-nav")
    menu.click()
    assert is_shown(phone, ".site-nav")
    phone.click(".site-nav a[href^='/operations']")
    phone.wait_for_url(re.compile(r"/operations(\?on=[0-9-]+)?$"))
    assert phone.get_attribute("html", "lang") == lang
    assert not is_shown(phone, ".site-nav")  # a new page starts folded
    assert header_height(phone) <= HEADER_MAX


@pytest.mark.parametrize("lang", LANGS)
def test_the_navigation_stands_open_on_a_desktop(desktop: Any, server: str, lang: str) -> None:
    visit(desktop, f"{server}/ledger?lang={lang}")
    assert not desktop.locator("summary.menu-button").is_visible()
    assert is_shown(desktop, ".site-nav") and is_shown(desktop, ".lang-switch")
    header = desktop.locator(".site-header").bounding_box()
    links = desktop.locator(".site-nav a, .lang-switch a")
    assert links.count() >= 8
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box is not None and box["height"] >= 24
        assert (
            header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
        )
    # The current page is marked, and the navigation is reachable from the keyboard.
    assert desktop.get_attribute(".site-nav a[href^='/ledger']", "aria-current") == "page"
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("() => document.activeElement.closest('.site-nav') !== null")
    assert desktop.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

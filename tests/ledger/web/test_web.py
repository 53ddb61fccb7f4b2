"""The ledger pages: dashboard with filters and as-of date, commitment pages, operations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from bucarest.app import create_app
from bucarest.core.i18n import gettext
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.ledger import Ledger, LedgerFilter, dashboard, rows_on
from bucarest.ledger.domain.model import Topic
from bucarest.ledger.domain.operations import forces_on
from bucarest.ledger.domain.status import LedgerStatus, status_on
from bucarest.ledger.labels import STATUS_LABELS
from bucarest.platform.pages import NAV
from tests.registry.web.test_web import Refs, local, outside_references

PAGES = [
    "/ledger",
    "/ledger?on=2009-04-03",
    "/ledger?on=2008-08-01&status=done_on_time&topic=enlargement",
    "/ledger/protocols-signed",
    "/ledger/protocols-ratified?on=2009-04-03",
    "/operations",
    "/operations?on=2008-06-03",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("ledger-web") / "t.sqlite3"
    app = create_app("sqlite:///" + str(path))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_embedded_ledger()


def get(client: TestClient, url: str, expect: int = 200, **params: str) -> str:
    client.cookies.clear()
    r = client.get(url, params=params)
    assert r.status_code == expect, (url, r.status_code, r.text[-400:])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def ids_listed(html: str) -> list[str]:
    return re.findall(r'<tr class="st-\w+" data-id="([a-z0-9-]+)" data-status="\w+">', html)


def tile_counts(html: str) -> dict[str, int]:
    found = re.findall(
        r'<li class="st-(\w+)(?: selected)?" data-status="\1">\s*<a [^>]*>'
        r'<span class="tile-count" data-count="(\d+)">',
        html,
    )
    return {s: int(n) for s, n in found}


# --- every page ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_render_in_both_languages_with_the_navigation(
    client: TestClient, url: str, lang: str
) -> None:
    path, _, query = url.partition("?")
    params = dict(p.split("=") for p in query.split("&")) if query else {}
    html = get(client, path, lang=lang, **params)
    assert f'<html lang="{lang}">' in html
    keys = [n.key for n in NAV]
    assert keys.index("ledger") < keys.index("operations") < keys.index("about")
    for item in NAV:
        # a dated page's link carries the date this page shows
        assert f'href="{item.path}"' in html or f'href="{item.path}?on=' in html
        assert str(escape(gettext(item.label, lang))) in html
    refs = Refs()
    refs.feed(html)
    assert all(local(u) for u in refs.loaded), refs.loaded
    # The ledger pages need no script of their own (the site menu's small script, on every
    # page, only adds Escape and click-outside to a menu that works without it).
    body = html.split("</header>", 1)[1].replace(
        '<script src="/static/js/menu.js" defer></script>', ""
    )
    assert "<script" not in body, "the ledger pages need no script"
    assert outside_references(html) == [], url


# --- the dashboard ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2008-04-03", "2008-08-01", "2008-12-15", "2009-04-03"])
def test_dashboard_counts_every_commitment_as_the_domain_does(
    client: TestClient, ledger: Ledger, day: str
) -> None:
    html = get(client, "/ledger", on=day)
    counts = tile_counts(html)
    expected = dashboard(ledger, date.fromisoformat(day)).counts
    assert sum(counts.values()) == len(ledger.commitments)
    for s, n in expected.items():
        if n or s is not LedgerStatus.NOT_YET_DECIDED:
            assert counts[s.value] == n, s
    listed = ids_listed(html)
    assert sorted(listed) == sorted(c.id for c in ledger.commitments)
    assert f'<time datetime="{day}" id="as-of-date">{day}</time>' in html
    assert f'<input type="date" id="on" name="on" value="{day}" required>' in html


def test_dashboard_defaults_to_today_and_links_bucharest_plus_one_year(client: TestClient) -> None:
    html = get(client, "/ledger")
    assert f'id="as-of-date">{date.today().isoformat()}<' in html  # noqa: DTZ011
    assert '<a href="/ledger?on=2009-04-03" id="quick-bucharest-1y">' in html


@pytest.mark.parametrize(
    ("params", "flt"),
    [
        ({"status": "due"}, LedgerFilter(status=LedgerStatus.DUE)),
        ({"status": "done_on_time"}, LedgerFilter(status=LedgerStatus.DONE_ON_TIME)),
        ({"topic": "enlargement"}, LedgerFilter(topic=Topic.ENLARGEMENT)),
        ({"owner": "foreign-ministers"}, LedgerFilter(owner="foreign-ministers")),
        ({"owner": "fra"}, LedgerFilter(owner="FRA")),
        ({"due_before": "2008-12-31"}, LedgerFilter(due_before=date(2008, 12, 31))),
        ({"summit": "bucharest-2008"}, LedgerFilter(summit="bucharest-2008")),
        ({"summit": "lisbon-2010"}, LedgerFilter(summit="lisbon-2010")),
        (
            {"topic": "afghanistan", "status": "due", "owner": "isaf-nations"},
            LedgerFilter(status=LedgerStatus.DUE, owner="isaf-nations", topic=Topic.AFGHANISTAN),
        ),
    ],
)
def test_filters_list_what_the_domain_lists(
    client: TestClient, ledger: Ledger, params: dict[str, str], flt: LedgerFilter
) -> None:
    day = date(2009, 4, 3)
    html = get(client, "/ledger", on=day.isoformat(), **params)
    expected = [r.commitment.id for r in rows_on(ledger, day, flt)]
    assert sorted(ids_listed(html)) == sorted(expected)
    if not expected:
        assert 'class="hint empty"' in html
    for key, value in params.items():  # the form shows what was chosen
        shown = value.upper() if key == "owner" and len(value) == 3 else value
        assert f'value="{shown}" selected' in html or f'value="{shown}">' in html, key
    if "status" in params:  # the tile of the chosen status is marked and counts match
        assert f'<li class="st-{params["status"]} selected"' in html
        assert tile_counts(html)[params["status"]] >= len(expected)
        assert 'href="/ledger?on=2009-04-03' in html.split("All statuses")[0][-200:]


def test_empty_form_fields_mean_any(client: TestClient, ledger: Ledger) -> None:
    html = get(client, "/ledger", on="2009-04-03", summit="", status="", owner="", topic="",
               due_before="")  # fmt: skip
    assert len(ids_listed(html)) == len(ledger.commitments)


def test_status_tiles_link_to_the_filtered_list(client: TestClient) -> None:
    html = get(client, "/ledger", on="2009-04-03", topic="enlargement")
    assert 'href="/ledger?on=2009-04-03&amp;topic=enlargement&amp;status=due"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "late"}, "unknown status 'late'"),
        ({"topic": "space"}, "unknown topic 'space'"),
        ({"on": "2009-13-01"}, "2009-13-01"),
        ({"due_before": "soon"}, "soon"),
    ],
)
def test_bad_filters_get_a_one_line_message(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    html = get(client, "/ledger", expect=400, **params)
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "\n" not in alert.group(1)
    assert str(escape(message)) in alert.group(1)


# --- one commitment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2008-04-01", LedgerStatus.NOT_YET_DECIDED),
        ("2008-06-01", LedgerStatus.NOT_YET_DUE),
        ("2008-07-05", LedgerStatus.DUE),
        ("2008-07-09", LedgerStatus.DONE_ON_TIME),
        ("2009-04-03", LedgerStatus.DONE_ON_TIME),
    ],
)
def test_as_of_date_changes_the_status(
    client: TestClient, ledger: Ledger, day: str, status: LedgerStatus
) -> None:
    c = ledger.commitment("protocols-signed")
    assert status_on(c, ledger.calendar, date.fromisoformat(day)) is status
    for lang in ("en", "fr"):
        html = get(client, "/ledger/protocols-signed", on=day, lang=lang)
        badge = re.search(r'id="commitment-status" data-status="(\w+)">([^<]*)<', html)
        assert badge is not None and badge.group(1) == status.value
        assert badge.group(2) == str(escape(gettext(STATUS_LABELS[status], lang)))
    history = html.split('id="history-title"', 1)[1].split("</section>", 1)[0]
    assert ('data-status="done"' in history) == (day >= "2008-07-09")


def test_commitment_page_shows_both_texts_history_and_evidence(
    client: TestClient, ledger: Ledger
) -> None:
    c = ledger.commitment("protocols-ratified")
    for lang in ("en", "fr"):
        html = get(client, f"/ledger/{c.id}", on="2009-04-03", lang=lang)
        assert f"<blockquote>{escape(c.text_fr)}</blockquote>" in html
        assert f"<blockquote>{escape(c.text_en)}</blockquote>" in html
        assert '<figure class="decision-text" lang="fr">' in html
        assert html.count('class="chart-svg indicator-chart"') == len(c.indicators) >= 1
        history = html.split('id="history-title"', 1)[1].split("</section>", 1)[0]
        assert history.count("<li ") == len([e for e in c.history if e.on <= date(2009, 4, 3)])
        evidence = html.split('id="evidence-title"', 1)[1].split("</section>", 1)[0]
        assert evidence.count("<li>") == 1 + len(c.history) + len(c.assessments)
    early = get(client, f"/ledger/{c.id}", on="2008-10-01")
    history = early.split('id="history-title"', 1)[1].split("</section>", 1)[0]
    later = len([e for e in c.history if e.on > date(2008, 10, 1)])
    assert history.count("<li ") == len(c.history) - later
    assert f"Status changes recorded after this date: {later}." in history


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_commitment_is_a_404_page(client: TestClient, lang: str) -> None:
    html = get(client, "/ledger/no-such-thing", expect=404, lang=lang)
    assert f'<html lang="{lang}">' in html
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "no-such-thing" in alert.group(1) and "\n" not in alert.group(1)


# --- operations ------------------------------------------------------------------------------


def test_operations_on_3_june_2008(client: TestClient, ledger: Ledger) -> None:
    html = get(client, "/operations", on="2008-06-03")
    isaf = html.split('id="mission-isaf"', 1)[1].split("</section>", 1)[0]
    assert 'class="chart-svg forces-chart"' in isaf
    table = isaf.split('<table class="forces-table" data-on="2008-06-03">', 1)[1].split(
        "</table>", 1
    )[0]
    f = forces_on(ledger.contributions, "isaf", date(2008, 6, 3))
    assert f.total == 52908
    assert '<td class="num total">52,908</td>' in table
    strengths = [
        int(n.replace(",", "")) for n in re.findall(r'<td class="num">([\d,]+)</td>', table)
    ]
    assert sum(strengths) == f.total  # the nations listed and "other"
    assert table.count("<tr data-code=") == len(f.by_nation)
    # the bar in force on the date is the one outlined
    assert re.search(r'<g class="bar current" data-on="2008-06-03" data-total="52908">', isaf)
    assert "UNSCR 1386" in isaf
    pledges = isaf.split('<table class="pledges-table">', 1)[1]
    assert "France" in pledges and "7,000" in pledges


def test_operations_lists_every_mission(client: TestClient, ledger: Ledger) -> None:
    html = get(client, "/operations", on="2009-04-03", lang="fr")
    for m in ledger.missions:
        assert f'id="mission-{m.id}"' in html
        assert str(escape(m.name("fr"))) in html
    charts = {p.mission for p in ledger.contributions}
    assert html.count('class="chart-svg forces-chart"') == len(charts)
    assert "52\u202f908" in html or "62\u202f000" in html  # French digit grouping


@pytest.mark.parametrize(
    ("lang", "none", "ended"),
    [
        ("en", "No figure published on or before this date",
         "Operation ended on 2014-12-31; last figures from 2010-11-30"),
        ("fr", "Aucun chiffre publié à cette date ou avant",
         "Opération terminée le 2014-12-31 ; derniers chiffres du 2010-11-30"),
    ],
)  # fmt: skip
def test_operations_show_only_what_was_published_by_the_date(
    client: TestClient, lang: str, none: str, ended: str
) -> None:
    html = get(client, "/operations", on="2008-04-03", lang=lang)
    isaf = html.split('id="mission-isaf"', 1)[1].split("</section>", 1)[0]
    assert str(escape(none)) in isaf
    assert 'class="forces-table"' not in isaf and "forces-chart" not in isaf
    assert "2010-11" not in isaf and "2014-12-31" not in isaf  # no later figure, no later end
    html = get(client, "/operations", on="2015-06-01", lang=lang)
    isaf = html.split('id="mission-isaf"', 1)[1].split("</section>", 1)[0]
    assert str(escape(ended)) in isaf
    assert 'class="forces-table"' not in isaf
    ntm = html.split('id="mission-ntm-i"', 1)[1].split("</section>", 1)[0]
    assert 'data-state="ended"' in ntm
    kfor = html.split('id="mission-kfor"', 1)[1].split("</section>", 1)[0]
    assert '<table class="forces-table" data-on="2013-02-18">' in kfor


def test_operations_chart_stops_on_the_date(client: TestClient) -> None:
    html = get(client, "/operations", on="2008-06-03")
    isaf = html.split('id="mission-isaf"', 1)[1].split("</section>", 1)[0]
    days = re.findall(r'<g class="bar[^"]*" data-on="([\d-]+)"', isaf)
    assert days == ["2008-04-04", "2008-06-03"]


def test_dated_pages_link_to_each_other_on_the_date_shown(client: TestClient) -> None:
    html = get(client, "/operations", on="2008-04-03")
    assert 'href="/enlargement?on=2008-04-03"' in html and 'href="/?on=2008-04-03"' in html
    assert 'href="/about"' in html and 'href="/energy"' in html

"""The energy page: scenario, mode and day chosen in the address; the results table as the domain
computes it; the map's configuration; errors as HTML pages; every string in EN and FR."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from bucarest.app import create_app
from bucarest.core.i18n import catalogue, gettext
from bucarest.core.provenance import working_note_in
from bucarest.energy import labels, service
from bucarest.energy import web as energy_pages
from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.labels import FORESIGHT_EXPLANATIONS, MODE_EXPLANATIONS
from bucarest.energy.records import mode_explanation, outcome_records
from bucarest.energy.service import solve_scenario
from bucarest.energy.web import SHARE_BANDS
from bucarest.platform.pages import NAV
from bucarest.reports.formatting import number, percent
from tests.registry.web.test_web import Refs, local, outside_references

WEB = Path(energy_pages.__file__).parent
TEMPLATES = sorted((WEB / "templates" / "energy").glob("*.html"))
SCRIPT = WEB / "static" / "energy" / "energy.js"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("energy-web") / "t.sqlite3"
    app = create_app("sqlite:///" + str(path))
    with TestClient(app) as c:
        yield c


def get(client: TestClient, expect: int = 200, **params: str) -> str:
    client.cookies.clear()
    r = client.get("/energy", params=params)
    assert r.status_code == expect, (params, r.status_code, r.text[-400:])
    assert r.headers["content-type"].startswith("text/html")
    text: str = r.text
    return text


def config(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="energy-config">(.*?)</script>', html, re.S)
    assert m is not None
    found: dict[str, Any] = json.loads(m.group(1))
    return found


def table_rows(html: str) -> list[tuple[str, float]]:
    body = html.split('id="results-body"', 1)[1].split("</tbody>", 1)[0]
    return [
        (c, float(s)) for c, s in re.findall(r'<tr data-code="(\w+)" data-share="([\d.e-]+)"', body)
    ]


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("scenario", sorted(load_scenarios()))
def test_page_renders_in_both_languages(client: TestClient, lang: str, scenario: str) -> None:
    html = get(client, lang=lang, scenario=scenario)
    assert f'<html lang="{lang}">' in html
    assert str(escape(gettext("Gas supply disruptions", lang))) in html
    assert str(escape(load_scenarios()[scenario].name(lang))) in html
    keys = [n.key for n in NAV]
    assert keys.index("energy") < keys.index("about")
    for item in NAV:
        assert f'href="{item.path}"' in html
        assert str(escape(gettext(item.label, lang))) in html
    assert 'aria-current="page">' + str(escape(gettext("Energy", lang))) in html
    refs = Refs()
    refs.feed(html)
    assert all(local(u) for u in refs.loaded), refs.loaded
    assert (
        "/static/energy/energy.js" in refs.loaded
        and "/static/vendor/leaflet/leaflet.js" in refs.loaded
    )
    assert outside_references(html) == []
    cfg = config(html)
    assert cfg["lang"] == lang
    assert cfg["strings"]["loading"] == gettext("Loading…", lang)


def test_default_is_jan_2009_on_its_worst_day(client: TestClient) -> None:
    html = get(client)
    s = load_scenarios()["jan-2009"]
    cfg = config(html)
    assert cfg["scenario"]["id"] == "jan-2009" and cfg["mode"] == s.mode.value
    result = solve_scenario(load_dataset(s.dataset), s)
    worst = int(result.unserved.sum(axis=0).argmax())
    assert cfg["day"] == worst
    day = s.day(worst).isoformat()
    assert f'<time id="day-label" datetime="{day}">{day}</time>' in html
    assert f'value="{worst}" aria-valuetext="{day}"' in html
    assert f'max="{s.days - 1}"' in html
    assert '<option value="jan-2009" selected>' in html


@pytest.mark.parametrize("mode", list(Mode))
def test_table_lists_the_domain_outcomes_worst_first(client: TestClient, mode: Mode) -> None:
    s = load_scenarios()["jan-2009"]
    html = get(client, scenario=s.id, mode=mode.value)
    expected = outcome_records(solve_scenario(load_dataset(s.dataset), s, mode), "en")
    rows = table_rows(html)
    assert [c for c, _ in rows] == [r["code"] for r in expected]
    # worst first: protected customers' share, then other customers' share not served
    keys = [(r["protected_unserved_share"], r["non_protected_not_served_share"]) for r in expected]
    assert keys == sorted(keys, reverse=True)
    # Moldova and North Macedonia tie in national first: by code
    assert expected[0]["code"] == "MDA"
    assert html.count('<td class="num">') >= 7 * len(rows)
    # the mode and the default foresight (rolling), in one short paragraph
    explanation = mode_explanation(mode, Foresight.ROLLING, "en")
    assert explanation.startswith(MODE_EXPLANATIONS[mode]) and "Operators learn" in explanation
    assert f'<p class="hint" id="results-mode">{explanation}</p>' in html
    assert f'<option value="{mode.value}" selected>' in html
    assert f'data-mode="{mode.value}"' in html
    # The countries of the January 2009 replay that ran short are marked as such.
    short = {r["code"] for r in expected if r["unserved_mcm"] > 0}
    assert "BGR" in short
    for code in short:
        assert f'<tr data-code="{code}" data-share=' in html
        assert re.search(rf'<tr data-code="{code}" data-share="[^"]+" class="short">', html)


def test_day_in_the_address_moves_the_slider(client: TestClient) -> None:
    html = get(client, scenario="jan-2009", day="2009-01-10")
    assert config(html)["day"] == 9
    assert '<time id="day-label" datetime="2009-01-10">2009-01-10</time>' in html
    # A day outside the scenario is brought back inside it.
    assert config(get(client, scenario="jan-2009", day="2010-06-01"))["day"] == 30


def test_config_points_at_the_energy_api(client: TestClient) -> None:
    cfg = config(get(client, scenario="jan-2009", lang="fr"))
    client.cookies.clear()
    r = client.get(cfg["resultUrl"], params={"daily": "true", "mode": cfg["mode"], "lang": "fr"})
    assert r.status_code == 200
    daily = r.json()
    assert len(daily["days"]) == cfg["scenario"]["days"] and "BGR" in daily["unserved_daily"]
    assets = client.get(cfg["assetsUrl"]).json()
    assert {"id": "RUS-UKR", "kind": "pipeline"} in assets
    assert cfg["runUrl"] == "/api/v1/energy/run"
    assert cfg["jobsUrl"] == "/api/v1/energy/jobs" and cfg["pollMs"] > 0
    started = client.post(cfg["jobsUrl"], json={"scenario": cfg["scenario"]["id"], "top": 3})
    assert started.status_code == 202, started.text
    assert started.json()["url"].endswith(f"{cfg['jobsUrl']}/{started.json()['id']}")
    stopped = client.delete(f"{cfg['jobsUrl']}/{started.json()['id']}")
    assert stopped.status_code == 200 and stopped.json()["kind"] == "critical"
    assert [b["min"] for b in cfg["bands"]] == [b for b, _ in SHARE_BANDS]
    net = load_dataset("winter-2008-09")
    assert set(cfg["suppliers"]) == {n.id for n in net.nodes if n.kind != "country"}
    assert set(cfg["workingGas"]) == {st.node for st in net.storage}
    assert cfg["names"]["BGR"] == "Bulgarie"


def test_editor_starts_from_the_scenario_cuts(client: TestClient) -> None:
    s = load_scenarios()["jan-2009"]
    html = get(client, scenario=s.id)
    first = min(d.start for d in s.disruptions).isoformat()
    last = max(d.end for d in s.disruptions).isoformat()
    assert f'id="ed-start" min="{s.start}" max="{s.end}" value="{first}"' in html
    assert f'id="ed-end" min="{s.start}" max="{s.end}" value="{last}"' in html
    chosen = json.loads(
        re.search(r'id="ed-assets" multiple size="\d+" data-selected="([^"]*)"', html)
        .group(1)  # type: ignore[union-attr]
        .replace("&#34;", '"')
    )
    assert chosen == sorted({d.asset for d in s.disruptions})


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_scenario_is_a_404_page(client: TestClient, lang: str) -> None:
    html = get(client, expect=404, scenario="no-such-case", lang=lang)
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "\n" not in alert.group(1)
    assert "no-such-case" in alert.group(1) and "jan-2009" in alert.group(1)
    assert f'<html lang="{lang}">' in html
    assert 'aria-current="page">' + str(escape(gettext("Energy", lang))) in html


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"mode": "selfish"}, 400, "selfish"),
        ({"day": "2009-02-30"}, 400, "2009-02-30"),
    ],
)
def test_bad_parameters_get_a_one_line_message(
    client: TestClient, params: dict[str, str], status: int, message: str
) -> None:
    html = get(client, expect=status, **params)
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "\n" not in alert.group(1)
    assert message in alert.group(1)


# --- strings ---------------------------------------------------------------------------------


def _template_strings() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        found |= {ast.literal_eval(m) for m in re.findall(r'_\(("(?:[^"\\]|\\.)*")\)', text)}
    return found


def _module_strings() -> set[str]:
    source = "\n".join(
        Path(module.__file__ or "").read_text(encoding="utf-8") for module in (energy_pages, labels)
    )
    tree = ast.parse(source)
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"N_", "gettext"}
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def test_every_string_has_a_french_translation() -> None:
    strings = _template_strings() | _module_strings()
    assert "Gas supply disruptions" in strings and "Loading…" in strings
    french = {k: v for k, v in catalogue("fr").items() if isinstance(v, str)}
    missing = sorted(s for s in strings if s not in french and s != "—")
    assert missing == [], missing
    for msgid in strings & set(french):  # the same placeholders on both sides
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", french[msgid]))


def test_the_script_uses_only_strings_the_page_gives() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"\bS\.(\w+)", script))
    given = set(energy_pages._strings("en"))
    assert used <= given, sorted(used - given)
    assert {f"kind.{k}" for k in ("pipeline", "storage", "lngterminal", "node")} <= given
    assert {f"one.{k}" for k in ("pipeline", "storage", "lng", "node")} <= given
    # No user-facing literal in the script: text comes from the strings or the data.
    literals = re.findall(r'textContent = "([^"]*[A-Za-z][^"]*)"', script)
    assert literals == [], literals


def test_shipped_resources_exist() -> None:
    static = resources.files("bucarest.energy") / "static" / "energy"
    assert (static / "energy.js").is_file()
    assert (resources.files("bucarest.energy") / "templates" / "energy" / "page.html").is_file()


# --- sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_shows_the_sources_of_the_scenario_and_the_dataset(
    client: TestClient, lang: str
) -> None:
    html = get(client, lang=lang, scenario="jan-2009")
    m = re.search(r'<section class="energy-sources" id="energy-sources".*?</section>', html, re.S)
    assert m is not None
    section = m.group(0)
    assert f'<h2 id="energy-sources-title">{gettext("Sources", lang)}</h2>' in section
    scenario = re.search(r'<div class="energy-source-block" id="scenario-sources">.*?</div>\s*</div>',
                         section, re.S)  # fmt: skip
    assert scenario is not None
    assert 'class="confidence confidence-secondary"' in scenario.group(0)
    assert str(escape(gettext("Secondary source", lang))) in scenario.group(0)
    assert "European Commission" in scenario.group(0) and "<cite" in scenario.group(0)
    dataset = section[section.index('id="dataset-sources"') :]
    assert 'class="confidence confidence-estimate"' in dataset
    assert str(escape(gettext("Estimate", lang))) in dataset
    text = re.sub(r"<[^>]+>", " ", html)
    assert working_note_in(text) is None
    assert "energy_security" not in html and "SOURCES.md" not in html


def test_a_generated_scenario_shows_the_n1_rule_as_its_source(client: TestClient) -> None:
    key = next(k for k in load_scenarios() if k.startswith("n1-2009-"))
    html = get(client, scenario=key)
    assert "Regulation (EU) 2017/1938" in html
    assert 'id="scenario-sources"' in html


def test_the_ranking_job_is_polled_by_the_platform_script(client: TestClient) -> None:
    html = get(client)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts.index("/static/js/jobs.js") < scripts.index("/static/energy/energy.js")
    assert client.get("/static/js/jobs.js").status_code == 200
    text = SCRIPT.read_text(encoding="utf-8")
    assert "jobs.run(cfg.jobsUrl" in text and "jobs.cancel(cfg.jobsUrl" in text
    assert "function pollRanking(" not in text and "setTimeout(tick" not in text


# --- per-country outputs, storage by facility, dataset selector, asset search -----------------

ASSETS = "winter-2008-09-assets"


def section(html: str, ident: str) -> str:
    m = re.search(rf'<section class="[^"]*" id="{ident}".*?</section>', html, re.S)
    assert m is not None, ident
    return m.group(0)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_table_heads_name_each_shortfall_and_the_mode_in_one_sentence(
    client: TestClient, lang: str
) -> None:
    html = get(client, lang=lang, scenario="jan-2009", mode="national")
    head = html.split('id="results-table"', 1)[1].split("</thead>", 1)[0]
    for label in ("Protected unserved (mcm)", "Other unserved (mcm)", "Curtailed (mcm)",
                  "Other share not served", "Days before the first shortfall"):  # fmt: skip
        assert str(escape(gettext(label, lang))) in head, label
    # the mode in one sentence, then what operators knew (rolling, the default) in another
    sentence = gettext(MODE_EXPLANATIONS[Mode.NATIONAL], lang)
    foresight = gettext(FORESIGHT_EXPLANATIONS[Foresight.ROLLING], lang)
    assert f'<p class="hint" id="results-mode">{escape(sentence + " " + foresight)}</p>' in html
    for one in (sentence, foresight):
        assert one.count(". ") == 0 and one.endswith(".")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dataset_selector_offers_both_levels(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang, scenario="jan-2009")
    picker = html.split('id="scenario-form"', 1)[1].split("</form>", 1)[0]
    assert '<select id="dataset" name="dataset">' in picker
    assert '<option value="winter-2008-09" selected>' in picker
    assert f'<option value="{ASSETS}">' in picker
    assert str(escape(gettext(energy_pages.LEVEL_LABELS[True], lang))) in picker
    # A scenario of the other winter offers that winter's two levels, not 2008/09's; its
    # asset search looks at that winter's assets.
    other = get(client, lang=lang, scenario="full-russian-halt", q="turkstream")
    assert f'<option value="{ASSETS}"' not in other
    assert '<option value="recent-2023-24-assets">' in other
    assert config(other)["searchDataset"] == "recent-2023-24-assets"
    found = re.findall(r'<tr data-id="([^"]+)"', section(other, "asset-search"))
    assert "RUS-TUR-TURKSTREAM-2" in found
    assert config(html)["searchDataset"] == ASSETS
    # The 180-day scenario's asset level says its solve is long; the 31-day one's does not.
    warning = gettext(energy_pages.LONG_ASSET_LABEL, lang).format(days=number(180, lang))
    assert f">{escape(warning)}</option>" in other
    assert f">{escape(gettext(energy_pages.LEVEL_LABELS[True], lang))}</option>" not in other
    assert f">{escape(gettext(energy_pages.LEVEL_LABELS[True], lang))}</option>" in picker


def test_the_country_level_storage_table_lists_country_aggregates(client: TestClient) -> None:
    html = get(client, scenario="jan-2009", mode="national")
    box = section(html, "storage")
    assert 'data-aggregate="true"' in box
    assert gettext("Storage by country (country aggregates)", "en") in box
    ids = re.findall(r'<tr data-id="([^"]+)" data-code="(\w+)">', box)
    net = load_dataset("winter-2008-09")
    assert sorted(i for i, _ in ids) == sorted(st.id for st in net.storage)
    assert box.count("(country aggregate)") == len(ids)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_asset_level_page_shows_storage_by_facility(client: TestClient, lang: str) -> None:
    html = get(client, lang=lang, scenario="jan-2009", mode="national", dataset=ASSETS)
    cfg = config(html)
    assert cfg["dataset"] == ASSETS and cfg["scenario"]["dataset"] == ASSETS
    assert cfg["assetsUrl"] == f"/api/v1/energy/datasets/{ASSETS}/assets"
    assert f'<option value="{ASSETS}" selected>' in html
    box = section(html, "storage")
    assert 'data-aggregate="false"' in box
    assert str(escape(gettext("Storage by facility", lang))) in box
    expected = service.storage_rows(service.solved_on("jan-2009", Mode.NATIONAL, ASSETS), lang)
    ids = re.findall(r'<tr data-id="([^"]+)" data-code="\w+">', box)
    assert ids == [r["id"] for r in expected] and len(ids) > 100
    chiren = box.split('<tr data-id="STO-BGR-CHIREN"', 1)[1].split("</tr>", 1)[0]
    row = next(r for r in expected if r["id"] == "STO-BGR-CHIREN")
    cells = re.findall(r'<td class="num">([^<]*)</td>', chiren)
    assert cells[0] == number(row["working_gas_mcm"], lang)
    assert cells[1:5] == [number(row["start_mcm"], lang), number(row["end_mcm"], lang),
                          number(row["withdrawn_mcm"], lang), percent(row["lowest_fill"], lang)]  # fmt: skip
    assert cells[5] == str(row["days_at_limit"])
    assert "Chiren" in chiren and "confidence-estimate" in chiren and "<cite" not in chiren
    assert 'class="citation"><a href="https://' in chiren
    assert "(country aggregate)" not in box
    # The result the map loads is the asset-level one.
    r = client.get(cfg["resultUrl"], params={"mode": cfg["mode"], "dataset": cfg["dataset"]})
    assert r.status_code == 200 and r.json()["dataset"] == ASSETS
    # The CSV link gives the same rows.
    link = re.search(r'<a href="([^"]+)" id="storage-csv" download>', box)
    assert link is not None
    csv_text = client.get(link.group(1).replace("&amp;", "&")).text
    assert csv_text.splitlines()[0].startswith("id,name,code,aggregate")
    assert len(csv_text.splitlines()) == len(ids) + 1
    # The ranking says on which dataset it runs.
    assert 'id="critical-level"' in html
    # The sources name the asset files' own, once each, as estimates.
    sources = html.split('id="asset-sources"', 1)[1].split("</details>", 1)[0]
    cited = service.asset_sources()
    assert sources.count("<li>") == len(cited) == len({(c["title"], c["url"]) for c in cited})
    assert "confidence-estimate" in sources and "gem.wiki" in sources
    assert 'id="asset-sources"' not in get(client, lang=lang, scenario="jan-2009")
    text = re.sub(r"<[^>]+>", " ", html)
    assert working_note_in(text) is None
    assert outside_references(html) == []


def test_a_dataset_that_does_not_fit_the_scenario_is_a_one_line_400(client: TestClient) -> None:
    html = get(client, expect=400, scenario="full-russian-halt", dataset=ASSETS)
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alert is not None and "\n" not in alert.group(1)
    assert "full-russian-halt" in alert.group(1) and "recent-2023-24" in alert.group(1)


@pytest.mark.parametrize(
    ("query", "found", "country"),
    [("Chiren", "STO-BGR-CHIREN", "BGR"), ("blue stream", "RUS-TUR-BLUE-STREAM", "TUR")],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_asset_search_works_without_javascript(
    client: TestClient, lang: str, query: str, found: str, country: str
) -> None:
    html = get(client, lang=lang, scenario="jan-2009", q=query)
    box = section(html, "asset-search")
    form = box.split("</form>", 1)[0]
    assert 'action="/energy#asset-search" method="get"' in form
    assert '<input type="hidden" name="scenario" value="jan-2009">' in form
    assert f'name="q" value="{escape(query)}"' in form
    rows = re.findall(r'<tr data-id="([^"]+)" data-kind="(\w+)">', box)
    assert [i for i, _ in rows] == [r["id"] for r in service.asset_rows(query)]
    row = box.split(f'<tr data-id="{found}"', 1)[1].split("</tr>", 1)[0]
    names = energy_pages.map_names(lang)
    assert names[country] in row and "confidence-estimate" in row and 'href="https://' in row
    capacity = next(r for r in service.asset_rows(query) if r["id"] == found)["capacity_mcmd"]
    assert f'<td class="num">{number(capacity, lang, 1)}</td>' in row
    assert outside_references(html) == []


def test_nord_finds_its_assets_and_no_query_shows_no_table(client: TestClient) -> None:
    box = section(get(client, scenario="jan-2009", q="Nord"), "asset-search")
    assert len(re.findall(r'<tr data-id="', box)) == len(service.asset_rows("Nord")) >= 1
    assert "Serene Nord" in box
    assert 'id="asset-table"' not in section(get(client, scenario="jan-2009"), "asset-search")
    assert 'id="asset-table"' not in section(
        get(client, scenario="jan-2009", q="  "), "asset-search"
    )
    empty = section(get(client, scenario="jan-2009", q="zzzz"), "asset-search")
    assert 'id="asset-search-count"' in empty and 'id="asset-table"' not in empty

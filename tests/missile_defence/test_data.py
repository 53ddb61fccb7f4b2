"""The shipped catalogue is complete and sourced; malformed files get one clear line."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError, InvalidInputError, NotFoundError
from bucarest.core.provenance import Confidence, working_note_in
from bucarest.missile_defence.data import (
    load_catalogue,
    load_catalogue_file,
    load_catalogue_files,
    md_dir,
)
from bucarest.missile_defence.domain.model import Parameter, parameter_paths, with_parameter
from tests.paths import ROOT

DOCS = ROOT / "docs" / "data-sources.md"


def test_the_contract_ids_are_shipped() -> None:
    cat = load_catalogue()
    assert {"iran-mrbm", "iran-irbm", "iran-icbm", "iran-2008"} <= set(cat.threats)
    assert {"us-third-site-2008", "us-third-site-2008-russian-radars",
            "us-third-site-2008-lower-tier", "epaa-phase-1", "epaa-phase-2",
            "epaa-phase-3"} <= set(cat.architectures)  # fmt: skip
    assert {t.id for t in cat.threat_components("iran-2008")} == {
        "iran-mrbm",
        "iran-irbm",
        "iran-icbm",
    }
    third = cat.architecture("us-third-site-2008")
    assert third.sites == ("redzikowo-gbi",) and "emr-brdy" in third.radars
    gbi = cat.interceptor_type("gbi-2stage").burnout_speed_km_s
    assert gbi.low == 5.4 and gbi.high == 9.0  # the disputed range, both ends published


def test_every_parameter_has_a_source_and_estimates_say_so() -> None:
    cat = load_catalogue()
    for table in (cat.classes, cat.interceptor_types, cat.radars, cat.sites):
        for item in table.values():
            for f in fields(item):
                value = getattr(item, f.name)
                if isinstance(value, Parameter):
                    assert len(value.source) > 10, f"{item.id}.{f.name}"
                    assert value.source_fr and len(value.source_fr) > 10, f"{item.id}.{f.name}"
                    if value.estimate:
                        assert "stimat" in value.source, f"{item.id}.{f.name} is an estimate"
                        assert value.source_fr.startswith("Estimation"), f"{item.id}.{f.name}"


DOCTRINE = (
    "commit_time_s",
    "min_battle_space_s",
    "seeker_range_km",
    "divert_km_s",
    "max_closing_km_s",
    "max_crossing_deg",
)


def test_every_interceptor_type_carries_the_engagement_doctrine() -> None:
    # A doctrine parameter left out switches its constraint off for that interceptor without a
    # word: every shipped type states all six, each with a bracket to sweep.
    cat = load_catalogue()
    for kind in cat.interceptor_types.values():
        for name in DOCTRINE:
            p = getattr(kind, name)
            assert p is not None, f"{kind.id}.{name} is missing"
            assert p.low is not None and p.high is not None, f"{kind.id}.{name}"
            assert p.low <= p.value <= p.high, f"{kind.id}.{name}"


def test_every_place_threat_and_architecture_has_sources_and_a_confidence() -> None:
    cat = load_catalogue()
    rows = (*cat.launch_sites.values(), *cat.radars.values(), *cat.sites.values(),
            *cat.threats.values(), *cat.architectures.values())  # fmt: skip
    for row in rows:
        p = row.provenance
        assert p is not None and p.citations, row.id
        for c in p.citations:
            shown = " ".join(x for x in (c.title, c.issuer, c.url or "") if x)
            assert working_note_in(shown) is None, (row.id, shown)
    # Illustrative places (the Patriot batteries, the forward radar) say they are estimates.
    assert cat.site("patriot-ankara").provenance.confidence is Confidence.ESTIMATE
    assert cat.radar("fbx-forward").provenance.confidence is Confidence.ESTIMATE


def test_no_text_users_see_holds_a_working_note() -> None:
    cat = load_catalogue()
    for table in (cat.launch_sites, cat.classes, cat.threats, cat.interceptor_types, cat.radars,
                  cat.sites, cat.architectures):  # fmt: skip
        for item in table.values():
            texts = [item.name.en, item.name.fr]
            description = getattr(item, "description", None)
            if description is not None:
                texts += [description.en, description.fr]
            texts += [v.source for v in vars(item).values() if isinstance(v, Parameter)]
            for text in texts:
                assert working_note_in(text) is None, (item.id, text)
                assert "research notes" not in text and "mirror" not in text, (item.id, text)


def test_the_semnan_launch_point_is_the_launch_site_not_the_city() -> None:
    semnan = load_catalogue().launch_site("semnan")
    assert semnan.name.en == "Semnan launch site (Imam Khomeini Space Center)"
    assert semnan.name.fr == "Site de lancement de Semnan (centre spatial Imam-Khomeini)"
    # The Safir pad at 35°14′05″N 53°55′15″E, not the city (about 35.57 N, 53.39 E).
    assert abs(semnan.lat - 35.23) < 0.02 and abs(semnan.lon - 53.92) < 0.02
    assert {c.issuer for c in semnan.provenance.citations} >= {"Nuclear Threat Initiative"}
    assert semnan.provenance.confidence is Confidence.SECONDARY


def test_the_data_sources_page_lists_the_missile_defence_sources() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "missile_defence/SOURCES.md" in text
    assert (md_dir() / "SOURCES.md").is_file()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_SITE = """
interceptor_sites:
  - id: my-site
    name: {en: Mine, fr: Le mien}
    lat: 41.0
    lon: 29.0
    confidence: estimate
    sources: [{title: "A what-if of my own", issuer: "Planning cell"}]
    type: sm3-block-iia
    interceptors: {value: 24, source: "illustrative"}
architectures:
  - id: my-arch
    name: {en: Mine, fr: La mienne}
    description: {en: Mine, fr: La mienne}
    confidence: estimate
    sources: [{title: "A what-if of my own", issuer: "Planning cell", date: "2008-04"}]
    sites: [redzikowo-gbi, my-site]
    radars: [emr-brdy, tpy2-kurecik]
"""


def test_a_users_architecture_file_is_merged_on_top(tmp_path: Path) -> None:
    cat = load_catalogue_file(_write(tmp_path, GOOD_SITE))
    assert cat.architecture("my-arch").sites == ("redzikowo-gbi", "my-site")
    assert "us-third-site-2008" in cat.architectures


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("architectures: [", "not valid YAML"),
        ("- a list", "expected a mapping at the top level"),
        ("radars:\n  - id: x\n", "radars.x.confidence: Field required"),
        (
            GOOD_SITE.replace("lat: 41.0", "lat: 141.0"),
            "lat: Input should be less than or equal to 90",
        ),
        (GOOD_SITE.replace("type: sm3-block-iia", "type: sm9"), "unknown interceptor type 'sm9'"),
        (
            GOOD_SITE.replace("[emr-brdy, tpy2-kurecik]", "[emr-brdy, nowhere]"),
            "unknown radar 'nowhere'",
        ),
        (
            GOOD_SITE.replace("id: my-arch", "id: us-third-site-2008"),
            "'us-third-site-2008' is defined twice",
        ),
        (GOOD_SITE.replace("{value: 24,", "{value: -24,"), "value -24 is not allowed"),
        (GOOD_SITE.replace('source: "illustrative"}', "}"), "interceptors.source: Field required"),
        (GOOD_SITE + "    colour: red\n", "Extra inputs are not permitted"),
        (
            GOOD_SITE.replace("    confidence: estimate\n", "", 1),
            "interceptor_sites.my-site.confidence: Field required",
        ),
        (
            GOOD_SITE.replace(
                '    sources: [{title: "A what-if of my own", issuer: "Planning cell"}]\n', "", 1
            ),
            "interceptor_sites.my-site.sources: Field required",
        ),
        (
            GOOD_SITE.replace("confidence: estimate", "confidence: likely", 1),
            "interceptor_sites.my-site.confidence: Input should be",
        ),
        (
            GOOD_SITE.replace("A what-if of my own", "background knowledge, unverified", 1),
            "interceptor_sites.my-site.sources.0.title: Value error, contains the working note",
        ),
        (
            GOOD_SITE.replace('source: "illustrative"', 'source: "see the seed"'),
            "my-site.interceptors.source: Value error, contains the working note 'seed'",
        ),
        (
            GOOD_SITE.replace("{en: Mine, fr: Le mien}", "{en: Mine, fr: mine.yaml}"),
            "my-site.name.fr: Value error, contains the working note 'mine.yaml'",
        ),
    ],
)
def test_a_malformed_architecture_file_gets_one_clear_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=message) as info:
        load_catalogue_file(_write(tmp_path, text))
    assert "\n" not in str(info.value) and "mine.yaml" in str(info.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_catalogue_file(tmp_path / "absent.yaml")


def test_parameters_can_be_overridden_by_path_without_touching_the_shipped_ones() -> None:
    cat = load_catalogue()
    assert "radar:emr-brdy.range_km" in parameter_paths(cat)
    changed = with_parameter(cat, "radar:emr-brdy.range_km", 3000.0)
    assert changed.radar("emr-brdy").range_km.value == 3000.0
    assert cat.radar("emr-brdy").range_km.value != 3000.0
    assert changed.radar("emr-brdy").range_km.source == cat.radar("emr-brdy").range_km.source


@pytest.mark.parametrize(
    ("path", "value", "error", "message"),
    [
        ("gbi.speed", 1.0, InvalidInputError, "expected kind:id.field"),
        ("interceptor:gbi-2stage.colour", 1.0, InvalidInputError, "no parameter of gbi-2stage"),
        ("interceptor:gbi-9.burnout_speed_km_s", 1.0, NotFoundError, "unknown interceptor 'gbi-9'"),
        (
            "radar:emr-brdy.range_km",
            -5.0,
            InvalidInputError,
            "expected a finite number of at least 0",
        ),
    ],
)
def test_bad_parameter_paths_and_values(
    path: str, value: float, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        with_parameter(load_catalogue(), path, value)


DATED_SITE = GOOD_SITE.replace(
    "    type: sm3-block-iia\n",
    "    from: 2016-05-12\n    until: 2030-01-01\n    type: sm3-block-iia\n",
)


def test_a_users_file_may_date_its_sites(tmp_path: Path) -> None:
    site = load_catalogue_file(_write(tmp_path, DATED_SITE)).site("my-site")
    assert (site.from_date, site.until) == (date(2016, 5, 12), date(2030, 1, 1))


# --- threats: user files, launch areas (issue 14) ------------------------------------------

GOOD_THREATS = """
launch_areas:
  - id: my-area
    name: {en: My area, fr: Ma zone}
    country: IRN
    polygon: [[50.0, 34.0], [53.0, 34.0], [53.0, 36.0], [50.0, 36.0], [50.0, 34.0]]
    spacing_km: 100
    confidence: estimate
    sources: [{title: "A what-if of my own", issuer: "Planning cell"}]
missile_classes:
  - id: my-missile
    name: {en: Mine, fr: Le mien}
    max_range_km: {value: 1500, source: "illustrative"}
    burn_time_s: {value: 90, source: "illustrative"}
    burnout_altitude_km: {value: 80, source: "illustrative"}
    boost_downrange_km: {value: 40, source: "illustrative"}
threats:
  - id: my-threat
    name: {en: Mine, fr: La mienne}
    description: {en: Mine, fr: La mienne}
    confidence: estimate
    sources: [{title: "A what-if of my own", issuer: "Planning cell"}]
    classes: [my-missile, shahab-3]
    launch_sites: [my-area, tabriz]
    loft_deg: [-5, 0, 15]
"""


def test_a_users_threat_file_is_merged_on_top(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_THREATS, encoding="utf-8")
    cat = load_catalogue_files(threats=path)
    assert cat.threat("my-threat").loft_deg == (-5.0, 0.0, 15.0)
    points = cat.launch_points("my-area")
    assert len(points) > 3 and all(p.id.startswith("my-area-") for p in points)
    assert all(34.0 < p.lat < 36.0 and 50.0 < p.lon < 53.0 for p in points)
    assert cat.launch_points("tabriz") == (cat.launch_site("tabriz"),)
    assert "iran-2008" in cat.threats and "us-third-site-2008" in cat.architectures
    # Both files at once: each keeps its own rows.
    arch = tmp_path / "arch.yaml"
    arch.write_text(GOOD_SITE, encoding="utf-8")
    both = load_catalogue_files(arch, path)
    assert "my-arch" in both.architectures and "my-threat" in both.threats


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DATED_SITE.replace("until: 2030-01-01", "until: 2010-01-01"),
         "interceptor_sites.my-site.until: 2010-01-01 is not after from 2016-05-12"),
        (DATED_SITE.replace("from: 2016-05-12", "from: 2016-13-40"),
         "not valid YAML \\(month must be in 1..12\\)"),
        (DATED_SITE.replace("    type: sm3-block-iia\n", "    type: sm3-block-iia\n    inventory:\n"
                            "      - {from: 2020-01-01, value: 12, source: a count}\n"
                            "      - {from: 2019-01-01, value: 24, source: a count}\n"),
         "my-site.inventory.2019-01-01: expected dates in ascending order"),
        (DATED_SITE.replace("    type: sm3-block-iia\n", "    type: sm3-block-iia\n    inventory:\n"
                            "      - {from: 2001-01-01, value: 12, source: a count}\n"),
         "my-site.inventory.2001-01-01: expected a date within the site's from and until"),
        (DATED_SITE.replace("    type: sm3-block-iia\n", "    type: sm3-block-iia\n    inventory:\n"
                            "      - {from: 2020-01-01, value: -1, source: a count}\n"),
         "my-site.inventory.2020-01-01: value -1 is not allowed"),
    ],
)  # fmt: skip
def test_bad_dates_get_one_line_naming_the_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=message) as info:
        load_catalogue_file(_write(tmp_path, text))
    assert "\n" not in str(info.value) and "mine.yaml" in str(info.value)


def test_the_2008_us_homeland_elements_are_shipped_and_dated() -> None:
    cat = load_catalogue()
    gmd = cat.architecture("us-gmd-2008")
    assert gmd.sites == ("fort-greely-gbi", "vandenberg-gbi")
    assert {"cobra-dane", "beale-uewr", "fylingdales-uewr", "thule-uewr"} <= set(gmd.radars)
    assert {"clear-ewr", "cape-cod-ewr"} <= set(gmd.candidate_radars)
    assert cat.site("fort-greely-gbi").type == "gbi-3stage"
    assert cat.site("fort-greely-gbi").from_date == date(2004, 7, 22)
    assert cat.radar("thule-uewr").from_date == date(2011, 1, 18)
    assert cat.radar("clear-ewr").from_date is None  # not upgraded in 2008: an option
    assert cat.site("deveselu-aegis-ashore").from_date == date(2016, 5, 12)
    assert cat.site("redzikowo-aegis-ashore").from_date == date(2024, 11, 13)
    for site in cat.sites.values():
        for _since, count in site.inventory:
            assert count.source and count.source_fr, site.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_THREATS.replace("[53.0, 36.0], [50.0, 36.0], [50.0, 34.0]]", "[50.0, 34.0]]"),
            "launch_areas.my-area.polygon: Value error, a ring needs at least 4 positions",
        ),
        (
            GOOD_THREATS.replace("[50.0, 36.0], [50.0, 34.0]]", "[50.0, 36.0], [50.5, 34.0]]"),
            "launch_areas.my-area.polygon: Value error, the ring does not close",
        ),
        (
            GOOD_THREATS.replace("[53.0, 34.0], [53.0, 36.0]", "[53.0, 36.0], [53.0, 34.0]"),
            "the ring crosses itself",
        ),
        (
            GOOD_THREATS.replace("classes: [my-missile, shahab-3]", "classes: [my-missile, shahab-4]"),
            "threats.my-threat.classes: unknown class 'shahab-4'; expected one of shahab-3",
        ),
        (
            GOOD_THREATS.replace("[my-area, tabriz]", "[my-area, tabris]"),
            "threats.my-threat.launch_sites: unknown launch site or area 'tabris'; expected one of tabriz",
        ),
        (GOOD_THREATS.replace("loft_deg: [-5, 0, 15]", "loft_deg: [75]"), "threats.my-threat.loft_deg"),
        (GOOD_THREATS.replace("id: my-threat", "id: iran-mrbm"), "'iran-mrbm' is defined twice"),
        (GOOD_THREATS.replace("id: my-area", "id: tabriz").replace("[my-area,", "[tabriz,"),
         "launch_areas.tabriz: id is also a launch site's"),
        (GOOD_THREATS.replace("spacing_km: 100", "spacing_km: 1"), "spacing_km: Input should be"),
    ],
)  # fmt: skip
def test_a_malformed_threat_file_gets_one_clear_line_naming_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    arch = tmp_path / "arch.yaml"
    arch.write_text(GOOD_SITE, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load_catalogue_files(arch, path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_the_shipped_threats_have_the_2008_classes_and_a_launch_area() -> None:
    cat = load_catalogue()
    assert cat.missile_class("shahab-3").max_range_km.value == 1300
    assert cat.missile_class("ghadr-1").max_range_km.value == 2000
    assert cat.missile_class("sejjil").max_range_km.value == 2000
    assert cat.threat("iran-mrbm").classes == ("shahab-3", "ghadr-1")
    west = cat.threat("iran-mrbm-west")
    assert west.loft_deg == (-10.0, 0.0, 10.0, 20.0)
    points = cat.launch_points("western-iran")
    assert len(points) >= 5
    assert points == cat.launch_areas["western-iran"].points  # sampled once, deterministically


GOOD_BUNDLE = """
bundles:
  - id: my-battery
    name: {en: My battery, fr: Ma batterie}
    sites: [patriot-athens]
    radars: [patriot-radar-athens]
    links: {patriot-radar-athens: [patriot-athens]}
"""


def test_bundles_are_shipped_with_their_parts_and_sourced_costs(tmp_path: Path) -> None:
    cat = load_catalogue()
    battery = cat.bundle("patriot-sofia-battery")
    assert battery.sites == ("patriot-sofia",) and battery.radars == ("patriot-radar-sofia",)
    assert battery.cost_musd is not None and battery.cost_musd.value == 1090.0
    assert battery.cost_musd.source_fr and "CSIS" in battery.cost_musd.source
    # No cost where none is published: the ship and the Russian radars have none.
    assert cat.bundle("aegis-ship-east-med-spy1").cost_musd is None
    assert cat.bundle("gabala-daryal-radar").cost_musd is None
    for b in cat.bundles.values():
        texts = [b.name.en, b.name.fr]
        if b.cost_musd is not None:
            texts += [b.cost_musd.source, b.cost_musd.source_fr or ""]
        assert all(working_note_in(t) is None for t in texts), b.id
    third = cat.architecture("us-third-site-2008")
    assert "patriot-athens-battery" in third.candidate_bundles
    cat2 = load_catalogue_file(_write(tmp_path, GOOD_BUNDLE))
    assert cat2.bundle("my-battery").links == (("patriot-radar-athens", ("patriot-athens",)),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_BUNDLE.replace("[patriot-athens]", "[patriot-atlantis]", 1),
         "bundles.my-battery.sites: unknown interceptor site 'patriot-atlantis'"),
        (GOOD_BUNDLE.replace("radars: [patriot-radar-athens]", "radars: [radar-x]"),
         "bundles.my-battery.radars: unknown radar 'radar-x'"),
        (GOOD_BUNDLE.replace("links: {patriot-radar-athens: [patriot-athens]}",
                             "links: {patriot-radar-athens: [patriot-sofia]}"),
         "bundles.my-battery.links: site 'patriot-sofia' is not in the bundle"),
        (GOOD_BUNDLE + "    cost_musd: {value: -5, source: \"a quote\"}\n",
         "bundles.my-battery.cost_musd: value -5 is not allowed"),
        (GOOD_BUNDLE.replace("    sites: [patriot-athens]\n    radars: [patriot-radar-athens]\n", "")
         .replace("    links: {patriot-radar-athens: [patriot-athens]}\n", ""),
         "bundles.my-battery: expected at least one site or radar"),
        (GOOD_BUNDLE.replace("id: my-battery", "id: patriot-sofia-battery"),
         "'patriot-sofia-battery' is defined twice"),
    ],
)  # fmt: skip
def test_a_bad_bundle_gets_one_line_naming_the_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=message) as info:
        load_catalogue_file(_write(tmp_path, text))
    assert "\n" not in str(info.value) and "mine.yaml" in str(info.value)


def test_defended_points_from_a_users_csv(tmp_path: Path) -> None:
    from bucarest.missile_defence.data import load_points

    good = tmp_path / "points.csv"
    good.write_text("id,name,lat,lon,weight\nath,Athens,37.98,23.73,3.1\nsof,Sofia,42.7,23.32,\n")
    pts = load_points(good)
    assert [(p.id, p.weight) for p in pts] == [("ath", 3.1), ("sof", 1.0)]
    for body, message in (
        ("id,name,lat,lon\nath,Athens,97.98,23.73\n", "row 1.lat: Input should be less than"),
        ("id,name,lat,lon\nath,Athens,37.98,x\n", "row 1.lon: Input should be a valid number"),
        ("id,name,lat\nath,Athens,37.98\n", "row 1.lon: Field required"),
        ("id,name,lat,lon,weight\nath,Athens,37.98,23.73,-1\n", "row 1.weight: Input should be greater"),
        ("id,name,lat,lon\na,A,1,1\na,B,2,2\n", "row 2.id: id 'a' is defined twice"),
        ("id,name,lat,lon\n", "expected at least one point"),
    ):  # fmt: skip
        bad = tmp_path / "bad.csv"
        bad.write_text(body)
        with pytest.raises(DataFileError, match=message) as info:
            load_points(bad)
        assert str(info.value).startswith(str(bad)) and "\n" not in str(info.value)
    with pytest.raises(DataFileError, match="file not found"):
        load_points(tmp_path / "absent.csv")

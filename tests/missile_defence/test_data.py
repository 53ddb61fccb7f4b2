"""The shipped catalogue is complete and sourced; malformed files get one clear line."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError, InvalidInputError, NotFoundError
from bucarest.missile_defence.data import load_catalogue, load_catalogue_file, md_dir
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
                    if value.estimate:
                        assert "stimat" in value.source, f"{item.id}.{f.name} is an estimate"
    for place in (*cat.launch_sites.values(), *cat.radars.values(), *cat.sites.values()):
        assert len(place.location_source) > 10, place.id


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
    location_source: "illustrative point near Istanbul"
    type: sm3-block-iia
    interceptors: {value: 24, source: "illustrative"}
architectures:
  - id: my-arch
    name: {en: Mine, fr: La mienne}
    description: {en: Mine, fr: La mienne}
    source: "a user's what-if"
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
        ("radars:\n  - id: x\n", "radars.0.name: Field required"),
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

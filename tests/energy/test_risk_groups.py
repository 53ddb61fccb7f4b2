"""The risk groups of Annex I to Regulation (EU) 2017/1938 and their N-1 indicator."""

from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.energy.data import energy_dir, load_dataset, load_risk_groups
from bucarest.energy.domain.indicators import n_minus_1, n_minus_1_by_group


def test_risk_groups_are_annex_i_as_amended_and_each_gets_an_n_minus_1() -> None:
    groups, prov = load_risk_groups()
    assert len(groups) == 13 and prov.confidence == "official"
    assert prov.citations[0].url == "https://eur-lex.europa.eu/eli/reg_del/2022/517/oj"
    assert {g.corridor for g in groups} == {"east", "north-sea", "north-africa", "south-east"}
    by_id = {g.id: g for g in groups}
    assert by_id["east-trans-balkan"].members == ("BGR", "GRC", "HUN", "ROU")
    assert by_id["east-ukraine"].name("fr").startswith("Approvisionnement en gaz de l'Est")
    net = load_dataset("winter-2008-09")
    rows = {g.id: (n, lacking) for g, n, lacking in n_minus_1_by_group(net, groups)}
    # Malta and Cyprus had no gas system in 2008/09: named as lacking, not silently dropped.
    assert rows["south-east-eastern-mediterranean"][1] == ("CYP", "MLT")
    balkan, lacking = rows["east-trans-balkan"]
    assert balkan is not None and lacking == ()
    # The group's N-1 is the region's: entries from outside it only, peaks added up.
    assert balkan == n_minus_1(net, ["BGR", "GRC", "HUN", "ROU"])


def test_a_risk_group_file_with_a_bad_country_code_is_one_line(tmp_path: Path) -> None:
    text = (energy_dir() / "risk_groups.yaml").read_text(encoding="utf-8")
    (tmp_path / "risk_groups.yaml").write_text(text.replace("[BGR, GRC, HUN, ROU]",
                                                            "[BGR, Greece]"), encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFileError) as err:
        load_risk_groups(tmp_path)
    message = str(err.value)
    assert "risk_groups.yaml" in message and "groups.4.members.1" in message
    assert "\n" not in message

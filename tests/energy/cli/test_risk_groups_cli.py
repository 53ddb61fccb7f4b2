"""energy n1 --risk-groups: each risk group of Annex I with its N-1, in both languages."""

import json

from tests.cli_support import run


def test_risk_groups_table_json_and_french(capsys) -> None:
    code, out, err = run(capsys, "energy", "n1", "--risk-groups", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 13
    balkan = next(r for r in rows if r["group"] == "east-trans-balkan")
    assert sorted(balkan["area"]) == ["BGR", "GRC", "HUN", "ROU"] and balkan["lacking"] == []
    assert balkan["n1_percent"] > 0 and balkan["i_m_asset"]
    assert balkan["sources"][0]["url"] == "https://eur-lex.europa.eu/eli/reg_del/2022/517/oj"
    assert balkan["confidence"] == "official"
    code, out, err = run(capsys, "--lang", "fr", "energy", "n1", "--risk-groups", "--format", "csv")
    assert code == 0, err
    assert "Approvisionnement en gaz de l'Est : transbalkanique" in out
    assert out.rstrip().endswith("CYP MLT")


def test_a_region_and_the_risk_groups_together_are_refused(capsys) -> None:
    code, _out, err = run(capsys, "energy", "n1", "--risk-groups", "--region", "BGR")
    assert code != 0
    assert "region or the risk groups" in err and "Traceback" not in err

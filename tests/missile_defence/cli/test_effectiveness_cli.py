"""``bucarest md effectiveness``: the JSON contract, the table in French, CSV, user assets and
one-line refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")

THIRD = ["md", "effectiveness", "--architecture", "us-third-site-2008", "--threat", "iran-2008"]


def test_json_contract_and_wilkening_values(capsys) -> None:
    code, out, err = run(capsys, *THIRD, "--raid", "3", "--doctrine", "salvo:2",
                         "--on", "2008-04-03", "--format", "json")  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    assert rec["doctrine"] == "salvo:2" and rec["warheads"] == 3
    assert rec["inventory"] == {"redzikowo-gbi": 10}
    assert rec["sspk"]["estimate"] is True and rec["sspk"]["source"]
    by_id = {a["id"]: a for a in rec["assets"]}
    assert len([a for a in rec["assets"] if a["kind"] == "capital"]) == 26
    berlin = by_id["berlin"]
    assert berlin["sites"] == ["redzikowo-gbi"] and berlin["method"] == "closed-form"
    assert berlin["p_no_leak"] == pytest.approx(0.96**3, abs=1e-6)  # (1 − 0.2²)³
    assert berlin["p_no_leak_low"] < berlin["p_no_leak"] < berlin["p_no_leak_high"]
    assert berlin["sources"] and berlin["confidence"] == "secondary"
    assert berlin["limited_by"] == "none"
    # The binding constraint of each miss comes from the engagement doctrine.
    for missed, why in (("athens", "track-quality"), ("ankara", "commit-time"),
                        ("incirlik-ab", "kinematics")):  # fmt: skip
        assert by_id[missed]["sites"] == [] and by_id[missed]["p_no_leak"] == 0.0
        assert by_id[missed]["limited_by"] == why


def test_french_table_and_csv(capsys) -> None:
    code, out, err = run(capsys, "--lang", "fr", *THIRD, "--raid", "2", "--sspk", "0.9")
    assert code == 0, err
    assert "P(aucune" in out and "Bucarest" in out and "forme close" in out and "Contrainte" in out
    code, out, err = run(capsys, *THIRD, "--doctrine", "sls:2", "--raid", "12",
                         "--raids", "2000", "--format", "csv")  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("id,name,sites,interceptors,looks,p_no_leak")
    assert lines[0].endswith("p_no_leak_low,p_no_leak_high,p_no_leak_unlimited")
    berlin = next(line for line in lines if line.startswith("berlin,"))
    assert "redzikowo-gbi" in berlin


def test_user_assets_and_monte_carlo(capsys, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("id,name,lat,lon\nhq,Headquarters,50.88,4.42\n")
    code, out, err = run(capsys, "md", "effectiveness", "--architecture", "epaa-phase-3",
                         "--threat", "iran-mrbm", "--assets", str(mine), "--raid", "2",
                         "--simultaneous", "--raids", "2000", "--format", "json")  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    assert [a["id"] for a in rec["assets"]] == ["hq"] and rec["shared"] is True


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--sspk", "1.5"], "single-shot kill probability of 1.5 is not allowed"),
        (["--doctrine", "barrage:2"], "a doctrine 'barrage:2' is not allowed"),
        (["--raid", "-1"], "a raid of -1 warheads"),
        (["--decoys", "2", "--discrimination", "1.2"], "discrimination probability of 1.2"),
        (["--raids", "0"], "0 raids is not allowed"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, extra: list[str], message: str) -> None:
    code, out, err = run(capsys, *THIRD, *extra)
    assert code == 2 and message in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


ARCH = """
interceptor_sites:
  - id: my-site
    name: {{en: Mine, fr: Le mien}}
    lat: 50.0
    lon: 20.0
    confidence: estimate
    sources: [{{title: Mine, issuer: Me}}]
    type: gbi-2stage
    interceptors: {{value: {inventory}, source: "our plan"}}
architectures:
  - id: mine
    name: {{en: Mine, fr: Le mien}}
    description: {{en: Mine, fr: Le mien}}
    confidence: estimate
    sources: [{{title: Mine, issuer: Me}}]
    sites: [{site}]
    radars: [emr-brdy]
"""


@pytest.mark.parametrize(
    ("inventory", "site", "where"),
    [
        ("-4", "my-site", "interceptor_sites.my-site.interceptors: value -4 is not allowed"),
        ("4", "nowhere", "unknown interceptor site 'nowhere'"),
    ],
)
def test_bad_architecture_file_names_the_file_and_field(
    capsys, tmp_path: Path, inventory: str, site: str, where: str
) -> None:
    path = tmp_path / "arch.yaml"
    path.write_text(ARCH.format(inventory=inventory, site=site))
    code, out, err = run(capsys, "md", "effectiveness", "--architecture", "mine", "--threat",
                         "iran-2008", "--architecture-file", str(path))  # fmt: skip
    assert code == 2 and out == "" and str(path) in err and where in err
    assert len(err.strip().splitlines()) == 1


def test_bad_asset_file_names_the_file_and_field(capsys, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,name,lat,lon\nhq,HQ,50,400\n")
    code, out, err = run(capsys, *THIRD, "--assets", str(path))
    assert code == 2 and out == "" and str(path) in err and "row 2.lon" in err
    assert len(err.strip().splitlines()) == 1

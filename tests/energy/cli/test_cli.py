"""Energy commands: run, n1, critical, scenarios, export/import, bad input."""

import json
from pathlib import Path

import pytest

from tests.cli_support import run


def test_run_json_contract(capsys) -> None:
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    row = record["countries"][0]
    assert {
        "code",
        "unserved_mcm",
        "unserved_share",
        "days_short",
        "protected_unserved_mcm",
        "non_protected_unserved_mcm",
        "curtailed_mcm",
        "days_before_first_shortfall",
    } <= set(row)
    assert "survival_days" not in row
    assert record["total_unserved_mcm"] > 0
    assert record["mode_explanation"].startswith("Cooperative (solidarity)")
    assert row["code"] == "MDA"  # the only country whose protected customers go short


def test_national_mode_and_csv(capsys) -> None:
    code, out, _ = run(capsys, "energy", "run", "jan-2009", "--mode", "national", "--format", "csv")
    assert code == 0 and out.startswith("code,name,protected_unserved_mcm,")
    assert "days_before_first_shortfall" in out.splitlines()[0]


def test_foresight_is_rolling_by_default_and_perfect_on_request(capsys) -> None:
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--format", "json")
    assert code == 0, err
    rolling = json.loads(out)
    assert rolling["foresight"] == "rolling"
    assert "Operators learn of each disruption when it starts" in rolling["mode_explanation"]
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--foresight", "perfect",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    perfect = json.loads(out)
    assert perfect["foresight"] == "perfect" and "Perfect foresight" in perfect["mode_explanation"]
    # perfect foresight is the bound
    assert rolling["total_unserved_mcm"] >= perfect["total_unserved_mcm"] - 1e-3


def test_n1_and_region(capsys) -> None:
    code, out, _ = run(capsys, "energy", "n1", "--format", "json")
    assert code == 0 and any(r["area"] == ["BGR"] for r in json.loads(out))
    code, out, _ = run(capsys, "energy", "n1", "--region", "BGR,ROU,GRC", "--format", "json")
    assert code == 0 and json.loads(out)[0]["area"] == ["BGR", "GRC", "ROU"]
    code, out, _ = run(capsys, "energy", "n1", "--dataset", "winter-2008-09-assets")
    gbr = next(line for line in out.splitlines() if "United Kingdom" in line)
    assert code == 0 and "whole production" in gbr and "N-1 % at most" in out


def test_critical_top(capsys) -> None:
    code, out, _ = run(capsys, "energy", "critical", "jan-2009", "--top", "3", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 3 and rows[0]["added_unserved_mcm"] >= rows[2]["added_unserved_mcm"]


def test_critical_pairs_rank_single_assets_and_pairs_together(capsys) -> None:
    code, out, _ = run(capsys, "energy", "critical", "jan-2009", "--pairs", "4", "--top", "50",
                       "--format", "json")  # fmt: skip
    assert code == 0, out
    rows = json.loads(out)
    pairs = [r for r in rows if r["kind"] == "pair"]
    assert len(pairs) == 6 and all(len(r["case"]) == 2 for r in pairs)
    for r in pairs:
        assert r["excess_mcm"] == pytest.approx(r["added_unserved_mcm"] - r["singles_added_mcm"],
                                                abs=2e-3)  # fmt: skip
        assert r["asset"] == " + ".join(r["case"])
    assert all(r["excess_mcm"] is None for r in rows if r["kind"] != "pair")
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)


def test_critical_cases_asked_for(capsys) -> None:
    code, out, _ = run(capsys, "energy", "critical", "jan-2009", "--case", "STO-UKR + RUS",
                       "--case", "RUS-UKR", "--format", "csv")  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("rank,asset,kind") and len(lines) == 3
    assert lines[1].startswith("1,RUS + STO-UKR,pair,")


def test_critical_unknown_asset_is_one_line_naming_it(capsys) -> None:
    code, out, err = run(capsys, "energy", "critical", "jan-2009", "--case", "RUS-UKR+NOPE")
    assert code != 0 and out == ""
    assert (
        "no asset 'NOPE' in dataset 'winter-2008-09'" in err and len(err.strip().splitlines()) == 1
    )


def test_export_and_import_pypsa(capsys, tmp_path: Path) -> None:
    pytest.importorskip("pypsa")
    path = tmp_path / "jan.nc"
    code, _, err = run(capsys, "energy", "export", "--to", "pypsa", str(path))
    assert code == 0 and path.exists(), err
    out_dir = tmp_path / "dataset"
    code, out, err = run(capsys, "energy", "import", str(path), "--out", str(out_dir),
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    assert {r["component"] for r in json.loads(out)} == {"nodes", "pipelines", "storage", "lng"}
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--dataset-dir", str(out_dir),
                         "--format", "json")  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["energy", "run", "nope"], "unknown scenario 'nope'"),
        (["energy", "run", "jan-2009", "--foresight", "hindsight"], "--foresight"),
        (["energy", "run", "jan-2009", "--dataset", "winter-1900"], "unknown dataset"),
        (["energy", "n1", "--region", "XXX"], "no node 'XXX'"),
        (["energy", "export", "--to", "excel", "x.nc"], "expected pypsa"),
        (["energy", "import", "/nonexistent.nc"], "no PyPSA network"),
    ],
)
def test_bad_input(capsys, args, fragment) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and fragment in err and err.count("\n") == 1

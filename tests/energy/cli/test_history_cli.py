"""``bucarest energy history``: the record beside the model per country, in each format, and
its bad input."""

import json

import pytest

from tests.cli_support import run


def test_history_json_on_the_asset_level_network(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "energy", "history", "--dataset", "winter-2008-09-assets",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    record = json.loads(out)
    assert record["dataset"] == "winter-2008-09-assets" and record["mode"] == "national"
    assert record["foresight"] == "rolling" and record["mode_explanation"]
    assert record["classed"] == 34 and record["matched"] >= 23
    rows = {r["code"]: r for r in record["countries"]}
    assert rows["SRB"]["recorded"] == "hardest-hit" and rows["SRB"]["match"] is True
    aut = rows["AUT"]
    assert aut["match"] is False and aut["explanation"].startswith("Without hindsight")
    assert aut["explanation_sources"][0]["issuer"]


def test_history_with_perfect_foresight(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "energy", "history", "--dataset", "winter-2008-09-assets",
                         "--foresight", "perfect", "--format", "json")  # fmt: skip
    assert code == 0, err
    record = json.loads(out)
    assert record["foresight"] == "perfect" and record["matched"] >= 22
    srb = next(r for r in record["countries"] if r["code"] == "SRB")
    assert srb["match"] is False and "with perfect foresight" in srb["explanation"]


def test_history_table_in_french_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "fr", "energy", "history")
    assert code == 0, err
    assert "Bulgarie" in out and "23 pays sur 34" in out
    assert "priorité nationale, sans connaissance de l'avenir" in out
    code, out, _ = run(capsys, "--lang", "fr", "energy", "history", "--format", "json")
    record = json.loads(out)
    assert record["mode_label"] == "priorité nationale"
    assert record["countries"][0]["recorded_label"] == "le plus touché"
    code, out, _ = run(capsys, "energy", "history", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("code,name,recorded_label,modelled_label,")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--dataset", "recent-2023-24"), "cannot be compared on dataset 'recent-2023-24'"),
        (("--record", "jan-2006"), "unknown record 'jan-2006'"),
        (("--foresight", "hindsight"), "'hindsight' is not one of 'rolling', 'perfect'"),
    ],
)
def test_history_bad_input(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                           fragment: str) -> None:  # fmt: skip
    code, _, err = run(capsys, "energy", "history", *args)
    assert code == 2 and fragment in err and err.count("\n") == 1

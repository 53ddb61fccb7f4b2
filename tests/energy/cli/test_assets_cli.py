"""energy assets QUERY [--dataset]: the assets of a winter found by name, with capacity, year and
source."""

import json

from tests.cli_support import run


def test_search_by_name_ignores_case_and_accents(capsys) -> None:
    code, out, err = run(capsys, "energy", "assets", "KAPUSANY", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all("kapu" in r["name"].lower() or "KAPU" in r["id"] for r in rows)
    assert all(r["source"] and r["licence"] and r["year"] for r in rows)
    code, out, err = run(capsys, "--lang", "fr", "energy", "assets", "chiren")
    assert code == 0, err
    assert "STO-BGR-CHIREN" in out and "estimation" in out.lower()


def test_an_empty_query_is_one_line(capsys) -> None:
    code, _out, err = run(capsys, "energy", "assets", "  ")
    assert code != 0 and "at least one letter" in err and "Traceback" not in err


def test_the_2023_24_assets_are_searched_when_asked(capsys) -> None:
    code, out, err = run(capsys, "energy", "assets", "turkstream", "--dataset",
                         "recent-2023-24-assets", "--format", "json")  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    # Its two lines into Türkiye, its line on to Bulgaria, and its gas on from Serbia.
    assert {r["id"] for r in rows} == {"RUS-TUR-TURKSTREAM-1", "RUS-TUR-TURKSTREAM-2",
                                       "TUR-BGR-STRANDZHA-2", "SRB-HUN-KISKUNDOROZSMA"}  # fmt: skip
    assert {r["dataset"] for r in rows} == {"recent-2023-24-assets"}
    # 2008/09 had no TurkStream.
    code, out, err = run(capsys, "energy", "assets", "turkstream", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_an_unknown_winter_is_one_line_naming_the_choices(capsys) -> None:
    code, _out, err = run(capsys, "energy", "assets", "nord", "--dataset", "winter-1990")
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "winter-1990" in err and "recent-2023-24-assets" in err

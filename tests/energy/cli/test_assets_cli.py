"""energy assets QUERY: the 2008/09 assets found by name, with capacity, year and source."""

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

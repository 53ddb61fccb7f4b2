"""Ledger commands' manners: strengths with the language's digit grouping (raw in JSON and
CSV), progress as a percentage, and one line when no commitment matches."""

from __future__ import annotations

import json

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(("lang", "usa"), [("en", "29,000"), ("fr", f"29{NNBSP}000")])
def test_forces_table_groups_digits(capsys, lang: str, usa: str) -> None:
    code, out, err = run(
        capsys, "--lang", lang, "forces", "--operation", "isaf", "--on", "2009-04-01"
    )
    assert code == 0, err
    assert usa in next(line for line in out.splitlines() if "USA" in line)


def test_forces_json_and_csv_keep_raw_numbers(capsys) -> None:
    code, out, _ = run(
        capsys, "forces", "--operation", "isaf", "--on", "2009-04-01", "--format", "json"
    )
    assert code == 0
    assert next(n for n in json.loads(out)["nations"] if n["code"] == "USA")["strength"] == 29000
    code, out, _ = run(
        capsys, "forces", "--operation", "isaf", "--on", "2009-04-01", "--format", "csv"
    )
    assert code == 0 and "USA,United States,29000" in out.splitlines()


@pytest.mark.parametrize(("lang", "done"), [("en", "100.0%"), ("fr", f"100,0{NBSP}%")])
def test_commitments_progress_is_a_percentage(capsys, lang: str, done: str) -> None:
    code, out, err = run(capsys, "--lang", lang, "commitments", "list", "--as-of", "2009-04-04")
    assert code == 0, err
    assert done in next(line for line in out.splitlines() if "protocols-signed" in line)


@pytest.mark.parametrize(
    ("lang", "line"),
    [("en", "No commitments match --status overdue on 1990-01-01."),
     ("fr", "Aucun engagement ne correspond à --status overdue au 1990-01-01.")],
)  # fmt: skip
def test_no_match_is_one_line_and_success(capsys, lang: str, line: str) -> None:
    code, out, err = run(capsys, "--lang", lang, "commitments", "list", "--status", "overdue",
                         "--as-of", "1990-01-01")  # fmt: skip
    assert (code, out, err) == (0, line + "\n", "")


def test_no_match_stays_machine_readable(capsys) -> None:
    args = ("commitments", "list", "--status", "overdue", "--as-of", "1990-01-01")
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, *args, "--format", "csv")
    assert code == 0 and out.strip() == "id,title,deadline,status_label,progress,outlook_label"

"""Registry commands' manners: an empty answer is one line saying what matched nothing (exit
0), in English and French, while JSON and CSV stay machine-readable."""

from __future__ import annotations

import json

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("members", "--framework", "nato", "--on", "1940-01-01"), "No members of NATO on 1940-01-01."),
        (("--lang", "fr", "members", "--framework", "eapc", "--on", "1990-01-01"),
         "CPEA : aucun membre au 1990-01-01."),
        (("aspirants", "--on", "1950-01-01"), "No open accession case on 1950-01-01."),
        (("--lang", "fr", "aspirants", "--on", "1950-01-01"),
         "Aucun processus d'adhésion en cours au 1950-01-01."),
        (("changes", "--from", "1950-01-01", "--to", "1950-02-01", "--framework", "nato"),
         "No joins or departures in NATO from 1950-01-01 to 1950-02-01."),
    ],
)  # fmt: skip
def test_an_empty_answer_is_one_line(capsys, args: tuple[str, ...], line: str) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (0, line + "\n", "")


def test_an_empty_answer_in_json_and_csv(capsys) -> None:
    code, out, _ = run(
        capsys, "members", "--framework", "nato", "--on", "1940-01-01", "--format", "json"
    )
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(
        capsys, "members", "--framework", "nato", "--on", "1940-01-01", "--format", "csv"
    )
    assert code == 0 and out.strip() == "code,name,capacity_label,since,uncertain"


def test_a_list_with_rows_is_still_a_table(capsys) -> None:
    code, out, _ = run(capsys, "members", "--framework", "nato", "--on", "2008-04-03")
    assert code == 0 and "NATO — 2008-04-03 — 26" in out and "No members" not in out

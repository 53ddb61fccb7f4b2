"""What every command's output shares: numbers in the language's style in tables and raw in
JSON and CSV, one line for an empty table, and progress on standard error only on a terminal."""

from __future__ import annotations

import json

import pytest

from bucarest.platform.cli import Cell, OutputFormat, number_text, percent_text, progress, render

NNBSP, NBSP = "\u202f", "\u00a0"

ROWS = [{"name": "Moldova", "unserved_mcm": 1187.2, "share": 0.46875, "days": 90000}]
COLS = [("name", "Name"), ("unserved_mcm", "Unserved (mcm)", Cell.NUMBER),
        ("share", "Share", Cell.PERCENT), ("days", "Days short", Cell.NUMBER)]  # fmt: skip


def test_numbers_and_percentages_as_babel_writes_them() -> None:
    assert number_text(90000, "en") == "90,000"
    assert number_text(90000, "fr") == f"90{NNBSP}000"
    assert number_text(1187.25, "en") == "1,187.25"
    assert number_text(-0.0001, "en") == "0" and number_text(-0.25, "fr") == "-0,25"
    assert number_text(1187.25, "fr") == f"1{NNBSP}187,25"
    assert percent_text(0.46875, "en") == "46.9%"
    assert percent_text(0.46875, "fr") == f"46,9{NBSP}%"
    assert percent_text(1.0, "en") == "100.0%"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", ["1,187.2", "46.9%", "90,000"]), ("fr", [f"1{NNBSP}187,2", f"46,9{NBSP}%", f"90{NNBSP}000"])],
)  # fmt: skip
def test_a_table_writes_numbers_in_the_language(lang: str, expected: list[str]) -> None:
    out = render(ROWS, ROWS, COLS, OutputFormat.TABLE, lang)
    for text in expected:
        assert text in out
    assert "0.46875" not in out and "90000" not in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_json_and_csv_keep_raw_numbers(lang: str) -> None:
    csv_out = render(ROWS, ROWS, COLS, OutputFormat.CSV, lang)
    assert csv_out.splitlines() == ["name,unserved_mcm,share,days", "Moldova,1187.2,0.46875,90000"]
    assert json.loads(render(ROWS, ROWS, COLS, OutputFormat.JSON, lang)) == ROWS


def test_an_empty_table_is_one_line_and_csv_json_stay_machine_readable() -> None:
    msg = "No members of NATO on 1940-01-01."
    assert render([], [], COLS, OutputFormat.TABLE, "en", "title", empty=msg) == msg
    assert render([], [], COLS, OutputFormat.CSV, "en", empty=msg) == "name,unserved_mcm,share,days"
    assert json.loads(render([], [], COLS, OutputFormat.JSON, "en", empty=msg)) == []


def test_text_and_flags_are_not_taken_for_numbers() -> None:
    rows = [{"name": "x", "share": None, "days": True}]
    out = render(rows, rows, COLS, OutputFormat.TABLE, "en")
    assert "?" in out and "None" not in out and "%" not in out


def _work() -> None:
    with progress() as steps:
        tick = steps.step("Solving one case per asset", total=3)
        for done in range(1, 4):
            tick(done, 3)
        other = steps.step("Evaluating each value")
        other(1, 2)


def test_progress_shows_on_a_terminal(capsys, monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    _work()
    out, err = capsys.readouterr()
    assert out == ""
    assert "Solving one case per asset" in err and "3/3" in err
    assert "Evaluating each value" in err and "2/2" in err  # the last step is closed as done


def test_progress_is_silent_when_standard_error_is_not_a_terminal(capsys, monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    _work()
    assert capsys.readouterr() == ("", "")

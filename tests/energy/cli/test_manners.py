"""Energy commands' manners: shares as percentages and grouped digits in the table, raw
numbers in JSON and CSV, and the asset ranking's progress on a terminal only."""

from __future__ import annotations

import json

import pytest

from tests.cli_support import run

NBSP = "\u00a0"


@pytest.mark.parametrize(("lang", "share"), [("en", "46.9%"), ("fr", f"46,9{NBSP}%")])
def test_run_table_prints_shares_as_percentages(capsys, lang: str, share: str) -> None:
    code, out, err = run(capsys, "--lang", lang, "energy", "run", "jan-2009")
    assert code == 0, err
    moldova = next(line for line in out.splitlines() if "MDA" in line)
    assert share in moldova and "0.46875" not in out


def test_run_json_and_csv_keep_the_raw_share(capsys) -> None:
    code, out, _ = run(capsys, "energy", "run", "jan-2009", "--format", "json")
    assert code == 0
    moldova = next(c for c in json.loads(out)["countries"] if c["code"] == "MDA")
    assert moldova["unserved_share"] == pytest.approx(0.46875)
    code, out, _ = run(capsys, "energy", "run", "jan-2009", "--format", "csv")
    assert code == 0
    assert any(line.startswith("MDA,") and ",0.46875," in line for line in out.splitlines())


def test_critical_shows_its_progress_on_a_terminal_only(capsys, monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    code, out, err = run(capsys, "energy", "critical", "jan-2009", "--top", "3", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)) == 3
    assert "Solving one case per asset" in err
    monkeypatch.delenv("TTY_COMPATIBLE")
    code, out, err = run(capsys, "energy", "critical", "jan-2009", "--top", "3", "--format", "json")
    assert code == 0 and err == ""

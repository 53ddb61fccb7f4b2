"""``bucarest audit verify|checkpoint``: says what it checked (the key, the checkpoints) and
exits 1 on an altered entry or a deletion of the newest ones; a checkpoint exported elsewhere
catches what the server's own file would miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, update

from bucarest.platform.audit import AuditTable
from tests.cli_support import run


def _some_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "users", "add", "--nation", "DEU", "--role", "reader")[0] == 0
    assert run(capsys, "tokens", "create", "--username", "deu-reader")[0] == 0


def test_verify_says_what_it_checked_and_finds_an_altered_entry(capsys, database: str) -> None:
    _some_entries(capsys)
    code, out, _ = run(capsys, "audit", "verify")
    folder = Path(database.removeprefix("sqlite:///")).parent
    assert code == 0 and out.strip().endswith("trail intact"), out
    assert "keyed with key" in out and str(folder / "audit.key") in out
    assert "checkpoints, the newest at entry" in out
    with create_engine(database).begin() as conn:
        conn.execute(update(AuditTable).where(AuditTable.seq == 2).values(actor="mallory"))
    code, out, _ = run(capsys, "audit", "verify", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["problems"] == [{"seq": 2, "kind": "altered"}]
    assert report["keyed"] == report["entries"] >= 3


def test_a_deletion_of_the_newest_entries_fails_verify(capsys, database: str) -> None:
    _some_entries(capsys)
    code, out, _ = run(capsys, "audit", "verify", "--format", "json")
    last = json.loads(out)["entries"]
    with create_engine(database).begin() as conn:
        conn.execute(delete(AuditTable).where(AuditTable.seq == last))
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 1 and f"entry {last}: truncated" in out


def test_an_exported_checkpoint_catches_what_a_wiped_checkpoint_file_hides(
    capsys, database: str, tmp_path: Path
) -> None:
    _some_entries(capsys)
    offsite = tmp_path / "offsite.jsonl"
    code, out, _ = run(capsys, "audit", "checkpoint", "--out", str(offsite))
    assert code == 0 and "appended to" in out
    # Mallory deletes the newest entries and the server's own checkpoint file.
    folder = Path(database.removeprefix("sqlite:///")).parent
    (folder / "audit-checkpoints.jsonl").unlink()
    with create_engine(database).begin() as conn:
        conn.execute(delete(AuditTable).where(AuditTable.seq > 1))
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "no checkpoints" in out  # said plainly, not hidden
    code, out, _ = run(capsys, "audit", "verify", "--checkpoints", str(offsite))
    assert code == 1 and "entry 2: truncated" in out


def test_bad_checkpoint_arguments_are_one_line(capsys, database: str, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "audit", "verify", "--checkpoints", str(tmp_path / "none"))
    assert code == 2 and "no checkpoint file at" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "audit", "checkpoint", "--out", str(tmp_path / "no" / "c"))
    assert code == 2 and "cannot write" in err and len(err.strip().splitlines()) == 1


def test_verify_in_french(capsys, database: str) -> None:
    _some_entries(capsys)
    code, out, _ = run(capsys, "--lang", "fr", "audit", "verify")
    assert code == 0 and "journal intact" in out

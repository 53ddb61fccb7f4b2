"""Malformed data files are refused with the file, the row and the problem."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.registry.data import load_registry
from tests.paths import DATA

MIN = DATA / "registry_min"


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "reg"
    shutil.copytree(MIN, target)
    return target


def test_minimal_fixture_loads() -> None:
    reg = load_registry(MIN, on=date(2026, 11, 29))
    assert {f.id for f in reg.frameworks} == {"nato", "pfp", "nuc"}


@pytest.mark.parametrize(
    ("file", "content", "fragment"),
    [
        ("memberships.yaml", "- {country: FRA}\n", "memberships.yaml: row 1: framework"),
        ("memberships.yaml", "not: [a list\n", "not valid YAML"),
        ("memberships.yaml", "{a: 1}\n", "expected a list"),
        (
            "memberships.yaml",
            '- {country: FRA, framework: nato, status: member, start: "1949-13-01", source: x}\n',
            "invalid date '1949-13-01'",
        ),
        (
            "memberships.yaml",
            '- {country: FRA, framework: nato, status: member, start: "1949-08-24", source: x,'
            " colour: blue}\n",
            "colour: Extra inputs are not permitted",
        ),
        ("accession.yaml", "- {country: ALB, events: [{stage: elected, date: '2008', source: x}]}\n",
         "accession.yaml: row 1"),
    ],
)  # fmt: skip
def test_malformed_rows_name_file_row_and_problem(tmp_path, file, content, fragment) -> None:
    folder = copy(tmp_path)
    (folder / file).write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_registry(folder, on=date(2026, 11, 29))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path) -> None:
    folder = copy(tmp_path)
    (folder / "accession.yaml").unlink()
    with pytest.raises(DataFileError, match="file not found"):
        load_registry(folder)


def test_a_folder_without_framework_events_loads_without_them() -> None:
    assert load_registry(MIN, on=date(2026, 11, 29)).framework_events == ()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- {framework: nrc, kind: meeting, date: '2009-06-27', source: x}\n",
         "unknown framework 'nrc'"),
        ("- {framework: nuc, kind: meeting, date: '1990-01-01', source: x}\n",
         "nuc did not exist on 1990-01-01"),
        ("- {framework: nuc, kind: meeting, date: '2030-01-01', source: x}\n", "in the future"),
        ("- {framework: nuc, kind: meeting, date: '2008-01-01', source: ''}\n", "needs a source"),
        ("- {framework: nuc, kind: party, date: '2008-01-01', source: x}\n", "kind"),
    ],
)  # fmt: skip
def test_bad_framework_events_are_refused(tmp_path, content, fragment) -> None:
    folder = copy(tmp_path)
    (folder / "framework_events.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_registry(folder, on=date(2026, 11, 29))
    assert "framework_events.yaml: row 1" in str(info.value) and fragment in str(info.value)


def test_good_framework_events_load(tmp_path) -> None:
    folder = copy(tmp_path)
    (folder / "framework_events.yaml").write_text(
        "- {framework: nuc, kind: meetings_suspended, date: '2008-01', source: x}\n",
        encoding="utf-8",
    )
    reg = load_registry(folder, on=date(2026, 11, 29))
    assert [(e.framework, e.date.isoformat()) for e in reg.framework_events] == [("nuc", "2008-01")]

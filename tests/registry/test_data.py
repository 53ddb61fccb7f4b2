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

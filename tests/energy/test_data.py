"""Dataset files: the schema refuses bad rows naming the file, the row and the field."""

import shutil
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError, InvalidFactError
from bucarest.energy.data import load_dataset_dir, scenario_from
from bucarest.energy.domain.schema import component_schema, schema_markdown
from tests.paths import DATA, ROOT

MINI = DATA / "energy_min" / "mini"


def edit(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "d"
    shutil.copytree(MINI, folder)
    path = folder / name
    path.write_text(path.read_text().replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "fragment"),
    [
        ("pipelines.csv", "RUS-UKR,RUS,UKR,100", "RUS-UKR,RUS,UKR,-5",
         "pipelines.csv: row 2: capacity_mcmd = -5 must be a non-negative number (unit mcm/d)"),
        ("pipelines.csv", "UKR-BGR,UKR,BGR", "UKR-BGR,UKR,XYZ", "unknown country code 'XYZ'"),
        ("pipelines.csv", "UKR-BGR,UKR,BGR", "UKR-BGR,UKR,GRC", "connects to unknown node GRC"),
        ("storage.csv", "0.8,test", "1.8,test", "initial_fill = 1.8 must be a share between 0 and 1"),
        ("nodes.csv", "id,kind,", "id,type,", "missing columns kind; unknown columns type"),
        ("lng.csv", "LNG-ESP,ESP,60", "LNG-ESP,ESP,sixty", "sendout_mcmd = 'sixty' is not a number"),
    ],
)  # fmt: skip
def test_bad_rows(tmp_path: Path, name: str, old: str, new: str, fragment: str) -> None:
    with pytest.raises(DataFileError) as info:
        load_dataset_dir(edit(tmp_path, name, old, new))
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_scenario_body_errors_are_one_line() -> None:
    with pytest.raises(InvalidFactError, match="scenario field start"):
        scenario_from({"id": "x", "name_en": "x", "name_fr": "x", "dataset": "mini", "end": "2009"})


def test_schema_documents_every_attribute() -> None:
    text = schema_markdown()
    for component in ("nodes", "pipelines", "storage", "lng"):
        for attr in component_schema(component):
            assert f"| {attr.name} |" in text


def test_docs_are_generated_from_the_schema() -> None:
    docs = ROOT / "docs" / "energy-schema.md"
    assert docs.read_text(encoding="utf-8").strip() == schema_markdown().strip(), (
        "regenerate docs/energy-schema.md from the schema (python -c "
        "'from bucarest.energy.domain.schema import schema_markdown; print(schema_markdown())')"
    )

"""Dataset files: the schema refuses bad rows naming the file, the row and the field."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError, InvalidFactError
from bucarest.core.provenance import Confidence
from bucarest.energy import data as energy_data
from bucarest.energy.data import (
    dataset_ids,
    energy_dir,
    load_dataset,
    load_dataset_dir,
    load_scenarios,
    scenario_from,
)
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


# --- provenance of the shipped data ----------------------------------------------------------


def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str,
                 new: str) -> None:  # fmt: skip
    """The shipped energy data copied to ``tmp_path`` with one edit, read in place of the
    shipped folder (the loaders' caches are emptied before and after)."""
    folder = tmp_path / "energy"
    shutil.copytree(Path(str(energy_dir())), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(energy_data, "energy_dir", lambda: folder)
    load_dataset.cache_clear()
    load_scenarios.cache_clear()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    load_dataset.cache_clear()
    load_scenarios.cache_clear()
    yield
    load_dataset.cache_clear()
    load_scenarios.cache_clear()


def test_shipped_datasets_and_scenarios_carry_sources_and_a_confidence() -> None:
    for dataset_id in dataset_ids():
        p = load_dataset(dataset_id).provenance
        assert p is not None and p.citations, dataset_id
        assert p.confidence is Confidence.ESTIMATE  # most figures are rounded estimates
    scenarios = load_scenarios()
    assert scenarios["jan-2009"].provenance is not None
    assert scenarios["jan-2009"].provenance.confidence is Confidence.SECONDARY
    assert "European Commission" in {c.issuer for c in scenarios["jan-2009"].provenance.citations}
    for s in scenarios.values():
        assert s.provenance is not None and s.provenance.citations, s.id
    n1 = next(s for k, s in scenarios.items() if k.startswith("n1-2009-"))
    assert n1.provenance is not None and n1.provenance.confidence is Confidence.ESTIMATE
    assert "2017/1938" in n1.provenance.citations[0].title


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    ("name", "old", "new", "fragment"),
    [
        ("scenarios.yaml", "  confidence: secondary\n", "",
         "scenarios.yaml: row 1: jan-2009: sources and confidence are required"),
        ("scenarios.yaml", 'name_fr: "Janvier 2009', 'name_fr: "Janvier 2009 (selon le seed)',
         "scenarios.yaml: row 1: jan-2009: contains the working note 'seed'"),
        ("scenarios.yaml", 'issuer: "European Commission"', 'issuer: "the brief"',
         "sources.0.issuer: Value error, contains the working note 'the brief'"),
        ("winter-2008-09/dataset.yaml", "confidence: estimate\n", "",
         "winter-2008-09/dataset.yaml: sources and confidence are required"),
        ("winter-2008-09/pipelines.csv", "ENTSOG/GTE capacity map 2009 (technical capacities)",
         "ENTSOG/GTE capacity map 2009 (unverified)",
         "winter-2008-09/pipelines.csv: row RUS-UKR: contains the working note 'unverified'"),
    ],
)  # fmt: skip
def test_a_shipped_row_without_sources_or_with_a_working_note_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str, fragment: str
) -> None:
    shipped_copy(tmp_path, monkeypatch, name, old, new)
    with pytest.raises(DataFileError) as info:
        load_scenarios()
    assert fragment in str(info.value), str(info.value)
    assert "\n" not in str(info.value)

"""Malformed data files are refused with the file, the row and the problem."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.registry.data import load_registry
from tests.paths import DATA

MIN = DATA / "registry_min"
SRC = 'confidence: official, sources: [{title: "North Atlantic Treaty", issuer: NATO}]'
FRA = "- {country: FRA, framework: nato, status: member, start: '1949-08-24', "


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
        ("memberships.yaml", "- {country: FRA, " + SRC + "}\n", "memberships.yaml: row 1: framework"),
        ("memberships.yaml", "not: [a list\n", "not valid YAML"),
        ("memberships.yaml", "{a: 1}\n", "expected a list"),
        (
            "memberships.yaml",
            '- {country: FRA, framework: nato, status: member, start: "1949-13-01", ' + SRC + "}\n",
            "invalid date '1949-13-01'",
        ),
        (
            "memberships.yaml",
            FRA + SRC + ", colour: blue}\n",
            "colour: Extra inputs are not permitted",
        ),
        ("accession.yaml", "- {country: ALB, events: [{stage: elected, date: '2008', " + SRC + "}]}\n",
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


EV_SRC = "confidence: official, sources: [{title: x, issuer: NATO}]"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- {framework: nrc, kind: meeting, date: '2009-06-27', "
         + EV_SRC + "}\n",
         "unknown framework 'nrc'"),
        ("- {framework: nuc, kind: meeting, date: '1990-01-01', " + EV_SRC + "}\n",
         "nuc did not exist on 1990-01-01"),
        ("- {framework: nuc, kind: meeting, date: '2030-01-01', " + EV_SRC + "}\n", "in the future"),
        ("- {framework: nuc, kind: meeting, date: '2008-01-01', confidence: official, sources: []}\n", "sources"),
        ("- {framework: nuc, kind: party, date: '2008-01-01', " + EV_SRC + "}\n", "kind"),
        ("- {framework: nuc, kind: meeting, date: '2008-01-01', source: x}\n", "confidence"),
        ("- {framework: nuc, kind: meeting, date: '2008-01-01', " + EV_SRC + ", "
         "note_en: 'Unverified date.', note_fr: 'Date.'}\n", "contains the working note"),
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
        "- {framework: nuc, kind: meetings_suspended, date: '2008-01', " + EV_SRC + "}\n",
        encoding="utf-8",
    )
    reg = load_registry(folder, on=date(2026, 11, 29))
    assert [(e.framework, e.date.isoformat()) for e in reg.framework_events] == [("nuc", "2008-01")]


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        # the free-text source of the files before issue 15
        (FRA + "source: 'NATO [citation not re-read]'}", "row 1: confidence: Field required"),
        (FRA + "confidence: official}", "row 1: sources: Field required"),
        (FRA + "sources: [{title: Treaty, issuer: NATO}]}", "row 1: confidence: Field required"),
        (FRA + "confidence: sure, sources: [{title: Treaty, issuer: NATO}]}", "row 1: confidence"),
        (FRA + "confidence: official, sources: []}", "row 1: sources"),
        (FRA + SRC + ", note_en: 'Founding member (citation not re-read).', note_fr: 'Fondateur.'}",
         "row 1: note_en: Value error, contains the working note 'not re-read'"),
        (FRA + SRC + ", note_en: 'Founding member.', note_fr: 'Membre fondateur (the seed).'}",
         "row 1: note_fr: Value error, contains the working note 'seed'"),
        (FRA + "confidence: secondary, sources: [{title: 'Wikipedia mirror at blekko.com',"
         " issuer: Wikipedia}]}", "row 1: sources.0.title: Value error, contains the working note"),
        (FRA + SRC + ", note_en: 'Founding member.'}", "note_en and note_fr go together"),
    ],
)  # fmt: skip
def test_rows_without_provenance_or_with_working_notes_are_refused(tmp_path, row, fragment) -> None:
    folder = copy(tmp_path)
    (folder / "memberships.yaml").write_text(row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_registry(folder, on=date(2026, 11, 29))
    message = str(info.value)
    assert message.startswith("memberships.yaml: row 1: ")
    assert fragment in message
    assert "\n" not in message


def test_a_working_note_in_an_accession_step_names_the_case_and_the_step(tmp_path) -> None:
    folder = copy(tmp_path)
    (folder / "accession.yaml").write_text(
        "- {country: ALB, events: [{stage: invited, date: '2008-04-03', " + SRC
        + ", note_en: 'Invited (background knowledge).', note_fr: 'Invitée.'}]}\n",
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(DataFileError, match=r"accession.yaml: row 1: events\.0\.note_en: .*"
                       "background knowledge"):  # fmt: skip
        load_registry(folder, on=date(2026, 11, 29))


def test_the_shipped_rows_carry_sources_and_bilingual_notes() -> None:
    from bucarest.core.provenance import working_note_in
    from bucarest.registry.data import load_embedded_registry

    reg = load_embedded_registry()
    facts = [*reg.frameworks, *reg.memberships, *reg.events]
    assert all(f.sources and f.confidence for f in facts)
    assert all(bool(f.note) == bool(f.note_fr) for f in facts)
    for f in facts:
        texts = [f.note, f.note_fr, *(c.title for c in f.sources), *(c.issuer for c in f.sources)]
        assert all(working_note_in(t) is None for t in texts), f
        # mirrors are cited by the work they copy, without their link
        mirrors = ("chrisinbrnocr", "wikimili", "wikitp", "cloudfront", "einpresswire", "am1.news")
        assert not any(m in (c.url or "") for c in f.sources for m in mirrors), f
    # the Alliance's own texts are official; at least one inferred date is an estimate
    assert {f.confidence.value for f in facts} == {"official", "secondary", "estimate"}

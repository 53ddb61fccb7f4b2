"""The shipped Bucharest ledger answers "what was due, done and late" between April 2008
and April 2009."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.core.provenance import Confidence
from bucarest.ledger.data import load_embedded_ledger, load_ledger
from bucarest.ledger.domain.ledger import Ledger, rows_on
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus, status_on


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_embedded_ledger()


def test_at_least_twenty_sourced_decisions(ledger: Ledger) -> None:
    bucharest = [c for c in ledger.commitments if c.summit == "bucharest-2008"]
    assert len(bucharest) >= 20
    assert all(c.provenance and c.provenance.citations for c in bucharest)
    assert all(c.text_fr.strip() and c.text_en.strip() for c in bucharest)
    assert all(e.evidence.strip() for c in bucharest for e in c.history)


def test_protocols_signed_on_9_july_2008(ledger: Ledger) -> None:
    signed = [c for c in ledger.commitments
              if any(e.on == date(2008, 7, 9) for e in c.history)]  # fmt: skip
    assert signed, "the signature of the accession protocols on 9 July 2008 is recorded"
    c = signed[0]
    assert status_on(c, ledger.calendar, date(2008, 7, 8)) in (
        LedgerStatus.DUE,
        LedgerStatus.NOT_YET_DUE,
    )
    assert status_on(c, ledger.calendar, date(2008, 7, 9)).is_done


def test_nothing_done_before_the_summit(ledger: Ledger) -> None:
    rows = rows_on(ledger, date(2008, 4, 1))
    assert all(r.status is LedgerStatus.NOT_YET_DECIDED for r in rows
               if r.commitment.summit == "bucharest-2008")  # fmt: skip


def test_statuses_move_forward_through_the_year(ledger: Ledger) -> None:
    done = [sum(r.status.is_done for r in rows_on(ledger, date(2008, m, 15))) for m in (5, 8, 12)]
    assert done == sorted(done) and done[-1] > done[0]


def test_review_as_of_the_2009_summit(ledger: Ledger) -> None:
    r = build_review(ledger, "bucharest-2008", date(2009, 4, 3))
    assert sum(r.counts.values()) == len(r.rows) >= 20
    assert {s.topic for s in r.sections} >= {t.topic for t in r.sections}
    assert any(f for _, f in r.forces), "ISAF force levels are part of the review"


def test_isaf_on_3_june_2008(ledger: Ledger) -> None:
    from bucarest.ledger.domain.operations import forces_on

    f = forces_on(ledger.contributions, "isaf", date(2008, 6, 3))
    assert f.total == 52908
    assert f.point is not None and f.point.nations_count == 40
    assert f.total == sum(n for _, n in f.by_nation) + f.other


def test_kfor_has_a_2008_figure_in_force_at_the_summit(ledger: Ledger) -> None:
    from bucarest.ledger.domain.operations import forces_on

    f = forces_on(ledger.contributions, "kfor", date(2008, 4, 3))
    assert f.point is not None and f.point.on == date(2008, 2, 8)
    assert f.total == 16000 and f.point.provenance is not None
    assert f.point.provenance.citations[0].issuer == "Xinhua News Agency"
    assert f.point.provenance.confidence is Confidence.SECONDARY


def test_nrc_transit_is_done_on_4_april_2008_and_stays_done(ledger: Ledger) -> None:
    c = next(c for c in ledger.commitments if c.id == "nrc-transit")
    assert [(e.status.value, e.on) for e in c.history] == [("done", date(2008, 4, 4))]
    assert "nato.int" in c.history[0].evidence
    for day in (date(2008, 4, 4), date(2009, 4, 3), date(2026, 11, 29)):
        assert status_on(c, ledger.calendar, day) is LedgerStatus.DONE_ON_TIME


def test_engaging_afghanistans_neighbours_especially_pakistan_has_a_row(ledger: Ledger) -> None:
    c = next(c for c in ledger.commitments if c.id == "isaf-neighbours-pakistan")
    assert "en particulier le Pakistan" in c.text_fr and "especially Pakistan" in c.text_en
    assert c.owners == ("isaf-nations",) and c.deadline is None and c.history == ()
    assert status_on(c, ledger.calendar, date(2009, 4, 3)) is LedgerStatus.NOT_YET_DUE
    assert c.provenance is not None and c.provenance.confidence is Confidence.OFFICIAL
    assert "news_7196" in (c.provenance.citations[0].url or "")


# --- provenance at load: sources and confidence on every row, no working note shown ---------

MIN = Path(__file__).parent.parent / "data" / "ledger_min"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "l"
    shutil.copytree(MIN, folder)
    return folder


def _load_error(folder: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        load_ledger(folder)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_every_shipped_row_names_its_sources_and_confidence(ledger: Ledger) -> None:
    facts = [*ledger.commitments, *ledger.missions, *ledger.contributions, *ledger.pledges,
             *ledger.calendar.events]  # fmt: skip
    for fact in facts:
        p = fact.provenance
        assert p is not None and p.citations, fact
        assert all(c.title and c.issuer for c in p.citations), fact
    declaration = ledger.commitment("alb-hrv-accession-talks").provenance
    assert declaration is not None and declaration.confidence is Confidence.OFFICIAL
    assert declaration.citations[0].url == (
        "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"
    )


def test_a_row_without_sources_is_refused_naming_file_and_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "commitments.yaml"
    text = path.read_text()
    start = text.index("  confidence: official")
    end = text.index("  history:", start)
    path.write_text(text[:start] + text[end:])
    assert _load_error(folder).endswith("commitments.yaml: row 1: confidence: Field required")


def test_a_pledge_without_confidence_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "pledges.yaml"
    path.write_text(path.read_text().replace("confidence: secondary, ", ""))
    assert "pledges.yaml: row 1: confidence: Field required" in _load_error(folder)


@pytest.mark.parametrize(
    ("old", "new", "field", "note"),
    [
        ("title_en: Ratify the protocols", "title_en: Ratify (the seed says so)", "title_en",
         "seed"),
        ("text_fr:", "note: Background knowledge, unverified.\n  text_fr:", "note",
         "Background knowledge"),
        ("summit_section: \"Consolider l'Europe\"", "summit_section: Seed section", "summit_section",
         "Seed"),
    ],
)  # fmt: skip
def test_a_working_note_in_a_shown_field_is_refused(
    tmp_path: Path, old: str, new: str, field: str, note: str
) -> None:
    folder = _copy(tmp_path)
    path = folder / "commitments.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    message = _load_error(folder)
    assert "commitments.yaml: row " in message and f"{field}: " in message, message
    assert f"contains the working note '{note}'" in message, message


def test_a_file_name_in_a_contribution_note_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "contributions.yaml"
    path.write_text(path.read_text().replace("figures: {USA: 60, GBR: 30}",
                                             "figures: {USA: 60, GBR: 30}, note: see pledges.yaml", 1))  # fmt: skip
    message = _load_error(folder)
    assert "contributions.yaml: row 1: note: " in message and "pledges.yaml" in message


def test_a_working_note_in_a_citation_title_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "missions.yaml"
    path.write_text(path.read_text().replace("title: test fixture citation",
                                             "title: ISAF [citation not re-read]", 1))  # fmt: skip
    assert "missions.yaml: row 1: sources.0.title: " in _load_error(folder)


def test_shipped_texts_have_french_twins(ledger: Ledger) -> None:
    """Every shipped note and evidence line with words is shown in French, or marked."""
    for c in ledger.commitments:
        assert not c.note or c.note_fr, c.id
        assert c.document_fr, c.id
        for e in c.history:
            assert not e.note or e.note_fr, (c.id, e.on)
            assert "(en anglais)" not in e.evidence_in("fr"), (c.id, e.on)
        for a in c.assessments:
            assert "(en anglais)" not in a.evidence_in("fr"), (c.id, a.actor)
        for i in c.indicators:
            for v in (i.baseline, *i.targets, *i.actuals):
                assert "(en anglais)" not in v.source_in("fr"), (c.id, i.id, v.on)
    for m in ledger.missions:
        assert m.note_fr, m.id
    for p in ledger.contributions:
        assert p.note_fr, (p.mission, p.on)
    for g in ledger.pledges:
        assert g.description_fr and g.note_fr, g.nation


def test_the_conversion_script_converts_old_rows_once(tmp_path: Path) -> None:
    """``scripts/convert_ledger_sources.py`` turns a row in the former format (free-text
    ``source``, ``seed_section``) into one the loader accepts, and changes nothing twice."""
    import importlib.util

    script = Path(__file__).parents[2] / "scripts" / "convert_ledger_sources.py"
    spec = importlib.util.spec_from_file_location("convert_ledger_sources", script)
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    folder = _copy(tmp_path)
    old = (
        "\n- id: pakistan\n  summit: bucharest-2008\n  document: Bucharest Summit Declaration\n"
        "  paragraph: ''\n  seed_section: Aider l'Afghanistan\n  topic: afghanistan\n"
        "  title_en: Engage Pakistan\n  title_fr: Associer le Pakistan\n"
        "  text_fr: en particulier le Pakistan\n  text_en: in particular Pakistan\n"
        "  owners: [allies]\n  created: '2008-04-03'\n"
        "  source: https://www.nato.int/cps/en/natohq/news_7196.htm\n"
    )
    path = folder / "commitments.yaml"
    path.write_text(path.read_text() + old)
    once = convert.convert_text(path.read_text())
    assert convert.convert_text(once) == once
    path.write_text(once)
    c = load_ledger(folder).commitment("pakistan")
    assert c.summit_section == "Aider l'Afghanistan"
    assert c.provenance is not None and c.provenance.confidence is Confidence.OFFICIAL
    assert c.provenance.citations[0].issuer == "NATO"

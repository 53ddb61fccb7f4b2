"""The January 2009 outcome by country (``data/energy/history/jan-2009.yaml``) loads through
:func:`bucarest.energy.data.load_history`: one row per country of the winter-2008-09 dataset,
a class in the allowed set, optional facts in range, and the provenance every data-file row
carries (citations without working notes, a confidence)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.core.provenance import Confidence
from bucarest.energy.data import load_history
from bucarest.energy.domain.history import CLASSES, CrisisRecord
from bucarest.energy.domain.scenario import Foresight, Mode
from tests.paths import SRC

ENERGY = SRC / "data" / "energy"


@pytest.fixture(scope="module")
def history() -> CrisisRecord:
    return load_history("jan-2009")


def country_nodes(dataset: str) -> list[str]:
    with (ENERGY / dataset / "nodes.csv").open(encoding="utf-8") as fh:
        return [row["id"] for row in csv.DictReader(fh) if row["kind"] == "country"]


def test_one_row_per_country_of_the_dataset(history: CrisisRecord) -> None:
    codes = [c.code for c in history.countries]
    assert len(codes) == len(set(codes))
    assert sorted(codes) == sorted(country_nodes(history.dataset))


def test_every_row_has_an_allowed_class_and_provenance(history: CrisisRecord) -> None:
    assert set(CLASSES) == {"hardest-hit", "partly-affected", "not-affected", "unknown"}
    for row in history.countries:
        assert row.recorded in CLASSES
        assert row.provenance.citations and row.provenance.confidence in set(Confidence)
        assert all(s.title and s.issuer for s in row.provenance.citations)


def test_facts_only_where_a_country_was_affected(history: CrisisRecord) -> None:
    for row in history.countries:
        if row.recorded in ("not-affected", "unknown"):
            assert row.supply_cut_share is None and row.emergency_declared is None
            assert row.customers_cut in (None, "none")


def test_the_commission_groups(history: CrisisRecord) -> None:
    by_code = {c.code: c.recorded for c in history.countries}
    for code in ("BGR", "SVK", "SRB", "BIH", "MKD"):
        assert by_code[code] == "hardest-hit"
    for code in ("GRC", "AUT", "CZE", "SVN", "HUN", "POL", "ROU", "HRV", "DEU", "ITA", "FRA"):
        assert by_code[code] == "partly-affected"


def _record_with(tmp_path: Path, explanation: str) -> Path:
    text = (ENERGY / "history" / "jan-2009.yaml").read_text(encoding="utf-8")
    marker = "  - code: ESP\n    class: not-affected\n"
    assert marker in text
    (tmp_path / "jan-2009.yaml").write_text(
        text.replace(marker, marker + explanation, 1), encoding="utf-8"
    )
    return tmp_path


def test_explanations_load_with_their_datasets_mode_and_sources(history: CrisisRecord) -> None:
    slovakia = next(c for c in history.countries if c.code == "SVK")
    (why,) = slovakia.explanations
    assert why.datasets == ("winter-2008-09", "winter-2008-09-assets")
    assert why.mode.value == "national" and why.text("fr").startswith("Sous l'état d'urgence")
    assert why.foresight is None  # the same answer under either foresight
    for foresight in Foresight:
        assert slovakia.explanation("winter-2008-09", why.mode, foresight) is why


def test_an_explanation_may_hold_under_one_foresight_only(history: CrisisRecord) -> None:
    serbia = next(c for c in history.countries if c.code == "SRB")
    bound = serbia.explanation("winter-2008-09-assets", Mode.NATIONAL, Foresight.PERFECT)
    assert bound is not None and bound.foresight is Foresight.PERFECT
    assert serbia.explanation("winter-2008-09-assets", Mode.NATIONAL, Foresight.ROLLING) is None


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        (
            "    model_differs:\n      - {datasets: [winter-2008-09], mode: national, en: Why,"
            " confidence: official, sources: [{title: T, issuer: I}]}\n",
            "model_differs.0.fr",
        ),
        (
            "    model_differs:\n      - {datasets: [winter-2008-09], mode: solidarity, en: Why,"
            " fr: Pourquoi, confidence: official, sources: [{title: T, issuer: I}]}\n",
            "model_differs.0.mode",
        ),
        (
            "    model_differs:\n      - {datasets: [winter-2008-09], mode: national, foresight: hindsight,"
            " en: Why, fr: Pourquoi, confidence: official, sources: [{title: T, issuer: I}]}\n",
            "model_differs.0.foresight",
        ),
        (
            "    model_differs:\n      - {datasets: [winter-2008-09], mode: national, en: Why,"
            " fr: Pourquoi, confidence: official, sources: [{title: T, issuer: I}]}\n"
            "      - {datasets: [winter-2008-09], mode: national, foresight: rolling, en: Why,"
            " fr: Pourquoi, confidence: official, sources: [{title: T, issuer: I}]}\n",
            "two model_differs entries explain dataset 'winter-2008-09', mode 'national', "
            "foresight 'rolling'",
        ),
        (
            "    model_differs:\n      - {datasets: [winter-2008-09], mode: national, en: an unverified figure,"
            " fr: Pourquoi, confidence: official, sources: [{title: T, issuer: I}]}\n",
            "working note",
        ),
    ],
)
def test_a_bad_explanation_is_refused_naming_the_file_and_field(
    tmp_path: Path, entry: str, fragment: str
) -> None:
    folder = _record_with(tmp_path, entry)
    with pytest.raises(DataFileError, match="jan-2009.yaml") as caught:
        load_history("jan-2009", folder)
    assert fragment in str(caught.value)

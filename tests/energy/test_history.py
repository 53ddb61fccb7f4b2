"""The January 2009 outcome by country (``data/energy/history/jan-2009.yaml``) loads through
:func:`bucarest.energy.data.load_history`: one row per country of the winter-2008-09 dataset,
a class in the allowed set, optional facts in range, and the provenance every data-file row
carries (citations without working notes, a confidence)."""

from __future__ import annotations

import csv

import pytest

from bucarest.core.provenance import Confidence
from bucarest.energy.data import load_history
from bucarest.energy.domain.history import CLASSES, CrisisRecord
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

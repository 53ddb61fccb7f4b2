"""The January 2009 outcome by country (``data/energy/history/jan-2009.yaml``) loads: one row
per country of the winter-2008-09 dataset, a class in the allowed set, optional facts in range,
and the provenance every data-file row carries (citations without working notes, a confidence).

The model lives here until a loader is written for the history test of issue 13."""

from __future__ import annotations

import csv
from enum import StrEnum
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from bucarest.core.datafiles import read_yaml
from bucarest.core.provenance import Confidence, ProvenanceRow
from tests.paths import SRC

ENERGY = SRC / "data" / "energy"


class Outcome(StrEnum):
    HARDEST_HIT = "hardest-hit"
    PARTLY_AFFECTED = "partly-affected"
    NOT_AFFECTED = "not-affected"
    UNKNOWN = "unknown"


class CountryOutcome(ProvenanceRow):
    """One country's January 2009 outcome, with its citations and confidence."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = Field(pattern=r"^[A-Z]{3}$")
    outcome: Outcome = Field(alias="class")
    supply_cut_share: float | None = Field(default=None, ge=0.0, le=1.0)
    customers_cut: Literal["households", "industry", "none"] | None = None
    emergency_declared: bool | None = None
    storage_days: float | None = Field(default=None, ge=0.0)


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: str
    end: str


class History(ProvenanceRow):
    """The file: what it describes, its own sources, and the rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_en: str
    name_fr: str
    dataset: str
    scenario: str
    period: Period
    classes: tuple[Outcome, ...]
    countries: tuple[CountryOutcome, ...] = Field(min_length=1)


@pytest.fixture(scope="module")
def history() -> History:
    return History.model_validate(read_yaml(ENERGY / "history", "jan-2009.yaml"))


def country_nodes(dataset: str) -> list[str]:
    with (ENERGY / dataset / "nodes.csv").open(encoding="utf-8") as fh:
        return [row["id"] for row in csv.DictReader(fh) if row["kind"] == "country"]


def test_one_row_per_country_of_the_dataset(history: History) -> None:
    codes = [c.code for c in history.countries]
    assert len(codes) == len(set(codes))
    assert sorted(codes) == sorted(country_nodes(history.dataset))


def test_every_row_has_an_allowed_class_and_provenance(history: History) -> None:
    assert set(history.classes) == set(Outcome)
    for row in history.countries:
        assert row.outcome in history.classes
        assert row.sources and row.confidence in set(Confidence)
        assert all(s.title and s.issuer for s in row.sources)


def test_facts_only_where_a_country_was_affected(history: History) -> None:
    for row in history.countries:
        if row.outcome in (Outcome.NOT_AFFECTED, Outcome.UNKNOWN):
            assert row.supply_cut_share is None and row.emergency_declared is None
            assert row.customers_cut in (None, "none")


def test_the_commission_groups(history: History) -> None:
    by_code = {c.code: c.outcome for c in history.countries}
    for code in ("BGR", "SVK", "SRB", "BIH", "MKD"):
        assert by_code[code] is Outcome.HARDEST_HIT
    for code in ("GRC", "AUT", "CZE", "SVN", "HUN", "POL", "ROU", "HRV", "DEU", "ITA", "FRA"):
        assert by_code[code] is Outcome.PARTLY_AFFECTED

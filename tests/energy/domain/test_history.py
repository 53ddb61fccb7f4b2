"""Comparing a crisis record with the model's outcomes (pure): classes, agreement, which
explanation a miss carries, and a record country missing from the outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bucarest.core.errors import InvalidFactError
from bucarest.core.provenance import Citation, Confidence, Provenance
from bucarest.energy.domain.history import (
    CrisisRecord,
    Explanation,
    RecordedCountry,
    agreement,
    compare,
)
from bucarest.energy.domain.scenario import Foresight, Mode

CITED = Provenance((Citation("A report", "An issuer", "2009"),), Confidence.OFFICIAL)
WHY = Explanation(("d",), Mode.NATIONAL, "Why", "Pourquoi", CITED)
ROLLING, PERFECT = Foresight.ROLLING, Foresight.PERFECT


@dataclass(frozen=True)
class Shares:
    code: str
    protected_unserved_share: float
    non_protected_not_served_share: float


def record(*countries: RecordedCountry) -> CrisisRecord:
    return CrisisRecord("c", "Crisis", "Crise", "d", "s", date(2009, 1, 6), date(2009, 1, 20),
                        countries, CITED)  # fmt: skip


def test_rows_follow_the_record_with_the_model_class_beside() -> None:
    rec = record(RecordedCountry("BGR", "hardest-hit", CITED),
                 RecordedCountry("DEU", "partly-affected", CITED, explanations=(WHY,)),
                 RecordedCountry("BLR", "unknown", CITED))  # fmt: skip
    out = [Shares("DEU", 0.0, 0.0), Shares("BLR", 0.0, 0.0), Shares("BGR", 0.02, 0.1)]
    rows = compare(rec, out, "d", Mode.NATIONAL, ROLLING)
    assert [(r.code, r.modelled, r.agrees) for r in rows] == [
        ("BGR", "hardest-hit", True), ("DEU", "not-affected", False), ("BLR", "not-affected", None),
    ]  # fmt: skip
    assert rows[1].explanation is WHY and rows[0].explanation is None
    assert agreement(rows) == (1, 2)


def test_an_explanation_is_shown_only_for_its_dataset_and_mode_and_only_on_a_miss() -> None:
    rec = record(RecordedCountry("DEU", "partly-affected", CITED, explanations=(WHY,)))
    missed = [Shares("DEU", 0.0, 0.0)]
    for foresight in Foresight:
        assert compare(rec, missed, "d", Mode.NATIONAL, foresight)[0].explanation is WHY
    assert compare(rec, missed, "other", Mode.NATIONAL, ROLLING)[0].explanation is None
    assert compare(rec, missed, "d", Mode.COOPERATIVE, ROLLING)[0].explanation is None
    matched = [Shares("DEU", 0.0, 0.05)]
    assert compare(rec, matched, "d", Mode.NATIONAL, ROLLING)[0].explanation is None


def test_an_explanation_for_one_foresight_is_not_shown_under_the_other() -> None:
    hindsight = Explanation(("d",), Mode.NATIONAL, "Bound", "Borne", CITED, PERFECT)
    live = Explanation(("d",), Mode.NATIONAL, "Live", "Direct", CITED, ROLLING)
    missed = [Shares("DEU", 0.0, 0.0)]
    only = record(RecordedCountry("DEU", "partly-affected", CITED, explanations=(hindsight,)))
    assert compare(only, missed, "d", Mode.NATIONAL, PERFECT)[0].explanation is hindsight
    assert compare(only, missed, "d", Mode.NATIONAL, ROLLING)[0].explanation is None
    both = record(RecordedCountry("DEU", "partly-affected", CITED, explanations=(hindsight, live)))
    assert compare(both, missed, "d", Mode.NATIONAL, ROLLING)[0].explanation is live


def test_a_record_country_without_an_outcome_is_refused() -> None:
    rec = record(RecordedCountry("SRB", "hardest-hit", CITED))
    with pytest.raises(InvalidFactError, match="no outcome for 'SRB'"):
        compare(rec, [Shares("BGR", 0.0, 0.0)], "d", Mode.NATIONAL, ROLLING)

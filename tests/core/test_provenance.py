"""The shared provenance model: rows validate, working notes are caught."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bucarest.core.provenance import Confidence, ProvenanceRow, working_note_in


def test_row_becomes_domain_value() -> None:
    p = ProvenanceRow.model_validate(
        {
            "confidence": "secondary",
            "sources": [{"title": "Gas crisis", "issuer": "OIES", "date": "2009-02"}],
        }
    ).to_domain()
    assert p.confidence is Confidence.SECONDARY
    assert p.citations[0].date == "2009-02"
    assert p.citations[0].url is None


@pytest.mark.parametrize(
    "row",
    [
        {"confidence": "sure", "sources": [{"title": "T", "issuer": "I"}]},
        {"confidence": "official", "sources": []},
        {"confidence": "official", "sources": [{"title": "T", "issuer": "I", "date": "3 April"}]},
        {"confidence": "official", "sources": [{"title": "T", "issuer": "I", "url": "nato.int"}]},
        {"confidence": "official", "sources": [{"title": "the seed", "issuer": "I"}]},
        {"confidence": "official", "sources": [{"title": "T", "issuer": "I", "note": "x"}]},
    ],
)
def test_bad_rows_are_refused(row: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ProvenanceRow.model_validate(row)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The seed says so", "seed"),
        ("(translation of the seed)", "seed"),
        ("the brief's reading", "the brief"),
        ("[citation not re-read]", "not re-read"),
        ("background knowledge, unverified", "background knowledge"),
        ("see contributions.yaml", "contributions.yaml"),
        ("a mirror at blekko.com", "blekko"),
        ("Bucharest Summit Declaration, 3 April 2008", None),
        ("seedling and briefing", None),
    ],
)
def test_working_notes_are_found(text: str, found: str | None) -> None:
    assert working_note_in(text) == found

"""The desk's French: NATO's French markings, genders that agree with what they qualify, and
no label borrowed from another screen's message with another meaning."""

from __future__ import annotations

from datetime import date

import pytest

from bucarest.core.i18n import gettext
from bucarest.core.identity import Principal, Role
from bucarest.desk.domain.markings import TLP, Classification, Marking
from bucarest.desk.domain.policy import can_read
from bucarest.desk.labels import (
    CLASSIFICATION_LABELS,
    INCIDENT_STATUS_LABELS,
    STATE_LABELS,
    STEP_LABELS,
)
from bucarest.registry.data import load_embedded_registry


@pytest.mark.parametrize(
    ("level", "french"),
    [
        (Classification.UNCLASSIFIED, "NATO SANS CLASSIFICATION"),
        (Classification.RESTRICTED, "NATO DIFFUSION RESTREINTE"),
        (Classification.CONFIDENTIAL, "NATO CONFIDENTIEL"),
        (Classification.SECRET, "NATO SECRET"),
    ],
)
def test_markings_are_natos_french_ones(level: Classification, french: str) -> None:
    assert gettext(CLASSIFICATION_LABELS[level], "fr") == french


def test_the_ceiling_refusal_names_the_marking_in_the_readers_language() -> None:
    ana = Principal("ana", "FRA", frozenset({Role.ANALYST}))
    m = Marking("FRA", TLP.GREEN, classification=Classification.RESTRICTED)
    d = can_read(ana, m, date(2008, 4, 3), load_embedded_registry())
    assert not d.allowed
    assert d.translated("en") == "marked NATO RESTRICTED, above this service's ceiling"
    assert (
        d.translated("fr") == "marquée NATO DIFFUSION RESTREINTE, au-delà du plafond de ce service"
    )


def test_closed_agrees_with_an_incident_and_with_a_request() -> None:
    assert gettext(INCIDENT_STATUS_LABELS["closed"], "fr") == "clos"
    assert gettext(STATE_LABELS["closed"], "fr").startswith("clôturée")
    assert gettext(STEP_LABELS["close"], "fr") == "Clôturée"
    assert gettext(STATE_LABELS["closed"], "en").startswith("closed")


def test_desk_labels_read_as_french() -> None:
    assert gettext("Who may read it", "fr") == "Destinataires autorisés"
    assert gettext("Share the practice", "fr") == "Partager la bonne pratique"
    assert gettext("releasable to {audience}", "fr").format(audience="OTAN, CPEA") == (
        "communicable à : OTAN, CPEA"
    )
    for tlp in TLP:
        meaning = tlp.meaning("fr")
        assert meaning[0].isupper() and meaning.endswith(".")

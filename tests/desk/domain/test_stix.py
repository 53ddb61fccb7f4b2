"""STIX 2.1 validation with the OASIS library and exports with TLP 2.0 markings."""

from __future__ import annotations

import pytest
import stix2

from bucarest.core.errors import InvalidInputError
from bucarest.desk.domain.markings import TLP, Marking
from bucarest.desk.domain.stix import (
    RELEASABILITY_EXTENSION,
    TLP2_EXTENSION,
    TLP2_IDS,
    bundle,
    marking_definitions,
    validate_object,
)

IND = {
    "type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "created": "2008-04-03T09:00:00.000Z", "modified": "2008-04-03T09:00:00.000Z",
    "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
    "valid_from": "2008-04-03T09:00:00Z",
}  # fmt: skip


def test_tlp_2_0_marking_ids_are_the_oasis_ones() -> None:
    # Copied from oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0.
    assert TLP2_EXTENSION == "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
    assert TLP2_IDS == {
        "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pattern": "[ipv4-addr:value = "}, "not valid"),
        ({"spec_version": "2.0"}, "not STIX 2.1"),
        ({"id": "indicator--not-a-uuid"}, "not valid"),
        ({"valid_from": "yesterday"}, "not valid"),
    ],
)
def test_malformed_stix_gets_the_librarys_reason_on_one_line(
    change: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        validate_object({**IND, **change})
    assert "\n" not in str(info.value)


def test_a_bundle_carries_tlp_and_releasability_definitions_that_stix2_parses() -> None:
    m = Marking("FRA", TLP.AMBER, frameworks=frozenset({"nato"}))
    b = bundle([(validate_object(IND), m)])
    ind = b["objects"][0]
    assert TLP2_IDS["amber"] in ind["object_marking_refs"]
    ours = [o for o in b["objects"] if RELEASABILITY_EXTENSION in o.get("extensions", {})]
    assert ours and ours[0]["extensions"][RELEASABILITY_EXTENSION]["releasable_to_frameworks"] == [
        "nato"
    ]
    parsed = stix2.parse(b, allow_custom=True)
    assert len(parsed.objects) == len(b["objects"])
    # The same marking always exports the same definition.
    assert [d["id"] for d in marking_definitions(m)] == [d["id"] for d in marking_definitions(m)]

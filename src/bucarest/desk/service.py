"""What the desk's API, web pages and TAXII server share: the collections, creating a record
from a request body, and finding an assistance request."""

from __future__ import annotations

from typing import Any

from bucarest.core.errors import N_, NotFoundError
from bucarest.core.identity import Principal
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.domain.records import Record
from bucarest.desk.schemas import parse_marking, record_fields, request_object
from bucarest.desk.store.records import Desk

__all__ = [
    "COLLECTIONS",
    "NO_ASSISTANCE",
    "assistance_request",
    "collection_kind",
    "create_record",
]


#: The collections of the API and the kind of record each holds.
COLLECTIONS: dict[str, RecordKind] = {
    "systems": RecordKind.SYSTEM,
    "incidents": RecordKind.INCIDENT,
    "practices": RecordKind.PRACTICE,
    "contacts": RecordKind.CONTACT,
    "indicators": RecordKind.INDICATOR,
}


_NO_COLLECTION = N_("no desk collection '{name}'; expected one of {known}")


NO_ASSISTANCE = N_("no assistance request '{id}'")


def collection_kind(name: str) -> RecordKind:
    """The kind of record a collection of the API holds (404 naming the known ones)."""
    kind = COLLECTIONS.get(name)
    if kind is None:
        raise NotFoundError(_NO_COLLECTION, name=name[:60], known=", ".join(COLLECTIONS))
    return kind


def create_record(desk: Desk, p: Principal, kind: RecordKind, body: Any,
                  parent_id: str | None = None) -> Record:  # fmt: skip
    """Create a ``kind`` record from a request body (see the module text)."""
    keys = ("fields", "marking", "stix") if kind is RecordKind.INDICATOR else ("fields", "marking")
    obj = request_object(body, keys, p.organisation)
    fields = dict(record_fields(obj))
    if "stix" in obj:
        fields["stix"] = obj["stix"]
    if parent_id is not None and "marking" not in obj:
        marking = desk.get(p, parent_id).marking
    else:
        marking = parse_marking(obj.get("marking"), p.organisation)
    return desk.create(p, kind, fields, marking, parent_id=parent_id)


def assistance_request(desk: Desk, p: Principal, record_id: str) -> Record:
    """The assistance request ``record_id``, as ``p`` may read it (404 otherwise)."""
    record = desk.get(p, record_id)
    if record.kind is not RecordKind.ASSISTANCE:
        raise NotFoundError(NO_ASSISTANCE, id=record_id[:64])
    return record

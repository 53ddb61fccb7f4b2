"""What the desk's API, web pages and TAXII server share: the collections, creating a record
from a request body (an indicator from a STIX object or a typed observable), changing one
(fields, and a top-level record's marking), finding an assistance request, and the STIX
bundle of what a user may read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bucarest.core.errors import N_, InvalidInputError, NotFoundError
from bucarest.core.identity import Principal
from bucarest.desk.domain.markings import Marking
from bucarest.desk.domain.observables import indicator
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.domain.records import Record
from bucarest.desk.domain.stix import bundle, incident_object, note_object, related
from bucarest.desk.schemas import (
    parse_marking,
    parse_observable,
    record_fields,
    request_object,
)
from bucarest.desk.store.records import Desk

__all__ = [
    "COLLECTIONS",
    "NO_ASSISTANCE",
    "assistance_request",
    "collection_kind",
    "create_record",
    "incidents_bundle",
    "readable_bundle",
    "update_record",
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


NO_INCIDENT = N_("no incident '{id}'")


_BAD_VERSION = N_("'version' must be the record's version number; expected an integer such as 1")


_STIX_OR_OBSERVABLE = N_(
    "an indicator is given either as a STIX object ('stix') or as a typed observable "
    "('observable'), not both; expected one of them"
)


def collection_kind(name: str) -> RecordKind:
    """The kind of record a collection of the API holds (404 naming the known ones)."""
    kind = COLLECTIONS.get(name)
    if kind is None:
        raise NotFoundError(_NO_COLLECTION, name=name[:60], known=", ".join(COLLECTIONS))
    return kind


def create_record(desk: Desk, p: Principal, kind: RecordKind, body: Any,
                  parent_id: str | None = None) -> Record:  # fmt: skip
    """Create a ``kind`` record from a request body (see the module text)."""
    keys: tuple[str, ...] = ("fields", "marking")
    if kind is RecordKind.INDICATOR:
        keys = ("fields", "marking", "stix", "observable")
    obj = request_object(body, keys, p.organisation)
    fields = dict(record_fields(obj))
    if "stix" in obj and "observable" in obj:
        raise InvalidInputError(_STIX_OR_OBSERVABLE)
    if "stix" in obj:
        fields["stix"] = obj["stix"]
    if "observable" in obj:
        observable, value, name, description = parse_observable(obj["observable"])
        fields["stix"] = indicator(observable, value, desk.now(), name, description)
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


def update_record(desk: Desk, p: Principal, record_id: str, body: Any) -> Record:
    """Change a record from a request body ``{"fields": {...}, "version": n}``, with an
    optional ``"marking"`` for a top-level record (the API's PUT and the pages' edit forms)."""
    obj = request_object(body, ("fields", "version", "marking"), p.organisation)
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInputError(_BAD_VERSION)
    marking = parse_marking(obj["marking"], p.organisation) if "marking" in obj else None
    return desk.update(p, record_id, record_fields(obj), version, marking)


def _readable(desk: Desk, p: Principal, kind: RecordKind,
              parent_id: str | None = None) -> list[Record]:  # fmt: skip
    """Every ``kind`` record ``p`` may read (under ``parent_id`` when given), page by page
    through the one query layer that applies the sharing policy."""
    out: list[Record] = []
    cursor: str | None = None
    while True:
        page = desk.page(p, kind, limit=500, cursor=cursor, parent_id=parent_id)
        out.extend(page.records)
        if page.next is None:
            return out
        cursor = page.next


def readable_bundle(desk: Desk, p: Principal) -> dict[str, Any]:
    """A STIX 2.1 bundle of the indicators ``p`` may read (the API's export)."""
    return bundle((r.fields["stix"], r.marking) for r in _readable(desk, p, RecordKind.INDICATOR))


def incidents_bundle(desk: Desk, p: Principal, incident_id: str | None = None) -> dict[str, Any]:
    """A STIX 2.1 bundle of exactly what ``p`` may read of the incidents (or of the one
    incident ``incident_id``, else 404): each incident as a STIX ``incident``, the
    indicators ``p`` may read (all of them, or the incident's), each related to its
    incident, and the notes on them; every object with its TLP 2.0 and releasability
    markings."""
    if incident_id is None:
        incidents = _readable(desk, p, RecordKind.INCIDENT)
        indicators = _readable(desk, p, RecordKind.INDICATOR)
        notes = _readable(desk, p, RecordKind.NOTE)
    else:
        record = desk.get(p, incident_id)
        if record.kind is not RecordKind.INCIDENT:
            raise NotFoundError(NO_INCIDENT, id=incident_id[:64])
        incidents = [record]
        indicators = _readable(desk, p, RecordKind.INDICATOR, parent_id=record.id)
        notes = _readable(desk, p, RecordKind.NOTE, parent_id=record.id)
        for ind in indicators:
            notes += _readable(desk, p, RecordKind.NOTE, parent_id=ind.id)
    objects: list[tuple[Mapping[str, Any], Marking]] = []
    stix_ids: dict[str, str] = {}
    for r in incidents:
        obj = incident_object(r.id, r.fields, r.created_at, r.updated_at)
        stix_ids[r.id] = obj["id"]
        objects.append((obj, r.marking))
    for r in indicators:
        stix = r.fields["stix"]
        stix_ids[r.id] = str(stix["id"])
        objects.append((stix, r.marking))
        if r.parent_id in stix_ids:
            objects.append(
                (related(stix_ids[r.id], stix_ids[r.parent_id], r.created_at), r.marking)
            )
    for r in notes:
        if r.parent_id in stix_ids:
            note = note_object(r.id, str(r.fields.get("text", "")), r.author, r.created_at,
                               [stix_ids[r.parent_id]])  # fmt: skip
            objects.append((note, r.marking))
    return bundle(objects)

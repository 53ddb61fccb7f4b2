"""STIX 2.1: validating objects with the OASIS ``stix2`` library, and exporting bundles
that carry TLP 2.0 and our releasability marking.

Example::

    >>> ind = {"type": "indicator", "spec_version": "2.1",
    ...        "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    ...        "created": "2008-04-03T09:00:00.000Z", "modified": "2008-04-03T09:00:00.000Z",
    ...        "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
    ...        "valid_from": "2008-04-03T09:00:00Z"}
    >>> validate_object(ind)["id"]
    'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'
    >>> TLP2_IDS["amber+strict"]
    'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'

TLP 2.0 is published by OASIS as marking definitions under the extension
``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`` (cti-stix-common-objects,
``extension-definition-specifications/tlp-2.0``); the library knows only TLP 1.0, so the
five definitions are written out here with their pinned ids. Our releasability marking is
a marking definition with a property extension of our own (:data:`RELEASABILITY_EXTENSION`);
its id is derived from the marking's content, so the same marking always exports the same
definition.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import stix2
from stix2.exceptions import STIXError

from bucarest.core.errors import N_, InvalidInputError
from bucarest.desk.domain.markings import TLP, Marking

__all__ = [
    "MEDIA_STIX",
    "RELEASABILITY_EXTENSION",
    "TLP2_EXTENSION",
    "TLP2_IDS",
    "bundle",
    "check_object_tlp",
    "granular_tlps",
    "incident_object",
    "marking_definitions",
    "note_object",
    "object_tlp",
    "related",
    "stix_time",
    "strictest_tlp",
    "tlp2_definition",
    "validate_object",
]

#: The media type of a STIX 2.1 bundle (as the TAXII 2.1 server answers it).
MEDIA_STIX = "application/stix+json;version=2.1"

#: The OASIS TLP 2.0 extension definition.
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

#: The OASIS TLP 2.0 marking-definition ids (cti-stix-common-objects; pinned by a test).
TLP2_IDS = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

#: The TLP 1.0 marking definitions (STIX 2.1 section 7.2.1.4) and the OASIS TLP 2.0 ones.
_TLP_OF_REF: dict[str, TLP] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLP.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLP.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLP.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLP.RED,
    **{ref: TLP(name) for name, ref in TLP2_IDS.items()},
}

_NAMESPACE = uuid.UUID("5f1c1a0e-2008-4b0c-8a5e-b0c4a7e5d001")

#: Our property extension for releasability (a marking definition per distinct marking).
RELEASABILITY_EXTENSION = (
    f"extension-definition--{uuid.uuid5(_NAMESPACE, 'bucarest-releasability-v1')}"
)
_IDENTITY = f"identity--{uuid.uuid5(_NAMESPACE, 'bucarest')}"


def validate_object(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The object, checked by the ``stix2`` library as STIX 2.1 (custom properties and
    extensions allowed, as TAXII clients send them); :class:`InvalidInputError` carries the
    library's reason on one line."""
    if not isinstance(raw, Mapping):
        raise InvalidInputError(N_('a STIX object must be a JSON object; expected {{"type": …}}'))
    if raw.get("type") == "bundle":
        # The library parses a bundle like any object, and the objects inside it would be
        # stored unchecked (their markings included) under the bundle's id.
        raise InvalidInputError(
            N_("STIX object {id} is a bundle, which only carries other objects; expected its objects themselves, each on its own"),
            id=str(raw.get("id", "?"))[:120],
        )  # fmt: skip
    if raw.get("spec_version") != "2.1":
        raise InvalidInputError(
            N_('STIX object {id} is not STIX 2.1; expected "spec_version": "2.1"'),
            id=str(raw.get("id", "?")),
        )
    try:
        obj = stix2.parse(dict(raw), allow_custom=True, version="2.1")
    except (STIXError, ValueError, TypeError, KeyError) as exc:
        reason = " ".join(str(exc).split())[:300]
        raise InvalidInputError(
            N_("STIX object {id} is not valid: {reason}"), id=str(raw.get("id", "?")), reason=reason
        ) from None
    if isinstance(obj, Mapping):
        # A custom object type the library has no class for comes back as a plain mapping:
        # it checked nothing, so check what STIX requires of every object.
        return _custom_object(raw)
    out: dict[str, Any] = json.loads(obj.serialize())
    return out


_ID = re.compile(
    r"^[a-z][a-z0-9-]{1,248}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def _custom_object(raw: Mapping[str, Any]) -> dict[str, Any]:
    obj_id, obj_type = str(raw.get("id", "")), str(raw.get("type", ""))
    problems = []
    if not _ID.match(obj_id) or not obj_id.startswith(obj_type + "--"):
        problems.append("its id must be '<type>--<UUID>'")
    for key in ("created", "modified"):
        if key in raw and not _STAMP.match(str(raw[key])):
            problems.append(f"'{key}' must be an RFC 3339 timestamp")
    if problems:
        raise InvalidInputError(
            N_("STIX object {id} is not valid: {reason}"),
            id=obj_id or "?",
            reason="; ".join(problems),
        )
    return dict(raw)


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def object_tlp(obj: Mapping[str, Any]) -> TLP | None:
    """The most restrictive TLP label (1.0 or 2.0) in the object's ``object_marking_refs``,
    or None when it carries none."""
    refs = obj.get("object_marking_refs", [])
    labels = [_TLP_OF_REF[r] for r in refs if isinstance(r, str) and r in _TLP_OF_REF]
    return max(labels, key=lambda t: t.rank) if labels else None


def granular_tlps(obj: Mapping[str, Any]) -> list[tuple[TLP, tuple[str, ...]]]:
    """Each TLP label (1.0 or 2.0) the object's ``granular_markings`` give, with the
    selectors (the fields) it marks, in the object's order.

    Example::

        >>> granular_tlps({"granular_markings": [
        ...     {"marking_ref": TLP2_IDS["amber"], "selectors": ["description"]},
        ...     {"lang": "fr", "selectors": ["name"]}]})
        [(<TLP.AMBER: 'amber'>, ('description',))]
    """
    out: list[tuple[TLP, tuple[str, ...]]] = []
    markings = obj.get("granular_markings", [])
    for marking in markings if isinstance(markings, list) else []:
        if not isinstance(marking, Mapping):
            continue
        label = _TLP_OF_REF.get(str(marking.get("marking_ref", "")))
        selectors = marking.get("selectors", [])
        if label is not None:
            fields = selectors if isinstance(selectors, list) else []
            out.append((label, tuple(str(f) for f in fields)))
    return out


def strictest_tlp(obj: Mapping[str, Any]) -> TLP | None:
    """The most restrictive TLP label anywhere in the object's markings (on the whole
    object or on some of its fields), or None when it carries none."""
    labels = [label for label, _fields in granular_tlps(obj)]
    whole = object_tlp(obj)
    labels += [whole] if whole is not None else []
    return max(labels, key=lambda t: t.rank) if labels else None


def check_object_tlp(obj: Mapping[str, Any], tlp: TLP) -> None:
    """Refuse to store an object under a record marked ``tlp`` when the object itself says
    it, or any of its fields (``granular_markings``), is more restricted: storing it would
    share it wider than its author said. So every stored object's markings are no stricter
    than its record's, and whoever may read the record may read every field of it.

    Example::

        >>> check_object_tlp({"id": "x--1", "object_marking_refs": [TLP2_IDS["red"]]}, TLP.GREEN)
        Traceback (most recent call last):
        ...
        bucarest.core.errors.InvalidInputError: STIX object x--1 is marked TLP:RED, more restricted than this collection's TLP:GREEN; expected a collection that keeps it
    """
    label = object_tlp(obj)
    if label is not None and label.rank > tlp.rank:
        raise InvalidInputError(
            N_("STIX object {id} is marked TLP:{label}, more restricted than this collection's TLP:{tlp}; expected a collection that keeps it"),
            id=str(obj.get("id", "?")), label=label.value.upper(), tlp=tlp.value.upper(),
        )  # fmt: skip
    for label, fields in granular_tlps(obj):
        if label.rank > tlp.rank:
            raise InvalidInputError(
                N_("STIX object {id} marks {fields} TLP:{label}, more restricted than this collection's TLP:{tlp}; expected a collection that keeps them, or the object without them"),
                id=str(obj.get("id", "?")), fields=", ".join(fields)[:200] or "?",
                label=label.value.upper(), tlp=tlp.value.upper(),
            )  # fmt: skip


def tlp2_definition(tlp: TLP) -> dict[str, Any]:
    """The OASIS TLP 2.0 marking definition for ``tlp``."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[tlp.value],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{tlp.value.upper()}",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.value}
        },
    }


def _releasability(m: Marking) -> dict[str, Any]:
    body = {
        "extension_type": "property-extension",
        "classification": m.classification.value,
        "originator": m.originator,
        "originator_only": m.originator_only,
        "releasable_to_frameworks": sorted(m.frameworks),
        "releasable_to_nations": sorted(m.nations),
        "response_team": m.response_team,
    }
    key = json.dumps(body, sort_keys=True)
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": f"marking-definition--{uuid.uuid5(_NAMESPACE, key)}",
        "created": "2008-04-03T00:00:00.000Z",
        "created_by_ref": _IDENTITY,
        "name": f"Releasability: {m.originator}"
        + (
            " only"
            if m.originator_only
            else f" to {', '.join(sorted(m.frameworks | m.nations)) or '—'}"
        ),
        "extensions": {RELEASABILITY_EXTENSION: body},
    }


def marking_definitions(m: Marking) -> list[dict[str, Any]]:
    """The two marking definitions an object marked ``m`` refers to: TLP 2.0 and ours."""
    return [tlp2_definition(m.tlp), _releasability(m)]


def _extension_definition() -> dict[str, Any]:
    return {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": RELEASABILITY_EXTENSION,
        "created": "2026-11-30T00:00:00.000Z",
        "modified": "2026-11-30T00:00:00.000Z",
        "created_by_ref": _IDENTITY,
        "name": "bucarest releasability",
        "description": "Classification and releasability of a record (originator, frameworks "
        "evaluated against the Alliance registry on the date of a request, nations, "
        "originator-only, response team), enforced by the bucarest sharing desk.",
        "schema": "https://bucarest.invalid/schemas/releasability-v1.json",
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    }


def stix_time(at: datetime) -> str:
    """A UTC time as STIX writes it (milliseconds, ``Z``)."""
    stamp = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _object_id(kind: str, record_id: str) -> str:
    """A record's STIX id: its own id when it is a UUID, else one derived from it."""
    try:
        return f"{kind}--{uuid.UUID(record_id)}"
    except ValueError:
        return f"{kind}--{uuid.uuid5(_NAMESPACE, record_id)}"


def incident_object(record_id: str, fields: Mapping[str, Any], created: datetime,
                    modified: datetime) -> dict[str, Any]:  # fmt: skip
    """An incident record as a STIX 2.1 ``incident`` (its severity and status as the
    custom properties ``x_bucarest_severity`` and ``x_bucarest_status``), checked by the
    ``stix2`` library.

    Example::

        >>> t = datetime(2008, 4, 3, 9, tzinfo=UTC)
        >>> obj = incident_object("8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        ...                       {"title": "Defacement", "severity": "high", "status": "open"}, t, t)
        >>> obj["id"], obj["x_bucarest_status"]
        ('incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'open')
    """
    obj: dict[str, Any] = {
        "type": "incident",
        "spec_version": "2.1",
        "id": _object_id("incident", record_id),
        "created": stix_time(created),
        "modified": stix_time(max(created, modified)),
        "name": str(fields.get("title", "")) or record_id,
        "x_bucarest_severity": str(fields.get("severity", "")),
        "x_bucarest_status": str(fields.get("status", "")),
    }
    if fields.get("description"):
        obj["description"] = str(fields["description"])
    return validate_object(obj)


def note_object(record_id: str, text: str, author: str, created: datetime,
                refs: Iterable[str]) -> dict[str, Any]:  # fmt: skip
    """A note record as a STIX 2.1 ``note`` about the objects ``refs``."""
    obj = {
        "type": "note",
        "spec_version": "2.1",
        "id": _object_id("note", record_id),
        "created": stix_time(created),
        "modified": stix_time(created),
        "content": text,
        "authors": [author],
        "object_refs": sorted(refs),
    }
    return validate_object(obj)


def related(source: str, target: str, created: datetime) -> dict[str, Any]:
    """A ``related-to`` relationship from the STIX object ``source`` to ``target`` (its id
    derived from both, so an export gives the same one every time)."""
    obj = {
        "type": "relationship",
        "spec_version": "2.1",
        "id": f"relationship--{uuid.uuid5(_NAMESPACE, source + ' ' + target)}",
        "created": stix_time(created),
        "modified": stix_time(created),
        "relationship_type": "related-to",
        "source_ref": source,
        "target_ref": target,
    }
    return validate_object(obj)


def bundle(objects: Iterable[tuple[Mapping[str, Any], Marking]]) -> dict[str, Any]:
    """A STIX 2.1 bundle of the objects, each with ``object_marking_refs`` to its TLP 2.0
    and releasability definitions, followed by those definitions and our extension."""
    out: list[dict[str, Any]] = []
    definitions: dict[str, dict[str, Any]] = {}
    for obj, marking in objects:
        defs = marking_definitions(marking)
        refs = [d["id"] for d in defs]
        for d in defs:
            definitions[d["id"]] = d
        marked = dict(obj)
        marked["object_marking_refs"] = sorted(
            set(marked.get("object_marking_refs", [])) | set(refs)
        )
        out.append(marked)
    out.extend(definitions[k] for k in sorted(definitions))
    out.append(_extension_definition())
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": out}

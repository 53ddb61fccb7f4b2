"""What the desk holds: key systems, incidents, indicators, practices, contacts, notes.

Example::

    >>> fields = check_fields(RecordKind.INCIDENT, {"title": "Defacement of ministry site",
    ...                                              "severity": "high"})
    >>> fields["status"], fields["timeline"]
    ('open', [])

Every record is a :class:`Record`: an id, a kind, its marking, its author, its fields
(validated per kind by :func:`check_fields`; an indicator's STIX object by the ``stix2``
library) and, for a child, its parent. Assistance
requests have their own module (:mod:`bucarest.desk.domain.assistance`); indicators carry a STIX
2.1 object (:mod:`bucarest.desk.domain.stix`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.errors import N_, InvalidInputError
from bucarest.desk.domain.markings import Marking
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.domain.stix import validate_object

__all__ = ["CHILD_KINDS", "Page", "Record", "check_fields", "search_text"]

#: Which kinds may hang under which (a note on anything, an indicator in an incident).
CHILD_KINDS: dict[RecordKind, frozenset[RecordKind]] = {
    RecordKind.NOTE: frozenset(RecordKind),
    RecordKind.INDICATOR: frozenset({RecordKind.INCIDENT}),
}

Level = Literal["low", "medium", "high", "critical"]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _System(_Fields):
    name: str = Field(min_length=1, max_length=200)
    owner: str = Field(min_length=1, max_length=200)
    criticality: Level
    description: str = Field(default="", max_length=5000)


class _TimelineEntry(_Fields):
    at: datetime
    text: str = Field(min_length=1, max_length=2000)


class _Incident(_Fields):
    title: str = Field(min_length=1, max_length=300)
    severity: Level
    status: Literal["open", "contained", "resolved", "closed"] = "open"
    system: str | None = Field(default=None, max_length=64)
    description: str = Field(default="", max_length=20000)
    timeline: list[_TimelineEntry] = Field(default_factory=list, max_length=500)


class _Practice(_Fields):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=100_000)
    tags: list[str] = Field(default_factory=list, max_length=20)


class _Contact(_Fields):
    authority: str = Field(min_length=1, max_length=300)
    name: str = Field(min_length=1, max_length=200)
    function: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+$")
    phone: str = Field(default="", max_length=50)


class _Note(_Fields):
    text: str = Field(min_length=1, max_length=20000)


class _Indicator(_Fields):
    stix: dict[str, Any]


_MODELS: dict[RecordKind, type[_Fields]] = {
    RecordKind.SYSTEM: _System,
    RecordKind.INCIDENT: _Incident,
    RecordKind.PRACTICE: _Practice,
    RecordKind.CONTACT: _Contact,
    RecordKind.NOTE: _Note,
    RecordKind.INDICATOR: _Indicator,
}


def check_fields(kind: RecordKind, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a ``kind`` record, validated and with defaults, as JSON-ready values;
    :class:`InvalidInputError` names the first bad field."""
    model = _MODELS.get(kind)
    if model is None:
        raise InvalidInputError(N_("records of kind '{kind}' are written through their own workflow"),
                                kind=kind.value)  # fmt: skip
    try:
        fields = model.model_validate(dict(raw)).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or kind.value
        raise InvalidInputError(
            N_("field {field} of a {kind} record: {problem}"), field=where, kind=kind.value,
            problem=first["msg"],
        ) from None  # fmt: skip
    if kind is RecordKind.INDICATOR:
        fields["stix"] = validate_object(fields["stix"])
    return fields


def search_text(kind: RecordKind, fields: Mapping[str, Any]) -> str:
    """Lower-cased text a search matches against (titles, names and bodies)."""
    keys = ("title", "name", "owner", "body", "description", "text", "authority", "tags")
    parts: list[str] = []
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(v) for v in value)
    if kind is RecordKind.INDICATOR:
        stix = fields.get("stix", {})
        parts.extend(str(stix.get(k, "")) for k in ("name", "pattern", "description"))
    return " ".join(parts).lower()


@dataclass(frozen=True)
class Record:
    """One stored record as the domain sees it (times UTC). ``owner`` is the organisation
    that may change it, its author's (see :class:`bucarest.desk.tables.DeskRecordTable`);
    empty means the marking's originator."""

    id: str
    kind: RecordKind
    marking: Marking
    author: str
    fields: Mapping[str, Any]
    created_at: datetime
    updated_at: datetime
    version: int = 1
    parent_id: str | None = None
    owner: str = ""

    @property
    def owned_by(self) -> str:
        """The organisation that may change the record."""
        return self.owner or self.marking.originator


@dataclass(frozen=True)
class Page:
    """A page of readable records and the cursor of the next one (None: no more)."""

    records: tuple[Record, ...]
    next: str | None

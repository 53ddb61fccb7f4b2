"""How the desk's values are stored: sets between commas, times in UTC, and rows back to
domain values (markings, records, principals).

Example::

    >>> csv_set({"nato", "eapc"}), sorted(csv_values(",eapc,nato,"))
    (',eapc,nato,', ['eapc', 'nato'])
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bucarest.desk.domain.markings import (
    TLP,
    Classification,
    Marking,
    Principal,
    Role,
)
from bucarest.desk.domain.policy import (
    RecordKind,
)
from bucarest.desk.domain.records import Record
from bucarest.desk.tables import (
    DeskRecordTable,
)

__all__ = [
    "RECORD_COLUMNS",
    "as_utc",
    "csv_set",
    "csv_values",
    "decision_key",
    "marking_of",
    "principal_of",
    "record_of",
    "utc_now",
]


def utc_now() -> datetime:
    """Now, in UTC (the desk's default clock)."""
    return datetime.now(UTC)


def csv_set(values: Iterable[str]) -> str:
    """Values stored between commas (``,nato,eapc,``) so that one LIKE finds a member."""
    items = sorted(set(values))
    return "," + ",".join(items) + "," if items else ""


def csv_values(text: str) -> frozenset[str]:
    """The values of a set stored between commas."""
    return frozenset(x for x in text.split(",") if x)


def as_utc(at: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives it back naive)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


#: Every column of a record, selected as a plain row (same attribute names as the ORM class).
RECORD_COLUMNS = tuple(DeskRecordTable.__table__.columns)


#: What the policy reads of a row: its marking columns and its author (one C call per row,
#: which matters on pages of hundreds of rows).
decision_key = operator.attrgetter(
    "originator", "tlp", "classification", "frameworks", "nations", "originator_only",
    "recipients", "response_team", "author",
)  # fmt: skip


def marking_of(row: Any) -> Marking:
    """The marking of a record row (mapped, or plain with the same column names)."""
    return Marking(
        originator=row.originator,
        tlp=TLP(row.tlp),
        classification=Classification(row.classification),
        frameworks=csv_values(row.frameworks),
        nations=csv_values(row.nations),
        originator_only=row.originator_only,
        recipients=csv_values(row.recipients),
        response_team=row.response_team,
    )


def record_of(row: Any) -> Record:
    """The record of a row (mapped, or plain with the same column names)."""
    return Record(row.id, RecordKind(row.kind), marking_of(row), row.author, row.fields,
                  as_utc(row.created_at), as_utc(row.updated_at), row.version, row.parent_id)  # fmt: skip


def principal_of(row: Any) -> Principal:
    """The principal of a user row (mapped, or plain with the same column names)."""
    return Principal(
        row.username, row.organisation, frozenset(Role(r) for r in csv_values(row.roles))
    )

"""Desk rows back to domain values: markings and records (sets are stored between commas and
times in UTC, by the platform's conventions in :mod:`bucarest.platform.database`)."""

from __future__ import annotations

import operator
from typing import Any

from bucarest.desk.domain.markings import TLP, Classification, Marking
from bucarest.desk.domain.policy import (
    RecordKind,
)
from bucarest.desk.domain.records import Record
from bucarest.desk.tables import (
    DeskRecordTable,
)
from bucarest.platform.database import csv_values

__all__ = [
    "RECORD_COLUMNS",
    "decision_key",
    "marking_of",
    "record_of",
]


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
                  row.created_at, row.updated_at, row.version, row.parent_id, row.owner)  # fmt: skip

"""The desk's JSON answers: a marking, a record and a page of records as the API returns them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bucarest.desk.domain.assistance import acknowledgement_overdue
from bucarest.desk.domain.markings import (
    Marking,
)
from bucarest.desk.domain.policy import RecordKind
from bucarest.desk.domain.records import Page, Record

__all__ = ["marking_json", "page_json", "record_json"]


def marking_json(m: Marking) -> dict[str, Any]:
    """A marking as the API shows it."""
    return {
        "originator": m.originator,
        "tlp": m.tlp.value,
        "classification": m.classification.value,
        "frameworks": sorted(m.frameworks),
        "nations": sorted(m.nations),
        "originator_only": m.originator_only,
        "recipients": sorted(m.recipients),
        "response_team": m.response_team,
    }


def record_json(r: Record, now: datetime) -> dict[str, Any]:
    """A record as the API shows it; an assistance request also says whether its
    acknowledgement is overdue at ``now``."""
    out: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind.value,
        "parent_id": r.parent_id,
        "author": r.author,
        "owner": r.owned_by,
        "version": r.version,
        "created_at": r.created_at.isoformat(timespec="seconds"),
        "updated_at": r.updated_at.isoformat(timespec="seconds"),
        "marking": marking_json(r.marking),
        "fields": dict(r.fields),
    }
    if r.kind is RecordKind.ASSISTANCE:
        out["overdue"] = acknowledgement_overdue(r.fields, now)
    return out


def page_json(page: Page, now: datetime) -> dict[str, Any]:
    """A page of records and the cursor of the next one."""
    return {"items": [record_json(r, now) for r in page.records], "next": page.next}

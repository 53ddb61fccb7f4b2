"""View models of the desk pages: markings, records and workflow steps arranged for the
templates in the page's language, and the desk's page shell."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from bucarest.core.countries import country_name
from bucarest.core.errors import (
    N_,
    BucarestError,
    PermissionDeniedError,
)
from bucarest.core.i18n import gettext
from bucarest.core.identity import NATO_BODIES, ROLE_LABELS, Principal
from bucarest.desk.domain.assistance import (
    acknowledgement_overdue,
    request_marking,
)
from bucarest.desk.domain.markings import TLP, Classification, Marking
from bucarest.desk.domain.policy import Action, Decision, RecordKind, can_write
from bucarest.desk.domain.records import Record
from bucarest.desk.labels import (
    BODY_NAMES,
    CLASSIFICATION_LABELS,
    INCIDENT_STATUS_LABELS,
    OBSERVABLE_LABELS,
    SEVERITY_LABELS,
    STATE_LABELS,
    STEP_LABELS,
)
from bucarest.desk.store.records import Desk
from bucarest.desk.web.forms import MarkingForm
from bucarest.desk.web.sessions import Visitor
from bucarest.platform.pages import render
from bucarest.registry.domain.model import Registry

__all__ = [
    "PAGE_SIZE",
    "assistance_view",
    "incident_rows",
    "indicator_view",
    "label_of",
    "marking_choices",
    "marking_view",
    "may_add_under",
    "may_create",
    "may_update",
    "next_url",
    "note_view",
    "observable_choices",
    "organisation_name",
    "refuse_creation",
    "render_desk",
    "stamp",
]


#: Records per page of a list.
PAGE_SIZE = 50


_ONLY = N_("{originator} only")


_RELEASABLE = N_("releasable to {audience}")


_AND_TEAM = N_("{release}, and NATO's response team")


def organisation_name(code: str, lang: str) -> str:
    """A nation's name or a NATO body's, in ``lang``."""
    if code in NATO_BODIES:
        return gettext(BODY_NAMES[code], lang)
    try:
        return country_name(code, None, lang)
    except BucarestError:
        return code


def marking_view(m: Marking, reg: Registry, lang: str) -> dict[str, Any]:
    """How a page shows a marking: the TLP label and meaning, the releasability in words."""
    shorts = {f.id: f.short(lang) for f in reg.frameworks}
    audience = [shorts.get(f, f) for f in sorted(m.frameworks)] + sorted(m.nations)
    if m.originator_only or not audience:
        release = gettext(_ONLY, lang).format(originator=m.originator)
    else:
        release = gettext(_RELEASABLE, lang).format(audience=", ".join(audience))
    if m.response_team:
        release = gettext(_AND_TEAM, lang).format(release=release)
    return {
        "tlp": m.tlp.value,
        "tlp_label": f"TLP:{m.tlp.value.upper()}",
        "meaning": m.tlp.meaning(lang),
        "classification": gettext(CLASSIFICATION_LABELS[m.classification], lang),
        "release": release,
        "originator": m.originator,
        "originator_name": organisation_name(m.originator, lang),
    }


def stamp(r: Record) -> dict[str, str]:
    return {
        "iso": r.created_at.isoformat(timespec="seconds"),
        "text": r.created_at.strftime("%Y-%m-%d %H:%M") + " UTC",
    }


def label_of(labels: dict[str, str], value: Any, lang: str) -> str:
    key = str(value)
    return gettext(labels[key], lang) if key in labels else key


def _creation(desk: Desk, p: Principal, kind: RecordKind) -> Decision:
    if kind is RecordKind.ASSISTANCE:
        marking = request_marking(p.organisation)
    else:
        marking = Marking(originator=p.organisation, tlp=TLP.GREEN)
    return can_write(p, Action.CREATE, kind, marking, desk.today(), desk.reg, ceiling=desk.ceiling)


def may_create(desk: Desk, p: Principal, kind: RecordKind) -> bool:
    """Whether the policy lets ``p`` create a ``kind`` record at all (for showing forms)."""
    return _creation(desk, p, kind).allowed


def refuse_creation(desk: Desk, p: Principal, kind: RecordKind) -> None:
    """:class:`PermissionDeniedError` (403, the policy's reason) when ``p`` may not create a
    ``kind`` record at all: a page never offers a form its visitor cannot submit."""
    d = _creation(desk, p, kind)
    if not d.allowed:
        raise PermissionDeniedError(d.template, **d.params)


def may_update(desk: Desk, p: Principal, record: Record) -> bool:
    """Whether the policy lets ``p`` change ``record`` (as :meth:`Desk.update` decides)."""
    d = can_write(p, Action.UPDATE, record.kind, record.marking, desk.today(), desk.reg,
                  owner=record.owner, ceiling=desk.ceiling)  # fmt: skip
    return d.allowed


def observable_choices(lang: str, selected: str) -> list[dict[str, Any]]:
    """The observable types a typed indicator form offers, in ``lang``."""
    return [
        {"value": t.value, "label": gettext(label, lang), "selected": t.value == selected}
        for t, label in OBSERVABLE_LABELS.items()
    ]


def may_add_under(desk: Desk, p: Principal, kind: RecordKind, parent: Record) -> bool:
    d = can_write(p, Action.CREATE, kind, parent.marking, desk.today(), desk.reg,
                  parent=parent.marking, ceiling=desk.ceiling)  # fmt: skip
    return d.allowed


def next_url(path: str, cursor: str | None, **params: str) -> str | None:
    if cursor is None:
        return None
    query = {k: v for k, v in params.items() if v}
    query["next"] = cursor
    return path + "?" + urlencode(query)


def marking_choices(reg: Registry, lang: str, form: MarkingForm) -> dict[str, Any]:
    """What the marking fieldset offers: TLP labels with their meaning, the classifications
    up to the ceiling, and the registry's frameworks."""
    return {
        "tlps": [
            {"value": t.value, "label": f"TLP:{t.value.upper()}", "meaning": t.meaning(lang),
             "selected": t.value == form.tlp}
            for t in TLP
        ],
        "classifications": [
            {"value": c.value, "label": gettext(CLASSIFICATION_LABELS[c], lang),
             "selected": c.value == form.classification}
            for c in (Classification.PUBLIC, Classification.UNCLASSIFIED)
        ],
        "frameworks": [
            {"id": f.id, "label": f.short(lang), "title": f.name(lang),
             "checked": f.id in form.frameworks}
            for f in reg.frameworks
        ],
    }  # fmt: skip


def render_desk(request: Request, lang: str, v: Visitor, template: str, section: str,
            status_code: int = 200, **context: Any) -> HTMLResponse:  # fmt: skip
    p = v.principal
    context.setdefault("error", None)
    return render(
        request,
        template,
        lang,
        active="desk",
        status_code=status_code,
        me={
            "username": p.username,
            "organisation": p.organisation,
            "organisation_name": organisation_name(p.organisation, lang),
            "roles": ", ".join(gettext(ROLE_LABELS[r], lang) for r in sorted(p.roles)),
        },
        csrf=v.csrf,
        section=section,
        **context,
    )


def incident_rows(desk: Desk, records: tuple[Record, ...], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "title": r.fields.get("title", ""),
            "severity": r.fields.get("severity", ""),
            "severity_label": label_of(SEVERITY_LABELS, r.fields.get("severity"), lang),
            "status_label": label_of(INCIDENT_STATUS_LABELS, r.fields.get("status"), lang),
            "marking": marking_view(r.marking, desk.reg, lang),
            "created": stamp(r),
        }
        for r in records
    ]


def assistance_view(desk: Desk, r: Record, lang: str) -> dict[str, Any]:
    f = r.fields
    return {
        "id": r.id,
        "title": f.get("title", ""),
        "system": f.get("system", ""),
        "description": f.get("description", ""),
        "state": f.get("state", ""),
        "state_label": label_of(STATE_LABELS, f.get("state"), lang),
        "overdue": acknowledgement_overdue(f, desk.now()),
        "team": ", ".join(f.get("team", [])),
        "lessons": f.get("lessons", ""),
        "steps": [
            {"label": label_of(STEP_LABELS, s.get("step"), lang), "at": s.get("at", ""),
             "by": s.get("by", ""), "detail": s.get("detail", "")}
            for s in f.get("steps", [])
        ],
        "marking": marking_view(r.marking, desk.reg, lang),
        "requester": organisation_name(r.marking.originator, lang),
        "created": stamp(r),
    }  # fmt: skip


def indicator_view(r: Record) -> dict[str, Any]:
    stix = r.fields.get("stix", {})
    return {
        "id": r.id,
        "stix_id": stix.get("id", ""),
        "type": stix.get("type", ""),
        "name": stix.get("name", ""),
        "pattern": stix.get("pattern", ""),
        "author": r.author,
        "created": stamp(r),
    }


def note_view(r: Record) -> dict[str, Any]:
    return {"id": r.id, "text": r.fields.get("text", ""), "author": r.author, "created": stamp(r)}

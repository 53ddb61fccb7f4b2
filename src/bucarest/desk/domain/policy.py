"""The read and write policy: one pure function each, deny by default, all-of semantics.

Example::

    >>> from datetime import date
    >>> from bucarest.registry.data import load_embedded_registry
    >>> reg = load_embedded_registry()
    >>> alb = Principal("arta", "ALB", frozenset({Role.ANALYST}))
    >>> nato_green = Marking(originator="FRA", tlp=TLP.GREEN, frameworks=frozenset({"nato"}))
    >>> can_read(alb, nato_green, date(2009, 3, 31), reg).allowed
    False
    >>> can_read(alb, nato_green, date(2009, 4, 1), reg).allowed      # Albania joined
    True

A reader passes every dimension or reads nothing (:func:`can_read`); the first failing
dimension is the reason given (for the audit log and the ``sharing can-read`` command,
never to the reader: a denied record looks like a missing one). Writers (:func:`can_write`)
need a role that allows the action, and a marking they could read themselves whose
originator is their own organisation; a child record is checked against its parent too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.identity import NATO_BODIES, Principal, Role
from bucarest.desk.domain.markings import CLASSIFICATION_NAMES, TLP, Classification, Marking
from bucarest.registry.domain.model import FrameworkKind, Registry
from bucarest.registry.domain.queries import members_on

__all__ = [
    "NEED_TO_KNOW",
    "Action",
    "Decision",
    "RecordKind",
    "can_read",
    "can_read_child",
    "can_write",
    "check_marking",
    "member_of",
]

#: Roles with a need to know, which TLP:AMBER and AMBER+STRICT require.
NEED_TO_KNOW = frozenset({Role.ANALYST, Role.POINT_OF_CONTACT, Role.RESPONDER})


class RecordKind(StrEnum):
    """What the desk stores."""

    SYSTEM = "system"
    INCIDENT = "incident"
    INDICATOR = "indicator"
    PRACTICE = "practice"
    CONTACT = "contact"
    ASSISTANCE = "assistance"
    NOTE = "note"


class Action(StrEnum):
    """What a writer wants to do."""

    CREATE = "create"
    UPDATE = "update"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    DEPLOY = "deploy"
    CLOSE = "close"


#: Who may create each kind (and update what their organisation owns).
_CREATORS: dict[RecordKind, frozenset[Role]] = {
    RecordKind.SYSTEM: frozenset({Role.ANALYST, Role.POINT_OF_CONTACT}),
    RecordKind.INCIDENT: frozenset({Role.ANALYST, Role.POINT_OF_CONTACT, Role.RESPONDER}),
    RecordKind.INDICATOR: frozenset({Role.ANALYST, Role.POINT_OF_CONTACT, Role.RESPONDER}),
    RecordKind.PRACTICE: frozenset({Role.ANALYST, Role.POINT_OF_CONTACT, Role.RESPONDER}),
    RecordKind.CONTACT: frozenset({Role.POINT_OF_CONTACT, Role.ADMINISTRATOR}),
    RecordKind.ASSISTANCE: frozenset({Role.POINT_OF_CONTACT}),
    RecordKind.NOTE: frozenset({Role.ANALYST, Role.POINT_OF_CONTACT, Role.RESPONDER}),
}

#: Workflow steps only the response team takes.
_TEAM_STEPS = frozenset({Action.ACKNOWLEDGE, Action.ASSIGN, Action.DEPLOY, Action.CLOSE})


@dataclass(frozen=True)
class Decision:
    """Allowed or not, with a catalogued reason (``template`` and ``params``)."""

    allowed: bool
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.template.format(**self.params)

    def translated(self, lang: str) -> str:
        from bucarest.core.i18n import gettext

        # Parameters that are catalogue messages (a classification's marking) are
        # translated too; codes, user names and dates pass through.
        params = {k: gettext(v, lang) if isinstance(v, str) else v for k, v in self.params.items()}
        return gettext(self.template, lang).format(**params)


def _deny(template: str, **params: Any) -> Decision:
    return Decision(False, template, params)


def _members(reg: Registry, framework: str, on: date) -> frozenset[str]:
    return frozenset(m.country for m in members_on(reg, framework, on))


def member_of(reg: Registry, organisation: str, framework: str, on: date) -> bool:
    """Whether ``organisation`` counts as part of ``framework`` on ``on`` for releasability.

    NATO bodies belong to ``nato``. A record released to a partnership (``eapc``, ``md``,
    ``ici`` …) is released to the Alliance with its partners, as the Council's own
    "releasable to EAPC" papers are, so the Allies of that day count as members too.
    """
    allied = organisation in NATO_BODIES or any(
        m.country == organisation for m in members_on(reg, "nato", on)
    )
    if framework == "nato":
        return allied
    if organisation in NATO_BODIES:
        return reg.framework(framework).kind is FrameworkKind.PARTNERSHIP
    if organisation in _members(reg, framework, on):
        return True
    return allied and reg.framework(framework).kind is FrameworkKind.PARTNERSHIP


def _releasable(p: Principal, m: Marking, on: date, reg: Registry) -> Decision | None:
    if p.organisation == m.originator:
        return None
    if m.response_team and p.has(Role.RESPONDER) and p.is_nato_body:
        return None
    if m.originator_only:
        return _deny(N_("releasable to its originator {originator} only"), originator=m.originator)
    if p.organisation in m.nations:
        return None
    for fw in sorted(m.frameworks):
        if member_of(reg, p.organisation, fw, on):
            return None
    return _deny(
        N_("not releasable to {organisation} on {day}"),
        organisation=p.organisation,
        day=on.isoformat(),
    )


def _tlp(p: Principal, m: Marking, author: str | None) -> Decision | None:
    if m.tlp in (TLP.CLEAR, TLP.GREEN):
        return None
    if not p.has(*NEED_TO_KNOW):
        return _deny(N_("TLP:{tlp} needs a need to know (analyst, point of contact or responder)"),
                     tlp=m.tlp.value.upper())  # fmt: skip
    if m.tlp is TLP.RED:
        if p.username in m.recipients or p.username == author:
            return None
        return _deny(N_("TLP:RED and {user} is not a named recipient"), user=p.username)
    if m.tlp is TLP.AMBER_STRICT and p.organisation != m.originator:
        if not (m.response_team and p.has(Role.RESPONDER) and p.is_nato_body):
            return _deny(
                N_("TLP:AMBER+STRICT keeps it inside {originator}"), originator=m.originator
            )
    return None


def can_read(
    p: Principal, m: Marking, on: date, reg: Registry, author: str | None = None,
    ceiling: Classification = Classification.UNCLASSIFIED,
) -> Decision:  # fmt: skip
    """May ``p`` read a record marked ``m`` on ``on``? ``author`` is the record's author's
    user name (an author always passes TLP:RED on their own record)."""
    if not p.roles:
        return _deny(N_("{user} holds no role"), user=p.username)
    if m.classification.rank > ceiling.rank:
        return _deny(
            N_("marked {level}, above this service's ceiling"),
            level=CLASSIFICATION_NAMES[m.classification],
        )
    for check in (_releasable(p, m, on, reg), _tlp(p, m, author)):
        if check is not None:
            return check
    return Decision(True, N_("releasable to {organisation} on {day}"),
                    {"organisation": p.organisation, "day": on.isoformat()})  # fmt: skip


def can_read_child(
    p: Principal, chain: Iterable[tuple[Marking, str | None]], on: date, reg: Registry,
    ceiling: Classification = Classification.UNCLASSIFIED,
) -> Decision:  # fmt: skip
    """A record inside others (an indicator in an incident, a note on a request) is read
    only when it and every ancestor pass: ``chain`` lists (marking, author) from the root."""
    last = _deny(N_("nothing to read"))
    for marking, author in chain:
        last = can_read(p, marking, on, reg, author, ceiling)
        if not last.allowed:
            return last
    return last


def check_marking(
    m: Marking, reg: Registry, ceiling: Classification = Classification.UNCLASSIFIED
) -> None:
    """Refuse a marking that names an unknown framework or holds more than the ceiling."""
    if m.classification.rank > ceiling.rank:
        raise InvalidInputError(
            N_(
                "classification '{level}' is above this service's ceiling '{ceiling}'; expected at most {ceiling}"
            ),
            level=m.classification.value,
            ceiling=ceiling.value,
        )
    known = {f.id for f in reg.frameworks}
    for fw in sorted(m.frameworks):
        if fw not in known:
            raise InvalidInputError(
                N_("unknown framework '{framework}' in a marking; expected one of {known}"),
                framework=fw,
                known=", ".join(sorted(known)),
            )
    if m.tlp is TLP.RED and not m.recipients:
        raise InvalidInputError(
            N_("a TLP:RED marking needs named recipients; expected at least one user name")
        )
    if m.originator_only and (m.frameworks or m.nations):
        raise InvalidInputError(
            N_(
                "an originator-only marking cannot also be releasable to frameworks or nations; expected one or the other"
            )
        )


def can_write(
    p: Principal, action: Action, kind: RecordKind, m: Marking, on: date, reg: Registry,
    owner: str | None = None, parent: Marking | None = None,
    ceiling: Classification = Classification.UNCLASSIFIED,
) -> Decision:  # fmt: skip
    """May ``p`` take ``action`` on a record of ``kind`` marked ``m``?

    ``owner`` is the organisation owning an existing record (updates and workflow steps);
    ``parent`` the marking of the record a child hangs under. Creation needs a creating role,
    a marking whose originator is the writer's organisation (a child takes its parent's) and
    which the writer could read; workflow steps are the response team's.
    """
    if action in _TEAM_STEPS:
        if kind is not RecordKind.ASSISTANCE:
            return _deny(N_("{action} applies to assistance requests only"), action=action.value)
        if not (p.has(Role.RESPONDER) and p.is_nato_body):
            return _deny(N_("{action} is a step for NATO's response team"), action=action.value)
        return can_read(p, m, on, reg, ceiling=ceiling)
    allowed = _CREATORS[kind]
    if not p.has(*allowed):
        return _deny(N_("{user} may not write a {kind} record; it needs one of the roles {roles}"),
                     user=p.username, kind=kind.value,
                     roles=", ".join(sorted(r.value for r in allowed)))  # fmt: skip
    if kind is RecordKind.ASSISTANCE and p.is_nato_body:
        return _deny(
            N_("assistance is requested by a nation's point of contact, not by a NATO body")
        )
    if parent is not None:
        if not m.narrows(parent):
            return _deny(N_("a child record cannot be less restricted than its parent"))
        parent_read = can_read(p, parent, on, reg, ceiling=ceiling)
        if not parent_read.allowed:
            return parent_read
    elif action is Action.CREATE and m.originator != p.organisation:
        return _deny(N_("a record's originator is its author's organisation {organisation}, not {originator}"),
                     organisation=p.organisation, originator=m.originator)  # fmt: skip
    if action is Action.UPDATE and owner is not None and owner != p.organisation:
        return _deny(N_("only {owner} may change its own records"), owner=owner)
    return can_read(p, m, on, reg, p.username, ceiling)

"""The TAXII collections: one per sharing community, defined here as data.

Example::

    >>> from datetime import date
    >>> from bucarest.registry.data import load_embedded_registry
    >>> from bucarest.core.identity import Role
    >>> reg = load_embedded_registry()
    >>> aut = Principal("anna", "AUT", frozenset({Role.ANALYST}))
    >>> [c.alias for c in COLLECTIONS if access(aut, c, date(2026, 1, 1), reg).can_read]
    ['eapc']
    >>> nato = by_id("6d35bb5f-bd24-43db-a01a-e32ae057bf33")
    >>> nato.marking("DEU").frameworks == frozenset({"nato"})
    True

A collection is a marking: every object added to it is stored as an indicator record with
the collection's TLP and releasability, and with the poster's own organisation as its
originator. Which collections a principal sees, and whether it may read or write them, is
decided by the sharing policy for that marking on the day of the request, as if the
objects had been shared by someone else: releasability by framework membership on that
day, and TLP's need to know. Writing also needs a role that may create indicators. A
collection a principal may neither read nor write is not listed and answers 404.

The partnership collections (``eapc``, ``md``, ``ici``) reach the Allies too: the policy
counts the Allies of the day as members of every partnership
(:func:`bucarest.desk.domain.policy.member_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bucarest.core.errors import N_
from bucarest.core.identity import Principal
from bucarest.desk.domain.markings import TLP, Classification, Marking
from bucarest.desk.domain.policy import Action, RecordKind, can_read, can_write
from bucarest.registry.domain.model import Registry

__all__ = ["COLLECTIONS", "Access", "Community", "access", "by_id"]

#: An originator no principal belongs to: a collection is judged as someone else's sharing.
_SOMEONE_ELSE = "*"


@dataclass(frozen=True)
class Community:
    """A TAXII collection: a fixed id, an alias, a title and description (catalogued
    English), and the marking its objects get (frameworks, TLP)."""

    id: str
    alias: str
    title: str
    description: str
    frameworks: frozenset[str]
    tlp: TLP

    def marking(self, originator: str) -> Marking:
        """The marking of an object added by ``originator`` (the poster's organisation)."""
        return Marking(
            originator=originator,
            tlp=self.tlp,
            classification=Classification.UNCLASSIFIED,
            frameworks=self.frameworks,
        )


COLLECTIONS: tuple[Community, ...] = (
    Community(
        "6d35bb5f-bd24-43db-a01a-e32ae057bf33",
        "nato",
        N_("NATO (TLP:GREEN)"),
        N_("Indicators releasable to the Allies on the day of the request, TLP:GREEN."),
        frozenset({"nato"}),
        TLP.GREEN,
    ),
    Community(
        "edfeca01-9a78-4e82-bf9e-396fd20c51d8",
        "nato-amber",
        N_("NATO (TLP:AMBER)"),
        N_(
            "Indicators releasable to the Allies, TLP:AMBER: analysts, points of contact and responders only."
        ),
        frozenset({"nato"}),
        TLP.AMBER,
    ),
    Community(
        "3f37e41f-fa74-4ef9-b7fc-2131cc71b011",
        "eapc",
        N_("Euro-Atlantic Partnership Council (TLP:GREEN)"),
        N_("Indicators releasable to the EAPC partners and to the Allies, TLP:GREEN."),
        frozenset({"eapc"}),
        TLP.GREEN,
    ),
    Community(
        "0e5d5835-e135-443a-b6f1-2e66ce02a73b",
        "md",
        N_("Mediterranean Dialogue (TLP:GREEN)"),
        N_(
            "Indicators releasable to the Mediterranean Dialogue partners and to the Allies, TLP:GREEN."
        ),
        frozenset({"md"}),
        TLP.GREEN,
    ),
    Community(
        "35e16cb3-cab1-4764-8d41-35e827f2854d",
        "ici",
        N_("Istanbul Cooperation Initiative (TLP:GREEN)"),
        N_(
            "Indicators releasable to the Istanbul Cooperation Initiative partners and to the Allies, TLP:GREEN."
        ),
        frozenset({"ici"}),
        TLP.GREEN,
    ),
)

_BY_ID = {c.id: c for c in COLLECTIONS}


def by_id(collection_id: str) -> Community | None:
    """The collection with this id, if there is one (visible or not)."""
    return _BY_ID.get(collection_id)


@dataclass(frozen=True)
class Access:
    """What one principal may do with one collection on one day, and why (the read
    decision's reason, for the audit log)."""

    can_read: bool
    can_write: bool
    reason: str

    @property
    def visible(self) -> bool:
        return self.can_read or self.can_write


def access(
    p: Principal, c: Community, on: date, reg: Registry,
    ceiling: Classification = Classification.UNCLASSIFIED,
) -> Access:  # fmt: skip
    """``can_read``: ``p`` may read what another organisation shares in ``c`` on ``on``;
    ``can_write``: ``p`` may also create indicators marked as ``c`` marks them."""
    read = can_read(p, c.marking(_SOMEONE_ELSE), on, reg, ceiling=ceiling)
    write = read.allowed and can_write(
        p, Action.CREATE, RecordKind.INDICATOR, c.marking(p.organisation), on, reg,
        ceiling=ceiling,
    ).allowed  # fmt: skip
    return Access(read.allowed, write, read.reason)

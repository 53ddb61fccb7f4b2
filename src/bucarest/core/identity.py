"""Who is asking: a principal (user name, organisation, roles) and the roles of the platform.

Roles add abilities and none bypasses a record's marking. The cyber-defence desk reads
reader to administrator; the registry and the ledger accept writes from their editors
(and administrators) only.

Example::

    >>> p = Principal("ana", "FRA", frozenset({Role.ANALYST}))
    >>> p.has(Role.ANALYST, Role.ADMINISTRATOR), p.is_nato_body
    (True, False)
    >>> check_organisation("ncirc")
    'NCIRC'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bucarest.core.countries import is_country_code
from bucarest.core.errors import N_, InvalidInputError

__all__ = ["NATO_BODIES", "ROLE_LABELS", "Principal", "Role", "check_organisation"]


#: NATO bodies that hold accounts: the staff (``NATO``) and the NATO Computer Incident
#: Response Capability (``NCIRC``), the team that answers assistance requests.
NATO_BODIES = frozenset({"NATO", "NCIRC"})


class Role(StrEnum):
    """What a principal may do. Roles add abilities; none bypasses a marking."""

    READER = "reader"
    ANALYST = "analyst"
    POINT_OF_CONTACT = "national-poc"
    RESPONDER = "responder"
    ADMINISTRATOR = "administrator"
    #: May add and correct registry facts (memberships, accession events).
    REGISTRY_EDITOR = "registry-editor"
    #: May record commitment status changes and compliance assessments.
    LEDGER_EDITOR = "ledger-editor"
    #: May read the audit log (as far as the markings of the records it names allow).
    AUDITOR = "auditor"


def check_organisation(code: str) -> str:
    """The organisation code upper-cased, or :class:`InvalidInputError` for anything that is
    neither an ISO alpha-3 country code nor a NATO body."""
    key = code.strip().upper()
    if key in NATO_BODIES or is_country_code(key):
        return key
    raise InvalidInputError(
        N_(
            "unknown organisation '{code}'; expected an ISO 3166-1 alpha-3 code such as 'FRA' or a NATO body ({bodies})"
        ),
        code=code,
        bodies=", ".join(sorted(NATO_BODIES)),
    )


@dataclass(frozen=True)
class Principal:
    """Someone asking: a user name, the organisation they belong to, and their roles."""

    username: str
    organisation: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def is_nato_body(self) -> bool:
        return self.organisation in NATO_BODIES

    def has(self, *roles: Role) -> bool:
        """Whether the principal holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)


#: Each role's name for people, marked for the catalogues.
ROLE_LABELS = {
    Role.READER: N_("reader"),
    Role.ANALYST: N_("analyst"),
    Role.POINT_OF_CONTACT: N_("national point of contact"),
    Role.RESPONDER: N_("responder"),
    Role.ADMINISTRATOR: N_("administrator"),
    Role.REGISTRY_EDITOR: N_("registry editor"),
    Role.LEDGER_EDITOR: N_("ledger editor"),
    Role.AUDITOR: N_("auditor"),
}

"""Human labels of the registry's enumerations, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(STAGE_LABELS[Stage.PROTOCOL_SIGNED], "fr")
    "Protocole d'accession signé"
"""

from __future__ import annotations

import functools
from datetime import date

from bucarest.core.countries import country_name
from bucarest.core.errors import N_, BucarestError
from bucarest.core.geo import country_codes_with_geometry
from bucarest.registry.domain.model import (
    EndCause,
    FrameworkEventKind,
    FrameworkState,
    Stage,
    Status,
)
from bucarest.registry.domain.queries import Capacity, ChangeKind
from bucarest.registry.domain.standing import Standing

__all__ = [
    "CAPACITY_LABELS",
    "CAUSE_LABELS",
    "CHANGE_LABELS",
    "FRAMEWORK_EVENT_LABELS",
    "FRAMEWORK_STATE_LABELS",
    "STAGE_LABELS",
    "STANDING_LABELS",
    "STATUS_LABELS",
    "map_names",
]

STAGE_LABELS: dict[Stage, str] = {
    Stage.INTENSIFIED_DIALOGUE: N_("Intensified dialogue"),
    Stage.MAP: N_("Membership Action Plan"),
    Stage.INVITED: N_("Invited to accession talks"),
    Stage.TALKS: N_("Accession talks"),
    Stage.PROTOCOL_SIGNED: N_("Accession protocol signed"),
    Stage.RATIFIED: N_("Ratification by the Allies"),
    Stage.INVITED_TO_ACCEDE: N_("Invited to accede"),
    Stage.DEPOSITED: N_("Instrument of accession deposited"),
    Stage.MEMBER: N_("Member"),
}

STATUS_LABELS: dict[Status, str] = {
    Status.MEMBER: N_("member"),
    Status.PARTNER: N_("partner"),
    Status.PARTICIPANT: N_("participant"),
}

CAPACITY_LABELS: dict[Capacity, str] = {
    Capacity.ALLY: N_("Ally"),
    Capacity.PARTNER: N_("partner"),
    Capacity.PARTICIPANT: N_("participant"),
}

FRAMEWORK_STATE_LABELS: dict[FrameworkState, str] = {
    FrameworkState.ACTIVE: N_("meeting normally"),
    FrameworkState.MEETINGS_SUSPENDED: N_("formal meetings suspended"),
    FrameworkState.COOPERATION_SUSPENDED: N_("practical cooperation suspended"),
}

FRAMEWORK_EVENT_LABELS: dict[FrameworkEventKind, str] = {
    FrameworkEventKind.MEETINGS_SUSPENDED: N_("Formal meetings suspended"),
    FrameworkEventKind.MEETINGS_RESUMED: N_("Formal meetings resumed"),
    FrameworkEventKind.MEETING: N_("Meeting"),
    FrameworkEventKind.COOPERATION_SUSPENDED: N_("Practical cooperation suspended"),
}

CAUSE_LABELS: dict[EndCause, str] = {
    EndCause.SUSPENDED: N_("suspended"),
    EndCause.WITHDREW: N_("withdrew"),
    EndCause.BECAME_ALLY: N_("became an Ally"),
    EndCause.SUPERSEDED: N_("superseded"),
    EndCause.FRAMEWORK_ENDED: N_("framework ended"),
    EndCause.COMPLETED: N_("completed"),
}

CHANGE_LABELS: dict[ChangeKind, str] = {
    ChangeKind.JOINED: N_("joined"),
    ChangeKind.LEFT: N_("left"),
}

STANDING_LABELS: dict[Standing, str] = {
    Standing.ALLY: N_("Ally"),
    Standing.INVITEE: N_("Invitee"),
    Standing.MAP: N_("Membership Action Plan"),
    Standing.ID: N_("Intensified dialogue"),
    Standing.IPAP: N_("Individual Partnership Action Plan"),
    Standing.PFP: N_("Partnership for Peace"),
    Standing.EAPC: N_("Euro-Atlantic Partnership Council"),
    Standing.MD: N_("Mediterranean Dialogue"),
    Standing.ICI: N_("Istanbul Cooperation Initiative"),
    Standing.GLOBAL: N_("Partners across the globe"),
    Standing.NRC: N_("NATO-Russia Council"),
    Standing.NUC: N_("NATO-Ukraine Commission"),
    Standing.NGC: N_("NATO-Georgia Commission"),
    Standing.NONE: N_("None"),
}


@functools.lru_cache(maxsize=64)
def map_names(lang: str, on: date | None = None) -> dict[str, str]:
    """Names in ``lang`` of every country drawn on the map, as on ``on`` (today if not given)."""
    names: dict[str, str] = {}
    for code in sorted(country_codes_with_geometry()):
        try:
            names[code] = country_name(code, on, lang)
        except BucarestError:
            names[code] = code
    return names

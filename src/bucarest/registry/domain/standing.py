"""The category each country is shown in on the Alliance map on a date.

Example::

    >>> from bucarest.registry.data import load_embedded_registry
    >>> standing_on(load_embedded_registry(), date(2008, 4, 3))["ALB"].standing
    <Standing.INVITEE: 'invitee'>
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bucarest.registry.domain.accession import stage_on
from bucarest.registry.domain.model import Registry, Stage

__all__ = ["CountryStanding", "Standing", "standing_on"]


class Standing(StrEnum):
    """The one category a country is shown in on the Alliance map, by priority."""

    ALLY = "ally"
    INVITEE = "invitee"
    MAP = "map"
    NUC = "nuc"
    NGC = "ngc"
    NRC = "nrc"
    ID = "id"
    IPAP = "ipap"
    PFP = "pfp"
    EAPC = "eapc"
    MD = "md"
    ICI = "ici"
    GLOBAL = "global"
    NONE = "none"


_INVITEE_STAGES = frozenset(
    {
        Stage.INVITED,
        Stage.TALKS,
        Stage.PROTOCOL_SIGNED,
        Stage.RATIFIED,
        Stage.INVITED_TO_ACCEDE,
        Stage.DEPOSITED,
    }
)


@dataclass(frozen=True)
class CountryStanding:
    """A country's map category on a date and every framework it belonged to."""

    country: str
    standing: Standing
    frameworks: tuple[str, ...]


def standing_on(reg: Registry, day: date) -> dict[str, CountryStanding]:
    """Every country with any standing on ``day``, keyed by code.

    The category follows the priority of :class:`Standing`: an Ally is shown as an
    Ally whatever its partnerships; an invitee (from invitation to membership)
    before its MAP; then MAP; then the distinctive bilateral councils (NATO-Ukraine,
    NATO-Georgia, NATO-Russia), which every such partner also holds with PfP, the EAPC
    and often an intensified dialogue, so they would otherwise never be seen; then
    intensified dialogue, IPAP, and the multilateral partnerships. Allies sit in the
    councils too but keep the Ally category.
    """
    by_country: dict[str, list[str]] = {}
    for fid, fw in reg.framework_index.items():
        if not fw.lifetime.contains(day):
            continue
        for m in reg.by_framework.get(fid, ()):
            if m.interval.contains(day):
                by_country.setdefault(m.country, []).append(fid)
    for code in reg.events_by_country:
        stage = stage_on(reg, code, day)
        if stage in _INVITEE_STAGES:
            by_country.setdefault(code, []).append("invitee")
    result: dict[str, CountryStanding] = {}
    for code, fids in by_country.items():
        present = set(fids)
        category = Standing.NONE
        if "nato" in present:
            category = Standing.ALLY
        else:
            for candidate in Standing:
                key = "invitee" if candidate is Standing.INVITEE else candidate.value
                if key in present:
                    category = candidate
                    break
        frameworks = tuple(sorted(f for f in present if f != "invitee"))
        result[code] = CountryStanding(code, category, frameworks)
    return result

"""What of an architecture was deployed on a day: dated sites, radars and inventories.

Example::

    >>> from datetime import date
    >>> from bucarest.missile_defence.data import load_catalogue
    >>> cat = load_catalogue()
    >>> dep = deployed_on(cat, cat.architecture("epaa-phase-2"), date(2015, 1, 1))
    >>> dep.architecture.sites, dep.absent
    (('aegis-ship-east-med',), ('deveselu-aegis-ashore', 'spy1-deveselu'))

Sites and radars with a ``from_date`` (and optionally an ``until``) are in service on the
days ``from_date <= day < until``; those without dates (plans such as the 2008 third site,
illustrative stations) are present on every day. A site's ``inventory`` gives its
interceptor count from each date. Pure: the catalogue and architecture are not changed;
new values are returned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bucarest.missile_defence.domain.model import (
    Architecture,
    Catalogue,
    InterceptorSite,
    Parameter,
    Radar,
)

__all__ = ["Deployment", "deployed_on", "in_service", "interceptors_on"]


def in_service(item: Radar | InterceptorSite, day: date) -> bool:
    """Whether ``item`` was in service on ``day`` (undated items always are)."""
    if item.from_date is not None and day < item.from_date:
        return False
    return item.until is None or day < item.until


def interceptors_on(site: InterceptorSite, day: date) -> Parameter:
    """The site's interceptor count on ``day``: the last dated inventory on or before it,
    else ``site.interceptors``."""
    current = site.interceptors
    for since, count in site.inventory:
        if since <= day:
            current = count
    return current


@dataclass(frozen=True, eq=False)
class Deployment:
    """``architecture`` reduced to what was in service on ``day``; ``catalogue`` with each
    site's interceptor count of that day (the same object when no count changed);
    ``absent`` the ids of the sites and radars not in service that day."""

    day: date
    architecture: Architecture
    catalogue: Catalogue
    absent: tuple[str, ...]


def deployed_on(cat: Catalogue, arch: Architecture, day: date) -> Deployment:
    """What of ``arch`` was deployed on ``day`` (candidates are kept: they are options)."""
    sites = tuple(s for s in arch.sites if in_service(cat.site(s), day))
    radars = tuple(r for r in arch.radars if in_service(cat.radar(r), day))
    absent = tuple(s for s in arch.sites if s not in sites) + tuple(
        r for r in arch.radars if r not in radars
    )
    keep = set(sites) | set(arch.candidate_sites)
    links = tuple((r, tuple(s for s in linked if s in keep)) for r, linked in arch.links
                  if r in radars or r in arch.candidate_radars)  # fmt: skip
    reduced = replace(arch, sites=sites, radars=radars, links=links) if absent else arch
    changed = {}
    for sid in {*sites, *arch.candidate_sites}:
        site = cat.site(sid)
        count = interceptors_on(site, day)
        if count is not site.interceptors:
            changed[sid] = replace(site, interceptors=count)
    dated = replace(cat, sites={**cat.sites, **changed}) if changed else cat
    return Deployment(day, reduced, dated, absent)

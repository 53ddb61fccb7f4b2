"""Domain values of the missile-defence analysis: threats, interceptors, radars, architectures.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> cat = load_catalogue()
    >>> arch = cat.architecture("us-third-site-2008")
    >>> [cat.site(s).type for s in arch.sites]
    ['gbi-2stage']
    >>> cat.interceptor_type("gbi-2stage").burnout_speed_km_s.source != ""
    True

Every number is a :class:`Parameter` with its source and, where sources disagree, the
published range; the analysis reads ``.value`` and converts to SI at the kernel's edge
(km → m, km/s → m/s, degrees → radians). Parameters can be overridden by path for sweeps
(:func:`with_parameter`) without touching the shipped data. Places, threats and
architectures carry a :class:`~bucarest.core.provenance.Provenance` (short citations and a
confidence level) as users see it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Literal, TypeVar

from bucarest.core.errors import N_, InvalidInputError, NotFoundError
from bucarest.core.provenance import Provenance

__all__ = [
    "Architecture",
    "Bundle",
    "Catalogue",
    "DefendedPoint",
    "InterceptorSite",
    "InterceptorType",
    "LaunchArea",
    "LaunchSite",
    "Link",
    "MissileClass",
    "Parameter",
    "Radar",
    "Text",
    "Threat",
    "parameter_paths",
    "with_parameter",
]

Flyout = Literal["kepler", "burn-coast"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Text:
    """A label in English and French."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Parameter:
    """A sourced number: ``value`` used by default, published ``low``/``high`` where sources
    disagree, and ``estimate`` when the value is ours rather than published."""

    value: float
    source: str
    low: float | None = None
    high: float | None = None
    estimate: bool = False
    #: The source in French (shipped data always has one; a user's file may not).
    source_fr: str | None = None

    def source_in(self, lang: str) -> str:
        """The source in ``lang`` (English when no French is given)."""
        return self.source_fr if lang == "fr" and self.source_fr else self.source

    def at(self, value: float) -> Parameter:
        """The same parameter with another value (a sweep point or a user's override)."""
        return replace(self, value=value)


@dataclass(frozen=True)
class LaunchSite:
    id: str
    name: Text
    country: str
    lat: float
    lon: float
    provenance: Provenance


@dataclass(frozen=True)
class LaunchArea:
    """A launch region: a closed lon/lat ring (degrees, GeoJSON order) sampled into launch
    points every ``spacing_km`` (deterministically: the same ring gives the same points)."""

    id: str
    name: Text
    country: str
    ring: tuple[tuple[float, float], ...]
    spacing_km: float
    provenance: Provenance
    points: tuple[LaunchSite, ...]


@dataclass(frozen=True)
class MissileClass:
    """A threat missile class; ranges in km, times in s."""

    id: str
    name: Text
    max_range_km: Parameter
    burn_time_s: Parameter
    burnout_altitude_km: Parameter
    boost_downrange_km: Parameter
    #: Radar cross-sections (m²) of the boosting missile and of the warhead after burnout;
    #: None: the radars' stated ranges apply as they are.
    rcs_booster_m2: Parameter | None = None
    rcs_warhead_m2: Parameter | None = None


@dataclass(frozen=True)
class Threat:
    """A threat set: classes fired from launch sites or launch areas along trajectory shapes
    (``loft_deg``: the flight-path angle at burnout above (+, lofted) or below (−,
    depressed) the minimum-energy one; 0 = minimum energy; every angle listed is flown). A
    union threat lists other threats in ``union`` instead."""

    id: str
    name: Text
    description: Text
    classes: tuple[str, ...] = ()
    launch_sites: tuple[str, ...] = ()
    loft_deg: tuple[float, ...] = (0.0,)
    union: tuple[str, ...] = ()
    provenance: Provenance | None = None


@dataclass(frozen=True)
class InterceptorType:
    """An interceptor; speeds in km/s, times in s, altitudes and range in km."""

    id: str
    name: Text
    flyout: Flyout
    burnout_speed_km_s: Parameter
    burn_time_s: Parameter
    min_altitude_km: Parameter
    max_altitude_km: Parameter
    max_range_km: Parameter
    launch_delay_s: Parameter
    #: Engagement doctrine (None: the constraint is not modelled for this interceptor).
    #: ``commit_time_s``: decision time from a fire-control-quality track to the launch order,
    #: before ``launch_delay_s``; ``min_battle_space_s``: the intercept must come at least this
    #: long before the threat falls below ``min_altitude_km``; ``seeker_range_km`` and
    #: ``divert_km_s``: the kill vehicle acquires the warhead at this range and must remove the
    #: track error with this velocity budget in the time left; ``max_closing_km_s`` and
    #: ``max_crossing_deg``: the fastest closing speed and the widest angle off head-on.
    commit_time_s: Parameter | None = None
    min_battle_space_s: Parameter | None = None
    seeker_range_km: Parameter | None = None
    divert_km_s: Parameter | None = None
    max_closing_km_s: Parameter | None = None
    max_crossing_deg: Parameter | None = None


@dataclass(frozen=True)
class Radar:
    """A radar on the ground; range in km, angles in degrees, track time in s. Without an
    azimuth sector it sees all round."""

    id: str
    name: Text
    lat: float
    lon: float
    provenance: Provenance
    range_km: Parameter
    min_elevation_deg: Parameter
    track_time_s: Parameter
    azimuth_deg: Parameter | None = None
    sector_deg: Parameter | None = None
    #: First day in service for missile defence, and the first day no longer in service
    #: (``None``: not dated, a plan or an illustrative position, present on every day).
    from_date: date | None = None
    until: date | None = None
    #: ``range_km`` holds against a target of ``reference_rcs_m2`` (m²); against another
    #: cross-section σ the range is range_km·(σ/reference)^¼ (the radar equation). None: the
    #: range is the same for every target.
    reference_rcs_m2: Parameter | None = None
    #: Position error (km, 1σ) of the radar's track handed to a kill vehicle (None: none), and
    #: its growth (m/s) once the radar no longer sees the target (None: none).
    track_error_km: Parameter | None = None
    track_drift_m_s: Parameter | None = None
    #: Whether the radar gives a fire-control-quality track (an early-warning radar cues other
    #: radars but does not, unless stated), and whether it needs a cue to find the target.
    fire_control: bool = True
    needs_cue: bool = False


@dataclass(frozen=True)
class InterceptorSite:
    id: str
    name: Text
    lat: float
    lon: float
    provenance: Provenance
    type: str
    interceptors: Parameter
    #: First day in service and first day no longer in service (``None``: not dated).
    from_date: date | None = None
    until: date | None = None
    #: Interceptors in place from each date (ascending): ``interceptors`` on a day is the
    #: last count dated on or before it; empty when only ``interceptors`` is known.
    inventory: tuple[tuple[date, Parameter], ...] = ()


@dataclass(frozen=True)
class Link:
    """What a radar's track may do for an interceptor site: ``launch`` on it (launch on
    remote) and ``engage`` with it (guide the kill vehicle to the intercept, engage on remote).
    """

    site: str
    launch: bool = True
    engage: bool = True


@dataclass(frozen=True)
class Architecture:
    """Interceptor sites and radars; ``links`` maps a radar to the sites it cues (a radar not
    listed cues every site). ``candidate_*`` are additions the options tool may rank.
    ``link_rules`` refines ``links`` per link (launch on remote, engage on remote) and
    ``radar_cues`` maps a radar to the radars it cues (radar-to-radar cueing)."""

    id: str
    name: Text
    description: Text
    provenance: Provenance
    sites: tuple[str, ...]
    radars: tuple[str, ...]
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    candidate_sites: tuple[str, ...] = ()
    candidate_radars: tuple[str, ...] = ()
    link_rules: tuple[tuple[str, tuple[Link, ...]], ...] = ()
    radar_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Bundles (see :class:`Bundle`) the options tool may add.
    candidate_bundles: tuple[str, ...] = ()

    def cues(self, radar: str, site: str) -> bool:
        """Whether ``radar`` feeds ``site`` a track."""
        for linked, sites in self.links:
            if linked == radar:
                return site in sites
        return True

    def link(self, radar: str, site: str) -> Link | None:
        """The link from ``radar`` to ``site`` (None: the radar's track serves it nothing)."""
        for linked, rules in self.link_rules:
            if linked == radar:
                return next((rule for rule in rules if rule.site == site), None)
        return Link(site) if self.cues(radar, site) else None

    def launches(self, radar: str, site: str) -> bool:
        """Whether ``site`` may launch on ``radar``'s track (launch on remote)."""
        rule = self.link(radar, site)
        return rule is not None and rule.launch

    def engages(self, radar: str, site: str) -> bool:
        """Whether ``radar``'s track may guide ``site``'s interceptors (engage on remote)."""
        rule = self.link(radar, site)
        return rule is not None and rule.engage

    def cued_radars(self, radar: str) -> tuple[str, ...]:
        """The radars that ``radar`` cues."""
        for cuer, radars in self.radar_cues:
            if cuer == radar:
                return radars
        return ()

    def adding(self, sites: tuple[str, ...] = (), radars: tuple[str, ...] = ()) -> Architecture:
        """This architecture with more sites or radars (a linked radar cues every site)."""
        new_sites = self.sites + tuple(s for s in sites if s not in self.sites)
        new_radars = self.radars + tuple(r for r in radars if r not in self.radars)
        suffix = "+".join((*sites, *radars))
        return replace(self, id=f"{self.id}+{suffix}" if suffix else self.id,
                       sites=new_sites, radars=new_radars)  # fmt: skip


@dataclass(frozen=True)
class Bundle:
    """Elements that are added together or not at all: a battery with its radar, a ship with
    its SPY-1, a site with the radars that cue it. ``links`` maps a bundle radar to the sites
    it cues (a radar not listed cues every site); ``cost_musd`` is the sourced acquisition
    cost in millions of US dollars of the source's year, ``None`` where none is published."""

    id: str
    name: Text
    sites: tuple[str, ...] = ()
    radars: tuple[str, ...] = ()
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cost_musd: Parameter | None = None
    #: The links' launch/engage switches and the radar-to-radar cues, as an architecture's
    #: (see :class:`Architecture`).
    link_rules: tuple[tuple[str, tuple[Link, ...]], ...] = ()
    radar_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class DefendedPoint:
    """A point to defend (a capital, a port, a base): ``weight`` counts it in a point measure
    (1 each, or a population), ``country`` its alpha-3 code where known."""

    id: str
    name: str
    lat: float
    lon: float
    weight: float = 1.0
    country: str = ""


def _lookup(kind: str, table: Mapping[str, _T], key: str) -> _T:
    try:
        return table[key]
    except KeyError:
        close = difflib.get_close_matches(key, sorted(table), n=3, cutoff=0.5)
        raise NotFoundError(
            N_("unknown {kind} '{id}'; expected one of {known}"),
            kind=kind,
            id=key,
            known=", ".join(close or sorted(table)),
        ) from None


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Everything the analysis can name, keyed by id (compared and hashed by identity, so
    caches keyed on a catalogue see an overridden copy as new)."""

    launch_sites: Mapping[str, LaunchSite]
    classes: Mapping[str, MissileClass]
    threats: Mapping[str, Threat]
    interceptor_types: Mapping[str, InterceptorType]
    radars: Mapping[str, Radar]
    sites: Mapping[str, InterceptorSite]
    architectures: Mapping[str, Architecture]
    launch_areas: Mapping[str, LaunchArea] = field(default_factory=dict)
    bundles: Mapping[str, Bundle] = field(default_factory=dict)

    def launch_site(self, key: str) -> LaunchSite:
        return _lookup(N_("launch site"), self.launch_sites, key)

    def launch_points(self, key: str) -> tuple[LaunchSite, ...]:
        """The launch points ``key`` names: a launch site, or every sampled point of a launch
        area."""
        if key in self.launch_areas:
            return self.launch_areas[key].points
        if key not in self.launch_sites:
            known: dict[str, LaunchSite | LaunchArea] = {**self.launch_sites, **self.launch_areas}
            _lookup(N_("launch site"), known, key)
        return (self.launch_sites[key],)

    def missile_class(self, key: str) -> MissileClass:
        return _lookup(N_("missile class"), self.classes, key)

    def threat(self, key: str) -> Threat:
        return _lookup(N_("threat"), self.threats, key)

    def interceptor_type(self, key: str) -> InterceptorType:
        return _lookup(N_("interceptor type"), self.interceptor_types, key)

    def radar(self, key: str) -> Radar:
        return _lookup(N_("radar"), self.radars, key)

    def site(self, key: str) -> InterceptorSite:
        return _lookup(N_("interceptor site"), self.sites, key)

    def architecture(self, key: str) -> Architecture:
        return _lookup(N_("architecture"), self.architectures, key)

    def bundle(self, key: str) -> Bundle:
        return _lookup(N_("bundle"), self.bundles, key)

    def threat_components(self, key: str) -> tuple[Threat, ...]:
        """The plain threats behind ``key`` (a union expands to its members, once each)."""
        out: dict[str, Threat] = {}

        def walk(k: str, depth: int) -> None:
            t = self.threat(k)
            if not t.union:
                out.setdefault(t.id, t)
            elif depth < 8:
                for member in t.union:
                    walk(member, depth + 1)

        walk(key, 0)
        return tuple(out.values())


# Marked for the catalogues: error messages name the kind ("unknown interceptor 'x'").
_KIND_NAMES = (N_("class"), N_("interceptor"), N_("site"))
_KINDS = {
    "class": "classes",
    "interceptor": "interceptor_types",
    "radar": "radars",
    "site": "sites",
}


def parameter_paths(cat: Catalogue) -> tuple[str, ...]:
    """Every sweepable parameter as ``kind:id.field`` (kinds: class, interceptor, radar,
    site)."""
    paths = []
    for kind, attr in _KINDS.items():
        for key, item in sorted(getattr(cat, attr).items()):
            for f in fields(item):
                if isinstance(getattr(item, f.name), Parameter):
                    paths.append(f"{kind}:{key}.{f.name}")
    return tuple(paths)


def with_parameter(cat: Catalogue, path: str, value: float) -> Catalogue:
    """The catalogue with the parameter at ``path`` (``kind:id.field``) set to ``value``.

    Example::

        >>> from bucarest.missile_defence.data import load_catalogue
        >>> cat = with_parameter(load_catalogue(), "interceptor:gbi-2stage.burnout_speed_km_s", 8.0)
        >>> cat.interceptor_type("gbi-2stage").burnout_speed_km_s.value
        8.0
    """
    kind, _, rest = path.partition(":")
    key, _, name = rest.rpartition(".")
    if kind not in _KINDS or not key or not name:
        raise InvalidInputError(
            N_(
                "a parameter path '{path}' is not allowed; expected kind:id.field such as {example}"
            ),
            path=path,
            example="interceptor:gbi-2stage.burnout_speed_km_s",
        )
    attr = _KINDS[kind]
    table = dict(getattr(cat, attr))
    item = _lookup(kind, table, key)
    current = getattr(item, name, None)
    if not isinstance(current, Parameter):
        known = [f.name for f in fields(item) if isinstance(getattr(item, f.name), Parameter)]
        raise InvalidInputError(
            N_("'{field}' is no parameter of {id}; expected one of {known}"),
            field=name,
            id=key,
            known=", ".join(known),
        )
    if not math.isfinite(value) or value < 0.0:
        raise InvalidInputError(
            N_(
                "a value of {value} for {path} is not allowed; expected a finite number of at least 0"
            ),
            value=f"{value:g}",
            path=path,
        )
    table[key] = replace(item, **{name: current.at(value)})
    return replace(cat, **{attr: table})

"""One trajectory against an architecture: the engagement timeline, events interpolated.

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> from bucarest.missile_defence.domain.engagement import engagement_timeline, Aim
    >>> cat = load_catalogue()
    >>> tl = engagement_timeline(cat, Aim((35.69, 51.39), (52.52, 13.40), missile="irbm-3stage"),
    ...                          cat.architecture("us-third-site-2008"))
    >>> tl.engaged, tl.limited_by
    (True, 'none')
    >>> [e.kind for e in tl.events][:2]
    ['launch', 'detection']

This module turns domain values (degrees, km, km/s) into the SI arrays of
:mod:`~bucarest.missile_defence.domain.kernel` and back. The timeline samples the arc finely and
then refines every event time by bisection on the exact state (Kepler's equation), so an
event is never reported a step late.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from bucarest.core.errors import N_, InvalidInputError
from bucarest.missile_defence.domain import kernel as k
from bucarest.missile_defence.domain.doctrine import (
    REASONS,
    Doctrine,
    Signature,
    doctrine_engage,
    radar_reach,
    visible_at,
)
from bucarest.missile_defence.domain.model import (
    Architecture,
    Catalogue,
    MissileClass,
    Parameter,
)
from bucarest.missile_defence.domain.trajectory import R, free_flight_range, gamma_for_range

__all__ = [
    "Aim",
    "Opportunity",
    "Timeline",
    "TimelineEvent",
    "check_lat_lon",
    "class_max_speed",
    "doctrine_batch",
    "engagement_timeline",
    "sensor_batch",
    "signature",
    "site_batch",
    "to_numpy",
]

Limit = Literal["none", "altitude-band", "kinematics", "commit-time", "battle-space",
                "intercept-geometry", "sensor", "track-timeline", "track-quality",
                "not-threatened"]  # fmt: skip


def to_numpy(x: Any) -> np.ndarray[Any, Any]:
    """A host NumPy copy of an array from any backend (CuPy ``.get()``, torch ``.cpu()``)."""
    if hasattr(x, "get") and not isinstance(x, np.ndarray):
        return np.asarray(x.get())
    if hasattr(x, "cpu"):
        return np.asarray(x.cpu().numpy())
    return np.asarray(x)


def check_lat_lon(lat: float, lon: float) -> None:
    """Refuse a latitude outside [−90, 90] or a longitude outside [−180, 180] (degrees)."""
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidInputError(
            N_("a latitude of {value} is not allowed; expected degrees from -90 to 90"),
            value=f"{lat:g}",
        )
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidInputError(
            N_("a longitude of {value} is not allowed; expected degrees from -180 to 180"),
            value=f"{lon:g}",
        )


@functools.cache
def class_max_speed(cls: MissileClass) -> float:
    """Burnout speed (m/s) that carries the class to its maximum range on a minimum-energy
    arc over a non-rotating Earth, with its boost; the class's capability in the kernel."""
    psi = cls.max_range_km.value * 1000.0 / R
    batch = k.ThreatBatch(
        launch=np.array([[1.0, 0.0, 0.0]]),
        target=np.array([[math.cos(psi), math.sin(psi), 0.0]]),
        burn_time=np.array([cls.burn_time_s.value]),
        burnout_altitude=np.array([cls.burnout_altitude_km.value * 1000.0]),
        boost_angle=np.array([cls.boost_downrange_km.value * 1000.0 / R]),
        max_speed=np.array([math.inf]),
        loft=np.array([0.0]),
    )
    return float(k.solve_arcs(np, batch, rotating=False).speed[0])


def sensor_batch(xp: Any, cat: Catalogue, radar_ids: Sequence[str]) -> k.SensorBatch:
    """Kernel arrays for radars (km, degrees → m, rad)."""
    radars = [cat.radar(r) for r in radar_ids]
    lat = np.radians([r.lat for r in radars])
    lon = np.radians([r.lon for r in radars])
    pos = R * k.unit_vectors(np, lat, lon).reshape(len(radars), 3)
    return k.SensorBatch(
        position=xp.asarray(pos),
        range=xp.asarray(np.array([r.range_km.value * 1000.0 for r in radars])),
        sin_min_elevation=xp.asarray(np.sin(np.radians([r.min_elevation_deg.value for r in radars]))),
        track_time=xp.asarray(np.array([r.track_time_s.value for r in radars], dtype=np.float64)),
        azimuth=xp.asarray(np.radians([r.azimuth_deg.value if r.azimuth_deg else 0.0 for r in radars])),
        half_width=xp.asarray(np.radians([r.sector_deg.value / 2 if r.sector_deg else 180.0 for r in radars])),
    )  # fmt: skip


def site_batch(
    xp: Any, cat: Catalogue, arch: Architecture, radar_ids: Sequence[str]
) -> k.SiteBatch:
    """Kernel arrays for the architecture's interceptor sites, with the radars they may launch
    on (``cued_by``: a launch-on-remote link from a radar of fire-control quality)."""
    sites = [cat.site(s) for s in arch.sites]
    types = [cat.interceptor_type(s.type) for s in sites]
    lat = np.radians([s.lat for s in sites])
    lon = np.radians([s.lon for s in sites])
    fire_control = [cat.radar(r).fire_control for r in radar_ids]
    cued = np.array([[arch.launches(r, s.id) and fc for r, fc in zip(radar_ids, fire_control, strict=True)]
                     for s in sites], dtype=bool)  # fmt: skip
    return k.SiteBatch(
        position=xp.asarray(R * k.unit_vectors(np, lat, lon).reshape(len(sites), 3)),
        speed=xp.asarray(np.array([t.burnout_speed_km_s.value * 1000.0 for t in types])),
        burn_time=xp.asarray(np.array([t.burn_time_s.value for t in types], dtype=np.float64)),
        min_altitude=xp.asarray(np.array([t.min_altitude_km.value * 1000.0 for t in types])),
        max_altitude=xp.asarray(np.array([t.max_altitude_km.value * 1000.0 for t in types])),
        max_range=xp.asarray(np.array([t.max_range_km.value * 1000.0 for t in types])),
        delay=xp.asarray(np.array([t.launch_delay_s.value for t in types], dtype=np.float64)),
        kepler=xp.asarray(np.array([t.flyout == "kepler" for t in types], dtype=bool)),
        cued_by=xp.asarray(cued.reshape(len(sites), len(radar_ids))),
    )


@dataclass(frozen=True)
class Aim:
    """One shot: ``launch`` and ``target`` as (lat, lon) degrees; ``missile`` a class id, or
    None for pure free flight from burnout at the surface; ``burnout_speed_km_s`` and
    ``angle_deg`` pin the arc (with only the speed, the ``lofted`` or depressed arc that
    reaches the target; with neither, minimum energy, or ``loft_deg`` off it)."""

    launch: tuple[float, float]
    target: tuple[float, float]
    missile: str | None = None
    burnout_speed_km_s: float | None = None
    angle_deg: float | None = None
    lofted: bool = False
    loft_deg: float = 0.0
    rotating: bool = False


@dataclass(frozen=True)
class TimelineEvent:
    """An event at ``time_s`` after launch; ``subject`` names the radar or site."""

    time_s: float
    kind: str
    subject: str
    altitude_km: float
    downrange_km: float


@dataclass(frozen=True)
class Opportunity:
    """A site's engagement window: launch time and first/last intercept (s; None: none)."""

    site: str
    fire_s: float | None
    first_s: float | None
    last_s: float | None


@dataclass(frozen=True)
class Timeline:
    """The trajectory and, with an architecture, its engagement (times s, lengths km)."""

    launch: tuple[float, float]
    target: tuple[float, float]
    missile: str | None
    rotating: bool
    range_km: float
    apogee_km: float
    flight_time_s: float
    burnout_speed_km_s: float
    burnout_angle_deg: float
    engaged: bool
    limited_by: Limit
    shots: int
    events: tuple[TimelineEvent, ...]
    opportunities: tuple[Opportunity, ...]
    path: tuple[tuple[float, float, float, float], ...]
    #: The binding constraint against an ideal sensor (a perfect track from launch).
    ideal_limited_by: Limit = "none"


def _lat_lon(p: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    r = np.linalg.norm(p, axis=-1)
    return np.degrees(np.arcsin(p[..., 2] / r)), np.degrees(np.arctan2(p[..., 1], p[..., 0]))


def _destination(
    lat: float, lon: float, toward: tuple[float, float], psi: float
) -> tuple[float, float]:
    """Point ``psi`` rad from (lat, lon) along the great circle toward ``toward``."""
    a = k.unit_vectors(np, np.radians(lat), np.radians(lon))
    b = k.unit_vectors(np, np.radians(toward[0]), np.radians(toward[1]))
    perp = b - np.dot(a, b) * a
    norm = np.linalg.norm(perp)
    if norm < 1e-12:
        raise InvalidInputError(
            N_("the launch point and the target are the same place; expected two different points")
        )
    p = math.cos(psi) * a + math.sin(psi) * perp / norm
    la, lo = _lat_lon(p)
    return float(la), float(lo)


def _arc(cat: Catalogue, aim: Aim) -> tuple[k.Arcs, tuple[float, float]]:
    for lat, lon in (aim.launch, aim.target):
        check_lat_lon(lat, lon)
    launch = k.unit_vectors(np, np.radians([aim.launch[0]]), np.radians([aim.launch[1]]))
    target_ll = aim.target
    tgt = k.unit_vectors(np, np.radians([target_ll[0]]), np.radians([target_ll[1]]))
    psi = float(np.arctan2(np.linalg.norm(np.cross(launch, tgt)), np.sum(launch * tgt)))
    if psi * R < 1000.0:
        raise InvalidInputError(
            N_("the launch point and the target are the same place; expected two different points")
        )
    if aim.missile is not None:
        cls = cat.missile_class(aim.missile)
        burn, h_bo = cls.burn_time_s.value, cls.burnout_altitude_km.value * 1000.0
        boost, cap = cls.boost_downrange_km.value * 1000.0 / R, class_max_speed(cls)
    else:
        burn, h_bo, boost, cap = 0.0, 0.0, 0.0, math.inf
    loft = math.radians(aim.loft_deg)
    speed = aim.burnout_speed_km_s
    if speed is not None and (not math.isfinite(speed) or speed <= 0.0):
        raise InvalidInputError(
            N_("a burnout speed of {speed} km/s is not allowed; expected a positive speed"),
            speed=f"{speed:g}",
        )
    if aim.angle_deg is not None and speed is None:
        raise InvalidInputError(
            N_("an angle needs a burnout speed; give --burnout-speed with --angle")
        )
    if speed is not None and aim.missile is not None:
        raise InvalidInputError(
            N_(
                "a burnout speed is fixed by the missile class; give --missile or --burnout-speed, not both"
            )
        )
    if speed is not None:
        v = speed * 1000.0
        if aim.angle_deg is not None:
            gamma = math.radians(aim.angle_deg)
            psi = float(free_flight_range(v, gamma))
            if psi >= math.pi:
                raise InvalidInputError(
                    N_(
                        "a burnout speed of {speed} km/s at {angle}° goes more than half round the Earth; expected a shorter arc"
                    ),
                    speed=f"{speed:g}",
                    angle=f"{aim.angle_deg:g}",
                )
            target_ll = _destination(aim.launch[0], aim.launch[1], aim.target, psi)
            tgt = k.unit_vectors(np, np.radians([target_ll[0]]), np.radians([target_ll[1]]))
        else:
            gamma = float(gamma_for_range(v, psi, lofted=aim.lofted))
        loft = gamma - (math.pi - psi) / 4.0
        cap = v * (1.0 + 1e-9)
    batch = k.ThreatBatch(launch, tgt, np.array([burn]), np.array([h_bo]), np.array([boost]),
                          np.array([cap]), np.array([loft]), scale_boost=aim.missile is not None)  # fmt: skip
    arcs = k.solve_arcs(np, batch, rotating=aim.rotating)
    if not bool(arcs.reachable[0]):
        if aim.missile is not None and math.isfinite(cap):
            raise InvalidInputError(
                N_(
                    "the target is {range} km away, beyond the {missile} class's maximum range of {maximum} km"
                ),
                range=f"{psi * R / 1000.0:,.0f}",
                missile=aim.missile,
                maximum=f"{cat.missile_class(aim.missile).max_range_km.value:,.0f}",
            )
        raise InvalidInputError(
            N_(
                "no ballistic arc reaches the target with a loft of {loft}°; expected a smaller loft"
            ),
            loft=f"{aim.loft_deg:g}",
        )
    return arcs, target_ll


def _bisect(lo: float, hi: float, inside: Any, iterations: int = 40) -> float:
    """Time (s) where ``inside`` turns from false at ``lo`` to true at ``hi``."""
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if inside(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _samples_at(arcs: k.Arcs, times: np.ndarray[Any, Any], rotating: bool) -> k.Samples:
    pos, alt = k.state_at(np, arcs, times.reshape(1, -1), rotating)
    return k.Samples(times.reshape(1, -1), pos, alt, np.ones((1, times.size), dtype=bool))


def _edge(arcs: k.Arcs, t: np.ndarray[Any, Any], flags: np.ndarray[Any, Any], rotating: bool,
          test: Any, rising: bool) -> float | None:  # fmt: skip
    """Refined time of the first rise (or last fall) of ``flags`` along the samples ``t``."""
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return None

    def inside(x: float) -> bool:
        return bool(test(_samples_at(arcs, np.array([x]), rotating))[0, 0])

    if rising:
        j = int(idx[0])
        return float(t[j]) if j == 0 else _bisect(float(t[j - 1]), float(t[j]), inside)
    j = int(idx[-1])
    if j == t.size - 1:
        return float(t[j])
    return _bisect(float(t[j + 1]), float(t[j]), inside)


def engagement_timeline(
    cat: Catalogue,
    aim: Aim,
    arch: Architecture | None = None,
    shots: int = 1,
    assessment_s: float = 60.0,
) -> Timeline:
    """The trajectory of ``aim`` and, when ``arch`` is given, its engagement timeline.

    Events: launch, burnout, apogee, each radar's first detection under the doctrine (range by
    the booster's or warhead's cross-section, after its cue for a radar that needs one; see
    :func:`_detections`), the threat's entry into
    and exit from each site's altitude band, each site's launch and first/last intercept
    opportunity, impact; ``limited_by`` names the binding constraint of a miss under the
    engagement doctrine (:mod:`~bucarest.missile_defence.domain.doctrine`), and
    ``ideal_limited_by`` the one against an ideal sensor (a perfect track from launch).
    """
    if shots < 1 or shots > 4:
        raise InvalidInputError(
            N_("{shots} shots is not allowed; expected 1 to 4"), shots=str(shots)
        )
    arcs, target_ll = _arc(cat, aim)
    rot = aim.rotating
    s = k.sample_arcs(np, arcs, rot, boost_points=60, midcourse_points=1200, terminal_points=300)
    order = np.argsort(s.time[0], kind="stable")
    s = k.Samples(s.time[:, order], s.position[:, order], s.altitude[:, order], s.valid[:, order])
    t = s.time[0]
    launch_u = arcs.e1[0]

    def downrange(x: float) -> float:
        pos, _alt = k.state_at(np, arcs, np.array([[x]]), rot)
        u = pos[0, 0] / np.linalg.norm(pos[0, 0])
        return float(
            np.arctan2(np.linalg.norm(np.cross(launch_u, u)), np.dot(launch_u, u)) * R / 1000.0
        )

    def event(x: float, kind: str, subject: str = "") -> TimelineEvent:
        _pos, alt = k.state_at(np, arcs, np.array([[x]]), rot)
        return TimelineEvent(round(x, 3), kind, subject, round(float(alt[0, 0]) / 1000.0, 3),
                             round(downrange(x), 3))  # fmt: skip

    flight = float(arcs.flight_time[0])
    events = [event(0.0, "launch")]
    if arcs.burn_time[0] > 0.0:
        events.append(event(float(arcs.burn_time[0]), "burnout"))
    if arcs.nu1[0] < math.pi < arcs.nu1[0] + (arcs.ground_range[0] - arcs.boost_angle[0]):
        t_apo = float(arcs.burn_time[0] + (math.pi - arcs.m1[0]) / arcs.n[0])
        events.append(event(t_apo, "apogee"))
    events.append(event(flight, "impact"))
    opportunities: list[Opportunity] = []
    engaged, limited, shot_count = False, "not-threatened", 0
    ideal_limited = "none"
    if arch is not None:
        radars = list(arch.radars)
        sensors = sensor_batch(np, cat, radars)
        sites = site_batch(np, cat, arch, radars)
        doc = doctrine_batch(np, cat, arch, radars)
        cls = cat.missile_class(aim.missile) if aim.missile is not None else None
        # Detection under the doctrine (range by cross-section, cues), not plain geometry.
        detect = _detections(arcs, s, rot, sensors, doc, cls)
        for rid, when in zip(radars, detect, strict=True):
            if math.isfinite(when):
                events.append(event(when, "detection", rid))
        track = np.array(detect) + np.array([cat.radar(r).track_time_s.value for r in radars])
        for i, sid in enumerate(arch.sites):
            kind = cat.interceptor_type(cat.site(sid).type)
            cued = [track[j] for j, r in enumerate(radars)
                    if arch.launches(r, sid) and cat.radar(r).fire_control]  # fmt: skip
            fire = float(min(cued, default=math.inf)) + float(sites.delay[i])
            fire += _value(kind.commit_time_s, missing=0.0)
            usable, fly = k.opportunities(np, s, sites, i)
            hits = (usable & (fire + fly <= s.time))[0]

            def test(x: k.Samples, i: int = i, fire: float = fire) -> Any:
                u, f = k.opportunities(np, x, sites, i)
                return u & (fire + f <= x.time)

            first = _edge(arcs, t, hits, rot, test, True) if math.isfinite(fire) else None
            last = _edge(arcs, t, hits, rot, test, False) if math.isfinite(fire) else None
            opportunities.append(
                Opportunity(sid, fire if math.isfinite(fire) else None, first, last)
            )
            # A site that can never reach this trajectory has no part in its timeline: neither
            # a launch time nor its altitude band (a site 1,500 km away is not an event).
            reaches = bool(np.asarray(usable)[0].any())
            if reaches and math.isfinite(fire) and fire < flight:
                events.append(event(fire, "interceptor-launch", sid))
            if first is not None and last is not None:
                events.append(event(first, "first-intercept", sid))
                events.append(event(last, "last-intercept", sid))
            lo, hi = float(sites.min_altitude[i]), float(sites.max_altitude[i])

            def in_band(x: k.Samples, lo: float = lo, hi: float = hi) -> Any:
                return (x.altitude >= lo) & (x.altitude <= hi)

            band = in_band(s)[0]
            entry = _edge(arcs, t, band, rot, in_band, True)
            leave = _edge(arcs, t, band, rot, in_band, False)
            if reaches and entry is not None and entry > 0.0:
                events.append(event(entry, "band-entry", sid))
            if reaches and leave is not None and leave < flight:
                events.append(event(leave, "band-exit", sid))
        committed = replace(sites, delay=sites.delay + doc.commit)
        result = k.engage(np, s, k.detection_times(np, s, sensors), sensors, committed,
                          shots=shots, assessment_time=assessment_s)  # fmt: skip
        ruled = doctrine_engage(
            np, s, signature(np, arcs, rot, class_rcs([cls])), sensors, sites, doc
        )
        engaged = bool(ruled.engaged[0])
        shot_count = int(result.shots[0]) if engaged else 0
        limited = REASONS[int(ruled.reason[0])]
        ideal_limited = REASONS[int(ruled.ideal_reason[0])]
    else:
        limited = "none"
    events.sort(key=lambda e: (e.time_s, e.kind))
    step = max(1, t.size // 120)
    lat, lon = _lat_lon(s.position[0, ::step])
    path = tuple((round(float(a), 4), round(float(b), 4), round(float(h) / 1000.0, 3), round(float(x), 2))
                 for a, b, h, x in zip(lat, lon, s.altitude[0, ::step], t[::step], strict=True))  # fmt: skip
    return Timeline(
        launch=aim.launch,
        target=(round(target_ll[0], 6), round(target_ll[1], 6)),
        missile=aim.missile,
        rotating=rot,
        range_km=round(float(arcs.ground_range[0]) * R / 1000.0, 3),
        apogee_km=round(float(arcs.apogee[0]) / 1000.0, 3),
        flight_time_s=round(flight, 3),
        burnout_speed_km_s=round(float(arcs.speed[0]) / 1000.0, 6),
        burnout_angle_deg=round(math.degrees(float(arcs.gamma[0])), 4),
        engaged=engaged,
        limited_by=limited,  # type: ignore[arg-type]
        shots=shot_count,
        events=tuple(events),
        opportunities=tuple(opportunities),
        path=path,
        ideal_limited_by=ideal_limited,  # type: ignore[arg-type]
    )


def _detections(arcs: k.Arcs, s: k.Samples, rotating: bool, sensors: k.SensorBatch,
                doc: Doctrine, cls: MissileClass | None) -> list[float]:  # fmt: skip
    """Each radar's first detection (s after launch; inf: never) of the one arc of ``arcs``,
    under the doctrine (:func:`~bucarest.missile_defence.domain.doctrine.doctrine_engage`'s
    rules, refined between samples by bisection): the radar's range against the booster's
    cross-section before burnout and the warhead's after
    (:func:`~bucarest.missile_defence.domain.doctrine.radar_reach`), and a radar that
    ``needs_cue`` detects only once a radar cueing it holds a track (its detection plus its
    track time), never before.

    ``s`` are the timeline's samples of the arc (sorted by time); ``cls`` the missile class
    (None: free flight, the plain range)."""
    t = s.time[0]
    sig = signature(np, arcs, rotating, class_rcs([cls]))

    def seen(j: int) -> Any:
        def test(x: k.Samples) -> Any:
            return visible_at(np, x, sensors, j, radar_reach(np, x, sensors, doc, sig, j))

        return test

    def at(test: Any, x: float) -> bool:
        return bool(test(_samples_at(arcs, np.array([x]), rotating))[0, 0])

    tests = [seen(j) for j in range(int(sensors.range.shape[0]))]
    flags = [np.asarray(test(s))[0] for test in tests]

    def first_from(j: int, cue: float) -> float:
        """Radar j's first sight at or after ``cue`` (s; −inf: from launch, inf: never cued)."""
        if cue == math.inf:
            return math.inf
        if cue > t[0] and at(tests[j], cue):
            return cue
        idx = np.flatnonzero(flags[j] & (t > cue))
        if idx.size == 0:
            return math.inf
        i = int(idx[0])
        if i == 0:
            return float(t[0])
        return _bisect(max(float(t[i - 1]), cue), float(t[i]), lambda x: at(tests[j], x))

    first = [first_from(j, -math.inf) for j in range(len(tests))]
    cued_by = np.asarray(doc.cued_by, dtype=bool)
    needs = np.asarray(doc.needs_cue, dtype=bool)
    track = np.asarray(sensors.track_time, dtype=np.float64)
    detect = list(first)
    # A chain of cues settles in at most one pass per radar.
    for _ in range(len(tests)):
        nxt = [
            first_from(j, min((detect[c] + float(track[c]) for c in range(len(tests))
                               if c != j and cued_by[j, c]), default=math.inf))
            if needs[j] else first[j]
            for j in range(len(tests))
        ]  # fmt: skip
        if nxt == detect:
            break
        detect = nxt
    return detect


def _value(p: Parameter | None, scale: float = 1.0, missing: float = math.inf) -> float:
    return missing if p is None else p.value * scale


def doctrine_batch(xp: Any, cat: Catalogue, arch: Architecture,
                   radar_ids: Sequence[str]) -> Doctrine:  # fmt: skip
    """Doctrine arrays for the architecture's radars and sites (km → m, degrees → rad)."""
    radars = [cat.radar(r) for r in radar_ids]
    sites = [cat.site(s) for s in arch.sites]
    types = [cat.interceptor_type(s.type) for s in sites]
    ids = list(radar_ids)
    cued_by = np.zeros((len(ids), len(ids)), dtype=bool)
    for c, cuer in enumerate(ids):
        for target in arch.cued_radars(cuer):
            if target in ids:
                cued_by[ids.index(target), c] = True
    launch = np.array([[arch.launches(r, s.id) for r in ids] for s in sites], dtype=bool)
    engage = np.array([[arch.engages(r, s.id) for r in ids] for s in sites], dtype=bool)

    def arr(values: list[float]) -> Any:
        return xp.asarray(np.array(values, dtype=np.float64))

    return Doctrine(
        reference_rcs=arr([_value(r.reference_rcs_m2, missing=math.nan) for r in radars]),
        fire_control=xp.asarray(np.array([r.fire_control for r in radars], dtype=bool)),
        needs_cue=xp.asarray(np.array([r.needs_cue for r in radars], dtype=bool)),
        cued_by=xp.asarray(cued_by),
        track_error=arr([_value(r.track_error_km, 1000.0, 0.0) for r in radars]),
        track_drift=arr([_value(r.track_drift_m_s, missing=0.0) for r in radars]),
        launch_by=xp.asarray(launch.reshape(len(sites), len(ids))),
        engage_by=xp.asarray(engage.reshape(len(sites), len(ids))),
        commit=arr([_value(t.commit_time_s, missing=0.0) for t in types]),
        battle_space=arr([_value(t.min_battle_space_s, missing=0.0) for t in types]),
        seeker_range=arr([_value(t.seeker_range_km, 1000.0) for t in types]),
        divert=arr([_value(t.divert_km_s, 1000.0) for t in types]),
        max_closing=arr([_value(t.max_closing_km_s, 1000.0) for t in types]),
        max_crossing=arr([_value(t.max_crossing_deg, math.pi / 180.0) for t in types]),
        stocked=xp.asarray(np.array([s.interceptors.value >= 1 for s in sites], dtype=bool)),
    )


def class_rcs(classes: Sequence[MissileClass | None]) -> tuple[np.ndarray[Any, Any], ...]:
    """The booster's and the warhead's radar cross-sections (m²; nan: none given) of each
    class, as two arrays."""
    nan = math.nan
    booster = [_value(c.rcs_booster_m2, missing=nan) if c else nan for c in classes]
    warhead = [_value(c.rcs_warhead_m2, missing=nan) if c else nan for c in classes]
    return np.array(booster, dtype=np.float64), np.array(warhead, dtype=np.float64)


def signature(xp: Any, arcs: k.Arcs, rotating: bool,
              rcs: tuple[np.ndarray[Any, Any], ...]) -> Signature:  # fmt: skip
    """The threat's radar cross-sections per arc (``rcs``: booster and warhead, m², one per
    arc, from :func:`class_rcs`) and what gives its velocity at any sample (the conic:
    :func:`~bucarest.missile_defence.domain.doctrine.threat_velocity`)."""
    return Signature(
        burn_time=arcs.burn_time,
        rcs_booster=xp.asarray(rcs[0]),
        rcs_warhead=xp.asarray(rcs[1]),
        a=arcs.a,
        ecc=arcs.ecc,
        apogee_time=arcs.burn_time + (math.pi - arcs.m1) / arcs.n,
        burnout_radius=R + arcs.burnout_altitude,
        normal=k._cross(xp, arcs.e1, arcs.e2),
        rotating=rotating,
    )

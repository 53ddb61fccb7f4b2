"""Engagement doctrine: which intercept opportunities survive the sensors, the links and the
kill vehicle's limits, and which constraint binds when none does.

Example::

    >>> from bucarest.missile_defence.domain.doctrine import REASONS, IDEAL_REASONS
    >>> REASONS[2], REASONS[6]
    ('kinematics', 'sensor')
    >>> sorted(IDEAL_REASONS), REASONS[9]
    ([1, 2, 3, 4, 5], 'inventory')

The kernel's :func:`~bucarest.missile_defence.domain.kernel.opportunities` says where an
interceptor could meet each sample (band, range, fly-out). This module adds, per sample:

* **detection** against the target's radar cross-section: the radar equation gives
  R = R_ref·(σ/σ_ref)^¼, with the booster's σ during the boost and the warhead's after; a
  radar that ``needs_cue`` detects only once a radar cueing it holds a track
  (radar-to-radar cueing);
* **fire-control-quality track**: detection plus the radar's track time, and only from
  radars that give fire-control quality (early-warning radars cue, nothing more);
* **launch on remote**: a site launches on the first fire-control track of a radar whose
  link allows it, after its **commit time** and launch delay;
* **engage on remote**: a radar whose link allows it must have a fire-control track by the
  hand-over (``seeker range / closing speed`` before the intercept), and the kill vehicle must
  remove that track's error with its **divert** budget in the time to go (Δv = error / time);
  a track the radar no longer holds at the hand-over is extrapolated, its error growing by
  the radar's drift (m/s) for each second since it last saw the target;
* **altitude band**: a threat that never flies inside a site's band (too low for an
  exo-atmospheric interceptor, too high for a lower tier) is reported as such, before
  reach and fly-out (**kinematics**);
* **battle space**: the intercept must come ``min_battle_space_s`` before the threat falls
  below the site's minimum altitude;
* **inventory**: a site without interceptors (on the day, or swept to zero) engages
  nothing; a miss is reported as ``inventory`` where such a site would have engaged with the
  real sensors, or where only such sites would have with an ideal sensor;
* **closing speed and crossing angle** of the interceptor (speed from energy at the
  intercept altitude, direction along the chord from the site: an approximation) against the
  threat's velocity.

An *ideal sensor* is a perfect fire-control track from launch, held to impact, with no error:
the interceptor's own constraints (altitude band, reach, commit time, battle space, geometry)
still apply. A
miss is reported by its binding constraint (:data:`REASONS`): the first of the ideal chain
that empties the opportunities (:data:`IDEAL_REASONS`: kinematic or timeline, a sensor would
not help), else the first of the sensor chain (no launch track, track too late, no
fire-control track or too much error at hand-over).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from array_api_compat import device as _device

from bucarest.missile_defence.domain import kernel as k
from bucarest.missile_defence.domain.trajectory import MU, R

__all__ = [
    "IDEAL_CONSTRAINTS",
    "IDEAL_REASONS",
    "REASONS",
    "Doctrine",
    "DoctrineResult",
    "Signature",
    "doctrine_engage",
    "radar_reach",
    "threat_velocity",
    "visible_at",
]

Array = Any

#: Binding-constraint codes (0: engaged). 1–4 hold against an ideal sensor as well.
REASONS = {
    0: "none",
    1: "altitude-band",
    2: "kinematics",
    3: "commit-time",
    4: "battle-space",
    5: "intercept-geometry",
    6: "sensor",
    7: "track-timeline",
    8: "track-quality",
    9: "inventory",
}
IDEAL_REASONS = frozenset({1, 2, 3, 4, 5})
#: The names of :data:`IDEAL_REASONS`: kinematic or timeline limits a better sensor would not lift.
IDEAL_CONSTRAINTS = frozenset(REASONS[code] for code in IDEAL_REASONS)
_TINY = 1e-12


@dataclass(frozen=True)
class Doctrine:
    """Doctrine arrays beside the kernel's batches, for J radars and I sites.

    Radars: ``reference_rcs`` (J,) m² (nan: range independent of the target),
    ``fire_control`` (J,) bool, ``needs_cue`` (J,) bool, ``cued_by`` (J, J) bool
    (``cued_by[j, c]``: radar c cues radar j), ``track_error`` (J,) m, ``track_drift`` (J,) m/s
    (growth of the error once the radar no longer sees the target). Sites: ``launch_by`` and
    ``engage_by`` (I, J) bool, ``commit`` (I,) s, ``battle_space`` (I,) s, ``seeker_range`` (I,)
    m (inf: no seeker limit), ``divert`` (I,) m/s (inf: unlimited), ``max_closing`` (I,) m/s
    and ``max_crossing`` (I,) rad (inf: no limit), ``stocked`` (I,) bool (the site holds at
    least one interceptor)."""

    reference_rcs: Array
    fire_control: Array
    needs_cue: Array
    cued_by: Array
    track_error: Array
    track_drift: Array
    launch_by: Array
    engage_by: Array
    commit: Array
    battle_space: Array
    seeker_range: Array
    divert: Array
    max_closing: Array
    max_crossing: Array
    stocked: Array


@dataclass(frozen=True)
class Signature:
    """Per arc (M,): ``burn_time`` s, ``rcs_booster`` and ``rcs_warhead`` m² (nan: none
    given), and what gives the threat's velocity at any sample (:func:`threat_velocity`):
    the conic's semi-major axis ``a`` m, eccentricity ``ecc``, the time of apogee
    ``apogee_time`` s, the burnout radius ``burnout_radius`` m, the inertial orbit normal
    ``normal`` (M, 3), and whether the samples are in the rotating Earth's frame."""

    burn_time: Array
    rcs_booster: Array
    rcs_warhead: Array
    a: Array
    ecc: Array
    apogee_time: Array
    burnout_radius: Array
    normal: Array
    rotating: bool


def threat_velocity(xp: Any, sig: Signature, rows: Array, position: Array, time: Array,
                    altitude: Array) -> Array:  # fmt: skip
    """The threat's velocity (N, 3) m/s relative to the ground at N samples of arcs ``rows``
    (N,) (indices into the signature's arcs), given their ``position`` (N, 3) m, ``time``
    (N,) s and ``altitude`` (N,) m.

    Example::

        >>> import numpy as np
        >>> sig = Signature(*(np.array([v]) for v in (60.0, 1.0, 0.1, 7e6, 0.0, 1e9, 7e6)),
        ...                 np.array([[0.0, 0.0, 1.0]]), False)
        >>> v = threat_velocity(np, sig, np.array([0]), np.array([[7e6, 0.0, 0.0]]),
        ...                     np.array([100.0]), np.array([7e6 - R]))
        >>> [round(float(c)) for c in v[0]]  # a circular orbit at 7,000 km: 7.5 km/s along +y
        [0, 7546, 0]

    The conic's speed (vis-viva) and angular momentum give the transverse and radial parts,
    rising before apogee and falling after; during the boost the speed is taken at the
    burnout radius (an approximation: no interceptor here engages a boosting missile). Where
    the Earth turns, the orbit normal is turned with it and ω × r is taken off. Computed only
    where needed (the engagement asks for the samples inside a site's battle space), which
    keeps the threat field free of a velocity per sample."""
    burn = xp.take(sig.burn_time, rows)
    radius = xp.where(time < burn, xp.take(sig.burnout_radius, rows), R + altitude)
    a, ecc = xp.take(sig.a, rows), xp.take(sig.ecc, rows)
    speed2 = MU * (2.0 / radius - 1.0 / a)
    transverse = xp.sqrt(MU * a * (1.0 - ecc * ecc)) / radius
    radial = xp.sqrt(xp.maximum(speed2 - transverse * transverse, 0.0))
    radial = xp.where(time < xp.take(sig.apogee_time, rows), radial, -radial)
    normal = xp.take(sig.normal, rows, axis=0)
    nx, ny, nz = normal[:, 0], normal[:, 1], normal[:, 2]
    if sig.rotating:
        c, sn = xp.cos(-k.OMEGA * time), xp.sin(-k.OMEGA * time)
        nx, ny = nx * c - ny * sn, nx * sn + ny * c
    px, py, pz = position[:, 0], position[:, 1], position[:, 2]
    norm = xp.maximum(xp.sqrt(px * px + py * py + pz * pz), 1e-9)
    ux, uy, uz = px / norm, py / norm, pz / norm
    # along = normal × up
    vx = radial * ux + transverse * (ny * uz - nz * uy)
    vy = radial * uy + transverse * (nz * ux - nx * uz)
    vz = radial * uz + transverse * (nx * uy - ny * ux)
    if sig.rotating:  # relative to the rotating ground: less ω × r
        vx, vy = vx + k.OMEGA * py, vy - k.OMEGA * px
    return xp.stack([vx, vy, vz], axis=-1)


@dataclass(frozen=True)
class DoctrineResult:
    """Per arc (M,): ``engaged`` with the architecture's sensors, ``engaged_ideal`` with an
    ideal sensor, ``reason`` the binding constraint code (:data:`REASONS`; 0 when engaged),
    ``ideal_reason`` the same against an ideal sensor, ``fire`` the earliest launch (s; inf:
    none), ``first``/``last`` intercept (s; inf/−inf: none), ``detection`` (M, J) s."""

    engaged: Array
    engaged_ideal: Array
    reason: Array
    ideal_reason: Array
    fire: Array
    first: Array
    last: Array
    detection: Array


def visible_at(xp: Any, samples: k.Samples, sensors: k.SensorBatch, j: int, reach: Array,
               p2: Array | None = None) -> Array:  # fmt: skip
    """Whether radar ``j`` sees each sample (M, K) with a per-sample range ``reach`` (M, K) m:
    the kernel's geometry (minimum elevation over the curved Earth, azimuth sector);
    ``p2`` is |position|² (M, K) when the caller already has it."""
    if p2 is None:
        p2 = k._dot(xp, samples.position, samples.position)
    return k._visible(xp, samples, sensors, j, p2, reach)


def radar_reach(xp: Any, samples: k.Samples, sensors: k.SensorBatch, doc: Doctrine,
                sig: Signature, j: int) -> Array:  # fmt: skip
    """Radar ``j``'s range (M, K) m against the target at each sample (radar equation):
    R = R_ref·(σ/σ_ref)^¼, with the booster's σ before burnout and the warhead's after (the
    plain ``range`` where either σ is not given)."""
    ref = doc.reference_rcs[j]

    def scale(rcs: Array) -> Array:  # per arc: two powers per arc, none per sample
        s = (rcs / ref) ** 0.25
        return sensors.range[j] * xp.where(xp.isnan(s), 1.0, s)

    boost = samples.time < sig.burn_time[:, None]
    return xp.where(boost, scale(sig.rcs_booster)[:, None], scale(sig.rcs_warhead)[:, None])


def _any(xp: Any, mask: Array) -> Array:
    return xp.any(mask, axis=1)


def _scatter_any(xp: Any, where: Array, values: Array) -> Array:
    """Per arc (M,): whether any of ``values`` (N,), given at the samples ``where`` (M, K)
    holds, is true."""
    full = xp.zeros(where.shape, dtype=xp.bool, device=_device(where))
    full[where] = values
    return xp.any(full, axis=1)


def doctrine_engage(xp: Any, samples: k.Samples, sig: Signature, sensors: k.SensorBatch,
                    sites: k.SiteBatch, doc: Doctrine) -> DoctrineResult:  # fmt: skip
    """Intercept opportunities under the doctrine, per arc, with the binding constraint."""
    time = samples.time
    m = time.shape[0]
    dev = _device(time)
    inf = xp.asarray(math.inf, dtype=time.dtype, device=dev)
    n_radars = int(sensors.range.shape[0])
    p2 = k._dot(xp, samples.position, samples.position)
    seen = [visible_at(xp, samples, sensors, j, radar_reach(xp, samples, sensors, doc, sig, j), p2)
            for j in range(n_radars)]  # fmt: skip
    # Detection, with radar-to-radar cueing: a radar that needs a cue sees the target only once
    # a radar cueing it holds a track (two passes settle a chain of two cues).
    first_seen = [xp.min(xp.where(s, time, inf), axis=1) for s in seen]
    detect = list(first_seen)
    for _ in range(2):
        nxt = []
        for j in range(n_radars):
            if not bool(doc.needs_cue[j]):
                nxt.append(first_seen[j])
                continue
            cue = xp.full((m,), math.inf, dtype=time.dtype, device=dev)
            for c in range(n_radars):
                if c != j and bool(doc.cued_by[j, c]):
                    cue = xp.minimum(cue, detect[c] + sensors.track_time[c])
            nxt.append(xp.min(xp.where(seen[j] & (time >= cue[:, None]), time, inf), axis=1))
        detect = nxt
    fc_track = [
        detect[j] + sensors.track_time[j] if bool(doc.fire_control[j]) else xp.full((m,), math.inf, dtype=time.dtype, device=dev)
        for j in range(n_radars)
    ]  # fmt: skip
    # The last time each radar holds the target (after it has detected it): a hand-over later
    # than that uses the track extrapolated from there, its error growing with the drift.
    lost = [xp.max(xp.where(seen[j] & (time >= detect[j][:, None]), time, -inf), axis=1)
            for j in range(n_radars)]  # fmt: skip

    rows_all = xp.broadcast_to(xp.arange(m, device=dev)[:, None], time.shape)
    any_band = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_usable = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_k0 = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_k1 = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_bs = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_geo = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_fire = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_launch = xp.zeros((m,), dtype=xp.bool, device=dev)
    first = xp.full((m,), math.inf, dtype=time.dtype, device=dev)
    last = xp.full((m,), -math.inf, dtype=time.dtype, device=dev)
    fire_all = xp.full((m,), math.inf, dtype=time.dtype, device=dev)
    # A site without interceptors engages nothing, but its constraints still explain a miss:
    # where it could have engaged (ideal sensor), the inventory is the binding constraint.
    any_empty = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_empty_hit = xp.zeros((m,), dtype=xp.bool, device=dev)
    any_engageable = xp.zeros((m,), dtype=xp.bool, device=dev)
    for i in range(int(sites.speed.shape[0])):
        stocked = bool(doc.stocked[i])
        usable, flight = k.opportunities(xp, samples, sites, i)
        delay = sites.delay[i]
        k0 = usable & (delay + flight <= time)
        k1 = usable & (delay + doc.commit[i] + flight <= time)
        in_band = samples.valid & (samples.altitude >= sites.min_altitude[i])
        any_band = any_band | _any(xp, in_band & (samples.altitude <= sites.max_altitude[i]))
        exit_time = xp.max(xp.where(in_band, time, -inf), axis=1)
        bs = k1 & (time <= exit_time[:, None] - doc.battle_space[i])
        # Launch on remote: the first fire-control track of a radar allowed to launch.
        fire = xp.full((m,), math.inf, dtype=time.dtype, device=dev)
        for j in range(n_radars):
            if bool(doc.launch_by[i, j]):
                fire = xp.minimum(fire, fc_track[j])
        fire = fire + doc.commit[i] + delay
        any_usable = any_usable | _any(xp, usable)
        any_k0 = any_k0 | _any(xp, k0)
        any_k1 = any_k1 | _any(xp, k1)
        any_bs = any_bs | _any(xp, bs)
        any_fire = any_fire | (fire < inf)
        if stocked:
            fire_all = xp.minimum(fire_all, fire)
        # The rest (geometry, launch, hand-over) only matters inside the battle space: it is
        # computed on those samples alone, flattened (N,), and scattered back to (M, K).
        rows = rows_all[bs]
        t_s, pos_s, flight_s = time[bs], samples.position[bs], flight[bs]
        v_threat = threat_velocity(xp, sig, rows, pos_s, t_s, samples.altitude[bs])
        # Geometry: interceptor speed from energy at the intercept radius, along the chord.
        dx = pos_s[:, 0] - sites.position[i, 0]
        dy = pos_s[:, 1] - sites.position[i, 1]
        dz = pos_s[:, 2] - sites.position[i, 2]
        dist = xp.sqrt(dx * dx + dy * dy + dz * dz)
        v2 = sites.speed[i] ** 2 - 2.0 * MU * (1.0 / R - 1.0 / (R + samples.altitude[bs]))
        speed = xp.where(sites.kepler[i], xp.sqrt(xp.maximum(v2, 0.0)), sites.speed[i])
        scale = speed / xp.maximum(dist, _TINY)
        ix, iy, iz = dx * scale, dy * scale, dz * scale
        tx, ty, tz = v_threat[:, 0], v_threat[:, 1], v_threat[:, 2]
        rx, ry, rz = ix - tx, iy - ty, iz - tz
        closing = xp.sqrt(rx * rx + ry * ry + rz * rz)
        vt = xp.sqrt(tx * tx + ty * ty + tz * tz)
        cos_x = -(ix * tx + iy * ty + iz * tz) / xp.maximum(speed * vt, _TINY)
        crossing = xp.acos(xp.clip(cos_x, -1.0, 1.0))
        geo = (closing <= doc.max_closing[i]) & (crossing <= doc.max_crossing[i])
        # Time to go from seeker acquisition; without a seeker or divert limit, no check.
        unlimited = math.isinf(float(doc.seeker_range[i])) or math.isinf(float(doc.divert[i]))
        go = 0.0 * closing if unlimited else doc.seeker_range[i] / xp.maximum(closing, _TINY)
        handover = t_s - go
        engage_ok = xp.zeros(t_s.shape, dtype=xp.bool, device=dev)
        for j in range(n_radars):
            if bool(doc.engage_by[i, j]) and bool(doc.fire_control[j]):
                ready = xp.take(fc_track[j], rows) <= handover
                if not unlimited:
                    # Seconds of extrapolation (capped: a radar that never saw it has none).
                    stale = xp.clip(handover - xp.take(lost[j], rows), 0.0, 1e9)
                    error = doc.track_error[j] + doc.track_drift[j] * stale
                    ready = ready & (error <= doc.divert[i] * go)
                engage_ok = engage_ok | ready
        launched = geo & (xp.take(fire, rows) + flight_s <= t_s)
        hit = launched & engage_ok
        geo_any = _scatter_any(xp, bs, geo)
        any_geo = any_geo | geo_any
        any_launch = any_launch | _scatter_any(xp, bs, launched)
        if not stocked:
            any_empty = any_empty | geo_any
            any_empty_hit = any_empty_hit | _scatter_any(xp, bs, hit)
            continue
        any_engageable = any_engageable | geo_any
        earliest = xp.full(time.shape, math.inf, dtype=time.dtype, device=dev)
        earliest[bs] = xp.where(hit, t_s, inf)
        first = xp.minimum(first, xp.min(earliest, axis=1))
        latest = xp.full(time.shape, -math.inf, dtype=time.dtype, device=dev)
        latest[bs] = xp.where(hit, t_s, -inf)
        last = xp.maximum(last, xp.max(latest, axis=1))
    engaged = first < inf

    def code(value: int) -> Array:
        return xp.full((m,), value, dtype=xp.int8, device=dev)

    ideal = xp.where(any_k0, xp.where(any_k1, xp.where(any_bs, xp.where(any_geo, code(0),
                     code(5)), code(4)), code(3)), code(2))  # fmt: skip
    ideal = xp.where(any_usable, ideal, xp.where(any_band, code(2), code(1)))
    sensor = xp.where(any_fire, xp.where(any_launch, code(8), code(7)), code(6))
    # Only empty sites could engage, even with an ideal sensor: the inventory binds; an empty
    # site that would engage with the real sensors makes it bind whatever the others lack.
    ideal = xp.where(any_empty & ~any_engageable, code(9), ideal)
    reason = xp.where(engaged, code(0), xp.where(ideal == 0, sensor, ideal))
    reason = xp.where(~engaged & any_empty_hit, code(9), reason)
    detection = (
        xp.stack(detect, axis=1)
        if detect
        else xp.full((m, 0), math.inf, dtype=time.dtype, device=dev)
    )
    return DoctrineResult(engaged, any_engageable, reason, ideal, fire_all, first, last,
                          detection)  # fmt: skip

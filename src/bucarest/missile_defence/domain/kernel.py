"""Vectorised engagement kernel: threat arcs, radar detection and interceptor fly-out.

Example::

    >>> import numpy as np
    >>> from bucarest.missile_defence.domain.kernel import ThreatBatch, solve_arcs, unit_vectors
    >>> launch = unit_vectors(np, np.radians([35.69]), np.radians([51.39]))   # Tehran
    >>> target = unit_vectors(np, np.radians([52.52]), np.radians([13.40]))   # Berlin
    >>> batch = ThreatBatch(launch, target, burn_time=np.array([0.0]),
    ...     burnout_altitude=np.array([0.0]), boost_angle=np.array([0.0]),
    ...     max_speed=np.array([7000.0]), loft=np.array([0.0]))
    >>> arcs = solve_arcs(np, batch, rotating=False)
    >>> round(float(arcs.speed[0])), round(float(arcs.flight_time[0]))   # m/s, s
    (5170, 986)

Everything here is written against the Python array API standard (``xp`` is the
namespace: NumPy, CuPy, PyTorch through ``array_api_compat``, or ``array_api_strict`` in
the tests, which refuses anything outside the standard), so the same code runs on a GPU.
Branches are element-wise ``where``; the one data-dependent shape is in
:func:`opportunities`, which solves the costly fly-out only at the samples inside a site's
band and range by boolean-mask indexing (a feature of the standard that NumPy, CuPy and
PyTorch all implement). SI units inside: m, s, rad, m/s;
positions are Earth-centred Earth-fixed (ECEF) Cartesian metres on a sphere of radius
:data:`~bucarest.missile_defence.domain.trajectory.R`.

The threat model (the issue's "boost phase modelled simply"): the missile climbs along the
launch-target great circle to burnout altitude ``h_bo`` over ``boost_angle`` of ground
range during ``burn_time`` (altitude and angle both growing with t², a constant-
acceleration picture), then flies a vacuum two-body conic from burnout to the ground at the
target. The conic is the minimum-energy one between burnout and the target (Lambert's
minimum-energy transfer, BMW ch. 5.3: a = s/2, p = r₁r₂(1 − cos θ)/c), or, for a loft
angle δ, the conic whose burnout flight-path angle is γ* + δ (the orbit equation solved for
p at a fixed γ). Drag is ignored, as in the public defended-footprint analyses. With
``rotating=True`` the conic is solved in the inertial frame against the target's position
at impact (three fixed-point passes on the flight time) and the required speed is the
speed relative to the rotating ground; sample positions are rotated back to ECEF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from array_api_compat import device as _device

from bucarest.missile_defence.domain.trajectory import MU, R

__all__ = [
    "OMEGA",
    "Arcs",
    "Engagement",
    "Samples",
    "SensorBatch",
    "SiteBatch",
    "ThreatBatch",
    "boost_scale",
    "detection_times",
    "engage",
    "flyout_time",
    "opportunities",
    "sample_arcs",
    "solve_arcs",
    "state_at",
    "unit_vectors",
    "visible",
]

Array = Any
Namespace = Any

#: Earth's rotation rate (rad/s), IERS Conventions (2010) nominal value.
OMEGA = 7.292115e-5

_ROTATION_PASSES = 6
_BOOST_PASSES = 6
_SECANT_PASSES = 5
_RELAX = 0.8
_KEPLER_PASSES = 24
_TINY = 1e-12


# --- geometry ----------------------------------------------------------------------------


def _full(xp: Namespace, shape: tuple[int, ...], value: float, like: Array) -> Array:
    return xp.full(shape, value, dtype=like.dtype, device=_device(like))


def _scalar(xp: Namespace, value: float, like: Array) -> Array:
    return xp.asarray(value, dtype=like.dtype, device=_device(like))


def _even(xp: Namespace, count: int, like: Array, endpoint: bool = True) -> Array:
    return xp.linspace(0.0, 1.0, count, endpoint=endpoint, dtype=like.dtype, device=_device(like))


def unit_vectors(xp: Namespace, lat: Array, lon: Array) -> Array:
    """ECEF unit vectors (..., 3) for latitudes and longitudes in radians."""
    c = xp.cos(lat)
    return xp.stack([c * xp.cos(lon), c * xp.sin(lon), xp.sin(lat)], axis=-1)


def _dot(xp: Namespace, a: Array, b: Array) -> Array:
    # Written out: a reduction over a trailing axis of 3 is several times slower in NumPy.
    return a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2]


def _norm(xp: Namespace, a: Array) -> Array:
    return xp.sqrt(_dot(xp, a, a))


def _cross(xp: Namespace, a: Array, b: Array) -> Array:
    return xp.stack(
        [
            a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
            a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
            a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0],
        ],
        axis=-1,
    )


def _rotate_z(xp: Namespace, v: Array, angle: Array) -> Array:
    """Rotate vectors (..., 3) about the polar axis by ``angle`` (rad, broadcast on ...)."""
    c, s = xp.cos(angle), xp.sin(angle)
    return xp.stack(
        [v[..., 0] * c - v[..., 1] * s, v[..., 0] * s + v[..., 1] * c, v[..., 2]], axis=-1
    )


def _eccentric(xp: Namespace, nu: Array, e: Array) -> Array:
    """Eccentric anomaly from true anomaly, continuous for ν in (−2π, 2π) (BMW 4.2-14)."""
    half = nu / 2.0
    return 2.0 * xp.atan2(xp.sqrt(1.0 - e) * xp.sin(half), xp.sqrt(1.0 + e) * xp.cos(half))


# --- threat arcs --------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreatBatch:
    """M threat trajectories to solve; every field has leading shape (M,).

    ``launch`` and ``target`` are ECEF unit vectors (M, 3); ``burn_time`` (s),
    ``burnout_altitude`` (m) and ``boost_angle`` (rad of ground range) describe the boost;
    ``max_speed`` is the burnout speed the class can reach relative to the ground (m/s);
    ``loft`` is the flight-path angle added to the minimum-energy one (rad; 0 = minimum
    energy, positive = lofted, negative = depressed).

    ``scale_boost``: the boost fields are those of a flight to the class's maximum range,
    and a shorter flight burns shorter (see :func:`boost_scale`): burn time × s, burnout
    altitude and boost ground range × s², with s the burnout speed the flight needs over
    ``max_speed`` (at most 1). Off, every flight keeps the full boost.
    """

    launch: Array
    target: Array
    burn_time: Array
    burnout_altitude: Array
    boost_angle: Array
    max_speed: Array
    loft: Array
    scale_boost: bool = False


@dataclass(frozen=True)
class Arcs:
    """Solved threat trajectories (shape (M,) unless stated).

    ``reachable`` says whether the class reaches the target with this trajectory shape;
    the other fields are only meaningful where it is true. ``speed`` is the burnout speed
    needed relative to the ground (m/s), ``inertial_speed`` the same in the inertial frame
    (equal without rotation), ``gamma`` the inertial burnout flight-path angle (rad),
    ``flight_time`` launch to impact (s), ``apogee`` the apogee altitude (m),
    ``ground_range`` the launch-target angle (rad). ``e1``/``e2`` (M, 3) span the inertial
    trajectory plane with ``e1`` the launch point; the conic is (a, e, ν at burnout, mean
    anomalies at burnout and impact, mean motion n).
    """

    reachable: Array
    speed: Array
    inertial_speed: Array
    gamma: Array
    flight_time: Array
    apogee: Array
    ground_range: Array
    e1: Array
    e2: Array
    burn_time: Array
    burnout_altitude: Array
    boost_angle: Array
    a: Array
    ecc: Array
    nu1: Array
    e_anom1: Array
    e_anom2: Array
    m1: Array
    n: Array


def _plane(xp: Namespace, launch: Array, target: Array) -> tuple[Array, Array, Array]:
    cos_t = _dot(xp, launch, target)
    perp = target - cos_t[..., None] * launch
    sin_t = _norm(xp, perp)
    e2 = perp / xp.maximum(sin_t, _TINY)[..., None]
    return e2, xp.atan2(sin_t, cos_t), sin_t


def _conic_to_ground(
    xp: Namespace, r1: Array, theta: Array, loft: Array
) -> tuple[Array, Array, Array, Array]:
    """Speed (m/s), flight-path angle (rad), semi-latus rectum p (m) and validity of the
    conic from radius ``r1`` to the ground ``R`` over transfer angle ``theta`` (rad)."""
    r2 = R
    cos_t, sin_t = xp.cos(theta), xp.sin(theta)
    chord = xp.sqrt(r1 * r1 + r2 * r2 - 2.0 * r1 * r2 * cos_t)
    p_min = r1 * r2 * (1.0 - cos_t) / xp.maximum(chord, _TINY)
    # tan γ from the orbit equation p/r₂ = 1 − cos θ + (p/r₁)(cos θ − tan γ sin θ).
    safe_sin = xp.maximum(sin_t, _TINY)
    tan_min = ((p_min / r1) * cos_t + 1.0 - cos_t - p_min / r2) / ((p_min / r1) * safe_sin)
    gamma = xp.atan(tan_min) + loft
    tan_g = xp.tan(gamma)
    denom = 1.0 / r2 - (cos_t - tan_g * sin_t) / r1
    p = (1.0 - cos_t) / xp.where(denom > 0.0, denom, 1.0)
    ok = (denom > 0.0) & (gamma < math.pi / 2 - 1e-6) & (gamma > -math.pi / 2 + 1e-6)
    ok = ok & (theta > 1e-9)
    speed = xp.sqrt(MU * p) / (r1 * xp.cos(gamma))
    return speed, gamma, p, ok


def boost_scale(xp: Namespace, speed: Array, max_speed: Array) -> Array:
    """The share s of the full boost a flight needs: its burnout speed over the class's.

    The rule (an estimate, documented in docs/decisions.md): the kernel's boost is a
    constant-acceleration one (speed a·t, altitude and ground range growing with t²), and a
    missile aimed short of its maximum range cuts its thrust once it has the speed it needs
    (a liquid engine's cut-off, a solid motor's thrust termination or energy management).
    At the same acceleration the burn then lasts s·t_b and reaches s² of the burnout
    altitude and of the boost ground range, s = v/v_max. Clipped to [0.05, 1]; 1 where the
    class speed is unbounded (a pure free flight)."""
    s = xp.where(xp.isfinite(max_speed) & (max_speed > 0.0), speed / max_speed, 1.0)
    s = xp.where(xp.isfinite(s), s, 1.0)
    return xp.clip(s, 0.05, 1.0)


def solve_arcs(xp: Namespace, batch: ThreatBatch, rotating: bool) -> Arcs:
    """Solve M threat trajectories in closed form (see the module text for the model)."""
    launch = batch.launch
    total = xp.zeros_like(batch.burn_time)
    scale = xp.ones_like(batch.burn_time)
    passes = _ROTATION_PASSES if rotating else 1
    if batch.scale_boost:
        passes = max(passes, _BOOST_PASSES if rotating else _SECANT_PASSES)
        # Start from the minimum-energy speed from the surface over the ground range (BMW
        # 6.2-20), then solve s = v(s)/v_max: by secant steps on a fixed Earth (to 1e-9 in
        # five passes), by fixed-point passes relaxed by 0.8 on a rotating one (v falls as s
        # grows, so plain passes oscillate; to about 3e-5 of the speed and 3 ms of flight
        # time in six, the rotation's own passes, measured over iran-2008's 111,540 arcs).
        _e2, ground0, _s = _plane(xp, launch, batch.target)
        half = xp.sin(0.5 * ground0)
        scale = boost_scale(xp, xp.sqrt(MU / R * 2.0 * half / (1.0 + half)), batch.max_speed)
        prev_s = scale
        prev_h = xp.zeros_like(scale)
    # On a rotating Earth each pass also moves the target, which spoils the secant's slope:
    # there the two fixed points are iterated together, the boost's relaxed.
    warmup = passes if rotating else 0
    for step in range(passes):
        burn_time = batch.burn_time * scale
        h_bo = batch.burnout_altitude * scale * scale
        r1 = R + h_bo
        target = _rotate_z(xp, batch.target, OMEGA * total) if rotating else batch.target
        e2, ground, _sin = _plane(xp, launch, target)
        boost = xp.minimum(batch.boost_angle * scale * scale, 0.5 * ground)
        theta = ground - boost
        speed, gamma, p, ok = _conic_to_ground(xp, r1, theta, batch.loft)
        a = 1.0 / (2.0 / r1 - speed * speed / MU)
        ok = ok & (a > 0.0)
        a = xp.where(ok, a, r1)
        ecc = xp.sqrt(xp.clip(1.0 - p / a, 0.0, 1.0 - 1e-12))
        nu1 = xp.atan2((p / r1) * xp.tan(gamma), p / r1 - 1.0)
        nu2 = nu1 + theta
        e_1, e_2 = _eccentric(xp, nu1, ecc), _eccentric(xp, nu2, ecc)
        m1 = e_1 - ecc * xp.sin(e_1)
        m2 = e_2 - ecc * xp.sin(e_2)
        n = xp.sqrt(MU / (a * a * a))
        total = burn_time + (m2 - m1) / n
        relative = speed
        if rotating:
            up = xp.cos(boost)[..., None] * launch + xp.sin(boost)[..., None] * e2
            along = -xp.sin(boost)[..., None] * launch + xp.cos(boost)[..., None] * e2
            velocity = speed[..., None] * (
                xp.cos(gamma)[..., None] * along + xp.sin(gamma)[..., None] * up
            )
            # The inertial frame is the Earth-fixed one at launch, and the boost is drawn in
            # it, so the burnout point needs no rotation; the ground under it moves at ω × r.
            position = r1[..., None] * up
            ground_velocity = OMEGA * xp.stack(
                [-position[..., 1], position[..., 0], xp.zeros_like(position[..., 0])], axis=-1
            )
            relative = _norm(xp, velocity - ground_velocity)
        if batch.scale_boost:
            target_s = xp.where(ok, boost_scale(xp, relative, batch.max_speed), 1.0)
            h = target_s - scale
            slope = h - prev_h
            secant = scale - h * (scale - prev_s) / xp.where(xp.abs(slope) > 1e-12, slope, 1.0)
            use = (xp.abs(slope) > 1e-12) & (xp.abs(scale - prev_s) > 0.0) & (step > warmup)
            prev_s, prev_h = scale, h
            relaxed = scale + _RELAX * (target_s - scale)
            scale = xp.clip(xp.where(use, secant, relaxed), 0.05, 1.0)
    passes_apogee = (nu1 < math.pi) & (nu2 > math.pi)
    apogee = xp.where(passes_apogee, a * (1.0 + ecc), xp.maximum(r1, R)) - R
    reachable = ok & (relative <= batch.max_speed * (1.0 + 1e-9))
    return Arcs(
        reachable=reachable,
        speed=relative,
        inertial_speed=speed,
        gamma=gamma,
        flight_time=total,
        apogee=apogee,
        ground_range=ground,
        e1=launch,
        e2=e2,
        burn_time=burn_time,
        burnout_altitude=h_bo,
        boost_angle=boost,
        a=a,
        ecc=ecc,
        nu1=nu1,
        e_anom1=e_1,
        e_anom2=e_2,
        m1=m1,
        n=n,
    )


@dataclass(frozen=True)
class Samples:
    """Points along M arcs: ``time`` (M, K) s since launch, ``position`` (M, K, 3) ECEF m,
    ``altitude`` (M, K) m, ``valid`` (M, K) false on arcs that are not reachable."""

    time: Array
    position: Array
    altitude: Array
    valid: Array


def _place(
    xp: Namespace, arcs: Arcs, angle: Array, radius: Array, t: Array, rotating: bool
) -> Array:
    return _place_cs(xp, arcs, xp.cos(angle), xp.sin(angle), radius, t, rotating)


def _place_cs(xp: Namespace, arcs: Arcs, cos_a: Array, sin_a: Array, radius: Array, t: Array,
              rotating: bool) -> Array:  # fmt: skip
    # Component by component: no (M, K, 3) temporaries but the result.
    rc, rs = radius * cos_a, radius * sin_a
    x = rc * arcs.e1[:, 0:1] + rs * arcs.e2[:, 0:1]
    y = rc * arcs.e1[:, 1:2] + rs * arcs.e2[:, 1:2]
    z = rc * arcs.e1[:, 2:3] + rs * arcs.e2[:, 2:3]
    if rotating:
        c, s = xp.cos(-OMEGA * t), xp.sin(-OMEGA * t)
        x, y = x * c - y * s, x * s + y * c
    return xp.stack([x, y, z], axis=-1)


def _free_flight_points(
    xp: Namespace, arcs: Arcs, e_anom: Array, rotating: bool
) -> tuple[Array, Array, Array]:
    """Time (s), position and radius (m) at eccentric anomalies ``e_anom`` (M, K).

    The true anomaly enters only through its cosine and sine (BMW 4.2-14 and its sine
    companion), turned by the constant offset ν₁ − boost with the angle-sum formulas, so
    each sample costs one cos and one sin of E and no inverse trigonometry.
    """
    a, ecc = arcs.a[:, None], arcs.ecc[:, None]
    cos_e, sin_e = xp.cos(e_anom), xp.sin(e_anom)
    denom = 1.0 - ecc * cos_e
    radius = a * denom
    cos_nu = (cos_e - ecc) / denom
    sin_nu = xp.sqrt(1.0 - ecc * ecc) * sin_e / denom
    offset = arcs.boost_angle - arcs.nu1
    c, s = xp.cos(offset)[:, None], xp.sin(offset)[:, None]
    t = arcs.burn_time[:, None] + (e_anom - ecc * sin_e - arcs.m1[:, None]) / arcs.n[:, None]
    place = _place_cs(
        xp, arcs, cos_nu * c - sin_nu * s, sin_nu * c + cos_nu * s, radius, t, rotating
    )
    return t, place, radius


def sample_arcs(
    xp: Namespace,
    arcs: Arcs,
    rotating: bool,
    boost_points: int = 6,
    midcourse_points: int = 40,
    terminal_points: int = 16,
    terminal_altitude: float = 120_000.0,
) -> Samples:
    """Sample every arc: the boost at even times, the conic at even eccentric anomaly
    (dense where the missile is slow, near apogee), and the last ``terminal_altitude``
    metres of the descent at even altitude, so that low intercept bands are never skipped."""
    s = _even(xp, boost_points, arcs.a, endpoint=False)[None, :]
    t_boost = arcs.burn_time[:, None] * s
    angle_boost = arcs.boost_angle[:, None] * s * s
    radius_boost = R + arcs.burnout_altitude[:, None] * s * s
    p_boost = _place(xp, arcs, angle_boost, radius_boost, t_boost, rotating)

    ecc = arcs.ecc
    e_1, e_2 = arcs.e_anom1, arcs.e_anom2
    u = _even(xp, midcourse_points, arcs.a)[None, :]
    e_mid = e_1[:, None] + (e_2 - e_1)[:, None] * u
    t_mid, p_mid, r_mid = _free_flight_points(xp, arcs, e_mid, rotating)

    top = xp.minimum(R + terminal_altitude, arcs.a * (1.0 + ecc))
    w = _even(xp, terminal_points + 1, arcs.a)[None, 1:]
    r_term = top[:, None] + (R - top[:, None]) * w
    cos_e = xp.clip((1.0 - r_term / arcs.a[:, None]) / xp.maximum(ecc, _TINY)[:, None], -1.0, 1.0)
    e_term = xp.clip(2.0 * math.pi - xp.acos(cos_e), e_1[:, None], e_2[:, None])
    t_term, p_term, r_term2 = _free_flight_points(xp, arcs, e_term, rotating)

    time = xp.concat([t_boost, t_mid, t_term], axis=1)
    position = xp.concat([p_boost, p_mid, p_term], axis=1)
    altitude = xp.concat([radius_boost, r_mid, r_term2], axis=1) - R
    valid = xp.broadcast_to(arcs.reachable[:, None], time.shape)
    return Samples(time=time, position=position, altitude=altitude, valid=valid)


def _solve_kepler(xp: Namespace, mean: Array, ecc: Array) -> Array:
    """Eccentric anomaly with E − e sin E = M by a fixed number of Newton passes (GPU-safe)."""
    e_anom = mean + 0.85 * ecc * xp.where(xp.sin(mean) >= 0.0, 1.0, -1.0)
    for _ in range(_KEPLER_PASSES):
        e_anom = e_anom - (e_anom - ecc * xp.sin(e_anom) - mean) / (1.0 - ecc * xp.cos(e_anom))
    return e_anom


def state_at(xp: Namespace, arcs: Arcs, t: Array, rotating: bool) -> tuple[Array, Array]:
    """ECEF position (M, T, 3) m and altitude (M, T) m of every arc at times ``t`` (M, T) s
    since launch; times after impact give the impact point."""
    t = xp.clip(t, 0.0, arcs.flight_time[:, None])
    in_boost = t < arcs.burn_time[:, None]
    s = t / xp.maximum(arcs.burn_time[:, None], _TINY)
    s = xp.where(in_boost, s, 1.0)
    mean = arcs.m1[:, None] + arcs.n[:, None] * xp.maximum(t - arcs.burn_time[:, None], 0.0)
    e_anom = _solve_kepler(xp, mean, arcs.ecc[:, None] + 0.0 * mean)
    _t, p_free, r_free = _free_flight_points(xp, arcs, e_anom, rotating)
    angle_boost = arcs.boost_angle[:, None] * s * s
    radius_boost = R + arcs.burnout_altitude[:, None] * s * s
    p_boost = _place(xp, arcs, angle_boost, radius_boost, t, rotating)
    position = xp.where(in_boost[..., None], p_boost, p_free)
    radius = xp.where(in_boost, radius_boost, r_free)
    return position, radius - R


# --- sensors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensorBatch:
    """J radars: ``position`` (J, 3) ECEF m on the surface, ``range`` (J,) m,
    ``sin_min_elevation`` (J,), ``track_time`` (J,) s from first detection to a
    firing-quality track, and an azimuth sector ``azimuth`` (J,) rad clockwise from north
    with ``half_width`` (J,) rad (π for a radar that sees all round)."""

    position: Array
    range: Array
    sin_min_elevation: Array
    track_time: Array
    azimuth: Array
    half_width: Array


def visible(xp: Namespace, samples: Samples, sensors: SensorBatch, j: int) -> Array:
    """Whether radar ``j`` sees each sample (M, K): within range, above its minimum
    elevation over the curved Earth, inside its azimuth sector."""
    return _visible(xp, samples, sensors, j, _dot(xp, samples.position, samples.position))


def _visible(xp: Namespace, samples: Samples, sensors: SensorBatch, j: int, p2: Array,
             reach: Array | None = None) -> Array:  # fmt: skip
    """:func:`visible` given ``p2`` = |position|² (M, K), shared by every radar, and optionally
    a per-sample range ``reach`` (M, K) m in place of the radar's own. With
    d = p − s and s = |s|·up: d·up = p·up − |s| and |d|² = |p|² − 2|s| p·up + |s|², so one
    matrix product per radar replaces the (M, K, 3) difference (several times faster)."""
    site = sensors.position[j, :]
    r_site = _norm(xp, site)
    up = site / r_site
    along = xp.matmul(samples.position, up)
    dist = xp.sqrt(xp.maximum(p2 - 2.0 * r_site * along + r_site * r_site, 0.0))
    sin_el = (along - r_site) / xp.maximum(dist, _TINY)
    limit = sensors.range[j] if reach is None else reach
    seen = samples.valid & (dist <= limit) & (sin_el >= sensors.sin_min_elevation[j])
    seen = seen & (samples.altitude >= 0.0)
    if float(sensors.half_width[j]) >= math.pi:
        return seen
    # East is ẑ × up; at a pole any horizontal direction will do. The site has no east or
    # north component, so d·east = p·east and d·north = p·north. Inside the sector means an
    # angle to the boresight b of at most the half width w: h·b >= cos(w)·|h| for the
    # horizontal part h of d (no arctangent; w in [0, π], so cos is monotonic).
    horizontal = xp.maximum(xp.sqrt(up[0] * up[0] + up[1] * up[1]), _TINY)
    east = xp.stack([-up[1] / horizontal, up[0] / horizontal, 0.0 * up[2]])
    north = _cross(xp, up, east)
    az = sensors.azimuth[j]
    boresight = xp.sin(az) * east + xp.cos(az) * north
    h_b = xp.matmul(samples.position, boresight)
    h_2 = xp.maximum(dist * dist - (along - r_site) * (along - r_site), 0.0)
    return seen & (h_b >= xp.cos(sensors.half_width[j]) * xp.sqrt(h_2))


def detection_times(xp: Namespace, samples: Samples, sensors: SensorBatch) -> Array:
    """First sample time (M, J) s at which each radar sees each arc (inf: never)."""
    inf = _scalar(xp, math.inf, samples.time)
    p2 = _dot(xp, samples.position, samples.position)
    columns = []
    for j in range(sensors.range.shape[0]):
        seen = _visible(xp, samples, sensors, j, p2)
        columns.append(xp.min(xp.where(seen, samples.time, inf), axis=1))
    if not columns:
        return _full(xp, (samples.time.shape[0], 0), math.inf, samples.time)
    return xp.stack(columns, axis=1)


# --- interceptors -------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteBatch:
    """I interceptor sites: ``position`` (I, 3) ECEF m, ``speed`` (I,) burnout speed m/s,
    ``burn_time`` (I,) s, ``min_altitude``/``max_altitude`` (I,) m, ``max_range`` (I,) m
    of chord from the site, ``delay`` (I,) s from firing-quality track to launch,
    ``kepler`` (I,) bool (the interceptor type's ``flyout`` label; since issue 14 every
    interceptor flies the same fan with gravity, :func:`flyout_time`, and the flag is only
    kept for callers that build the batch), and ``cued_by`` (I, J) bool: which radars feed
    each site."""

    position: Array
    speed: Array
    burn_time: Array
    min_altitude: Array
    max_altitude: Array
    max_range: Array
    delay: Array
    kepler: Array
    cued_by: Array


def flyout_time(
    xp: Namespace, site: Array, points: Array, speed: Array, burn_time: Array
) -> tuple[Array, Array]:
    """Interceptor time of flight (s) from ``site`` (3,) to ``points`` (..., 3), and whether
    the point is reachable at all; one model with gravity for every interceptor.

    The burn: the speed grows evenly to the burnout speed V during ``burn_time`` t_b along
    a straight line (distance V·t²/(2t_b), so t = √(2 d t_b/V) for points within V·t_b/2),
    and the interceptor then lags t_b/2 behind one that left at full speed. After burnout:
    a Keplerian fan, the fastest of the two conics from the site at speed V through the
    point (the orbit equation p(1/r − (cos θ − tan γ sin θ)/R) = 1 − cos θ with
    p = R²V²cos²γ/μ is a quadratic in tan γ; its lower root above the horizon is the direct
    shot, taken in the cancellation-free form 2c/(b + √disc)), plus t_b/2. Straight up the
    fan is the radial Kepler orbit r = a(1 − cos E), t = √(a³/μ)(E − sin E). Gravity thus
    slows every climb (the burnout speed V is the published one, after the burn's own
    gravity and drag losses) and bounds the reachable altitude: a point above the fan's
    envelope is not reachable at any flight-path angle.
    """
    r_site = _norm(xp, site)
    up = site / r_site
    d = points - site
    dist = _norm(xp, d)
    # The point's radius and its height along the site's vertical give θ without a cross
    # product (this function is the costliest part of an engagement).
    along = _dot(xp, points, up)
    r_p2 = _dot(xp, points, points)
    r_p = xp.sqrt(r_p2)
    sin_el = (along - r_site) / xp.maximum(dist, _TINY)
    in_burn = dist <= speed * burn_time / 2.0
    burn_t = xp.sqrt(2.0 * dist * burn_time / speed)

    cos_t = xp.clip(along / r_p, -1.0, 1.0)
    sin_t = xp.sqrt(xp.maximum(r_p2 - along * along, 0.0)) / r_p
    one_minus = sin_t * sin_t / (1.0 + cos_t)
    k = R * speed * speed / MU
    a = 1.0 / (2.0 / R - speed * speed / MU)
    big_a = xp.maximum(one_minus, _TINY * _TINY)
    big_b = k * sin_t
    big_c = one_minus - k * (R / r_p - cos_t)
    disc = big_b * big_b - 4.0 * big_a * big_c
    root = xp.sqrt(xp.maximum(disc, 0.0))
    low = 2.0 * big_c / xp.maximum(big_b + root, _TINY)
    high = (big_b + root) / (2.0 * big_a)
    tan_g = xp.where(low >= 0.0, low, high)
    fan_ok = (disc >= 0.0) & (tan_g >= 0.0)
    cos_g2 = 1.0 / (1.0 + tan_g * tan_g)
    p = R * k * cos_g2
    ecc = xp.sqrt(xp.clip(1.0 - p / a, 0.0, 1.0 - 1e-12))
    nu1 = xp.atan2((p / R) * tan_g, p / R - 1.0)
    theta = xp.atan2(sin_t, cos_t)
    e_1, e_2 = _eccentric(xp, nu1, ecc), _eccentric(xp, nu1 + theta, ecc)
    root_mu = xp.sqrt(a * a * a / MU)
    coast = (e_2 - ecc * xp.sin(e_2) - e_1 + ecc * xp.sin(e_1)) * root_mu
    coast_ok = fan_ok
    # Straight up (θ → 0) the quadratic degenerates: the radial orbit, rising branch.
    vertical = one_minus < 1e-8
    if bool(xp.any(vertical)):
        e_r = xp.acos(xp.clip(1.0 - R / a, -1.0, 1.0))
        e_h = xp.acos(xp.clip(1.0 - r_p / a, -1.0, 1.0))
        radial = (e_h - xp.sin(e_h) - e_r + xp.sin(e_r)) * root_mu
        coast = xp.where(vertical, radial, coast)
        coast_ok = xp.where(vertical, (r_p <= 2.0 * a) & (r_p >= R), fan_ok)
    fan = xp.where(in_burn, burn_t, burn_time / 2.0 + coast)
    return fan, xp.where(in_burn, sin_el >= 0.0, coast_ok)


def opportunities(xp: Namespace, samples: Samples, sites: SiteBatch, i: int) -> tuple[Array, Array]:
    """Where site ``i`` could meet each sample (inside its altitude band and range, with a
    fly-out solution) and the fly-out time (s) to get there; both (M, K)."""
    site = sites.position[i, :]
    # |p − s|² = |p|² − 2 p·s + |s|², with one matrix product instead of an (M, K, 3) array.
    chord2 = (
        _dot(xp, samples.position, samples.position)
        - 2.0 * xp.matmul(samples.position, site)
        + _dot(xp, site, site)
    )
    near = samples.valid & (chord2 <= sites.max_range[i] * sites.max_range[i])
    near = near & (samples.altitude >= sites.min_altitude[i])
    near = near & (samples.altitude <= sites.max_altitude[i])
    # The fly-out is the costly part: solve it only where the band and range allow an
    # intercept (boolean indexing is the standard's data-dependent-shape feature, which
    # NumPy, CuPy and PyTorch all have).
    flight = _full(xp, near.shape, math.inf, samples.time)
    ok = xp.zeros(near.shape, dtype=xp.bool, device=_device(near))
    if bool(xp.any(near)):
        f, good = flyout_time(xp, site, samples.position[near], sites.speed[i], sites.burn_time[i])
        flight[near] = f
        ok[near] = good
    return near & ok, flight


@dataclass(frozen=True)
class Engagement:
    """Per arc (M,): ``engaged`` with the architecture's sensors, ``engaged_ideal`` with a
    perfect track from launch (so a miss that this turns into a hit is sensor-limited),
    ``first``/``last`` intercept opportunity times (s since launch; inf/−inf when none),
    ``shots`` shoot-look-shoot opportunities (capped at the number asked), ``fire`` the
    earliest launch time of any site (s; inf when no site gets a track)."""

    engaged: Array
    engaged_ideal: Array
    first: Array
    last: Array
    shots: Array
    fire: Array


def engage(
    xp: Namespace,
    samples: Samples,
    detections: Array,
    sensors: SensorBatch,
    sites: SiteBatch,
    shots: int = 1,
    assessment_time: float = 60.0,
) -> Engagement:
    """Intercept opportunities of every site against every sampled arc.

    A sample point is an opportunity for a site when it lies inside the site's altitude
    band and range, and an interceptor launched ``delay`` after the site's first
    firing-quality track (the earliest detection plus track time over the radars that cue
    it) gets there no later than the threat. Shoot-look-shoot: the next shot leaves
    ``assessment_time`` (s) after the previous intercept and needs a later opportunity.
    """
    time = samples.time
    m = time.shape[0]
    inf = _scalar(xp, math.inf, time)
    track = detections + sensors.track_time[None, :]
    first = _full(xp, (m,), math.inf, time)
    last = _full(xp, (m,), -math.inf, time)
    fire_all = _full(xp, (m,), math.inf, time)
    first_ideal = _full(xp, (m,), math.inf, time)
    reach: list[tuple[Array, Array]] = []
    for i in range(sites.speed.shape[0]):
        cue = xp.where(sites.cued_by[i, :][None, :], track, inf)
        fire = xp.min(cue, axis=1) if cue.shape[1] else _full(xp, (m,), math.inf, time)
        fire = fire + sites.delay[i]
        usable, flight = opportunities(xp, samples, sites, i)
        hit = usable & (fire[:, None] + flight <= time)
        first = xp.minimum(first, xp.min(xp.where(hit, time, inf), axis=1))
        last = xp.maximum(last, xp.max(xp.where(hit, time, -inf), axis=1))
        fire_all = xp.minimum(fire_all, fire)
        ideal = usable & (sites.delay[i] + flight <= time)
        first_ideal = xp.minimum(first_ideal, xp.min(xp.where(ideal, time, inf), axis=1))
        reach.append((usable, flight))
    count = xp.astype(first < inf, xp.int32)
    previous = first
    for _ in range(1, shots):
        launch = previous + assessment_time
        nxt = _full(xp, (m,), math.inf, time)
        for usable, flight in reach:
            hit = usable & (launch[:, None] + flight <= time) & (time > previous[:, None])
            nxt = xp.minimum(nxt, xp.min(xp.where(hit, time, inf), axis=1))
        count = count + xp.astype(nxt < inf, xp.int32)
        previous = nxt
    return Engagement(
        engaged=first < inf,
        engaged_ideal=first_ideal < inf,
        first=first,
        last=last,
        shots=count,
        fire=fire_all,
    )

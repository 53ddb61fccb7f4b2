"""Keplerian free flight of a ballistic missile over a spherical, non-rotating Earth.

Example::

    >>> import math
    >>> from bucarest.missile_defence.domain.trajectory import R, free_flight_range, minimum_energy
    >>> v, gamma = minimum_energy(2_000_000.0 / R)          # 2,000 km ground range
    >>> round(float(v)), round(math.degrees(float(gamma)), 2)   # m/s, degrees
    (4113, 40.5)
    >>> round(float(free_flight_range(v, gamma)) * R / 1000.0, 3)   # km
    2000.0

Pure numeric core in the poliastro manner: floats and numpy arrays in SI units (m, s, rad,
m/s) in and out, nothing else imported, every function vectorised by numpy broadcasting.
Conversions (km, degrees, lat/lon) belong to the callers at the edge.

The model is the one of Bate, Mueller & White, *Fundamentals of Astrodynamics* (Dover, 1971),
chapter 6.2, "the general ballistic missile problem": after burnout at radius ``r_bo`` with
speed ``v_bo`` and flight-path angle ``gamma`` above the local horizontal, the missile flies
a two-body conic until it comes back to the same radius (a symmetric arc). The
dimensionless parameter is Q = v²r/μ (BMW eq. 6.2-1); the semi-major axis a = r/(2 − Q)
(6.2-4), the semi-latus rectum p = rQcos²γ and the eccentricity e² = 1 + Q(Q − 2)cos²γ
follow from the constants of the motion (BMW 1.4-2, 1.5-5). Times come from Kepler's
equation with the eccentric anomaly (BMW 4.2, 6.2-22). Equation numbers are those of the
1971 edition as encoded in the public test oracle ``lemming622/BMW_test_package``.

Angles are computed with ``atan2`` rather than ``acos`` so that every quadrant is right
(ground ranges beyond 180° for speeds above circular, apogee exactly reached).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bucarest.core.errors import N_, InvalidInputError

__all__ = [
    "MU",
    "R",
    "altitude_band_entry",
    "apogee",
    "flight_time",
    "free_flight_range",
    "gamma_for_range",
    "minimum_energy",
    "state_along",
]

_Array = npt.NDArray[np.float64]

#: Mean radius of the spherical Earth (m).
R = 6_371_000.0
#: Earth's gravitational parameter GM (m³/s²), IERS/WGS-84 value.
MU = 3.986004418e14

_KEPLER_ITERATIONS = 30
_KEPLER_TOL = 1e-15


# --- validation -------------------------------------------------------------------------


def _floats(*values: npt.ArrayLike) -> list[_Array]:
    return [np.asarray(v, dtype=np.float64) for v in values]


def _first_bad(value: _Array, bad: npt.NDArray[np.bool_]) -> float:
    return float(np.broadcast_to(value, bad.shape)[bad].flat[0])


def _check_radius(r_bo: _Array) -> None:
    bad = ~np.isfinite(r_bo) | (r_bo < R)
    if np.any(bad):
        raise InvalidInputError(
            N_("a burnout radius of {radius} m is not allowed; expected at least {minimum} m"),
            radius=f"{_first_bad(r_bo, bad):.6g}",
            minimum=f"{R:.0f}",
        )


def _check_speed(v_bo: _Array) -> None:
    bad = ~np.isfinite(v_bo) | (v_bo <= 0.0)
    if np.any(bad):
        raise InvalidInputError(
            N_("a burnout speed of {speed} m/s is not allowed; expected a positive speed"),
            speed=f"{_first_bad(v_bo, bad):.6g}",
        )


def _check_gamma(gamma: _Array) -> None:
    bad = ~np.isfinite(gamma) | (gamma <= 0.0) | (gamma >= math.pi / 2)
    if np.any(bad):
        raise InvalidInputError(
            N_(
                "a flight-path angle of {angle}° is not allowed; "
                "expected more than 0° and less than 90° above the horizontal"
            ),
            angle=f"{math.degrees(_first_bad(gamma, bad)):.6g}",
        )


def _q(v_bo: _Array, r_bo: _Array) -> _Array:
    """Q = v²r/μ (BMW 6.2-1), refusing speeds at or above escape (Q ≥ 2: no re-entry)."""
    q = v_bo**2 * r_bo / MU
    bad = q >= 2.0
    if np.any(bad):
        raise InvalidInputError(
            N_(
                "a burnout speed of {speed} m/s escapes the Earth and never comes back; "
                "expected less than {limit} m/s"
            ),
            speed=f"{_first_bad(v_bo, bad):.6g}",
            limit=f"{math.sqrt(2.0 * MU / _first_bad(r_bo, bad)):.0f}",
        )
    return np.asarray(q, dtype=np.float64)


def _burnout(
    v_bo: npt.ArrayLike, gamma: npt.ArrayLike, r_bo: npt.ArrayLike
) -> tuple[_Array, _Array, _Array, _Array]:
    v, g, r = _floats(v_bo, gamma, r_bo)
    _check_speed(v)
    _check_gamma(g)
    _check_radius(r)
    v, g, r = np.broadcast_arrays(v, g, r)
    return v, g, r, _q(v, r)


def _conic(q: _Array, gamma: _Array, r_bo: _Array) -> tuple[_Array, _Array, _Array, _Array]:
    """Semi-major axis a (m), eccentricity e, eccentric and mean anomalies at burnout (rad).

    a = r/(2 − Q) (BMW 6.2-4); e² = 1 − Q(2 − Q)cos²γ; on the rising branch
    e cos E = 1 − r/a = Q − 1 and e sin E = r·ṙ/√(μa) = √(Q(2 − Q)) sin γ (BMW 4.2).
    """
    a = r_bo / (2.0 - q)
    e_cos = q - 1.0
    e_sin = np.sqrt(q * (2.0 - q)) * np.sin(gamma)
    e = np.hypot(e_cos, e_sin)
    e_anom = np.arctan2(e_sin, e_cos)
    return a, e, e_anom, e_anom - e_sin


def _mean_motion(a: _Array) -> _Array:
    return np.asarray(np.sqrt(MU / a**3), dtype=np.float64)


# --- closed forms -----------------------------------------------------------------------


def free_flight_range(v_bo: npt.ArrayLike, gamma: npt.ArrayLike, r_bo: npt.ArrayLike = R) -> _Array:
    """Free-flight ground range angle Ψ (rad) of the symmetric arc from burnout.

    Example::

        >>> import math
        >>> psi = free_flight_range(6000.0, math.radians(40.0))     # m/s, rad
        >>> round(float(psi) * R / 1000.0, 1)                       # km on the ground
        5150.5

    ``v_bo`` is the burnout speed (m/s), ``gamma`` the flight-path angle above the local
    horizontal (rad, strictly between 0 and π/2), ``r_bo`` the burnout radius (m, at least
    :data:`R`). The arc comes back to ``r_bo``; Ψ is the angle at the Earth's centre between
    burnout and that point, so the ground distance is Ψ·R. This is the free-flight range
    equation, BMW eq. 6.2-12,

    .. math:: \\cos\\frac{\\Psi}{2} = \\frac{1 - Q\\cos^2\\gamma}{\\sqrt{1 + Q(Q-2)\\cos^2\\gamma}},

    written with its sine companion, sin(Ψ/2) = Q sin γ cos γ / e (from BMW 6.2-7 and
    e sin ν = p ṙ/h), so that ``atan2`` gives Ψ beyond π for Q > 1 too.
    """
    _v, g, r, q = _burnout(v_bo, gamma, r_bo)
    return np.asarray(
        2.0 * np.arctan2(q * np.sin(g) * np.cos(g), 1.0 - q * np.cos(g) ** 2), dtype=np.float64
    )


def apogee(v_bo: npt.ArrayLike, gamma: npt.ArrayLike, r_bo: npt.ArrayLike = R) -> _Array:
    """Apogee altitude (m) above the spherical surface :data:`R` of the free-flight arc.

    Example::

        >>> import math
        >>> round(float(apogee(6000.0, math.radians(40.0))) / 1000.0, 1)   # km
        1322.9

    Inputs as :func:`free_flight_range` (m/s, rad, m). The apogee radius is a(1 + e) of the
    conic with a = r/(2 − Q) (BMW 6.2-4) and e² = 1 + Q(Q − 2)cos²γ (BMW 1.5-5 with
    p = rQcos²γ); the altitude is that radius less R.
    """
    _v, g, r, q = _burnout(v_bo, gamma, r_bo)
    a, e, _e_anom, _m = _conic(q, g, r)
    return np.asarray(a * (1.0 + e) - R, dtype=np.float64)


def flight_time(v_bo: npt.ArrayLike, gamma: npt.ArrayLike, r_bo: npt.ArrayLike = R) -> _Array:
    """Time of free flight (s) from burnout back to the burnout radius.

    Example::

        >>> import math
        >>> round(float(flight_time(6000.0, math.radians(40.0))))   # s
        1442

    Inputs as :func:`free_flight_range` (m/s, rad, m). The arc is symmetric about apogee,
    where the eccentric anomaly is π, so (BMW eq. 6.2-22)

    .. math:: t_{ff} = 2\\sqrt{a^3/\\mu}\\,(\\pi - E_{bo} + e\\sin E_{bo}).
    """
    _v, g, r, q = _burnout(v_bo, gamma, r_bo)
    a, _e, _e_anom, m_bo = _conic(q, g, r)
    return np.asarray(2.0 * (math.pi - m_bo) / _mean_motion(a), dtype=np.float64)


def _check_psi(psi: _Array) -> None:
    bad = ~np.isfinite(psi) | (psi <= 0.0) | (psi >= math.pi)
    if np.any(bad):
        raise InvalidInputError(
            N_(
                "a ground range angle of {angle}° is not allowed; "
                "expected more than 0° and less than 180°"
            ),
            angle=f"{math.degrees(_first_bad(psi, bad)):.6g}",
        )


def minimum_energy(psi: npt.ArrayLike, r_bo: npt.ArrayLike = R) -> tuple[_Array, _Array]:
    """Burnout speed (m/s) and flight-path angle (rad) of the minimum-energy arc for a range.

    Example::

        >>> import math
        >>> v, gamma = minimum_energy(math.pi / 2)           # a quarter of the globe
        >>> round(math.degrees(float(gamma)), 3)             # (180° − 90°)/4
        22.5
        >>> round(float(v))                                  # m/s, √(Qμ/R), Q = 2(√2 − 1)
        7199

    ``psi`` is the ground range angle (rad, strictly between 0 and π), ``r_bo`` the burnout
    radius (m). The minimum-energy arc is the one of least Q for the range (BMW eqs. 6.2-18
    and 6.2-20):

    .. math:: \\gamma^* = \\tfrac14(\\pi - \\Psi), \\qquad
              Q^* = \\frac{2\\sin(\\Psi/2)}{1 + \\sin(\\Psi/2)}, \\qquad v = \\sqrt{Q^*\\mu/r}.
    """
    p, r = _floats(psi, r_bo)
    _check_psi(p)
    _check_radius(r)
    s = np.sin(p / 2.0)
    q = 2.0 * s / (1.0 + s)
    return (
        np.asarray(np.sqrt(q * MU / r), dtype=np.float64),
        np.asarray(np.broadcast_to((math.pi - p) / 4.0, np.broadcast(p, r).shape), np.float64),
    )


def gamma_for_range(
    v_bo: npt.ArrayLike, psi: npt.ArrayLike, lofted: bool, r_bo: npt.ArrayLike = R
) -> _Array:
    """Flight-path angle (rad) that carries a burnout speed over a ground range angle.

    Example::

        >>> import math
        >>> v = 5000.0                                              # m/s
        >>> low = gamma_for_range(v, 0.4, lofted=False)             # 0.4 rad ≈ 2,548 km
        >>> high = gamma_for_range(v, 0.4, lofted=True)
        >>> round(math.degrees(float(low)), 2), round(math.degrees(float(high)), 2)
        (20.63, 57.91)
        >>> round(float(free_flight_range(v, high)), 12)            # rad
        0.4

    ``v_bo`` in m/s, ``psi`` in rad (strictly between 0 and π), ``r_bo`` in m. Below
    circular speed (Q < 1) two arcs reach the range, a depressed one (``lofted=False``) and
    a lofted one (``lofted=True``); they meet at the minimum-energy angle (π − Ψ)/4. At or
    above circular speed the depressed root is not above the horizon and both flags return
    the one arc. The roots come from the flight-path-angle equation (BMW eq. 6.2-16)

    .. math:: \\sin\\left(2\\gamma + \\frac{\\Psi}{2}\\right)
              = \\frac{2 - Q}{Q}\\sin\\frac{\\Psi}{2}.

    Raises :class:`~bucarest.core.errors.InvalidInputError` when the speed is too low for
    the range (the right-hand side above 1, i.e. Q below the minimum-energy Q of
    :func:`minimum_energy`).
    """
    v, p, r = _floats(v_bo, psi, r_bo)
    _check_speed(v)
    _check_psi(p)
    _check_radius(r)
    v, p, r = np.broadcast_arrays(v, p, r)
    q = _q(v, r)
    rhs = (2.0 - q) / q * np.sin(p / 2.0)
    # One part in 10¹² above 1 is rounding of the minimum-energy speed itself.
    bad = rhs > 1.0 + 1e-12
    if np.any(bad):
        needed, _g = minimum_energy(p[bad].flat[0], r[bad].flat[0])
        raise InvalidInputError(
            N_(
                "a burnout speed of {speed} m/s cannot reach {range} km; at least {needed} m/s is needed"
            ),
            speed=f"{v[bad].flat[0]:.6g}",
            range=f"{p[bad].flat[0] * R / 1000.0:.6g}",
            needed=f"{float(needed):.0f}",
        )
    base = np.arcsin(np.minimum(rhs, 1.0))
    high = (math.pi - base - p / 2.0) / 2.0
    low = (base - p / 2.0) / 2.0
    chosen = high if lofted else np.where(low > 0.0, low, high)
    return np.asarray(chosen, dtype=np.float64)


# --- along the arc ----------------------------------------------------------------------


def _solve_kepler(mean: _Array, e: _Array) -> _Array:
    """Eccentric anomaly E (rad) with E − e sin E = M (BMW 4.2-9), by vectorised Newton.

    Danby's start E₀ = M ± 0.85e converges for every 0 ≤ e < 1; a fixed cap on the
    iterations keeps the loop free of data-dependent control flow beyond an early exit.
    """
    e_anom = mean + 0.85 * e * np.where(np.sin(mean) >= 0.0, 1.0, -1.0)
    for _ in range(_KEPLER_ITERATIONS):
        step = (e_anom - e * np.sin(e_anom) - mean) / (1.0 - e * np.cos(e_anom))
        e_anom = e_anom - step
        if not np.any(np.abs(step) > _KEPLER_TOL * (1.0 + np.abs(e_anom))):
            break
    return np.asarray(e_anom, dtype=np.float64)


def _true_anomaly(e_anom: _Array, e: _Array) -> _Array:
    """True anomaly ν (rad, continuous in E on [0, 2π]) from BMW 4.2-14 in half-angle form."""
    half = e_anom / 2.0
    nu = 2.0 * np.arctan2(np.sqrt(1.0 + e) * np.sin(half), np.sqrt(1.0 - e) * np.cos(half))
    return np.asarray(nu, dtype=np.float64)


def state_along(
    v_bo: npt.ArrayLike, gamma: npt.ArrayLike, t: npt.ArrayLike, r_bo: npt.ArrayLike = R
) -> tuple[_Array, _Array]:
    """Radius (m) and downrange angle (rad) on the free-flight arc at times ``t`` (s).

    Example::

        >>> import math
        >>> v, g = 6000.0, math.radians(40.0)                      # m/s, rad
        >>> r, angle = state_along(v, g, [0.0, flight_time(v, g) / 2])
        >>> [round(float(x) / 1000.0, 1) for x in r]               # radius, km
        [6371.0, 7693.9]
        >>> round(float(angle[1] / free_flight_range(v, g)), 12)   # half-way at apogee
        0.5

    ``v_bo``, ``gamma``, ``r_bo`` as :func:`free_flight_range` (m/s, rad, m); ``t`` is the
    time since burnout (s) and broadcasts against them. The mean anomaly M = M_bo + n t is
    turned into the eccentric anomaly by Kepler's equation (BMW 4.2-9, Newton iterations),
    then r = a(1 − e cos E) (BMW 4.2-14) and the downrange angle is ν − ν_bo. Times outside
    [0, :func:`flight_time`] give NaN: the arc has ended.
    """
    _v, g, r, q = _burnout(v_bo, gamma, r_bo)
    (tt,) = _floats(t)
    a, e, e_bo, m_bo = _conic(q, g, r)
    n = _mean_motion(a)
    t_ff = 2.0 * (math.pi - m_bo) / n
    a, e, e_bo, m_bo, n, t_ff, tt = np.broadcast_arrays(a, e, e_bo, m_bo, n, t_ff, tt)
    outside = ~((tt >= 0.0) & (tt <= t_ff))
    mean = m_bo + n * np.where(outside, 0.0, tt)
    e_anom = _solve_kepler(mean, e)
    radius = a * (1.0 - e * np.cos(e_anom))
    angle = _true_anomaly(e_anom, e) - _true_anomaly(e_bo, e)
    return (
        np.asarray(np.where(outside, np.nan, radius), dtype=np.float64),
        np.asarray(np.where(outside, np.nan, angle), dtype=np.float64),
    )


def altitude_band_entry(
    v_bo: npt.ArrayLike, gamma: npt.ArrayLike, altitude_m: npt.ArrayLike, r_bo: npt.ArrayLike = R
) -> tuple[_Array, _Array]:
    """Times (s since burnout) the arc crosses an altitude going up and coming down.

    Example::

        >>> import math
        >>> v, g = 6000.0, math.radians(40.0)                      # m/s, rad
        >>> up, down = altitude_band_entry(v, g, [100_000.0, 2_000_000.0])   # m
        >>> [round(float(x), 1) for x in up], [round(float(x), 1) for x in down]
        ([26.5, nan], [1415.9, nan])

    ``v_bo``, ``gamma``, ``r_bo`` as :func:`free_flight_range` (m/s, rad, m); ``altitude_m``
    is the altitude (m) above the spherical surface :data:`R`. The crossing is exact, not
    found by stepping: the eccentric anomaly at radius r_h is cos E = (1 − r_h/a)/e
    (BMW 4.2-14), on the rising branch E ∈ [0, π], and Kepler's equation gives the time
    (BMW 4.2-9); the falling crossing is its mirror about apogee. NaN where the free flight
    never reaches the altitude (above apogee, or below the burnout radius).
    """
    _v, g, r, q = _burnout(v_bo, gamma, r_bo)
    (alt,) = _floats(altitude_m)
    if not np.all(np.isfinite(alt)):
        raise InvalidInputError(
            N_("an altitude of {altitude} m is not allowed; expected a finite number of metres"),
            altitude=f"{float(alt[~np.isfinite(alt)].flat[0])}",
        )
    a, e, _e_bo, m_bo = _conic(q, g, r)
    n = _mean_motion(a)
    r_h = R + alt
    reached = (r_h >= r) & (r_h <= a * (1.0 + e))
    cos_e = np.clip((1.0 - r_h / a) / e, -1.0, 1.0)
    e_h = np.arccos(cos_e)
    m_h = e_h - e * np.sin(e_h)
    up = (m_h - m_bo) / n
    down = (2.0 * math.pi - m_h - m_bo) / n
    return (
        np.asarray(np.where(reached, up, np.nan), dtype=np.float64),
        np.asarray(np.where(reached, down, np.nan), dtype=np.float64),
    )

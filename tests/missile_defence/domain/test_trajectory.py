"""The Keplerian kernel against a numerical integrator, Bate–Mueller–White and its invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from bucarest.core.errors import InvalidInputError
from bucarest.missile_defence.domain.trajectory import (
    MU,
    R,
    altitude_band_entry,
    apogee,
    flight_time,
    free_flight_range,
    gamma_for_range,
    minimum_energy,
    state_along,
)

# Canonical units of BMW: 1 DU = the Earth's radius, 1 DU/TU = circular speed at the surface.
# The book's examples are scale-free, so they hold for our R and MU exactly.
DU_TU = math.sqrt(MU / R)


# --- independent method: integrate two-body motion in the plane --------------------------


def _two_body(_t: float, y: np.ndarray) -> list[float]:
    x, z, vx, vz = y
    k = -MU / math.hypot(x, z) ** 3
    return [vx, vz, k * x, k * z]


def integrate(v_bo: float, gamma: float, r_bo: float = R, altitude: float | None = None):
    """solve_ivp from burnout at (r_bo, 0), velocity along +z tilted by gamma toward +x."""

    def reentry(_t: float, y: np.ndarray) -> float:
        return math.hypot(y[0], y[1]) - r_bo

    reentry.terminal = True  # type: ignore[attr-defined]
    reentry.direction = -1  # type: ignore[attr-defined]
    events = [reentry]
    if altitude is not None:

        def crossing(_t: float, y: np.ndarray) -> float:
            return math.hypot(y[0], y[1]) - (R + altitude)

        events.append(crossing)
    y0 = [r_bo, 0.0, v_bo * math.sin(gamma), v_bo * math.cos(gamma)]
    return solve_ivp(
        _two_body, (0.0, 1e5), y0, method="DOP853", rtol=1e-10, atol=1e-6,
        events=events, dense_output=True,
    )  # fmt: skip


CASES = [  # (m/s, deg, burnout altitude m): short, medium, ICBM, lofted, depressed, high burnout
    (2000.0, 45.0, 0.0),
    (4000.0, 40.0, 0.0),
    (7000.0, 25.0, 0.0),
    (5000.0, 75.0, 0.0),
    (6000.0, 8.0, 0.0),
    (5270.2, 51.32, 1_275_600.0),
]


@pytest.mark.parametrize(("v", "deg", "h_bo"), CASES)
def test_closed_forms_agree_with_numerical_integration(v: float, deg: float, h_bo: float) -> None:
    g, r_bo = math.radians(deg), R + h_bo
    sol = integrate(v, g, r_bo)
    assert sol.status == 1 and len(sol.t_events[0]) == 1
    t_num = sol.t_events[0][0]
    x, z = sol.y_events[0][0][:2]
    psi_num = math.atan2(z, x) % (2 * math.pi)
    apogee_num = max(np.hypot(*sol.sol(np.linspace(0, t_num, 2001))[:2])) - R

    assert float(free_flight_range(v, g, r_bo)) == pytest.approx(psi_num, rel=1e-3)
    assert float(flight_time(v, g, r_bo)) == pytest.approx(t_num, rel=1e-3)
    assert float(apogee(v, g, r_bo)) == pytest.approx(apogee_num, rel=1e-3)
    # Much tighter in fact: the two methods share nothing but the physics.
    assert float(free_flight_range(v, g, r_bo)) == pytest.approx(psi_num, rel=1e-7)
    assert float(flight_time(v, g, r_bo)) == pytest.approx(t_num, rel=1e-7)

    # Along the arc: radius and downrange angle at 7 times, against the dense output
    # (to the closed-form end: past it state_along says NaN, the arc is over).
    ts = np.linspace(0.0, min(t_num, float(flight_time(v, g, r_bo))), 7)
    r, angle = state_along(v, g, ts, r_bo)
    x, z = sol.sol(ts)[:2]
    np.testing.assert_allclose(r, np.hypot(x, z), rtol=1e-8)
    np.testing.assert_allclose(angle, np.unwrap(np.arctan2(z, x)), atol=1e-8)


@pytest.mark.parametrize(("v", "deg", "h_bo"), CASES[:5])
def test_altitude_crossings_agree_with_integrator_events(v: float, deg: float, h_bo: float) -> None:
    g = math.radians(deg)
    altitude = 0.4 * float(apogee(v, g))
    sol = integrate(v, g, R + h_bo, altitude=altitude)
    up_num, down_num = sol.t_events[1]
    up, down = altitude_band_entry(v, g, altitude, R + h_bo)
    assert float(up) == pytest.approx(up_num, rel=1e-7)
    assert float(down) == pytest.approx(down_num, rel=1e-7)


# --- textbook cases ---------------------------------------------------------------------


def test_bmw_example_6_2_page_290() -> None:
    # BMW (1971) p. 290: h_bo = 0.2 DU, v_bo = 2/3 DU/TU, h_apogee = 0.5 DU, symmetric arc.
    # Energy −11/18, v_apogee = 1/3, h = 1/2, so cos γ = h/(r v) = 0.5/(1.2·2/3) = 0.625,
    # γ = 51.318°, Q = (4/9)·1.2 = 0.533, and the book reads the free-flight range as 36.4°.
    v, r_bo, g = 2.0 / 3.0 * DU_TU, 1.2 * R, math.acos(0.625)
    assert math.degrees(float(free_flight_range(v, g, r_bo))) == pytest.approx(36.4, abs=0.05)
    assert float(apogee(v, g, r_bo)) == pytest.approx(0.5 * R, rel=1e-12)
    # ... and the inverse problem gives back the measured angle, as the lofted root.
    psi = float(free_flight_range(v, g, r_bo))
    assert math.degrees(float(gamma_for_range(v, psi, True, r_bo))) == pytest.approx(
        51.318, abs=1e-3
    )


def test_bmw_example_6_2_page_291_above_circular_speed() -> None:
    # BMW p. 291: burnout 30N 60E, re-entry 30S 60W, so cos Ψ = −0.625 (Ψ = 128.68°);
    # v = 1.0817 DU/TU at h = 0.025 DU, Q = 1.2; the book finds γ = 39.36°. Q > 1, so the
    # depressed root is below the horizon and both flags return the single arc.
    v, r_bo, psi = 1.0817 * DU_TU, 1.025 * R, math.acos(-0.625)
    for lofted in (True, False):
        assert math.degrees(float(gamma_for_range(v, psi, lofted, r_bo))) == pytest.approx(
            39.36, abs=0.05
        )


def test_bmw_example_6_2_page_295_minimum_energy_design() -> None:
    # BMW p. 295: 8000 nm range, burnout at 344 nm; Q = 0.957 and v = 0.933 DU/TU.
    # (1 DU = 6378.145 km = 3443.9 nm in the book.)
    du_nm = 6378.145 / 1.852
    v, _g = minimum_energy(8000.0 / du_nm, (1.0 + 344.0 / du_nm) * R)
    assert float(v) / DU_TU == pytest.approx(0.933, abs=5e-4)


def test_minimum_energy_at_a_quarter_of_the_globe() -> None:
    # Ψ = 90°: γ* = (180° − 90°)/4 = 22.5°, Q* = 2 sin 45°/(1 + sin 45°) = 2(√2 − 1),
    # so v = √(Q*μ/R) = 7,199.3 m/s for R = 6371 km.
    v, g = minimum_energy(math.pi / 2)
    assert math.degrees(float(g)) == pytest.approx(22.5, abs=1e-12)
    assert float(v) == pytest.approx(math.sqrt(2 * (math.sqrt(2) - 1) * MU / R), rel=1e-14)
    assert float(v) == pytest.approx(7199.3, abs=0.1)
    # Minimum energy means least speed: ranges are maximal at γ*, lower either side.
    psi_star = float(free_flight_range(v, g))
    assert psi_star == pytest.approx(math.pi / 2, rel=1e-12)
    for dg in (-0.01, 0.01):
        assert float(free_flight_range(v, g + dg)) < psi_star


def test_minimum_energy_apogee_peaks_near_ten_thousand_km() -> None:
    ground_km = np.linspace(1_000.0, 19_000.0, 1801)
    v, g = minimum_energy(ground_km * 1000.0 / R)
    h = apogee(v, g)
    peak_km = ground_km[np.argmax(h)]
    assert 8_000.0 < peak_km < 12_000.0
    rising, falling = ground_km < peak_km, ground_km > peak_km
    assert np.all(np.diff(h[rising]) > 0) and np.all(np.diff(h[falling]) < 0)
    # Analytically the peak is at Ψ = 90° (a quarter circumference, 10,007.5 km).
    assert peak_km == pytest.approx(math.pi / 2 * R / 1000.0, abs=10.0)


# --- invariants -------------------------------------------------------------------------

speeds = st.floats(1_000.0, 7_000.0)
angles = st.floats(math.radians(5.0), math.radians(85.0))


@given(v=speeds, g=angles)
def test_both_roots_fly_the_requested_range(v: float, g: float) -> None:
    psi = float(free_flight_range(v, g))
    high = float(gamma_for_range(v, psi, lofted=True))
    low = float(gamma_for_range(v, psi, lofted=False))
    assert 0.0 < low <= high < math.pi / 2
    assert float(free_flight_range(v, high)) == pytest.approx(psi, rel=1e-9)
    assert float(free_flight_range(v, low)) == pytest.approx(psi, rel=1e-9)
    # One of the roots is the angle we started from (unless both merge at γ*).
    if abs(g - (math.pi - psi) / 4) > 1e-3:
        assert min(abs(high - g), abs(low - g)) < 1e-8


@given(v=speeds, g=angles)
def test_state_at_flight_time_is_back_at_burnout_radius(v: float, g: float) -> None:
    t_ff = float(flight_time(v, g))
    r, angle = state_along(v, g, [0.0, t_ff])
    assert abs(r[0] - R) < 1.0 and abs(r[1] - R) < 1.0
    assert float(angle[1]) == pytest.approx(float(free_flight_range(v, g)), rel=1e-9)
    assert np.all(np.isnan(state_along(v, g, [-1.0, t_ff * 1.001])[0]))


@given(v=speeds, g=angles, fraction=st.floats(0.01, 0.99))
def test_altitude_crossings_are_symmetric_about_apogee(v: float, g: float, fraction: float) -> None:
    top = float(apogee(v, g))
    up, down = altitude_band_entry(v, g, fraction * top)
    t_ff = float(flight_time(v, g))
    assert 0.0 <= up < t_ff / 2 < down <= t_ff
    assert float(up + down) == pytest.approx(t_ff, rel=1e-9)
    r, _ = state_along(v, g, [float(up), float(down), t_ff / 2])
    assert abs(r[0] - R - fraction * top) < 1.0 and abs(r[1] - R - fraction * top) < 1.0
    assert abs(r[2] - R - top) < 1.0  # apogee at half the flight time
    none_up, none_down = altitude_band_entry(v, g, [top * 1.01, -1000.0])
    assert np.all(np.isnan(none_up)) and np.all(np.isnan(none_down))


def test_kernels_are_vectorised() -> None:
    v = np.array([[3000.0], [5000.0]])
    g = np.radians([20.0, 45.0, 70.0])
    assert free_flight_range(v, g).shape == (2, 3)
    assert flight_time(v, g).shape == (2, 3)
    r, angle = state_along(v, g, np.zeros((2, 3)))
    assert r.shape == angle.shape == (2, 3)
    np.testing.assert_allclose(
        free_flight_range(v, g)[1, 2], free_flight_range(5000.0, math.radians(70.0))
    )


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: free_flight_range(-1.0, 0.5), "burnout speed of -1"),
        (lambda: free_flight_range(np.array([3000.0, math.nan]), 0.5), "burnout speed of nan"),
        (lambda: apogee(3000.0, 0.0), "flight-path angle of 0°"),
        (lambda: flight_time(3000.0, math.pi / 2), "flight-path angle of 90°"),
        (lambda: flight_time(3000.0, -0.1), "more than 0° and less than 90°"),
        (lambda: free_flight_range(12_000.0, 0.5), "escapes the Earth"),
        (lambda: state_along(3000.0, 0.5, 10.0, r_bo=R - 1.0), "burnout radius"),
        (lambda: minimum_energy(math.pi), "ground range angle of 180°"),
        (lambda: gamma_for_range(3000.0, 0.0, lofted=True), "ground range angle of 0°"),
        (lambda: altitude_band_entry(3000.0, 0.5, math.inf), "altitude of inf"),
    ],
)
def test_bad_input_is_refused_with_one_line(call, words: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert words in str(info.value) and "\n" not in str(info.value)


def test_unreachable_range_says_the_speed_needed() -> None:
    psi = 5_000_000.0 / R  # 5,000 km
    needed = float(minimum_energy(psi)[0])
    with pytest.raises(InvalidInputError) as info:
        gamma_for_range(3000.0, psi, lofted=False)
    message = str(info.value)
    assert message == (
        f"a burnout speed of 3000 m/s cannot reach 5000 km; at least {needed:.0f} m/s is needed"
    )
    # Just above the minimum-energy speed both roots exist and sit either side of γ*.
    low = float(gamma_for_range(needed * 1.001, psi, lofted=False))
    high = float(gamma_for_range(needed * 1.001, psi, lofted=True))
    assert low < (math.pi - psi) / 4 < high

"""The engagement kernel against numerical integration, closed forms and the array API."""

from __future__ import annotations

import math
from dataclasses import replace

import array_api_strict as xps
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from bucarest.missile_defence.domain import kernel as k
from bucarest.missile_defence.domain.trajectory import MU, R, apogee, flight_time, minimum_energy

TEHRAN = (35.69, 51.39)
BERLIN = (52.52, 13.40)


def _unit(lat: float, lon: float) -> np.ndarray:
    return k.unit_vectors(np, np.radians([lat]), np.radians([lon]))


def _batch(launch: tuple[float, float], target: tuple[float, float], burn: float = 0.0,
           h_bo: float = 0.0, boost_km: float = 0.0, loft_deg: float = 0.0,
           cap: float = 1e9) -> k.ThreatBatch:  # fmt: skip
    return k.ThreatBatch(_unit(*launch), _unit(*target), np.array([burn]), np.array([h_bo]),
                         np.array([boost_km * 1000.0 / R]), np.array([cap]),
                         np.array([math.radians(loft_deg)]))  # fmt: skip


def _two_body_3d(_t: float, y: np.ndarray) -> np.ndarray:
    r = y[:3]
    return np.concatenate([y[3:], -MU * r / np.linalg.norm(r) ** 3])


def _integrate(position: np.ndarray, velocity: np.ndarray, t_max: float = 1e5):
    def ground(_t: float, y: np.ndarray) -> float:
        return float(np.linalg.norm(y[:3]) - R)

    ground.terminal = True  # type: ignore[attr-defined]
    ground.direction = -1  # type: ignore[attr-defined]
    return solve_ivp(_two_body_3d, (0.0, t_max), np.concatenate([position, velocity]),
                     method="DOP853", rtol=1e-11, atol=1e-6, events=[ground],
                     dense_output=True)  # fmt: skip


def _burnout_state(arcs: k.Arcs) -> tuple[np.ndarray, np.ndarray]:
    """Inertial burnout position and velocity of arc 0 (non-rotating frame at burnout)."""
    e1, e2, psi = arcs.e1[0], arcs.e2[0], float(arcs.boost_angle[0])
    up = math.cos(psi) * e1 + math.sin(psi) * e2
    along = -math.sin(psi) * e1 + math.cos(psi) * e2
    r1 = R + float(arcs.burnout_altitude[0])
    v, g = float(arcs.inertial_speed[0]), float(arcs.gamma[0])
    return r1 * up, v * (math.cos(g) * along + math.sin(g) * up)


# --- closed forms against an independent integrator --------------------------------------


@pytest.mark.parametrize(
    ("h_bo", "burn", "boost_km", "loft"),
    [(0.0, 0.0, 0.0, 0.0), (95e3, 100.0, 55.0, 0.0), (155e3, 140.0, 100.0, 8.0),
     (230e3, 240.0, 220.0, -6.0)],
)  # fmt: skip
def test_arc_from_burnout_altitude_lands_on_the_target_as_integrated(
    h_bo: float, burn: float, boost_km: float, loft: float
) -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN, burn, h_bo, boost_km, loft), rotating=False)
    assert bool(arcs.reachable[0])
    pos, vel = _burnout_state(arcs)
    sol = _integrate(pos, vel)
    impact = sol.y_events[0][0][:3]
    target = R * _unit(*BERLIN)[0]
    assert np.linalg.norm(impact - target) < 10.0  # metres
    flight = burn + float(sol.t_events[0][0])
    assert float(arcs.flight_time[0]) == pytest.approx(flight, rel=1e-6)
    fine = sol.sol(np.linspace(0.0, float(sol.t_events[0][0]), 20_001))[:3]
    assert float(arcs.apogee[0]) == pytest.approx(np.linalg.norm(fine, axis=0).max() - R, abs=1.0)


def test_surface_minimum_energy_arc_is_the_textbook_one() -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN), rotating=False)
    v, g = minimum_energy(arcs.ground_range[0])
    assert float(arcs.speed[0]) == pytest.approx(float(v), rel=1e-10)
    assert float(arcs.gamma[0]) == pytest.approx(float(g), rel=1e-10)
    assert float(arcs.flight_time[0]) == pytest.approx(float(flight_time(v, g)), rel=1e-10)
    assert float(arcs.apogee[0]) == pytest.approx(float(apogee(v, g)), rel=1e-9)


def test_lofting_or_depressing_costs_speed_and_changes_time() -> None:
    base, high, low = (k.solve_arcs(np, _batch(TEHRAN, BERLIN, loft_deg=d), rotating=False)
                       for d in (0.0, 10.0, -10.0))  # fmt: skip
    assert float(high.speed[0]) > float(base.speed[0]) < float(low.speed[0])
    assert float(high.flight_time[0]) > float(base.flight_time[0]) > float(low.flight_time[0])
    assert float(high.apogee[0]) > float(base.apogee[0]) > float(low.apogee[0])


def test_a_class_without_the_speed_does_not_reach() -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN, cap=4000.0), rotating=False)
    assert not bool(arcs.reachable[0])


def test_samples_follow_the_integrated_path() -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN, 100.0, 95e3, 55.0), rotating=False)
    s = k.sample_arcs(np, arcs, rotating=False)
    pos, vel = _burnout_state(arcs)
    sol = solve_ivp(_two_body_3d, (0.0, float(arcs.flight_time[0]) - 100.0),
                    np.concatenate([pos, vel]), method="DOP853", rtol=1e-11, atol=1e-6,
                    dense_output=True)  # fmt: skip
    free = s.time[0] >= 100.0
    expected = sol.sol(s.time[0][free] - 100.0)[:3].T
    assert np.max(np.linalg.norm(s.position[0][free] - expected, axis=1)) < 50.0
    at, alt = k.state_at(np, arcs, s.time[:, free], rotating=False)
    assert np.max(np.linalg.norm(at[0] - s.position[0][free], axis=1)) < 1e-3
    assert np.all(np.diff(s.time[0][: 6 + 40]) >= 0)
    assert s.altitude[0, -1] == pytest.approx(0.0, abs=1e-3)


def test_terminal_samples_cover_low_altitudes_evenly() -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN, 100.0, 95e3, 55.0), rotating=False)
    s = k.sample_arcs(np, arcs, rotating=False, terminal_points=16, terminal_altitude=120e3)
    low = np.sort(s.altitude[0][s.altitude[0] < 30e3])
    assert np.max(np.diff(low)) <= 120e3 / 16 + 1.0  # no 30 km gap for a low-tier band


# --- Earth rotation ----------------------------------------------------------------------------


def test_rotating_earth_arc_lands_on_the_moving_target() -> None:
    arcs = k.solve_arcs(np, _batch(TEHRAN, BERLIN, 100.0, 95e3, 55.0), rotating=True)
    pos, vel = _burnout_state(arcs)  # inertial: the Earth-fixed frame at launch
    sol = _integrate(pos, vel)
    t_impact = 100.0 + float(sol.t_events[0][0])
    assert float(arcs.flight_time[0]) == pytest.approx(t_impact, rel=1e-5)
    back = -k.OMEGA * t_impact
    ecef = np.array([[math.cos(back), -math.sin(back), 0], [math.sin(back), math.cos(back), 0],
                     [0, 0, 1]]) @ sol.y_events[0][0][:3]  # fmt: skip
    assert np.linalg.norm(ecef - R * _unit(*BERLIN)[0]) < 2_000.0  # metres
    s = k.sample_arcs(np, arcs, rotating=True)
    assert np.linalg.norm(s.position[0, -1] - R * _unit(*BERLIN)[0]) < 2_000.0


def test_firing_east_is_cheaper_than_firing_west_on_a_rotating_earth() -> None:
    east = k.solve_arcs(np, _batch((0.0, 0.0), (0.0, 40.0)), rotating=True)
    west = k.solve_arcs(np, _batch((0.0, 0.0), (0.0, -40.0)), rotating=True)
    still = k.solve_arcs(np, _batch((0.0, 0.0), (0.0, 40.0)), rotating=False)
    assert float(east.speed[0]) < float(still.speed[0]) < float(west.speed[0])


# --- interceptor fly-out -----------------------------------------------------------------------


def test_flyout_within_the_burn_is_the_hand_computed_time() -> None:
    site = R * np.array([1.0, 0.0, 0.0])
    points = np.array([[R + 10e3, 0, 0]])
    t, ok = k.flyout_time(np, site, points, 2000.0, 20.0)
    # Within the burn (V t_b / 2 = 20 km): √(2 d t_b / V).
    assert t[0] == pytest.approx(math.sqrt(2 * 10e3 * 20.0 / 2000.0))
    assert ok.all()


def test_flyout_straight_up_is_the_radial_orbit_with_gravity() -> None:
    site = R * np.array([1.0, 0.0, 0.0])
    t, ok = k.flyout_time(np, site, np.array([[R + 100e3, 0, 0]]), 2000.0, 20.0)

    # Climbing 80 km past burnout at 2 km/s under gravity: slower than 40 s coasting at V,
    # and the time the integrator gives for a vertical shot from the surface at V.
    def climb(_t: float, y: np.ndarray) -> np.ndarray:
        return np.array([y[1], -MU / y[0] ** 2])

    def at(_t: float, y: np.ndarray) -> float:
        return float(y[0] - (R + 100e3))

    at.terminal = True  # type: ignore[attr-defined]
    sol = solve_ivp(climb, (0.0, 1e3), [R, 2000.0], method="DOP853", rtol=1e-12, atol=1e-6,
                    events=[at])  # fmt: skip
    assert ok[0]
    assert t[0] == pytest.approx(10.0 + sol.t_events[0][0], abs=1e-6)
    assert t[0] > 10.0 + 100e3 / 2000.0


def test_flyout_cannot_reach_above_its_envelope_or_beyond_its_ballistic_range() -> None:
    site = R * np.array([1.0, 0.0, 0.0])
    # A vertical shot at 3 km/s tops out at 2a − R (about 490 km: more than v²/2g, as
    # gravity weakens with height).
    apex = 1.0 / (2.0 / R - 3000.0**2 / MU) * 2.0 - R
    points = np.array([[R + apex - 1e3, 0, 0], [R + apex + 1e3, 0, 0]])
    _t, ok = k.flyout_time(np, site, points, 3000.0, 10.0)
    assert ok.tolist() == [True, False]
    # Over the horizon on a ballistic arc (637 km on the ground) but not 1,900 km away.
    far = R * np.array([[math.cos(0.1), math.sin(0.1), 0.0], [math.cos(0.3), math.sin(0.3), 0.0]])
    _t, ok = k.flyout_time(np, site, far, 3000.0, 10.0)
    assert ok.tolist() == [True, False]


def _fan_angle(theta: float, alt: float, v: float) -> float:
    kk = R * v * v / MU
    a_, b_, c_ = (
        1 - math.cos(theta),
        kk * math.sin(theta),
        (1 - math.cos(theta)) - kk * (R / (R + alt) - math.cos(theta)),
    )
    root = math.sqrt(b_ * b_ - 4 * a_ * c_)
    lo, hi = (b_ - root) / (2 * a_), (b_ + root) / (2 * a_)
    return math.atan(lo if lo >= 0 else hi)


@given(st.floats(0.05, 0.5), st.floats(150e3, 1500e3), st.floats(4000.0, 8500.0))
@settings(max_examples=25)
def test_kepler_fan_reaches_the_point_when_integrated(theta: float, alt: float, v: float) -> None:
    site = R * np.array([1.0, 0.0, 0.0])
    point = (R + alt) * np.array([math.cos(theta), math.sin(theta), 0.0])
    t, ok = k.flyout_time(np, site, point[None, :], v, 0.0)
    if not ok[0]:
        return
    # Recover the launch angle from the quadratic the kernel solves and fly it numerically.
    gamma = _fan_angle(theta, alt, v)
    vel = v * np.array([math.sin(gamma), math.cos(gamma), 0.0])
    sol = solve_ivp(_two_body_3d, (0.0, float(t[0])), np.concatenate([site, vel]),
                    method="DOP853", rtol=1e-11, atol=1e-6)  # fmt: skip
    assert np.linalg.norm(sol.y[:3, -1] - point) < 100.0  # metres after t seconds


@pytest.mark.parametrize(
    ("v", "burn", "ground_km", "alt_km"),
    [(3000.0, 50.0, 400.0, 250.0),     # SM-3 Block IA near the top of its envelope
     (3000.0, 50.0, 600.0, 150.0),
     (4500.0, 60.0, 900.0, 600.0),     # SM-3 Block IIA
     (1600.0, 10.0, 25.0, 18.0),       # PAC-3 at its range and ceiling
     (6300.0, 120.0, 1500.0, 800.0)],  # GBI
)  # fmt: skip
def test_every_interceptor_flies_the_same_fan_as_solve_ivp(
    v: float, burn: float, ground_km: float, alt_km: float
) -> None:
    """Every interceptor: the burn lag, then the conic integrated by solve_ivp lands on the
    point in the time the kernel gives (to 1e-6 of the fly-out), in NumPy and strict."""
    theta = ground_km * 1000.0 / R
    site = R * np.array([1.0, 0.0, 0.0])
    point = (R + alt_km * 1000.0) * np.array([math.cos(theta), math.sin(theta), 0.0])
    t, ok = k.flyout_time(np, site, point[None, :], v, burn)
    assert ok[0]
    gamma = _fan_angle(theta, alt_km * 1000.0, v)
    vel = v * np.array([math.sin(gamma), math.cos(gamma), 0.0])
    coast = float(t[0]) - burn / 2.0
    sol = solve_ivp(_two_body_3d, (0.0, coast), np.concatenate([site, vel]),
                    method="DOP853", rtol=1e-12, atol=1e-7)  # fmt: skip
    # Where the integrated conic is after the kernel's time: on the point, to a millimetre
    # per kilometre flown.
    assert np.linalg.norm(sol.y[:3, -1] - point) < 1e-6 * coast * v
    strict, _ok = k.flyout_time(xps, xps.asarray(site), xps.asarray(point[None, :]),
                                xps.asarray(v), xps.asarray(burn))  # fmt: skip
    np.testing.assert_allclose(np.asarray(strict), t, rtol=1e-12)


def test_gravity_slows_the_sm3_at_the_top_of_its_envelope() -> None:
    """The straight-line fly-out without gravity (before issue 14) was 15-57 % too fast at
    the top of the SM-3 envelope; the fan is slower than it, by more where it climbs."""
    site = R * np.array([1.0, 0.0, 0.0])
    v, burn = 3000.0, 50.0
    slower = []
    for ground_km, alt_km in ((100.0, 450.0), (300.0, 350.0), (500.0, 200.0)):
        theta = ground_km * 1000.0 / R
        point = (R + alt_km * 1000.0) * np.array([math.cos(theta), math.sin(theta), 0.0])
        fan, ok = k.flyout_time(np, site, point[None, :], v, burn)
        assert ok[0]
        straight = burn / 2.0 + float(np.linalg.norm(point - site)) / v
        slower.append(float(fan[0]) / straight - 1.0)
    assert all(s > 0.05 for s in slower)
    assert slower[0] > slower[-1]


def test_the_fan_is_faster_than_no_fan_and_slower_than_light_coasting() -> None:
    site = R * np.array([1.0, 0.0, 0.0])
    point = (R + 300e3) * np.array([math.cos(0.3), math.sin(0.3), 0.0])
    fan, _ = k.flyout_time(np, site, point[None, :], 6000.0, 0.0)
    chord = float(np.linalg.norm(point - site))
    assert fan[0] > chord / 6000.0  # gravity slows the climb
    assert fan[0] < 1.5 * chord / 6000.0


# --- the same code on the strict array API -----------------------------------------------------


def test_kernel_runs_unchanged_on_the_strict_array_api() -> None:
    lats, lons = np.radians([38.0, 41.0, 52.5]), np.radians([30.0, 23.0, 13.4])
    n = lats.size

    def batch(xp: object) -> k.ThreatBatch:
        a = xp.asarray  # type: ignore[attr-defined]
        return k.ThreatBatch(a(np.repeat(_unit(*TEHRAN), n, axis=0)), a(k.unit_vectors(np, lats, lons)),
                             a(np.full(n, 100.0)), a(np.full(n, 95e3)), a(np.full(n, 55e3 / R)),
                             a(np.full(n, 6000.0)), a(np.zeros(n)))  # fmt: skip

    def sensors(xp: object) -> k.SensorBatch:
        a = xp.asarray  # type: ignore[attr-defined]
        return k.SensorBatch(a(R * k.unit_vectors(np, np.radians([40.0]), np.radians([45.0]))),
                             a([1.5e6]), a([0.0]), a([10.0]), a([math.radians(270.0)]),
                             a([math.radians(60.0)]))  # fmt: skip

    def sites(xp: object) -> k.SiteBatch:
        a = xp.asarray  # type: ignore[attr-defined]
        return k.SiteBatch(a(R * k.unit_vectors(np, np.radians([45.0]), np.radians([25.0]))),
                           a([4500.0]), a([60.0]), a([70e3]), a([1e6]), a([2.5e6]), a([30.0]),
                           a([True]), a([[True]]))  # fmt: skip

    out = {}
    for name, xp in (("numpy", np), ("strict", xps)):
        arcs = k.solve_arcs(xp, batch(xp), rotating=True)
        s = k.sample_arcs(xp, arcs, rotating=True)
        det = k.detection_times(xp, s, sensors(xp))
        res = k.engage(xp, s, det, sensors(xp), sites(xp), shots=2)
        out[name] = [np.asarray(x) for x in (arcs.speed, det, res.first, res.shots, res.engaged)]
    for a, b in zip(out["numpy"], out["strict"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


# --- boost that depends on the range flown (issue 14) ------------------------------------------


@pytest.mark.parametrize("rotating", [False, True])
def test_the_scaled_boost_is_the_fixed_point_s_equals_v_over_v_max(rotating: bool) -> None:
    """burn × s, burnout altitude and boost angle × s², with s the flight's burnout speed
    (relative to the ground) over the class's: checked on the solved arcs, east and west."""
    targets = [(38.0, 30.0), (52.5, 13.4), (40.0, 75.0), (60.0, 5.0)]
    n = len(targets)
    lats, lons = np.radians([t[0] for t in targets]), np.radians([t[1] for t in targets])
    batch = k.ThreatBatch(np.repeat(_unit(*TEHRAN), n, axis=0), k.unit_vectors(np, lats, lons),
                          np.full(n, 140.0), np.full(n, 155e3), np.full(n, 100e3 / R),
                          np.full(n, 6200.0), np.zeros(n), scale_boost=True)  # fmt: skip
    arcs = k.solve_arcs(np, batch, rotating=rotating)
    assert arcs.reachable.all()
    s = arcs.speed / 6200.0
    tol = 1e-4 if rotating else 1e-9
    np.testing.assert_allclose(arcs.burn_time, 140.0 * s, rtol=tol)
    np.testing.assert_allclose(arcs.burnout_altitude, 155e3 * s * s, rtol=2 * tol)
    np.testing.assert_allclose(arcs.boost_angle, 100e3 / R * s * s, rtol=2 * tol)
    assert (s < 1.0).all() and (s > 0.3).all()
    # The scaled arc still lands on the target when integrated from its burnout state.
    one = k.Arcs(*(getattr(arcs, f)[:1] for f in k.Arcs.__dataclass_fields__))
    if not rotating:
        sol = _integrate(*_burnout_state(one))
        landed = sol.y_events[0][0][:3]
        target = R * _unit(*targets[0])[0]
        assert np.linalg.norm(landed - target) < 10.0
    strict = k.solve_arcs(xps, k.ThreatBatch(*(xps.asarray(getattr(batch, f)) for f in
                                              ("launch", "target", "burn_time", "burnout_altitude",
                                               "boost_angle", "max_speed", "loft")),
                                             scale_boost=True), rotating=rotating)  # fmt: skip
    np.testing.assert_allclose(np.asarray(strict.speed), arcs.speed, rtol=1e-12)


def test_a_flight_at_the_full_boost_is_unchanged_by_the_scaling() -> None:
    """At the class's maximum range (s = 1) the scaled and the fixed boost are the same arc."""
    plain = _batch(TEHRAN, BERLIN, burn=140.0, h_bo=155e3, boost_km=100.0)
    free = k.solve_arcs(np, plain, rotating=False)
    capped = replace(plain, max_speed=free.speed * 1.0, scale_boost=True)
    arcs = k.solve_arcs(np, capped, rotating=False)
    assert arcs.reachable[0]
    assert float(arcs.burn_time[0]) == pytest.approx(140.0, rel=1e-9)
    assert float(arcs.speed[0]) == pytest.approx(float(free.speed[0]), rel=1e-9)

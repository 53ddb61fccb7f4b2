"""Engagement timelines on hand-checked geometries, interpolated events, and bad input."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from bucarest.core.errors import InvalidInputError, NotFoundError
from bucarest.core.provenance import Citation, Confidence, Provenance
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain import kernel as k
from bucarest.missile_defence.domain.doctrine import doctrine_engage
from bucarest.missile_defence.domain.engagement import (
    Aim,
    Timeline,
    _arc,
    _samples_at,
    class_max_speed,
    class_rcs,
    doctrine_batch,
    engagement_timeline,
    sensor_batch,
    signature,
    site_batch,
)
from bucarest.missile_defence.domain.model import (
    Architecture,
    Catalogue,
    Parameter,
    Radar,
    Text,
    with_parameter,
)
from bucarest.missile_defence.domain.trajectory import R, minimum_energy

TABRIZ = (38.08, 46.29)
ANKARA = (39.93, 32.85)
BERLIN = (52.52, 13.40)
TEHRAN = (35.69, 51.39)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


TEST_SOURCE = Provenance((Citation("test", "test"),), Confidence.ESTIMATE)


def _p(value: float) -> Parameter:
    return Parameter(value, "test value")


def _with_radar(cat: Catalogue, radar: Radar) -> Catalogue:
    return replace(cat, radars={**cat.radars, radar.id: radar})


def _arch(sites: tuple[str, ...], radars: tuple[str, ...]) -> Architecture:
    return Architecture("test", Text("t", "t"), Text("t", "t"), TEST_SOURCE, sites, radars)


def test_free_flight_timeline_matches_the_textbook_minimum_energy_arc(cat: Catalogue) -> None:
    tl = engagement_timeline(cat, Aim(TEHRAN, BERLIN))
    v, g = minimum_energy(tl.range_km * 1000.0 / R)
    assert tl.burnout_speed_km_s == pytest.approx(float(v) / 1000.0, rel=1e-6)
    assert tl.burnout_angle_deg == pytest.approx(math.degrees(float(g)), abs=1e-3)
    kinds = [e.kind for e in tl.events]
    assert kinds == ["launch", "apogee", "impact"]
    apogee = next(e for e in tl.events if e.kind == "apogee")
    assert apogee.altitude_km == pytest.approx(tl.apogee_km, abs=1e-3)
    assert apogee.downrange_km == pytest.approx(tl.range_km / 2, rel=1e-6)  # symmetric arc


def test_a_class_adds_its_boost_and_refuses_targets_beyond_its_range(cat: Catalogue) -> None:
    tl = engagement_timeline(cat, Aim(TABRIZ, ANKARA, missile="shahab-3"))
    burnout = next(e for e in tl.events if e.kind == "burnout")
    shahab = cat.missile_class("shahab-3")
    # Ankara is short of the class's range: the boost is cut at the speed the flight needs
    # (burn × s, burnout altitude × s², s = v / v_max; kernel.boost_scale).
    s = tl.burnout_speed_km_s * 1000.0 / class_max_speed(shahab)
    assert 0.5 < s < 1.0
    assert burnout.time_s == pytest.approx(shahab.burn_time_s.value * s, abs=2e-3)
    assert burnout.altitude_km == pytest.approx(shahab.burnout_altitude_km.value * s * s, abs=2e-3)
    with pytest.raises(InvalidInputError, match="beyond the shahab-3 class's maximum range"):
        engagement_timeline(cat, Aim(TABRIZ, BERLIN, missile="shahab-3"))


@pytest.mark.parametrize("missile", ["shahab-3", "ghadr-1", "sejjil", "icbm-hypothetical"])
def test_the_boost_grows_with_the_range_flown_up_to_the_full_boost_at_maximum_range(
    cat: Catalogue, missile: str
) -> None:
    """Burnout altitude and boost ground range scale with the range flown (issue 14): the
    ICBM aimed at Ankara no longer climbs 240 s to 230 km; at its maximum range every class
    flies its full boost, and the fixed point s = v(s)/v_max has converged."""
    cls = cat.missile_class(missile)
    full = cls.max_range_km.value
    seen = []
    for share in (0.3, 0.6, 0.999):
        psi = share * full / (R / 1000.0)
        target = (0.0, math.degrees(psi))
        tl = engagement_timeline(cat, Aim((0.0, 0.0), target, missile=missile))
        burnout = next(e for e in tl.events if e.kind == "burnout")
        s = tl.burnout_speed_km_s * 1000.0 / class_max_speed(cls)
        assert burnout.time_s == pytest.approx(cls.burn_time_s.value * s, abs=2e-3)
        assert burnout.altitude_km == pytest.approx(cls.burnout_altitude_km.value * s * s, abs=2e-3)
        seen.append((burnout.time_s, burnout.altitude_km, burnout.downrange_km))
    assert seen[0] < seen[1] < seen[2]
    assert seen[2][0] == pytest.approx(cls.burn_time_s.value, rel=2e-3)
    assert seen[2][1] == pytest.approx(cls.burnout_altitude_km.value, rel=4e-3)
    assert seen[2][2] == pytest.approx(cls.boost_downrange_km.value, rel=4e-3)


def test_radar_under_the_apogee_detects_at_the_horizon_as_computed_by_hand(cat: Catalogue) -> None:
    # A radar 1,500 km downrange on the ground track, 0° minimum elevation, long range: it
    # first sees the missile when it rises over its horizon, cos(d/R) = R/(R + h).
    radar = Radar("hand", Text("h", "h"), 0.0, 0.0, TEST_SOURCE, _p(5000.0), _p(0.0), _p(0.0))
    launch, target = (0.0, 20.0), (0.0, 50.0)
    radar = replace(radar, lat=0.0, lon=20.0 + 1500.0 / (R / 1000.0) * 180.0 / math.pi)
    local = _with_radar(cat, radar)
    tl = engagement_timeline(local, Aim(launch, target), _arch(("redzikowo-gbi",), ("hand",)))
    seen = next(e for e in tl.events if e.kind == "detection")
    gap = (1500.0 - seen.downrange_km) * 1000.0 / R  # angle between radar and missile
    horizon_alt = R * (1.0 / math.cos(gap) - 1.0) / 1000.0
    assert seen.altitude_km == pytest.approx(horizon_alt, abs=0.05)


def test_events_are_interpolated_not_reported_a_sample_late(cat: Catalogue) -> None:
    arch = cat.architecture("us-third-site-2008")
    tl = engagement_timeline(cat, Aim(TEHRAN, BERLIN, missile="irbm-3stage"), arch)
    assert tl.engaged
    opp = next(o for o in tl.opportunities if o.site == "redzikowo-gbi")
    assert opp.first_s is not None and opp.fire_s is not None
    arcs, _t = _arc(cat, Aim(TEHRAN, BERLIN, missile="irbm-3stage"))
    sites = site_batch(np, cat, arch, list(arch.radars))

    def feasible(t: float) -> bool:
        usable, fly = k.opportunities(np, _samples_at(arcs, np.array([t]), False), sites, 0)
        return bool((usable & (opp.fire_s + fly <= t))[0, 0])

    assert not feasible(opp.first_s - 0.01)
    assert feasible(opp.first_s + 0.01)
    detection = next(e for e in tl.events if e.kind == "detection" and e.subject == "emr-brdy")
    sensors = sensor_batch(np, cat, list(arch.radars))
    j = list(arch.radars).index("emr-brdy")

    def seen(t: float) -> bool:
        return bool(k.visible(np, _samples_at(arcs, np.array([t]), False), sensors, j)[0, 0])

    assert not seen(detection.time_s - 0.01) and seen(detection.time_s + 0.01)
    gbi = cat.interceptor_type("gbi-2stage")
    exits = [e for e in tl.events if e.kind == "band-exit" and e.subject == "redzikowo-gbi"]
    assert len(exits) == 1
    assert exits[0].altitude_km == pytest.approx(gbi.min_altitude_km.value, abs=1e-3)
    assert opp.last_s is not None and opp.last_s <= exits[0].time_s + 1e-3  # events keep ms


def test_a_point_defence_on_the_target_engages_and_a_slow_one_is_kinematics_limited(
    cat: Catalogue,
) -> None:
    arch = _arch(("patriot-ankara",), ("patriot-radar-ankara",))
    local = replace(cat, radars={**cat.radars, "patriot-radar-ankara": replace(
        cat.radar("patriot-radar-ankara"), azimuth_deg=None, sector_deg=None)})  # fmt: skip
    tl = engagement_timeline(local, Aim(TABRIZ, ANKARA, missile="shahab-3"), arch)
    assert tl.engaged and tl.limited_by == "none"
    assert all(e.altitude_km <= 20.0 for e in tl.events if e.kind.endswith("intercept"))
    too_late = replace(local.interceptor_type("pac-3"), launch_delay_s=_p(700.0))  # after impact
    slow = replace(local, interceptor_types={**local.interceptor_types, "pac-3": too_late})
    late = engagement_timeline(slow, Aim(TABRIZ, ANKARA, missile="shahab-3"), arch)
    assert not late.engaged and late.limited_by == "kinematics"


def test_a_site_with_no_radar_that_sees_is_sensor_limited(cat: Catalogue) -> None:
    blind = Radar("blind", Text("b", "b"), 60.0, -20.0, TEST_SOURCE, _p(100.0), _p(0.0), _p(0.0))
    local = _with_radar(cat, blind)
    tl = engagement_timeline(local, Aim(TEHRAN, BERLIN, missile="irbm-3stage"),
                             _arch(("redzikowo-gbi",), ("blind",)))  # fmt: skip
    assert not tl.engaged and tl.limited_by == "sensor"
    assert tl.opportunities[0].fire_s is None


def test_shoot_look_shoot_needs_a_later_opportunity_after_the_assessment(cat: Catalogue) -> None:
    arch = cat.architecture("us-third-site-2008")
    # The GBIs launch on the forward radar's track (launch on remote), early enough for three
    # shots at Berlin with one-minute looks; four-minute looks leave two, and one at Rome.
    quick = engagement_timeline(cat, Aim(TEHRAN, BERLIN, missile="irbm-3stage"), arch, shots=3)
    assert quick.shots == 3
    berlin = engagement_timeline(cat, Aim(TEHRAN, BERLIN, missile="irbm-3stage"), arch, shots=3,
                                 assessment_s=250.0)  # fmt: skip
    rome = engagement_timeline(cat, Aim(TEHRAN, (45.0, 12.0), missile="irbm-3stage"), arch,
                               shots=3, assessment_s=250.0)  # fmt: skip
    assert berlin.shots == 2 and rome.shots == 1
    # A longer look (assessment) leaves no time for the second shot at Berlin either.
    slow_look = engagement_timeline(cat, Aim(TEHRAN, BERLIN, missile="irbm-3stage"), arch,
                                    shots=3, assessment_s=400.0)  # fmt: skip
    assert slow_look.shots == 1
    for tl in (berlin, rome):
        opp = tl.opportunities[0]
        assert opp.first_s is not None and opp.last_s is not None and opp.first_s < opp.last_s


def test_rotation_changes_the_arc_only_a_little_over_a_few_thousand_km(cat: Catalogue) -> None:
    still = engagement_timeline(cat, Aim(TEHRAN, BERLIN))
    spun = engagement_timeline(cat, Aim(TEHRAN, BERLIN, rotating=True))
    assert spun.target == pytest.approx(still.target, abs=1e-6)
    assert spun.burnout_speed_km_s != still.burnout_speed_km_s
    assert abs(spun.flight_time_s - still.flight_time_s) / still.flight_time_s < 0.1


def test_given_speed_and_angle_fly_where_the_book_says(cat: Catalogue) -> None:
    tl = engagement_timeline(
        cat, Aim((0.0, 0.0), (0.0, 90.0), burnout_speed_km_s=6.0, angle_deg=40.0)
    )
    assert tl.range_km == pytest.approx(5150.5, abs=0.1)  # BMW free-flight range equation
    assert tl.target[0] == pytest.approx(0.0, abs=1e-9)
    lofted = engagement_timeline(
        cat, Aim((0.0, 0.0), (0.0, 20.0), burnout_speed_km_s=5.0, lofted=True)
    )
    flat = engagement_timeline(cat, Aim((0.0, 0.0), (0.0, 20.0), burnout_speed_km_s=5.0))
    assert lofted.apogee_km > flat.apogee_km
    assert lofted.burnout_speed_km_s == pytest.approx(5.0) == flat.burnout_speed_km_s


@pytest.mark.parametrize(
    ("aim", "message"),
    [
        (Aim((95.0, 0.0), BERLIN), "a latitude of 95 is not allowed"),
        (Aim(TEHRAN, (0.0, 190.0)), "a longitude of 190 is not allowed"),
        (Aim(TEHRAN, BERLIN, burnout_speed_km_s=-1.0), "expected a positive speed"),
        (Aim(TEHRAN, BERLIN, burnout_speed_km_s=2.0), "cannot reach 3504.89 km; at least 5170 m/s"),
        (Aim(TEHRAN, TEHRAN), "the same place"),
        (Aim(TEHRAN, BERLIN, angle_deg=30.0), "an angle needs a burnout speed"),
        (Aim(TEHRAN, BERLIN, missile="shahab-3", burnout_speed_km_s=3.0), "not both"),
        (Aim(TEHRAN, BERLIN, burnout_speed_km_s=9.0, angle_deg=20.0), "half round the Earth"),
    ],
)
def test_bad_aims_get_one_clear_line(cat: Catalogue, aim: Aim, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        engagement_timeline(cat, aim)


def test_unknown_ids_suggest_the_known_ones(cat: Catalogue) -> None:
    with pytest.raises(NotFoundError, match="unknown missile class 'shahab3'.*shahab-3"):
        engagement_timeline(cat, Aim(TABRIZ, ANKARA, missile="shahab3"))
    with pytest.raises(NotFoundError, match="unknown architecture"):
        cat.architecture("us-third-site")


def test_the_timeline_lists_only_sites_that_can_reach_the_trajectory(cat: Catalogue) -> None:
    # Tabriz to Berlin against the 2008 plan with a lower tier in the south-east: the Patriot
    # batteries 1,500 km away have no launch time and no altitude band in this timeline.
    arch = cat.architecture("us-third-site-2008-lower-tier")
    tl = engagement_timeline(cat, Aim((38.08, 46.29), (52.52, 13.40), missile="irbm-3stage"), arch)
    subjects = {e.subject for e in tl.events if e.kind in {"interceptor-launch", "band-entry",
                                                          "band-exit"}}  # fmt: skip
    assert subjects and not any(s.startswith("patriot-") for s in subjects)
    assert "redzikowo-gbi" in subjects


def _detections(tl: Timeline) -> dict[str, float]:
    return {e.subject: e.time_s for e in tl.events if e.kind == "detection"}


def test_a_radar_that_needs_a_cue_detects_no_earlier_than_its_cue(cat: Catalogue) -> None:
    # Tehran to Berlin: the Czech radar (needs a cue) sees the missile from about 600 s on its
    # own; cued only by the Redzikowo SPY-1 (500 km), it detects once that radar holds a track.
    aim = Aim(TEHRAN, BERLIN, missile="irbm-3stage")
    arch = cat.architecture("us-third-site-2008")
    assert cat.radar("emr-brdy").needs_cue
    late = replace(arch, radars=("emr-brdy", "spy1-redzikowo"),
                   radar_cues=(("spy1-redzikowo", ("emr-brdy",)),), link_rules=())  # fmt: skip
    seen = _detections(engagement_timeline(cat, aim, late))
    cue = seen["spy1-redzikowo"] + cat.radar("spy1-redzikowo").track_time_s.value
    assert seen["emr-brdy"] >= cue - 1e-3
    assert seen["emr-brdy"] == pytest.approx(cue, abs=1e-3)  # it already sees: at the cue
    uncued = replace(cat, radars={**cat.radars,
                                  "emr-brdy": replace(cat.radar("emr-brdy"), needs_cue=False)})  # fmt: skip
    own = _detections(engagement_timeline(uncued, aim, replace(late, radar_cues=())))
    assert own["emr-brdy"] < seen["emr-brdy"] - 60.0  # plain geometry would list it earlier
    # The 2008 links: the forward radar cues the EMR, which detects after its track.
    plan = _detections(engagement_timeline(cat, aim, arch))
    assert plan["emr-brdy"] >= plan["fbx-forward"] + cat.radar("fbx-forward").track_time_s.value
    # A cue from a radar that never sees the missile: no detection by the EMR at all.
    never = replace(late, radars=("emr-brdy", "patriot-radar-athens"),
                    radar_cues=(("patriot-radar-athens", ("emr-brdy",)),))  # fmt: skip
    tl = engagement_timeline(cat, aim, never)
    assert _detections(tl) == {} and tl.limited_by == "sensor"


def test_detection_range_follows_the_warhead_cross_section(cat: Catalogue) -> None:
    # The EMR on its own (no cue needed): a warhead of a hundredth of the radar's reference
    # cross-section is seen at a third of the range, so later, and the timeline's detection
    # is the doctrine's, refined between samples.
    aim = Aim(TEHRAN, BERLIN, missile="irbm-3stage")
    arch = replace(cat.architecture("us-third-site-2008"), radars=("emr-brdy",), radar_cues=(),
                   link_rules=())  # fmt: skip
    base = replace(cat, radars={**cat.radars,
                                "emr-brdy": replace(cat.radar("emr-brdy"), needs_cue=False)})  # fmt: skip
    ref = base.radar("emr-brdy").reference_rcs_m2
    assert ref is not None
    times = {}
    for rcs in (ref.value, ref.value / 100.0):
        local = with_parameter(base, "class:irbm-3stage.rcs_warhead_m2", rcs)
        times[rcs] = _detections(engagement_timeline(local, aim, arch))["emr-brdy"]
        arcs, _t = _arc(local, aim)
        s = k.sample_arcs(np, arcs, False, boost_points=60, midcourse_points=1200,
                          terminal_points=300)  # fmt: skip
        radars = list(arch.radars)
        ruled = doctrine_engage(np, s, signature(np, arcs, False, class_rcs([local.missile_class("irbm-3stage")])),
                                sensor_batch(np, local, radars), site_batch(np, local, arch, radars),
                                doctrine_batch(np, local, arch, radars))  # fmt: skip
        sampled = float(ruled.detection[0, 0])
        assert times[rcs] <= sampled + 1e-3
        assert sampled - times[rcs] < 30.0  # within a sample step of the doctrine's
    assert times[ref.value / 100.0] > times[ref.value] + 30.0

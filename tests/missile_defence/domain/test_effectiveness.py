"""Wilkening's simple model of BMD effectiveness: closed forms, invariants, the Monte Carlo
against the closed forms, and which sites engage each defended asset."""

from __future__ import annotations

import math

import array_api_strict as xps
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bucarest.core.errors import InvalidInputError
from bucarest.missile_defence.data import load_catalogue, load_defended_assets
from bucarest.missile_defence.domain.effectiveness import (
    AssetEngagement,
    DefendedAsset,
    Doctrine,
    Raid,
    assess,
    asset_engagement,
    expected_leakers,
    has_closed_form,
    kill_probability,
    p_no_leak,
    shots_per_object,
    simulate,
)
from bucarest.missile_defence.domain.model import Text

SALVO2 = Doctrine(salvo=2)
SLS2 = Doctrine(looks=2)


# --- closed forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sspk", "salvo", "warheads"), [(0.8, 1, 1), (0.8, 2, 5), (0.5, 3, 10), (0.95, 2, 20)]
)
def test_barrage_with_enough_interceptors_is_wilkening_product(
    sspk: float, salvo: int, warheads: int
) -> None:
    expected = (1.0 - (1.0 - sspk) ** salvo) ** warheads
    d = Doctrine(salvo=salvo)
    assert p_no_leak(sspk, d, Raid(warheads)) == pytest.approx(expected, rel=1e-12)
    assert p_no_leak(sspk, d, Raid(warheads), inventory=salvo * warheads) == pytest.approx(expected)
    assert expected_leakers(sspk, d, Raid(warheads)) == pytest.approx(
        warheads * (1.0 - sspk) ** salvo
    )


def test_exact_values() -> None:
    assert p_no_leak(0.8, SALVO2, Raid(5)) == pytest.approx(0.96**5)  # 0.8153727
    assert round(p_no_leak(0.8, SALVO2, Raid(5)), 6) == 0.815373
    # Shoot-look-shoot kills as well as a barrage of the same shots, with fewer interceptors.
    assert kill_probability(0.8, SLS2) == pytest.approx(0.96)
    assert shots_per_object(0.8, SLS2) == pytest.approx(1.2)  # 1 + 0.2
    assert shots_per_object(0.8, SALVO2) == 2.0
    assert shots_per_object(0.7, Doctrine(salvo=2, looks=3)) == pytest.approx(
        2 * (1 + 0.09 + 0.0081)
    )
    assert p_no_leak(0.8, SLS2, Raid(3)) == pytest.approx(0.96**3)


def test_inventory_limited_barrage_spreads_the_shots() -> None:
    p = 0.8
    # Fewer interceptors than warheads: one warhead is not engaged.
    assert p_no_leak(p, SALVO2, Raid(5), inventory=4) == 0.0
    assert expected_leakers(p, SALVO2, Raid(5), inventory=4) == pytest.approx(1 + 4 * 0.2)
    # As many as warheads: one shot each.
    assert p_no_leak(p, SALVO2, Raid(5), inventory=5) == pytest.approx(p**5)
    # Three interceptors, two warheads: one gets two shots, the other one.
    assert p_no_leak(p, SALVO2, Raid(2), inventory=3) == pytest.approx(0.96 * 0.8)
    # Six, five warheads: 0.8⁴ × 0.96.
    assert p_no_leak(p, SALVO2, Raid(5), inventory=6) == pytest.approx(0.8**4 * 0.96)
    assert p_no_leak(p, SALVO2, Raid(5), inventory=0) == 0.0


def test_decoys_draw_interceptors_only_when_not_recognised() -> None:
    p = 0.8
    one = Doctrine()
    # Perfect discrimination: decoys change nothing.
    assert p_no_leak(p, one, Raid(1, 5, 1.0), inventory=1) == pytest.approx(p)
    # No discrimination, one interceptor, a warhead and a decoy: a coin toss which is shot.
    assert p_no_leak(p, one, Raid(1, 1, 0.0), inventory=1) == pytest.approx(0.5 * p)
    # Half the decoys recognised: P = ½·p (recognised) + ½·½·p (not).
    assert p_no_leak(p, one, Raid(1, 1, 0.5), inventory=1) == pytest.approx(0.75 * p)
    # Unlimited inventory: every object is engaged, decoys cost interceptors, not leakage.
    assert p_no_leak(p, one, Raid(3, 10, 0.0)) == pytest.approx(p**3)


def test_limits() -> None:
    assert p_no_leak(1.0, Doctrine(), Raid(50), inventory=50) == 1.0
    assert p_no_leak(0.0, Doctrine(salvo=4), Raid(1)) == 0.0
    assert p_no_leak(0.3, Doctrine(), Raid(0), inventory=0) == 1.0
    assert expected_leakers(0.3, Doctrine(), Raid(0)) == 0.0
    # Many shots tend to certainty; many warheads to zero.
    assert p_no_leak(0.5, Doctrine(salvo=8, looks=3), Raid(1)) == pytest.approx(1.0 - 0.5**24)
    assert p_no_leak(0.9, Doctrine(), Raid(1000)) < 1e-40


def test_which_cases_have_a_closed_form() -> None:
    assert has_closed_form(SLS2, Raid(3), None)
    assert has_closed_form(SLS2, Raid(3), 6)
    assert not has_closed_form(SLS2, Raid(3), 5)
    assert has_closed_form(SALVO2, Raid(3, 4, 0.2), 1)
    with pytest.raises(InvalidInputError, match="no closed form"):
        p_no_leak(0.8, SLS2, Raid(3), inventory=5)


@pytest.mark.parametrize(
    ("text", "salvo", "looks"),
    [("salvo:2", 2, 1), ("sls:2", 1, 2), ("SLS:3x2", 2, 3), (" salvo:1 ", 1, 1)],
)
def test_doctrine_parse(text: str, salvo: int, looks: int) -> None:
    d = Doctrine.parse(text)
    assert (d.salvo, d.looks) == (salvo, looks)
    assert Doctrine.parse(d.label) == d


@pytest.mark.parametrize(
    "text", ["salvo", "salvo:0", "sls:4", "salvo:9", "barrage:2", "sls:2x", "salvo:x"]
)
def test_bad_doctrine_is_one_line(text: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        Doctrine.parse(text)
    assert "\n" not in str(err.value) and "expected" in str(err.value)


def test_bad_numbers_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="single-shot kill probability of 1.5"):
        p_no_leak(1.5, Doctrine(), Raid(1))
    with pytest.raises(InvalidInputError, match="single-shot kill probability of -0.1"):
        kill_probability(-0.1, Doctrine())
    with pytest.raises(InvalidInputError, match="discrimination probability of 2"):
        Raid(1, 1, 2.0)
    with pytest.raises(InvalidInputError, match="raid of -1 warheads"):
        Raid(-1)
    with pytest.raises(InvalidInputError, match="inventory of -3"):
        p_no_leak(0.8, Doctrine(), Raid(1), inventory=-3)
    with pytest.raises(InvalidInputError, match="inventory of -1"):
        simulate(0.8, Doctrine(), Raid(1), [[True]], [-1])
    with pytest.raises(InvalidInputError, match="do not match"):
        simulate(0.8, Doctrine(), Raid(1), [[True, False]], [3])


# --- invariants -----------------------------------------------------------------------------

probs = st.floats(0.0, 1.0)
counts = st.integers(0, 12)


@settings(max_examples=60)
@given(a=probs, b=probs, n=st.integers(1, 3), warheads=counts, inv=st.integers(0, 40))
def test_monotone_in_sspk(a: float, b: float, n: int, warheads: int, inv: int) -> None:
    lo, hi = sorted((a, b))
    d = Doctrine(salvo=n)
    assert p_no_leak(lo, d, Raid(warheads), inv) <= p_no_leak(hi, d, Raid(warheads), inv) + 1e-12


@settings(max_examples=60)
@given(p=probs, n=st.integers(1, 7), warheads=counts, inv=st.one_of(st.none(), st.integers(0, 40)))
def test_monotone_in_salvo_size(p: float, n: int, warheads: int, inv: int | None) -> None:
    small, big = Doctrine(salvo=n), Doctrine(salvo=n + 1)
    assert (
        p_no_leak(p, small, Raid(warheads), inv) <= p_no_leak(p, big, Raid(warheads), inv) + 1e-12
    )


@settings(max_examples=60)
@given(p=probs, n=st.integers(1, 3), warheads=counts, inv=st.one_of(st.none(), st.integers(0, 40)))
def test_decreasing_in_raid_size(p: float, n: int, warheads: int, inv: int | None) -> None:
    d = Doctrine(salvo=n)
    assert p_no_leak(p, d, Raid(warheads + 1), inv) <= p_no_leak(p, d, Raid(warheads), inv) + 1e-12


@settings(max_examples=60)
@given(p=probs, warheads=st.integers(1, 6), decoys=st.integers(0, 8), disc=probs,
       inv=st.integers(0, 30))  # fmt: skip
def test_decreasing_in_decoys_increasing_in_discrimination(
    p: float, warheads: int, decoys: int, disc: float, inv: int
) -> None:
    d = Doctrine(salvo=2)
    base = p_no_leak(p, d, Raid(warheads, decoys, disc), inv)
    assert p_no_leak(p, d, Raid(warheads, decoys + 1, disc), inv) <= base + 1e-12
    assert p_no_leak(p, d, Raid(warheads, decoys, min(1.0, disc + 0.1)), inv) >= base - 1e-12
    assert p_no_leak(p, d, Raid(warheads, decoys, disc), inv + 1) >= base - 1e-12


# --- Monte Carlo against the closed forms ----------------------------------------------------


@pytest.mark.parametrize(
    ("sspk", "doctrine", "raid", "inventory"),
    [
        (0.8, SALVO2, Raid(5), 10),
        (0.8, SALVO2, Raid(5), 6),
        (0.7, Doctrine(), Raid(3, 4, 0.5), 5),
        (0.6, Doctrine(salvo=3), Raid(4, 2, 0.0), 9),
        (0.8, SLS2, Raid(4, 2, 0.3), 12),
        (0.5, Doctrine(salvo=2, looks=3), Raid(2), 100),
    ],
)
def test_monte_carlo_agrees_with_closed_form(
    sspk: float, doctrine: Doctrine, raid: Raid, inventory: int
) -> None:
    exact = p_no_leak(sspk, doctrine, raid, inventory)
    leak = expected_leakers(sspk, doctrine, raid, inventory)
    # Split across two sites covering the point: alone, the inventories pool.
    split = [inventory // 2, inventory - inventory // 2]
    for shared in (False, True):
        mc = simulate(sspk, doctrine, raid, [[True, True]], split, raids=40_000, seed=7,
                      shared=shared)  # fmt: skip
        tol = 4.0 * math.sqrt(max(exact * (1 - exact), 1e-4) / mc.raids)
        assert float(mc.p_no_leak[0]) == pytest.approx(exact, abs=tol)
        assert float(mc.expected_leakers[0]) == pytest.approx(leak, abs=0.05 * max(leak, 0.2))


def test_monte_carlo_fires_the_expected_interceptors() -> None:
    mc = simulate(0.8, SLS2, Raid(10), [[True]], [1000], raids=20_000, seed=3)
    assert float(mc.interceptors[0]) == pytest.approx(10 * shots_per_object(0.8, SLS2), rel=0.01)
    assert float(mc.stderr[0]) == pytest.approx(
        math.sqrt(mc.p_no_leak[0] * (1 - mc.p_no_leak[0]) / 20_000)
    )


def test_shoot_look_shoot_that_can_run_dry_lies_between_its_bounds() -> None:
    raid = Raid(4)
    mc = float(simulate(0.8, SLS2, raid, [[True]], [5], raids=40_000, seed=11).p_no_leak[0])
    one_layer = p_no_leak(0.8, Doctrine(), raid, 5)
    unlimited = p_no_leak(0.8, SLS2, raid)
    assert one_layer < mc < unlimited
    # Exactly: the 5th interceptor goes to the first survivor, P = 0.8⁴ + C(4,1)·0.2·0.8⁴.
    exact = 0.8**4 + 4 * 0.2 * 0.8 * 0.8**3
    assert mc == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / 40_000))


def test_shared_inventory_costs_the_points_that_share_it() -> None:
    cov = [[True], [True], [True]]
    alone = simulate(0.8, SALVO2, Raid(3), cov, [10], raids=20_000, seed=5)
    shared = simulate(0.8, SALVO2, Raid(3), cov, [10], raids=20_000, seed=5, shared=True)
    # Alone each point has 10 for 3 warheads (two shots each); together 10 for 9.
    assert np.allclose(alone.p_no_leak, 0.96**3, atol=0.02)
    # Together: one shot each for the 9 warheads, the 10th to one of them at random.
    together = 3 / 9 * 0.96 * 0.8**2 + 6 / 9 * 0.8**3
    assert np.allclose(shared.p_no_leak, together, atol=0.015)
    assert float(shared.interceptors.sum()) == pytest.approx(10.0)


def test_a_point_no_site_covers_leaks_everything() -> None:
    mc = simulate(0.9, SALVO2, Raid(2), [[False], [True]], [4], raids=5_000, seed=1)
    assert mc.p_no_leak[0] == 0.0 and mc.expected_leakers[0] == 2.0
    assert mc.p_no_leak[1] > 0.9


def test_monte_carlo_is_reproducible_with_a_seed() -> None:
    a = simulate(0.7, SLS2, Raid(3, 2, 0.4), [[True]], [5], raids=3_000, seed=42)
    b = simulate(0.7, SLS2, Raid(3, 2, 0.4), [[True]], [5], raids=3_000, seed=42)
    assert np.array_equal(a.p_no_leak, b.p_no_leak)


# --- defended assets against an architecture ----------------------------------------------


def _assets(*ids: str) -> list[DefendedAsset]:
    by_id = {a.id: a for a in load_defended_assets()}
    return [by_id[i] for i in ids]


def test_third_site_engages_the_north_and_the_cued_balkans_not_athens_or_ankara() -> None:
    # With the forward radar cueing the GBIs (engagement doctrine), Sofia and Bucharest are
    # engaged at the central estimates; Athens and Ankara are not.
    cat = load_catalogue()
    assets = _assets("berlin", "london", "athens", "ankara", "bucharest", "sofia")
    eng = asset_engagement(cat, cat.architecture("us-third-site-2008"), "iran-2008", assets)
    assert eng.site_ids == ("redzikowo-gbi",)
    assert eng.threatened.all()
    assert eng.sites[:, 0].tolist() == [True, True, False, False, True, True]
    # Athens for want of a guiding track; Ankara for a kinematic or timeline reason.
    assert eng.limited_by[2] == "track-quality"
    assert eng.limited_by[3] in {"kinematics", "commit-time", "battle-space"}
    assert (eng.trajectories > 0).all()
    res = assess(eng, assets, [10], 0.8, SALVO2, Raid(3))
    assert res[0].p_no_leak == pytest.approx(0.96**3, abs=1e-6) and res[0].interceptors == 10
    assert res[3].p_no_leak == 0.0 and res[3].expected_leakers == 3.0 and res[3].sites == ()


def test_out_of_range_asset_is_not_threatened() -> None:
    cat = load_catalogue()
    assets = _assets("reykjavik", "ankara")
    eng = asset_engagement(cat, cat.architecture("epaa-phase-1"), "iran-mrbm", assets)
    assert eng.threatened.tolist() == [False, True]
    assert eng.limited_by[0] == "not-threatened"
    res = assess(eng, assets, [8] * len(eng.site_ids), 0.8, Doctrine(), Raid(1))
    assert res[0].p_no_leak is None and res[0].method == "none"


def test_assess_uses_monte_carlo_where_no_closed_form_and_gives_the_sspk_range() -> None:
    a = DefendedAsset("x", Text("X", "X"), "user", "", 50.0, 10.0)
    eng = AssetEngagement(("s1", "s2"), np.array([True]), np.array([[True, True]]),
                          np.array([2]), np.array([3]))  # fmt: skip
    res = assess(eng, [a], [2, 3], 0.8, SLS2, Raid(4), (0.5, 0.95), raids=20_000, seed=2)[0]
    assert res.method == "monte-carlo" and res.interceptors == 5 and res.stderr is not None
    assert res.p_low is not None and res.p_high is not None
    assert res.p_low < res.p_no_leak < res.p_high
    # Looks capped by the geometry: one look only gives the single-layer closed form.
    eng1 = AssetEngagement(("s1",), np.array([True]), np.array([[True]]), np.array([1]),
                           np.array([3]))  # fmt: skip
    one = assess(eng1, [a], [5], 0.8, SLS2, Raid(4))[0]
    assert one.method == "closed-form" and one.looks == 1
    assert one.p_no_leak == pytest.approx(p_no_leak(0.8, Doctrine(), Raid(4), 5), abs=1e-6)


def test_inventory_binds_where_the_sites_hold_fewer_interceptors_than_the_doctrine_fires() -> None:
    a = DefendedAsset("x", Text("X", "X"), "user", "", 50.0, 10.0)
    eng = AssetEngagement(("s",), np.array([True]), np.array([[True]]), np.array([1]),
                          np.array([2]))  # fmt: skip
    enough = assess(eng, [a], [10], 0.8, SALVO2, Raid(5))[0]
    assert enough.limited_by == "none"
    assert enough.p_unlimited == pytest.approx(enough.p_no_leak, abs=1e-9)
    # Six interceptors for five warheads at two each: four get one shot (0.8⁴ × 0.96).
    short = assess(eng, [a], [6], 0.8, SALVO2, Raid(5))[0]
    assert short.limited_by == "inventory"
    assert short.p_no_leak == pytest.approx(0.8**4 * 0.96, abs=1e-6)
    assert short.p_unlimited == pytest.approx(0.96**5, abs=1e-6)
    # Decoys draw interceptors only when some may go unrecognised.
    sure = assess(eng, [a], [10], 0.8, SALVO2, Raid(5, decoys=3, discrimination=1.0))[0]
    assert sure.limited_by == "none"
    unsure = assess(eng, [a], [10], 0.8, SALVO2, Raid(5, decoys=3, discrimination=0.9))[0]
    assert unsure.limited_by == "inventory"
    assert unsure.p_no_leak is not None and unsure.p_unlimited is not None
    assert unsure.p_no_leak < unsure.p_unlimited
    # An asset no site engages keeps its own reason and has no unlimited figure.
    none = assess(AssetEngagement(("s",), np.array([True]), np.array([[False]]), np.array([0]),
                                  np.array([2])), [a], [10], 0.8, SALVO2, Raid(5))[0]  # fmt: skip
    assert none.limited_by == "kinematics" and none.p_unlimited is None


def test_asset_engagement_runs_on_the_array_api_standard() -> None:
    cat = load_catalogue()
    assets = _assets("berlin", "athens", "copenhagen", "lisbon")
    arch = cat.architecture("epaa-phase-3")
    plain = asset_engagement(cat, arch, "iran-2008", assets, looks=2)
    strict = asset_engagement(cat, arch, "iran-2008", assets, looks=2, xp=xps)
    assert np.array_equal(plain.sites, strict.sites)
    assert np.array_equal(plain.looks, strict.looks)
    # With gravity on the SM-3's fly-out, Lisbon is beyond reach (kinematics); the rest is not.
    assert plain.sites.any() and (plain.looks[:3] >= 1).all()
    assert plain.limited_by[3] == "kinematics"

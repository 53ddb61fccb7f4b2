"""Missile-defence effectiveness: the vectorised Monte Carlo against the closed forms.

Run alone: ``.venv/bin/python bench/md_effectiveness.py [--raids 10000] [--assets 100]``.
Target (issue 14): the probability of zero leakage for 100 defended assets with 10,000
Monte Carlo raids each in under 10 s on the 2-core machine.

The assets are the 35 shipped ones (capitals of the 26 Allies of 2008, ports, bases) and
points on a regular lattice over Europe and Turkey up to ``--assets``; the architecture is
EPAA phase 3 against the 2008 Iranian threat. The peer is the closed-form evaluation of
Wilkening's model (``p_no_leak`` per asset) on the same assets, measured in the same run:
the table gives each Monte Carlo case's time, its ratio to the closed form's and, where the
closed form applies, the largest gap between the two in standard errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table
from bucarest.missile_defence.data import load_catalogue, load_defended_assets
from bucarest.missile_defence.domain.effectiveness import (
    DefendedAsset,
    Doctrine,
    Raid,
    asset_engagement,
    p_no_leak,
    simulate,
)
from bucarest.missile_defence.domain.model import Text

ARCH, THREAT = "epaa-phase-3", "iran-2008"


def _assets(count: int) -> list[DefendedAsset]:
    assets = list(load_defended_assets())[:count]
    lats, lons = np.meshgrid(np.linspace(37.0, 62.0, 10), np.linspace(-8.0, 40.0, 10))
    for i, (lat, lon) in enumerate(zip(lats.ravel(), lons.ravel(), strict=True)):
        if len(assets) >= count:
            break
        assets.append(DefendedAsset(f"p{i}", Text(f"P{i}", f"P{i}"), "user", "", float(lat),
                                    float(lon)))  # fmt: skip
    return assets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raids", type=int, default=10_000)
    ap.add_argument("--assets", type=int, default=100)
    ap.add_argument("--sspk", type=float, default=0.8)
    args = ap.parse_args()
    cat = load_catalogue()
    arch = cat.architecture(ARCH)
    assets = _assets(args.assets)
    inventory = np.array([int(cat.site(s).interceptors.value) for s in arch.sites])

    t0 = time.perf_counter()
    eng = asset_engagement(cat, arch, THREAT, assets, looks=2)
    t_eng = time.perf_counter() - t0
    cov = eng.sites & eng.threatened[:, None]
    pooled = (cov * inventory[None, :]).sum(axis=1)

    cases = [
        ("salvo:2, 5 warheads", Doctrine(salvo=2), Raid(5), False),
        ("salvo:1, 20 warheads + 20 decoys (d=0.5)", Doctrine(), Raid(20, 20, 0.5), False),
        ("sls:2, 12 warheads (may run dry)", Doctrine(looks=2), Raid(12), False),
        ("salvo:2, 2 warheads, shared inventory", Doctrine(salvo=2), Raid(2), True),
    ]
    rows = []
    total_mc = 0.0
    for label, doctrine, raid, shared in cases:
        closed = None
        t_cf = float("nan")
        if not shared and doctrine.looks == 1:
            t0 = time.perf_counter()
            closed = np.array([p_no_leak(args.sspk, doctrine, raid, int(n)) if c.any() else 0.0
                               for n, c in zip(pooled, cov, strict=True)])  # fmt: skip
            t_cf = time.perf_counter() - t0
        t0 = time.perf_counter()
        mc = simulate(args.sspk, doctrine, raid, cov, inventory, raids=args.raids, seed=1,
                      shared=shared)  # fmt: skip
        t_mc = time.perf_counter() - t0
        total_mc += t_mc
        if closed is not None:
            se = np.sqrt(np.maximum(closed * (1 - closed), 1e-4) / args.raids)
            gap = f"{float(np.max(np.abs(mc.p_no_leak - closed) / se)):.1f} σ"
            ratio = f"{t_mc / t_cf:,.0f}×"
            cf_text = f"{t_cf * 1000:.1f} ms"
        else:
            gap, ratio, cf_text = "no closed form", "—", "—"
        rows.append((label, f"{len(assets)} × {args.raids:,}", f"{t_mc:.2f} s", cf_text, ratio,
                     gap, f"{float(np.mean(mc.p_no_leak)):.3f}"))  # fmt: skip
    print(f"{ARCH} against {THREAT}: {len(assets)} assets, {int(eng.threatened.sum())} threatened, "
          f"{int(cov.any(axis=1).sum())} engaged; per-asset engagement {t_eng:.2f} s")  # fmt: skip
    print_table(("case", "assets × raids", "Monte Carlo", "closed form", "MC / closed",
                 "largest gap", "mean P(no leak)"), rows)  # fmt: skip
    verdict = "meets" if total_mc < 10.0 else "misses"
    print(f"all Monte Carlo cases together: {total_mc:.2f} s ({verdict} the 10 s target)")


if __name__ == "__main__":
    main()

"""Defence effectiveness: the probability that no warhead of a raid gets through.

Example::

    >>> d = Doctrine.parse("salvo:2")
    >>> round(p_no_leak(0.8, d, Raid(warheads=5)), 4)        # (1 - 0.2²)⁵
    0.8154
    >>> round(p_no_leak(0.8, d, Raid(warheads=5), inventory=6), 4)  # 0.8⁴ × 0.96: spread thin
    0.3932
    >>> p_no_leak(0.8, d, Raid(warheads=5), inventory=4)            # one warhead unengaged
    0.0
    >>> round(p_no_leak(0.8, Doctrine.parse("sls:2"), Raid(warheads=5)), 4)  # same kill, fewer shots
    0.8154
    >>> mc = simulate(0.8, d, Raid(5), coverage=[[True]], inventory=[10], raids=20_000, seed=1)
    >>> abs(float(mc.p_no_leak[0]) - 0.8154) < 4 * float(mc.stderr[0])
    True

The model is D. Wilkening's simple model of ballistic missile defence effectiveness
(Science & Global Security 8(2), 1999): every interceptor kills the object it is fired at
with the single-shot kill probability ``sspk`` (0–1), independently of the others; the
defence fires a salvo of ``salvo`` interceptors at each object it engages and, with
shoot-look-shoot, looks (perfect kill assessment) and fires another salvo at each survivor,
up to ``looks`` opportunities. A raid is ``warheads`` warheads and ``decoys`` decoys aimed at
one defended point; the defence recognises each decoy with probability ``discrimination``
and must engage the decoys it does not recognise as if they were warheads. With a finite
inventory (interceptors, a count), the defence spreads it evenly: every object gets a shot
before any gets a second (the remainder goes to objects drawn at random).

Closed forms (:func:`p_no_leak`, :func:`expected_leakers`) cover an unlimited inventory
(``(1 − (1 − p)^(n·k))^N``), any inventory for a single layer (a hypergeometric sum over the
objects that get the extra shot, averaged over the binomial number of decoys not
recognised), and shoot-look-shoot when the inventory covers every shot. Everything else (shoot-
look-shoot that may run dry, an inventory shared by several aim points, several sites) goes
through the vectorised Monte Carlo :func:`simulate`, which gives the same answers where
both apply (the tests check this).

:func:`asset_engagement` says which interceptor sites of an architecture can engage every
trajectory of a threat aimed at each defended asset, with the existing engagement kernel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bucarest.core.batch import Runner, run_serially
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.provenance import Provenance
from bucarest.missile_defence.domain.coverage import (
    COVERED,
    UNCOVERED,
    UNCOVERED_SENSOR,
    Grid,
    evaluate,
    threat_field,
)
from bucarest.missile_defence.domain.doctrine import REASONS
from bucarest.missile_defence.domain.model import Architecture, Catalogue, Text

__all__ = [
    "AssetEngagement",
    "AssetResult",
    "DefendedAsset",
    "Doctrine",
    "MonteCarlo",
    "Raid",
    "assess",
    "asset_engagement",
    "asset_grid",
    "check_probability",
    "expected_leakers",
    "has_closed_form",
    "kill_probability",
    "p_no_leak",
    "shots_per_object",
    "simulate",
]

#: At most this many objects (warheads and decoys) in one raid, and looks or salvo size.
MAX_OBJECTS = 1000
MAX_SALVO = 8
MAX_LOOKS = 3


def check_probability(value: float, what: str) -> float:
    """``value`` when it is a probability (0–1), else a one-line :class:`InvalidInputError`."""
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidInputError(
            N_("{what} of {value} is not allowed; expected a probability from 0 to 1"),
            what=what,
            value=f"{value:g}",
        )
    return float(value)


@dataclass(frozen=True)
class Doctrine:
    """Shot doctrine: ``salvo`` interceptors fired together at each object per opportunity,
    ``looks`` shoot-look-shoot opportunities (1: a single barrage).

    Example::

        >>> Doctrine.parse("sls:3x2")
        Doctrine(salvo=2, looks=3)
        >>> Doctrine.parse("salvo:2").label
        'salvo:2'
    """

    salvo: int = 1
    looks: int = 1

    def __post_init__(self) -> None:
        if not (1 <= self.salvo <= MAX_SALVO and 1 <= self.looks <= MAX_LOOKS):
            raise InvalidInputError(
                N_(
                    "a doctrine of salvo {salvo} with {looks} looks is not allowed; expected a salvo of 1 to 8 and 1 to 3 looks"
                ),
                salvo=str(self.salvo),
                looks=str(self.looks),
            )

    @classmethod
    def parse(cls, text: str) -> Doctrine:
        """``salvo:N`` (N interceptors at once), ``sls:K`` (shoot-look-shoot, K
        opportunities of one interceptor) or ``sls:KxN`` (K opportunities of N)."""
        kind, _sep, rest = text.strip().lower().partition(":")
        try:
            if kind == "salvo":
                return cls(salvo=int(rest))
            if kind == "sls":
                looks, x, salvo = rest.partition("x")
                return cls(salvo=int(salvo) if x else 1, looks=int(looks))
        except ValueError:
            pass
        raise InvalidInputError(
            N_("a doctrine '{text}' is not allowed; expected salvo:N, sls:K or sls:KxN"),
            text=text,
        )

    @property
    def label(self) -> str:
        if self.looks == 1:
            return f"salvo:{self.salvo}"
        return f"sls:{self.looks}" + (f"x{self.salvo}" if self.salvo > 1 else "")

    @property
    def shots(self) -> int:
        """Interceptors fired at an object that survives every look (salvo × looks)."""
        return self.salvo * self.looks


@dataclass(frozen=True)
class Raid:
    """``warheads`` aimed at one point with ``decoys`` (a count), each decoy recognised as such
    with probability ``discrimination`` (0–1; 1: every decoy is recognised)."""

    warheads: int
    decoys: int = 0
    discrimination: float = 1.0

    def __post_init__(self) -> None:
        if self.warheads < 0 or self.decoys < 0 or self.warheads + self.decoys > MAX_OBJECTS:
            raise InvalidInputError(
                N_(
                    "a raid of {warheads} warheads and {decoys} decoys is not allowed; expected counts of at least 0 and at most 1000 objects"
                ),
                warheads=str(self.warheads),
                decoys=str(self.decoys),
            )
        check_probability(self.discrimination, N_("a discrimination probability"))


def kill_probability(sspk: float, doctrine: Doctrine) -> float:
    """Probability that one object is destroyed when the inventory allows every shot:
    ``1 − (1 − sspk)^(salvo·looks)`` (a look only saves interceptors)."""
    check_probability(sspk, N_("a single-shot kill probability"))
    return 1.0 - (1.0 - sspk) ** doctrine.shots


def shots_per_object(sspk: float, doctrine: Doctrine) -> float:
    """Expected interceptors fired at one object with perfect kill assessment and enough
    interceptors: ``n · Σ_{j<k} (1 − sspk)^(n·j)``."""
    check_probability(sspk, N_("a single-shot kill probability"))
    q = (1.0 - sspk) ** doctrine.salvo
    return doctrine.salvo * sum(q**j for j in range(doctrine.looks))


def _binom(n: int, p: float) -> np.ndarray[Any, Any]:
    """P(U = u), u = 0..n, for U ~ Binomial(n, p)."""
    return np.array([math.comb(n, u) * p**u * (1.0 - p) ** (n - u) for u in range(n + 1)])


def _hypergeom(population: int, successes: int, draws: int) -> np.ndarray[Any, Any]:
    """P(J = j), j = 0..successes: successes among ``draws`` taken without replacement."""
    out = np.zeros(successes + 1)
    total = math.comb(population, draws)
    for j in range(max(0, draws - (population - successes)), min(successes, draws) + 1):
        out[j] = math.comb(successes, j) * math.comb(population - successes, draws - j) / total
    return out


def _layer(sspk: float, doctrine: Doctrine, raid: Raid, inventory: int | None) -> Any:
    """Per undiscriminated-decoy count u: (P(u), shots q, objects with q+1, objects T), for a
    closed form; None where no closed form applies."""
    check_probability(sspk, N_("a single-shot kill probability"))
    if inventory is not None and inventory < 0:
        raise InvalidInputError(
            N_("an inventory of {value} is not allowed; expected at least 0 interceptors"),
            value=str(inventory),
        )
    m = raid.decoys
    probs = _binom(m, 1.0 - raid.discrimination) if m else np.ones(1)
    rows = []
    for u, pu in enumerate(probs):
        if pu == 0.0:
            continue
        t = raid.warheads + u
        if inventory is None or inventory >= doctrine.shots * t:
            rows.append((float(pu), doctrine.shots, 0, t))
        elif doctrine.looks > 1:
            return None
        else:
            q, r = divmod(inventory, t) if t else (0, 0)
            rows.append((float(pu), q, r, t))
    return rows


def _closed_form_layer(
    sspk: float, doctrine: Doctrine, raid: Raid, inventory: int | None
) -> list[tuple[float, int, int, int]]:
    """:func:`_layer`'s rows, or the one-line refusal where no closed form exists."""
    rows = _layer(sspk, doctrine, raid, inventory)
    if rows is None:
        raise InvalidInputError(
            N_("shoot-look-shoot with a limited inventory has no closed form; expected Monte Carlo")
        )
    return rows  # type: ignore[no-any-return]


def p_no_leak(sspk: float, doctrine: Doctrine, raid: Raid, inventory: int | None = None) -> float:
    """Probability that no warhead of ``raid`` leaks through (closed form, 0–1).

    ``inventory`` is the interceptors available to the point (None: as many as the doctrine
    wants). Raises :class:`InvalidInputError` for shoot-look-shoot whose inventory may run
    out: use :func:`simulate` (:func:`has_closed_form` tells in advance).
    """
    rows = _closed_form_layer(sspk, doctrine, raid, inventory)
    n = raid.warheads
    total = 0.0
    for pu, q, r, t in rows:
        s_q, s_q1 = 1.0 - (1.0 - sspk) ** q, 1.0 - (1.0 - sspk) ** (q + 1)
        if r == 0:
            total += pu * s_q**n
            continue
        h = _hypergeom(t, n, r)
        j = np.arange(n + 1)
        total += pu * float(np.sum(h * s_q1**j * s_q ** (n - j)))
    return min(1.0, max(0.0, total))


def expected_leakers(
    sspk: float, doctrine: Doctrine, raid: Raid, inventory: int | None = None
) -> float:
    """Expected warheads that get through (closed form); see :func:`p_no_leak`."""
    rows = _closed_form_layer(sspk, doctrine, raid, inventory)
    n = raid.warheads
    total = 0.0
    for pu, q, r, t in rows:
        extra = n * r / t if t else 0.0
        total += pu * (extra * (1.0 - sspk) ** (q + 1) + (n - extra) * (1.0 - sspk) ** q)
    return total


def has_closed_form(doctrine: Doctrine, raid: Raid, inventory: int | None) -> bool:
    """Whether :func:`p_no_leak` applies (one layer, or enough interceptors for every shot)."""
    return (
        inventory is None
        or doctrine.looks == 1
        or inventory >= doctrine.shots * (raid.warheads + raid.decoys)
    )


@dataclass(frozen=True)
class MonteCarlo:
    """Per aim point (A,): ``p_no_leak`` and its standard error ``stderr``,
    ``expected_leakers`` (warheads), ``interceptors`` (mean fired), over ``raids`` raids."""

    p_no_leak: np.ndarray[Any, Any]
    stderr: np.ndarray[Any, Any]
    expected_leakers: np.ndarray[Any, Any]
    interceptors: np.ndarray[Any, Any]
    raids: int


def simulate(
    sspk: float,
    doctrine: Doctrine,
    raid: Raid,
    coverage: Any,
    inventory: Any,
    raids: int = 10_000,
    seed: int | None = 0,
    shared: bool = False,
    looks: Any = None,
    chunk: int = 250_000,
) -> MonteCarlo:
    """Monte Carlo of ``raids`` raids on each of A aim points defended by S sites.

    ``coverage`` (A, S) says which sites can engage a threat at each point, ``inventory``
    (S,) the interceptors of each site (counts), ``looks`` (A,) the shoot-look-shoot
    opportunities the geometry allows at each point (default: the doctrine's). With
    ``shared`` every point is attacked at once and the sites' inventories are shared
    (objects are engaged in a random order, each layer before the next); without it, each
    point is attacked alone with every covering site's full inventory. A shot comes from the
    covering site with most interceptors left.
    """
    check_probability(sspk, N_("a single-shot kill probability"))
    cov = np.asarray(coverage, dtype=bool)
    inv = np.asarray(inventory, dtype=np.int64)
    if cov.ndim != 2 or inv.shape != (cov.shape[1],):
        raise InvalidInputError(
            N_("coverage and inventory do not match; expected (points, sites) and (sites,)")
        )
    if (inv < 0).any():
        raise InvalidInputError(
            N_("an inventory of {value} is not allowed; expected at least 0 interceptors"),
            value=str(int(inv.min())),
        )
    if raids < 1 or raids > 10_000_000:
        raise InvalidInputError(
            N_("{raids} raids is not allowed; expected 1 to 10,000,000"), raids=str(raids)
        )
    a_count, s_count = cov.shape
    layer_cap = np.full(a_count, doctrine.looks, dtype=np.int64)
    if looks is not None:
        layer_cap = np.minimum(layer_cap, np.asarray(looks, dtype=np.int64))
    rng = np.random.default_rng(seed)
    per = raid.warheads + raid.decoys
    leaks, clean, fired = np.zeros(a_count), np.zeros(a_count), np.zeros(a_count)
    if per == 0 or a_count == 0:
        zeros = np.zeros(a_count)
        return MonteCarlo(np.ones(a_count), zeros, zeros, zeros, raids)
    rv = np.arange(per) < raid.warheads
    if shared:
        objects = a_count * per
        per_chunk = max(1, chunk // objects)
        asset = np.repeat(np.arange(a_count), per)
        for start in range(0, raids, per_chunk):
            b = min(raids, start + per_chunk) - start
            left, used = _raids(rng, sspk, doctrine, raid, layer_cap,
                                np.broadcast_to(asset, (b, objects)), np.tile(rv, a_count),
                                np.broadcast_to(inv, (b, s_count)).copy(), cov, a_count)  # fmt: skip
            leaks += left.sum(axis=0)
            clean += (left == 0).sum(axis=0)
            fired += used.sum(axis=0)
    else:
        # Alone, every covering site can take every shot: the inventories pool.
        pooled = (cov * inv[None, :]).sum(axis=1)
        per_chunk = max(1, chunk // a_count)
        for start in range(0, raids, per_chunk):
            r = min(raids, start + per_chunk) - start
            asset = np.tile(np.arange(a_count), r)
            left, used = _raids(rng, sspk, doctrine, raid, layer_cap,
                                np.broadcast_to(asset[:, None], (asset.size, per)), rv,
                                pooled[asset].copy(), None, a_count)  # fmt: skip
            left = left.sum(axis=1).reshape(r, a_count)
            used = used.sum(axis=1).reshape(r, a_count)
            leaks += left.sum(axis=0)
            clean += (left == 0).sum(axis=0)
            fired += used.sum(axis=0)
    p = clean / raids
    return MonteCarlo(p, np.sqrt(p * (1.0 - p) / raids), leaks / raids, fired / raids, raids)


def _raids(
    rng: np.random.Generator, sspk: float, doctrine: Doctrine, raid: Raid,
    layer_cap: np.ndarray[Any, Any], asset: np.ndarray[Any, Any], rv_obj: np.ndarray[Any, Any],
    left: np.ndarray[Any, Any], cov: np.ndarray[Any, Any] | None, a_count: int,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:  # fmt: skip
    """One batch of B raids on J objects (``asset`` (B, J) the point each is aimed at,
    ``rv_obj`` (J,) which are warheads). ``left`` is (B,) pooled interceptors (``cov``
    None) or (B, S) per site. Warheads that get through and interceptors fired, per raid
    and point: (B, A) when ``cov`` is given, else (B, J)."""
    b, j_count = asset.shape
    # The defence meets the objects in a random order; decoys it recognises are let pass,
    # the rest look like warheads to it.
    order = np.argsort(rng.random((b, j_count)), axis=1)
    rv = np.take_along_axis(np.broadcast_to(rv_obj, (b, j_count)), order, axis=1)
    where = np.take_along_axis(asset, order, axis=1) if cov is not None else asset
    engaged = rv | (rng.random((b, j_count)) >= raid.discrimination)
    alive = np.ones((b, j_count), dtype=bool)
    used = np.zeros((b, j_count), dtype=np.int32)
    rows = np.arange(b)
    for layer in range(doctrine.looks):
        active = alive & engaged & (layer < layer_cap[where])
        shots = np.zeros((b, j_count), dtype=np.int32)
        for _round in range(doctrine.salvo):
            if cov is None:
                # Every active object gets one more shot, in order, while any are left.
                fire = active & (np.cumsum(active, axis=1) <= left[:, None])
                left -= fire.sum(axis=1)
                shots += fire
                continue
            for pos in range(j_count):
                masked = np.where(cov[where[:, pos]], left, -1)
                site = np.argmax(masked, axis=1)
                fire = active[:, pos] & (masked[rows, site] > 0)
                left[rows[fire], site[fire]] -= 1
                shots[:, pos] += fire
        alive &= rng.random((b, j_count)) < (1.0 - sspk) ** shots
        used += shots
    if cov is None:
        return alive & rv, used
    flat = (where + a_count * rows[:, None]).ravel()
    through = np.bincount(flat, weights=(alive & rv).ravel(), minlength=b * a_count)
    fired = np.bincount(flat, weights=used.ravel(), minlength=b * a_count)
    return through.reshape(b, a_count), fired.reshape(b, a_count)


# --------------------------------------------------------------------------- defended assets


@dataclass(frozen=True)
class DefendedAsset:
    """A point to defend: ``kind`` capital, port, base or user; ``country`` alpha-3 (empty
    for a user's point); ``lat``/``lon`` degrees."""

    id: str
    name: Text
    kind: str
    country: str
    lat: float
    lon: float
    provenance: Provenance | None = None


@dataclass(frozen=True)
class AssetEngagement:
    """Per asset (A,): ``threatened`` (some trajectory of the threat reaches it),
    ``sites`` (A, S) whether each site of ``site_ids`` engages every such trajectory,
    ``looks`` (A,) the shoot-look-shoot opportunities every trajectory allows (0–cap),
    ``trajectories`` (A,) how many trajectories reach each asset, ``limited_by`` (A,) why
    no site engages every trajectory: none (one does), sensor (a perfect track from launch
    would allow it), kinematics, split (the sites together engage every trajectory but no one
    site does; counted as not engaged), not-threatened."""

    site_ids: tuple[str, ...]
    threatened: np.ndarray[Any, Any]
    sites: np.ndarray[Any, Any]
    looks: np.ndarray[Any, Any]
    trajectories: np.ndarray[Any, Any]
    limited_by: tuple[str, ...] = ()


def asset_grid(assets: Sequence[DefendedAsset]) -> Grid:
    """The assets as aim points (each stands for itself: no area)."""
    lat = np.array([a.lat for a in assets], dtype=np.float64)
    lon = np.array([a.lon for a in assets], dtype=np.float64)
    ids = np.array([a.id for a in assets])
    return Grid(tuple(a.id for a in assets), 0.0, "EPSG:4326", lat, lon, lon.copy(), lat.copy(),
                ids, np.zeros(lat.size), {})  # fmt: skip


def asset_engagement(
    cat: Catalogue,
    arch: Architecture,
    threat_id: str,
    assets: Sequence[DefendedAsset],
    looks: int = 1,
    rotating: bool = False,
    assessment_s: float = 60.0,
    xp: Any = np,
) -> AssetEngagement:
    """Which sites of ``arch`` can engage ``threat_id`` aimed at each asset.

    Example::

        >>> from bucarest.missile_defence.data import load_catalogue, load_defended_assets
        >>> cat = load_catalogue()
        >>> berlin = [a for a in load_defended_assets() if a.id == "berlin"]
        >>> eng = asset_engagement(cat, cat.architecture("us-third-site-2008"), "iran-2008", berlin)
        >>> eng.site_ids, eng.sites.tolist(), eng.looks.tolist()
        (('redzikowo-gbi',), [[True]], [1])

    The threat's trajectories to the assets are solved once (:func:`threat_field`, every
    launch site, class and shape); the coverage evaluation then runs with each site alone
    (the architecture's radars cueing it as the architecture says), and with every site for
    2, 3… shoot-look-shoot opportunities (up to ``looks``, at most 3). A site counts for an
    asset when it engages *every* trajectory that reaches it: the attacker picks the launch
    point.
    """
    cat.threat(threat_id)
    if not assets:
        raise InvalidInputError(N_("no defended assets; expected at least one"))
    field = threat_field(cat, threat_id, asset_grid(assets), rotating, xp)
    a_count = len(assets)
    threatened = np.asarray(field.threatened, dtype=bool)
    sites = np.zeros((a_count, len(arch.sites)), dtype=bool)
    for i, sid in enumerate(arch.sites):
        alone = evaluate(field, cat, replace(arch, sites=(sid,)), 1, assessment_s)
        sites[:, i] = alone.status == COVERED
    fewest = np.where(threatened & sites.any(axis=1), 1, 0).astype(np.int64)
    for shots in range(2, min(looks, MAX_LOOKS) + 1):
        every = evaluate(field, cat, arch, shots, assessment_s)
        fewest[(every.status == COVERED) & (fewest == shots - 1)] = shots
    count = np.bincount(field.point, minlength=a_count)
    together = evaluate(field, cat, arch, 1, assessment_s)
    status, reason = together.status, together.reason
    reasons = {COVERED: "split", UNCOVERED: "kinematics", UNCOVERED_SENSOR: "sensor"}

    def why(a: int) -> str:
        # The doctrine's binding constraint where the sites together leave the asset
        # uncovered; "split" where together they cover it but no single site does.
        code = int(reason[a]) if reason is not None else 0
        if int(status[a]) != COVERED and code in REASONS and code != 0:
            return REASONS[code]
        return reasons.get(int(status[a]), "kinematics")

    limited = tuple(
        "not-threatened" if not threatened[a] else "none" if sites[a].any() else why(a)
        for a in range(a_count)
    )
    return AssetEngagement(tuple(arch.sites), threatened, sites, fewest, count, limited)


@dataclass(frozen=True)
class AssetResult:
    """One asset's answer: the sites that engage every trajectory aimed at it, their
    ``interceptors`` together, the ``looks`` the geometry allows (≤ the doctrine's), the
    probability of zero leakage ``p_no_leak`` (0–1; None when the threat cannot reach it) at
    the SSPK and at its ``low``/``high`` (None without a range), expected leakers (warheads),
    ``method`` (closed-form, monte-carlo, none), the Monte Carlo standard error, why no site
    engages the asset (``limited_by``, see :class:`AssetEngagement`), or ``inventory`` where
    sites engage it but hold fewer interceptors than the doctrine fires at every object the
    raid may present, and ``p_unlimited``: the probability of zero leakage with interceptors
    enough for every shot (None where no site engages the asset), which says what the
    inventory costs."""

    asset: DefendedAsset
    threatened: bool
    sites: tuple[str, ...]
    interceptors: int
    looks: int
    p_no_leak: float | None
    p_low: float | None
    p_high: float | None
    expected_leakers: float | None
    method: str
    stderr: float | None
    limited_by: str = "none"
    p_unlimited: float | None = None


#: What every Monte Carlo task of :func:`assess` reads.
SimulationInputs = tuple[Doctrine, Raid, Any, Any, int, int | None, bool, Any]


def _simulate_task(shared: SimulationInputs, sspk: float) -> MonteCarlo:
    """One task of :func:`assess`: the Monte Carlo at one single-shot kill probability."""
    doctrine, raid, cov, inv, raids, seed, together, looks = shared
    return simulate(sspk, doctrine, raid, cov, inv, raids=raids, seed=seed, shared=together,
                    looks=looks)  # fmt: skip


def assess(
    eng: AssetEngagement,
    assets: Sequence[DefendedAsset],
    inventory: Sequence[int],
    sspk: float,
    doctrine: Doctrine,
    raid: Raid,
    sspk_range: tuple[float, float] | None = None,
    raids: int = 10_000,
    seed: int | None = 0,
    shared: bool = False,
    run: Runner = run_serially,
) -> tuple[AssetResult, ...]:
    """P(zero leakage) per asset for ``raid`` under ``doctrine``, each site with its
    ``inventory`` (counts, in ``eng.site_ids`` order).

    Example::

        >>> import numpy as np
        >>> a = DefendedAsset("x", Text("X", "X"), "user", "", 50.0, 10.0)
        >>> eng = AssetEngagement(("s",), np.array([True]), np.array([[True]]),
        ...                       np.array([1]), np.array([2]))
        >>> r = assess(eng, [a], [10], 0.8, Doctrine(2), Raid(5))[0]
        >>> r.method, round(r.p_no_leak, 4), r.sites
        ('closed-form', 0.8154, ('s',))

    Alone (the default), each asset is attacked by itself and every engaging site's
    inventory is available to it: the closed form where it applies (one layer, or enough
    interceptors), else Monte Carlo. ``shared``: every asset at once, the inventories shared
    (Monte Carlo only).
    """
    check_probability(sspk, N_("a single-shot kill probability"))
    inv = np.asarray(inventory, dtype=np.int64)
    if inv.shape != (len(eng.site_ids),) or (inv < 0).any():
        raise InvalidInputError(
            N_("an inventory of {value} is not allowed; expected at least 0 interceptors"),
            value=str(int(inv.min())) if inv.size else "?",
        )
    probs = [sspk] + ([*sspk_range] if sspk_range else [])
    for p in probs:
        check_probability(p, N_("a single-shot kill probability"))
    a_count = len(assets)
    pooled = (eng.sites * inv[None, :]).sum(axis=1)
    looks = np.minimum(eng.looks, doctrine.looks)
    values = np.full((len(probs), a_count), np.nan)
    leakers = np.full(a_count, np.nan)
    stderr = np.full(a_count, np.nan)
    method = ["none"] * a_count
    unlimited = np.full(a_count, np.nan)
    short = np.zeros(a_count, dtype=bool)
    # The most objects the defence may have to engage: every warhead and, unless every decoy
    # is always recognised, every decoy.
    objects = raid.warheads + (raid.decoys if raid.discrimination < 1.0 else 0)
    to_simulate: list[int] = []
    for a in range(a_count):
        if not eng.threatened[a]:
            continue
        if not eng.sites[a].any() or looks[a] < 1:
            values[:, a] = 1.0 if raid.warheads == 0 else 0.0
            leakers[a] = float(raid.warheads)
            method[a] = "closed-form"
            continue
        mine = Doctrine(doctrine.salvo, int(looks[a]))
        unlimited[a] = p_no_leak(sspk, mine, raid, None)
        short[a] = int(pooled[a]) < mine.shots * objects
        if not shared and has_closed_form(mine, raid, int(pooled[a])):
            for i, p in enumerate(probs):
                values[i, a] = p_no_leak(p, mine, raid, int(pooled[a]))
            leakers[a] = expected_leakers(sspk, mine, raid, int(pooled[a]))
            method[a] = "closed-form"
        else:
            to_simulate.append(a)
    if to_simulate:
        pick = np.array(to_simulate)
        cov = eng.sites[pick]
        runs = run(_simulate_task, probs,
                   (doctrine, raid, cov, inv, raids, seed, shared, np.maximum(looks[pick], 1)))  # fmt: skip
        for i, mc in enumerate(runs):
            values[i, pick] = mc.p_no_leak
            if i == 0:
                leakers[pick] = mc.expected_leakers
                stderr[pick] = mc.stderr
        for a in to_simulate:
            method[a] = "monte-carlo"

    def num(x: float) -> float | None:
        return None if math.isnan(x) else round(float(x), 6)

    return tuple(
        AssetResult(
            asset=asset,
            threatened=bool(eng.threatened[a]),
            sites=tuple(s for s, on in zip(eng.site_ids, eng.sites[a], strict=True) if on),
            interceptors=int(pooled[a]),
            looks=int(looks[a]),
            p_no_leak=num(values[0, a]),
            p_low=num(values[1, a]) if sspk_range else None,
            p_high=num(values[2, a]) if sspk_range else None,
            expected_leakers=num(leakers[a]),
            method=method[a],
            stderr=num(stderr[a]),
            limited_by="inventory"
            if short[a]
            else (
                eng.limited_by[a]
                if eng.limited_by
                else ("none" if eng.sites[a].any() or not eng.threatened[a] else "kinematics")
            ),
            p_unlimited=num(unlimited[a]),
        )
        for a, asset in enumerate(assets)
    )

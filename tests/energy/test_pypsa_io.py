"""Cross-check against PyPSA (optimised with HiGHS) on the same network and days."""

import pytest

from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.domain.solve import create_model, solve
from bucarest.energy.pypsa_io import export_pypsa, from_pypsa, import_pypsa, to_pypsa
from tests.energy.conftest import cut

pypsa = pytest.importorskip("pypsa")


def pypsa_unserved(n) -> float:  # type: ignore[no-untyped-def]
    status, _ = n.optimize(solver_name="highs", log_to_console=False,
                           include_objective_constant=False)  # fmt: skip
    assert status == "ok"
    cols = [g for g in n.generators.index if g.startswith("unserved")]
    return float(n.generators_t.p[cols].sum().sum())


def test_same_unserved_total_as_pypsa(mini: Network) -> None:
    ours = solve(mini, cut(Mode.NATIONAL), foresight=Foresight.PERFECT).total_unserved_mcm
    theirs = pypsa_unserved(to_pypsa(mini, cut()))
    assert ours > 0
    assert theirs == pytest.approx(ours, rel=1e-6)


def test_round_trip_through_a_pypsa_file(mini: Network, tmp_path) -> None:
    path = export_pypsa(mini, cut(share=0.0), tmp_path / "case.nc")
    back = import_pypsa(path, "mini")
    assert {n.id for n in back.nodes} == {n.id for n in mini.nodes}
    pipes = {p.id: (p.capacity_mcmd, p.reverse_mcmd) for p in back.pipelines}
    assert pipes["ESP-FRA"] == pytest.approx((5, 5))
    assert {s.node for s in back.storage} == {s.node for s in mini.storage}
    assert from_pypsa(to_pypsa(mini, cut()), "x").lng_market_mcmd == pytest.approx(60)


# --- national first, formulated independently in PyPSA ------------------------------------
#
# The stages of docs/energy-modes.md written afresh on PyPSA's own optimisation model (linopy,
# HiGHS): per-country shortfalls are the dispatch of the "unserved protected X" and "unserved
# non-protected X" generators; a decided quantity becomes a linopy constraint; the leximin is
# the textbook loop (minimise the worst share, then ask each country at it whether it can go
# lower), with no dual values; distances come from the PyPSA network's own links. Nothing of
# bucarest.energy.domain.lp or .modes is used; only the demand figures come from the model.

EPS = 1e-5  # mcm: slack on a decided quantity, well under the 1e-3 mcm the test asks


class Staged:
    """A PyPSA network's linopy model, optimised stage by stage."""

    def __init__(self, n) -> None:  # type: ignore[no-untyped-def]
        n.optimize.create_model(include_objective_constant=False)
        self.model = n.model
        self.gen = self.model.variables["Generator-p"]
        self.count = 0

    def short(self, part: str, code: str):  # type: ignore[no-untyped-def]
        return self.gen.sel(name=f"unserved {part} {code}", drop=True).sum()

    def minimise(self, expr) -> None:  # type: ignore[no-untyped-def]
        self.model.add_objective(expr, overwrite=True)
        status, condition = self.model.solve(solver_name="highs", output_flag=False)
        assert status == "ok", condition

    def value(self, expr) -> float:  # type: ignore[no-untyped-def]
        return float(expr.solution)

    def hold(self, expr, upper: float) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        self.model.add_constraints(expr <= upper, name=f"held {self.count}")

    def leximin(self, shares: dict[str, tuple[object, float, float]]) -> dict[str, float]:
        """``shares[code] = (shortfall expression, denominator, fixed part)``."""
        if not shares:
            return {}
        total = sum(e for e, _, _ in shares.values())
        self.minimise(total)
        self.hold(total, self.value(total) + EPS)
        out: dict[str, float] = {}
        free = set(shares)
        while free:
            self.count += 1
            t = self.model.add_variables(lower=0.0, name=f"t {self.count}")
            names = []
            for code in sorted(free):
                e, d, off = shares[code]
                names.append(f"share {self.count} {code}")
                self.model.add_constraints(e - d * t <= -off, name=names[-1])
            self.minimise(1.0 * t)
            level = float(t.solution)
            at = {c: self.value(shares[c][0]) for c in free}
            self.model.remove_constraints(names)
            self.model.remove_variables(f"t {self.count}")
            caps = []
            for code in sorted(free):
                e, d, off = shares[code]
                self.count += 1
                caps.append(f"cap {self.count}")
                self.model.add_constraints(e <= level * d - off + EPS, name=caps[-1])
            blocked = []
            for code in sorted(free):
                e, d, off = shares[code]
                if (at[code] + off) / d < level - 1e-7:
                    continue
                self.minimise(e)
                if (self.value(e) + off) / d >= level - 1e-7:
                    blocked.append(code)
            self.model.remove_constraints(caps)
            assert blocked
            for code in blocked:
                e, d, off = shares[code]
                self.hold(e, max(level * d - off, 0.0) + EPS)
                out[code] = level
                free.discard(code)
        return out


def supply_steps(n) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Pipeline steps from the outside supply to each bus with a load: buses without a load
    (the suppliers) are 0 steps away, buses an LNG link reaches 1; links that carry nothing
    on any day are no path."""
    loads = set(n.loads.bus)
    links = n.links
    pu = n.links_t.p_max_pu
    carries = {name: float(links.at[name, "p_nom"]) * float(pu[name].max() if name in pu
                                                           else links.at[name, "p_max_pu"]) > 0
               for name in links.index}  # fmt: skip
    dist = {b: 0 for b in n.buses.index if n.buses.at[b, "carrier"] == "gas" and b not in loads}
    for name in links.index:
        if links.at[name, "bus0"] == "LNG market" and carries[name]:
            dist.setdefault(links.at[name, "bus1"], 1)
    out: dict[str, list[str]] = {}
    for name in links.index:
        if name.startswith("pipeline ") and carries[name]:
            out.setdefault(links.at[name, "bus0"], []).append(links.at[name, "bus1"])
    frontier = sorted(dist, key=lambda b: dist[b])
    while frontier:
        nxt = []
        for b in frontier:
            for j in sorted(out.get(b, [])):
                if j not in dist:
                    dist[j] = dist[b] + 1
                    nxt.append(j)
        frontier = nxt
    return {b: d for b, d in dist.items() if b in loads}


def pypsa_national(net: Network, s) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Per country: (protected, non-protected) unserved over the scenario, mcm, national
    first, in PyPSA."""
    m = create_model(net, s)  # the demand figures only
    countries = [node.id for node in net.nodes if node.kind == "country"]
    k_of = net.node_index
    protected = {c: float(m.protected[k_of[c]].sum()) for c in countries}
    other = {c: float(m.non_protected[k_of[c]].sum()) for c in countries}
    curtailed = {c: float(m.curtailed[k_of[c]].sum()) for c in countries}
    # 1. autarky floors: pipelines and LNG closed, each country alone
    alone_net = to_pypsa(net, s)
    closed = [name for name in alone_net.links.index
              if name.startswith("pipeline ") or alone_net.links.at[name, "bus0"] == "LNG market"]  # fmt: skip
    alone_net.links.loc[closed, "p_nom"] = 0.0
    alone = Staged(alone_net)
    floors = {}
    for part in ("protected", "non-protected"):
        total = sum(alone.short(part, c) for c in countries)
        alone.minimise(total)
        for c in countries:
            floors[(part, c)] = alone.value(alone.short(part, c))
            alone.hold(alone.short(part, c), floors[(part, c)] + EPS)
    n = to_pypsa(net, s)
    dist = supply_steps(n)
    staged = Staged(n)
    for (part, c), floor in floors.items():
        staged.hold(staged.short(part, c), floor + EPS)
    # 2. by distance from the outside supply, nearest first; unreached countries last
    far = max(dist.values(), default=0) + 1
    for d in sorted({dist.get(c, far) for c in countries}):
        ring = [c for c in countries if dist.get(c, far) == d]
        staged.leximin({c: (staged.short("protected", c), protected[c], 0.0)
                        for c in ring if protected[c] > 0})  # fmt: skip
        staged.leximin({c: (staged.short("non-protected", c), other[c], curtailed[c])
                        for c in ring if other[c] > 0})  # fmt: skip
    staged.minimise(sum(staged.short(p, c) for c in countries
                        for p in ("protected", "non-protected")))  # fmt: skip
    return {c: (staged.value(staged.short("protected", c)),
                staged.value(staged.short("non-protected", c))) for c in countries}  # fmt: skip


@pytest.mark.slow
def test_national_first_per_country_as_pypsa_finds_it() -> None:
    """jan-2009, country level, the whole month at once: each country's protected and other
    shortfall equals the PyPSA formulation's to 1e-3 mcm."""
    from bucarest.energy.data import load_dataset, load_scenarios

    s = load_scenarios()["jan-2009"]
    net = load_dataset(s.dataset)
    ours = {o.code: (o.protected_unserved_mcm, o.non_protected_unserved_mcm)
            for o in solve(net, s, Mode.NATIONAL, foresight=Foresight.PERFECT).outcomes()}  # fmt: skip
    theirs = pypsa_national(net, s)
    assert sum(p + q for p, q in theirs.values()) > 100  # a month with real shortfalls
    assert ours.keys() == theirs.keys()
    for code, (p, q) in theirs.items():
        assert ours[code][0] == pytest.approx(p, abs=1e-3), (code, "protected")
        assert ours[code][1] == pytest.approx(q, abs=1e-3), (code, "non-protected")

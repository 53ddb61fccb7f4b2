"""Cross-check against PyPSA (optimised with HiGHS) on the same network and days."""

import pytest

from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.domain.solve import solve
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

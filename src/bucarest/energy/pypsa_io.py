"""Taking a case to PyPSA and back (PyPSA's own network format: netCDF or a CSV folder).

A scenario becomes a PyPSA network with one bus per node, a load per country, a
generator per producer and per LNG terminal (fed by one "LNG market" bus so the daily
LNG limit holds), a link per pipeline direction, a store behind withdrawal and
injection links per storage, and two costly "unserved" generators per country
(``unserved protected X`` and ``unserved non-protected X``) whose dispatch is the
unserved demand. A storage site's deliverability curve has no PyPSA component: once
PyPSA has built its optimisation model, :func:`add_deliverability` adds its rows. Costs equal this package's LP, so the two optimise
the same problem; :func:`from_pypsa` reads such a network (or any gas network drawn
with buses, links, stores, generators and loads) back into a :class:`Network`.

PyPSA is an optional dependency (``pip install pypsa``); without it these functions
raise a one-line error saying so.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> n = to_pypsa(load_dataset("winter-2008-09"), load_scenarios()["jan-2009"])
    >>> len(n.snapshots)
    31
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bucarest.core.errors import N_, InvalidInputError
from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage
from bucarest.energy.domain.scenario import Scenario
from bucarest.energy.domain.solve import FLOW_COST, STORAGE_COST, create_model

__all__ = ["add_deliverability", "export_pypsa", "from_pypsa", "import_pypsa", "to_pypsa"]

_LNG_MARKET = "LNG market"


def _pypsa() -> Any:
    try:
        import pypsa
    except ImportError:  # pragma: no cover - pypsa ships with the test extras
        raise InvalidInputError(
            N_("PyPSA is not installed; install it with 'pip install pypsa' to import or export")
        ) from None
    # keep today's behaviour explicitly (PyPSA warns until it is chosen)
    pypsa.options.api.legacy_string_dtype = True
    return pypsa


def to_pypsa(
    network: Network, scenario: Scenario, progress: Callable[[int, int], None] | None = None
) -> Any:
    """A ``pypsa.Network`` equivalent to ``scenario`` on ``network`` (daily snapshots, mcm);
    ``progress(done, total)`` counts the nodes, terminals, pipelines and storage sites added."""
    pypsa = _pypsa()
    import pandas as pd

    m = create_model(network, scenario)
    days = m.days
    parts = [0, len(network.nodes) + len(network.lng) + len(m.arcs) + len(network.storage)]

    def added() -> None:
        parts[0] += 1
        if progress is not None:
            progress(parts[0], parts[1])

    snapshots = pd.date_range(scenario.start.isoformat(), periods=days, freq="D")
    n = pypsa.Network()
    n.set_snapshots(snapshots)
    n.name = f"{network.id}:{scenario.id}"
    for carrier in ("gas", "LNG", "gas storage"):
        n.add("Carrier", carrier)

    def col(block: str, k: int) -> np.ndarray:
        start = m.offsets[block] + k * days
        return m.upper[start : start + days]

    for k, node in enumerate(network.nodes):
        n.add("Bus", node.id, carrier="gas")
        if node.kind == "country":
            n.add(
                "Load", f"demand {node.id}", bus=node.id, p_set=pd.Series(m.requested[k], snapshots)
            )
            # protected and other customers apart, as the LP's two shortfall columns
            for part, limit in (("protected", m.protected[k]),
                                ("non-protected", m.non_protected[k] - m.curtailed[k])):  # fmt: skip
                peak = max(float(limit.max()), 1e-3)
                n.add("Generator", f"unserved {part} {node.id}", bus=node.id, p_nom=peak,
                      marginal_cost=1.0, p_max_pu=pd.Series(np.maximum(limit, 0.0) / peak,
                                                            snapshots))  # fmt: skip
        supply = col("p", k)
        if supply.max() > 0:
            n.add("Generator", f"production {node.id}", bus=node.id, p_nom=float(supply.max()),
                  p_max_pu=pd.Series(supply / supply.max(), snapshots))  # fmt: skip
        added()
    if network.lng:
        n.add("Bus", _LNG_MARKET, carrier="LNG")
        market = np.full(days, network.lng_market_mcmd)
        if m.inequalities.rhs:
            # the LNG market's rows are the last block create_model adds (after the storage
            # deliverability rows)
            market = m.inequalities.rhs[-1]
        top = max(float(market.max()), 1e-3)
        n.add("Generator", "LNG cargoes", bus=_LNG_MARKET, p_nom=top,
              p_max_pu=pd.Series(market / top, snapshots))  # fmt: skip
        for k, t in enumerate(network.lng):
            cap = col("g", k)
            top = max(float(cap.max()), 1e-3)
            n.add("Link", t.id, bus0=_LNG_MARKET, bus1=t.node, p_nom=top,
                  p_max_pu=pd.Series(cap / top, snapshots))  # fmt: skip
            added()
    for k, a in enumerate(m.arcs):
        cap = col("f", k)
        top = max(float(cap.max()), 1e-3)
        n.add("Link", f"pipeline {a.id}", bus0=network.nodes[a.source].id,
              bus1=network.nodes[a.target].id, p_nom=top, marginal_cost=FLOW_COST,
              p_max_pu=pd.Series(cap / top, snapshots))  # fmt: skip
        added()
    for k, st in enumerate(network.storage):
        # a bus per site: sites at one node (the asset-level network) must not pool their gas
        bus = f"{st.id} storage"
        n.add("Bus", bus, carrier="gas storage")
        n.add("Store", st.id, bus=bus, e_nom=st.working_gas_mcm,
              e_initial=st.initial_fill * st.working_gas_mcm, e_cyclic=False)  # fmt: skip
        w = col("w", k)
        top = max(float(w.max()), 1e-3)
        n.add("Link", f"withdrawal {st.id}", bus0=bus, bus1=st.node, p_nom=top,
              marginal_cost=STORAGE_COST, p_max_pu=pd.Series(w / top, snapshots))  # fmt: skip
        n.add("Link", f"injection {st.id}", bus0=st.node, bus1=bus,
              p_nom=max(st.injection_mcmd, 1e-3) if st.injection_mcmd > 0 else 0.0,
              marginal_cost=STORAGE_COST)  # fmt: skip
        added()
    return n


def add_deliverability(n: Any, network: Network, scenario: Scenario) -> int:
    """Add each storage site's deliverability curve to ``n``'s optimisation model (built by
    ``n.optimize.create_model()``): withdrawal on day t at most ``a + b × stock at the end
    of day t-1`` for each line (a, b) of
    :meth:`~bucarest.energy.domain.network.Storage.withdrawal_cuts`, the rows of
    :func:`~bucarest.energy.domain.solve.define_deliverability_constraints`. Returns the
    number of rows added."""
    model = n.model
    link_p = model.variables["Link-p"]
    store_e = model.variables["Store-e"]
    snapshots = n.snapshots
    added = 0
    for st in network.storage:
        start = st.initial_fill * st.working_gas_mcm
        lowest = st.initial_fill - len(snapshots) * st.withdrawal_mcmd / max(
            st.working_gas_mcm, 1e-9
        )
        w = link_p.sel(name=f"withdrawal {st.id}", drop=True)
        e = store_e.sel(name=st.id, drop=True)
        for j, (a, b) in enumerate(st.withdrawal_cuts(lowest)):
            model.add_constraints(w.isel(snapshot=0) <= a + b * start,
                                  name=f"deliverability {st.id} {j} first")  # fmt: skip
            if len(snapshots) > 1:
                later = w.isel(snapshot=slice(1, None))
                before = e.isel(snapshot=slice(None, -1)).assign_coords(snapshot=snapshots[1:])
                model.add_constraints(later - b * before <= a, name=f"deliverability {st.id} {j}")
            added += len(snapshots)
    return added


def export_pypsa(
    network: Network, scenario: Scenario, path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> Path:  # fmt: skip
    """Write the scenario as a PyPSA network: ``.nc`` (netCDF) or a CSV folder;
    ``progress`` as in :func:`to_pypsa`."""
    n = to_pypsa(network, scenario, progress)
    if path.suffix == ".nc":
        n.export_to_netcdf(str(path))
    else:
        n.export_to_csv_folder(str(path))
    return path


def import_pypsa(path: Path, dataset_id: str | None = None) -> Network:
    """Read a PyPSA network file or folder into a :class:`Network`."""
    pypsa = _pypsa()
    if not path.exists():
        raise InvalidInputError(N_("no PyPSA network at '{path}'"), path=str(path))
    return from_pypsa(pypsa.Network(str(path)), dataset_id or path.stem)


def from_pypsa(n: Any, dataset_id: str) -> Network:
    """Build a :class:`Network` from a PyPSA gas network (averages of time series)."""
    source = f"imported from PyPSA network '{n.name or dataset_id}'"
    loads = n.loads_t.p_set if hasattr(n, "loads_t") else None
    nodes: list[Node] = []
    storage_bus = {}
    for st_name, store in n.stores.iterrows():
        storage_bus[store.bus] = st_name
    gens = n.generators
    for bus in n.buses.index:
        if bus == _LNG_MARKET or bus in storage_bus:
            continue
        demand = 0.0
        peak = 0.0
        for name, load in n.loads.iterrows():
            if load.bus == bus:
                series = loads[name] if loads is not None and name in loads else [load.p_set]
                demand += float(np.mean(series))
                peak += float(np.max(series))
        production = float(sum(g.p_nom for name, g in gens.iterrows()
                                if g.bus == bus and not str(name).startswith("unserved")))  # fmt: skip
        kind = "country" if demand > 0 else "supplier"
        nodes.append(Node(str(bus), kind, round(demand, 6), round(peak, 6), 0.5, production, None,
                          source))  # fmt: skip
    known = {nd.id for nd in nodes}
    pipes: dict[str, list[Any]] = {}  # id -> [from, to, capacity, reverse]
    lng: list[LngTerminal] = []
    stores: list[Storage] = []
    for name, link in n.links.iterrows():
        label = str(name)
        if link.bus0 == _LNG_MARKET:
            lng.append(LngTerminal(label, str(link.bus1), float(link.p_nom), source))
            continue
        if link.bus0 not in known or link.bus1 not in known:
            continue
        a, b = str(link.bus0), str(link.bus1)
        # our own export names links "pipeline A-B" and "pipeline B-A (reverse of A-B)"
        pid = label.removeprefix("pipeline ")
        reverse = "(reverse of " in pid
        if reverse:
            pid = pid.split("(reverse of ", 1)[1].rstrip(")")
        elif not label.startswith("pipeline "):
            pid = f"{b}-{a}" if f"{b}-{a}" in pipes else f"{a}-{b}"
            reverse = pid == f"{b}-{a}"
        entry = pipes.setdefault(pid, [b, a, 0.0, 0.0] if reverse else [a, b, 0.0, 0.0])
        entry[3 if reverse else 2] += float(link.p_nom)
        if float(link.p_min_pu) < 0:
            entry[2 if reverse else 3] += -float(link.p_min_pu) * float(link.p_nom)
    for bus, st_name in storage_bus.items():
        store = n.stores.loc[st_name]
        out = [lk for _, lk in n.links.iterrows() if lk.bus0 == bus]
        inn = [lk for _, lk in n.links.iterrows() if lk.bus1 == bus]
        node = str(out[0].bus1) if out else str(bus).removesuffix(" storage")
        e_nom = float(store.e_nom)
        stores.append(Storage(str(st_name), node, e_nom, float(sum(lk.p_nom for lk in out)),
                              float(sum(lk.p_nom for lk in inn)),
                              float(store.e_initial) / e_nom if e_nom > 0 else 0.0, source))  # fmt: skip
    pipelines = tuple(Pipeline(pid, e[0], e[1], e[2], e[3], "", source)
                      for pid, e in sorted(pipes.items()))  # fmt: skip
    snaps = list(n.snapshots)
    start = snaps[0].date() if snaps else date(2000, 1, 1)
    end = snaps[-1].date() if snaps else start
    market = float(gens.loc["LNG cargoes"].p_nom) if "LNG cargoes" in gens.index else 0.0
    return Network(dataset_id, dataset_id, dataset_id, start, end, {}, market, tuple(nodes),
                   pipelines, tuple(stores), tuple(lng), source)  # fmt: skip

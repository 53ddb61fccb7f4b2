"""Storage by facility: what each storage of a solved scenario did, read from its stock series.

A pure view of a :class:`~bucarest.energy.domain.solve.Result`: for each storage of the
network (a site on the asset-level dataset, a country's aggregate on a country-level one) its
stock at the start and end of the scenario, the gas withdrawn and injected, its lowest stock,
and the days it withdrew as much as it could: at its *deliverability limit*, the same bound
the LP puts on withdrawal (:func:`~bucarest.energy.domain.solve.define_deliverability_constraints`):
the lesser of the day's maximal rate (nominal rate × the share left by disruptions, plus any
storage-release measure) and the deliverability curve at the stock of the start of the day.
Stocks in mcm, rates in mcm/d.

Withdrawals and injections are read as the net daily change of the stock: the solver's last
stage charges a cost on both, so it never withdraws and injects at one site on the same day.

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> from bucarest.energy.domain.solve import solve
    >>> s = load_scenarios()["jan-2009"]
    >>> rows = storage_outcomes(solve(load_dataset(s.dataset), s))
    >>> deu = next(r for r in rows if r.node == "DEU")
    >>> deu.start_mcm > deu.end_mcm >= deu.lowest_mcm - 1e-6
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from bucarest.energy.domain.network import Storage
from bucarest.energy.domain.scenario import MitigationKind, Scenario
from bucarest.energy.domain.solve import Result

__all__ = ["StorageOutcome", "deliverability_limit", "storage_outcomes"]

#: Below this (mcm or mcm/d) a quantity is solver noise, not gas.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class StorageOutcome:
    """What one storage did over a scenario (mcm; days).

    ``days_at_limit`` counts the days it withdrew gas at its deliverability limit (see the
    module); ``aggregate`` is true when the storage stands for all of a country's sites.
    """

    id: str
    node: str
    working_gas_mcm: float
    start_mcm: float
    end_mcm: float
    withdrawn_mcm: float
    injected_mcm: float
    lowest_mcm: float
    days_at_limit: int
    aggregate: bool

    @property
    def lowest_fill(self) -> float:
        """The lowest stock as a share of working gas (0 to 1)."""
        return self.lowest_mcm / self.working_gas_mcm if self.working_gas_mcm > 0 else 0.0


def _active(s: Scenario, first: date, last: date) -> npt.NDArray[np.bool_]:
    """The days of ``s`` from ``first`` to ``last``, both included."""
    t = np.arange(s.days)
    return (t >= (first - s.start).days) & (t <= (last - s.start).days)


def deliverability_limit(
    st: Storage, stock_before: npt.NDArray[np.float64], s: Scenario
) -> npt.NDArray[np.float64]:
    """The most ``st`` can withdraw on each day of ``s`` (mcm/d), given the stock at the start
    of each day (mcm): the nominal rate × the share disruptions leave, plus storage-release
    measures, capped by every line of the deliverability curve (:meth:`Storage.withdrawal_cuts`,
    whose minimum is the concave curve).

    Example::

        >>> from datetime import date
        >>> from bucarest.energy.domain.scenario import Mode
        >>> st = Storage("S", "AAA", 100.0, 10.0, 5.0, 0.5, "s",
        ...              curve=((0.0, 0.0), (0.2, 1.0), (1.0, 1.0)))
        >>> s = Scenario("x", "x", "x", "d", date(2009, 1, 1), date(2009, 1, 2), Mode.COOPERATIVE)
        >>> deliverability_limit(st, np.array([50.0, 10.0]), s).tolist()
        [10.0, 5.0]
    """
    limit = np.full(s.days, st.withdrawal_mcmd, dtype=np.float64)
    for d in s.disruptions:
        if d.asset == st.id:
            limit[_active(s, d.start, d.end)] *= 1.0 - d.share
    for m in s.mitigations:
        if m.kind is MitigationKind.STORAGE_RELEASE and m.asset == st.id:
            limit[_active(s, m.start, m.end)] += m.amount_mcmd
    for a, b in st.withdrawal_cuts():
        limit = np.minimum(limit, a + b * stock_before)
    return np.maximum(limit, 0.0)


def storage_outcomes(result: Result, aggregate: bool = False) -> tuple[StorageOutcome, ...]:
    """Each storage of ``result``'s network, in network order (see the module);
    ``aggregate``: the network's storages are countries' aggregates (a country-level dataset).
    """
    out = []
    for k, st in enumerate(result.network.storage):
        level = np.asarray(result.storage_level[k], dtype=np.float64)
        start = st.initial_fill * st.working_gas_mcm
        before = np.concatenate(([start], level[:-1]))
        change = before - level  # > 0: withdrawn that day, < 0: injected
        withdrawn = np.where(change > TOLERANCE, change, 0.0)
        limit = deliverability_limit(st, before, result.scenario)
        at_limit = (withdrawn > TOLERANCE) & (withdrawn >= limit - TOLERANCE * (1.0 + limit))
        out.append(StorageOutcome(
            st.id, st.node, st.working_gas_mcm, start, float(level[-1]) if level.size else start,
            float(withdrawn.sum()), float(np.where(change < -TOLERANCE, -change, 0.0).sum()),
            float(min(start, level.min())) if level.size else start, int(at_limit.sum()),
            aggregate,
        ))  # fmt: skip
    return tuple(out)

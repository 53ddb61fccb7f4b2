"""What the energy API, page and CLI share: scenario lookup and each shipped scenario solved
and ranked once per process.

Example::

    >>> scenario("jan-2009").dataset
    'winter-2008-09'
"""

from __future__ import annotations

import functools
from typing import Any

from bucarest.core.errors import N_, NotFoundError
from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.critical import rank_assets
from bucarest.energy.domain.scenario import Mode, Scenario
from bucarest.energy.domain.solve import Result, solve
from bucarest.energy.records import impact_record

__all__ = ["DEFAULT_SCENARIO", "default_scenario", "ranking", "scenario", "solved"]

#: The scenario the page opens on when it exists.
DEFAULT_SCENARIO = "jan-2009"


def scenario(scenario_id: str) -> Scenario:
    """The shipped scenario ``scenario_id`` (:class:`NotFoundError` naming the known ones)."""
    found = load_scenarios()
    if scenario_id not in found:
        raise NotFoundError(
            N_("unknown scenario '{scenario}'; expected one of {known}"),
            scenario=scenario_id, known=", ".join(found),
        )  # fmt: skip
    return found[scenario_id]


@functools.lru_cache(maxsize=32)
def default_scenario() -> Scenario:
    """The scenario a page opens on: :data:`DEFAULT_SCENARIO`, else the first shipped."""
    found = load_scenarios()
    if not found:
        raise NotFoundError(N_("no energy scenario is shipped"))
    return found.get(DEFAULT_SCENARIO) or next(iter(found.values()))


@functools.lru_cache(maxsize=32)
def solved(scenario_id: str, mode: Mode) -> Result:
    """A shipped scenario solved once per process (shared by the API and the web page)."""
    s = scenario(scenario_id)
    return solve(load_dataset(s.dataset), s, mode)


@functools.lru_cache(maxsize=8)
def ranking(scenario_id: str) -> tuple[dict[str, Any], ...]:
    """The assets of a shipped scenario ranked by the unserved demand their loss adds (cached)."""
    s = scenario(scenario_id)
    return tuple(impact_record(i) for i in rank_assets(load_dataset(s.dataset), s))

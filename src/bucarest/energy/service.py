"""What the energy API, page and CLI share: scenario lookup, each shipped scenario solved once
per process, and the critical-asset rankings, which run as background jobs.

A ranking solves the scenario once per asset (113 solves, about 5 s, for ``jan-2009``), so it
runs as a job of :mod:`bucarest.platform.jobs`: the job is a database row, bounded with the
other jobs in all and per owner, readable and cancellable from any server process, and its
result (the ranked assets) is stored in that row. A shipped scenario's ranking is also kept in
this process once computed, as a shortcut only: another process finds it in a finished job's
row, or computes it again (the ranking is deterministic).

Example::

    >>> scenario("jan-2009").dataset
    'winter-2008-09'
    >>> ranking_params({"scenario": "jan-2009", "top": 3})
    {'scenario': 'jan-2009', 'top': 3}
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any

from bucarest.core.errors import N_, ConflictError, InvalidInputError, NotFoundError
from bucarest.energy.assets import load_assets
from bucarest.energy.data import load_dataset, load_risk_groups, load_scenarios, scenario_from
from bucarest.energy.domain.assets import search_assets
from bucarest.energy.domain.critical import rank_assets
from bucarest.energy.domain.indicators import n_minus_1, n_minus_1_by_group
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode, Scenario, check_scenario
from bucarest.energy.domain.solve import Result, solve
from bucarest.energy.flows import pattern_for
from bucarest.energy.records import (
    asset_record,
    impact_record,
    n1_record,
    provenance_record,
    risk_group_record,
)
from bucarest.platform import jobs
from bucarest.platform.database import Database

__all__ = [
    "DEFAULT_SCENARIO",
    "RANKING_KIND",
    "cancel_ranking",
    "critical",
    "default_scenario",
    "queue_ranking",
    "ranking",
    "ranking_job",
    "ranking_params",
    "scenario",
    "solve_scenario",
    "solved",
]

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


def solve_scenario(
    network: Network,
    s: Scenario,
    mode: Mode | None = None,
    foresight: Foresight = Foresight.ROLLING,
) -> Result:
    """``s`` solved on ``network`` in ``mode`` (default: the scenario's) with ``foresight``
    (default: rolling, which holds flows near the observed pre-crisis flows of the dataset
    where there are some: :func:`~bucarest.energy.flows.pattern_for`)."""
    pattern = pattern_for(network.id) if foresight is Foresight.ROLLING else None
    return solve(network, s, mode, foresight, pattern)


@functools.lru_cache(maxsize=32)
def solved(scenario_id: str, mode: Mode, foresight: Foresight = Foresight.ROLLING) -> Result:
    """A shipped scenario solved once per process (shared by the API and the web page)."""
    s = scenario(scenario_id)
    return solve_scenario(load_dataset(s.dataset), s, mode, foresight)


#: The kind of a ranking job in the jobs table.
RANKING_KIND = "energy-critical"
#: The most assets a ranking lists.
MAX_TOP = 1000
#: Shipped rankings kept in this process (a shortcut; the job rows are what every process shares).
_KEPT = 8
_RANKED: OrderedDict[str, tuple[dict[str, Any], ...]] = OrderedDict()
_RANKED_LOCK = threading.Lock()

_BAD_TOP = N_("'top' must be a whole number from 1 to {max}; got '{top}'")
_BAD_SCENARIO = N_(
    "'scenario' must be a shipped scenario id such as 'jan-2009' or a scenario object "
    "(as POST /api/v1/energy/run takes)"
)
_UNFINISHED = N_(
    "the ranking has not finished ({state}); follow it with GET /api/v1/energy/jobs/{id}"
)
_NOT_RANKING = N_("no ranking job '{id}'; start one with POST /api/v1/energy/jobs")


def ranking(scenario_id: str, progress: jobs.Progress | None = None) -> tuple[dict[str, Any], ...]:
    """The assets of a shipped scenario ranked by the unserved demand their loss adds, as
    records (computed once per process; ``progress(done, total)`` counts assets solved)."""
    with _RANKED_LOCK:
        if scenario_id in _RANKED:
            _RANKED.move_to_end(scenario_id)
            return _RANKED[scenario_id]
    s = scenario(scenario_id)
    rows = tuple(impact_record(i) for i in rank_assets(load_dataset(s.dataset), s, None, progress))
    with _RANKED_LOCK:
        _RANKED[scenario_id] = rows
        while len(_RANKED) > _KEPT:
            _RANKED.popitem(last=False)
    return rows


def _top(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_TOP:
        raise InvalidInputError(_BAD_TOP, max=str(MAX_TOP), top=str(raw)[:40])
    return raw


def _custom(raw: dict[str, Any]) -> Scenario:
    s = scenario_from(raw)
    check_scenario(s, load_dataset(s.dataset))
    return s


def ranking_params(body: Any) -> dict[str, Any]:
    """A ranking job's parameters from a request body, checked: ``{"scenario": id}`` for a
    shipped scenario or ``{"scenario": {...}}`` for an edited one (what-if), and ``top``
    (how many assets to list, 1 to :data:`MAX_TOP`; all if absent)."""
    if not isinstance(body, dict):
        raise InvalidInputError(_BAD_SCENARIO)
    wanted = body.get("scenario")
    top = _top(body.get("top"))
    if isinstance(wanted, str):
        scenario(wanted)
    elif isinstance(wanted, dict):
        _custom(wanted)
    else:
        raise InvalidInputError(_BAD_SCENARIO)
    return {"scenario": wanted, "top": top}


def _rank(params: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    wanted = params["scenario"]
    if isinstance(wanted, str):
        s = scenario(wanted)
        rows = ranking(wanted, progress)
    else:
        s = _custom(wanted)
        impacts = rank_assets(load_dataset(s.dataset), s, None, progress)
        rows = tuple(impact_record(i) for i in impacts)
    top = params.get("top")
    return {
        "scenario": s.id,
        "shipped": isinstance(wanted, str),
        "dataset": s.dataset,
        "ranked": len(rows),
        "assets": list(rows[:top] if top else rows),
    }


def queue_ranking(
    db: Database, lang: str, body: Any, owner: str, limits: jobs.JobLimits = jobs.JobLimits()
) -> str:
    """Check a ranking's body (see :func:`ranking_params`) and queue it for ``owner``; its id,
    read with :func:`ranking_job` from any server process."""
    params = ranking_params(body)

    def work(progress: jobs.Progress) -> dict[str, Any]:
        return _rank(params, progress)

    return jobs.submit(db, RANKING_KIND, owner, lang, params, work, limits)


def ranking_job(db: Database, job_id: str) -> dict[str, Any]:
    """A ranking job's state and progress (assets solved of all) and, once done, its result."""
    record = jobs.read(db, job_id)
    if record["kind"] != RANKING_KIND:
        raise NotFoundError(_NOT_RANKING, id=job_id[:64])
    record["kind"] = "critical"
    return record


def cancel_ranking(db: Database, job_id: str) -> dict[str, Any]:
    """Ask a ranking job to stop; its state after asking."""
    ranking_job(db, job_id)
    jobs.cancel(db, job_id)
    return ranking_job(db, job_id)


def critical(
    db: Database, scenario_id: str, top: int, owner: str, lang: str, timeout_s: float = 300.0
) -> list[dict[str, Any]]:
    """The ``top`` assets of a shipped scenario's ranking, waited for: from this process's
    copy, else from a finished job's row, else from a new job (bounded like any other)."""
    scenario(scenario_id)
    with _RANKED_LOCK:
        kept = _RANKED.get(scenario_id)
    if kept is not None:
        return list(kept[:top])
    stored = jobs.finished(
        db, RANKING_KIND,
        lambda p: p.get("scenario") == scenario_id and (p.get("top") or MAX_TOP + 1) >= top,
    )  # fmt: skip
    if stored is not None:
        return list(stored["assets"][:top])
    job_id = queue_ranking(db, lang, {"scenario": scenario_id}, owner)
    record = jobs.wait(db, job_id, timeout_s)
    if record["state"] == "done":
        return list(record["result"]["assets"][:top])
    raise ConflictError(_UNFINISHED, state=record["state"], id=job_id)


def n1_rows(
    net: Network, lang: str, region: str | None = None, risk_groups: bool = False
) -> list[dict[str, Any]]:
    """The N-1 indicator (Regulation (EU) 2017/1938, Annex II) of ``net``: per country with a
    peak demand, or of one ``region`` (comma-separated codes), or of each risk group of
    Annex I (``risk_groups``; each row carries the Annex's citation).

    Example::

        >>> rows = n1_rows(load_dataset("winter-2008-09"), "en", risk_groups=True)
        >>> len(rows), rows[4]["group"], rows[4]["lacking"]
        (13, 'east-trans-balkan', [])
    """
    if region and risk_groups:
        raise InvalidInputError(N_("give a region or the risk groups, not both"))
    if region:
        return [n1_record(n_minus_1(net, [c.strip() for c in region.split(",")]), lang)]
    if risk_groups:
        groups, prov = load_risk_groups()
        cited = provenance_record(prov)
        return [{**risk_group_record(g, n, lacking, lang), **cited}
                for g, n, lacking in n_minus_1_by_group(net, groups)]  # fmt: skip
    return [n1_record(n_minus_1(net, [n.id]), lang) for n in net.nodes
            if n.kind == "country" and n.demand_peak_mcmd > 0]  # fmt: skip


def asset_rows(query: str) -> list[dict[str, Any]]:
    """The winter 2008/09 assets whose name or id contains ``query`` (case and accents
    ignored), each with its capacity, the year it describes, and its source.

    Example::

        >>> [r["id"] for r in asset_rows("chiren")]
        ['STO-BGR-CHIREN']
    """
    book = load_assets()
    return [asset_record(m, book) for m in search_assets(book, query)]

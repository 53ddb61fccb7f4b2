"""What the energy API, page and CLI share: scenario lookup, each shipped scenario solved once
per process, and the critical-asset rankings, which run as background jobs.

A ranking solves the scenario once per asset (113 solves, about 5 s, for ``jan-2009``), and
once per pair among the ``pairs`` most critical assets when asked (N-2), so it runs as a job of :mod:`bucarest.platform.jobs`: the job is a database row, bounded with the
other jobs in all and per owner, readable and cancellable from any server process, and its
result (the ranked assets) is stored in that row. A shipped scenario's ranking is also kept in
this process once computed, as a shortcut only: another process finds it in a finished job's
row, or computes it again (the ranking is deterministic).

Example::

    >>> scenario("jan-2009").dataset
    'winter-2008-09'
    >>> ranking_params({"scenario": "jan-2009", "top": 3})
    {'scenario': 'jan-2009', 'top': 3, 'pairs': 0}
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any

from bucarest.core.errors import N_, ConflictError, InvalidInputError, NotFoundError
from bucarest.energy.assets import load_assets
from bucarest.energy.data import (
    ASSET_LEVEL,
    asset_networks_of,
    history_ids,
    load_dataset,
    load_history,
    load_risk_groups,
    load_scenarios,
    scenario_for,
    scenario_from,
)
from bucarest.energy.domain.assets import search_assets
from bucarest.energy.domain.critical import Evaluate, evaluate_cases, evaluate_with, rank_assets
from bucarest.energy.domain.history import ClassedCountry, CrisisRecord, compare
from bucarest.energy.domain.indicators import n_minus_1, n_minus_1_by_group
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode, Scenario, check_scenario
from bucarest.energy.domain.solve import Result, solve
from bucarest.energy.domain.storage_view import storage_outcomes
from bucarest.energy.flows import pattern_for
from bucarest.energy.records import (
    asset_record,
    impact_record,
    n1_record,
    provenance_record,
    risk_group_record,
    source_links,
    storage_records,
)
from bucarest.platform import batch, jobs
from bucarest.platform.database import Database

__all__ = [
    "DEFAULT_SCENARIO",
    "HISTORY_MODE",
    "RANKING_KIND",
    "asset_sources",
    "cancel_ranking",
    "case_evaluator",
    "check_pairs",
    "chosen_dataset",
    "critical",
    "dataset_choices",
    "default_scenario",
    "history",
    "history_datasets",
    "job_evaluate",
    "queue_ranking",
    "ranking",
    "ranking_job",
    "ranking_params",
    "scenario",
    "slow_to_solve",
    "solve_scenario",
    "solved",
    "solved_on",
    "storage_rows",
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


#: The mode a past crisis is compared in: no solidarity mechanism existed in January 2009
#: (Regulation (EU) 994/2010 came after it; docs/energy-modes.md).
HISTORY_MODE = Mode.NATIONAL


def history_datasets(record: CrisisRecord) -> tuple[str, ...]:
    """The datasets a record can be compared on: its own, then the asset-level networks
    built from it (:data:`~bucarest.energy.data.ASSET_LEVEL`)."""
    return (record.dataset, *asset_networks_of(record.dataset))


def history(
    history_id: str = "jan-2009",
    dataset: str | None = None,
    mode: Mode = HISTORY_MODE,
    foresight: Foresight = Foresight.ROLLING,
) -> tuple[CrisisRecord, str, tuple[ClassedCountry, ...]]:
    """The record of a past crisis, the dataset it was compared on (the record's own when
    ``dataset`` is None) and, per country, the recorded class beside the model's for the
    record's scenario solved under ``mode`` and ``foresight`` (by default without hindsight,
    as operators were; ``perfect`` compares the bound).

    Example::

        >>> record, on, rows = history()
        >>> on, rows[0].code, rows[0].recorded, rows[0].modelled
        ('winter-2008-09', 'BGR', 'hardest-hit', 'hardest-hit')
    """
    known = history_ids()
    if history_id not in known:
        raise NotFoundError(_UNKNOWN_HISTORY, history=history_id[:64], known=", ".join(known))
    record = load_history(history_id)
    allowed = history_datasets(record)
    chosen = dataset or record.dataset
    if chosen not in allowed:
        raise InvalidInputError(_BAD_HISTORY_DATASET, dataset=chosen[:64], known=", ".join(allowed))
    result = solved_on(record.scenario, mode, chosen, foresight)
    return record, chosen, compare(record, result.outcomes(), chosen, mode, foresight)


_UNKNOWN_HISTORY = N_("unknown record '{history}'; expected one of {known}")
_BAD_HISTORY_DATASET = N_(
    "the record cannot be compared on dataset '{dataset}'; expected one of {known}"
)


#: The kind of a ranking job in the jobs table.
RANKING_KIND = "energy-critical"
#: The most cases a ranking lists.
MAX_TOP = 1000
#: N-2 pairs are formed among at most this many assets (435 pairs).
MAX_PAIRS = 30
#: Shipped rankings kept in this process (a shortcut; the job rows are what every process shares).
_KEPT = 8
_RANKED: OrderedDict[str, tuple[dict[str, Any], ...]] = OrderedDict()
_RANKED_LOCK = threading.Lock()

_BAD_TOP = N_("'top' must be a whole number from 1 to {max}; got '{top}'")
_BAD_PAIRS = N_(
    "'pairs' must be a whole number from 0 (single assets only) to {max}; got '{pairs}'"
)
_BAD_SCENARIO = N_(
    "'scenario' must be a shipped scenario id such as 'jan-2009' or a scenario object "
    "(as POST /api/v1/energy/run takes)"
)
_UNFINISHED = N_(
    "the ranking has not finished ({state}); follow it with GET /api/v1/energy/jobs/{id}"
)
_NOT_RANKING = N_("no ranking job '{id}'; start one with POST /api/v1/energy/jobs")


def case_evaluator(sched: batch.Scheduler, connect: bool = False) -> Evaluate:
    """How outage cases are solved on ``sched``: serially one model serves every case, with a
    progress step (a chance to stop) per case; on Dask, chunks of cases, one task each, one
    model per worker (:func:`~bucarest.energy.domain.critical.evaluate_with`). With ``connect``,
    the scheduler is reached now (one line if it cannot be)."""
    if not sched.distributed:
        return evaluate_cases
    return evaluate_with(batch.runner(sched, chunk_size=1, label="energy-critical",
                                      connect=connect))  # fmt: skip


def job_evaluate() -> Evaluate:
    """How a server process solves outage cases: on the cluster named by
    ``BUCAREST_DASK_SCHEDULER`` (the same for every server process), else serially in the
    job's thread."""
    return case_evaluator(batch.scheduler_from(None, default="none"))


def ranking(
    scenario_id: str, progress: jobs.Progress | None = None, pairs: int = 0
) -> tuple[dict[str, Any], ...]:
    """The assets of a shipped scenario ranked by the unserved demand their loss adds, with
    the pairs among the ``pairs`` most critical (N-2; none for 0 or 1), as records (computed
    once per process; ``progress(done, total)`` counts the cases solved)."""
    key = f"{scenario_id}|{pairs}"
    with _RANKED_LOCK:
        if key in _RANKED:
            _RANKED.move_to_end(key)
            return _RANKED[key]
    s = scenario(scenario_id)
    impacts = rank_assets(load_dataset(s.dataset), s, None, progress, pairs=pairs,
                          evaluate=job_evaluate())  # fmt: skip
    rows = tuple(impact_record(i) for i in impacts)
    with _RANKED_LOCK:
        _RANKED[key] = rows
        while len(_RANKED) > _KEPT:
            _RANKED.popitem(last=False)
    return rows


def _top(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_TOP:
        raise InvalidInputError(_BAD_TOP, max=str(MAX_TOP), top=str(raw)[:40])
    return raw


def check_pairs(raw: Any) -> int:
    """``pairs`` checked: a whole number from 0 to :data:`MAX_PAIRS` (0 if ``None``)."""
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_PAIRS:
        raise InvalidInputError(_BAD_PAIRS, max=str(MAX_PAIRS), pairs=str(raw)[:40])
    return raw


def _custom(raw: dict[str, Any]) -> Scenario:
    s = scenario_from(raw)
    check_scenario(s, load_dataset(s.dataset))
    return s


def ranking_params(body: Any) -> dict[str, Any]:
    """A ranking job's parameters from a request body, checked: ``{"scenario": id}`` for a
    shipped scenario or ``{"scenario": {...}}`` for an edited one (what-if), and ``top``
    (how many cases to list, 1 to :data:`MAX_TOP`; all if absent) and ``pairs`` (N-2 over
    every pair among that many of the most critical assets, 0 to :data:`MAX_PAIRS`; none if
    absent)."""
    if not isinstance(body, dict):
        raise InvalidInputError(_BAD_SCENARIO)
    wanted = body.get("scenario")
    top = _top(body.get("top"))
    pairs = check_pairs(body.get("pairs"))
    if isinstance(wanted, str):
        scenario(wanted)
    elif isinstance(wanted, dict):
        _custom(wanted)
    else:
        raise InvalidInputError(_BAD_SCENARIO)
    return {"scenario": wanted, "top": top, "pairs": pairs}


def _rank(params: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    wanted = params["scenario"]
    pairs = int(params.get("pairs") or 0)
    if isinstance(wanted, str):
        s = scenario(wanted)
        rows = ranking(wanted, progress, pairs)
    else:
        s = _custom(wanted)
        impacts = rank_assets(load_dataset(s.dataset), s, None, progress, pairs=pairs,
                              evaluate=job_evaluate())  # fmt: skip
        rows = tuple(impact_record(i) for i in impacts)
    top = params.get("top")
    return {
        "scenario": s.id,
        "shipped": isinstance(wanted, str),
        "dataset": s.dataset,
        "pairs": pairs,
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
    db: Database,
    scenario_id: str,
    top: int,
    owner: str,
    lang: str,
    timeout_s: float = 300.0,
    pairs: int = 0,
) -> list[dict[str, Any]]:
    """The ``top`` cases of a shipped scenario's ranking (with the pairs among the ``pairs``
    most critical assets), waited for: from this process's copy, else from a finished job's
    row, else from a new job (bounded like any other)."""
    scenario(scenario_id)
    pairs = check_pairs(pairs)
    with _RANKED_LOCK:
        kept = _RANKED.get(f"{scenario_id}|{pairs}")
    if kept is not None:
        return list(kept[:top])
    stored = jobs.finished(
        db, RANKING_KIND,
        lambda p: (p.get("scenario") == scenario_id and int(p.get("pairs") or 0) == pairs
                   and (p.get("top") or MAX_TOP + 1) >= top),
    )  # fmt: skip
    if stored is not None:
        return list(stored["assets"][:top])
    job_id = queue_ranking(db, lang, {"scenario": scenario_id, "pairs": pairs}, owner)
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


#: The asset-level network searched when none is named.
ASSET_SEARCH_DEFAULT = "winter-2008-09-assets"


def asset_rows(query: str, dataset: str = ASSET_SEARCH_DEFAULT) -> list[dict[str, Any]]:
    """The assets of the asset-level network ``dataset`` (:data:`ASSET_LEVEL`; its
    country-level dataset's id also names it) whose name or id contains ``query`` (case and
    accents ignored), each with its capacity, the year it describes, and its source.

    Example::

        >>> [r["id"] for r in asset_rows("chiren")]
        ['STO-BGR-CHIREN']
        >>> [r["id"] for r in asset_rows("baltic pipe", "recent-2023-24")]
        ['NOR-DNK-BALTIC-PIPE', 'DNK-POL-BALTIC-PIPE', 'POL-DNK-BALTIC-PIPE']
    """
    network = asset_network_id(dataset)
    book = load_assets(ASSET_LEVEL[network][1])
    return [{**asset_record(m, book), "dataset": network} for m in search_assets(book, query)]


_BAD_ASSET_DATASET = N_("no asset-level network for dataset '{dataset}'; expected one of {known}")


def asset_network_id(dataset: str) -> str:
    """The asset-level network named by ``dataset``: its own id, or the id of the
    country-level dataset it is built from (:class:`InvalidInputError` otherwise).

    Example::

        >>> asset_network_id("recent-2023-24"), asset_network_id("winter-2008-09-assets")
        ('recent-2023-24-assets', 'winter-2008-09-assets')
    """
    wanted = dataset.strip()
    if wanted in ASSET_LEVEL:
        return wanted
    built = asset_networks_of(wanted)
    if built:
        return built[0]
    raise InvalidInputError(_BAD_ASSET_DATASET, dataset=wanted[:80],
                            known=", ".join(ASSET_LEVEL))  # fmt: skip


# --- a shipped scenario on another dataset; storage by facility -------------------------------

_BAD_DATASET = N_("dataset '{dataset}' does not fit scenario '{scenario}'; expected one of {known}")


def dataset_choices(s: Scenario) -> tuple[str, ...]:
    """The datasets ``s`` can be solved on: its own (country level) and the asset-level
    networks built from it (:data:`~bucarest.energy.data.ASSET_LEVEL`).

    Example::

        >>> dataset_choices(scenario("jan-2009"))
        ('winter-2008-09', 'winter-2008-09-assets')
    """
    return (s.dataset, *asset_networks_of(s.dataset))


def chosen_dataset(s: Scenario, wanted: str | None) -> str:
    """``wanted`` if ``s`` can be solved on it, ``s``'s own dataset when none is given
    (:class:`InvalidInputError` naming the choices otherwise)."""
    if wanted is None or not wanted.strip():
        return s.dataset
    choices = dataset_choices(s)
    if wanted.strip() not in choices:
        raise InvalidInputError(_BAD_DATASET, dataset=wanted.strip()[:80], scenario=s.id,
                                known=", ".join(choices))  # fmt: skip
    return wanted.strip()


#: The longest scenario (days) solved at asset level without a warning: the first 90 days of
#: the 2023/24 halt took 27 s under perfect foresight, all 180 of them 13 to 20 minutes
#: (docs/energy-modes.md, Cost; decision 66).
QUICK_ASSET_DAYS = 92


def slow_to_solve(s: Scenario, dataset: str) -> bool:
    """Whether solving ``s`` on ``dataset`` takes minutes: asset level past
    :data:`QUICK_ASSET_DAYS`.

    Example::

        >>> slow_to_solve(scenario("full-russian-halt"), "recent-2023-24-assets")
        True
    """
    return dataset in ASSET_LEVEL and s.days > QUICK_ASSET_DAYS


@functools.lru_cache(maxsize=32)
def solved_on(
    scenario_id: str,
    mode: Mode,
    dataset: str | None = None,
    foresight: Foresight = Foresight.ROLLING,
) -> Result:
    """A shipped scenario solved once per process on ``dataset`` (its own when none) with
    ``foresight``: on an asset-level network, its country-level components stand for the
    assets (:func:`~bucarest.energy.data.scenario_for`); for ``jan-2009`` at asset level about
    2 s under perfect foresight, 15 to 20 s rolling; ``full-russian-halt`` (180 days) at
    asset level 13 to 20 minutes (docs/energy-modes.md, Cost)."""
    s = scenario(scenario_id)
    chosen = chosen_dataset(s, dataset)
    if chosen == s.dataset:
        return solved(scenario_id, mode, foresight)
    net = load_dataset(chosen)
    return solve_scenario(net, scenario_for(s, net), mode, foresight)


def storage_rows(result: Result, lang: str) -> list[dict[str, Any]]:
    """Storage by facility of a solved scenario (:func:`~bucarest.energy.records.storage_records`):
    each site on an asset-level dataset, each country's aggregate on a country-level one.

    Example::

        >>> rows = storage_rows(solved_on("jan-2009", Mode.NATIONAL, "winter-2008-09-assets"), "en")
        >>> chiren = next(r for r in rows if r["id"] == "STO-BGR-CHIREN")
        >>> chiren["name"], chiren["aggregate"], chiren["start_mcm"] > chiren["end_mcm"]
        ('Chiren', False, True)
    """
    level = ASSET_LEVEL.get(result.network.id)
    facilities = {f.id: f for f in load_assets(level[1]).storage} if level else {}
    return storage_records(storage_outcomes(result, aggregate=level is None), result.network,
                           lang, facilities)  # fmt: skip


def asset_sources(asset_id: str = "assets-2008-09") -> list[dict[str, str | None]]:
    """The distinct sources of an asset folder's rows (points, terminals, storage sites,
    production, production facilities), in the order the files first cite them, as ``{"title", "url"}``.

    Example::

        >>> any(s["title"].startswith("GIE Storage Database") for s in asset_sources())
        True
    """
    book = load_assets(asset_id)
    seen: dict[tuple[str, str | None], dict[str, str | None]] = {}
    for rows in (book.interconnections, book.lng, book.storage, book.production,
                 book.production_facilities):  # fmt: skip
        for row in rows:
            for cited in source_links(row.source):
                seen.setdefault((cited["title"] or "", cited["url"]), cited)
    return list(seen.values())

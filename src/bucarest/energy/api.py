"""Energy routes: datasets, scenarios, solved results, custom scenarios, N-1, critical assets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response

from bucarest.energy.data import (
    ScenarioSpec,
    dataset_ids,
    load_dataset,
    load_scenarios,
    scenario_from,
)
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.records import (
    dataset_record,
    history_record,
    result_record,
    scenario_record,
    storage_csv,
)
from bucarest.energy.schemas import (
    AssetFoundOut,
    AssetOut,
    DatasetOut,
    HistoryOut,
    ImpactOut,
    NMinusOneOut,
    RankingJobOut,
    RankingJobStartedOut,
    ResultOut,
    ScenarioOut,
    StorageOut,
)
from bucarest.energy.service import (
    ASSET_SEARCH_DEFAULT,
    HISTORY_MODE,
    MAX_PAIRS,
    asset_rows,
    cancel_ranking,
    critical,
    history,
    n1_rows,
    queue_ranking,
    ranking_job,
    scenario,
    solve_scenario,
    solved_on,
    storage_rows,
)
from bucarest.platform.http import LangDep, job_owner
from bucarest.platform.openapi import error_responses

__all__ = [
    "router",
]

_FORESIGHT = (
    "rolling (default): operators learn of each event when it starts and plan as if it "
    "lasted; perfect: the whole scenario known in advance (the least shortfall, a bound)"
)
#: The dataset to solve a shipped scenario on: its own, or the asset-level one built from it.
DatasetQuery = Annotated[
    str | None,
    Query(
        description="Dataset: the scenario's own (default) or its asset-level network, "
        "e.g. winter-2008-09-assets"
    ),
]

router = APIRouter(prefix="/api/v1/energy", tags=["energy"], responses=error_responses())


@router.get("/datasets", summary="The shipped gas datasets", response_model=list[DatasetOut])
def read_datasets(lang: LangDep) -> list[dict[str, Any]]:
    return [dataset_record(load_dataset(d), lang) for d in dataset_ids()]


@router.get(
    "/datasets/{dataset_id}/assets",
    summary="Every asset of a dataset (for the editor)",
    response_model=list[AssetOut],
    responses=error_responses(404),
)
def read_assets(
    dataset_id: Annotated[str, Path(examples=["winter-2008-09"])],
) -> list[dict[str, Any]]:
    net = load_dataset(dataset_id)
    return [{"id": k, "kind": type(v).__name__.lower()} for k, v in net.assets.items()]


@router.get("/scenarios", summary="The shipped scenarios", response_model=list[ScenarioOut])
def read_scenarios(lang: LangDep) -> list[dict[str, Any]]:
    return [scenario_record(s, lang) for s in load_scenarios().values()]


@router.get(
    "/scenarios/{scenario_id}/result",
    summary="A shipped scenario, solved",
    response_model=ResultOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_result(
    scenario_id: Annotated[str, Path(examples=["jan-2009"])],
    lang: LangDep,
    mode: Mode | None = None,
    foresight: Annotated[Foresight, Query(description=_FORESIGHT)] = Foresight.ROLLING,
    daily: bool = False,
    dataset: DatasetQuery = None,
) -> dict[str, Any]:
    chosen = mode or scenario(scenario_id).mode
    return result_record(solved_on(scenario_id, chosen, dataset, foresight), lang, daily)


@router.get(
    "/scenarios/{scenario_id}/storage",
    summary="Storage by facility of a shipped scenario, solved (JSON, or CSV with format=csv)",
    response_model=list[StorageOut],
    responses={
        **error_responses(400, 404),
        200: {
            "description": "Storage by facility",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
    },
)
def read_storage(
    scenario_id: Annotated[str, Path(examples=["jan-2009"])],
    lang: LangDep,
    mode: Mode | None = None,
    dataset: DatasetQuery = None,
    format: Annotated[
        Literal["json", "csv"], Query(description="json, or csv for the table")
    ] = "json",
) -> Any:
    chosen = mode or scenario(scenario_id).mode
    rows = storage_rows(solved_on(scenario_id, chosen, dataset), lang)
    if format == "csv":
        return Response(storage_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{scenario_id}-storage.csv"'})  # fmt: skip
    return rows


@router.post(
    "/run",
    summary="Solve a scenario given in the body (the scenario editor)",
    response_model=ResultOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def run_scenario(
    lang: LangDep,
    body: Annotated[
        ScenarioSpec,
        Body(
            examples=[
                {
                    "id": "my-case",
                    "name_en": "My case",
                    "name_fr": "Mon cas",
                    "dataset": "winter-2008-09",
                    "start": "2009-01-01",
                    "end": "2009-01-31",
                    "mode": "cooperative",
                    "disruptions": [
                        {
                            "asset": "RUS-UKR",
                            "share": 1.0,
                            "start": "2009-01-07",
                            "end": "2009-01-20",
                        }
                    ],
                }
            ]
        ),
    ],
    foresight: Annotated[Foresight, Query(description=_FORESIGHT)] = Foresight.ROLLING,
    daily: bool = False,
) -> dict[str, Any]:
    s = scenario_from(body.model_dump())
    return result_record(solve_scenario(load_dataset(s.dataset), s, None, foresight), lang, daily)


@router.get(
    "/n1",
    summary="The N-1 indicator per country, or for a region",
    response_model=list[NMinusOneOut],
    responses=error_responses(404),
)
def read_n1(
    lang: LangDep,
    dataset: str = "winter-2008-09",
    region: Annotated[str | None, Query(description="Comma-separated codes")] = None,
    risk_groups: Annotated[
        bool, Query(description="Each risk group of Annex I to Regulation (EU) 2017/1938")
    ] = False,
) -> list[dict[str, Any]]:
    return n1_rows(load_dataset(dataset), lang, region, risk_groups)


@router.get(
    "/history",
    summary="A past crisis country by country: the recorded outcome beside the model's",
    response_model=HistoryOut,
    responses=error_responses(400, 404, 422),
)
def read_history(
    lang: LangDep,
    record: Annotated[str, Query(description="A record of a past crisis")] = "jan-2009",
    dataset: Annotated[
        str | None,
        Query(
            description="The record's dataset (default) or the asset-level network built from it",
            examples=["winter-2008-09-assets"],
        ),
    ] = None,
    mode: Annotated[
        Mode, Query(description="Sharing mode; national first is the historical behaviour")
    ] = HISTORY_MODE,
    foresight: Annotated[Foresight, Query(description=_FORESIGHT)] = Foresight.ROLLING,
) -> dict[str, Any]:
    found, on, rows = history(record, dataset, mode, foresight)
    return history_record(found, on, mode, foresight, rows, lang)


@router.get(
    "/critical/{scenario_id}",
    summary="Assets, and pairs of the most critical (N-2), ranked by the unserved demand their "
    "loss adds (waits for the ranking job)",
    response_model=list[ImpactOut],
    responses=error_responses(404, 429),
)
def read_critical(
    request: Request,
    scenario_id: str,
    lang: LangDep,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    pairs: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_PAIRS,
            description="Also every pair among this many of the most critical assets (N-2); "
            "0 for single assets only",
        ),
    ] = 0,
) -> list[dict[str, Any]]:
    db = request.app.state.db
    return critical(db, scenario_id, top, job_owner(request), lang, pairs=pairs)


# --- ranking jobs ---------------------------------------------------------------------------


@router.post(
    "/jobs",
    status_code=202,
    summary="Start ranking the critical assets of a scenario (a job)",
    response_model=RankingJobStartedOut,
    responses=error_responses(404, 422, 429),
)
def start_ranking(
    request: Request,
    lang: LangDep,
    body: Annotated[
        dict[str, Any],
        Body(
            examples=[
                {"scenario": "jan-2009", "top": 15},
                {"scenario": "jan-2009", "top": 50, "pairs": 10},
                {
                    "scenario": {
                        "id": "what-if",
                        "name_en": "What if",
                        "name_fr": "Et si",
                        "dataset": "winter-2008-09",
                        "start": "2009-01-01",
                        "end": "2009-01-31",
                        "disruptions": [
                            {
                                "asset": "RUS-UKR",
                                "share": 1.0,
                                "start": "2009-01-07",
                                "end": "2009-01-20",
                            }
                        ],
                    },
                    "top": 10,
                },
            ]
        ),
    ],
) -> dict[str, Any]:
    db = request.app.state.db
    job_id = queue_ranking(db, lang, body, job_owner(request))
    return {
        "id": job_id,
        "state": ranking_job(db, job_id)["state"],
        "url": str(request.url_for("read_ranking", job_id=job_id)),
    }


@router.get(
    "/assets",
    summary="Gas assets of a winter whose name contains q (case and accents ignored)",
    response_model=list[AssetFoundOut],
    responses=error_responses(422),
)
def find_assets(
    q: Annotated[str, Query(description="Part of the name, e.g. Chiren")],
    dataset: Annotated[
        str,
        Query(
            description="The asset-level network searched, or the country-level dataset it "
            "is built from: winter-2008-09-assets (default) or recent-2023-24-assets"
        ),
    ] = ASSET_SEARCH_DEFAULT,
) -> list[dict[str, Any]]:
    return asset_rows(q, dataset)


@router.get(
    "/jobs/{job_id}",
    summary="A ranking job's progress and, when done, its result",
    response_model=RankingJobOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def read_ranking(request: Request, job_id: str) -> dict[str, Any]:
    return ranking_job(request.app.state.db, job_id)


@router.delete(
    "/jobs/{job_id}",
    summary="Ask a ranking job to stop (a finished one stays)",
    response_model=RankingJobOut,
    response_model_exclude_unset=True,
    responses=error_responses(404),
)
def delete_ranking(request: Request, job_id: str) -> dict[str, Any]:
    return cancel_ranking(request.app.state.db, job_id)

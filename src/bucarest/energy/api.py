"""Energy routes: datasets, scenarios, solved results, custom scenarios, N-1, critical assets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query

from bucarest.energy.data import (
    ScenarioSpec,
    dataset_ids,
    load_dataset,
    load_scenarios,
    scenario_from,
)
from bucarest.energy.domain.indicators import n_minus_1
from bucarest.energy.domain.scenario import Mode
from bucarest.energy.domain.solve import solve
from bucarest.energy.records import dataset_record, n1_record, result_record, scenario_record
from bucarest.energy.schemas import (
    AssetOut,
    DatasetOut,
    ImpactOut,
    NMinusOneOut,
    ResultOut,
    ScenarioOut,
)
from bucarest.energy.service import ranking, scenario, solved
from bucarest.platform.http import LangDep
from bucarest.platform.openapi import error_responses

__all__ = [
    "router",
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
    daily: bool = False,
) -> dict[str, Any]:
    chosen = mode or scenario(scenario_id).mode
    return result_record(solved(scenario_id, chosen), lang, daily)


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
    daily: bool = False,
) -> dict[str, Any]:
    s = scenario_from(body.model_dump())
    return result_record(solve(load_dataset(s.dataset), s), lang, daily)


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
) -> list[dict[str, Any]]:
    net = load_dataset(dataset)
    if region:
        return [n1_record(n_minus_1(net, [c.strip() for c in region.split(",")]), lang)]
    return [n1_record(n_minus_1(net, [n.id]), lang) for n in net.nodes
            if n.kind == "country" and n.demand_peak_mcmd > 0]  # fmt: skip


@router.get(
    "/critical/{scenario_id}",
    summary="Assets ranked by the unserved demand their loss adds",
    response_model=list[ImpactOut],
    responses=error_responses(404),
)
def read_critical(
    scenario_id: str, top: Annotated[int, Query(ge=1, le=1000)] = 20
) -> list[dict[str, Any]]:
    return list(ranking(scenario_id)[:top])

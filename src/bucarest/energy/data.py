"""Reading gas datasets (CSV per component, validated by the schema) and scenarios (YAML).

Shipped data lives in ``bucarest/data/energy``: one folder per dataset
(``dataset.yaml``, ``nodes.csv``, ``pipelines.csv``, ``storage.csv``, ``lng.csv``) and
``scenarios.yaml``. A user's folder in the same layout loads with ``load_dataset_dir``.

Example::

    >>> sorted(dataset_ids())
    ['recent-2023-24', 'winter-2008-09']
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import replace
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.datafiles import read_yaml, read_yaml_list, row_error
from bucarest.core.dates import parse_date
from bucarest.core.errors import N_, BucarestError, DataFileError, InvalidFactError, NotFoundError
from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage
from bucarest.energy.domain.scenario import (
    DemandShock,
    Disruption,
    Mitigation,
    MitigationKind,
    Mode,
    Scenario,
    check_scenario,
    largest_asset_scenarios,
)
from bucarest.energy.domain.schema import COMPONENTS, parse_rows

__all__ = [
    "DemandShockSpec",
    "DisruptionSpec",
    "MitigationSpec",
    "ScenarioSpec",
    "dataset_ids",
    "load_dataset",
    "load_dataset_dir",
    "load_scenarios",
    "scenario_from",
]


def energy_dir() -> Traversable:
    """Folder of the shipped energy data."""
    return resources.files("bucarest") / "data" / "energy"


def dataset_ids() -> tuple[str, ...]:
    """Ids of the shipped datasets."""
    return tuple(sorted(p.name for p in energy_dir().iterdir()
                        if p.is_dir() and (p / "dataset.yaml").is_file()))  # fmt: skip


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name_en: str
    name_fr: str
    season_start: str
    season_end: str
    monthly_demand_factor: dict[str, float] = {}
    lng_market_mcmd: float = Field(ge=0)
    source: str
    note: str = ""


def _csv(folder: Traversable | Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def load_dataset_dir(folder: Traversable | Path) -> Network:
    """Read, validate and assemble the dataset in ``folder``."""
    raw = read_yaml(folder, "dataset.yaml")
    try:
        meta = _Meta.model_validate(raw)
        start, end = parse_date(meta.season_start), parse_date(meta.season_end)
    except ValidationError as exc:
        raise row_error("dataset.yaml", 0, exc) from None
    except BucarestError as exc:
        raise DataFileError("dataset.yaml", exc.message) from None
    rows = {c: parse_rows(c, _csv(folder, f"{c}.csv"), f"{meta.id}/{c}.csv") for c in COMPONENTS}
    try:
        return Network(
            meta.id, meta.name_en, meta.name_fr, start, end,
            {int(k): v for k, v in meta.monthly_demand_factor.items()}, meta.lng_market_mcmd,
            tuple(Node(r["id"], r["kind"], r["demand_avg_mcmd"], r["demand_peak_mcmd"],
                       r["protected_share"], r["production_mcmd"], r["supply_limit_mcmd"],
                       r["source"], r["note"] or "") for r in rows["nodes"]),
            tuple(Pipeline(r["id"], r["from"], r["to"], r["capacity_mcmd"], r["reverse_mcmd"] or 0.0,
                           r["name"] or "", r["source"], r["note"] or "") for r in rows["pipelines"]),
            tuple(Storage(r["id"], r["node"], r["working_gas_mcm"], r["withdrawal_mcmd"],
                          r["injection_mcmd"], r["initial_fill"], r["source"], r["note"] or "")
                  for r in rows["storage"]),
            tuple(LngTerminal(r["id"], r["node"], r["sendout_mcmd"], r["source"], r["note"] or "")
                  for r in rows["lng"]),
            meta.source, meta.note,
        )  # fmt: skip
    except BucarestError as exc:
        raise DataFileError(meta.id, exc.message) from None


@functools.cache
def load_dataset(dataset_id: str) -> Network:
    """A shipped dataset by id."""
    if dataset_id not in dataset_ids():
        raise NotFoundError(
            N_("unknown dataset '{dataset}'; expected one of {known}"),
            dataset=dataset_id, known=", ".join(dataset_ids()),
        )  # fmt: skip
    return load_dataset_dir(energy_dir() / dataset_id)


class DisruptionSpec(BaseModel):
    """The share (0 to 1) of an asset lost from ``start`` to ``end`` (YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid")
    asset: str
    share: float = Field(ge=0, le=1)
    start: str
    end: str
    source: str = ""


class DemandShockSpec(BaseModel):
    """Demand of ``nodes`` (all when empty) multiplied by ``factor`` from ``start`` to ``end``."""

    model_config = ConfigDict(extra="forbid")
    nodes: list[str] = []
    factor: float = Field(ge=0)
    start: str
    end: str
    source: str = ""


class MitigationSpec(BaseModel):
    """A measure applied from ``start`` to ``end`` (amounts in mcm per day)."""

    model_config = ConfigDict(extra="forbid")
    kind: MitigationKind
    start: str
    end: str
    asset: str = ""
    nodes: list[str] = []
    amount_mcmd: float = Field(0.0, ge=0)
    share: float = Field(0.0, ge=0, le=1)
    source: str = ""


class ScenarioSpec(BaseModel):
    """A scenario as ``scenarios.yaml`` and the scenario editor give it (dates YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name_en: str
    name_fr: str
    dataset: str
    start: str
    end: str
    mode: Mode = Mode.COOPERATIVE
    disruptions: list[DisruptionSpec] = []
    demand_shocks: list[DemandShockSpec] = []
    mitigations: list[MitigationSpec] = []
    source: str = ""
    note: str = ""


def _d(text: str) -> date:
    return parse_date(text)


def scenario_from(raw: Any) -> Scenario:
    """A scenario from its mapping (a row of ``scenarios.yaml`` or an API body)."""
    try:
        s = ScenarioSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidFactError(
            N_("scenario field {field}: {problem}"),
            field=".".join(str(p) for p in first["loc"]) or "-", problem=first["msg"],
        ) from None  # fmt: skip
    return Scenario(
        s.id, s.name_en, s.name_fr, s.dataset, _d(s.start), _d(s.end), s.mode,
        tuple(Disruption(d.asset, d.share, _d(d.start), _d(d.end), d.source) for d in s.disruptions),
        tuple(DemandShock(tuple(n.upper() for n in k.nodes if n.lower() != "all"), k.factor,
                          _d(k.start), _d(k.end), k.source) for k in s.demand_shocks),
        tuple(Mitigation(m.kind, _d(m.start), _d(m.end), m.asset, tuple(n.upper() for n in m.nodes),
                         m.amount_mcmd, m.share, m.source) for m in s.mitigations),
        s.source, s.note,
    )  # fmt: skip


#: Months over which the generated "loss of the largest asset" scenarios run, per dataset.
N1_WINDOWS: dict[str, tuple[date, date]] = {
    "winter-2008-09": (date(2009, 1, 1), date(2009, 1, 31)),
    "recent-2023-24": (date(2024, 1, 1), date(2024, 1, 31)),
}


@functools.cache
def load_scenarios() -> dict[str, Scenario]:
    """The shipped scenarios by id, each checked against its dataset, followed by the loss
    of each country's largest single infrastructure (``n1-<year>-<code>``) for January of
    each dataset's winter."""
    out: dict[str, Scenario] = {}
    for i, raw in enumerate(read_yaml_list(energy_dir(), "scenarios.yaml")):
        try:
            s = scenario_from(raw)
            check_scenario(s, load_dataset(s.dataset))
        except (ValidationError, BucarestError) as exc:
            raise row_error("scenarios.yaml", i, exc) from None
        out[s.id] = s
    for dataset_id, (first, last) in N1_WINDOWS.items():
        if dataset_id not in dataset_ids():
            continue
        for generated in largest_asset_scenarios(load_dataset(dataset_id), first, last):
            key = generated.id.replace("n1-", f"n1-{first.year}-", 1)
            out[key] = replace(generated, id=key)
    return out

"""Reading gas datasets (CSV per component, validated by the schema) and scenarios (YAML).

Shipped data lives in ``bucarest/data/energy``: one folder per dataset
(``dataset.yaml``, ``nodes.csv``, ``pipelines.csv``, ``storage.csv``, ``lng.csv``) and
``scenarios.yaml``. A user's folder in the same layout loads with ``load_dataset_dir``.

The shipped datasets and scenarios carry ``sources`` (a list of ``{title, issuer, date,
url}``) and a ``confidence`` (official, secondary, estimate) as
:class:`bucarest.core.provenance.ProvenanceRow` reads them; loading refuses a shipped row
without them, or one whose text holds a working note (curation notes go in the files'
comments or ``SOURCES.md``).

Example::

    >>> sorted(dataset_ids())
    ['recent-2023-24', 'winter-2008-09']
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from itertools import product
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.datafiles import read_yaml, read_yaml_list, row_error
from bucarest.core.dates import parse_date
from bucarest.core.errors import N_, BucarestError, DataFileError, InvalidFactError, NotFoundError
from bucarest.core.provenance import (
    Citation,
    CitationRow,
    Confidence,
    Provenance,
    ProvenanceRow,
    working_note_in,
)
from bucarest.energy.assets import load_assets
from bucarest.energy.domain.asset_network import asset_aliases, asset_network, scenario_on_assets
from bucarest.energy.domain.history import (
    CLASSES,
    SHARES,
    CrisisRecord,
    Expectation,
    Explanation,
    RecordedCountry,
)
from bucarest.energy.domain.indicators import RiskGroup
from bucarest.energy.domain.network import LngTerminal, Network, Node, Pipeline, Storage
from bucarest.energy.domain.scenario import (
    DemandShock,
    Disruption,
    Foresight,
    Mitigation,
    MitigationKind,
    Mode,
    Scenario,
    check_scenario,
    largest_asset_scenarios,
)
from bucarest.energy.domain.schema import COMPONENTS, parse_rows

__all__ = [
    "ASSET_LEVEL",
    "DemandShockSpec",
    "DisruptionSpec",
    "MitigationSpec",
    "ScenarioSpec",
    "asset_networks_of",
    "dataset_ids",
    "history_ids",
    "load_dataset",
    "load_dataset_dir",
    "load_expectations",
    "load_history",
    "load_risk_groups",
    "load_scenarios",
    "scenario_for",
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
    source: str = ""
    note: str = ""
    sources: tuple[CitationRow, ...] = ()
    confidence: Confidence | None = None


def _provenance(sources: Sequence[CitationRow], confidence: Confidence | None) -> Provenance | None:
    if not sources or confidence is None:
        return None
    return Provenance(tuple(c.to_domain() for c in sources), confidence)


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
            meta.source, meta.note, _provenance(meta.sources, meta.confidence),
        )  # fmt: skip
    except BucarestError as exc:
        raise DataFileError(meta.id, exc.message) from None


#: Asset-level networks: id → (the country-level dataset giving the countries, the asset
#: folder giving the components).
ASSET_LEVEL = {
    "winter-2008-09-assets": ("winter-2008-09", "assets-2008-09"),
    "recent-2023-24-assets": ("recent-2023-24", "assets-2023-24"),
}


def asset_networks_of(dataset_id: str) -> tuple[str, ...]:
    """The asset-level networks built from the country-level dataset ``dataset_id``, in id
    order.

    Example::

        >>> asset_networks_of("recent-2023-24"), asset_networks_of("winter-2008-09-assets")
        (('recent-2023-24-assets',), ())
    """
    return tuple(sorted(k for k, (base, _) in ASSET_LEVEL.items() if base == dataset_id))


@functools.cache
def load_dataset(dataset_id: str) -> Network:
    """A shipped dataset by id: a folder of country-level files, or an asset-level network
    (:data:`ASSET_LEVEL`: each interconnection point, storage site and LNG terminal its own
    component, the countries from the country-level dataset, the assets in service on the
    season's first day).

    Example::

        >>> net = load_dataset("winter-2008-09-assets")
        >>> len(net.pipelines) > len(load_dataset("winter-2008-09").pipelines)
        True
    """
    if dataset_id in ASSET_LEVEL:
        base_id, assets_id = ASSET_LEVEL[dataset_id]
        base = load_dataset(base_id)
        built = asset_network(base, load_assets(assets_id), base.season_start)
        return built.network
    if dataset_id not in dataset_ids():
        raise NotFoundError(
            N_("unknown dataset '{dataset}'; expected one of {known}"),
            dataset=dataset_id, known=", ".join(dataset_ids()),
        )  # fmt: skip
    network = load_dataset_dir(energy_dir() / dataset_id)
    _check_shipped_dataset(network)
    return network


def _check_shipped_dataset(network: Network) -> None:
    """A shipped dataset names its sources and confidence, and no text in it (names, the
    ``source`` and ``note`` columns) holds a working note."""
    if network.provenance is None:
        raise DataFileError(f"{network.id}/dataset.yaml",
                            "sources and confidence are required")  # fmt: skip
    rows: list[tuple[str, str, tuple[str, ...]]] = [
        ("dataset.yaml", network.id, (network.name_en, network.name_fr))
    ]
    rows += [("nodes.csv", n.id, (n.source, n.note)) for n in network.nodes]
    rows += [("pipelines.csv", p.id, (p.name, p.source, p.note)) for p in network.pipelines]
    rows += [("storage.csv", s.id, (s.source, s.note)) for s in network.storage]
    rows += [("lng.csv", t.id, (t.source, t.note)) for t in network.lng]
    for name, row, texts in rows:
        for text in texts:
            note = working_note_in(text)
            if note is not None:
                raise DataFileError(
                    f"{network.id}/{name}",
                    f"row {row}: contains the working note {note!r}; keep curation notes in "
                    "comments or SOURCES.md",
                )  # fmt: skip


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
    sources: list[CitationRow] = []
    confidence: Confidence | None = None


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
        s.source, s.note, _provenance(s.sources, s.confidence),
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
        if isinstance(raw, dict):  # the notes' expectations are read by load_expectations
            raw = {k: v for k, v in raw.items() if k != "expected"}
        try:
            s = scenario_from(raw)
            check_scenario(s, load_dataset(s.dataset))
        except (ValidationError, BucarestError) as exc:
            raise row_error("scenarios.yaml", i, exc) from None
        problem = _shipped_scenario_problem(s)
        if problem is not None:
            raise DataFileError("scenarios.yaml", f"row {i + 1}: {problem}")
        out[s.id] = s
    for dataset_id, (first, last) in N1_WINDOWS.items():
        if dataset_id not in dataset_ids():
            continue
        network = load_dataset(dataset_id)
        assert network.provenance is not None  # load_dataset checked it
        provenance = Provenance((N1_STANDARD, *network.provenance.citations), Confidence.ESTIMATE)
        for generated in largest_asset_scenarios(network, first, last):
            key = generated.id.replace("n1-", f"n1-{first.year}-", 1)
            out[key] = replace(generated, id=key, provenance=provenance)
    return out


#: The rule behind the generated "loss of the largest asset" scenarios.
N1_STANDARD = Citation(
    "Regulation (EU) 2017/1938 concerning measures to safeguard the security of gas supply "
    "(infrastructure standard, N-1)",
    "European Parliament and Council",
    "2017-10-25",
    "https://eur-lex.europa.eu/eli/reg/2017/1938/oj",
)


class _ExpectationSpec(BaseModel):
    """One ``expected`` row of a shipped scenario: a bound on a country's share, its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: str = Field(pattern=r"^[A-Z]{3}$")
    mode: Mode
    share: str = Field("all", pattern="^(" + "|".join(SHARES) + ")$")
    min_share: float | None = Field(None, ge=0.0, le=1.0)
    max_share: float | None = Field(None, ge=0.0, le=1.0)
    matches_source: bool = True
    source: str = Field(min_length=1)


@functools.cache
def load_expectations() -> dict[str, tuple[Expectation, ...]]:
    """The ``expected`` rows of the shipped scenarios (what each scenario's note expects of a
    country, as a bound a test checks), by scenario id; scenarios without any are left out.

    Example::

        >>> e = load_expectations()["russian-halt-2009-q1"][0]
        >>> e.country, e.mode.value, e.low
        ('FIN', 'national', 0.4)
    """
    out: dict[str, tuple[Expectation, ...]] = {}
    for i, raw in enumerate(read_yaml_list(energy_dir(), "scenarios.yaml")):
        rows = raw.get("expected", []) if isinstance(raw, dict) else []
        found = []
        for j, row in enumerate(rows):
            try:
                e = _ExpectationSpec.model_validate(row)
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"])
                raise DataFileError("scenarios.yaml",
                                    f"row {i + 1}, expected {j + 1}: {field}: {first['msg']}") from None  # fmt: skip
            if e.min_share is None and e.max_share is None:
                raise DataFileError("scenarios.yaml",
                                    f"row {i + 1}, expected {j + 1}: give min_share or max_share")  # fmt: skip
            note = working_note_in(e.source)
            if note is not None:
                raise DataFileError("scenarios.yaml", f"row {i + 1}, expected {j + 1}: contains "
                                    f"the working note {note!r}; keep curation notes in comments")  # fmt: skip
            found.append(Expectation(e.country, e.mode, e.share, e.min_share, e.max_share,
                                     e.matches_source, e.source))  # fmt: skip
        if found:
            out[str(raw["id"])] = tuple(found)
    return out


def _shipped_scenario_problem(s: Scenario) -> str | None:
    """Why a shipped scenario is refused: no sources or confidence, or a text (its names, the
    sources of its disruptions, shocks and measures) holding a working note."""
    if s.provenance is None:
        return f"{s.id}: sources and confidence are required"
    texts = [s.name_en, s.name_fr, s.source, s.note]
    texts += [d.source for d in s.disruptions]
    texts += [k.source for k in s.demand_shocks] + [m.source for m in s.mitigations]
    for text in texts:
        note = working_note_in(text)
        if note is not None:
            return f"{s.id}: contains the working note {note!r}; keep curation notes in comments"
    return None


def load_risk_groups(folder: Path | None = None) -> tuple[list[RiskGroup], Provenance]:
    """The risk groups of Annex I to Regulation (EU) 2017/1938 as amended (the shipped
    ``risk_groups.yaml``, or the one in ``folder``), with the provenance of the whole list.

    Example::

        >>> groups, prov = load_risk_groups()
        >>> len(groups), groups[4].id, groups[4].members, str(prov.confidence)
        (13, 'east-trans-balkan', ('BGR', 'GRC', 'HUN', 'ROU'), 'official')
    """
    source = energy_dir() if folder is None else folder
    raw = read_yaml(source, "risk_groups.yaml")
    where = str(source / "risk_groups.yaml")
    try:
        spec = _RiskGroupsSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataFileError(where, f"{field}: {first['msg']}") from None
    groups = [RiskGroup(g.id, g.corridor, g.name.en, g.name.fr, tuple(g.members))
              for g in spec.groups]  # fmt: skip
    return groups, Provenance((spec.source.to_domain(),), spec.confidence)


class _Names(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str
    fr: str


class _RiskGroupSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    corridor: str = Field(pattern="^(east|north-sea|north-africa|south-east)$")
    name: _Names
    members: list[Annotated[str, Field(pattern="^[A-Z]{3}$")]] = Field(min_length=1)


class _RiskGroupsSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: CitationRow
    confidence: Confidence
    groups: list[_RiskGroupSpec] = Field(min_length=1)


def scenario_for(scenario: Scenario, network: Network) -> Scenario:
    """``scenario`` as it applies to ``network``: unchanged on its own dataset; on the
    asset-level network built from that dataset, its country-level components (``RUS-UKR``,
    ``STO-DEU``) rewritten as the assets they stand for
    (:func:`~bucarest.energy.domain.asset_network.scenario_on_assets`).

    Example::

        >>> jan = load_scenarios()["jan-2009"]
        >>> on = scenario_for(jan, load_dataset("winter-2008-09-assets"))
        >>> on.dataset, len(on.disruptions) > len(jan.disruptions)
        ('winter-2008-09-assets', True)
    """
    base_id = ASSET_LEVEL.get(network.id, (None, None))[0]
    if base_id is None or base_id != scenario.dataset:
        return scenario
    base = load_dataset(base_id)
    return scenario_on_assets(scenario, base, network, asset_aliases(base, network))


class _ExplanationSpec(ProvenanceRow):
    """Why the model differs from the record for one country (``model_differs`` of a row)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    datasets: tuple[str, ...] = Field(min_length=1)
    mode: Mode
    #: The foresight the explanation is about; left out, it holds under either.
    foresight: Foresight | None = None
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def to_explanation(self) -> Explanation:
        return Explanation(self.datasets, self.mode, self.en, self.fr, self.to_domain(),
                           self.foresight)  # fmt: skip


class _RecordedCountrySpec(ProvenanceRow):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = Field(pattern=r"^[A-Z]{3}$")
    outcome: str = Field(alias="class", pattern="^(" + "|".join(CLASSES) + ")$")
    supply_cut_share: float | None = Field(default=None, ge=0.0, le=1.0)
    customers_cut: str | None = Field(default=None, pattern="^(households|industry|none)$")
    emergency_declared: bool | None = None
    storage_days: float | None = Field(default=None, ge=0.0)
    model_differs: tuple[_ExplanationSpec, ...] = ()


class _PeriodSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: str
    end: str


class _CrisisSpec(ProvenanceRow):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_en: str
    name_fr: str
    dataset: str
    scenario: str
    period: _PeriodSpec
    classes: tuple[str, ...]
    countries: tuple[_RecordedCountrySpec, ...] = Field(min_length=1)


def history_ids() -> tuple[str, ...]:
    """Ids of the shipped records of past crises (``history/<id>.yaml``).

    Example::

        >>> history_ids()
        ('jan-2009',)
    """
    folder = energy_dir() / "history"
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                        if p.name.endswith(".yaml")))  # fmt: skip


def load_history(history_id: str = "jan-2009", folder: Path | None = None) -> CrisisRecord:
    """The shipped record of a past crisis by id (``history/<id>.yaml``, or the one in
    ``folder``): its class per country, with sources, and where the model differs, the
    explanation users see (``model_differs``: datasets, mode, foresight, ``en``/``fr`` text,
    sources; at most one for a dataset, mode and foresight).

    Example::

        >>> rec = load_history()
        >>> rec.scenario, rec.start.isoformat(), len(rec.countries)
        ('jan-2009', '2009-01-06', 35)
    """
    source = energy_dir() / "history" if folder is None else folder
    name = f"{history_id}.yaml"
    raw = read_yaml(source, name)
    try:
        spec = _CrisisSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataFileError(str(source / name), f"{field}: {first['msg']}") from None
    for c in spec.countries:
        for e in c.model_differs:
            note = next(filter(None, (working_note_in(t) for t in (e.en, e.fr))), None)
            if note is not None:
                raise DataFileError(
                    str(source / name),
                    f"{c.code}: model_differs contains the working note {note!r}; keep curation "
                    "notes in comments",
                )  # fmt: skip
        seen: set[tuple[str, Mode, Foresight]] = set()
        for e in c.model_differs:
            for key in product(e.datasets, (e.mode,), (e.foresight,) if e.foresight else Foresight):
                if key in seen:
                    raise DataFileError(
                        str(source / name),
                        f"{c.code}: two model_differs entries explain dataset {key[0]!r}, mode "
                        f"{key[1].value!r}, foresight {key[2].value!r}; keep one",
                    )
                seen.add(key)
    countries = tuple(
        RecordedCountry(
            c.code,
            c.outcome,
            c.to_domain(),
            c.supply_cut_share,
            c.customers_cut,
            c.emergency_declared,
            c.storage_days,
            tuple(e.to_explanation() for e in c.model_differs),
        )  # fmt: skip
        for c in spec.countries
    )
    return CrisisRecord(spec.id, spec.name_en, spec.name_fr, spec.dataset, spec.scenario,
                        parse_date(spec.period.start), parse_date(spec.period.end), countries,
                        spec.to_domain())  # fmt: skip

"""The energy API's answers (built by ``energy.records``); quantities in million cubic
metres (mcm) and mcm per day (mcmd), shares from 0 to 1."""

from __future__ import annotations

from pydantic import Field

from bucarest.core.provenance import Confidence
from bucarest.platform.openapi import Answer, CitationOut, ErrorDetail, Number

__all__ = [
    "AssetOut",
    "CitationOut",
    "DatasetOut",
    "DisruptionOut",
    "FlowSeriesOut",
    "HistoryCountryOut",
    "HistoryOut",
    "ImpactOut",
    "NMinusOneOut",
    "OutcomeOut",
    "ResultOut",
    "ScenarioOut",
    "SourceLinkOut",
    "StorageOut",
]


class DatasetOut(Answer):
    """A dataset's season, the number of each kind of asset, its sources and how far its
    figures can be trusted."""

    id: str
    name: str
    season_start: str
    season_end: str
    nodes: int
    pipelines: int
    storage: int
    lng: int
    sources: list[CitationOut]
    confidence: Confidence | None


class AssetOut(Answer):
    """An asset of a dataset and its kind (node, pipeline, storage, lng…)."""

    id: str
    kind: str


class DisruptionOut(Answer):
    """The share of an asset lost over ``[start, end]``."""

    asset: str
    share: Number
    start: str
    end: str


class ScenarioOut(Answer):
    """A shipped scenario's summary."""

    id: str
    name: str
    dataset: str
    start: str
    end: str
    days: int
    mode: str
    disruptions: list[DisruptionOut]
    sources: list[CitationOut]
    confidence: Confidence | None


class OutcomeOut(Answer):
    """A country's outcome over a scenario (mcm; shares 0 to 1).

    ``unserved_mcm`` is the shortfall, protected (``protected_unserved_mcm``, households and
    essential services) plus non-protected (``non_protected_unserved_mcm``); ``curtailed_mcm``
    is non-protected demand a demand-reduction measure took off beforehand (not served, not in
    the shortfall). ``non_protected_not_served_share`` counts both. ``days_before_first_shortfall``
    is the number of whole days served before the first day with a shortfall (0: short on the
    first day; null: never short)."""

    code: str
    name: str
    demand_mcm: Number
    protected_demand_mcm: Number
    unserved_mcm: Number
    unserved_share: Number
    protected_unserved_mcm: Number
    protected_unserved_share: Number
    non_protected_unserved_mcm: Number
    curtailed_mcm: Number
    non_protected_not_served_share: Number
    days_short: int
    days_before_first_shortfall: int | None
    storage_start_mcm: Number
    storage_end_mcm: Number


class FlowSeriesOut(Answer):
    """A link's daily flow and capacity (mcmd)."""

    arc: str
    from_: str = Field(alias="from")
    to: str
    flow: list[Number]
    capacity: list[Number]


class ResultOut(Answer):
    """A solved scenario; the daily series only with ``daily=true``."""

    scenario: str
    name: str
    dataset: str
    mode: str
    foresight: str
    mode_explanation: str
    start: str
    end: str
    total_unserved_mcm: Number
    countries: list[OutcomeOut]
    saturated_links: list[str]
    build_seconds: Number
    solve_seconds: Number
    days: list[str] | None = None
    unserved_daily: dict[str, list[Number]] | None = None
    demand_daily: dict[str, list[Number]] | None = None
    storage_daily: dict[str, list[Number]] | None = None
    flows_daily: list[FlowSeriesOut] | None = None


class SourceLinkOut(Answer):
    """One source of a row: its title and, where it has one, its address."""

    title: str
    url: str | None


class StorageOut(Answer):
    """What one storage did over a solved scenario: a site on the asset-level dataset, a
    country's aggregate (``aggregate``) on a country-level one. Stocks in mcm, withdrawal
    rate in mcm/d, ``lowest_fill`` 0 to 1; ``days_at_limit`` counts the days it withdrew as
    much as its deliverability allowed (the rate left by disruptions, capped by its curve at
    the day's starting stock). ``year`` is the year its figures describe (sites only);
    ``estimate`` says they are estimates for the scenario's winter."""

    id: str
    name: str
    code: str
    country: str
    aggregate: bool
    working_gas_mcm: Number
    withdrawal_mcmd: Number
    curve: bool
    start_mcm: Number
    end_mcm: Number
    withdrawn_mcm: Number
    injected_mcm: Number
    lowest_mcm: Number
    lowest_fill: Number
    days_at_limit: int
    year: int | None
    estimate: bool
    source: str
    sources: list[SourceLinkOut]


class NMinusOneOut(Answer):
    """The terms (mcmd) and result (percent) of the N-1 formula for an area."""

    area: list[str]
    name: str
    ep_m: Number
    p_m: Number
    s_m: Number
    lng_m: Number
    i_m: Number
    i_m_asset: str | None
    d_max: Number
    #: N-1 with Im as counted: the Regulation's figure where ``i_m_scope`` is ``asset``, else
    #: the least it can be; ``n1_percent_high`` the most it can be (null: unknown).
    n1_percent: Number | None
    n1_percent_high: Number | None
    #: What Im stands for: asset, border, production or aggregate (``i_m_counts`` in words).
    i_m_scope: str | None
    i_m_counts: str | None
    meets_standard: bool | None
    #: Risk groups only: the group's id and corridor, its members the dataset lacks, and
    #: the Annex's citation.
    group: str | None = None
    corridor: str | None = None
    lacking: list[str] | None = None
    sources: list[CitationOut] | None = None
    confidence: Confidence | None = None


class AssetFoundOut(Answer):
    """A gas asset of an asset-level network (``dataset``): its capacity (mcm/d; for storage
    its withdrawal, with its working gas in mcm), the year that figure describes, whether it
    is an estimate for that winter, and its source and licence."""

    kind: str
    id: str
    name: str
    countries: list[str]
    capacity_mcmd: Number
    working_gas_mcm: Number | None = None
    year: int
    estimate: bool
    #: The asset-level network the asset belongs to.
    dataset: str
    source: str
    licence: str
    #: ``source`` as citations (title, and address where it has one).
    sources: list[SourceLinkOut]


class ImpactOut(Answer):
    """What losing one asset (N-1) or a pair of assets (N-2, ``kind`` ``"pair"``) for the
    whole scenario adds to unserved demand (mcm). ``rank`` is shared by tied cases; a pair
    has the sum of its two assets' own added unserved demand and the excess over that sum
    (positive when each covers for the other), a single asset ``null`` there."""

    rank: int
    asset: str
    case: list[str]
    kind: str
    capacity_mcmd: Number
    unserved_mcm: Number
    added_unserved_mcm: Number
    singles_added_mcm: Number | None = None
    excess_mcm: Number | None = None


class RankingOut(Answer):
    """A finished ranking: of which scenario (a shipped one, or a what-if), on which
    dataset, how many cases were ranked (every asset, and the pairs among the ``pairs`` most
    critical), and the ``top`` asked for (all when none)."""

    scenario: str
    shipped: bool
    dataset: str
    pairs: int = 0
    ranked: int
    assets: list[ImpactOut]


class RankingJobStartedOut(Answer):
    """A queued ranking: poll ``url``."""

    id: str
    state: str
    url: str


class RankingJobErrorOut(ErrorDetail):
    """Why a ranking failed or stopped, with the status a request would have had."""

    status: int


class RankingJobOut(Answer):
    """A ranking job's progress (``done`` of ``total`` assets solved) and, when finished,
    its result or error."""

    id: str
    kind: str
    state: str
    done: int
    total: int
    result: RankingOut | None = None
    error: RankingJobErrorOut | None = None


class HistoryCountryOut(Answer):
    """One country of a past crisis: the recorded class and the model's (``hardest-hit``,
    ``partly-affected``, ``not-affected``; the record may say ``unknown``) with their labels,
    the model's shares (0–1) of protected demand unserved and of other demand not served,
    whether the classes match (null where the record's class is unknown), and for a miss the
    record's explanation and its sources (null and empty when there is none)."""

    code: str
    name: str
    recorded: str
    recorded_label: str
    modelled: str
    modelled_label: str
    protected_unserved_share: Number
    non_protected_not_served_share: Number
    match: bool | None
    explanation: str | None
    explanation_sources: list[CitationOut]


class HistoryOut(Answer):
    """A past crisis compared with the model: its record's scenario solved on ``dataset``
    under ``mode`` and ``foresight``; ``matched`` countries of ``classed`` (the record's unknown rows left
    out); the crisis period the record describes; the record's sources."""

    id: str
    name: str
    scenario: str
    dataset: str
    mode: str
    mode_label: str
    foresight: str
    foresight_label: str
    mode_explanation: str
    start: str
    end: str
    matched: int
    classed: int
    countries: list[HistoryCountryOut]
    sources: list[CitationOut]
    confidence: Confidence | None

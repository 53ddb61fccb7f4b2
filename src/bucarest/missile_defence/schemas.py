"""The missile-defence API's answers (built by ``missile_defence.records``): distances in
km, times in s, speeds in km/s, angles in degrees, shares of area from 0 to 1."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bucarest.core.provenance import Confidence
from bucarest.platform.openapi import Answer, CitationOut, ErrorDetail, Number

__all__ = [
    "ArchitectureOut",
    "AssetEffectivenessOut",
    "AssetIn",
    "BudgetOut",
    "BundleCandidateOut",
    "BundleOut",
    "CandidatesOut",
    "CitationOut",
    "ComparisonOut",
    "ComparisonRowOut",
    "CountryCoverageOut",
    "CoverageOut",
    "EffectivenessIn",
    "EffectivenessOut",
    "ExactOut",
    "FeatureCollectionOut",
    "FeatureOut",
    "GreedyOut",
    "JobErrorOut",
    "JobOut",
    "JobStartedOut",
    "LatLonOut",
    "LaunchSiteOut",
    "OpportunityOut",
    "OptionPlanOut",
    "OutcomeOut",
    "ParameterOut",
    "PathPointOut",
    "RadarOut",
    "SiteOut",
    "SspkOut",
    "StepOut",
    "SweepOut",
    "SweepPointOut",
    "ThreatClassOut",
    "ThreatOut",
    "TimelineEventOut",
    "TimelineOut",
]


#: The binding constraint of a miss (engagement doctrine), or none / not-threatened.
Constraint = Literal["none", "altitude-band", "kinematics", "commit-time", "battle-space",
                     "intercept-geometry", "sensor", "track-timeline", "track-quality",
                     "inventory", "not-threatened"]  # fmt: skip


class ParameterOut(Answer):
    """A sourced value, with its range and whether it is an estimate when they are known."""

    value: Number
    source: str
    low: Number | None = None
    high: Number | None = None
    estimate: bool | None = None


class InventoryOut(Answer):
    """A site's interceptor count from a date."""

    since: str
    interceptors: ParameterOut


class SiteOut(Answer):
    """An interceptor site and its interceptor type."""

    id: str
    name: str
    lat: Number
    lon: Number
    type: str
    type_name: str
    flyout: str
    interceptors: ParameterOut
    parameters: dict[str, ParameterOut]
    sources: list[CitationOut]
    confidence: Confidence
    #: First day in service and first day out of service (None: not dated, a plan).
    in_service_from: str | None = None
    in_service_until: str | None = None
    #: Interceptor counts from each date, when they are known over time.
    inventory: list[InventoryOut] = []


class RadarOut(Answer):
    """A radar and the sites it cues: those that may launch on its track (``launches``) and
    those whose kill vehicles it may guide (``engages``); the radars it cues; whether it
    gives a fire-control-quality track and whether it needs a cue to find a target."""

    id: str
    name: str
    lat: Number
    lon: Number
    parameters: dict[str, ParameterOut]
    cues: list[str]
    launches: list[str]
    engages: list[str]
    cues_radars: list[str]
    fire_control: bool
    needs_cue: bool
    sources: list[CitationOut]
    confidence: Confidence
    in_service_from: str | None = None
    in_service_until: str | None = None


class CandidatesOut(Answer):
    """Sites, radars and bundles (ids, see ``/md/bundles``) an option plan may add."""

    sites: list[SiteOut]
    radars: list[RadarOut]
    bundles: list[str] = []


class BundleOut(Answer):
    """Elements added together or not at all, and their cost (millions of US dollars of the
    source's year) where a source gives one."""

    id: str
    name: str
    sites: list[str]
    radars: list[str]
    links: dict[str, list[str]]
    cost_musd: ParameterOut | None


class ArchitectureOut(Answer):
    """An architecture with its sites and radars, and its candidates."""

    id: str
    name: str
    description: str
    sources: list[CitationOut]
    confidence: Confidence
    sites: list[SiteOut]
    radars: list[RadarOut]
    candidates: CandidatesOut


class ThreatClassOut(Answer):
    """A missile class of a threat set."""

    id: str
    name: str
    parameters: dict[str, ParameterOut]


class LaunchSiteOut(Answer):
    """A launch site of a threat set."""

    id: str
    name: str
    lat: Number
    lon: Number
    sources: list[CitationOut]
    confidence: Confidence


class LaunchAreaOut(Answer):
    """A launch area: a closed ring of [lon, lat] positions (degrees) sampled every
    ``spacing_km`` into the launch points listed by id among the threat's launch sites."""

    id: str
    name: str
    polygon: list[list[Number]]
    spacing_km: Number
    points: list[str]
    sources: list[CitationOut]
    confidence: Confidence


class ThreatOut(Answer):
    """A threat set with its classes and launch sites (a union lists its members too)."""

    id: str
    name: str
    description: str
    sources: list[CitationOut]
    confidence: Confidence | None
    union: list[str]
    loft_deg: list[Number]
    classes: list[ThreatClassOut]
    launch_sites: list[LaunchSiteOut]
    launch_areas: list[LaunchAreaOut] = []


class LatLonOut(Answer):
    """A point (degrees)."""

    lat: Number
    lon: Number


class TimelineEventOut(Answer):
    """A moment of an engagement."""

    time_s: Number
    kind: str
    subject: str
    altitude_km: Number
    downrange_km: Number


class OpportunityOut(Answer):
    """When a site can fire and intercept (null: never)."""

    site: str
    fire_s: Number | None
    first_s: Number | None
    last_s: Number | None


class PathPointOut(Answer):
    """A point of the trajectory."""

    lat: Number
    lon: Number
    altitude_km: Number
    time_s: Number


class TimelineOut(Answer):
    """A trajectory and its engagement timeline."""

    launch: LatLonOut
    target: LatLonOut
    missile: str | None
    rotating_earth: bool
    range_km: Number
    apogee_km: Number
    flight_time_s: Number
    burnout_speed_km_s: Number
    burnout_angle_deg: Number
    engaged: bool
    limited_by: Constraint
    ideal_limited_by: Constraint
    shots: int
    events: list[TimelineEventOut]
    opportunities: list[OpportunityOut]
    path: list[PathPointOut]


class FeatureOut(Answer):
    """Polygons of one status in one country (lon/lat)."""

    type: Literal["Feature"]
    properties: dict[str, str]
    geometry: dict[str, Any]


class FeatureCollectionOut(Answer):
    """A GeoJSON FeatureCollection; properties ``code``, ``status`` and, for uncovered
    cells, ``limited_by``."""

    type: Literal["FeatureCollection"]
    features: list[FeatureOut]


class ConstraintShareOut(Answer):
    """A share of a country's area left uncovered by one binding constraint."""

    constraint: Constraint
    name: str
    label: str
    share: Number
    ideal_sensor_closes: bool


class CountryCoverageOut(Answer):
    """A country's area (km²) and the shares of it covered, uncovered, not threatened, with
    the uncovered share split by binding constraint."""

    code: str
    name: str
    area_km2: Number
    covered: Number
    uncovered: Number
    uncovered_sensor_limited: Number
    not_threatened: Number
    uncovered_by: list[ConstraintShareOut]


class CoverageOut(Answer):
    """Per-country shares of area and the totals (with ``geojson`` when asked)."""

    architecture: str
    threat: str
    on: str | None
    resolution_km: Number
    rotating_earth: bool
    shots: int
    points: int
    trajectories: int
    defended_share: Number
    total: CountryCoverageOut
    countries: list[CountryCoverageOut]
    geojson: FeatureCollectionOut | None = None
    #: Sites and radars of the architecture not yet (or no longer) in service that day.
    not_deployed: list[str] | None = None


class BundleCandidateOut(Answer):
    """A bundle offered (elements added together), its sourced cost (millions of US dollars of
    the source's year; null where none is published) and its gain alone on each measure."""

    id: str
    name: str
    sites: list[str]
    radars: list[str]
    cost_musd: Number | None
    cost_source: str | None
    gain_alone: dict[str, Number]


class StepOut(Answer):
    """A greedy step: the bundle added, its gain (km² or points), the share after it, and the
    bundles whose gain tied with it."""

    bundle: str
    gain: Number
    share: Number
    tied_with: list[str]


class OutcomeOut(Answer):
    """A set of bundles, its cost where every bundle has one, and its covered share on each
    measure from the coverage table (model) and evaluated afresh."""

    bundles: list[str]
    cost_musd: Number | None
    model: dict[str, Number]
    evaluated: dict[str, Number]


class GreedyOut(Answer):
    """Greedy steps and their outcome; gain evaluations by plain and lazy greedy."""

    steps: list[StepOut]
    outcome: OutcomeOut
    evaluations: int
    lazy_evaluations: int


class ExactOut(Answer):
    """The exact optimum: its share, least cost (count or millions of dollars), and every
    optimal set (``unique`` false when several tie; ``complete`` false when more exist)."""

    share: Number
    cost: Number
    unique: bool
    complete: bool
    optima: list[OutcomeOut]


class BudgetOut(Answer):
    """``count`` (bundles) or ``cost`` (millions of US dollars); null value: no limit."""

    kind: Literal["count", "cost"]
    value: Number | None


class OptionPlanOut(Answer):
    """Bundles offered, greedy and exact choices, on the area and defended-point measures
    (shares of the threatened area or of the threatened points' weight, 0–1)."""

    architecture: str
    threat: str
    measure: Literal["area", "assets"]
    measures: list[str]
    budget: BudgetOut
    target_share: Number
    base: dict[str, Number]
    upper_bound: dict[str, Number]
    candidates: list[BundleCandidateOut]
    excluded_without_cost: list[str]
    greedy: GreedyOut
    exact: ExactOut | None
    exact_skipped_above: int | None


class ComparisonRowOut(Answer):
    """One country's covered share in A, in B, and B minus A (shares of its area)."""

    code: str
    name: str
    area_km2: Number
    covered_a: Number
    covered_b: Number
    difference: Number
    not_threatened: Number


class ComparisonOut(Answer):
    """Two architectures side by side against one threat on the same grid."""

    a: str
    b: str
    a_name: str
    b_name: str
    threat: str
    on: str | None
    resolution_km: Number
    rotating_earth: bool
    shots: int
    defended_share_a: Number
    defended_share_b: Number
    total: ComparisonRowOut
    countries: list[ComparisonRowOut]
    geojson: FeatureCollectionOut | None = None


class SweepPointOut(Answer):
    """Coverage at one value of the swept parameter."""

    value: Number
    covered: Number
    uncovered: Number
    not_threatened: Number


class SweepOut(Answer):
    """Coverage as one parameter varies."""

    parameter: str
    points: list[SweepPointOut]


class JobStartedOut(Answer):
    """A queued job: poll ``url``."""

    id: str
    state: str
    url: str


class JobErrorOut(ErrorDetail):
    """Why a job failed or stopped, with the status a request would have had."""

    status: int


class JobOut(Answer):
    """A job's progress (``done`` of ``total`` steps) and, when finished, its result or error."""

    id: str
    kind: str
    state: str
    done: int
    total: int
    result: CoverageOut | OptionPlanOut | SweepOut | ComparisonOut | None = None
    error: JobErrorOut | None = None


class SspkOut(Answer):
    """The single-shot kill probability used (0–1), with its range and source when it is the
    shipped estimate."""

    value: Number
    low: Number | None = None
    high: Number | None = None
    estimate: bool | None = None
    source: str | None = None


class AssetEffectivenessOut(Answer):
    """One defended asset: the sites that engage every trajectory aimed at it, their
    interceptors together, the shoot-look-shoot opportunities the geometry allows, the
    probability that no warhead gets through (0–1; null when the threat cannot reach it) at
    the SSPK and at its low and high, expected leakers (warheads), the method (closed-form,
    monte-carlo, none), the Monte Carlo standard error, the binding constraint
    (``limited_by``: why no site engages every trajectory aimed at it, the doctrine's
    constraint, split when the sites together engage every trajectory but no one site does,
    not-threatened; or inventory when the engaging sites hold fewer interceptors than the
    doctrine fires at every object of the raid; none), and the probability of zero leakage
    with interceptors enough for every shot (``p_no_leak_unlimited``)."""

    id: str
    name: str
    kind: str
    country: str
    lat: Number
    lon: Number
    threatened: bool
    sites: list[str]
    interceptors: int
    looks: int
    p_no_leak: Number | None
    p_no_leak_low: Number | None
    p_no_leak_high: Number | None
    expected_leakers: Number | None
    method: Literal["closed-form", "monte-carlo", "none"]
    stderr: Number | None
    limited_by: Constraint | Literal["split"]
    p_no_leak_unlimited: Number | None = None
    sources: list[CitationOut] | None = None
    confidence: Confidence | None = None


class EffectivenessOut(Answer):
    """Probability of zero leakage per defended asset for a raid (Wilkening's model)."""

    architecture: str
    architecture_name: str
    threat: str
    threat_name: str
    on: str
    rotating_earth: bool
    doctrine: str
    salvo: int
    looks: int
    warheads: int
    decoys: int
    discrimination: Number
    sspk: SspkOut
    shared: bool
    raids: int
    seed: int
    inventory: dict[str, int]
    threatened: int
    engaged: int
    assets: list[AssetEffectivenessOut]


class AssetIn(BaseModel):
    """A defended asset of the user's: id, name, position (degrees)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", examples=["home-port"])
    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)


class EffectivenessIn(BaseModel):
    """The user's assets to assess instead of the shipped ones (at most 500)."""

    model_config = ConfigDict(extra="forbid")

    assets: list[AssetIn] = Field(min_length=1, max_length=500)

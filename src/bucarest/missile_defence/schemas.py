"""The missile-defence API's answers (built by ``missile_defence.records``): distances in
km, times in s, speeds in km/s, angles in degrees, shares of area from 0 to 1."""

from __future__ import annotations

from typing import Any, Literal

from bucarest.core.provenance import Confidence
from bucarest.platform.openapi import Answer, CitationOut, ErrorDetail, Number

__all__ = [
    "ArchitectureOut",
    "BudgetOut",
    "BundleCandidateOut",
    "BundleOut",
    "CandidatesOut",
    "CitationOut",
    "ComparisonOut",
    "ComparisonRowOut",
    "CountryCoverageOut",
    "CoverageOut",
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
    "StepOut",
    "SweepOut",
    "SweepPointOut",
    "ThreatClassOut",
    "ThreatOut",
    "TimelineEventOut",
    "TimelineOut",
]


class ParameterOut(Answer):
    """A sourced value, with its range and whether it is an estimate when they are known."""

    value: Number
    source: str
    low: Number | None = None
    high: Number | None = None
    estimate: bool | None = None


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


class RadarOut(Answer):
    """A radar and the sites it cues."""

    id: str
    name: str
    lat: Number
    lon: Number
    parameters: dict[str, ParameterOut]
    cues: list[str]
    sources: list[CitationOut]
    confidence: Confidence


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
    limited_by: Literal["none", "sensor", "kinematics", "not-threatened"]
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


class CountryCoverageOut(Answer):
    """A country's area (km²) and the shares of it covered, uncovered, not threatened."""

    code: str
    name: str
    area_km2: Number
    covered: Number
    uncovered: Number
    uncovered_sensor_limited: Number
    not_threatened: Number


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

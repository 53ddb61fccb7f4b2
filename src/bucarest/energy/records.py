"""Energy answers as JSON-ready records in the user's language (CLI, API, web).

Example::

    >>> from bucarest.energy.data import load_dataset, load_scenarios
    >>> from bucarest.energy.domain.solve import solve
    >>> rows = outcome_records(solve(load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]), "en")
    >>> {"code", "unserved_mcm", "unserved_share", "days_short"} <= set(rows[0])
    True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from bucarest.core.countries import country_name, is_country_code
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Confidence, Provenance
from bucarest.energy.domain.assets import (
    AssetBook,
    AssetMatch,
    Interconnection,
    LngTerminalAsset,
    ProductionFacility,
    StorageFacility,
)
from bucarest.energy.domain.critical import CaseImpact
from bucarest.energy.domain.history import ClassedCountry, CrisisRecord, agreement
from bucarest.energy.domain.indicators import NMinusOne, RiskGroup
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode, Scenario
from bucarest.energy.domain.schema import COMPONENTS, component_schema
from bucarest.energy.domain.solve import Result
from bucarest.energy.domain.storage_view import StorageOutcome
from bucarest.energy.labels import (
    FORESIGHT_EXPLANATIONS,
    FORESIGHT_SHORT_LABELS,
    HISTORY_CLASS_LABELS,
    MODE_EXPLANATIONS,
    MODE_SHORT_LABELS,
    N1_SCOPE_LABELS,
)

__all__ = [
    "asset_record",
    "dataset_csv_files",
    "dataset_record",
    "history_record",
    "impact_record",
    "mode_explanation",
    "n1_record",
    "outcome_records",
    "provenance_record",
    "result_record",
    "risk_group_record",
    "scenario_record",
    "source_links",
    "storage_csv",
    "storage_records",
]


def _name(code: str, lang: str, on: date | None = None) -> str:
    """A country's name as on ``on`` (today when not given), or a node's code."""
    return country_name(code, on, lang) if is_country_code(code) else code


def outcome_records(result: Result, lang: str) -> list[dict[str, Any]]:
    """Per-country outcomes, worst first: protected share, then non-protected share not
    served (curtailment counted), then the share of all demand unserved."""
    # shares rounded as shown, so that solver noise (1e-9) does not order equal shares
    ordered = sorted(result.outcomes(), key=lambda o: (
        -round(o.protected_unserved_share, 5), -round(o.non_protected_not_served_share, 5),
        -round(o.unserved_share, 5), o.code,
    ))  # fmt: skip
    return [
        {
            "code": o.code,
            "name": _name(o.code, lang, result.scenario.start),
            "demand_mcm": round(o.demand_mcm, 3),
            "protected_demand_mcm": round(o.protected_demand_mcm, 3),
            "unserved_mcm": round(o.unserved_mcm, 3),
            "unserved_share": round(o.unserved_share, 5),
            "protected_unserved_mcm": round(o.protected_unserved_mcm, 3),
            "protected_unserved_share": round(o.protected_unserved_share, 5),
            "non_protected_unserved_mcm": round(o.non_protected_unserved_mcm, 3),
            "curtailed_mcm": round(o.curtailed_mcm, 3),
            "non_protected_not_served_share": round(o.non_protected_not_served_share, 5),
            "days_short": o.days_short,
            "days_before_first_shortfall": o.days_before_first_shortfall,
            "storage_start_mcm": round(o.storage_start_mcm, 1),
            "storage_end_mcm": round(o.storage_end_mcm, 1),
        }
        for o in ordered
    ]


def mode_explanation(mode: Mode, foresight: Foresight, lang: str) -> str:
    """The sharing mode and what operators knew, in ``lang`` (two short sentences)."""
    return (
        gettext(MODE_EXPLANATIONS[mode], lang)
        + " "
        + gettext(FORESIGHT_EXPLANATIONS[foresight], lang)
    )


def result_record(result: Result, lang: str, daily: bool = False) -> dict[str, Any]:
    """A solved scenario: outcomes, totals, saturated links, timings, optional daily series."""
    s = result.scenario
    record: dict[str, Any] = {
        "scenario": s.id,
        "name": s.name(lang),
        "dataset": result.network.id,
        "mode": result.mode.value,
        "foresight": result.foresight.value,
        "mode_explanation": mode_explanation(result.mode, result.foresight, lang),
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "total_unserved_mcm": round(result.total_unserved_mcm, 3),
        "countries": outcome_records(result, lang),
        "saturated_links": list(result.saturated_links()),
        "build_seconds": round(result.build_seconds, 4),
        "solve_seconds": round(result.solve_seconds, 4),
    }
    if daily:
        nodes = result.network.nodes
        record["days"] = [s.day(t).isoformat() for t in range(s.days)]
        record["unserved_daily"] = {n.id: [round(v, 3) for v in result.unserved[k]]
                                    for k, n in enumerate(nodes) if n.kind == "country"}  # fmt: skip
        record["demand_daily"] = {n.id: [round(v, 3) for v in result.demand[k]]
                                  for k, n in enumerate(nodes) if n.kind == "country"}  # fmt: skip
        # A country's stock: its aggregate, or the sum of its sites on the asset level.
        by_node: dict[str, Any] = {}
        for k, st in enumerate(result.network.storage):
            by_node[st.node] = by_node.get(st.node, 0.0) + result.storage_level[k]
        record["storage_daily"] = {node: [round(float(v), 1) for v in level]
                                   for node, level in by_node.items()}  # fmt: skip
        record["flows_daily"] = [
            {"arc": a.id, "from": nodes[a.source].id, "to": nodes[a.target].id,
             "flow": [round(v, 3) for v in result.flows[k]],
             "capacity": [round(v, 3) for v in result.capacity[k]]}
            for k, a in enumerate(result.arcs)
        ]  # fmt: skip
    return record


def n1_record(value: NMinusOne, lang: str) -> dict[str, Any]:
    """The N-1 terms and result of an area."""
    return {
        "area": list(value.members),
        "name": ", ".join(_name(c, lang) for c in value.members),
        "ep_m": round(value.ep_m, 3),
        "p_m": round(value.p_m, 3),
        "s_m": round(value.s_m, 3),
        "lng_m": round(value.lng_m, 3),
        "i_m": round(value.i_m, 3),
        "i_m_asset": value.i_m_asset,
        "d_max": round(value.d_max, 3),
        "n1_percent": None if value.percent is None else round(value.percent, 1),
        "n1_percent_high": None if value.percent_high is None else round(value.percent_high, 1),
        "i_m_scope": value.i_m_scope,
        "i_m_counts": gettext(N1_SCOPE_LABELS[value.i_m_scope], lang),
        "meets_standard": value.meets_standard,
    }


def risk_group_record(
    group: RiskGroup, value: NMinusOne | None, lacking: tuple[str, ...], lang: str
) -> dict[str, Any]:
    """A risk group of Annex I and its N-1 (the terms are null when the dataset has none of
    its members); ``lacking``: its members the dataset has not."""
    terms = n1_record(value, lang) if value is not None else {
        "area": [], "name": "", "ep_m": None, "p_m": None, "s_m": None, "lng_m": None,
        "i_m": None, "i_m_asset": None, "d_max": None, "n1_percent": None,
        "n1_percent_high": None, "i_m_scope": None, "i_m_counts": None, "meets_standard": None,
    }  # fmt: skip
    return {**terms, "group": group.id, "corridor": group.corridor, "name": group.name(lang),
            "lacking": list(lacking)}  # fmt: skip


def impact_record(i: CaseImpact) -> dict[str, Any]:
    """One case of the critical-infrastructure ranking: a single asset (N-1) or a pair (N-2,
    ``kind`` ``"pair"``, ``asset`` its two ids joined by ``" + "``, with the sum of its
    assets' own added unserved demand and the excess over it; ``null`` for a single asset)."""

    def mcm(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    return {
        "rank": i.rank,
        "asset": i.asset,
        "case": list(i.case),
        "kind": i.kind,
        "capacity_mcmd": round(i.capacity_mcmd, 3),
        "unserved_mcm": round(i.unserved_mcm, 3),
        "added_unserved_mcm": round(i.added_unserved_mcm, 3),
        "singles_added_mcm": mcm(i.singles_added_mcm),
        "excess_mcm": mcm(i.excess_mcm),
    }


def provenance_record(p: Provenance | None) -> dict[str, Any]:
    """A fact's short citations and confidence (none for a user's own dataset or scenario)."""
    if p is None:
        return {"sources": [], "confidence": None}
    return {
        "sources": [
            {"title": c.title, "issuer": c.issuer, "date": c.date, "url": c.url}
            for c in p.citations
        ],
        "confidence": p.confidence.value,
    }


def dataset_record(network: Network, lang: str) -> dict[str, Any]:
    """A dataset's summary: its season, the number of each kind of asset, its sources."""
    return {
        "id": network.id,
        "name": network.name(lang),
        "season_start": network.season_start.isoformat(),
        "season_end": network.season_end.isoformat(),
        "nodes": len(network.nodes),
        "pipelines": len(network.pipelines),
        "storage": len(network.storage),
        "lng": len(network.lng),
        **provenance_record(network.provenance),
    }


def scenario_record(s: Scenario, lang: str) -> dict[str, Any]:
    """A scenario's summary."""
    return {
        "id": s.id,
        "name": s.name(lang),
        "dataset": s.dataset,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "days": s.days,
        "mode": s.mode.value,
        "disruptions": [
            {
                "asset": d.asset,
                "share": d.share,
                "start": d.start.isoformat(),
                "end": d.end.isoformat(),
            }
            for d in s.disruptions
        ],  # fmt: skip
        **provenance_record(s.provenance),
    }


def dataset_csv_files(network: Network) -> dict[str, str]:
    """The dataset as the CSV files of its schema (for ``bucarest energy import --out``)."""
    values: dict[str, list[dict[str, Any]]] = {
        "nodes": [{"id": n.id, "kind": n.kind, "demand_avg_mcmd": n.demand_avg_mcmd,
                   "demand_peak_mcmd": n.demand_peak_mcmd, "protected_share": n.protected_share,
                   "production_mcmd": n.production_mcmd,
                   "supply_limit_mcmd": n.supply_limit_mcmd, "source": n.source,
                   "note": n.note} for n in network.nodes],
        "pipelines": [{"id": p.id, "from": p.source_node, "to": p.target_node,
                       "capacity_mcmd": p.capacity_mcmd, "reverse_mcmd": p.reverse_mcmd,
                       "name": p.name, "source": p.source, "note": p.note}
                      for p in network.pipelines],
        "storage": [{"id": s.id, "node": s.node, "working_gas_mcm": s.working_gas_mcm,
                     "withdrawal_mcmd": s.withdrawal_mcmd, "injection_mcmd": s.injection_mcmd,
                     "initial_fill": s.initial_fill, "source": s.source, "note": s.note}
                    for s in network.storage],
        "lng": [{"id": t.id, "node": t.node, "sendout_mcmd": t.sendout_mcmd, "source": t.source,
                 "note": t.note} for t in network.lng],
    }  # fmt: skip
    out = {}
    for component in COMPONENTS:
        buf = io.StringIO()
        fields = [a.name for a in component_schema(component)]
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in values[component]:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        out[f"{component}.csv"] = buf.getvalue()
    return out


def asset_record(match: AssetMatch, book: AssetBook) -> dict[str, Any]:
    """One asset found by name, with its capacity (mcm/d; working gas in mcm for storage),
    the year that capacity describes, whether it is an estimate for its winter, and its
    source and licence."""
    found: dict[str, Any] = {"kind": match.kind, "id": match.id, "name": match.name,
                             "countries": list(match.countries)}  # fmt: skip
    rows: dict[str, Any] = {
        **{i.id: i for i in book.interconnections}, **{t.id: t for t in book.lng},
        **{s.id: s for s in book.storage}, **{p.id: p for p in book.production},
        **{f.id: f for f in book.production_facilities},
    }  # fmt: skip
    a = rows[match.id]
    if isinstance(a, Interconnection):
        found.update(capacity_mcmd=a.capacity_mcmd, year=a.capacity_year)
    elif isinstance(a, LngTerminalAsset):
        found.update(capacity_mcmd=a.sendout_mcmd, year=a.capacity_year)
    elif isinstance(a, StorageFacility):
        found.update(capacity_mcmd=a.withdrawal_mcmd, working_gas_mcm=a.working_gas_mcm,
                     year=a.capacity_year)  # fmt: skip
    elif isinstance(a, ProductionFacility):
        found.update(capacity_mcmd=a.capacity_mcmd, year=a.capacity_year)
    else:
        found.update(capacity_mcmd=a.production_mcmd, year=a.year)
    found.update(estimate=a.estimate, source=a.source, licence=a.licence,
                 sources=source_links(a.source))  # fmt: skip
    return found


#: A country-level dataset's storage row, named for users.
AGGREGATE_NAME = N_("All storage in {country} (country aggregate)")

#: The columns of the storage table as a CSV file (the API's ``format=csv``, the CLI's).
STORAGE_CSV_COLUMNS = (
    "id", "name", "code", "aggregate", "working_gas_mcm", "withdrawal_mcmd", "start_mcm",
    "end_mcm", "withdrawn_mcm", "injected_mcm", "lowest_mcm", "lowest_fill", "days_at_limit",
    "year", "estimate", "source",
)  # fmt: skip


def source_links(text: str) -> list[dict[str, str | None]]:
    """A ``source`` cell as citations: ``"Title - https://…; Other"`` gives
    ``[{"title": "Title", "url": "https://…"}, {"title": "Other", "url": None}]``.

    Example::

        >>> source_links("GIE, Storage Map 2018 - https://example.org/x; Ministry, 2009 - ")
        [{'title': 'GIE, Storage Map 2018', 'url': 'https://example.org/x'}, {'title': 'Ministry, 2009', 'url': None}]
    """
    out: list[dict[str, str | None]] = []
    for raw in text.split("; "):
        # A cell may end its citation with a dash and no address ("Title - "): just the title.
        part = raw.strip().removesuffix(" -").strip()
        if not part:
            continue
        title, sep, url = part.rpartition(" - ")
        if sep and url.startswith(("http://", "https://")) and " " not in url:
            out.append({"title": title.strip(), "url": url})
        else:
            out.append({"title": part, "url": None})
    return out


def storage_records(
    outcomes: tuple[StorageOutcome, ...],
    network: Network,
    lang: str,
    facilities: Mapping[str, StorageFacility],
) -> list[dict[str, Any]]:
    """Each storage's outcome (mcm; ``lowest_fill`` 0 to 1; days), by country then name:
    on the asset-level dataset each site with its name, the year its figures describe and
    whether they are estimates for 2008/09 (``facilities`` by id); on a country-level one,
    each country's aggregate, labelled as such, an estimate when the dataset's figures are."""
    storages = {st.id: st for st in network.storage}
    dataset_estimate = (
        network.provenance is not None and network.provenance.confidence is Confidence.ESTIMATE
    )
    rows = []
    for o in outcomes:
        st = storages[o.id]
        site = facilities.get(o.id)
        country = _name(o.node, lang, network.season_start)
        rows.append({
            "id": o.id,
            "name": gettext(AGGREGATE_NAME, lang).format(country=country)
            if site is None else site.name,
            "code": o.node,
            "country": country,
            "aggregate": o.aggregate,
            "working_gas_mcm": round(o.working_gas_mcm, 1),
            "withdrawal_mcmd": round(st.withdrawal_mcmd, 2),
            "curve": bool(st.curve),
            "start_mcm": round(o.start_mcm, 1),
            "end_mcm": round(o.end_mcm, 1),
            "withdrawn_mcm": round(o.withdrawn_mcm, 1),
            "injected_mcm": round(o.injected_mcm, 1),
            "lowest_mcm": round(o.lowest_mcm, 1),
            "lowest_fill": round(o.lowest_fill, 4),
            "days_at_limit": o.days_at_limit,
            "year": site.capacity_year if site is not None else None,
            "estimate": site.estimate if site is not None else dataset_estimate,
            "source": st.source,
            "sources": source_links(st.source),
        })  # fmt: skip
    rows.sort(key=lambda r: (r["country"], r["name"]))
    return rows


def storage_csv(rows: list[dict[str, Any]]) -> str:
    """The storage records as CSV (:data:`STORAGE_CSV_COLUMNS`; empty cell for none)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=STORAGE_CSV_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in STORAGE_CSV_COLUMNS})
    return buf.getvalue()


def history_record(
    record: CrisisRecord,
    dataset: str,
    mode: Mode,
    foresight: Foresight,
    rows: tuple[ClassedCountry, ...],
    lang: str,
) -> dict[str, Any]:
    """A past crisis country by country: the recorded class beside the model's (the record's
    scenario solved on ``dataset`` under ``mode`` and ``foresight``), the model's shares
    (0–1), whether they match, and for a miss the record's explanation with its sources; the
    agreement over the countries the record classes, and the record's own sources."""
    matched, classed = agreement(rows)

    def label(cls: str) -> str:
        return gettext(HISTORY_CLASS_LABELS[cls], lang)

    def country(r: ClassedCountry) -> dict[str, Any]:
        e = r.explanation
        return {
            "code": r.code,
            "name": _name(r.code, lang, record.start),
            "recorded": r.recorded,
            "recorded_label": label(r.recorded),
            "modelled": r.modelled,
            "modelled_label": label(r.modelled),
            "protected_unserved_share": round(r.protected_share, 5),
            "non_protected_not_served_share": round(r.non_protected_share, 5),
            "match": r.agrees,
            "explanation": e.text(lang) if e is not None else None,
            "explanation_sources": provenance_record(e.provenance if e else None)["sources"],
        }

    return {
        "id": record.id,
        "name": record.name(lang),
        "scenario": record.scenario,
        "dataset": dataset,
        "mode": mode.value,
        "mode_label": gettext(MODE_SHORT_LABELS[mode], lang),
        "foresight": foresight.value,
        "foresight_label": gettext(FORESIGHT_SHORT_LABELS[foresight], lang),
        "mode_explanation": mode_explanation(mode, foresight, lang),
        "start": record.start.isoformat(),
        "end": record.end.isoformat(),
        "matched": matched,
        "classed": classed,
        "countries": [country(r) for r in rows],
        **provenance_record(record.provenance),
    }

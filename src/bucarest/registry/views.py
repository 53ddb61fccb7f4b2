"""View models of the registry pages: map legend and names, key dates, case pipelines, charts.

They only arrange what the domain computes (:mod:`bucarest.registry`) for the templates:
labels in the page's language, colours, chart coordinates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bucarest.core.countries import country_name
from bucarest.core.i18n import gettext
from bucarest.registry.domain.accession import accession_status, pipeline_on, stage_on
from bucarest.registry.domain.model import FIRST_DAY, Registry, Stage
from bucarest.registry.domain.queries import ChangeKind, changes_between
from bucarest.registry.domain.ratification_series import RatificationSeries, ratification_series
from bucarest.registry.domain.standing import Standing, standing_on
from bucarest.registry.labels import STAGE_LABELS, STANDING_LABELS
from bucarest.registry.records import (
    accession_record,
    event_record,
    standing_record,
)

__all__ = [
    "MAP_DEFAULT_DAY",
    "STANDING_COLOURS",
    "case_views",
    "chart",
    "enlargement_days",
    "legend",
    "standing_json",
    "steps",
]

#: The map opens on the first day of the Bucharest Summit.
MAP_DEFAULT_DAY = date(2008, 4, 3)

#: One colour per map category, in legend order (colour-blind-aware, prints in colour).
STANDING_COLOURS: dict[Standing, str] = {
    Standing.ALLY: "#1f4e8c",
    Standing.INVITEE: "#4f8fd6",
    Standing.MAP: "#6a4c93",
    Standing.ID: "#a98bcf",
    Standing.IPAP: "#2a8c82",
    Standing.PFP: "#4e9a4a",
    Standing.EAPC: "#a3cf8f",
    Standing.MD: "#d9822b",
    Standing.ICI: "#efbe6f",
    Standing.GLOBAL: "#b0413e",
    Standing.NRC: "#8c6d62",
    Standing.NUC: "#d1b51f",
    Standing.NGC: "#c47fa6",
    Standing.NONE: "#cfd4da",
}


# --- the Alliance map ------------------------------------------------------------------------


#: The framework each map category stands for (its members' page); the others have none.
_FRAMEWORK_OF = {s: s.value for s in Standing} | {
    Standing.ALLY: "nato",
    Standing.INVITEE: "",
    Standing.NONE: "",
}


def legend(lang: str) -> list[dict[str, str]]:
    return [
        {
            "key": s.value,
            "label": gettext(STANDING_LABELS[s], lang),
            "colour": STANDING_COLOURS[s],
            "framework": _FRAMEWORK_OF[s],
        }
        for s in Standing
    ]


def enlargement_days(reg: Registry, lang: str, until: date) -> list[dict[str, str]]:
    """Days on which countries joined NATO, with their names, for the slider's key dates."""
    joined: dict[date, list[str]] = {}
    for c in changes_between(reg, FIRST_DAY, until + timedelta(days=1), "nato"):
        if c.kind is ChangeKind.JOINED:
            joined.setdefault(c.date.earliest, []).append(
                country_name(c.country, c.date.earliest, lang)
            )
    return [
        {
            "date": d.isoformat(),
            "index": str((d - FIRST_DAY).days),
            "names": ", ".join(sorted(names)),
        }
        for d, names in sorted(joined.items())
    ]


def standing_json(reg: Registry, day: date, lang: str) -> list[dict[str, Any]]:
    """The same records as ``GET /api/v1/standing`` (embedded in the page for the first day)."""
    found = standing_on(reg, day)
    return [standing_record(found[c], lang, day) for c in sorted(found)]


# --- Enlargement -----------------------------------------------------------------------------


_CHART_W, _CHART_H = 560, 190
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 44, 16, 14, 34


def chart(series: RatificationSeries, on: date) -> dict[str, Any]:
    """Coordinates of the inline SVG ratification chart (a step line, N dashed)."""
    span = max((series.end - series.protocol_signed).days, 1)
    top = max(series.required, 1)
    width = _CHART_W - _PAD_L - _PAD_R
    height = _CHART_H - _PAD_T - _PAD_B

    def x(day: date) -> float:
        clipped = min(max(day, series.protocol_signed), series.end)
        return round(_PAD_L + width * (clipped - series.protocol_signed).days / span, 1)

    def y(n: int) -> float:
        return round(_PAD_T + height * (1 - n / top), 1)

    first_day, first_n = series.points[0]
    path = [f"M{x(first_day)},{y(first_n)}"]
    for day, n in series.points[1:]:
        path.append(f"H{x(day)}V{y(n)}")
    path.append(f"H{x(series.end)}")
    ticks_x = [{"x": x(series.protocol_signed), "label": series.protocol_signed.isoformat()}]
    years = range(series.protocol_signed.year + 1, series.end.year + 1)
    if len(years) <= 12:
        for year in years:
            xi = x(date(year, 1, 1))
            if _PAD_L + 70 < xi < _PAD_L + width - 70:
                ticks_x.append({"x": xi, "label": str(year)})
    ticks_x.append({"x": x(series.end), "label": series.end.isoformat()})
    half = series.required // 2
    ticks_y = [{"y": y(v), "label": str(v)} for v in sorted({0, half, series.required})]
    marker = None
    if series.protocol_signed <= on <= series.end:
        marker = {
            "x": x(on),
            "label": on.isoformat(),
            "count": series.count_on(on),
            "anchor": "end" if x(on) > _PAD_L + width * 0.7 else "start",
        }
    return {
        "width": _CHART_W,
        "height": _CHART_H,
        "left": _PAD_L,
        "right": _PAD_L + width,
        "top": _PAD_T,
        "bottom": _PAD_T + height,
        "path": " ".join(path),
        "required_y": y(series.required),
        "required": series.required,
        "ticks_x": ticks_x,
        "ticks_y": ticks_y,
        "marker": marker,
        "points": [{"date": d.isoformat(), "count": n} for d, n in series.points],
        "end": series.end.isoformat(),
        "member": series.member,
        "dated": series.dated,
        "final": series.count_on(series.end),
        "incomplete": series.dated < series.count_on(series.end),
    }


def steps(reg: Registry, code: str, on: date, lang: str) -> list[dict[str, Any]]:
    """The case's pipeline (:func:`~bucarest.registry.domain.accession.pipeline_on`) with labels."""
    out: list[dict[str, Any]] = []
    for step in pipeline_on(reg, code, on):
        if step.first is None or step.last is None:
            text = ""
        elif step.stage is Stage.RATIFIED and step.count > 1:
            text = f"{step.first.isoformat()} – {step.last.isoformat()}"
        else:
            text = step.first.isoformat()
        out.append(
            {
                "stage": step.stage.value,
                "label": gettext(STAGE_LABELS[step.stage], lang),
                "dates": text,
                "count": step.count if step.stage is Stage.RATIFIED else 0,
                "state": step.state.value,
            }
        )
    return out


def case_views(reg: Registry, on: date, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Every accession case on ``on``, grouped as open and completed, from what was known on
    that day only: a case with no step by then is left out, later steps are not shown, and
    the ratification chart stops on the date (or at membership, if earlier)."""
    groups: dict[str, list[dict[str, Any]]] = {"open": [], "member": []}
    for code in sorted(reg.events_by_country):
        reached = stage_on(reg, code, on)
        if reached is None:
            continue
        status = accession_status(reg, code, on)
        record = accession_record(status, lang)
        series = ratification_series(reg, code, on)
        ratification = record["ratification"]
        case = {
            **record,
            "steps": steps(reg, code, on, lang),
            "all_events": [
                {
                    **event_record(e, lang, on),
                }
                for e in status.events
            ],
            "outstanding_names": [country_name(c, on, lang) for c in ratification["outstanding"]],
            "share": round(100 * ratification["ratified"] / ratification["required"], 1)
            if ratification["required"]
            else 0.0,
            "ratifications_recorded": any(e.stage is Stage.RATIFIED for e in status.events),
            "chart": chart(series, on) if series is not None else None,
        }
        groups["member" if reached is Stage.MEMBER else "open"].append(case)
    groups["open"].sort(key=lambda c: (-Stage(c["stage"]).rank, c["name"]))
    groups["member"].sort(key=lambda c: (c["events"][-1]["date"], c["name"]), reverse=True)
    return groups

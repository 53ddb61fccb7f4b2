"""Missile-defence commands: ``bucarest md trajectory|coverage|architectures|threats|options|compare|sweep|effectiveness``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from bucarest.core.batch import Runner
from bucarest.core.dates import parse_date_or
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.missile_defence.data import (
    load_asset_file,
    load_catalogue_files,
    load_points,
    shipped_points,
)
from bucarest.missile_defence.domain.compare import compare, comparison_geojson
from bucarest.missile_defence.domain.coverage import (
    Grid,
    ThreatField,
    coverage_geojson,
    evaluate,
    territory_for,
    threat_field,
)
from bucarest.missile_defence.domain.deployment import deployed_on
from bucarest.missile_defence.domain.engagement import Aim, engagement_timeline
from bucarest.missile_defence.domain.inputs import parse_codes, parse_lat_lon, parse_values
from bucarest.missile_defence.domain.model import Catalogue, parameter_paths
from bucarest.missile_defence.domain.options import (
    MEASURES,
    candidate_bundles,
    plan_options,
    points_grid,
    sweep,
)
from bucarest.missile_defence.labels import CONSTRAINT_NAMES
from bucarest.missile_defence.maps import coverage_png, sweep_svg
from bucarest.missile_defence.records import (
    architecture_record,
    bundle_record,
    comparison_record,
    coverage_record,
    option_plan_record,
    sweep_record,
    threat_record,
    timeline_record,
)
from bucarest.missile_defence.service import EffectivenessQuery
from bucarest.platform.batch import SCHEDULER_HELP, runner, scheduler_from
from bucarest.platform.cli import (
    Cell,
    Column,
    OutputFormat,
    Steps,
    number_text,
    percent_text,
    progress,
    render,
    write_atomic,
)
from bucarest.platform.database import Database
from bucarest.registry.store import read_registry

__all__ = ["add_commands"]

#: How the table names each measure of an option plan.
MEASURE_LABELS = {"area": N_("area"), "assets": N_("defended points")}


def add_commands(app: typer.Typer, lang: str, open_database: Callable[[], Database]) -> None:
    """Add the missile-defence commands to ``app``, with texts in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    fmt_help = _("Output format: table, json or csv.")
    rotating_help = _(
        "Account for the Earth's rotation (the default); --no-rotating-earth for a fixed Earth."
    )
    file_help = _("An architecture file of your own (YAML, the shipped schema) to add.")
    md = typer.Typer(help=_("Missile-defence coverage analysis."), no_args_is_help=True)
    app.add_typer(md, name="md")

    threats_help = _("A threat file of your own (YAML, the shipped threats schema) to add.")
    scheduler_help = _(SCHEDULER_HELP)

    def batch_runner(scheduler: str | None, label: str) -> Runner:
        """The batch seam for ``--scheduler``, reached before any work (one line if not)."""
        return runner(scheduler_from(scheduler), label=label, connect=True)

    def catalogue(path: Path | None, threats: Path | None = None) -> Catalogue:
        return load_catalogue_files(path, threats)

    def field_of(
        cat: Catalogue, threat: str, grid: Grid, rotating: bool, steps: Steps
    ) -> ThreatField:
        tick = steps.step(_("Sampling the threat's trajectories"))
        return threat_field(cat, threat, grid, rotating, progress=tick)

    pct = Cell.PERCENT
    cover_cols: list[Column] = [("code", N_("Code")), ("name", N_("Name")),
                                ("area_km2", N_("Area (km²)"), Cell.NUMBER), ("covered", N_("Covered"), pct),
                                ("uncovered", N_("Uncovered"), pct),
                                ("uncovered_sensor_limited", N_("Of which sensor-limited"), pct),
                                ("not_threatened", N_("Not threatened"), pct),
                                ("binding", N_("Uncovered by binding constraint"))]  # fmt: skip

    def binding_text(row: dict[str, Any]) -> str:
        return "; ".join(f"{gettext(CONSTRAINT_NAMES[b['constraint']], lang)} {b['share'] * 100:.0f} %"
                         for b in row.get("uncovered_by", ()))  # fmt: skip

    @md.command("trajectory", help=_("One ballistic trajectory, and its engagement timeline."))
    def trajectory_cmd(
        origin: str = typer.Option(..., "--from", help=_("Launch point LAT,LON (degrees).")),
        target: str = typer.Option(..., "--to", help=_("Target LAT,LON (degrees).")),
        min_energy: bool = typer.Option(
            False, "--min-energy", help=_("Minimum-energy arc (the default).")
        ),
        speed: float | None = typer.Option(
            None, "--burnout-speed", help=_("Burnout speed (km/s).")
        ),
        angle: float | None = typer.Option(
            None, "--angle", help=_("Flight-path angle at burnout (degrees).")
        ),
        lofted: bool = typer.Option(
            False, "--lofted", help=_("With a speed only: the lofted arc, not the depressed one.")
        ),
        missile: str | None = typer.Option(
            None, "--missile", help=_("Missile class id (boost and range).")
        ),
        loft: float = typer.Option(
            0.0, "--loft", help=_("Degrees above (+) or below (-) the minimum-energy angle.")
        ),
        rotating: bool = typer.Option(
            True, "--rotating-earth/--no-rotating-earth", help=rotating_help
        ),
        architecture: str | None = typer.Option(
            None, "--architecture", help=_("Architecture id: add the engagement timeline.")
        ),
        shots: int = typer.Option(
            1, "--shots", help=_("Shoot-look-shoot opportunities to count (1-4).")
        ),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        if min_energy and (speed is not None or angle is not None):
            raise InvalidInputError(
                N_("--min-energy fixes the speed and angle; give it or --burnout-speed, not both")
            )
        cat = catalogue(arch_file, threats_file)
        aim = Aim(parse_lat_lon(origin, "--from"), parse_lat_lon(target, "--to"), missile, speed,
                  angle, lofted, loft, rotating)  # fmt: skip
        arch = cat.architecture(architecture) if architecture else None
        record = timeline_record(engagement_timeline(cat, aim, arch, shots))
        if fmt is OutputFormat.JSON:
            typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
            return
        title = _("Range {range} km, apogee {apogee} km, flight {time} s, burnout {speed} km/s at {angle}°").format(
            range=number_text(round(record["range_km"], 1), lang),
            apogee=number_text(round(record["apogee_km"], 1), lang),
            time=number_text(round(record["flight_time_s"], 1), lang),
            speed=number_text(round(record["burnout_speed_km_s"], 3), lang),
            angle=number_text(round(record["burnout_angle_deg"], 2), lang))  # fmt: skip
        if arch is not None:
            limit = record["limited_by"]
            if limit == "none":
                shots_text = (_("one shot") if record["shots"] == 1
                         else _("{shots} shots").format(shots=record["shots"]))  # fmt: skip
                verdict = _("engaged") + " — " + shots_text
            else:
                verdict = _("not engaged: {constraint}").format(
                    constraint=gettext(CONSTRAINT_NAMES[limit], lang)
                )
                verdict += " — " + (_("an ideal sensor would not help")
                                    if record["ideal_limited_by"] != "none"
                                    else _("an ideal sensor would engage it"))  # fmt: skip
            title += " — " + verdict
        cols: list[Column] = [("time_s", N_("Time (s)"), Cell.NUMBER), ("kind", N_("Event")),
                              ("subject", N_("Site or radar")), ("altitude_km", N_("Altitude (km)"), Cell.NUMBER),
                              ("downrange_km", N_("Downrange (km)"), Cell.NUMBER)]  # fmt: skip
        typer.echo(render(record, record["events"], cols, fmt, lang, title))

    @md.command("coverage", help=_("Covered, uncovered and not-threatened share of each country."))
    def coverage_cmd(
        architecture: str = typer.Option(..., "--architecture", help=_("Architecture id.")),
        threat: str = typer.Option(..., "--threat", help=_("Threat id, e.g. iran-2008.")),
        on: str | None = typer.Option(
            None, "--on", help=_("Allied territory on this date (default: today).")
        ),
        countries: str | None = typer.Option(
            None, "--countries", help=_("Comma-separated codes instead of all Allied territory.")
        ),
        resolution: float = typer.Option(25.0, "--resolution-km", help=_("Grid spacing (km).")),
        rotating: bool = typer.Option(
            True, "--rotating-earth/--no-rotating-earth", help=rotating_help
        ),
        shots: int = typer.Option(
            1, "--shots", help=_("Shots needed: 2 demands shoot-look-shoot.")
        ),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        geojson: Path | None = typer.Option(
            None, "--geojson", help=_("Write the uncovered polygons (GeoJSON).")
        ),
        png: Path | None = typer.Option(None, "--png", help=_("Write a map image (PNG).")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        cat.threat(threat)
        day = parse_date_or(on)
        dep = deployed_on(cat, cat.architecture(architecture), day)
        arch = dep.architecture
        grid = territory_for(read_registry(open_database), day, parse_codes(countries), resolution)
        with progress() as steps:
            field = field_of(cat, threat, grid, rotating, steps)
            tick = steps.step(_("Engaging the trajectories (batches)"))
            result = evaluate(field, dep.catalogue, arch, shots, progress=tick)
        result = replace(result, not_deployed=dep.absent)
        if dep.absent:
            typer.echo(_("Not in service on {day}, left out: {ids}").format(
                day=day.isoformat(), ids=", ".join(dep.absent)), err=True)  # fmt: skip
        outputs: list[tuple[Path, str | bytes]] = []
        if geojson is not None:
            outputs.append((geojson, json.dumps(coverage_geojson(result), ensure_ascii=False)))
        if png is not None:
            outputs.append((png, coverage_png(result, cat, arch, lang)))
        for path, content in outputs:
            write_atomic(path, content)
        record = coverage_record(result, lang, day)
        rows = [*record["countries"], record["total"]]
        if fmt is not OutputFormat.JSON:
            rows = [{**row, "binding": binding_text(row)} for row in rows]
        title = _("{architecture} against {threat} on {day}, {res} km grid").format(
            architecture=arch.name.get(lang), threat=cat.threat(threat).name.get(lang),
            day=day.isoformat(), res=f"{resolution:g}")  # fmt: skip
        typer.echo(render(record, rows, cover_cols, fmt, lang, title))

    @md.command("architectures", help=_("The shipped architectures, or one in detail."))
    def architectures_cmd(
        architecture: str | None = typer.Argument(None, help=_("Architecture id.")),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        if architecture:
            rec = architecture_record(cat, cat.architecture(architecture), lang)
            rows = [{"kind": _("interceptor site"), "id": s["id"], "name": s["name"],
                     "detail": s["type_name"]} for s in rec["sites"]]  # fmt: skip
            rows += [{"kind": _("radar"), "id": r["id"], "name": r["name"],
                      "detail": f"{number_text(r['parameters']['range_km']['value'], lang)} km"} for r in rec["radars"]]  # fmt: skip
            dated = {x["id"]: x for x in (*rec["sites"], *rec["radars"])}
            for row in rows:
                since, until = (dated[row["id"]]["in_service_from"],
                                dated[row["id"]]["in_service_until"])  # fmt: skip
                if since and until:
                    row["in_service"] = _("{start} to {end}").format(start=since, end=until)
                elif since or until:
                    row["in_service"] = (_("from {start}").format(start=since) if since
                                         else _("until {end}").format(end=until))  # fmt: skip
                else:
                    row["in_service"] = _("not dated (a plan or a what-if)")
            cols = [
                ("kind", N_("Kind")),
                ("id", N_("Id")),
                ("name", N_("Name")),
                ("detail", N_("Detail")),
                ("in_service", N_("In service")),
            ]
            typer.echo(render(rec, rows, cols, fmt, lang, rec["name"]))
            return
        recs = [architecture_record(cat, a, lang) for a in cat.architectures.values()]
        rows = [{"id": r["id"], "name": r["name"], "sites": ", ".join(s["id"] for s in r["sites"]),
                 "radars": ", ".join(x["id"] for x in r["radars"])} for r in recs]  # fmt: skip
        cols = [
            ("id", N_("Id")),
            ("name", N_("Name")),
            ("sites", N_("Sites")),
            ("radars", N_("Radars")),
        ]
        typer.echo(render(recs, rows, cols, fmt, lang))

    @md.command("bundles", help=_("The bundles an option plan may add, with their sourced costs."))
    def bundles_cmd(
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(arch_file)
        recs = [bundle_record(cat, b, lang) for b in cat.bundles]
        rows = [{"id": r["id"], "name": r["name"], "sites": ", ".join(r["sites"]),
                 "radars": ", ".join(r["radars"]),
                 "cost_musd": r["cost_musd"]["value"] if r["cost_musd"] else None,
                 "source": r["cost_musd"]["source"] if r["cost_musd"] else ""} for r in recs]  # fmt: skip
        cols: list[Column] = [("id", N_("Id")), ("name", N_("Name")), ("sites", N_("Sites")),
                              ("radars", N_("Radars")),
                              ("cost_musd", N_("Cost (million USD)"), Cell.NUMBER),
                              ("source", N_("Source"))]  # fmt: skip
        typer.echo(render(recs, rows, cols, fmt, lang))

    @md.command("threats", help=_("The shipped threat sets, or one in detail."))
    def threats_cmd(
        threat: str | None = typer.Argument(None, help=_("Threat id.")),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(None, threats_file)
        ids = [threat] if threat else list(cat.threats)
        recs = [threat_record(cat, t, lang) for t in ids]
        rows = [{"id": r["id"], "name": r["name"],
                 "classes": ", ".join(f"{c['id']} ({number_text(round(c['parameters']['max_range_km']['value']), lang)} km)"
                                      for c in r["classes"]),
                 "sites": ", ".join(s["id"] for s in r["launch_sites"])} for r in recs]  # fmt: skip
        cols = [("id", N_("Id")), ("name", N_("Name")), ("classes", N_("Classes")),
                ("sites", N_("Launch sites"))]  # fmt: skip
        typer.echo(render(recs[0] if threat else recs, rows, cols, fmt, lang))

    @md.command(
        "options",
        help=_("Search bundles of additions (greedy and exact) that close the gap."),
    )
    def options_cmd(
        architecture: str = typer.Option(..., "--architecture", help=_("Architecture id.")),
        threat: str = typer.Option(..., "--threat", help=_("Threat id, e.g. iran-2008.")),
        bundles: list[str] = typer.Option(
            [],
            "--bundle",
            help=_("Candidate bundle id (repeatable; default: the architecture's candidates)."),
        ),
        sites: list[str] = typer.Option(
            [], "--site", help=_("Candidate interceptor site id, alone (repeatable).")
        ),
        radars: list[str] = typer.Option([], "--radar", help=_("Candidate radar id (repeatable).")),
        max_count: int | None = typer.Option(
            None, "--max-count", help=_("Budget: at most this many bundles.")
        ),
        max_cost: float | None = typer.Option(
            None, "--max-cost", help=_("Budget: at most this cost (millions of US dollars).")
        ),
        measure: str = typer.Option(
            "area",
            "--measure",
            help=_("What to maximise: area or assets (the shipped defended assets, or --assets)."),
        ),
        assets: Path | None = typer.Option(
            None, "--assets", help=_("Defended points (CSV: id,name,lat,lon[,weight][,country]).")
        ),
        target: float = typer.Option(
            1.0, "--target-share", help=_("Greedy stops at this defended share (0-1).")
        ),
        on: str | None = typer.Option(
            None, "--on", help=_("Allied territory on this date (default: today).")
        ),
        countries: str | None = typer.Option(
            None, "--countries", help=_("Comma-separated codes instead of all Allied territory.")
        ),
        resolution: float = typer.Option(50.0, "--resolution-km", help=_("Grid spacing (km).")),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        rotating: bool = typer.Option(
            True, "--rotating-earth/--no-rotating-earth", help=rotating_help
        ),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
        scheduler: str | None = typer.Option(None, "--scheduler", help=scheduler_help),
    ) -> None:
        if measure not in MEASURES:
            raise InvalidInputError(
                N_("unknown measure '{measure}'; expected one of {known}"),
                measure=measure, known=", ".join(MEASURES),
            )  # fmt: skip
        cat = catalogue(arch_file, threats_file)
        cat.threat(threat)
        day = parse_date_or(on)
        # What was in service on the day, with that day's interceptor counts.
        dep = deployed_on(cat, cat.architecture(architecture), day)
        cat, arch = dep.catalogue, dep.architecture
        points = load_points(assets) if assets is not None else shipped_points()
        if measure == "assets" and not points:
            raise InvalidInputError(
                N_("the assets measure needs defended points; expected --assets FILE")
            )
        pool = candidate_bundles(cat, arch, tuple(bundles), tuple(sites), tuple(radars))
        grid = territory_for(read_registry(open_database), day, parse_codes(countries), resolution)
        run = batch_runner(scheduler, "md-options")
        with progress() as steps:
            fields = {"area": field_of(cat, threat, grid, rotating, steps)}
            if points:
                tick = steps.step(_("Sampling the trajectories to the defended points"))
                fields["assets"] = threat_field(cat, threat, points_grid(points), rotating,
                                                progress=tick)  # fmt: skip
            tick = steps.step(_("Evaluating the candidates (architectures)"))
            plan = plan_options(fields, cat, arch, pool, measure, max_count, max_cost, target,
                                progress=tick, run=run)  # fmt: skip
        sources = {b.id: b.cost_musd.source_in(lang) for b in cat.bundles.values() if b.cost_musd}
        record = option_plan_record(plan, lang, sources)
        if fmt is OutputFormat.JSON:
            typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
            return
        typer.echo(_options_table(record, fmt))

    def _options_table(record: dict[str, Any], fmt: OutputFormat) -> str:
        """Candidates with their gains alone and the greedy and exact choices; a summary line
        above the table (none in CSV)."""
        measures = record["measures"]
        picked = {s["bundle"]: i for i, s in enumerate(record["greedy"]["steps"], start=1)}
        exact = record["exact"]
        in_optima = [set(o["bundles"]) for o in exact["optima"]] if exact else []
        rows = []
        for c in record["candidates"]:
            row: dict[str, Any] = {"id": c["id"], "cost_musd": c["cost_musd"],
                                   "greedy_step": picked.get(c["id"]),
                                   "exact": sum(c["id"] in o for o in in_optima) if exact else None}  # fmt: skip
            for m in measures:
                row[f"gain_{m}"] = c["gain_alone"][m]
            rows.append(row)
        cols: list[Column] = [
            ("id", N_("Bundle")),
            ("cost_musd", N_("Cost (million USD)"), Cell.NUMBER),
        ]
        labels = {"area": N_("Gain alone (area)"), "assets": N_("Gain alone (points)")}
        cols += [(f"gain_{m}", labels[m], pct) for m in measures]
        cols += [("greedy_step", N_("Greedy step"), Cell.NUMBER),
                 ("exact", N_("In exact optima"), Cell.NUMBER)]  # fmt: skip
        if fmt is OutputFormat.CSV:
            return render(record, rows, cols, fmt, lang)
        m = record["measure"]
        lines = [_("Defended share now {base}; all candidates {bound}; greedy reaches {greedy}").format(
            base=percent_text(record["base"][m], lang),
            bound=percent_text(record["upper_bound"][m], lang),
            greedy=percent_text(record["greedy"]["outcome"]["model"][m], lang))]  # fmt: skip
        for step in record["greedy"]["steps"]:
            if step["tied_with"]:
                lines.append(_("Greedy step {bundle} tied with {others}").format(
                    bundle=step["bundle"], others=", ".join(step["tied_with"])))  # fmt: skip
        if exact is None:
            lines.append(_("Exact search skipped: more than {n} candidates").format(
                n=record["exact_skipped_above"]))  # fmt: skip
        else:
            head = (
                _("Exact optimum {share}, unique")
                if exact["unique"]
                else _("Exact optimum {share}: {count} optimal sets tie, listed below")
            )
            lines.append(head.format(share=percent_text(exact["share"], lang),
                                     count=len(exact["optima"])))  # fmt: skip
            for o in exact["optima"]:
                shares = ", ".join(
                    f"{_(MEASURE_LABELS[k])} {percent_text(v, lang)}"
                    for k, v in o["evaluated"].items()
                )
                lines.append(f"  {' + '.join(o['bundles']) or '—'} ({shares})")
        if record["excluded_without_cost"]:
            lines.append(_("Left out of the cost budget (no sourced cost): {ids}").format(
                ids=", ".join(record["excluded_without_cost"])))  # fmt: skip
        return "\n".join(lines) + "\n" + render(record, rows, cols, fmt, lang)

    @md.command(
        "compare",
        help=_(
            "Two architectures side by side: each country's covered share in A, in B, and B minus A."
        ),
    )
    def compare_cmd(
        a: str = typer.Argument(..., help=_("Architecture A id.")),
        b: str = typer.Argument(..., help=_("Architecture B id.")),
        threat: str = typer.Option("iran-2008", "--threat", help=_("Threat id, e.g. iran-2008.")),
        on: str | None = typer.Option(
            None, "--on", help=_("Allied territory on this date (default: today).")
        ),
        countries: str | None = typer.Option(
            None, "--countries", help=_("Comma-separated codes instead of all Allied territory.")
        ),
        resolution: float = typer.Option(50.0, "--resolution-km", help=_("Grid spacing (km).")),
        rotating: bool = typer.Option(
            True, "--rotating-earth/--no-rotating-earth", help=rotating_help
        ),
        shots: int = typer.Option(
            1, "--shots", help=_("Shots needed: 2 demands shoot-look-shoot.")
        ),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        geojson: Path | None = typer.Option(
            None, "--geojson", help=_("Write the comparison map's polygons (GeoJSON).")
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        cat.threat(threat)
        day = parse_date_or(on)
        # Each architecture as deployed on the day (a plan not dated is there on every day).
        dep_a, dep_b = (
            deployed_on(cat, cat.architecture(a), day),
            deployed_on(cat, cat.architecture(b), day),
        )
        arch_a, arch_b = dep_a.architecture, dep_b.architecture
        cat = replace(dep_a.catalogue, sites={**dep_a.catalogue.sites, **dep_b.catalogue.sites})
        grid = territory_for(read_registry(open_database), day, parse_codes(countries), resolution)
        with progress() as steps:
            field = field_of(cat, threat, grid, rotating, steps)
            steps.step(_("Engaging the trajectories (batches)"))
            cmp = compare(field, cat, arch_a, arch_b, shots)
        if geojson is not None:
            write_atomic(geojson, json.dumps(comparison_geojson(cmp), ensure_ascii=False))
        record = comparison_record(cmp, cat, lang, day)
        rows = [*record["countries"], record["total"]]
        cols: list[Column] = [("code", N_("Code")), ("name", N_("Name")),
                              ("area_km2", N_("Area (km²)"), Cell.NUMBER),
                              ("covered_a", N_("Covered in A"), pct),
                              ("covered_b", N_("Covered in B"), pct),
                              ("difference", N_("B minus A"), pct),
                              ("not_threatened", N_("Not threatened"), pct)]  # fmt: skip
        title = _("A: {a}; B: {b}; against {threat} on {day}, {res} km grid").format(
            a=record["a_name"], b=record["b_name"], threat=cat.threat(threat).name.get(lang),
            day=day.isoformat(), res=f"{resolution:g}")  # fmt: skip
        typer.echo(render(record, rows, cols, fmt, lang, title))

    @md.command("sweep", help=_("Coverage as one parameter varies."))
    def sweep_cmd(
        architecture: str = typer.Option(..., "--architecture", help=_("Architecture id.")),
        threat: str = typer.Option(..., "--threat", help=_("Threat id, e.g. iran-2008.")),
        parameter: str = typer.Option(
            ...,
            "--parameter",
            help=_(
                "kind:id.field, e.g. interceptor:gbi-2stage.burnout_speed_km_s (see md parameters)."
            ),
        ),
        values: str = typer.Option(..., "--values", help=_("A,B,C or START:STOP:STEP.")),
        on: str | None = typer.Option(
            None, "--on", help=_("Allied territory on this date (default: today).")
        ),
        countries: str | None = typer.Option(
            None, "--countries", help=_("Comma-separated codes instead of all Allied territory.")
        ),
        resolution: float = typer.Option(50.0, "--resolution-km", help=_("Grid spacing (km).")),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        svg: Path | None = typer.Option(None, "--svg", help=_("Write the chart (SVG).")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
        scheduler: str | None = typer.Option(None, "--scheduler", help=scheduler_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        numbers = parse_values(values)
        cat.threat(threat)
        day = parse_date_or(on)
        dep = deployed_on(cat, cat.architecture(architecture), day)
        grid = territory_for(read_registry(open_database), day, parse_codes(countries), resolution)
        run = batch_runner(scheduler, "md-sweep")
        with progress() as steps:
            field = field_of(cat, threat, grid, True, steps)
            tick = steps.step(_("Evaluating each value"))
            points = sweep(dep.catalogue, dep.architecture, threat, field, parameter, numbers,
                           progress=tick, run=run)  # fmt: skip
        if svg is not None:
            write_atomic(svg, sweep_svg(points, parameter, lang))
        record = sweep_record(parameter, points)
        cols: list[Column] = [("value", N_("Value"), Cell.NUMBER), ("covered", N_("Covered"), pct),
                              ("uncovered", N_("Uncovered"), pct),
                              ("not_threatened", N_("Not threatened"), pct)]  # fmt: skip
        typer.echo(render(record, record["points"], cols, fmt, lang, parameter))

    @md.command(
        "parameters", help=_("Every parameter a sweep can vary, with its value and source.")
    )
    def parameters_cmd(
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        rows: list[dict[str, Any]] = []
        tables = {"class": cat.classes, "interceptor": cat.interceptor_types, "radar": cat.radars,
                  "site": cat.sites}  # fmt: skip
        for path in parameter_paths(cat):
            kind, _sep, rest = path.partition(":")
            key, _dot, name = rest.rpartition(".")
            p = getattr(tables[kind][key], name)
            rng = (f"{number_text(p.low, lang)}–{number_text(p.high, lang)}"
                   if p.low is not None and p.high is not None else "")  # fmt: skip
            rows.append({"parameter": path, "value": p.value, "range": rng,
                         "estimate": _("estimate") if p.estimate else "",
                         "source": p.source_in(lang)})  # fmt: skip
        cols: list[Column] = [("parameter", N_("Parameter")), ("value", N_("Value"), Cell.NUMBER),
                              ("range", N_("Published range")),
                              ("estimate", N_("Estimate")), ("source", N_("Source"))]  # fmt: skip
        typer.echo(render(rows, rows, cols, fmt, lang))

    @md.command(
        "effectiveness",
        help=_("Probability that no warhead of a raid gets through, per defended asset."),
    )
    def effectiveness_cmd(
        architecture: str = typer.Option(..., "--architecture", help=_("Architecture id.")),
        threat: str = typer.Option(..., "--threat", help=_("Threat id, e.g. iran-2008.")),
        raid: int = typer.Option(1, "--raid", help=_("Warheads aimed at each asset.")),
        sspk: float | None = typer.Option(
            None, "--sspk", help=_("Single-shot kill probability (0-1; default: the estimate).")
        ),
        doctrine: str = typer.Option(
            "salvo:1", "--doctrine", help=_("salvo:N, sls:K (shoot-look-shoot) or sls:KxN.")
        ),
        decoys: int = typer.Option(0, "--decoys", help=_("Decoys with the raid.")),
        discrimination: float = typer.Option(
            1.0, "--discrimination", help=_("Probability that a decoy is recognised (0-1).")
        ),
        assets_file: Path | None = typer.Option(
            None, "--assets", help=_("Your own assets (YAML or CSV: id, name, lat, lon).")
        ),
        on: str | None = typer.Option(
            None, "--on", help=_("The Allies' assets on this date (default: today).")
        ),
        shared: bool = typer.Option(
            False, "--simultaneous", help=_("Every asset attacked at once, inventories shared.")
        ),
        rotating: bool = typer.Option(
            True, "--rotating-earth/--no-rotating-earth", help=rotating_help
        ),
        raids: int = typer.Option(10_000, "--raids", help=_("Monte Carlo raids (1-100,000).")),
        arch_file: Path | None = typer.Option(None, "--architecture-file", help=file_help),
        threats_file: Path | None = typer.Option(None, "--threats", help=threats_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
        scheduler: str | None = typer.Option(None, "--scheduler", help=scheduler_help),
    ) -> None:
        cat = catalogue(arch_file, threats_file)
        assets = load_asset_file(assets_file) if assets_file is not None else None
        query = EffectivenessQuery(architecture, threat, raid, sspk, doctrine, decoys,
                                   discrimination, on, rotating, shared, raids)  # fmt: skip
        run = batch_runner(scheduler, "md-effectiveness")
        record = query.record(read_registry(open_database), lang, assets, cat, run)
        labels = {"closed-form": _("closed form"), "monte-carlo": _("Monte Carlo"), "none": ""}
        why = {**{k: _(v) for k, v in CONSTRAINT_NAMES.items()}, "none": "",
               "not-threatened": "", "split": _("no single site")}  # fmt: skip
        rows = []
        for a in record["assets"]:
            rng = ""
            if a["p_no_leak_low"] is not None and a["p_no_leak_high"] is not None:
                rng = f"{percent_text(a['p_no_leak_low'], lang)}–{percent_text(a['p_no_leak_high'], lang)}"
            rows.append({**a, "sites": ", ".join(a["sites"]) or ("—" if a["threatened"] else ""),
                         "p_range": rng, "method": labels[a["method"]], "why": why[a["limited_by"]],
                         "p_no_leak": a["p_no_leak"] if a["threatened"] else _("not threatened")})  # fmt: skip
        title = _("{architecture} against {threat} on {day}; warheads {warheads}, decoys {decoys}, doctrine {doctrine}, SSPK {sspk}").format(
            architecture=record["architecture_name"], threat=record["threat_name"], day=record["on"],
            warheads=record["warheads"], decoys=record["decoys"], doctrine=record["doctrine"],
            sspk=number_text(record["sspk"]["value"], lang))  # fmt: skip
        cols: list[Column] = [("id", N_("Id")), ("name", N_("Name")),
                              ("sites", N_("Engaging sites")),
                              ("interceptors", N_("Interceptors"), Cell.NUMBER),
                              ("looks", N_("Looks"), Cell.NUMBER),
                              ("p_no_leak", N_("P(no leak)"), pct),
                              ("p_range", N_("At the SSPK range")),
                              ("expected_leakers", N_("Expected leakers"), Cell.NUMBER),
                              ("method", N_("Method")), ("why", N_("Binding constraint"))]  # fmt: skip
        if fmt is OutputFormat.CSV:
            cols = [c for c in cols if c[0] not in ("p_range", "why")] + [
                ("limited_by", N_("Binding constraint"))
            ]
            cols = [c for c in cols if c[0] != "p_range"] + [("p_no_leak_low", N_("P(no leak) at low SSPK")),
                                                           ("p_no_leak_high", N_("P(no leak) at high SSPK")),
                                                           ("p_no_leak_unlimited", N_("P(no leak), interceptors unlimited"))]  # fmt: skip
            rows = record["assets"]
            rows = [{**a, "sites": " ".join(a["sites"])} for a in rows]
        typer.echo(render(record, rows, cols, fmt, lang, title))

"""Energy commands: ``bucarest energy scenarios|run|n1|critical|history|export|import``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.energy.data import (
    dataset_ids,
    load_dataset,
    load_dataset_dir,
    load_scenarios,
    scenario_for,
)
from bucarest.energy.domain.critical import (
    DEFAULT_PAIRS,
    rank_assets,
    rank_cases,
)
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.domain.solve import Result
from bucarest.energy.pypsa_io import export_pypsa, import_pypsa
from bucarest.energy.records import (
    dataset_csv_files,
    history_record,
    impact_record,
    result_record,
    scenario_record,
    storage_csv,
)
from bucarest.energy.service import (
    ASSET_SEARCH_DEFAULT,
    HISTORY_MODE,
    MAX_PAIRS,
    asset_rows,
    case_evaluator,
    history,
    n1_rows,
    scenario,
    solve_scenario,
    storage_rows,
)
from bucarest.platform.batch import SCHEDULER_HELP, scheduler_from
from bucarest.platform.cli import Cell, Column, OutputFormat, number_text, progress, render

__all__ = ["add_commands"]


def _network(dataset: str | None, dataset_dir: Path | None, default: str) -> Network:
    if dataset_dir is not None:
        return load_dataset_dir(dataset_dir)
    return load_dataset(dataset or default)


def add_commands(app: typer.Typer, lang: str) -> None:
    """Add the energy commands to ``app``, with texts in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    fmt_help = _("Output format: table, json or csv.")
    dataset_help = _("Dataset id (default: the scenario's).")
    dir_help = _("A dataset folder of your own (CSV files in the shipped layout).")
    foresight_help = _("rolling (events learnt of when they start) or perfect (known in advance).")
    energy = typer.Typer(help=_("Gas-supply disruption analysis."), no_args_is_help=True)
    app.add_typer(energy, name="energy")

    @energy.command("scenarios", help=_("The shipped scenarios and datasets."))
    def scenarios_cmd(
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        rows = [scenario_record(s, lang) for s in load_scenarios().values()]
        cols = [("id", N_("Id")), ("name", N_("Name")), ("dataset", N_("Dataset")),
                ("start", N_("Start")), ("end", N_("End")), ("mode", N_("Mode"))]  # fmt: skip
        title = _("Datasets: {ids}").format(ids=", ".join(dataset_ids()))
        typer.echo(render(rows, rows, cols, fmt, lang, title))

    @energy.command("run", help=_("Solve a scenario: unserved demand per country."))
    def run_cmd(
        scenario_id: str = typer.Argument(..., help=_("Scenario id, e.g. jan-2009.")),
        mode: Mode | None = typer.Option(None, "--mode", help=_("cooperative or national.")),
        foresight: Foresight = typer.Option(
            Foresight.ROLLING,
            "--foresight",
            help=foresight_help,
        ),
        dataset: str | None = typer.Option(None, "--dataset", help=dataset_help),
        dataset_dir: Path | None = typer.Option(None, "--dataset-dir", help=dir_help),
        daily: bool = typer.Option(False, "--daily", help=_("Include daily series (JSON).")),
        storage: bool = typer.Option(
            False, "--storage", help=_("Show storage by facility instead of the countries.")
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        s = scenario(scenario_id)
        net = _network(dataset, dataset_dir, s.dataset)
        # On the asset-level network, the scenario's countries' components stand for assets.
        result = solve_scenario(net, scenario_for(s, net), mode, foresight)
        if storage:
            _storage_table(result, fmt)
            return
        record = result_record(result, lang, daily)
        num, pct = Cell.NUMBER, Cell.PERCENT
        cols: list[Column] = [("code", N_("Code")), ("name", N_("Name")),
                              ("protected_unserved_mcm", N_("Protected unserved (mcm)"), num),
                              ("protected_unserved_share", N_("Protected share unserved"), pct),
                              ("non_protected_unserved_mcm", N_("Other unserved (mcm)"), num),
                              ("curtailed_mcm", N_("Curtailed (mcm)"), num),
                              ("non_protected_not_served_share", N_("Other share not served"), pct),
                              ("unserved_share", N_("Share"), pct),
                              ("days_short", N_("Days short"), num),
                              ("days_before_first_shortfall",
                               N_("Days before the first shortfall"), num)]  # fmt: skip
        title = (
            f"{record['name']} — {record['mode']} — "
            + _("total unserved {total} mcm").format(
                total=number_text(record["total_unserved_mcm"], lang)
            )
            + "\n"
            + record["mode_explanation"]
        )
        typer.echo(render(record, record["countries"], cols, fmt, lang, title))

    def _storage_table(result: Result, fmt: OutputFormat) -> None:
        rows = storage_rows(result, lang)
        num, pct = Cell.NUMBER, Cell.PERCENT
        cols: list[Column] = [("id", N_("Id")), ("name", N_("Name")), ("code", N_("Country")),
                              ("start_mcm", N_("Stock at the start (mcm)"), num),
                              ("end_mcm", N_("Stock at the end (mcm)"), num),
                              ("withdrawn_mcm", N_("Withdrawn (mcm)"), num),
                              ("lowest_fill", N_("Lowest fill"), pct),
                              ("days_at_limit", N_("Days at the deliverability limit"), num),
                              ("estimate", N_("Estimate"))]  # fmt: skip
        shown = [{**r, "estimate": _("estimate") if r["estimate"] else ""} for r in rows]
        aggregate = any(r["aggregate"] for r in rows)
        title = (
            _("Storage by facility: {name} — {mode}")
            if not aggregate
            else _("Storage by country (country aggregates): {name} — {mode}")
        ).format(name=result.scenario.name(lang), mode=result.mode.value)
        if fmt is OutputFormat.CSV:
            typer.echo(storage_csv(rows).rstrip("\n"))
            return
        typer.echo(render(rows, shown, cols, fmt, lang, title, _("No underground storage.")))

    @energy.command("n1", help=_("The N-1 infrastructure indicator per country or region."))
    def n1_cmd(
        dataset: str = typer.Option("winter-2008-09", "--dataset", help=_("Dataset id.")),
        dataset_dir: Path | None = typer.Option(None, "--dataset-dir", help=dir_help),
        region: str | None = typer.Option(
            None, "--region", help=_("Comma-separated codes, e.g. BGR,ROU,GRC.")
        ),
        risk_groups: bool = typer.Option(
            False,
            "--risk-groups",
            help=_("Each risk group of Annex I to Regulation (EU) 2017/1938."),
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        net = _network(dataset, dataset_dir, dataset)
        rows = n1_rows(net, lang, region, risk_groups)
        num = Cell.NUMBER
        cols: list[Column] = [("name", N_("Name")), ("ep_m", "EPm", num), ("p_m", "Pm", num), ("s_m", "Sm", num),
                              ("lng_m", "LNGm", num), ("i_m", "Im", num),
                              ("i_m_asset", N_("Largest infrastructure")),
                              ("i_m_counts", N_("Im stands for")), ("d_max", "Dmax", num),
                              ("n1_percent", "N-1 %", num),
                              ("n1_percent_high", N_("N-1 % at most"), num)]  # fmt: skip
        shown = rows
        if risk_groups:
            cols.append(("lacking", N_("Members not in the dataset")))
            if fmt is not OutputFormat.JSON:
                shown = [{**r, "lacking": " ".join(r["lacking"])} for r in rows]
        typer.echo(render(rows, shown, cols, fmt, lang))

    @energy.command("assets", help=_("Find gas assets by name, e.g. Blue Stream."))
    def assets_cmd(
        query: str = typer.Argument(..., help=_("Part of the name, e.g. chiren or blue stream.")),
        dataset: str = typer.Option(
            ASSET_SEARCH_DEFAULT,
            "--dataset",
            help=_("The winter searched: winter-2008-09-assets or recent-2023-24-assets."),
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        rows = asset_rows(query, dataset)
        shown = [{**r, "countries": " ".join(r["countries"]),
                  "estimate": _("estimate") if r["estimate"] else ""} for r in rows]  # fmt: skip
        cols: list[Column] = [("id", N_("Id")), ("name", N_("Name")), ("kind", N_("Kind")),
                              ("countries", N_("Countries")),
                              ("capacity_mcmd", N_("Capacity (mcm/d)"), Cell.NUMBER),
                              ("year", N_("Year of the figure")), ("estimate", N_("Estimate")),
                              ("source", N_("Source")), ("licence", N_("Licence"))]  # fmt: skip
        typer.echo(render(rows, rows if fmt is OutputFormat.JSON else shown, cols, fmt, lang))

    @energy.command(
        "critical",
        help=_(
            "Rank assets, and pairs of the most critical, by the unserved demand their loss adds."
        ),
    )
    def critical_cmd(
        scenario_id: str = typer.Argument(..., help=_("Scenario id, e.g. jan-2009.")),
        top: int = typer.Option(20, "--top", min=1, help=_("How many cases to show.")),
        pairs: int = typer.Option(
            DEFAULT_PAIRS,
            "--pairs",
            min=0,
            max=MAX_PAIRS,
            help=_(
                "Also take out every pair among this many of the most critical assets "
                "(N-2); 0 for single assets only."
            ),
        ),  # fmt: skip
        case: list[str] | None = typer.Option(
            None,
            "--case",
            help=_("Only this case: asset ids joined by '+', e.g. RUS-UKR+STO-DEU (repeatable)."),
        ),  # fmt: skip
        dataset: str | None = typer.Option(None, "--dataset", help=dataset_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
        scheduler: str | None = typer.Option(None, "--scheduler", help=_(SCHEDULER_HELP)),
    ) -> None:
        s = scenario(scenario_id)
        net = _network(dataset, None, s.dataset)
        s = scenario_for(s, net)
        # each item is already a chunk of cases (critical.case_chunks): one task per item
        evaluate = case_evaluator(scheduler_from(scheduler), connect=True)
        with progress() as steps:
            if case:
                asked = [[a.strip() for a in c.split("+")] for c in case]
                tick = steps.step(_("Solving the cases asked for"))
                ranking = rank_cases(net, s, asked, tick, evaluate=evaluate)[:top]
            else:
                total = len(net.assets) + math.comb(min(pairs, len(net.assets)), 2)
                tick = steps.step(_("Solving one case per asset, then per pair"), total=total)
                ranking = rank_assets(net, s, top, tick, pairs=pairs, evaluate=evaluate)
        rows = [impact_record(i) for i in ranking]
        num = Cell.NUMBER
        cols: list[Column] = [("rank", N_("Rank"), num), ("asset", N_("Asset")),
                              ("kind", N_("Kind")),
                              ("capacity_mcmd", N_("Capacity (mcm/d)"), num),
                              ("added_unserved_mcm", N_("Added unserved (mcm)"), num),
                              ("singles_added_mcm", N_("Sum of the two alone (mcm)"), num),
                              ("excess_mcm", N_("Excess of the pair (mcm)"), num)]  # fmt: skip
        typer.echo(render(rows, rows, cols, fmt, lang))

    @energy.command(
        "history", help=_("A past crisis country by country: the recorded outcome and the model's.")
    )
    def history_cmd(
        record_id: str = typer.Option("jan-2009", "--record", help=_("Record id, e.g. jan-2009.")),
        dataset: str | None = typer.Option(
            None,
            "--dataset",
            help=_("The record's dataset (default) or the asset-level network built from it."),
        ),
        mode: Mode = typer.Option(
            HISTORY_MODE, "--mode", help=_("cooperative or national (the historical behaviour).")
        ),
        foresight: Foresight = typer.Option(
            Foresight.ROLLING,
            "--foresight",
            help=foresight_help,
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        found, on, rows = history(record_id, dataset, mode, foresight)
        record = history_record(found, on, mode, foresight, rows, lang)
        yes, no = _("yes"), _("no")

        def cited(row: dict[str, Any]) -> str:
            return "; ".join(f"{c['issuer']}, {c['title']}" + (f", {c['date']}" if c["date"] else "")
                             for c in row["explanation_sources"])  # fmt: skip

        # In a table an explanation is a numbered note printed under it; CSV keeps the text.
        notes: list[str] = []
        shown = []
        for r in record["countries"]:
            why = r["explanation"] or ""
            if why and fmt is OutputFormat.TABLE:
                notes.append(f"[{len(notes) + 1}] {r['code']}: {why} ({cited(r)})")
                why = f"[{len(notes)}]"
            shown.append({**r, "explanation": why, "explanation_sources": cited(r),
                          "match": "" if r["match"] is None else (yes if r["match"] else no)})  # fmt: skip
        pct = Cell.PERCENT
        cols: list[Column] = [("code", N_("Code")), ("name", N_("Name")),
                              ("recorded_label", N_("Recorded")), ("modelled_label", N_("Model")),
                              ("protected_unserved_share", N_("Protected share unserved"), pct),
                              ("non_protected_not_served_share", N_("Other share not served"), pct),
                              ("match", N_("Match")), ("explanation", N_("Why the model differs"))]  # fmt: skip
        if fmt is not OutputFormat.TABLE:
            cols.append(("explanation_sources", N_("Sources")))
        title = (
            f"{record['name']} — {on} — {record['mode_label']}, {record['foresight_label']}\n"
            + _("{matched} of {classed} countries classed as recorded").format(
                matched=record["matched"], classed=record["classed"]
            )
        )
        typer.echo(render(record, shown, cols, fmt, lang, title))
        if notes:
            typer.echo("\n".join(["", *notes]))

    @energy.command("export", help=_("Write a scenario as a PyPSA network (.nc or a folder)."))
    def export_cmd(
        path: Path = typer.Argument(..., help=_("Output: a .nc file or a folder.")),
        to: str = typer.Option("pypsa", "--to", help=_("Format: pypsa.")),
        scenario_id: str = typer.Option("jan-2009", "--scenario", help=_("Scenario id.")),
    ) -> None:
        if to != "pypsa":
            raise InvalidInputError(N_("unknown export format '{to}'; expected pypsa"), to=to)
        s = scenario(scenario_id)
        with progress() as steps:
            tick = steps.step(_("Building the PyPSA network (components)"))
            export_pypsa(load_dataset(s.dataset), s, path, tick)
        typer.echo(_("Written {path}").format(path=str(path)))

    @energy.command(
        "import", help=_("Read a PyPSA network; optionally save it as a dataset folder.")
    )
    def import_cmd(
        path: Path = typer.Argument(..., help=_("A PyPSA .nc file or CSV folder.")),
        out: Path | None = typer.Option(
            None, "--out", help=_("Folder to write the dataset CSV files to.")
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        net = import_pypsa(path)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            for name, text in dataset_csv_files(net).items():
                (out / name).write_text(text, encoding="utf-8")
            (out / "dataset.yaml").write_text(
                f"id: {net.id}\nname_en: {net.id}\nname_fr: {net.id}\n"
                f"season_start: '{net.season_start.isoformat()}'\n"
                f"season_end: '{net.season_end.isoformat()}'\n"
                f"lng_market_mcmd: {net.lng_market_mcmd}\nsource: imported from {path.name}\n",
                encoding="utf-8",
            )
        rows: list[dict[str, Any]] = [
            {"component": c, "count": n}
            for c, n in (("nodes", len(net.nodes)), ("pipelines", len(net.pipelines)),
                         ("storage", len(net.storage)), ("lng", len(net.lng)))
        ]  # fmt: skip
        typer.echo(render(rows, rows, [("component", N_("Component")),
                                       ("count", N_("Count"), Cell.NUMBER)], fmt, lang, net.id))  # fmt: skip

"""The registry's commands of the ``bucarest`` CLI; each calls the same domain function as the API.

The language is read from ``--lang`` (or ``BUCAREST_LANG``) before the commands
are built, so help texts, headings and error messages are all in that language.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from bucarest.core.dates import parse_date, parse_date_or, parse_partial_date, today
from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Confidence
from bucarest.platform.cli import OutputFormat, emit, number_text, render
from bucarest.platform.database import Database
from bucarest.registry.data import embedded_dir, load_registry
from bucarest.registry.domain.accession import accession_status
from bucarest.registry.domain.model import (
    AccessionEvent,
    EndCause,
    Membership,
    Registry,
    Stage,
    Status,
    user_citations,
)
from bucarest.registry.domain.queries import changes_between, country_history
from bucarest.registry.records import (
    accession_record,
    aspirants_records,
    change_record,
    citations_text,
    event_record,
    framework_record,
    framework_status,
    history_record,
    members_records,
    membership_record,
)
from bucarest.registry.store import RegistryRepository, read_registry

__all__ = ["add_commands"]

_ACTOR = "cli:" + (os.environ.get("USER") or "unknown")


def add_commands(app: typer.Typer, lang: str, open_database: Callable[[], Database]) -> None:
    """Add the registry's commands to ``app``, every text in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    def _registry() -> Registry:
        return read_registry(open_database)

    def _database() -> Database:
        return open_database()

    fmt_help = _("Output format: table, json or csv.")
    on_help = _("Date (YYYY-MM-DD); default: today.")

    @app.command("members", help=_("Members of a framework on a date."))
    def members_cmd(
        framework: str = typer.Option("nato", "--framework", "-f", help=_("Framework id.")),
        on: str | None = typer.Option(None, "--on", help=on_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        day = parse_date_or(on)
        reg = _registry()
        rows = members_records(reg, framework, day, lang)
        fw = reg.framework(framework)
        title = f"{fw.short(lang)} — {day.isoformat()} — {len(rows)}"
        allies = sum(r["capacity"] == "ally" for r in rows)
        if fw.allies_sit and rows:
            title += " " + _("(Allies: {allies}, partners: {partners})").format(
                allies=allies, partners=len(rows) - allies
            )
        status = framework_status(reg, fw.id, day, lang)
        if status["exists"] and status["since"]:
            title += " — " + _("{state} since {date}").format(
                state=status["state_label"], date=status["since"]
            )
        cols = [
            ("code", N_("Code")),
            ("name", N_("Name")),
            ("capacity_label", N_("Capacity")),
            ("since", N_("Since")),
            ("uncertain", N_("Uncertain")),
        ]
        empty = _("No members of {framework} on {day}.").format(
            framework=fw.short(lang), day=day.isoformat()
        )
        emit(render(rows, rows, cols, fmt, lang, title, empty=empty))

    @app.command("framework", help=_("A framework's working state and dated events on a date."))
    def framework_cmd(
        framework: str = typer.Argument(..., help=_("Framework id.")),
        on: str | None = typer.Option(None, "--on", help=on_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        reg = _registry()
        record = framework_status(reg, framework, parse_date_or(on), lang)
        title = f"{record['short']} — {record['on']} — {record['state_label']}"
        if not record["exists"]:
            title = f"{record['short']} — {record['on']} — " + _("not in existence on this date")
        cols = [
            ("date", N_("Date")),
            ("kind_label", N_("Event")),
            ("note", N_("Note")),
            ("sources", N_("Sources")),
            ("confidence_label", N_("Confidence")),
        ]
        rows = [{**e, "sources": citations_text(e["sources"])} for e in record["events"]]
        emit(render(record, rows, cols, fmt, lang, title))

    @app.command("country", help=_("A country's full history across frameworks."))
    def country_cmd(
        code: str = typer.Argument(..., help=_("ISO 3166-1 alpha-3 code, e.g. MLT.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        record = history_record(country_history(_registry(), code), lang)
        cols = [
            ("id", N_("Id")),
            ("framework", N_("Framework")),
            ("status_label", N_("Status")),
            ("start", N_("Start")),
            ("end", N_("End")),
            ("end_cause_label", N_("End cause")),
            ("sources", N_("Sources")),
            ("confidence_label", N_("Confidence")),
        ]
        empty = _("No membership recorded for {name}.").format(name=record["name"])
        rows = [{**m, "sources": citations_text(m["sources"])} for m in record["memberships"]]
        emit(render(record, rows, cols, fmt, lang, record["name"], empty=empty))

    @app.command("changes", help=_("Joins and departures between two dates."))
    def changes_cmd(
        start: str = typer.Option(..., "--from", help=_("First day (YYYY-MM-DD), included.")),
        end: str = typer.Option(..., "--to", help=_("Last day (YYYY-MM-DD), excluded.")),
        framework: str | None = typer.Option(None, "--framework", "-f", help=_("Framework id.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        reg = _registry()
        first, last = parse_date(start), parse_date(end)
        rows = [change_record(c, lang) for c in changes_between(reg, first, last, framework)]
        cols = [
            ("date", N_("Date")),
            ("code", N_("Code")),
            ("name", N_("Name")),
            ("framework", N_("Framework")),
            ("change_label", N_("Change")),
            ("cause_label", N_("Cause")),
        ]
        if framework:
            empty = _("No joins or departures in {framework} from {start} to {end}.").format(
                framework=reg.framework(framework).short(lang), start=first, end=last
            )
        else:
            empty = _("No joins or departures from {start} to {end}.").format(start=first, end=last)
        emit(render(rows, rows, cols, fmt, lang, empty=empty))

    @app.command("accession", help=_("An aspirant's accession stages and ratification progress."))
    def accession_cmd(
        code: str = typer.Argument(..., help=_("ISO 3166-1 alpha-3 code, e.g. ALB.")),
        on: str | None = typer.Option(None, "--on", help=on_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        record = accession_record(accession_status(_registry(), code, parse_date_or(on)), lang)
        r = record["ratification"]
        title = f"{record['name']} — {record['on']} — {record['stage_label'] or '—'} — " + _(
            "{n} of {total} Allies have ratified"
        ).format(n=r["ratified"], total=r["required"])
        cols = [
            ("date", N_("Date")),
            ("stage_label", N_("Stage")),
            ("ally", N_("Ally")),
            ("sources", N_("Sources")),
            ("confidence_label", N_("Confidence")),
        ]
        empty = (
            title
            + "\n"
            + _("No accession step recorded on or before {day}.").format(day=record["on"])
        )
        rows = [{**e, "sources": citations_text(e["sources"])} for e in record["events"]]
        emit(render(record, rows, cols, fmt, lang, title, empty=empty))

    @app.command("aspirants", help=_("Open accession cases by stage on a date."))
    def aspirants_cmd(
        on: str | None = typer.Option(None, "--on", help=on_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        day = parse_date_or(on)
        rows = aspirants_records(_registry(), day, lang)
        cols = [("code", N_("Code")), ("name", N_("Name")), ("stage_label", N_("Stage"))]
        empty = _("No open accession case on {day}.").format(day=day.isoformat())
        emit(render(rows, rows, cols, fmt, lang, empty=empty))

    @app.command("frameworks", help=_("The frameworks and their lifetimes."))
    def frameworks_cmd(
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        rows = [framework_record(f, lang) for f in _registry().frameworks]
        cols = [
            ("id", N_("Id")),
            ("short", N_("Short")),
            ("name", N_("Name")),
            ("start", N_("Start")),
            ("end", N_("End")),
        ]
        emit(render(rows, rows, cols, fmt, lang))

    data_app = typer.Typer(help=_("Load registry data."), no_args_is_help=True)
    app.add_typer(data_app, name="data")

    @data_app.command(
        "load", help=_("Load the shipped data (or a folder of YAML files); idempotent.")
    )
    def data_load_cmd(
        path: Path | None = typer.Option(None, "--path", help=_("Folder with the YAML files.")),
    ) -> None:
        dataset = load_registry(path if path else embedded_dir())
        db = _database()
        try:
            with db.session() as s:
                repo = RegistryRepository(s)
                report = repo.load_dataset(dataset)
                repo.restore_provenance(dataset)
        finally:
            db.dispose()
        emit(
            _("{added} facts added, {unchanged} already present").format(
                added=number_text(report.added, lang), unchanged=number_text(report.unchanged, lang)
            )
        )

    membership_app = typer.Typer(help=_("Add or correct membership facts."), no_args_is_help=True)
    app.add_typer(membership_app, name="membership")

    def _write(action: Any) -> Any:
        db = _database()
        try:
            with db.session() as s:
                return action(RegistryRepository(s))
        finally:
            db.dispose()

    source_help = _("Source of the fact: a URL or a citation.")
    confidence_help = _("official, secondary (the default) or estimate.")

    @membership_app.command("add", help=_("Record a new membership interval."))
    def membership_add_cmd(
        country: str = typer.Option(..., "--country", help=_("ISO 3166-1 alpha-3 code.")),
        framework: str = typer.Option(..., "--framework", help=_("Framework id.")),
        status: Status = typer.Option(..., "--status", help=_("member, partner or participant.")),
        start: str = typer.Option(..., "--start", help=_("YYYY, YYYY-MM or YYYY-MM-DD.")),
        end: str | None = typer.Option(None, "--end", help=_("YYYY, YYYY-MM or YYYY-MM-DD.")),
        end_cause: EndCause | None = typer.Option(None, "--end-cause", help=_("Why it ended.")),
        source: str = typer.Option(..., "--source", help=source_help),
        confidence: Confidence = typer.Option(
            Confidence.SECONDARY, "--confidence", help=confidence_help
        ),
        note: str = typer.Option("", "--note", help=_("Free text.")),
        reason: str = typer.Option("", "--reason", help=_("Why this is recorded.")),
    ) -> None:
        m = Membership(
            country,
            framework,
            status,
            parse_partial_date(start),
            parse_partial_date(end) if end else None,
            end_cause,
            user_citations([source]),
            note,
            confidence=confidence,
        )
        saved = _write(
            lambda repo: repo.add_membership(m, actor=_ACTOR, reason=reason, today=today())
        )
        emit(render(membership_record(saved, lang), [], [], OutputFormat.JSON, lang))

    @membership_app.command("correct", help=_("Correct a recorded membership interval."))
    def membership_correct_cmd(
        membership_id: int = typer.Argument(..., help=_("Id shown by 'bucarest country'.")),
        start: str | None = typer.Option(None, "--start", help=_("YYYY, YYYY-MM or YYYY-MM-DD.")),
        end: str | None = typer.Option(None, "--end", help=_("YYYY, YYYY-MM or YYYY-MM-DD.")),
        end_cause: EndCause | None = typer.Option(None, "--end-cause", help=_("Why it ended.")),
        source: str | None = typer.Option(None, "--source", help=source_help),
        confidence: Confidence | None = typer.Option(None, "--confidence", help=confidence_help),
        note: str | None = typer.Option(None, "--note", help=_("Free text.")),
        reason: str = typer.Option(..., "--reason", help=_("Why the correction is made.")),
    ) -> None:
        changes: dict[str, Any] = {}
        if start is not None:
            changes["start"] = parse_partial_date(start)
        if end is not None:
            changes["end"] = parse_partial_date(end)
        if end_cause is not None:
            changes["end_cause"] = end_cause
        if source is not None:
            changes["sources"] = user_citations([source])
        if confidence is not None:
            changes["confidence"] = confidence
        if note is not None:
            changes["note"] = note
            changes["note_fr"] = ""
        saved = _write(
            lambda repo: repo.correct_membership(
                membership_id, changes, actor=_ACTOR, reason=reason, today=today()
            )
        )
        emit(render(membership_record(saved, lang), [], [], OutputFormat.JSON, lang))

    event_app = typer.Typer(help=_("Record accession events."), no_args_is_help=True)
    app.add_typer(event_app, name="event")

    @event_app.command("add", help=_("Record a step of an accession case."))
    def event_add_cmd(
        country: str = typer.Option(..., "--country", help=_("ISO 3166-1 alpha-3 code.")),
        stage: Stage = typer.Option(..., "--stage", help=_("Stage of the accession.")),
        on: str = typer.Option(..., "--date", help=_("YYYY, YYYY-MM or YYYY-MM-DD.")),
        ally: str | None = typer.Option(None, "--ally", help=_("Ratifying Ally (ratified only).")),
        source: str = typer.Option(..., "--source", help=source_help),
        confidence: Confidence = typer.Option(
            Confidence.SECONDARY, "--confidence", help=confidence_help
        ),
        note: str = typer.Option("", "--note", help=_("Free text.")),
        reason: str = typer.Option("", "--reason", help=_("Why this is recorded.")),
    ) -> None:
        e = AccessionEvent(
            country,
            stage,
            parse_partial_date(on),
            user_citations([source]),
            ally,
            note,
            confidence=confidence,
        )
        saved = _write(lambda repo: repo.add_event(e, actor=_ACTOR, reason=reason, today=today()))
        emit(render(event_record(saved, lang), [], [], OutputFormat.JSON, lang))

    @app.command("log", help=_("The most recent writes to the registry."))
    def log_cmd(
        limit: int = typer.Option(20, "--limit", min=1, max=1000, help=_("How many entries.")),
    ) -> None:
        entries = _write(lambda repo: repo.change_log(limit))
        cols = [
            ("id", N_("Id")),
            ("at", N_("When")),
            ("actor", N_("Who")),
            ("action", N_("Action")),
            ("entity", N_("Entity")),
            ("entity_id", N_("Id")),
            ("reason", N_("Reason")),
        ]
        empty = _("No writes to the registry recorded yet.")
        emit(render(entries, entries, cols, OutputFormat.TABLE, lang, empty=empty))

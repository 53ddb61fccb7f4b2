"""Ledger commands: ``commitments``, ``forces`` and ``review`` (the same domain functions as the API)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from bucarest.core.dates import parse_date, parse_date_or, today
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.ledger.domain.ledger import Ledger, LedgerFilter, owner_key, rows_on
from bucarest.ledger.domain.model import Assessment, RecordedStatus, StatusEvent, Topic
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.records import (
    commitment_record,
    event_record,
    row_record,
)
from bucarest.ledger.report import ReportFormat, render_review
from bucarest.ledger.service import forces_on_date
from bucarest.ledger.store import LedgerRepository
from bucarest.platform.cli import Cell, Column, OutputFormat, render, write_atomic
from bucarest.platform.database import Database

__all__ = ["add_commands"]

T = TypeVar("T")
_ACTOR = "cli:" + (os.environ.get("USER") or "unknown")


def add_commands(app: typer.Typer, lang: str, open_database: Callable[[], Database]) -> None:
    """Add the ledger commands to ``app``, with texts in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    def _with_ledger(action: Callable[[LedgerRepository, Ledger], T]) -> T:
        db = open_database()
        try:
            with db.session() as s:
                repo = LedgerRepository(s)
                return action(repo, repo.load())
        finally:
            db.dispose()

    def _ledger() -> Ledger:
        return _with_ledger(lambda _repo, ledger: ledger)

    fmt_help = _("Output format: table, json or csv.")
    as_of_help = _("Date (YYYY-MM-DD); default: today.")
    version_help = _("The commitment version you read (refused if it has changed since).")
    commitments = typer.Typer(help=_("The commitments ledger."), no_args_is_help=True)
    app.add_typer(commitments, name="commitments")

    @commitments.command("list", help=_("Commitments and their status on a date."))
    def list_cmd(
        summit: str | None = typer.Option(
            None, "--summit", help=_("Summit id, e.g. bucharest-2008.")
        ),
        as_of: str | None = typer.Option(None, "--as-of", help=as_of_help),
        status: LedgerStatus | None = typer.Option(None, "--status", help=_("Derived status.")),
        due_before: str | None = typer.Option(
            None, "--due-before", help=_("Deadline before this date.")
        ),
        owner: str | None = typer.Option(
            None, "--owner", help=_("Owner: an alpha-3 code or a body such as allies.")
        ),
        topic: Topic | None = typer.Option(None, "--topic", help=_("Topic.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        flt = LedgerFilter(summit, status, parse_date(due_before) if due_before else None,
                           owner_key(owner), topic)  # fmt: skip
        day = parse_date_or(as_of)
        rows = [row_record(r, lang) for r in rows_on(_ledger(), day, flt)]
        cols: list[Column] = [("id", N_("Id")), ("title", N_("Title")), ("deadline", N_("Deadline")),
                              ("status_label", N_("Status")), ("progress", N_("Progress"), Cell.PERCENT),
                              ("outlook_label", N_("Outlook"))]  # fmt: skip
        given = [("--summit", summit), ("--status", status and status.value),
                 ("--due-before", due_before), ("--owner", owner),
                 ("--topic", topic and topic.value)]  # fmt: skip
        filters = ", ".join(f"{flag} {value}" for flag, value in given if value)
        empty = (_("No commitments match {filters} on {day}.").format(filters=filters, day=day)
                 if filters else _("No commitments on {day}.").format(day=day))  # fmt: skip
        typer.echo(render(rows, rows, cols, fmt, lang, empty=empty))

    @commitments.command("show", help=_("One commitment: text, status history, indicators."))
    def show_cmd(
        commitment_id: str = typer.Argument(..., help=_("Commitment id.")),
        as_of: str | None = typer.Option(None, "--as-of", help=as_of_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        ledger = _ledger()
        record = commitment_record(
            ledger, ledger.commitment(commitment_id), parse_date_or(as_of), lang
        )
        title = (f"{record['title']} — {record['status_label']} — "
                 f"{_('Deadline')}: {record['deadline'] or '—'}")  # fmt: skip
        cols = [("on", N_("Date")), ("status_label", N_("Status")), ("evidence", N_("Evidence")),
                ("recorded_by", N_("Who"))]  # fmt: skip
        empty = (
            title
            + "\n"
            + _("No status change recorded on or before {day}.").format(day=record["as_of"])
        )
        typer.echo(render(record, record["history"], cols, fmt, lang, title, empty=empty))

    @commitments.command("record", help=_("Record a status change, with evidence."))
    def record_cmd(
        commitment_id: str = typer.Argument(..., help=_("Commitment id.")),
        status: RecordedStatus = typer.Option(
            ..., "--status", help=_("in_progress, done, superseded or dropped.")
        ),
        on: str = typer.Option(..., "--on", help=_("Date of the change (YYYY-MM-DD).")),
        evidence: str = typer.Option(..., "--evidence", help=_("A URL or a citation.")),
        note: str = typer.Option("", "--note", help=_("Free text.")),
        version: int | None = typer.Option(None, "--version", help=version_help),
    ) -> None:
        def action(repo: LedgerRepository, ledger: Ledger) -> tuple[StatusEvent, int]:
            c = ledger.commitment(commitment_id)
            event = StatusEvent(c.id, status, parse_date(on), evidence, note)
            return repo.record_status(c, event, expected_version=version, actor=_ACTOR,
                                      today=today())  # fmt: skip

        saved, new_version = _with_ledger(action)
        typer.echo(render({**event_record(saved, lang), "version": new_version}, [], [],
                          OutputFormat.JSON, lang))  # fmt: skip

    @commitments.command("assess", help=_("Score an actor's compliance: -1, 0 or 1."))
    def assess_cmd(
        commitment_id: str = typer.Argument(..., help=_("Commitment id.")),
        actor: str = typer.Option(
            ..., "--actor", help=_("An alpha-3 code or a body such as allies.")
        ),
        score: int = typer.Option(..., "--score", help=_("-1, 0 or 1.")),
        evidence: str = typer.Option(..., "--evidence", help=_("A URL or a citation.")),
        on: str | None = typer.Option(None, "--on", help=as_of_help),
        version: int | None = typer.Option(None, "--version", help=version_help),
    ) -> None:
        def action(repo: LedgerRepository, ledger: Ledger) -> tuple[Assessment, int]:
            c = ledger.commitment(commitment_id)
            a = Assessment(c.id, actor, score, parse_date_or(on), evidence)
            return repo.assess(c, a, expected_version=version, actor=_ACTOR, today=today())

        saved, new_version = _with_ledger(action)
        typer.echo(render({"commitment": saved.commitment, "actor": saved.actor,
                           "score": saved.score, "as_of": saved.as_of.isoformat(),
                           "evidence": saved.evidence, "version": new_version}, [], [],
                          OutputFormat.JSON, lang))  # fmt: skip

    @app.command("forces", help=_("An operation's strength per nation on a date."))
    def forces_cmd(
        operation: str = typer.Option("isaf", "--operation", help=_("Operation id, e.g. isaf.")),
        on: str | None = typer.Option(None, "--on", help=as_of_help),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        ledger = _ledger()
        record = forces_on_date(ledger, operation, parse_date_or(on), lang)
        if record["state"] != "published" and fmt is not OutputFormat.JSON:
            typer.echo(f"{record['mission_name']}: {record['message']}")
            return
        rows: list[dict[str, Any]] = [dict(n) for n in record["nations"]]
        if record["other"]:
            rows.append({"code": "", "name": _("other"), "strength": record["other"]})
        rows.append({"code": "", "name": _("total"), "strength": record["total"]})
        title = f"{record['mission_name']} — {record['as_published'] or '—'}"
        cols: list[Column] = [
            ("code", N_("Code")),
            ("name", N_("Name")),
            ("strength", N_("Strength"), Cell.NUMBER),
        ]
        typer.echo(render(record, rows, cols, fmt, lang, title))

    @app.command("review", help=_("The progress review for the next summit (HTML or Markdown)."))
    def review_cmd(
        summit: str = typer.Option("bucharest-2008", "--summit", help=_("Summit id.")),
        as_of: str | None = typer.Option(None, "--as-of", help=as_of_help),
        out: Path = typer.Option(..., "--out", help=_("Output file: .html or .md.")),
    ) -> None:
        suffix = out.suffix.lower()
        formats = {
            ".html": ReportFormat.HTML,
            ".htm": ReportFormat.HTML,
            ".md": ReportFormat.MARKDOWN,
        }
        if suffix not in formats:
            raise InvalidInputError(
                N_("cannot write a review to '{path}'; expected a file ending in .html or .md"),
                path=str(out),
            )
        ledger = _ledger()
        review = build_review(ledger, summit, parse_date_or(as_of))
        text = render_review(review, ledger, lang, formats[suffix])
        write_atomic(out, text)
        typer.echo(_("Review written to {path}").format(path=str(out)))

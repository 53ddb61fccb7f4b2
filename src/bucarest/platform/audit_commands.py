"""Audit-trail commands: ``bucarest audit verify|checkpoint``.

Example::

    $ bucarest audit verify
    1204 entries (1204 keyed with key 3f2a9c0d1e4b5a67 from /srv/bucarest/audit.key); 1204
    checkpoints in /srv/bucarest/audit-checkpoints.jsonl, the newest at entry 1204: trail intact
    $ bucarest audit checkpoint --out /mnt/offsite/bucarest-2026-12-04.jsonl
    $ bucarest audit verify --checkpoints /mnt/offsite/bucarest-2026-12-04.jsonl
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.platform.audit import export_checkpoint, verify_trail
from bucarest.platform.cli import OutputFormat, number_text
from bucarest.platform.database import Database

__all__ = ["add_commands"]


def add_commands(app: typer.Typer, lang: str, open_database: Callable[[], Database]) -> None:
    """Add ``audit`` and its commands to ``app``, with texts in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    audit = typer.Typer(
        help=_("The audit trail of every write and access decision."), no_args_is_help=True
    )
    app.add_typer(audit, name="audit")

    @audit.command(
        "verify",
        help=_(
            "Check the audit trail with its key and against its checkpoints; exit 1 if an "
            "entry was altered, deleted or rebuilt, or the newest entries are gone."
        ),
    )
    def verify_cmd(
        checkpoints: list[Path] = typer.Option(
            [],
            "--checkpoints",
            help=_(
                "A checkpoint file to check against (repeatable; default: the server's own)."
            ),  # fmt: skip
        ),
        fmt: OutputFormat = typer.Option(
            OutputFormat.TABLE, "--format", help=_("Output format: table or json.")
        ),
    ) -> None:
        for path in checkpoints:
            if not path.is_file():
                raise InvalidInputError(
                    N_(
                        "no checkpoint file at '{path}'; expected a file written by the server "
                        "or by 'bucarest audit checkpoint'"
                    ),  # fmt: skip
                    path=str(path),
                )
        db = open_database()
        try:
            check = verify_trail(db, checkpoints)
        finally:
            db.dispose()
        problems = [{"seq": p.seq, "kind": p.kind} for p in check.problems]
        if fmt is OutputFormat.JSON:
            typer.echo(json.dumps({
                "entries": check.entries, "keyed": check.keyed, "key_id": check.key_id,
                "key_file": str(check.key_file) if check.key_file else None,
                "checkpoint_file": str(check.checkpoint_file) if check.checkpoint_file else None,
                "checkpoints": check.checkpoints, "newest_checkpoint": check.newest_checkpoint,
                "problems": problems}, indent=2))  # fmt: skip
        else:
            typer.echo(
                _("{entries} entries ({keyed} keyed with key {key} from {file})").format(
                    entries=number_text(check.entries, lang),
                    keyed=number_text(check.keyed, lang),
                    key=check.key_id,
                    file=check.key_file or _("memory"),
                )
            )
            if check.checkpoints:
                typer.echo(
                    _("{count} checkpoints, the newest at entry {seq}").format(
                        count=number_text(check.checkpoints, lang), seq=check.newest_checkpoint
                    )
                )
            else:
                typer.echo(_("no checkpoints: a deletion of the newest entries cannot be seen"))
            for p in problems:
                typer.echo(_("entry {seq}: {kind}").format(seq=p["seq"], kind=_(str(p["kind"]))))
            if not problems:
                typer.echo(_("trail intact"))
        if problems:
            raise typer.Exit(1)

    @audit.command(
        "checkpoint",
        help=_(
            "Append a signed checkpoint of the newest entry to a file, to keep where the "
            "server cannot write."
        ),
    )
    def checkpoint_cmd(
        out: Path = typer.Option(..., "--out", help=_("The file to append the checkpoint to.")),
    ) -> None:
        db = open_database()
        try:
            line = export_checkpoint(db)
        finally:
            db.dispose()
        if line is None:
            raise InvalidInputError(N_("the audit trail is empty; there is nothing to checkpoint"))
        try:
            with out.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")
        except OSError as exc:
            raise InvalidInputError(
                N_("cannot write '{path}' ({reason})"), path=str(out), reason=exc.strerror or ""
            ) from None
        typer.echo(_("checkpoint of entry {seq} appended to {path}").format(seq=line["seq"],
                                                                            path=out))  # fmt: skip

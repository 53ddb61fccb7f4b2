"""What every command of the CLI shares: output rendering, safe file writes, the runner.

:func:`render` prints records as a Rich table, JSON or CSV; :func:`write_atomic` never leaves
a half-written file; :func:`run` builds the command tree in the language asked for and turns
every error into one line on standard error and exit status 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bucarest.core.errors import N_, BucarestError, InvalidInputError, StoreError
from bucarest.core.i18n import DEFAULT_LANG, check_lang, gettext

__all__ = ["OutputFormat", "emit", "render", "run", "write_atomic"]


class OutputFormat(StrEnum):
    """Output formats of the listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "?" if value else ""
    return str(value)


def render(
    payload: Any,
    rows: list[dict[str, Any]],
    columns: list[tuple[str, str]],
    fmt: OutputFormat,
    lang: str,
    title: str = "",
) -> str:
    """Text for ``fmt``: JSON prints ``payload`` whole; table and CSV print ``rows``.

    ``columns`` pairs a record key with its (English, catalogued) heading.
    """
    if fmt is OutputFormat.JSON:
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt is OutputFormat.CSV:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key, _ in columns])
        return buf.getvalue().rstrip("\n")
    table = Table(title=title or None, show_lines=False)
    for _, heading in columns:
        table.add_column(gettext(heading, lang))
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out).rstrip("\n")


def emit(text: str) -> None:
    """Print ``text`` on standard output."""
    typer.echo(text)


def write_atomic(out: Path, content: str | bytes) -> None:
    """Write ``content`` to ``out`` through a temporary sibling renamed into place.

    Example::

        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> write_atomic(d / "a.txt", "hello")
        >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
        ('hello', ['a.txt'])

    Raises :class:`InvalidInputError` (one line, with the system's reason) when the file
    cannot be written; the temporary file is removed.
    """
    tmp = out.with_name(out.name + ".part")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            tmp.write_text(content, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInputError(
            N_("cannot write '{path}' ({reason})"), path=str(out), reason=exc.strerror or ""
        ) from None


def lang_from_argv(argv: list[str]) -> str:
    """The language asked for by ``--lang`` in ``argv``, else ``BUCAREST_LANG``, else English."""
    lang = os.environ.get("BUCAREST_LANG") or DEFAULT_LANG
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang


def _fail(err: BucarestError, lang: str) -> int:
    typer.echo(gettext("error: {message}", lang).format(message=err.translated(lang)), err=True)
    return 2


def _usage_error(exc: typer.TyperException, lang: str) -> int:
    """A command line the parser refused, as one line naming the help to read; exit 2.

    A command asked without arguments shows its help instead (``no_args_is_help``).
    """
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()  # type: ignore[attr-defined]
        return 2
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", "") or "bucarest"
    message = gettext(N_("{problem} (see '{command} --help')"), lang).format(
        problem=exc.format_message().strip().rstrip("."), command=command
    )
    typer.echo(gettext("error: {message}", lang).format(message=message), err=True)
    return 2


def run(build: Callable[[str], typer.Typer], argv: list[str] | None = None) -> int:
    """Build the command tree with ``build(lang)`` and run it on ``argv``; the exit status.

    Any :class:`BucarestError` (and any database failure), and any command line the parser
    refuses, becomes one line on standard error and exit 2.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    lang = DEFAULT_LANG
    try:
        lang = check_lang(lang_from_argv(args))
        app = build(lang)
        # Without standalone mode click returns a typer.Exit's code instead of raising it.
        code = app(args=args, prog_name="bucarest", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except BucarestError as exc:
        return _fail(exc, lang)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 130
    # Typer bundles its own click (0.29 and later), whose errors derive from TyperException;
    # the click package installed beside it (for uvicorn) never sees this command line.
    except typer.TyperException as exc:
        return _usage_error(exc, lang)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else ""
        return _fail(StoreError(N_("the database cannot be used ({reason})"), reason=reason), lang)
    except SQLAlchemyError as exc:
        reason = type(exc).__name__
        return _fail(StoreError(N_("the database cannot be used ({reason})"), reason=reason), lang)

"""What every command of the CLI shares: output rendering, safe file writes, the runner.

:func:`render` prints records as a Rich table, JSON or CSV (tables write numbers in the
language's style, JSON and CSV keep them raw, and an empty table is one line saying so);
:func:`progress` shows long work on standard error; :func:`write_atomic` never leaves a
half-written file; :func:`run` builds the command tree in the language asked for and turns
every error into one line on standard error and exit status 2.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from babel import Locale
from babel.numbers import format_decimal, format_percent
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bucarest.core.errors import N_, BucarestError, InvalidInputError, StoreError
from bucarest.core.i18n import DEFAULT_LANG, check_lang, gettext

__all__ = [
    "Cell",
    "Column",
    "OutputFormat",
    "Steps",
    "emit",
    "format_cell",
    "number_text",
    "percent_text",
    "progress",
    "render",
    "run",
    "write_atomic",
]


class OutputFormat(StrEnum):
    """Output formats of the listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Cell(StrEnum):
    """How a table writes a column's values (JSON and CSV keep the raw numbers).

    ``NUMBER``: the language's digit grouping and decimal sign, the record's own decimals
    ("90,000", "90 000"); ``PERCENT``: a share from 0 to 1 as a percentage with one decimal
    ("46.9%", "46,9 %").
    """

    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"


#: A table column: the record key, its (English, catalogued) heading, and how its values print.
Column = tuple[str, str] | tuple[str, str, Cell]

#: The CLDR locale of each interface language, as the reports use (British English).
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES.get(lang, "en_GB"))


@functools.cache
def _percent_pattern(lang: str, decimals: int) -> str:
    """The language's percent pattern ("#,##0%", "#,##0\u00a0%") with ``decimals`` places."""
    pattern = str(_locale(lang).percent_formats[None].pattern)
    if decimals <= 0:
        return pattern
    last = pattern.rfind("0")
    return pattern[: last + 1] + "." + "0" * decimals + pattern[last + 1 :]


def number_text(value: float, lang: str) -> str:
    """``value`` with the language's grouping and decimal sign, up to three decimals.

    Example::

        >>> number_text(90000, "en"), number_text(1234.5, "fr") == "1\u202f234,5"
        ('90,000', True)
    """
    if isinstance(value, int):
        return str(format_decimal(value, format="#,##0", locale=_locale(lang)))
    if abs(value) < 0.0005:  # what rounds to zero is written 0, never "-0"
        value = 0.0
    return str(format_decimal(value, format="#,##0.###", locale=_locale(lang)))


def percent_text(share: float, lang: str, decimals: int = 1) -> str:
    """A share (0.46875) as a percentage in the language's style.

    Example::

        >>> percent_text(0.46875, "en"), percent_text(0.46875, "fr") == "46,9\u00a0%"
        ('46.9%', True)
    """
    return str(format_percent(share, format=_percent_pattern(lang, decimals), locale=_locale(lang)))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "?" if value else ""
    return str(value)


def format_cell(value: Any, kind: Cell, lang: str) -> str:
    """A table cell: numbers of a ``NUMBER`` or ``PERCENT`` column in the language's style,
    anything else (and a number that is not one) as text."""
    if kind is Cell.TEXT or isinstance(value, bool) or not isinstance(value, int | float):
        return _cell(value)
    if kind is Cell.PERCENT:
        return percent_text(value, lang)
    return number_text(value, lang)


def _kind(column: Column) -> Cell:
    return column[2] if len(column) == 3 else Cell.TEXT


def render(
    payload: Any,
    rows: list[dict[str, Any]],
    columns: Sequence[Column],
    fmt: OutputFormat,
    lang: str,
    title: str = "",
    empty: str = "",
) -> str:
    """Text for ``fmt``: JSON prints ``payload`` whole; table and CSV print ``rows``.

    ``columns`` pairs a record key with its (English, catalogued) heading and, for numbers,
    how the table writes them (:class:`Cell`); CSV and JSON keep the raw values. A table
    without rows is the one line ``empty`` (translated by the caller) when one is given.
    """
    if fmt is OutputFormat.JSON:
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt is OutputFormat.CSV:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([column[0] for column in columns])
        for row in rows:
            writer.writerow([_cell(row.get(column[0])) for column in columns])
        return buf.getvalue().rstrip("\n")
    if not rows and empty:
        return empty
    table = Table(title=title or None, show_lines=False)
    for column in columns:
        table.add_column(
            gettext(column[1], lang), justify="left" if _kind(column) is Cell.TEXT else "right"
        )
    for row in rows:
        table.add_row(*(format_cell(row.get(c[0]), _kind(c), lang) for c in columns))
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out).rstrip("\n")


class Steps:
    """The steps of one long piece of work, each a line with its own bar (see :func:`progress`)."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._current: TaskID | None = None

    def step(self, label: str, total: int | None = None) -> Callable[[int, int], None]:
        """Start a step named ``label`` (the previous one is done); its ``progress(done, total)``."""
        self._finish()
        task = self._bar.add_task(label, total=total)
        self._current = task

        def update(done: int, of: int) -> None:
            self._bar.update(task, completed=done, total=of)

        return update

    def _finish(self) -> None:
        """Show the current step as done (its count may stop short of its total)."""
        task = next((t for t in self._bar.tasks if t.id == self._current), None)
        if task is not None:
            total = task.total or max(task.completed, 1)
            self._bar.update(task.id, completed=total, total=total)


@contextmanager
def progress() -> Iterator[Steps]:
    """Bars on standard error for the steps of long work, counted in real units (assets
    solved, trajectories engaged, evaluations); nothing when standard error is not a
    terminal, so pipes, files and scripts get only the results. The bars vanish at the end.

    Example::

        with progress() as steps:
            tick = steps.step(_("Solving one case per asset"), total=len(assets))
            rank_assets(net, s, top, tick)
    """
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True,
                  disable=not console.is_terminal) as bar:  # fmt: skip
        steps = Steps(bar)
        yield steps
        steps._finish()


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


#: The parser's own English sentences that a French line must not carry, each with the
#: catalogue message that says it (the parser bundled with typer has no translations).
_PARSER_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such option: (?P<option>\S+)(?: \(Possible options: (?P<options>.+)\))?$"),
     N_("unknown option {option}")),
    (re.compile(r"^No such command '(?P<name>[^']*)'\.(?: Did you mean (?P<options>.+)\?)?$"),
     N_("unknown command '{name}'")),
    (re.compile(r"^Missing argument (?P<name>.+)$"), N_("missing argument {name}")),
    (re.compile(r"^Missing option (?P<name>.+)$"), N_("missing option {name}")),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"),
     N_("unexpected extra argument(s): {args}")),
    (re.compile(r"^Option (?P<option>'[^']+'|\S+) requires an argument\.?$"),
     N_("option {option} needs a value")),
    (re.compile(r"^Invalid value for (?P<name>'[^']+'|[^:]+): (?:Value error, )?"
                r"(?P<value>.+) is not one of (?P<options>.+?)\.?$"),
     N_("invalid value {value} for {name}; expected one of {options}")),
    (re.compile(r"^Invalid value for (?P<name>'[^']+'|[^:]+): (?P<reason>.+)$"),
     N_("invalid value for {name}: {reason}")),
)  # fmt: skip


def usage_problem(exc: typer.TyperException, lang: str) -> str:
    """What the parser refused, in ``lang``: its own sentence in English, the catalogue's in
    other languages (names, values and a reason the parser words itself are kept as given).

    Example::

        >>> from typer._click.exceptions import NoSuchOption
        >>> usage_problem(NoSuchOption("--id"), "fr")
        'option inconnue --id'
    """
    problem = exc.format_message().strip()
    if lang == DEFAULT_LANG:
        return problem
    for pattern, message in _PARSER_SENTENCES:
        found = pattern.match(problem)
        if found is None:
            continue
        fields = {k: v for k, v in found.groupdict().items() if v is not None}
        line = gettext(message, lang).format_map(_Missing(fields))
        if fields.get("options") and "{options}" not in message:
            line += " " + gettext(N_("(did you mean: {options}?)"), lang).format(
                options=fields["options"]
            )
        return line
    return problem


class _Missing(dict[str, str]):
    """A mapping that leaves a field the parser did not give empty."""

    def __missing__(self, key: str) -> str:
        return ""


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
        problem=usage_problem(exc, lang).strip().rstrip("."), command=command
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

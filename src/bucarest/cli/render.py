"""Rendering records as a Rich table, JSON or CSV on standard output."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from bucarest.core.i18n import gettext

__all__ = ["OutputFormat", "render"]


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

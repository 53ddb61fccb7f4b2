"""The gas-network schema, declared once as data (after PyPSA's component attribute tables).

Each component has a CSV in ``energy/schema/`` listing its attributes with type, unit,
default, whether it is required and a description. The same table validates dataset
files (:func:`parse_rows`) and documents them (:func:`schema_markdown`).

Example::

    >>> [a.name for a in component_schema("lng")][:3]
    ['id', 'node', 'sendout_mcmd']
    >>> parse_rows("lng", [{"id": "LNG-GRC", "node": "grc", "sendout_mcmd": "12.3",
    ...                     "source": "GIE LNG map 2009"}], "lng.csv")[0]["node"]
    'GRC'
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bucarest.core.countries import normalise_code
from bucarest.core.errors import N_, BucarestError, DataFileError, InvalidFactError

__all__ = ["COMPONENTS", "Attribute", "component_schema", "parse_rows", "schema_markdown"]

#: Components of a dataset, in the order they are read.
COMPONENTS: tuple[str, ...] = ("nodes", "pipelines", "storage", "lng")


@dataclass(frozen=True)
class Attribute:
    """One attribute of a component: name, type, unit, default, required, description."""

    name: str
    type: str
    unit: str
    default: str
    required: bool
    description: str


@functools.cache
def component_schema(component: str) -> tuple[Attribute, ...]:
    """The attributes of ``component`` (``nodes``, ``pipelines``, ``storage``, ``lng``)."""
    path = resources.files("bucarest.energy.domain") / "schema" / f"{component}.csv"
    with path.open("r", encoding="utf-8") as fh:
        return tuple(
            Attribute(
                r["attribute"],
                r["type"],
                r["unit"],
                r["default"],
                r["required"] == "yes",
                r["description"],
            )  # fmt: skip
            for r in csv.DictReader(fh)
        )


def _value(attr: Attribute, raw: str) -> Any:
    text = raw.strip()
    if text == "":
        if attr.required and attr.default == "":
            raise InvalidFactError(N_("{field} is missing"), field=attr.name)
        text = attr.default
        if text == "":
            return None
    kind = attr.type
    if kind in ("float", "share"):
        try:
            number = float(text)
        except ValueError:
            raise InvalidFactError(
                N_("{field} = '{value}' is not a number (unit {unit})"),
                field=attr.name, value=text, unit=attr.unit or "-",
            ) from None  # fmt: skip
        if not math.isfinite(number) or number < 0:
            raise InvalidFactError(
                N_("{field} = {value} must be a non-negative number (unit {unit})"),
                field=attr.name, value=text, unit=attr.unit or "-",
            )  # fmt: skip
        if kind == "share" and number > 1:
            raise InvalidFactError(
                N_("{field} = {value} must be a share between 0 and 1"), field=attr.name, value=text
            )
        return number
    if kind == "code":
        return normalise_code(text)
    if kind.startswith("choice:"):
        choices = kind.split(":", 1)[1].split("|")
        if text not in choices:
            raise InvalidFactError(
                N_("{field} = '{value}' is not one of {choices}"),
                field=attr.name, value=text, choices=", ".join(choices),
            )  # fmt: skip
        return text
    return text


def parse_rows(component: str, rows: list[dict[str, str]], path: str) -> list[dict[str, Any]]:
    """Validate and convert CSV rows of ``component``; the first problem names row and field.

    Unknown columns and missing required columns are refused before any row is read.
    """
    schema = component_schema(component)
    known = {a.name for a in schema}
    if rows:
        columns = set(rows[0])
        missing = sorted(a.name for a in schema if a.required and a.name not in columns)
        unknown = sorted(columns - known)
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing columns {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown columns {', '.join(unknown)}")
            expected = ", ".join(a.name for a in schema)
            raise DataFileError(path, f"{'; '.join(problems)}; expected columns: {expected}")
    out = []
    for i, row in enumerate(rows):
        parsed: dict[str, Any] = {}
        for attr in schema:
            try:
                parsed[attr.name] = _value(attr, row.get(attr.name) or "")
            except BucarestError as exc:
                raise DataFileError(path, f"row {i + 2}: {exc.message}") from None
        out.append(parsed)
    return out


def schema_markdown() -> str:
    """The schema as Markdown tables (the source of ``docs/energy-schema.md``)."""
    lines = ["# Gas network schema", "",
             "Generated from `src/bucarest/energy/domain/schema/*.csv`; units: mcm = million cubic "
             "metres, mcm/d per day.", ""]  # fmt: skip
    for component in COMPONENTS:
        lines += [f"## {component}.csv", "", "| attribute | type | unit | default | required "
                  "| description |", "|---|---|---|---|---|---|"]  # fmt: skip
        for a in component_schema(component):
            lines.append(f"| {a.name} | {a.type} | {a.unit} | {a.default} | "
                         f"{'yes' if a.required else 'no'} | {a.description} |")  # fmt: skip
        lines.append("")
    return "\n".join(lines)

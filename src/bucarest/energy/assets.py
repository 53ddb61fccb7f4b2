"""Reading the asset-level gas data (interconnection points, LNG terminals, storage sites,
deliverability curves, production) of a winter: ``bucarest/data/energy/assets-2008-09`` and
``assets-2023-24``.

Each file's columns are declared once in ``energy/domain/schema/asset_*.csv`` (type, unit,
required), which both validates the rows and documents them. A bad row stops the whole
load with one line naming the file, the row (as a spreadsheet counts it, header = 1) and the
field; nothing is half-loaded. Units are fixed per file (``mcm/d`` for rates, ``mcm`` for
storage rows) and a row in any other unit is refused rather than converted.

Example::

    >>> book = load_assets()
    >>> [s.name for s in book.storage if s.id == "STO-BGR-CHIREN"]
    ['Chiren']
    >>> round(country_view(book).pipelines[("RUS", "TUR")], 1)
    43.8
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from bucarest.core.countries import normalise_code
from bucarest.core.errors import N_, BucarestError, DataFileError, NotFoundError
from bucarest.core.provenance import working_note_in
from bucarest.energy.domain.assets import (
    AssetBook,
    CountryView,
    CurvePoint,
    DeliverabilityCurve,
    Interconnection,
    LngTerminalAsset,
    Production,
    ProductionFacility,
    StorageFacility,
    check_curve,
    country_view,
    in_service,
)
from bucarest.energy.domain.schema import component_schema, parse_rows

__all__ = [
    "ASSET_FILES",
    "asset_ids",
    "country_view",
    "load_asset_dir",
    "load_assets",
    "shipped_country_view",
]

#: The files of an asset folder and the schema each follows (``schema/asset_<name>.csv``).
ASSET_FILES: dict[str, str] = {
    "interconnections": "interconnections.csv",
    "lng_terminals": "lng_terminals.csv",
    "storage_facilities": "storage_facilities.csv",
    "deliverability_curves": "deliverability_curves.csv",
    "production": "production.csv",
    "production_facilities": "production_facilities.csv",
}

#: The shipped asset folders; an asset folder has no ``dataset.yaml``.
_SHIPPED = ("assets-2008-09", "assets-2023-24")

T = TypeVar("T")

#: A day after any commissioning date: used only to check that a date is well formed.
_FAR = date(2100, 1, 1)


def _energy_dir() -> Traversable:
    return resources.files("bucarest") / "data" / "energy"


def asset_ids() -> tuple[str, ...]:
    """Ids of the shipped asset folders."""
    return _SHIPPED


def _read(folder: Traversable | Path, name: str, label: str) -> list[dict[str, Any]]:
    """Rows of one file, parsed by its schema, with country codes checked field by field."""
    path = folder / ASSET_FILES[name]
    if not path.is_file():
        raise DataFileError(label, "file is missing")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    schema = component_schema(f"asset_{name}")
    for i, row in enumerate(rows):
        for attr in schema:
            if attr.type == "code" and (row.get(attr.name) or "").strip():
                try:
                    normalise_code(row[attr.name])
                except BucarestError as exc:
                    raise DataFileError(label, f"row {i + 2}: {attr.name}: {exc.message}") from None
    return parse_rows(f"asset_{name}", rows, label)


def _each(label: str, rows: list[dict[str, Any]], make: Callable[[dict[str, Any]], T]) -> list[T]:
    """Build one value per row; a problem names the row and the field."""
    out = []
    for i, r in enumerate(rows):
        try:
            for field in ("capacity_year", "year"):
                if field in r:
                    _year(field, r[field])
            if r.get("commissioned"):
                in_service(r["commissioned"], _FAR)
            for field in ("name", "source", "note", "licence"):
                note = working_note_in(str(r.get(field) or ""))
                if note is not None:
                    raise ValueError(f"{field}: contains the working note {note!r}; keep "
                                     "curation notes in the scripts or SOURCES.md")  # fmt: skip
            out.append(make(r))
        except BucarestError as exc:
            raise DataFileError(label, f"row {i + 2}: {exc.message}") from None
        except ValueError as exc:
            raise DataFileError(label, f"row {i + 2}: {exc}") from None
    ids = [getattr(v, "id", None) for v in out]
    for i, value in enumerate(ids):
        if value is not None and ids.index(value) != i:
            raise DataFileError(
                label, f"row {i + 2}: id = '{value}' repeats row {ids.index(value) + 2}"
            )
    return out


def _year(field: str, text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValueError(f"{field} = '{text}' is not a year such as 2009")
    return int(text)


def _bool(text: str) -> bool:
    return text == "true"


def _interconnection(r: dict[str, Any]) -> Interconnection:
    if r["from_country"] == r["to_country"]:
        raise ValueError(f"to_country = {r['to_country']} is the from_country; an "
                         "interconnection joins two countries")  # fmt: skip
    return Interconnection(
        r["id"], r["name"], r["from_country"], r["to_country"], r["direction"], r["kind"],
        r["capacity_mcmd"], int(r["capacity_year"]), r["commissioned"] or "", r["source"],
        r["licence"], _bool(r["estimate"]), r["note"] or "",
    )  # fmt: skip


def _lng(r: dict[str, Any]) -> LngTerminalAsset:
    return LngTerminalAsset(
        r["id"], r["country"], r["name"], r["operator"] or "", r["sendout_mcmd"],
        int(r["capacity_year"]), r["commissioned"] or "", r["source"], r["licence"],
        _bool(r["estimate"]), r["note"] or "",
    )  # fmt: skip


def _storage(r: dict[str, Any]) -> StorageFacility:
    return StorageFacility(
        r["id"], r["country"], r["name"], r["operator"] or "", r["type"], r["working_gas_mcm"],
        r["withdrawal_mcmd"], r["injection_mcmd"], r["curve"], int(r["capacity_year"]),
        r["commissioned"] or "", r["source"], r["licence"], _bool(r["estimate"]), r["note"] or "",
    )  # fmt: skip


def _production(r: dict[str, Any]) -> Production:
    return Production(
        r["id"], r["country"], r["name"], r["production_mcmd"], int(r["year"]), r["source"],
        r["licence"], _bool(r["estimate"]), r["note"] or "",
    )  # fmt: skip


def _facility(r: dict[str, Any]) -> ProductionFacility:
    return ProductionFacility(
        r["id"], r["country"], r["name"], r["operator"] or "", r["capacity_mcmd"],
        int(r["capacity_year"]), r["commissioned"] or "", r["source"], r["licence"],
        _bool(r["estimate"]), r["note"] or "",
    )  # fmt: skip


def _facilities(label: str, rows: list[dict[str, Any]]) -> list[ProductionFacility]:
    """The production facilities, at most one per country (its largest: the N-1 formula's
    single largest production infrastructure)."""
    out = _each(label, rows, _facility)
    seen: dict[str, int] = {}
    for i, f in enumerate(out):
        if f.country in seen:
            raise DataFileError(label, f"row {i + 2}: country = {f.country} already has its "
                                       f"largest facility on row {seen[f.country] + 2}; list "
                                       "one facility per country")  # fmt: skip
        seen[f.country] = i
    return out


def _curves(label: str, rows: list[dict[str, Any]]) -> list[DeliverabilityCurve]:
    """Curves from their points, in file order; a curve that falls, or whose fills do not
    rise from 0 to 1, is refused naming the point's row."""
    _each(label, rows, lambda r: r)  # years, working notes
    grouped: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        grouped.setdefault(r["curve"], []).append(i)
    out = []
    for curve_id, indices in grouped.items():
        if indices != list(range(indices[0], indices[-1] + 1)):
            raise DataFileError(label, f"row {indices[-1] + 2}: curve = '{curve_id}' is split; "
                                       "keep a curve's points together")  # fmt: skip
        points = [CurvePoint(rows[i]["fill"], rows[i]["share"], rows[i]["share_low"],
                             rows[i]["share_high"]) for i in indices]  # fmt: skip
        problem = check_curve(points)
        if problem is not None:
            at, field, message = problem
            row = indices[min(at, len(indices) - 1)] + 2
            raise DataFileError(label, f"row {row}: {field}: curve '{curve_id}': {message}")
        first = rows[indices[0]]
        out.append(DeliverabilityCurve(curve_id, tuple(points), first["source"], first["licence"],
                                       _bool(first["estimate"]), first["note"] or ""))  # fmt: skip
    return out


def load_asset_dir(folder: Traversable | Path, name: str | None = None) -> AssetBook:
    """Read and check every file of an asset folder; the first problem stops the load."""
    base = name or getattr(folder, "name", "assets")

    def label(key: str) -> str:
        return f"{base}/{ASSET_FILES[key]}"

    raw = {key: _read(folder, key, label(key)) for key in ASSET_FILES}
    curves = _curves(label("deliverability_curves"), raw["deliverability_curves"])
    known = [c.id for c in curves]
    storage = _each(label("storage_facilities"), raw["storage_facilities"], _storage)
    for i, s in enumerate(storage):
        if s.curve not in known:
            raise DataFileError(
                label("storage_facilities"),
                f"row {i + 2}: curve = '{s.curve}' is not a curve of "
                f"{ASSET_FILES['deliverability_curves']}; expected one of {', '.join(known)}",
            )  # fmt: skip
    return AssetBook(
        tuple(_each(label("interconnections"), raw["interconnections"], _interconnection)),
        tuple(_each(label("lng_terminals"), raw["lng_terminals"], _lng)),
        tuple(storage),
        tuple(curves),
        tuple(_each(label("production"), raw["production"], _production)),
        tuple(_facilities(label("production_facilities"), raw["production_facilities"])),
    )


@functools.cache
def load_assets(asset_id: str = "assets-2008-09") -> AssetBook:
    """A shipped asset folder by id (cached; only a complete load is cached)."""
    if asset_id not in asset_ids():
        raise NotFoundError(
            N_("unknown asset data '{assets}'; expected one of {known}"),
            assets=asset_id, known=", ".join(asset_ids()),
        )  # fmt: skip
    return load_asset_dir(_energy_dir() / asset_id, asset_id)


def shipped_country_view(asset_id: str = "assets-2008-09") -> CountryView:
    """The country-level view of a shipped asset folder."""
    return country_view(load_assets(asset_id))

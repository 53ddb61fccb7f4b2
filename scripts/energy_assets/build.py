"""Rebuild the asset-level gas data of a winter (2008/09 or 2023/24) from its public sources.

Usage (see README.md beside this file for where each input comes from)::

    python scripts/energy_assets/build.py --inputs /tmp/energy-inputs --season 2008-09
    python scripts/energy_assets/build.py --inputs /tmp/energy-inputs --season 2023-24

writes ``interconnections.csv``, ``lng_terminals.csv``, ``storage_facilities.csv`` and
``production.csv`` into ``src/bucarest/data/energy/assets-<season>/``. The deliverability
curves are written by hand in each folder (they are estimates, not derived from a table).

Units: volumes in mcm (million m³ at 15 °C, 1013.25 mbar), rates in mcm/d, as in the
country-level datasets. Conversions: 10.55 GWh per mcm (the project's convention), 1 m³(N)
at 0 °C = 1.055 m³ at 15 °C (GIE's own note), 1 MMcf = 0.0283168 mcm, bcm/y ÷ 365 (÷ 366
for 2008, a leap year) × 1000.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from pathlib import Path

from gem import GEM_LICENCE, GEM_SOURCE, lng_terminal_rows, mcmd, read_gem
from gie import LNG_COLUMNS, STORAGE_COLUMNS, lng_rows, storage_rows
from season import SEASONS, Season

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ENERGY = ROOT / "src" / "bucarest" / "data" / "energy"

COUNTRY_LICENCE = "cited figure (capacity map; no open licence confirmed)"

INTERCONNECTION_COLUMNS = [
    "id", "name", "from_country", "to_country", "direction", "kind", "capacity_mcmd", "unit",
    "capacity_year", "commissioned", "source", "licence", "estimate", "note",
]  # fmt: skip
PRODUCTION_COLUMNS = [
    "id", "country", "name", "production_mcmd", "unit", "year", "source", "licence", "estimate",
    "note",
]  # fmt: skip


def _country_pipelines(season: Season) -> dict[tuple[str, str], dict[str, str]]:
    with (ENERGY / season.country / "pipelines.csv").open(encoding="utf-8") as fh:
        return {(r["from"], r["to"]): r for r in csv.DictReader(fh)}


def interconnection_rows(
    gem_path: Path, season: Season = SEASONS["2008-09"]
) -> list[dict[str, str]]:
    """One row per interconnection point and direction, from the season's curation table
    (``interconnection_points-<season>.csv``)."""
    gem = read_gem(gem_path, "gas_pipeline")
    pairs = _country_pipelines(season)
    out = []
    with (HERE / f"interconnection_points-{season.key}.csv").open(encoding="utf-8") as fh:
        for point in csv.DictReader(fh):
            row = {k: point[k] for k in ("id", "name", "from_country", "to_country",
                                          "direction", "kind", "commissioned")}  # fmt: skip
            row["unit"] = "mcm/d"
            notes = [point["note"]] if point["note"] else []
            if point["basis"] == "gem":
                g = gem[(point["gem_project"], point["gem_unit"])]
                capacity = mcmd(float(g["capacity"]), g["units"].strip())
                row["capacity_year"] = "2024"
                row["source"] = f"{GEM_SOURCE}, '{g['project']}' - {g['url']}"
                row["licence"] = GEM_LICENCE
                notes.insert(0, f"tracker capacity {g['capacity']} {g['units'].strip()} "
                                f"(figure of 2024); estimate for {season.label}")  # fmt: skip
            else:
                forward = point["basis"] == "country"
                key = (point["from_country"], point["to_country"])
                pair = pairs[key] if forward else pairs[(key[1], key[0])]
                capacity = float(pair["capacity_mcmd" if forward else "reverse_mcmd"])
                row["capacity_year"] = season.country_year
                row["source"] = pair["source"]
                row["licence"] = COUNTRY_LICENCE
                notes.insert(0, "estimate: the border capacity of the country-level winter "
                                f"{season.label} dataset, which rounds the cited map")  # fmt: skip
            row["capacity_mcmd"] = f"{capacity:.1f}"
            row["estimate"] = "true"
            row["note"] = "; ".join(notes)
            out.append(row)
    return out


def production_rows(bp_path: Path, season: Season = SEASONS["2008-09"]) -> list[dict[str, str]]:
    """Production by country: for 2008/09 the BP Statistical Review's 2008 figure where it
    lists the country, else the country-level dataset's figure; for 2023/24 the country-level
    dataset's figure (the review as republished stops at 2020)."""
    names = {
        "NLD": "Netherlands", "GBR": "United Kingdom", "NOR": "Norway", "DEU": "Germany",
        "ITA": "Italy", "ROU": "Romania", "DNK": "Denmark", "POL": "Poland", "UKR": "Ukraine",
    }  # fmt: skip
    with bp_path.open(encoding="utf-8") as fh:
        bp = {r["Entity"]: r for r in csv.DictReader(fh) if r["Year"] == "2008"}
    with (ENERGY / season.country / "nodes.csv").open(encoding="utf-8") as fh:
        nodes = [r for r in csv.DictReader(fh) if r["kind"] == "country"]
    out = []
    for node in nodes:
        code = node["id"]
        row = {"id": f"PROD-{code}", "country": code, "name": "national production",
               "unit": "mcm/d", "year": str(season.last_year)}  # fmt: skip
        if code in names and season.key == "2008-09":
            bcm = float(bp[names[code]]["Gas Production - Bcm"])
            row["production_mcmd"] = f"{bcm * 1000.0 / 366.0:.1f}"
            row["source"] = ("BP Statistical Review of World Energy 2021, gas production "
                             "(bcm), 2008, as republished by Our World in Data - "
                             "https://github.com/owid/energy-data")  # fmt: skip
            row["licence"] = "BP: reuse with acknowledgement; OWID processing CC BY 4.0"
            row["estimate"] = "false"
            row["note"] = (f"{bcm:.2f} bcm in 2008 / 366 days: the annual average, not the "
                           "maximal daily output")  # fmt: skip
        elif float(node["production_mcmd"]) > 0:
            row["production_mcmd"] = f"{float(node['production_mcmd']):.1f}"
            row["source"] = node["source"]
            row["licence"] = "cited figure (statistical publications; no open licence confirmed)"
            row["estimate"] = "true"
            row["note"] = (
                f"estimate: maximal daily output of the country-level winter {season.label} "
                "dataset; the BP review does not list this country separately"
                if season.key == "2008-09"
                else f"estimate: daily output of the country-level winter {season.label} "
                "dataset (its source's 2023 figure)"
            )
        else:
            continue
        out.append(row)
    return out


def _write(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        n = 0
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--inputs",
        type=Path,
        required=True,
        help="folder holding the upstream files named in README.md",
    )
    parser.add_argument("--season", choices=sorted(SEASONS), default="2008-09",
                        help="the winter to build (default 2008-09)")  # fmt: skip
    args = parser.parse_args()
    inputs: Path = args.inputs
    season = SEASONS[args.season]
    out = ENERGY / season.assets
    out.mkdir(parents=True, exist_ok=True)
    gem = inputs / "gem_europe_gas_tracker.csv"
    ic = interconnection_rows(gem, season)
    storage = storage_rows(inputs / "Storage_DB_Dec2018.xlsx", season)
    lng = lng_rows(inputs / "GIE_LNG_Map_Database_May_2019_v3.xlsx", season)
    if season.key != "2008-09":
        lng += lng_terminal_rows(gem)
    prod = production_rows(inputs / "statistical_review_of_world_energy_bp_2021.csv", season)
    for name, columns, rows in (
        ("interconnections.csv", INTERCONNECTION_COLUMNS, ic),
        ("storage_facilities.csv", STORAGE_COLUMNS, storage),
        ("lng_terminals.csv", LNG_COLUMNS, lng),
        ("production.csv", PRODUCTION_COLUMNS, prod),
    ):
        n = _write(out / name, columns, rows)
        print(f"{name}: {n} rows")  # noqa: T201 - a command-line script reports its work


if __name__ == "__main__":
    main()

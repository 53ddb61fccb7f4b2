"""Countries identified by ISO 3166-1 alpha-3, with English and French names.

Codes come from pycountry (ISO 3166-1) plus ``XKX`` for Kosovo, the user-assigned
code the Alliance and the EU use. Display names come from the Unicode CLDR
through Babel, which carries both languages and Kosovo.

Example::

    >>> country("fra").name("fr")
    'France'
    >>> country("XKX").name("en")
    'Kosovo'
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

import pycountry
from babel import Locale

from bucarest.core.errors import UnknownCountryError

__all__ = ["Country", "all_countries", "country", "is_country_code", "normalise_code"]

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

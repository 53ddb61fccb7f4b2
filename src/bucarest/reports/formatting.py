"""Numbers and dates in the report language (Babel's CLDR data: no locale of the host is used).

Example::

    >>> number(52908, "fr") == "52\u202f908"
    True
    >>> percent(0.75, "en"), long_date(date(2009, 4, 3), "fr")
    ('75%', '3 avril 2009')
"""

from __future__ import annotations

import functools
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

__all__ = ["locale_of", "long_date", "month_label", "number", "percent", "year_label"]

#: The CLDR locale of each interface language (British English: day month year).
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@functools.cache
def locale_of(lang: str) -> Locale:
    """The Babel locale of ``lang`` (English when unknown)."""
    return Locale.parse(_LOCALES.get(lang, "en_GB"))


@functools.lru_cache(maxsize=8192)  # axis ticks and counts repeat; Babel's formatting is slow
def number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping, rounded to ``decimals`` places."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(round(value, decimals), format=pattern, locale=locale_of(lang)))


@functools.lru_cache(maxsize=4096)
def percent(share: float, lang: str) -> str:
    """A share (0.75) as a whole percentage in the language's style ("75%", "75 %")."""
    return str(format_percent(round(share, 2), locale=locale_of(lang)))


def long_date(day: date, lang: str) -> str:
    """A day written out ("3 April 2009", "3 avril 2009")."""
    return str(format_date(day, format="long", locale=locale_of(lang)))


def month_label(day: date, lang: str) -> str:
    """A month as a short axis label ("Apr 2009", "avr. 2009")."""
    return str(format_date(day, format="MMM yyyy", locale=locale_of(lang)))


def year_label(day: date, lang: str) -> str:
    """A year as an axis label."""
    return str(day.year)

"""The winters whose asset-level data ``build.py`` writes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Season:
    """A winter whose assets are built: ``key`` names its files, ``last_year`` is the last
    start-up year kept, ``country`` is the country-level dataset it takes its border figures
    from and ``country_year`` their year."""

    key: str
    label: str
    assets: str
    country: str
    last_year: int
    country_year: str


SEASONS = {
    "2008-09": Season("2008-09", "2008/09", "assets-2008-09", "winter-2008-09", 2008, "2009"),
    "2023-24": Season("2023-24", "2023/24", "assets-2023-24", "recent-2023-24", 2023, "2023"),
}

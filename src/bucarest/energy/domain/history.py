"""The model's outcome of a past crisis, classed as the record classes it, and compared.

Example::

    >>> model_class(protected_share=0.0, non_protected_share=0.3)
    'hardest-hit'
    >>> model_class(protected_share=0.0, non_protected_share=0.05)
    'partly-affected'
    >>> model_class(protected_share=0.0, non_protected_share=0.0)
    'not-affected'

The record (``data/energy/history/jan-2009.yaml``) puts each country in one of three classes
after the Commission's own grouping of 9 January 2009: *hardest hit* (households lost heating,
or a gas emergency with large industrial cuts), *partly affected* (seriously impacted but
managed), *not affected*. The model knows what was not served over the crisis period, so its
class is fixed in advance by two shares, never fitted to the record:

* ``hardest-hit``: protected customers (households, district heating) short on more than
  :data:`PROTECTED_TOLERANCE` of their demand, or at least :data:`SEVERE_SHARE` of the other
  customers' demand not served (shortfall plus curtailment);
* ``partly-affected``: more than :data:`MINOR_SHARE` of the other customers' demand not
  served;
* ``not-affected``: otherwise.

The record's middle class also holds countries that lost supply but served every customer
from storage or other routes (Germany, Italy, France: "seriously affected, ... a manageable
situation"); the model calls them not affected, as no demand went unserved. Such misses are
reported, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bucarest.core.provenance import Provenance

__all__ = [
    "CLASSES",
    "MINOR_SHARE",
    "PROTECTED_TOLERANCE",
    "SEVERE_SHARE",
    "ClassedCountry",
    "CrisisRecord",
    "RecordedCountry",
    "model_class",
]

#: The classes, from worst to best, then the record's "unknown".
CLASSES = ("hardest-hit", "partly-affected", "not-affected", "unknown")
#: Protected demand short by more than this share makes a country hardest hit.
PROTECTED_TOLERANCE = 0.01
#: At least this share of non-protected demand not served makes a country hardest hit.
SEVERE_SHARE = 0.25
#: More than this share of non-protected demand not served makes a country partly affected.
MINOR_SHARE = 0.01


def model_class(protected_share: float, non_protected_share: float) -> str:
    """The class of a country whose protected customers were short by ``protected_share`` of
    their demand and whose other customers were not served ``non_protected_share`` of theirs
    (shortfall plus curtailment), both over the crisis period (0–1)."""
    if protected_share > PROTECTED_TOLERANCE or non_protected_share >= SEVERE_SHARE:
        return "hardest-hit"
    if non_protected_share > MINOR_SHARE:
        return "partly-affected"
    return "not-affected"


@dataclass(frozen=True)
class ClassedCountry:
    """One country: the record's class, the model's shares over the crisis period and its
    class, and whether they agree (None where the record's class is unknown)."""

    code: str
    recorded: str
    protected_share: float
    non_protected_share: float
    modelled: str

    @property
    def agrees(self) -> bool | None:
        if self.recorded == "unknown":
            return None
        return self.recorded == self.modelled


@dataclass(frozen=True)
class RecordedCountry:
    """One country in the record of a crisis: its class, and where a source says so, the share
    of its supply cut (0–1), which customers lost gas (households, industry, none), whether
    an emergency was declared, and the days its reserves covered; with its provenance."""

    code: str
    recorded: str
    provenance: Provenance
    supply_cut_share: float | None = None
    customers_cut: str | None = None
    emergency_declared: bool | None = None
    storage_days: float | None = None


@dataclass(frozen=True)
class CrisisRecord:
    """What happened, country by country, in a past crisis that a shipped ``scenario`` (on
    ``dataset``) reproduces; ``start``/``end`` the crisis period the classes describe."""

    id: str
    name_en: str
    name_fr: str
    dataset: str
    scenario: str
    start: date
    end: date
    countries: tuple[RecordedCountry, ...]
    provenance: Provenance

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en

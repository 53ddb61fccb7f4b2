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
reported, not hidden: :func:`compare` puts the model's class beside the record's for every
country, and a miss carries the record's sourced :class:`Explanation` of why the model differs
where the record gives one.

Example::

    >>> from datetime import date
    >>> from bucarest.core.provenance import Citation, Confidence, Provenance
    >>> cited = Provenance((Citation("A report", "An issuer", "2009", None),), Confidence.OFFICIAL)
    >>> record = CrisisRecord("c", "Crisis", "Crise", "d", "s", date(2009, 1, 6),
    ...                       date(2009, 1, 20), (RecordedCountry("BGR", "hardest-hit", cited),),
    ...                       cited)
    >>> class Shares:
    ...     code, protected_unserved_share, non_protected_not_served_share = "BGR", 0.0, 0.4
    >>> rows = compare(record, [Shares()], "d", Mode.NATIONAL, Foresight.ROLLING)
    >>> [(r.code, r.modelled, r.agrees) for r in rows]
    [('BGR', 'hardest-hit', True)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bucarest.core.errors import N_, InvalidFactError
from bucarest.core.provenance import Provenance
from bucarest.energy.domain.scenario import Foresight, Mode

__all__ = [
    "CLASSES",
    "MINOR_SHARE",
    "PROTECTED_TOLERANCE",
    "SEVERE_SHARE",
    "ClassedCountry",
    "CountryShares",
    "CrisisRecord",
    "Expectation",
    "Explanation",
    "RecordedCountry",
    "ScenarioShares",
    "agreement",
    "compare",
    "model_class",
    "unmet",
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
class Explanation:
    """Why the model's class of a country differs from the record's, under ``mode`` on each of
    ``datasets`` (the country-level dataset, its asset-level network, or both) and under
    ``foresight`` (None: under either): a short text in English and French and the sources it
    rests on. Users see it as a cited note."""

    datasets: tuple[str, ...]
    mode: Mode
    text_en: str
    text_fr: str
    provenance: Provenance
    foresight: Foresight | None = None

    def applies(self, dataset: str, mode: Mode, foresight: Foresight) -> bool:
        """Whether the explanation is about the model's answer on ``dataset`` under ``mode``
        and ``foresight``."""
        return (
            dataset in self.datasets and mode == self.mode and self.foresight in (None, foresight)
        )

    def text(self, lang: str) -> str:
        return self.text_fr if lang == "fr" else self.text_en


@dataclass(frozen=True)
class ClassedCountry:
    """One country: the record's class, the model's shares over the crisis period (0–1) and
    its class, whether they agree (None where the record's class is unknown), and for a miss
    the record's explanation of it, where there is one."""

    code: str
    recorded: str
    protected_share: float
    non_protected_share: float
    modelled: str
    explanation: Explanation | None = None

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
    explanations: tuple[Explanation, ...] = ()

    def explanation(self, dataset: str, mode: Mode, foresight: Foresight) -> Explanation | None:
        """The record's explanation of the model's answer on ``dataset`` under ``mode`` and
        ``foresight``."""
        return next((e for e in self.explanations if e.applies(dataset, mode, foresight)), None)


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


class CountryShares(Protocol):
    """What :func:`compare` reads of a country's outcome (a solved scenario's
    :class:`~bucarest.energy.domain.solve.CountryOutcome` has it): shares from 0 to 1."""

    @property
    def code(self) -> str: ...
    @property
    def protected_unserved_share(self) -> float: ...
    @property
    def non_protected_not_served_share(self) -> float: ...


def compare(
    record: CrisisRecord,
    outcomes: Iterable[CountryShares],
    dataset: str,
    mode: Mode,
    foresight: Foresight,
) -> tuple[ClassedCountry, ...]:
    """Every country of ``record``, in its order, with the model's shares and class from
    ``outcomes`` (the record's scenario solved on ``dataset`` under ``mode`` and
    ``foresight``) beside the recorded class; a miss carries the record's explanation for
    that dataset, mode and foresight.

    The model's share of protected demand unserved and of other demand not served are over
    the solved scenario (``jan-2009`` runs the whole of January; the record's classes describe
    6–20 January, when nearly all the shortfall falls)."""
    by_code = {o.code: o for o in outcomes}
    rows = []
    for country in record.countries:
        o = by_code.get(country.code)
        if o is None:
            raise InvalidFactError(
                N_("the model has no outcome for '{code}', a country of the record '{record}'"),
                code=country.code, record=record.id,
            )  # fmt: skip
        modelled = model_class(o.protected_unserved_share, o.non_protected_not_served_share)
        miss = country.recorded != "unknown" and modelled != country.recorded
        rows.append(ClassedCountry(
            country.code, country.recorded, o.protected_unserved_share,
            o.non_protected_not_served_share, modelled,
            country.explanation(dataset, mode, foresight) if miss else None,
        ))  # fmt: skip
    return tuple(rows)


def agreement(rows: Iterable[ClassedCountry]) -> tuple[int, int]:
    """How many countries the model classes as the record does, of those the record classes
    (its ``unknown`` rows left out).

    Example::

        >>> agreement([ClassedCountry("X", "not-affected", 0.0, 0.0, "not-affected"),
        ...            ClassedCountry("Y", "unknown", 0.0, 0.0, "not-affected")])
        (1, 1)
    """
    agrees = [r.agrees for r in rows if r.agrees is not None]
    return sum(agrees), len(agrees)


#: The shares an :class:`Expectation` can bound, by the outcome attribute that holds them.
SHARES = {
    "all": "unserved_share",
    "protected": "protected_unserved_share",
    "non_protected": "non_protected_not_served_share",
}


@dataclass(frozen=True)
class Expectation:
    """What a scenario's note expects of one country, in a form a test checks: the model's
    ``share`` (``all`` demand unserved, ``protected`` demand unserved, or ``non_protected``
    demand not served; 0–1 over the scenario) under ``mode`` stays within ``[low, high]``.
    ``source`` says what the cited source reports; ``matches_source`` is False where the
    model departs from it (the note says why), so a departure is pinned, not hidden.

    Example::

        >>> Expectation("FIN", Mode.NATIONAL, "all", 0.4, None, True, "COM(2014) 654").holds(1.0)
        True
    """

    country: str
    mode: Mode
    share: str
    low: float | None
    high: float | None
    matches_source: bool
    source: str

    def holds(self, value: float) -> bool:
        # 1e-6: solver noise must not turn a 0.0 bound into a failure
        above = self.low is None or value >= self.low - 1e-6
        below = self.high is None or value <= self.high + 1e-6
        return above and below


class ScenarioShares(CountryShares, Protocol):
    """A country's outcome with the share of all its demand unserved as well (0–1)."""

    @property
    def unserved_share(self) -> float: ...


def unmet(
    expectations: Iterable[Expectation], outcomes: dict[Mode, Iterable[ScenarioShares]]
) -> list[tuple[Expectation, float | None]]:
    """The expectations the solved scenario breaks, each with the model's share (None where
    the country has no outcome); ``outcomes`` are the scenario's per-country outcomes under
    each mode the expectations name.
    """
    by_mode = {m: {o.code: o for o in rows} for m, rows in outcomes.items()}
    out: list[tuple[Expectation, float | None]] = []
    for e in expectations:
        o = by_mode.get(e.mode, {}).get(e.country)
        value = None if o is None else float(getattr(o, SHARES[e.share]))
        if value is None or not e.holds(value):
            out.append((e, value))
    return out

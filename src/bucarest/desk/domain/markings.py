"""Who a record is for: classification, releasability and TLP 2.0, and the people asking.

Example::

    >>> m = Marking(originator="FRA", tlp=TLP.GREEN, frameworks=frozenset({"nato"}))
    >>> m.narrows(Marking(originator="FRA", tlp=TLP.CLEAR, frameworks=frozenset({"nato", "eapc"})))
    True
    >>> TLP.AMBER_STRICT.meaning("en")[:47]
    "Limited to the recipient's organisation only: t"

A marking sits on every record. Its dimensions are independent and a reader must pass all
of them (see :mod:`bucarest.desk.domain.policy`):

* **classification**, ordered; the service holds nothing above its configured ceiling
  (NATO UNCLASSIFIED by default);
* **releasability**: to the originator only, or to named nations and to frameworks whose
  membership is read from the registry on the date of the request;
* **TLP 2.0** (FIRST, https://www.first.org/tlp/), CLEAR to RED, with named recipients
  for RED;
* **response team**: a flag that also opens the record to NATO's responders (assistance
  requests are seen by the requesting nation and the team only).

Organisations are nations (ISO alpha-3) or NATO bodies (``NATO``, ``NCIRC``: see
:data:`NATO_BODIES`), which count as members of the ``nato`` framework.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.identity import NATO_BODIES, check_organisation

__all__ = [
    "CLASSIFICATION_NAMES",
    "TLP",
    "Classification",
    "Marking",
    "nations_of",
]


class Classification(StrEnum):
    """Security classification, lowest first (C-M(2002)49 levels; ``public`` below them)."""

    PUBLIC = "public"
    UNCLASSIFIED = "nato-unclassified"
    RESTRICTED = "nato-restricted"
    CONFIDENTIAL = "nato-confidential"
    SECRET = "nato-secret"

    @property
    def rank(self) -> int:
        return list(Classification).index(self)


#: The Alliance's marking of each level, in English; French in the catalogues, as NATO's
#: French-language documents print it (« NATO SANS CLASSIFICATION », « NATO DIFFUSION
#: RESTREINTE », « NATO CONFIDENTIEL », « NATO SECRET »: see docs/decisions.md).
CLASSIFICATION_NAMES: dict[Classification, str] = {
    Classification.PUBLIC: N_("Public"),
    Classification.UNCLASSIFIED: N_("NATO UNCLASSIFIED"),
    Classification.RESTRICTED: N_("NATO RESTRICTED"),
    Classification.CONFIDENTIAL: N_("NATO CONFIDENTIAL"),
    Classification.SECRET: N_("NATO SECRET"),
}


class TLP(StrEnum):
    """Traffic Light Protocol 2.0, least restrictive first."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"

    @property
    def rank(self) -> int:
        return list(TLP).index(self)

    def meaning(self, lang: str) -> str:
        """What the label allows, in ``lang`` (FIRST TLP 2.0 definitions, paraphrased)."""
        from bucarest.core.i18n import gettext

        return gettext(_TLP_MEANINGS[self], lang)


_TLP_MEANINGS = {
    TLP.CLEAR: N_("No limit on disclosure, subject to copyright rules."),
    TLP.GREEN: N_(
        "Limited to the recipient's community: every principal the record is releasable to."
    ),
    TLP.AMBER: N_(
        "Limited to the recipient's organisation and its clients, on a need-to-know basis: "
        "analysts, points of contact and responders, not readers."
    ),
    TLP.AMBER_STRICT: N_(
        "Limited to the recipient's organisation only: the originator's own people with a need to know."
    ),
    TLP.RED: N_("For the eyes of the named recipients only."),
}


@dataclass(frozen=True)
class Marking:
    """The marking of one record (see the module text for the dimensions).

    ``originator`` is the organisation that owns the record (always the author's own: the
    store never takes it from the request). ``frameworks`` are registry framework ids
    (``nato``, ``eapc``, ``md``, ``ici`` …), ``nations`` alpha-3 codes, ``recipients``
    user names for TLP:RED.
    """

    originator: str
    tlp: TLP = TLP.AMBER
    classification: Classification = Classification.UNCLASSIFIED
    frameworks: frozenset[str] = frozenset()
    nations: frozenset[str] = frozenset()
    originator_only: bool = False
    recipients: frozenset[str] = frozenset()
    response_team: bool = False

    def narrows(self, other: Marking) -> bool:
        """Whether this marking is at least as restrictive as ``other`` in every dimension,
        so that whoever may read a record marked ``self`` may also read one marked ``other``.

        TLP is ordered CLEAR < GREEN < AMBER < {AMBER+STRICT, RED}; AMBER+STRICT (the
        originator's organisation) and RED (named people) are not comparable, except that
        RED kept to the originator's organisation narrows AMBER+STRICT. Releasability
        narrows when its nations and frameworks are subsets (conservative: a framework is
        not compared with the nations that happen to be its members).
        """
        if self.originator != other.originator:
            return False
        if self.classification.rank < other.classification.rank or not _tlp_narrows(self, other):
            return False
        if self.response_team and not other.response_team:
            return False
        if not self.originator_only:
            if other.originator_only:
                return False
            if not (self.frameworks <= other.frameworks and self.nations <= other.nations):
                return False
        if self.tlp is TLP.RED and other.tlp is TLP.RED and not self.recipients <= other.recipients:
            return False
        return True

    def at_least(self, parent: Marking) -> Marking:
        """This marking tightened where needed so that it :meth:`narrows` ``parent``: the
        rule that keeps a child record from outliving its parent's restriction."""
        cls = (
            self.classification
            if self.classification.rank >= parent.classification.rank
            else parent.classification
        )
        tlps = {self.tlp, parent.tlp}
        if TLP.RED in tlps:
            tlp = TLP.RED
        elif TLP.AMBER_STRICT in tlps:
            tlp = TLP.AMBER_STRICT
        else:
            tlp = max(tlps, key=lambda t: t.rank)
        only = (
            self.originator_only
            or parent.originator_only
            or (tlp is TLP.RED and TLP.AMBER_STRICT in tlps)
        )
        if self.tlp is TLP.RED and parent.tlp is TLP.RED:
            recipients = (
                (self.recipients & parent.recipients) if self.recipients else parent.recipients
            )
        else:
            recipients = self.recipients if self.tlp is TLP.RED else parent.recipients
        return Marking(
            originator=parent.originator,
            tlp=tlp,
            classification=cls,
            frameworks=frozenset() if only else self.frameworks & parent.frameworks,
            nations=frozenset() if only else self.nations & parent.nations,
            originator_only=only,
            recipients=recipients if tlp is TLP.RED else frozenset(),
            response_team=self.response_team and parent.response_team,
        )


def _tlp_narrows(mine: Marking, other: Marking) -> bool:
    if other.tlp is TLP.AMBER_STRICT:
        return mine.tlp is TLP.AMBER_STRICT or (mine.tlp is TLP.RED and mine.originator_only)
    if other.tlp is TLP.RED:
        return mine.tlp is TLP.RED
    return mine.tlp.rank >= other.tlp.rank


def nations_of(codes: Iterable[str]) -> frozenset[str]:
    """Validated alpha-3 codes (upper-cased); NATO bodies are not nations."""
    out = set()
    for code in codes:
        key = check_organisation(code)
        if key in NATO_BODIES:
            raise InvalidInputError(
                N_(
                    "'{code}' is a NATO body, not a nation; release to NATO bodies with the framework 'nato'"
                ),
                code=key,
            )
        out.add(key)
    return frozenset(out)

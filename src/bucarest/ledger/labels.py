"""Labels of the ledger's enumerations, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(STATUS_LABELS[LedgerStatus.OVERDUE], "fr")
    'en retard'
"""

from __future__ import annotations

from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.core.provenance import Citation, Confidence, Provenance
from bucarest.ledger.domain.model import RecordedStatus, Topic
from bucarest.ledger.domain.progress import Outlook
from bucarest.ledger.domain.status import LedgerStatus

__all__ = [
    "CONFIDENCE_LABELS",
    "OUTLOOK_LABELS",
    "RECORDED_LABELS",
    "STATUS_LABELS",
    "TOPIC_LABELS",
    "confidence_label",
    "localized",
]

STATUS_LABELS: dict[LedgerStatus, str] = {
    LedgerStatus.NOT_YET_DECIDED: N_("not yet decided"),
    LedgerStatus.NOT_YET_DUE: N_("not yet due"),
    LedgerStatus.DUE: N_("due"),
    LedgerStatus.OVERDUE: N_("overdue"),
    LedgerStatus.DONE_ON_TIME: N_("done on time"),
    LedgerStatus.DONE_LATE: N_("done late"),
    LedgerStatus.SUPERSEDED: N_("superseded"),
    LedgerStatus.DROPPED: N_("dropped"),
}

RECORDED_LABELS: dict[RecordedStatus, str] = {
    RecordedStatus.IN_PROGRESS: N_("in progress"),
    RecordedStatus.DONE: N_("done"),
    RecordedStatus.SUPERSEDED: N_("superseded"),
    RecordedStatus.DROPPED: N_("dropped"),
}

TOPIC_LABELS: dict[Topic, str] = {
    Topic.AFGHANISTAN: N_("Afghanistan"),
    Topic.ENLARGEMENT: N_("Enlargement"),
    Topic.PARTNERSHIPS: N_("Partnerships"),
    Topic.OPERATIONS: N_("Operations"),
    Topic.MISSILE_DEFENCE: N_("Missile defence"),
    Topic.CYBER: N_("Cyber defence"),
    Topic.ENERGY: N_("Energy security"),
    Topic.TRANSFORMATION: N_("Transformation"),
}

OUTLOOK_LABELS: dict[Outlook, str] = {
    Outlook.ON_TRACK: N_("on track"),
    Outlook.AT_RISK: N_("at risk"),
    Outlook.OFF_TRACK: N_("off track"),
    Outlook.UNKNOWN: N_("no forecast"),
}

#: The confidence levels as the provenance badge names them (platform/provenance.html).
CONFIDENCE_LABELS: dict[Confidence, str] = {
    Confidence.OFFICIAL: N_("Official text"),
    Confidence.SECONDARY: N_("Secondary source"),
    Confidence.ESTIMATE: N_("Estimate"),
}


def confidence_label(p: Provenance | None, lang: str) -> str:
    """The confidence of ``p`` in ``lang`` ("" when there is no provenance)."""
    return gettext(CONFIDENCE_LABELS[p.confidence], lang) if p is not None else ""


#: Issuers as the Alliance names them in French (other issuers keep their own names).
_ISSUERS_FR = {
    "NATO": "OTAN",
    "NATO Allied Joint Force Command Naples": "OTAN, Commandement de forces interarmées alliées de Naples",
    "Department of National Defence (Canada)": "Ministère de la Défense nationale (Canada)",
    "United Nations": "Nations Unies",
}


def localized(p: Provenance | None, lang: str) -> Provenance | None:
    """``p`` with its issuers named in ``lang`` (titles stay those of the cited texts).

    >>> c = Citation("Bucharest Summit Declaration", "NATO")
    >>> localized(Provenance((c,), Confidence.OFFICIAL), "fr").citations[0].issuer
    'OTAN'
    """
    if p is None or lang != "fr":
        return p
    return Provenance(
        tuple(Citation(c.title, _ISSUERS_FR.get(c.issuer, c.issuer), c.date, c.url)
              for c in p.citations),
        p.confidence,
    )  # fmt: skip

"""Human labels of the desk's values, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(STEP_LABELS["acknowledge"], "fr")
    'Réception accusée'
"""

from __future__ import annotations

from bucarest.core.errors import (
    N_,
)
from bucarest.desk.domain.assistance import (
    Step,
)
from bucarest.desk.domain.markings import CLASSIFICATION_NAMES, Classification
from bucarest.desk.domain.observables import ObservableType

__all__ = [
    "BODY_NAMES",
    "CLASSIFICATION_LABELS",
    "INCIDENT_STATUS_LABELS",
    "OBSERVABLE_LABELS",
    "SEVERITY_LABELS",
    "STATE_LABELS",
    "STEP_BUTTONS",
    "STEP_LABELS",
]


SEVERITY_LABELS = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}


INCIDENT_STATUS_LABELS = {
    "open": N_("open"),
    "contained": N_("contained"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
}


STATE_LABELS = {
    "submitted": N_("submitted"),
    "acknowledged": N_("acknowledged"),
    "assigned": N_("team assigned"),
    "deployed": N_("team deployed"),
    # Not the incidents' "closed": French needs the feminine of a request (« clôturée »).
    "closed": N_("closed, lessons recorded"),
}


STEP_LABELS = {
    "submit": N_("Submitted"),
    "acknowledge": N_("Acknowledged"),
    "assign": N_("Team assigned"),
    "deploy": N_("Team deployed"),
    "close": N_("Closed"),
}


STEP_BUTTONS = {
    Step.ACKNOWLEDGE: N_("Acknowledge the request"),
    Step.ASSIGN: N_("Assign the team"),
    Step.DEPLOY: N_("Deploy the team"),
    Step.CLOSE: N_("Close with the lessons learned"),
}


#: The markings of the classification levels (kept beside the levels, for the policy's reasons).
CLASSIFICATION_LABELS: dict[Classification, str] = CLASSIFICATION_NAMES


OBSERVABLE_LABELS = {
    ObservableType.IPV4: N_("IPv4 address or network"),
    ObservableType.IPV6: N_("IPv6 address or network"),
    ObservableType.DOMAIN: N_("Domain name"),
    ObservableType.URL: N_("URL"),
    ObservableType.EMAIL: N_("E-mail address"),
    ObservableType.MD5: N_("File hash: MD5"),
    ObservableType.SHA1: N_("File hash: SHA-1"),
    ObservableType.SHA256: N_("File hash: SHA-256"),
}


BODY_NAMES = {
    "NATO": N_("NATO staff"),
    "NCIRC": N_("NATO Computer Incident Response Capability"),
}

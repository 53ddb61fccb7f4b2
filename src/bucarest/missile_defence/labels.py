"""Human labels of the missile-defence analysis, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(EVENT_LABELS["apogee"], "fr")
    'Apogée'
"""

from __future__ import annotations

from bucarest.core.errors import N_

__all__ = ["COVERAGE_LABELS", "EVENT_LABELS"]


#: Labels of a grid point's coverage, by the key the map and its legend use.
COVERAGE_LABELS = {
    "covered": N_("Covered"),
    "kinematics": N_("Uncovered: kinematics-limited"),
    "sensor": N_("Uncovered: sensor-limited"),
    "not-threatened": N_("Not threatened"),
}

#: Labels of the engagement timeline's events, by the kind the API gives.
EVENT_LABELS = {
    "launch": N_("Launch"),
    "burnout": N_("Burnout"),
    "apogee": N_("Apogee"),
    "detection": N_("Detection"),
    "band-entry": N_("Enters the interceptor's altitude band"),
    "band-exit": N_("Leaves the interceptor's altitude band"),
    "interceptor-launch": N_("Interceptor launch"),
    "first-intercept": N_("First intercept"),
    "last-intercept": N_("Last intercept"),
    "impact": N_("Impact"),
}

"""Human labels of the missile-defence analysis, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(EVENT_LABELS["apogee"], "fr")
    'Apogée'
"""

from __future__ import annotations

from bucarest.core.errors import N_

__all__ = [
    "ASSET_LIMIT_NAMES",
    "CONSTRAINT_LABELS",
    "CONSTRAINT_NAMES",
    "COVERAGE_LABELS",
    "EVENT_LABELS",
    "METHOD_NAMES",
]


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
    "interceptor-launch": N_("Earliest possible interceptor launch"),
    "first-intercept": N_("First intercept"),
    "last-intercept": N_("Last intercept"),
    "impact": N_("Impact"),
}

#: Labels of the binding constraint that leaves a trajectory unengaged (engagement doctrine),
#: by the key the API gives; the first four hold against an ideal sensor too.
CONSTRAINT_LABELS = {
    "none": N_("Engaged"),
    "altitude-band": N_(
        "Altitude band: the threat never flies inside an interceptor's altitude band"
    ),
    "kinematics": N_("Kinematics: no interceptor reaches it inside its altitude band"),
    "commit-time": N_("Commit time: the decision and launch delays leave no intercept"),
    "battle-space": N_(
        "Battle space: the intercept would come too close to the threat's fall below the minimum altitude"
    ),
    "intercept-geometry": N_(
        "Intercept geometry: closing speed or crossing angle beyond the kill vehicle's limits"
    ),
    "sensor": N_("Sensor: no radar allowed to launch the interceptors gets a fire-control track"),
    "track-timeline": N_("Track too late: the fire-control track comes too late to launch in time"),
    "track-quality": N_(
        "Track quality: no radar allowed to guide the kill vehicle holds a fire-control track at hand-over"
    ),
    "inventory": N_(
        "Inventory: too few interceptors for the doctrine's shots at the whole raid, or none where a site could engage"
    ),
    "not-threatened": N_("Not threatened"),
}

#: Short names of the binding constraints, for table cells.
CONSTRAINT_NAMES = {
    "none": N_("engaged"),
    "altitude-band": N_("altitude band"),
    "kinematics": N_("kinematics"),
    "commit-time": N_("commit time"),
    "battle-space": N_("battle space"),
    "intercept-geometry": N_("intercept geometry"),
    "sensor": N_("no launch track"),
    "track-timeline": N_("track too late"),
    "track-quality": N_("track quality at hand-over"),
    "inventory": N_("too few interceptors"),
    "not-threatened": N_("not threatened"),
}

#: Short names of why no site engages a defended asset (effectiveness ``limited_by``): the
#: binding constraints, and ``split`` where the sites together engage it but no one site does.
ASSET_LIMIT_NAMES = {**CONSTRAINT_NAMES, "split": N_("no single site")}

#: How an asset's probability of zero leakage was computed (effectiveness ``method``).
METHOD_NAMES = {"closed-form": N_("closed form"), "monte-carlo": N_("Monte Carlo")}

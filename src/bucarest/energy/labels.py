"""Human labels of the energy analysis, marked for the EN/FR catalogues.

Example::

    >>> from bucarest.core.i18n import gettext
    >>> gettext(MODE_SHORT_LABELS[Mode.NATIONAL], "fr")
    'priorité nationale'
"""

from __future__ import annotations

from bucarest.core.errors import N_

# The page and GET /api/v1/energy/scenarios/{id}/result share one cache of solved scenarios:
# the page's table and the script's daily series then cost one solve (5 s for 180 days).
from bucarest.energy.domain.scenario import Foresight, Mode

MODE_LABELS = {
    Mode.COOPERATIVE: N_("Cooperative: shortfalls shared as evenly as the network allows"),
    Mode.NATIONAL: N_("National first: a country exports only once its own demand is met"),
}

#: What a mode does, in one sentence (docs/energy-modes.md has the definitions).
MODE_EXPLANATIONS = {
    Mode.COOPERATIVE: N_(
        "Cooperative (solidarity): protected customers are served first everywhere, then the "
        "shortfalls of protected and then of other customers are shared so that the worst-off "
        "country is as well off as the network allows."
    ),
    Mode.NATIONAL: N_(
        "National first: each country keeps what its own production and storage can serve, and "
        "gas is served to countries in order of their distance from the supply, each serving its "
        "protected then its other customers before letting any pass."
    ),
}

#: What operators knew, in one sentence, said after the mode's (docs/energy-modes.md).
FORESIGHT_EXPLANATIONS = {
    Foresight.ROLLING: N_(
        "Operators learn of each disruption when it starts, plan as if it lasted, and keep "
        "storage for the rest of the winter unless customers would go short."
    ),
    Foresight.PERFECT: N_(
        "Perfect foresight: the whole scenario is known in advance, which gives the least "
        "shortfall any operation could reach."
    ),
}


MODE_SHORT_LABELS = {Mode.COOPERATIVE: N_("cooperative"), Mode.NATIONAL: N_("national first")}

#: What operators knew, in two or three words (titles of the comparison with a past crisis).
FORESIGHT_SHORT_LABELS = {
    Foresight.ROLLING: N_("without hindsight"),
    Foresight.PERFECT: N_("perfect foresight"),
}


ASSET_GROUP_LABELS = {
    "pipeline": N_("Pipelines"),
    "storage": N_("Underground storage"),
    "lngterminal": N_("LNG terminals"),
    "productionsite": N_("Production facilities"),
    "node": N_("Production and outside supply"),
}


ASSET_KIND_LABELS = {
    "pipeline": N_("pipeline"),
    "storage": N_("storage"),
    "lng": N_("LNG terminal"),
    "productionsite": N_("production facility"),
    "node": N_("production or supply"),
}


#: What the N-1 formula's ``Im`` stands for (``domain/indicators.SCOPES``), as users read it.
N1_SCOPE_LABELS = {
    "asset": N_("one infrastructure"),
    "border": N_("a border's points together (split not sourced)"),
    "production": N_("a country's whole production (no facility named)"),
    "aggregate": N_("a country's total (country-level data)"),
}


#: The name of a scenario run from the editor, in both languages (the API wants both).
EDITED_NAME = N_("Edited: {assets}")


#: The classes of a past crisis's record (``domain/history.py``), as users read them.
HISTORY_CLASS_LABELS = {
    "hardest-hit": N_("hardest hit"),
    "partly-affected": N_("partly affected"),
    "not-affected": N_("not affected"),
    "unknown": N_("unknown"),
}

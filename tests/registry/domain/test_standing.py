from datetime import date

from bucarest.registry.domain.model import Registry
from bucarest.registry.domain.standing import Standing, standing_on


def test_albania_becomes_an_ally_on_1_april_2009(reg: Registry) -> None:
    assert standing_on(reg, date(2009, 3, 31))["ALB"].standing is Standing.INVITEE
    assert standing_on(reg, date(2009, 4, 1))["ALB"].standing is Standing.ALLY


def test_categories_at_bucharest(reg: Registry) -> None:
    s = standing_on(reg, date(2008, 4, 3))
    assert s["FRA"].standing is Standing.ALLY
    assert s["MKD"].standing is Standing.MAP
    assert s["UKR"].standing is Standing.NUC
    assert s["GEO"].standing is Standing.ID
    assert s["RUS"].standing is Standing.NRC
    assert s["EGY"].standing is Standing.MD
    assert s["QAT"].standing is Standing.ICI
    assert "pfp" in s["UKR"].frameworks


def test_the_bilateral_councils_are_shown_on_the_day_the_ngc_was_founded(reg: Registry) -> None:
    s = standing_on(reg, date(2008, 9, 15))
    assert s["GEO"].standing is Standing.NGC
    assert s["UKR"].standing is Standing.NUC
    assert s["RUS"].standing is Standing.NRC
    assert standing_on(reg, date(2008, 9, 14))["GEO"].standing is Standing.ID
    shown = {c.standing for c in s.values()}
    assert {Standing.NGC, Standing.NUC, Standing.NRC} <= shown


def test_every_legend_category_but_none_is_shown_on_some_key_date(reg: Registry) -> None:
    shown: set[Standing] = set()
    for day in (date(2008, 4, 3), date(2008, 9, 15), date(2009, 12, 4)):
        shown |= {c.standing for c in standing_on(reg, day).values()}
    # Every EAPC partner is also in PfP, which ranks above it; IPAP holders rank under ID.
    assert set(Standing) - shown <= {Standing.NONE, Standing.IPAP, Standing.EAPC}

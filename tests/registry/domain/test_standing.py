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
    assert s["UKR"].standing is Standing.ID
    assert s["EGY"].standing is Standing.MD
    assert s["QAT"].standing is Standing.ICI
    assert "pfp" in s["UKR"].frameworks

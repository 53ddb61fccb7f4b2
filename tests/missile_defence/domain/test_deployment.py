"""Dated architecture elements: ``--on`` selects the sites, radars and inventories in service."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import evaluate, territory_grid, threat_field
from bucarest.missile_defence.domain.deployment import deployed_on, in_service, interceptors_on
from bucarest.missile_defence.domain.model import Catalogue


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize(
    ("arch", "day", "present", "absent"),
    [
        ("epaa-phase-2", date(2015, 1, 1), {"aegis-ship-east-med", "tpy2-kurecik"},
         {"deveselu-aegis-ashore", "spy1-deveselu"}),
        ("epaa-phase-2", date(2016, 6, 1), {"deveselu-aegis-ashore", "spy1-deveselu"}, set()),
        ("epaa-phase-3", date(2023, 6, 1), {"deveselu-aegis-ashore"},
         {"redzikowo-aegis-ashore", "spy1-redzikowo"}),
        ("epaa-phase-3", date(2025, 1, 1), {"redzikowo-aegis-ashore", "spy1-redzikowo"}, set()),
        ("epaa-phase-1", date(2011, 6, 1), {"aegis-ship-east-med", "spy1-ship-east-med"},
         {"tpy2-kurecik"}),
        ("us-gmd-2008", date(2008, 4, 3),
         {"fort-greely-gbi", "vandenberg-gbi", "cobra-dane", "beale-uewr", "fylingdales-uewr"},
         {"thule-uewr"}),
        ("us-gmd-2008", date(2012, 1, 1), {"thule-uewr"}, set()),
        ("us-gmd-2008", date(2004, 1, 1), set(),
         {"fort-greely-gbi", "vandenberg-gbi", "cobra-dane", "beale-uewr", "fylingdales-uewr",
          "thule-uewr"}),
    ],
)  # fmt: skip
def test_the_day_selects_what_was_deployed(
    cat: Catalogue, arch: str, day: date, present: set[str], absent: set[str]
) -> None:
    dep = deployed_on(cat, cat.architecture(arch), day)
    kept = set(dep.architecture.sites) | set(dep.architecture.radars)
    assert present <= kept
    assert not absent & kept
    assert set(dep.absent) == absent


def test_undated_plans_are_present_on_every_day(cat: Catalogue) -> None:
    """The 2008 third site was never built: a plan carries no dates and is always evaluated."""
    arch = cat.architecture("us-third-site-2008")
    for day in (date(1999, 1, 1), date(2008, 4, 3), date(2030, 1, 1)):
        dep = deployed_on(cat, arch, day)
        assert dep.architecture is arch and dep.catalogue is cat and dep.absent == ()


def test_candidates_stay_options_whatever_the_day(cat: Catalogue) -> None:
    dep = deployed_on(cat, cat.architecture("us-third-site-2008"), date(2008, 4, 3))
    assert "deveselu-aegis-ashore" in dep.architecture.candidate_sites


def test_inventories_follow_the_dated_counts(cat: Catalogue) -> None:
    greely = cat.site("fort-greely-gbi")
    assert [interceptors_on(greely, date(y, m, d)).value for y, m, d in
            ((2004, 8, 1), (2006, 1, 1), (2007, 6, 1), (2008, 4, 3))] == [1, 7, 13, 20]  # fmt: skip
    dep = deployed_on(cat, cat.architecture("us-gmd-2008"), date(2006, 1, 1))
    assert dep.catalogue.site("fort-greely-gbi").interceptors.value == 7
    assert dep.catalogue.site("vandenberg-gbi").interceptors.value == 2
    assert cat.site("fort-greely-gbi").interceptors.value == 20  # the shipped one is unchanged
    summit = deployed_on(cat, cat.architecture("us-gmd-2008"), date(2008, 4, 3))
    assert summit.catalogue.site("vandenberg-gbi").interceptors.value == 3


def test_until_is_the_first_day_out_of_service(cat: Catalogue) -> None:
    radar = replace(cat.radar("tpy2-kurecik"), until=date(2020, 1, 1))
    assert in_service(radar, date(2019, 12, 31)) and not in_service(radar, date(2020, 1, 1))
    assert not in_service(radar, date(2011, 12, 31))


def test_links_lose_the_sites_not_in_service(cat: Catalogue) -> None:
    arch = replace(cat.architecture("epaa-phase-2"),
                   links=(("tpy2-kurecik", ("deveselu-aegis-ashore", "aegis-ship-east-med")),))  # fmt: skip
    dep = deployed_on(cat, arch, date(2015, 1, 1))
    assert dep.architecture.links == (("tpy2-kurecik", ("aegis-ship-east-med",)),)


def test_deveselu_adds_coverage_on_the_day_it_is_certified(cat: Catalogue) -> None:
    field = threat_field(cat, "iran-mrbm", territory_grid(("ROU", "BGR"), 50.0))
    arch = cat.architecture("epaa-phase-2")

    def covered(day: date) -> float:
        dep = deployed_on(cat, arch, day)
        return evaluate(field, dep.catalogue, dep.architecture).total.covered

    before, after = covered(date(2016, 5, 11)), covered(date(2016, 5, 12))
    assert after > before
    assert covered(date(2009, 4, 1)) == 0.0  # nothing of phase 2 at sea or ashore in 2009

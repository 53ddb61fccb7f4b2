"""Asset values: curves, the country-level fold, commissioning dates and the name search."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bucarest.core.errors import InvalidFactError
from bucarest.energy.domain.assets import (
    AssetBook,
    CurvePoint,
    DeliverabilityCurve,
    Interconnection,
    LngTerminalAsset,
    Production,
    StorageFacility,
    check_curve,
    country_view,
    in_service,
    in_service_on,
    search_assets,
)


def point(pid: str, name: str, a: str, b: str, cap: float, direction: str = "forward",
          commissioned: str = "") -> Interconnection:  # fmt: skip
    return Interconnection(pid, name, a, b, direction, "point", cap, 2009, commissioned, "s",
                           "CC BY 4.0", False)  # fmt: skip


def storage(
    sid: str, name: str, country: str, wg: float, w: float, i: float | None
) -> StorageFacility:
    return StorageFacility(sid, country, name, "op", "Depleted field", wg, w, i,
                           "depleted-aquifer", 2018, "1990", "s", "l", True)  # fmt: skip


BOOK = AssetBook(
    (
        point("UKR-SVK-VK", "Velké Kapušany", "UKR", "SVK", 200.0),
        point("UKR-SVK-BU", "Budince", "UKR", "SVK", 27.4),
        point("SVK-UKR-VK", "Velké Kapušany", "SVK", "UKR", 10.0, "reverse", "2014-09"),
        point("RUS-TUR-BS", "Blue Stream (Durusu)", "RUS", "TUR", 43.8),
    ),
    (LngTerminalAsset("LNG-GRC", "GRC", "Revithoussa", "DESFA", 12.0, 2009, "", "s", "l", True),),
    (
        storage("STO-BGR-CHIREN", "Chiren", "BGR", 350, 4.3, 3.4),
        storage("STO-GBR-ROUGH", "Rough", "GBR", 3300, 43.0, None),
    ),
    (),
    (Production("PROD-NLD", "NLD", "national production", 193.7, 2008, "s", "l", False),),
)


def test_country_view_sums_points_by_physical_direction() -> None:
    view = country_view(BOOK)
    assert view.pipelines == {("RUS", "TUR"): 43.8, ("SVK", "UKR"): 10.0,
                              ("UKR", "SVK"): pytest.approx(227.4)}  # fmt: skip
    assert view.lng_sendout_mcmd == {"GRC": 12.0}
    assert view.production_mcmd == {"NLD": 193.7}
    rough = view.storage["GBR"]
    assert (rough.working_gas_mcm, rough.injection_mcmd, rough.facilities) == (3300, 0.0, 1)


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("blue stream", ["RUS-TUR-BS"]),
        ("KAPUSANY", ["UKR-SVK-VK", "SVK-UKR-VK"]),
        ("kapušany", ["UKR-SVK-VK", "SVK-UKR-VK"]),
        ("chiren", ["STO-BGR-CHIREN"]),
        ("revithoussa", ["LNG-GRC"]),
        ("lng-grc", ["LNG-GRC"]),
        ("nord stream", []),
    ],
)
def test_search_ignores_case_and_accents(query: str, ids: list[str]) -> None:
    assert [m.id for m in search_assets(BOOK, query)] == ids


def test_search_refuses_an_empty_query() -> None:
    with pytest.raises(InvalidFactError, match="at least one letter"):
        search_assets(BOOK, "  ")


def test_in_service_never_counts_an_asset_early() -> None:
    assert in_service("", date(1990, 1, 1))
    assert not in_service("2008", date(2008, 12, 31)) and in_service("2008", date(2009, 1, 1))
    assert not in_service("2009-03", date(2009, 3, 31)) and in_service("2009-03", date(2009, 4, 1))
    assert in_service("2008-12", date(2009, 1, 1))
    with pytest.raises(InvalidFactError, match="commissioned = '09/2009'"):
        in_service("09/2009", date(2010, 1, 1))


def test_in_service_on_drops_later_points_only() -> None:
    winter = in_service_on(BOOK, date(2009, 1, 15))
    assert [p.id for p in winter.interconnections] == ["UKR-SVK-VK", "UKR-SVK-BU", "RUS-TUR-BS"]
    assert winter.storage == BOOK.storage and winter.lng == BOOK.lng


CAVERN = [CurvePoint(0, 0, 0, 0), CurvePoint(0.1, 0.8, 0.6, 1), CurvePoint(1, 1, 1, 1)]


@pytest.mark.parametrize(
    ("points", "problem"),
    [
        (CAVERN, None),
        ([CurvePoint(0, 0, 0, 0), CurvePoint(0.5, 0.9, 0.8, 1), CurvePoint(0.7, 0.6, 0.5, 0.7),
          CurvePoint(1, 1, 1, 1)], (2, "share")),
        ([CurvePoint(0, 0, 0, 0), CurvePoint(0.5, 0.5, 0.4, 0.6), CurvePoint(0.5, 0.6, 0.5, 0.7),
          CurvePoint(1, 1, 1, 1)], (2, "fill")),
        ([CurvePoint(0.1, 0, 0, 0), CurvePoint(1, 1, 1, 1)], (0, "fill")),
        ([CurvePoint(0, 0, 0, 0), CurvePoint(1, 0.9, 0.8, 1)], (1, "fill")),
        ([CurvePoint(0, 0, 0, 0), CurvePoint(0.5, 0.9, 0.5, 0.8), CurvePoint(1, 1, 1, 1)], (1, "share")),
        ([], (0, "fill")),
    ],
)  # fmt: skip
def test_check_curve_names_the_point_and_field(
    points: list[CurvePoint], problem: tuple[int, str] | None
) -> None:
    found = check_curve(points)
    assert (found[:2] if found else None) == problem


@given(st.lists(st.floats(0, 1), min_size=1, max_size=8), st.lists(st.floats(0, 1), min_size=2))
def test_an_accepted_curve_never_falls_between_its_points(
    shares: list[float], fills: list[float]
) -> None:
    ordered = sorted(shares)
    n = len(ordered) + 1
    points = [CurvePoint(0, 0, 0, 0)]
    points += [CurvePoint((i + 1) / (n + 1), s, s, s) for i, s in enumerate(ordered)]
    points.append(CurvePoint(1, 1, 1, 1))
    assert check_curve(points) is None
    curve = DeliverabilityCurve("c", tuple(points), "s", "l", True)
    values = [curve.share_at(f) for f in sorted(fills)]
    assert all(a <= b + 1e-12 for a, b in zip(values, values[1:], strict=False))
    assert curve.share_at(0) == 0 and curve.share_at(1) == 1

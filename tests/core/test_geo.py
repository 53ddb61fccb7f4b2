"""Country boundaries (Natural Earth 1:50m via world-atlas) and geodesic areas."""

from __future__ import annotations

import json
import math

import numpy as np
import numpy.typing as npt
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, box

from bucarest.core import geo
from bucarest.core.errors import NotFoundError, UnknownCountryError

NATO_ALLIES = (
    "ALB BEL BGR CAN HRV CZE DNK EST FIN FRA DEU GRC HUN ISL ITA LVA "
    "LTU LUX MNE NLD MKD NOR POL PRT ROU SVK SVN ESP SWE TUR GBR USA"
).split()

# WGS84
_A = 6_378_137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)
_B = _A * (1 - _F)


def _ellipsoid_zone_km2(lat1: float, lat2: float, dlon: float) -> float:
    """Exact area between two parallels over ``dlon`` degrees of longitude on WGS84.

    The spherical-zone formula A = R² Δλ (sin φ2 - sin φ1) carried to the ellipsoid of
    revolution: A = b² Δλ / 2 · [q(φ2) - q(φ1)] with q the authalic-latitude function
    q(φ) = sin φ / (1 - e² sin² φ) + artanh(e sin φ) / e (Snyder, *Map Projections: A Working
    Manual*, USGS PP 1395, eq. 3-12).
    """

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return s / (1 - _E2 * s * s) + math.atanh(_E * s) / _E

    return _B**2 * math.radians(dlon) / 2 * (q(lat2) - q(lat1)) / 1e6


def _lonlat_box(lon0: float, lat0: float, lon1: float, lat1: float, step: float) -> Polygon:
    """A lon/lat box whose parallels are densified (geodesics between its vertices bulge)."""
    n = max(2, math.ceil((lon1 - lon0) / step) + 1)
    lons = np.linspace(lon0, lon1, n)
    south = [(x, lat0) for x in lons]
    north = [(x, lat1) for x in lons[::-1]]
    return Polygon(south + north)


def test_france_area_matches_the_world_factbook() -> None:
    # Natural Earth's admin-0 "France" is metropolitan France (with Corsica) plus the five
    # overseas regions: French Guiana, Guadeloupe, Martinique, Mayotte and Réunion.
    # Reference: CIA, The World Factbook, "France" > Geography > Area: total 643,801 km²
    # (including the five overseas regions), of which 551,500 km² metropolitan France.
    france = geo.country_geometry("FRA")
    assert isinstance(france, MultiPolygon)
    europe = box(-10, 40, 15, 52)
    metropolitan = [p for p in france.geoms if europe.contains(p.representative_point())]
    overseas = [p for p in france.geoms if not europe.contains(p.representative_point())]
    assert len(overseas) >= 5  # Guadeloupe is several islands
    assert geo.equal_area_km2(MultiPolygon(metropolitan)) == pytest.approx(551_500, rel=0.02)
    assert geo.country_area_km2("FRA") == pytest.approx(643_801, rel=0.02)
    guiana = max(overseas, key=geo.equal_area_km2)
    assert guiana.bounds[1] > 2 and guiana.bounds[3] < 6  # French Guiana, between 2°N and 6°N


def test_area_agrees_with_an_equal_area_projection() -> None:
    # Independent method: project to EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global, an
    # ellipsoidal cylindrical equal-area projection) and take the planar area.
    to_ease = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)

    def project(lonlat: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.column_stack(to_ease.transform(lonlat[:, 0], lonlat[:, 1]))

    for code in ("FRA", "NOR", "CAN", "ITA"):
        projected = shapely.transform(geo.country_geometry(code), project)
        assert geo.country_area_km2(code) == pytest.approx(projected.area / 1e6, rel=1e-3), code


def test_malta_is_tiny_but_not_empty() -> None:
    area = geo.country_area_km2("MLT")
    assert 0 < area < 400  # official 316 km²; islands lose area at 1:50m


def test_kosovo_has_a_geometry() -> None:
    assert "XKX" in geo.country_codes_with_geometry()
    kosovo = geo.country_geometry("XKX")
    assert kosovo.bounds == pytest.approx((20.0, 41.85, 21.75, 43.26), abs=0.05)
    assert geo.country_area_km2("XKX") == pytest.approx(10_887, rel=0.03)  # official 10,887 km²


@pytest.mark.parametrize("code", NATO_ALLIES)
def test_every_ally_has_a_geometry(code: str) -> None:
    assert len(NATO_ALLIES) == 32
    assert code in geo.country_codes_with_geometry()
    assert geo.country_area_km2(code) > 0


def test_every_geometry_is_planar_and_valid() -> None:
    # The browser (Leaflet) and shapely are planar: no ring may cross the antimeridian.
    codes = geo.country_codes_with_geometry()
    assert len(codes) == 236
    world = box(-180, -90, 180, 90)
    for code in sorted(codes):
        geometry = geo.country_geometry(code)
        assert geometry.geom_type in {"Polygon", "MultiPolygon"}, code
        assert geometry.is_valid, (code, shapely.is_valid_reason(geometry))
        assert world.covers(geometry), code
    assert geo.country_area_km2("RUS") == pytest.approx(17_098_246, rel=0.02)  # Rosstat
    assert geo.country_area_km2("FJI") == pytest.approx(18_274, rel=0.02)  # Fiji Bureau of Stats
    assert 12e6 < geo.country_area_km2("ATA") < 14.5e6  # closed along the pole line


def test_codes_are_case_and_space_insensitive() -> None:
    assert geo.country_geometry(" fra ") is geo.country_geometry("FRA")


def test_unknown_code_raises_with_suggestions() -> None:
    with pytest.raises(UnknownCountryError) as caught:
        geo.country_geometry("FRN")
    assert "FRA" in caught.value.suggestions
    assert "FRN" in str(caught.value)
    with pytest.raises(UnknownCountryError):
        geo.country_area_km2("")


def test_country_without_a_boundary_at_this_scale_is_not_found() -> None:
    with pytest.raises(NotFoundError) as caught:
        geo.country_geometry("GIB")  # Gibraltar: a real code, too small for 1:50m
    assert not isinstance(caught.value, UnknownCountryError)
    assert "GIB" in str(caught.value)


def test_topojson_file_is_keyed_by_alpha3() -> None:
    path = geo.topojson_path()
    assert path.is_file()
    topology = json.loads(path.read_text(encoding="utf-8"))
    ids = {g["id"] for g in topology["objects"]["countries"]["geometries"]}
    assert ids == geo.country_codes_with_geometry()
    assert "land" in topology["objects"]
    assert "transform" in topology  # still quantised


def test_arc_decoding_follows_the_topojson_specification() -> None:
    # The quantised example of the TopoJSON specification, section 2.1.
    transform_ = {"scale": [0.0005000500050005, 0.00010001000100010001], "translate": [100, 0]}
    arcs = geo._decode_arcs(
        [
            [[4000, 0], [1999, 9999], [2000, -9999], [2000, 9999]],
            [[0, 0], [0, 9999], [2000, 0], [0, -9999], [-2000, 0]],
        ],
        transform_,
    )
    np.testing.assert_allclose(arcs[0], [[102, 0], [103, 1], [104, 0], [105, 1]], atol=1e-3)
    np.testing.assert_allclose(
        arcs[1], [[100, 0], [100, 1], [101, 1], [101, 0], [100, 0]], atol=1e-3
    )
    reversed_ring = geo._ring(arcs, [~1])
    np.testing.assert_allclose(reversed_ring, arcs[1][::-1])
    stitched = geo._ring(arcs, [0, ~0])  # shared end points appear once
    assert len(stitched) == 7


def test_area_is_shell_minus_holes_whatever_the_winding() -> None:
    outer = [(0, 0), (10, 0), (10, 10), (0, 10)]
    inner = [(2, 2), (4, 2), (4, 4), (2, 4)]
    whole = geo.equal_area_km2(Polygon(outer))
    hole = geo.equal_area_km2(Polygon(inner))
    for shell in (outer, outer[::-1]):
        for ring in (inner, inner[::-1]):
            assert geo.equal_area_km2(Polygon(shell, [ring])) == pytest.approx(whole - hole)
    assert geo.equal_area_km2(MultiPolygon([Polygon(outer), Polygon(inner)])) == pytest.approx(
        whole + hole
    )
    assert geo.equal_area_km2(shapely.Point(1, 1)) == 0.0


@settings(max_examples=100, deadline=None)
@given(
    lon0=st.floats(-180, 179),
    width=st.floats(0.5, 120),
    lat0=st.floats(-85, 84),
    height=st.floats(0.5, 60),
)
def test_geodesic_area_of_a_box_matches_the_analytic_zone_formula(
    lon0: float, width: float, lat0: float, height: float
) -> None:
    lat1 = min(lat0 + height, 85.0)
    # Parallels densified every 0.1°, so the geodesics between vertices hug them (error < 1e-6).
    # The plain spherical-zone formula differs from WGS84 by up to 0.9 % near the poles, hence
    # its ellipsoidal form. Boxes may cross the antimeridian (lon0 + width > 180).
    polygon = _lonlat_box(lon0, lat0, lon0 + width, lat1, step=0.1)
    expected = _ellipsoid_zone_km2(lat0, lat1, width)
    assert geo.equal_area_km2(polygon) == pytest.approx(expected, rel=1e-5)

"""Country boundaries (WGS84 lon/lat degrees) and geodesic areas (km²).

Example::

    >>> from bucarest.core.geo import country_area_km2, country_geometry
    >>> country_geometry("fra").geom_type
    'MultiPolygon'
    >>> 540_000 < country_area_km2("FRA") < 660_000   # km², metropolitan + overseas regions
    True

The boundaries are Natural Earth's 1:50m admin-0 countries as packaged by the npm package
``world-atlas`` and shipped in ``bucarest/data/geo/countries-50m.topo.json`` (see its
``SOURCES.md``): a quantised TopoJSON whose geometries are keyed by ISO 3166-1 alpha-3, plus
``XKX`` for Kosovo. The build step made it planar (polygons cut at the antimeridian, Antarctica
closed along the pole line), so every geometry is a valid shapely (Multi)Polygon within
[-180, 180] × [-90, 90]. This module decodes the TopoJSON itself (no TopoJSON library) and
caches the result per process. Areas are geodesic, on the WGS84 ellipsoid (``pyproj.Geod``,
Karney's algorithm), so they are exact for the polygons given, whatever their size or latitude.
"""

from __future__ import annotations

import atexit
import contextlib
import difflib
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry, BaseMultipartGeometry

from bucarest.core.countries import is_country_code
from bucarest.core.errors import N_, DataFileError, NotFoundError, UnknownCountryError

__all__ = [
    "country_area_km2",
    "country_codes_with_geometry",
    "country_geometry",
    "equal_area_km2",
    "topojson_path",
]

_DATA_FILE = ("data", "geo", "countries-50m.topo.json")
_OBJECT = "countries"
_GEOD = Geod(ellps="WGS84")

_Array = npt.NDArray[np.float64]


def topojson_path() -> Path:
    """Path of the shipped TopoJSON file, for the web layer to serve as it is.

    Example::

        >>> topojson_path().name
        'countries-50m.topo.json'

    The file holds the object ``countries`` (one geometry per alpha-3 ``id``, with
    ``properties.name``) and ``land``; coordinates are quantised WGS84 lon/lat degrees.
    """
    return _materialised_path()


@functools.lru_cache(maxsize=1)
def _materialised_path() -> Path:
    resource = resources.files("bucarest").joinpath(*_DATA_FILE)
    if isinstance(resource, Path):
        return resource
    # Installed in a zip or similar: extract once, removed when the process exits.
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    return stack.enter_context(resources.as_file(resource))


@dataclass(frozen=True)
class _Topology:
    arcs: tuple[_Array, ...]  # decoded arcs, each an (n, 2) array of lon/lat degrees
    shapes: Mapping[str, tuple[str, Any]]  # alpha-3 -> (geometry type, arc indices)


def _fail(reason: str) -> DataFileError:
    return DataFileError("/".join(_DATA_FILE), reason)


def _decode_arcs(raw: Sequence[Sequence[Sequence[float]]], transform: Any) -> tuple[_Array, ...]:
    """Decode TopoJSON arcs: delta-encoded integers when ``transform`` is given, else absolute."""
    lengths = np.fromiter((len(arc) for arc in raw), dtype=np.int64, count=len(raw))
    if lengths.size == 0 or lengths.min() < 2:
        raise _fail("every arc must have at least two positions")
    flat = np.array([pos[:2] for arc in raw for pos in arc], dtype=np.float64)
    if transform is not None:
        # Positions are deltas from the previous one within each arc: a cumulative sum over the
        # whole array, minus the running total reached before each arc starts.
        total = np.cumsum(flat, axis=0)
        ends = np.cumsum(lengths)
        before = np.vstack([np.zeros((1, 2)), total[ends[:-1] - 1]])
        flat = (total - np.repeat(before, lengths, axis=0)) * np.asarray(
            transform["scale"], dtype=np.float64
        ) + np.asarray(transform["translate"], dtype=np.float64)
    return tuple(np.split(flat, np.cumsum(lengths)[:-1]))


@functools.lru_cache(maxsize=1)
def _topology() -> _Topology:
    try:
        data = json.loads(resources.files("bucarest").joinpath(*_DATA_FILE).read_bytes())
        geometries = data["objects"][_OBJECT]["geometries"]
        arcs = _decode_arcs(data["arcs"], data.get("transform"))
        shapes = {str(g["id"]): (str(g["type"]), g["arcs"]) for g in geometries if "id" in g}
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise _fail(f"not a readable TopoJSON topology with '{_OBJECT}' ({exc})") from exc
    if not shapes:
        raise _fail(f"object '{_OBJECT}' has no geometry with an id")
    return _Topology(arcs, shapes)


def _ring(arcs: tuple[_Array, ...], indices: Sequence[int]) -> _Array:
    """Stitch arcs into a ring; ``~i`` (negative) means arc ``i`` reversed; shared ends once."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
    return np.concatenate([parts[0], *(p[1:] for p in parts[1:])])


def _polygon(arcs: tuple[_Array, ...], rings: Sequence[Sequence[int]]) -> Polygon:
    shell, *holes = (_ring(arcs, ring) for ring in rings)
    return Polygon(shell, holes)


@functools.cache
def _geometry(code: str) -> BaseGeometry:
    topology = _topology()
    kind, rings = topology.shapes[code]
    try:
        if kind == "Polygon":
            return _polygon(topology.arcs, rings)
        if kind == "MultiPolygon":
            return MultiPolygon([_polygon(topology.arcs, polygon) for polygon in rings])
    except (IndexError, TypeError, ValueError) as exc:
        raise _fail(f"geometry '{code}' has bad arcs ({exc})") from exc
    raise _fail(f"geometry '{code}' is a {kind}; expected Polygon or MultiPolygon")


def country_codes_with_geometry() -> frozenset[str]:
    """The alpha-3 codes (plus ``XKX``) that have a boundary.

    Example::

        >>> {"FRA", "XKX"} <= country_codes_with_geometry()
        True

    Natural Earth 1:50m has 236 of them; small territories such as Gibraltar (``GIB``) or
    Tokelau (``TKL``) have no polygon at that scale.
    """
    return frozenset(_topology().shapes)


def country_geometry(code: str) -> BaseGeometry:
    """Boundary of a country as a shapely Polygon or MultiPolygon in WGS84 lon/lat degrees.

    Example::

        >>> [round(v, 1) for v in country_geometry("isl").bounds]  # W, S, E, N in degrees
        [-24.5, 63.4, -13.6, 66.5]

    ``code`` is ISO 3166-1 alpha-3 (any case) or ``XKX``. The geometry includes the country's
    overseas parts that Natural Earth keeps in its admin-0 feature (France: the five overseas
    regions; United States: Alaska and Hawaii; Norway: Svalbard). The result is cached and
    shared: do not mutate it.

    Raises:
        UnknownCountryError: ``code`` is no country code (with close codes as suggestions).
        NotFoundError: ``code`` is a country code with no boundary at this scale (``GIB``).
    """
    key = code.strip().upper()
    shapes = _topology().shapes
    if key not in shapes:
        if is_country_code(key):
            raise NotFoundError(
                N_(
                    "no boundary for country '{country}': it is too small for the Natural "
                    "Earth 1:50m map, which has {count} countries such as 'FRA'"
                ),
                country=key,
                count=len(shapes),
            )
        suggestions = tuple(difflib.get_close_matches(key, sorted(shapes), n=3, cutoff=0.6))
        raise UnknownCountryError(code, suggestions)
    return _geometry(key)


def _polygons(geom: BaseGeometry) -> Iterator[Polygon]:
    if isinstance(geom, Polygon):
        yield geom
    elif isinstance(geom, BaseMultipartGeometry):
        for part in geom.geoms:
            yield from _polygons(part)


def _ring_area_m2(coords: Any) -> float:
    lonlat = np.asarray(coords, dtype=np.float64)
    area, _perimeter = _GEOD.polygon_area_perimeter(lonlat[:, 0], lonlat[:, 1])
    return abs(float(area))


def equal_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area in km² of a geometry in WGS84 lon/lat degrees.

    Example::

        >>> from shapely.geometry import box
        >>> round(equal_area_km2(box(0, 0, 1, 1)))   # 1° × 1° at the equator, km²
        12309

    Each ring's area is computed on the WGS84 ellipsoid with ``pyproj.Geod`` (Karney's
    geodesic polygon algorithm), so no projection distorts it. Edges are geodesics, not
    lines of constant latitude: densify a lon/lat box's edges to get the box itself. Ring
    orientation does not matter: a polygon's area is ``|shell| - Σ|hole|``; parts of a
    MultiPolygon or collection are added up; points and lines count 0. Each ring must enclose
    less than half the globe.
    """
    total = 0.0
    for polygon in _polygons(geom):
        if polygon.is_empty:
            continue
        total += _ring_area_m2(polygon.exterior.coords)
        total -= sum(_ring_area_m2(hole.coords) for hole in polygon.interiors)
    return total / 1e6


def country_area_km2(code: str) -> float:
    """Geodesic area in km² of a country's Natural Earth 1:50m boundary.

    Example::

        >>> round(country_area_km2("MLT"))   # km²; the official figure is 316
        276

    Same ``code`` rules and errors as :func:`country_geometry`. Large countries come within
    about 2 % of official figures (inland water included); small islands lose more at 1:50m
    (Malta -13 %). Cached per code.
    """
    return _country_area_km2(code.strip().upper())


@functools.cache
def _country_area_km2(key: str) -> float:
    return equal_area_km2(country_geometry(key))

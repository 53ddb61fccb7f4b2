"""Launch areas: closed lon/lat rings sampled into launch points.

Example::

    >>> ring = ((44.0, 33.0), (48.0, 33.0), (48.0, 38.0), (44.0, 38.0), (44.0, 33.0))
    >>> points = sample_ring(ring, 150.0)
    >>> len(points), points == sample_ring(ring, 150.0)      # deterministic
    (8, True)
    >>> all(33.0 < lat < 38.0 and 44.0 < lon < 48.0 for lat, lon in points)
    True

A launch area stands for the many places a mobile launcher could fire from. The ring is a
GeoJSON-like linear ring: (lon, lat) positions in degrees, at least four, the last equal to
the first. It is sampled on an even grid of ``spacing_km`` on the Lambert azimuthal
equal-area projection centred on the ring (the same construction as the coverage grid, so
every point stands for the same area), cell centres inside the ring, ordered north to
south and west to east. A ring too small to hold a cell centre gives one point, its
representative point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["check_ring", "sample_ring"]

Ring = Sequence[tuple[float, float]]


def check_ring(ring: Ring) -> str | None:
    """The first problem with ``ring`` as a launch-area outline, or None when it is valid."""
    if len(ring) < 4:
        return "a ring needs at least 4 positions (lon, lat), the last repeating the first"
    for lon, lat in ring:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return "a position is not a finite number"
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            return f"position ({lon:g}, {lat:g}) is outside lon -180..180, lat -90..90"
    if tuple(ring[0]) != tuple(ring[-1]):
        return (
            f"the ring does not close: it starts at ({ring[0][0]:g}, {ring[0][1]:g}) and ends "
            f"at ({ring[-1][0]:g}, {ring[-1][1]:g}); expected the last position to repeat the first"
        )
    poly = Polygon(ring)
    if not poly.is_valid or poly.area <= 0.0:
        return "the ring crosses itself or encloses no area"
    return None


def sample_ring(ring: Ring, spacing_km: float) -> tuple[tuple[float, float], ...]:
    """Launch points (lat, lon) degrees every ``spacing_km`` inside the closed ``ring``."""
    problem = check_ring(ring)
    if problem is not None:
        raise InvalidInputError(N_("a launch area is not allowed: {problem}"), problem=problem)
    if not (math.isfinite(spacing_km) and 5.0 <= spacing_km <= 1000.0):
        raise InvalidInputError(
            N_("a spacing of {value} km is not allowed; expected between 5 and 1000 km"),
            value=f"{spacing_km:g}",
        )
    poly = Polygon(ring)
    minx, miny, maxx, maxy = poly.bounds
    crs = (f"+proj=laea +lat_0={(miny + maxy) / 2:.4f} +lon_0={(minx + maxx) / 2:.4f} "
           "+ellps=WGS84 +units=m +no_defs")  # fmt: skip
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    shape = shapely.transform(poly, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
    step = spacing_km * 1000.0
    x0, y0, x1, y1 = shape.bounds
    xs = np.arange(math.floor(x0 / step) * step + step / 2, x1, step)
    ys = np.arange(math.floor(y0 / step) * step + step / 2, y1, step)[::-1]
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    inside = shapely.contains_xy(shape, gx, gy) if gx.size else np.zeros(0, dtype=bool)
    if not inside.any():
        rp = shape.representative_point()
        gx, gy, inside = np.array([rp.x]), np.array([rp.y]), np.array([True])
    lon, lat = back.transform(gx[inside], gy[inside])
    return tuple((round(float(a), 4), round(float(o), 4))
                 for a, o in zip(np.atleast_1d(lat), np.atleast_1d(lon), strict=True))  # fmt: skip

"""Pictures of missile-defence results: the coverage map (PNG) and a sweep chart (SVG).

Example::

    >>> from bucarest.missile_defence.data import load_catalogue
    >>> from bucarest.missile_defence.domain.coverage import coverage, territory_grid
    >>> cat = load_catalogue()
    >>> arch = cat.architecture("us-third-site-2008")
    >>> res = coverage(cat, arch, "iran-mrbm", territory_grid(("GRC",), 100.0))
    >>> coverage_png(res, cat, arch, "en")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True

Both are drawn here from the domain results, with no plotting library: the map is the
grid's cells in the equal-area projection of the analysis, coloured by status, with the
country outlines, interceptor sites (triangles) and radars (circles), its text in the
shipped DejaVu Sans (accents included, whatever the host's fonts); the sweep chart is a
small SVG line chart of the covered share against the swept value.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from html import escape
from typing import Any

import numpy as np
from PIL import Image, ImageDraw
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from bucarest.core.errors import N_
from bucarest.core.i18n import gettext
from bucarest.missile_defence.domain.coverage import (
    COVERED,
    NOT_THREATENED,
    UNCOVERED,
    UNCOVERED_SENSOR,
    CoverageResult,
)
from bucarest.missile_defence.domain.model import Architecture, Catalogue
from bucarest.missile_defence.domain.options import SweepPoint
from bucarest.reports.charts import nice_ticks
from bucarest.reports.fonts import font as shipped_font

__all__ = ["COLOURS", "coverage_png", "sweep_svg"]

#: Status colours, shared with the web map (colour-blind safe: blue, vermilion, orange, grey).
COLOURS = {
    COVERED: "#0072b2",
    UNCOVERED: "#d55e00",
    UNCOVERED_SENSOR: "#e69f00",
    NOT_THREATENED: "#c8c8c8",
}
_LEGEND = (
    (COVERED, N_("Covered")),
    (UNCOVERED, N_("Uncovered (kinematics)")),
    (UNCOVERED_SENSOR, N_("Uncovered (sensors)")),
    (NOT_THREATENED, N_("Not threatened")),
)


def _rings(geom: BaseGeometry) -> Iterator[np.ndarray[Any, Any]]:
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for part in parts:
        if isinstance(part, Polygon):
            yield np.asarray(part.exterior.coords)


def coverage_png(result: CoverageResult, cat: Catalogue, arch: Architecture, lang: str,
                 width: int = 1000) -> bytes:  # fmt: skip
    """The coverage map as PNG bytes, ``width`` pixels wide."""
    grid = result.grid
    half = grid.resolution_km * 500.0
    x0, x1 = float(grid.x.min() - half), float(grid.x.max() + half)
    y0, y1 = float(grid.y.min() - half), float(grid.y.max() + half)
    pad = 40
    scale = (width - 2 * pad) / max(x1 - x0, 1.0)
    height = int((y1 - y0) * scale) + 2 * pad + 90
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)

    def px(x: float, y: float) -> tuple[float, float]:
        return pad + (x - x0) * scale, pad + 40 + (y1 - y) * scale

    for value, colour in COLOURS.items():
        for x, y in zip(
            grid.x[result.status == value], grid.y[result.status == value], strict=True
        ):
            a, b = px(x - half, y + half)
            c, d = px(x + half, y - half)
            draw.rectangle((a, b, c, d), fill=colour)
    for shape in grid.shapes.values():
        for ring in _rings(shape):
            draw.line([px(float(x), float(y)) for x, y in ring], fill="#333333", width=1)
    fwd = Transformer.from_crs("EPSG:4326", grid.crs, always_xy=True)
    for sid in arch.sites:
        s = cat.site(sid)
        a, b = px(*fwd.transform(s.lon, s.lat))
        draw.polygon([(a, b - 8), (a - 7, b + 6), (a + 7, b + 6)], fill="black", outline="white")
    for rid in arch.radars:
        r = cat.radar(rid)
        a, b = px(*fwd.transform(r.lon, r.lat))
        draw.ellipse((a - 6, b - 6, a + 6, b + 6), fill="white", outline="black", width=2)
    font = shipped_font(16)
    small = shipped_font(13)
    title = gettext("{architecture} against {threat}", lang).format(
        architecture=arch.name.get(lang), threat=cat.threat(result.threat).name.get(lang)
    )
    draw.text((pad, 12), title, fill="black", font=font)
    y = height - 40
    x = float(pad)
    for value, label in _LEGEND:
        draw.rectangle((x, y, x + 14, y + 14), fill=COLOURS[value], outline="#333333")
        text = gettext(label, lang)
        draw.text((x + 20, y), text, fill="black", font=small)
        x += 40 + draw.textlength(text, font=small)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def sweep_svg(points: Sequence[SweepPoint], parameter: str, lang: str) -> str:
    """An SVG line chart of covered and uncovered shares (%) against the swept value."""
    w, h, left, right, top, bottom = 640, 360, 60, 20, 30, 50
    values = [p.value for p in points]
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 1.0, hi + 1.0
    xticks = nice_ticks(lo, hi)
    lo, hi = min(lo, xticks[0]), max(hi, xticks[-1])

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (w - left - right)

    def sy(share: float) -> float:
        return h - bottom - share * (h - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'font-family="sans-serif" font-size="12"><title>{escape(parameter)}</title>']  # fmt: skip
    for pct in (0, 25, 50, 75, 100):
        y = sy(pct / 100)
        parts.append(
            f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{pct} %</text>')
    for t in xticks:
        parts.append(
            f'<text x="{sx(t):.1f}" y="{h - bottom + 18}" text-anchor="middle">{t:g}</text>'
        )
    parts.append(f'<text x="{(left + w - right) / 2}" y="{h - 10}" text-anchor="middle">'
                 f"{escape(parameter)}</text>")  # fmt: skip
    for attr, colour, label in (("covered", COLOURS[COVERED], N_("Covered")),
                                ("uncovered", COLOURS[UNCOVERED], N_("Uncovered"))):  # fmt: skip
        pts = " ".join(f"{sx(p.value):.1f},{sy(getattr(p, attr)):.1f}" for p in points)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in points:
            parts.append(f'<circle cx="{sx(p.value):.1f}" cy="{sy(getattr(p, attr)):.1f}" r="3" '
                         f'fill="{colour}"><title>{p.value:g}: {getattr(p, attr):.1%}</title></circle>')  # fmt: skip
        ly = top - 12 if attr == "covered" else top + 4
        parts.append(f'<text x="{w - right}" y="{ly}" text-anchor="end" fill="{colour}">'
                     f"{escape(gettext(label, lang))}</text>")  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)

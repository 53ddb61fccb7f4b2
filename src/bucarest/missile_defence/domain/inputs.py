"""Parsing the missile-defence inputs that arrive as text (CLI options, query strings).

Example::

    >>> parse_lat_lon("35.69,51.39", "--from")
    (35.69, 51.39)
    >>> parse_values("5:6:0.5")
    (5.0, 5.5, 6.0)
    >>> parse_codes("grc, tur")
    ('GRC', 'TUR')
"""

from __future__ import annotations

import math

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["parse_codes", "parse_lat_lon", "parse_values"]


def parse_lat_lon(text: str, what: str) -> tuple[float, float]:
    """``"LAT,LON"`` in degrees, e.g. ``"35.69,51.39"``."""
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise InvalidInputError(
            N_(
                "{what} '{text}' is not a position; expected LAT,LON in degrees such as 35.69,51.39"
            ),
            what=what,
            text=text,
        ) from None
    return lat, lon


def parse_values(text: str) -> tuple[float, ...]:
    """``"A,B,C"`` or ``"START:STOP:STEP"`` (STOP included) as numbers."""
    try:
        if ":" in text:
            start, stop, step = (float(x) for x in text.split(":"))
            if step <= 0 or stop < start or (stop - start) / step > 200:
                raise ValueError
            count = int(math.floor((stop - start) / step + 1e-9)) + 1
            return tuple(round(start + i * step, 10) for i in range(count))
        return tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise InvalidInputError(
            N_(
                "values '{text}' are not allowed; expected A,B,C or START:STOP:STEP with at most 200 steps"
            ),
            text=text,
        ) from None


def parse_codes(text: str | None) -> tuple[str, ...] | None:
    """Comma-separated country codes, upper-cased; None when empty."""
    codes = tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())
    return codes or None

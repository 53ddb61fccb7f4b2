"""The font every picture is drawn with: DejaVu Sans, shipped in ``bucarest/data/fonts``.

Pillow's default font has no accented letters ("Troisi▯me site am▯ricain"); the host's fonts
vary. DejaVu Sans covers Latin, Greek and Cyrillic, so French and every Ally's name render
the same everywhere (``data/fonts/SOURCES.md`` names its origin and licence).

Example::

    >>> font(16).getname()
    ('DejaVu Sans', 'Book')
    >>> font(16).getmask("è").getbbox() != font(16).getmask("\\uffff").getbbox()
    True
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from PIL import ImageFont

__all__ = ["FONT_FILE", "font"]

#: The shipped DejaVu Sans file.
FONT_FILE = Path(str(resources.files("bucarest") / "data" / "fonts" / "DejaVuSans.ttf"))


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size`` pixels, for Pillow's ``ImageDraw.text``."""
    return ImageFont.truetype(str(FONT_FILE), size)

"""Missile-defence commands' manners: shares as percentages and areas with grouped digits
in the table (raw in JSON and CSV), the coverage's progress on a terminal, and a French map
whose text is drawn in the shipped DejaVu Sans, accents included."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from bucarest.reports.fonts import FONT_FILE, font
from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")

NNBSP, NBSP = "\u202f", "\u00a0"
COVER = ("md", "coverage", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
         "--on", "2008-04-03", "--countries", "POL,CZE", "--resolution-km", "100")  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "share", "area"), [("en", "100.0%", "70,000"), ("fr", f"100,0{NBSP}%", f"70{NNBSP}000")]
)  # fmt: skip
def test_coverage_table_prints_percentages_and_grouped_areas(capsys, lang, share, area) -> None:
    code, out, err = run(capsys, "--lang", lang, *COVER)
    assert code == 0, err
    czechia = next(line for line in out.splitlines() if "CZE" in line)
    assert share in czechia and area in czechia


def test_coverage_json_and_csv_keep_raw_shares(capsys) -> None:
    code, out, _ = run(capsys, *COVER, "--format", "json")
    assert code == 0
    czechia = next(c for c in json.loads(out)["countries"] if c["code"] == "CZE")
    assert czechia["covered"] == 1.0 and czechia["area_km2"] == 70000.0
    code, out, _ = run(capsys, *COVER, "--format", "csv")
    assert code == 0 and "CZE,Czech Republic,70000.0,1.0,0.0,0.0,0.0," in out.splitlines()


def test_coverage_shows_its_steps_on_a_terminal_only(capsys, monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    code, out, err = run(capsys, *COVER, "--format", "json")
    assert code == 0 and json.loads(out)["countries"]
    assert "Sampling the threat's trajectories" in err
    assert "Engaging the trajectories (batches)" in err
    monkeypatch.delenv("TTY_COMPATIBLE")
    code, out, err = run(capsys, *COVER, "--format", "json")
    assert code == 0 and err == ""


def test_options_titles_and_steps_in_french(capsys) -> None:
    code, out, err = run(capsys, "--lang", "fr", "md", "options", "--architecture",
                         "us-third-site-2008", "--threat", "iran-2008", "--on", "2008-04-03",
                         "--countries", "ROU,BGR,GRC", "--resolution-km", "100")  # fmt: skip
    assert code == 0, err
    title = out.splitlines()[0]
    assert "Part défendue actuelle" in title and f"{NBSP}%" in title and "." not in title


def test_the_french_map_draws_its_accents_with_the_shipped_font(capsys, tmp_path: Path) -> None:
    png = tmp_path / "carte.png"
    code, _, err = run(capsys, "--lang", "fr", *COVER, "--png", str(png))
    assert code == 0, err
    # The font has the glyphs: è and é map to real glyphs, not to .notdef.
    ttlib = pytest.importorskip("fontTools.ttLib")
    cmap = ttlib.TTFont(FONT_FILE).getBestCmap()
    title = (
        "Troisième site américain (projet de 2008) face à Menace des missiles iraniens vue en 2008"
    )
    assert all(ord(c) in cmap for c in set(title))
    assert font(16).getmask("è").getbbox() != font(16).getmask("\uffff").getbbox()
    # Every dark pixel of that title drawn alone in the shipped font is dark in the map too,
    # where the map draws its title; Pillow's default font, without è, would fail this.
    actual = np.asarray(Image.open(io.BytesIO(png.read_bytes())).convert("L"))
    assert _inked(actual, title, font(16)) == 1.0
    assert _inked(actual, title, ImageFont.load_default(size=16)) < 0.9


def _inked(actual: np.ndarray, title: str, face: ImageFont.FreeTypeFont) -> float:
    """The share of the title's dark pixels (drawn alone, where the map draws its title) that
    are dark in ``actual`` too."""
    image = Image.new("L", (actual.shape[1], actual.shape[0]), 255)
    ImageDraw.Draw(image).text((40, 12), title, fill=0, font=face)
    dark = np.asarray(image) < 96
    return float((actual[dark] < 160).mean())

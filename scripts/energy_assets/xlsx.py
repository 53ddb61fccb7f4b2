"""Read the first worksheet of an .xlsx file with the standard library only.

The GIE storage and LNG databases are spreadsheets; reading them this way keeps the
derivation free of any package the project does not already need.

Example::

    rows = first_sheet_rows(Path("Storage_DB_Dec2018.xlsx"))
    rows[1][:3]   # ['Country', 'Concatenate', 'Country Code']
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column(ref: str) -> int:
    """0-based column index of a cell reference such as ``AB12``."""
    letters = re.match(r"[A-Z]+", ref)
    assert letters is not None
    index = 0
    for ch in letters.group(0):
        index = index * 26 + ord(ch) - 64
    return index - 1


def first_sheet_rows(path: Path) -> list[list[object]]:
    """Every row of the workbook's first sheet, cells as str, float or None."""
    with zipfile.ZipFile(path) as book:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            for item in root.findall("m:si", _NS):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{_NS['m']}}}t")))
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        first = workbook.find("m:sheets/m:sheet", _NS)
        assert first is not None
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == first.get(_REL))
        assert target is not None
        sheet = ElementTree.fromstring(book.read("xl/" + target.lstrip("/").removeprefix("xl/")))
    rows: list[list[object]] = []
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        cells: list[object] = []
        for cell in row.findall("m:c", _NS):
            col = _column(cell.get("r", "A1"))
            while len(cells) < col:
                cells.append(None)
            value = cell.find("m:v", _NS)
            kind = cell.get("t")
            if kind == "s" and value is not None and value.text is not None:
                cells.append(shared[int(value.text)])
            elif kind == "inlineStr":
                cells.append("".join(t.text or "" for t in cell.iter(f"{{{_NS['m']}}}t")))
            elif value is None or value.text is None:
                cells.append(None)
            elif kind == "str":
                cells.append(value.text)
            else:
                cells.append(float(value.text))
        rows.append(cells)
    return rows

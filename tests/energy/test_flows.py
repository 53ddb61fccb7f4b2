"""Observed pre-crisis flows: the shipped file loads with a source per row, bad rows stop the
load with one line naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bucarest.core.errors import DataFileError
from bucarest.energy.flows import load_flow_pattern, pattern_for

HEADER = "point,from,to,start,end,flow_mcmd,low_mcmd,high_mcmd,estimate,source,licence,note\n"
GOOD = "Blue Stream,RUS,TUR,2009-01-01,2009-01-02,33.0,33.0,40.0,true,RIA Novosti,quoted,n\n"


def test_shipped_flows_cover_the_days_before_the_cut() -> None:
    p = load_flow_pattern()
    assert p.dataset == "winter-2008-09"
    assert {(f.source, f.target) for f in p.flows} >= {("RUS", "UKR"), ("UKR", "HUN"),
                                                       ("BLR", "POL"), ("RUS", "TUR")}  # fmt: skip
    assert all(f.end.isoformat() < "2009-01-06" and f.citation for f in p.flows)
    assert pattern_for("winter-2008-09-assets") == p
    assert pattern_for("recent-2023-24") is None


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (GOOD.replace("33.0,33.0", "-1,33.0"), "row 1: flow_mcmd"),
        (GOOD.replace("RUS,TUR", "RUS,XXX"), "row 1: to: unknown node 'XXX'"),
        (GOOD.replace("33.0,33.0,40.0", "33.0,,"), "an estimate needs low_mcmd and high_mcmd"),
        (GOOD.replace("2009-01-02", "2009-13-02"), "row 1: end"),
        (GOOD.replace("2009-01-02", "2008-12-31"), "end is before start"),
    ],
)
def test_bad_rows_are_refused_in_one_line(tmp_path: Path, row: str, fragment: str) -> None:
    path = tmp_path / "x-flows.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_flow_pattern("jan-2009", path)
    assert fragment in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_wrong_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x-flows.csv"
    path.write_text(HEADER.replace("licence,", "") + GOOD, encoding="utf-8")
    with pytest.raises(DataFileError, match="columns must be"):
        load_flow_pattern("jan-2009", path)

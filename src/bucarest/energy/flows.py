"""Observed daily flows before a crisis (``data/energy/history/<id>-flows.csv``), read and
checked: what the rolling operation holds flows near before anything changes.

Each row names a point, the two nodes it joins (``to`` empty: every exit of ``from``), the
days it covers, the flow (mcm/d) with its low/high bracket where it is an estimate, and its
source, licence and note. A bad row stops the load with one line naming file, row and field.

Example::

    >>> p = load_flow_pattern()
    >>> p.dataset, sorted({f.source for f in p.flows})[:2]
    ('winter-2008-09', ['BLR', 'RUS'])
    >>> pattern_for("winter-2008-09-assets").id
    'jan-2009'
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bucarest.core.datafiles import row_error
from bucarest.core.dates import parse_date
from bucarest.core.errors import BucarestError, DataFileError
from bucarest.energy.data import ASSET_LEVEL, energy_dir, load_dataset
from bucarest.energy.domain.pattern import FlowPattern, ObservedFlow

__all__ = ["PATTERNS", "load_flow_pattern", "pattern_for"]

#: Observed pre-crisis flows shipped, by id, and the dataset whose nodes they name.
PATTERNS = {"jan-2009": "winter-2008-09"}

_COLUMNS = ("point", "from", "to", "start", "end", "flow_mcmd", "low_mcmd", "high_mcmd",
            "estimate", "source", "licence", "note")  # fmt: skip


class _FlowRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    point: str = Field(min_length=1)
    source_node: str = Field(alias="from", pattern=r"^[A-Z]{3}$")
    target_node: str = Field(alias="to", pattern=r"^([A-Z]{3})?$")
    start: date
    end: date
    flow_mcmd: float = Field(ge=0.0)
    low_mcmd: float | None = Field(default=None, ge=0.0)
    high_mcmd: float | None = Field(default=None, ge=0.0)
    estimate: bool
    source: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    note: str = ""

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso(cls, value: object) -> date:
        try:
            return parse_date(str(value))
        except BucarestError as exc:  # as a ValueError, so that the message names the field
            raise ValueError(str(exc)) from None

    @field_validator("low_mcmd", "high_mcmd", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _consistent(self) -> _FlowRow:
        if self.end < self.start:
            raise ValueError("end is before start")
        if self.estimate and (self.low_mcmd is None or self.high_mcmd is None):
            raise ValueError("an estimate needs low_mcmd and high_mcmd")
        if (
            self.low_mcmd is not None
            and self.high_mcmd is not None
            and not (self.low_mcmd <= self.flow_mcmd <= self.high_mcmd)
        ):
            raise ValueError("flow_mcmd must lie between low_mcmd and high_mcmd")
        return self


def load_flow_pattern(pattern_id: str = "jan-2009", path: Path | None = None) -> FlowPattern:
    """The observed flows ``history/<pattern_id>-flows.csv`` (or the file at ``path``),
    checked against the nodes of their dataset (:data:`PATTERNS`)."""
    if path is None:
        file = energy_dir() / "history" / f"{pattern_id}-flows.csv"
        name = f"history/{pattern_id}-flows.csv"
    else:
        file, name = path, str(path)
    text = file.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise DataFileError(name, "columns must be " + ",".join(_COLUMNS))
    nodes = {n.id for n in load_dataset(PATTERNS.get(pattern_id, "winter-2008-09")).nodes}
    flows = []
    for i, raw in enumerate(reader):
        try:
            row = _FlowRow.model_validate(raw)
        except ValidationError as exc:
            raise row_error(name, i, exc) from None
        except BucarestError as exc:
            raise row_error(name, i, exc) from None
        for field, node in (("from", row.source_node), ("to", row.target_node)):
            if node and node not in nodes:
                raise DataFileError(name, f"row {i + 1}: {field}: unknown node '{node}'")
        flows.append(ObservedFlow(row.point, row.source_node, row.target_node, row.start,
                                  row.end, row.flow_mcmd, row.estimate, row.source))  # fmt: skip
    if not flows:
        raise DataFileError(name, "no rows")
    return FlowPattern(pattern_id, PATTERNS.get(pattern_id, "winter-2008-09"), tuple(flows))


@functools.cache
def pattern_for(dataset_id: str) -> FlowPattern | None:
    """The observed flows that apply to ``dataset_id`` (a country-level dataset, or the
    asset-level network built from it), or ``None``."""
    base = ASSET_LEVEL.get(dataset_id, (dataset_id, ""))[0]
    for pattern_id, dataset in PATTERNS.items():
        if dataset == base:
            return load_flow_pattern(pattern_id)
    return None

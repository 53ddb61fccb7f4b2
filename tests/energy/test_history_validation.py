"""The model against the January 2009 record, country by country, in national-first mode (the
historical behaviour: no solidarity mechanism existed in 2009), on the country-level dataset
and on the asset-level network, without hindsight (the default operation, as operators were
in 2009) and with perfect foresight (the bound).

Agreement measured on 2026-12-06 (``bucarest energy history [--dataset ...] [--foresight
...]``), countries classed as recorded of 34 (Belarus, recorded as unknown, left out):

=========================  =======  =======
dataset                    rolling  perfect
=========================  =======  =======
``winter-2008-09``         23       25
``winter-2008-09-assets``  23       22
=========================  =======  =======

Every miss carries the record's sourced explanation (``model_differs`` in
``history/jan-2009.yaml``) for that dataset and foresight, and no explanation stays on a
country the model classes as recorded.

The tables are golden files (regenerate with ``UPDATE_GOLDENS=1`` only when a change is meant
to move them, and say why).
"""

from __future__ import annotations

import json
import os

import pytest

from bucarest.energy.data import load_history
from bucarest.energy.domain.history import ClassedCountry, CrisisRecord, agreement
from bucarest.energy.domain.scenario import Foresight, Mode
from bucarest.energy.records import history_record
from bucarest.energy.service import HISTORY_MODE, history, history_datasets
from tests.paths import DATA

GOLDEN = DATA / "golden"
#: The least agreement each comparison must keep (countries classed as recorded, of 34).
FLOOR = {
    ("winter-2008-09", Foresight.ROLLING): 23,
    ("winter-2008-09", Foresight.PERFECT): 25,
    ("winter-2008-09-assets", Foresight.ROLLING): 23,
    ("winter-2008-09-assets", Foresight.PERFECT): 22,
}
#: One comparison: the dataset, the foresight and the rows.
Compared = tuple[str, Foresight, tuple[ClassedCountry, ...]]


@pytest.fixture(scope="module")
def record() -> CrisisRecord:
    return load_history("jan-2009")


@pytest.fixture(scope="module", params=sorted(FLOOR), ids=lambda k: f"{k[0]}-{k[1].value}")
def compared(request: pytest.FixtureRequest) -> Compared:
    dataset, foresight = request.param
    _, on, rows = history("jan-2009", dataset, HISTORY_MODE, foresight)
    return on, foresight, rows


def test_the_comparison_runs_on_both_levels_in_national_mode(record: CrisisRecord) -> None:
    assert HISTORY_MODE is Mode.NATIONAL
    assert history_datasets(record) == ("winter-2008-09", "winter-2008-09-assets")


def test_the_default_compares_without_hindsight(record: CrisisRecord) -> None:
    _, on, rows = history("jan-2009")
    assert on == record.dataset
    assert rows == history("jan-2009", on, HISTORY_MODE, Foresight.ROLLING)[2]


def test_the_table_matches_its_golden_file(record: CrisisRecord, compared: Compared) -> None:
    on, foresight, rows = compared
    text = json.dumps(history_record(record, on, HISTORY_MODE, foresight, rows, "en"),
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"  # fmt: skip
    path = GOLDEN / f"energy-history-jan-2009-{on}-national-{foresight.value}.json"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDENS=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


def test_every_miss_is_explained(compared: Compared) -> None:
    on, foresight, rows = compared
    unexplained = [(r.code, r.recorded, r.modelled) for r in rows
                   if r.agrees is False and r.explanation is None]  # fmt: skip
    assert not unexplained, (
        f"on {on} ({foresight}), the model misses these countries without an explanation; add a sourced "
        f"model_differs entry to history/jan-2009.yaml: {unexplained}"
    )


def test_no_explanation_for_a_country_the_model_classes_as_recorded(
    record: CrisisRecord, compared: Compared
) -> None:
    on, foresight, rows = compared
    by_code = {r.code: r for r in rows}
    stale = [c.code for c in record.countries
             if c.explanation(on, HISTORY_MODE, foresight) is not None
             and by_code[c.code].agrees is not False]  # fmt: skip
    assert not stale, (
        f"on {on} ({foresight}), these countries now match or are unknown: drop their model_differs: {stale}"
    )


def test_explanations_name_known_datasets_and_cite_sources(record: CrisisRecord) -> None:
    known = set(history_datasets(record))
    for country in record.countries:
        for e in country.explanations:
            assert set(e.datasets) <= known, country.code
            assert e.provenance.citations and e.text_en and e.text_fr, country.code


def test_agreement_with_the_record(compared: Compared) -> None:
    on, foresight, rows = compared
    matched, classed = agreement(rows)
    assert classed == 34
    assert matched >= FLOOR[on, foresight], f"{matched} of {classed} on {on} ({foresight})"


def test_the_hardest_hit_by_no_route_but_ukraine_are_hardest_hit_in_the_model(
    compared: Compared,
) -> None:
    """Bulgaria, Bosnia and Herzegovina, North Macedonia and Moldova had no other route and
    little or no storage (the record's sources): the model must find them hardest hit."""
    _, _, rows = compared
    by_code = {r.code: r for r in rows}
    for code in ("BGR", "BIH", "MKD", "MDA"):
        assert by_code[code].modelled == "hardest-hit", code

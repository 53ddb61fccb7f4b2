"""The scenario notes' expectations (``expected`` in ``scenarios.yaml``) hold for the solved
scenarios: each bound a source gives (or, with ``matches_source: false``, the model's
departure from it, which the note explains) on a country's share, in the mode it names."""

from __future__ import annotations

import pytest

from bucarest.energy.data import load_dataset, load_expectations, load_scenarios
from bucarest.energy.domain.history import Expectation, unmet
from bucarest.energy.domain.scenario import Mode
from bucarest.energy.domain.solve import solve

EXPECTED = load_expectations()


def test_the_corrected_notes_carry_expectations() -> None:
    assert {"russian-halt-2009-q1", "full-russian-halt"} <= set(EXPECTED)
    assert all(e.source for rows in EXPECTED.values() for e in rows)


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_expectations_hold_for_the_solved_scenario(scenario_id: str) -> None:
    s = load_scenarios()[scenario_id]
    net = load_dataset(s.dataset)
    modes = {e.mode for e in EXPECTED[scenario_id]}
    outcomes = {m: solve(net, s, m).outcomes() for m in modes}
    broken = [(e.country, e.mode.value, e.share, e.low, e.high, value)
              for e, value in unmet(EXPECTED[scenario_id], outcomes)]  # fmt: skip
    assert not broken, f"{scenario_id}: the model breaks its note's expectations {broken}"


def test_unmet_reports_a_broken_bound_and_a_missing_country() -> None:
    class Outcome:
        code, unserved_share = "BGR", 0.3
        protected_unserved_share = non_protected_not_served_share = 0.0

    want = Expectation("BGR", Mode.NATIONAL, "all", 0.4, None, True, "a source")
    absent = Expectation("SRB", Mode.NATIONAL, "all", None, 0.1, True, "a source")
    fine = Expectation("BGR", Mode.NATIONAL, "protected", None, 0.0, True, "a source")
    assert unmet([want, absent, fine], {Mode.NATIONAL: [Outcome()]}) == [
        (want, 0.3),
        (absent, None),
    ]

"""Accession stages and ratification progress derived from dated events."""

from datetime import date

import pytest

from bucarest.core.errors import NotFoundError
from bucarest.registry.domain.accession import (
    accession_status,
    aspirants_by_stage,
    ratification_progress,
    stage_on,
)
from bucarest.registry.domain.model import Registry, Stage


def test_albania_stages_around_bucharest(reg: Registry) -> None:
    assert stage_on(reg, "ALB", date(2008, 4, 3)) is Stage.INVITED
    assert stage_on(reg, "ALB", date(2008, 7, 9)).rank >= Stage.PROTOCOL_SIGNED.rank
    assert stage_on(reg, "ALB", date(2009, 4, 1)) is Stage.MEMBER


def test_ratification_progress_counts_the_allies_that_signed(reg: Registry) -> None:
    before = ratification_progress(reg, "HRV", date(2008, 7, 1))
    assert before.required_count == 0 and before.protocol_signed is None
    signed = ratification_progress(reg, "HRV", date(2008, 7, 9))
    assert signed.required_count == 26
    done = ratification_progress(reg, "HRV", date(2009, 4, 1))
    assert len(done.ratified) == 26 and done.outstanding == ()
    assert done.share == 1.0


def test_ratification_grows_monotonically(reg: Registry) -> None:
    counts = [
        len(ratification_progress(reg, "ALB", date(2008, m, 1)).ratified) for m in range(8, 13)
    ]
    assert counts == sorted(counts)


def test_north_macedonia_needed_29_and_sweden_30(reg: Registry) -> None:
    assert ratification_progress(reg, "MKD", date(2020, 3, 27)).required_count == 29
    assert ratification_progress(reg, "SWE", date(2022, 7, 5)).required_count == 30
    assert ratification_progress(reg, "SWE", date(2024, 3, 7)).required_count == 31


def test_sweden_waited_on_turkey_and_hungary(reg: Registry) -> None:
    p = ratification_progress(reg, "SWE", date(2023, 12, 31))
    assert set(p.outstanding) == {"TUR", "HUN"}


def test_aspirants_at_bucharest_and_now(reg: Registry) -> None:
    at_bucharest = aspirants_by_stage(reg, date(2008, 4, 3))
    assert set(at_bucharest[Stage.INVITED]) >= {"ALB", "HRV"}
    waiting = {c for codes in aspirants_by_stage(reg, date(2026, 11, 29)).values() for c in codes}
    assert {"GEO", "UKR", "BIH"} <= waiting
    assert "ALB" not in waiting


def test_bosnia_and_montenegro_enter_intensified_dialogue_at_bucharest(reg: Registry) -> None:
    assert set(aspirants_by_stage(reg, date(2008, 4, 3))[Stage.INTENSIFIED_DIALOGUE]) == {
        "BIH", "GEO", "MNE", "UKR",
    }  # fmt: skip
    before = {c for codes in aspirants_by_stage(reg, date(2008, 4, 2)).values() for c in codes}
    assert not {"BIH", "MNE"} & before
    for code in ("BIH", "MNE"):
        first = reg.events_by_country[code][0]
        assert first.stage is Stage.INTENSIFIED_DIALOGUE
        assert first.date.isoformat() == "2008-04-03" and "official_texts_8443" in (
            first.sources[0].url or ""
        )


def test_status_lists_only_events_so_far(reg: Registry) -> None:
    s = accession_status(reg, "ALB", date(2008, 5, 1))
    assert all(e.date.earliest <= date(2008, 5, 1) for e in s.events)


def test_no_case_is_a_clear_error(reg: Registry) -> None:
    with pytest.raises(NotFoundError, match="no accession case for 'FRA'"):
        stage_on(reg, "FRA", date(2008, 4, 3))


def test_undated_ratifications_are_inferred_only_once_the_protocol_is_in_force(
    reg: Registry,
) -> None:
    before = ratification_progress(reg, "ALB", date(2009, 3, 1))
    assert before.inferred == ()
    after = ratification_progress(reg, "ALB", date(2009, 4, 1))
    assert set(after.dated) | set(after.inferred) == set(after.required)
    assert not set(after.dated) & set(after.inferred)


def test_ratifications_never_exceed_the_allies_required(reg: Registry) -> None:
    for code in reg.events_by_country:
        for year in range(1998, 2027):
            p = ratification_progress(reg, code, date(year, 6, 30))
            assert set(p.ratified) <= set(p.required)


def test_pipeline_states_for_albania(reg: Registry) -> None:
    from bucarest.registry.domain.accession import StepState, pipeline_on

    states = {s.stage: s.state for s in pipeline_on(reg, "ALB", date(2008, 12, 1))}
    assert states[Stage.RATIFIED] is StepState.CURRENT
    assert states[Stage.INVITED] is StepState.DONE
    assert states[Stage.MEMBER] is StepState.PENDING  # joined 2009: not known in 2008
    final = pipeline_on(reg, "ALB", date(2026, 11, 29))
    assert final[-1].state is StepState.CURRENT and final[-1].stage is Stage.MEMBER
    georgia = {s.stage: s.state for s in pipeline_on(reg, "GEO", date(2026, 11, 29))}
    assert georgia[Stage.MEMBER] is StepState.PENDING

"""The critical-asset ranking on a two-process LocalCluster is the serial ranking, bit for
bit: N-1 and N-2 cases cut into chunks and solved on other processes give the same impacts,
in the same order, as one serial call; a bad asset stops the batch before any task."""

from __future__ import annotations

import pytest

from bucarest.core.batch import run_serially
from bucarest.core.errors import NotFoundError
from bucarest.energy.data import load_dataset, load_scenarios
from bucarest.energy.domain.critical import (
    _MEMO,
    CASES_PER_TASK,
    _evaluate_chunk,
    case_chunks,
    evaluate_cases,
    evaluate_with,
    rank_assets,
)
from bucarest.platform import batch
from tests.cli_support import run


def test_chunks_keep_every_case_once_in_order() -> None:
    cases = [(f"A{i}",) for i in range(101)]
    chunks = case_chunks(cases)
    assert sorted(c for chunk in chunks for c in chunk) == sorted(cases)
    assert len({c for chunk in chunks for c in chunk}) == len(cases)
    assert all(abs(len(chunk) - CASES_PER_TASK) <= 1 for chunk in chunks)


def test_a_thread_reuses_its_model_and_answers_as_a_fresh_one() -> None:
    # one worker thread runs several chunks against the same shared object: its model (and
    # the singles kept for pairs) carry over, and no answer changes
    net, s = load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]
    singles = [(a,) for a in sorted(net.assets)[:12]]
    pairs = [("RUS-UKR", "STO-DEU"), ("RUS-UKR", "UKR-SVK"), ("STO-DEU", "UKR-SVK")]
    shared = (net, s, "warm")
    chunks = [tuple(singles[:6]), tuple(pairs[:2]), tuple(singles[6:]), tuple(pairs[2:])]
    reused = [i for c in chunks for i in _evaluate_chunk(shared, c)]
    assert _MEMO.shared is shared
    fresh = [i for c in chunks for i in evaluate_cases(net, s, c)]
    assert reused == fresh


def test_chunked_serial_evaluation_is_one_call() -> None:
    net, s = load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]
    cases = [(a,) for a in sorted(net.assets)[:20]]
    assert evaluate_with(run_serially)(net, s, cases) == evaluate_cases(net, s, cases)


def test_a_small_ranking_on_a_cluster_is_the_serial_ranking(dask_cluster: str) -> None:
    net, s = load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]
    serial = rank_assets(net, s, None, pairs=4)
    ticks: list[tuple[int, int]] = []
    spread = rank_assets(
        net,
        s,
        None,
        lambda d, t: ticks.append((d, t)),
        pairs=4,
        evaluate=evaluate_with(batch.runner(dask_cluster, chunk_size=1)),
    )
    assert spread == serial
    assert len(spread) == len(net.assets) + 6  # every asset, and the 6 pairs of the top 4
    assert ticks[-1] == (len(spread), len(spread))


def test_an_unknown_asset_stops_before_any_task(dask_cluster: str) -> None:
    net, s = load_dataset("winter-2008-09"), load_scenarios()["jan-2009"]
    evaluate = evaluate_with(batch.runner(dask_cluster, chunk_size=1))
    with pytest.raises(NotFoundError, match="NO-SUCH-PIPE"):
        evaluate(net, s, [("RUS-UKR",), ("NO-SUCH-PIPE",)])


@pytest.mark.usefixtures("database")
def test_an_unreachable_scheduler_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT_S", 1.0)
    code, out, err = run(capsys, "energy", "critical", "jan-2009", "--pairs", "0",
                         "--scheduler", "tcp://127.0.0.1:9")  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9; start it, "
        "or use --scheduler none to run locally"
    ]


@pytest.mark.usefixtures("database")
def test_the_cli_ranking_on_a_cluster_is_the_serial_one(
    capsys: pytest.CaptureFixture[str], dask_cluster: str
) -> None:
    args = ("energy", "critical", "jan-2009", "--pairs", "3", "--top", "10", "--format", "json")
    code, serial, _ = run(capsys, *args, "--scheduler", "none")
    assert code == 0
    code, spread, _ = run(capsys, *args, "--scheduler", dask_cluster)
    assert code == 0 and spread == serial

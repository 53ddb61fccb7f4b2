"""The batch seam: the same answers, in the items' order, serially and on a two-process
LocalCluster; progress by items; failures named with their inputs; a dead worker retried;
an unreachable scheduler in one line."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import cloudpickle
import pytest

from bucarest.app import open_store
from bucarest.core.batch import run_serially, task_threads
from bucarest.core.errors import BatchError, InvalidInputError
from bucarest.platform import batch, jobs
from bucarest.platform.batch import run_batch, runner, scheduler_from

# The workers do not have the tests on their path: send this module's tasks by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _affine(shared: tuple[int, int], x: int) -> tuple[int, int | None]:
    a, b = shared
    return a * x + b, task_threads()


def _fragile(shared: None, x: int) -> int:
    if x == 3:
        raise ZeroDivisionError("three is unlucky")
    return x


def _refused(shared: None, x: int) -> int:
    if x == 2:
        raise InvalidInputError("value {x} is not allowed; expected less than 2", x=str(x))
    return x


def _dies_once(marker: str, x: int) -> int:
    if x == 1 and not Path(marker).exists():
        Path(marker).write_text("died", encoding="utf-8")
        os._exit(1)
    return x * 10


def _always_dies(shared: None, x: int) -> int:
    if x == 1:
        os._exit(1)
    return x


def _slow(shared: float, x: int) -> int:
    time.sleep(shared)
    return x


def test_the_serial_runner_keeps_order_and_counts_items() -> None:
    ticks: list[tuple[int, int]] = []
    out = run_serially(_affine, [3, 1, 2], (2, 1), lambda d, t: ticks.append((d, t)))
    assert [v for v, _t in out] == [7, 3, 5]
    assert ticks == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("spec", ["none", "local", "local:3", "tcp://10.1.2.3:8786"])
def test_scheduler_forms(spec: str) -> None:
    assert scheduler_from(spec).spec == spec


def test_the_scheduler_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.ENV, "tcp://127.0.0.1:8786")
    assert scheduler_from(None).spec == "tcp://127.0.0.1:8786"
    assert scheduler_from("none").spec == "none"
    monkeypatch.delenv(batch.ENV)
    assert scheduler_from(None).spec == "local"
    assert scheduler_from(None, default="none").spec == "none"


@pytest.mark.parametrize("spec", ["cluster", "local:0", "http://x:1", "tcp://host"])
def test_an_unknown_scheduler_is_one_line(spec: str) -> None:
    with pytest.raises(InvalidInputError, match="expected none, local, local:N"):
        scheduler_from(spec)


def test_serially_a_failed_item_is_named_and_the_rest_kept() -> None:
    with pytest.raises(BatchError) as caught:
        run_batch(_fragile, [1, 2, 3, 4], scheduler="none")
    err = caught.value
    assert "1 of 4 batch tasks failed, the first with inputs 3" in str(err)
    assert "ZeroDivisionError" in str(err)
    assert err.results == [1, 2, None, 4]
    assert err.failures == ((2, 3),)


def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT_S", 1.0)
    with pytest.raises(BatchError) as caught:
        runner("tcp://127.0.0.1:9", connect=True)
    message = str(caught.value)
    assert message == (
        "cannot reach the Dask scheduler at tcp://127.0.0.1:9; start it, "
        "or use --scheduler none to run locally"
    )


# --- on a LocalCluster of two processes ------------------------------------------------------


def test_a_cluster_gives_the_serial_answers_in_order(dask_cluster: str) -> None:
    items = list(range(11))
    ticks: list[tuple[int, int]] = []
    got = run_batch(_affine, items, (3, -1), chunk_size=2, scheduler=dask_cluster,
                    progress=lambda d, t: ticks.append((d, t)))  # fmt: skip
    serial = run_batch(_affine, items, (3, -1), scheduler="none")
    assert [v for v, _t in got] == [v for v, _t in serial]
    # On a worker the kernels run single-threaded; serially they choose for themselves.
    assert {t for _v, t in got} == {1}
    assert {t for _v, t in serial} == {None}
    assert ticks[0] == (0, 11) and ticks[-1] == (11, 11)
    assert [d for d, _t in ticks] == sorted(d for d, _t in ticks)


def test_on_a_cluster_a_failed_item_is_named_and_the_rest_kept(dask_cluster: str) -> None:
    with pytest.raises(BatchError) as caught:
        run_batch(_fragile, [1, 2, 3, 4, 5], chunk_size=2, scheduler=dask_cluster)
    assert caught.value.results == [1, 2, None, 4, 5]
    assert caught.value.failures == ((2, 3),)
    assert "inputs 3 (ZeroDivisionError: three is unlucky)" in str(caught.value)


def test_on_a_cluster_bad_input_stops_the_batch_with_its_own_message(dask_cluster: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        run_batch(_refused, [0, 1, 2, 3], chunk_size=1, scheduler=dask_cluster)
    assert str(caught.value) == "value 2 is not allowed; expected less than 2"
    assert caught.value.params == {"x": "2"}


def test_progress_that_raises_stops_the_batch(dask_cluster: str) -> None:
    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        if done > 0:
            raise Stop

    with pytest.raises(Stop):
        run_batch(_affine, list(range(6)), (1, 0), chunk_size=1, scheduler=dask_cluster,
                  progress=stop)  # fmt: skip


def test_a_worker_killed_mid_batch_is_retried(dask_cluster: str, tmp_path: Path) -> None:
    marker = str(tmp_path / "died")
    got = run_batch(_dies_once, [0, 1, 2, 3], marker, chunk_size=1, scheduler=dask_cluster)
    assert got == [0, 10, 20, 30]
    assert Path(marker).exists()


def test_a_worker_that_always_dies_fails_the_batch_clearly(dask_cluster: str) -> None:
    with pytest.raises(BatchError) as caught:
        run_batch(_always_dies, [0, 1, 2], chunk_size=1, scheduler=dask_cluster)
    # Item 1 killed both workers; the inputs shared by all went with them, so the scheduler
    # may cancel other chunks before it reports item 1's deaths: either cause is named.
    message = str(caught.value)
    assert "batch tasks failed, the first with inputs" in message and "worker" in message
    # Never silently short: every item is either a result or a named failure.
    results: list[Any] = caught.value.results
    failed = {i for i, _item in caught.value.failures}
    assert 1 in failed and results[1] is None
    assert all((results[i] == i) != (i in failed) for i in range(3))
    assert len(results) == 3


def test_a_cancelled_job_stops_its_tasks_on_the_cluster(dask_cluster: str) -> None:
    db = open_store("sqlite:///:memory:")
    items = list(range(40))

    def work(progress: jobs.Progress) -> dict[str, Any]:
        out = run_batch(_slow, items, 0.4, chunk_size=1, scheduler=dask_cluster,
                        progress=progress)  # fmt: skip
        return {"count": len(out)}

    job = jobs.submit(db, "example", "tester", "en", {}, work)
    deadline = time.monotonic() + 60
    while jobs.read(db, job)["done"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert jobs.read(db, job)["total"] == 40
    jobs.cancel(db, job)
    record = jobs.wait(db, job, timeout_s=30)
    assert record["state"] == "cancelled"
    assert 0 < record["done"] < 40

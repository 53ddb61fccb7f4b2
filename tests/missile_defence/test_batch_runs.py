"""Missile-defence batch work on a two-process LocalCluster gives the serial answers, bit for
bit: a small sweep, a small option ranking, the effectiveness Monte Carlo and a web job; and
an unreachable scheduler is one line, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bucarest.app import open_store
from bucarest.core.batch import run_serially
from bucarest.missile_defence import service
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.domain.coverage import ThreatField, territory_grid, threat_field
from bucarest.missile_defence.domain.effectiveness import (
    AssetEngagement,
    DefendedAsset,
    Doctrine,
    Raid,
    assess,
)
from bucarest.missile_defence.domain.model import Catalogue, Text
from bucarest.missile_defence.domain.options import plan_options, sweep
from bucarest.missile_defence.records import option_plan_record
from bucarest.platform import batch, jobs
from bucarest.registry.domain.model import Registry
from tests.cli_support import run


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def field(cat: Catalogue) -> ThreatField:
    return threat_field(cat, "iran-mrbm", territory_grid(("GRC", "BGR"), 100.0))


def test_a_small_sweep_on_a_cluster_is_the_serial_sweep(
    cat: Catalogue, field: ThreatField, dask_cluster: str
) -> None:
    arch = cat.architecture("us-third-site-2008")
    args = (cat, arch, "iran-mrbm", field, "interceptor:gbi-2stage.burnout_speed_km_s",
            (3.0, 5.0, 7.0, 9.0))  # fmt: skip
    serial = sweep(*args)
    ticks: list[tuple[int, int]] = []
    spread = sweep(*args, progress=lambda d, t: ticks.append((d, t)),
                   run=batch.runner(dask_cluster, chunk_size=1))  # fmt: skip
    assert spread == serial
    assert ticks[-1] == (4, 4)


def test_a_small_ranking_on_a_cluster_is_the_serial_ranking(
    cat: Catalogue, field: ThreatField, dask_cluster: str
) -> None:
    arch = cat.architecture("us-third-site-2008")
    serial = plan_options({"area": field}, cat, arch, max_count=2)
    spread = plan_options({"area": field}, cat, arch, max_count=2,
                          run=batch.runner(dask_cluster, chunk_size=2))  # fmt: skip
    assert option_plan_record(spread, "en", {}) == option_plan_record(serial, "en", {})
    assert spread.greedy and spread.candidates


def test_the_monte_carlo_on_a_cluster_draws_the_serial_raids(dask_cluster: str) -> None:
    assets = [DefendedAsset(i, Text(i, i), "user", "", 50.0, 10.0) for i in ("a", "b")]
    eng = AssetEngagement(("s", "t"), np.array([True, True]),
                          np.array([[True, False], [True, True]]), np.array([1, 2]),
                          np.array([2, 2]))  # fmt: skip
    args = (eng, assets, [6, 4], 0.7, Doctrine(2, 2), Raid(3, 1, 0.5), (0.6, 0.8), 2_000, 11, True)
    serial = assess(*args, run=run_serially)
    spread = assess(*args, run=batch.runner(dask_cluster, chunk_size=1))
    assert spread == serial
    assert {r.method for r in serial} == {"monte-carlo"}


def test_a_web_sweep_job_on_the_cluster_answers_as_serially(
    reg: Registry, dask_cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = {"kind": "sweep", "architecture": "us-third-site-2008", "threat": "iran-mrbm",
              "countries": "GRC,BGR", "resolution_km": 100, "on": "2012-06-01",
              "parameter": "radar:tpy2-kurecik.range_km", "values": "500,1000,2000"}  # fmt: skip
    serial = service.sweep_records(reg, params)
    monkeypatch.setenv(batch.ENV, dask_cluster)
    db = open_store("sqlite:///:memory:")
    job = service.queue_job(db, reg, "en", params, "tester")
    record = jobs.wait(db, job, timeout_s=300)
    assert record["state"] == "done", record
    assert record["done"] == record["total"] == 3
    assert record["result"] == json.loads(json.dumps(serial))


@pytest.mark.usefixtures("database")
def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT_S", 1.0)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    svg = out_dir / "sweep.svg"
    code, out, err = run(capsys, "md", "sweep", "--architecture", "us-third-site-2008",
                         "--threat", "iran-mrbm", "--countries", "GRC", "--resolution-km", "100",
                         "--parameter", "interceptor:gbi-2stage.burnout_speed_km_s",
                         "--values", "5,7", "--svg", str(svg),
                         "--scheduler", "tcp://127.0.0.1:9")  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9; start it, "
        "or use --scheduler none to run locally"
    ]
    assert list(out_dir.iterdir()) == []


@pytest.mark.usefixtures("database")
def test_an_unknown_scheduler_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "md", "sweep", "--architecture", "us-third-site-2008",
                          "--threat", "iran-mrbm", "--countries", "GRC",
                          "--parameter", "interceptor:gbi-2stage.burnout_speed_km_s",
                          "--values", "5,7", "--scheduler", "cluster")  # fmt: skip
    assert code == 2
    assert "unknown scheduler 'cluster'; expected none, local, local:N" in err

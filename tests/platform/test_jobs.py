"""Jobs live in the database: any server process reports one, any can stop one, and how many
may wait or run at once is bounded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app, open_store
from bucarest.core.errors import LimitError
from bucarest.platform import jobs
from bucarest.platform.database import Database


@pytest.fixture
def two_workers(db_url: str) -> Iterator[tuple[Database, Database]]:
    """Two processes' views of one database (each its own engine and connections)."""
    a, b = open_store(db_url), open_store(db_url)
    try:
        yield a, b
    finally:
        a.dispose()
        b.dispose()


def _blocked(release: threading.Event, steps: int = 3) -> Any:
    def work(progress: jobs.Progress) -> dict[str, Any]:
        for i in range(steps):
            progress(i, steps)
            release.wait(20)
        return {"steps": steps}

    return work


def test_a_job_started_by_one_worker_is_reported_by_another(
    two_workers: tuple[Database, Database],
) -> None:
    first, second = two_workers
    release = threading.Event()
    job = jobs.submit(first, "example", "client:a", "en", {"n": 1}, _blocked(release))
    try:
        deadline = time.monotonic() + 10
        while jobs.read(second, job)["state"] != "running" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert jobs.read(second, job)["state"] == "running"
    finally:
        release.set()
    done = jobs.wait(second, job, timeout_s=20)
    assert done["state"] == "done" and done["result"] == {"steps": 3}


def test_any_worker_can_stop_a_job(two_workers: tuple[Database, Database]) -> None:
    first, second = two_workers

    def endless(progress: jobs.Progress) -> dict[str, Any]:
        for i in range(10_000):
            progress(i, 10_000)
            time.sleep(0.01)
        return {}

    job = jobs.submit(first, "example", "client:a", "en", {}, endless)
    time.sleep(0.3)
    jobs.cancel(second, job)
    stopped = jobs.wait(second, job, timeout_s=20)
    assert stopped["state"] == "cancelled"
    assert stopped["done"] < 10_000


def test_jobs_are_bounded_in_all_and_per_owner(two_workers: tuple[Database, Database]) -> None:
    first, second = two_workers
    limits = jobs.JobLimits(total=2, per_owner=1)
    release = threading.Event()
    try:
        jobs.submit(first, "example", "client:a", "en", {}, _blocked(release), limits)
        with pytest.raises(LimitError, match="client:a"):
            jobs.submit(second, "example", "client:a", "en", {}, _blocked(release), limits)
        jobs.submit(second, "example", "client:b", "en", {}, _blocked(release), limits)
        with pytest.raises(LimitError, match="all"):
            jobs.submit(first, "example", "client:c", "en", {}, _blocked(release), limits)
    finally:
        release.set()


def test_an_unknown_job_is_a_404(two_workers: tuple[Database, Database]) -> None:
    first, _second = two_workers
    with pytest.raises(Exception, match="no job 'nope'"):
        jobs.read(first, "nope")


def test_the_md_job_api_answers_from_any_worker(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    with TestClient(create_app(url)) as one, TestClient(create_app(url)) as two:
        body = {"kind": "options", "architecture": "us-third-site-2008", "threat": "iran-mrbm",
                "resolution_km": 250, "on": "2008-04-03"}  # fmt: skip
        started = one.post("/api/v1/md/jobs", json=body)
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]
        deadline = time.monotonic() + 120
        record = two.get(f"/api/v1/md/jobs/{job_id}").json()
        while record["state"] in jobs.ACTIVE and time.monotonic() < deadline:
            time.sleep(0.1)
            record = two.get(f"/api/v1/md/jobs/{job_id}").json()
        assert record["state"] == "done", record
        assert record["kind"] == "options" and "result" in record
        assert two.delete(f"/api/v1/md/jobs/{job_id}").json()["state"] == "done"
        missing = two.get("/api/v1/md/jobs/nope")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_too_many_md_jobs_are_a_429(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    release = threading.Event()
    monkeypatch.setattr(jobs, "_run", lambda *args: release.wait(20))
    body = {"kind": "sweep", "architecture": "us-third-site-2008", "threat": "iran-mrbm"}
    try:
        with TestClient(create_app(url)) as client:
            codes = [client.post("/api/v1/md/jobs", json=body).status_code for _ in range(3)]
            assert codes == [202, 202, 429]
            refused = client.post("/api/v1/md/jobs?lang=fr", json=body).json()["error"]
            assert refused["code"] == "too_many"
    finally:
        release.set()

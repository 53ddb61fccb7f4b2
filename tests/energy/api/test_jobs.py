"""Energy rankings are background jobs kept in the database: started by one server process,
followed, stopped and reused by another; bounded with every other job; bad bodies refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.errors import LimitError
from bucarest.energy import service
from bucarest.platform import jobs

#: A what-if scenario: three weeks of the 2009 cut on the shipped dataset (about 100 solves).
WHAT_IF = {
    "id": "what-if", "name_en": "What if", "name_fr": "Et si", "dataset": "winter-2008-09",
    "start": "2009-01-01", "end": "2009-01-21", "mode": "cooperative",
    "disruptions": [{"asset": "RUS-UKR", "share": 1.0, "start": "2009-01-05", "end": "2009-01-15"}],
}  # fmt: skip


@pytest.fixture
def two_workers(db_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Two application instances (two server processes' views) on one database."""
    with TestClient(create_app(db_url)) as one, TestClient(create_app(db_url)) as two:
        yield one, two


@pytest.fixture
def nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process keeps no shipped ranking (as a process that never computed one)."""
    monkeypatch.setattr(service, "_RANKED", type(service._RANKED)())


def _until(client: TestClient, job_id: str, done: Any, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    record: dict[str, Any] = client.get(f"/api/v1/energy/jobs/{job_id}").json()
    while not done(record) and time.monotonic() < deadline:
        time.sleep(0.05)
        record = client.get(f"/api/v1/energy/jobs/{job_id}").json()
    return record


def test_a_ranking_started_on_one_worker_is_followed_and_reused_on_another(
    two_workers: tuple[TestClient, TestClient],
    nothing_kept: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two = two_workers
    started = one.post("/api/v1/energy/jobs", json={"scenario": "jan-2009", "top": 5})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    running = _until(two, job_id, lambda r: r["state"] != "queued" and r["total"] > 0)
    assert running["kind"] == "critical" and running["total"] == 113, running
    done = _until(two, job_id, lambda r: r["state"] not in jobs.ACTIVE)
    assert done["state"] == "done", done
    result = done["result"]
    assert result["scenario"] == "jan-2009" and result["shipped"] is True
    assert result["ranked"] == 113 and len(result["assets"]) == 5
    added = [a["added_unserved_mcm"] for a in result["assets"]]
    assert added == sorted(added, reverse=True) and added[0] > 0
    # Another process, which never computed it, answers the ranking from the job's row.
    monkeypatch.setattr(service, "_RANKED", type(service._RANKED)())

    def no_solving(*_args: Any, **_kw: Any) -> None:
        raise AssertionError("the ranking was computed again")

    monkeypatch.setattr(service, "rank_assets", no_solving)
    top = two.get("/api/v1/energy/critical/jan-2009", params={"top": 3})
    assert top.status_code == 200, top.text
    assert top.json() == result["assets"][:3]


def test_a_what_if_ranking_is_stopped_from_another_worker(
    two_workers: tuple[TestClient, TestClient],
) -> None:
    one, two = two_workers
    # a whole winter and ten pairs: long enough (about 160 cases of 90 days) that the
    # cancellation lands between two cases, not after the last one
    long = {**WHAT_IF, "end": "2009-03-31"}
    started = one.post("/api/v1/energy/jobs", json={"scenario": long, "pairs": 10})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    _until(two, job_id, lambda r: r["state"] == "running" and r["done"] > 0)
    asked = two.delete(f"/api/v1/energy/jobs/{job_id}")
    assert asked.status_code == 200 and asked.json()["kind"] == "critical"
    stopped = _until(one, job_id, lambda r: r["state"] not in jobs.ACTIVE, timeout_s=30)
    assert stopped["state"] == "cancelled", stopped
    assert stopped["done"] < stopped["total"] and "result" not in stopped
    assert stopped["error"]["message"] == "the job was cancelled"


def test_a_what_if_ranking_is_ranked_like_the_domain_ranks_it(
    two_workers: tuple[TestClient, TestClient],
) -> None:
    from bucarest.energy.data import load_dataset, scenario_from
    from bucarest.energy.domain.critical import rank_assets

    one, two = two_workers
    short = {**WHAT_IF, "end": "2009-01-08", "disruptions": [
        {"asset": "RUS-UKR", "share": 0.5, "start": "2009-01-02", "end": "2009-01-06"}]}  # fmt: skip
    started = one.post("/api/v1/energy/jobs", json={"scenario": short, "top": 8, "pairs": 3})
    assert started.status_code == 202, started.text
    done = _until(two, started.json()["id"], lambda r: r["state"] not in jobs.ACTIVE)
    assert done["state"] == "done", done
    expected = rank_assets(load_dataset("winter-2008-09"), scenario_from(short), top=8, pairs=3)
    assert [a["asset"] for a in done["result"]["assets"]] == [i.asset for i in expected]
    assert done["result"]["pairs"] == 3 and done["result"]["ranked"] == 113 + 3
    assert done["total"] == 113 + 3
    assert done["result"]["shipped"] is False and done["result"]["scenario"] == "what-if"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"scenario": "nope"}, 404, "unknown scenario 'nope'; expected one of jan-2009"),
        ({}, 400, "'scenario' must be a shipped scenario id such as 'jan-2009'"),
        ({"scenario": 7}, 400, "'scenario' must be a shipped scenario id"),
        ({"scenario": "jan-2009", "top": 0}, 400, "'top' must be a whole number from 1 to 1000"),
        ({"scenario": "jan-2009", "top": "5"}, 400, "got '5'"),
        ({"scenario": "jan-2009", "top": True}, 400, "got 'True'"),
        ({"scenario": "jan-2009", "pairs": 31}, 400, "'pairs' must be a whole number from 0"),
        ({"scenario": "jan-2009", "pairs": "3"}, 400, "got '3'"),
        ({"scenario": "jan-2009", "pairs": -1}, 400, "got '-1'"),
        ({"scenario": {"id": "x"}}, 422, "scenario field"),
        ({"scenario": {**WHAT_IF, "end": "2008-12-01"}}, 422, "ends before it starts"),
        (
            {
                "scenario": {
                    **WHAT_IF,
                    "disruptions": [
                        {"asset": "XX-YY", "share": 1, "start": "2009-01-02", "end": "2009-01-03"}
                    ],
                }
            },
            404,
            "XX-YY",
        ),  # fmt: skip
    ],
)
def test_a_bad_ranking_is_refused_before_it_is_queued(
    two_workers: tuple[TestClient, TestClient], body: dict[str, Any], status: int, says: str
) -> None:
    one, two = two_workers
    r = one.post("/api/v1/energy/jobs", json=body)
    assert r.status_code == status, r.text
    message = r.json()["error"]["message"]
    assert says in message and "\n" not in message
    with one.app.state.db.session() as s:  # nothing was queued
        assert s.query(jobs.JobTable).count() == 0


def test_unknown_jobs_and_other_capabilities_jobs_are_404(
    two_workers: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = two_workers
    missing = two.get("/api/v1/energy/jobs/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert two.delete("/api/v1/energy/jobs/nope").status_code == 404
    release = threading.Event()
    monkeypatch.setattr(jobs, "_run", lambda *args: release.wait(20))
    try:
        md = one.post("/api/v1/md/jobs", json={"kind": "sweep", "architecture":
                      "us-third-site-2008", "threat": "iran-mrbm"})  # fmt: skip
        assert md.status_code == 202
        other = two.get(f"/api/v1/energy/jobs/{md.json()['id']}")
        assert other.status_code == 404 and "no ranking job" in other.json()["error"]["message"]
        assert two.delete(f"/api/v1/energy/jobs/{md.json()['id']}").status_code == 404
        assert two.get(f"/api/v1/md/jobs/{md.json()['id']}").json()["state"] == "queued"
    finally:
        release.set()


def test_rankings_are_bounded_per_client_with_every_other_job(
    two_workers: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = two_workers
    release = threading.Event()
    monkeypatch.setattr(jobs, "_run", lambda *args: release.wait(20))
    body = {"scenario": "jan-2009"}
    try:
        assert one.post("/api/v1/energy/jobs", json=body).status_code == 202
        md = {"kind": "sweep", "architecture": "us-third-site-2008", "threat": "iran-mrbm"}
        assert two.post("/api/v1/md/jobs", json=md).status_code == 202
        # The same client, through the other worker: its two jobs are waiting.
        refused = two.post("/api/v1/energy/jobs?lang=fr", json=body)
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["code"] == "too_many" and "calculs sont déjà en attente" in error["message"]
        # The waiting GET is bounded too.
        assert one.get("/api/v1/energy/critical/full-russian-halt").status_code == 429
    finally:
        release.set()


def test_rankings_are_bounded_in_all(
    two_workers: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _two = two_workers
    db = one.app.state.db
    release = threading.Event()
    monkeypatch.setattr(jobs, "_run", lambda *args: release.wait(20))
    limits = jobs.JobLimits(total=3, per_owner=2)
    try:
        for owner in ("client:a", "client:a", "client:b"):
            service.queue_ranking(db, "en", {"scenario": "jan-2009"}, owner, limits)
        with pytest.raises(LimitError, match="3 jobs are already waiting or running"):
            service.queue_ranking(db, "en", {"scenario": "jan-2009"}, "client:c", limits)
    finally:
        release.set()

"""A burst of TAXII posts against a real ``bucarest serve --workers 2`` on SQLite: ten clients
of two nations post the same 50 objects at the same moment; each object is stored once, with
one owner, which alone may delete it.

With a per-process lock, 10 of 50 objects were stored twice, owned by two nations, and
neither owner could delete them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.desk.taxii import MEDIA, NATO, ROOT
from tests.identity import choose_own_password

OBJECTS = f"{ROOT}collections/{NATO}/objects/"
CLIENTS = 10
COUNT = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bucarest(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bucarest", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)  # fmt: skip


def _token(nation: str, env: dict[str, str]) -> str:
    added = _bucarest("users", "add", "--nation", nation, "--role", "analyst", "--format",
                      "json", env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    name = f"{nation.lower()}-analyst"
    choose_own_password(env["BUCAREST_DATABASE_URL"], name, json.loads(added.stdout)["password"])
    made = _bucarest("tokens", "create", "--username", name, "--format", "json", env=env)
    assert made.returncode == 0, made.stderr
    token: str = json.loads(made.stdout)["token"]
    return token


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    """``bucarest serve --workers 2`` on a fresh SQLite database: its address, the database
    URL, and a token for a French and a German analyst."""
    url = f"sqlite:///{tmp_path / 'burst.sqlite3'}"
    env = {"BUCAREST_DATABASE_URL": url}
    tokens = {nation: _token(nation, env) for nation in ("FRA", "DEU")}
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bucarest", "serve", "--port", str(port), "--workers", "2"],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(base + "/", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            yield base, url, tokens
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _objects() -> list[dict[str, Any]]:
    stamp = "2026-12-04T10:00:00.000Z"
    return [
        {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
         "created": stamp, "modified": stamp, "valid_from": stamp, "pattern_type": "stix",
         "pattern": f"[ipv4-addr:value = '203.0.113.{n}']"}
        for n in range(COUNT)
    ]  # fmt: skip


@pytest.mark.slow
def test_a_two_worker_burst_stores_each_object_once_with_one_owner(
    server: tuple[str, str, dict[str, str]],
) -> None:
    base, url, tokens = server
    objects = _objects()
    body = json.dumps({"objects": objects})
    nations = ["FRA", "DEU"] * (CLIENTS // 2)
    start = threading.Barrier(CLIENTS)
    statuses: list[tuple[str, Any]] = []

    def post(nation: str) -> None:
        headers = {"Authorization": f"Bearer {tokens[nation]}", "Accept": MEDIA,
                   "Content-Type": MEDIA}  # fmt: skip
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/taxii2/", headers=headers)  # connected before the burst
            start.wait(30)
            r = client.post(OBJECTS, content=body, headers=headers)
        statuses.append((nation, r.json() if r.status_code == 202 else r.text))

    threads = [threading.Thread(target=post, args=(n,)) for n in nations]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(statuses) == CLIENTS
    assert all(isinstance(s, dict) for _n, s in statuses), statuses

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT stix_id, originator FROM desk_records WHERE collection = :c"),
            {"c": NATO},
        ).all()
    engine.dispose()
    owners: dict[str, list[str]] = {}
    for sid, originator in rows:
        owners.setdefault(sid, []).append(originator)
    assert sorted(owners) == sorted(o["id"] for o in objects)
    assert all(len(v) == 1 for v in owners.values()), "objects stored twice"

    for nation, status in statuses:
        assert status["total_count"] == COUNT
        won = {s["id"] for s in status["successes"]}
        lost = {f["id"] for f in status["failures"]}
        assert won == {sid for sid, (o,) in owners.items() if o == nation}
        assert lost == {sid for sid, (o,) in owners.items() if o != nation}
        assert all("another organisation" in f["message"] for f in status["failures"])

    def delete(nation: str, sid: str) -> int:
        headers = {"Authorization": f"Bearer {tokens[nation]}", "Accept": MEDIA}
        return httpx.delete(f"{base}{OBJECTS}{sid}/", headers=headers, timeout=30).status_code

    for sid, (owner,) in owners.items():
        other = "DEU" if owner == "FRA" else "FRA"
        assert delete(other, sid) == 403
        assert delete(owner, sid) == 200

"""``bucarest serve``: several processes on one port, each with its own socket; a port in use
or a bad setting refused in one line; and nothing left running after a stop (not even the
STIX validation workers a large envelope starts)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bucarest.core.errors import InvalidInputError
from bucarest.platform.serving import REUSE_PORT, ConnectionBalance, check_port_free

MEDIA = "application/taxii+json;version=2.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bucarest(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bucarest", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)  # fmt: skip


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def test_a_port_in_use_is_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InvalidInputError, match="expected a free port"):
            check_port_free("127.0.0.1", port)


def test_serve_refuses_a_port_in_use_and_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    env = {"BUCAREST_DATABASE_URL": f"sqlite:///{tmp_path / 'd.sqlite3'}"}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = str(s.getsockname()[1])
        taken = bucarest("serve", "--port", port, "--workers", "2", env=env)
    assert taken.returncode != 0
    assert "expected a free port" in taken.stderr
    assert len(taken.stderr.strip().splitlines()) == 1
    bad = bucarest("serve", "--port", str(free_port()), env={**env, "BUCAREST_THREADS": "0"})
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "the setting BUCAREST_THREADS is not valid" in bad.stderr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    """``bucarest serve --workers 2 --threads 1`` on a fresh database, with the token of a
    French analyst."""
    env = {"BUCAREST_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}"}
    added = bucarest(
        "users", "add", "--nation", "FRA", "--role", "analyst", "--format", "json", env=env
    )
    assert added.returncode == 0, added.stderr
    one_time = json.loads(added.stdout)["password"]
    made = bucarest("tokens", "create", "--username", "fra-analyst", "--format", "json", env=env)
    assert made.returncode == 0, made.stderr
    token = json.loads(made.stdout)["token"]
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bucarest", "serve", "--port", str(port), "--workers", "2",
         "--threads", "1"], stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        # The token works once the user has replaced the one-time password.
        changed = httpx.post(
            base + "/api/v1/account/password",
            auth=("fra-analyst", one_time),
            json={"current_password": one_time, "new_password": "a password of my own"},
        )
        assert changed.status_code == 200, changed.text
        yield proc, base, token
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.mark.slow
@pytest.mark.skipif(not REUSE_PORT, reason="SO_REUSEPORT is what gives each worker a socket")
def test_workers_answer_on_one_port_and_all_stop_with_the_server(
    served: tuple[subprocess.Popen[bytes], str, str],
) -> None:
    proc, base, token = served
    headers = {"Authorization": f"Bearer {token}", "Accept": MEDIA}
    workers = descendants(proc.pid)
    for _ in range(20):  # a new connection each time: the kernel spreads them
        assert httpx.get(base + "/taxii2/", headers=headers).status_code == 200
    cols = httpx.get(base + "/taxii2/desk/collections/", headers=headers).json()["collections"]
    nato = next(c for c in cols if c["alias"] == "nato" and c["can_write"])
    stamp = "2026-01-15T10:00:00.000Z"
    objects = [
        {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
         "created": stamp, "modified": stamp, "valid_from": stamp, "pattern_type": "stix",
         "pattern": f"[ipv4-addr:value = '10.0.{i // 256}.{i % 256}']"}
        for i in range(450)  # enough to be checked by the validation workers
    ]  # fmt: skip
    posted = httpx.post(
        f"{base}/taxii2/desk/collections/{nato['id']}/objects/",
        content=json.dumps({"objects": objects}),
        headers={**headers, "Content-Type": MEDIA},
        timeout=60,
    )
    assert posted.status_code == 202, posted.text
    assert posted.json()["success_count"] == 450
    below = descendants(proc.pid)
    assert len(below) > len(workers) >= 2  # the validation workers came up
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    deadline = time.monotonic() + 10
    while _alive(below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(below), "processes outlived the server"


def _alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def test_a_worker_over_its_share_closes_one_connection_at_a_time() -> None:
    loads = [0, 6]
    mine = {"open": 14}
    balance = ConnectionBalance(None, 0, loads, lambda: mine["open"], every_s=0.05)
    assert balance.should_close()
    assert loads == [14, 6]
    assert not balance.should_close()  # at most one close every 50 ms
    time.sleep(0.06)
    assert balance.should_close()
    mine["open"], loads[1] = 10, 10
    time.sleep(0.06)
    assert not balance.should_close()  # an even share stays put
    mine["open"], loads[1] = 11, 10  # 21 over two: a share of 11 is fair
    assert not balance.should_close()


def test_the_closing_answer_says_connection_close_and_others_do_not() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"connection", b"keep-alive"), (b"x-a", b"1")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"ok"})

    def headers_of(balance: ConnectionBalance) -> list[tuple[bytes, bytes]]:
        sent: list[Any] = []

        async def send(message: Any) -> None:
            sent.append(message)

        # Nothing here waits, so one step runs it to the end (pytest may already be running
        # an event loop in this thread).
        with pytest.raises(StopIteration):
            balance({"type": "http"}, None, send).send(None)
        return list(sent[0]["headers"])

    over = ConnectionBalance(app, 0, [0, 1], lambda: 5)
    assert headers_of(over) == [(b"x-a", b"1"), (b"connection", b"close")]
    even = ConnectionBalance(app, 0, [0, 3], lambda: 3)
    assert headers_of(even) == [(b"connection", b"keep-alive"), (b"x-a", b"1")]

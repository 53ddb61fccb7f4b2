"""``bucarest serve`` on gunicorn: several uvicorn workers on one port, each with its own
listening socket, a dead worker replaced; a port in use, a bad setting, a bad certificate or
proxy refused in one line; the warning about serving in clear given only when it is due; TLS
served when a certificate is given; and nothing left running after a stop (not even the STIX
validation workers a large envelope starts)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gunicorn.config
import httpx
import pytest
import uvicorn.importer
import uvicorn_worker

from bucarest.cli import main
from bucarest.core.errors import InvalidInputError
from bucarest.platform.serving import (
    APP_FACTORY,
    GRACEFUL_TIMEOUT_S,
    STORE_OPENER,
    ServeOptions,
    bind_address,
    check_port_free,
    check_tls,
    gunicorn_settings,
    hosts_to_answer,
    parse_proxies,
    warns_in_clear,
)
from tests.identity import choose_own_password

MEDIA = "application/taxii+json;version=2.1"
WARNING = "is reachable from other machines"

# --- the pure pieces --------------------------------------------------------------------


def gunicorn_config(options: ServeOptions) -> gunicorn.config.Config:
    """The settings as gunicorn itself reads them (an unknown name or a bad value raises)."""
    cfg = gunicorn.config.Config()
    for name, value in gunicorn_settings(options).items():
        cfg.set(name, value)
    return cfg


def test_gunicorn_runs_uvicorn_workers_each_with_its_own_socket() -> None:
    cfg = gunicorn_config(ServeOptions("sqlite://", host="::1", port=8123, workers=3, threads=2))
    assert cfg.worker_class is uvicorn_worker.UvicornWorker
    assert cfg.workers == 3
    assert cfg.reuse_port is True
    assert cfg.bind == ["[::1]:8123"]
    assert cfg.graceful_timeout == GRACEFUL_TIMEOUT_S
    assert cfg.preload_app is False
    assert not cfg.is_ssl
    assert cfg.forwarded_allow_ips == ["127.0.0.1", "::1"]  # a proxy on this machine only


def test_tls_files_and_proxies_reach_gunicorn() -> None:
    cfg = gunicorn_config(ServeOptions("sqlite://", certfile="c.pem", keyfile="k.pem",
                                       proxies=("10.0.0.1", "10.1.0.0/16")))  # fmt: skip
    assert cfg.is_ssl
    assert (cfg.certfile, cfg.keyfile) == ("c.pem", "k.pem")
    assert cfg.forwarded_allow_ips == ["10.0.0.1", "10.1.0.0/16"]
    alone = gunicorn_config(ServeOptions("sqlite://", certfile="both.pem"))
    assert (alone.certfile, alone.keyfile) == ("both.pem", None)


def test_the_import_strings_name_the_app_factory_and_the_store_opener() -> None:
    from bucarest.app import create_app, open_store

    assert uvicorn.importer.import_from_string(APP_FACTORY) is create_app
    assert uvicorn.importer.import_from_string(STORE_OPENER) is open_store


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [("127.0.0.1", 80, "127.0.0.1:80"), ("0.0.0.0", 8000, "0.0.0.0:8000"),
     ("::", 8000, "[::]:8000"), ("[::1]", 8001, "[::1]:8001"),
     ("localhost", 9, "localhost:9")],
)  # fmt: skip
def test_bind_address(host: str, port: int, expected: str) -> None:
    assert bind_address(host, port) == expected


@pytest.mark.parametrize(
    ("options", "warns"),
    [
        (ServeOptions("", host="127.0.0.1"), False),
        (ServeOptions("", host="localhost"), False),
        (ServeOptions("", host="::1"), False),
        (ServeOptions("", host="0.0.0.0"), True),
        (ServeOptions("", host="10.0.0.5"), True),
        (ServeOptions("", host="0.0.0.0", certfile="c.pem"), False),
        (ServeOptions("", host="0.0.0.0", proxies=("10.0.0.1",)), False),
    ],
)
def test_serving_in_clear_to_other_machines_warns(options: ServeOptions, warns: bool) -> None:
    assert warns_in_clear(options) is warns


def test_proxies_are_addresses_networks_or_any() -> None:
    assert parse_proxies("*") == ("*",)
    assert parse_proxies(" 10.0.0.1 ,fd00::/8") == ("10.0.0.1", "fd00::/8")
    for bad in ("", " , ", "proxy.example.org", "10.0.0.1,nope", "10.0.0.0/33"):
        with pytest.raises(InvalidInputError, match="is not a proxy address"):
            parse_proxies(bad)


def test_the_listening_address_is_a_name_to_answer_to() -> None:
    assert hosts_to_answer("10.0.0.5", ("localhost",)) == ("localhost", "10.0.0.5")
    assert hosts_to_answer("127.0.0.1", ("localhost", "127.0.0.1")) == ("localhost", "127.0.0.1")
    assert hosts_to_answer("::", ("localhost",)) == ("localhost",)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (made by ``openssl``)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_tls_files_are_checked_before_serving(certificate: tuple[Path, Path],
                                              tmp_path: Path) -> None:  # fmt: skip
    cert, key = certificate
    check_tls(str(cert), str(key))
    check_tls(None, None)
    both = tmp_path / "both.pem"
    both.write_text(key.read_text() + cert.read_text())
    check_tls(str(both), None)
    with pytest.raises(InvalidInputError, match="--keyfile needs --certfile"):
        check_tls(None, str(key))
    with pytest.raises(InvalidInputError, match=r"\(No such file or directory\); expected a PEM"):
        check_tls(str(tmp_path / "missing.pem"), None)
    with pytest.raises(InvalidInputError, match="expected a PEM certificate"):
        check_tls(str(cert), None)  # no key
    other = tmp_path / "other.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(other), "2048"], check=True,
                   capture_output=True)  # fmt: skip
    with pytest.raises(InvalidInputError, match=r"\(key values mismatch\)"):
        check_tls(str(cert), str(other))


def test_a_port_in_use_is_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InvalidInputError, match="expected a free port"):
            check_port_free("127.0.0.1", port)


# --- the command ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bucarest(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bucarest", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)  # fmt: skip


def one_line_error(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert expected in done.stderr


@pytest.fixture(scope="module")
def desk_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A database with a French analyst (``fra-analyst``), made once for the module."""
    db = tmp_path_factory.mktemp("serve") / "desk.sqlite3"
    env = {"BUCAREST_DATABASE_URL": f"sqlite:///{db}"}
    added = bucarest("users", "add", "--nation", "FRA", "--role", "analyst", "--format", "json",
                     env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    # Tokens work once the one-time password has been replaced.
    choose_own_password(env["BUCAREST_DATABASE_URL"], "fra-analyst",
                        json.loads(added.stdout)["password"])  # fmt: skip
    return env


@pytest.fixture(scope="module")
def token(desk_env: dict[str, str]) -> str:
    """An API token of the French analyst."""
    made = bucarest("tokens", "create", "--username", "fra-analyst", "--format", "json",
                    env=desk_env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["token"])


def test_serve_refuses_a_port_in_use_and_bad_settings_in_one_line(
    desk_env: dict[str, str], tmp_path: Path
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = str(s.getsockname()[1])
        taken = bucarest("serve", "--port", port, "--workers", "2", env=desk_env)
    one_line_error(taken, "expected a free port")
    port = str(free_port())
    bad = bucarest("serve", "--port", port, env={**desk_env, "BUCAREST_THREADS": "0"})
    one_line_error(bad, "the setting BUCAREST_THREADS is not valid")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["serve", "--proxy", "gateway"], "'gateway' is not a proxy address"),
        (["serve", "--keyfile", "k.pem"], "--keyfile needs --certfile"),
        (["serve", "--certfile", "/nowhere/c.pem"],
         "cannot use the certificate /nowhere/c.pem (No such file or directory)"),
        (["--lang", "fr", "serve", "--proxy", "x"], "« x » n'est pas l'adresse d'un mandataire"),
    ],
)  # fmt: skip
def test_serve_refuses_bad_tls_or_proxy_options_in_one_line(
    args: list[str], expected: str, desk_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("BUCAREST_DATABASE_URL", desk_env["BUCAREST_DATABASE_URL"])
    assert main([*args, "--port", str(free_port())]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err


@contextmanager
def serving(args: list[str], env: dict[str, str], log: Path, ready: str,
            verify: bool = True) -> Iterator[subprocess.Popen[bytes]]:  # fmt: skip
    """``bucarest serve *args`` until ``GET ready`` answers 200; killed at the end if still
    running (the master and every process below it)."""
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bucarest", "serve", *args], stdout=out,
                                stderr=subprocess.PIPE, env={**os.environ, **env})  # fmt: skip
    below: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(ready, timeout=2, verify=verify).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, log.read_text() + proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        below = descendants(proc.pid)
        yield proc
    finally:
        if proc.poll() is None:
            below |= descendants(proc.pid)
            proc.kill()
            proc.wait(10)
        for pid in _alive(below):
            os.kill(pid, signal.SIGKILL)
        if proc.stderr is not None:
            proc.stderr.close()


def stop(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    """SIGTERM to the master; its exit status and what it wrote on standard error."""
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=GRACEFUL_TIMEOUT_S + 15)
    return proc.returncode, err.decode()


def test_a_loopback_server_does_not_warn(desk_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    with serving(["--port", str(port)], desk_env, tmp_path / "out.log",
                 f"http://127.0.0.1:{port}/about") as proc:  # fmt: skip
        status, err = stop(proc)
    assert status == 0
    assert err == ""  # nothing but the line on standard output
    assert (tmp_path / "out.log").read_text().startswith(f"Serving on http://127.0.0.1:{port}/")


def forwarded_scheme(port: int, token: str) -> str:
    """The scheme of the TAXII API root the server names when told, by an
    ``X-Forwarded-Proto`` header from this machine, that the client spoke HTTPS."""
    headers = {"Authorization": f"Bearer {token}", "Accept": MEDIA, "X-Forwarded-Proto": "https"}
    found = httpx.get(f"http://127.0.0.1:{port}/taxii2/", headers=headers, timeout=10)
    assert found.status_code == 200, found.text
    return str(found.json()["default"]).split(":", 1)[0]


@pytest.mark.slow
def test_every_interface_warns_unless_a_proxy_is_declared(
    desk_env: dict[str, str], token: str, tmp_path: Path
) -> None:
    port = free_port()
    with serving(["--host", "0.0.0.0", "--port", str(port)], desk_env, tmp_path / "a.log",
                 f"http://127.0.0.1:{port}/about") as proc:  # fmt: skip
        assert forwarded_scheme(port, token) == "https"  # a proxy on this machine is believed
        status, err = stop(proc)
    assert status == 0
    assert err.count("\n") == 1 and WARNING in err and "--proxy" in err
    with serving(["--host", "0.0.0.0", "--port", str(port), "--proxy", "10.9.9.9"], desk_env,
                 tmp_path / "b.log", f"http://127.0.0.1:{port}/about") as proc:  # fmt: skip
        assert forwarded_scheme(port, token) == "http"  # only the proxy named is believed
        status, err = stop(proc)
    assert status == 0
    assert WARNING not in err


@pytest.mark.slow
def test_a_certificate_serves_https_without_a_warning(
    desk_env: dict[str, str], certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = certificate
    port = free_port()
    args = ["--host", "0.0.0.0", "--port", str(port), "--certfile", str(cert), "--keyfile",
            str(key)]  # fmt: skip
    base = f"https://127.0.0.1:{port}"
    with serving(args, desk_env, tmp_path / "out.log", base + "/about", verify=False) as proc:
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/about", timeout=5)  # no clear text
        trusting = ssl.create_default_context(cafile=str(cert))
        assert httpx.get(base + "/about", verify=trusting).status_code == 200
        status, err = stop(proc)
    assert status == 0
    assert WARNING not in err
    assert (tmp_path / "out.log").read_text().startswith(f"Serving on https://0.0.0.0:{port}/")


# --- processes and sockets, read from /proc ---------------------------------------------


def children_of() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``."""
    children = children_of()
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


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


def tcp_sockets() -> list[tuple[int, int, str, int]]:
    """Every TCP socket of this machine: local port, remote port, state (hex), inode."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            next(fh)
            for line in fh:
                cols = line.split()
                local, remote, state, inode = cols[1], cols[2], cols[3], int(cols[9])
                out.append((int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16),
                            state, inode))  # fmt: skip
    return out


def socket_inodes(pid: int) -> set[int]:
    """The sockets process ``pid`` holds open."""
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(int(target[8:-1]))
    return out


def listening(port: int) -> set[int]:
    return {inode for local, _r, state, inode in tcp_sockets() if local == port and state == "0A"}


def holder(inode: int, pids: set[int]) -> int:
    [pid] = [p for p in pids if inode in socket_inodes(p)]
    return pid


@pytest.fixture
def served(desk_env: dict[str, str], token: str,
           tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, str]]:  # fmt: skip
    """``bucarest serve --workers 2 --threads 1``, its port, and the French analyst's token."""
    port = free_port()
    with serving(["--port", str(port), "--workers", "2", "--threads", "1"], desk_env,
                 tmp_path / "serve.log", f"http://127.0.0.1:{port}/about") as proc:  # fmt: skip
        yield proc, port, token


@pytest.mark.slow
def test_workers_each_listen_on_the_port_and_all_answer(
    served: tuple[subprocess.Popen[bytes], int, str],
) -> None:
    proc, port, _token = served
    workers = set(children_of()[proc.pid])
    assert len(workers) == 2
    sockets = listening(port)
    assert len(sockets) == 2  # one listening socket per worker, none shared
    assert {holder(inode, workers) for inode in sockets} == workers
    assert not sockets & socket_inodes(proc.pid)  # the master listens on nothing
    # Thirty connections kept open: the kernel spreads them over both workers' sockets,
    # and each is answered by the worker that holds its other end.
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(30)]
    try:
        answered_by = set()
        for conn in conns:
            conn.request("GET", "/about")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
            assert conn.sock is not None
            mine = conn.sock.getsockname()[1]
            [inode] = [i for local, remote, state, i in tcp_sockets()
                       if local == port and remote == mine and state == "01"]  # fmt: skip
            answered_by.add(holder(inode, workers))
        assert answered_by == workers
    finally:
        for conn in conns:
            conn.close()
    # gunicorn replaces a worker that dies.
    gone = min(workers)
    os.kill(gone, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while (now := set(children_of().get(proc.pid, []))) and (len(now) < 2 or gone in now):
        assert time.monotonic() < deadline, "no worker took the dead one's place"
        time.sleep(0.2)
    assert len(now) == 2 and gone not in now
    assert len(listening(port)) == 2
    for _ in range(10):
        assert httpx.get(f"http://127.0.0.1:{port}/about", timeout=10).status_code == 200


@pytest.mark.slow
def test_a_stop_leaves_nothing_running(served: tuple[subprocess.Popen[bytes], int, str]) -> None:
    proc, port, token = served
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}", "Accept": MEDIA}
    workers = descendants(proc.pid)
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
    status, err = stop(proc)
    assert status == 0, err
    deadline = time.monotonic() + 10
    while _alive(below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(below), "processes outlived the server"
    assert not listening(port)

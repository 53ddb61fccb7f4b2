"""Serving the app: one process, or one process per core, each with its own listening socket.

Example::

    $ bucarest serve --workers 2 --threads 1 --port 8000

With several workers every process binds the port with ``SO_REUSEPORT``, so the kernel
spreads new connections over them. A single shared socket (uvicorn's own ``--workers``)
lets whichever process wakes first accept every pending connection: twenty clients
connecting at once could all land on one process while the other idles, and a keep-alive
client stays where it landed. Where the platform has no ``SO_REUSEPORT`` the shared socket
is used all the same. The kernel spreads connections at random, and a keep-alive client
stays where it landed, so a worker holding more than its share closes some of its
connections after an answer (:class:`ConnectionBalance`) until the shares even out.

The supervisor forwards ``SIGTERM`` and ``SIGINT`` to the workers and waits for them; a
worker that dies on its own is started again.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
import uvicorn.importer

from bucarest.core.errors import N_, InvalidInputError, StoreError
from bucarest.platform.guard import host_allowed

__all__ = [
    "REUSE_PORT",
    "WILDCARD_ADDRESSES",
    "check_port_free",
    "hosts_to_answer",
    "is_loopback",
    "serve",
]

#: Whether this platform can give each worker its own socket on the same port.
REUSE_PORT = hasattr(socket, "SO_REUSEPORT")

_LOG = logging.getLogger(__name__)
_BACKLOG = 2048
_STOP_WAIT_S = 15.0
_MIN_LIFE_S = 10.0


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on (a worker socket with ``SO_REUSEPORT``
    would otherwise share it silently with another server of the same user)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InvalidInputError(
            N_("cannot listen on '{host}'; expected an address or a host name"), host=host
        ) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = "in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
            raise InvalidInputError(
                N_("cannot listen on {host}:{port} ({reason}); expected a free port"),
                host=host,
                port=str(port),
                reason=reason,
            ) from None


def _listening_socket(host: str, port: int) -> socket.socket:
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(_BACKLOG)
    sock.set_inheritable(True)
    return sock


class ConnectionBalance:
    """ASGI middleware that moves keep-alive connections off a worker holding more than its
    share: while this worker's open connections (``open_connections()``) exceed the
    workers' total divided among them (rounded up), one answer at most every ``every_s``
    seconds says ``Connection: close``; the client connects again, and the kernel may
    hand the new connection to another worker. Each worker writes its own count into
    ``loads[slot]`` (shared memory) on every request.

    The kernel spreads *new* connections at random, so twenty clients that stay connected
    can sit 14 to 6 on two workers for good: the busier one then sets every latency.
    """

    def __init__(self, app: Any, slot: int, loads: Any, open_connections: Callable[[], int],
                 every_s: float = 0.1) -> None:  # fmt: skip
        self.app = app
        self.slot = slot
        self.loads = loads
        self.open_connections = open_connections
        self.every_s = every_s
        self._last_close = 0.0

    def should_close(self) -> bool:
        """Whether this answer should close its connection (see the class text)."""
        mine = self.loads[self.slot] = self.open_connections()
        fair = -(-sum(self.loads) // len(self.loads))
        now = time.monotonic()
        if mine > fair and now - self._last_close >= self.every_s:
            self._last_close = now
            return True
        return False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.should_close():
            await self.app(scope, receive, send)
            return

        async def closing(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


#: The application and the database opener, named as servers name them: the platform
#: serves whatever the composition root builds, without importing it.
APP_FACTORY = "bucarest.app:create_app"
STORE_OPENER = "bucarest.app:open_store"


def _create_app(url: str, threads: int) -> Any:
    return uvicorn.importer.import_from_string(APP_FACTORY)(url, threads)


def _worker(url: str, host: str, port: int, threads: int, slot: int, loads: Any) -> None:
    sock = _listening_socket(host, port)
    server: uvicorn.Server | None = None

    def open_connections() -> int:
        return len(server.server_state.connections) if server is not None else 0

    app = ConnectionBalance(_create_app(url, threads), slot, loads, open_connections)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


#: Listening on every interface: no single name to answer to.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable from this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def hosts_to_answer(host: str, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The names a server listening on ``host`` answers to: the configured ones, and the
    address it listens on (unless that is every interface).

    >>> hosts_to_answer("10.0.0.5", ("localhost",)), hosts_to_answer("0.0.0.0", ("localhost",))
    (('localhost', '10.0.0.5'), ('localhost',))
    """
    names = configured
    if host not in WILDCARD_ADDRESSES and not host_allowed(host, names):
        names = (*names, host)
    return names


def serve(
    url: str,
    host: str,
    port: int,
    workers: int = 1,
    threads: int = 8,
    allowed_hosts: tuple[str, ...] | None = None,
) -> None:
    """Serve the app over ``url`` on ``host:port`` until stopped, in ``workers``
    processes that each work on at most ``threads`` requests at once, answering to
    ``allowed_hosts`` (default: the configured ones)."""
    check_port_free(host, port)
    if allowed_hosts is not None:
        # Every worker builds its app from the environment.
        os.environ["BUCAREST_ALLOWED_HOSTS"] = ",".join(allowed_hosts)
    if workers == 1:
        uvicorn.run(_create_app(url, threads), host=host, port=port, log_level="warning")
        return
    # Migrate once here, so that the workers never race to do it.
    uvicorn.importer.import_from_string(STORE_OPENER)(url).dispose()
    if not REUSE_PORT:
        os.environ.update(BUCAREST_DATABASE_URL=url, BUCAREST_THREADS=str(threads))
        uvicorn.run("bucarest.app:create_app_from_environment", factory=True, host=host,
                    port=port, workers=workers, log_level="warning")  # fmt: skip
        return
    _supervise(url, host, port, workers, threads)


def _supervise(url: str, host: str, port: int, workers: int, threads: int) -> None:
    ctx = multiprocessing.get_context("spawn")
    stopping: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    loads = ctx.Array("i", workers, lock=False)  # open connections, one slot per worker

    def start(slot: int) -> tuple[multiprocessing.process.BaseProcess, float]:
        loads[slot] = 0
        p = ctx.Process(target=_worker, args=(url, host, port, threads, slot, loads))
        p.start()
        return p, time.monotonic()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    procs: list[tuple[multiprocessing.process.BaseProcess, float]] = []
    failed: int | None = None  # the exit status of a worker that died on start
    try:
        procs = [start(slot) for slot in range(workers)]
        while not stopping and failed is None:
            time.sleep(0.2)
            for i, (p, started) in enumerate(procs):
                if p.is_alive() or stopping:
                    continue
                if time.monotonic() - started < _MIN_LIFE_S:
                    # Dying as soon as started is a fault (a bad database, a port taken
                    # meanwhile) that another start would only repeat.
                    failed = p.exitcode if p.exitcode is not None else -1
                    break
                _LOG.warning("worker %s exited (%s); starting another", p.pid, p.exitcode)
                procs[i] = start(i)
    finally:
        for p, _started in procs:
            if p.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    # uvicorn shuts down gracefully on SIGTERM.
                    p.terminate()
        deadline = time.monotonic() + _STOP_WAIT_S
        for p, _started in procs:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(5.0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failed is not None:
        raise StoreError(
            N_(
                "a server process stopped with status {status} as it started; see the messages above"
            ),
            status=str(failed),
        )

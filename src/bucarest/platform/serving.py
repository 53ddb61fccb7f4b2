"""Serving the app: gunicorn supervises uvicorn worker processes, each with a socket of its own.

Example::

    $ bucarest serve --workers 2 --threads 1 --port 8000
    $ bucarest serve --host 0.0.0.0 --certfile site.pem --keyfile site.key
    $ bucarest serve --host 10.0.0.5 --proxy 10.0.0.1

gunicorn's master process forks ``workers`` uvicorn workers, starts another when one dies
and, on ``SIGTERM`` or ``SIGINT``, stops them all: each finishes the requests it has (for at
most :data:`GRACEFUL_TIMEOUT_S` seconds), then shuts its app down, and the STIX validation
processes it started with it. With ``reuse_port`` every worker binds the port itself
(``SO_REUSEPORT``), so the kernel spreads new connections over the workers; one shared
socket would let whichever process wakes first accept every pending connection.

Before any worker starts, the master refuses what would only make every worker fail in
turn, in one line: a port in use, a certificate it cannot load, a proxy that is not an
address; and it migrates the database once, so that the workers never race to do it.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gunicorn.app.base
import uvicorn.importer

from bucarest.core.errors import N_, InvalidInputError, StoreError
from bucarest.platform.guard import host_allowed

__all__ = [
    "APP_FACTORY",
    "GRACEFUL_TIMEOUT_S",
    "STORE_OPENER",
    "WILDCARD_ADDRESSES",
    "ServeOptions",
    "bind_address",
    "check_port_free",
    "check_tls",
    "gunicorn_settings",
    "hosts_to_answer",
    "is_loopback",
    "parse_proxies",
    "serve",
    "warns_in_clear",
]

#: The application and the database opener, named as servers name them: the platform
#: serves whatever the composition root builds, without importing it.
APP_FACTORY = "bucarest.app:create_app"
STORE_OPENER = "bucarest.app:open_store"

#: Seconds a stopping worker has to finish the requests it holds before it is killed.
GRACEFUL_TIMEOUT_S = 15
#: Seconds a worker's event loop may go without a sign of life before the master replaces
#: it (blocking work runs in threads, so the loop itself never waits this long).
_WORKER_TIMEOUT_S = 60
#: Seconds an idle keep-alive connection stays open (uvicorn's own default).
_KEEPALIVE_S = 5
_BACKLOG = 2048
_WORKER_CLASS = "uvicorn_worker.UvicornWorker"
#: Whose ``X-Forwarded-*`` headers are believed when no proxy is declared: a proxy on
#: this machine (gunicorn's and uvicorn's default).
_LOCAL_PROXIES = ("127.0.0.1", "::1")
_SSL_NOISE = re.compile(r"^\[[^]]*\]\s*|\s*\(_ssl\.c:\d+\)$")

#: Listening on every interface: no single name to answer to.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class ServeOptions:
    """How to serve: the database, where to listen, how many processes of how many
    threads, the names to answer to, TLS files and trusted proxies.

    >>> ServeOptions("sqlite:///b.sqlite3", workers=2).tls
    False
    """

    url: str
    host: str = "127.0.0.1"
    port: int = 8000
    #: Worker processes (one per core is a good start).
    workers: int = 1
    #: Requests each worker works on at once: its thread pool for blocking work.
    threads: int = 8
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    #: PEM certificate (and private key, unless ``keyfile`` is given) to serve HTTPS with.
    certfile: str | None = None
    keyfile: str | None = None
    #: Addresses or networks (or ``*``) of a TLS proxy in front, whose
    #: ``X-Forwarded-For`` and ``X-Forwarded-Proto`` headers are believed.
    proxies: tuple[str, ...] = ()

    @property
    def tls(self) -> bool:
        """Whether the workers speak HTTPS themselves."""
        return self.certfile is not None


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


def warns_in_clear(options: ServeOptions) -> bool:
    """Whether serving ``options`` deserves the warning that passwords and tokens would cross
    the network in clear: other machines can reach it, and neither TLS nor a proxy is declared.

    >>> warns_in_clear(ServeOptions("", host="0.0.0.0"))
    True
    >>> warns_in_clear(ServeOptions("", host="0.0.0.0", proxies=("10.0.0.1",)))
    False
    """
    return not (is_loopback(options.host) or options.tls or options.proxies)


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


def parse_proxies(text: str) -> tuple[str, ...]:
    """The proxies named by ``--proxy``: addresses or networks between commas, or ``*``
    for any; :class:`InvalidInputError` for anything else.

    >>> parse_proxies("10.0.0.1, 192.168.0.0/16,::1")
    ('10.0.0.1', '192.168.0.0/16', '::1')
    >>> parse_proxies("proxy.example.org")
    Traceback (most recent call last):
    bucarest.core.errors.InvalidInputError: 'proxy.example.org' is not a proxy address; expected IP addresses or networks between commas, or *
    """
    out = tuple(p.strip() for p in text.split(",") if p.strip())
    for p in out or (text,):
        try:
            if p != "*":
                ipaddress.ip_network(p, strict=False)
        except ValueError:
            raise InvalidInputError(
                N_(
                    "'{value}' is not a proxy address; expected IP addresses or networks "
                    "between commas, or *"
                ),
                value=p,
            ) from None
    return out


def bind_address(host: str, port: int) -> str:
    """``host:port`` as gunicorn binds it (an IPv6 address in brackets).

    >>> bind_address("127.0.0.1", 8000), bind_address("::1", 8000), bind_address("[::]", 80)
    ('127.0.0.1:8000', '[::1]:8000', '[::]:80')
    """
    bare = host.strip("[]")
    return f"[{bare}]:{port}" if ":" in bare else f"{bare}:{port}"


def gunicorn_settings(options: ServeOptions) -> dict[str, Any]:
    """gunicorn's settings (its configuration names) for ``options``.

    >>> s = gunicorn_settings(ServeOptions("sqlite://", port=8001, workers=2))
    >>> s["bind"], s["workers"], s["reuse_port"], s["worker_class"]
    (['127.0.0.1:8001'], 2, True, 'uvicorn_worker.UvicornWorker')
    """
    settings: dict[str, Any] = {
        "bind": [bind_address(options.host, options.port)],
        "workers": options.workers,
        "worker_class": _WORKER_CLASS,
        "reuse_port": True,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "timeout": _WORKER_TIMEOUT_S,
        "keepalive": _KEEPALIVE_S,
        "backlog": _BACKLOG,
        "forwarded_allow_ips": ",".join(options.proxies or _LOCAL_PROXIES),
        # The CLI prints where it serves; gunicorn says only what goes wrong.
        "loglevel": "warning",
        "accesslog": None,
        "proc_name": "bucarest",
        # Each worker builds its own app (database engine, threads) after the fork.
        "preload_app": False,
    }
    if options.certfile is not None:
        settings["certfile"] = options.certfile
        if options.keyfile is not None:
            settings["keyfile"] = options.keyfile
    return settings


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


def check_tls(certfile: str | None, keyfile: str | None) -> None:
    """Refuse a key without a certificate, or files a TLS server cannot load (each worker
    would fail to start on them, one after the other)."""
    if certfile is None:
        if keyfile is not None:
            raise InvalidInputError(
                N_("--keyfile needs --certfile, the certificate the key belongs to")
            )
        return
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except OSError as exc:  # ssl.SSLError included
        # "[X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)": the words only.
        reason = _SSL_NOISE.sub("", exc.strerror or str(exc)) or str(exc)
        raise InvalidInputError(
            N_(
                "cannot use the certificate {certfile} ({reason}); expected a PEM "
                "certificate and its private key (--keyfile, unless the file holds it)"
            ),
            certfile=certfile,
            reason=reason,
        ) from None


class _Gunicorn(gunicorn.app.base.BaseApplication):  # type: ignore[misc]
    """gunicorn driven from Python: ``settings`` instead of its command line, and the app
    from ``load`` (called in each worker)."""

    def __init__(self, settings: dict[str, Any], load: Callable[[], Any]) -> None:
        self._settings = settings
        self._load = load
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._settings.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        return self._load()


def serve(options: ServeOptions) -> None:
    """Serve the app over ``options.url`` until the master process is stopped; return when it
    stops cleanly, else :class:`StoreError` with gunicorn's exit status."""
    check_port_free(options.host, options.port)
    check_tls(options.certfile, options.keyfile)
    uvicorn.importer.import_from_string(STORE_OPENER)(options.url).dispose()
    factory = uvicorn.importer.import_from_string(APP_FACTORY)

    def load() -> Any:
        return factory(options.url, options.threads, options.allowed_hosts)

    master = os.getpid()
    try:
        _Gunicorn(gunicorn_settings(options), load).run()
    except SystemExit as exc:
        # Workers leave through sys.exit too, and the master reads their status: only the
        # master's own exit becomes a message.
        if os.getpid() != master:
            raise
        if exc.code in (0, None):
            return
        raise StoreError(
            N_("the server stopped with status {status}; see the messages above"),
            status=str(exc.code),
        ) from None

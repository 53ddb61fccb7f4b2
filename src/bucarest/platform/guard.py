"""What every request must satisfy before any route reads it: a Host this server answers to,
a bounded body, no NUL character, and JSON that is text.

- **Host.** A page on another site can make a browser send requests to a server on
  ``localhost`` under its own name (DNS rebinding); answering only to the names the
  operator lists (``BUCAREST_ALLOWED_HOSTS``, loopback names by default) stops that.
- **Size.** A declared body over :data:`MAX_BODY_BYTES` is refused before a byte of it is
  read; a body sent without a length is refused as soon as it passes the limit. Capabilities
  keep their own, smaller limits (the desk's 1 MB, TAXII's ``max_content_length``).
- **NUL.** PostgreSQL cannot store a NUL character in text; it is refused in the address and
  in JSON and form bodies on every database, so SQLite and PostgreSQL answer alike.
- **Text.** A JSON body must be UTF-8 (RFC 8259), with no unpaired UTF-16 surrogate
  escape (``"\\ud800"``): Python's parser lets both through as strings that neither
  database can store, and the write failed with a 500. ``"\\u0000"`` is a NUL, and an
  escaped backslash before ``u0000`` is not.
- **Depth.** A JSON body may nest :data:`MAX_JSON_DEPTH` levels; deeper ones are refused
  before a parser recurses into them (Python's would fail with ``RecursionError``).

Each refusal is the API's JSON error body with a 4xx status, in the language asked for.

Example::

    >>> host_allowed("localhost:8000", ("localhost", "127.0.0.1"))
    True
    >>> host_allowed("evil.example:8000", ("localhost", "127.0.0.1"))
    False
    >>> host_allowed("a.nato.example", ("*.nato.example",))
    True
    >>> json_depth(b'{"a": [1, {"b": "]]]"}]}')
    3
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bucarest.core.errors import N_, BucarestError, InvalidInputError
from bucarest.platform.http import error_json

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "TOO_LARGE",
    "RequestGuard",
    "host_allowed",
    "json_depth",
]

#: The largest body any route accepts (bytes): above TAXII's 10 MiB envelopes.
MAX_BODY_BYTES = 16 * 1024 * 1024
#: How deeply a JSON body may nest (objects and arrays): far above any real document.
MAX_JSON_DEPTH = 64

_TOO_DEEP = N_("the request body nests more than {depth} levels deep; send a flatter document")
#: A JSON string, escapes included: its brackets are text, not structure.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")

_BAD_HOST = N_("this server does not answer to the host '{host}'; expected one of {allowed}")
TOO_LARGE = N_("the request body is over the limit of {limit} bytes; send less at a time")
_NUL = N_("the request contains a NUL character, which no text field may hold; remove it")
_NOT_UTF8 = N_(
    "the request body is not valid UTF-8 (at byte {position}); send JSON encoded as UTF-8"
)
_SURROGATE = N_(
    "the request body holds an unpaired surrogate escape ({escape}), which is not a character; send valid Unicode text"
)
#: A JSON escape: ``\u`` and four hex digits, or a backslash and one character (so ``\\`` is
#: consumed whole).
_ESCAPE = re.compile(rb"\\(u[0-9a-fA-F]{4}|.)", re.S)
#: What may start a NUL or surrogate escape (the rare bodies that hold one are scanned).
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


class _Refused(BucarestError):
    """A request refused before any route saw it (its status is given, not mapped)."""

    def __init__(self, status: int, template: str, **params: str) -> None:
        super().__init__(template, **params)
        self.status = status
        self.code = "too_large" if status == 413 else InvalidInputError.code


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """Whether a ``Host`` header (with or without its port) names one of ``allowed``
    (``*`` allows any, ``*.example.org`` any name under it)."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    for pattern in allowed:
        p = pattern.strip().lower().strip("[]")
        if p == "*" or p == name or (p.startswith("*.") and name.endswith(p[1:])):
            return True
    return False


def json_depth(body: bytes) -> int:
    """How deeply a JSON document nests (0 for a scalar), read from its brackets outside
    strings, without parsing it; vectorised, so a 10 MiB envelope costs milliseconds."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max(initial=0))


def _has_nul(body: bytes, content_type: str) -> bool:
    if b"\x00" in body:
        return True
    if "x-www-form-urlencoded" in content_type:
        return b"%00" in body
    return False


def _bad_escape(body: bytes) -> tuple[str, str] | None:
    r"""The first JSON escape that is a NUL or an unpaired surrogate, as (template, escape).

    >>> _bad_escape(rb'{"a": "\ud83d\ude00 ok", "b": "C:\\u0000"}') is None
    True
    >>> _bad_escape(rb'{"a": "x\ud800"}')[1], _bad_escape(rb'["\u0000"]')[1]
    ('\\ud800', '\\u0000')
    """
    if not _SUSPECT_ESCAPE.search(body):
        return None
    high: re.Match[bytes] | None = None  # a high surrogate waiting for its low half
    for m in _ESCAPE.finditer(body):
        token = m.group(1)
        code = int(token[1:], 16) if len(token) == 5 and token[:1] in b"uU" else -1
        if high is not None:
            if 0xDC00 <= code <= 0xDFFF and m.start() == high.end():
                high = None
                continue
            return _SURROGATE, high.group(0).decode("ascii")
        if code == 0:
            return _NUL, m.group(0).decode("ascii")
        if 0xDC00 <= code <= 0xDFFF:
            return _SURROGATE, m.group(0).decode("ascii")
        if 0xD800 <= code <= 0xDBFF:
            high = m
    return (_SURROGATE, high.group(0).decode("ascii")) if high is not None else None


def _check_json_text(body: bytes) -> None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(400, _NOT_UTF8, position=str(exc.start)) from None
    bad = _bad_escape(body)
    if bad is not None:
        template, escape = bad
        raise _Refused(400, template, escape=escape)


class RequestGuard:
    """ASGI middleware applying the three checks above to every HTTP request."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Sequence[str], max_body: int = MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            self._check_address(scope, headers)
            body = await self._read_body(receive, headers)
        except _Refused as refused:
            response = error_json(Request(scope), refused)
            response.status_code = refused.status
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _check_address(self, scope: Scope, headers: dict[str, str]) -> None:
        host = headers.get("host", "")
        if not host_allowed(host, self.allowed_hosts):
            raise _Refused(400, _BAD_HOST, host=host[:100], allowed=", ".join(self.allowed_hosts))
        path = str(scope.get("path", ""))
        query = bytes(scope.get("query_string", b""))
        if "\x00" in path or b"%00" in query or b"\x00" in query:
            raise _Refused(400, _NUL)

    async def _read_body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_body:
            raise _Refused(413, TOO_LARGE, limit=str(self.max_body))
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _Refused(413, TOO_LARGE, limit=str(self.max_body))
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        content_type = headers.get("content-type", "").lower()
        if _has_nul(body, content_type):
            raise _Refused(400, _NUL)
        if "json" in content_type:
            _check_json_text(body)
        # Few brackets cannot nest deeply: most bodies skip the scan.
        deep = body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH
        if deep and ("json" in content_type or not content_type):
            if json_depth(body) > MAX_JSON_DEPTH:
                raise _Refused(400, _TOO_DEEP, depth=str(MAX_JSON_DEPTH))
        return body


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then the client's own
    messages (the disconnect, when it comes)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed

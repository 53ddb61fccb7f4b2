"""Typed observables: the common indicator values an analyst pastes (an IP address or
network, a domain, a URL, an e-mail address, a file hash), checked and turned into a STIX 2.1
indicator with the OASIS ``stix2`` library, as MISP's attributes and OpenCTI's observables do.

Example::

    >>> pattern(ObservableType.IPV4, "198.51.100.7")
    "[ipv4-addr:value = '198.51.100.7']"
    >>> pattern(ObservableType.SHA256, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
    "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"
    >>> pattern(ObservableType.EMAIL, "o'brien@example.org")
    "[email-addr:value = 'o\\\\'brien@example.org']"
    >>> normalise(ObservableType.IPV4, "198.51.100.300")
    Traceback (most recent call last):
    ...
    bucarest.core.errors.InvalidInputError: value: '198.51.100.300' is not an IPv4 address; expected four numbers 0 to 255 such as 198.51.100.7, or a network such as 198.51.100.0/24

Each value is normalised before it is written (an address in its canonical form, a domain
and a hash in lower case), so the same observable always gives the same pattern. A string
in a pattern is quoted with ``'``, and a ``'`` or ``\\`` inside it is escaped with ``\\``
(STIX 2.1 patterning, section 9.3); the pattern is checked by the OASIS ``stix2-patterns``
validator where it is installed, and the indicator by the ``stix2`` library.
"""

from __future__ import annotations

import ipaddress
import json
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import stix2
from stix2.exceptions import STIXError

from bucarest.core.errors import N_, InvalidInputError

__all__ = [
    "ObservableType",
    "indicator",
    "normalise",
    "observable_type",
    "pattern",
    "quote",
]


class ObservableType(StrEnum):
    """The observable types a form or a request body may name."""

    IPV4 = "ipv4"
    IPV6 = "ipv6"
    DOMAIN = "domain"
    URL = "url"
    EMAIL = "email"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"


#: The STIX object path each type is matched on.
_PATHS: dict[ObservableType, str] = {
    ObservableType.IPV4: "ipv4-addr:value",
    ObservableType.IPV6: "ipv6-addr:value",
    ObservableType.DOMAIN: "domain-name:value",
    ObservableType.URL: "url:value",
    ObservableType.EMAIL: "email-addr:value",
    ObservableType.MD5: "file:hashes.MD5",
    ObservableType.SHA1: "file:hashes.'SHA-1'",
    ObservableType.SHA256: "file:hashes.'SHA-256'",
}

_HASH_LENGTHS = {ObservableType.MD5: 32, ObservableType.SHA1: 40, ObservableType.SHA256: 64}

_UNKNOWN_TYPE = N_("type: '{type}' is not an observable type; expected one of {known}")
_BAD = {
    ObservableType.IPV4: N_("value: '{value}' is not an IPv4 address; expected four numbers 0 to 255 such as 198.51.100.7, or a network such as 198.51.100.0/24"),
    ObservableType.IPV6: N_("value: '{value}' is not an IPv6 address; expected for example 2001:db8::7, or a network such as 2001:db8::/32"),
    ObservableType.DOMAIN: N_("value: '{value}' is not a domain name; expected labels of letters, digits and hyphens separated by dots, such as mail.example.org"),
    ObservableType.URL: N_("value: '{value}' is not a URL; expected an address such as https://example.org/path"),
    ObservableType.EMAIL: N_("value: '{value}' is not an e-mail address; expected for example cert@example.org"),
    ObservableType.MD5: N_("value: '{value}' is not an MD5 hash; expected 32 hexadecimal digits"),
    ObservableType.SHA1: N_("value: '{value}' is not a SHA-1 hash; expected 40 hexadecimal digits"),
    ObservableType.SHA256: N_("value: '{value}' is not a SHA-256 hash; expected 64 hexadecimal digits"),
}  # fmt: skip
_BAD_NETWORK = N_(
    "value: '{value}' has bits set after its prefix; expected the network's first address, such as {network}"
)
_BAD_PATTERN = N_("the STIX pattern {pattern} is not valid: {reason}")  # fmt: skip
_BAD_INDICATOR = N_("the indicator is not valid STIX 2.1: {reason}")

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_LOCAL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
_HEX = re.compile(r"^[0-9a-f]+$")


def observable_type(name: str) -> ObservableType:
    """The type named ``name`` (one line naming the known ones otherwise)."""
    try:
        return ObservableType(name.strip().lower())
    except ValueError:
        raise InvalidInputError(
            _UNKNOWN_TYPE, type=name[:40], known=", ".join(t.value for t in ObservableType)
        ) from None


def _bad(kind: ObservableType, value: str) -> InvalidInputError:
    return InvalidInputError(_BAD[kind], value=value[:120])


def _ip(kind: ObservableType, value: str) -> str:
    version = 4 if kind is ObservableType.IPV4 else 6
    try:
        if "/" in value:
            network = ipaddress.ip_network(value, strict=False)
            if network.version != version:
                raise ValueError(value)
            if str(network.network_address) != str(ipaddress.ip_address(value.split("/")[0])):
                raise InvalidInputError(_BAD_NETWORK, value=value[:120], network=str(network))
            return str(network)
        address = ipaddress.ip_address(value)
    except ValueError:
        raise _bad(kind, value) from None
    if address.version != version:
        raise _bad(kind, value)
    return str(address)


def _domain(kind: ObservableType, value: str) -> str:
    name = value.rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        raise _bad(kind, value) from None
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or len(labels) < 2:
        raise _bad(kind, value)
    if not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        raise _bad(kind, value)
    return name


def _email(value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at or not _LOCAL.match(local) or local.startswith(".") or local.endswith("."):
        raise _bad(ObservableType.EMAIL, value)
    try:
        host = _domain(ObservableType.DOMAIN, domain)
    except InvalidInputError:
        raise _bad(ObservableType.EMAIL, value) from None
    return f"{local}@{host}"


def _url(value: str) -> str:
    if len(value) > 2048 or any(c.isspace() or ord(c) < 32 for c in value):
        raise _bad(ObservableType.URL, value)
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (a port that is not a number raises)
    except ValueError:
        raise _bad(ObservableType.URL, value) from None
    if not _SCHEME.match(parts.scheme.lower()) or not host:
        raise _bad(ObservableType.URL, value)
    return value


def normalise(kind: ObservableType, value: str) -> str:
    """``value`` checked as a ``kind`` observable and in its canonical form;
    :class:`InvalidInputError` says in one line what was wrong and what is expected."""
    text = value.strip()
    if not text:
        raise _bad(kind, text)
    if kind in (ObservableType.IPV4, ObservableType.IPV6):
        return _ip(kind, text)
    if kind is ObservableType.DOMAIN:
        return _domain(kind, text)
    if kind is ObservableType.EMAIL:
        return _email(text)
    if kind is ObservableType.URL:
        return _url(text)
    digest = text.lower()
    if len(digest) != _HASH_LENGTHS[kind] or not _HEX.match(digest):
        raise _bad(kind, text)
    return digest


def quote(value: str) -> str:
    """``value`` as a STIX pattern string literal: in ``'``, with ``\\`` and ``'`` escaped.

    Example::

        >>> print(quote("a'b\\\\c"))
        'a\\'b\\\\c'
    """
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _check_pattern(text: str) -> None:
    try:
        from stix2patterns.validator import validate  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the validator is optional
        return
    ok, errors = validate(text, stix_version="2.1", ret_errs=True)
    if not ok:
        reason = " ".join(" ".join(errors).split())[:300]
        raise InvalidInputError(_BAD_PATTERN, pattern=text[:200], reason=reason)


def pattern(kind: ObservableType, value: str) -> str:
    """The STIX 2.1 pattern matching the ``kind`` observable ``value`` (normalised)."""
    text = f"[{_PATHS[kind]} = {quote(normalise(kind, value))}]"
    _check_pattern(text)
    return text


def indicator(kind: ObservableType, value: str, at: datetime, name: str = "",
              description: str = "") -> dict[str, Any]:  # fmt: skip
    """A STIX 2.1 indicator (built and checked by the ``stix2`` library) for the observable,
    valid from ``at``; its name is ``name`` or the observable itself."""
    text = pattern(kind, value)
    stamp = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    props: dict[str, Any] = {
        "name": name.strip()[:300] or normalise(kind, value)[:300],
        "pattern": text,
        "pattern_type": "stix",
        "valid_from": stamp,
        "created": stamp,
        "modified": stamp,
    }
    if description.strip():
        props["description"] = description.strip()[:5000]
    try:
        obj = stix2.v21.Indicator(**props)
    except (STIXError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:300]
        raise InvalidInputError(_BAD_INDICATOR, reason=reason) from None
    out: dict[str, Any] = json.loads(obj.serialize())
    return out

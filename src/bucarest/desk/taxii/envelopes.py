"""TAXII 2.1 wire details: media types, timestamps, the query filters, and the resources.

Example::

    >>> f = parse_filters({"match[type]": "indicator,malware", "added_after": "2026-01-02T03:04:05Z"})
    >>> f.types, f.versions, taxii_timestamp(f.added_after)
    (('indicator', 'malware'), ('last',), '2026-01-02T03:04:05.000000Z')
    >>> canonical_version("2008-04-03T09:00:00Z")
    '2008-04-03T09:00:00.000000Z'
    >>> accepts("application/taxii+json;version=2.1"), accepts("application/json")
    (True, False)

Timestamps go out with microsecond precision (``YYYY-MM-DDTHH:MM:SS.ffffffZ``); an
object's version is its ``modified`` (else ``created``) in that form, so versions compare
as strings. Filters are bound into ``next`` tokens by :meth:`Filters.binding`, so a token
is only good for the query it was issued for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bucarest.core.errors import N_, InvalidInputError
from bucarest.desk.taxii.errors import MEDIA_TAXII

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MEDIA_STIX",
    "MEDIA_TAXII",
    "Filters",
    "accepts",
    "canonical_version",
    "is_taxii_body",
    "parse_filters",
    "parse_limit",
    "parse_timestamp",
    "taxii_timestamp",
]

#: The media type of the STIX objects a collection holds.
MEDIA_STIX = "application/stix+json;version=2.1"

#: Objects per page when the client names no ``limit``, and the most a page holds.
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

_VERSION_WORDS = ("first", "last", "all")


def _media(value: str) -> tuple[str, dict[str, str]]:
    parts = [x.strip() for x in value.split(";")]
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, _sep, val = part.partition("=")
        if key:
            params[key.strip().lower()] = val.strip().strip('"')
    return parts[0].lower(), params


def _is_taxii21(kind: str, params: Mapping[str, str]) -> bool:
    return kind == "application/taxii+json" and params.get("version", "2.1") == "2.1"


def accepts(header: str | None) -> bool:
    """Whether an ``Accept`` header allows TAXII 2.1 (a missing header allows anything)."""
    if header is None or not header.strip():
        return True
    for item in header.split(","):
        kind, params = _media(item)
        try:
            if float(params.get("q", "1")) <= 0:
                continue
        except ValueError:
            continue
        if kind in ("*/*", "application/*") or _is_taxii21(kind, params):
            return True
    return False


def is_taxii_body(content_type: str | None) -> bool:
    """Whether a request's ``Content-Type`` is TAXII 2.1."""
    if not content_type:
        return False
    kind, params = _media(content_type)
    return _is_taxii21(kind, params)


def taxii_timestamp(at: datetime) -> str:
    """``at`` (UTC if naive) as a TAXII timestamp with microseconds."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str, what: str) -> datetime:
    """A client's timestamp (RFC 3339, UTC when no offset is given), or 400."""
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            N_("{what} '{value}' is not a timestamp; expected RFC 3339 such as '2026-01-02T03:04:05.000Z'"),
            what=what, value=text[:60],
        ) from None  # fmt: skip
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def canonical_version(text: str) -> str:
    """A STIX timestamp in the one form versions are stored and compared in."""
    return taxii_timestamp(parse_timestamp(text, "match[version]"))


def parse_limit(value: str | None) -> int:
    """The page size asked for, capped at :data:`MAX_LIMIT` (the spec lets a server
    return fewer); 400 for anything but a positive integer."""
    if value is None or value == "":
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit < 1:
        raise InvalidInputError(
            N_("limit '{value}' is not allowed; expected a positive integer"), value=value[:20]
        )
    return min(limit, MAX_LIMIT)


def _values(params: Mapping[str, str], key: str) -> tuple[str, ...]:
    raw = params.get(key)
    if raw is None:
        return ()
    values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
    if not values:
        raise InvalidInputError(N_("{param} is empty; expected one value or more, comma-separated"),
                                param=key)  # fmt: skip
    return values


@dataclass(frozen=True)
class Filters:
    """The filters of one request. ``versions`` holds ``first``, ``last``, ``all`` and
    canonical timestamps; ``spec_versions`` is empty when not asked for."""

    added_after: datetime | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: tuple[str, ...] = ("last",)
    spec_versions: tuple[str, ...] = ()

    def binding(self) -> dict[str, Any]:
        """The filters as JSON values, to bind a ``next`` token to this query."""
        return {
            "added_after": taxii_timestamp(self.added_after) if self.added_after else None,
            "id": list(self.ids),
            "type": list(self.types),
            "version": list(self.versions),
            "spec_version": list(self.spec_versions),
        }


def parse_filters(params: Mapping[str, str], default_version: str = "last") -> Filters:
    """The filters of a request's query (``added_after`` and ``match[…]``); unknown
    parameters are ignored, malformed values refused with 400."""
    added = params.get("added_after")
    versions = _values(params, "match[version]") or (default_version,)
    checked = []
    for v in versions:
        checked.append(v if v in _VERSION_WORDS else canonical_version(v))
    return Filters(
        added_after=parse_timestamp(added, "added_after") if added else None,
        ids=_values(params, "match[id]"),
        types=_values(params, "match[type]"),
        versions=tuple(checked),
        spec_versions=_values(params, "match[spec_version]"),
    )

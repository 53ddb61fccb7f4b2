"""Checking a posted web form against the API's request body, with one message a person reads.

A page's form posts text fields; the write it asks for takes the same request body as the
JSON API (a :class:`~bucarest.platform.http.RequestBody`), so the page builds that body from
the fields and the rules stay in one place. pydantic's own messages are English and name
fields by their JSON key; :func:`checked_body` turns the first problem into one translated
line naming the field as the form labels it.

Example::

    >>> from pydantic import Field
    >>> from bucarest.platform.http import RequestBody
    >>> class Body(RequestBody):
    ...     evidence: str = Field(min_length=1)
    ...     version: int
    >>> checked_body(Body, {"evidence": "", "version": "1"}, {"evidence": "Evidence"})
    Traceback (most recent call last):
    ...
    bucarest.core.errors.InvalidInputError: Evidence: this field is required
    >>> checked_body(Body, {"evidence": "a", "version": "1"}, {}).version
    1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["checked_body", "lines"]

_B = TypeVar("_B", bound=BaseModel)

_REQUIRED = N_("{field}: this field is required")
_ONE_OF = N_("{field}: expected one of {expected}")
_WHOLE = N_("{field}: expected a whole number")
_OTHER = N_("{field}: {problem}")

#: pydantic error types that mean "nothing was given".
_EMPTY = frozenset({"missing", "string_too_short", "too_short"})
_NUMBER = frozenset({"int_parsing", "int_type", "int_from_float"})


def lines(text: str) -> list[str]:
    """The non-blank lines of a text area, stripped (a list field: one entry per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def checked_body(model: type[_B], fields: Mapping[str, Any], labels: Mapping[str, str]) -> _B:
    """``fields`` as ``model``, or :class:`InvalidInputError` (400) naming the first wrong field
    by its label in ``labels`` (a catalogue message, translated with the error)."""
    try:
        return model.model_validate(dict(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        field = labels.get(key, key)
        kind = first["type"]
        if kind in _EMPTY:
            raise InvalidInputError(_REQUIRED, field=field) from None
        if kind == "enum":
            expected = str((first.get("ctx") or {}).get("expected", "")).replace("'", "")
            raise InvalidInputError(_ONE_OF, field=field, expected=expected) from None
        if kind in _NUMBER:
            raise InvalidInputError(_WHOLE, field=field) from None
        raise InvalidInputError(_OTHER, field=field, problem=str(first["msg"])) from None

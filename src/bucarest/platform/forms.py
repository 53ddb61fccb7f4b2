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
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from bucarest.core.errors import N_, InvalidInputError, PermissionDeniedError
from bucarest.core.identity import Role
from bucarest.platform.account import CsrfForm, Visitor, csrf_ok, refused
from bucarest.platform.http import require_role
from bucarest.platform.pages import error_page

__all__ = ["Failed", "checked_body", "given", "lines", "refusal", "typed"]


@dataclass(frozen=True)
class Failed:
    """A form that was refused: which one, what was typed, and why (one line)."""

    form: str = ""
    values: dict[str, str] = field(default_factory=dict)
    message: str = ""


def typed(form: CsrfForm) -> dict[str, str]:
    """What was typed in ``form``'s fields (its token left out), to show it again."""
    return {k: str(v) for k, v in form.model_dump().items() if k != "csrf"}


def given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields filled in (a blank one is left to the request body's default)."""
    return {
        k: v
        for k, v in values.items()
        if v not in ("", [], None) and not (isinstance(v, str) and not v.strip())
    }


def refusal(
    request: Request, lang: str, v: Visitor, form: CsrfForm, roles: tuple[Role, ...], section: str
) -> Response | None:
    """The page refusing a posted form (a missing or stale token: 403; a visitor without
    one of ``roles``: 403 naming them), or None when the form may be acted on."""
    if not csrf_ok(v, form.csrf):
        return refused(request, lang, active=section)
    try:
        require_role(v.principal, *roles)
    except PermissionDeniedError as exc:
        return error_page(request, lang, exc, section)
    return None


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

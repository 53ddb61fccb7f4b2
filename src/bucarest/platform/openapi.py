"""What the OpenAPI document says of every ``/api/v1`` route: the one error body, the error
statuses each route can answer, and the shared parameter types.

Example::

    >>> sorted(error_responses(404, 409))
    [400, 404, 409, 413, 422, 503]
    >>> ErrorBody.model_validate({"error": {"code": "not_found", "message": "no such"}}).error.code
    'not_found'

Response models derive from :class:`Answer`, which refuses keys it does not declare: a
route that returns a field the document does not list fails (500) in the tests instead of
drifting silently from its document.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, WithJsonSchema

from bucarest.core.i18n import LANGUAGES

__all__ = [
    "ROW_ID_MAX",
    "Answer",
    "CitationOut",
    "DateText",
    "ErrorBody",
    "ErrorDetail",
    "Lang",
    "error_responses",
    "json_body_document",
    "media_answer",
]


class Answer(BaseModel):
    """Base of every JSON response model: exactly the keys it declares."""

    model_config = ConfigDict(extra="forbid")


class CitationOut(Answer):
    """A source as users see it, the same in every capability: its title (in its own
    language), issuer (``entered by a user``, translated, for a typed free-text source), date
    of the text (ISO 8601, may be partial: ``2009-07``) and a link where one exists."""

    title: str
    issuer: str
    date: str | None
    url: str | None


class ErrorDetail(BaseModel):
    """What went wrong: a stable code and one line in the language asked for."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer of the API (``platform.http.error_json``), whatever its status."""

    error: ErrorDetail


#: A language of names and messages. Any other value is answered 400 (``invalid_input``)
#: with a line naming the choices, so the server keeps its own check (not pydantic's 422).
Lang = Annotated[str, WithJsonSchema({"type": "string", "enum": list(LANGUAGES)})]

#: A number as computed: an int stays an int in the answer (``10``, not ``10.0``), so a
#: response model changes no figure a client got before it.
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]

#: A day as ISO 8601 text (``2008-04-03``); a malformed or impossible one is answered 400.
DateText = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]

#: The largest id or sequence number an integer column holds (PostgreSQL's INTEGER): a
#: larger one in a path or query is refused (422) before it reaches a database driver,
#: which cannot bind it (SQLite) or refuses it (PostgreSQL).
ROW_ID_MAX = 2**31 - 1

_DESCRIPTIONS = {
    400: "A value of the wrong form, or a request refused before any route read it "
    "(a Host this server does not answer to, a NUL character, JSON nested too deeply)",
    401: "No credentials, or credentials that match no active user or token",
    403: "The caller's roles do not allow this",
    404: "No such thing (or one the caller may not see)",
    409: "The write contradicts what is recorded (an overlap, or a stale version)",
    413: "The request body is over the limit",
    415: "The request body is not JSON",
    422: "A value that breaks a rule, or a parameter or body field that does not validate",
    429: "Too much work asked at once",
    503: "The database cannot be used",
}

#: Statuses any route can answer: the request guard's (400, 413), validation (422) and
#: the store's (503).
_ALWAYS = (400, 413, 422, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route that can answer ``statuses`` besides those any route
    can; each with the one error body."""
    return {
        s: {"model": ErrorBody, "description": _DESCRIPTIONS[s]}
        for s in sorted({*_ALWAYS, *statuses})
    }


def media_answer(description: str, *media_types: str, schema: dict[str, Any] | None = None
                 ) -> dict[int | str, dict[str, Any]]:  # fmt: skip
    """The 200 of a route that answers other than JSON (use with ``response_class=Response``,
    so its errors stay documented as JSON): its media types, each a string, unless
    ``schema`` says what it holds."""
    shape = schema if schema is not None else {"type": "string"}
    return {
        200: {"description": description, "content": {m: {"schema": shape} for m in media_types}}
    }


def json_body_document(model: type[BaseModel], required: bool = False) -> dict[str, Any]:
    """The ``openapi_extra`` of a route that reads its JSON body itself (to answer its own
    400s): the body ``model`` documents, inlined (no references to resolve)."""
    schema = TypeAdapter(model).json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return {
        "requestBody": {
            "required": required,
            "content": {"application/json": {"schema": inline(schema)}},
        }
    }

"""The one error hierarchy of bucarest.

Every error a user can provoke is a :class:`BucarestError`. Its message is one
line saying what was wrong and what would be right. The message is built from an
English template (marked for the translation catalogues) and named parameters,
so each interface can render it in the user's language with :meth:`translated`.
Interfaces map the tree in one place each (CLI: exit code 2; API: 4xx JSON)::

    BucarestError
    ├── InvalidInputError          a value of the wrong form            -> 400
    │   ├── InvalidDateError       malformed or impossible date
    │   └── InvalidFactError       a fact that breaks a registry rule   -> 422
    ├── AuthenticationError        no or wrong credentials              -> 401
    ├── PermissionDeniedError      a visible thing the role may not do  -> 403
    ├── NotFoundError              a thing that does not exist, or one
    │                              the principal may not see            -> 404
    │   ├── UnknownCountryError
    │   └── UnknownFrameworkError
    ├── ConflictError              overlaps an existing fact            -> 409
    ├── LimitError                 too much asked at once (jobs)        -> 429
    ├── DataFileError              a data file is malformed             -> 422
    ├── ModelError                 an optimisation has no answer        -> 422
    ├── StoreError                 the database cannot be used          -> 503
    └── BatchError                 a batch task failed, or its cluster  -> 503
                                   cannot be reached

Example::

    >>> try:
    ...     raise UnknownCountryError("FRN", ("FRA",))
    ... except NotFoundError as exc:
    ...     print(exc)
    unknown country code 'FRN'; expected ISO 3166-1 alpha-3 such as 'FRA' (did you mean FRA?)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "N_",
    "AuthenticationError",
    "BatchError",
    "BucarestError",
    "ConflictError",
    "DataFileError",
    "InvalidDateError",
    "InvalidFactError",
    "InvalidInputError",
    "LimitError",
    "ModelError",
    "NotFoundError",
    "PasswordChangeRequiredError",
    "PermissionDeniedError",
    "StoreError",
    "ThrottledError",
    "UnknownCountryError",
    "UnknownFrameworkError",
]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues without translating it now (see ``core.i18n``)."""
    return message


class BucarestError(Exception):
    """Base of every error a user can cause; ``str(exc)`` is a one-line English message.

    ``template`` is an English message with ``{name}`` fields, marked for the
    catalogues; ``params`` fill it. Both are kept so interfaces can translate.
    """

    #: A stable machine-readable code, used in API error bodies.
    code = "error"

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        self.message = template.format(**params)
        super().__init__(self.message)

    def translated(self, lang: str) -> str:
        """The message in ``lang`` (``en`` or ``fr``)."""
        from bucarest.core.i18n import gettext

        # Parameters that are themselves catalogue messages (reasons, field names)
        # are translated too; codes and dates have no catalogue entry and pass through.
        params = {k: gettext(v, lang) if isinstance(v, str) else v for k, v in self.params.items()}
        return gettext(self.template, lang).format(**params)


class InvalidInputError(BucarestError):
    """A value supplied by the user has the wrong form."""

    code = "invalid_input"


class InvalidDateError(InvalidInputError):
    """A date is malformed, impossible, or out of the allowed range."""

    code = "invalid_date"

    def __init__(self, text: str, reason: str = "") -> None:
        if reason:
            template = N_(
                "invalid date '{text}' ({reason}); expected ISO 8601 such as "
                "'2008-04-03', '2008-04' or '2008'"
            )
        else:
            template = N_(
                "invalid date '{text}'; expected ISO 8601 such as '2008-04-03', '2008-04' or '2008'"
            )
        super().__init__(template, text=text, reason=reason)
        self.text = text


class InvalidFactError(InvalidInputError):
    """A fact that breaks a rule of the registry (end before start, future date…)."""

    code = "invalid_fact"


class AuthenticationError(BucarestError):
    """No credentials, or credentials that match no active user or token."""

    code = "unauthenticated"


class PermissionDeniedError(BucarestError):
    """The principal can see the thing but its roles do not allow the action."""

    code = "forbidden"


class PasswordChangeRequiredError(PermissionDeniedError):
    """The user signed in with a one-time password and may do nothing else until they
    have chosen their own."""

    code = "password_change_required"


class LimitError(BucarestError):
    """More work asked for at once than the server allows (queued jobs, for example)."""

    code = "too_many"


class ThrottledError(LimitError):
    """Too many failed logins lately; ``retry_after`` is in seconds (the HTTP
    ``Retry-After`` header)."""

    code = "throttled"

    def __init__(self, template: str, retry_after: int, **params: Any) -> None:
        super().__init__(template, **params)
        self.retry_after = retry_after


class NotFoundError(BucarestError):
    """The thing asked for does not exist."""

    code = "not_found"


class UnknownCountryError(NotFoundError):
    """A country code that is not ISO 3166-1 alpha-3 (nor ``XKX``)."""

    code = "unknown_country"

    def __init__(self, code: str, suggestions: tuple[str, ...] = ()) -> None:
        if suggestions:
            template = N_(
                "unknown country code '{country}'; expected ISO 3166-1 alpha-3 such as 'FRA' "
                "(did you mean {suggestions}?)"
            )
        else:
            template = N_(
                "unknown country code '{country}'; expected ISO 3166-1 alpha-3 such as 'FRA'"
            )
        super().__init__(template, country=code, suggestions=", ".join(suggestions))
        self.country = code
        self.suggestions = suggestions


class UnknownFrameworkError(NotFoundError):
    """A framework id that the registry does not know."""

    code = "unknown_framework"

    def __init__(self, framework: str, known: tuple[str, ...] = ()) -> None:
        super().__init__(
            N_("unknown framework '{framework}'; expected one of {known}"),
            framework=framework,
            known=", ".join(known),
        )
        self.framework = framework
        self.known = known


class ConflictError(BucarestError):
    """A write that contradicts a fact already recorded (overlapping intervals)."""

    code = "conflict"


class DataFileError(BucarestError):
    """A data file cannot be read or does not follow its schema."""

    code = "data_file"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(N_("{path}: {reason}"), path=path, reason=reason)
        self.path = path
        self.reason = reason


class ModelError(BucarestError):
    """An optimisation model is infeasible or unbounded; the message names the likely cause."""

    code = "model_error"


class StoreError(BucarestError):
    """The database is missing, unreachable or at an unknown schema revision."""

    code = "store_unavailable"


class BatchError(BucarestError):
    """A batch could not finish: its Dask scheduler cannot be reached, a worker died more
    often than the scheduler retries, or a task raised an unexpected error. ``results``
    holds what the other tasks returned (None where a task failed), in the items' order;
    ``failures`` the index and inputs of each failed item."""

    code = "batch_failed"

    def __init__(
        self,
        template: str,
        results: list[object] | None = None,
        failures: tuple[tuple[int, object], ...] = (),
        **params: object,
    ) -> None:
        super().__init__(template, **params)
        self.results = results or []
        self.failures = failures

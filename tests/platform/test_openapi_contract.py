"""The OpenAPI document is true: schemathesis calls every ``/api/v1`` operation with
generated requests (an administrator's token, so writes run too) and checks that the server
never answers 5xx and that every answer (status, content type, body) is one the document
declares.

The run is bounded (:data:`EXAMPLES` positive and :data:`NEGATIVE_EXAMPLES` negative cases
per operation, derandomized, after the document's own examples) and prints its counts; ``make contract`` runs it alone.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup, ServerError

from bucarest.app import create_app
from bucarest.core.identity import Role
from tests.identity import token_headers

pytestmark = pytest.mark.slow

#: Generated requests per operation: valid ones, then ones the document says are invalid.
EXAMPLES = 20
NEGATIVE_EXAMPLES = 8
#: A first solve of a shipped scenario takes seconds on a loaded machine (then it is cached).
CALL_TIMEOUT_S = 60

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@dataclass
class Tally:
    """What the run did and found."""

    operations: int = 0
    calls: int = 0
    server_errors: int = 0
    disagreements: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    problems: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"schemathesis: {self.operations} operations, {self.calls} calls, "
            f"{self.server_errors} server errors, {self.disagreements} disagreements"
        )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app over a fresh SQLite database holding the shipped data (as on a first start)."""
    path: Path = tmp_path_factory.mktemp("contract") / "contract.sqlite3"
    yield create_app(f"sqlite:///{path}", allowed_hosts=("testserver",))


def _run_operation(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    examples: int,
    auth: dict[str, str],
    tally: Tally,
    strategy: SearchStrategy[schemathesis.Case] | None = None,
) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode) if strategy is None else strategy)
    def run(case: schemathesis.Case) -> None:
        tally.calls += 1
        try:
            response = case.call(headers=auth, timeout=CALL_TIMEOUT_S)
        except Exception as exc:  # the app raised: its client would have had a 500
            tally.server_errors += 1
            key = f"{operation.label} [{mode.value}]: {type(exc).__name__}: {exc}"[:300]
            tally.problems.setdefault(key, case.as_curl_command(headers=auth))
            return
        tally.statuses[response.status_code] += 1
        if response.status_code >= 500:
            tally.server_errors += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=auth)
        except FailureGroup as group:
            for failure in group.exceptions:
                if isinstance(failure, ServerError):
                    continue
                tally.disagreements += 1
                key = f"{operation.label} [{mode.value}]: {failure.title}"
                tally.problems.setdefault(
                    key, f"{failure.message}\n    {case.as_curl_command(headers=auth)}"
                )
            if response.status_code >= 500:
                key = f"{operation.label} [{mode.value}]: server error {response.status_code}"
                tally.problems.setdefault(key, case.as_curl_command(headers=auth))

    try:
        run()
    except Unsatisfiable:
        # Nothing about the operation can be sent wrong (no parameters, no body).
        assert mode is GenerationMode.NEGATIVE, operation.label


def test_every_api_answer_is_one_the_document_declares(
    app: FastAPI, capsys: pytest.CaptureFixture[str], record_property: Callable[[str, object], None]
) -> None:
    started = time.monotonic()
    auth = token_headers(TestClient(app), Role.ADMINISTRATOR, username="contract-admin")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app).include(
        path_regex="^/api/v1/"
    )
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        # The document's examples first (real ids: answers past the 404s), then generated.
        for strategy in schema.get_strategies_from_examples(operation):
            _run_operation(operation, GenerationMode.POSITIVE, 3, auth, tally, strategy)
        _run_operation(operation, GenerationMode.POSITIVE, EXAMPLES, auth, tally)
        _run_operation(operation, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, auth, tally)
    statuses = ", ".join(f"{k}: {n}" for k, n in sorted(tally.statuses.items()))
    report = [f"{tally.line()} in {time.monotonic() - started:.0f} s (statuses {statuses})"]
    report += [f"- {key}\n    {detail}" for key, detail in sorted(tally.problems.items())]
    record_property("schemathesis", tally.line())
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(report) + "\n")
    assert tally.operations >= 50, tally.line()
    assert tally.server_errors == 0 and tally.disagreements == 0, "\n".join(report)

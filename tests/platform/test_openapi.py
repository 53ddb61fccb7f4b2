"""The OpenAPI document's shape: every ``/api/v1`` answer has a declared body, and every
error is the one error body (``platform.openapi``); the contract run
(``test_openapi_contract``) checks the server against it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.platform.http import error_json
from bucarest.platform.openapi import Answer, ErrorBody, Number


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("openapi") / "doc.sqlite3"
    with TestClient(create_app(f"sqlite:///{db}")) as client:
        r = client.get("/api/openapi.json")
        assert r.status_code == 200 and r.json()["openapi"].startswith("3.")
        docs = client.get("/api/docs")
        assert docs.status_code == 200 and "/api/openapi.json" in docs.text
        return dict(r.json())


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, op in item.items()
    ]


def test_every_answer_declares_its_body(document: dict[str, Any]) -> None:
    untyped = []
    for method, path, op in _operations(document):
        ok = [r for s, r in op["responses"].items() if s.startswith("2")]
        assert len(ok) == 1, f"{method} {path}: {list(op['responses'])}"
        for media, content in ok[0].get("content", {}).items():
            if not content.get("schema"):
                untyped.append(f"{method} {path} ({media})")
        if not ok[0].get("content"):
            untyped.append(f"{method} {path}")
    assert not untyped, untyped
    assert len(_operations(document)) >= 50


def test_every_error_is_the_one_error_body(document: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for method, path, op in _operations(document):
        errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        assert {"400", "413", "422", "503"} <= set(errors), f"{method} {path}"
        for status, r in errors.items():
            assert r["content"] == {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
            }, f"{method} {path} {status}"


def test_lang_is_constrained_everywhere(document: dict[str, Any]) -> None:
    for method, path, op in _operations(document):
        for p in op.get("parameters", []):
            if p["name"] == "lang":
                choices = [s for s in p["schema"]["anyOf"] if s.get("type") == "string"]
                assert choices == [{"type": "string", "enum": ["en", "fr"]}], f"{method} {path}"


def test_the_error_model_is_what_the_server_sends() -> None:
    from starlette.requests import Request

    from bucarest.core.errors import NotFoundError

    request = Request({"type": "http", "query_string": b"lang=fr", "headers": []})
    body = error_json(request, NotFoundError("no such thing")).body
    assert ErrorBody.model_validate_json(body).error.code == "not_found"


def test_a_number_keeps_its_json_type() -> None:
    class Point(Answer):
        x: Number
        y: Number | None

    assert Point.model_validate({"x": 10, "y": 2.5}).model_dump_json() == '{"x":10,"y":2.5}'
    assert Point.model_json_schema()["properties"]["x"] == {"title": "X", "type": "number"}

"""Security headers on every response (pages, the API, files, errors, refusals), HSTS over
https only, and templates that need no inline script, ``<style>`` element or event handler
(the policy forbids them)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.platform.headers import CSP, HEADERS
from tests.paths import SRC


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(f"sqlite:///{tmp_path_factory.mktemp('headers') / 'h.sqlite3'}")


REQUESTS = [
    ("GET", "/", {}),
    ("GET", "/ledger", {}),
    ("GET", "/api/docs", {}),
    ("GET", "/api/v1/members", {}),
    ("GET", "/static/css/app.css", {}),
    ("GET", "/no-such-page", {}),
    ("GET", "/api/v1/no-such-thing", {}),
    ("GET", "/desk/incidents", {}),  # a redirect to the login
    ("GET", "/account/login", {}),
    ("POST", "/api/v1/memberships", {}),  # 401
    ("GET", "/", {"host": "evil.example"}),  # refused by the guard
]


@pytest.mark.parametrize(("method", "url", "headers"), REQUESTS)
def test_every_response_carries_the_security_headers(
    app: FastAPI, method: str, url: str, headers: dict[str, str]
) -> None:
    r = TestClient(app).request(method, url, headers=headers, follow_redirects=False)
    assert r.headers["content-security-policy"] == CSP, (url, r.status_code)
    for name, value in HEADERS.items():
        assert r.headers[name] == value, (url, name)
    assert "frame-ancestors 'none'" in CSP and "default-src 'self'" in CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP.split("style-src-attr")[0]
    assert "strict-transport-security" not in r.headers


def test_hsts_only_over_https(app: FastAPI) -> None:
    r = TestClient(app, base_url="https://testserver").get("/about")
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_api_docs_start_swagger_ui_without_an_inline_script(app: FastAPI) -> None:
    html = TestClient(app).get("/api/docs").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs or 'type="application/json"' in attrs
                           for attrs, _body in scripts)  # fmt: skip
    assert '"url":"/api/openapi.json"' in html
    assert TestClient(app).get("/static/js/swagger-init.js").status_code == 200


def test_the_progress_review_allows_its_own_style_element_by_hash(app: FastAPI) -> None:
    r = TestClient(app).get("/api/v1/review")
    style = re.search(r"<style>(.*?)</style>", r.text, re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    policy = r.headers["content-security-policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy and "frame-ancestors 'none'" in policy


TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html") if "vendor" not in p.parts)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_need_no_inline_script_or_handler(path: Path) -> None:
    text = path.read_text()
    for attrs in re.findall(r"<script([^>]*)>", text):
        assert "src=" in attrs or 'type="application/json"' in attrs, (path, attrs)
    assert not re.search(r"\son[a-z]+\s*=", text), path
    assert "javascript:" not in text, path
    if path.name != "review.html":  # a self-contained document, allowed by hash
        assert "<style" not in text, path

"""Every request is checked before any route reads it: its Host, its size, no NUL character;
and a JSON body nested without bound is a 400, not a 500. Each refusal changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from bucarest.app import create_app, open_store
from bucarest.platform.guard import MAX_BODY_BYTES, MAX_JSON_DEPTH, host_allowed, json_depth
from bucarest.registry.store import RegistryRepository

ALLOWED = ("localhost", "127.0.0.1", "::1", "testserver")
MEMBERSHIP = {
    "country": "RUS",
    "framework": "nato",
    "status": "member",
    "start": "2025-01-01",
    "source": "a test",
    "reason": "a test",
}


@pytest.fixture
def url(db_url: str) -> str:
    return db_url


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    with TestClient(create_app(url, allowed_hosts=ALLOWED)) as c:
        yield c


def _memberships(url: str) -> int:
    db = open_store(url)
    try:
        with db.session() as s:
            return len(RegistryRepository(s).load().memberships)
    finally:
        db.dispose()


def _error(r: object, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    return str(body["error"]["message"])


def test_a_host_the_server_does_not_answer_to_is_refused(client: TestClient) -> None:
    # What a DNS-rebinding page would send: the attacker's name for 127.0.0.1.
    r = client.get("/api/v1/frameworks", headers={"Host": "rebind.attacker.example:8000"})
    assert "rebind.attacker.example" in _error(r, 400)
    assert client.get("/api/v1/frameworks", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/v1/frameworks", headers={"Host": "[::1]:8000"}).status_code == 200


def test_the_refusal_is_in_the_language_asked(client: TestClient) -> None:
    r = client.get("/api/v1/frameworks?lang=fr", headers={"Host": "evil.example"})
    assert "evil.example" in _error(r, 400)
    assert "ce serveur" in r.json()["error"]["message"]


def test_an_oversized_body_is_refused_before_it_is_read(client: TestClient, url: str) -> None:
    before = _memberships(url)
    r = client.post(
        "/api/v1/memberships",
        content=b"{}",
        headers={"Content-Length": str(MAX_BODY_BYTES + 1), "Content-Type": "application/json"},
    )
    assert str(MAX_BODY_BYTES) in _error(r, 413)
    assert r.json()["error"]["code"] == "too_large"
    assert _memberships(url) == before


def test_a_body_without_a_length_is_cut_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        piece = b" " * (1024 * 1024)
        for _ in range(MAX_BODY_BYTES // len(piece) + 2):
            yield piece

    r = client.post(
        "/api/v1/energy/run", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("field", "value"),
    [("source", "NATO\u0000 press release"), ("reason", "why\u0000"), ("country", "RU\u0000S")],
)
def test_a_nul_character_is_a_400_on_every_database_and_writes_nothing(
    client: TestClient, url: str, field: str, value: str
) -> None:
    before = _memberships(url)
    r = client.post("/api/v1/memberships", json={**MEMBERSHIP, field: value})
    assert "NUL" in _error(r, 400)
    assert _memberships(url) == before


def test_a_nul_in_the_address_is_a_400(client: TestClient) -> None:
    assert "NUL" in _error(client.get("/api/v1/country/FRA%00"), 400)
    assert "NUL" in _error(client.get("/api/v1/members?framework=nato%00"), 400)


def _nested(depth: int) -> bytes:
    return ('{"fields": ' + "[" * depth + "]" * depth + "}").encode()


@pytest.mark.parametrize(
    "path", ["/api/v1/desk/practices", "/api/v1/energy/run", "/api/v1/md/jobs"]
)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_a_deeply_nested_body_is_a_400(client: TestClient, path: str, depth: int) -> None:
    r = client.post(path, content=_nested(depth), headers={"Content-Type": "application/json"})
    assert str(MAX_JSON_DEPTH) in _error(r, 400)


def test_a_deeply_nested_taxii_envelope_is_a_400(client: TestClient, url: str) -> None:
    from bucarest.core.identity import Role
    from bucarest.desk.store.records import Desk

    db = open_store(url)
    try:
        with db.session() as s:
            desk = Desk(s, RegistryRepository(s).load(), db)
            desk.accounts.create_user(
                "fra-deep", "FRA", {Role.ANALYST}, password="a long password 1"
            )
            token = desk.accounts.create_token("fra-deep")
    finally:
        db.dispose()
    envelope = '{"objects": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    r = client.post(
        "/taxii2/api/collections/nato/objects/",
        content=envelope.encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/taxii+json;version=2.1",
            "Accept": "application/taxii+json;version=2.1",
        },
    )
    assert str(MAX_JSON_DEPTH) in _error(r, 400)


# A bare name: with a colon or brackets it would be an IPv6 address ("::1" is one).
@given(
    st.text(st.characters(blacklist_characters=":[]"), max_size=30),
    st.sampled_from(["", ":8000", ":1"]),
)
def test_only_listed_names_pass(name: str, port: str) -> None:
    host = name + port
    allowed = host_allowed(host, ALLOWED)
    assert allowed == (name.strip().lower() in {"localhost", "127.0.0.1", "testserver"})


def test_a_domain_pattern_allows_its_names_only() -> None:
    assert host_allowed("desk.nato.example", ("*.nato.example",))
    assert not host_allowed("nato.example.attacker.org", ("*.nato.example",))
    assert host_allowed("anything", ("*",))


def test_bodies_under_the_limit_pass_untouched(client: TestClient, tmp_path: Path) -> None:
    r = client.post("/api/v1/energy/run", content=json.dumps({"id": "x"}).encode(),
                    headers={"Content-Type": "application/json"})  # fmt: skip
    assert r.status_code in (400, 404, 422) and "error" in r.json()


def _depth(value: object) -> int:
    """The nesting of a parsed document, recursively (the independent method)."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4), children, max_size=3)
    ),
    max_leaves=30,
)


@given(JSON)
def test_the_bracket_scan_agrees_with_the_parsed_depth(value: object) -> None:
    assert json_depth(json.dumps(value).encode()) == _depth(value)

"""The page shell: one error mapping, answered as a page for people and as JSON for programs."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.platform.pages import _active


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("shell") / "t.sqlite3"
    with TestClient(create_app("sqlite:///" + str(path))) as c:
        yield c


def _current(html: str) -> list[str]:
    """The navigation entries marked as the current page."""
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


@pytest.mark.parametrize(
    ("url", "status", "current"),
    [
        ("/ledger/no-such-commitment", 404, ["/ledger"]),
        ("/missile-defence?on=2008-13-45", 400, ["/missile-defence"]),
        ("/energy?scenario=no-such-scenario", 404, ["/energy"]),
        ("/operations?on=yesterday", 400, ["/operations"]),
        ("/?on=not-a-date", 400, ["/"]),
    ],
)
def test_a_failing_page_is_answered_with_the_error_page_of_its_section(
    client: TestClient, url: str, status: int, current: list[str]
) -> None:
    r = client.get(url + "&lang=fr" if "?" in url else url + "?lang=fr")
    assert r.status_code == status, r.text[-300:]
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="fr"' in r.text
    assert _current(r.text) == current


def test_the_same_error_under_the_api_is_json(client: TestClient) -> None:
    r = client.get("/api/v1/energy/scenarios/no-such-scenario/result")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert "no-such-scenario" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/", "map"),
        ("/enlargement", "enlargement"),
        ("/ledger", "ledger"),
        ("/ledger/protocols-signed", "ledger"),
        ("/ledgers", ""),
        ("/desk/incidents/abc", "desk"),
        ("/missile-defence", "md"),
        ("/unknown", ""),
    ],
)
def test_a_page_belongs_to_the_longest_navigation_path_that_prefixes_it(
    client: TestClient, path: str, key: str
) -> None:
    assert _active(path) == key

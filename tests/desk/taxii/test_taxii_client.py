"""Interoperability: the OASIS ``taxii2-client`` library against the real app, served by
uvicorn on a free local port over a SQLite file."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import uvicorn
from taxii2client.v21 import ApiRoot, Collection, Server, Status, as_pages

from bucarest.app import create_app
from tests.desk.taxii import EAPC, NATO, PASSWORD, Template, build_template, indicator, malware


@dataclass(frozen=True)
class Served:
    base: str
    template: Template

    def root(self, user: str) -> ApiRoot:
        return ApiRoot(self.base + "/taxii2/desk/", user=user, password=self.template.tokens[user])

    def collection(self, user: str, collection_id: str) -> Collection:
        url = f"{self.base}/taxii2/desk/collections/{collection_id}/"
        return Collection(url, user=user, password=self.template.tokens[user])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    template = build_template(tmp_path_factory.mktemp("taxii-client-template"))
    app = create_app(template.copy(tmp_path_factory.mktemp("taxii-client")))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", template)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _ids(envelope: dict[str, Any]) -> list[str]:
    return [o["id"] for o in envelope.get("objects", [])]


def test_discovery_and_collections_per_principal(served: Served) -> None:
    server = Server(served.base + "/taxii2/", user="dora", password=PASSWORD)  # Basic, password
    assert server.title
    assert [r.url for r in server.api_roots] == [served.base + "/taxii2/desk/"]
    root = server.default
    assert root is not None and root.versions == ["application/taxii+json;version=2.1"]
    assert {c.alias for c in root.collections} == {"nato", "nato-amber", "eapc", "md", "ici"}
    assert all(c.can_read and c.can_write for c in root.collections)
    partner = served.root("anna")  # Basic, user name and token
    assert [(c.alias, c.can_read, c.can_write) for c in partner.collections] == [
        ("eapc", True, True)
    ]
    reader = served.root("rita")
    assert {(c.alias, c.can_write) for c in reader.collections} == {
        ("nato", False), ("eapc", False), ("md", False), ("ici", False)
    }  # fmt: skip


def test_add_wait_page_and_filter(served: Served) -> None:
    col = served.collection("dora", NATO)
    first = [indicator(n) for n in range(20)]
    status = col.add_objects({"objects": first}, wait_for_completion=True, poll_interval=0.1)
    assert (status.status, status.total_count, status.success_count) == ("complete", 20, 20)
    assert served.root("dora").get_status(status.id).success_count == 20
    polled = Status(f"{served.base}/taxii2/desk/status/{status.id}",  # the client's own URL form
                    user="dora", password=served.template.tokens["dora"])  # fmt: skip
    polled.wait_until_final(poll_interval=0.1, timeout=5)
    assert polled.status == "complete"

    mark = col.get_manifest()["objects"][-1]["date_added"]
    second = [malware(n) for n in range(5)] + [indicator(n) for n in range(20, 23)]
    assert col.add_objects({"objects": second}, poll_interval=0.1).success_count == 8

    reader = served.collection("fabien", NATO)  # another Ally reads it
    pages = list(as_pages(reader.get_objects, per_request=7))
    assert [len(p["objects"]) for p in pages] == [7, 7, 7, 7]
    assert [i for p in pages for i in _ids(p)] == [o["id"] for o in first + second]
    manifest = list(as_pages(reader.get_manifest, per_request=10))
    assert sum(len(p["objects"]) for p in manifest) == 28

    typed = list(as_pages(reader.get_objects, per_request=2, type="malware"))
    assert [i for p in typed for i in _ids(p)] == [o["id"] for o in second[:5]]
    after = reader.get_objects(added_after=mark)
    assert _ids(after) == [o["id"] for o in second]
    indicators_after = list(
        as_pages(reader.get_objects, per_request=2, type="indicator", added_after=mark)
    )
    assert [i for p in indicators_after for i in _ids(p)] == [o["id"] for o in second[5:]]

    one = reader.get_object(first[0]["id"])
    assert _ids(one) == [first[0]["id"]]
    assert reader.object_versions(first[0]["id"])["versions"] == ["2026-01-01T00:00:00.000000Z"]


def test_partner_reaches_its_collection_only(served: Served) -> None:
    mine = served.collection("anna", EAPC)
    status = mine.add_objects({"objects": [indicator(100)]}, poll_interval=0.1)
    assert status.success_count == 1
    assert _ids(mine.get_objects()) == [indicator(100)["id"]]
    assert _ids(served.collection("dora", EAPC).get_objects()) == [indicator(100)["id"]]
    with pytest.raises(requests.HTTPError) as err:
        served.collection("anna", NATO).get_objects()
    response = err.value.response
    assert response is not None and response.status_code == 404
    assert response.headers["Content-Type"] == "application/taxii+json;version=2.1"

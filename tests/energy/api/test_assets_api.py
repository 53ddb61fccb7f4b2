"""GET /api/v1/energy/assets?q=&dataset=: the assets of a winter found by name."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("energy")) / "e.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_blue_stream_is_found_with_its_source(client: TestClient) -> None:
    rows = client.get("/api/v1/energy/assets", params={"q": "blue stream"}).json()
    assert [r["id"] for r in rows] == ["RUS-TUR-BLUE-STREAM"]
    assert rows[0]["countries"] == ["RUS", "TUR"] and rows[0]["licence"] == "CC BY 4.0"
    storage = client.get("/api/v1/energy/assets", params={"q": "Chiren"}).json()
    assert storage[0]["working_gas_mcm"] > 0
    # The source cell as citations, for the page's search as one types.
    assert [s["url"] for s in storage[0]["sources"]][
        0
    ] == "https://github.com/jdlr01/OpenSciGRID_gas"
    assert len(storage[0]["sources"]) == storage[0]["source"].count(" - https://")


def test_an_empty_query_is_a_422(client: TestClient) -> None:
    res = client.get("/api/v1/energy/assets", params={"q": " "})
    assert res.status_code == 422 and "at least one letter" in res.json()["error"]["message"]


def test_the_winter_searched_is_a_parameter(client: TestClient) -> None:
    rows = client.get("/api/v1/energy/assets", params={"q": "baltic pipe",
                                                      "dataset": "recent-2023-24"}).json()  # fmt: skip
    assert [r["id"] for r in rows] == ["NOR-DNK-BALTIC-PIPE", "DNK-POL-BALTIC-PIPE",
                                       "POL-DNK-BALTIC-PIPE"]  # fmt: skip
    assert {r["dataset"] for r in rows} == {"recent-2023-24-assets"}
    chiren = client.get("/api/v1/energy/assets", params={"q": "chiren"}).json()
    assert chiren[0]["dataset"] == "winter-2008-09-assets"
    res = client.get("/api/v1/energy/assets", params={"q": "nord", "dataset": "winter-1990"})
    assert res.status_code == 400
    message = res.json()["error"]["message"]
    assert "winter-1990" in message and "recent-2023-24-assets" in message

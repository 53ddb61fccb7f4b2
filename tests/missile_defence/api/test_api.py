"""Missile-defence API: catalogue, trajectory, coverage in three formats, jobs, errors."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.provenance import working_note_in
from bucarest.missile_defence.data import load_catalogue
from bucarest.missile_defence.records import architecture_record

BASE = "/api/v1/md"
SMALL = {"architecture": "us-third-site-2008", "threat": "iran-mrbm", "countries": "TUR,GRC",
         "resolution_km": 100}  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = Path(tmp_path_factory.mktemp("md")) / "md.sqlite3"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_catalogue_with_sources(client: TestClient) -> None:
    archs = client.get(f"{BASE}/architectures", params={"lang": "fr"}).json()
    third = next(a for a in archs if a["id"] == "us-third-site-2008")
    gbi = third["sites"][0]["parameters"]["burnout_speed_km_s"]
    assert gbi["low"] == 5.4 and gbi["high"] == 9.0 and gbi["source"]
    assert client.get(f"{BASE}/threats/iran-2008").json()["union"] == [
        "iran-mrbm",
        "iran-irbm",
        "iran-icbm",
    ]
    assert "radar:emr-brdy.range_km" in client.get(f"{BASE}/parameters").json()


def test_catalogue_answers_carry_short_citations_and_a_confidence(client: TestClient) -> None:
    citation = {"title", "issuer", "date", "url"}
    third = client.get(f"{BASE}/architectures/us-third-site-2008", params={"lang": "fr"}).json()
    assert third["confidence"] == "secondary" and "source" not in third
    decl = next(c for c in third["sources"] if c["issuer"] == "NATO")
    assert decl == {"title": "Bucharest Summit Declaration", "issuer": "NATO",
                    "date": "2008-04-03",
                    "url": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"}  # fmt: skip
    for place in (*third["sites"], *third["radars"], *third["candidates"]["sites"]):
        assert place["confidence"] in {"official", "secondary", "estimate"}, place["id"]
        assert place["sources"] and set(place["sources"][0]) == citation
        assert "location_source" not in place
    threat = client.get(f"{BASE}/threats/iran-icbm", params={"lang": "fr"}).json()
    assert threat["confidence"] == "estimate" and threat["sources"]
    semnan = next(s for s in threat["launch_sites"] if s["id"] == "semnan")
    assert semnan["name"] == "Site de lancement de Semnan (centre spatial Imam-Khomeini)"
    assert semnan["confidence"] == "secondary"
    assert "https://www.nti.org/learn/facilities/313/" in {c["url"] for c in semnan["sources"]}
    # Each parameter's source is given in the language asked for.
    emr = next(r for r in third["radars"] if r["id"] == "emr-brdy")
    assert emr["parameters"]["range_km"]["source"].startswith("Le directeur de la MDA")
    english = client.get(f"{BASE}/architectures/us-third-site-2008").json()
    emr = next(r for r in english["radars"] if r["id"] == "emr-brdy")
    assert emr["parameters"]["range_km"]["source"].startswith("MDA director O'Reilly")
    body = client.get(f"{BASE}/architectures", params={"lang": "fr"}).text
    body += client.get(f"{BASE}/threats", params={"lang": "fr"}).text
    assert working_note_in(body) is None and "research notes" not in body


def test_trajectory_and_its_timeline(client: TestClient) -> None:
    r = client.get(f"{BASE}/trajectory", params={"from": "35.69,51.39", "to": "52.52,13.40",
                                                  "missile": "irbm-3stage",
                                                  "architecture": "us-third-site-2008"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["engaged"] and body["limited_by"] == "none"
    assert [e["kind"] for e in body["events"]][0] == "launch" and body["path"]


def test_coverage_json_geojson_png(client: TestClient) -> None:
    body = client.get(f"{BASE}/coverage", params={**SMALL, "geojson": "true"}).json()
    assert {c["code"] for c in body["countries"]} == {"GRC", "TUR"}
    assert body["geojson"]["features"]
    gj = client.get(f"{BASE}/coverage.geojson", params=SMALL).json()
    assert all(f["properties"]["status"] == "uncovered" for f in gj["features"])
    png = client.get(f"{BASE}/coverage.png", params=SMALL)
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_coverage_as_csv_per_country_and_geojson_of_the_statuses_asked_for(
    client: TestClient,
) -> None:
    body = client.get(f"{BASE}/coverage", params={**SMALL, "lang": "fr"}).json()
    r = client.get(f"{BASE}/coverage", params={**SMALL, "lang": "fr", "format": "csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        'filename="coverage-us-third-site-2008-iran-mrbm.csv"' in r.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [x["code"] for x in rows] == [c["code"] for c in body["countries"]] + ["ALL"]
    assert list(rows[0])[:7] == ["code", "name", "area_km2", "covered", "uncovered",
                                 "uncovered_sensor_limited", "not_threatened"]  # fmt: skip
    assert "uncovered_kinematics" in rows[0] and "uncovered_track_quality" in rows[0]
    for row, c in zip(rows, [*body["countries"], body["total"]], strict=True):
        for key in ("covered", "uncovered", "not_threatened", "area_km2"):
            assert float(row[key]) == pytest.approx(c[key]), (c["code"], key)
        # The uncovered share split by binding constraint sums to the uncovered share.
        parts = sum(float(v) for k, v in row.items() if k.startswith("uncovered_")
                    and k != "uncovered_sensor_limited")  # fmt: skip
        assert parts == pytest.approx(c["uncovered"], abs=1e-5), c["code"]
        for b in c["uncovered_by"]:
            assert float(row["uncovered_" + b["constraint"].replace("-", "_")]) == b["share"]
    assert rows[0]["name"] in {"Grèce", "Turquie", "Türkiye"}
    every = client.get(f"{BASE}/coverage.geojson",
                       params=[*SMALL.items(), ("status", "covered"), ("status", "uncovered"),
                               ("status", "not-threatened")])  # fmt: skip
    assert every.status_code == 200 and every.headers["content-type"] == "application/json"
    statuses = {f["properties"]["status"] for f in every.json()["features"]}
    assert "uncovered" in statuses and statuses <= {"covered", "uncovered", "not-threatened"}
    assert len(statuses) >= 2
    covered = client.get(f"{BASE}/coverage.geojson", params={**SMALL, "status": "covered"}).json()
    assert {f["properties"]["status"] for f in covered["features"]} <= {"covered"}
    bad = client.get(f"{BASE}/coverage.geojson", params={**SMALL, "status": "green"})
    assert bad.status_code == 422 and "status" in bad.json()["error"]["message"]
    bad = client.get(f"{BASE}/coverage", params={**SMALL, "format": "xlsx"})
    assert bad.status_code == 422 and "format" in bad.json()["error"]["message"]


def test_architectures_carry_their_dates_and_inventories(client: TestClient) -> None:
    body = client.get(f"{BASE}/architectures/us-gmd-2008", params={"lang": "fr"}).json()
    radars = {r["id"]: r for r in body["radars"]}
    assert radars["thule-uewr"]["in_service_from"] == "2011-01-18"
    greely = next(s for s in body["sites"] if s["id"] == "fort-greely-gbi")
    assert [(i["since"], i["interceptors"]["value"]) for i in greely["inventory"]][-1] == (
        "2007-10-09", 20.0)  # fmt: skip
    assert greely["inventory"][0]["interceptors"]["source"].startswith("Premier GBI")
    third = client.get(f"{BASE}/architectures/us-third-site-2008").json()
    assert third["sites"][0]["in_service_from"] is None  # a plan: not dated


def test_coverage_names_what_was_not_yet_deployed(client: TestClient) -> None:
    params = {**SMALL, "architecture": "epaa-phase-2", "countries": "ROU", "on": "2015-01-01"}
    body = client.get(f"{BASE}/coverage", params=params).json()
    assert body["not_deployed"] == ["deveselu-aegis-ashore", "spy1-deveselu"]
    body = client.get(f"{BASE}/coverage", params={**params, "on": "2016-06-01"}).json()
    assert "not_deployed" not in body


def test_the_earth_turns_unless_asked_not_to(client: TestClient) -> None:
    assert client.get(f"{BASE}/coverage", params=SMALL).json()["rotating_earth"] is True
    off = client.get(f"{BASE}/coverage", params={**SMALL, "rotating_earth": "false"}).json()
    assert off["rotating_earth"] is False
    shot = {"from": "35.69,51.39", "to": "52.52,13.40", "missile": "irbm-3stage"}
    turning = client.get(f"{BASE}/trajectory", params=shot).json()
    fixed = client.get(f"{BASE}/trajectory", params={**shot, "rotating_earth": "false"}).json()
    assert turning["rotating_earth"] is True and fixed["rotating_earth"] is False
    # Westward on a turning Earth the flight needs more speed relative to the ground.
    assert turning["burnout_speed_km_s"] > fixed["burnout_speed_km_s"]


def test_a_threat_lists_its_launch_area_and_sampled_points(client: TestClient) -> None:
    body = client.get(f"{BASE}/threats/iran-mrbm-west", params={"lang": "fr"}).json()
    (area,) = body["launch_areas"]
    assert area["id"] == "western-iran" and area["polygon"][0] == area["polygon"][-1]
    assert area["confidence"] == "estimate" and area["sources"]
    assert [s["id"] for s in body["launch_sites"]] == area["points"]
    assert body["loft_deg"] == [-10, 0, 10, 20]
    assert [c["id"] for c in body["classes"]] == ["shahab-3", "ghadr-1"]


def _wait(client: TestClient, url: str) -> dict[str, Any]:
    for _ in range(600):
        job = client.get(url).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_jobs_report_progress_and_results(client: TestClient) -> None:
    r = client.post(f"{BASE}/jobs", json={"kind": "options", **SMALL})
    assert r.status_code == 202
    job = _wait(client, r.json()["url"])
    assert job["state"] == "done" and job["done"] == job["total"] > 0
    assert job["result"]["candidates"]
    r = client.post(f"{BASE}/jobs", json={"kind": "coverage", **SMALL, "on": "not-a-date"})
    job = _wait(client, r.json()["url"])
    assert job["state"] == "failed" and job["error"]["status"] == 400


def test_sweeps_and_every_job_kind_answer_as_documented(client: TestClient) -> None:
    """The sweep's two media types, and each job kind's result through the typed job
    answer (the response models refuse undeclared keys, so a drift is a 500 here)."""
    sweep = {**SMALL, "parameter": "radar:emr-brdy.range_km", "values": "1000,3000"}
    r = client.get(f"{BASE}/sweep", params=sweep)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert [p["value"] for p in r.json()["points"]] == [1000, 3000]
    svg = client.get(f"{BASE}/sweep", params={**sweep, "format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    for kind, extra in [("coverage", {}), ("sweep", sweep)]:
        r = client.post(f"{BASE}/jobs", json={"kind": kind, **SMALL, **extra})
        assert r.status_code == 202, r.text
        job = _wait(client, r.json()["url"])
        assert job["state"] == "done", job
        assert ("geojson" in job["result"]) is (kind == "coverage")


@pytest.mark.parametrize(
    ("method", "url", "params", "status", "message"),
    [
        ("get", "/trajectory", {"from": "35,51", "to": "95,0"}, 400, "a latitude of 95"),
        (
            "get",
            "/trajectory",
            {"from": "35,51", "to": "52,13", "missile": "shahab-3"},
            400,
            "maximum range",
        ),
        ("get", "/coverage", {**SMALL, "architecture": "nope"}, 404, "unknown architecture 'nope'"),
        ("get", "/coverage", {**SMALL, "resolution_km": 0}, 422, "resolution_km"),
        (
            "get",
            "/sweep",
            {**SMALL, "parameter": "radar:emr-brdy.colour", "values": "1"},
            400,
            "no parameter",
        ),
        ("get", "/jobs/0000", {}, 404, "no job '0000'"),
        (
            "post",
            "/jobs",
            {"kind": "dance", "architecture": "x", "threat": "y"},
            400,
            "unknown job kind",
        ),
        (
            "post",
            "/jobs",
            {"kind": "coverage", "threat": "iran-2008"},
            400,
            "a job needs 'architecture'",
        ),
    ],
)
def test_bad_requests_are_4xx_json_with_one_line(
    client: TestClient, method: str, url: str, params: dict[str, Any], status: int, message: str
) -> None:
    if method == "get":
        r = client.get(BASE + url, params=params)
    else:
        r = client.post(BASE + url, json=params)
    assert r.status_code == status, r.text
    err = r.json()["error"]["message"]
    assert message in err and "\n" not in err


def _typed(value: Any) -> Any:
    """``value`` with the JSON type of every leaf (so 10 and 10.0 differ)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_answer_is_the_record_unchanged(client: TestClient) -> None:
    """The response models pass the records through as they are: no key added, none
    dropped, and no integer turned into a float (``10`` stays ``10``)."""
    cat = load_catalogue()
    expected = [architecture_record(cat, a, "en") for a in cat.architectures.values()]
    got = client.get(f"{BASE}/architectures").json()
    assert _typed(got) == _typed(json.loads(json.dumps(expected)))


PAIR = {"a": "us-third-site-2008", "b": "epaa-phase-3", "threat": "iran-2008",
        "countries": "ROU,GRC", "resolution_km": 100, "on": "2025-01-01"}  # fmt: skip


def test_compare_in_json_csv_and_as_a_job(client: TestClient) -> None:
    r = client.get(f"{BASE}/compare", params={**PAIR, "lang": "fr"})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert rec["a_name"] == "Troisième site américain (projet de 2008)"
    # On 2025-01-01 both are deployed (EPAA phase 3 since Redzikowo, 2024); the 2008 plan, never
    # built, is not dated and counts on every day.
    grc = next(c for c in rec["countries"] if c["code"] == "GRC")
    assert grc["name"] == "Grèce" and grc["difference"] > 0
    assert rec["total"]["difference"] == pytest.approx(
        rec["total"]["covered_b"] - rec["total"]["covered_a"], abs=1e-6
    )
    csv = client.get(f"{BASE}/compare", params={**PAIR, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert (
        csv.text.splitlines()[0]
        == "code,name,area_km2,covered_a,covered_b,difference,not_threatened"
    )
    assert (
        'filename="compare-us-third-site-2008-epaa-phase-3.csv"'
        in csv.headers["content-disposition"]
    )
    started = client.post(f"{BASE}/jobs", json={"kind": "compare", **PAIR})
    assert started.status_code == 202, started.text
    job = _wait(client, started.json()["url"])
    assert job["state"] == "done", job
    assert (
        job["result"]["countries"] == client.get(f"{BASE}/compare", params=PAIR).json()["countries"]
    )
    assert {f["properties"]["kind"] for f in job["result"]["geojson"]["features"]} >= {"b-only"}
    bad = client.post(
        f"{BASE}/jobs", json={"kind": "compare", "a": "us-third-site-2008", "threat": "iran-2008"}
    )
    assert bad.status_code == 400 and "a job needs 'b'" in bad.json()["error"]["message"]
    missing = client.get(f"{BASE}/compare", params={**PAIR, "b": "nope"})
    assert (
        missing.status_code == 404
        and "unknown architecture 'nope'" in missing.json()["error"]["message"]
    )


def test_options_offer_bundles_and_points(client: TestClient) -> None:
    params = {**SMALL, "countries": "ROU,GRC", "threat": "iran-2008", "bundle": ["patriot-athens-battery", "deveselu-aegis-ashore-spy1"],
              "max_count": 1}  # fmt: skip
    r = client.get(f"{BASE}/options", params=params)
    assert r.status_code == 200, r.text
    rec = r.json()
    assert [c["id"] for c in rec["candidates"]] == [
        "patriot-athens-battery",
        "deveselu-aegis-ashore-spy1",
    ]
    assert rec["budget"] == {"kind": "count", "value": 1.0} and rec["measures"] == [
        "area",
        "assets",
    ]
    # With the engagement doctrine the 2008 plan already covers Romania; whichever set is
    # optimal, it holds at most one bundle and costs what its bundles cost.
    optima = rec["exact"]["optima"]
    costs = {"patriot-athens-battery": 1090.0, "deveselu-aegis-ashore-spy1": 640.0}
    assert optima and all(len(o["bundles"]) <= 1 for o in optima)
    assert all(o["cost_musd"] == sum(costs[b] for b in o["bundles"]) for o in optima)
    assert rec["greedy"]["outcome"]["model"]["area"] <= rec["exact"]["share"] + 1e-9
    points = [{"id": "ath", "name": "Athens", "lat": 37.98, "lon": 23.73},
              {"id": "ank", "name": "Ankara", "lat": 39.93, "lon": 32.86}]  # fmt: skip
    body = {"kind": "options", **SMALL, "threat": "iran-2008", "measure": "assets", "assets": points,
            "bundles": ["patriot-athens-battery", "patriot-ankara-battery"]}  # fmt: skip
    job = _wait(client, client.post(f"{BASE}/jobs", json=body).json()["url"])
    assert job["state"] == "done", job
    assert job["result"]["measures"] == ["area", "assets"]
    bad = {**body, "assets": [{"id": "x", "name": "X", "lat": 95, "lon": 0}]}
    job = _wait(client, client.post(f"{BASE}/jobs", json=bad).json()["url"])
    assert job["state"] == "failed" and job["error"]["status"] == 422
    assert "assets: row 1.lat" in job["error"]["message"]
    r = client.get(f"{BASE}/options", params={**SMALL, "max_cost_musd": -1})
    assert r.status_code == 422


def test_bundles_and_the_candidates_of_an_architecture(client: TestClient) -> None:
    bundles = client.get(f"{BASE}/bundles", params={"lang": "fr"}).json()
    deveselu = next(b for b in bundles if b["id"] == "deveselu-aegis-ashore-spy1")
    assert deveselu["cost_musd"]["value"] == 640.0
    assert "[calculé]" in deveselu["cost_musd"]["source"]
    assert next(b for b in bundles if b["id"] == "gabala-daryal-radar")["cost_musd"] is None
    third = client.get(f"{BASE}/architectures/us-third-site-2008").json()
    assert "patriot-athens-battery" in third["candidates"]["bundles"]
    assert set(third["candidates"]["bundles"]) <= {b["id"] for b in bundles}

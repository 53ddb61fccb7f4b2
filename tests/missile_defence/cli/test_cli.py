"""Missile-defence commands: the JSON contracts, files written whole, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")


def test_trajectory_json_contract_is_pure_free_flight_without_a_class(capsys) -> None:
    code, out, err = run(capsys, "md", "trajectory", "--from", "0,0", "--to", "0,90",
                         "--burnout-speed", "6", "--angle", "40", "--no-rotating-earth",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    assert {"range_km", "apogee_km", "flight_time_s", "burnout_speed_km_s"} <= set(rec)
    # Bate, Mueller & White free flight from the surface: 6 km/s at 40° (see trajectory.py).
    assert rec["range_km"] == pytest.approx(5150.5, abs=0.1)
    assert rec["apogee_km"] == pytest.approx(1322.9, abs=0.1)
    assert rec["flight_time_s"] == pytest.approx(1442, abs=1)
    assert rec["burnout_speed_km_s"] == pytest.approx(6.0)


def test_trajectory_with_an_architecture_prints_the_timeline(capsys) -> None:
    code, out, err = run(capsys, "md", "trajectory", "--from", "35.69,51.39", "--to", "52.52,13.40",
                         "--missile", "irbm-3stage", "--architecture", "us-third-site-2008")  # fmt: skip
    assert code == 0, err
    assert "first-intercept" in out and "engaged" in out and "emr-brdy" in out


def test_coverage_table_json_and_files(capsys, tmp_path: Path) -> None:
    gj, png = tmp_path / "gap.geojson", tmp_path / "map.png"
    code, out, err = run(capsys, "md", "coverage", "--architecture", "us-third-site-2008",
                         "--threat", "iran-2008", "--on", "2008-04-03", "--resolution-km", "100",
                         "--format", "json", "--geojson", str(gj), "--png", str(png))  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    row = next(c for c in rec["countries"] if c["code"] == "TUR")
    assert {"code", "covered", "uncovered", "not_threatened"} <= set(row)
    # All 26 Allies of the summit day, the United States and Canada included.
    assert len(rec["countries"]) == 26 and {"USA", "CAN"} <= {c["code"] for c in rec["countries"]}
    assert json.loads(gj.read_text())["type"] == "FeatureCollection"
    assert png.read_bytes()[:4] == b"\x89PNG"
    # Beside the files asked for, only the database and its audit key and checkpoints.
    written = {p.name for p in tmp_path.iterdir() if not p.name.endswith("sqlite3")}
    assert written - {"audit.key", "audit-checkpoints.jsonl"} == {"gap.geojson", "map.png"}


def test_coverage_over_chosen_countries_in_french(capsys) -> None:
    code, out, err = run(capsys, "--lang", "fr", "md", "coverage", "--architecture", "epaa-phase-2",
                         "--threat", "iran-mrbm", "--countries", "ROU,BGR", "--resolution-km", "50")  # fmt: skip
    assert code == 0, err
    assert "Roumanie" in out and "Bulgarie" in out


def test_coverage_on_a_date_leaves_out_what_was_not_deployed(capsys) -> None:
    code, out, err = run(capsys, "md", "coverage", "--architecture", "epaa-phase-2", "--threat",
                         "iran-mrbm", "--countries", "ROU", "--on", "2015-01-01",
                         "--resolution-km", "100", "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["not_deployed"] == ["deveselu-aegis-ashore", "spy1-deveselu"]
    assert "Not in service on 2015-01-01, left out: deveselu-aegis-ashore, spy1-deveselu" in err


def test_an_architecture_lists_when_each_element_entered_service(capsys) -> None:
    code, out, err = run(capsys, "md", "architectures", "us-gmd-and-third-site-2008",
                         "--format", "csv")  # fmt: skip
    assert code == 0, err
    assert "thule-uewr" in out and "from 2011-01-18" in out
    assert "not dated (a plan or a what-if)" in out  # the third site was never built


def test_catalogue_listings(capsys) -> None:
    code, out, _ = run(capsys, "md", "architectures", "--format", "json")
    assert code == 0 and "us-third-site-2008" in {a["id"] for a in json.loads(out)}
    code, out, _ = run(capsys, "md", "threats", "iran-2008", "--format", "json")
    assert code == 0 and json.loads(out)["union"] == ["iran-mrbm", "iran-irbm", "iran-icbm"]
    code, out, _ = run(capsys, "md", "parameters", "--format", "csv")
    assert code == 0 and "interceptor:gbi-2stage.burnout_speed_km_s" in out
    assert "MDA director O'Reilly" in out


def test_parameter_sources_in_french_and_sourced_threats(capsys) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "md", "parameters", "--format", "csv")
    assert code == 0 and "Le directeur de la MDA, O'Reilly" in out
    assert "MDA director O'Reilly" not in out
    code, out, _ = run(capsys, "--lang", "fr", "md", "threats", "iran-icbm", "--format", "json")
    rec = json.loads(out)
    assert code == 0 and rec["confidence"] == "estimate" and rec["sources"]
    semnan = next(s for s in rec["launch_sites"] if s["id"] == "semnan")
    assert semnan["name"] == "Site de lancement de Semnan (centre spatial Imam-Khomeini)"


def test_options_and_sweep(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "md", "options", "--architecture", "us-third-site-2008",
                         "--threat", "iran-mrbm", "--countries", "TUR,GRC,BGR",
                         "--resolution-km", "100", "--format", "json")  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    assert rec["candidates"] and rec["upper_bound"]["area"] >= rec["base"]["area"]
    assert rec["exact"]["share"] >= rec["greedy"]["outcome"]["model"]["area"] - 1e-9
    svg = tmp_path / "sweep.svg"
    code, out, err = run(capsys, "md", "sweep", "--architecture", "us-third-site-2008",
                         "--threat", "iran-2008", "--countries", "DEU,POL", "--resolution-km", "100",
                         "--parameter", "interceptor:gbi-2stage.burnout_speed_km_s",
                         "--values", "5:9:2", "--svg", str(svg), "--format", "json")  # fmt: skip
    assert code == 0, err
    assert [p["value"] for p in json.loads(out)["points"]] == [5.0, 7.0, 9.0]
    assert svg.read_text().startswith("<svg")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["md", "trajectory", "--from", "95,0", "--to", "0,0"], "a latitude of 95 is not allowed"),
        (["md", "trajectory", "--from", "tehran", "--to", "0,0"], "expected LAT,LON"),
        (
            ["md", "trajectory", "--from", "0,0", "--to", "0,60", "--burnout-speed", "3"],
            "cannot reach",
        ),
        (
            ["md", "trajectory", "--from", "0,0", "--to", "0,60", "--burnout-speed", "-3"],
            "positive speed",
        ),
        (
            [
                "md",
                "trajectory",
                "--from",
                "0,0",
                "--to",
                "0,60",
                "--min-energy",
                "--burnout-speed",
                "5",
            ],
            "not both",
        ),
        (
            ["md", "coverage", "--architecture", "nope", "--threat", "iran-2008"],
            "unknown architecture 'nope'",
        ),
        (
            ["md", "coverage", "--architecture", "epaa-phase-1", "--threat", "iran"],
            "unknown threat 'iran'",
        ),
        (
            [
                "md",
                "coverage",
                "--architecture",
                "epaa-phase-1",
                "--threat",
                "iran-2008",
                "--resolution-km",
                "0",
            ],
            "between 1 and 500",
        ),
        (
            [
                "md",
                "sweep",
                "--architecture",
                "epaa-phase-1",
                "--threat",
                "iran-2008",
                "--parameter",
                "x",
                "--values",
                "1:0:1",
            ],
            "START:STOP:STEP",
        ),
        (["md", "architectures", "--architecture-file", "/nonexistent/a.yaml"], "file not found"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_failed_write_leaves_nothing_behind(capsys, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "map.png"
    code, _out, err = run(capsys, "md", "coverage", "--architecture", "us-third-site-2008",
                          "--threat", "iran-mrbm", "--countries", "GRC", "--resolution-km", "100",
                          "--png", str(target))  # fmt: skip
    assert code == 2 and "cannot write" in err
    assert not target.parent.exists()


THREATS = """
threats:
  - id: my-threat
    name: {en: Mine, fr: La mienne}
    description: {en: Mine, fr: La mienne}
    confidence: estimate
    sources: [{title: "A what-if of my own", issuer: "Planning cell"}]
    classes: [sejjil]
    launch_sites: [western-iran, tabriz]
    loft_deg: [0, 15]
"""


def test_a_users_threat_file_is_computed_with_rotation_on_by_default(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(THREATS, encoding="utf-8")
    args = ["md", "coverage", "--architecture", "us-third-site-2008", "--threat", "my-threat",
            "--countries", "GRC", "--resolution-km", "100", "--threats", str(path),
            "--format", "json"]  # fmt: skip
    code, out, err = run(capsys, *args)
    assert code == 0, err
    rec = json.loads(out)
    assert rec["threat"] == "my-threat" and rec["rotating_earth"] is True
    code, out, err = run(capsys, *args, "--no-rotating-earth")
    assert code == 0, err
    assert json.loads(out)["rotating_earth"] is False
    code, out, err = run(
        capsys, "md", "threats", "my-threat", "--threats", str(path), "--format", "json"
    )
    assert code == 0, err
    rec = json.loads(out)
    assert [a["id"] for a in rec["launch_areas"]] == ["western-iran"]
    assert {s["id"] for s in rec["launch_sites"]} >= {"tabriz", "western-iran-1"}


def test_a_bad_threat_file_names_file_and_field_and_computes_nothing(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(THREATS.replace("[sejjil]", "[sejil]"), encoding="utf-8")
    code, out, err = run(capsys, "md", "coverage", "--architecture", "us-third-site-2008",
                         "--threat", "my-threat", "--countries", "GRC", "--threats", str(path))  # fmt: skip
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "mine.yaml" in err and "threats.my-threat.classes: unknown class 'sejil'" in err


def test_options_with_bundles_defended_points_and_a_cost_budget(capsys, tmp_path: Path) -> None:
    assets = tmp_path / "capitals.csv"
    assets.write_text("id,name,lat,lon\nath,Athens,37.98,23.73\nsof,Sofia,42.70,23.32\n"
                      "buc,Bucharest,44.43,26.10\nank,Ankara,39.93,32.86\n")  # fmt: skip
    base = ["md", "options", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
            "--countries", "TUR,GRC,BGR,ROU", "--resolution-km", "100", "--assets", str(assets)]  # fmt: skip
    code, out, err = run(capsys, *base, "--measure", "assets", "--max-count", "2",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    rec = json.loads(out)
    assert rec["measure"] == "assets" and rec["measures"] == ["area", "assets"]
    assert rec["budget"] == {"kind": "count", "value": 2.0}
    patriot = next(c for c in rec["candidates"] if c["id"] == "patriot-athens-battery")
    assert patriot["sites"] == ["patriot-athens"] and patriot["radars"] == ["patriot-radar-athens"]
    assert patriot["cost_musd"] == 1090.0 and "CSIS" in patriot["cost_source"]
    exact = rec["exact"]
    assert all(len(o["bundles"]) <= 2 for o in exact["optima"])
    assert exact["unique"] == (len(exact["optima"]) == 1)
    assert rec["greedy"]["outcome"]["model"]["assets"] <= exact["share"]
    # The table says when optima tie, and lists each of them.
    code, out, err = run(capsys, *base, "--measure", "assets", "--max-count", "2")
    assert code == 0, err
    if not exact["unique"]:
        assert f"{len(exact['optima'])} optimal sets tie" in out
    for o in exact["optima"]:
        assert " + ".join(o["bundles"]) in out
    # A cost budget names the bundles it leaves out for want of a sourced cost.
    code, out, err = run(capsys, *base, "--max-cost", "2000", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "id,cost_musd,gain_area,gain_assets,greedy_step,exact"
    assert "aegis-ship-east-med-spy1" not in out


def test_compare_table_json_csv_and_geojson(capsys, tmp_path: Path) -> None:
    args = ["md", "compare", "us-third-site-2008", "epaa-phase-3", "--on", "2025-01-01",
            "--threat", "iran-2008", "--countries", "ROU,GRC,POL", "--resolution-km", "100"]  # fmt: skip
    gj = tmp_path / "diff.geojson"
    code, out, err = run(capsys, *args, "--format", "json", "--geojson", str(gj))
    assert code == 0, err
    rec = json.loads(out)
    assert (rec["a"], rec["b"]) == ("us-third-site-2008", "epaa-phase-3")
    grc = next(c for c in rec["countries"] if c["code"] == "GRC")
    assert grc["difference"] == pytest.approx(grc["covered_b"] - grc["covered_a"], abs=1e-6)
    assert grc["difference"] > 0
    assert {f["properties"]["kind"] for f in json.loads(gj.read_text())["features"]} >= {"b-only"}
    code, out, err = run(capsys, *args, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "code,name,area_km2,covered_a,covered_b,difference,not_threatened"
    assert len(out.splitlines()) == 1 + 3 + 1  # three countries and the total
    code, out, err = run(capsys, "--lang", "fr", *args)
    assert code == 0, err
    assert "Couvert dans A" in out and "B moins A" in out and "Grèce" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["md", "compare", "us-third-site-2008", "nope", "--countries", "GRC"],
         "unknown architecture 'nope'"),
        (["md", "options", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
          "--measure", "people"], "unknown measure 'people'"),
        (["md", "options", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
          "--bundle", "patriot-atlantis-battery"], "unknown bundle 'patriot-atlantis-battery'"),
        (["md", "options", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
          "--assets", "/nonexistent/points.csv"], "/nonexistent/points.csv: file not found"),
        (["md", "options", "--architecture", "us-third-site-2008", "--threat", "iran-2008",
          "--countries", "GRC", "--max-count", "1", "--max-cost", "100"], "not both"),
    ],
)  # fmt: skip
def test_bad_options_and_comparisons_exit_2_with_one_line(capsys, args: list[str], message: str) -> None:  # fmt: skip
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bundles_list_their_parts_and_costs(capsys) -> None:
    code, out, err = run(capsys, "md", "bundles", "--format", "json")
    assert code == 0, err
    recs = {r["id"]: r for r in json.loads(out)}
    assert recs["patriot-sofia-battery"]["links"] == {"patriot-radar-sofia": ["patriot-sofia"]}
    assert recs["gbi-third-site-2008"]["cost_musd"]["value"] == 4000.0
    assert recs["aegis-ship-east-med-spy1"]["cost_musd"] is None
    code, out, err = run(capsys, "--lang", "fr", "md", "bundles")
    assert code == 0 and "Coût" in out and "Batterie Patriot PAC-3" in out

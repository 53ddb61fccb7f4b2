"""The CLI: the contract commands, JSON/CSV output, French, and one-line errors."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import run
from tests.paths import DATA

pytestmark = pytest.mark.usefixtures("database")


def test_members_json_on_bucharest_day(capsys) -> None:
    code, out, _ = run(capsys, "members", "--framework", "nato", "--on", "2008-04-03",
                       "--format", "json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 26
    assert {"code", "name"} <= set(rows[0])


def test_members_csv_and_french_names(capsys) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "members", "--on", "2009-04-01", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    names = {r["name"] for r in rows}
    assert "Albanie" in names and "Croatie" in names and len(rows) == 28


def test_country_history_table_shows_malta_suspension(capsys) -> None:
    code, out, _ = run(capsys, "country", "MLT")
    assert code == 0
    assert "1995-04-26" in out and "suspended" in out


def test_changes_and_accession(capsys) -> None:
    code, out, _ = run(capsys, "changes", "--from", "2008-04-03", "--to", "2009-04-04",
                       "--framework", "nato", "--format", "json")  # fmt: skip
    assert code == 0
    assert {r["code"] for r in json.loads(out)} == {"ALB", "HRV"}
    code, out, _ = run(capsys, "accession", "ALB", "--on", "2009-04-01", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["stage"] == "member"
    assert record["ratification"]["ratified"] == record["ratification"]["required"] == 26


def test_frameworks_and_data_load_idempotent(capsys) -> None:
    code, out, _ = run(capsys, "frameworks", "--format", "json")
    assert code == 0 and {f["id"] for f in json.loads(out)} >= {"nato", "pfp", "ngc", "ipap"}
    code, out, _ = run(capsys, "data", "load")
    assert code == 0 and out.startswith("0 facts added")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["members", "--framework", "warsaw"], "unknown framework 'warsaw'"),
        (["members", "--on", "2009-02-30"], "invalid date '2009-02-30'"),
        (["country", "FRN"], "did you mean"),
        (["accession", "FRA"], "no accession case"),
        (["--lang", "de", "members"], "unknown language 'de'"),
        (["membership", "add", "--country", "MLT", "--framework", "pfp", "--status", "partner",
          "--start", "2000-01-01", "--source", "x"], "must not overlap"),
        (["membership", "add", "--country", "XKX", "--framework", "pfp", "--status", "partner",
          "--start", "2099-01-01", "--source", "x"], "in the future"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(capsys, args, fragment) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_errors_in_french(capsys) -> None:
    code, _, err = run(capsys, "--lang", "fr", "country", "FRN")
    assert code == 2 and "code pays inconnu" in err


def test_write_then_read_back(capsys) -> None:
    code, out, _ = run(capsys, "membership", "add", "--country", "XKX", "--framework", "pfp",
                       "--status", "partner", "--start", "2025-03", "--source", "test")  # fmt: skip
    assert code == 0
    saved = json.loads(out)
    code, out, _ = run(capsys, "membership", "correct", str(saved["id"]), "--end", "2026-01-01",
                       "--end-cause", "withdrew", "--reason", "test")  # fmt: skip
    assert code == 0 and json.loads(out)["end"] == "2026-01-01"
    code, out, _ = run(capsys, "log")
    assert code == 0 and "correct" in out


def test_console_script_runs_in_a_fresh_process(database: str) -> None:
    exe = Path(sys.executable).with_name("bucarest")
    env = {**os.environ, "BUCAREST_DATABASE_URL": database}
    done = subprocess.run([str(exe), "members", "--on", "2008-04-03", "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 26
    bad = subprocess.run([str(exe), "members", "--on", "yesterday"],
                         capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_loading_a_malformed_data_folder_names_file_and_row(capsys, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA / "registry_min", folder)
    (folder / "memberships.yaml").write_text("- {country: FRA, framework: nato}\n")
    code, _, err = run(capsys, "data", "load", "--path", str(folder))
    assert code == 2
    assert "memberships.yaml: row 1" in err and err.count("\n") == 1


def test_a_missing_database_server_is_one_line(capsys, monkeypatch) -> None:
    monkeypatch.setenv("BUCAREST_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, _, err = run(capsys, "members")
    assert code == 2 and "cannot open the database" in err and err.count("\n") == 1


def test_eapc_members_on_1_may_2008_list_26_allies_and_24_partners(capsys) -> None:
    code, out, _ = run(capsys, "members", "--framework", "eapc", "--on", "2008-05-01",
                       "--format", "json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 50
    capacities = [r["capacity"] for r in rows]
    assert capacities.count("ally") == 26 and capacities.count("partner") == 24
    fra = next(r for r in rows if r["code"] == "FRA")
    assert fra["since"] == "1997-05-30" and fra["capacity_label"] == "Ally"


def test_members_table_has_a_capacity_column_and_the_counts_in_french(capsys) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "members", "-f", "nrc", "--on", "2008-09-15")
    assert code == 0
    assert "Qualité" in out and "Allié" in out and "partenaire" in out
    assert "Alliés : 26, partenaires : 1" in out
    assert "réunions formelles suspendues depuis le 2008-08-19" in " ".join(out.split())


def test_framework_command_gives_the_nrc_state_and_its_sources(capsys) -> None:
    code, out, _ = run(capsys, "framework", "nrc", "--on", "2014-04-01", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["state"] == "cooperation_suspended" and record["since"] == "2014-04-01"
    assert [e["date"] for e in record["events"]] == [
        "2008-08-19", "2009-03-05", "2009-06-27", "2014-04-01",
    ]  # fmt: skip
    # The table names each event's source and how far it can be trusted.
    code, out, _ = run(capsys, "framework", "nrc", "--on", "2009-04-01")
    flat = " ".join(out.split())
    assert code == 0 and "Sources" in flat and "Confidence" in flat
    assert "NATO" in flat and "2009-03-05" in flat and "Official text" in flat
    code, out, err = run(capsys, "framework", "nrcc")
    assert code != 0 and "unknown framework 'nrcc'" in (out + err)
    assert "Traceback" not in out + err


def test_aspirants_on_the_first_day_of_the_summit_include_bosnia_and_montenegro(capsys) -> None:
    code, out, _ = run(capsys, "aspirants", "--on", "2008-04-03", "--format", "json")
    assert code == 0
    stages = {r["code"]: r["stage"] for r in json.loads(out)}
    assert stages["BIH"] == stages["MNE"] == "intensified_dialogue"
    assert stages["ALB"] == stages["HRV"] == "invited" and stages["MKD"] == "map"


def test_a_typed_source_becomes_one_citation_with_the_confidence_given(capsys) -> None:
    code, out, _ = run(capsys, "membership", "add", "--country", "XKX", "--framework", "pfp",
                       "--status", "partner", "--start", "2025-03", "--confidence", "official",
                       "--source", "https://www.nato.int/cps/en/natohq/news_1.htm")  # fmt: skip
    assert code == 0
    saved = json.loads(out)
    assert saved["confidence"] == "official"
    assert saved["sources"] == [{"title": "https://www.nato.int/cps/en/natohq/news_1.htm",
                                 "issuer": "nato.int", "date": None,
                                 "url": "https://www.nato.int/cps/en/natohq/news_1.htm"}]  # fmt: skip
    code, out, _ = run(capsys, "event", "add", "--country", "UKR", "--stage", "talks",
                       "--date", "2025-01", "--source", "Le Monde, 3 janvier 2025")  # fmt: skip
    assert code == 0
    event = json.loads(out)
    assert event["confidence"] == "secondary"
    assert event["sources"][0]["title"] == "Le Monde, 3 janvier 2025"
    assert event["sources"][0]["issuer"] == "entered by a user"
    code, out, err = run(capsys, "membership", "correct", str(saved["id"]), "--confidence",
                         "sure", "--reason", "x")  # fmt: skip
    assert code == 2 and "\n" not in err.strip()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tables_show_short_citations_and_the_confidence(capsys, lang: str) -> None:
    code, out, _ = run(capsys, "--lang", lang, "country", "FRA")
    assert code == 0
    issuer = "OTAN" if lang == "fr" else "NATO"
    assert f"{issuer}, The North Atlantic Treaty, 1949-04-04" in out
    assert ("Texte officiel" if lang == "fr" else "Official text") in out
    assert "not re-read" not in out and "{'title'" not in out
    code, out, _ = run(capsys, "--lang", lang, "accession", "ALB", "--on", "2009-04-01")
    assert code == 0 and "Bucharest Summit Declaration" in out


def test_accession_on_a_date_shows_no_later_step_and_the_name_of_the_day(capsys) -> None:
    code, out, err = run(capsys, "accession", "MKD", "--on", "2008-12-01", "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert record["name"] == "the former Yugoslav Republic of Macedonia"
    assert [e["date"] for e in record["events"]] == ["1999-04-24"]
    code, out, _ = run(capsys, "accession", "MNE", "--on", "2008-12-01")
    assert code == 0 and "2008-06-24" in out and "2015" not in out and "2017" not in out


@pytest.mark.parametrize(
    ("lang", "on", "name"),
    [
        ("en", "2008-04-03", "the former Yugoslav Republic of Macedonia"),
        ("fr", "2008-04-03", "l'ex-République yougoslave de Macédoine"),
        ("en", "2020-06-01", "North Macedonia"),
        ("fr", "2020-06-01", "Macédoine du Nord"),
    ],
)
def test_lists_name_countries_as_on_the_date(capsys, lang: str, on: str, name: str) -> None:
    framework = "pfp" if on < "2020" else "nato"
    code, out, _ = run(capsys, "--lang", lang, "members", "--framework", framework, "--on", on,
                       "--format", "json")  # fmt: skip
    assert code == 0
    names = {r["code"]: r["name"] for r in json.loads(out)}
    assert names["MKD"] == name

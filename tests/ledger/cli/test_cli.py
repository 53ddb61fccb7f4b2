"""Ledger commands: list, show, record (with its version check), assess, forces, review."""

import json

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")

EVIDENCE = "https://www.nato.int/cps/en/natohq/news_7196.htm"


def first_id(capsys) -> str:
    code, out, _ = run(capsys, "commitments", "list", "--as-of", "2009-04-03", "--format", "json")
    assert code == 0
    return str(json.loads(out)[0]["id"])


def test_list_json_has_the_contract_fields(capsys) -> None:
    code, out, _ = run(capsys, "commitments", "list", "--summit", "bucharest-2008",
                       "--as-of", "2009-04-03", "--format", "json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 20
    assert {"id", "title", "deadline", "status", "progress"} <= set(rows[0])


def test_list_filters_by_status_and_csv(capsys) -> None:
    code, out, _ = run(capsys, "commitments", "list", "--as-of", "2009-04-03",
                       "--status", "done_on_time", "--format", "json")  # fmt: skip
    assert code == 0 and all(r["status"] == "done_on_time" for r in json.loads(out))
    code, out, _ = run(capsys, "--lang", "fr", "commitments", "list", "--format", "csv")
    assert code == 0 and out.startswith("id,title,deadline")


def test_show_record_conflict_and_assess(capsys) -> None:
    cid = first_id(capsys)
    code, out, _ = run(capsys, "commitments", "show", cid, "--format", "json")
    assert code == 0
    version = json.loads(out)["version"]
    code, out, err = run(capsys, "commitments", "record", cid, "--status", "in_progress",
                         "--on", "2010-01-01", "--evidence", EVIDENCE,
                         "--version", str(version))  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == version + 1
    code, _, err = run(capsys, "commitments", "record", cid, "--status", "done",
                       "--on", "2010-01-02", "--evidence", EVIDENCE,
                       "--version", str(version))  # fmt: skip
    assert code == 2 and "changed since you read it" in err and err.count("\n") == 1
    code, out, err = run(capsys, "commitments", "assess", cid, "--actor", "fra", "--score", "-1",
                         "--evidence", EVIDENCE, "--on", "2010-01-03")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["actor"] == "FRA" and json.loads(out)["score"] == -1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["commitments", "show", "no-such-thing"], "unknown commitment"),
        (["commitments", "record", "{id}", "--status", "done", "--on", "2001-01-01",
          "--evidence", EVIDENCE], "before commitment"),
        (["commitments", "record", "{id}", "--status", "done", "--on", "2010-01-01",
          "--evidence", "yes"], "neither a URL nor a citation"),
        (["commitments", "assess", "{id}", "--actor", "FRA", "--score", "2",
          "--evidence", EVIDENCE], "expected -1, 0 or 1"),
        (["commitments", "assess", "{id}", "--actor", "ZZZ", "--score", "1",
          "--evidence", EVIDENCE], "unknown country"),
        (["forces", "--operation", "sfor"], "unknown operation 'sfor'"),
        (["review", "--out", "review.pdf"], "expected a file ending in .html or .md"),
        (["review", "--summit", "nowhere-1999", "--out", "r.md"], "no commitments of summit"),
    ],
)  # fmt: skip
def test_bad_input_one_line_exit_2(capsys, tmp_path, monkeypatch, args, fragment) -> None:
    monkeypatch.chdir(tmp_path)
    cid = first_id(capsys)
    code, _, err = run(capsys, *[a.replace("{id}", cid) for a in args])
    assert code == 2, err
    assert fragment in err and err.count("\n") == 1
    assert not list(tmp_path.glob("r.md*")) and not list(tmp_path.glob("review.pdf*"))


def test_forces_on_3_june_2008(capsys) -> None:
    code, out, _ = run(capsys, "forces", "--operation", "isaf", "--on", "2008-06-03",
                       "--format", "json")  # fmt: skip
    assert code == 0
    record = json.loads(out)
    assert record["total"] == 52908
    assert sum(n["strength"] for n in record["nations"]) + record["other"] == record["total"]


@pytest.mark.parametrize(("lang", "suffix"), [("en", "html"), ("fr", "md")])
def test_review_written_in_both_languages(capsys, tmp_path, lang, suffix) -> None:
    out_file = tmp_path / f"review.{suffix}"
    code, _, err = run(capsys, "--lang", lang, "review", "--summit", "bucharest-2008",
                       "--as-of", "2009-04-03", "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    assert len(text) > 1000
    assert ("Afghanistan" in text) and (("Élargissement" in text) if lang == "fr" else True)


@pytest.mark.parametrize(
    ("lang", "on", "line"),
    [
        ("en", "2008-04-03", "No figure published on or before this date"),
        ("fr", "2008-04-03", "Aucun chiffre publié à cette date ou avant"),
        ("en", "2015-06-01", "Operation ended on 2014-12-31; last figures from 2010-11-30"),
        ("fr", "2015-06-01", "Opération terminée le 2014-12-31 ; derniers chiffres du 2010-11-30"),
    ],
)
def test_forces_without_a_strength_on_the_date_says_why_in_one_line(
    capsys, lang: str, on: str, line: str
) -> None:
    code, out, err = run(capsys, "--lang", lang, "forces", "--operation", "isaf", "--on", on)
    assert code == 0, err
    assert out.strip().count("\n") == 0 and out.strip().endswith(line)
    assert "52908" not in out and "total" not in out.lower()
    code, out, _ = run(capsys, "forces", "--operation", "isaf", "--on", on, "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["total"] is None and record["nations"] == []

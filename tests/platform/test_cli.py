"""The installed ``bucarest`` command: a command line the parser refuses is one line, exit 2.

These run the console script as a user would (a subprocess), because how a usage error is
shown depends on the installed Typer and its bundled click, which an in-process call would
not reveal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BUCAREST = Path(sys.executable).with_name("bucarest")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BUCAREST_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    env.pop("BUCAREST_LANG", None)
    return subprocess.run(
        [str(BUCAREST), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["members", "--bogus"], "error: No such option: --bogus (see 'bucarest members --help')"),
        (["memberz"], "error: No such command 'memberz'"),
        (["review", "--summit", "bucharest-2008"], "error: Missing option '--out'"),
        (["members", "--framework"], "error: Option '--framework' requires an argument"),
        (["energy", "run"], "error: Missing argument"),
        (
            ["md", "coverage", "--resolution-km", "abc"],
            "error: Invalid value for '--resolution-km'",
        ),
        (["membership", "add", "--status", "ally"], "error: Invalid value for '--status'"),
        # In French the parser's sentences are French too; names and values stay as typed.
        (["--lang", "fr", "members", "--bogus"], "erreur : option inconnue --bogus (voir "),
        (["--lang", "fr", "memberz"], "erreur : commande inconnue « memberz » (vouliez-vous"),
        (
            ["--lang", "fr", "review", "--summit", "bucharest-2008"],
            "erreur : option manquante : '--out'",
        ),
        (["--lang", "fr", "members", "--framework"], "erreur : l'option '--framework' demande"),
        (["--lang", "fr", "energy", "run"], "erreur : argument manquant : "),
        (["--lang", "fr", "members", "extra"], "erreur : argument(s) en trop : extra (voir "),
        (
            ["--lang", "fr", "members", "--format", "xml"],
            "erreur : valeur 'xml' invalide pour '--format' ; valeurs possibles : 'table', 'json'",
        ),
        (
            ["--lang", "fr", "md", "coverage", "--resolution-km", "abc"],
            "erreur : valeur invalide pour '--resolution-km' : ",
        ),
    ],
)
def test_a_refused_command_line_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    done = run(tmp_path, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected), lines[0]


def test_a_refused_command_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    done = run(tmp_path, "review", "--summit", "bucharest-2008", "--as-of", "2009-13-01",
               "--out", str(out))  # fmt: skip
    assert done.returncode == 2 and "invalid date" in done.stderr
    assert not out.exists()


def test_help_is_not_an_error(tmp_path: Path) -> None:
    done = run(tmp_path, "members", "--help")
    assert done.returncode == 0
    assert "--framework" in done.stdout and done.stderr == ""

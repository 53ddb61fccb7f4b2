"""What every capability's command-line tests share: the command run in process, with its
exit status and its two outputs (the ``database`` fixture of ``tests/conftest.py`` gives it a
fresh database)."""

from __future__ import annotations

import pytest

from bucarest.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``bucarest ARGS``: the exit status, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err

"""Desk commands' manners: no account yet is one line naming the command that makes one."""

from __future__ import annotations

import json

import pytest

from tests.cli_support import run

pytestmark = pytest.mark.usefixtures("database")


def test_no_account_yet_is_one_line(capsys) -> None:
    code, out, err = run(capsys, "users", "list")
    assert (code, err) == (0, "")
    assert out == "No accounts yet; create the first with 'bucarest users create-admin'.\n"
    code, out, _ = run(capsys, "users", "list", "--format", "json")
    assert code == 0 and json.loads(out) == []

"""The house plan is enforced: a deliberate violation of each layer rule breaks its contract.

``make layers`` runs import-linter on the real tree (and passes); here the same contracts
run on a copy of the package with one forbidden import planted per rule.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT, SRC

pytestmark = pytest.mark.slow

#: (module file, planted import, the contract it breaks, what import-linter reports)
VIOLATIONS = [
    (
        "energy/domain/network.py",
        "import sqlalchemy",
        "Core and every capability's domain import no framework and no outer layer",
        "bucarest.energy.domain.network -> sqlalchemy",
    ),
    (
        "energy/service.py",
        "from bucarest.ledger import records",
        "Capabilities lean on registry, platform and core only",
        "bucarest.energy.service -> bucarest.ledger.records",
    ),
    (
        "missile_defence/web.py",
        "from bucarest.missile_defence import cli",
        "Inside every capability, layers point down",
        "bucarest.missile_defence.web -> bucarest.missile_defence.cli",
    ),
    (
        "ledger/store.py",
        "from bucarest.ledger import web",
        "Inside every capability, layers point down",
        "bucarest.ledger.store -> bucarest.ledger.web",
    ),
    (
        "platform/pages.py",
        "from bucarest.registry import labels",
        "Capabilities lean on registry, platform and core only",
        "bucarest.platform.pages -> bucarest.registry.labels",
    ),
]


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(ROOT / "pyproject.toml"),
         "--no-cache"],
        capture_output=True, text=True, env=env, cwd=src, timeout=300, check=False,
    )  # fmt: skip


def test_every_planted_violation_breaks_its_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src" / "bucarest"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("static", "data", "locale"))
    for module, line, _contract, _report in VIOLATIONS:
        path = copy / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path / "src")
    out = " ".join(result.stdout.split())
    assert result.returncode != 0, out[-2000:]
    for _module, _line, contract, report in VIOLATIONS:
        assert f"{contract}" in out, contract
        assert report in out, (report, out[-3000:])


def test_the_real_tree_keeps_every_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src" / "bucarest"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("static", "data", "locale"))
    result = _lint_imports(tmp_path / "src")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout

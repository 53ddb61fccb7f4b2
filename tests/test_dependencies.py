"""The locked dependencies have no known vulnerability, as far as pip-audit's database (PyPI's
advisories) can tell; where that database cannot be reached, the check is skipped and says so.

``make test`` runs this with the rest: it is how a published advisory against what we ship
turns a landing red instead of going unnoticed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

LOCK = ROOT / "requirements.lock"


def _pip_audit() -> str:
    found = shutil.which("pip-audit", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("pip-audit is not installed (it comes with the test extra)")
    return found


@pytest.mark.slow
def test_the_locked_dependencies_have_no_known_vulnerability() -> None:
    command = [_pip_audit(), "-r", str(LOCK), "--no-deps", "--disable-pip",
               "--vulnerability-service", "pypi", "--format", "json",
               "--progress-spinner", "off"]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.skip("dependency audit skipped: pip-audit's database did not answer in 10 min")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"dependency audit skipped: pip-audit's database is not reachable ({last})")
    deps = report["dependencies"]
    audited = [d for d in deps if "skip_reason" not in d]
    if not audited:
        reason = deps[0]["skip_reason"] if deps else "no dependency listed"
        pytest.skip(
            f"dependency audit skipped: pip-audit's database answered for none of the "
            f"{len(deps)} locked packages here (first reason: {reason})"
        )
    vulnerable = [
        f"{d['name']} {d['version']}: " + ", ".join(v["id"] for v in d["vulns"])
        for d in audited
        if d["vulns"]
    ]
    assert not vulnerable, "known vulnerabilities in the lock file: " + "; ".join(vulnerable)

"""scripts/lint.sh, which CI runs before the tests: every check runs, and any failure fails it.

A stand-in `uv` on PATH answers for the tools, so this needs none of them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None, reason="a bash script")


def run_lint(tmp_path: Path, failing: str = "") -> tuple[subprocess.CompletedProcess, list[str]]:
    calls = tmp_path / "calls.txt"
    fake = tmp_path / "bin" / "uv"
    fake.parent.mkdir()
    # `uv run TOOL ...`: note the tool, fail for the one named
    fake.write_text(f'#!/bin/sh\necho "$2" >> "{calls}"\n[ "$2" != "{failing}" ]\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "lint.sh")], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    return done, calls.read_text().split()


def test_passes_when_every_check_passes(tmp_path):
    done, calls = run_lint(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert calls == ["ruff", "mypy", "lint-imports"]


@pytest.mark.parametrize("tool", ["ruff", "mypy", "lint-imports"])
def test_one_failing_check_fails_it_after_all_ran(tmp_path, tool):
    done, calls = run_lint(tmp_path, failing=tool)
    assert done.returncode != 0
    assert calls == ["ruff", "mypy", "lint-imports"]
    assert "failed" in done.stderr

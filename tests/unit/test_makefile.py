"""make run installs the runtime only; make test and make bench add the test and bench extras.

Read from ``make -n -B`` (print every command, run none), so the Makefile's real rules are
what is checked, from a fresh venv's point of view.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _pip_installs(target: str) -> list[str]:
    out = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), target],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line for line in out.splitlines() if "pip install" in line and "--upgrade pip" not in line
    ]


@pytest.mark.parametrize("target", ["run", "serve"])
def test_run_installs_only_the_runtime(target: str) -> None:
    installs = _pip_installs(target)
    assert installs, f"make {target} installs nothing"
    for line in installs:
        assert line.rstrip().endswith("-e ."), line
        assert "test" not in line and "bench" not in line, line


@pytest.mark.parametrize("target", ["test", "bench"])
def test_test_and_bench_install_the_extras(target: str) -> None:
    installs = _pip_installs(target)
    assert any("'.[test,bench]'" in line for line in installs), installs

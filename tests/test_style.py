"""House rules that a reviewer would otherwise check by hand: lint, types, nothing downloaded."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = BIN / tool if (BIN / tool).exists() else shutil.which(tool)
    if executable is None:
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([str(executable), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean():
    result = _run("ruff", "check", "lib", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout


def test_nothing_is_downloaded_at_run_time():
    offenders = [
        path.relative_to(ROOT)
        for folder in ("lib", "notebooks", "benchmarks")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".ipynb"} and "nltk.download" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []

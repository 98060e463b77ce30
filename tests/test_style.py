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


def test_the_layers_are_kept():
    result = _run("lint-imports")
    assert result.returncode == 0, result.stdout


def test_modules_stay_small():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "lib" / "newsdesk").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert too_long == {}


def test_the_public_api_is_sorted_and_importable():
    import newsdesk

    assert newsdesk.__all__ == sorted(newsdesk.__all__)
    for name in newsdesk.__all__:
        assert getattr(newsdesk, name) is not None

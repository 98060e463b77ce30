"""Helpers for the report runner's tests: a tiny built corpus, throwaway projects, probe notebooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import copy_seeds

NEWSDESK = Path(sys.executable).parent / "newsdesk"

PROBE_PARAMETERS = """data_dir: str = ""  # folder with the built tables
export_dir: str = ""  # where figures/ and tables/ go (set by newsdesk report)
speaker: str = ""  # one speaker, or empty for all
fail: bool = False  # break on purpose
top_n: int = 3  # how many rows"""

PROBE_BODY = """from pathlib import Path
from newsdesk.pipeline.store import read_table
quotes = read_table(data_dir, "quotes")
if speaker:
    quotes = quotes[quotes["speaker"] == speaker]
assert not fail, "broken on purpose"
if export_dir:
    (Path(export_dir) / "tables").mkdir(parents=True, exist_ok=True)
    quotes.head(top_n).to_csv(Path(export_dir) / "tables" / "quotes.csv", index=False)
print(f"report body: {len(quotes)} quotes for {speaker or 'everyone'}")"""


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seeds (one with appended stories), built with `newsdesk build`."""
    from newsdesk.cli import main

    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    corpus.mkdir()
    copy_seeds(corpus, ["000", "003", "004"])
    assert main(["build", str(corpus), "--out", str(root / "data")]) == 0
    return root / "data"


def write_notebook(path: Path, parameters: str = PROBE_PARAMETERS, body: str = PROBE_BODY) -> Path:
    """A small notebook with a tagged parameters cell."""
    document = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    document.cells = [nbformat.v4.new_markdown_cell(f"# Probe {path.stem}"), cell, nbformat.v4.new_code_cell(body)]
    document.metadata["kernelspec"] = {"name": "newsdesk", "display_name": "Python (newsdesk)", "language": "python"}
    nbformat.write(document, path)
    return path


def make_project(root: Path, data: Path, notebooks: tuple[str, ...] = ("probe",)) -> Path:
    """A project folder: pyproject.toml, notebooks/ with probe notebooks, data/processed/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "probe"\n', encoding="utf-8")
    (root / "notebooks").mkdir()
    for name in notebooks:
        write_notebook(root / "notebooks" / f"{name}.ipynb")
    shutil.copytree(data, root / "data" / "processed")
    return root


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`newsdesk ARGS` in a fresh process, from ``cwd``, with umask 022."""
    return subprocess.run(
        [str(NEWSDESK), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        preexec_fn=lambda: os.umask(0o022),
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its modification time and size."""
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in [folder, *folder.rglob("*")]
    }

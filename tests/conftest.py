"""Shared fixtures: the seeds, built once per session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASES = Path(__file__).resolve().parent / "cases"
BENCH = ROOT.parent / "shared" / "bench"


def load_cases(name: str) -> Any:
    """A hard-case file from tests/cases."""
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def case_params(cases: list[dict[str, Any]]) -> list[Any]:
    """Hard cases as pytest params, labelled; a case with "xfail" is a known failure on record."""
    return [
        pytest.param(case, id=case["label"], marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [])
        for case in cases
    ]


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):
    """The seeds built into tables (in memory), once."""
    from newsdesk.pipeline.build import build_corpus

    return build_corpus(SEEDS)


@pytest.fixture(scope="session")
def seeds_tables(seeds_build):
    return seeds_build.tables


@pytest.fixture(scope="session")
def seeds_data_dir(tmp_path_factory: pytest.TempPathFactory, seeds_build) -> Path:
    """The seeds' tables written to disk, as `newsdesk build` writes them."""
    from newsdesk.pipeline.build import write_build

    out = tmp_path_factory.mktemp("seeds-data")
    write_build(seeds_build, out, {"fingerprint": "test", "corpus": "seeds", "built": "2026-01-01"})
    return out


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """An empty corpus folder to fill in a test."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def copy_seeds(target: Path, names: list[str]) -> None:
    """Copy some seed files (by prefix) into a folder."""
    for path in SEEDS.glob("*.txt"):
        if any(path.name.startswith(name) for name in names):
            shutil.copy(path, target / path.name)

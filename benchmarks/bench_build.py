"""Throughput and memory of the corpus build (read, clean, sentences and every stage wired in).

Runs `build_corpus` on the seeds and on the BBC news set from ../shared/bench/bbc-news (2,225
articles), pandas engine and Dask, and prints articles/s, MB/s and peak memory. Nothing is
asserted: these are figures to watch. Usage: .venv/bin/python benchmarks/bench_build.py [N]
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.pipeline.build import BuildConfig, build_corpus

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "bench" / "bbc-news"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(label: str, folder: Path, config: BuildConfig) -> None:
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    start = time.perf_counter()
    result = build_corpus(folder, config)
    seconds = time.perf_counter() - start
    articles = len(result.tables["articles"])
    print(
        f"{label:<28} {articles:>6} articles  {seconds:7.2f} s  {articles / seconds:8.1f} articles/s  "
        f"{size / 1e6 / seconds:6.2f} MB/s  peak RSS {_peak_mb():7.0f} MB"
    )


def main(limit: int | None = None) -> None:
    quiet = BuildConfig(progress=False)
    _measure("seeds, pandas", ROOT / "seeds", quiet)
    if not BBC.is_dir():
        print(f"{BBC} not found: BBC benchmark skipped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = sorted(BBC.glob("*/*.txt"))[:limit]
        for path in files:
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
        _measure("bbc-news, pandas", folder, quiet)
        _measure("bbc-news, dask (local)", folder, BuildConfig(engine="dask", progress=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)

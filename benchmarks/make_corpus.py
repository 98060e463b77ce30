"""Write a corpus of N articles resampled (with replacement, seeded) from ../shared/bench/bbc-news.

Usage: .venv/bin/python benchmarks/make_corpus.py N [FOLDER]   (default folder /tmp/newsdesk-bench/bbc-N)
The corpus is generated, never committed. Files are named bbc-<n>-<topic>-<original>.txt.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "bench" / "bbc-news"


def make_corpus(count: int, folder: Path, seed: int = 13) -> Path:
    """Write ``count`` resampled BBC articles into ``folder`` (skipped if already complete)."""
    sources = sorted(BBC.glob("*/*.txt"))
    if not sources:
        raise SystemExit(f"{BBC}: not found")
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.txt"))) == count:
        return folder
    chooser = random.Random(seed)
    for number in range(count):
        source = chooser.choice(sources)
        (folder / f"bbc-{number:06d}-{source.parent.name}-{source.name}").write_bytes(source.read_bytes())
    return folder


if __name__ == "__main__":
    size = int(sys.argv[1])
    print(make_corpus(size, Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/newsdesk-bench/bbc-{size}")))

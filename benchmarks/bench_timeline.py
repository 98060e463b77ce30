"""Throughput of the date stage (``find_dates``), on the seeds and on the BBC News corpus.

    .venv/bin/python benchmarks/bench_timeline.py [--repeat 20] [--bbc ../shared/bench/bbc-news]
                                                  [--dateparser]

Sentences are split once beforehand: the figure is the date stage alone, on one core. With
``--dateparser`` (only if dateparser happens to be installed; it is not a dependency) the same
texts go through ``dateparser.search.search_dates`` for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsdesk.text import Sentence, split_sentences
from newsdesk.timeline.scan import find_dates

ROOT = Path(__file__).resolve().parents[1]


def seed_texts() -> list[str]:
    """The cleaned seed articles (appended stories included), as the build makes them."""
    from newsdesk.pipeline.build import BuildConfig, build_corpus

    articles = build_corpus(ROOT / "seeds", BuildConfig(progress=False)).tables["articles"]
    return [str(text) for text in articles["text"]]


def bbc_texts(folder: Path) -> list[str]:
    """The BBC News articles: one file each, paragraphs separated by blank lines."""
    return [path.read_text(encoding="latin-1") for path in sorted(folder.glob("*/*.txt"))]


def measure(name: str, texts: Sequence[str], repeat: int) -> None:
    prepared: list[tuple[str, list[Sentence]]] = [(text, split_sentences(text)) for text in texts]
    n_sentences = sum(len(sentences) for _, sentences in prepared)
    published = dt.date(2025, 3, 16)
    mentions = 0
    start = time.perf_counter()
    for _ in range(repeat):
        mentions = sum(len(find_dates(text, sentences, published)) for text, sentences in prepared)
    seconds = (time.perf_counter() - start) / repeat
    print(
        f"{name:<9} {len(texts):5d} articles {n_sentences:6d} sentences {mentions:5d} mentions | "
        f"{len(texts) / seconds:9.0f} articles/s {n_sentences / seconds:10.0f} sentences/s "
        f"({seconds * 1000:.1f} ms per pass, mean of {repeat})"
    )


def measure_dateparser(name: str, texts: Sequence[str]) -> None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        print(f"{name:<9} dateparser not installed, comparison skipped")
        return
    settings = {"RELATIVE_BASE": dt.datetime(2025, 3, 16)}
    start = time.perf_counter()
    found = sum(
        len(search_dates(text, languages=["en"], settings=settings) or []) for text in texts
    )
    seconds = time.perf_counter() - start
    print(
        f"{name:<9} dateparser.search_dates: {len(texts) / seconds:9.1f} articles/s ({found} dates)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared" / "bench" / "bbc-news")
    parser.add_argument(
        "--dateparser", action="store_true", help="also time dateparser if installed"
    )
    arguments = parser.parse_args(argv)
    seeds = seed_texts()
    measure("seeds", seeds, arguments.repeat)
    if arguments.dateparser:
        measure_dateparser("seeds", seeds)
    if arguments.bbc.is_dir():
        bbc = bbc_texts(arguments.bbc)
        measure("bbc-news", bbc, max(1, arguments.repeat // 10))
        if arguments.dateparser:
            measure_dateparser("bbc-news", bbc[:200])
    else:
        print(f"bbc-news: {arguments.bbc} not found, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

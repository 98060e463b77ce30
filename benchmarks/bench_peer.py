"""newsdesk's whole build against the peer stack, on the same articles.

The peer stack is what a researcher would wire up by hand: pysbd sentences, NLTK Treebank tokens,
vaderSentiment per sentence and dateparser's search_dates per article. It runs here, in this
process, cold (first call included); newsdesk runs as `newsdesk build` in a fresh child process on
the same folder, writing included, and is timed by its CPU seconds (user+sys of the child), the
fairest figure on a shared machine; wall seconds are printed too. pysbd is not a newsdesk
dependency: install it in your venv to run this (`.venv/bin/pip install pysbd`), else the peer
line is skipped and says so. Nothing is asserted.

Usage: .venv/bin/python benchmarks/bench_peer.py [seeds|bbc|N ...]   (N: resampled BBC articles)
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import time
from pathlib import Path

from bench_build import ROOT, SCRATCH, bbc_corpus, run_build
from make_corpus import make_corpus


def peer_stack(corpus: Path) -> tuple[float, float, int] | None:
    """CPU and wall seconds of the peer stack over every .txt article, and the article count."""
    try:
        import pysbd
    except ImportError:
        print("pysbd is not installed: peer stack skipped (`.venv/bin/pip install pysbd` to run it)")
        return None
    from dateparser.search import search_dates
    from nltk.tokenize import TreebankWordTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.glob("*.txt"))]
    cpu, wall = time.process_time(), time.perf_counter()
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    tokenizer = TreebankWordTokenizer()
    analyzer = SentimentIntensityAnalyzer()
    failures = 0
    for text in texts:
        for span in segmenter.segment(text):
            tokenizer.tokenize(span.sent)
            analyzer.polarity_scores(span.sent)
        try:
            search_dates(text, languages=["en"])
        except (OverflowError, ValueError):  # dateparser raises on a few BBC texts; counted, not fixed
            failures += 1
    if failures:
        print(f"  dateparser raised on {failures} of {len(texts)} articles (counted in the time)")
    return time.process_time() - cpu, time.perf_counter() - wall, len(texts)


def compare(label: str, corpus: Path) -> None:
    load = os.getloadavg()[0]
    out = SCRATCH / "out-peer"
    shutil.rmtree(out, ignore_errors=True)
    ours = run_build(corpus, out)
    articles = len(list(corpus.glob("*.txt")))
    print(f"{label:<22} newsdesk build: {articles} articles, {ours['cpu']:.1f} cpu-s ({ours['wall']:.1f} s wall), "
          f"{articles / ours['cpu']:.1f} articles/cpu-s; load {load:.1f}", flush=True)  # fmt: skip
    peer = peer_stack(corpus)
    if peer is None:
        return
    cpu, wall, count = peer
    print(f"{label:<22} peer stack:     {count} articles, {cpu:.1f} cpu-s ({wall:.1f} s wall), "
          f"{count / cpu:.1f} articles/cpu-s; ratio newsdesk/peer {(articles / ours['cpu']) / (count / cpu):.2f}x; "
          f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
          flush=True)  # fmt: skip


def main(what: list[str]) -> None:
    for item in what:
        if item == "seeds":
            compare("seeds", ROOT / "seeds")
        elif item == "bbc":
            compare("bbc-news", bbc_corpus())
        else:
            compare(f"bbc resampled {item}", make_corpus(int(item), SCRATCH / f"bbc-{item}"))


if __name__ == "__main__":
    main(sys.argv[1:] or ["seeds", "bbc"])

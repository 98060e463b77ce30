"""Throughput of the sentiment stage against vaderSentiment 3.3.2 on the same sentences.

Sentences: the seeds plus the BBC news corpus (``../shared/bench/bbc-news``), split by
``newsdesk.text`` outside the timed part. Both scorers see the same sentences in the same order;
the stage starts with an empty cache (the first run of a build), and every score is checked to be
equal to the reference's, so the speed is not bought with different numbers.

    .venv/bin/python benchmarks/bench_sentiment.py [--bench ../shared/bench] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from types import SimpleNamespace

from newsdesk.clean.article import clean_article
from newsdesk.sentiment.scoring import _polarity, score_article
from newsdesk.sentiment.vader import reference_analyzer
from newsdesk.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def corpus_sentences(bench: Path) -> list[list[str]]:
    """Sentences per article: the seeds, then every BBC article found."""
    articles = [
        clean_article(path.read_text(encoding="utf-8")).text
        for path in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    articles += [
        "\n\n".join(p.strip() for p in path.read_text(encoding="latin-1").split("\n") if p.strip())
        for path in sorted((bench / "bbc-news").glob("*/*.txt"))
    ]
    return [[sentence.text for sentence in split_sentences(text)] for text in articles]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    articles = corpus_sentences(args.bench)
    sentences = [s for article in articles for s in article]
    wrapped = [[SimpleNamespace(index=i, text=s) for i, s in enumerate(a)] for a in articles]
    reference = reference_analyzer()
    print(f"{len(articles)} articles, {len(sentences)} sentences "
          f"({len(set(sentences))} distinct)")  # fmt: skip

    best_reference = best_ours = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        expected = [reference.polarity_scores(s) for s in sentences]
        best_reference = min(best_reference, time.perf_counter() - start)
        _polarity.cache_clear()
        start = time.perf_counter()
        tones = [score_article(article) for article in wrapped]
        best_ours = min(best_ours, time.perf_counter() - start)
    ours = [(t.compound, t.pos, t.neu, t.neg) for tone in tones for t in tone.sentences]
    theirs = [(e["compound"], e["pos"], e["neu"], e["neg"]) for e in expected]
    differences = sum(a != b for a, b in zip(ours, theirs, strict=True))
    worst = max(abs(a[0] - b[0]) for a, b in zip(ours, theirs, strict=True))
    print(
        f"vaderSentiment 3.3.2 polarity_scores: {len(sentences) / best_reference:10,.0f} sentences/s"
    )
    print(f"newsdesk.sentiment.scoring (cold cache):      {len(sentences) / best_ours:10,.0f} sentences/s")
    print(f"speed-up: {best_reference / best_ours:.2f}x; sentences scored differently: "
          f"{differences}; max |compound difference|: {worst}")  # fmt: skip
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of quote extraction and people finding, per article.

Articles: the seeds (cleaned), the BBC news corpus (``../shared/bench/bbc-news``) and PolNeAR dev
texts (``../shared/bench/polnear/dev``), each split into sentences outside the timed part. Timed
separately: ``find_people`` (shared with the mentions stage in a build), and ``extract_quotes``
given those people -- what the quote stage adds to a build -- and both together.

    .venv/bin/python benchmarks/bench_quotes.py [--bench ../shared/bench] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from newsdesk.clean.article import clean_article
from newsdesk.people.mentions import find_people
from newsdesk.quotes.extract import extract_quotes
from newsdesk.text import Sentence, split_sentences

ROOT = Path(__file__).resolve().parents[1]


def corpora(bench: Path) -> dict[str, list[str]]:
    """Cleaned article texts per corpus; missing corpora are left out."""
    found = {
        "seeds": [
            clean_article(path.read_text(encoding="utf-8")).text
            for path in sorted((ROOT / "seeds").glob("*.txt"))
        ]
    }
    bbc = sorted((bench / "bbc-news").glob("*/*.txt"))
    if bbc:
        found["bbc-news"] = [
            "\n\n".join(
                p.strip() for p in path.read_text(encoding="latin-1").split("\n") if p.strip()
            )
            for path in bbc
        ]
    polnear = sorted((bench / "polnear" / "dev" / "text").glob("*.txt"))
    if polnear:
        found["polnear-dev"] = [path.read_text(encoding="utf-8") for path in polnear]
    return found


def _time(documents: Sequence[tuple[str, list[Sentence]]], repeats: int) -> tuple[float, float]:
    """Best-of-``repeats`` milliseconds per article: (people, quotes given people)."""
    best_people = best_quotes = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        people = [find_people(text, sentences) for text, sentences in documents]
        middle = time.perf_counter()
        for (text, sentences), found in zip(documents, people, strict=True):
            extract_quotes(text, sentences, found)
        ended = time.perf_counter()
        best_people = min(best_people, middle - began)
        best_quotes = min(best_quotes, ended - middle)
    n = max(len(documents), 1)
    return 1000 * best_people / n, 1000 * best_quotes / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    # Warm the word lists and compiled patterns, as a build's first article does.
    extract_quotes('Luxon said: "Yes."', split_sentences('Luxon said: "Yes."'))
    print(
        f"{'corpus':<12} {'articles':>8} {'people ms':>10} {'quotes ms':>10} {'both ms':>8}"
        "   (per article, best of repeats)"
    )
    for name, texts in corpora(args.bench).items():
        documents = [(text, split_sentences(text)) for text in texts]
        people, quotes = _time(documents, args.repeats)
        print(
            f"{name:<12} {len(documents):>8} {people:>10.2f} {quotes:>10.2f} {people + quotes:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

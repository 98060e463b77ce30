"""Throughput of each stage of a build, article by article, on one core, in this process.

Every article goes through the stages in the order a build runs them (``pipeline.analyse``):
read (bytes to text, with the reader's repairs), clean, sentences (Punkt boundaries and the
Treebank tokens' strings, as a build keeps them), sentence tone (VADER), people, quotes (with
their tone), place and organisation mentions, dates, and the tone towards each mention. Each
stage is timed in CPU seconds (``time.process_time``) around its own call only, so the figures
add up to the analysis, not to a build: a build also trains Punkt, reads each file twice (a first
pass hashes it), links people across articles, and writes Parquet and CSV (``bench_build.py``
times the whole command). Caches are as a build leaves them: cold at the start of the process,
then filled as the articles pass (the target tone reuses a sentence's score from the sentence
stage, as a build does). The sentence model is Punkt trained on the first 500 cleaned articles
(outside the timed part).

    .venv/bin/python benchmarks/bench_stages.py seeds bbc [100000]   # 100000: the resampled corpus
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bench_build import bbc_corpus
from make_corpus import make_corpus
from newsdesk.clean.article import CleanConfig
from newsdesk.corpus import Article, corpus_files, read_file
from newsdesk.entities import article_country, find_mentions
from newsdesk.people.mentions import find_people
from newsdesk.pipeline.analyse import _record_rows, clean_documents
from newsdesk.pipeline.partitions import HashedKeys
from newsdesk.pipeline.sources import add_target_tone
from newsdesk.quotes.extract import extract_quotes
from newsdesk.sentiment.scoring import score_article, score_text
from newsdesk.text import split_sentences, token_texts, train_sentence_model
from newsdesk.timeline.scan import TimelineConfig, find_dates

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "clean", "sentences", "sentence tone", "people", "quotes", "mentions", "dates", "target tone")
T = TypeVar("T")


def _sentences(text: str, model: Any) -> list[Any]:
    """As a build splits: sentences without token offsets, then the tokens' strings."""
    sentences = split_sentences(text, model, tokens=False)
    for sentence in sentences:
        token_texts(sentence.text)
    return sentences


def _quote_tones(quotes: Sequence[Any]) -> list[float]:
    return [score_text(quote.text).compound for quote in quotes]


def run(corpus: Path) -> None:
    files, manifest, _ = corpus_files(corpus)
    seconds: dict[str, float] = defaultdict(float)

    def clock(stage: str, function: Callable[..., T], *args: Any) -> T:
        began = time.process_time()
        result = function(*args)
        seconds[stage] += time.process_time() - began
        return result

    keys, config = HashedKeys(frozenset()), CleanConfig()
    n_bytes = sum(p.stat().st_size for p in files)
    articles = 0
    model = None
    pending: list[Any] = []
    for path in files:
        for article in clock("read", read_file, path, manifest.get(path.name, {})):
            if not isinstance(article, Article):
                continue
            documents, _, _ = clock("clean", clean_documents, article, keys, config)
            pending.extend(documents)
        if model is None and (len(pending) >= 500 or path == files[-1]):
            model = train_sentence_model([d.text for d in pending])
        if model is None:
            continue
        for document in pending:
            articles += 1
            text = document.text
            sentences = clock("sentences", _sentences, text, model)
            clock("sentence tone", score_article, sentences)
            people = clock("people", find_people, text, sentences)
            quotes = clock("quotes", extract_quotes, text, sentences, people)
            clock("quotes", _quote_tones, quotes)
            mentions = clock("mentions", find_mentions, text, sentences, people)
            places = [m.entity for m in mentions if m.kind == "place"]
            country = article_country(document.article.outlet, document.article.url, places)
            clock("dates", find_dates, text, sentences, document.article.published, TimelineConfig(), country)
            clock("target tone", add_target_tone, _record_rows("x", mentions), sentences)
        pending = []
    megabytes = n_bytes / 1e6
    print(f"\n{corpus.name}: {len(files):,} files, {articles:,} articles, {megabytes:.1f} MB")
    print(f"{'stage':<14} {'CPU s':>8} {'articles/CPU s':>15} {'MB/CPU s':>9}")
    for stage in STAGES:
        cpu = seconds[stage]
        print(f"{stage:<14} {cpu:8.2f} {articles / cpu if cpu else 0:15.0f} {megabytes / cpu if cpu else 0:9.2f}")
    total = sum(seconds.values())
    print(f"{'all stages':<14} {total:8.2f} {articles / total:15.0f} {megabytes / total:9.2f}", flush=True)


def main(argv: Sequence[str]) -> None:
    for item in argv or ["seeds", "bbc"]:
        if item == "seeds":
            run(ROOT / "seeds")
        elif item == "bbc":
            run(bbc_corpus())
        else:
            run(make_corpus(int(item), Path("/tmp/newsdesk-bench") / f"bbc-{item}"))


if __name__ == "__main__":
    main(sys.argv[1:])

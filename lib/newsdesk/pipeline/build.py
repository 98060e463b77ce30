"""Run the stages over a corpus and write the tables of DESIGN.md.

This is the one place that knows about DataFrames, partitions and files: it reads the corpus,
cleans every article (learning each outlet's repeated lines first), trains the sentence model on
the cleaned corpus, runs the per-article stages (with pandas, or over Dask partitions), and hands
the tables to ``store``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

import newsdesk
from newsdesk.clean.article import CleanConfig, CleanResult, clean_article
from newsdesk.clean.lines import find_repeated_lines
from newsdesk.corpus import Article, Rejection, read_corpus
from newsdesk.entities import EntityConfig, article_country, find_mentions
from newsdesk.people.mentions import PeopleConfig, Person, PersonMention, find_people, link_people
from newsdesk.pipeline.sources import (
    add_target_tone,
    describe_people,
    editorial_we,
    is_editorial,
    speaker_people,
)
from newsdesk.pipeline.store import read_json, write_json_atomic, write_tables
from newsdesk.quotes.extract import QuoteConfig, extract_quotes
from newsdesk.sentiment.scoring import SentimentConfig, score_article, score_text
from newsdesk.text import Sentence, TextConfig, split_sentences, train_sentence_model
from newsdesk.timeline.scan import TimelineConfig, find_dates

__all__ = ["BuildConfig", "BuildResult", "Document", "build_corpus", "write_build"]

logger = logging.getLogger(__name__)

STAMP_NAME = "build.json"
REJECTED_NAME = "rejected.csv"
#: rejected.csv: what was set aside (severity "error") or kept with a flag ("warning"), and why
REJECTED_COLUMNS = ["file", "reason", "detail", "severity"]
# The contract of DESIGN.md: these columns come first, in this order, and every table exists
# (empty if need be) so that notebooks can rely on them; stages may add columns after them.
TABLE_COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "parent_id", "file", "outlet", "title", "url", "published",
                 "published_source", "text", "n_sentences", "n_tokens", "removed_chars", "sentiment"],
    "sentences": ["article_id", "sentence_id", "start", "end", "text", "tokens", "compound", "pos", "neu", "neg"],
    "quotes": ["article_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker",
               "speaker_kind", "speaker_mention", "role", "person_id", "cue", "compound"],
    "people": ["person_id", "name", "aliases", "titles", "gender", "gender_source", "role", "nation",
               "n_quotes", "n_mentions"],
    "mentions": ["article_id", "sentence_id", "start", "end", "surface", "entity", "kind",
                 "target_compound"],
    "events": ["article_id", "sentence_id", "start", "end", "expr", "value", "granularity", "relative",
               "date_start", "date_end", "sentence"],
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """How to build: the engine, and the options of the stages."""

    engine: str = "pandas"  # pandas or dask
    scheduler: str | None = None  # a Dask scheduler address; None runs Dask locally
    strict: bool = False  # refuse to write anything when a file is set aside
    progress: bool | None = None  # None: a bar only on a terminal
    # Every stage's options, so that a build never runs a stage on defaults it was not given.
    clean: CleanConfig = field(default_factory=CleanConfig)
    text: TextConfig | None = None  # None: a Punkt model trained on the corpus itself
    people: PeopleConfig = field(default_factory=PeopleConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    sentiment: SentimentConfig = field(default_factory=SentimentConfig)

    def stage_options(self) -> tuple[object, ...]:
        """The options that change the tables (for the fingerprint); a given Punkt model by
        its abbreviations, since its repr is an address."""
        text = sorted(self.text.parameters.abbrev_types) if self.text else None
        return (self.engine, self.clean, text, self.people, self.quotes, self.timeline,
                self.entities, self.sentiment)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for analysis: cleaned text plus where it came from."""

    article: Article
    text: str
    removed_chars: int


@dataclass
class BuildResult:
    """The tables, what was set aside, and the figures of the one-line summary."""

    tables: dict[str, pd.DataFrame]
    rejections: list[Rejection]

    def summary(self) -> str:
        """One line: articles, sentences, tokens, characters removed, files set aside."""
        articles = self.tables["articles"]
        appended = int(articles["parent_id"].notna().sum())
        return (
            f"{len(articles)} articles ({appended} appended), "
            f"{len(self.tables['sentences']):,} sentences, "
            f"{int(articles['n_tokens'].sum()):,} tokens, "
            f"{int(articles['removed_chars'].sum()):,} characters removed, "
            f"{sum(r.severity == 'error' for r in self.rejections)} set aside, "
            f"{sum(r.severity != 'error' for r in self.rejections)} flagged"
        )


def _prepare(
    articles: Sequence[Article], config: CleanConfig
) -> tuple[list[Document], list[dict[str, Any]], list[Rejection]]:
    """Clean every article; appended stories become documents of their own."""
    by_outlet: dict[str, list[list[str]]] = defaultdict(list)
    for article in articles:
        by_outlet[article.outlet or article.file].append(article.text.splitlines())
    repeated = find_repeated_lines(by_outlet, config.boilerplate)
    documents: list[Document] = []
    audit: list[dict[str, Any]] = []
    rejections: list[Rejection] = []
    for article in articles:
        result = clean_article(article.text, article.title, repeated, config)
        if not result.text.strip():
            rejections.append(
                Rejection(article.file, "nothing left after cleaning", article.article_id)
            )
            continue
        title = article.title or result.headline
        documents.append(
            Document(dataclasses.replace(article, title=title), result.text, result.removed_chars)
        )
        audit.extend(_audit_rows(article.article_id, result))
        for number, story in enumerate(result.related, start=1):
            dated = article.appended_published[number - 1] if number <= len(article.appended_published) else None
            child = Article(
                article_id=f"{article.article_id}~{number}",
                file=article.file,
                text=story.text,
                outlet=story.outlet,
                title=story.title,
                parent_id=article.article_id,
                published=dated,
                published_source="manifest" if dated else "none",
            )
            documents.append(Document(child, story.text, sum(len(r.text) for r in story.removals)))
            audit.extend(
                {"article_id": child.article_id, "action": "removed", "reason": r.reason,
                 "start": r.start, "end": r.end, "text": r.text, "replacement": None}
                for r in story.removals
            )  # fmt: skip
    return documents, audit, rejections


def _audit_rows(article_id: str, result: CleanResult) -> Iterable[dict[str, Any]]:
    for removal in result.removals:
        yield {"article_id": article_id, "action": "removed", "reason": removal.reason,
               "start": removal.start, "end": removal.end, "text": removal.text, "replacement": None}  # fmt: skip
    for fix in result.fixes:
        yield {"article_id": article_id, "action": "repaired", "reason": fix.reason,
               "start": None, "end": None, "text": fix.before, "replacement": fix.after}  # fmt: skip
    for number, story in enumerate(result.related, start=1):
        yield {"article_id": article_id, "action": "split off", "reason": "appended story",
               "start": None, "end": None, "text": story.title or story.text[:80],
               "replacement": f"{article_id}~{number}"}  # fmt: skip


def _record_rows(article_id: str, records: Iterable[Any]) -> list[dict[str, Any]]:
    """Stage records (dataclasses) as table rows; ``sentence_index`` becomes ``sentence_id``."""
    rows = []
    for record in records:
        row = {"article_id": article_id, **dataclasses.asdict(record)}
        if "sentence_index" in row:
            row["sentence_id"] = row.pop("sentence_index")
        rows.append(row)
    return rows


@dataclass
class ArticleResult:
    """What the per-article stages give: rows per table, and the people for corpus-wide linking."""

    rows: dict[str, list[dict[str, Any]]]
    people: list[PersonMention]


def analyse_document(
    document: Document, text_config: TextConfig, config: BuildConfig | None = None
) -> ArticleResult:
    """Run the per-article stages on one document: rows per table, plus its people."""
    config = config or BuildConfig()
    article = document.article
    text = document.text
    sentences: list[Sentence] = split_sentences(text, text_config)
    tone = score_article(sentences, config.sentiment)
    sentence_rows = [
        {"article_id": article.article_id, "sentence_id": s.index, "start": s.start, "end": s.end,
         "text": s.text, "tokens": [t.text for t in s.tokens], "paragraph": s.paragraph,
         "compound": t.compound, "pos": t.pos, "neu": t.neu, "neg": t.neg}
        for s, t in zip(sentences, tone.sentences, strict=True)
    ]  # fmt: skip
    article_row: dict[str, Any] = {
        "article_id": article.article_id, "parent_id": article.parent_id, "file": article.file,
        "outlet": article.outlet, "title": article.title, "url": article.url,
        "published": article.published, "published_source": article.published_source,
        "text": text, "n_sentences": len(sentences), "n_tokens": sum(len(s.tokens) for s in sentences),
        "removed_chars": document.removed_chars, "sentiment": tone.sentiment,
        "share_positive": tone.share_positive, "share_negative": tone.share_negative,
    }  # fmt: skip
    people = find_people(text, sentences, config.people)
    quotes = extract_quotes(text, sentences, people, config.quotes)
    quote_rows = _record_rows(article.article_id, quotes)
    for row in quote_rows:
        row["compound"] = score_text(str(row["text"]), config.sentiment).compound
    mentions = find_mentions(text, sentences, people, config.entities)
    places = [mention.entity for mention in mentions if mention.kind == "place"]
    country = article_country(article.outlet, article.url, places)
    dates = find_dates(text, sentences, article.published, config.timeline, country)
    events = _record_rows(article.article_id, dates)
    for row in events:
        row["sentence"] = sentences[row["sentence_id"]].text
    editorial_we(quote_rows, article.outlet, is_editorial(article.title, text))  # issue 12
    mention_rows = _record_rows(article.article_id, mentions)
    add_target_tone(mention_rows, sentences)  # issue 12: pipeline/sources.py
    rows = {
        "articles": [article_row],
        "sentences": sentence_rows,
        "quotes": quote_rows,
        "mentions": mention_rows,
        "events": events,
    }
    return ArticleResult(rows, [*people, *speaker_people(text, quotes, people)])


def _run(
    documents: Sequence[Document], text_config: TextConfig, config: BuildConfig
) -> list[ArticleResult]:
    if config.engine == "dask":
        import dask.bag

        partitions = max(1, min(len(documents), 16))
        bag = dask.bag.from_sequence(documents, npartitions=partitions)  # type: ignore[no-untyped-call]
        mapped = bag.map(analyse_document, text_config=text_config, config=config)
        if config.scheduler:
            from distributed import Client

            with Client(config.scheduler) as client:  # type: ignore[no-untyped-call]
                return list(client.compute(mapped).result())
        return list(mapped.compute())
    if config.engine != "pandas":
        raise ValueError(f"unknown engine {config.engine!r}: use pandas or dask")
    progress = tqdm(documents, desc="articles", unit="article", disable=None if config.progress is None else not config.progress)
    return [analyse_document(document, text_config, config) for document in progress]


def _frames(results: Sequence[ArticleResult]) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        for name, table_rows in result.rows.items():
            rows[name].extend(table_rows)
    frames = {}
    for name in {**TABLE_COLUMNS, **rows}:
        frame = pd.DataFrame(rows.get(name, []))
        contract = TABLE_COLUMNS.get(name, [])
        frames[name] = frame.reindex(
            columns=contract + [c for c in frame.columns if c not in contract]
        )
    frames["articles"]["published"] = pd.to_datetime(frames["articles"]["published"]).dt.date
    return frames


def _link_people(results: Sequence[ArticleResult], tables: dict[str, pd.DataFrame]) -> list[Person]:
    """One corpus-wide linking of people: the people table, and the same canonical name (and
    person_id) for every quote's speaker and every person mention."""
    by_article = {str(r.rows["articles"][0]["article_id"]): r.people for r in results}
    people = link_people(by_article)
    canonical = {member: person for person in people for member in person.members}

    def resolve(frame: pd.DataFrame, name_column: str, where: pd.Series | None = None) -> list[Any]:
        keys = zip(frame["article_id"].astype(str), frame[name_column], strict=True)
        found = [canonical.get(key) if isinstance(key[1], str) else None for key in keys]
        if where is not None:
            found = [person if keep else None for person, keep in zip(found, where, strict=True)]
        frame[name_column] = [
            p.name if p else name for p, name in zip(found, frame[name_column], strict=True)
        ]
        return found

    quotes, mentions = tables["quotes"], tables["mentions"]
    speakers = resolve(quotes, "speaker")
    quotes["person_id"] = [p.person_id if p else None for p in speakers]
    resolve(mentions, "entity", where=mentions["kind"] == "person")
    n_quotes = pd.Series([p.person_id for p in speakers if p]).value_counts()
    tables["people"] = pd.DataFrame(
        [{"person_id": p.person_id, "name": p.name, "aliases": list(p.aliases), "titles": list(p.titles),
          "n_quotes": int(n_quotes.get(p.person_id, 0)), "n_mentions": p.n_mentions} for p in people],
        columns=["person_id", "name", "aliases", "titles", "n_quotes", "n_mentions"],
    )  # fmt: skip
    return people


def build_corpus(corpus_dir: str | Path, config: BuildConfig | None = None) -> BuildResult:
    """Read, clean and analyse a corpus into tables.

    Args:
        corpus_dir: folder of articles (with an optional ``articles.csv`` manifest).
        config: engine and stage options.

    Returns:
        The tables and the rejections.
    """
    config = config or BuildConfig()
    articles, rejections = read_corpus(corpus_dir)
    for rejection in rejections:
        logger.warning("%s: %s: %s%s", rejection.file, "set aside" if rejection.severity == "error" else "flagged", rejection.reason,
                       f" ({rejection.detail})" if rejection.detail else "")  # fmt: skip
    documents, audit, empty = _prepare(articles, config.clean)
    rejections.extend(empty)
    if not documents:
        raise ValueError(f"{corpus_dir}: no readable articles")
    text_config = config.text or train_sentence_model(document.text for document in documents)
    results = _run(documents, text_config, config)
    tables = _frames(results)
    people = _link_people(results, tables)
    # issue 12 (pipeline/sources.py): gender, role, nation; canonical organisation speakers
    describe_people(
        people, {str(r.rows["articles"][0]["article_id"]): r.people for r in results}, tables
    )
    tables["people"] = tables["people"].reindex(columns=TABLE_COLUMNS["people"])
    tables["cleaning"] = pd.DataFrame(
        audit, columns=["article_id", "action", "reason", "start", "end", "text", "replacement"]
    )
    return BuildResult(tables, rejections)


def _hash_files(digest: Any, paths: Iterable[Path]) -> None:
    for path in paths:
        if "__pycache__" in path.parts:
            continue
        if path.is_symlink():
            # A link is hashed by its target's name: never followed out of the corpus (a link to
            # /proc/kcore or an unreadable file must not stop the build; the reader refuses it).
            digest.update(os.fsencode(path.name) + b"->" + os.fsencode(os.readlink(path)))
        elif path.is_file():
            digest.update(os.fsencode(path.name))  # names need not be UTF-8
            digest.update(path.read_bytes())


def code_fingerprint() -> str:
    """A hash of the installed newsdesk code and resources."""
    digest = hashlib.sha256()
    _hash_files(digest, sorted(Path(newsdesk.__file__).parent.rglob("*")))
    return digest.hexdigest()


def fingerprint(corpus_dir: str | Path, config: BuildConfig) -> str:
    """A hash of everything a build depends on: the corpus files, the code, the options."""
    digest = hashlib.sha256(code_fingerprint().encode())
    _hash_files(digest, sorted(Path(corpus_dir).iterdir()))
    digest.update(repr(config.stage_options()).encode())
    return digest.hexdigest()


def write_build(result: BuildResult, out_dir: str | Path, stamp: dict[str, Any]) -> None:
    """Write the tables, ``rejected.csv`` and the build stamp (all or nothing)."""
    rejected = pd.DataFrame([dataclasses.asdict(r) for r in result.rejections], columns=REJECTED_COLUMNS)
    write_tables(result.tables, out_dir, extra_files={REJECTED_NAME: rejected.to_csv(index=False)})
    write_json_atomic(Path(out_dir) / STAMP_NAME, stamp)


def up_to_date(out_dir: str | Path, stamp_fingerprint: str) -> bool:
    """Whether ``out_dir`` already holds a build of exactly these inputs."""
    previous = read_json(Path(out_dir) / STAMP_NAME)
    return bool(previous) and previous.get("fingerprint") == stamp_fingerprint

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
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

import newsdesk
from newsdesk.boilerplate import find_repeated_lines
from newsdesk.clean import CleanConfig, CleanResult, clean_article
from newsdesk.corpus import Article, Rejection, read_corpus
from newsdesk.entities import Mention, find_mentions, link_person_mentions
from newsdesk.people import PersonMention, find_people, link_people
from newsdesk.quotes import extract_quotes
from newsdesk.sentiment import score_article, score_text
from newsdesk.store import read_json, write_json_atomic, write_tables
from newsdesk.text import Sentence, TextConfig, split_sentences, train_sentence_model
from newsdesk.timeline import find_dates

__all__ = ["BuildConfig", "BuildResult", "Document", "build_corpus", "write_build"]

logger = logging.getLogger(__name__)

STAMP_NAME = "build.json"
REJECTED_NAME = "rejected.csv"
# The contract of DESIGN.md: these columns come first, in this order, and every table exists
# (empty if need be) so that notebooks can rely on them; stages may add columns after them.
TABLE_COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "parent_id", "file", "outlet", "title", "url", "published",
                 "published_source", "text", "n_sentences", "n_tokens", "removed_chars", "sentiment"],
    "sentences": ["article_id", "sentence_id", "start", "end", "text", "tokens", "compound", "pos", "neu", "neg"],
    "quotes": ["article_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker",
               "speaker_mention", "cue", "compound"],
    "people": ["person_id", "name", "aliases", "titles", "n_quotes", "n_mentions"],
    "mentions": ["article_id", "sentence_id", "start", "end", "surface", "entity", "kind"],
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
    clean: CleanConfig = field(default_factory=CleanConfig)


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
            f"{len(self.rejections)} set aside"
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
            rejections.append(Rejection(article.file, "nothing left after cleaning", article.article_id))
            continue
        title = article.title or result.headline
        documents.append(Document(dataclasses.replace(article, title=title), result.text, result.removed_chars))
        audit.extend(_audit_rows(article.article_id, result))
        for number, story in enumerate(result.related, start=1):
            child = Article(
                article_id=f"{article.article_id}~{number}",
                file=article.file,
                text=story.text,
                outlet=story.outlet,
                title=story.title,
                parent_id=article.article_id,
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


def analyse_document(document: Document, text_config: TextConfig) -> dict[str, list[dict[str, Any]]]:
    """Run the per-article stages on one document; returns rows per table."""
    article = document.article
    sentences: list[Sentence] = split_sentences(document.text, text_config)
    sentence_rows = [
        {"article_id": article.article_id, "sentence_id": s.index, "start": s.start, "end": s.end,
         "text": s.text, "tokens": [t.text for t in s.tokens], "paragraph": s.paragraph}
        for s in sentences
    ]  # fmt: skip
    article_row: dict[str, Any] = {
        "article_id": article.article_id, "parent_id": article.parent_id, "file": article.file,
        "outlet": article.outlet, "title": article.title, "url": article.url,
        "published": article.published, "published_source": article.published_source,
        "text": document.text, "n_sentences": len(sentences),
        "n_tokens": sum(len(s.tokens) for s in sentences),
        "removed_chars": document.removed_chars, "sentiment": None,
    }  # fmt: skip
    tables: dict[str, list[dict[str, Any]]] = {"articles": [article_row], "sentences": sentence_rows}
    # --- further stages add their tables here (one call each, rows via _record_rows) ---
    # --- sentiment + mentions (issue 5): sentence scores, article tone, the mentions table ---
    article_tone = score_article(sentences)
    for row, tone in zip(sentence_rows, article_tone.sentences, strict=True):
        row.update(compound=tone.compound, pos=tone.pos, neu=tone.neu, neg=tone.neg)
    article_row["sentiment"] = article_tone.sentiment
    article_row["share_positive"] = article_tone.share_positive
    article_row["share_negative"] = article_tone.share_negative
    people = find_people(document.text, sentences)
    tables["mentions"] = _record_rows(
        article.article_id, find_mentions(document.text, sentences, people)
    )
    # --- end sentiment + mentions ---
    # --- quotes + people (issue 3): quotations with speakers; person mentions for the people table ---
    quote_rows = _record_rows(article.article_id, extract_quotes(document.text, sentences, people))
    for row in quote_rows:
        row["compound"] = score_text(str(row["text"])).compound
    tables["quotes"] = quote_rows
    tables[PERSON_MENTIONS] = _record_rows(article.article_id, people)
    # --- end quotes + people ---
    # --- timeline (issue 4): dated events, each with the sentence it dates ---
    events = _record_rows(article.article_id, find_dates(document.text, sentences, article.published))
    for row in events:
        row["sentence"] = sentences[row["sentence_id"]].text if sentences else document.text
    tables["events"] = events
    # --- end timeline ---
    return tables


def _run(
    documents: Sequence[Document], text_config: TextConfig, config: BuildConfig
) -> list[dict[str, list[dict[str, Any]]]]:
    if config.engine == "dask":
        import dask.bag

        partitions = max(1, min(len(documents), 16))
        bag = dask.bag.from_sequence(documents, npartitions=partitions)  # type: ignore[no-untyped-call]
        mapped = bag.map(analyse_document, text_config=text_config)
        if config.scheduler:
            from distributed import Client

            with Client(config.scheduler) as client:  # type: ignore[no-untyped-call]
                return list(client.compute(mapped).result())
        return list(mapped.compute())
    if config.engine != "pandas":
        raise ValueError(f"unknown engine {config.engine!r}: use pandas or dask")
    progress = tqdm(documents, desc="articles", unit="article", disable=None if config.progress is None else not config.progress)
    return [analyse_document(document, text_config) for document in progress]


def _frames(results: Sequence[dict[str, list[dict[str, Any]]]]) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        for name, table_rows in result.items():
            rows[name].extend(table_rows)
    frames = {}
    for name in {**TABLE_COLUMNS, **rows}:
        frame = pd.DataFrame(rows.get(name, []))
        contract = TABLE_COLUMNS.get(name, [])
        frames[name] = frame.reindex(columns=contract + [c for c in frame.columns if c not in contract])
    frames["articles"]["published"] = pd.to_datetime(frames["articles"]["published"]).dt.date
    return frames


# Corpus-wide steps that need every article's rows (people linked across articles, say):
# each takes and returns the tables.
CORPUS_STEPS: list[Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]] = []


# --- mentions (issue 5): person mentions get their corpus-wide name ---
def _link_mentions(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    mentions = tables.get("mentions")
    if mentions is None or mentions.empty:
        return tables
    by_article = {
        str(article_id): [
            Mention(
                int(r["start"]), int(r["end"]), str(r["surface"]), str(r["entity"]),
                str(r["kind"]), int(r["sentence_id"]), str(r["category"]),
            )
            for r in group.to_dict("records")
        ]
        for article_id, group in mentions.groupby("article_id", sort=False)
    }
    linked = link_person_mentions(by_article)
    rows = [row for article_id, found in linked.items() for row in _record_rows(article_id, found)]
    tables["mentions"] = pd.DataFrame(rows, columns=list(mentions.columns))
    return tables


CORPUS_STEPS.append(_link_mentions)
# --- end mentions ---


# --- quotes + people (issue 3): the people table; quote speakers get their corpus-wide name ---
PERSON_MENTIONS = "_person_mentions"  # per-article working table, dropped once people are linked
_QUOTE_COLUMNS = [
    "article_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker",
    "speaker_mention", "cue", "compound", "person_id", "role", "closed", "speaker_start",
    "speaker_end", "cue_start", "cue_end", "statement_start", "statement_end",
]  # fmt: skip
_PEOPLE_COLUMNS = ["person_id", "name", "aliases", "titles", "n_quotes", "n_mentions"]


def _link_quote_people(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    mentions = tables.pop(PERSON_MENTIONS, pd.DataFrame())
    quotes = tables.get("quotes", pd.DataFrame())
    by_article: dict[str, list[PersonMention]] = defaultdict(list)
    for r in mentions.to_dict("records"):
        by_article[str(r["article_id"])].append(PersonMention(
            int(r["start"]), int(r["end"]), str(r["surface"]), str(r["name"]),
            tuple(r["titles"]), int(r["sentence_id"]), str(r.get("gender", "-")),
        ))  # fmt: skip
    # A speaker named only in a speaker phrase ("said pollster Frank Luntz") is a person too.
    known = {(a, m.name) for a, found in by_article.items() for m in found}
    for r in quotes.to_dict("records") if not quotes.empty else []:
        member = (str(r["article_id"]), r["speaker"])
        if isinstance(r["speaker"], str) and member not in known and r["speaker_start"] == r["speaker_start"]:
            by_article[member[0]].append(PersonMention(
                int(r["speaker_start"]), int(r["speaker_end"]), str(r["speaker_mention"]),
                r["speaker"], (), int(r["sentence_id"]),
            ))  # fmt: skip
            known.add(member)
    people = link_people(by_article)
    canonical = {member: person for person in people for member in person.members}
    rows = []
    for person in people:
        n_quotes = 0
        if not quotes.empty:
            n_quotes = sum(
                canonical.get((str(a), s)) is person
                for a, s in zip(quotes["article_id"], quotes["speaker"], strict=True)
            )
        rows.append({"person_id": person.person_id, "name": person.name,
                     "aliases": list(person.aliases), "titles": list(person.titles),
                     "n_quotes": n_quotes, "n_mentions": person.n_mentions})  # fmt: skip
    tables["people"] = pd.DataFrame(rows, columns=_PEOPLE_COLUMNS)
    if quotes.empty:
        tables["quotes"] = pd.DataFrame(columns=_QUOTE_COLUMNS)
        return tables
    linked = [canonical.get((str(a), s)) for a, s in zip(quotes["article_id"], quotes["speaker"], strict=True)]
    quotes["speaker"] = [p.name if p else s for p, s in zip(linked, quotes["speaker"], strict=True)]
    quotes["person_id"] = [p.person_id if p else None for p in linked]
    tables["quotes"] = quotes.reindex(columns=_QUOTE_COLUMNS + [
        c for c in quotes.columns if c not in _QUOTE_COLUMNS
    ])  # fmt: skip
    return tables


CORPUS_STEPS.append(_link_quote_people)
# --- end quotes + people ---


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
        logger.warning("%s: set aside: %s%s", rejection.file, rejection.reason,
                       f" ({rejection.detail})" if rejection.detail else "")  # fmt: skip
    documents, audit, empty = _prepare(articles, config.clean)
    rejections.extend(empty)
    if not documents:
        raise ValueError(f"{corpus_dir}: no readable articles")
    text_config = train_sentence_model(document.text for document in documents)
    tables = _frames(_run(documents, text_config, config))
    tables["cleaning"] = pd.DataFrame(audit, columns=["article_id", "action", "reason", "start", "end", "text", "replacement"])
    for step in CORPUS_STEPS:
        tables = step(tables)
    return BuildResult(tables, rejections)


def _hash_files(digest: Any, paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
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
    digest.update(repr((config.engine, config.clean)).encode())
    return digest.hexdigest()


def write_build(result: BuildResult, out_dir: str | Path, stamp: dict[str, Any]) -> None:
    """Write the tables, ``rejected.csv`` and the build stamp (all or nothing)."""
    rejected = pd.DataFrame([dataclasses.asdict(r) for r in result.rejections], columns=["file", "reason", "detail"])
    write_tables(result.tables, out_dir, extra_files={REJECTED_NAME: rejected.to_csv(index=False)})
    write_json_atomic(Path(out_dir) / STAMP_NAME, stamp)


def up_to_date(out_dir: str | Path, stamp_fingerprint: str) -> bool:
    """Whether ``out_dir`` already holds a build of exactly these inputs."""
    previous = read_json(Path(out_dir) / STAMP_NAME)
    return bool(previous) and previous.get("fingerprint") == stamp_fingerprint

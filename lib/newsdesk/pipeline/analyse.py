"""One article through the stages: cleaned into documents, then analysed into table rows.

Everything here works on one article at a time and holds nothing across articles, so that the
build can stream partitions through it on one machine or on Dask workers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsdesk.clean.article import CleanConfig, CleanResult, clean_article
from newsdesk.corpus import Article, Rejection
from newsdesk.entities import EntityConfig, article_country, find_mentions
from newsdesk.people.mentions import PeopleConfig, PersonMention, find_people
from newsdesk.pipeline.sources import add_target_tone, editorial_we, is_editorial, speaker_people
from newsdesk.quotes.extract import QuoteConfig, extract_quotes
from newsdesk.sentiment.scoring import SentimentConfig, score_article, score_text
from newsdesk.text import Sentence, TextConfig, split_sentences, token_texts
from newsdesk.timeline.scan import TimelineConfig, find_dates

__all__ = [
    "ArticleResult",
    "Document",
    "StageConfigs",
    "analyse_document",
    "audit_rows",
    "clean_documents",
]

AUDIT_COLUMNS = ["article_id", "action", "reason", "start", "end", "text", "replacement"]


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for analysis: cleaned text plus where it came from."""

    article: Article
    text: str
    removed_chars: int


@dataclass(frozen=True, slots=True)
class StageConfigs:
    """The options of the per-article stages, as ``BuildConfig`` gives them (plain data, so that
    a partition task carries them to a Dask worker)."""

    people: PeopleConfig = field(default_factory=PeopleConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    sentiment: SentimentConfig = field(default_factory=SentimentConfig)


@dataclass
class ArticleResult:
    """What the per-article stages give: rows per table, and the people for corpus-wide linking."""

    rows: dict[str, list[dict[str, Any]]]
    people: list[PersonMention]


def clean_documents(
    article: Article, repeated: frozenset[str], config: CleanConfig
) -> tuple[list[Document], list[dict[str, Any]], Rejection | None]:
    """Clean one article; appended stories become documents of their own (``<id>~<n>``).

    Returns:
        The documents, the cleaning audit rows, and a rejection when nothing is left.
    """
    result = clean_article(article.text, article.title, repeated, config)
    if not result.text.strip():
        return [], [], Rejection(article.file, "nothing left after cleaning", article.article_id)
    title = article.title or result.headline
    documents = [Document(dataclasses.replace(article, title=title), result.text, result.removed_chars)]
    audit = list(audit_rows(article.article_id, result))
    for number, story in enumerate(result.related, start=1):
        # the manifest may date the stories a page appended (column appended_published)
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
    return documents, audit, None


def audit_rows(article_id: str, result: CleanResult) -> Iterable[dict[str, Any]]:
    """The cleaning audit of one article: what was removed, repaired or split off, and why."""
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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return _FIELD_NAMES[kind]


def _record_rows(article_id: str, records: Iterable[Any]) -> list[dict[str, Any]]:
    """Stage records (flat dataclasses) as table rows; ``sentence_index`` becomes ``sentence_id``.

    Rows are read field by field: ``dataclasses.asdict`` deep-copies every value and cost 7% of a
    build for nothing, since the records are frozen and flat.
    """
    rows = []
    for record in records:
        row: dict[str, Any] = {"article_id": article_id}
        for name in _field_names(type(record)):
            row["sentence_id" if name == "sentence_index" else name] = getattr(record, name)
        rows.append(row)
    return rows


def analyse_document(
    document: Document, text_config: TextConfig, stages: StageConfigs | None = None
) -> ArticleResult:
    """Run the per-article stages on one document: rows per table, plus its people."""
    stages = stages or StageConfigs()
    article = document.article
    text = document.text
    # The stages read sentences, never a token's offsets: only the tokens' strings are kept.
    sentences: list[Sentence] = split_sentences(text, text_config, tokens=False)
    tokens = [token_texts(s.text) for s in sentences]
    tone = score_article(sentences, stages.sentiment)
    sentence_rows = [
        {"article_id": article.article_id, "sentence_id": s.index, "start": s.start, "end": s.end,
         "text": s.text, "tokens": words, "paragraph": s.paragraph,
         "compound": t.compound, "pos": t.pos, "neu": t.neu, "neg": t.neg}
        for s, words, t in zip(sentences, tokens, tone.sentences, strict=True)
    ]  # fmt: skip
    article_row: dict[str, Any] = {
        "article_id": article.article_id, "parent_id": article.parent_id, "file": article.file,
        "outlet": article.outlet, "title": article.title, "url": article.url,
        "published": article.published, "published_source": article.published_source,
        "text": text, "n_sentences": len(sentences), "n_tokens": sum(map(len, tokens)),
        "removed_chars": document.removed_chars, "sentiment": tone.sentiment,
        "share_positive": tone.share_positive, "share_negative": tone.share_negative,
    }  # fmt: skip
    people = find_people(text, sentences, stages.people)
    quotes = extract_quotes(text, sentences, people, stages.quotes)
    quote_rows = _record_rows(article.article_id, quotes)
    for row in quote_rows:
        row["compound"] = score_text(str(row["text"]), stages.sentiment).compound
    mentions = find_mentions(text, sentences, people, stages.entities)
    # the article's country (outlet, web address, places named) decides whose holidays count
    places = [mention.entity for mention in mentions if mention.kind == "place"]
    country = article_country(article.outlet, article.url, places)
    dates = find_dates(text, sentences, article.published, stages.timeline, country)
    events = _record_rows(article.article_id, dates)
    for row in events:
        row["sentence"] = sentences[row["sentence_id"]].text
    editorial_we(quote_rows, article.outlet, is_editorial(article.title, text))
    mention_rows = _record_rows(article.article_id, mentions)
    add_target_tone(mention_rows, sentences)
    rows = {
        "articles": [article_row],
        "sentences": sentence_rows,
        "quotes": quote_rows,
        "mentions": mention_rows,
        "events": events,
    }
    return ArticleResult(rows, [*people, *speaker_people(text, quotes, people)])

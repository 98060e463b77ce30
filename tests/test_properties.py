"""Property-based tests (hypothesis): every stage, and the whole build, on arbitrary input.

Nothing raises, and every span's offsets hold: ``text[start:end]`` is the span's own text.
Inputs are arbitrary Unicode mixed with news-like text full of quotation marks, names, reporting
verbs, dates and paragraph breaks, so that the rules are exercised, not only the tokenizer.

Examples per test (kept modest so the suite stays fast, about 15 s in all; a failure found is
replayed first on the next run from hypothesis's example database):

    clean_article 300, split_sentences 300, find_people 200, extract_quotes 400 (plus 200 of
    quotation marks alone), find_mentions 200, find_dates 200, score_article 200, read_corpus 80
    (random files and manifests), build_corpus 25 (random small corpora, built whole).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsdesk.clean.article import clean_article
from newsdesk.corpus import read_corpus
from newsdesk.entities import find_mentions
from newsdesk.people.mentions import find_people
from newsdesk.quotes.extract import extract_quotes
from newsdesk.sentiment.scoring import score_article
from newsdesk.text import split_sentences
from newsdesk.timeline.scan import find_dates

FAST = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}

PIECES = [
    "Joe Biden", "Christopher Luxon", "Prime Minister Anthony Albanese", "he", "she", "they",
    "said", "told reporters", "added", "according to", "said that", "warned", "the minister",
    "New Zealand", "Paris", "Ukraine", "the Coalition of the Willing", "NATO",
    "on March 14, 2025", "last week", "tomorrow", "in 2025", "2025-03-14", "Tuesday",
    '"', '"', "“", "”", "‘", "’", "'", "«", "»", "„", ",", ".", "?", "!", ":", "—", "…",
    "\n", "\n\n", "\n\n", " ", "\t", "\xa0", "Q:", "A:", "— Helen Clark (@HelenClarkNZ) June 7, 2025",
    "we will", "not", "stay the course", "It’s", "don't", "Russia's", "good", "terrible", "peace",
    "Related Articles", "Sign up to our newsletter", "Photo: Getty Images",
]  # fmt: skip
news_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=120
).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_text)
marks_only = st.lists(st.sampled_from(['"', "“", "”", "‘", "’", "'", " ", "\n", "a", "said", "Biden"]), max_size=300).map("".join)


def assert_sentences_hold(text, sentences):
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text


@settings(max_examples=300, **FAST)
@given(any_text, st.one_of(st.none(), st.text(max_size=30)))
def test_clean_article(raw, title):
    result = clean_article(raw, title)
    for removal in result.removals:
        assert raw[removal.start : removal.end] == removal.text
    assert result.removed_chars >= 0


@settings(max_examples=300, **FAST)
@given(any_text)
def test_split_sentences(text):
    assert_sentences_hold(text, split_sentences(text))


@settings(max_examples=200, **FAST)
@given(any_text)
def test_find_people(text):
    sentences = split_sentences(text)
    for person in find_people(text, sentences):
        assert text[person.start : person.end] == person.surface


def _assert_quotes_hold(text):
    sentences = split_sentences(text)
    quotes = extract_quotes(text, sentences)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert 0 <= quote.start <= quote.end <= len(text)
        assert quote.end - quote.start <= 2_000
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_mention
        if quote.cue_start is not None and quote.kind != "interview":
            assert text[quote.cue_start : quote.cue_end] == quote.cue
    spans = sorted((quote.start, quote.end) for quote in quotes)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end, "two quotes overlap"


@settings(max_examples=400, **FAST)
@given(any_text)
def test_extract_quotes(text):
    _assert_quotes_hold(text)


@settings(max_examples=200, **FAST)
@given(marks_only)
def test_extract_quotes_on_quotation_marks_alone(text):
    _assert_quotes_hold(text)
    # at most one quote per balanced pair, or per paragraph where a mark is left open
    marks = sum(text.count(mark) for mark in '"“”«»„')
    paragraphs = len([line for line in text.split("\n") if line.strip()])
    quotes = [q for q in extract_quotes(text, split_sentences(text)) if q.kind != "indirect"]
    single = sum(text.count(mark) for mark in "‘’'")
    assert len(quotes) <= marks // 2 + paragraphs + single // 2


@settings(max_examples=200, **FAST)
@given(any_text)
def test_find_mentions(text):
    sentences = split_sentences(text)
    for mention in find_mentions(text, sentences, find_people(text, sentences)):
        assert text[mention.start : mention.end] == mention.surface


@settings(max_examples=200, **FAST)
@given(any_text, st.one_of(st.none(), st.dates(dt.date(1800, 1, 1), dt.date(2100, 12, 31))))
def test_find_dates(text, published):
    for found in find_dates(text, split_sentences(text), published):
        assert text[found.start : found.end] == found.expr
        if found.date_start is not None and found.date_end is not None:
            assert found.date_start <= found.date_end


@settings(max_examples=200, **FAST)
@given(any_text)
def test_score_article(text):
    sentences = split_sentences(text)
    tone = score_article(sentences)
    assert len(tone.sentences) == len(sentences)
    for scores in tone.sentences:
        assert -1.0 <= scores.compound <= 1.0


# --- the reader and the whole build: random files and manifests in a temporary folder ---

file_names = st.text(alphabet=string.ascii_letters + string.digits + "-_ .", min_size=1, max_size=12).filter(
    lambda name: not name.startswith(".") and name.strip() == name
)
suffixes = st.sampled_from([".txt", ".txt", ".html", ".jsonl", ".csv", ".md", ".bin", ""])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-32", "latin-1"])


@st.composite
def file_bodies(draw, suffix):
    text = draw(any_text)
    if suffix == ".jsonl":
        records = draw(st.lists(st.fixed_dictionaries(
            {"text": st.one_of(any_text, st.integers(), st.none())},
            optional={"id": st.text(max_size=10), "published": st.text(max_size=12), "title": st.text(max_size=20)},
        ), max_size=3))  # fmt: skip
        return "\n".join(json.dumps(record) for record in records).encode()
    if suffix == ".csv":
        return ("title,text\n" + f'"t","{text.replace(chr(34), chr(34) * 2)}"\n').encode()
    if suffix == ".html":
        return f"<html><body><article><p>{text}</p></article></body></html>".encode()
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    return text.encode(draw(encodings), errors="replace")


manifest_paths = st.one_of(file_names, st.sampled_from(["/etc/passwd", "../x.txt", "./a.txt", "sub/b.txt", "", "a\x00b"]))
manifest_rows = st.lists(
    st.tuples(manifest_paths, st.text(max_size=6), st.one_of(st.text(max_size=12), st.sampled_from(["2025-03-14", "2999-01-01", "0001-01-01"]))),
    max_size=5,
)  # fmt: skip


@st.composite
def corpora(draw, anchored=False):
    files = {}
    if anchored:  # one article that reads, so that the build goes past the reader
        pieces = draw(st.lists(st.sampled_from(PIECES), max_size=80))
        files["anchor.txt"] = ("Talks in Paris\n\nJoe Biden said on Tuesday that the talks in Paris went well, "
                               "and that more would follow.\n\n" + " ".join(pieces)).encode()  # fmt: skip
    for name, suffix in draw(st.lists(st.tuples(file_names, suffixes), min_size=1, max_size=5)):
        files[name + suffix] = draw(file_bodies(suffix))
    rows = draw(st.one_of(st.none(), manifest_rows))
    return files, rows


def _write(folder: Path, files, rows) -> None:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if rows is not None:
        lines = ["file,id,published"] + [",".join(json.dumps(cell) for cell in row) for row in rows]
        (folder / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=80, **FAST)
@given(corpora())
def test_read_corpus(corpus):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "corpus"
        _write(folder, *corpus)
        articles, rejections = read_corpus(folder)
    assert len({a.article_id for a in articles}) == len(articles)
    for article in articles:
        assert article.text.strip() and article.article_id.isprintable()
    for rejection in rejections:
        assert rejection.severity in ("error", "warning") and len(rejection.detail) <= 200
        assert rejection.file.isprintable() and rejection.detail.isprintable()


@pytest.mark.slow
@settings(max_examples=25, **FAST)
@given(corpora(anchored=True))
def test_build_corpus(corpus):
    from newsdesk.pipeline.build import build_corpus, write_build

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "corpus"
        _write(folder, *corpus)
        try:
            result = build_corpus(folder)
        except ValueError as error:
            assert "no readable articles" in str(error)
            event("nothing readable")
            return
        event("built")
        # whatever was read can be written: no surrogate, no date out of pandas' range
        write_build(result, Path(scratch) / "data", {"fingerprint": "property", "corpus": str(folder)})
    texts = dict(zip(result.tables["articles"]["article_id"], result.tables["articles"]["text"], strict=True))
    for table, column in (("sentences", "text"), ("quotes", "text"), ("mentions", "surface"), ("events", "expr")):
        frame = result.tables[table]
        for article_id, start, end, value in zip(frame["article_id"], frame["start"], frame["end"], frame[column], strict=True):
            assert texts[article_id][int(start) : int(end)] == value, table

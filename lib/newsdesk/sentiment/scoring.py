"""Sentence tone with VADER and the words behind each score.

Scores equal vaderSentiment 3.3.2's ``polarity_scores`` (the reference implementation; NLTK's
copy differs, nltk#3071) and need no download: the lexicon is the one inside the PyPI package, and
:mod:`newsdesk.sentiment.vader` applies its rules with less work. A news-aware option
(``SentimentConfig(news_aware=True)``) drops lexicon entries that name a topic of news rather than
a tone ("united", "security", "justice"); see ``resources/news_lexicon_adjustments.tsv``.

Aggregates with their intervals are the reports' business (``newsdesk.reports.stats``, which
resamples articles, not sentences).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.resources import read_text
from newsdesk.sentiment.vader import VaderTrace, polarity, reference_lexicon, trace_valences
from newsdesk.text import Sentence

__all__ = [
    "ArticleTone",
    "Explanation",
    "SentenceTone",
    "SentimentConfig",
    "WordValence",
    "explain_sentence",
    "news_lexicon",
    "score_article",
    "score_text",
]

_NON_SPACE = re.compile(r"\S+")
# VADER's own cut-offs for calling a compound score positive or negative (Hutto & Gilbert 2014).
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@dataclass(frozen=True, slots=True)
class SentimentConfig:
    """Options of the sentiment stage.

    news_aware: score with the news-register lexicon (off: numbers equal vaderSentiment 3.3.2).
    """

    news_aware: bool = False


@dataclass(frozen=True, slots=True)
class SentenceTone:
    """VADER scores of one sentence (a row's extra columns in the ``sentences`` table)."""

    sentence_index: int
    compound: float
    pos: float
    neu: float
    neg: float


@dataclass(frozen=True, slots=True)
class ArticleTone:
    """An article's tone: length-weighted mean compound and the share of +/- sentences."""

    sentiment: float  # mean compound weighted by words per sentence; NaN without words
    n_sentences: int
    share_positive: float
    share_negative: float
    sentences: tuple[SentenceTone, ...]


@dataclass(frozen=True, slots=True)
class WordValence:
    """A word that moved a score: its span in the text and its valence after VADER's rules."""

    word: str
    start: int
    end: int
    valence: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a sentence scores what it does.

    ``compound == normalize(sum(w.valence for w in words) +/- punctuation_emphasis)``, where the
    emphasis from "!" and "??" takes the sign of the sum and VADER's normalisation is
    ``x / sqrt(x*x + 15)``.
    """

    text: str
    compound: float
    pos: float
    neu: float
    neg: float
    words: tuple[WordValence, ...]  # only words with a non-zero valence, in text order
    punctuation_emphasis: float


@functools.cache
def news_lexicon() -> Mapping[str, float]:
    """The reference lexicon with the news-register adjustments applied.

    An adjustment with an empty valence removes the word (it names a topic, not a tone);
    otherwise it sets the valence.

    >>> "united" in news_lexicon(), "united" in reference_lexicon()
    (False, True)
    """
    lexicon = dict(reference_lexicon())
    for line in read_text("news_lexicon_adjustments.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, valence, _reason = line.split("\t", 2)
        if valence.strip():
            lexicon[word] = float(valence)
        else:
            lexicon.pop(word, None)
    return lexicon


@functools.lru_cache(maxsize=1 << 16)
def _polarity(text: str, news_aware: bool) -> tuple[float, float, float, float, int]:
    # Headlines, captions and repeated quotes recur across articles: score each text once.
    return polarity(text, news_lexicon() if news_aware else None)


def _trace(text: str, news_aware: bool) -> VaderTrace:
    return trace_valences(text, news_lexicon() if news_aware else None)


def score_text(text: str, config: SentimentConfig | None = None) -> SentenceTone:
    """VADER scores of one text (a sentence, or a quotation), ``sentence_index`` -1.

    Args:
        text: the text to score.
        config: stage options; reference VADER by default.

    Returns:
        compound, pos, neu and neg as vaderSentiment 3.3.2 gives them.

    >>> score_text("VADER is smart, handsome, and funny!").compound
    0.8439
    """
    compound, pos, neu, neg, _ = _polarity(text, (config or SentimentConfig()).news_aware)
    return SentenceTone(-1, compound, pos, neu, neg)


def score_article(
    sentences: Sequence[Sentence], config: SentimentConfig | None = None
) -> ArticleTone:
    """Score every sentence of an article and weigh them into the article's tone.

    Args:
        sentences: the article's sentences (anything with ``index`` and ``text``).
        config: stage options.

    Returns:
        One :class:`SentenceTone` per sentence and the article's length-weighted mean compound,
        where a sentence weighs as many words as VADER reads in it.

    >>> from types import SimpleNamespace as S
    >>> tone = score_article([S(index=0, text="Peace is good."), S(index=1, text="It rained.")])
    >>> [s.compound for s in tone.sentences], tone.sentiment, tone.share_positive
    ([0.7506, 0.0], 0.4504, 0.5)
    """
    config = config or SentimentConfig()
    tones: list[SentenceTone] = []
    weights: list[int] = []
    for sentence in sentences:
        compound, pos, neu, neg, n_words = _polarity(sentence.text, config.news_aware)
        tones.append(SentenceTone(sentence.index, compound, pos, neu, neg))
        weights.append(n_words)
    total = sum(weights)
    mean = (
        round(sum(t.compound * w for t, w in zip(tones, weights, strict=True)) / total, 4)
        if total
        else math.nan
    )
    n = len(tones)
    return ArticleTone(
        sentiment=mean,
        n_sentences=n,
        share_positive=sum(t.compound >= POSITIVE_THRESHOLD for t in tones) / n if n else math.nan,
        share_negative=sum(t.compound <= NEGATIVE_THRESHOLD for t in tones) / n if n else math.nan,
        sentences=tuple(tones),
    )


def _word_spans(text: str, trace: VaderTrace) -> list[tuple[int, int]] | None:
    """Where each VADER word sits in ``text``; None when an emoji was replaced by its name."""
    tokens = list(_NON_SPACE.finditer(text))
    if len(tokens) != len(trace.words):
        return None
    spans = []
    for token, word in zip(tokens, trace.words, strict=True):
        offset = token.group().find(word)
        if offset < 0:
            return None
        spans.append((token.start() + offset, token.start() + offset + len(word)))
    return spans


def explain_sentence(text: str, config: SentimentConfig | None = None) -> Explanation:
    """The words that moved a sentence's score, with their valence after VADER's rules.

    Args:
        text: the sentence.
        config: stage options (the news-aware lexicon explains news-aware scores).

    Returns:
        An :class:`Explanation`; word offsets are into ``text`` (-1 for words that came from
        an emoji's description).

    >>> explanation = explain_sentence("The talks were not a failure, but progress is slow.")
    >>> [(w.word, round(w.valence, 3)) for w in explanation.words], explanation.compound
    ([('failure', 0.851), ('progress', 2.7)], 0.6758)
    """
    trace = _trace(text, (config or SentimentConfig()).news_aware)
    spans = _word_spans(text, trace)
    words = tuple(
        WordValence(word, *(spans[i] if spans else (-1, -1)), float(valence))
        for i, (word, valence) in enumerate(zip(trace.words, trace.valences, strict=True))
        if valence != 0
    )
    return Explanation(
        text=text,
        compound=trace.compound,
        pos=trace.pos,
        neu=trace.neu,
        neg=trace.neg,
        words=words,
        punctuation_emphasis=trace.punctuation_emphasis,
    )

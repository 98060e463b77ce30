"""Sentence tone with VADER, the words behind each score, and tone aggregated with its uncertainty.

Scores equal vaderSentiment 3.3.2's ``polarity_scores`` (the reference implementation; NLTK's
copy differs, nltk#3071) and need no download: the lexicon is the one inside the PyPI package, and
:mod:`newsdesk.sentiment.vader` applies its rules with less work. A news-aware option
(``SentimentConfig(news_aware=True)``) drops lexicon entries that name a topic of news rather than
a tone ("united", "security", "justice"); see ``resources/news_lexicon_adjustments.tsv``.

Aggregates (quotes, articles, outlets, speakers, entities) are summarised by
:func:`aggregate_tone`, which always reports ``n`` and a bootstrap confidence interval: with a
handful of articles most differences in tone are noise, and the numbers should say so.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsdesk.resources import read_text
from newsdesk.sentiment.vader import VaderTrace, polarity, reference_lexicon, trace_valences
from newsdesk.text import Sentence

__all__ = [
    "ArticleTone",
    "Explanation",
    "SentenceTone",
    "SentimentConfig",
    "ToneSummary",
    "WordValence",
    "aggregate_tone",
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
    bootstrap_resamples / confidence / seed: the percentile bootstrap of :func:`aggregate_tone`.
    min_n_for_interval: below this many values the interval is NaN (too few to resample).
    """

    news_aware: bool = False
    bootstrap_resamples: int = 2000
    confidence: float = 0.95
    seed: int = 20250314
    min_n_for_interval: int = 3


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


@dataclass(frozen=True, slots=True)
class ToneSummary:
    """Tone of a group of scores, with how many there are and how sure we can be."""

    n: int
    mean: float
    ci_low: float  # NaN when n < min_n_for_interval
    ci_high: float
    share_positive: float  # compound >= 0.05
    share_negative: float  # compound <= -0.05


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


def _weighted_mean_of_resamples(
    values: np.ndarray, weights: np.ndarray, resamples: int, rng: np.random.Generator
) -> np.ndarray:
    """Means of ``resamples`` bootstrap samples, in chunks so memory stays under ~8M cells."""
    n = len(values)
    chunk = max(1, 8_000_000 // n)
    means = []
    for first in range(0, resamples, chunk):
        picks = rng.integers(0, n, size=(min(chunk, resamples - first), n))
        chosen_weights = weights[picks]
        means.append((values[picks] * chosen_weights).sum(axis=1) / chosen_weights.sum(axis=1))
    return np.concatenate(means)


def aggregate_tone(
    values: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    config: SentimentConfig | None = None,
) -> ToneSummary:
    """Mean tone with its n and a percentile-bootstrap confidence interval.

    Args:
        values: compound scores (NaN values are left out).
        weights: optional non-negative weights (e.g. words per sentence), same length.
        config: resamples, confidence level and seed (results are reproducible).

    Returns:
        A :class:`ToneSummary`; the interval is NaN when fewer than
        ``config.min_n_for_interval`` values remain, because a bootstrap of one or two values
        says nothing.

    >>> summary = aggregate_tone([0.5, -0.2, 0.1, 0.4, 0.0])
    >>> summary.n, round(summary.mean, 2), summary.ci_low < summary.mean < summary.ci_high
    (5, 0.16, True)
    >>> aggregate_tone([0.5, 0.1]).ci_low
    nan
    """
    config = config or SentimentConfig()
    scores = np.asarray(values, dtype=float)
    weight_array = np.ones_like(scores) if weights is None else np.asarray(weights, dtype=float)
    if weight_array.shape != scores.shape:
        raise ValueError(f"{len(scores)} values but {len(weight_array)} weights")
    keep = ~np.isnan(scores) & ~np.isnan(weight_array)
    scores, weight_array = scores[keep], weight_array[keep]
    n = len(scores)
    if n == 0 or weight_array.sum() <= 0:
        return ToneSummary(n, math.nan, math.nan, math.nan, math.nan, math.nan)
    mean = float(np.average(scores, weights=weight_array))
    low = high = math.nan
    if n >= config.min_n_for_interval:
        rng = np.random.default_rng(config.seed)
        means = _weighted_mean_of_resamples(scores, weight_array, config.bootstrap_resamples, rng)
        means = means[~np.isnan(means)]  # a resample of zero-weight rows has no mean
        tail = (1 - config.confidence) / 2 * 100
        low, high = (float(q) for q in np.percentile(means, [tail, 100 - tail]))
    return ToneSummary(
        n=n,
        mean=mean,
        ci_low=low,
        ci_high=high,
        share_positive=float(np.mean(scores >= POSITIVE_THRESHOLD)),
        share_negative=float(np.mean(scores <= NEGATIVE_THRESHOLD)),
    )

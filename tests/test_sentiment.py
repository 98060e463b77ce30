"""Sentiment: equal to vaderSentiment 3.3.2, explained, aggregated with honest uncertainty."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from newsdesk.clean.article import clean_article
from newsdesk.sentiment.scoring import (
    SentimentConfig,
    explain_sentence,
    news_lexicon,
    score_article,
    score_text,
)
from newsdesk.sentiment.vader import reference_lexicon, trace_valences
from newsdesk.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NYT = (
    ROOT.parent / "shared" / "bench" / "vader-ground-truth" / "nytEditorialSnippets_GroundTruth.txt"
)
CASES = json.loads((Path(__file__).parent / "cases" / "sentiment_cases.json").read_text("utf-8"))
FIELDS = ("compound", "pos", "neu", "neg")


@pytest.fixture(scope="module")
def reference() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_article(path.read_text(encoding="utf-8")).text
        sentences += [sentence.text for sentence in split_sentences(text)]
        # the raw lines too: headlines, captions and furniture are text someone may score
        sentences += path.read_text(encoding="utf-8").splitlines()
    assert len(sentences) > 200
    return sentences


def _nyt_snippets(count: int) -> list[str]:
    if not NYT.exists():
        pytest.skip(f"{NYT} not present (benchmark data lives outside the repository)")
    lines = NYT.read_text(encoding="utf-8", errors="replace").splitlines()
    texts = [line.split("\t")[2] for line in lines if line.count("\t") >= 2]
    return random.Random(5).sample(texts, count)


def _max_difference(texts: list[str], reference: SentimentIntensityAnalyzer) -> float:
    worst = 0.0
    for text in texts:
        ours = score_text(text)
        theirs = reference.polarity_scores(text)
        for field in FIELDS:
            worst = max(worst, abs(getattr(ours, field) - theirs[field]))
    return worst


def test_every_seed_sentence_scores_as_the_reference(seed_sentences, reference) -> None:
    assert _max_difference(seed_sentences, reference) <= 1e-3
    assert all(
        score_text(text).compound == reference.polarity_scores(text)["compound"]
        for text in seed_sentences
    )


def test_500_nyt_snippets_score_as_the_reference(reference) -> None:
    assert _max_difference(_nyt_snippets(500), reference) <= 1e-3


def test_the_reference_lexicon_is_the_packaged_one_and_needs_no_download(reference) -> None:
    assert reference_lexicon() == reference.lexicon
    assert len(reference_lexicon()) > 7000


@pytest.mark.parametrize("case", CASES, ids=[case["label"] for case in CASES])
def test_hard_cases(case, reference) -> None:
    ours = score_text(case["text"])
    recorded = case["reference"]
    # equal to the recorded numbers (guards a silent change of the reference package) ...
    assert {field: getattr(ours, field) for field in FIELDS} == {
        field: recorded[field] for field in FIELDS
    }
    # ... and to the installed reference
    assert recorded == reference.polarity_scores(case["text"])
    explanation = explain_sentence(case["text"])
    if case["top_word"] is None:
        assert explanation.words == ()
    else:
        strongest = max(explanation.words, key=lambda word: abs(word.valence))
        assert strongest.word == case["top_word"]


def test_explanations_add_up_to_the_compound(seed_sentences) -> None:
    checked = 0
    for text in seed_sentences:
        explanation = explain_sentence(text)
        total = sum(word.valence for word in explanation.words)
        if total == 0:
            assert explanation.compound == 0.0
            continue
        total += math.copysign(explanation.punctuation_emphasis, total)
        assert round(normalize(total), 4) == explanation.compound
        for word in explanation.words:
            assert text[word.start : word.end] == word.word
        checked += 1
    assert checked > 100


def test_explanation_of_an_emoji_has_no_offsets() -> None:
    explanation = explain_sentence("Great news 😁")
    assert explanation.words[0].word == "Great"
    assert {word.start for word in explanation.words} == {-1}


def test_a_sentence_without_lexicon_words_is_neutral_without_running_the_rules() -> None:
    trace = trace_valences("Officials met in Wellington on Tuesday.")
    assert (trace.compound, trace.neu, set(trace.valences)) == (0.0, 1.0, {0})


def test_cache_does_not_change_a_score() -> None:
    text = "The summit was a great success, officials said!"
    assert score_text(text) == score_text(text) == score_text(text + "")


def test_news_aware_is_off_by_default_and_drops_topic_words() -> None:
    text = "The United Nations Security Council met."
    assert score_text(text).compound > 0  # "united" and "security" are positive words
    assert score_text(text, SentimentConfig(news_aware=True)).compound == 0.0
    assert "war" in news_lexicon()  # measured: dropping "war" lowers r on the NYT snippets


def test_article_tone_is_length_weighted() -> None:
    sentences = [
        SimpleNamespace(index=0, text="Good."),
        SimpleNamespace(index=1, text="It was a long and uneventful day in the capital city."),
    ]
    tone = score_article(sentences)
    assert tone.sentences[0].compound > 0 and tone.sentences[1].compound == 0
    assert tone.sentiment == round(tone.sentences[0].compound * 1 / 12, 4)
    assert (tone.n_sentences, tone.share_positive, tone.share_negative) == (2, 0.5, 0.0)
    assert math.isnan(score_article([]).sentiment)


_WORDS = ["United", "States", "NATO", "Wellington", "Ms", "Ferris", "good", "bad", "not", "no", "but",
          "very", "kind", "of", "least", "at", "never", "so", "this", "without", "doubt", "GREAT",
          "said", "the", "plan", "failed", "!", "?", ",", "—", "🙂", "isn't", "hardly", "sort"]  # fmt: skip


@settings(max_examples=2500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), st.data())
def test_a_neutral_mask_scores_as_masking_would(words, data):
    """Where masking_is_neutral says so, the sentence's score equals its masked score."""
    from newsdesk.sentiment.scoring import SentimentConfig, news_lexicon, score_text
    from newsdesk.sentiment.target import mask_spans
    from newsdesk.sentiment.vader import masking_is_neutral

    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(len(words) - 1, first + 2)))
    text = " ".join(words)
    start = len(" ".join(words[:first])) + (1 if first else 0)
    end = start + len(" ".join(words[first : last + 1]))
    for config, lexicon in ((SentimentConfig(), None), (SentimentConfig(news_aware=True), news_lexicon())):
        if masking_is_neutral(text, start, end, lexicon):
            masked = score_text(mask_spans(text, [(start, end)]), config).compound
            assert score_text(text, config).compound == masked


_RULED = [*_WORDS, "very", "kind of", "sort of", "just enough", "the bomb", "kiss of death", "cut the mustard", "or",
          "nor", "won't", "aint", "happy", "sad", "HAPPY", "love", "more", "most", "less", "little"]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_RULED), min_size=1, max_size=12).map(" ".join))
def test_sentences_with_and_without_rule_words_score_as_the_reference(text):
    """A sentence without a word that changes another's valence skips the rules: the same scores
    as vaderSentiment 3.3.2, with rule words or without."""
    from newsdesk.sentiment.vader import reference_analyzer

    expected = reference_analyzer().polarity_scores(text)
    tone = score_text(text)
    assert (tone.compound, tone.pos, tone.neu, tone.neg) == tuple(expected[k] for k in ("compound", "pos", "neu", "neg"))

"""The tone report's tables: filters, per-entity tone with n, co-mentions, explained extremes."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newsdesk.reports import sentiment as report
from newsdesk.sentiment.scoring import SentimentConfig, explain_sentence
from newsdesk.sentiment.vader import reference_analyzer


@pytest.fixture(scope="module")
def tables(seeds_data_dir):
    return report.load_tables(seeds_data_dir)


def test_built_sentences_carry_reference_scores(tables) -> None:
    sentences = tables["sentences"]
    reference = reference_analyzer()
    for text, compound, neg in sentences[["text", "compound", "neg"]].itertuples(index=False):
        scores = reference.polarity_scores(text)
        assert (compound, neg) == (scores["compound"], scores["neg"])


def test_article_sentiment_is_the_length_weighted_mean(tables) -> None:
    sentences, articles = tables["sentences"], tables["articles"]
    for article_id, sentiment in articles[["article_id", "sentiment"]].itertuples(index=False):
        own = sentences[sentences["article_id"] == article_id]
        expected = (own["compound"] * own["words"]).sum() / own["words"].sum()
        assert sentiment == pytest.approx(expected, abs=1e-4)


def test_appended_stories_are_left_out_by_default(seeds_data_dir, tables) -> None:
    assert tables["articles"]["parent_id"].isna().all()
    everything = report.load_tables(seeds_data_dir, include_appended=True)
    assert len(everything["articles"]) > len(tables["articles"])


def test_date_range_keeps_only_dated_articles_inside_it(seeds_data_dir) -> None:
    selected = report.load_tables(seeds_data_dir, since="2025-06-01", until="2025-06-30")
    assert len(selected["articles"]) >= 1
    assert set(selected["sentences"]["article_id"]) <= set(selected["articles"]["article_id"])
    assert report.load_tables(seeds_data_dir, since="2030-01-01")["articles"].empty


def test_entity_tone_reports_n_and_intervals(tables) -> None:
    about = report.entity_sentences(tables["sentences"], tables["mentions"], ["Ukraine", "NATO"])
    table = report.tone_table(about, "entity").set_index("entity")
    assert table.loc["Ukraine", "n"] > table.loc["NATO", "n"] >= 3
    assert table.loc["Ukraine", "ci_low"] <= table.loc["Ukraine", "mean"]
    assert table.loc["Ukraine", "mean"] <= table.loc["Ukraine", "ci_high"]
    # a sentence naming Ukraine twice is one sentence
    assert not about.duplicated(["article_id", "sentence_id", "entity"]).any()


def test_person_mentions_are_linked_across_articles(tables) -> None:
    people = set(tables["mentions"].query("kind == 'person'")["entity"])
    assert "Christopher Luxon" in people and "Luxon" not in people


def test_co_mentions_are_symmetric_with_counts_on_the_diagonal(tables) -> None:
    matrix = report.co_mentions(tables["mentions"], ["Ukraine", "Russia", "China"])
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Ukraine", "Russia"] <= min(
        matrix.loc["Ukraine", "Ukraine"], matrix.loc["Russia", "Russia"]
    )
    assert matrix.loc["Ukraine", "Russia"] > 0


def test_extremes_come_with_their_explanation(tables) -> None:
    extremes = report.extreme_sentences(tables["sentences"], tables["mentions"], "Ukraine", k=2)
    assert list(extremes["side"]) == ["most positive"] * 2 + ["most negative"] * 2
    assert extremes["compound"].iloc[0] >= extremes["compound"].iloc[1] > 0
    assert all(extremes["why"].str.len() > 0)


def test_speaker_tone_scores_quotes_when_the_table_has_no_scores() -> None:
    quotes = pd.DataFrame(
        {"speaker": ["A", "A", "A", "B", None], "text": ["Good.", "Bad.", "Fine.", "Great!", "x"]}
    )
    table = report.speaker_tone(quotes).set_index("speaker")
    assert table.loc["A", "n"] == 3 and table.loc["B", "n"] == 1
    assert math.isnan(table.loc["B", "ci_low"]) and table.loc["B", "note"]


def test_rescore_with_the_news_lexicon_changes_only_topic_words() -> None:
    sentences = pd.DataFrame({"text": ["The United Nations met.", "A terrible day."]})
    rescored = report.rescore(sentences, SentimentConfig(news_aware=True))
    assert rescored["compound"].iloc[0] == 0.0 and rescored["compound"].iloc[1] < 0


def test_noise_caption_warns_about_small_samples() -> None:
    assert "noise" in report.noise_caption(5)
    assert "noise" not in report.noise_caption(500)


def test_extremes_are_explained_with_the_options_they_were_scored_with() -> None:
    """The news-aware lexicon drops 'united'; a news-aware score must not be explained by it."""
    sentences = pd.DataFrame({
        "article_id": ["a", "a"], "sentence_id": [0, 1],
        "text": ["The United Nations welcomed the good, hopeful plan.",
                 "The United States condemned the terrible attack."],
    })  # fmt: skip
    mentions = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
                             "entity": ["Ukraine", "Ukraine"], "kind": ["place", "place"]})  # fmt: skip
    news = SentimentConfig(news_aware=True)
    extremes = report.extreme_sentences(report.rescore(sentences, news), mentions, "Ukraine", k=1)
    assert not extremes["why"].str.contains("united", case=False).any()
    for row in extremes.itertuples():
        assert explain_sentence(row.text, news).compound == pytest.approx(row.compound)
        assert row.why == report.explain(row.text, news)

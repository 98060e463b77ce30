"""BuildConfig carries every stage's options to the stages (none runs on defaults it was not given)."""

from __future__ import annotations

import dataclasses

from newsdesk.pipeline.build import BuildConfig, _settings, build_corpus
from newsdesk.quotes.extract import QuoteConfig
from newsdesk.sentiment.scoring import SentimentConfig
from newsdesk.timeline.scan import TimelineConfig


def test_every_stage_config_is_a_field():
    names = {f.name for f in dataclasses.fields(BuildConfig)}
    assert {"clean", "text", "people", "quotes", "timeline", "entities", "sentiment"} <= names


def test_stage_options_reach_the_stages(corpus_dir):
    (corpus_dir / "talks.txt").write_text(
        "Talks on a peacekeeping force for Ukraine ended badly on Friday after four days.\n\n"
        '"We will keep working," Prime Minister Christopher Luxon said.\n\n'
        "Luxon said that the security talks had failed and the war was a crisis.\n",
        encoding="utf-8",
    )
    default = build_corpus(corpus_dir, BuildConfig(progress=False)).tables
    config = BuildConfig(
        progress=False,
        quotes=QuoteConfig(indirect=False),
        timeline=TimelineConfig(types=frozenset({"date"})),
        sentiment=SentimentConfig(news_aware=True),
    )
    tables = build_corpus(corpus_dir, config).tables
    assert "indirect" not in set(tables["quotes"]["kind"])
    assert set(tables["events"]["type"]) <= {"date"}
    assert set(default["events"]["type"]) - {"date"}, "the corpus needs a non-date expression"
    assert list(tables["sentences"]["compound"]) != list(default["sentences"]["compound"])


def test_stage_options_change_the_fingerprint():
    plain = _settings(BuildConfig())
    assert _settings(BuildConfig()) == plain
    assert _settings(BuildConfig(quotes=QuoteConfig(indirect=False))) != plain
    assert _settings(BuildConfig(partition_size=7, workers=3)) == plain, "run options change no row"


def test_holidays_follow_the_outlet_country(corpus_dir):
    (corpus_dir / "articles.csv").write_text(
        "file,outlet,title,url,published\nstrike.txt,RNZ,Strike,,2025-09-20\n", encoding="utf-8"
    )
    (corpus_dir / "strike.txt").write_text(
        "Unions will march on Labour Day, the organisers said.\n", encoding="utf-8"
    )
    events = build_corpus(corpus_dir, BuildConfig(progress=False)).tables["events"]
    assert list(events["value"]) == ["2025-10-27"]  # New Zealand's, not the US 1 September


def test_a_given_sentence_model_has_a_stable_fingerprint():
    """A Punkt model passed in the config counts by its content, not its address in memory."""
    from newsdesk.text import train_sentence_model

    texts = ["Dr. Petrova spoke. She said it was fine.", "Mr. Luxon left. He agreed."]
    one, two = train_sentence_model(texts), train_sentence_model(texts)
    assert one.parameters is not two.parameters
    assert _settings(BuildConfig(text=one)) == _settings(BuildConfig(text=two)) != _settings(BuildConfig())

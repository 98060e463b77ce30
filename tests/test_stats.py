"""Report statistics: intervals that resample articles (reports/stats.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newsdesk.reports.stats import article_share, summarise_tone


def test_summary_reports_n_and_a_reproducible_interval() -> None:
    values = [0.4, -0.1, 0.3, 0.0, 0.6, -0.5, 0.2]
    first, second = summarise_tone(values), summarise_tone(values)
    assert first == second
    assert first.n == 7 and first.ci_low < first.mean < first.ci_high
    assert first.share_positive == pytest.approx(4 / 7)
    assert first.share_negative == pytest.approx(2 / 7)


def test_summary_of_too_few_articles_has_no_interval() -> None:
    summary = summarise_tone([0.9, float("nan"), -0.2])
    assert summary.n == 2 and math.isnan(summary.ci_low) and math.isnan(summary.ci_high)
    assert math.isnan(summarise_tone([]).mean)
    many_sentences_two_articles = summarise_tone([0.5, -0.5] * 50, clusters=["a", "b"] * 50)
    assert many_sentences_two_articles.n == 100 and math.isnan(many_sentences_two_articles.ci_low)


def test_summary_weights_and_width_shrinks_with_n() -> None:
    weighted = summarise_tone([1.0, 0.0, 0.0], weights=[2, 1, 1])
    assert weighted.mean == pytest.approx(0.5)
    small = summarise_tone([0.5, -0.5] * 3)
    large = summarise_tone([0.5, -0.5] * 300)
    assert (large.ci_high - large.ci_low) < (small.ci_high - small.ci_low) / 5
    with pytest.raises(ValueError):
        summarise_tone([0.1, 0.2], weights=[1])


def test_resampling_articles_widens_intervals_when_sentences_cluster() -> None:
    # Four articles, each uniform in tone: 40 sentences but only four independent pieces.
    values = [0.8] * 10 + [-0.6] * 10 + [0.5] * 10 + [-0.4] * 10
    articles = ["a"] * 10 + ["b"] * 10 + ["c"] * 10 + ["d"] * 10
    by_sentence = summarise_tone(values)
    by_article = summarise_tone(values, clusters=articles)
    assert by_article.mean == by_sentence.mean
    width = by_article.ci_high - by_article.ci_low
    assert width > 2 * (by_sentence.ci_high - by_sentence.ci_low)


def test_share_interval_resamples_articles() -> None:
    frame = pd.DataFrame(
        {"article_id": list("aabbccdd"), "gender": ["female", "male"] * 2 + ["male"] * 4}
    )
    share, low, high = article_share(frame, "gender", "female")
    assert share == 0.25 and low <= share <= high

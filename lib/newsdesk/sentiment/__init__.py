"""Sentiment: VADER scores per sentence and article, explained word by word."""

from newsdesk.sentiment.scoring import (
    SentimentConfig,
    aggregate_tone,
    explain_sentence,
    score_article,
    score_text,
)

__all__ = ["SentimentConfig", "aggregate_tone", "explain_sentence", "score_article", "score_text"]

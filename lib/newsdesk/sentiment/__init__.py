"""Sentiment: VADER scores per sentence and article, explained word by word."""

from newsdesk.sentiment.scoring import (
    SentimentConfig,
    explain_sentence,
    score_article,
    score_text,
)
from newsdesk.sentiment.target import mask_spans, score_target

__all__ = [
    "SentimentConfig",
    "explain_sentence",
    "mask_spans",
    "score_article",
    "score_target",
    "score_text",
]

"""Sentiment: VADER scores per sentence and article, explained word by word."""

from newsdesk.sentiment.scoring import SentimentConfig, score_article, score_text

__all__ = ["SentimentConfig", "score_article", "score_text"]

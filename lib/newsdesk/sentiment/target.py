"""Tone towards a target: a sentence scored with the target's own words masked.

VADER scores every word it knows, the target's name included: "United States" carries the
valence of "united" (+1.8), so "…but not the United States" scores -0.459 from "not united"
alone. Masking the mention's words leaves the tone of what is said around the target.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.sentiment.scoring import SentimentConfig, news_lexicon, score_text
from newsdesk.sentiment.vader import masking_is_neutral

__all__ = ["mask_spans", "score_target"]


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` span replaced by one space.

    >>> mask_spans("but not the United States", [(12, 25)])
    'but not the  '
    """
    pieces = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        pieces.append(text[position:start])
        pieces.append(" ")
        position = max(position, end)
    pieces.append(text[position:])
    return "".join(pieces)


def score_target(
    sentence: str, spans: Sequence[tuple[int, int]], config: SentimentConfig | None = None
) -> float:
    """VADER compound of ``sentence`` with the target's words (``spans``, offsets into the
    sentence) masked: the tone of what is said about the target, not of its name.

    >>> from newsdesk.sentiment.scoring import score_text
    >>> text = "Other nations joined - but not the United States"
    >>> score_text(text).compound, score_target(text, [(35, 48)])
    (-0.4585, 0.0)
    """
    config = config or SentimentConfig()
    lexicon = news_lexicon() if config.news_aware else None
    if len(spans) == 1 and masking_is_neutral(sentence, spans[0][0], spans[0][1], lexicon):
        # The same number as scoring the masked text, without scoring it (most names VADER
        # does not read); the sentence's own score is usually cached from the sentence table.
        return score_text(sentence, config).compound
    return score_text(mask_spans(sentence, spans), config).compound

"""newsdesk: turn news articles into tidy, traceable tables and notebook reports.

The public API is the stages' entry points and their records::

    >>> from newsdesk import split_sentences, extract_quotes
    >>> text = '"We will stay the course," Luxon said.'
    >>> [quote.speaker for quote in extract_quotes(text, split_sentences(text))]
    ['Luxon']

Names are imported on first use, so ``import newsdesk`` stays cheap (no pandas until the
pipeline is asked for).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.clean import CleanConfig, CleanResult, clean_article
    from newsdesk.corpus import Article, Rejection, read_corpus
    from newsdesk.entities import Mention, find_mentions
    from newsdesk.people import Person, PersonMention, find_people, link_people
    from newsdesk.pipeline.build import BuildConfig, BuildResult, build_corpus
    from newsdesk.quotes import Quote, extract_quotes
    from newsdesk.sentiment import SentimentConfig, score_article, score_text
    from newsdesk.text import Sentence, Token, split_sentences
    from newsdesk.timeline import DateMention, find_dates

__all__ = [
    "Article",
    "BuildConfig",
    "BuildResult",
    "CleanConfig",
    "CleanResult",
    "DateMention",
    "Mention",
    "Person",
    "PersonMention",
    "Quote",
    "Rejection",
    "Sentence",
    "SentimentConfig",
    "Token",
    "build_corpus",
    "clean_article",
    "extract_quotes",
    "find_dates",
    "find_mentions",
    "find_people",
    "link_people",
    "read_corpus",
    "score_article",
    "score_text",
    "split_sentences",
]
__version__ = "0.1.0"

#: where each public name lives
_HOMES = {
    "Article": "newsdesk.corpus",
    "Rejection": "newsdesk.corpus",
    "read_corpus": "newsdesk.corpus",
    "CleanConfig": "newsdesk.clean",
    "CleanResult": "newsdesk.clean",
    "clean_article": "newsdesk.clean",
    "Sentence": "newsdesk.text",
    "Token": "newsdesk.text",
    "split_sentences": "newsdesk.text",
    "Person": "newsdesk.people",
    "PersonMention": "newsdesk.people",
    "find_people": "newsdesk.people",
    "link_people": "newsdesk.people",
    "Quote": "newsdesk.quotes",
    "extract_quotes": "newsdesk.quotes",
    "Mention": "newsdesk.entities",
    "find_mentions": "newsdesk.entities",
    "DateMention": "newsdesk.timeline",
    "find_dates": "newsdesk.timeline",
    "SentimentConfig": "newsdesk.sentiment",
    "score_article": "newsdesk.sentiment",
    "score_text": "newsdesk.sentiment",
    "BuildConfig": "newsdesk.pipeline.build",
    "BuildResult": "newsdesk.pipeline.build",
    "build_corpus": "newsdesk.pipeline.build",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its home module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


logging.getLogger(__name__).addHandler(logging.NullHandler())

"""Sentences and tokens, each carrying character offsets into the cleaned text.

Sentences come from an nltk Punkt model trained on the corpus itself (no downloaded data) and
seeded with a list of known abbreviations; tokens come from nltk's Treebank tokenizer, aligned
back to the text so that ``text[start:end]`` is always the token as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsdesk.text.punkt import (
    ContextCounts,
    TextConfig,
    TypeCounts,
    _default_config,
    _sentence_tokenizer,
    count_contexts,
    count_types,
    find_abbreviations,
    known_abbreviations,
    punkt_tokens,
    sentence_model,
    train_sentence_model,
)
from newsdesk.text.tokens import Token, token_texts, tokenize

__all__ = [
    "ContextCounts",
    "Sentence",
    "TextConfig",
    "Token",
    "TypeCounts",
    "count_contexts",
    "count_types",
    "find_abbreviations",
    "known_abbreviations",
    "punkt_tokens",
    "sentence_model",
    "sentence_spans",
    "split_sentences",
    "token_texts",
    "tokenize",
    "train_sentence_model",
]

_LINE = re.compile(r"[^\n]+")
# No sentence starts with a bracket closing or a comma: such a piece joins the sentence before.
_NO_SENTENCE_START = frozenset(")]},;:")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text[start:end] == sentence.text``; it never crosses a paragraph."""

    index: int
    start: int
    end: int
    text: str
    #: empty when split with ``tokens=False``
    tokens: tuple[Token, ...]
    paragraph: int


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each non-blank line is a paragraph; yields its span without surrounding white space."""
    for line in _LINE.finditer(text):
        chunk = line.group()
        stripped = chunk.strip()
        if stripped:
            start = line.start() + (len(chunk) - len(chunk.lstrip()))
            yield start, start + len(stripped)


def split_sentences(text: str, config: TextConfig | None = None, *, tokens: bool = True) -> list[Sentence]:
    """Split cleaned text into sentences and tokens, with character offsets.

    Args:
        text: cleaned article text; every line is a paragraph.
        config: the Punkt model to use (see ``train_sentence_model``).
        tokens: False leaves each sentence's ``tokens`` empty (a build needs only the tokens'
            strings, ``token_texts``; no stage reads a token's offsets).

    Returns:
        Sentences in order; ``text[s.start:s.end] == s.text`` for each.

    >>> sentences = split_sentences('Dr. Petrova said "It works." Then she left.\\nNext line')
    >>> [(s.text, s.paragraph) for s in sentences]
    [('Dr. Petrova said "It works."', 0), ('Then she left.', 0), ('Next line', 1)]
    """
    return [
        Sentence(index, start, end, text[start:end], tokenize(text[start:end], start) if tokens else (), paragraph)
        for index, (paragraph, start, end) in enumerate(sentence_spans(text, config))
    ]


def sentence_spans(text: str, config: TextConfig | None = None) -> list[tuple[int, int, int]]:
    """Where ``split_sentences`` puts each sentence: (paragraph, start, end), without tokenizing.

    >>> sentence_spans("Dr. Petrova spoke. She left.\\nNext")
    [(0, 0, 18), (0, 19, 28), (1, 29, 33)]
    """
    tokenizer = _sentence_tokenizer((config or _default_config()).parameters)
    spans: list[tuple[int, int, int]] = []
    for paragraph, (para_start, para_end) in enumerate(_paragraph_spans(text)):
        chunk = text[para_start:para_end]
        for start, end in _joined_spans(chunk, tokenizer.span_tokenize(chunk)):
            piece = chunk[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            spans.append((paragraph, para_start + start, para_start + start + len(stripped)))
    return spans


def _joined_spans(chunk: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Punkt's spans, with a piece that opens with closing punctuation (``), who ...``) joined to
    the sentence before it: no sentence starts with a bracket closing or a comma."""
    pending: tuple[int, int] | None = None
    for start, end in spans:
        if pending is not None and chunk[start:end].lstrip()[:1] in _NO_SENTENCE_START:
            pending = (pending[0], end)
            continue
        if pending is not None:
            yield pending
        pending = (start, end)
    if pending is not None:
        yield pending

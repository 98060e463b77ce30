"""Sentences and tokens, each carrying character offsets into the cleaned text.

Sentences come from an nltk Punkt model trained on the corpus itself (no downloaded data) and
seeded with a list of known abbreviations; tokens come from nltk's Treebank tokenizer, aligned
back to the text so that ``text[start:end]`` is always the token as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from nltk.tokenize import TreebankWordTokenizer
from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
)

from newsdesk.resources import read_word_list

__all__ = [
    "Sentence",
    "TextConfig",
    "Token",
    "sentence_spans",
    "split_sentences",
    "tokenize",
    "train_sentence_model",
]

_LINE = re.compile(r"[^\n]+")


# nltk (3.9+) wraps every regex of Punkt and the Treebank tokenizer in a per-call timeout guard
# built on the third-party ``regex`` module; on news text that guard cost about a third of the
# time spent splitting. The classes below are nltk's own, with the same patterns compiled once
# by the standard ``re`` (these patterns have no catastrophic backtracking; tokens and sentences
# are identical, which tests/test_text.py checks against nltk on real articles).
def _plain(pattern: Any, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern.pattern, flags)


def _plain_rules(rules: Iterable[tuple[Any, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(_plain(pattern), substitution) for pattern, substitution in rules]


class _Treebank(TreebankWordTokenizer):  # type: ignore[misc]
    """nltk's Treebank word tokenizer, its regexes compiled by ``re``, each rule run only when
    the sentence holds a character the rule needs (a rule that cannot match leaves the text as
    it is, so the tokens are nltk's; most sentences need 4 of the 26 rules)."""

    STARTING_QUOTES = _plain_rules(TreebankWordTokenizer.STARTING_QUOTES)
    PUNCTUATION = _plain_rules(TreebankWordTokenizer.PUNCTUATION)
    PARENS_BRACKETS = _plain_rules([TreebankWordTokenizer.PARENS_BRACKETS])[0]
    DOUBLE_DASHES = _plain_rules([TreebankWordTokenizer.DOUBLE_DASHES])[0]
    ENDING_QUOTES = _plain_rules(TreebankWordTokenizer.ENDING_QUOTES)
    # Every contraction rule (CONTRACTIONS2 and 3) matches one of these words, in lower case.
    _CONTRACTIONS = ("cannot", "d'ye", "gimme", "gonna", "gotta", "lemme", "more'n", "wanna", "'tis", "'twas")

    def tokenize(self, text: str, convert_parentheses: bool = False, return_str: bool = False) -> list[str]:
        # Each test below is what the rule after it needs in order to match at all.
        if '"' in text or "``" in text or "''" in text:
            for regexp, substitution in self.STARTING_QUOTES:
                text = regexp.sub(substitution, text)
        rules = self.PUNCTUATION
        if ":" in text or "," in text:
            text = rules[0][0].sub(rules[0][1], text)
            text = rules[1][0].sub(rules[1][1], text)
        if "..." in text:
            text = rules[2][0].sub(rules[2][1], text)
        if ";" in text or "@" in text or "#" in text or "$" in text or "%" in text or "&" in text:
            text = rules[3][0].sub(rules[3][1], text)
        if "." in text:
            text = rules[4][0].sub(rules[4][1], text)
        if "?" in text or "!" in text:
            text = rules[5][0].sub(rules[5][1], text)
        if "' " in text:
            text = rules[6][0].sub(rules[6][1], text)
        if _BRACKET.search(text):
            text = self.PARENS_BRACKETS[0].sub(self.PARENS_BRACKETS[1], text)
        if "--" in text:
            text = self.DOUBLE_DASHES[0].sub(self.DOUBLE_DASHES[1], text)
        text = " " + text + " "
        rules = self.ENDING_QUOTES
        if "''" in text:
            text = rules[0][0].sub(rules[0][1], text)
        if '"' in text:
            text = rules[1][0].sub(rules[1][1], text)
        if "'" in text:
            text = rules[2][0].sub(rules[2][1], text)
            text = rules[3][0].sub(rules[3][1], text)
        lower = text.lower()
        if any(word in lower for word in self._CONTRACTIONS):
            for regexp in self.CONTRACTIONS2:
                text = regexp.sub(r" \1 \2 ", text)
            for regexp in self.CONTRACTIONS3:
                text = regexp.sub(r" \1 \2 ", text)
        return text.split()


_NON_PUNCT = re.compile(r"[^\W\d]")
_BRACKET = re.compile(r"[\]\[\(\)\{\}\<\>]")


class _PunktToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its regexes compiled by ``re``."""

    _RE_ELLIPSIS = _plain(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _plain(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _plain(PunktToken._RE_INITIAL)
    _RE_ALPHA = _plain(PunktToken._RE_ALPHA)

    @property
    def is_non_punct(self) -> re.Match[str] | None:
        return _NON_PUNCT.search(self.type)


class _PunktLanguage(PunktLanguageVars):  # type: ignore[misc]
    """Punkt's English settings, its regexes compiled once by ``re``."""

    re_boundary_realignment = _plain(PunktLanguageVars.re_boundary_realignment, re.MULTILINE)

    def __init__(self) -> None:
        super().__init__()
        variables = {"NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                     "WordStart": self._re_word_start, "SentEndChars": self._re_sent_end_chars}  # fmt: skip
        self._word_pattern = re.compile(self._word_tokenize_fmt % variables, re.VERBOSE)
        self._period_pattern = re.compile(self._period_context_fmt % variables, re.VERBOSE)

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return self._word_pattern

    def period_context_re(self) -> re.Pattern[str]:
        return self._period_pattern


_TREEBANK = _Treebank()
# The Treebank tokenizer rewrites double quotes as `` and ''; these are the marks they stand for.
_QUOTE_TOKENS = frozenset({"``", "''", '"'})
_FALLBACK_TOKEN = re.compile(r"\w+|[^\w\s]")
# The Treebank rules know straight quotes only; curly ones are mapped one character to one for
# tokenizing, so offsets are unchanged and tokens are sliced from the text as written.
_NO_SENTENCE_START = frozenset(")]},;:")
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class Token(NamedTuple):
    """A token and its character offsets (a named tuple: a build makes about 400 per article)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text[start:end] == sentence.text``; it never crosses a paragraph."""

    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    paragraph: int


@cache
def known_abbreviations() -> frozenset[str]:
    """Abbreviations from ``resources/abbreviations.txt`` (lower case, no final stop)."""
    return frozenset(read_word_list("abbreviations.txt"))


def _default_parameters() -> PunktParameters:
    parameters = PunktParameters()
    parameters.abbrev_types = set(known_abbreviations())
    return parameters


@dataclass(frozen=True, slots=True)
class TextConfig:
    """How to split: a Punkt model (by default untrained, with the known abbreviations)."""

    parameters: PunktParameters = field(default_factory=_default_parameters)


# Punkt's statistics settle long before a large corpus ends; past this much text, training only
# costs time (on the BBC set, about 40% of a build was training).
TRAINING_CHARS = 5_000_000


def train_sentence_model(texts: Iterable[str], max_chars: int = TRAINING_CHARS) -> TextConfig:
    """Train Punkt on a corpus (its first ``max_chars`` characters) and add the known abbreviations.

    Args:
        texts: the cleaned texts of the corpus.
        max_chars: stop training once this much text has been seen.

    Returns:
        A TextConfig whose model knows the corpus's abbreviations, collocations and
        sentence starters.

    >>> config = train_sentence_model(["Dr. Petrova spoke. She said it was fine."])
    >>> [s.text for s in split_sentences("Dr. Petrova spoke. She agreed.", config)]
    ['Dr. Petrova spoke.', 'She agreed.']
    """
    trainer = PunktTrainer(lang_vars=_PunktLanguage(), token_cls=_PunktToken)
    trainer.INCLUDE_ALL_COLLOCS = True
    seen = 0
    for text in texts:
        trainer.train(text, finalize=False)
        seen += len(text)
        if seen >= max_chars:
            break
    trainer.finalize_training()
    parameters = trainer.get_params()
    parameters.abbrev_types |= known_abbreviations()
    return TextConfig(parameters=parameters)


@cache
def _sentence_tokenizer(parameters: PunktParameters) -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(parameters, lang_vars=_PunktLanguage(), token_cls=_PunktToken)


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each non-blank line is a paragraph; yields its span without surrounding white space."""
    for line in _LINE.finditer(text):
        chunk = line.group()
        stripped = chunk.strip()
        if stripped:
            start = line.start() + (len(chunk) - len(chunk.lstrip()))
            yield start, start + len(stripped)


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Treebank tokens of ``text`` with offsets (plus ``offset``) into the original string.

    >>> [t.text for t in tokenize('He said: "We can\\'t."')]
    ['He', 'said', ':', '"', 'We', 'ca', "n't", '.', '"']
    >>> [t.text for t in tokenize("“New Zealand’s”")]
    ['“', 'New', 'Zealand', '’s', '”']
    """
    original = text
    text = text.translate(_STRAIGHTEN)
    tokens: list[Token] = []
    append = tokens.append
    find = text.find
    position = 0
    for word in _TREEBANK.tokenize(text):
        if word in _QUOTE_TOKENS:
            found = _find_quote(text, position)
            width = 2 if text.startswith(("``", "''"), found) else 1
        else:
            found = find(word, position)
            width = len(word)
        if found < 0:
            # The tokenizer rewrote something we cannot align: fall back to a plain split
            # for the rest, so offsets stay true to the text.
            tokens.extend(
                Token(m.start() + offset, m.end() + offset, original[m.start() : m.end()])
                for m in _FALLBACK_TOKEN.finditer(text, position)
            )
            return tuple(tokens)
        position = found + width
        append(Token(found + offset, position + offset, original[found:position]))
    return tuple(tokens)


def _find_quote(text: str, position: int) -> int:
    candidates = [i for i in (text.find(m, position) for m in ('"', "``", "''")) if i >= 0]
    return min(candidates) if candidates else -1


def split_sentences(text: str, config: TextConfig | None = None) -> list[Sentence]:
    """Split cleaned text into sentences and tokens, with character offsets.

    Args:
        text: cleaned article text; every line is a paragraph.
        config: the Punkt model to use (see ``train_sentence_model``).

    Returns:
        Sentences in order; ``text[s.start:s.end] == s.text`` for each.

    >>> sentences = split_sentences('Dr. Petrova said "It works." Then she left.\\nNext line')
    >>> [(s.text, s.paragraph) for s in sentences]
    [('Dr. Petrova said "It works."', 0), ('Then she left.', 0), ('Next line', 1)]
    """
    return [
        Sentence(index, start, end, text[start:end], tokenize(text[start:end], start), paragraph)
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


@cache
def _default_config() -> TextConfig:
    return TextConfig()

"""Punkt, the sentence model: nltk's classes with their regexes compiled once, and training in
two passes whose counts add up (so a build can keep them per article)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from nltk.probability import FreqDist
from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
)

from newsdesk.resources import read_word_list
from newsdesk.text.tokens import _plain

__all__ = [
    "ContextCounts",
    "TextConfig",
    "TypeCounts",
    "count_contexts",
    "count_types",
    "find_abbreviations",
    "known_abbreviations",
    "punkt_tokens",
    "sentence_model",
    "train_sentence_model",
]

_NON_PUNCT = re.compile(r"[^\W\d]")
_NUMBER_SUB = _plain(PunktToken._RE_NUMERIC).sub


class _PunktToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its regexes compiled by ``re``."""

    _RE_ELLIPSIS = _plain(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _plain(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _plain(PunktToken._RE_INITIAL)
    _RE_ALPHA = _plain(PunktToken._RE_ALPHA)

    def __init__(self, tok: str, **params: object) -> None:
        # nltk's __init__, without a method call for the type and a setattr per annotation.
        self.tok = tok
        self.type = _NUMBER_SUB("##number##", tok.lower())
        self.period_final = tok.endswith(".")
        self.parastart = self.linestart = self.sentbreak = self.abbr = self.ellipsis = None
        for name, value in params.items():
            setattr(self, name, value)

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
# Punkt's orthographic context flags (nltk.tokenize.punkt._ORTHO_BEG_UC, _ORTHO_MID_UC).
_ORTHO_BEG_UC, _ORTHO_MID_UC = 1 << 1, 1 << 2


# Training in two passes, so that the model is a function of the set of texts, not of their order:
# nltk's trainer decides abbreviations text by text as it goes, so the same texts in another order
# give another model and one more text means training on all of them again. Here the first pass
# counts types in each text; the abbreviations follow from the summed counts; the second pass counts
# each text's contexts given those abbreviations; the model follows from the summed contexts. For
# one text this is exactly nltk's training (tests/test_text.py); a build keeps each article's counts
# and, when articles come and go, counts only those whose abbreviation look-ups changed.
@dataclass(frozen=True, slots=True)
class TypeCounts:
    """Punkt's first pass over some texts: each type's count, and what the annotation looks up."""

    types: dict[str, int]
    period_tokens: int
    #: Words that Punkt's first pass looks up among the abbreviations (before a final period).
    lookups: frozenset[str]


@dataclass(frozen=True, slots=True)
class ContextCounts:
    """Punkt's second pass over some texts, given the abbreviations among their ``lookups``."""

    abbreviations: frozenset[str]
    ortho: dict[str, int]
    sentbreaks: int
    starters: dict[str, int]
    collocations: dict[tuple[str, str], int]
    #: (type, next type or None): a possible rare abbreviation, decided on the corpus's counts.
    rare: frozenset[tuple[str, str | None]]


def _trainer() -> PunktTrainer:
    trainer = PunktTrainer(lang_vars=_PunktLanguage(), token_cls=_PunktToken)
    trainer.INCLUDE_ALL_COLLOCS = True
    return trainer


def punkt_tokens(texts: Iterable[str]) -> list[list[PunktToken]]:
    """Punkt's word tokens of each text, as its trainer sees them."""
    trainer = _trainer()
    return [list(trainer._tokenize_words(text)) for text in texts]


def count_types(tokens: Iterable[Iterable[PunktToken]]) -> TypeCounts:
    """The first pass: type counts, period-final tokens, abbreviation look-ups."""
    types: Counter[str] = Counter()
    period_tokens = 0
    lookups: set[str] = set()
    for text_tokens in tokens:
        for token in text_tokens:
            types[token.type] += 1
            if token.period_final:
                period_tokens += 1
                word = token.tok[:-1].lower()
                lookups.update((word, word.split("-")[-1]))
    return TypeCounts(dict(types), period_tokens, frozenset(lookups))


def find_abbreviations(types: Mapping[str, int], period_tokens: int) -> frozenset[str]:
    """The abbreviations Punkt finds in summed type counts (before rare ones)."""
    trainer = _trainer()
    trainer._type_fdist = FreqDist(types)
    trainer._num_period_toks = period_tokens
    trainer.find_abbrev_types()
    return frozenset(trainer._params.abbrev_types)


def count_contexts(tokens: Iterable[list[PunktToken]], lookups: frozenset[str], abbreviations: frozenset[str]) -> ContextCounts:
    """The second pass: orthographic contexts, sentence starters, collocations, rare abbreviations
    (it annotates the tokens, so give each token list to it once)."""
    trainer = _trainer()
    trainer._params.abbrev_types = set(abbreviations)
    sentbreaks = 0
    starters: Counter[str] = Counter()
    collocations: Counter[tuple[str, str]] = Counter()
    rare: set[tuple[str, str | None]] = set()
    for text_tokens in tokens:
        annotated = list(trainer._annotate_first_pass(text_tokens))
        trainer._get_orthography_data(annotated)
        sentbreaks += trainer._get_sentbreak_count(annotated)
        for first, second in pairwise(annotated):
            if not first.period_final:
                continue
            if not first.abbr and first.sentbreak:
                if second.tok[:1] in trainer._lang_vars.internal_punctuation:
                    rare.add((first.type_no_sentperiod, None))
                elif second.first_lower:
                    rare.add((first.type_no_sentperiod, second.type_no_sentperiod))
            if trainer._is_potential_sent_starter(second, first):
                starters[second.type] += 1
            if trainer._is_potential_collocation(first, second):
                collocations[(first.type_no_period, second.type_no_sentperiod)] += 1
    return ContextCounts(abbreviations & lookups, dict(trainer._params.ortho_context), sentbreaks, dict(starters),
                         dict(collocations), frozenset(rare))  # fmt: skip


def sentence_model(types: Iterable[TypeCounts], contexts: Iterable[ContextCounts], abbreviations: frozenset[str]) -> TextConfig:
    """The Punkt model of summed counts (every text's contexts counted with ``abbreviations``),
    with the known abbreviations added."""
    trainer = _trainer()
    type_counts: Counter[str] = Counter()
    for counts in types:
        type_counts.update(counts.types)
    trainer._type_fdist = FreqDist(type_counts)
    ortho: defaultdict[str, int] = defaultdict(int)
    rare: set[tuple[str, str | None]] = set()
    for context in contexts:
        for key, flags in context.ortho.items():
            ortho[key] |= flags
        trainer._sentbreak_count += context.sentbreaks
        trainer._sent_starter_fdist.update(context.starters)
        trainer._collocation_fdist.update(context.collocations)
        rare |= context.rare
    parameters = trainer._params
    parameters.ortho_context = ortho
    parameters.abbrev_types = set(abbreviations)
    for word, following in rare:  # Punkt's rare-abbreviation rule, on the corpus's counts
        if word in abbreviations or type_counts[word] + type_counts[word[:-1]] >= trainer.ABBREV_BACKOFF:
            continue
        flags = ortho.get(following, 0) if following is not None else 0
        if following is None or (flags & _ORTHO_BEG_UC and not flags & _ORTHO_MID_UC):
            parameters.abbrev_types.add(word)
    trainer.finalize_training()
    parameters.abbrev_types |= known_abbreviations()
    return TextConfig(parameters=parameters)


def train_sentence_model(texts: Iterable[str], max_chars: int = TRAINING_CHARS) -> TextConfig:
    """Train Punkt on a corpus (its first ``max_chars`` characters) and add the known abbreviations.

    The model depends on the texts, not on their order (see ``count_types``).

    Args:
        texts: the cleaned texts of the corpus.
        max_chars: stop training once this much text has been seen.

    Returns:
        A TextConfig whose model knows the corpus's abbreviations, collocations and
        sentence starters.

    >>> from newsdesk.text import split_sentences
    >>> config = train_sentence_model(["Dr. Petrova spoke. She said it was fine."])
    >>> [s.text for s in split_sentences("Dr. Petrova spoke. She agreed.", config)]
    ['Dr. Petrova spoke.', 'She agreed.']
    """
    chosen: list[str] = []
    seen = 0
    for text in texts:
        chosen.append(text)
        seen += len(text)
        if seen >= max_chars:
            break
    tokens = punkt_tokens(chosen)
    types = count_types(tokens)
    abbreviations = find_abbreviations(types.types, types.period_tokens)
    return sentence_model([types], [count_contexts(tokens, types.lookups, abbreviations)], abbreviations)


@cache
def _sentence_tokenizer(parameters: PunktParameters) -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(parameters, lang_vars=_PunktLanguage(), token_cls=_PunktToken)



@cache
def _default_config() -> TextConfig:
    return TextConfig()

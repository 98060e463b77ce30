"""VADER's rules, exactly as vaderSentiment 3.3.2 applies them, in fewer steps.

The reference analyser lower-cases the whole sentence again for every lexicon word it meets
(once per negation look-back and once per idiom check) and walks every character looking for
emoji. This module lower-cases once, skips the emoji walk when no emoji character is present, and
reuses the reference's own lexicon, booster list and constants, so the scores are the same numbers,
not a look-alike. ``tests/test_sentiment.py`` compares both on the seeds and on the NYT snippets.

Kept private to the sentiment stage: use :mod:`newsdesk.sentiment.scoring`.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from vaderSentiment import vaderSentiment as reference

__all__ = [
    "VaderTrace",
    "masking_is_neutral",
    "polarity",
    "reference_analyzer",
    "reference_lexicon",
    "trace_valences",
]

_BOOSTERS: dict[str, float] = reference.BOOSTER_DICT
_SPECIAL_CASES: dict[str, float] = reference.SPECIAL_CASES
_NEGATIONS = frozenset(reference.NEGATE)
_N_SCALAR = reference.N_SCALAR
_C_INCR = reference.C_INCR
_PUNCTUATION = string.punctuation
# Every word of a multi-word special case or booster: an idiom check can only change a valence
# when one of these is near the word, so it is skipped otherwise.
_IDIOM_WORDS = frozenset(
    word
    for phrase in [*_SPECIAL_CASES, *(key for key in _BOOSTERS if " " in key)]
    for word in phrase.split()
)

# The single words any rule reads besides the scored word itself, and the phrases of the idiom
# rule: a sentence holding none of them (nor "n't") scores each lexicon word on its own.
_RULE_WORDS_ALONE = (
    _NEGATIONS
    | frozenset(key for key in _BOOSTERS if " " not in key)
    | frozenset(("no", "least", "but", "never", "so", "this", "without", "doubt", "kind"))
)
_PHRASE = re.compile(
    "|".join(re.escape(phrase) for phrase in sorted([*_SPECIAL_CASES, *(key for key in _BOOSTERS if " " in key)]))
)


@dataclass(frozen=True, slots=True)
class VaderTrace:
    """What VADER saw in one sentence: its words, each word's valence, and the four scores."""

    text: str  # the text VADER scored (emoji replaced by their descriptions, stripped)
    words: tuple[str, ...]
    valences: tuple[float, ...]  # one per word, after every rule (negation, boosters, "but")
    punctuation_emphasis: float  # added to |sum of valences| for "!" and "??"
    compound: float
    pos: float
    neu: float
    neg: float


@functools.cache
def reference_analyzer() -> reference.SentimentIntensityAnalyzer:
    """The vaderSentiment 3.3.2 analyser, built once (its lexicon ships inside the package)."""
    return reference.SentimentIntensityAnalyzer()


def reference_lexicon() -> Mapping[str, float]:
    """The reference lexicon (word -> mean human valence, -4..4)."""
    lexicon: Mapping[str, float] = reference_analyzer().lexicon
    return lexicon


@functools.cache
def _emoji_characters() -> frozenset[str]:
    # Only single characters can match: the reference compares the sentence char by char.
    return frozenset(key for key in reference_analyzer().emojis if len(key) == 1)


def _replace_emoji(text: str) -> str:
    """The reference's emoji substitution, run only when an emoji is present."""
    if text.isascii() or _emoji_characters().isdisjoint(text):
        return text
    emojis = reference_analyzer().emojis
    pieces: list[str] = []
    previous_space = True
    for character in text:
        if character in emojis:
            if not previous_space:
                pieces.append(" ")
            pieces.append(emojis[character])
            previous_space = False
        else:
            pieces.append(character)
            previous_space = character == " "
    return "".join(pieces)


def _is_negation(word_lower: str) -> bool:
    return word_lower in _NEGATIONS or "n't" in word_lower


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _is_negation(lower[i - 1]):
            valence = valence * _N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _is_negation(lower[i - 2]):
            valence = valence * _N_SCALAR
    else:
        if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in (
            "so",
            "this",
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _is_negation(lower[i - 3]):
            valence = valence * _N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    if _IDIOM_WORDS.isdisjoint(lower[i - 3 : i + 3]):
        return valence
    one_zero = f"{lower[i - 1]} {lower[i]}"
    two_one_zero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    two_one = f"{lower[i - 2]} {lower[i - 1]}"
    three_two_one = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    three_two = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
        if sequence in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[sequence]
            break
    if len(lower) - 1 > i:
        zero_one = f"{lower[i]} {lower[i + 1]}"
        if zero_one in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zero_one]
    if len(lower) - 1 > i + 1:
        zero_one_two = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zero_one_two in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zero_one_two]
    for n_gram in (three_two_one, three_two, two_one):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _word_valence(
    i: int,
    words: list[str],
    lower: list[str],
    in_lexicon: list[bool],
    lexicon: Mapping[str, float],
    is_cap_diff: bool,
) -> float:
    """``SentimentIntensityAnalyzer.sentiment_valence`` for one lexicon word."""
    word_lower = lower[i]
    valence = lexicon[word_lower]
    if word_lower == "no" and i != len(words) - 1 and in_lexicon[i + 1]:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[word_lower] * _N_SCALAR
    if is_cap_diff and words[i].isupper():
        valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
    for start_i in range(3):
        before = i - (start_i + 1)
        if i > start_i and not in_lexicon[before]:
            scalar = 0.0
            if lower[before] in _BOOSTERS:
                scalar = _BOOSTERS[lower[before]]
                if valence < 0:
                    scalar *= -1
                if is_cap_diff and words[before].isupper():
                    scalar = scalar + _C_INCR if valence > 0 else scalar - _C_INCR
            if start_i == 1 and scalar != 0:
                scalar = scalar * 0.95
            if start_i == 2 and scalar != 0:
                scalar = scalar * 0.9
            valence = valence + scalar
            valence = _negation_check(valence, lower, start_i, i)
            if start_i == 2:
                valence = _special_idioms_check(valence, lower, i)
    # "least" negates ("least compelling") unless it is "at least" / "very least".
    if i > 1 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def _words(text: str) -> list[str]:
    """VADER's words: split on white space, punctuation stripped unless two characters or fewer remain."""
    return [token if len(stripped := token.strip(_PUNCTUATION)) <= 2 else stripped for token in text.split()]


def _valences(text: str, lexicon: Mapping[str, float]) -> tuple[str, list[str], list[float], int]:
    """The text VADER scores, its words, their valences and how many valences are non-zero."""
    text = _replace_emoji(text).strip()
    words = _words(text)
    # Words hold no spaces, so one lower() over the joined words equals lowering each word.
    joined = " ".join(words).lower()
    lower = joined.split(" ") if words else []
    in_lexicon = [word in lexicon for word in lower]
    valences: list[float] = [0] * len(words)
    if not any(in_lexicon):
        # No lexicon word: every valence is 0 whatever the other rules say.
        return text, words, valences, 0
    allcaps = sum(map(str.isupper, words))
    is_cap_diff = 0 < len(words) - allcaps < len(words)
    last = len(words) - 1
    nonzero = 0
    if _RULE_WORDS_ALONE.isdisjoint(lower) and "n't" not in joined and not _PHRASE.search(joined):
        # No word here changes another's valence (no negation, booster, "no", "least", "but",
        # "so"/"this", "never", "without", "kind", idiom): each lexicon word keeps its own valence,
        # with the capitals rule; the rules' additions of 0.0 change no number.
        for i, found in enumerate(in_lexicon):
            if found:
                valence = lexicon[lower[i]]
                if is_cap_diff and words[i].isupper():
                    valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
                valences[i] = valence
                nonzero += valence != 0
        return text, words, valences, nonzero
    for i, found in enumerate(in_lexicon):
        if not found:
            continue
        word_lower = lower[i]
        if word_lower in _BOOSTERS or (i < last and word_lower == "kind" and lower[i + 1] == "of"):
            continue
        valence = _word_valence(i, words, lower, in_lexicon, lexicon, is_cap_diff)
        valences[i] = valence
        nonzero += valence != 0
    if "but" in lower:
        valences = reference.SentimentIntensityAnalyzer._but_check(words, valences)
        nonzero = sum(1 for valence in valences if valence != 0)
    return text, words, valences, nonzero


def _scores(
    text: str, valences: list[float], nonzero: int
) -> tuple[float, float, float, float, float]:
    """``SentimentIntensityAnalyzer.score_valence``: compound, pos, neu, neg, emphasis used.

    Zeros add nothing to any sum, so only the non-zero valences are visited, in the same order
    as the reference (floating-point sums are order-sensitive).
    """
    if not valences:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    if not nonzero:
        return 0.0, 0.0, 1.0, 0.0, 0.0
    sum_s = 0.0
    pos_sum = 0.0
    neg_sum = 0.0
    for valence in valences:
        if valence:
            sum_s += valence
            if valence > 0:
                pos_sum += float(valence) + 1
            else:
                neg_sum += float(valence) - 1
    neu_count = len(valences) - nonzero
    emphasis = (
        reference_analyzer()._punctuation_emphasis(text) if ("!" in text or "?" in text) else 0
    )
    used = 0.0
    if sum_s > 0:
        sum_s += emphasis
        used = emphasis
    elif sum_s < 0:
        sum_s -= emphasis
        used = emphasis
    compound = reference.normalize(sum_s)
    if pos_sum > math.fabs(neg_sum):
        pos_sum += emphasis
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= emphasis
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(compound, 4),
        round(math.fabs(pos_sum / total), 3),
        round(math.fabs(neu_count / total), 3),
        round(math.fabs(neg_sum / total), 3),
        float(used),
    )


def polarity(
    text: str, lexicon: Mapping[str, float] | None = None
) -> tuple[float, float, float, float, int]:
    """compound, pos, neu, neg and the number of words VADER reads, without the trace.

    >>> polarity("The book was good.")
    (0.4404, 0.492, 0.508, 0.0, 4)
    """
    text, words, valences, nonzero = _valences(
        text, reference_lexicon() if lexicon is None else lexicon
    )
    compound, pos, neu, neg, _ = _scores(text, valences, nonzero)
    return compound, pos, neu, neg, len(words)


def trace_valences(text: str, lexicon: Mapping[str, float] | None = None) -> VaderTrace:
    """Score one sentence with VADER's rules and keep every word's valence.

    Args:
        text: the sentence.
        lexicon: word -> valence; the reference lexicon when None.

    Returns:
        A :class:`VaderTrace` whose scores equal ``polarity_scores(text)`` of vaderSentiment 3.3.2
        whenever the reference lexicon is used.

    >>> trace = trace_valences("The book was good.")
    >>> trace.compound, trace.words, trace.valences
    (0.4404, ('The', 'book', 'was', 'good'), (0, 0, 0, 1.9))
    """
    text, words, valences, nonzero = _valences(
        text, reference_lexicon() if lexicon is None else lexicon
    )
    compound, pos, neu, neg, emphasis = _scores(text, valences, nonzero)
    return VaderTrace(text, tuple(words), tuple(valences), emphasis, compound, pos, neu, neg)


# Words that change another word's valence (negations, boosters, idioms, "but", "least"...): a
# masked word among them could change the score, so masking it is never taken as a no-op.
_RULE_WORDS = (
    frozenset(("no", "least", "but", "never", "so", "this", "without", "doubt", "kind", "of", "or", "nor"))
    | _NEGATIONS
    | _IDIOM_WORDS
    | frozenset(_BOOSTERS)
)


def _lower_words(text: str) -> list[str]:
    """VADER's words of ``text``, lower-cased."""
    return [word.lower() for word in _words(text)]


def masking_is_neutral(text: str, start: int, end: int, lexicon: Mapping[str, float] | None = None) -> bool:
    """Whether masking ``text[start:end]`` (see ``target.mask_spans``) leaves VADER's compound
    of ``text`` as it is, so the sentence's own score can stand for the masked one.

    True only when the span is whole words, none of which VADER reads (no lexicon word, no
    negation, booster or idiom word, no "!" or "?"), no lexicon word is near enough to see them
    (two words before, three after: the reach of VADER's look-back and idiom rules), no emoji
    is present, and the share of words in capitals stays on the same side. Then every other word
    keeps its valence, in the same order, and the compound is the same number (the "but" rule
    only compares positions, which dropping words of valence 0 does not reorder).

    >>> masking_is_neutral("Other nations joined, but not the United States", 34, 47)
    False
    >>> masking_is_neutral("Officials in Wellington said the plan was good", 13, 23)
    True
    """
    lexicon = reference_lexicon() if lexicon is None else lexicon
    if (start > 0 and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
        return False
    span = text[start:end]
    if "!" in span or "?" in span:
        return False
    inside = _lower_words(span)
    if not inside or any(word in lexicon or word in _RULE_WORDS or "n't" in word for word in inside):
        return False
    near = _lower_words(" ".join(text[:start].rsplit(None, 2)[-2:] + text[end:].split(None, 3)[:3]))
    if any(word in lexicon for word in near) or _replace_emoji(text) != text:
        return False
    words = text.split()
    capitals = sum(map(str.isupper, words))
    kept, kept_capitals = len(words) - len(inside), capitals - sum(map(str.isupper, span.split()))
    return (0 < len(words) - capitals < len(words)) == (0 < kept - kept_capitals < kept)

"""Which kept articles a new sentence model may split differently, without splitting them.

Punkt decides a boundary only at a period-final token, by looking up a few entries of its model:
the word before the period among the abbreviations, the word after it among the sentence starters
and orthographic contexts, and the two together among the collocations. Its tokens start and end
next to white space or punctuation, never inside a word. So a text in which no changed entry
occurs in the place where Punkt would look it up splits exactly where it did before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from newsdesk.text import TextConfig

__all__ = ["ModelChange", "model_change"]

#: What Punkt's type ``##number##`` stands for (nltk's PunktToken._RE_NUMERIC, unanchored).
_NUMBER = r"-?[.,]?\d[\d,.-]*"


def _word(word: str) -> str:
    """A type as a pattern on case-folded text, bounded where Punkt's tokens are."""
    if word == "##number##":
        return _NUMBER
    folded = word.casefold()
    return ("(?<!\\w)" if re.match(r"\w", folded) else "") + re.escape(folded)


@dataclass(frozen=True)
class ModelChange:
    """The entries that differ between two sentence models."""

    #: Words added to or dropped from the abbreviations: looked up before a final period.
    abbreviations: frozenset[str] = frozenset()
    #: Words whose sentence-starter or orthographic entry changed: looked up after a period.
    following: frozenset[str] = frozenset()
    #: Collocations that came or went: the word before a period and the word after it.
    pairs: frozenset[tuple[str, str]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.abbreviations or self.following or self.pairs)

    def touches(self, text: str) -> bool:
        """Whether the changed model may split ``text`` differently.

        >>> ModelChange(abbreviations=frozenset({"gen"})).touches("Gen. Smith")
        True
        >>> ModelChange(abbreviations=frozenset({"gen"})).touches("The general. Then")
        False
        >>> ModelChange(following=frozenset({"sue"})).touches("The issue. Sue left.")
        True
        >>> ModelChange(following=frozenset({"sue"})).touches("The issue. Then Sue left.")
        False
        >>> ModelChange(pairs=frozenset({("owen", "r")})).touches("Owen. R. Jones")
        True
        >>> ModelChange(pairs=frozenset({("owen", "r")})).touches("Owen. Then. R. Jones")
        False
        """
        folded = text.casefold()
        near = self._near_periods
        if near is not None:
            backwards = folded[::-1]
            following, abbreviations, seconds, firsts = near
            if not (following.search(folded) or abbreviations.search(backwards)
                    or (seconds.search(folded) and firsts.search(backwards))):  # fmt: skip
                return False  # no changed entry next to a period: the common case, found fast
        return any(literal in folded and pattern.search(folded) for literal, pattern in self._patterns)

    @cached_property
    def _near_periods(self) -> tuple[re.Pattern[str], ...] | None:
        """Patterns that start at a period, so that the search skips to periods, each of which a
        text must match for a kind of entry to touch it: a changed sentence starter after one,
        a changed abbreviation before one (in the reversed text), and a collocation's second
        word after one and its first word before one. None when a number type changed, which
        only the full patterns find."""
        words = [*self.abbreviations, *self.following, *(word for pair in self.pairs for word in pair)]
        if any("##number##" in word for word in words):
            return None

        def after(found: list[str]) -> re.Pattern[str]:
            return re.compile(r"\.\s*(?:" + "|".join(sorted(re.escape(word.casefold()) for word in found)) + ")" if found else "(?!)")

        def before(found: list[str]) -> re.Pattern[str]:
            return re.compile(r"\.(?:" + "|".join(sorted(re.escape(word.casefold()[::-1]) for word in found)) + ")" if found else "(?!)")

        return (after([*self.following]), before([*self.abbreviations]),
                after([second for _, second in self.pairs]), before([first for first, _ in self.pairs]))  # fmt: skip

    @cached_property
    def _patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """Each changed entry as a word the text must contain (cheap to test) and a pattern for
        where Punkt would look it up."""
        entries = [(word, _word(word) + r"\.") for word in self.abbreviations]
        entries += [(word, r"\.\s*" + _word(word).removeprefix("(?<!\\w)")) for word in self.following]
        entries += [(first if first != "##number##" else second,
                     _word(first) + r"\.\s*" + _word(second).removeprefix("(?<!\\w)")) for first, second in self.pairs]
        return [(literal.casefold() if literal != "##number##" else "", re.compile(pattern))
                for literal, pattern in sorted(entries)]  # fmt: skip


def model_change(old: TextConfig, new: TextConfig) -> ModelChange:
    """The entries of the abbreviations, sentence starters, orthographic contexts and
    collocations that differ between two models."""
    before, after = old.parameters, new.parameters
    following = set(before.sent_starters ^ after.sent_starters)
    following.update(key for key in set(before.ortho_context) | set(after.ortho_context)
                     if before.ortho_context.get(key, 0) != after.ortho_context.get(key, 0))  # fmt: skip
    return ModelChange(frozenset(before.abbrev_types ^ after.abbrev_types), frozenset(following),
                       frozenset(before.collocations ^ after.collocations))  # fmt: skip

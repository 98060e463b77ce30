"""Tokens: nltk's Treebank word tokenizer, aligned back to the text so that
``text[start:end]`` is always the token as written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from nltk.tokenize import TreebankWordTokenizer

__all__ = ["Token", "token_texts", "tokenize"]


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
    # Every match of the last ending-quotes rule ends with one of these.
    _CONTRACTION_ENDINGS = ("'ll ", "'LL ", "'re ", "'RE ", "'ve ", "'VE ", "n't ", "N'T ")

    def tokenize(self, text: str, convert_parentheses: bool = False, return_str: bool = False) -> list[str]:
        # Each test below is what the rule after it needs in order to match at all. A substitution
        # that names groups is a function of the match writing the same text (re expands a
        # template in Python, once per match: a third of tokenizing went there), and a rule that
        # spaces out single characters is one ``str.replace`` per character present.
        if '"' in text or "``" in text or "''" in text:
            rules = self.STARTING_QUOTES
            text = rules[0][0].sub(rules[0][1], text)
            text = text.replace("``", " `` ")  # (``) -> " \1 "
            text = rules[2][0].sub(_starting_quote, text)
        rules = self.PUNCTUATION
        if ":" in text or "," in text:
            text = rules[0][0].sub(_spaced_pair, text)
            if text.endswith((":", ",", ":\n", ",\n")):  # ([:,])$
                text = rules[1][0].sub(rules[1][1], text)
        if "..." in text:
            text = rules[2][0].sub(rules[2][1], text)
        text = _spaced(text, ";@#$%&")
        # A full stop, then only closing brackets or quotes, then only white space (as \s is).
        if text.rstrip().rstrip("])}>\"'").endswith("."):
            text = rules[4][0].sub(_final_stop, text)
        text = _spaced(text, "?!")
        if "' " in text:
            text = rules[6][0].sub(_spaced_quote, text)
        text = _spaced(text, "][(){}<>")
        if "--" in text:
            text = self.DOUBLE_DASHES[0].sub(self.DOUBLE_DASHES[1], text)
        text = " " + text + " "
        if "''" in text:
            text = text.replace("''", " '' ")
        if '"' in text:
            text = text.replace('"', " '' ")
        if "'" in text:
            rules = self.ENDING_QUOTES
            text = rules[2][0].sub(_split_ending, text)
            if any(ending in text for ending in self._CONTRACTION_ENDINGS):
                text = rules[3][0].sub(_split_ending, text)
        lower = text.lower()
        if any(word in lower for word in self._CONTRACTIONS):
            for regexp in self.CONTRACTIONS2:
                text = regexp.sub(r" \1 \2 ", text)
            for regexp in self.CONTRACTIONS3:
                text = regexp.sub(r" \1 \2 ", text)
        return text.split()


# The Treebank substitutions, as functions of the match (every group they name always takes part).
def _starting_quote(match: re.Match[str]) -> str:  # "\1 `` "
    return match[1] + " `` "


def _spaced_pair(match: re.Match[str]) -> str:  # " \1 \2"
    return f" {match[1]} {match[2]}"


def _final_stop(match: re.Match[str]) -> str:  # "\1 \2\3 "
    return f"{match[1]} {match[2]}{match[3]} "


def _spaced_quote(match: re.Match[str]) -> str:  # "\1 ' "
    return match[1] + " ' "


def _split_ending(match: re.Match[str]) -> str:  # "\1 \2 "
    return f"{match[1]} {match[2]} "


def _spaced(text: str, characters: str) -> str:
    """Each of ``characters`` with a space either side, as a ``[...]`` rule spacing out its match does."""
    for character in characters:
        if character in text:
            text = text.replace(character, f" {character} ")
    return text



_TREEBANK = _Treebank()
# The Treebank tokenizer rewrites double quotes as `` and ''; these are the marks they stand for.
_QUOTE_TOKENS = frozenset({"``", "''", '"'})
_FALLBACK_TOKEN = re.compile(r"\w+|[^\w\s]")
# The Treebank rules know straight quotes only; curly ones are mapped one character to one for
# tokenizing, so offsets are unchanged and tokens are sliced from the text as written.
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})



class Token(NamedTuple):
    """A token and its character offsets (a named tuple: a build makes about 400 per article)."""

    start: int
    end: int
    text: str



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


def token_texts(text: str) -> list[str]:
    """The tokens' strings, as ``[t.text for t in tokenize(text)]`` gives them, aligned only when
    they must be: without backquotes, two apostrophes or curly quotes, the Treebank rules only put
    spaces between characters and write a straight double quote as `` or '', so its words are the
    tokens as written, those two marks apart (tests/test_text.py).

    >>> token_texts("He can't go."), token_texts("“We can’t,” he said")
    (['He', 'ca', "n't", 'go', '.'], ['“', 'We', 'ca', 'n’t', ',', '”', 'he', 'said'])
    """
    if "''" in text or "`" in text or "’" in text or "‘" in text or "“" in text or "”" in text:
        return [token.text for token in tokenize(text)]
    if '"' in text:
        # Then each `` or '' the rules write stands for one straight double quote of the text.
        return ['"' if word == "``" or word == "''" else word for word in _TREEBANK.tokenize(text)]
    return _TREEBANK.tokenize(text)

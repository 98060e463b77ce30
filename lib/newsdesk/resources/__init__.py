"""Data files (word lists, gazetteers, patterns); see README.md here for where each came from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

__all__ = ["alternation", "read_rows", "read_text", "read_word_list", "reporting_verbs", "stopwords"]


@cache
def read_text(name: str) -> str:
    """The text of a resource file, as UTF-8 (read once)."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_word_list(name: str) -> list[str]:
    """Non-blank lines of a resource file, without ``#`` comment lines, stripped.

    >>> "dr" in read_word_list("abbreviations.txt")
    True
    """
    return [
        line.strip()
        for line in read_text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of a resource table, without ``#`` comment lines (fields kept
    as written, empty ones included).

    >>> read_rows("outlet_countries.tsv")[0]
    ('RNZ', 'NZ')
    """
    return tuple(
        tuple(line.split("\t"))
        for line in read_text(name).splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def stopwords() -> frozenset[str]:
    """The English function words of ``stopwords_en.txt`` ("the", "of", "that", ...).

    >>> {"the", "that", "by"} <= stopwords()
    True
    """
    return frozenset(read_word_list("stopwords_en.txt"))


@cache
def _reporting_verb_uses() -> dict[str, tuple[str, ...]]:
    uses = {}
    for line in read_word_list("reporting_verb_uses.tsv"):
        use, forms, _where = line.split("\t")
        uses[use] = tuple(forms.split())
    return uses


@cache
def reporting_verbs(use: str | None = None) -> frozenset[str]:
    """Every written form of the reporting verbs (``reporting_verbs.txt``), or the forms one
    pattern uses (``reporting_verb_uses.tsv``: "inverted", "speaks", "weak_past", ...).

    >>> {"said", "told", "wrote"} <= reporting_verbs()
    True
    >>> sorted(reporting_verbs("weak_past"))
    ['said', 'told']
    """
    if use is None:
        return frozenset(w for line in read_word_list("reporting_verbs.txt") for w in line.split())
    return frozenset(_reporting_verb_uses()[use])


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so "says" wins over "say").

    >>> alternation(["say", "says"])
    'says|say'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

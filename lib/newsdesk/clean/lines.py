"""Which lines of a page are not the article, and why.

Rules are data (``resources/boilerplate.tsv``) plus a few shapes no word list can name:
teasers cut off with an ellipsis, repeated paragraphs, and lines an outlet repeats across its
articles (learnt from the corpus by ``find_repeated_lines``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from newsdesk.resources import read_word_list

__all__ = [
    "BoilerplateConfig",
    "classify_lines",
    "find_inline_captions",
    "find_repeated_lines",
    "line_key",
]

_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
_CLOSING_QUOTE_END = re.compile(r"[”\"’']\s*$")
# A caption glued to the start of a paragraph: "US Navy photo shows ... . Based in X." or
# "Ministers meet amid turmoil. Photo via AFP".
_INLINE_CAPTIONS = (
    re.compile(r"^[^.\n]{0,200}\bphoto shows\b[^.\n]*\.(?:\s+[A-Z][^.\n]{0,40}\.)?\s*"),
    re.compile(r"^[^.\n]{0,200}\.\s*photo (?:via|by|:) [A-Z][\w&-]*\s*", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class BoilerplateConfig:
    """Thresholds for the learnt and shape-based rules."""

    # A line counts as outlet furniture when it recurs in at least this many of an outlet's
    # articles and this share of them; long lines are left alone (they are reporting, or quotes
    # two stories share, which a researcher wants to see).
    repeated_min_articles: int = 3
    repeated_min_share: float = 0.3
    repeated_max_chars: int = 300
    # A teaser is a short line cut off with an ellipsis.
    teaser_max_words: int = 30
    # A paragraph that opens with the previous paragraph's text repeats it (captions are often
    # printed twice, the second time with a credit).
    duplicate_min_chars: int = 20


@cache
def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = []
    for line in read_word_list("boilerplate.tsv"):
        reason, _, pattern = line.partition("\t")
        rules.append((reason.strip(), re.compile(rf"(?:{pattern.strip()})", re.IGNORECASE)))
    return tuple(rules)


def line_key(line: str) -> str:
    """A line folded for comparison: NFKC, lower case, single spaces.

    >>> line_key("  Sign up   to THE Daily H ")
    'sign up to the daily h'
    """
    return " ".join(unicodedata.normalize("NFKC", line).lower().split())


def find_repeated_lines(
    lines_by_outlet: Mapping[str, Sequence[Iterable[str]]],
    config: BoilerplateConfig | None = None,
) -> frozenset[str]:
    """Lines (as ``line_key``) that an outlet repeats across many of its articles.

    Args:
        lines_by_outlet: for each outlet, the lines of each of its articles.
        config: thresholds.

    Returns:
        The keys of the repeated lines.

    >>> find_repeated_lines({"A": [["Intro", "Follow us"], ["Other", "Follow us"],
    ...                            ["Third", "Follow us"]]})
    frozenset({'follow us'})
    """
    config = config or BoilerplateConfig()
    repeated: set[str] = set()
    for articles in lines_by_outlet.values():
        counts: Counter[str] = Counter()
        for lines in articles:
            counts.update(
                {line_key(line) for line in lines if 0 < len(line) <= config.repeated_max_chars}
            )
        needed = max(config.repeated_min_articles, config.repeated_min_share * len(articles))
        repeated.update(key for key, count in counts.items() if key and count >= needed)
    return frozenset(repeated)


def find_inline_captions(line: str) -> list[tuple[int, int]]:
    """Spans of photo captions glued to the start of a paragraph.

    >>> line = "Ministers meet amid turmoil. Photo via AFP Senior officials met."
    >>> [line[a:b] for a, b in find_inline_captions(line)]
    ['Ministers meet amid turmoil. Photo via AFP ']
    """
    for pattern in _INLINE_CAPTIONS:
        match = pattern.match(line)
        if match and match.end() < len(line):
            return [match.span()]
    return []


@cache
def _all_rules() -> re.Pattern[str]:
    """Every rule in one pattern, in file order: the first rule that matches the whole line is
    the alternative ``fullmatch`` takes, as trying them one by one would."""
    return re.compile("|".join(f"(?P<r{n}>{pattern.pattern})" for n, (_, pattern) in enumerate(_rules())),
                      re.IGNORECASE)  # fmt: skip


def _rule_reason(line: str) -> str | None:
    match = _all_rules().fullmatch(line.strip())
    return _rules()[int(match.lastgroup[1:])][0] if match and match.lastgroup else None


def _is_teaser(line: str, config: BoilerplateConfig) -> bool:
    """A short line that trails off with an ellipsis: a link to another story."""
    stripped = line.strip()
    return (
        bool(_TEASER_END.search(stripped))
        and not _CLOSING_QUOTE_END.search(stripped.rstrip(".… "))
        and len(stripped.split()) <= config.teaser_max_words
        and not stripped.startswith(("“", '"', "‘"))
    )


def classify_lines(
    lines: Sequence[str],
    repeated: frozenset[str] = frozenset(),
    config: BoilerplateConfig | None = None,
) -> list[str | None]:
    """For each line, the reason it is not the article, or None to keep it.

    Args:
        lines: the page's lines (paragraphs), in order.
        repeated: learnt outlet furniture (see ``find_repeated_lines``).
        config: thresholds.

    Returns:
        One reason (or None) per line.

    >>> classify_lines(["Sign up to The Daily H, a free newsletter.", "Luxon said so.",
    ...                 "Luxon said so."])
    ['newsletter', None, 'duplicated paragraph']
    """
    config = config or BoilerplateConfig()
    reasons: list[str | None] = []
    seen: set[str] = set()
    previous = ""
    for line in lines:
        key = line_key(line)
        reason = _rule_reason(line)
        if reason is None and key in repeated:
            reason = "repeated across the outlet"
        if reason is None and _is_teaser(line, config):
            reason = "teaser for another story"
        if reason is None and key in seen:
            reason = "duplicated paragraph"
        if (
            reason is None
            and len(previous) >= config.duplicate_min_chars
            and key.startswith(previous)
        ):
            reason = "duplicated caption"
        if (
            reason == "caption"
            and reasons
            and reasons[-1] is None
            and previous
            and key.startswith(previous)
        ):
            # The caption was printed twice, once without its credit: both copies go.
            reasons[-1] = "caption"
        reasons.append(reason)
        if key:
            seen.add(key)
            previous = key
    return reasons

"""Clean an article: remove what is not the article, keep all that is, and say what changed.

Every line is a paragraph. Lines that are page furniture (see ``boilerplate``) are removed and
recorded with their reason and offsets into the text as read; stories appended under "Related
Articles" are split off whole (see ``related``); spacing slips are repaired and recorded. Curly
quotes and apostrophes are kept as written: they carry meaning for quote extraction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from newsdesk.clean.lines import (
    BoilerplateConfig,
    classify_lines,
    find_inline_captions,
    line_key,
)
from newsdesk.clean.related import find_related_marker, split_appended

__all__ = [
    "CleanConfig",
    "CleanResult",
    "Fix",
    "RelatedStory",
    "Removal",
    "clean_article",
    "fix_comma_spacing",
    "fix_quote_spacing",
    "fix_space_before_punctuation",
    "normalize_whitespace",
]

_LINE = re.compile(r"[^\n]*\n?")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HEADLINE_MAX_WORDS = 16


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the page that was removed: offsets into the text as read, and why."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A repair made to a kept line."""

    before: str
    after: str
    reason: str


@dataclass(frozen=True, slots=True)
class RelatedStory:
    """An unrelated story found appended to the page, cleaned, to become its own article."""

    outlet: str | None
    title: str | None
    age: str | None
    text: str
    removals: tuple[Removal, ...]


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text (one paragraph per line, blank line between) and the audit."""

    text: str
    removals: tuple[Removal, ...]
    fixes: tuple[Fix, ...]
    related: tuple[RelatedStory, ...]
    headline: str | None = None

    @property
    def removed_chars(self) -> int:
        """How many characters of the page were removed as not the article."""
        return sum(len(removal.text) for removal in self.removals)


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Cleaning options."""

    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    split_related: bool = True
    # The first line is the headline when it is short and unpunctuated; it moves to `title`.
    take_headline: bool = True


def normalize_whitespace(line: str) -> str:
    """Unicode spaces to plain spaces, zero-width characters out, runs of spaces folded.

    >>> normalize_whitespace("New\\u00a0Zealand  said\\u200b it ")
    'New Zealand said it'
    """
    # Every Unicode space (category Zs) and the tab are white space to str.split, so splitting
    # folds them with the runs of spaces (tests/test_clean.py checks every Zs character).
    return " ".join(line.translate(_ZERO_WIDTH).split())


# Both patterns begin with the character they replace and look behind it afterwards, so that the
# engine skips to commas and spaces instead of trying a lookbehind at every position: the same
# matches as "(?<=[^\W\d_]),(?=[^\W\d_])" and "(?<=\w) +([.,;:!?])(?=\s|$)" (tests/test_clean.py).
_LETTER_COMMA_LETTER = re.compile(r",(?<=[^\W\d_],)(?=[^\W\d_])")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?<=\w ) *([.,;:!?])(?=\s|$)")


def fix_comma_spacing(line: str) -> str:
    """A comma between two letters gets its space back (numbers like 1,000 are left alone).

    >>> fix_comma_spacing("Paris,France,will host 1,000 officials")
    'Paris, France, will host 1,000 officials'
    """
    return _LETTER_COMMA_LETTER.sub(", ", line)


def fix_quote_spacing(line: str) -> str:
    """An opening straight quote stuck to the word before it moves to the word after it.

    >>> fix_quote_spacing('New Zealand was" risking its sovereignty" by alignment')
    'New Zealand was "risking its sovereignty" by alignment'
    """
    parts = line.split('"')
    if len(parts) < 3:
        return line
    rebuilt = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        opening = index % 2 == 1
        if opening and rebuilt[-1:].isalnum() and part[:1] == " " and part[1:2].isalnum():
            rebuilt += ' "' + part[1:]
        else:
            rebuilt += '"' + part
    return rebuilt


def fix_space_before_punctuation(line: str) -> str:
    """No space between a word and the full stop or comma after it.

    >>> fix_space_before_punctuation("to get to that place . It is")
    'to get to that place. It is'
    """
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", line)


_LINE_FIXES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("comma spacing", fix_comma_spacing),
    ("quote spacing", fix_quote_spacing),
    ("space before punctuation", fix_space_before_punctuation),
)


def _repair(line: str, fixes: list[Fix]) -> str:
    def apply(text: str, step: tuple[str, Callable[[str], str]]) -> str:
        reason, fixer = step
        fixed = fixer(text)
        if fixed != text:
            fixes.append(Fix(text, fixed, reason))
        return fixed

    return reduce(apply, _LINE_FIXES, line)


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _HEADLINE_MAX_WORDS
        and line[:1].isupper()
        and not line.endswith((".", "!", "”", '"', ":", ","))
    )


def _line_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    spans = []
    for match in _LINE.finditer(raw):
        if match.start() == len(raw):
            break
        text = match.group()
        spans.append((match.start(), match.start() + len(text.rstrip("\r\n"))))
    return spans


def clean_article(
    raw: str,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
    config: CleanConfig | None = None,
) -> CleanResult:
    """Remove page furniture, split off appended stories, repair spacing.

    Args:
        raw: the article as read (decoded, mojibake repaired).
        title: the known title, if any; a first line equal to it is moved out of the text.
        repeated: lines this outlet repeats across its articles (``find_repeated_lines``).
        config: options.

    Returns:
        The cleaned text with one paragraph per line and a blank line between paragraphs,
        the removals and repairs, and any appended stories.

    >>> result = clean_article("Home » World » Talks\\nTalks in Paris\\nParis,France,will host."
    ...                        "\\nSign up to our newsletter")
    >>> result.text, result.headline
    ('Paris, France, will host.', 'Talks in Paris')
    >>> [(r.text, r.reason) for r in result.removals]
    [('Home » World » Talks', 'breadcrumb'), ('Talks in Paris', 'headline (moved to title)'), \
('Sign up to our newsletter', 'newsletter')]
    """
    config = config or CleanConfig()
    spans = _line_spans(raw)
    lines = [normalize_whitespace(raw[start:end]) for start, end in spans]
    reasons = classify_lines(lines, repeated, config.boilerplate)
    inline = _cut_inline_captions(raw, spans, lines, reasons)
    related: list[RelatedStory] = []
    marker = find_related_marker(lines) if config.split_related else None
    if marker is not None and any(r is None for r in reasons[:marker]):
        related = _split_related(raw, spans, lines, reasons, marker, config)
    headline = _take_headline(lines, reasons, title, config)
    removals = tuple(
        sorted(
            [
                _removal(raw, start, end, reason)
                for (start, end), reason in zip(spans, reasons, strict=True)
                if reason is not None and reason != "appended story" and raw[start:end].strip()
            ]
            + inline,
            key=lambda removal: removal.start,
        )
    )
    fixes: list[Fix] = []
    kept = [
        _repair(line, fixes)
        for line, reason in zip(lines, reasons, strict=True)
        if reason is None and line
    ]
    return CleanResult("\n\n".join(kept), removals, tuple(fixes), tuple(related), headline)


def _removal(raw: str, start: int, end: int, reason: str) -> Removal:
    """A removal of ``raw[start:end]`` less its outer whitespace, so its offsets give its text."""
    piece = raw[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return Removal(start, max(start, end), raw[start:max(start, end)], reason)


def _cut_inline_captions(
    raw: str, spans: Sequence[tuple[int, int]], lines: list[str], reasons: Sequence[str | None]
) -> list[Removal]:
    """Cut captions glued to the start of kept lines; ``lines`` is updated in place."""
    removals = []
    for index, ((start, end), reason) in enumerate(zip(spans, reasons, strict=True)):
        if reason is not None:
            continue
        text = raw[start:end]
        cuts = find_inline_captions(text)
        for cut_start, cut_end in reversed(cuts):
            removals.append(_removal(raw, start + cut_start, start + cut_end, "caption"))
            text = text[:cut_start] + text[cut_end:]
        if cuts:
            lines[index] = normalize_whitespace(text)
    return removals


def _take_headline(
    lines: Sequence[str], reasons: list[str | None], title: str | None, config: CleanConfig
) -> str | None:
    first = next(
        (i for i, (line, r) in enumerate(zip(lines, reasons, strict=True)) if r is None and line),
        None,
    )
    if first is None or not config.take_headline:
        return None
    line = lines[first]
    if (title and line_key(line) == line_key(title)) or (not title and _is_headline(line)):
        reasons[first] = "headline (moved to title)"
        return line
    return None


def _split_related(
    raw: str,
    spans: Sequence[tuple[int, int]],
    lines: Sequence[str],
    reasons: list[str | None],
    marker: int,
    config: CleanConfig,
) -> list[RelatedStory]:
    """Mark the lines from the marker on, and clean each appended story on its own."""
    stories = split_appended(lines, marker)
    for index in range(marker, len(lines)):
        reasons[index] = "related-articles list"
    child_config = CleanConfig(config.boilerplate, split_related=False, take_headline=False)
    related = []
    for story in stories:
        for index in story.body_lines:
            reasons[index] = "appended story"
        body = "\n".join(raw[spans[i][0] : spans[i][1]] for i in story.body_lines)
        child = clean_article(body, config=child_config)
        related.append(
            RelatedStory(story.outlet, story.title, story.age, child.text, child.removals)
        )
    return related

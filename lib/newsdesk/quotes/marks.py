"""Quoted stretches of text: where quotation marks open and close, tolerant of unbalanced marks.

A quote never crosses a paragraph. A quote left open at a paragraph end is closed there and
recorded (``closed=False``); when the next paragraph opens with a quote mark, the two are one
block quote (the news convention). A closing mark with no opening one starts its quote at the
paragraph start (``opened=False``). Single quotes count only outside double quotes and only as
a pair with word boundaries around them, so apostrophes (``don't``, ``Russia's``) never count.

A quotation may also be written without double marks after a reporting participle and a comma
(``..., stating, It’s not, ‘This is what we need.’``): ``unmarked_spans`` finds those, and the
single-quoted speech nested in them is then part of the one quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.resources import alternation, reporting_verbs

__all__ = [
    "MAX_QUOTE_CHARS",
    "QuotedSpan",
    "find_quoted_spans",
    "paragraph_spans",
    "unmarked_spans",
    "with_unmarked",
]


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted stretch: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    paragraph: int
    #: False when the paragraph ended before a closing mark
    closed: bool = True
    #: False when a closing mark had no opening mark before it
    opened: bool = True
    #: True when this paragraph continues a quote left open in the previous paragraph
    continues: bool = False
    double: bool = True
    #: False for a quotation written without marks (``unmarked_spans``)
    marked: bool = True


_PARAGRAPH = re.compile(r"[^\n]+")
_DOUBLE = re.compile(r"[\"“”„«»]")
#: The longest quote kept (characters between the marks). The longest direct-quote Content span
#: in PolNeAR (train + dev) is 1,516 characters and its longest paragraph 2,573; 2,000 keeps every
#: gold quote while a paragraph quoted from a stray mark to its end (or a page of nested marks)
#: is dropped. A closing single mark is looked for no further than this, which keeps the search
#: linear on a paragraph of apostrophes.
MAX_QUOTE_CHARS = 2_000
# The opening mark comes first and the test of the character before it after it (not a word
# character or apostrophe before the mark): a pattern that opens with a character set lets the
# engine skip to the next mark, a fifth of the scan's cost.
_SINGLE = re.compile(
    rf"[‘'](?<![\w’'].)(?=[^\s'’])(.{{1,{MAX_QUOTE_CHARS}}}?)(?<=[\w.,!?…)\]])[’'](?![\w’'])"
)
_OPEN_BEFORE = frozenset(" \t\xa0([{—–-/")
_CLOSE_BEFORE = frozenset(".,!?…")
_SPEAKER_WORDS = r"(?:(?:[A-Z][\w’'.-]*[ \t\xa0]+){0,3}[A-Z][\w’'.-]*|[Hh]e|[Ss]he|[Tt]hey)"
# '"We will never give up, Luxon said.': a quote that lost its closing mark, with its
# attribution after a comma at the paragraph end; the quote ends at the comma.
_TRAILING_ATTRIBUTION = re.compile(
    rf",[ \t\xa0]+(?:{_SPEAKER_WORDS}[ \t\xa0]+(?:{alternation(reporting_verbs('speaks'))})"
    rf"|(?:{alternation(reporting_verbs('inverted'))})[ \t\xa0]+{_SPEAKER_WORDS})[.!]?[ \t\xa0]*$"
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, the unit quotes and sentences never cross.

    >>> paragraph_spans("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _is_opening(text: str, position: int, start: int, end: int) -> bool:
    mark = text[position]
    before = text[position - 1] if position > start else " "
    after = text[position + 1] if position + 1 < end else " "
    if mark in "“„«":
        # '“It's unusual,“ said Larry Noble': an opening mark typed after a comma or full stop
        # and before a space closes the quote
        return before not in _CLOSE_BEFORE or not after.isspace()
    if mark in "”»":
        return False
    return before in _OPEN_BEFORE and not after.isspace()


def _double_quotes(text: str, start: int, end: int, paragraph: int) -> list[QuotedSpan]:
    """The double-quoted spans of one paragraph: one per balanced pair, and where marks are
    left open, at most one more, so that a paragraph of unbalanced marks is never a string of
    quotes and no two spans overlap."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    #: the quotes that lost their closing mark (another opening mark came first)
    unclosed: list[int] = []
    for match in _DOUBLE.finditer(text, start, end):
        position = match.start()
        if _is_opening(text, position, start, end):
            if open_at is not None:
                # A second opening mark: the first quote lost its closing mark.
                unclosed.append(len(spans))
                spans.append(_span(text, open_at, position, paragraph, closed=False))
            open_at = position
        elif open_at is None:
            # A stray mark in running text ("in 12" pipe") is not a quote; one that ends the
            # paragraph's first stretch, before any other mark, is a quote that lost its opening
            # mark.
            if (
                not spans
                and text[position - 1] in ".!?,…"
                and (position + 1 >= end or text[position + 1] in " \t\xa0")
            ):
                spans.append(
                    QuotedSpan(start, position + 1, start, position, paragraph, opened=False)
                )
        else:
            spans.append(_span(text, open_at, position + 1, paragraph))
            open_at = None
    if open_at is not None:
        tail = _TRAILING_ATTRIBUTION.search(text, open_at, end)
        close = tail.start() + 1 if tail else end
        unclosed.append(len(spans))
        spans.append(_span(text, open_at, close, paragraph, closed=False))
    if len(unclosed) > 1:
        # Marks this unbalanced cannot be paired: the paragraph is quoted from its first mark
        # left open to its end, as one quote.
        first = spans[unclosed[0]]
        spans = [*spans[: unclosed[0]], _span(text, first.start, end, paragraph, closed=False)]
    return spans


def _span(text: str, start: int, end: int, paragraph: int, closed: bool = True) -> QuotedSpan:
    inner_end = end - 1 if closed else end
    while inner_end > start + 1 and text[inner_end - 1] in " \t\xa0":
        inner_end -= 1
    return QuotedSpan(start, end, start + 1, inner_end, paragraph, closed=closed)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted stretch in ``text``, in order; never raises on unbalanced marks.

    Args:
        text: cleaned article text (paragraphs are lines).

    Returns:
        Quoted spans; block quotes appear as one span per paragraph with ``continues=True``
        on all but the first.

    >>> text = 'He said "yes" and "no'
    >>> [text[s.inner_start : s.inner_end] for s in find_quoted_spans(text)]
    ['yes', 'no']
    >>> find_quoted_spans('He said "no')[0].closed
    False
    """
    found: list[QuotedSpan] = []
    previous_open = False
    for paragraph, (start, end) in enumerate(paragraph_spans(text)):
        doubles = _double_quotes(text, start, end, paragraph)
        if doubles and previous_open and doubles[0].start == _first_char(text, start):
            first = doubles[0]
            doubles[0] = QuotedSpan(
                first.start,
                first.end,
                first.inner_start,
                first.inner_end,
                paragraph,
                first.closed,
                first.opened,
                continues=True,
            )
        previous_open = bool(doubles) and not doubles[-1].closed
        found.extend(doubles)
        cursor = start
        for span in [*doubles, None]:
            stop = span.start if span is not None else end
            found.extend(_single_quotes(text, cursor, stop, paragraph))
            if span is not None:
                cursor = span.end
    found.sort(key=lambda s: s.start)
    return found


def _first_char(text: str, start: int) -> int:
    while start < len(text) and text[start] in " \t\xa0":
        start += 1
    return start


def _single_quotes(text: str, start: int, end: int, paragraph: int) -> list[QuotedSpan]:
    if end - start < 3:
        return []
    return [
        QuotedSpan(m.start(), m.end(), m.start(1), m.end(1), paragraph, double=False)
        for m in _SINGLE.finditer(text, start, end)
    ]


# A reporting participle and a comma, then a capital: '..., stating, It’s not, ‘...’'.
_UNMARKED_LEAD_IN = re.compile(
    r",[ \t]+(?:stating|saying|adding|declaring|insisting|noting|writing),[ \t]+"
    r"(?=[A-Z])"
)
#: words that open speech but never a name, so "saying, We ..." is not "saying, Washington ..."
_SPEECH_OPENERS = frozenset(
    ("it", "it’s", "it's", "i", "i’m", "i'm", "we", "we’re", "we're", "we’ve", "we've", "this",
     "that", "there", "there’s", "there's", "you", "what", "our", "my", "let", "let’s", "let's",
     "if", "no", "yes", "now", "look", "well")
)  # fmt: skip
_MIN_UNMARKED_WORDS = 4


def unmarked_spans(
    text: str, paragraphs: list[tuple[int, int]], spans: list[QuotedSpan]
) -> list[QuotedSpan]:
    """Quotations written without double marks: a reporting participle and a comma, then a
    capitalised clause running to the paragraph end, with no double marks, that opens like
    speech (``It``, ``We``, ``I`` ...) or holds single-quoted speech of its own.

    >>> text = "The official explained the talks, stating, It’s not, ‘This is what we need.’"
    >>> (span,) = unmarked_spans(text, paragraph_spans(text), find_quoted_spans(text))
    >>> text[span.inner_start : span.inner_end]
    'It’s not, ‘This is what we need.’'
    """
    found: list[QuotedSpan] = []
    for paragraph, (start, end) in enumerate(paragraphs):
        lead_in = _UNMARKED_LEAD_IN.search(text, start, end)
        if lead_in is None or _DOUBLE.search(text, lead_in.end(), end):
            continue
        body_start, body_end = lead_in.end(), end
        while body_end > body_start and text[body_end - 1] in " \t\xa0":
            body_end -= 1
        words = text[body_start:body_end].split()
        nested = any(not s.double and body_start <= s.start and s.end <= body_end for s in spans)
        if len(words) < _MIN_UNMARKED_WORDS or not (
            nested or words[0].rstrip(",").casefold() in _SPEECH_OPENERS
        ):
            continue
        found.append(
            QuotedSpan(body_start, body_end, body_start, body_end, paragraph, double=False,
                       marked=False)
        )  # fmt: skip
    return found


def with_unmarked(spans: list[QuotedSpan], unmarked: list[QuotedSpan]) -> list[QuotedSpan]:
    """``spans`` and ``unmarked`` in text order, less the quotes nested in an unmarked one."""
    kept = [s for s in spans if not any(u.start <= s.start and s.end <= u.end for u in unmarked)]
    return sorted(kept + unmarked, key=lambda s: s.start)

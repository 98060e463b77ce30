"""Which quoted stretches are quotations: names and titles in quote marks ("Coalition of the
Willing") and scare quotes are not; a quote with no cue of its own may still be one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.quotes.marks import QuotedSpan

__all__ = ["WORD", "is_name", "keep_unattributed", "quoted_names"]

#: a word as quote filters count them (apostrophes and hyphens inside)
WORD = re.compile(r"[\w’'-]+")
_MINOR = frozenset(
    ("of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "la", "le", "von",
     "van", "der", "du")
)  # fmt: skip


def is_name(words: Sequence[str], inner: str, inside_sentence: bool = False) -> bool:
    """Title-case words without sentence punctuation: a name or title, not a quotation.
    Inside a sentence a final full stop is the sentence's, put inside the marks (American
    style: 'on the podcast “Here’s the Thing.”').

    >>> is_name(["Coalition", "of", "the", "Willing"], "Coalition of the Willing")
    True
    >>> is_name(["We", "Are", "Ready"], "We Are Ready.")
    False
    >>> is_name(["Here’s", "the", "Thing"], "Here’s the Thing.", inside_sentence=True)
    True
    """
    inner = inner.rstrip().rstrip(",")
    if inside_sentence and inner.endswith(".") and not inner.endswith(".."):
        inner = inner[:-1]
    if inner[-1:] in ".!?;:":
        return False
    content = [w for w in words if w.casefold() not in _MINOR]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def quoted_names(text: str, spans: Sequence[QuotedSpan], max_words: int) -> frozenset[str]:
    """Phrases quoted as names somewhere in the article (casefolded): a phrase quoted once as a
    name is a name wherever it recurs.

    >>> from newsdesk.quotes.marks import find_quoted_spans
    >>> text = 'the "Coalition of the Willing" met'
    >>> sorted(quoted_names(text, find_quoted_spans(text), 6))
    ['coalition of the willing']
    """
    found = set()
    for span in spans:
        inner = text[span.inner_start : span.inner_end]
        words = WORD.findall(inner)
        if span.closed and words and len(words) <= max_words and is_name(words, inner):
            found.add(inner.casefold().strip(" ,"))
    return frozenset(found)


def keep_unattributed(
    span: QuotedSpan,
    direct: bool,
    continues_block: bool,
    n_words: int,
    follows_quote: bool,
    min_unattributed_words: int,
    max_scare_quote_words: int,
) -> bool:
    """Whether a quote with no cue of its own is still a quotation.

    Partial quotes need a cue (otherwise they are scare quotes) unless they are long; a direct
    quote continues the previous quote's speaker when it follows it in the same or the next
    paragraph (``follows_quote``); so does one left open at the paragraph end; a long direct
    quote with no speaker is kept (speaker unknown); short ones are scare quotes.

    >>> span = QuotedSpan(0, 6, 1, 5, 0)
    >>> keep_unattributed(span, False, False, 2, False, 6, 5)
    False
    """
    if continues_block:
        return True
    if not direct:
        return n_words >= min_unattributed_words
    if follows_quote or not span.closed:
        # a quote left open to the paragraph's end is speech that lost its closing mark
        return span.double or n_words >= 4
    return n_words > max_scare_quote_words and (span.double or n_words >= 8)

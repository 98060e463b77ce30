"""Where a quoted stretch stands in its paragraph, and which cue and speaker phrase it has.

``span_context`` measures the window a quote's attribution may come from (the sentence, cut
at the neighbouring quotes) and whether the quote is direct (a whole utterance) or partial
(words quoted inside the writer's sentence). ``find_attribution`` then tries the attribution
patterns nearest-first (``attribution``, ``statements``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.people.mentions import PersonMention
from newsdesk.quotes.cues import (
    Attribution,
    attribution_after,
    attribution_at_end,
    attribution_before,
)
from newsdesk.quotes.marks import QuotedSpan
from newsdesk.quotes.statements import (
    PARTICIPLE_LEAD_IN,
    coordinated_attribution,
    cue_in_sentence,
    dash_signature,
    participle_attribution,
    sentence_subject,
)
from newsdesk.quotes.subjects import no_subject_of_its_own
from newsdesk.resources import reporting_verbs, stopwords
from newsdesk.text import Sentence

__all__ = [
    "AttributionWindows",
    "SpanContext",
    "find_attribution",
    "runs_on",
    "sentence_at",
    "span_context",
    "spoken_before_cue",
]


@dataclass(frozen=True, slots=True)
class AttributionWindows:
    """How far (in characters) the attribution patterns look from a quote.

    The values were set by reading PolNeAR train errors when the patterns were written
    (commit b1682b7) and have not been tuned since; each is wide enough for the longest case
    met there and is still cut at the quote's sentence or neighbouring quotes.
    """

    #: after a quote, for its cue: about two sentences ('“...,” the senator, who ..., said')
    cue_after: int = 400
    #: before a quote, for a reporting participle ('..., telling reporters, “...”')
    lead_in: int = 80
    #: the end of the previous paragraph, for a cue closing it with a colon ("He told reporters:")
    previous_paragraph: int = 200


@dataclass(frozen=True, slots=True)
class SpanContext:
    """A quoted span with the window around it where its attribution may stand."""

    span: QuotedSpan
    sentence: Sentence | _Joined | None
    #: the attribution window: from the sentence (or the previous quote) to the next quote
    lower: int
    upper: int
    #: a whole utterance (nothing, a colon or a comma before it), not words inside a sentence
    direct: bool
    #: part of a quote running over several paragraphs
    continues_block: bool


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The sentence holding ``offset`` (or the next one after it).

    Sentences are in text order and never overlap: the first one ending after ``offset``, by
    bisection (a scan per quote made long articles quadratic).
    """
    index = bisect_right(sentences, offset, key=lambda sentence: sentence.end)
    if index < len(sentences):
        return sentences[index]
    return sentences[-1] if sentences else None


@dataclass(frozen=True, slots=True)
class _Joined:
    """A sentence joined to the one before it (same index, earlier start)."""

    index: int
    start: int
    end: int


_CONTINUES = re.compile(r"[),;:\]]|[a-z]")


def _whole_sentence(
    text: str, sentences: Sequence[Sentence], sentence: Sentence, paragraph_start: int
) -> Sentence | _Joined:
    """The sentence, joined to the one before when a split fell inside it: 'Rep. Zoe Lofgren
    (D-Calif.), who ...' split after "Calif." leaves a sentence starting with "), who"."""
    start = sentence.start
    for position in range(bisect_left(sentences, start, key=lambda other: other.start) - 1, -1, -1):
        other = sentences[position]
        if other.start >= start:
            continue
        if other.start < paragraph_start or not _CONTINUES.match(text, start):
            break
        start = other.start
    return sentence if start == sentence.start else _Joined(sentence.index, start, sentence.end)


_LEADS_DIRECT = re.compile(r"[:,—–]\s*$")


def span_context(
    text: str,
    sentences: Sequence[Sentence],
    paragraphs: Sequence[tuple[int, int]],
    spans: Sequence[QuotedSpan],
    index: int,
) -> SpanContext:
    """The attribution window of ``spans[index]`` and whether it is direct.

    >>> from newsdesk.quotes.marks import find_quoted_spans, paragraph_spans
    >>> from newsdesk.text import split_sentences
    >>> text = 'He said the plan was "bold". Then: "We go."'
    >>> spans = find_quoted_spans(text)
    >>> args = (text, split_sentences(text), paragraph_spans(text), spans)
    >>> [span_context(*args, i).direct for i in range(2)]
    [False, True]
    """
    span = spans[index]
    continues_block = span.continues or (
        not span.closed and index + 1 < len(spans) and spans[index + 1].continues
    )
    found = sentence_at(sentences, span.inner_start)
    paragraph_start, paragraph_end = paragraphs[span.paragraph]
    sentence = None if found is None else _whole_sentence(text, sentences, found, paragraph_start)
    lower = paragraph_start
    for position in range(index - 1, -1, -1):  # spans are in text order: only this paragraph's
        if spans[position].paragraph != span.paragraph:
            break
        lower = max(lower, spans[position].end)
    if sentence is not None and sentence.start <= span.start:
        lower = max(lower, sentence.start)
    upper = paragraph_end
    for other in spans[index + 1 :]:
        if other.paragraph == span.paragraph:
            upper = min(upper, other.start)
            break
    before = text[lower : span.start]
    direct = (
        not before.strip()
        or bool(_LEADS_DIRECT.search(before))
        or continues_block
        or not span.opened
    )
    return SpanContext(span, sentence, lower, upper, direct, continues_block)


def spoken_before_cue(
    text: str, context: SpanContext, windows: AttributionWindows | None = None
) -> bool:
    """A direct quote closed by a comma, ``?`` or ``!`` and then a cue (``“Denver,” he
    answered``): an utterance, even when its words look like a name.

    >>> from newsdesk.quotes.marks import find_quoted_spans, paragraph_spans
    >>> from newsdesk.text import split_sentences
    >>> text = '“Denver,” he answered.'
    >>> context = span_context(
    ...     text, split_sentences(text), paragraph_spans(text), find_quoted_spans(text), 0
    ... )
    >>> spoken_before_cue(text, context)
    True
    """
    span = context.span
    if not (context.direct and span.closed and text[span.inner_end - 1 : span.inner_end] in ",?!"):
        return False
    windows = windows or AttributionWindows()
    end = min(context.upper, span.end + windows.cue_after)
    return attribution_after(text, span.end, end, open_clause=True) is not None


_RUNS_ON = re.compile(r"[.!?] +[A-Z]")


def runs_on(context: SpanContext, inner: str, previous_paragraph: int) -> bool:
    """Words quoted inside a sentence that run on over sentences, in the paragraph of the quote
    before ('“...,” said Aida. Biden “kind of misspoke. This is ...”'): when they have no cue
    of their own, they go on with that quote's speaker, not the subject of their sentence."""
    return (
        not context.direct
        and context.span.paragraph == previous_paragraph
        and bool(_RUNS_ON.search(inner))
    )


def find_attribution(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    people: Sequence[PersonMention],
    context: SpanContext,
    previous: Attribution | None,
    n_words: int,
    min_unattributed_words: int,
    windows: AttributionWindows | None = None,
) -> Attribution | None:
    """The cue and speaker phrase of a quote, nearest pattern first.

    Args:
        text: the article text.
        paragraphs: (start, end) of each paragraph.
        people: the article's person mentions.
        context: the quote and its window (``span_context``).
        previous: the attribution of the previous quote when it stands in the same sentence.
        n_words: the quote's length in words.
        min_unattributed_words: a partial quote this long with no cue takes the sentence's
            subject as its speaker.
        windows: how far the patterns look from the quote.

    Returns:
        The attribution, or None when the quote has no cue or speaker of its own.

    >>> from newsdesk.quotes.marks import find_quoted_spans, paragraph_spans
    >>> from newsdesk.text import split_sentences
    >>> text = '"We go," Luxon said.'
    >>> spans = find_quoted_spans(text)
    >>> paragraphs = paragraph_spans(text)
    >>> context = span_context(text, split_sentences(text), paragraphs, spans, 0)
    >>> found = find_attribution(text, paragraphs, [], context, None, 2, 6)
    >>> text[found.speaker_start : found.speaker_end], text[found.cue_start : found.cue_end]
    ('Luxon', 'said')
    """
    windows = windows or AttributionWindows()
    span, sentence, lower, upper = context.span, context.sentence, context.lower, context.upper
    direct = context.direct
    before = text[lower : span.start]
    attribution: Attribution | None = None
    lead_in = PARTICIPLE_LEAD_IN.search(text, max(lower, span.start - windows.lead_in), span.start)
    if lead_in is not None and sentence is not None:
        # 'Weaver was unimpressed, telling reporters, “...”': the participle is the cue and
        # the sentence's subject the speaker, not a noun that looks like a verb before it.
        attribution = participle_attribution(text, sentence.start, span.start, people)
    if attribution is None and direct and sentence is not None:
        attribution = coordinated_attribution(text, sentence.start, span.start, people)
    # 'told the Orlando Sentinel that the site was not "prepared ...' and a quote running on
    # into the next paragraph: a block that opens inside a sentence, as a partial quote does
    inside = context.continues_block and bool(before.strip()) and not _LEADS_DIRECT.search(before)
    if attribution is None and (not direct or inside):
        # A partial quote belongs to the reporting verb before it in its sentence.
        attribution = attribution_before(text, lower, span.start, partial=True)
        if attribution is not None and sentence is not None:
            attribution = _subject_for_clause(text, sentence.start, attribution, people, direct)
    # A quote that lost its closing mark has its cue after it only where the mark was
    # inferred before an attribution (``marks``); at the paragraph end nothing follows.
    if attribution is None and (span.closed or span.end < upper):
        attribution = attribution_after(
            text,
            span.end,
            min(upper, span.end + windows.cue_after),
            open_clause=text[span.inner_end - 1 : span.inner_end] in {",", "?", "!"},
        )
    if attribution is None and direct:
        attribution = attribution_before(text, lower, span.start, partial=False)
        if attribution is not None and sentence is not None:
            attribution = _subject_for_clause(text, sentence.start, attribution, people, direct)
    if attribution is None and direct and before.strip() == "" and span.paragraph > 0:
        # "Continued Stone:" or "He told reporters:" closing the previous paragraph.
        previous_start, previous_end = paragraphs[span.paragraph - 1]
        if text[previous_start:previous_end].rstrip().endswith(":"):
            attribution = attribution_before(
                text, max(previous_start, previous_end - windows.previous_paragraph), previous_end, partial=False
            )
    if attribution is None and direct and before.strip() == "" and sentence is not None:
        # 'Iowa State University's Dianne Bystrom agreed. "..."': a sentence of a bare cue
        attribution = _cue_sentence_before(text, paragraphs[span.paragraph][0], sentence.start)
    if attribution is None and direct and span.paragraph + 1 < len(paragraphs):
        # '"Boeing and GE pay zero taxes."' followed by a paragraph "- Sanders."
        attribution = dash_signature(text, *paragraphs[span.paragraph + 1])
    if attribution is None and direct and before.rstrip().endswith(":") and sentence:
        # 'The Board was conclusive in its findings: “...”': the sentence's subject.
        attribution = sentence_subject(text, sentence.start, span.start, people)
    if attribution is None:
        # '“A,” she said, adding, “B.”': a new cue, the same speaker.
        attribution = participle_attribution(text, lower, span.start, people, previous)
    if attribution is None and previous is None and direct and span.paragraph > 0:
        attribution = _reported_speech_before(text, paragraphs, span)
    if attribution is None and previous is not None:
        attribution = previous
    if attribution is None and sentence is not None:
        attribution = participle_attribution(
            text, sentence.start, max(sentence.end, span.end), people
        )
    if attribution is None and sentence is not None:
        # '"...," and against the Brady law, Clinton said.': the sentence closes with its cue
        attribution = attribution_at_end(text, span.end, max(sentence.end, span.end))
    if (
        attribution is None
        and not direct
        and sentence is not None
        and n_words >= min_unattributed_words
    ):
        # Quoted words with no cue at all ("The senator's answer was that “...”"): the
        # sentence's subject, when it is a person, is the best guess of the speaker.
        attribution = sentence_subject(text, sentence.start, span.start, people)
    if attribution is None and not direct and sentence is not None:
        # '... later said he was being “sarcastic”': a reporting verb earlier in the sentence
        # whose subject the attribution patterns missed; the subject before it is the speaker.
        attribution = cue_in_sentence(text, sentence.start, span.start, people)
    return attribution


_SENTENCE_BREAK = re.compile(r"[.!?][”\"’']?\s+(?=[A-Z“\"])")
# What may follow a bare cue before its full stop: "said in a statement", "agreed Monday"
_CUE_TAIL = re.compile(
    r"(?:\s+(?:in|on|at|to|during|after|before|from|via|with|through|by|about|this|last)\b"
    r"[^.!?;:“”\"]{0,50}?|\s+[a-z]+ly|\s+[A-Z][a-z]+day)*[.:]\s*"
)


def _last_sentence_start(text: str, start: int, end: int) -> int:
    """Where the last sentence of ``text[start:end]`` starts, by a rough full stop test."""
    for boundary in _SENTENCE_BREAK.finditer(text, start, max(start, end - 1)):
        start = boundary.end()
    return start


def _cue_sentence_before(text: str, paragraph_start: int, end: int) -> Attribution | None:
    """The speaker of a sentence that is only a subject and its cue ("X agreed.", "Or maybe
    Jeb Bush, digital consultant Phil Musser says.", "X said in a statement."), standing just
    before a quote that opens the next sentence of the paragraph, with no quote of its own."""
    start = _last_sentence_start(text, paragraph_start, end)
    window = text[start:end]
    if not window.strip() or any(mark in window for mark in '“”"'):
        return None
    for word in reversed(list(re.finditer(r"[a-z]+\b", window))):
        if end - start - word.end() > 60:
            break
        if _CUE_TAIL.fullmatch(window, word.end()):
            found = attribution_before(text, start, start + word.end(), partial=False)
            if found is not None and found.cue_end == start + word.end():
                return found
    return None


def _reported_speech_before(
    text: str, paragraphs: Sequence[tuple[int, int]], span: QuotedSpan
) -> Attribution | None:
    """A quote that is a whole paragraph after a paragraph closing in reported speech ("Schoen
    elaborated in an editorial piece that superdelegates ... may reconsider.") with no quote of
    its own: the reporting verb's subject goes on speaking."""
    paragraph_start, paragraph_end = paragraphs[span.paragraph]
    if text[paragraph_start : span.start].strip() or text[span.end : paragraph_end].strip():
        return None
    start, end = paragraphs[span.paragraph - 1]
    start = _last_sentence_start(text, start, end)
    if any(mark in text[start:end] for mark in '“”"'):
        return None
    found = attribution_before(text, start, end, partial=True)
    if found is None or found.cue_start is None:
        return None
    # "Rather, he said, continued struggles ...": "Rather" is no subject
    phrase = text[found.speaker_start : found.speaker_end]
    return None if no_subject_of_its_own(text, phrase) else found


_DETERMINERS = frozenset(("a", "an", "the", "another", "one", "some"))


def _subject_for_clause(
    text: str,
    start: int,
    attribution: Attribution,
    people: Sequence[PersonMention],
    direct: bool,
) -> Attribution:
    """A speaker phrase that ends in a function word ("a voice that", "a book by", "a chance
    to") is a noun of a clause, no speaker: the sentence's subject speaks ("Penwell said the
    world lost a voice that said “...”"); so is an indefinite noun phrase before a cue in its
    base form, which is a noun there ("Sanders delivered a snappy retort:", "Cruz made an
    unprompted call for"); the cue, and so the statement, stay."""
    phrase = text[attribution.speaker_start : attribution.speaker_end].casefold().split()
    if len(phrase) < 2 or phrase[0] not in _DETERMINERS:
        return attribution
    clause = not direct and phrase[-1] in stopwords()  # "a headline that said, “...”"
    if not clause and not _noun_cue(text, attribution):
        return attribution
    subject = sentence_subject(text, start, attribution.speaker_start, people)
    if subject is None:
        return attribution
    return replace(
        attribution,
        speaker_start=subject.speaker_start,
        speaker_end=subject.speaker_end,
        person_start=subject.person_start,
        person_end=subject.person_end,
        role=None,
    )


def _noun_cue(text: str, attribution: Attribution) -> bool:
    """An indefinite phrase before a cue in its base form ("a snappy retort", "a rare note"):
    no past or present tense, so a noun, not a verb ("a spokesman said" is a verb)."""
    if attribution.cue_start is None or attribution.cue_end is None:
        return False
    cue = text[attribution.cue_start : attribution.cue_end].casefold()
    phrase = text[attribution.speaker_start : attribution.speaker_end].casefold()
    return (
        phrase.startswith(("a ", "an "))
        and not cue.endswith(("ed", "s", "ing"))
        and cue not in reporting_verbs("subject_verb")
    )

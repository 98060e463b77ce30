"""Quotations and their speakers: direct, block, partial, interview and indirect quotes.

``extract_quotes`` finds quoted stretches (``quote_marks``), drops names and scare quotes
(``quote_filters``), recognises interview transcripts and embedded posts (``speakers``), finds
the cue and speaker phrase next to each quote (``quote_context``, ``attribution``,
``statements``) and resolves the phrase to a person of the article (``speakers``, ``people``):
names, pronouns (most recent compatible person), roles ("Albanese's office"), documents
("the letter" -> the people named with it) and continuation (a quote with no cue of its own
continues the previous quote's speaker in the same or the previous paragraph).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsdesk.people.mentions import PersonMention, find_people
from newsdesk.quotes.context import (
    AttributionWindows,
    find_attribution,
    runs_on,
    sentence_at,
    span_context,
    spoken_before_cue,
)
from newsdesk.quotes.cues import Attribution
from newsdesk.quotes.filters import WORD, is_name, keep_unattributed, quoted_names
from newsdesk.quotes.marks import (
    MAX_QUOTE_CHARS,
    QuotedSpan,
    find_quoted_spans,
    paragraph_spans,
    unmarked_spans,
    with_unmarked,
)
from newsdesk.quotes.sources import classify_source
from newsdesk.quotes.speakers import (
    indirect_quotes,
    interview_turns,
    post_signatures,
    resolve_speaker,
)
from newsdesk.quotes.statements import statement_span
from newsdesk.text import Sentence

__all__ = ["Quote", "QuoteConfig", "extract_quotes"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation. ``text == article_text[start:end]`` (without the quote marks)."""

    quote_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    #: direct, block, partial, interview or indirect
    kind: str
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    #: how the speaker is involved when not in person: office, spokesperson, letter, ...
    role: str | None = None
    #: False when the closing quote mark was missing (closed at the paragraph end)
    closed: bool = True
    #: the whole reported statement: the quote itself, or for a partial quote the clause
    #: of reported speech around it
    statement_start: int = 0
    statement_end: int = 0
    #: person, organisation, outlet, document or anonymous (None: no speaker found)
    speaker_kind: str | None = None
    #: a document's named authors (each signatory), the speaker first
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    """Options for quote extraction."""

    #: a quote of at most this many words, in title case, is a name ("Coalition of the Willing")
    max_name_words: int = 6
    #: a quote this short with no reporting verb in its sentence and no quote before it is a
    #: scare quote, not a quote. 7: on PolNeAR train, direct quotes of under 8 words left with
    #: no speaker matched a gold quote 2 times in 18.
    max_scare_quote_words: int = 7
    #: find "X said that ..." reported speech too
    indirect: bool = True
    #: a partial quote with no reporting verb in its sentence is kept (speaker: the sentence's
    #: first person, if any) from this many words; shorter ones are scare quotes. 6 is where
    #: PolNeAR train's F1 stops rising (4: 0.840, 6: 0.845, 8: 0.845).
    min_unattributed_words: int = 6
    #: how far the attribution patterns look from a quote
    windows: AttributionWindows = field(default_factory=AttributionWindows)
    #: a quote longer than this (characters) is dropped, with a debug log saying so: see
    #: ``marks.MAX_QUOTE_CHARS`` for where 2,000 comes from
    max_quote_chars: int = MAX_QUOTE_CHARS


@dataclass(frozen=True, slots=True)
class _Article:
    """What every step reads: the text, its sentences, people, paragraphs and quoted spans."""

    text: str
    sentences: Sequence[Sentence]
    people: Sequence[PersonMention]
    paragraphs: list[tuple[int, int]]
    spans: list[QuotedSpan]
    #: (start, end) of every quoted span, marks included
    quoted: list[tuple[int, int]]
    #: interviewee turns: paragraph -> (label, label start, label end, answer start)
    turns: dict[int, tuple[str, int, int, int]]
    #: embedded posts: (signature paragraph, (name start, name end))
    posts: list[tuple[int, tuple[int, int]]]
    #: paragraphs of transcripts and posts, which hold no ordinary quotes
    skip: frozenset[int]


def _read_article(
    text: str, sentences: Sequence[Sentence], people: Sequence[PersonMention], max_chars: int
) -> _Article:
    paragraphs = paragraph_spans(text)
    spans = find_quoted_spans(text)
    spans = with_unmarked(spans, unmarked_spans(text, paragraphs, spans))
    turns, interview_paragraphs = interview_turns(text, paragraphs)
    posts = post_signatures(text, paragraphs)
    skip = frozenset(interview_paragraphs | {p for p, _ in posts} | {p - 1 for p, _ in posts})
    # A span over the cap is no quote, but its text stays quoted: no reported speech in it.
    quoted = [(s.start, s.end) for s in spans]
    spans = [s for s in spans if _within_cap(s.inner_start, s.inner_end, max_chars)]
    return _Article(text, sentences, people, paragraphs, spans, quoted, turns, posts, skip)


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    people: Sequence[PersonMention] | None = None,
    config: QuoteConfig | None = None,
) -> list[Quote]:
    """Find the quotations in an article and who said them.

    The steps: interview answers, embedded posts, quotes in quotation marks (with their cue
    and speaker), then reported speech in sentences holding no quotation.

    Args:
        text: the cleaned article text (paragraphs are lines).
        sentences: its sentences, for ``sentence_index`` and sentence bounds.
        people: the article's person mentions (``find_people``); found here when None.
        config: options; defaults when None.

    Returns:
        Quotes in text order with ids ``q1``, ``q2``, ...

    >>> from newsdesk.text import split_sentences
    >>> text = '"We are ready," Prime Minister Christopher Luxon said.\\n\\n"It is time," he added.'
    >>> [(q.text, q.kind, q.speaker, q.cue) for q in extract_quotes(text, split_sentences(text))]
    [('We are ready', 'direct', 'Christopher Luxon', 'said'), ('It is time', 'direct', 'Christopher Luxon', 'added')]
    """
    config = config or QuoteConfig()
    if people is None:
        people = find_people(text, sentences)
    article = _read_article(text, sentences, people, config.max_quote_chars)
    found = _interview_answers(article) + _embedded_posts(article)
    found += _marked_quotes(article, config)
    if config.indirect:
        found += _reported_speech(article, found)
    found = [q for q in found if _within_cap(q.start, q.end, config.max_quote_chars)]
    found.sort(key=lambda q: q.start)
    return _with_sources(text, found, people)


def _with_sources(
    text: str, quotes: Sequence[Quote], people: Sequence[PersonMention]
) -> list[Quote]:
    """Each quote with its id (``q1``, ``q2``, ... in the given order), its kind of source, and a
    speaker for sources that are not people."""
    found = []
    for index, quote in enumerate(quotes):
        quote_id = f"q{index + 1}"
        if quote.speaker_start is None or quote.speaker_end is None:
            found.append(replace(quote, quote_id=quote_id, speaker_kind="person" if quote.speaker else None))
            continue
        source = classify_source(
            text, quote.speaker_start, quote.speaker_end, quote.speaker, people
        )
        found.append(
            replace(
                quote,
                quote_id=quote_id,
                speaker=source.speaker,
                speaker_kind=source.kind,
                role=quote.role or source.role,
                authors=source.authors,
            )
        )
    return found


def _interview_answers(article: _Article) -> list[Quote]:
    """Each interviewee turn of a transcript, as one quote by the labelled speaker."""
    found = []
    for paragraph, (name, label_start, label_end, body_start) in article.turns.items():
        start, end = body_start, article.paragraphs[paragraph][1]
        speaker = resolve_speaker(
            article.text, label_start, label_end, article.people, article.quoted, None
        )
        found.append(
            _quote(
                article, start, end, "interview", speaker or name, _found_at(label_start, label_end)
            )
        )
    return found


def _embedded_posts(article: _Article) -> list[Quote]:
    """A post embedded in the page (the paragraph before its ``— Name (@handle)`` line)."""
    found = []
    for paragraph, (name_start, name_end) in article.posts:
        start, end = article.paragraphs[max(paragraph - 1, 0)]
        speaker = resolve_speaker(
            article.text, name_start, name_end, article.people, article.quoted, None
        )
        found.append(
            _quote(
                article,
                start,
                end,
                "direct",
                speaker,
                _found_at(name_start, name_end),
                cue="posted",
            )
        )
    return found


def _marked_quotes(article: _Article, config: QuoteConfig) -> list[Quote]:
    """Quotes in quotation marks, with their cue and speaker; names and scare quotes dropped."""
    text, spans = article.text, article.spans
    names = quoted_names(text, spans, config.max_name_words)
    found: list[Quote] = []
    previous: Quote | None = None
    previous_paragraph = -2
    for index, span in enumerate(spans):
        if span.paragraph in article.skip or span.inner_end - span.inner_start < 2:
            continue
        inner = text[span.inner_start : span.inner_end]
        words = WORD.findall(inner)
        if not words:
            continue
        context = span_context(text, article.sentences, article.paragraphs, spans, index)
        looks_like_name = inner.casefold().strip(" ,") in names or (
            span.closed
            and span.opened
            and len(words) <= config.max_name_words
            and is_name(words, inner, inside_sentence=not context.direct)
        )
        if looks_like_name and not spoken_before_cue(text, context, config.windows):
            continue
        same_sentence = (
            previous is not None
            and context.sentence is not None
            and previous.sentence_index == context.sentence.index
            and previous.speaker_start is not None
        )
        inherited = _inherit(previous) if same_sentence and previous is not None else None
        attribution = find_attribution(
            text,
            article.paragraphs,
            article.people,
            context,
            inherited,
            len(words),
            config.min_unattributed_words,
            config.windows,
        )
        if attribution and attribution.cue_start is None and previous and previous.speaker:
            # quoted words over sentences with no cue: the last speaker's (``runs_on``)
            attribution = _inherit(previous) if runs_on(context, inner, previous_paragraph) else attribution
        follows_quote = previous is not None and span.paragraph - previous_paragraph <= 1
        if attribution is None and not keep_unattributed(
            span,
            context.direct,
            context.continues_block,
            len(words),
            follows_quote,
            config.min_unattributed_words,
            config.max_scare_quote_words,
        ):
            continue
        kind = "block" if context.continues_block else ("direct" if context.direct else "partial")
        if attribution is not None:
            speaker = resolve_speaker(
                text,
                attribution.person_start,
                attribution.person_end,
                article.people,
                article.quoted,
                attribution.role,
            )
            statement = statement_span(
                text, span, attribution, context.direct, context.lower, context.upper
            )
            quote = _quote(
                article,
                span.inner_start,
                span.inner_end,
                kind,
                speaker,
                attribution,
                span.closed,
                statement,
            )
        elif context.direct and previous is not None and span.paragraph - previous_paragraph <= 2:
            # No cue of its own: it continues the previous quote's speaker.
            quote = _quote(
                article,
                span.inner_start,
                span.inner_end,
                kind,
                previous.speaker,
                _inherit(previous),
                span.closed,
                (span.start, span.end),
            )
        else:
            quote = _quote(
                article,
                span.inner_start,
                span.inner_end,
                kind,
                None,
                None,
                span.closed,
                statement_span(text, span, None, context.direct, context.lower, context.upper),
            )
        if kind == "block" and found and found[-1].kind == "direct" and span.continues:
            found[-1] = replace(found[-1], kind="block")
        found.append(quote)
        previous, previous_paragraph = quote, span.paragraph
    return found


def _reported_speech(article: _Article, found: Sequence[Quote]) -> list[Quote]:
    """``X said that ...`` in sentences that hold no quotation."""
    covered = [(q.statement_start, q.statement_end) for q in found] + article.quoted
    return [
        _quote(
            article,
            item.start,
            item.end,
            "indirect",
            item.speaker,
            Attribution(
                item.speaker_start,
                item.speaker_end,
                item.cue_start,
                item.cue_end,
                item.speaker_start,
                item.speaker_end,
                None,
            ),
        )
        for item in indirect_quotes(
            article.text, article.sentences, article.people, covered, article.skip
        )
    ]


def _within_cap(start: int, end: int, max_chars: int) -> bool:
    """Whether a quote is at most ``max_chars`` long; says why when it is not."""
    if end - start <= max_chars:
        return True
    logger.debug("quote at %d:%d dropped: %d characters, over max_quote_chars=%d", start, end, end - start, max_chars)
    return False


def _found_at(start: int, end: int) -> Attribution:
    """A speaker written at ``start:end`` with no cue (a transcript label, a post signature)."""
    return Attribution(start, end, None, None, start, end, None)


def _inherit(previous: Quote) -> Attribution | None:
    """The attribution of a quote, for the next quote it lends its speaker to."""
    if previous.speaker_start is None or previous.speaker_end is None:
        return None
    return Attribution(
        previous.speaker_start,
        previous.speaker_end,
        previous.cue_start,
        previous.cue_end,
        previous.speaker_start,
        previous.speaker_end,
        previous.role,
    )


def _quote(
    article: _Article,
    start: int,
    end: int,
    kind: str,
    speaker: str | None,
    attribution: Attribution | None,
    closed: bool = True,
    statement: tuple[int, int] | None = None,
    cue: str | None = None,
) -> Quote:
    """A Quote record (trailing spaces and commas trimmed); the statement defaults to the quote."""
    text = article.text
    statement_start, statement_end = statement if statement is not None else (start, end)
    while end > start and text[end - 1] in " ,\t":
        end -= 1
    sentence = sentence_at(article.sentences, start)
    speaker_start = attribution.speaker_start if attribution is not None else None
    speaker_end = attribution.speaker_end if attribution is not None else None
    cue_start = attribution.cue_start if attribution is not None else None
    cue_end = attribution.cue_end if attribution is not None else None
    return Quote(
        quote_id="",
        sentence_index=sentence.index if sentence is not None else 0,
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=speaker,
        speaker_mention=text[speaker_start:speaker_end] if speaker_start is not None else None,
        cue=cue
        if cue is not None
        else (text[cue_start:cue_end] if cue_start is not None else None),
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        cue_start=cue_start,
        cue_end=cue_end,
        role=attribution.role if attribution is not None else None,
        closed=closed,
        statement_start=statement_start,
        statement_end=statement_end,
    )

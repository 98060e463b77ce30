"""Quotations and their speakers: direct, block, partial, interview and indirect quotes.

``extract_quotes`` finds quoted stretches (``quote_marks``), drops names and scare quotes,
recognises interview transcripts and embedded posts, finds the cue and speaker phrase next to
each quote (``attribution``) and resolves the phrase to a person of the article (``people``):
names, pronouns (most recent compatible person), roles ("Albanese's office"), documents
("the letter" -> the people named with it) and continuation (a quote with no cue of its own
continues the previous quote's speaker in the same or the previous paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from newsdesk.attribution import (
    Attribution,
    attribution_after,
    attribution_at_end,
    attribution_before,
    cue_forms,
)
from newsdesk.people import PersonMention, SentenceLike, find_people
from newsdesk.quote_marks import QuotedSpan, find_quoted_spans, paragraph_spans
from newsdesk.speakers import (
    indirect_quotes,
    interview_turns,
    post_signatures,
    resolve_speaker,
)

__all__ = ["Quote", "QuoteConfig", "extract_quotes"]


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


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    """Options for quote extraction."""

    #: a quote of at most this many words, in title case, is a name ("Coalition of the Willing")
    max_name_words: int = 6
    #: a quote this short with no reporting verb in its sentence is a scare quote, not a quote
    max_scare_quote_words: int = 5
    #: find "X said that ..." reported speech too
    indirect: bool = True


_WORD = re.compile(r"[\w’'-]+")
_MINOR = frozenset(
    (
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "a",
        "an",
        "de",
        "la",
        "le",
        "von",
        "van",
        "der",
        "du",
    )
)
_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’']|$)")


def _is_name(words: Sequence[str], inner: str) -> bool:
    """Title-case words without sentence punctuation: a name or title, not a quotation."""
    if inner.rstrip().rstrip(",")[-1:] in ".!?;:":
        return False
    content = [w for w in words if w.casefold() not in _MINOR]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def _sentence_at(sentences: Sequence[SentenceLike], offset: int) -> SentenceLike | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end or offset < sentence.start:
            return sentence
    return sentences[-1] if sentences else None


def _after_bound(text: str, start: int, limit: int) -> int:
    match = _SENTENCE_END.search(text, start, limit)
    return match.end() if match else limit


def extract_quotes(
    text: str,
    sentences: Sequence[SentenceLike],
    people: Sequence[PersonMention] | None = None,
    config: QuoteConfig | None = None,
) -> list[Quote]:
    """Find the quotations in an article and who said them.

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
    paragraphs = paragraph_spans(text)
    spans = find_quoted_spans(text)
    turns, interview_paragraphs = interview_turns(text, paragraphs)
    posts = post_signatures(text, paragraphs)
    skip = interview_paragraphs | {p for p, _ in posts} | {p - 1 for p, _ in posts}
    quoted = [(s.start, s.end) for s in spans]
    found: list[Quote] = []

    for paragraph, (name, label_start, label_end, body_start) in turns.items():
        start, end = body_start, paragraphs[paragraph][1]
        speaker = resolve_speaker(text, label_start, label_end, people, quoted, None)
        found.append(
            _quote(
                text,
                sentences,
                start,
                end,
                "interview",
                speaker or name,
                label_start,
                label_end,
                None,
                None,
                None,
                True,
                start,
                end,
            )
        )
    for paragraph, (name_start, name_end) in posts:
        start, end = paragraphs[paragraph - 1] if paragraph > 0 else paragraphs[paragraph]
        speaker = resolve_speaker(text, name_start, name_end, people, quoted, None)
        found.append(
            _quote(
                text,
                sentences,
                start,
                end,
                "direct",
                speaker,
                name_start,
                name_end,
                None,
                None,
                None,
                True,
                start,
                end,
                cue="posted",
            )
        )

    # A phrase quoted once as a name ("Coalition of the Willing") is a name wherever it recurs.
    names = {
        text[s.inner_start : s.inner_end].casefold().strip(" ,")
        for s in spans
        if s.closed
        and (w := _WORD.findall(text[s.inner_start : s.inner_end]))
        and len(w) <= config.max_name_words
        and _is_name(w, text[s.inner_start : s.inner_end])
    }
    previous: Quote | None = None
    previous_paragraph = -2
    for index, span in enumerate(spans):
        if span.paragraph in skip or span.inner_end - span.inner_start < 2:
            continue
        inner = text[span.inner_start : span.inner_end]
        words = _WORD.findall(inner)
        if not words or inner.casefold().strip(" ,") in names:
            continue
        continues_block = span.continues or (
            not span.closed and index + 1 < len(spans) and spans[index + 1].continues
        )
        if (
            span.closed
            and span.opened
            and len(words) <= config.max_name_words
            and _is_name(words, inner)
        ):
            continue
        sentence = _sentence_at(sentences, span.inner_start)
        paragraph_start, paragraph_end = paragraphs[span.paragraph]
        lower = paragraph_start
        for other in spans[:index]:
            if other.paragraph == span.paragraph:
                lower = max(lower, other.end)
        if sentence is not None:
            lower = max(lower, sentence.start if sentence.start <= span.start else lower)
        upper = paragraph_end
        for other in spans[index + 1 :]:
            if other.paragraph == span.paragraph:
                upper = min(upper, other.start)
                break
        before = text[lower : span.start]
        direct = (
            not before.strip()
            or bool(re.search(r"[:,—–]\s*$", before))
            or continues_block
            or not span.opened
        )
        attribution: Attribution | None = None
        if not direct:
            # A partial quote belongs to the reporting verb before it in its sentence.
            attribution = attribution_before(text, lower, span.start, partial=True)
        if attribution is None and span.closed:
            attribution = attribution_after(
                text,
                span.end,
                min(upper, span.end + 400),
                open_clause=text[span.inner_end - 1 : span.inner_end] in {",", "?", "!"},
            )
        if attribution is None and direct:
            attribution = attribution_before(text, lower, span.start, partial=False)
        if attribution is None and direct and before.strip() == "" and span.paragraph > 0:
            # "Continued Stone:" or "He told reporters:" closing the previous paragraph.
            prev_start, prev_end = paragraphs[span.paragraph - 1]
            if text[prev_start:prev_end].rstrip().endswith(":"):
                attribution = attribution_before(
                    text, max(prev_start, prev_end - 200), prev_end, partial=False
                )
        same_sentence = (
            previous is not None
            and sentence is not None
            and previous.sentence_index == sentence.index
            and previous.speaker_start is not None
        )
        if attribution is None:
            # '“A,” she said, adding, “B.”': a new cue, the same speaker.
            attribution = _participle(
                text, lower, span.start, people, previous if same_sentence else None
            )
        if attribution is None and same_sentence and previous is not None:
            attribution = _inherit(previous)
        if attribution is None and sentence is not None:
            attribution = _participle(text, sentence.start, max(sentence.end, span.end), people)
        if attribution is None and not direct and sentence is not None:
            attribution = attribution_at_end(text, span.end, max(sentence.end, span.end))
        if attribution is None and not direct and sentence is not None and len(words) >= 6:
            # Quoted words with no cue at all ("The senator's answer was that “...”"): the
            # sentence's subject, when it is a person, is the best guess of the speaker.
            attribution = _sentence_subject(text, sentence.start, span.start, people)
        if attribution is None and not _keep_unattributed(
            span, direct, continues_block, len(words), previous, previous_paragraph, config
        ):
            continue
        kind = "block" if continues_block else ("direct" if direct else "partial")
        if attribution is not None:
            speaker = resolve_speaker(
                text,
                attribution.person_start,
                attribution.person_end,
                people,
                quoted,
                attribution.role,
            )
            quote = _quote(
                text,
                sentences,
                span.inner_start,
                span.inner_end,
                kind,
                speaker,
                attribution.speaker_start,
                attribution.speaker_end,
                attribution.cue_start,
                attribution.cue_end,
                attribution.role,
                span.closed,
                *_statement(text, span, attribution, direct, lower, upper, paragraph_end),
            )
        elif direct and previous is not None and span.paragraph - previous_paragraph <= 1:
            quote = _quote(
                text,
                sentences,
                span.inner_start,
                span.inner_end,
                kind,
                previous.speaker,
                previous.speaker_start,
                previous.speaker_end,
                previous.cue_start,
                previous.cue_end,
                previous.role,
                span.closed,
                span.start,
                span.end,
            )
        else:
            quote = _quote(
                text,
                sentences,
                span.inner_start,
                span.inner_end,
                kind,
                None,
                None,
                None,
                None,
                None,
                None,
                span.closed,
                span.start,
                span.end,
            )
        if kind == "block" and found and found[-1].kind == "direct" and span.continues:
            found[-1] = replace(found[-1], kind="block")
        found.append(quote)
        previous, previous_paragraph = quote, span.paragraph

    if config.indirect:
        covered = [(q.statement_start, q.statement_end) for q in found] + quoted
        for item in indirect_quotes(text, sentences, people, covered, skip):
            found.append(
                _quote(
                    text,
                    sentences,
                    item.start,
                    item.end,
                    "indirect",
                    item.speaker,
                    item.speaker_start,
                    item.speaker_end,
                    item.cue_start,
                    item.cue_end,
                    None,
                    True,
                    item.start,
                    item.end,
                )
            )
    found.sort(key=lambda q: q.start)
    return [replace(q, quote_id=f"q{i + 1}") for i, q in enumerate(found)]


def _sentence_subject(
    text: str, start: int, end: int, people: Sequence[PersonMention]
) -> Attribution | None:
    """The first person named in the sentence before the quote, with no cue."""
    for mention in people:
        if start <= mention.start < end:
            return Attribution(mention.start, mention.end, None, None, mention.start,
                               mention.end, None)  # fmt: skip
        if mention.start >= end:
            break
    return None


def _keep_unattributed(
    span: QuotedSpan,
    direct: bool,
    continues_block: bool,
    n_words: int,
    previous: Quote | None,
    previous_paragraph: int,
    config: QuoteConfig,
) -> bool:
    """Whether a quote with no cue of its own is still a quotation.

    Partial quotes need a cue (otherwise they are scare quotes); a direct quote continues the
    previous quote's speaker when it follows it in the same or the next paragraph; a long
    direct quote with no speaker is kept (speaker unknown); short ones are scare quotes.
    """
    if continues_block:
        return True
    if not direct:
        return n_words >= 6
    if previous is not None and span.paragraph - previous_paragraph <= 1:
        return span.double or n_words >= 4
    return n_words > config.max_scare_quote_words and (span.double or n_words >= 8)


def _inherit(previous: Quote) -> Attribution:
    assert previous.speaker_start is not None and previous.speaker_end is not None
    return Attribution(
        previous.speaker_start,
        previous.speaker_end,
        previous.cue_start,
        previous.cue_end,
        previous.speaker_start,
        previous.speaker_end,
        previous.role,
    )


_PARTICIPLE = re.compile(
    r"(?:,[’'”\"]?|\bby|\band|\bthen)\s+(?P<cue>saying|adding|calling|arguing|noting|writing|warning|insisting|"
    r"describing|declaring|stating|telling|asking|claiming|accusing|urging)\b"
)


def _participle(
    text: str,
    start: int,
    end: int,
    people: Sequence[PersonMention],
    previous: Quote | None = None,
) -> Attribution | None:
    """``X dismissed it, saying "..."``: the cue is a participle; the speaker is the clause's
    subject, taken as the first person named in the sentence before the cue."""
    cues = list(_PARTICIPLE.finditer(text, start, end))
    if not cues:
        return None
    cue = cues[-1]
    if previous is not None and previous.speaker_start is not None:
        assert previous.speaker_end is not None
        return Attribution(
            previous.speaker_start,
            previous.speaker_end,
            cue.start("cue"),
            cue.end("cue"),
            previous.speaker_start,
            previous.speaker_end,
            previous.role,
        )
    for mention in people:
        if start <= mention.start < cue.start():
            return Attribution(
                mention.start,
                mention.end,
                cue.start("cue"),
                cue.end("cue"),
                mention.start,
                mention.end,
                None,
            )
    return None


@cache
def _cue_words() -> re.Pattern[str]:
    forms = sorted(cue_forms(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b")


_THAT = re.compile(r"\bthat\s+")
_CLAUSE_END = re.compile(
    r",\s+(?:[a-z]+ing|according|which|who|while|but|as)\b|;|—|\s--\s"
)


def _statement(
    text: str,
    span: QuotedSpan,
    attribution: Attribution,
    direct: bool,
    lower: int,
    upper: int,
    paragraph_end: int,
) -> tuple[int, int]:
    """The reported statement: the quote, or the clause of reported speech around a partial
    quote (from ``that`` or the cue before it to the end of the clause). A direct quote led in by
    ``X said that if ..., "..."`` starts at ``that``, as PolNeAR's Content spans do."""
    cue_before = attribution.cue_end is not None and attribution.cue_end <= span.start
    if direct:
        if cue_before:
            assert attribution.cue_end is not None
            that = _THAT.search(text, attribution.cue_end, span.start)
            if that and span.start - that.start() < 300:
                return that.start(), span.end
        return span.start, span.end
    if text[span.inner_end - 1 : span.inner_end] in {".", "!", "?", ","}:
        end = span.end
    else:
        sentence_end = _after_bound(text, span.end, upper)
        clause_end = _CLAUSE_END.search(text, span.end, sentence_end)
        end = clause_end.start() if clause_end else sentence_end
    if cue_before:
        assert attribution.cue_end is not None
        start = attribution.cue_end
        nearer = list(_cue_words().finditer(text, start, span.start))
        if nearer:
            start = nearer[-1].end()
        that = _THAT.search(text, start, span.start)
        if that:
            start = that.start()
        else:
            while start < span.start and text[start] in " \t,:":
                start += 1
        return start, max(span.end, end)
    return lower, max(span.end, attribution.speaker_start - 2)


def _quote(
    text: str,
    sentences: Sequence[SentenceLike],
    start: int,
    end: int,
    kind: str,
    speaker: str | None,
    speaker_start: int | None,
    speaker_end: int | None,
    cue_start: int | None,
    cue_end: int | None,
    role: str | None,
    closed: bool,
    statement_start: int,
    statement_end: int,
    cue: str | None = None,
) -> Quote:
    while end > start and text[end - 1] in " ,\t":
        end -= 1
    sentence = _sentence_at(sentences, start)
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
        role=role,
        closed=closed,
        statement_start=statement_start,
        statement_end=statement_end,
    )


# Re-exported for the evaluation and tests: the verbs that count as cues.
CUE_FORMS = cue_forms

"""The statement around a quotation, and speakers found from its sentence.

A partial quote stands inside reported speech, and PolNeAR-style evaluation (and a reader) wants
the whole statement: from ``that`` (or the cue) to the end of the clause. Some quotes have no
cue next to them but a participle ("…, saying “…”") or none at all; their speaker is the subject
of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import title_heads
from newsdesk.quotes.antecedents import after_preposition
from newsdesk.quotes.cues import Attribution
from newsdesk.quotes.marks import QuotedSpan
from newsdesk.quotes.subjects import not_the_subject
from newsdesk.resources import alternation, reporting_verbs
from newsdesk.text import known_abbreviations

__all__ = [
    "PARTICIPLE_LEAD_IN",
    "after_bound",
    "coordinated_attribution",
    "cue_in_sentence",
    "dash_signature",
    "participle_attribution",
    "sentence_subject",
    "statement_span",
]

_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’']|$)")
_LAST_WORD = re.compile(r"[\w.]+$")


def after_bound(text: str, start: int, limit: int) -> int:
    """Where the sentence that goes on at ``start`` ends (at most ``limit``).

    >>> after_bound("the talks, he said. Then more.", 0, 30)
    19
    """
    for match in _SENTENCE_END.finditer(text, start, limit):
        word = _LAST_WORD.search(text, start, match.start())
        if (
            match.group() == "."
            and word
            and (len(word.group()) == 1 or word.group().casefold() in known_abbreviations())
        ):
            continue  # "Sen. Lindsey Graham", "Donald J. Trump"
        return match.end()
    return limit


_SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")


def sentence_subject(
    text: str, start: int, end: int, people: Sequence[PersonMention]
) -> Attribution | None:
    """The first person named (or he/she) in the sentence before the quote, with no cue.

    >>> text = 'Then he found the field "unheard of in a long time".'
    >>> found = sentence_subject(text, 0, 24, [])
    >>> text[found.speaker_start : found.speaker_end], found.cue_start
    ('he', None)
    """
    subject = _SUBJECT_AT_START.match(text, start, end)
    named = [m for m in people if start <= m.start < end]
    # "Preceded at the lectern by Joe Arpaio, Trump launched into ...": not the object
    first = next((m for m in named if not after_preposition(text, m)), named[0] if named else None)
    if subject is not None and first is not None and not_the_subject(text, subject, first):
        # "Republican presidential front-runner Donald Trump": Trump is the subject; "Much of
        # Beck's ire was directed at Bannon, who Beck called ...": "Much" is nobody
        subject = None
    if subject is not None and (first is None or subject.start("speaker") <= first.start):
        # "Gerry O'Brien, a GOP consultant, notes that ... Kasich “...”": the subject leads.
        speaker_end = _title_after_determiner(
            text, subject.start("speaker"), subject.end("speaker")
        )
        return Attribution(subject.start("speaker"), speaker_end, None, None,
                           subject.start("speaker"), speaker_end, None)  # fmt: skip
    pronoun = _SUBJECT_PRONOUN.search(text, start, end)
    if first is not None and (pronoun is None or first.start < pronoun.start()):
        return Attribution(first.start, first.end, None, None, first.start, first.end, None)
    if pronoun is not None:
        return Attribution(pronoun.start(), pronoun.end(), None, None, pronoun.start(),
                           pronoun.end(), None)  # fmt: skip
    return None


_DETERMINER = re.compile(r"(?:The|A|An)\b")
_LOWER_WORDS = re.compile(r"(?:[ \t]+[a-z][\w-]*){1,3}")


def _title_after_determiner(text: str, start: int, end: int) -> int:
    """Where a subject that opens with a determiner ends: "The Florida senator" and "The
    billionaire businessman" run on to their title word (the capitalised words alone would
    make "The Florida" or "The" the speaker)."""
    if not _DETERMINER.match(text, start):
        return end
    words = _LOWER_WORDS.match(text, end)
    if words is None:
        return end
    found = end
    for word in re.finditer(r"[a-z][\w-]*", words.group()):
        if word.group() in title_heads():
            found = end + word.end()
    return found


_PARTICIPLE = re.compile(
    r"(?:,[’'”\"]?|\bby|\band|\bthen)\s+(?P<cue>saying|adding|calling|arguing|noting|writing|warning|insisting|"
    r"describing|declaring|stating|telling|asking|claiming|accusing|urging)\b"
)


# "Nefzi said" / "Spicer told reporters Thursday" right before ", adding"
_SAID_BEFORE = re.compile(
    r"\s+(?:(?:also|later|then)\s+)?(?:" + alternation(reporting_verbs("speaks")) + r")\b"
    r"[^.;:“”\"\n]{0,40}?\s*"
)
PARTICIPLE_LEAD_IN = re.compile(
    r",\s+(?:saying|adding|telling|writing|noting|arguing|insisting|declaring|asking|stating)\b"
    r"[^“”\".!?]{0,40}[:,]?\s*$"
)
# The subject at the start of a sentence: a capitalised name or he/she, after a connective.
_SUBJECT_AT_START = re.compile(
    r"\s*(?:(?:And|But|So|Then|Still|Later|Earlier|Meanwhile),?\s+)?"
    r"(?!(?:And|But|So|Then|On|In|At|As|For|After|Before|When|While|If|Since|Despite|With|By|"
    r"From|During|Under|It|This|That|There|Here|What|Why|How|Amid|Among|Although|Though|"
    r"Because|Following|According|Asked|Like|Unlike|Over|Through|Against|Without|Once|Until|"
    r"Across|Around|Along|Behind|Beyond|Inside|Outside|Near|Toward|Towards|Into|Upon|Within|"
    r"Between|Earlier|Ever|Alongside|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b)"
    r"(?P<speaker>(?:The|A|An)\s+(?:[A-Za-z][\w’'-]*\s+){0,3}?[A-Za-z][\w’'-]*"
    r"(?=\s+(?:(?:[a-z]+ly|later|also|then|has|had|have)\s+)?(?:[a-z]+ed|[a-z]+s|"
    + alternation(reporting_verbs("subject_verb"))
    + r")\b)|"
    # not a participle, an adverb or a time ("Holding signs, ...", "Hours later, ...")
    r"(?!(?:[A-Z][a-z]+(?:ing|ly)|Hours|Days|Weeks|Months|Years|Minutes|Moments|Today|Tonight|"
    r"Yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Last|Next)\b)(?:[A-Z][\w’'.-]*[ \t]+){0,3}[A-Z][\w’'.-]*"
    r"(?:[ \t]+\([A-Z][\w.-]{0,12}\))?|[Hh]e|[Ss]he)"
    r"\s+[a-z]"
)


def participle_attribution(
    text: str,
    start: int,
    end: int,
    people: Sequence[PersonMention],
    previous: Attribution | None = None,
) -> Attribution | None:
    """``X dismissed it, saying "..."``: the cue is a participle; the speaker is the clause's
    subject: ``previous`` (a quote's speaker earlier in the sentence) if given, else the first
    person named in the sentence before the cue, else the subject at the sentence start.

    >>> text = 'Winston Peters dismissed it, saying the letter was "nonsense".'
    >>> people = [PersonMention(0, 14, "Winston Peters", "Winston Peters", (), 0)]
    >>> found = participle_attribution(text, 0, 51, people)
    >>> text[found.speaker_start : found.speaker_end], text[found.cue_start : found.cue_end]
    ('Winston Peters', 'saying')
    """
    cues = list(_PARTICIPLE.finditer(text, start, end))
    if not cues:
        return None
    cue = cues[-1]
    if previous is not None:
        return Attribution(
            previous.speaker_start,
            previous.speaker_end,
            cue.start("cue"),
            cue.end("cue"),
            previous.person_start,
            previous.person_end,
            previous.role,
        )
    spoke = _spoke_before(text, start, cue.start(), people)
    if spoke is not None:
        # "Ryan and Trump will meet next week, Spicer said, adding, “...”": who said it adds it
        return Attribution(spoke.start, spoke.end, cue.start("cue"), cue.end("cue"), spoke.start,
                           spoke.end, None)  # fmt: skip
    subject = _SUBJECT_AT_START.match(text, start, cue.start())
    named = next((m for m in people if start <= m.start < cue.start()), None)
    if subject is not None and named is not None and not_the_subject(text, subject, named):
        subject = None
    for mention in people:
        if (
            start <= mention.start < cue.start()
            and (subject is None or mention.start <= subject.end())
            and not after_preposition(text, mention)  # "compared himself to Clinton, saying"
        ):
            return Attribution(
                mention.start,
                mention.end,
                cue.start("cue"),
                cue.end("cue"),
                mention.start,
                mention.end,
                None,
            )
    if subject is not None:
        start, end = subject.start("speaker"), subject.end("speaker")
        end = _title_after_determiner(text, start, end)  # "The Florida senator", not "The Florida"
        return Attribution(start, end, cue.start("cue"), cue.end("cue"), start, end, None)
    return None


def _spoke_before(
    text: str, start: int, end: int, people: Sequence[PersonMention]
) -> PersonMention | None:
    """The person whose reporting verb ends the clause just before a participle cue at ``end``
    ("..., Nefzi said, adding"), if any."""
    for mention in reversed(people):
        if mention.end <= end and mention.start >= start:
            return mention if _SAID_BEFORE.fullmatch(text, mention.end, end) else None
    return None


@cache
def _cue_words() -> re.Pattern[str]:
    forms = sorted(reporting_verbs(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b")


_COORDINATED_CUE = re.compile(
    r"\band\s+(?:then\s+|also\s+|later\s+)?(?P<cue>told\s+\w+|"
    + alternation(reporting_verbs("coordinated"))
    + r")\s*[:,]?\s*$"
)


def coordinated_attribution(
    text: str, start: int, end: int, people: Sequence[PersonMention]
) -> Attribution | None:
    """``Lazar said he welcomed it and added, “...”``: a cue coordinated with an earlier verb
    belongs to the sentence's subject, not to a pronoun between them.

    >>> text = 'Lazar said he welcomed it and added, "No problem."'
    >>> people = [PersonMention(0, 5, "Lazar", "Marcel Lazar", (), 0)]
    >>> found = coordinated_attribution(text, 0, 37, people)
    >>> text[found.speaker_start : found.speaker_end], text[found.cue_start : found.cue_end]
    ('Lazar', 'added')
    """
    cue = _COORDINATED_CUE.search(text, start, end)
    if cue is None:
        return None
    subject = sentence_subject(text, start, cue.start(), people)
    if subject is None:
        return None
    return Attribution(subject.speaker_start, subject.speaker_end, cue.start("cue"),
                       cue.end("cue"), subject.person_start, subject.person_end, None)  # fmt: skip


def cue_in_sentence(
    text: str, start: int, end: int, people: Sequence[PersonMention]
) -> Attribution | None:
    """The last reporting verb between ``start`` (the sentence) and ``end`` (the quote), with
    the sentence's subject before it as the speaker.

    >>> text = 'The nominee later said he was being "sarcastic".'
    >>> found = cue_in_sentence(text, 0, 36, [])
    >>> text[found.speaker_start : found.speaker_end], text[found.cue_start : found.cue_end]
    ('The nominee', 'said')
    """
    cues = list(_cue_words().finditer(text, start, end))
    if not cues:
        return None
    cue = cues[-1]
    subject = sentence_subject(text, start, cue.end(), people)
    if subject is None:
        return None
    return Attribution(subject.speaker_start, subject.speaker_end, cue.start(), cue.end(),
                       subject.person_start, subject.person_end, subject.role)  # fmt: skip


_THAT = re.compile(r"\bthat\s+")
_MARK = re.compile(r"[“”\"]")
#: the reported clause goes on after a quote ending in a comma ('“peanuts,” compared to ...'),
#: unless a participle, a relative or a prepositional phrase of the writer's follows
_GOES_ON = re.compile(
    r"[ \t]+(?!(?:which|who|in|on|at|during|after|before|according|"
    + alternation(reporting_verbs("not_a_continuation"))
    + r")\b|[a-z]+ing\b)"
    r"[a-z]"
)
_CLAUSE_END = re.compile(
    r",\s+(?:[a-z]+ing|according|which|who|while|but|as)\b|;|—|\s--\s"
    # the reporting verb's adjuncts: '“very decent man” Tuesday', '“...” in an interview'
    r"|\s+(?:on\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today|week)\b|\s+(?:in|during)\s+(?:an?|his|her|their)\s+(?:[\w-]+\s+)?"
    r"(?:interview|statement|speech|tweet|email|e-mail|post|op-ed|appearance)\b"
    # the writer's own aside after the quote: '“...” while clips play', '“...” (although ...)'
    r"|\s+(?:while|whereas|although|before)\s|\s+\(|\s+as\s+(?:he|she|they)\s"
    r"|,\s+(?:a|an)\s+[a-z]+\s+(?:at|to|on|of)\b"
)
# "... “crazy” and said the party would lose": a second verb of the reporting sentence's
# subject ends the reported clause; "and criminals" (a noun) does not.
_COORDINATED_VERB = re.compile(r"\s+(?:and|but)\s+(?:also\s+|then\s+)?(?P<verb>[a-z]+)\b")


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the reported clause from ``start`` ends: a clause break or a coordinated verb."""
    found = _CLAUSE_END.search(text, start, end)
    limit = found.start() if found else end
    for verb in _COORDINATED_VERB.finditer(text, start, limit):
        word = verb.group("verb")
        if word.endswith(("ing", "ed")) or word in reporting_verbs():
            return verb.start()
    return limit


def statement_span(
    text: str,
    span: QuotedSpan,
    attribution: Attribution | None,
    direct: bool,
    lower: int,
    upper: int,
) -> tuple[int, int]:
    """The reported statement: the quote, or the clause of reported speech around a partial
    quote (from ``that`` or the cue before it to the end of the clause). A direct quote led in by
    ``X said that if ..., "..."`` starts at ``that``, as PolNeAR's Content spans do.

    >>> from newsdesk.quotes.marks import find_quoted_spans
    >>> text = 'Luxon said that it would be "premature" to talk, adding more.'
    >>> (span,) = find_quoted_spans(text)
    >>> said = Attribution(0, 5, 6, 10, 0, 5, None)
    >>> start, end = statement_span(text, span, said, False, 0, len(text))
    >>> text[start:end]
    'that it would be "premature" to talk'
    """
    cue_before = (
        attribution is not None
        and attribution.cue_end is not None
        and attribution.cue_end <= span.start
    )
    if direct:
        end = span.end
        if (
            span.closed
            and text[span.inner_end - 1 : span.inner_end].isalnum()
            and (cue_before or attribution is None or attribution.cue_start is None)
            and _GOES_ON.match(text, span.end)
        ):
            # '“We are frustrated and horrified” by the shooting': the sentence goes on.
            end = max(end, _clause_end(text, span.end, after_bound(text, span.end, upper)))
        if cue_before:
            assert attribution is not None and attribution.cue_end is not None
            that = _THAT.search(text, attribution.cue_end, span.start)
            if that and span.start - that.start() < 300:
                return that.start(), end
        return span.start, end
    last = text[span.inner_end - 1 : span.inner_end]
    if last in {".", "!", "?"} or (
        last == ","
        and not (
            cue_before
            and _GOES_ON.match(text, span.end)
            and not _MARK.search(text, span.end, after_bound(text, span.end, upper))
        )
    ):
        end = span.end
    else:
        end = _clause_end(text, span.end, after_bound(text, span.end, upper))
    if cue_before:
        assert attribution is not None and attribution.cue_end is not None
        start = attribution.cue_end
        nearer = list(_cue_words().finditer(text, start, span.start))
        if nearer:
            start = nearer[-1].end()
        that = _THAT.search(text, start, span.start)
        if that and that.start() - start > 30:
            that = None  # "said on Tuesday that" leads in; a later "that" is inside the clause
        if that:
            start = that.start()
        else:
            while start < span.start and text[start] in " \t,:":
                start += 1
        return start, max(span.end, end)
    if attribution is not None and attribution.speaker_start > span.start:
        # '... to "prevent aggression", Macron said.': the statement runs up to the speaker.
        return lower, max(span.end, attribution.speaker_start - 2)
    # No cue before the quote: the clause after the last reporting word ("her claim that
    # she “never sent ...”", "labeling Obama's actions “a blatant abuse”").
    start = lower
    nearer = list(_cue_words().finditer(text, lower, span.start))
    if nearer:
        start = nearer[-1].end()
    thats = list(_THAT.finditer(text, start, span.start))
    if thats:
        start = (thats[0] if nearer else thats[-1]).start()
    while start < span.start and text[start] in " \t,:":
        start += 1
    return start, span.end


_DASH_SIGNATURE = re.compile(
    r"\s*[-—–]\s*(?P<speaker>(?:[A-Z][\w’'.-]*[ \t]+){0,3}[A-Z][\w’'-]*)"
    # "-Michelle Marks, Philadelphia.", "-President Obama, tweeting after Clinton's speech."
    r"(?:,[^\n“”\"]{1,80})?\.?\s*$"
)


def dash_signature(text: str, start: int, end: int) -> Attribution | None:
    """A paragraph that only signs the quote before it: ``- Sanders.``

    >>> text = '"We pay zero taxes."\\n\\n- Sanders.'
    >>> found = dash_signature(text, 22, len(text))
    >>> text[found.speaker_start : found.speaker_end]
    'Sanders'
    """
    match = _DASH_SIGNATURE.match(text, start, end)
    if match is None:
        return None
    return Attribution(match.start("speaker"), match.end("speaker"), None, None,
                       match.start("speaker"), match.end("speaker"), None)  # fmt: skip

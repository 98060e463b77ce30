"""Who said it: the reporting verb (cue) and the speaker phrase next to a quotation.

Patterns, tried nearest-first around each quote:

- after the quote: ``,” said X`` and ``,” X said`` (X may be a name, a pronoun, ``X's office``,
  ``a spokesperson for X``, or a phrase like ``the letter``; an appositive may follow the name);
- before the quote: ``X said:`` / ``X told reporters,`` / ``X said the`` (partial quotes), and
  ``according to X,`` / ``As X put it,`` / ``Continued X:``.

A name may carry a party-and-state parenthetical (``Rep. Zoe Lofgren (D-Calif.)``); after
``told`` or ``asked`` a name is the listener, never the speaker. The pieces the speaker
phrases are built from are in ``quotes.phrases``.

The speaker phrase is then resolved to a person by ``quotes.py`` (names, pronouns, roles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsdesk.quotes.phrases import (
    AUX,
    DET,
    INVERTED_CUE,
    NAME,
    NAME_OF,
    PRONOUN,
    TOKEN,
    speaker_alternatives,
)
from newsdesk.resources import alternation, reporting_verbs

__all__ = [
    "Attribution",
    "attribution_after",
    "attribution_at_end",
    "attribution_before",
]


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker phrase and a cue found next to a quote (offsets into the article text)."""

    speaker_start: int
    speaker_end: int
    #: None for a quote introduced by a bare colon ("Jeffrey M. Jones: “...”")
    cue_start: int | None
    cue_end: int | None
    #: the person inside the phrase, when the phrase names a role ("Albanese's office")
    person_start: int
    person_end: int
    role: str | None


@cache
def _cue_pattern() -> str:
    forms = sorted(reporting_verbs(), key=len, reverse=True)
    # A sentence may open with the verb ("Said Dorothy Poynter, ..."), capitalised.
    capitalised = [form.capitalize() for form in reporting_verbs("opens_sentence")]
    alternatives = "|".join(forms) + "|" + alternation(capitalised)
    return r"(?P<cue>\b(?:" + alternatives + r")\b)"


@cache
def _after_normal() -> re.Pattern[str]:
    appositive = r"(?:,[^“”\"\n]{2,250}?,)?"
    return re.compile(
        rf"^[\s,—–-]*(?P<speaker>{speaker_alternatives(phrase=True)}){appositive}"
        rf"\s+(?:{AUX}\s+){{0,2}}{_cue_pattern()}"
    )


@cache
def _after_inverted() -> re.Pattern[str]:
    speaker = rf"(?P<speaker>{TOKEN}(?:[ \t\xa0]+{TOKEN}){{0,9}})"
    return re.compile(rf"^[\s,—–-]*{INVERTED_CUE}\s+{speaker}")


@cache
def _before_subject() -> re.Pattern[str]:
    appositive = r"(?:,[^“”\"\n]{2,250}?,)?"
    return re.compile(
        rf"(?P<speaker>{speaker_alternatives()}){appositive}\s+(?:(?:{AUX}|[a-z]+ly)\s+){{0,2}}$"
    )


@cache
def _cue_anywhere() -> re.Pattern[str]:
    return re.compile(_cue_pattern())


_ACCORDING = re.compile(
    rf"\b(?P<cue>[Aa]ccording to)\s+(?P<speaker>{NAME}(?:\s+(?:of|for|at)\s+(?:the\s+)?{NAME})?|"
    rf"{DET}\s+[\w ]{{1,40}}?)\s*,"
)
# "As The Post's Ruth Marcus puts it, ...", "As Breitbart News reported, ...:"
_AS_SOURCE = re.compile(
    rf"\b[Aa]s\s+(?P<speaker>(?:The\s+)?{NAME_OF}{{0,2}}{NAME}|the\s+[\w ]{{1,40}}?)\s+"
    rf"(?P<cue>{alternation(reporting_verbs('as_source'))}|put it|puts it)"
    r"\b[^.;“”\"]{0,120}[,:]"
)
_TIME_WORDS = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|June|July|August|September|October|November|December|ago|today|yesterday|week|"
    r"month|year|morning|afternoon|evening|night)\b"
)
# "O'Brien, a GOP consultant, notes": a noun-like verb form right after a subject is a verb.
_SUBJECT_BEFORE_NOUN_FORM = re.compile(r"(?:,|\b(?:he|she|it|they|He|She|It|They))\s+$")
_INVERTED_BEFORE = re.compile(rf"\s+(?P<speaker>{NAME})\s*[,:]")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+$")
# 'calling Trump’s charge “pathetic”': a cue after a possessive is a noun, not the quote's cue,
# unless the quote completes it ("Trump's call for a “deportation force”" is his call's words)
_POSSESSIVE = re.compile(r"\w(?:[’']s|s[’'])\s+$")
_NOUN_COMPLEMENT = re.compile(r"\s+(?:for|of|on|about|that|to)\b[^,.;:“”\"]{0,30}$")
_ISSUED_DOCUMENT = re.compile(
    r"\s+(?:issued|released|put\s+out|sent\s+out|sent|posted|published)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+)?(?:statement|release|letter|email|e-mail|memo|note)\s+$"
)


def _build(match: re.Match[str], offset: int) -> Attribution:
    role: str | None = None
    person = "speaker"
    if match.groupdict().get("spokes"):
        role, person = "spokesperson", "p1"
    elif match.groupdict().get("office"):
        role, person = match.group("rolenoun").casefold(), "p2" if match.group("p2") else "owner"
    return Attribution(
        speaker_start=match.start("speaker") + offset,
        speaker_end=match.end("speaker") + offset,
        cue_start=match.start("cue") + offset,
        cue_end=match.end("cue") + offset,
        person_start=match.start(person) + offset,
        person_end=match.end(person) + offset,
        role=role,
    )


def _plausible(match: re.Match[str]) -> bool:
    """Reject nominal speakers that are clauses ("the talks"): keep people-ish phrases."""
    nominal = match.groupdict().get("nominal")
    if nominal and match.group("cue").casefold() in {"call", "calls", "called", "calling"}:
        return False
    name = match.groupdict().get("name")
    return not (name and name.split()[0] in _NOT_SUBJECTS)


_GENERIC_SPEAKER = rf"(?P<speaker>{NAME}|\b{PRONOUN}|\b{DET}\s+(?:[\w-]+\s+){{0,2}}?[\w-]+)"
_AFTER_ACCORDING = re.compile(
    rf"^[\s,—–-]*(?P<cue>according to)\s+(?P<speaker>{TOKEN}(?:[ \t\xa0]+{TOKEN}){{0,9}})"
)
# Any past-tense or present verb after a quote that ends in a comma: '“...,” Oliver barked.'
_AFTER_GENERIC = re.compile(
    rf"^[\s,—–-]*{_GENERIC_SPEAKER}\s+(?:\w+ly\s+)?(?P<cue>[a-z]{{3,}}(?:ed|s)|went\s+on(?!\s+to\b))\b"
)
_AFTER_GENERIC_INVERTED = re.compile(rf"^[\s,—–-]*(?P<cue>[a-z]{{3,}}ed)\s+(?P<speaker>{NAME})")
# "Pollsters agree - Carl Bialik: “...”", "... all along -More from Blumenthal and Cohen: “...”":
# a digest's headline, a dash, then the source and a colon
_COLON_LABEL = re.compile(
    rf"(?:^|[.!?]\s+|\n)(?:[^\n“”\"]{{0,200}}?\s[-–—]\s*(?:More\s+from\s+)?)?"
    rf"(?P<speaker>{NAME}(?:\s+and\s+{NAME})?)\s*:\s*$"
)
_COLON_VERB = re.compile(
    rf"{_GENERIC_SPEAKER}\s+(?:\w+ly\s+)?(?P<cue>[a-z]{{3,}}(?:ed|s|ing))\b[^.:;“”\"]{{0,40}}:\s*$"
)
#: -s forms that are more often plural nouns ("Asian states", "news reports"): not cues when
#: the quote is partial and the verb could be anywhere in the sentence
_NOUN_FORMS = frozenset(
    (
        "states", "reports", "posts", "notes", "claims", "comments", "remarks", "answers",
        "calls", "charges", "counters", "quotes", "promises", "pledges", "tweets", "replies",
        "vows",
    )
)  # fmt: skip


def _plain(match: re.Match[str], offset: int, cue: bool = True) -> Attribution:
    return Attribution(
        match.start("speaker") + offset,
        match.end("speaker") + offset,
        match.start("cue") + offset if cue else None,
        match.end("cue") + offset if cue else None,
        match.start("speaker") + offset,
        match.end("speaker") + offset,
        None,
    )


def attribution_after(
    text: str, start: int, end: int, open_clause: bool = False
) -> Attribution | None:
    """A ``,” X said`` or ``,” said X`` attribution right after a quote ending at ``start``.

    >>> t = '"Yes," said Mattie Thomas, 66.'
    >>> a = attribution_after(t, 6, len(t))
    >>> t[a.speaker_start:a.speaker_end], t[a.cue_start:a.cue_end]
    ('Mattie Thomas', 'said')
    """
    window = text[start:end]
    match = _AFTER_ACCORDING.match(window)
    if match:
        return _plain(match, start)
    for pattern in (_after_inverted(), _after_normal()):
        match = pattern.match(window)
        if match and _plausible(match):
            if not open_clause and _INTRODUCES_NEXT.match(text, start + match.end()):
                return None
            return _build(match, start)
    if open_clause:
        for generic in (_AFTER_GENERIC_INVERTED, _AFTER_GENERIC):
            match = generic.match(window)
            if match and match.group("speaker").split()[0] not in _NOT_SUBJECTS:
                return _plain(match, start)
    return None


#: '... ahead.” He added: “...”': the cue introduces the next quote, not this one
_INTRODUCES_NEXT = re.compile(r"[^.!?“”\"\n]{0,60}?(?::|,\s*[“\"])")
#: cues whose object is the listener ("told reporters"), never the speaker
_OBJECT_CUES = frozenset(("told", "tells", "tell", "telling", "asked", "asks", "ask", "urged"))
_NOT_SUBJECTS = frozenset({"It", "This", "That", "There", "What", "But", "And", "The", "A"})


def attribution_before(text: str, start: int, end: int, partial: bool) -> Attribution | None:
    """The nearest ``X said:`` (or, for partial quotes, ``X said that ...``) before ``end``.

    Args:
        text: the article text.
        start: where the search may begin (sentence or previous quote).
        end: where the quote starts.
        partial: allow any words between cue and quote (reported speech).

    >>> t = 'Starmer told reporters: "We agreed."'
    >>> a = attribution_before(t, 0, 24, partial=False)
    >>> t[a.speaker_start:a.speaker_end], t[a.cue_start:a.cue_end]
    ('Starmer', 'told')
    """
    window = text[start:end]
    according = None
    for found in _ACCORDING.finditer(window):
        according = found
    if not partial and window.rstrip().endswith(":"):
        label = _COLON_LABEL.search(window)
        if label:
            return _plain(label, start, cue=False)
    cues = list(_cue_anywhere().finditer(window))
    participle: re.Match[str] | None = None
    for cue in reversed(cues):
        if _PASSIVE.search(window, 0, cue.start()) or (
            _POSSESSIVE.search(window, 0, cue.start())
            and not _NOUN_COMPLEMENT.match(window, cue.end())
        ):
            continue
        if (
            partial
            and cue.group().casefold() in _NOUN_FORMS
            and not _SUBJECT_BEFORE_NOUN_FORM.search(window, 0, cue.start())
        ):
            continue
        if (
            partial
            and participle is None
            and cue.group().endswith("ing")
            and (window[: cue.start()].rstrip().endswith(","))
        ):
            # "X dismissed it, saying ...": the cue is the participle, the speaker the subject.
            participle = cue
            continue
        tail = window[cue.end() :]
        # "told POLITICO," names the listener, not the speaker: only "said X" inverts.
        inverts = cue.group().casefold() not in _OBJECT_CUES
        inverted = _INVERTED_BEFORE.match(tail) if inverts else None
        if inverted and _TIME_WORDS.match(inverted.group("speaker")):
            inverted = None  # 'said Wednesday, “...”': a date, not a speaker
        if inverted and not partial and re.search(r"[:,]\s*$", tail):
            # 'Said Dorothy Poynter, who grew up with him, “...”'
            offset = cue.end() + start
            return Attribution(
                inverted.start("speaker") + offset, inverted.end("speaker") + offset,
                cue.start() + start, cue.end() + start,
                inverted.start("speaker") + offset, inverted.end("speaker") + offset, None,
            )  # fmt: skip
        if not partial and (len(tail) > 100 or not re.search(r"[:,]\s*$|^\s*$", tail)):
            continue
        if not partial and len(tail) > 60 and cue is not cues[-1]:
            # 'said on Twitter on Monday, in reference to her first child, ..., “...”' reaches
            # over a long adverbial, but not over a later cue ('she wrote, arguing that ...').
            continue
        subject = _before_subject().search(window, 0, cue.start())
        while subject is not None and _TIME_WORDS.search(subject.group("speaker")):
            # "On Tuesday, Kevin Brady, chairman of ..., said": the date is not the speaker.
            subject = _before_subject().search(window, subject.end("speaker"), cue.start())
        if subject is None:
            inverted = re.match(rf"\s+(?P<speaker>{NAME})\s*:", tail)
            if inverted and inverts:
                return Attribution(
                    inverted.start("speaker") + cue.end() + start,
                    inverted.end("speaker") + cue.end() + start,
                    cue.start() + start,
                    cue.end() + start,
                    inverted.start("speaker") + cue.end() + start,
                    inverted.end("speaker") + cue.end() + start,
                    None,
                )
            continue
        issued = _ISSUED_DOCUMENT.search(window, 0, cue.start())
        if issued:
            # 'The DNC issued a statement saying': the issuer speaks, not the document.
            subject = _before_subject().search(window, 0, issued.start() + 1) or subject
        if subject.groupdict().get("nominal") and not _short_or_proper_nominal(
            subject.group("speaker")
        ):
            # "a woman asked for a photo and Clinton said,": a name may end the long phrase
            subject = _before_subject().search(window, subject.start("speaker") + 1, cue.start())
            if (
                subject is None
                or not subject.groupdict().get("name")
                or not window[: subject.start("speaker")].endswith(" and ")
            ):
                continue
        speaker = subject.group("speaker")
        if speaker.split()[0] in {"It", "This", "That", "There", "What", "But", "And"}:
            continue
        role: str | None = None
        person = "speaker"
        if subject.groupdict().get("spokes"):
            role, person = "spokesperson", "p1"
        elif subject.groupdict().get("office"):
            role, person = subject.group("rolenoun").casefold(), "p2" if subject["p2"] else "owner"
        shown = participle or cue
        return Attribution(
            subject.start("speaker") + start,
            subject.end("speaker") + start,
            shown.start() + start,
            shown.end() + start,
            subject.start(person) + start,
            subject.end(person) + start,
            role,
        )
    if not partial and window.rstrip().endswith(":"):
        verb = _COLON_VERB.search(window)
        if verb and verb.group("speaker").split()[0] not in _NOT_SUBJECTS:
            return _plain(verb, start)
    if according is None:
        for found in _AS_SOURCE.finditer(window):
            according = found
    if according is not None:
        return Attribution(
            according.start("speaker") + start,
            according.end("speaker") + start,
            according.start("cue") + start,
            according.end("cue") + start,
            according.start("speaker") + start,
            according.end("speaker") + start,
            None,
        )
    return None


def _short_or_proper_nominal(phrase: str) -> bool:
    """A determiner phrase of three words, or one whose modifiers are all capitalised.

    'a State Department official' is one speaker; 'a photo and Clinton' is not.

    >>> _short_or_proper_nominal("a State Department official"), _short_or_proper_nominal("a photo and Clinton")
    (True, False)
    """
    words = phrase.split()
    return len(words) <= 3 or all(word[:1].isupper() for word in words[1:-1])


@cache
def _sentence_tail() -> re.Pattern[str]:
    return re.compile(
        rf"[,—–-][”\"’']?\s+(?P<speaker>{speaker_alternatives()})\s+(?:{AUX}\s+){{0,2}}"
        rf"{_cue_pattern()}(?:\s+[\w ]{{0,30}})?[.!?]?[”\"’']?\s*$"
    )


def attribution_at_end(text: str, start: int, end: int) -> Attribution | None:
    """A ``..., Macron said.`` closing the sentence, for partial quotes earlier in it.

    >>> t = 'Troops would aim to "prevent aggression", Macron said.'
    >>> a = attribution_at_end(t, 40, len(t))
    >>> t[a.speaker_start:a.speaker_end]
    'Macron'
    """
    match = _sentence_tail().search(text, start, end)
    if match is None or not _plausible(match):
        # '"...unlikely" that Sanders can catch Clinton, said Steve Elmendorf, deputy ...'
        inverted = _INVERTED_TAIL.search(text, start, end)
        return _build(inverted, 0) if inverted is not None else None
    return _build(match, 0)


_INVERTED_TAIL = re.compile(
    rf",\s+{INVERTED_CUE}\s+(?P<speaker>{NAME}|(?:[A-Z][\w’'.-]*\s+)+(?:[a-z]+\s+){{1,2}}{NAME})"
    r"(?:,[^“”\"\n]{0,200})?[.!?]?\s*$"
)

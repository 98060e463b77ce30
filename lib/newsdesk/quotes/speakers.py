"""Speakers: resolving a speaker phrase to a person, interview turns, embedded posts, and
reported ("indirect") speech.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import is_thing, split_title
from newsdesk.quotes.antecedents import antecedent, inside
from newsdesk.quotes.sources import source_word_kinds
from newsdesk.resources import alternation, reporting_verbs
from newsdesk.text import Sentence

__all__ = [
    "IndirectQuote",
    "indirect_quotes",
    "interview_turns",
    "post_signatures",
    "resolve_speaker",
]

# "his"/"her" stand for their owner in a speaker phrase such as "His office said".
_PRONOUN_GENDER = {"he": "m", "she": "f", "his": "m", "her": "f"}
_DOCUMENTS = frozenset(
    (
        "letter",
        "statement",
        "report",
        "post",
        "tweet",
        "email",
        "memo",
        "note",
        "release",
        "petition",
        "submission",
    )
)
_INTERVIEWER = frozenset({"interviewer", "q", "question", "host", "moderator", "reporter"})
_LABEL = re.compile(r"(?P<label>[A-Za-z][\w.’' -]{0,40}?)\s*:\s+(?=\S)")
_SIGNATURE = re.compile(r"[—–-]\s*(?P<name>[^()\n]{2,60}?)\s*\(@\w+\)")


def resolve_speaker(
    text: str,
    start: int,
    end: int,
    people: Sequence[PersonMention],
    quoted: Collection[tuple[int, int]],
    role: str | None,
) -> str | None:
    """The person a speaker phrase stands for, or None.

    A name or title resolves through the mention it overlaps; ``he``/``she`` to the most
    recent person of compatible gender outside quotation marks; ``the letter`` (and other
    documents) to the first person named with the document earlier on.

    >>> people = [PersonMention(0, 5, "Luxon", "Christopher Luxon", (), 0)]
    >>> resolve_speaker("Luxon spoke. He said", 13, 15, people, [], None)
    'Christopher Luxon'
    """
    overlapping = [m for m in people if m.start < end and start < m.end]
    if overlapping:
        # "Cruz constituent Dan Golvach when asked about Lindsey Graham": the phrase's own
        # person is the last one named before a clause of its own begins
        clause = _CLAUSE_WORD.search(text, overlapping[0].end, end)
        cut = clause.start() if clause else end
        return [m for m in overlapping if m.start < cut][-1].name
    apposed = _APPOSED_NAME.match(text, end)
    if apposed:
        # "Her campaign manager, Robby Mook, said", "A top strategist, John Weaver, said"
        apposition = next((m for m in people if m.start == apposed.end()), None)
        if apposition is not None and text.startswith(",", apposition.end):
            return apposition.name
    phrase = text[start:end].strip()
    folded = phrase.casefold()
    if folded == "who":
        before = [m for m in people if m.end <= start and not inside(m.start, quoted)]
        return before[-1].name if before and start - before[-1].end < 300 else None
    if folded in _PRONOUN_GENDER or _ROLE_PHRASE.fullmatch(folded):
        return antecedent(text, start, people, quoted, _PRONOUN_GENDER.get(folded, "-"))
    described = _ROLE_PHRASE.match(folded)
    if described and folded[described.end() : described.end() + 1] in {" ", "’", "'"}:
        # "the senator from Vermont", "the Florida senator and Republican presidential
        # candidate": a role with more words after it
        return antecedent(text, start, people, quoted, "-")
    named = _name_from_phrase(phrase)
    if named:
        return named
    head = folded.split()[-1] if folded.split() else ""
    if (
        _PERSON_DESCRIPTION.fullmatch(folded)
        and phrase[4:] == phrase[4:].lower()  # "the American Legion" is a name, not a description
        and _is_person_noun(head)
    ):
        # "the retired neurosurgeon", "the judge": a person named earlier
        return antecedent(text, start, people, quoted, _DESCRIPTION_GENDER.get(head, "-"))
    if head in _DOCUMENTS and phrase.split()[-1].islower():  # "The Post" is an outlet
        for match in reversed(list(re.finditer(rf"\b{head}\b", text[:end], re.IGNORECASE))):
            paragraph_start = text.rfind("\n", 0, match.start()) + 1
            authors = [m for m in people if paragraph_start <= m.start < match.start()]
            if authors:
                return authors[0].name
    return None


_APPOSED_NAME = re.compile(r"(?:[ \t\xa0]+[a-z][\w-]*){0,3},[ \t\xa0]+")
_CLAUSE_WORD = re.compile(
    r"\b(?:when|while|after|before|about|asked|as|because|who|whom|which|in|on|at|to|for|"
    r"with|from|during|against)\b"
)
_PERSON_DESCRIPTION = re.compile(r"the (?:[\w.’'-]+ ){0,3}[a-z][\w-]*")
_DESCRIPTION_GENDER = {
    "man": "m", "woman": "f", "spokesman": "m", "spokeswoman": "f", "congressman": "m",
    "congresswoman": "f", "businessman": "m", "businesswoman": "f", "father": "m", "mother": "f",
    "husband": "m", "wife": "f", "son": "m", "daughter": "f", "prince": "m", "princess": "f",
}  # fmt: skip
def _is_person_noun(head: str) -> bool:
    """A head noun that can describe one person named before: not a thing, body, document or
    anonymous source of ``source_words.tsv`` (a spokesperson is), and not a plural."""
    kinds = source_word_kinds(head)
    if kinds and not head.startswith("spokes"):
        return False
    return not head.endswith("s") and head.isalpha()


_ROLE_PHRASE = re.compile(
    r"the (?:[\w.’'-]+ ){0,3}(?:prime minister|president|premier|chancellor|minister|senator|"
    r"governor|mayor|leader|candidate|nominee|pm|congressman|congresswoman|businessman|"
    r"businesswoman|billionaire|mogul|tycoon|secretary of state|front-runner|frontrunner|"
    r"lawmaker|democrat|republican)"
)
_RUN = re.compile(r"(?:[A-Z][\w’'.-]*)(?:[ \t\xa0]+[A-Z][\w’'.-]*)*")
_NOT_NAMES = frozenset(
    (
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "what",
        "but",
        "and",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "he",
        "she",
        "they",
        "i",
        "we",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
    )
)


def _name_from_phrase(phrase: str) -> str | None:
    """A person's name written in a speaker phrase that ``find_people`` did not list: the
    first run of capitalised words that is not a title, a place or an organisation; after a
    possessive ("The Post's Ruth Marcus") the name is the owner's writer, not the owner."""
    phrase = _OWNER.sub("", phrase)
    for run in _RUN.finditer(phrase):
        words = run.group().split()
        _titles, name_words, _gender = split_title(words)
        name_words = [_POSSESSIVE.sub("", w) for w in name_words]
        if (
            not name_words
            or is_thing(name_words)
            or name_words[0].casefold() in _NOT_NAMES
            or all(len(w) <= 2 for w in name_words)
        ):
            continue
        return " ".join(name_words)
    return None


_POSSESSIVE = re.compile(r"[’']s?$")
_OWNER = re.compile(r"^.*[’']s\s+(?=(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*$)")


def interview_turns(
    text: str, paragraphs: Sequence[tuple[int, int]]
) -> tuple[dict[int, tuple[str, int, int, int]], set[int]]:
    """Interview transcripts written as ``Name: answer`` paragraphs.

    Returns:
        (turns, paragraphs): for each interviewee paragraph its (label, label start, label
        end, answer start); and every paragraph of the transcript, interviewer turns included.
        The interviewer is a label such as "Interviewer" or "Q", or the one whose turns end
        in question marks.

    >>> text = "Q: Why?\\nDr Lee: Because.\\nQ: Sure?\\nDr Lee: Yes."
    >>> turns, _ = interview_turns(text, [(0, 7), (8, 24), (25, 33), (34, 46)])
    >>> sorted(turns)
    [1, 3]
    """
    labelled: dict[int, tuple[str, int, int, int]] = {}
    for index, (start, end) in enumerate(paragraphs):
        match = _LABEL.match(text, start, end)
        if match and len(match.group("label").split()) <= 4:
            labelled[index] = (
                match.group("label"),
                match.start("label"),
                match.end("label"),
                match.end(),
            )
    counts = Counter(_label_key(label) for label, *_ in labelled.values())
    speakers = {key for key, n in counts.items() if n >= 2}
    if len(speakers) < 2:
        return {}, set()
    questions: Counter[str] = Counter()
    for index, (label, *_rest) in labelled.items():
        if text[paragraphs[index][0] : paragraphs[index][1]].rstrip().endswith("?"):
            questions[_label_key(label)] += 1
    interviewers = {k for k in speakers if k in _INTERVIEWER or questions[k] * 2 > counts[k]}
    turns = {
        index: value
        for index, value in labelled.items()
        if _label_key(value[0]) in speakers and _label_key(value[0]) not in interviewers
    }
    every = {i for i, v in labelled.items() if _label_key(v[0]) in speakers}
    return turns, every


def _label_key(label: str) -> str:
    return label.split()[-1].casefold().strip(".")


def post_signatures(
    text: str, paragraphs: Sequence[tuple[int, int]]
) -> list[tuple[int, tuple[int, int]]]:
    """Embedded posts: paragraphs like ``— Name (@handle) date`` signing the one before.

    >>> post_signatures("Hello all\\n— Helen Clark (@HelenClarkNZ) June 7, 2025", [(0, 9), (10, 48)])
    [(1, (12, 23))]
    """
    found = []
    for index, (start, end) in enumerate(paragraphs):
        match = _SIGNATURE.match(text, start, end)
        if match and index > 0:
            found.append((index, (match.start("name"), match.end("name"))))
    return found


@dataclass(frozen=True, slots=True)
class IndirectQuote:
    """Reported speech without quotation marks: ``Starmer said that ...``."""

    start: int
    end: int
    speaker: str
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int


_NAME = r"(?:[A-Z][\w’'.-]*[ \t\xa0]+){0,4}[A-Z][\w’'.-]*|[Hh]e|[Ss]he"
_INDIRECT_CUES = (
    r"told\s+(?:reporters|journalists|media|the\s+\w+|[A-Z]\w+)|has\s+said|had\s+said|"
    + alternation(reporting_verbs("indirect") | reporting_verbs("belief"))
)
_INDIRECT = re.compile(
    rf"(?:^|(?<=[\s,]))(?P<speaker>{_NAME})\s+(?:(?:also|later|previously|earlier)\s+)?"
    rf"(?P<cue>{_INDIRECT_CUES})\b"
    r"(?:\s+(?:on|in|at|last|this|earlier|late|in\s+a\s+statement)\s*(?:\w+\s+){0,2}?)?"
    r"[\s,]+(?:that\b[\s,]*)?(?P<clause>[^“”\"]{20,})$"
)
_LEADING_THAT = re.compile(r"(?:[\w-]+\s+){1,4}?that\b[\s,]*")
_INDIRECT_AFTER = re.compile(
    # "In an interview with X, Lazar said it" is an introductory phrase, not reported speech
    r"^(?!(?:In|On|At|During|After|Before|With|From|Speaking|Asked|When|While|Since|As)\b)"
    rf"(?P<clause>[^“”\"]{{20,}}?),\s+(?P<speaker>{_NAME})\s+(?P<cue>{alternation(reporting_verbs('indirect_after'))})"
    r"(?:\s+\w+){0,3}\.?$"
)
# Every cue of the two patterns above holds one of these words ("has said" holds "said"): a
# sentence without any (three in four on BBC) is not scanned, which spares most of their cost.
_CUE_WORDS = tuple(sorted(
    {"told", *reporting_verbs("indirect"), *reporting_verbs("belief"), *reporting_verbs("indirect_after")},
    key=lambda word: (word != "said", word),  # the commonest first
))  # fmt: skip


def _overlap_test(spans: Collection[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether ``start:end`` overlaps any of ``spans``, in log time (spans sorted once)."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        count = bisect_left(starts, end)  # the spans starting before ``end``
        return count > 0 and reach[count - 1] > start

    return overlaps


def indirect_quotes(
    text: str,
    sentences: Sequence[Sentence],
    people: Sequence[PersonMention],
    covered: Collection[tuple[int, int]],
    skip_paragraphs: Collection[int],
) -> list[IndirectQuote]:
    """Reported speech by a person, in sentences holding no quotation.

    >>> from newsdesk.text import split_sentences
    >>> text = "Keir Starmer said that allies were stepping up preparations."
    >>> people = [PersonMention(0, 12, "Keir Starmer", "Keir Starmer", (), 0)]
    >>> [text[q.start:q.end] for q in indirect_quotes(text, split_sentences(text), people, [], ())]
    ['allies were stepping up preparations']
    """
    found: list[IndirectQuote] = []
    overlaps = _overlap_test(covered)
    for sentence in sentences:
        if getattr(sentence, "paragraph", -1) in skip_paragraphs:
            continue
        if overlaps(sentence.start, sentence.end):
            continue
        body = text[sentence.start : sentence.end]
        if not any(word in body for word in _CUE_WORDS):
            continue
        match = _INDIRECT.search(body) or _INDIRECT_AFTER.match(body)
        if match is None:
            continue
        speaker_start = sentence.start + match.start("speaker")
        speaker_end = sentence.start + match.end("speaker")
        speaker = resolve_speaker(text, speaker_start, speaker_end, people, covered, None)
        if speaker is None:
            continue
        clause_start = sentence.start + match.start("clause")
        that = _LEADING_THAT.match(text, clause_start, sentence.end)
        if that:
            clause_start = that.end()
        clause_end = sentence.start + match.end("clause")
        while clause_end > clause_start and text[clause_end - 1] in ".!?;, ":
            clause_end -= 1
        found.append(
            IndirectQuote(
                clause_start,
                clause_end,
                speaker,
                speaker_start,
                speaker_end,
                sentence.start + match.start("cue"),
                sentence.start + match.end("cue"),
            )
        )
    return found

"""Pronoun antecedents: the person a "he", "she" or "the senator" of a speaker phrase stands
for, from the nearest sentence before it that names someone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from newsdesk.people.attributes import name_list_gender
from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import title_words
from newsdesk.resources import alternation, reporting_verbs

__all__ = ["after_preposition", "antecedent", "inside"]


def inside(position: int, spans: Collection[tuple[int, int]]) -> bool:
    """Whether ``position`` falls inside one of ``spans``."""
    return any(start <= position < end for start, end in spans)


_NOT_SUBJECT_NEXT = frozenset(
    (
        "from",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "about",
        "as",
        "than",
        "into",
        "against",
        "over",
        "after",
        "before",
        "during",
        "under",
    )
)
_BEFORE_OBJECT = _NOT_SUBJECT_NEXT | {"like", "unlike", "including", "describing", "toward"}
# "Lazar said", "Lazar, 35, told", "Lazar has said": a person followed by a reporting verb.
_SPEAKS = re.compile(
    r"(?:,[^,.;“”\"]{1,60},)?\s+(?:(?:has|had|also|later|then|once|previously)\s+)?"
    rf"(?:{alternation(reporting_verbs('speaks'))})\b"
)
# "the Obama administration", "Trump campaign": the name modifies a body, it is no antecedent
_MODIFIES = re.compile(
    r"\s+(?:administration|campaign|foundation|team|family|camp|era|presidency|supporters|"
    r"voters|aides|staff|officials|allies|backers|rally|rallies|speech|victory|win|effect|"
    r"administration’s|campaign’s)\b"
)
#: how far back (characters) a subject-position antecedent is preferred over a nearer object
_ANTECEDENT_WINDOW = 600


#: the word before a name, past its titles and descriptions ("Like Makaeff,", "with President
#: Barack Obama")
_WORD_BEFORE = re.compile(r"\b(\w+)[ \t\xa0]+(?:[A-Z][\w.’'-]*[ \t\xa0]+){0,3}$")


def after_preposition(text: str, mention: PersonMention) -> bool:
    """Whether a name stands after a preposition, past its titles ("against Republican
    front-runner Donald Trump", "by Joe Arpaio"): an object, not a subject. The "of" of a
    capitalised title ("Secretary of State Hillary Clinton") is no preposition."""
    before = _WORD_BEFORE.search(text, max(0, mention.start - 60), mention.start)
    if before is None or before.group(1).casefold() not in _BEFORE_OBJECT:
        return False
    title = _WORD_END.search(text, max(0, before.start(1) - 40), before.start(1))
    return not (
        before.group(1) == "of"
        and title is not None
        and title.group()[:1].isupper()
        and title.group().casefold() in title_words()
    )


_WORD_END = re.compile(r"\w+(?=[ \t\xa0]+$)")


#: a day after a name ("Sen. Bernie Sanders on Wednesday morning also called"): the name is
#: still the subject
_WHEN_AFTER = re.compile(r"[ \t\xa0]+on[ \t\xa0]+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def _is_subject(text: str, mention: PersonMention) -> bool:
    """A rough subject test: not after a preposition ("Like Makaeff, Roffman said"), not
    possessive, and followed by a verb-like word, a comma or an apposition in dashes ("Chris
    Christie – a Dallas Cowboys fan – gave")."""
    if after_preposition(text, mention):
        return False
    after = text[mention.end : mention.end + 20]
    if after[:2] in {"’s", "'s"}:
        return False
    if after.startswith((",", " (", " –", " —", " --")) or _WHEN_AFTER.match(text, mention.end):
        return True
    words = after.split()
    return bool(words) and words[0].islower() and words[0] not in _NOT_SUBJECT_NEXT


def _gender_of(mention: PersonMention) -> str:
    """The text's gender for a mention, else the first-name list's (a "she" is not Donald)."""
    if mention.gender != "-":
        return mention.gender
    words = mention.name.split()
    return name_list_gender(words[0]) if len(words) >= 2 else "-"


def antecedent(
    text: str,
    start: int,
    people: Sequence[PersonMention],
    quoted: Collection[tuple[int, int]],
    gender: str,
    depth: int = 0,
) -> str | None:
    """The person a pronoun stands for: in the nearest sentence before it that names someone
    (outside quotation marks), the first person named there who speaks ("Lazar said"), else
    the first in subject position; a sentence that names people only as objects passes the
    pronoun on to the "he" it opens with, or to the sentence before it.

    Args:
        text: the article text.
        start: where the pronoun (or role phrase) starts.
        people: the article's person mentions, in text order.
        quoted: quoted spans, whose names are no antecedents.
        gender: ``m``/``f`` of the pronoun, ``-`` when it has none.

    Returns:
        The canonical name of the person, or None.

    >>> text = "Lazar met Ortiz. Lazar said no. He left."
    >>> people = [PersonMention(0, 5, "Lazar", "Lazar", (), 0),
    ...           PersonMention(10, 15, "Ortiz", "Ortiz", (), 0),
    ...           PersonMention(17, 22, "Lazar", "Lazar", (), 1)]
    >>> antecedent(text, 32, people, [], "m")
    'Lazar'
    """
    candidates: list[PersonMention] = []
    for mention in reversed(people):
        if mention.end > start or inside(mention.start, quoted):
            continue
        if gender != "-" and _gender_of(mention) not in ("-", gender):
            continue
        if text.startswith(("’s", "'s"), mention.end) or _MODIFIES.match(text, mention.end):
            continue
        if candidates and mention.sentence_index != candidates[0].sentence_index:
            break
        if start - mention.end > _ANTECEDENT_WINDOW and not candidates:
            return mention.name
        candidates.append(mention)
    if not candidates:
        return None
    candidates.reverse()
    speaking = [m for m in candidates if _SPEAKS.match(text, m.end)]
    subjects = [m for m in candidates if _is_subject(text, m)]
    if not speaking and gender != "-" and depth < _CHAIN_DEPTH:
        # "Specifically, he thought that ... to help President Obama": the sentence is still
        # about the "he" before its names, who is the one named further back.
        first = candidates[0].start
        line_start = max(text.rfind("\n", 0, first) + 1, first - _ANTECEDENT_WINDOW)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, line_start, first)]
        sentence_start = ends[-1] if ends else line_start
        for pronoun in _SUBJECT_PRONOUN[gender].finditer(text, sentence_start, first):
            if not inside(pronoun.start(), quoted):
                return antecedent(text, pronoun.start(), people, quoted, gender, depth + 1)
    if not speaking and not subjects and depth < _CHAIN_DEPTH:
        # "The crowd booed at the mention of Marco Rubio and Ted Cruz": a sentence that names
        # people only as objects is not about them; the one it goes on about was named before.
        earlier = antecedent(text, candidates[0].start - 1, people, quoted, gender, depth + 1)
        if earlier is not None:
            return earlier
    return (speaking or subjects or candidates)[0].name


#: how many pronouns (or object-only sentences) back a chain of "he ... he" is followed
_CHAIN_DEPTH = 3
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s")
_SUBJECT_PRONOUN = {"m": re.compile(r"\b[Hh]e\b"), "f": re.compile(r"\b[Ss]he\b")}

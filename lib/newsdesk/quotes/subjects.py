"""Sentence subjects: whether the words that open a sentence are the subject who speaks, or
give way to the person the sentence names after them ("Republican presidential front-runner
Donald Trump", "Later on Sunday, Carson shared", "The move, Carr explained").
"""

from __future__ import annotations

import re

from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import demonyms, name_key
from newsdesk.quotes.sources import source_word_kinds

__all__ = ["no_subject_of_its_own", "not_the_subject"]

_BARE_DETERMINER = re.compile(r"The|A|An")
_QUANTIFIER = re.compile(
    r"(?:To|Of|Much|Many|More|Most|Some|Such|Both|Each|All|Every|Few|Several|Neither|Either|"
    r"Another|Other)\b|[A-Z][a-z]+ed\b(?=\s+(?:at|by|in|on|with|for|to|from|about|as)\b)"
)
#: lower-case words and abbreviated titles between a party or national adjective and a name
_DESCRIPTION_GAP = re.compile(r"(?:[ \t\xa0]+(?:[a-z][\w-]*|[A-Z][a-z]{1,4}\.)){1,5}[ \t\xa0]+")


def not_the_subject(text: str, subject: re.Match[str], named: PersonMention) -> bool:
    """Whether a sentence-initial subject gives way to the person the sentence names.

    It does when it describes them ("Republican" before "presidential front-runner Donald
    Trump"), is a quantifier or a participle phrase ("Much of", "Preceded by"), a bare "The",
    or one capitalised word the article also writes in lower case ("Later").

    Args:
        text: the article text.
        subject: a match whose ``speaker`` group is the sentence-initial subject.
        named: the first person the sentence names.

    Returns:
        True when ``named`` is the subject rather than ``subject``.

    >>> text = "It came decades later. Later on Sunday, Carson shared a syllabus."
    >>> subject = re.compile(r"(?P<speaker>Later)").search(text, 23)
    >>> not_the_subject(text, subject, PersonMention(40, 46, "Carson", "Ben Carson", (), 1))
    True
    """
    return (
        _describes(text, subject, named.start)
        # "Former Secretary of State Madeleine Albright": the subject is her title
        or _OF_TITLE.fullmatch(text, subject.end("speaker"), named.start) is not None
        or bool(_QUANTIFIER.match(text, subject.start("speaker")))
        or no_subject_of_its_own(text, subject.group("speaker"))
    )


#: sentence-initial words that do stand for a speaker ("He said", "His campaign", "One aide")
_STANDS_FOR_SOMEONE = frozenset(("he", "she", "his", "her", "they", "their", "we", "our", "i",
                                 "my", "it", "its", "one", "who"))  # fmt: skip


_OF_TITLE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?:[A-Z][\w’'.-]*[ \t]+){1,4}")


def no_subject_of_its_own(text: str, phrase: str) -> bool:
    """A bare "The" ("The move, Carr explained"), or one capitalised word the article also
    writes in lower case ("Later on Sunday, Carson shared"): no subject of its own."""
    if _BARE_DETERMINER.fullmatch(phrase):
        return True
    if " " in phrase or not phrase.isalpha() or not phrase[1:].islower():
        return False
    if phrase.casefold() in _STANDS_FOR_SOMEONE:
        return False
    return re.search(rf"\b{phrase.lower()}\b", text) is not None


def _describes(text: str, subject: re.Match[str], name_start: int) -> bool:
    """Whether a subject of party or national adjectives only ("Republican", "Democratic") opens
    a description of the person named next ("Republican presidential front-runner Donald
    Trump")."""
    words = subject.group("speaker").split()
    adjectives = all(
        "adjective" in source_word_kinds(w) or name_key(w) in demonyms() for w in words
    )
    return (
        adjectives
        and _DESCRIPTION_GAP.fullmatch(text, subject.end("speaker"), name_start) is not None
    )

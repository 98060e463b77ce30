"""Candidate names in an article: capitalised runs of words, with the titles before them and the
evidence that they name a person (``find_people`` ties them together).

A run is cut where a function word, an ordinary word capitalised by position, a stray initial
or a title's full stop shows it is no name, and kept as strong evidence of a person when a
title, a reporting verb, an appositive or a known first name goes with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsdesk.people.attributes import name_list_gender
from newsdesk.people.names import (
    demonyms,
    honorifics,
    is_never_person,
    is_place,
    is_thing,
    leading_non_name_words,
    name_key,
    party_words,
    split_title,
    starters,
    title_words,
)
from newsdesk.resources import read_word_list, reporting_verbs

__all__ = ["FORMER", "LOWER_WORD", "Candidate", "find_candidates", "is_first_name", "near_cue"]

# A middle initial ("Harry M. Reid") is tried first, or the run would end at its letter.
_NAME_WORD = r"(?:[A-Z]\.(?=[ \t\xa0]+[A-Z])|(?:Mc|Mac|O’|O')?[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:-[^\W\d_]+|[’'](?!(?:s|m|ll|re|ve|d|t)\b)[^\W\d_]+)*|[A-Z]\.)"
_PARTICLES = ("al-", "el-", "de ", "van ", "von ", "bin ", "da ", "di ", "du ", "la ", "le ", "der ")
_PARTICLE = f"(?:{'|'.join(_PARTICLES)})"
# A run begins with a capital or a particle's first letter: the lookahead spares the rest of the
# pattern at every other position (most of the text), a quarter of the scan.
_RUN_FIRST = f"(?=[A-ZÀ-ÖØ-Þ{''.join(sorted({particle[0] for particle in _PARTICLES}))}])"
_RUN = re.compile(
    rf"{_RUN_FIRST}(?<![\w’'.-])(?:{_PARTICLE}?{_NAME_WORD})(?:[ \t\xa0]+(?:{_PARTICLE}?{_NAME_WORD}|of))*"
    r"(?![\w-])"
)
_MODIFIER = re.compile(r"((?:[A-Z][\w.-]*[ \t\xa0]+){0,2}[A-Z][\w.-]*[’']s)[ \t\xa0]+$")
FORMER = re.compile(r"(?i)\b(former|ex-)[ \t\xa0]*$")
LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n“\"‘'(]\s*|^\s*)$")
# Titles that may stand just before a name ("the party leader, Ann Smith"): one list gives both
# the pattern and the cheap test before it (the text must end in one of the words, then an
# optional comma and white space), which spares the pattern most names.
_TITLE_NOUNS = ("minister", "president", "leader", "chief", "senator", "governor", "mayor")  # and plurals
_TITLE_SINGULARS = ("spokesman", "spokeswoman", "spokesperson", "secretary", "ambassador", "director",
                    "adviser", "advisor")  # fmt: skip
_TITLE_BEFORE = re.compile(
    r"(?i)\b(?:former|the|late)?\s*[\w-]*\s*(?:"
    + "|".join([*(f"{noun}s?" for noun in _TITLE_NOUNS), *_TITLE_SINGULARS, r"[\w-]+ists?"])
    + r"),?\s+$"
)
_TITLE_ENDINGS = (*_TITLE_NOUNS, *(f"{noun}s" for noun in _TITLE_NOUNS), *_TITLE_SINGULARS, "ist", "ists")
_WORD = re.compile(r"\S+")
_ABBREVIATED_TITLE = re.compile(r"(?<![\w.])([A-Z][a-z]{1,4}\.)[ \t\xa0]+$")
_AUXILIARIES = frozenset(
    (
        "has",
        "had",
        "have",
        "also",
        "later",
        "then",
        "once",
        "previously",
        "was",
        "is",
        "would",
        "will",
        "earlier",
        "again",
        "recently",
        "further",
    )
)


def near_cue(text: str, start: int, end: int) -> bool:
    """A reporting verb just after ``text[start:end]`` ("Smith said", "Smith has said") or just before it."""
    cues = reporting_verbs()
    after = text[end : end + 24].split("\n", 1)[0].split(None, 2)
    if after and (after[0].strip(",.:;").casefold() in cues or (
            after[0].casefold() in _AUXILIARIES and after[1:] and after[1].strip(",.:;").casefold() in cues)):  # fmt: skip
        return True
    # "said X" counts only when nothing stands between the verb and the name.
    before = text[max(0, start - 20) : start].rsplit("\n", 1)[-1].split()
    return bool(before) and before[-1].casefold() in cues


# "Reince Priebus, the GOP chairman,", "Mattie Thomas, 66,": an appositive that describes a
# person (an age, or "the/a ... <title>") is evidence of a name.
_APPOSITIVE_AFTER = re.compile(
    r",\s+(?:\d{1,3}\s*,|who\b|(?:the|a|an)\s+(?:[\w.’'-]+\s+){0,4}?(?:chairman|chairwoman|chair|"
    r"president|director|founder|spokesman|spokeswoman|spokesperson|senator|governor|mayor|"
    r"candidate|professor|economist|analyst|strategist|pollster|adviser|advisor|aide|lawyer|"
    r"attorney|executive|ceo|head|leader|member|manager|secretary|minister|official|author|"
    r"editor|writer|columnist|reporter|host|pastor|activist|supporter|voter|resident|owner|"
    r"veteran|student|teacher|worker|mother|father|wife|husband|son|daughter)\b)"
)


# A photo credit names the photographer, who is no one in the story: "Scott Olson via Getty
# Images.", "John Moore/Getty Images." or "Gary Cameron/Reuters." alone on its line.
_CREDIT_AFTER = re.compile(
    r"[ \t\xa0]+via[ \t\xa0]+(?:[A-Z][\w&.-]*[ \t\xa0]+){0,3}(?:Images|Photos?|Pictures)\b"
    r"|[ \t\xa0]*/[ \t\xa0]*(?:[A-Z][\w&.-]*[ \t\xa0]*){1,3}\.?[ \t\xa0]*(?:\n|$)"
)


@dataclass(slots=True)
class Candidate:
    """A capitalised run that may name a person: its span, title, name words and evidence."""

    start: int
    end: int
    title: str
    name_words: list[str]
    gender: str
    strong: bool
    #: a place or demonym word alone ("Cuban"): a person only as the surname of a full name
    #: of the article ("Mark Cuban")
    surname_only: bool = False


def _title_with_of(words: Sequence[str], index: int) -> bool:
    """Whether the "of" at ``words[index]`` belongs to a title ("Secretary of State")."""
    before = words[index - 1].casefold() if index else ""
    after = words[index + 1].casefold() if index + 1 < len(words) else ""
    return f"{before} of {after}" in _titles_with_of()


@cache
def _titles_with_of() -> frozenset[str]:
    return frozenset(
        " ".join(t.split()[i - 1 : i + 2])
        for t in read_word_list("titles.txt")
        for i, w in enumerate(t.split())
        if w == "of" and 0 < i < len(t.split()) - 1
    )


def _title_before(text: str, start: int) -> bool:
    """A title just before a name ("the party leader, Ann Smith")."""
    before = text[max(0, start - 40) : start]
    if not before[-1:].isspace():
        return False
    last = before.rstrip()
    last = last[:-1] if last.endswith(",") else last
    if not last.casefold().endswith(_TITLE_ENDINGS):
        return False
    return _TITLE_BEFORE.search(text, max(0, start - 40), start) is not None


def find_candidates(text: str, lower_words: frozenset[str]) -> list[Candidate]:
    """The capitalised runs of ``text`` that may name a person, with their titles and evidence.

    Args:
        text: the article text.
        lower_words: the words written in lower case somewhere in the text (``LOWER_WORD``):
            such a word capitalised at a sentence start is no name.

    Returns:
        The candidates in text order; ``strong`` when a title, a reporting verb, an appositive
        or a known first name goes with the name.

    >>> text = "Prime Minister Christopher Luxon said so."
    >>> [(c.title, c.name_words, c.strong) for c in find_candidates(text, frozenset())]
    [('Prime Minister', ['Christopher', 'Luxon'], True)]
    """
    found: list[Candidate] = []
    starter_words, titles = starters(), title_words()
    for match in _RUN.finditer(text):
        run = match.group()
        if run.casefold() in starter_words:
            continue  # one word ("The", "But" at a sentence start): a function word starts no name
        if " " in run or "\t" in run or "\xa0" in run:
            spans = [w.span() for w in _WORD.finditer(text, match.start(), match.end())]
            words = [text[s:e] for s, e in spans]
        else:
            spans, words = [match.span()], [run]
        # A function word or an ordinary word capitalised by position starts no name.
        for index in range(len(words) - 1, -1, -1):
            folded = words[index].casefold()
            if folded == "of" and _title_with_of(words, index):
                continue  # "Secretary of State Henry Kissinger": "of" is inside the title
            if folded in starter_words or folded == "of":
                spans, words = spans[index + 1 :], words[index + 1 :]
                break
        if (
            words
            and words[0].casefold() in lower_words
            and words[0].casefold() not in titles
            and _SENTENCE_START.search(text, max(0, spans[0][0] - 3), spans[0][0])
        ):
            spans, words = spans[1:], words[1:]
        if (
            words
            and text.startswith(".", spans[-1][1])
            and f"{words[-1].casefold()}." in titles
        ):
            # "Indiana Gov. Mike Pence": "Gov" ends at its full stop; it titles the next run.
            spans, words = spans[:-1], words[:-1]
        for index in range(len(words) - 2, 0, -1):
            if (
                len(words[index]) == 2
                and _INITIAL.fullmatch(words[index])
                and not _before_initial(words[index - 1])
            ):
                # "We chose Plan B. Trump said": a letter that ends a sentence is no initial
                spans, words = spans[index + 1 :], words[index + 1 :]
                break
        if not words:
            continue
        abbreviated = _ABBREVIATED_TITLE.search(text, max(0, spans[0][0] - 8), spans[0][0])
        if abbreviated and abbreviated.group(1).casefold() in titles:
            # "Sen. Chuck Grassley": the run stops at the full stop of the title before it.
            spans = [abbreviated.span(1), *spans]
            words = [abbreviated.group(1), *words]
        titled, name_words, gender = split_title(words)
        # a name of up to four words after the description is all find_people keeps
        for index in range(len(name_words) - 3, max(len(name_words) - 6, -1), -1):
            if _describes(name_words[index]):
                # "House Intelligence Republican Mike Pompeo": the party describes the name
                titled, name_words = [*titled, *name_words[: index + 1]], name_words[index + 1 :]
                break
        glued = leading_non_name_words(name_words, lower_words, is_first_name) if name_words else 0
        name_words, spans = name_words[glued:], spans[: len(titled)] + spans[len(titled) + glued :]
        if not name_words or _names_a_group(name_words) or _names_a_place(name_words):
            continue
        surname_only = False
        if is_thing(name_words) or (name_key(name_words[-1]) in demonyms() and not titled):
            # "Mark Cuban" is a person, and "Cuban" alone may be him; "Cuban officials" are not
            surname_only = len(name_words) == 1 and _place_word(name_words[0])
            if not surname_only and not _first_name_then_place(name_words):
                continue
        if any(w.isupper() and not w.endswith(".") for w in name_words) or len(name_words[-1]) < 2:
            continue
        while titled and titled[0].endswith("ing"):
            titled = titled[1:]
            spans = spans[1:]
        name_start = spans[len(titled)][0]
        # "British Prime Minister Sir Keir Starmer": the courtesy after the office is no part of it.
        office = list(titled)
        while len(office) > 1 and office[-1].casefold() in honorifics():
            office.pop()
        title = " ".join(office)
        former = FORMER.search(text, max(0, spans[0][0] - 8), spans[0][0]) if title else None
        if former:
            # "former Russian President Dmitry Medvedev" holds no office now.
            title = f"{former.group(1).casefold()} {title}"
        modifier = _MODIFIER.search(text, max(0, spans[0][0] - 40), spans[0][0]) if title else None
        if modifier:
            title = f"{modifier.group(1)} {title}"
        end = spans[-1][1]
        if _CREDIT_AFTER.match(text, end):
            continue
        strong = not surname_only and (
            bool(titled)
            or near_cue(text, name_start, end)
            or text.startswith(" (@", end)
            or _title_before(text, name_start)
            or _APPOSITIVE_AFTER.match(text, end) is not None
            # "Debbie Kepler": a first name the name list knows, then a surname
            or (len(name_words) >= 2 and name_list_gender(name_words[0]) != "-")
        )
        found.append(Candidate(name_start, end, title, name_words, gender, strong, surname_only))
    return found


def is_first_name(word: str) -> bool:
    """A first name the name list knows."""
    return name_list_gender(word) != "-"


def _names_a_group(words: Sequence[str]) -> bool:
    """A run that ends in a plural party word ("Latino Republicans", "Five Democrats") names a
    group of people, never one person."""
    last = name_key(words[-1])
    return last.endswith("s") and last in party_words()


@cache
def _place_heads() -> frozenset[str]:
    return frozenset(read_word_list("place_heads.txt"))


def _names_a_place(words: Sequence[str]) -> bool:
    """A run of two or more words that ends in the head noun of a place, venue or nickname
    ("Caesars Palace", "Sunshine State")."""
    return len(words) >= 2 and name_key(words[-1]) in _place_heads()


def _describes(word: str) -> bool:
    """A party or national adjective ("Republican", "Democrat", "Texas"), which describes the
    name after it."""
    return name_key(word) in party_words() or name_key(word) in demonyms() or is_place([word])


_INITIAL = re.compile(r"[A-Z]\.")


def _before_initial(word: str) -> bool:
    """A word a middle initial can follow: a first name the name list knows ("Harry M.
    Reid"), or another initial."""
    return bool(_INITIAL.fullmatch(word)) or name_list_gender(word) != "-"


def _first_name_then_place(words: Sequence[str]) -> bool:
    """A first name the name list knows ("Mark Cuban", "John Kerry"), then a surname that is
    also a demonym or a place (not a place as a whole: "Virginia Beach")."""
    return (
        2 <= len(words) <= 3
        and name_list_gender(words[0]) != "-"
        and not is_thing(words[:-1])
        and not is_place(words)
    )


def _place_word(word: str) -> bool:
    """A word that is a demonym or a place, and not one of the things that are never people."""
    return not is_never_person(word) and (name_key(word) in demonyms() or is_place([word]))

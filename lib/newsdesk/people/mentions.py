"""People in articles: mentions with titles, in-article aliases, and links across articles.

No neural model: a person is a capitalised run of words that carries evidence of being a person
(a title or honorific before it, a reporting verb next to it, or a surname reused on its own),
and later bare surnames, honorifics ("Mr Luxon") and role titles ("the prime minister") are
tied back to the full name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsdesk.people.attributes import name_list_gender
from newsdesk.people.linking import link_people
from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import (
    demonyms,
    full_name_rank,
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
from newsdesk.resources import alternation, read_word_list, reporting_verbs
from newsdesk.text import Sentence

__all__ = [
    "PeopleConfig",
    "Person",
    "PersonMention",
    "find_people",
    "is_thing",
    "link_people",
    "name_key",
    "split_title",
]


@dataclass(frozen=True, slots=True)
class PeopleConfig:
    """Options for finding people."""

    #: longest name, in words, after titles are taken off
    max_name_words: int = 4


# A middle initial ("Harry M. Reid") is tried first, or the run would end at its letter.
_NAME_WORD = r"(?:[A-Z]\.(?=[ \t\xa0]+[A-Z])|(?:Mc|Mac|O’|O')?[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:-[^\W\d_]+|[’'](?!(?:s|m|ll|re|ve|d|t)\b)[^\W\d_]+)*|[A-Z]\.)"
_PARTICLE = r"(?:al-|el-|de |van |von |bin |da |di |du |la |le |der )"
_RUN = re.compile(
    rf"(?<![\w’'.-])(?:{_PARTICLE}?{_NAME_WORD})(?:[ \t\xa0]+(?:{_PARTICLE}?{_NAME_WORD}|of))*"
    r"(?![\w-])"
)
_MODIFIER = re.compile(r"((?:[A-Z][\w.-]*[ \t\xa0]+){0,2}[A-Z][\w.-]*[’']s)[ \t\xa0]+$")
_FORMER = re.compile(r"(?i)\b(former|ex-)[ \t\xa0]*$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
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


def _sentence_of(offset: int, sentences: Sequence[Sentence]) -> int:
    low, high = 0, len(sentences) - 1
    while low <= high:
        middle = (low + high) // 2
        if sentences[middle].end < offset:
            low = middle + 1
        elif sentences[middle].start > offset:
            high = middle - 1
        else:
            return sentences[middle].index
    return sentences[min(low, len(sentences) - 1)].index if sentences else 0


def _near_cue(text: str, start: int, end: int) -> bool:
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


@dataclass(slots=True)
class _Candidate:
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


def _candidates(text: str, lower_words: frozenset[str]) -> list[_Candidate]:
    found: list[_Candidate] = []
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
        glued = leading_non_name_words(name_words, lower_words, _is_first_name) if name_words else 0
        name_words, spans = name_words[glued:], spans[: len(titled)] + spans[len(titled) + glued :]
        if not name_words:
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
        former = _FORMER.search(text, max(0, spans[0][0] - 8), spans[0][0]) if title else None
        if former:
            # "former Russian President Dmitry Medvedev" holds no office now.
            title = f"{former.group(1).casefold()} {title}"
        modifier = _MODIFIER.search(text, max(0, spans[0][0] - 40), spans[0][0]) if title else None
        if modifier:
            title = f"{modifier.group(1)} {title}"
        end = spans[-1][1]
        strong = not surname_only and (
            bool(titled)
            or _near_cue(text, name_start, end)
            or text.startswith(" (@", end)
            or _title_before(text, name_start)
            or _APPOSITIVE_AFTER.match(text, end) is not None
            # "Debbie Kepler": a first name the name list knows, then a surname
            or (len(name_words) >= 2 and name_list_gender(name_words[0]) != "-")
        )
        found.append(_Candidate(name_start, end, title, name_words, gender, strong, surname_only))
    return found


def _is_first_name(word: str) -> bool:
    return name_list_gender(word) != "-"


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


def find_people(
    text: str, sentences: Sequence[Sentence], config: PeopleConfig | None = None
) -> list[PersonMention]:
    """Find the people mentioned in an article, each tied to its in-article full name.

    Args:
        text: the cleaned article text.
        sentences: its sentences (offsets into ``text``), to number each mention.
        config: options; defaults when None.

    Returns:
        Person mentions in text order; ``name`` is the longest form of the name in the article,
        ``titles`` the titles written with this mention.

    >>> from newsdesk.text import split_sentences
    >>> text = "Prime Minister Christopher Luxon spoke. Mr Luxon said it was fine."
    >>> [(m.surface, m.name, m.titles) for m in find_people(text, split_sentences(text))]
    [('Christopher Luxon', 'Christopher Luxon', ('Prime Minister',)), ('Luxon', 'Christopher Luxon', ('Mr',))]
    """
    config = config or PeopleConfig()
    lower_words = frozenset(_LOWER_WORD.findall(text))
    candidates = [
        c for c in _candidates(text, lower_words) if len(c.name_words) <= config.max_name_words
    ]
    # Evidence: a title, a reporting verb, or a multi-word name whose last word recurs alone.
    word_counts = Counter(
        w for c in candidates for w in c.name_words[-1:] if len(c.name_words) == 1
    )
    full: dict[str, str] = {}
    genders: dict[str, str] = {}
    for candidate in candidates:
        words = candidate.name_words
        if len(words) >= 2 and (candidate.strong or word_counts[words[-1]] > 0):
            name = " ".join(words)
            # the longest form, but not one glued to an ordinary word ("Susan Sarandon", not the
            # headline's "Oscar-winner Sarandon"): the pronoun resolver reads its gender
            known = full.setdefault(name_key(words[-1]), name)
            if full_name_rank(name, lower_words, _is_first_name) > full_name_rank(
                known, lower_words, _is_first_name
            ):
                full[name_key(words[-1])] = name
    first_names = {name_key(n.split()[0]) for n in full.values()}
    mentions: list[PersonMention] = []
    for candidate in candidates:
        words = candidate.name_words
        key = name_key(words[-1])
        if key in full and (
            len(words) == 1 or name_key(full[key]).endswith(name_key(" ".join(words)))
        ):
            name = full[key]
        elif candidate.surname_only:
            continue
        elif len(words) == 1 and name_key(words[0]) in first_names:
            name = next(n for n in full.values() if name_key(n.split()[0]) == name_key(words[0]))
        elif candidate.strong and (len(words) >= 2 or candidate.title):
            name = " ".join(words)
        elif (
            candidate.strong and len(words) == 1 and _near_cue(text, candidate.start, candidate.end)
        ):
            name = words[0]
        else:
            continue
        if candidate.gender != "-":
            genders[name] = candidate.gender
        titles = (candidate.title,) if candidate.title else ()
        mentions.append(
            PersonMention(
                start=candidate.start,
                end=candidate.end,
                surface=text[candidate.start : candidate.end],
                name=name,
                titles=titles,
                sentence_index=_sentence_of(candidate.start, sentences),
            )
        )
    mentions.extend(_role_mentions(text, sentences, mentions))
    mentions.sort(key=lambda m: m.start)
    return [
        PersonMention(
            m.start, m.end, m.surface, m.name, m.titles, m.sentence_index, genders.get(m.name, "-")
        )
        for m in mentions
    ]


#: Roles by which a reference ("the prime minister") may stand for a titled person.
_ROLES = ("prime minister", "president", "pm", "chancellor", "foreign minister", "defence minister", "premier")
_ROLE = re.compile(rf"\b(?:[Tt]he\s+)?((?:[A-Z][\w-]*(?:[’']s)?\s+){{0,2}})(?i:({alternation(_ROLES)}))\b(?!\s+[A-Z])")
# Whether an article holds a role at all (most have none): its first letter, then a look behind it.
_ROLE_WORD = re.compile(f"[{''.join(sorted({r[0] + r[0].upper() for r in _ROLES}))}](?i:" + "|".join(
    f"(?<={f})(?:{alternation(r[1:] for r in _ROLES if r[0] == f)})" for f in sorted({r[0] for r in _ROLES})) + r")\b")  # fmt: skip


def _role_mentions(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[PersonMention]
) -> list[PersonMention]:
    """Title-only references ("New Zealand's Prime Minister", "the British PM") to a holder."""
    holders: list[tuple[int, str, str]] = [
        (m.start, m.name, name_key(" ".join(m.titles))) for m in mentions if m.titles
    ]
    if not holders or not _ROLE_WORD.search(text):
        return []  # nobody holds a title in this article (no role can stand for anyone), or no role
    # The mentions are in text order and never overlap, so their ends are in order too.
    starts = [m.start for m in mentions]
    found: list[PersonMention] = []
    for match in _ROLE.finditer(text):
        before = bisect.bisect_right(starts, match.end()) - 1
        if before >= 0 and mentions[before].end >= match.start():
            continue
        modifier, role = name_key(match.group(1).strip()), name_key(match.group(2))
        role = "prime minister" if role == "pm" else role
        modifier = modifier.replace("’s", "").replace("'s", "").replace("uk", "british")
        best: str | None = None
        # "the former president" names a former holder, "the president" the one in office.
        former = bool(_FORMER.search(text, max(0, match.start(2) - 8 - len(match.group(1))), match.start(1) if match.group(1) else match.start(2)))
        for position, name, titles in holders:
            fits = role in titles and (not modifier or modifier.split()[0][:5] in titles)
            fits = fits and titles.startswith(("former ", "ex- ")) == former
            if fits and (best is None or position <= match.start()):
                best = name
        if best is None:
            continue
        found.append(
            PersonMention(
                match.start(),
                match.end(),
                match.group(),
                best,
                (("former " if former else "") + match.group().strip(),),
                _sentence_of(match.start(), sentences),
            )
        )
    return found

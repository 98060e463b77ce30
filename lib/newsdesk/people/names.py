"""The word lists behind person names: titles, honorifics, words that are never names, and
the small helpers that use them (``split_title``, ``is_thing``, ``name_key``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from functools import cache, lru_cache

from anyascii import anyascii
from nameparser import HumanName

from newsdesk.resources import read_rows, read_word_list, stopwords

__all__ = [
    "full_name_rank",
    "honorifics",
    "is_never_person",
    "is_place",
    "is_thing",
    "leading_non_name_words",
    "name_key",
    "name_parts",
    "party_words",
    "split_title",
    "starters",
    "title_heads",
    "title_words",
]


@cache
def _titles() -> tuple[str, ...]:
    return tuple(sorted(read_word_list("titles.txt"), key=len, reverse=True))


@cache
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles as word tuples keyed by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for title in _titles():
        index[title.split()[0]].append(tuple(title.split()))
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}


@cache
def honorifics() -> dict[str, str]:
    return {
        word: gender for word, gender in (line.split() for line in read_word_list("honorifics.txt"))
    }


@cache
def _title_starts() -> frozenset[str]:
    """The words ``split_title`` may cut at: a title's first word, or a courtesy."""
    return frozenset(_titles_by_first_word()) | frozenset(honorifics())


@cache
def title_words() -> frozenset[str]:
    return frozenset(w for t in _titles() for w in t.split()) | frozenset(honorifics())


@cache
def title_heads() -> frozenset[str]:
    """The last word of each title ("senator", "minister", "state" of "secretary of state")."""
    return frozenset(t.split()[-1] for t in _titles())


@cache
def demonyms() -> frozenset[str]:
    # Shared with the places finder (entities.py): the first column, "Italian", "Kiwis", ...
    return frozenset(row[0].casefold() for row in read_rows("demonyms.tsv"))


@cache
def _not_people() -> frozenset[str]:
    return frozenset(read_word_list("not_people.txt"))


@cache
def _places() -> frozenset[str]:
    """Place names folded by ``name_key`` (so "Türkiye" and "Turkey" both count): the places
    gazetteer that ``entities`` matches (``resources/places.tsv``), plus the ISO country and
    subdivision names (pycountry) it leaves out."""
    import pycountry

    names = {row[0] for row in read_rows("places.tsv")}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names.add(value)
    names.update(subdivision.name for subdivision in pycountry.subdivisions)
    return frozenset(name_key(name) for name in names)



# Words capitalised only because they start a sentence: the English function words of
# resources/stopwords_en.txt plus the connectives and reporting words news starts sentences with.
_EXTRA_STARTERS = (
    "however", "meanwhile", "today", "yesterday", "still", "later", "earlier", "also", "yet",
    "although", "though", "asked", "read", "related", "like", "despite", "according", "even",
)  # fmt: skip


@cache
def starters() -> frozenset[str]:
    return stopwords() | frozenset(_EXTRA_STARTERS)


def name_key(name: str) -> str:
    """Fold a name for comparison: ASCII (anyascii), lower case.

    >>> name_key("Zelenskiy") == name_key("zelenskiy"), name_key("Støre"), name_key("Łódź")
    (True, 'store', 'lodz')
    """
    return name.casefold() if name.isascii() else anyascii(name).casefold()


@cache
def _name_parser_words() -> frozenset[str]:
    """The words nameparser treats specially: titles, suffixes, prefixes, conjunctions."""
    from nameparser.config import CONSTANTS

    sets = (CONSTANTS.titles, CONSTANTS.suffix_acronyms, CONSTANTS.suffix_not_acronyms, CONSTANTS.prefixes,
            CONSTANTS.conjunctions, CONSTANTS.first_name_titles, CONSTANTS.bound_first_names,
            CONSTANTS.non_first_name_prefixes, CONSTANTS.suffix_acronyms_ambiguous)  # fmt: skip
    return frozenset(word.casefold() for words in sets for word in words)


@lru_cache(maxsize=65_536)
def name_parts(name: str) -> tuple[str, str]:
    """(first name, surname) of a name without titles (nameparser): particles stay with the
    surname and suffixes are not one.

    >>> name_parts("Martin Luther King Jr."), name_parts("Ursula von der Leyen")
    (('Martin', 'King'), ('Ursula', 'von der Leyen'))
    >>> name_parts("Luxon")
    ('Luxon', 'Luxon')
    """
    words = name.split()
    if len(words) < 2:
        return name, name
    if len(words) == 2 and all(word.isalpha() and word.casefold() not in _name_parser_words() for word in words):
        return words[0], words[1]  # what nameparser gives, without its cost (tests/test_people.py)
    parsed = HumanName(name)
    return parsed.first or words[0], parsed.last or words[-1]


def split_title(words: list[str]) -> tuple[list[str], list[str], str]:
    """Split a capitalised run into (title words, name words, gender from an honorific).

    >>> split_title(["Prime", "Minister", "Christopher", "Luxon"])
    (['Prime', 'Minister'], ['Christopher', 'Luxon'], '-')
    """
    lowered = [w.casefold() for w in words]
    if _title_starts().isdisjoint(lowered):
        return [], words[:], "-"  # no word begins a title or is a courtesy: most runs
    gender = "-"
    known = honorifics()
    cut = 0
    index = 0
    while index < len(words):
        matched = 0
        for parts in _titles_by_first_word().get(lowered[index], ()):
            if lowered[index : index + len(parts)] == list(parts):
                matched = len(parts)
                break
        if lowered[index] in known:
            gender = known[lowered[index]] if known[lowered[index]] != "-" else gender
            matched = max(matched, 1)
        if matched:
            index += matched
            cut = index
        else:
            index += 1
    return words[:cut], words[cut:], gender


def is_place(words: Sequence[str]) -> bool:
    """True when capitalised words are, as a whole, a place of the gazetteer.

    >>> is_place(["Kerry"]), is_place(["John", "Kerry"])
    (True, False)
    """
    return name_key(" ".join(words)) in _places()


@cache
def party_words() -> frozenset[str]:
    """Party words ("Republican", "Democrat", "GOP"): the ``adjective`` rows of
    ``source_words.tsv``.

    >>> "republican" in party_words()
    True
    """
    return frozenset(row[0] for row in read_rows("source_words.tsv") if row[-1] == "adjective")


def is_never_person(word: str) -> bool:
    """True for a word of ``not_people.txt`` (apps, platforms, abstract nouns)."""
    return name_key(word) in _not_people()


def is_thing(words: Sequence[str]) -> bool:
    """True when capitalised words name a place, an outlet or an organisation, not a person."""
    not_people, known_demonyms, places = _not_people(), demonyms(), _places()
    if len(words) == 1:  # most runs: the same tests on the one word
        key = name_key(words[0])
        return key in not_people or key in known_demonyms or key in places
    lowered = [name_key(w) for w in words]
    if any(w in not_people or w in known_demonyms for w in lowered):
        return True
    return " ".join(lowered) in places or any(w in places for w in lowered[-1:])


def _glued(word: str, lower_words: Collection[str]) -> bool:
    """An ordinary word of the article, or a lower-case compound ("Oscar-winner")."""
    return word.casefold() in lower_words or word.rpartition("-")[2].islower()


def leading_non_name_words(
    words: Sequence[str], lower_words: Collection[str], is_first_name: Callable[[str], bool]
) -> int:
    """How many words before a name are glued to it, not part of it: a place of two words
    ("New Hampshire Sanders"), a gerund or a lower-case compound ("Electing Obama",
    "Oscar-winner Sarandon"), or an ordinary word the article also writes in lower case before
    a full name ("the Year Barack Obama", "Trust Donald Trump"). A first name of the name list
    is always kept ("Rush" alone stays).

    >>> leading_non_name_words(["Year", "Barack", "Obama"], {"year"}, lambda w: w == "Barack")
    1
    >>> leading_non_name_words(["Rush", "Limbaugh"], {"rush"}, lambda w: False)
    0
    """
    if len(words) >= 3 and is_place(words[:2]):
        return 2
    first = words[0] if len(words) >= 2 else ""
    if not first or is_first_name(first) or first.casefold() in title_words():
        return 0
    gerund = first.endswith("ing") and first[:-3].isalpha()
    # a surname alone after it: "Israeli-occupied Golan Heights" is no "Golan Heights" person
    compound = len(words) == 2 and first.rpartition("-")[2].islower()
    glued = len(words) >= 3 and first.casefold() in lower_words and is_first_name(words[1])
    return 1 if gerund or compound or glued else 0


def full_name_rank(
    name: str, lower_words: Collection[str], is_first_name: Callable[[str], bool]
) -> tuple[bool, bool, int]:
    """How a full name ranks as a person's in-article name: longer is better, but not when it
    starts with a glued word ("Longtime Clinton", a headline's "Oscar-winner Sarandon"), and a
    name that starts with a known first name beats one that does not ("Donald Trump", not a
    book title's "the Real Donald Trump" or a headline's "Crooked Hillary Clinton").

    >>> full_name_rank("Longtime Clinton", {"longtime"}, lambda w: False)
    (False, False, 16)
    >>> full_name_rank("Real Donald Trump", set(), lambda w: w == "Donald") < full_name_rank(
    ...     "Donald Trump", set(), lambda w: w == "Donald")
    True
    """
    first = name.split()[0]
    known = is_first_name(first)
    return not _glued(first, lower_words) or known, known, len(name)

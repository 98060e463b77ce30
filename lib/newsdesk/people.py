"""People in articles: mentions with titles, in-article aliases, and links across articles.

No neural model: a person is a capitalised run of words that carries evidence of being a person
(a title or honorific before it, a reporting verb next to it, or a surname reused on its own),
and later bare surnames, honorifics ("Mr Luxon") and role titles ("the prime minister") are
tied back to the full name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from newsdesk.resources import read_word_list

__all__ = [
    "PeopleConfig",
    "Person",
    "PersonMention",
    "SentenceLike",
    "find_people",
    "is_thing",
    "link_people",
    "name_key",
    "split_title",
]


class SentenceLike(Protocol):
    """What the stages need of a sentence (``newsdesk.text.Sentence`` fits)."""

    @property
    def index(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a person in an article; ``name`` is the in-article canonical full name."""

    start: int
    end: int
    surface: str
    name: str
    titles: tuple[str, ...]
    sentence_index: int
    gender: str = "-"


@dataclass(frozen=True, slots=True)
class Person:
    """A person across the corpus."""

    person_id: str
    name: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    n_mentions: int
    #: (article_id, in-article name) pairs that are this person.
    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PeopleConfig:
    """Options for finding people."""

    #: longest name, in words, after titles are taken off
    max_name_words: int = 4
    #: characters searched after a title-only mention ("the prime minister") for its holder
    role_window: int = 100_000


_NAME_WORD = r"(?:(?:Mc|Mac|O’|O')?[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:-[^\W\d_]+|[’'](?!(?:s|m|ll|re|ve|d|t)\b)[^\W\d_]+)*|[A-Z]\.)"
_PARTICLE = r"(?:al-|el-|de |van |von |bin |da |di |du |la |le |der )"
_RUN = re.compile(
    rf"(?<![\w’'.-])(?:{_PARTICLE}?{_NAME_WORD})(?:[ \t\xa0]+(?:{_PARTICLE}?{_NAME_WORD}|of))*"
    r"(?![\w-])"
)
_POSSESSIVE = re.compile(r"[’']s\b")
_MODIFIER = re.compile(r"((?:[A-Z][\w.-]*[ \t\xa0]+){0,2}[A-Z][\w.-]*[’']s)[ \t\xa0]+$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n“\"‘'(]\s*|^\s*)$")
_TITLE_BEFORE = re.compile(
    r"(?i)\b(?:former|the|late)?\s*[\w-]*\s*(?:ministers?|presidents?|leaders?|"
    r"chiefs?|spokes(?:man|woman|person)|senators?|governors?|mayors?|"
    r"secretary|ambassador|director|adviser|advisor|[\w-]+ists?),?\s+$"
)
_WORD = re.compile(r"\S+")
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
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


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
def _title_pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _titles())
    return re.compile(rf"(?i)\b(?:{alternatives})(?!\w)")


@cache
def _honorifics() -> dict[str, str]:
    return {
        word: gender for word, gender in (line.split() for line in read_word_list("honorifics.txt"))
    }


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for t in _titles() for w in t.split()) | frozenset(_honorifics())


@cache
def _demonyms() -> frozenset[str]:
    # Shared with the places finder (entities.py): the first column, "Italian", "Kiwis", ...
    return frozenset(line.split("\t")[0].casefold() for line in read_word_list("demonyms.tsv"))


@cache
def _not_people() -> frozenset[str]:
    return frozenset(read_word_list("not_people.txt"))


@cache
def _places() -> frozenset[str]:
    """Country and subdivision names (pycountry), lower case, plus their demonym-free words."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.casefold())
    for subdivision in pycountry.subdivisions:
        names.add(subdivision.name.casefold())
    return frozenset(names)


@cache
def _cue_words() -> frozenset[str]:
    return frozenset(
        word for line in read_word_list("reporting_verbs.txt") for word in line.split()
    )


_STARTERS = frozenset(
    (
        "then",
        "now",
        "today",
        "yesterday",
        "meanwhile",
        "however",
        "still",
        "later",
        "earlier",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "or",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "since",
        "during",
        "with",
        "without",
        "by",
        "from",
        "to",
        "of",
        "our",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "his",
        "her",
        "their",
        "there",
        "here",
        "what",
        "why",
        "how",
        "who",
        "where",
        "which",
        "yet",
        "so",
        "also",
        "even",
        "though",
        "although",
        "asked",
        "read",
        "more",
        "more",
        "related",
        "like",
        "despite",
        "under",
        "over",
        "about",
        "among",
        "between",
        "into",
        "according",
    )
)


def name_key(name: str) -> str:
    """Fold a name for comparison: no accents, lower case.

    >>> name_key("Zelenskiy") == name_key("zelenskiy")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def split_title(words: list[str]) -> tuple[list[str], list[str], str]:
    """Split a capitalised run into (title words, name words, gender from an honorific).

    >>> split_title(["Prime", "Minister", "Christopher", "Luxon"])
    (['Prime', 'Minister'], ['Christopher', 'Luxon'], '-')
    """
    gender = "-"
    honorifics = _honorifics()
    cut = 0
    lowered = [w.casefold() for w in words]
    index = 0
    while index < len(words):
        matched = 0
        for parts in _titles_by_first_word().get(lowered[index], ()):
            if lowered[index : index + len(parts)] == list(parts):
                matched = len(parts)
                break
        if lowered[index] in honorifics:
            gender = honorifics[lowered[index]] if honorifics[lowered[index]] != "-" else gender
            matched = max(matched, 1)
        if matched:
            index += matched
            cut = index
        else:
            index += 1
    return words[:cut], words[cut:], gender


def _sentence_of(offset: int, sentences: Sequence[SentenceLike]) -> int:
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


def is_thing(words: Sequence[str]) -> bool:
    """True when capitalised words name a place, an outlet or an organisation, not a person."""
    lowered = [name_key(w) for w in words]
    if any(w in _not_people() or w in _demonyms() for w in lowered):
        return True
    return " ".join(lowered) in _places() or any(w in _places() for w in lowered[-1:])


def _near_cue(text: str, start: int, end: int) -> bool:
    after = text[end : end + 24].split("\n")[0].split()
    before = text[max(0, start - 20) : start].split("\n")[-1].split()
    cues = _cue_words()
    words = [w.strip(",.:;").casefold() for w in after[:1]]
    if after[:1] and after[0].casefold() in _AUXILIARIES:
        words += [w.strip(",.:;").casefold() for w in after[1:2]]
    # "said X" counts only when nothing stands between the verb and the name.
    words += [w.casefold() for w in before[-1:]]
    return any(w in cues for w in words)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    title: str
    name_words: list[str]
    gender: str
    strong: bool


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    lower_words = frozenset(_LOWER_WORD.findall(text))
    for match in _RUN.finditer(text):
        spans = [(w.start(), w.end()) for w in _WORD.finditer(text, match.start(), match.end())]
        words = [text[s:e] for s, e in spans]
        # A function word or an ordinary word capitalised by position starts no name.
        for index in range(len(words) - 1, -1, -1):
            folded = words[index].casefold()
            if folded in _STARTERS or folded == "of":
                spans, words = spans[index + 1 :], words[index + 1 :]
                break
        if (
            words
            and words[0].casefold() in lower_words
            and words[0].casefold() not in _title_words()
            and _SENTENCE_START.search(text, max(0, spans[0][0] - 3), spans[0][0])
        ):
            spans, words = spans[1:], words[1:]
        if not words:
            continue
        title_words, name_words, gender = split_title(words)
        if not name_words or is_thing(name_words):
            continue
        if any(w.isupper() and not w.endswith(".") for w in name_words) or len(name_words[-1]) < 2:
            continue
        if name_key(name_words[-1]) in _demonyms() and not title_words:
            continue
        while title_words and title_words[0].endswith("ing"):
            title_words = title_words[1:]
            spans = spans[1:]
        name_start = spans[len(title_words)][0]
        title = " ".join(title_words)
        modifier = _MODIFIER.search(text, max(0, spans[0][0] - 40), spans[0][0])
        if title and modifier:
            title = f"{modifier.group(1)} {title}"
        end = spans[-1][1]
        strong = (
            bool(title_words)
            or _near_cue(text, name_start, end)
            or text.startswith(" (@", end)
            or bool(_TITLE_BEFORE.search(text, max(0, name_start - 40), name_start))
        )
        found.append(_Candidate(name_start, end, title, name_words, gender, strong))
    return found


def find_people(
    text: str, sentences: Sequence[SentenceLike], config: PeopleConfig | None = None
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
    candidates = [c for c in _candidates(text) if len(c.name_words) <= config.max_name_words]
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
            full.setdefault(name_key(words[-1]), name)
            if len(name) > len(full[name_key(words[-1])]):
                full[name_key(words[-1])] = name
    mentions: list[PersonMention] = []
    for candidate in candidates:
        words = candidate.name_words
        key = name_key(words[-1])
        if key in full and (
            len(words) == 1 or name_key(full[key]).endswith(name_key(" ".join(words)))
        ):
            name = full[key]
        elif len(words) == 1 and name_key(words[0]) in {
            name_key(n.split()[0]) for n in full.values()
        }:
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


_ROLE = re.compile(
    r"\b(?:[Tt]he\s+)?((?:[A-Z][\w-]*(?:[’']s)?\s+){0,2})(?i:(prime minister|president|pm|"
    r"chancellor|foreign minister|defence minister|premier))\b(?!\s+[A-Z])"
)


def _role_mentions(
    text: str, sentences: Sequence[SentenceLike], mentions: Sequence[PersonMention]
) -> list[PersonMention]:
    """Title-only references ("New Zealand's Prime Minister", "the British PM") to a holder."""
    holders: list[tuple[int, str, str]] = [
        (m.start, m.name, name_key(" ".join(m.titles))) for m in mentions if m.titles
    ]
    taken = [(m.start, m.end) for m in mentions]
    found: list[PersonMention] = []
    for match in _ROLE.finditer(text):
        if any(s <= match.end() and match.start() <= e for s, e in taken):
            continue
        modifier, role = name_key(match.group(1).strip()), name_key(match.group(2))
        role = "prime minister" if role == "pm" else role
        modifier = modifier.replace("’s", "").replace("'s", "").replace("uk", "british")
        best: str | None = None
        for position, name, titles in holders:
            fits = role in titles and (not modifier or modifier.split()[0][:5] in titles)
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
                (match.group().strip(),),
                _sentence_of(match.start(), sentences),
            )
        )
    return found


def _similar_key(key: str, known: Mapping[str, object]) -> str:
    """An existing key spelled nearly the same ("Zelenskyy" for "Zelenskiy"), else ``key``."""
    if key in known or len(key) < 5:
        return key
    from rapidfuzz import fuzz

    for other in known:
        if (
            other[:1] == key[:1]
            and len(other) >= 5
            and fuzz.ratio(key, other) >= _SPELLING_SIMILARITY
        ):
            return other
    return key


#: rapidfuzz ratio above which two surnames are spellings of one name ("Zelenskiy"/"Zelenskyy"
#: is 89, "Clark"/"Clarke" 91, while "Johnson"/"Johnston" 93 would merge: accept that risk only
#: for names that also share the first name).
_SPELLING_SIMILARITY = 88


def link_people(articles: Mapping[str, Sequence[PersonMention]]) -> list[Person]:
    """Link in-article names across articles into corpus-wide people.

    Names with the same surname are one person unless their first names differ; a bare surname
    joins the most mentioned full name with that surname.

    Args:
        articles: article id -> that article's mentions (from ``find_people``).

    Returns:
        People, most mentioned first, each listing its (article id, in-article name) members.

    >>> a = PersonMention(0, 5, "Luxon", "Luxon", (), 0)
    >>> b = PersonMention(0, 17, "Christopher Luxon", "Christopher Luxon", ("Prime Minister",), 0)
    >>> [(p.name, p.members) for p in link_people({"x": [a], "y": [b]})]
    [('Christopher Luxon', (('x', 'Luxon'), ('y', 'Christopher Luxon')))]
    """
    counts: Counter[tuple[str, str]] = Counter()
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    surfaces: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id, mentions in articles.items():
        for mention in mentions:
            member = (article_id, mention.name)
            counts[member] += 1
            titles[member].update(mention.titles)
            surfaces[member].add(mention.surface)
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for member in counts:
        by_surname[_similar_key(name_key(member[1].split()[-1]), by_surname)].append(member)
    groups: list[list[tuple[str, str]]] = []
    for members in by_surname.values():
        full_groups: dict[str, list[tuple[str, str]]] = {}
        bare: list[tuple[str, str]] = []
        for member in members:
            words = member[1].split()
            if len(words) == 1:
                bare.append(member)
            else:
                full_groups.setdefault(_similar_key(name_key(words[0]), full_groups), []).append(
                    member
                )
        if not full_groups:
            groups.append(bare)
            continue
        top = max(full_groups.values(), key=lambda g: sum(counts[m] for m in g))
        top.extend(bare)
        groups.extend(full_groups.values())
    people: list[Person] = []
    for group in groups:
        names = Counter({m[1]: 0 for m in group})
        for member in group:
            names[member[1]] += counts[member]
        canonical = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n)))
        aliases = sorted(
            {" ".join(s.split()) for m in group for s in surfaces[m]} | set(names) - {canonical}
        )
        people.append(
            Person(
                person_id="",
                name=canonical,
                aliases=tuple(aliases),
                titles=tuple(sorted({t for m in group for t in titles[m]})),
                n_mentions=sum(counts[m] for m in group),
                members=tuple(sorted(group)),
            )
        )
    people.sort(key=lambda p: (-p.n_mentions, p.name))
    return [
        Person(f"p{index + 1}", p.name, p.aliases, p.titles, p.n_mentions, p.members)
        for index, p in enumerate(people)
    ]

"""Places and organisations in an article, merged with its people into the ``mentions`` table.

A gazetteer lookup, not a tagger: every surface form in ``resources/places.tsv``,
``resources/demonyms.tsv`` and ``resources/organisations.tsv`` maps to one canonical entity
("U.S.", "the US", "America" -> United States; "Kiev" -> Kyiv; "Ukrainian" -> Ukraine). Matching is
case-sensitive and takes the longest form at each position ("Washington, D.C." before
"Washington"). Bare "Washington", "the Kremlin" and "Downing Street" are read as their governments
and canonicalised to the country (category ``government``), which is what they mean in political
news; the city is only matched as "Washington, D.C.".

People come from :mod:`newsdesk.people.mentions`; a place or organisation inside a person's name
("Denzel Washington") is dropped, while one in a title before the name ("Ukrainian President
Volodymyr Zelenskiy", "New Zealand's Prime Minister Christopher Luxon") is kept.
"""

from __future__ import annotations

import bisect
import functools
import re
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.people.mentions import PersonMention
from newsdesk.resources import read_rows
from newsdesk.text import Sentence

__all__ = [
    "EntityConfig",
    "GazetteerEntry",
    "Mention",
    "article_country",
    "find_mentions",
    "find_places",
]

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """Options of the entity stage.

    demonyms: count "Ukrainian", "Kiwis" as mentions of their country.
    governments: read "Washington", "the Kremlin" as their country (off: not matched at all).
    """

    demonyms: bool = True
    governments: bool = True


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One surface form and what it stands for."""

    surface: str
    entity: str
    kind: str  # place or org
    category: str  # country, city, region, demonym, government, or an organisation's type


@dataclass(frozen=True, slots=True)
class Mention:
    """A row of the ``mentions`` table: an entity named at ``text[start:end]``."""

    start: int
    end: int
    surface: str
    entity: str  # canonical name
    kind: str  # person, place or org
    sentence_index: int  # -1 when outside every sentence given
    category: str  # person, or the gazetteer category


# Two-letter domains sold worldwide say nothing of a site's country.
_GLOBAL_COUNTRY_DOMAINS = frozenset({"tv", "io", "co", "me", "ai", "fm", "cc", "ws", "to", "gg"})


@functools.cache
def _outlet_countries() -> dict[str, str]:
    return {outlet.casefold(): country for outlet, country in read_rows("outlet_countries.tsv")}


@functools.cache
def _country_codes() -> dict[str, str]:
    """Canonical country (``places.tsv``) -> ISO 3166 alpha-2, through any of its surfaces
    that pycountry knows ("Russian Federation" for Russia)."""
    import pycountry

    codes: dict[str, str] = {}
    for surface, entity, category, *_country in read_rows("places.tsv"):
        if category == "country" and entity not in codes:
            try:
                codes[entity] = pycountry.countries.lookup(surface).alpha_2
            except LookupError:
                continue
    return codes


def article_country(
    outlet: str | None, url: str | None = None, places: Sequence[str] = ()
) -> str | None:
    """The country an article is written in or about (ISO 3166 alpha-2): its outlet's
    (``resources/outlet_countries.tsv``), else its web address's country domain, else the
    country among ``places`` (canonical place names of its mentions) named most often.

    >>> article_country("RNZ"), article_country(None, "https://www.stuff.co.nz/a"), article_country("X")
    ('NZ', 'NZ', None)
    >>> article_country("X", None, ["Russia", "Kyiv", "Russia", "Ukraine"])
    'RU'
    """
    if outlet and (country := _outlet_countries().get(outlet.strip().casefold())):
        return country
    suffix = (urllib.parse.urlsplit(url or "").hostname or "").rpartition(".")[2]
    if len(suffix) == 2 and suffix.isalpha() and suffix not in _GLOBAL_COUNTRY_DOMAINS:
        return "GB" if suffix == "uk" else suffix.upper()
    codes = _country_codes()
    named = Counter(codes[place] for place in places if place in codes)
    return named.most_common(1)[0][0] if named else None


@functools.cache
def _gazetteer() -> tuple[GazetteerEntry, ...]:
    entries = [
        GazetteerEntry(surface, entity, "place", category)
        for surface, entity, category, *_country in read_rows("places.tsv")
    ]
    entries += [
        GazetteerEntry(demonym, entity, "place", "demonym")
        for demonym, entity in read_rows("demonyms.tsv")
        if entity
    ]
    entries += [
        GazetteerEntry(surface, entity, "org", category)
        for surface, entity, category in read_rows("organisations.tsv")
    ]
    return tuple(entries)


@functools.cache
def _index(config: EntityConfig) -> dict[str, tuple[GazetteerEntry, ...]]:
    """Entries by their first word, longest surface first (so the longest form wins)."""
    by_first_word: dict[str, list[GazetteerEntry]] = {}
    for entry in _gazetteer():
        if (entry.category == "demonym" and not config.demonyms) or (
            entry.category == "government" and not config.governments
        ):
            continue
        first = _WORD.match(entry.surface)
        if first is None:
            continue
        by_first_word.setdefault(first.group(), []).append(entry)
    return {
        word: tuple(sorted(entries, key=lambda e: -len(e.surface)))
        for word, entries in by_first_word.items()
    }


@functools.cache
def _index_starts(config: EntityConfig) -> re.Pattern[str]:
    """Where a mention may start: a word start (not inside "U.S." at "S", nor mid-word) whose
    letter begins a word of the index (other word starts find nothing in it)."""
    letters = "".join(sorted({word[0] for word in _index(config)}))
    # The letter first, then a look behind it at the character before (what "(?<![\w.])[...]"
    # asks, with no character before at the start): the engine skips to those letters.
    return re.compile(rf"[{re.escape(letters)}](?<![\w.].)") if letters else re.compile(r"(?!)")


def find_places(
    text: str, config: EntityConfig | None = None
) -> list[tuple[int, int, GazetteerEntry]]:
    """Places and organisations named in ``text``, as (start, end, entry), left to right.

    Args:
        text: the article text.
        config: stage options.

    Returns:
        Non-overlapping matches; at each position the longest surface form wins.

    >>> [(text, e.entity) for _, _, e in find_places("Kiev and the U.S. met NATO's Kiwis.")
    ...  for text in [e.surface]]
    [('Kiev', 'Kyiv'), ('U.S.', 'United States'), ('NATO', 'NATO'), ('Kiwis', 'New Zealand')]
    """
    config = config or EntityConfig()
    index = _index(config)
    found: list[tuple[int, int, GazetteerEntry]] = []
    position = 0
    for word_start in _index_starts(config).finditer(text):
        start = word_start.start()
        if start < position:
            continue
        first = _WORD.match(text, start)
        if first is None:
            continue
        for entry in index.get(first.group(), ()):
            end = start + len(entry.surface)
            if text.startswith(entry.surface, start) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                found.append((start, end, entry))
                position = end
                break
    return found


def _sentence_index(starts: list[int], sentences: Sequence[Sentence], offset: int) -> int:
    position = bisect.bisect_right(starts, offset) - 1
    if position >= 0 and sentences[position].start <= offset < sentences[position].end:
        return sentences[position].index
    return -1


def find_mentions(
    text: str,
    sentences: Sequence[Sentence],
    people: Sequence[PersonMention] = (),
    config: EntityConfig | None = None,
) -> list[Mention]:
    """The ``mentions`` rows of one article: places, organisations and people.

    Args:
        text: the cleaned article text (offsets refer to it).
        sentences: its sentences, in order (for ``sentence_index``).
        people: person mentions from :func:`newsdesk.people.mentions.find_people`.
        config: stage options.

    Returns:
        Mentions sorted by position. A place or organisation inside a person's name is
        dropped; one in the person's title ("Ukrainian President ...") is kept.

    >>> from types import SimpleNamespace as S
    >>> text = "Ukrainian President Volodymyr Zelenskiy thanked Washington."
    >>> person = S(start=10, end=39, surface="President Volodymyr Zelenskiy",
    ...            name="Volodymyr Zelenskiy", sentence_index=0)
    >>> [(m.surface, m.entity, m.kind) for m in find_mentions(
    ...     text, [S(index=0, start=0, end=len(text))], [person])]
    [('Ukrainian', 'Ukraine', 'place'), ('President Volodymyr Zelenskiy', 'Volodymyr Zelenskiy', \
'person'), ('Washington', 'United States', 'place')]
    """
    starts = [sentence.start for sentence in sentences]
    mentions = [
        Mention(p.start, p.end, p.surface, p.name, "person", p.sentence_index, "person")
        for p in people
    ]
    for start, end, entry in find_places(text, config):
        inside_name = any(
            p.start <= start and end <= p.end and entry.surface in p.name for p in people
        )
        if inside_name:
            continue
        mentions.append(
            Mention(
                start,
                end,
                text[start:end],
                entry.entity,
                entry.kind,
                _sentence_index(starts, sentences, start),
                entry.category,
            )
        )
    return sorted(mentions, key=lambda m: (m.start, m.end))

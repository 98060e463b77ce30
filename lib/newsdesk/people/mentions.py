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

from newsdesk.people.candidates import FORMER, LOWER_WORD, find_candidates, is_first_name, near_cue
from newsdesk.people.linking import link_people
from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import full_name_rank, is_thing, name_key, split_title
from newsdesk.resources import alternation
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
    lower_words = frozenset(LOWER_WORD.findall(text))
    candidates = [
        c for c in find_candidates(text, lower_words) if len(c.name_words) <= config.max_name_words
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
            if full_name_rank(name, lower_words, is_first_name) > full_name_rank(
                known, lower_words, is_first_name
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
            candidate.strong and len(words) == 1 and near_cue(text, candidate.start, candidate.end)
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
        former = bool(FORMER.search(text, max(0, match.start(2) - 8 - len(match.group(1))), match.start(1) if match.group(1) else match.start(2)))
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

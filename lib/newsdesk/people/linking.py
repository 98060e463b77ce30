"""People across articles: in-article names linked into corpus-wide people.

Names with the same surname are one person unless their first names differ; spellings a
letter apart ("Zelenskiy"/"Zelenskyy") are one surname.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import name_key, name_parts

__all__ = ["Person", "link_people"]


class _Spellings(dict[str, list[tuple[str, str]]]):
    """Members grouped by a name key, where a key spelled nearly like an earlier one ("Zelenskiy"
    for "Zelenskyy") joins it; the earlier keys are indexed by their first letter, so that a new
    key is compared with those that could match, not with every key so far."""

    def __init__(self) -> None:
        super().__init__()
        self.by_initial: dict[str, list[str]] = defaultdict(list)

    def group(self, key: str) -> list[tuple[str, str]]:
        """The group of ``key``, or of an earlier key spelled nearly the same; new if neither."""
        if key not in self and len(key) >= 5:
            from rapidfuzz import fuzz, process

            best = process.extractOne(key, self.by_initial[key[:1]], scorer=fuzz.ratio, score_cutoff=_SPELLING_SIMILARITY)
            key = key if best is None else best[0]
        if key not in self:
            self[key] = []
            if len(key) >= 5:
                self.by_initial[key[:1]].append(key)
        return self[key]


#: rapidfuzz ratio above which two surnames are spellings of one name ("Zelenskiy"/"Zelenskyy"
#: is 89, "Clark"/"Clarke" 91, while "Johnson"/"Johnston" 93 would merge: accept that risk only
#: for names that also share the first name).
_SPELLING_SIMILARITY = 88


def link_people(
    articles: Mapping[str, Sequence[PersonMention]], parts: Mapping[str, tuple[str, str]] | None = None
) -> list[Person]:
    """Link in-article names across articles into corpus-wide people.

    Names with the same surname are one person unless their first names differ; a bare surname
    joins the most mentioned full name with that surname.

    Args:
        articles: article id -> that article's mentions (from ``find_people``).
        parts: names already split by ``name_parts`` (a rebuild keeps them), to save the time.

    Returns:
        People, most mentioned first, each listing its (article id, in-article name) members.

    >>> from newsdesk.people.mentions import PersonMention
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
    known = parts or {}

    def split(name: str) -> tuple[str, str]:
        return known[name] if name in known else name_parts(name)

    by_surname = _Spellings()
    for member in counts:
        by_surname.group(name_key(split(member[1])[1])).append(member)
    groups: list[list[tuple[str, str]]] = []
    for members in by_surname.values():
        full_groups = _Spellings()
        bare: list[tuple[str, str]] = []
        for member in members:
            words = member[1].split()
            if len(words) == 1:
                bare.append(member)
            else:
                full_groups.group(name_key(split(member[1])[0])).append(member)
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
        Person(person_id, p.name, p.aliases, p.titles, p.n_mentions, p.members)
        for person_id, p in zip(_person_ids([p.name for p in people]), people, strict=True)
    ]


def _person_ids(names: Sequence[str]) -> list[str]:
    """An id from each canonical name ("p" and ten hex digits of its hash), so that a person keeps
    the id while the corpus grows and the people's ranks change; a name met again (two people
    linked apart under one canonical name) takes "-2", "-3" in the order given.

    >>> _person_ids(["Jacinda Ardern", "Jacinda Ardern"])
    ['p92cbb1aafa', 'p92cbb1aafa-2']
    """
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        # a name may hold a lone surrogate (from a badly encoded file): hashed as it is
        base = "p" + hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
        person_id, count = base, 1
        while person_id in taken:
            count += 1
            person_id = f"{base}-{count}"
        taken.add(person_id)
        ids.append(person_id)
    return ids

"""People across articles: in-article names linked into corpus-wide people.

Names with the same surname are one person unless their first names differ; spellings a
letter apart ("Zelenskiy"/"Zelenskyy") are one surname.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import name_key, name_parts

__all__ = ["Person", "link_people"]


def _similar_key(key: str, known: Mapping[str, object], by_letter: dict[str, list[str]] | None = None) -> str:
    """An existing key spelled nearly the same ("Zelenskyy" for "Zelenskiy"), else ``key``.

    ``by_letter``, when given, lists the keys of ``known`` of five letters or more by their
    first letter, in the order they were added (as ``known`` has them); a new key is added.
    """
    if key in known or len(key) < 5:
        return key
    from rapidfuzz import fuzz, process

    if by_letter is None:
        candidates = [other for other in known if other[:1] == key[:1] and len(other) >= 5]
    else:
        candidates = by_letter.setdefault(key[:1], [])
    best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=_SPELLING_SIMILARITY)
    if best is not None:
        return str(best[0])
    if by_letter is not None:
        candidates.append(key)
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
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_letter: dict[str, list[str]] = {}
    for member in counts:
        surname = name_key(name_parts(member[1])[1])
        by_surname[_similar_key(surname, by_surname, by_letter)].append(member)
    groups: list[list[tuple[str, str]]] = []
    for members in by_surname.values():
        full_groups: dict[str, list[tuple[str, str]]] = {}
        bare: list[tuple[str, str]] = []
        for member in members:
            words = member[1].split()
            if len(words) == 1:
                bare.append(member)
            else:
                first = name_key(name_parts(member[1])[0])
                full_groups.setdefault(_similar_key(first, full_groups), []).append(member)
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

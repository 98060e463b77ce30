"""People linking across the whole corpus, from the people each partition found.

Runs once per build over every article's people (kept small: offsets dropped, equal mentions
shared), so a rebuild merges the new articles' people with the kept ones at the cost of one
linking, never of re-analysing an article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from newsdesk.people.linking import link_people
from newsdesk.people.mentions import PersonMention
from newsdesk.pipeline.partitions import PartitionOutput

__all__ = ["LinkedPeople", "link_partitions", "people_rows"]

#: partition -> (article_id, in-article name) -> (canonical name, person_id); the people; and the
#: genders each (article_id, in-article name) was stated to have (Mr/Mrs/Ms, gendered titles).
LinkedPeople = tuple[
    dict[int, dict[tuple[str, str], tuple[str, str]]], list[Any], dict[tuple[str, str], list[str]]
]


def link_partitions(outputs: Sequence[PartitionOutput]) -> LinkedPeople:
    """Link the people of every partition (in build order) into corpus-wide people."""
    shared: dict[PersonMention, PersonMention] = {}  # across partitions (and Dask workers)
    by_article: dict[str, list[PersonMention]] = {}
    partition_of: dict[str, int] = {}
    stated: dict[tuple[str, str], list[str]] = {}
    for output in outputs:
        for article_id, mentions in output.people:
            partition_of[article_id] = output.number
            compact = []
            for mention in mentions:
                if mention.gender != "-":
                    stated.setdefault((article_id, mention.name), []).append(mention.gender)
                key = dataclasses.replace(mention, start=0, end=0, sentence_index=0)
                compact.append(shared.setdefault(key, key))
            by_article[article_id] = compact
        output.people = []  # the compact copies are all linking needs; let the originals go
    people = link_people(by_article)
    canonical: dict[int, dict[tuple[str, str], tuple[str, str]]] = {output.number: {} for output in outputs}
    for person in people:
        for article_id, name in person.members:
            canonical[partition_of[article_id]][(article_id, name)] = (person.name, person.person_id)
    return canonical, people, stated


def people_rows(
    people: Sequence[Any], quoted: dict[str, int], attributes: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The people table's rows, with each person's attributes (``sources.people_attributes``)."""
    return [
        {"person_id": p.person_id, "name": p.name, "aliases": list(p.aliases), "titles": list(p.titles),
         **attributes.get(p.person_id, {}),
         "n_quotes": int(quoted.get(p.person_id, 0)), "n_mentions": p.n_mentions}
        for p in people
    ]  # fmt: skip

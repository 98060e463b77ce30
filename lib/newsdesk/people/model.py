"""The people records: one mention in an article, and one person across the corpus."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Person", "PersonMention"]


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

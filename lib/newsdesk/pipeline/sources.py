"""Sources and people's attributes in the tables (issue 12), kept apart from ``build`` so that
the per-article rows and the corpus-wide linking each call one function here:

- ``speaker_people``: speakers named only in a speaker phrase, and every signatory of a
  document, become person mentions (so they are linked and get a person_id);
- ``add_target_tone``: ``mentions.target_compound``, the sentence scored with the mention's own
  words masked;
- ``people_attributes``: ``people.gender``/``gender_source``/``role``/``nation`` from the text's
  evidence (honorifics, gendered titles, the pronouns quote attribution resolved to the person,
  ``speaker_gender``) and the first-name list;
- ``organisation_spellings``: organisation and outlet speakers made canonical across articles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsdesk.people.attributes import describe_person, title_gender
from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import name_key
from newsdesk.quotes.extract import Quote
from newsdesk.sentiment.target import score_target
from newsdesk.text import Sentence

__all__ = [
    "add_target_tone",
    "editorial_we",
    "is_editorial",
    "organisation_spellings",
    "people_attributes",
    "speaker_gender",
    "speaker_people",
]

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def speaker_people(
    text: str, quotes: Sequence[Quote], people: Sequence[PersonMention]
) -> list[PersonMention]:
    """Speakers named only in the speaker phrase ("said pollster Frank Luntz") and the
    signatories of documents are people too; organisations, outlets and anonymous sources not."""
    known = {person.name for person in people}
    found = []
    for quote in quotes:
        if quote.speaker_kind not in ("person", "document") or quote.speaker_start is None:
            continue
        for name in quote.authors or ((quote.speaker,) if quote.speaker else ()):
            if name in known:
                continue
            at = text.find(name)
            start, end = (
                (at, at + len(name)) if at >= 0 else (quote.speaker_start, quote.speaker_start)
            )
            found.append(PersonMention(start, end, name, name, (), quote.sentence_index))
            known.add(name)
    return found


_EDITORIAL = re.compile(
    r"\b(?:editorial(?:\s+board)?|our\s+view|the\s+view\s+of\s+the|opinion\s*:)", re.IGNORECASE
)
_WE = frozenset({"we", "our", "us"})


def is_editorial(title: str | None, text: str) -> bool:
    """An outlet's editorial: its title, or the opening of its text, says so.

    >>> is_editorial("Our view: vote Clinton", ""), is_editorial("Clinton wins", "She won.")
    (True, False)
    """
    return bool(_EDITORIAL.search(title or "") or _EDITORIAL.search(text[:300]))


def editorial_we(quote_rows: list[dict[str, Any]], outlet: str | None, editorial: bool) -> None:
    """In an editorial, "we" is the outlet, not the candidate it endorses."""
    if not editorial or not outlet:
        return
    for row in quote_rows:
        mention = str(row.get("speaker_mention") or "").strip().casefold()
        if mention in _WE:
            row.update(speaker=outlet, speaker_kind="outlet", authors=())


def add_target_tone(mention_rows: list[dict[str, Any]], sentences: Sequence[Sentence]) -> None:
    """``target_compound`` for each mention row: its sentence scored with the mention masked."""
    by_index = {sentence.index: sentence for sentence in sentences}
    for row in mention_rows:
        sentence = by_index.get(int(row["sentence_id"]))
        if sentence is None:
            row["target_compound"] = None
            continue
        span = (int(row["start"]) - sentence.start, int(row["end"]) - sentence.start)
        row["target_compound"] = score_target(sentence.text, [span])


def speaker_gender(speaker_mention: Any) -> str:
    """The gender a speaker phrase states of the person it was resolved to ("he said",
    "Mrs Ferris said"): "m", "f" or "-".

    >>> speaker_gender("she"), speaker_gender("Mrs Ferris"), speaker_gender("Ferris")
    ('f', 'f', '-')
    """
    if not isinstance(speaker_mention, str) or not speaker_mention.split():
        return "-"
    words = speaker_mention.split()
    first = words[0].casefold()
    gender = _PRONOUN_GENDER.get(first, "-") if len(words) == 1 else "-"
    return gender if gender != "-" else title_gender(first)


_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def organisation_spellings(speakers: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """One spelling for each organisation or outlet speaker across the corpus ("The Times",
    "Times" -> "Times"), from (speaker, speaker_kind) pairs: speaker -> canonical spelling.

    >>> organisation_spellings([("The Times", "outlet"), ("Times", "outlet"), ("Times", "outlet")])
    {'The Times': 'Times', 'Times': 'Times'}
    """
    bodies = [
        str(speaker)
        for speaker, kind in speakers
        if kind in ("organisation", "outlet") and isinstance(speaker, str)
    ]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name in bodies:
        spellings[name_key(_DETERMINER.sub("", name))][_DETERMINER.sub("", name)] += 1
    return {
        name: spellings[name_key(_DETERMINER.sub("", name))].most_common(1)[0][0]
        for name in dict.fromkeys(bodies)
    }


#: Each description of a person by what it was made from (name, titles, the text's genders):
#: gender, gender_source, role and nation.
Descriptions = dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[str, str, str | None, str | None]]


def people_attributes(
    people: Sequence[Person],
    stated: Mapping[tuple[str, str], Sequence[str]],
    spoken: Mapping[str, Sequence[str]],
    known: Descriptions | None = None,
) -> tuple[dict[str, dict[str, Any]], Descriptions]:
    """person_id -> gender, gender_source, role and nation, from the text's evidence (the
    genders stated by each member's mentions, ``stated``, and by the speaker phrases resolved to
    the person, ``spoken``), then the first-name list; titles give role and nation. A person
    described from the same name, titles and genders in ``known`` (a previous build's
    descriptions, by the same code) is not described again; the second value is every
    description used, for the next build."""
    known = known or {}
    found, used = {}, {}
    for person in people:
        evidence = [g for member in person.members for g in stated.get(member, ())]
        evidence += spoken.get(person.person_id, ())
        key = (person.name, tuple(person.titles), tuple(evidence))
        described = known.get(key)
        if described is None:
            made = describe_person(person.name, person.titles, evidence)
            described = (made.gender, made.gender_source, made.role, made.nation)
        used[key] = described
        found[person.person_id] = dict(zip(("gender", "gender_source", "role", "nation"), described, strict=True))
    return found, used

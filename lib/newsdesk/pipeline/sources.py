"""Sources and people's attributes in the tables (issue 12), kept apart from ``build`` so that
the per-article rows and the corpus-wide linking each call one function here:

- ``speaker_people``: speakers named only in a speaker phrase, and every signatory of a
  document, become person mentions (so they are linked and get a person_id);
- ``add_target_tone``: ``mentions.target_compound``, the sentence scored with the mention's own
  words masked;
- ``describe_people``: ``people.gender``/``gender_source``/``role``/``nation`` from the text's
  evidence (honorifics, gendered titles, the pronouns quote attribution resolved to the person)
  and the first-name list; organisation and outlet speakers made canonical across articles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import pandas as pd

from newsdesk.people.attributes import describe_person, title_gender
from newsdesk.people.model import Person, PersonMention
from newsdesk.people.names import name_key
from newsdesk.quotes.extract import Quote
from newsdesk.sentiment.target import score_target
from newsdesk.text import Sentence

__all__ = ["add_target_tone", "describe_people", "editorial_we", "is_editorial", "speaker_people"]

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


def _speaker_evidence(quotes: pd.DataFrame) -> dict[str, list[str]]:
    """person_id -> genders stated by the speaker phrases resolved to that person ("he said",
    "Mrs Ferris said")."""
    evidence: dict[str, list[str]] = defaultdict(list)
    for person_id, mention in zip(quotes["person_id"], quotes["speaker_mention"], strict=True):
        if not isinstance(person_id, str) or not isinstance(mention, str) or not mention.split():
            continue
        first = mention.split()[0].casefold()
        gender = _PRONOUN_GENDER.get(first, "-") if len(mention.split()) == 1 else "-"
        if gender == "-":
            gender = title_gender(first)
        if gender != "-":
            evidence[person_id].append(gender)
    return evidence


_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _canonical_organisations(quotes: pd.DataFrame) -> None:
    """One spelling for each organisation or outlet across articles ("The Times", "Times")."""
    if "speaker_kind" not in quotes:
        return
    is_body = quotes["speaker_kind"].isin(["organisation", "outlet"]) & quotes["speaker"].notna()
    keys = quotes.loc[is_body, "speaker"].map(lambda s: name_key(_DETERMINER.sub("", str(s))))
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for key, name in zip(keys, quotes.loc[is_body, "speaker"], strict=True):
        spellings[key][_DETERMINER.sub("", str(name))] += 1
    quotes.loc[is_body, "speaker"] = [spellings[k].most_common(1)[0][0] for k in keys]


def describe_people(
    people: Sequence[Person],
    mentions_by_article: dict[str, Sequence[PersonMention]],
    tables: dict[str, pd.DataFrame],
) -> None:
    """Add gender, gender_source, role and nation to ``tables["people"]`` and make
    organisation speakers canonical in ``tables["quotes"]``."""
    quotes = tables["quotes"]
    _canonical_organisations(quotes)
    stated: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article_id, mentions in mentions_by_article.items():
        for mention in mentions:
            if mention.gender != "-":
                stated[(article_id, mention.name)].append(mention.gender)
    spoken = _speaker_evidence(quotes) if "person_id" in quotes else {}
    rows = []
    for person in people:
        evidence = [g for member in person.members for g in stated.get(member, [])]
        evidence += spoken.get(person.person_id, [])
        found = describe_person(person.name, person.titles, evidence)
        rows.append(
            {
                "person_id": person.person_id,
                "gender": found.gender,
                "gender_source": found.gender_source,
                "role": found.role,
                "nation": found.nation,
            }
        )
    frame = tables["people"]
    attributes = pd.DataFrame(
        rows, columns=["person_id", "gender", "gender_source", "role", "nation"]
    )
    merged = frame.drop(columns=[c for c in attributes.columns if c != "person_id" and c in frame])
    tables["people"] = merged.merge(attributes, on="person_id", how="left")[
        list(dict.fromkeys([*frame.columns, *attributes.columns]))
    ]

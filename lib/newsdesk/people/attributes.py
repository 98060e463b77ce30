"""People's attributes: gender (with where it came from), role class and nation.

Gender takes the text's own evidence first (honorifics such as Mr/Mrs/Ms, gendered titles such
as "congresswoman", and the pronouns that quote attribution resolved to the person), then the
first-name list that ships with gender-guesser (only its confident ``male``/``female`` labels;
"mostly" and androgynous names stay unknown). Evidence that disagrees leaves it unknown: never a
guess. Role classes and their meaning are in ``resources/README.md`` (role_classes.tsv); the
nation comes from a demonym or a country name in a title ("Australian Prime Minister").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsdesk.people.names import honorifics, name_key
from newsdesk.resources import read_word_list

__all__ = [
    "GENDER_SOURCES",
    "PersonAttributes",
    "describe_person",
    "name_list",
    "name_list_file",
    "name_list_gender",
    "title_gender",
    "use_name_list",
]

#: where a gender came from: the article's own words, the first-name list, or nowhere
GENDER_SOURCES = ("text", "name list", "none")
_GENDER_WORDS = {"m": "male", "f": "female"}
#: share of the text's gender evidence that must agree for it to decide (one "she" against
#: five "he" is an attribution slip, not a second gender)
_TEXT_AGREEMENT = 0.75


@dataclass(frozen=True, slots=True)
class PersonAttributes:
    """What the text and the name list say about one person."""

    #: female, male or unknown
    gender: str
    #: text, name list or none (see GENDER_SOURCES)
    gender_source: str
    #: a role class of resources/role_classes.tsv, or None
    role: str | None
    #: a country, or None
    nation: str | None


#: gender-guesser's codes in its name list, and the genders its own parser gives them.
_SEXES = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female", "1F": "mostly_female",
          "?F": "mostly_female", "?": "andy"}  # fmt: skip


@cache
def _detector() -> Any:
    """gender-guesser's detector, case-insensitive, with its name list read in one plain loop:
    the same names, genders and values as its own line-by-line parser (tests/test_people.py
    compares them), at a third of the cost (it was a tenth of a ten-article rebuild)."""
    import gender_guesser.detector as gender_guesser

    class _Detector(gender_guesser.Detector):  # type: ignore[misc]
        def _parse(self, filename: str) -> None:
            if _GIVEN_NAMES:  # parsed by an earlier process (``use_name_list``)
                self.names = _GIVEN_NAMES.pop()
                return
            names: dict[str, dict[str, str]] = {}
            with open(filename, encoding="utf-8", newline="") as handle:
                lines = handle.read().splitlines()
            for raw in lines:
                line = raw.strip()
                if line[:1] in ("#", "=", ""):
                    continue
                sex, name = line.split(None, 2)[:2]
                gender, values, name = _SEXES[sex], line[30:-1], name.lower()
                for spelling in (name.replace("+", ""), name.replace("+", " "), name.replace("+", "-")) if "+" in name else (name,):
                    names.setdefault(spelling, {})[gender] = values
            self.names = names

    return _Detector(case_sensitive=False)


#: A name list handed over by ``use_name_list``, taken by the detector when it is made.
_GIVEN_NAMES: list[dict[str, dict[str, str]]] = []


def name_list_file() -> str:
    """The first-name list's file (gender-guesser's ``nam_dict.txt``)."""
    import gender_guesser.detector as gender_guesser

    return str(Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt")


def name_list() -> dict[str, dict[str, str]]:
    """The first-name list as parsed (name -> gender -> per-country values), e.g. for a build to
    keep and hand to the next process (``use_name_list``)."""
    names: dict[str, dict[str, str]] = _detector().names
    return names


def use_name_list(names: dict[str, dict[str, str]]) -> bool:
    """Take a list ``name_list`` gave in an earlier process (from the same file and code) instead
    of parsing the file again; only before the list is first looked up. Returns whether it was
    taken."""
    if _detector.cache_info().currsize:
        return False
    _GIVEN_NAMES[:] = [names]
    return True


@cache
def name_list_gender(first_name: str) -> str:
    """``m``/``f`` when gender-guesser's list is confident about a first name, else ``-``.

    >>> name_list_gender("Helen"), name_list_gender("Donald"), name_list_gender("Xi")
    ('f', 'm', '-')
    """
    word = first_name.strip(".’'")
    if len(word) < 2 or not word[:1].isupper() or not word.isalpha():
        return "-"
    found = _detector().get_gender(word)
    return {"male": "m", "female": "f"}.get(found, "-")


@cache
def _gendered_titles() -> dict[str, str]:
    pairs = (line.rsplit(maxsplit=1) for line in read_word_list("gendered_titles.txt"))
    return {word: gender for word, gender in pairs}


def title_gender(title: str) -> str:
    """``m``/``f`` stated by an honorific or a gendered title word, else ``-``.

    >>> title_gender("Congresswoman"), title_gender("Mr."), title_gender("Senator")
    ('f', 'm', '-')
    """
    lowered = name_key(title)
    words = lowered.split()
    found = {_gendered_titles().get(w, honorifics().get(w, "-")) for w in words}
    found |= {g for phrase, g in _gendered_titles().items() if " " in phrase and phrase in lowered}
    found.discard("-")
    return found.pop() if len(found) == 1 else "-"


@cache
def _role_classes() -> tuple[tuple[str, str], ...]:
    rows = (line.split("\t") for line in read_word_list("role_classes.tsv"))
    # Longest phrase first, so "press secretary" is a spokesperson, not an official.
    return tuple(sorted(((p, c) for p, c in rows), key=lambda row: -len(row[0])))


def _role(titles: Iterable[str]) -> str | None:
    votes: Counter[str] = Counter()
    for title in titles:
        lowered = f" {name_key(title)} "
        for phrase, role in _role_classes():
            if f" {phrase} " in lowered:
                votes[role] += 1
                break
    return votes.most_common(1)[0][0] if votes else None


@cache
def _nations() -> dict[str, str]:
    """Lower-case demonym or place name -> country."""
    found: dict[str, str] = {}
    for line in read_word_list("places.tsv"):
        surface, _entity, category, country = [*line.split("\t"), "", "", ""][:4]
        if category == "country" and country:
            found[surface.casefold()] = country
    for line in read_word_list("demonyms.tsv"):
        demonym, _, country = line.partition("\t")
        if country.strip():
            found.setdefault(demonym.casefold(), country.strip())
    return found


def _nation(titles: Iterable[str]) -> str | None:
    votes: Counter[str] = Counter()
    for title in titles:
        words = title.replace("’s", "").replace("'s", "").split()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                country = _nations().get(" ".join(words[i : i + size]).casefold())
                if country and words[i][:1].isupper():
                    votes[country] += 1
    return votes.most_common(1)[0][0] if votes else None


def describe_person(
    name: str, titles: Sequence[str] = (), text_genders: Sequence[str] = ()
) -> PersonAttributes:
    """Gender, role class and nation of a person from the titles written with the name and the
    genders the text states for them (honorifics, pronouns resolved to the person).

    Args:
        name: the canonical full name.
        titles: every title written with the name ("Australian Prime Minister", "Mrs").
        text_genders: ``m``/``f`` evidence from the text (one item per piece of evidence).

    Returns:
        The attributes; gender ``unknown`` with source ``none`` when nothing is sure.

    >>> describe_person("Anthony Albanese", ["Australian Prime Minister"])
    PersonAttributes(gender='male', gender_source='name list', role='politician', nation='Australia')
    >>> describe_person("Xi Jinping", ["President"], ["m", "m"]).gender_source
    'text'
    """
    evidence = Counter(g for g in text_genders if g in _GENDER_WORDS)
    evidence.update(g for g in map(title_gender, titles) if g in _GENDER_WORDS)
    gender, source = "unknown", "none"
    if evidence:
        top, count = evidence.most_common(1)[0]
        if count / sum(evidence.values()) >= _TEXT_AGREEMENT:
            gender, source = _GENDER_WORDS[top], "text"
    if source == "none" and not evidence:
        words = name.split()
        listed = name_list_gender(words[0]) if len(words) >= 2 else "-"
        if listed in _GENDER_WORDS:
            gender, source = _GENDER_WORDS[listed], "name list"
    return PersonAttributes(gender, source, _role(titles), _nation(titles))

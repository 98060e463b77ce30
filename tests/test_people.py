"""People: mentions with titles and aliases in an article, and linking across articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import case_params, load_cases
from newsdesk.people.mentions import (
    PersonMention,
    find_people,
    is_thing,
    link_people,
    name_key,
)
from newsdesk.text import split_sentences

CASES = load_cases("people_cases.json")["cases"]


@pytest.mark.parametrize("case", case_params(CASES))
def test_hard_case(case):
    found = find_people(case["text"], split_sentences(case["text"]))
    assert [[m.surface, m.name, list(m.titles)] for m in found] == case["expect"]
    surfaces = {m.surface for m in found}
    for word in case["absent"]:
        assert word not in surfaces


def test_mentions_carry_offsets_and_sentences():
    text = "First sentence here. Then Keir Starmer said no."
    (mention,) = find_people(text, split_sentences(text))
    assert text[mention.start : mention.end] == "Keir Starmer"
    assert mention.sentence_index == 1


def _mention(name: str, titles: tuple[str, ...] = ()) -> PersonMention:
    return PersonMention(0, len(name), name, name, titles, 0)


def test_link_people_merges_surname_with_full_name_and_spelling_variants():
    people = link_people({
        "a": [_mention("Luxon"), _mention("Volodymyr Zelenskiy", ("President",))],
        "b": [_mention("Christopher Luxon", ("Prime Minister",)), _mention("Volodymr Zelenskyy")],
    })  # fmt: skip
    names = {p.name: p for p in people}
    assert set(names) == {"Christopher Luxon", "Volodymyr Zelenskiy"}
    assert names["Christopher Luxon"].members == (("a", "Luxon"), ("b", "Christopher Luxon"))
    assert "Volodymr Zelenskyy" in names["Volodymyr Zelenskiy"].aliases
    assert len({p.person_id for p in people}) == 2


def test_person_ids_stay_when_the_corpus_grows_and_ranks_change():
    first = link_people({"a": [_mention("Christopher Luxon"), _mention("Luxon"), _mention("Chris Hipkins")]})
    grown = link_people({
        "a": [_mention("Christopher Luxon"), _mention("Luxon"), _mention("Chris Hipkins")],
        "b": [_mention("Chris Hipkins"), _mention("Hipkins"), _mention("Hipkins"), _mention("Nicola Willis")],
    })  # fmt: skip
    assert [p.name for p in first] == ["Christopher Luxon", "Chris Hipkins"]
    assert [p.name for p in grown] == ["Chris Hipkins", "Christopher Luxon", "Nicola Willis"]  # ranks moved
    ids = {p.name: p.person_id for p in first}
    assert {p.name: p.person_id for p in grown if p.name in ids} == ids
    assert all(re.fullmatch(r"p[0-9a-f]{10}", p.person_id) for p in grown)


def test_link_people_keeps_different_first_names_apart():
    people = link_people({
        "a": [_mention("Hillary Clinton"), _mention("Hillary Clinton"), _mention("Clinton")],
        "b": [_mention("Bill Clinton")],
    })  # fmt: skip
    by_name = {p.name: p for p in people}
    assert set(by_name) == {"Hillary Clinton", "Bill Clinton"}
    # A bare surname joins the most mentioned full name.
    assert ("a", "Clinton") in by_name["Hillary Clinton"].members


def test_name_key_ignores_accents_and_case():
    assert name_key("Erdoğan") == name_key("ERDOGAN")


def test_name_key_folds_every_letter_to_ascii():
    assert name_key("Jonas Gahr Støre") == name_key("Jonas Gahr Store") == "jonas gahr store"


@pytest.mark.parametrize("place", ["Türkiye", "Turkey", "Côte d'Ivoire"])
def test_places_are_not_people_with_or_without_accents(place):
    assert is_thing([place])


def test_link_people_takes_the_surname_before_a_suffix():
    people = link_people({
        "a": [_mention("Martin Luther King Jr.")],
        "b": [_mention("King")],
    })  # fmt: skip
    assert [p.name for p in people] == ["Martin Luther King Jr."]


@pytest.mark.parametrize(
    "name",
    ["Christopher Luxon", "Helen Clark", "Van Persie", "Le Pen", "De Niro", "Bin Laden", "Abu Bakr",
     "St John", "Mac Miller", "Sen Warren", "Martin Jr", "John Esq", "Ms Smith", "Jean Baptiste",
     "Xi Jinping", "Anya Petrova", "Jonas Støre", "Lisa O'Neill", "Della Rosa", "Dos Santos",
     "Al Gore", "Bob Dole", "Mary Ann", "Ibn Saud", "Judith Collins"],
)  # fmt: skip
def test_name_parts_equal_nameparser_on_two_word_names(name):
    """Two plain words skip nameparser; the parts must be the ones it gives."""
    from nameparser import HumanName

    from newsdesk.people.names import name_parts

    parsed = HumanName(name)
    assert name_parts(name) == (parsed.first or name.split()[0], parsed.last or name.split()[-1])


def test_the_name_list_is_read_as_gender_guesser_reads_it():
    """attributes._detector parses gender-guesser's list itself: same names, genders, values, order."""
    import gender_guesser.detector as gender_guesser

    from newsdesk.people.attributes import _detector

    reference = gender_guesser.Detector(case_sensitive=False).names
    ours = _detector().names
    assert len(ours) > 40_000
    # the order of each name's genders too: gender-guesser breaks ties by it
    assert [(name, list(genders.items())) for name, genders in ours.items()] == [
        (name, list(genders.items())) for name, genders in reference.items()
    ]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"aAbdeElLvVMcO’' .-\t\xa0ÀÉØÞßxyz", "al-", "de ", "van ", "Mc", "O'", "of ", "J. ", "Ann"]),
                max_size=25).map("".join))
def test_the_run_lookahead_changes_no_run(text):
    """The capitalised-run pattern's leading lookahead (a capital or a particle's first letter)
    only spares work: the runs are those of the pattern without it, here and in the seeds."""
    import re

    from conftest import ROOT
    from newsdesk.people import candidates

    plain = re.compile(candidates._RUN.pattern.removeprefix(candidates._RUN_FIRST))
    assert plain.pattern != candidates._RUN.pattern
    for sample in [text, *(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt")))]:
        assert [m.span() for m in candidates._RUN.finditer(sample)] == [m.span() for m in plain.finditer(sample)]

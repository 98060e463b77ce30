"""Entities: places and organisations, canonical, merged with people into the mentions table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import ROOT, case_params, load_cases
from newsdesk.clean.article import clean_article
from newsdesk.entities import EntityConfig, Mention, find_mentions, find_places
from newsdesk.people.mentions import find_people
from newsdesk.resources import read_text
from newsdesk.text import split_sentences

CASES = load_cases("entities_cases.json")


@pytest.mark.parametrize("case", case_params(CASES))
def test_cases(case) -> None:
    text = case["text"]
    sentences = [SimpleNamespace(index=0, start=0, end=len(text))]
    found = [[m.surface, m.entity, m.kind] for m in find_mentions(text, sentences)]
    assert found == case["expect"]


@pytest.fixture(scope="module")
def seed_mentions() -> list[Mention]:
    mentions = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = clean_article(path.read_text(encoding="utf-8")).text
        sentences = split_sentences(text)
        found = find_mentions(text, sentences, find_people(text, sentences))
        for mention in found:
            assert text[mention.start : mention.end] == mention.surface
            sentence = next(s for s in sentences if s.index == mention.sentence_index)
            assert sentence.start <= mention.start < sentence.end
        mentions += found
    return mentions


@pytest.mark.parametrize(
    ("entity", "kind"),
    [
        ("Christopher Luxon", "person"),
        ("Keir Starmer", "person"),
        ("Anthony Albanese", "person"),
        ("Emmanuel Macron", "person"),
        ("Donald Trump", "person"),
        ("Vladimir Putin", "person"),
        ("Helen Clark", "person"),
        ("Winston Peters", "person"),
        ("Lisa Ferris", "person"),
        ("Ukraine", "place"),
        ("Russia", "place"),
        ("New Zealand", "place"),
        ("Australia", "place"),
        ("China", "place"),
        ("NATO", "org"),
    ],
)
def test_seed_mentions_include(seed_mentions, entity, kind) -> None:
    assert (entity, kind) in {(m.entity, m.kind) for m in seed_mentions}


def test_seed_ukrainian_counts_for_ukraine(seed_mentions) -> None:
    surfaces = {m.surface for m in seed_mentions if m.entity == "Ukraine"}
    assert {"Ukraine", "Ukrainian"} <= surfaces


def test_seed_entities_are_canonical(seed_mentions) -> None:
    entities = {m.entity for m in seed_mentions if m.kind != "person"}
    assert not entities & {"US", "U.S.", "UK", "Britain", "Nato", "Aukus", "Kiev", "NZ"}
    assert "United States" in entities and "United Kingdom" in entities


def test_place_in_a_title_is_kept_but_not_inside_a_name() -> None:
    text = "British Prime Minister Keir Starmer met Denzel Washington."
    people = [
        SimpleNamespace(start=8, end=35, surface="Prime Minister Keir Starmer",
                        name="Keir Starmer", sentence_index=0),
        SimpleNamespace(start=40, end=57, surface="Denzel Washington",
                        name="Denzel Washington", sentence_index=0),
    ]  # fmt: skip
    sentences = [SimpleNamespace(index=0, start=0, end=len(text))]
    found = [(m.surface, m.entity, m.kind) for m in find_mentions(text, sentences, people)]
    assert found == [
        ("British", "United Kingdom", "place"),
        ("Prime Minister Keir Starmer", "Keir Starmer", "person"),
        ("Denzel Washington", "Denzel Washington", "person"),
    ]


def test_config_can_turn_off_demonyms_and_governments() -> None:
    config = EntityConfig(demonyms=False, governments=False)
    assert find_places("Ukrainian officials in Washington.", config) == []


def test_mention_outside_every_sentence_has_index_minus_one() -> None:
    text = "Headline about NATO"
    (mention,) = find_mentions(text, [])
    assert mention.sentence_index == -1


@pytest.mark.parametrize("name", ["places.tsv", "demonyms.tsv", "organisations.tsv"])
def test_gazetteer_files_are_well_formed(name) -> None:
    rows = [line.split("\t") for line in read_text(name).splitlines() if not line.startswith("#")]
    widths = {len(row) for row in rows}
    assert len(widths) == 1, f"{name}: rows of different widths {widths}"
    surfaces = [row[0] for row in rows]
    assert len(surfaces) == len(set(surfaces)), f"{name}: a surface form is listed twice"


SEED_PEOPLE = load_cases("seeds_people_gold.json")


def test_seed_people_are_all_people(seeds_tables) -> None:
    """Precision, not only presence: every person the build finds is a real person."""
    found = set(seeds_tables["people"]["name"])
    assert found - set(SEED_PEOPLE["people"]) == set()
    assert set(SEED_PEOPLE["people"]) <= found


@pytest.mark.parametrize("name", SEED_PEOPLE["not_people"])
def test_seed_false_person_is_not_a_person(seeds_tables, name) -> None:
    assert name not in set(seeds_tables["people"]["name"])
    assert name not in set(seeds_tables["mentions"].query("kind == 'person'")["entity"])


def test_mention_starts_are_the_word_starts_of_the_plain_lookbehind():
    """The start pattern looks behind its letter (for speed); it finds the starts that
    "(?<![\\w.])[letters]" finds, on the seeds and at the edges of a text."""
    import re

    from newsdesk.entities import _index_starts

    starts = _index_starts(EntityConfig())
    letters = starts.pattern[: starts.pattern.index("]") + 1]
    plain = re.compile(rf"(?<![\w.]){letters}")
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    for text in [*texts, "Kiev", "U.S. met NATO", "\nKiev", ".Kiev", "_Kiev", " c"]:
        assert [m.start() for m in starts.finditer(text)] == [m.start() for m in plain.finditer(text)]

"""Cleaning rules, on real lines from the seeds and on the seeds whole."""

from __future__ import annotations

import pytest

from conftest import SEEDS, load_cases
from newsdesk.clean.article import (
    clean_article,
    fix_comma_spacing,
    fix_quote_spacing,
    fix_space_before_punctuation,
    normalize_whitespace,
)
from newsdesk.clean.lines import classify_lines, find_repeated_lines
from newsdesk.corpus import read_corpus

LINE_CASES = load_cases("clean_lines.json")["cases"]
SEED_LINES = load_cases("seeds_lines.json")["lines"]


def _squash(text: str) -> str:
    """Text without white space: repairs only move spaces, so kept lines still match."""
    return "".join(text.split())


@pytest.mark.parametrize("case", LINE_CASES, ids=lambda c: f"{c['source']}:{c['expect']}:{c['line'][:30]}")
def test_line_rule(case):
    assert classify_lines([case["line"]]) == [case["expect"]]


@pytest.mark.parametrize(
    ("fixer", "before", "after"),
    [
        (fix_comma_spacing, "Paris,France,will be the focal point", "Paris, France, will be the focal point"),
        (fix_comma_spacing, "more than 30 nations,including New Zealand,as thay convene", "more than 30 nations, including New Zealand, as thay convene"),
        (fix_comma_spacing, "over 21,000 migrants", "over 21,000 migrants"),
        (fix_quote_spacing, 'New Zealand was" risking its sovereignty" by strategic alignment', 'New Zealand was "risking its sovereignty" by strategic alignment'),
        (fix_quote_spacing, 'as part of the "Indo-Pacific Four" grouping', 'as part of the "Indo-Pacific Four" grouping'),
        (fix_quote_spacing, '"We do believe," the letter stated. "That is true."', '"We do believe," the letter stated. "That is true."'),
        (fix_space_before_punctuation, "to get to that place . It’s changing", "to get to that place. It’s changing"),
        (fix_space_before_punctuation, "on his Truth Social platform , Trump said", "on his Truth Social platform, Trump said"),
        (normalize_whitespace, "Western NATO alliance.\u00a0 ", "Western NATO alliance."),
    ],
)
def test_line_repair(fixer, before, after):
    assert fixer(before) == after


def test_curly_quotes_and_apostrophes_are_kept():
    raw = "“We are actually in lockstep with the Brits,” Luxon said, pointing to New Zealand’s deployments."
    assert clean_article(raw).text == raw


@pytest.fixture(scope="module")
def seed_results():
    articles, _ = read_corpus(SEEDS)
    return {article.file: (article, clean_article(article.text, article.title)) for article in articles}


@pytest.mark.parametrize("case", SEED_LINES, ids=lambda c: f"{c['file'][:3]}:{c['label']}:{c['line'][:30]}")
def test_seed_line(case, seed_results):
    """Every line of the seeds ends where the hand labels say."""
    article, result = seed_results[case["file"]]
    line = _squash(case["line"])
    text = _squash(result.text)
    children = [_squash(story.text) for story in result.related]
    if case["label"] == "keep":
        assert line in text
    elif case["label"] == "remove":
        assert line not in text and not any(line in child for child in children)
    elif case["label"] == "title":
        assert line not in text
        assert case["line"] in {result.headline, article.title} | {s.title for s in result.related}
    else:  # appended: the story's text lives on in a child article, not in the page
        assert line[-300:] not in text
        assert any(line[-300:] in child for child in children)


def test_removals_point_at_the_text_as_read(seed_results):
    for article, result in seed_results.values():
        assert result.removals, article.file
        for removal in result.removals:
            assert article.text[removal.start : removal.end].strip() == removal.text
        assert result.removed_chars == sum(len(r.text) for r in result.removals)


def test_appended_stories_are_split_off_whole(seed_results):
    _, result = seed_results["004_56dbff255cf8ac1b.txt"]
    assert [story.title for story in result.related] == [
        "Trump moves subs after Russian provocation",
        "Dbeibeh pushes regional alliance",
        "Israel, Syria reopen backchannel",
    ]
    assert {story.outlet for story in result.related} == {"Libyan Express"}
    assert "Medvedev" not in result.text and "Dbeibeh" not in result.text
    assert "'We're going to protect our people.'" in result.related[0].text
    assert result.related[2].text.startswith("Senior officials from Syria and Israel")


def test_lines_repeated_across_an_outlet_are_learnt():
    footer = "Sign-off line this outlet prints under every story"
    pages = {"Outlet": [[f"Story {n} text.", footer] for n in range(4)], "Other": [["One", footer]]}
    repeated = find_repeated_lines(pages)
    assert repeated == {footer.lower()}
    assert clean_article(f"Story 1 text.\n{footer}", repeated=repeated).text == "Story 1 text."


def test_a_quote_two_stories_share_is_not_furniture():
    quote = "“We are talking to the US on a daily basis,” he said."
    assert find_repeated_lines({"Outlet": [[quote], [quote]]}) == frozenset()


def test_a_page_of_nothing_but_furniture_cleans_to_empty():
    assert clean_article("Sign up to our newsletter\nComments\nNo comments yet...").text == ""


def test_every_unicode_space_is_folded_to_one_plain_space():
    """normalize_whitespace relies on str.split treating every Zs character as white space."""
    import sys
    import unicodedata

    spaces = [chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) == "Zs"]
    assert len(spaces) >= 17
    for space in [*spaces, "\t"]:
        assert normalize_whitespace(f"New{space}Zealand{space}{space} said{space}") == "New Zealand said"


def test_the_spacing_fixes_match_their_plain_patterns():
    """The fixes' patterns start at the comma or space they replace (for speed); they change
    exactly what the plain lookbehind patterns change, on every seed line and on hard cases."""
    import re

    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["a ,b", "a,b", "é,ü", "1,a", "a,1", "a_,b", "word   . Then", "a .", "a ?x", "_ .", "a\t.", " .", "a  ,"]
    for line in lines:
        assert fix_comma_spacing(line) == re.sub(r"(?<=[^\W\d_]),(?=[^\W\d_])", ", ", line)
        assert fix_space_before_punctuation(line) == re.sub(r"(?<=\w) +([.,;:!?])(?=\s|$)", r"\1", line)

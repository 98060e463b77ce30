"""Temporal expressions: hard cases as data, the unresolved rule, the seeds gold, the report."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, case_params, load_cases
from newsdesk.reports.timeline import _levels, plot_timeline, short_description, timeline_events
from newsdesk.text import split_sentences
from newsdesk.timeline.calendar import granularity_of, value_range
from newsdesk.timeline.scan import DateMention, TimelineConfig, find_dates

CASES = load_cases("timeline_cases.json")["cases"]


@pytest.mark.parametrize("case", case_params(CASES))
def test_hard_case(case):
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    found = find_dates(
        case["text"], split_sentences(case["text"]), published, country=case.get("country")
    )
    assert [[m.expr, m.value, m.type] for m in found] == case["expect"]
    taken = {m.expr for m in found}
    for word in case["absent"]:
        assert word not in taken


def test_without_publication_date_relative_dates_stay_unresolved():
    found = find_dates("On Friday, he said last week's talks failed; in 1967 it began.")
    by_expr = {m.expr: m for m in found}
    assert by_expr["Friday"].value is None and by_expr["Friday"].granularity is None
    assert by_expr["Friday"].date_start is None and by_expr["Friday"].relative
    assert by_expr["last week"].value is None
    assert by_expr["1967"].value == "1967" and not by_expr["1967"].relative


def test_mentions_carry_ranges_and_sentences():
    text = "First sentence. Talks were held last week in Paris."
    found = find_dates(text, split_sentences(text), dt.date(2025, 3, 16))
    (mention,) = found
    assert isinstance(mention, DateMention)
    assert text[mention.start : mention.end] == mention.expr == "last week"
    assert mention.sentence_index == 1
    assert (mention.date_start, mention.date_end) == (dt.date(2025, 3, 3), dt.date(2025, 3, 9))
    assert mention.granularity == "week"


def test_durations_and_sets_never_plot():
    found = find_dates("For four days, twice a week.", published=dt.date(2025, 3, 16))
    assert [m.type for m in found] == ["duration", "set"]
    assert all(m.date_start is None and m.granularity is None for m in found)


def test_config_types_filter():
    found = find_dates("For four days, on Friday.", published=dt.date(2025, 3, 16),
                       config=TimelineConfig(types=frozenset({"date"})))  # fmt: skip
    assert [m.expr for m in found] == ["Friday"]


@pytest.mark.parametrize(
    ("value", "granularity", "first", "last"),
    [
        ("2025-03-14", "day", "2025-03-14", "2025-03-14"),
        ("2025-W12", "week", "2025-03-17", "2025-03-23"),
        ("2025-03", "month", "2025-03-01", "2025-03-31"),
        ("2025-WI", "season", "2025-12-01", "2026-02-28"),
        ("2025-Q3", "quarter", "2025-07-01", "2025-09-30"),
        ("2025", "year", "2025-01-01", "2025-12-31"),
        ("2008/2012", "year", "2008-01-01", "2012-12-31"),
        ("199", "decade", "1990-01-01", "1999-12-31"),
    ],
)
def test_value_ranges(value, granularity, first, last):
    assert granularity_of(value) == granularity
    assert value_range(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_seeds_gold_with_researched_dates_precision_recall_and_values():
    """The resolver given the right anchor: P and R >= 0.95 and values right >= 0.9 on the
    hand-made gold, with the hand-researched publication dates (which the build does not have;
    ``eval_timeline.py`` also scores the built events against the build's own dates)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from eval_timeline import Expression, Score, score, seed_gold, seed_rows

    gold_file = json.loads(
        (ROOT / "tests" / "cases" / "seeds_dates_gold.json").read_text(encoding="utf-8")
    )
    from newsdesk.pipeline.build import BuildConfig, build_corpus

    articles = build_corpus(ROOT / "seeds", BuildConfig(progress=False)).tables["articles"]
    total = Score()
    for article_id, row in seed_rows(articles, gold_file):
        text = row.text
        gold, _ = seed_gold(text, article_id, gold_file)
        researched = gold_file["articles"][article_id]["published_researched"]
        found = find_dates(text, split_sentences(text), dt.date.fromisoformat(researched))
        total.add(
            score(gold, [Expression(m.start, m.end, m.type, m.value, m.expr) for m in found], [])
        )
        for negative in (n for n in gold_file["not_temporal"] if n["article"] == article_id):
            where = text.find(negative["context"])
            span = range(where, where + len(negative["context"]))
            assert where < 0 or not any(m.start in span for m in found), negative["why"]
    assert total.matched / total.system >= 0.95
    assert total.matched / total.gold >= 0.95
    assert total.value_correct / total.matched >= 0.9


def test_short_description_and_label_packing():
    assert len(short_description("word " * 40, "word", width=60)) <= 60
    levels = _levels([0.0, 1.0, 2.0, 50.0], [10.0, 10.0, 10.0, 10.0], right_edge=100.0)
    assert [level for level, _ in levels] == [0, 1, 2, 0]
    assert _levels([95.0], [10.0], right_edge=100.0) == [(0, True)]


def test_timeline_report_filters_and_draws():
    events = pd.DataFrame([
        {"article_id": "a", "sentence_id": 0, "start": 0, "end": 6, "expr": "Friday", "value": "2025-03-14",
         "granularity": "day", "relative": True, "date_start": dt.date(2025, 3, 14), "date_end": dt.date(2025, 3, 14),
         "type": "date", "sentence": "On Friday, Luxon confirmed he was invited."},
        {"article_id": "a", "sentence_id": 1, "start": 50, "end": 54, "expr": "1967", "value": "1967",
         "granularity": "year", "relative": False, "date_start": dt.date(1967, 1, 1), "date_end": dt.date(1967, 12, 31),
         "type": "date", "sentence": "Israel seized the Golan in 1967."},
        {"article_id": "b", "sentence_id": 0, "start": 0, "end": 6, "expr": "Monday", "value": "2025-03-10",
         "granularity": "day", "relative": True, "date_start": dt.date(2025, 3, 10), "date_end": dt.date(2025, 3, 10),
         "type": "date", "sentence": "A related story on Monday."},
    ])  # fmt: skip
    articles = pd.DataFrame([
        {"article_id": "a", "parent_id": None, "outlet": "RNZ", "title": "Luxon", "published": dt.date(2025, 3, 16)},
        {"article_id": "b", "parent_id": "a", "outlet": "X", "title": "Other", "published": None},
    ])  # fmt: skip
    table = timeline_events(events, articles, granularity="month")
    assert list(table["expr"]) == ["Friday"]  # 1967 is coarser than a month; b is appended
    assert len(timeline_events(events, articles, granularity="year", keyword="golan")) == 1
    assert len(timeline_events(events, articles, granularity="year", since="2000-01-01")) == 1
    figure = plot_timeline(table, articles, source="Source: test")
    assert figure.axes and figure.axes[0].get_title() == "" and figure.get_suptitle()
    with pytest.raises(ValueError):
        timeline_events(events, articles, granularity="fortnight")


def test_trigger_scan_finds_what_a_full_scan_finds():
    """The fast scan near trigger words must give exactly the matches of a full ``finditer``."""
    from newsdesk.timeline.patterns import fields, temporal_pattern
    from newsdesk.timeline.scan import _matches

    texts = [case["text"] for case in CASES]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    for text in texts:
        # the rule and its fields too: the scan tries only the rules that may begin at a position
        full = [(m.start(), m.end(), m.lastgroup, fields(m, m.lastgroup or "")) for m in temporal_pattern().finditer(text)]
        assert [(m.start(), m.end(), m.lastgroup, fields(m, m.lastgroup or "")) for m in _matches(text)] == full


@contextlib.contextmanager
def _rule_words_set_to(value):
    """``scan._RULE_WORDS`` set for a while (hypothesis examples cannot share a fixture's reset)."""
    from newsdesk.timeline import scan

    saved = scan._RULE_WORDS
    scan._RULE_WORDS = value
    try:
        yield
    finally:
        scan._RULE_WORDS = saved


_RULE_WORD_SAMPLES = ["ago", "AGO", "Ago", "3", "two", "years", "Years", "a", "few", "the", "first", "Second",
                      "quarter", "QUARTER", "quarters", "fiscal", "2019", "19th", "century", "Century", "centuries",
                      "last", "month", "Chicago", "-", " ", "  ", ",", "."]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_RULE_WORD_SAMPLES), max_size=25).map("".join))
def test_rules_left_out_of_a_text_without_their_word_cannot_match_in_it(text):
    """A rule named in ``_RULE_WORDS`` is not tried in a text without its word: each such rule's
    every match holds the word (the template asks for it, ignoring case), and the case-blind
    match of its letters is their lower case, so the scan still finds what a full scan finds."""
    import re

    from newsdesk.timeline.patterns import fields, rule_templates
    from newsdesk.timeline.scan import _RULE_WORDS, _matches

    templates = {name: template for name, template, _ in rule_templates()}
    for rule, word in _RULE_WORDS:
        assert f"(?i:{word})" in templates[rule]
    # The scan with every rule tried: leaving the rules out changes nothing. (The trigger scan
    # itself equals a full scan on real text, not on every odd string: see the xfail below.)
    with _rule_words_set_to(()):
        every = [(m.start(), m.end(), m.lastgroup, fields(m, m.lastgroup or "")) for m in _matches(text)]
    assert [(m.start(), m.end(), m.lastgroup, fields(m, m.lastgroup or "")) for m in _matches(text)] == every
    for rule, word in _RULE_WORDS:
        for match in re.finditer(dict((n, p) for n, _, p in rule_templates())[rule].pattern, text):
            assert word in match.group().lower()


@pytest.mark.xfail(strict=True, reason="a number word glued to its unit ('twoyears ago') or a dash before it "
                   "('- years ago'): the trigger scan starts at word starts only and misses or shortens what "
                   "the full pattern finds (found by hypothesis)")  # fmt: skip
def test_odd_strings_are_scanned_as_the_full_pattern_scans_them():
    from newsdesk.timeline.patterns import temporal_pattern
    from newsdesk.timeline.scan import _matches

    for text in ("twoyears ago", "- years ago"):
        assert [m.span() for m in _matches(text)] == [m.span() for m in temporal_pattern().finditer(text)]


def test_the_rule_words_letters_match_only_their_cases():
    """Beyond ASCII no character matches a letter of the rule words when case is ignored (the
    Kelvin sign does "k"), so a word's absence from the lower-cased text rules its rule out."""
    import re

    from newsdesk.timeline.scan import _RULE_WORDS

    letters = {letter for _, word in _RULE_WORDS for letter in word}
    for letter in letters:
        pattern = re.compile(f"(?i:{letter})")
        assert [c for c in map(chr, range(0x110000)) if pattern.fullmatch(c)] == sorted({letter, letter.upper()})


def test_rules_left_out_at_a_position_cannot_match_there():
    """The two-character table is a superset: every rule that matches at a position of the
    seeds, of the hard cases or of short edge texts is among the rules tried there."""
    from newsdesk.timeline.pairs import rules_by_first_two
    from newsdesk.timeline.patterns import rule_templates

    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [case["text"] for case in CASES]
    texts += ["2", "1/2", "Q3", "May", "the 90s", "’90s", "mid-2019", "noon", "a", "İstanbul 2019", "ſince 2001"]
    by_pair = rules_by_first_two()
    for text in texts:
        for position in range(len(text)):
            tried = by_pair[text[position : position + 2]]
            for name, _, pattern in rule_templates():
                if pattern.match(text, position):
                    assert pattern in tried, (name, text[position : position + 30])


_TENSE_WORDS = ["had been due to", "will", "won’t", "we'll", "Since", "since", "said", "told", "wanted", "Ended",
                "hundred", "is to", "going to", "as soon as", "2025", "Was", "the", "S", "’", "'", "é", "İ"]  # fmt: skip


# The tense cues as written before their words were grouped by first letter and their opening
# test tightened: the oracle the compiled pattern must agree with.
_PLAIN_TENSE_CUES = (
    r"(?:(?P<past_plan>\bhad\s+been\s+(?:scheduled|slated|due|expected|set)\s+(?:to|for)\b)"
    r"|(?P<future>\b(?:will|won['’]t|shall|going\s+to|scheduled|slated|set\s+to|due\s+to|due|"
    r"expected|expects?|plans?\s+to|intends?\s+to|to\s+be\s+held|upcoming|forthcoming|"
    r"as\s+(?:soon|early)\s+as|(?:is|are)\s+to|wants?\s+to|hopes?\s+to|aims?\s+to|planned\s+to|"
    r"planning\s+to|until|effective)\b|['’]ll\b)"
    r"|(?P<past>\b(?:[Ss]ince|was|were|had|did|ago|met|held|took|went|came|made|gave|saw|began|"
    r"left|won|lost|wrote|sent|spoke|led|thought|brought|sold|bought|became|got|fell|rose|grew|"
    r"knew|ran|broke|chose|fought|found|heard|kept|paid|struck|stood|hit|cut|shut|quit|spent|"
    r"last|earlier|since)\b)"
    r"|(?P<weak_past>\b(?:said|told|"
    r"(?!(?:hundr|ind|succe|proce|exce|spe|sacr|nak|wick|kindr|bre|ble|gre|emb)ed\b)[a-z]{3,}ed)\b))"
)
_CUE_WORDS = ["was", "were", "had", "ago", "met", "led", "last", "earlier", "expects", "expect", "plans to",
              "plan to", "are to", "aims to", "until", "effective", "upcoming", "spent", "shut", "quit", "won",
              "wont", "won't", "sent", "spoke", "saw", "Said", "hit", "Hit", "ſince", "k", "ran", "rans"]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([*_TENSE_WORDS, *_CUE_WORDS, " ", "  ", "\n", ".", "-", "a", "ed", "_", "9"]),
                max_size=30).map("".join))  # fmt: skip
def test_the_tense_cues_are_those_of_the_plain_pattern(text):
    """The tense cues' opening test (a cue begins at a word start with a lower-case letter or
    "S", or at an apostrophe) and their words grouped by first letter only spare work: the
    cues are those of the plain pattern, at every start and end of the sample."""
    import re

    from newsdesk.timeline.scan import _TENSE_CUES

    plain = re.compile(_PLAIN_TENSE_CUES)
    texts = [text, *(case["text"] for case in CASES[:20])]
    for sample in texts:
        for start, end in ((0, len(sample)), (1, len(sample) - 1), (len(sample) // 2, len(sample))):
            assert [(m.span(), m.lastgroup) for m in _TENSE_CUES.finditer(sample, start, end)] == [
                (m.span(), m.lastgroup) for m in plain.finditer(sample, start, end)
            ]

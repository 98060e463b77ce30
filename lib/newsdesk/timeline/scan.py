"""Temporal expressions in an article, normalised against its publication date.

:func:`find_dates` scans the text once with the combined pattern of
:mod:`newsdesk.timeline.patterns`, sets aside words that only look like time ("may", "March" the
verb, "now" as a discourse marker, counts such as "2000 troops", names such as "USA Today"),
reads the clause's tense to place bare weekdays and months in the past or the future, and
normalises each expression with :mod:`newsdesk.timeline.resolve`. Durations and sets are returned
with their TimeML type and no calendar range, so they never reach a timeline; without a
publication date, relative expressions are kept with ``value=None``: recorded, never guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsdesk.resources import alternation, reporting_verbs
from newsdesk.text import Sentence
from newsdesk.timeline.calendar import granularity_of, value_range
from newsdesk.timeline.pairs import rules_by_first_two
from newsdesk.timeline.patterns import (
    fields,
    start_pattern,
    temporal_pattern,
    trigger_pattern,
)
from newsdesk.timeline.resolve import Reading, Situation, interpret

__all__ = ["DateMention", "TimelineConfig", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One temporal expression; the fields are the columns of the ``events`` table.

    ``value`` is a TimeML value (``2025-03-14``, ``2025-W12``, ``2025-03``, ``2025``, ``P3D``,
    ``PRESENT_REF``) or None when the expression needs a publication date it did not get.
    ``date_start``/``date_end`` are set only for dates that can be placed on a calendar.
    """

    start: int
    end: int
    expr: str
    value: str | None
    granularity: str | None
    relative: bool
    date_start: dt.date | None
    date_end: dt.date | None
    sentence_index: int
    type: str  # TimeML type: "date", "time", "duration" or "set"


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    """Options of the date stage.

    Attributes:
        types: the TimeML types to return; durations and sets are kept by default so that
            they are recognised as what they are (they carry no calendar range).
        default_tense: tense assumed for a clause without cues; news reports the past.
        cue_window: how many characters either side of an expression are searched for tense cues.
    """

    types: frozenset[str] = frozenset({"date", "time", "duration", "set"})
    default_tense: str | None = "past"
    cue_window: int = 100


_DEFAULT_CONFIG = TimelineConfig()

# Tense cues. Future first: "scheduled" and "expected" would otherwise read as "-ed" past forms.
_FUTURE_CUES = (
    r"will", r"won['’]t", r"shall", r"going\s+to", r"scheduled", r"slated", r"set\s+to", r"due\s+to",
    r"due", r"expected", r"expects?", r"plans?\s+to", r"intends?\s+to", r"to\s+be\s+held", r"upcoming",
    r"forthcoming", r"as\s+(?:soon|early)\s+as", r"is\s+to", r"are\s+to", r"wants?\s+to", r"hopes?\s+to",
    r"aims?\s+to", r"planned\s+to", r"planning\s+to", r"until", r"effective",
)  # fmt: skip
_PAST_CUES = (
    "was", "were", "had", "did", "ago", "met", "held", "took", "went", "came", "made", "gave", "saw",
    "began", "left", "won", "lost", "wrote", "sent", "spoke", "led", "thought", "brought", "sold",
    "bought", "became", "got", "fell", "rose", "grew", "knew", "ran", "broke", "chose", "fought",
    "found", "heard", "kept", "paid", "struck", "stood", "hit", "cut", "shut", "quit", "spent", "last",
    "earlier", "since",
)  # fmt: skip


def _by_first_letter(alternatives: Sequence[str]) -> str:
    """An alternation of ``alternatives`` (each beginning with a plain letter) grouped by that
    letter, in their order within a letter: the same matches (alternatives that begin with
    different letters never match at one position), but the engine reads a first letter once
    instead of testing every alternative at every word.

    >>> _by_first_letter(["due to", "due", "will"])
    'd(?:ue to|ue)|w(?:ill)'
    """
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())


# Every cue begins at a word start with a lower-case letter or "S", or at an apostrophe: the
# opening test spares the alternatives everywhere else (inside words, capitalised words, numbers).
_TENSE_CUES = re.compile(
    r"(?:\b(?=[a-zS])|(?=['’]))(?:"
    # A plan reported in the past perfect ("had been due to expire Friday") lies in the past.
    r"(?P<past_plan>\bhad\s+been\s+(?:scheduled|slated|due|expected|set)\s+(?:to|for)\b)"
    rf"|(?P<future>\b(?:{_by_first_letter(_FUTURE_CUES)})\b|['’]ll\b)"
    rf"|(?P<past>\b(?:[Ss]ince|{_by_first_letter(_PAST_CUES)})\b)"
    # A regular past form is a weaker cue: "-ed" words are also adjectives and participles.
    # So is a reporting verb: "said" dates the saying, not what was said.
    rf"|(?P<weak_past>\b(?:{alternation(reporting_verbs('weak_past'))}|"
    r"(?!(?:hundr|ind|succe|proce|exce|spe|sacr|nak|wick|kindr|bre|ble|gre|emb)ed\b)[a-z]{3,}ed)\b))"
)
# A participle after a form of "be" is a passive, not a past: "will be paid", "is held".
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are)\s$")
_FINITE_PAST = frozenset({"was", "were", "had", "did", "ago", "last", "earlier", "since", "Since"})
# Words before "May"/"March" that make them months rather than a modal or a verb.
_MONTH_CONTEXT = re.compile(
    r"(?i:\b(?:in|of|since|until|till|by|from|to|through|early|late|mid|last|next|this|during|"
    r"before|after|between|and|or|around|throughout|on|for|end|beginning|start)\s*-?\s*)$"
)
_AMBIGUOUS_MONTHS = frozenset({"May", "March"})
_SEASON_CONTEXT = re.compile(
    r"(?i:\b(?:in|during|over|through|by|until|since|this|for)\s+(?:the\s+)?)$"
)
_COUNT_NOUN = re.compile(r"\s+(?:[a-z]+s|people|men|women|children|staff)\b")
_NOT_COUNT = frozenset({"was", "has", "is", "as", "this", "its", "his", "thus", "versus", "plus",
                        "gives", "means", "minus"})  # fmt: skip
_PERIOD_ENDED = re.compile(r"\s+(?:ended|ending)\b")  # "the year ended March 31" is a span
_QUARTER_VALUE = re.compile(r"\d{4}-Q\d$")
_QUARTER_RULES = frozenset({"quarter", "quarter_year"})
# Bare weekdays without a cue are read in the default tense; months without one, nearest the anchor.
_DEFAULT_TENSE_RULES = frozenset({"weekday", "time", "noon", "season"})
_DERIVED_QUARTERS = frozenset({"year-ago", "year-earlier", "comparable", "same"})
_EVENT_NOUN = re.compile(
    # The head noun must follow at once: "a 44-year-old anti-abortion protester" is an age.
    r"\s+(?:(?:occupation|revolution|rebellion|negotiations?|investigation|invasion|"
    r"suspension|detention|imprisonment|exile|terrorism)(?!\s+[a-z]+(?:er|or|ist)s?\b)|war|conflict|crisis|dispute|ban|feud|rule|regime|campaign|"
    r"truce|ceasefire|cease-fire|strike|siege|standoff|stand-off|boycott|embargo|fight|battle|"
    r"struggle|drought|recession|moratorium|freeze|rivalry|insurgency|uprising|civil|blockade|"
    r"lockdown|shutdown|case|trial|probe|search|hunt)\b"
)
_RATE_BEFORE = re.compile(
    r"(?:\d[\d.,]*%?|million|billion|trillion|percent|cents?|dollars?|times|[a-z]{3,}s)\s+$"
)
_MONEY_AFTER = re.compile(r"\s*(?:%|percent|per\s+cent|million|billion|trillion|bn|m\b)", re.I)
# Time words that are lower case in running text: capitalised, they name a programme or a paper
# (ABC's "This Week", CBS's "60 Minutes", USA Today), which TimeML does not tag.
_TITLE_WORDS = frozenset({"today", "tonight", "now", "week", "minutes", "hours", "morning",
                          "evening", "night"})  # fmt: skip
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w.&'’-]*\s+$")


def _is_title(expression: str, before: str, at_sentence_start: bool) -> bool:
    """A title-cased name: a capitalised time word inside it, or after a capitalised word."""
    after_a_name = not at_sentence_start and bool(_CAPITALISED_BEFORE.search(before))
    return any(
        word[:1].isupper() and word.lower().strip(".,'") in _TITLE_WORDS and (index or after_a_name)
        for index, word in enumerate(expression.split())
    )


# The words either side of a match that its checks read ("in" before "May", "of" after "the
# future", a count noun after a year): 24 characters hold the few words any check looks at.
_CONTEXT_CHARS = 24


def _accept(
    rule: str, match: re.Match[str], found: dict[str, str], text: str, sentence_start: int
) -> bool:
    """Reject the matches that only look like time."""
    start, end = match.start(), match.end()
    before = text[max(0, start - _CONTEXT_CHARS) : start]
    after = text[end : end + _CONTEXT_CHARS]
    at_sentence_start = not text[sentence_start:start].strip(" \t\"“‘'(`")
    if _is_title(match.group(), before, at_sentence_start):
        return False
    if rule == "month" and found["month"] in _AMBIGUOUS_MONTHS and "mod" not in found:
        return bool(_MONTH_CONTEXT.search(before))
    if rule == "ref" and found["word"].lower() == "now":
        # "Now, ..." opening a sentence is a discourse marker ("well, ..."), not a time.
        return not (at_sentence_start and re.match(r"\s*[,;:—–]", after))
    if rule == "ref" and found["word"].lower() == "the future" and re.match(r"\s+of\b", after):
        return False
    if rule == "fiscal_year" and "fiscal" not in found and "mod" not in found:
        if re.search(r"\d[,.]$", before) or re.search(r"(?:[$£€#]|No\.\s*)$", before):
            return False
        if re.match(r"[.,]\d", after):  # an index level such as 2082.1
            return False
        count = _COUNT_NOUN.match(after)
        if count and count.group().strip() not in _NOT_COUNT:
            return False
        return not _MONEY_AFTER.match(after)
    if rule == "season" and "year" not in found and "mod" not in found:
        relation = found.get("rel", "").lower()
        if relation in ("", "the"):
            return bool(_SEASON_CONTEXT.search(before)) and not re.match(r"\s+of\b", after)
        return True
    if rule == "duration":
        unit = found["unit"].lower()
        number = found["num"].lower()
        if unit == "second" and number in ("a", "an", "one"):
            return False
        if unit == "quarter" and re.match(r"\s+of\b", after):
            return False
        if re.match(r"\s+old\b", after):  # "52 years old" is an age, not a period
            return False
        if number in ("a", "an") and "lead" not in found and _RATE_BEFORE.search(before):
            return False  # "$500 million a year", "four flights a week": a rate, not a period
        if found.get("old", "").lower() == "-old":
            # An age ("a 44-year-old protester") is no time; the age of an event is a duration.
            return bool(_EVENT_NOUN.match(after))
        if number in ("a", "an") and unit in ("day", "night") and "lead" not in found:
            return not re.search(r"(?i:\bone|\bsome)\s*$", before)
        return True
    if rule == "set_adverb":
        word = found["word"]
        return not (word[:1].isupper() and text[sentence_start:start].strip())
    return True


# How far before its trigger word an expression may begin ("at least the past 18 months"), and
# how far after it a start word may still be found ("the 2 men"): the trigger scan finds what a
# full scan finds (tests/test_timeline.py) with these reaches.
_REACH_BACK = 40
_REACH_FORWARD = 24


# Rules whose every match holds a word (in any case: "3 years AGO"): in a text without the word
# they are not tried. "ago" is the costliest rule to try and one BBC text in eight holds the word (272 of 2,225).
_RULE_WORDS = (("ago", "ago"), ("quarter", "quarter"), ("quarter_year", "quarter"), ("century", "century"))


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The matches ``temporal_pattern().finditer(text)`` gives, found only near trigger words.

    Every rule contains a trigger (a digit, a month, "week", "today", ...), so the full pattern is
    tried only at the word starts shortly before each trigger that can begin an expression;
    leftmost-first and non-overlapping as ``finditer`` is.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        yield from temporal_pattern().finditer(text)
        return
    cursor = 0
    starts = start_pattern()
    by_pair = rules_by_first_two(frozenset(rule for rule, word in _RULE_WORDS if word not in lowered))
    tried: dict[int, re.Match[str] | None] = {}  # a word start near two triggers is tried once
    for trigger in trigger_pattern().finditer(lowered):
        if trigger.start() < cursor:
            continue
        window = max(cursor, trigger.start() - _REACH_BACK)
        for word in starts.finditer(lowered, window, trigger.end() + _REACH_FORWARD):
            if word.start() > trigger.start():
                break
            position = word.start()
            if position in tried:
                match = tried[position]
            else:
                match = tried[position] = _match_at(text, position, by_pair)
            if match is not None and match.end() > trigger.start():
                yield match
                cursor = match.end()
                break


def _match_at(text: str, position: int, by_pair: dict[str, tuple[re.Pattern[str], ...]]) -> re.Match[str] | None:
    """``temporal_pattern().match(text, position)``, trying only the rules that may begin with
    the two characters there."""
    for rule in by_pair[text[position : position + 2]]:
        match = rule.match(text, position)
        if match is not None:
            return match
    return None


def _tense_cues(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    cues = []
    for match in _TENSE_CUES.finditer(text, start, end):
        tense = match.lastgroup or ""
        if tense == "past_plan":
            tense = "past"
        elif (
            tense in ("past", "weak_past")
            and match.group() not in _FINITE_PAST
            and _PASSIVE_BEFORE.search(text, max(0, match.start() - 7), match.start())
        ):
            continue
        cues.append((match.start(), match.end(), tense))
    return cues


def _tense(
    cues: list[tuple[int, int, str]], start: int, end: int, config: TimelineConfig
) -> str | None:
    """The tense of the nearest cue outside the expression, within the window; None if none."""
    best: tuple[int, str] | None = None
    for cue_start, cue_end, tense in cues:
        if cue_end <= start:
            distance = start - cue_end
        elif cue_start >= end:
            distance = cue_start - end
        else:
            continue
        if distance <= config.cue_window and (best is None or distance < best[0]):
            best = (distance, tense)
    return best[1] if best else None


def find_dates(
    text: str,
    sentences: Sequence[Sentence] = (),
    published: dt.date | None = None,
    config: TimelineConfig = _DEFAULT_CONFIG,
    country: str | None = None,
) -> list[DateMention]:
    """Every temporal expression in ``text``, normalised against the publication date.

    Args:
        text: the cleaned article text.
        sentences: the article's sentences (``newsdesk.text.split_sentences``); each mention
            records the index of the sentence it lies in. Empty: the text is one sentence.
        published: the publication date; without it relative expressions stay unresolved.
        config: options of the stage.
        country: the article's country (ISO 3166 alpha-2, see ``entities.article_country``):
            its calendar dates holidays ("Labour Day" in New Zealand is in October).

    Returns:
        The mentions in text order.

    >>> [(m.expr, m.value) for m in find_dates("On Friday, Luxon confirmed he would go "
    ...     "next week.", published=dt.date(2025, 3, 16))]
    [('Friday', '2025-03-14'), ('next week', '2025-W12')]
    >>> find_dates("We may march in May.")[0].expr
    'May'
    """
    if isinstance(published, dt.datetime):  # a timestamp dates its day
        published = published.date()
    starts = [sentence.start for sentence in sentences]
    cue_cache: dict[int, list[tuple[int, int, str]]] = {}
    mentions: list[DateMention] = []
    previous_day: dt.date | None = None
    previous_quarter: str | None = None
    previous_quarter_sentence = 0
    reported_quarter: str | None = None
    previous_start: dt.date | None = None
    weekdays: dict[str, str] = {}
    for match in _matches(text):
        rule = match.lastgroup or ""
        position = bisect.bisect_right(starts, match.start()) - 1
        if sentences and position >= 0:
            sentence = sentences[position]
            sentence_index, sentence_start, sentence_end = (
                sentence.index,
                sentence.start,
                sentence.end,
            )
        else:
            sentence_index, sentence_start, sentence_end = 0, 0, len(text)
        found = fields(match, rule)
        if not _accept(rule, match, found, text, sentence_start):
            continue
        if sentence_index not in cue_cache:
            cue_cache[sentence_index] = _tense_cues(text, sentence_start, sentence_end)
        cue = _tense(cue_cache[sentence_index], match.start(), match.end(), config)
        certain = cue != "weak_past"
        cue = "past" if cue == "weak_past" else cue
        tense = cue or (config.default_tense if rule in _DEFAULT_TENSE_RULES else None)
        situation = Situation(
            published,
            tense,
            previous_day,
            previous_quarter,
            previous_start,
            certain,
            reported_quarter,
            country,
        )
        reading = interpret(rule, found, situation)
        if rule == "weekday" and reading is not None and "rel" not in found:
            # A weekday named again without a tense cue is the day it named before.
            weekday = found["wd"]
            if cue is None and weekday in weekdays:
                reading = Reading(reading.type, weekdays[weekday], True)
            elif cue is not None and reading.value is not None:
                weekdays[weekday] = reading.value
        if reading is None or reading.type not in config.types:
            continue
        end = match.end()
        if rule == "offset" and reading.type == "duration":  # the signal word is not part of it
            end = match.start("offset__dir")
            while text[end - 1].isspace():
                end -= 1
        elif (
            rule == "the_year"
            and found["word"].lower().endswith("year")
            and _PERIOD_ENDED.match(text, end)
        ):
            reading = Reading("duration", "P1" + found["word"].split()[-1][0].upper(), False)
        value = reading.value
        dates = value_range(value, published) if reading.type in ("date", "time") else None
        if dates is not None and dates[0] == dates[1]:
            previous_day = dates[0]
        if dates is not None and value != "PRESENT_REF":
            previous_start = dates[0]
        if (
            rule in _QUARTER_RULES
            and value is not None
            and _QUARTER_VALUE.match(value)
            and "yearrel" not in found
            and found.get("which", "").lower() not in _DERIVED_QUARTERS
        ):
            previous_quarter, previous_quarter_sentence = value, sentence_index
            reported_quarter = reported_quarter or value
        elif previous_quarter is not None and sentence_index - previous_quarter_sentence > 1:
            previous_quarter = None  # "a year earlier" follows a quarter named just before only
        granularity = granularity_of(value) if reading.type in ("date", "time") else None
        if value == "PRESENT_REF" and dates is not None:
            granularity = "day"
        mentions.append(
            DateMention(
                start=match.start(),
                end=end,
                expr=text[match.start() : end],
                value=value,
                granularity=granularity,
                relative=reading.relative,
                date_start=dates[0] if dates else None,
                date_end=dates[1] if dates else None,
                sentence_index=sentence_index,
                type=reading.type,
            )
        )
    return mentions

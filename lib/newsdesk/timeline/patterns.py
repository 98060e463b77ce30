"""The surface grammar of English temporal expressions, as one compiled regular expression.

Every rule is a named alternative of a single pattern, so the text is scanned once. Inside a
rule, groups are written ``(?P<P_field>...)``; ``P_`` is replaced by the rule's name so that the
combined pattern keeps unique group names and :func:`fields` can hand each rule its own fields.
Alternatives are tried in order at each position, so longer, more specific rules come first.
Month and weekday names are case-sensitive (``may``, ``march`` and ``we`` stay words); the
deictic vocabulary ("last week") is case-insensitive.
"""

from __future__ import annotations

import re
from functools import cache

from newsdesk.resources import read_word_list
from newsdesk.timeline.calendar import holiday_names

__all__ = [
    "MONTHS",
    "NUMBER_WORDS",
    "ORDINALS",
    "UNITS",
    "WEEKDAYS",
    "fields",
    "number_value",
    "rule_templates",
    "start_pattern",
    "temporal_pattern",
    "trigger_pattern",
]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "couple": 2, "a couple of": 2, "couple of": 2, "a couple": 2, "half a": 0, "dozen": 12, "a dozen": 12,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
# Unit word (singular) -> TimeML duration letter; hours and smaller take a "T".
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE",
}  # fmt: skip

_VAGUE_NUMBERS = r"several|a\s+few|few|many|some|a\s+number\s+of"
_MONTH_FULL = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MONTH = (
    rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|(?:Jan|Feb|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?=\s+\d))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d%])"
_NUM_WORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred|hundred|"
    r"a\s+dozen|dozen|a\s+couple\s+of|a\s+couple|couple\s+of"
)
_NUMBER = rf"(?:(?!(?:1[6-9]|20)\d\d\b)\d+(?:\.\d+)?(?:\s+1/2)?|(?i:{_NUM_WORD}|an?(?=[\s-])))"
_UNIT = (
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie)"
)
_PART = r"(?:morning|afternoon|evening|night)"
_APPROX = (
    r"(?:(?:about|around|nearly|almost|roughly|approximately|some|just|only|more\s+than|"
    r"less\s+than|over|under|at\s+least|at\s+most|barely|fully|another)\s+)"
)
_MOD = (
    r"(?:(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)(?:\s*-\s*|\s+))"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_DEICTIC = (
    r"(?:this|last|next|past|previous|coming|following|current|earlier\s+this|later\s+this|"
    r"early\s+this|early\s+next|late\s+last|late\s+this|early\s+last|late\s+next|"
    r"earlier\s+in\s+the|later\s+in\s+the|the\s+same|that|the\s+following|the\s+previous|"
    r"full|latest)"
)
_ONES = r"one|two|three|four|five|six|seven|eight|nine"
_TEENS = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# The holidays of resources/holidays.tsv, longest first ("Christmas Day" before "Christmas").
_HOLIDAY = "|".join(
    re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
    for name in sorted(holiday_names(), key=len, reverse=True)
)
_NOT_AFTER_NUMBER = r"(?![\w%$£€])"

# (name, template). Order matters: at one position the first matching alternative wins.
_RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"(?P<P_y>\d{4})-(?P<P_m>[01]\d)-(?P<P_d>[0-3]\d)(?![\d-])"),
    (
        "numeric",
        r"(?<![\d/])(?P<P_m>1[0-2]|0?[1-9])/(?P<P_d>3[01]|[12]\d|0?[1-9])/(?P<P_y>\d{4}|\d\d)(?![\d/])",
    ),
    (
        "time",
        rf"(?:(?P<P_dayword>(?i:today|yesterday|tomorrow))\s+at\s+)?(?:at\s+)?(?P<P_h>1[0-2]|0?[1-9])(?::(?P<P_min>[0-5]\d))?\s*(?P<P_ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))(?:\s+(?P<P_tz>[A-Z]{{2,4}}T|GMT|UTC))?(?:,?\s+(?:on\s+)?(?:(?P<P_wd>{_WEEKDAY})|(?P<P_month>{_MONTH})\s+(?P<P_day>{_DAY})))?",
    ),
    (
        "noon",
        rf"(?<![Hh]igh\s)(?P<P_word>(?i:noon|midnight|midday))(?:,?\s+(?:on\s+)?(?P<P_wd>{_WEEKDAY}))?",
    ),
    (
        "clock",
        r"(?<![\d.:])(?P<P_h>[01]?\d|2[0-3]):(?P<P_min>[0-5]\d)(?:\s+(?P<P_tz>[A-Z]{2,4}T|GMT|UTC))(?!\d)",
    ),
    (
        "week_of",
        rf"(?i:the\s+week\s+of)\s+(?P<P_month>{_MONTH})\s+(?P<P_day>{_DAY})(?:,?\s+(?P<P_year>{_YEAR}))?",
    ),
    (
        "mdy",
        rf"(?:(?P<P_wd>{_WEEKDAY}),?\s+)?(?P<P_mod>{_MOD})?(?P<P_month>{_MONTH})\s+(?P<P_day>{_DAY})(?:(?:,\s*|\s+)(?P<P_year>{_YEAR}))?(?!\s*(?:%|percent))",
    ),
    (
        "dmy",
        rf"(?:(?P<P_wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<P_day>{_DAY})(?:\s+of)?\s+(?P<P_month>{_MONTH})(?:,?\s+(?P<P_year>{_YEAR}))?",
    ),
    ("month_year", rf"(?P<P_mod>{_MOD})?(?P<P_month>{_MONTH})(?:\s+of|,)?\s+(?P<P_year>{_YEAR})"),
    (
        "month_rel",
        rf"(?P<P_mod>{_MOD})?(?:(?P<P_month>{_MONTH})\s+(?P<P_rel>(?i:this|last|next))\s+(?i:year)|(?P<P_before>(?i:last|next|this|past|coming))\s+(?P<P_month2>{_MONTH_FULL}))",
    ),
    (
        "range",
        rf"(?:(?i:from|between)\s+(?P<P_y1>{_YEAR})\s+(?:to|and|until|through)\s+(?P<P_y2>{_YEAR})|(?P<P_y3>{_YEAR})\s*[-–]\s*(?P<P_y4>{_YEAR}|\d\d(?!\d)))",
    ),
    (
        "decade",
        rf"(?:(?i:the)\s+)?(?P<P_mod>{_MOD})?(?:(?P<P_dec>1[6-9]\d0|20\d0)|[’'‘](?P<P_dec2>\d0))[’']?s\b",
    ),
    (
        "century",
        r"(?:(?i:the)\s+)?(?P<P_mod>(?i:early|late|mid)[\s-])?(?P<P_cent>1\d|2[01]|1?\d)(?:st|nd|rd|th)[\s-](?i:century)",
    ),
    (
        "quarter",
        rf"(?i:(?:the|its|a)\s+)?(?P<P_yearrel>(?i:last\s+year's|this\s+year's|next\s+year's|year-ago|year-earlier|comparable\s+year-ago)\s+)?(?P<P_fiscal1>(?i:fiscal)[\s-])?(?P<P_which>(?i:first|second|third|fourth|1st|2nd|3rd|4th|latest|current|last|final|past|previous|year-ago|year-earlier|comparable|same))(?:[\s-](?i:fiscal))?[\s-](?i:quarter)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<P_year>{_YEAR}))?(?![\w-])",
    ),
    (
        "quarter_year",
        rf"(?i:the\s+)?(?P<P_year>{_YEAR})\s+(?P<P_which>(?i:first|second|third|fourth))[\s-](?i:quarter)",
    ),
    ("latest_period", r"(?i:the\s+latest\s+period)\b"),
    ("year_period", rf"(?i:the)\s+(?P<P_year>{_YEAR})\s+(?i:quarter|period)\b"),
    (
        "half",
        rf"(?i:the\s+)?(?P<P_which>(?i:first|second|last))\s+(?i:half)(?:\s+(?i:of)\s+(?P<P_year>{_YEAR}))?(?!\s+(?i:of|an|a)\b)",
    ),
    (
        "season",
        rf"(?P<P_mod>{_MOD})?(?:(?P<P_rel>(?i:this|last|next|the|past|coming|previous))\s+)?(?P<P_season>(?i:{_SEASON}))(?:\s+(?:(?i:of)\s+)?(?P<P_year>{_YEAR}))?(?![\w-])",
    ),
    (
        "ago",
        rf"(?P<P_approx>{_APPROX})?(?P<P_num>{_NUMBER}|{_VAGUE_NUMBERS})?[\s-]*(?P<P_unit>(?i:{_UNIT}))s?\s+(?i:ago)\b",
    ),
    (
        "offset",
        rf"(?P<P_approx>{_APPROX})?(?P<P_num>{_NUMBER})[\s-]+(?P<P_unit>(?i:{_UNIT}))s?\s+(?P<P_dir>(?i:earlier|later|before|after|from\s+now|hence))\b",
    ),
    (
        "ref_deictic",
        rf"(?P<P_mod>{_MOD})?(?P<P_the>(?i:the)\s+)?(?P<P_rel>(?i:{_DEICTIC}))\s+(?P<P_fiscal>(?i:fiscal|financial|full|calendar)\s+)?(?P<P_unit>(?i:week|weekend|month|year|decade|century|quarter))\b(?!-)",
    ),
    (
        "year_ago_adj",
        r"(?P<P_unit>(?i:year|month|quarter))-(?i:earlier|ago)\b(?P<P_noun>\s+(?i:quarter|period)\b)?",
    ),
    ("part_day", rf"(?P<P_rel>(?i:this|last))\s+(?P<P_part>(?i:{_PART}))\b"),
    (
        "deictic_day",
        rf"(?P<P_mod>(?i:earlier|later|late|early)\s+)?(?P<P_word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow))\b(?:\s+(?P<P_part>(?i:{_PART})))?",
    ),
    (
        "weekday",
        rf"(?P<P_mod>(?i:earlier|later|late|early)\s+)?(?:(?P<P_rel>(?i:last|next|this\s+coming|this|coming|past|the\s+previous|the\s+preceding|the\s+following))\s+)?(?P<P_wd>{_WEEKDAY})(?:\s+(?P<P_part>(?i:{_PART})))?",
    ),
    (
        "spelled_decade",
        r"(?i:the\s+)(?P<P_mod>(?i:early|late|mid)[\s-]+)?(?:(?i:nineteen)[\s-]+)?(?P<P_tens>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
    ),
    (
        "anaphor",
        r"(?P<P_word>(?i:(?:earlier|later)\s+(?:that|the\s+same)\s+day|(?:that|the)\s+same\s+day|that\s+day|the\s+next\s+day|the\s+following\s+day|the\s+previous\s+day|a\s+day\s+later|that\s+year|that\s+month|that\s+week))\b",
    ),
    (
        "set_every",
        rf"(?:(?P<P_times>(?i:once|twice|three\s+times))\s+(?i:a|an|per|every|each)|(?i:every|each|per))\s+(?:(?P<P_unit>(?i:{_UNIT}|weekday|{_WEEKDAY}|morning|evening))|(?P<P_month>{_MONTH_FULL}))\b",
    ),
    (
        "set_adverb",
        r"(?P<P_word>(?i:on\s+a\s+(?:daily|weekly|monthly|yearly|annual|quarterly)\s+basis|daily|weekly|monthly|yearly|nightly|hourly))\b(?!\s+(?:Mail|Telegraph|News|Beast|Express|Star|Show|Caller|Record|Planet|Signal))",
    ),
    (
        "duration",
        rf"(?P<P_lead>(?i:the|its|their|his|her|a|an)\s+)?(?P<P_span>(?i:past|last|next|first|coming|previous|following|final|latest|other)\s+)?(?P<P_approx>{_APPROX})?(?P<P_num>{_NUMBER}|(?i:{_VAGUE_NUMBERS}))[\s-]+(?P<P_more>(?i:more|additional|extra|straight|consecutive|full|trading|business|working|calendar)\s+)?(?P<P_unit>(?i:{_UNIT}))(?P<P_plural>s)?(?P<P_old>-(?i:old|long))?(?![\w])(?!-(?:[a-z]))",
    ),
    (
        "duration_bare",
        r"(?P<P_lead>(?i:recent|coming|past|the\s+past|the\s+coming|the\s+next|the\s+last)\s+)?(?P<P_unit>(?i:second|minute|hour|day|week|month|year|decade|centurie))s\b",
    ),
    (
        "ref",
        r"(?P<P_word>(?i:the\s+past|the\s+future|the\s+near\s+future|the\s+(?:near|short)\s+term|the\s+time\s+being|at\s+present|nowadays|these\s+days|currently|recently|lately|current|recent|now))\b(?!-)",
    ),
    (
        "spelled_year",
        rf"(?i:(?:the\s+year\s+)?nineteen(?:\s+hundred)?[\s-]+(?:(?P<P_tens>{_TENS})(?:[\s-](?P<P_ones>{_ONES}))?|(?P<P_teen>{_TEENS})|oh[\s-](?P<P_oh>{_ONES}))|the\s+year\s+two\s+thousand(?:\s+and)?(?:[\s-](?P<P_ones2>{_ONES}))?)\b",
    ),
    (
        "holiday",
        rf"(?:(?P<P_rel>(?i:last|next|this))\s+)?(?P<P_name>{_HOLIDAY})(?![\w’'])(?:,?\s+(?P<P_year>{_YEAR}))?",
    ),
    (
        "month",
        rf"(?P<P_mod>{_MOD})?(?P<P_month>{_MONTH_FULL}|(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)(?![\w’'-])",
    ),
    (
        "fiscal_year",
        rf"(?P<P_mod>{_MOD})?(?P<P_fiscal>(?i:fiscal|financial|calendar|model|FY)[\s-]+(?:(?i:year)\s+)?)?(?P<P_year>{_YEAR})(?![\w’'-]|\s*[%$])",
    ),
    (
        "the_year",
        r"(?P<P_word>(?i:the\s+fiscal\s+year|the\s+year|the\s+week|the\s+month|the\s+quarter|the\s+weekend))\b(?![\w-])",
    ),
)


@cache
def temporal_pattern() -> re.Pattern[str]:
    """The combined pattern; ``match.lastgroup`` names the rule that matched.

    >>> temporal_pattern().search("on Friday, he said").lastgroup
    'weekday'
    """
    return re.compile(_NOT_AFTER + "(?:" + "|".join(_rule_group(n, t) for n, t in _RULES) + ")")


#: No expression starts inside a word, a number or an amount ("$5", "£10", "well-known").
_NOT_AFTER = r"(?<![\w$£€-])"


def _rule_group(name: str, template: str) -> str:
    """A rule as a group named for it, its fields as ``<rule>__<field>``."""
    return f"(?P<{name}>{template.replace('(?P<P_', f'(?P<{name}__')})"


@cache
def _trigger_words() -> frozenset[str]:
    listed = frozenset(read_word_list("timeline_trigger_words.txt"))
    # A holiday with no trigger in its name ("Christmas Eve", "Halloween") is its own trigger.
    own = {
        name.split()[0].casefold()
        for name in holiday_names()
        if not any(word.casefold().startswith(tuple(listed)) for word in name.split())
    }
    return listed | own


@cache
def trigger_pattern() -> re.Pattern[str]:
    """Where a temporal expression may be: a digit or a trigger word, in lower-cased text.

    >>> [m.group() for m in trigger_pattern().finditer("met on friday, 2 weeks ago")]
    ['fri', '2', 'week']
    """
    by_letter: dict[str, list[str]] = {}
    for word in sorted(_trigger_words()):
        by_letter.setdefault(word[0], []).append(word[1:])
    branches = "|".join(
        f"{letter}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
        for letter, rests in by_letter.items()
    )
    return re.compile(rf"\b(?:\d|{branches})")


@cache
def start_pattern() -> re.Pattern[str]:
    """Word starts (in lower-cased text) where an expression may begin.

    >>> [m.group() for m in start_pattern().finditer("talks on friday, said the 2 men")]
    ['on', 'friday', 'the', '2']
    """
    # The first words of holiday names start expressions too ("New Year's Day", "Labour Day").
    starts = set(read_word_list("timeline_start_words.txt"))
    starts |= {name.split()[0].casefold().replace("'", "['’]") for name in holiday_names()}
    words = "|".join(sorted(starts, key=len, reverse=True))
    prefixes = "|".join(sorted(_trigger_words(), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:\d|['’]|(?:{words})\b|(?:{prefixes})\w*)")


@cache
def _rule_groups(rule: str) -> tuple[tuple[str, str], ...]:
    """(group name, field name) of a rule's fields, in the pattern's order."""
    prefix = rule + "__"
    return tuple((key, key[len(prefix) :]) for key in _rule_patterns()[rule].groupindex if key.startswith(prefix))


@cache
def _rule_patterns() -> dict[str, re.Pattern[str]]:
    """Each rule as a pattern of its own, with the combined pattern's lookbehind and group names."""
    return {name: re.compile(_NOT_AFTER + _rule_group(name, template)) for name, template in _RULES}


def rule_templates() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each rule's name, template and pattern of its own, in the combined pattern's order."""
    patterns = _rule_patterns()
    return tuple((name, template, patterns[name]) for name, template in _RULES)


def fields(match: re.Match[str], rule: str) -> dict[str, str]:
    """The named fields a rule captured, without the rule prefix and without empty ones."""
    found: dict[str, str] = {}
    for key, name in _rule_groups(rule):
        value = match.group(key)
        if value is not None:
            found[name] = value
    return found


def number_value(word: str | None) -> int | None:
    """The integer a number word or numeral stands for, or None when it is vague.

    >>> number_value("twenty-four"), number_value("3"), number_value("several")
    (24, 3, None)
    """
    if not word:
        return 1
    text = " ".join(word.lower().replace("-", " ").split())
    if text.replace(".", "", 1).isdigit():
        return round(float(text))
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    parts = text.split()
    if parts and all(part in NUMBER_WORDS for part in parts):
        return sum(NUMBER_WORDS[part] for part in parts)
    if text.endswith("1/2"):
        return number_value(text[:-3].strip())
    return None

"""Calendar arithmetic for temporal values: weeks, months, holidays, and the days a value covers."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from newsdesk.resources import read_rows

__all__ = [
    "PAST_REACH_MONTHS",
    "SEASON_MONTHS",
    "Reading",
    "Situation",
    "add_months",
    "granularity_of",
    "holiday_date",
    "holiday_names",
    "value_range",
    "week_value",
    "year_for_month",
]

# First and last month of each season (northern-hemisphere names, as TimeML uses them).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


# How far back a weak past cue (an "-ed" word) may place a month named without a year; further
# back, the nearest such month wins (tuned on TimeBank/AQUAINT: past cues from "-ed" forms are weak).
PAST_REACH_MONTHS = 8


@dataclass(frozen=True, slots=True)
class Situation:
    """What an expression is read against: the anchor date, the clause's tense, the last date."""

    anchor: dt.date | None
    tense: str | None  # "past", "future" or None when the clause gives no cue
    previous_day: dt.date | None = None  # the last day-level date mentioned before, for "that day"
    previous_quarter: str | None = None  # the last quarter mentioned: "a year earlier" follows it
    previous_start: dt.date | None = None  # where the last date mentioned begins: "that year"
    certain: bool = True  # False when the tense rests on a weak cue (an "-ed" word)
    # The first quarter an article names: an earnings story opens with the quarter it reports,
    # and "the year-ago period", "the 1988 quarter" compare with that one.
    reported_quarter: str | None = None
    #: the article's country (ISO 3166 alpha-2), whose calendar names its holidays
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """The interpretation of one match: TimeML type, value (None if unresolved), relative."""

    type: str
    value: str | None
    relative: bool


def year_for_month(month: int, situation: Situation) -> int | None:
    """The year of a month named without one.

    >>> year_for_month(12, Situation(dt.date(2025, 7, 30), "past"))
    2024

    A future cue takes the first such month from the anchor on; a past cue the last one before
    it, if that is within ``PAST_REACH_MONTHS``; otherwise the one nearest the anchor (news
    mostly names months close to its date: "in January" written in November is the next one).
    """
    anchor = situation.anchor
    if anchor is None:
        return None
    candidates = [(year, (year - anchor.year) * 12 + month - anchor.month)
                  for year in (anchor.year - 1, anchor.year, anchor.year + 1)]  # fmt: skip
    if situation.tense == "future":
        return min((c for c in candidates if c[1] >= 0), key=lambda c: c[1])[0]
    if situation.tense == "past":
        year, distance = max((c for c in candidates if c[1] <= 0), key=lambda c: c[1])
        if situation.certain or distance >= -PAST_REACH_MONTHS:
            return year
    return min(candidates, key=lambda c: (abs(c[1]), c[0] != anchor.year))[0]


def week_value(day: dt.date) -> str:
    """The ISO week of a day as a TimeML value.

    >>> week_value(dt.date(2025, 3, 16))
    '2025-W11'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by whole months.

    >>> add_months(2025, 1, -2)
    (2024, 11)
    """
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _holiday_key(name: str) -> str:
    """A holiday's name as both spellings and the library write it: "Labour Day" -> "labor"."""
    folded = " ".join(name.casefold().replace("’", "'").replace("labour", "labor").split())
    return folded.removesuffix(" day")


@cache
def _country_holidays(country: str, year: int) -> dict[str, dt.date]:
    """A country's public holidays in a year (the ``holidays`` package), by folded name."""
    try:
        found = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the package has no calendar for
        return {}
    return {_holiday_key(n): day for day, names in sorted(found.items()) for n in names.split("; ")}


def holiday_names() -> tuple[str, ...]:
    """The holidays the date stage knows, as written ("New Year's Day"), from
    ``resources/holidays.tsv``: the one list the date pattern and this calendar share."""
    return tuple(name for name, _rule in read_rows("holidays.tsv"))


@cache
def holiday_rules() -> dict[str, str]:
    """Holiday names (lower case) -> their usual date rule (``resources/holidays.tsv``)."""
    return {name.casefold(): rule for name, rule in read_rows("holidays.tsv")}


_WEEKDAYS = {"MO": MO, "TU": TU, "WE": WE, "TH": TH, "FR": FR, "SA": SA, "SU": SU}


def holiday_date(name: str, year: int, country: str | None = None) -> dt.date:
    """The date of a named holiday (lower case) in a year, in the calendar of ``country``.

    The country's public holidays come first ("Labour Day" in New Zealand is the fourth Monday
    of October); days it does not list take their usual (mostly US) date from
    ``resources/holidays.tsv``.

    >>> holiday_date("thanksgiving", 1999), holiday_date("easter", 2025)
    (datetime.date(1999, 11, 25), datetime.date(2025, 4, 20))
    >>> holiday_date("labour day", 2025), holiday_date("labour day", 2025, "NZ")
    (datetime.date(2025, 9, 1), datetime.date(2025, 10, 27))
    """
    if country and (listed := _country_holidays(country, year).get(_holiday_key(name))):
        return listed
    rule = holiday_rules()[name].split()
    if rule[0].startswith("easter"):
        sunday: dt.date = easter(year)
        return sunday + dt.timedelta(days=int(rule[0].removeprefix("easter")))
    month, day = (int(part) for part in rule[0].split("-"))
    if len(rule) == 1:
        return dt.date(year, month, day)
    weekday = _WEEKDAYS[rule[1]](int(rule[2]))
    found: dt.date = dt.date(year, month, day) + relativedelta(weekday=weekday)
    return found


_VALUE_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}-\d\d-\d\d"), "day"),
    (re.compile(r"\d{4}-W\d\d"), "week"),
    (re.compile(r"\d{4}-\d\d$"), "month"),
    (re.compile(r"\d{4}-(?:SP|SU|FA|WI)$"), "season"),
    (re.compile(r"\d{4}-Q\d$"), "quarter"),
    (re.compile(r"\d{4}-H\d$"), "half"),
    (re.compile(r"\d{4}(?:/\d{4})?$"), "year"),
    (re.compile(r"\d{3}$"), "decade"),
    (re.compile(r"\d{2}$"), "century"),
)


def granularity_of(value: str | None) -> str | None:
    """The calendar granularity a value is stated at, None for references and unresolved values.

    >>> granularity_of("2025-W12"), granularity_of("199"), granularity_of("PAST_REF")
    ('week', 'decade', None)
    """
    if value is None:
        return None
    for shape, name in _VALUE_SHAPES:
        if shape.match(value):
            return name
    return None


def value_range(value: str | None, anchor: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """The first and last calendar day a date value covers, for plotting.

    >>> value_range("2025-Q1")
    (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    """
    granularity = granularity_of(value)
    if value is None:
        return None
    if value == "PRESENT_REF" and anchor is not None:
        return anchor, anchor
    if granularity == "day":
        day = dt.date.fromisoformat(value[:10])
        return day, day
    if granularity == "week":
        monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        if value.endswith("-WE"):
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if granularity == "month":
        year, month = int(value[:4]), int(value[5:7])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if granularity in ("season", "quarter", "half"):
        year, code = int(value[:4]), value[5:]
        first, last = (SEASON_MONTHS[code] if granularity == "season"
                       else (3 * int(code[1]) - 2, 3 * int(code[1])) if granularity == "quarter"
                       else (6 * int(code[1]) - 5, 6 * int(code[1])))  # fmt: skip
        end_year, end_month = add_months(year, last, 0) if last <= 12 else (year + 1, last - 12)
        return dt.date(year, first, 1), dt.date(
            end_year, end_month, calendar.monthrange(end_year, end_month)[1]
        )
    if granularity == "year":
        first_year, _, last_year = value.partition("/")
        return dt.date(int(first_year), 1, 1), dt.date(int(last_year or first_year), 12, 31)
    if granularity == "decade":
        return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 9, 12, 31)
    if granularity == "century":
        return dt.date(max(int(value) * 100, 1), 1, 1), dt.date(int(value) * 100 + 99, 12, 31)
    return None

"""Normalisation of matched temporal expressions to TimeML values, and values to calendar ranges.

Values follow TimeML/TIMEX3: ``2025-03-14`` (day), ``2025-W12`` (week), ``2025-W12-WE``
(weekend), ``2025-03`` (month), ``2025-SU`` (season), ``2025-Q3`` (quarter), ``2025-H1``
(half year), ``2025`` (year), ``199`` (decade), ``19`` (century), ``2008/2012`` (a range of
years), ``2025-03-14TNI`` (part of a day), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``,
durations ``P3D``/``PT2H``/``PXY`` and sets (``P1D`` with type ``set``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from newsdesk.timeline.calendar import (
    SEASON_MONTHS,
    Reading,
    Situation,
    add_months,
    week_value,
    year_for_month,
)
from newsdesk.timeline.days import (
    anaphor_reading,
    day_reading,
    holiday_reading,
    spelled_year,
    weekend_reading,
)
from newsdesk.timeline.patterns import MONTHS, ORDINALS, UNITS, WEEKDAYS, number_value

__all__ = ["Reading", "Situation", "interpret"]

_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                 "eighties", "nineties")  # fmt: skip
_REF_VALUES = {
    "the past": "PAST_REF", "recently": "PAST_REF", "lately": "PAST_REF", "recent": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
}  # fmt: skip
_SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
                "yearly": "P1Y", "hourly": "PT1H"}  # fmt: skip


def _shift_quarter(value: str, quarters: int) -> str:
    """A quarter value moved by whole quarters: ``1989-Q3`` - 4 is ``1988-Q3``."""
    index = int(value[:4]) * 4 + int(value[6]) - 1 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def _shift(anchor: dt.date, unit: str, amount: int) -> str:
    """The value ``amount`` units away from the anchor, at that unit's granularity."""
    if unit == "day":
        return (anchor + dt.timedelta(days=amount)).isoformat()
    if unit in ("week", "fortnight"):
        return week_value(anchor + dt.timedelta(weeks=amount * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        year, month = add_months(anchor.year, anchor.month, amount)
        return f"{year}-{month:02d}"
    if unit == "quarter":
        year, month = add_months(anchor.year, anchor.month, 3 * amount)
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if unit == "decade":
        return str((anchor.year + 10 * amount) // 10)
    if unit == "century":
        return str((anchor.year + 100 * amount) // 100)
    return str(anchor.year + amount)


def _duration(number: int | None, unit: str) -> str:
    code = UNITS[unit]
    amount = "X" if number is None else str(number)
    if code == "DE" and number is not None:
        amount, code = str(number * 10), "Y"
    elif code == "CE" and number is not None:
        amount, code = str(number * 100), "Y"
    elif code == "Q" and number is not None:
        amount, code = str(number * 3), "M"
    prefix = "PT" if unit in ("hour", "minute", "second") else "P"
    return f"{prefix}{amount}{code}"


def _unit(word: str) -> str:
    word = word.lower().rstrip("s")
    return "century" if word.startswith("centur") else word


def _direction(relation: str, situation: Situation) -> int:
    relation = " ".join(relation.lower().split())
    if relation in ("last", "past", "previous", "late last", "early last", "latest"):
        return -1
    if relation in ("next", "coming", "following", "early next", "late next"):
        return 1
    return 0


def interpret(rule: str, found: dict[str, str], situation: Situation) -> Reading | None:
    """Read one matched rule; None rejects the match as not temporal.

    >>> anchor = Situation(dt.date(2025, 3, 16), "past")
    >>> interpret("ref_deictic", {"rel": "last", "unit": "week"}, anchor)
    Reading(type='date', value='2025-W10', relative=True)
    """
    anchor = situation.anchor
    if rule in ("iso", "numeric"):
        year = int(found["y"])
        year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
        try:
            return Reading(
                "date", dt.date(year, int(found["m"]), int(found["d"])).isoformat(), False
            )
        except ValueError:
            return None
    if rule == "week_of":  # "the week of March 6": the week that contains the day
        named = interpret("mdy", found, situation)
        if named is None or named.value is None:
            return named
        return Reading("date", week_value(dt.date.fromisoformat(named.value)), named.relative)
    if rule in ("mdy", "dmy"):
        month = MONTHS[found["month"].lower().rstrip(".")]
        day = int(re.sub(r"\D", "", found["day"]))
        relative = "year" not in found
        named_year = int(found["year"]) if not relative else year_for_month(month, situation)
        if named_year is None:
            return Reading("date", None, True)
        year = named_year
        if year is None:
            return Reading("date", None, True)
        if day > calendar.monthrange(year, month)[1]:
            return None
        return Reading("date", f"{year}-{month:02d}-{day:02d}", relative)
    if rule == "month_rel" and "month2" in found:
        month = MONTHS[found["month2"].lower()]
        if anchor is None:
            return Reading("date", None, True)
        relation = found["before"].lower()
        year = anchor.year
        if relation in ("last", "past"):
            year -= 1 if month >= anchor.month else 0
        elif relation in ("next", "coming"):
            year += 1 if month <= anchor.month else 0
        return Reading("date", f"{year}-{month:02d}", True)
    if rule in ("month_year", "month", "month_rel"):
        month = MONTHS[found["month"].lower().rstrip(".")]
        if "year" in found:
            return Reading("date", f"{found['year']}-{month:02d}", False)
        if rule == "month_rel":
            if anchor is None:
                return Reading("date", None, True)
            year = anchor.year + _direction(found["rel"], situation)
        else:
            year = year_for_month(month, situation)  # type: ignore[assignment]
        if year is None:
            return Reading("date", None, True)
        return Reading("date", f"{year}-{month:02d}", True)
    if rule == "range":
        first, last = found.get("y1") or found["y3"], found.get("y2") or found["y4"]
        if len(last) == 2:
            last = first[:2] + last
        if int(last) <= int(first):
            return None
        return Reading("date", f"{first}/{last}", False)
    if rule == "decade":
        if "dec" in found:
            return Reading("date", found["dec"][:3], False)
        return Reading("date", ("20" if found["dec2"] < "30" else "19") + found["dec2"][0], False)
    if rule == "spelled_decade":
        return Reading("date", f"19{_DECADE_WORDS.index(found['tens'].lower()) + 2}", False)
    if rule == "century":
        return Reading("date", f"{int(found['cent']) - 1:02d}", False)
    if rule in ("quarter", "quarter_year"):
        return _quarter(found, situation)
    if rule == "latest_period":  # in an earnings story, the quarter just reported
        if situation.previous_quarter or situation.reported_quarter:
            return Reading("date", situation.previous_quarter or situation.reported_quarter, True)
        return _quarter({"which": "latest"}, situation)
    if rule == "year_period":  # "the 1988 quarter": the reported quarter, in that year
        quarter = situation.reported_quarter or situation.previous_quarter
        if quarter is None:
            return Reading("date", found["year"], False)
        return Reading("date", f"{found['year']}{quarter[4:]}", False)
    if rule == "half":
        which = {"first": 1, "second": 2, "last": 2}[found["which"].lower()]
        half_year = int(found["year"]) if "year" in found else anchor.year if anchor else None
        return Reading(
            "date", None if half_year is None else f"{half_year}-H{which}", "year" not in found
        )
    if rule == "season":
        return _season(found, situation)
    if rule in ("ago", "offset"):
        return _offset(rule, found, situation)
    if rule == "ref_deictic":
        return _deictic(found, situation)
    if rule == "year_ago_adj":
        # "the year-ago quarter" compares with the quarter the story reports; a bare "year-ago
        # results" with a quarter named just before.
        quarter = situation.previous_quarter
        if "noun" in found:
            quarter = situation.reported_quarter or quarter
        if quarter is not None:
            return Reading("date", _shift_quarter(quarter, -4), True)
        return Reading("date", _shift(anchor, "year", -1) if anchor else None, True)
    if rule in ("part_day", "deictic_day", "weekday", "time", "clock", "noon"):
        return day_reading(rule, found, situation)
    if rule == "anaphor":
        return anaphor_reading(found["word"], situation)
    if rule == "set_every":
        if "month" in found:  # "each July"
            return Reading("set", f"XXXX-{MONTHS[found['month'].lower()]:02d}", False)
        unit = found["unit"].lower()
        if unit in WEEKDAYS:
            return Reading("set", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", False)
        if unit in ("weekday", "morning", "evening"):
            return Reading("set", "P1D", False)
        return Reading("set", _duration(1, _unit(unit)), False)
    if rule == "set_adverb":
        word = found["word"].lower().split()
        key = word[2] if len(word) > 1 else word[0]
        return Reading("set", _SET_ADVERBS.get(key, "P1D"), False)
    if rule in ("duration", "duration_bare"):
        return _duration_reading(found)
    if rule == "ref":
        reference = " ".join(found["word"].lower().split())
        value = _REF_VALUES.get(reference, "PRESENT_REF")
        return Reading("date", value, True)
    if rule == "spelled_year":
        return Reading("date", str(spelled_year(found)), False)
    if rule == "holiday":
        return holiday_reading(found, situation)
    if rule == "fiscal_year":
        return Reading("date", found["year"], False)
    if rule == "the_year":
        period = found["word"].lower().split()[-1]
        if anchor is None:
            return Reading("date", None, True)
        if period == "quarter":
            if situation.previous_quarter is not None:
                return Reading("date", situation.previous_quarter, True)
            year, month = add_months(anchor.year, anchor.month, -3)
            return Reading("date", f"{year}-Q{(month - 1) // 3 + 1}", True)
        if period == "weekend":
            return weekend_reading(0, situation)
        return Reading("date", _shift(anchor, period, 0), True)
    return None


def _quarter(found: dict[str, str], situation: Situation) -> Reading:
    anchor = situation.anchor
    which = found["which"].lower()
    year_shift = 0
    relation = " ".join(found.get("yearrel", "").lower().split())
    if relation:
        year_shift = 1 if relation.startswith("next") else 0 if relation.startswith("this") else -1
    if which in ORDINALS:
        if "year" in found:
            return Reading("date", f"{found['year']}-Q{ORDINALS[which]}", False)
        if anchor is None:
            return Reading("date", None, True)
        return Reading("date", f"{anchor.year + year_shift}-Q{ORDINALS[which]}", True)
    if anchor is None:
        return Reading("date", None, True)
    shift = {"current": 0, "latest": -1, "last": -1, "final": 0, "past": -1, "previous": -1,
             "year-ago": -5, "year-earlier": -5, "comparable": -5, "same": -5}[which]  # fmt: skip
    if which == "final":
        return Reading("date", f"{anchor.year}-Q4", True)
    quarter = situation.reported_quarter or situation.previous_quarter
    if shift == -5 and quarter is not None:
        return Reading("date", _shift_quarter(quarter, -4), True)
    if which in ("latest", "last", "past", "previous") and situation.tense == "future":
        shift = 0
    return Reading("date", _shift(anchor, "quarter", shift), True)


def _season(found: dict[str, str], situation: Situation) -> Reading:
    anchor = situation.anchor
    code = _SEASON_CODES[found["season"].lower()]
    if "year" in found:
        return Reading("date", f"{found['year']}-{code}", False)
    if anchor is None:
        return Reading("date", None, True)
    relation = found.get("rel", "").lower()
    year = anchor.year
    season_start = SEASON_MONTHS[code][0]
    if relation in ("last", "past", "previous"):
        year -= 1 if season_start >= anchor.month else 0
    elif relation in ("next", "coming"):
        year += 1 if season_start <= anchor.month else 0
    elif relation in ("", "the") and situation.tense == "past" and season_start > anchor.month:
        year -= 1
    return Reading("date", f"{year}-{code}", True)


def _deictic(found: dict[str, str], situation: Situation) -> Reading:
    anchor = situation.anchor
    unit = found["unit"].lower()
    relation = " ".join(found["rel"].lower().split())
    # "the past year" is a period; "the following year" is the year after the one just named.
    if found.get("the") and relation in ("past", "last", "next", "coming"):
        return Reading(
            "duration",
            _duration(1, unit if unit != "weekend" else "day") if unit != "weekend" else "P2D",
            False,
        )
    if (
        relation in ("the same", "that", "the following", "the previous", "following", "previous")
        and (relation.startswith("the") or found.get("the"))
    ) or relation == "that":
        base = situation.previous_start or anchor
        if base is None or unit not in ("year", "month", "week"):
            return Reading("date", None, True)
        step = 1 if relation.endswith("following") else -1 if relation.endswith("previous") else 0
        return Reading("date", _shift(base, unit, step), True)
    if anchor is None:
        return Reading("date", None, True)
    direction = _direction(relation, situation)
    if unit == "weekend":
        return weekend_reading(direction, situation)
    return Reading("date", _shift(anchor, unit, direction), True)


def _offset(rule: str, found: dict[str, str], situation: Situation) -> Reading:
    unit = _unit(found["unit"])
    number = number_value(found["num"]) if "num" in found else None
    if rule == "offset":
        direction = found["dir"].lower()
        sign = 1 if direction in ("later", "hence") or "now" in direction else -1
        if direction == "before" and situation.tense == "future":
            sign = 1  # "two weeks before Albanese is due in New York": that week, from now
        elif direction in ("before", "after") or unit in ("day", "hour", "minute", "second"):
            # "a month after the vote": an offset from an event, not from the publication date
            return Reading("duration", _duration(number, unit), False)
    else:
        sign = -1
    if number is None:
        return Reading("date", "PAST_REF" if sign < 0 else "FUTURE_REF", True)
    if situation.anchor is None:
        return Reading("date", None, True)
    if unit in ("hour", "minute", "second"):
        return Reading("date", situation.anchor.isoformat(), True)
    if unit == "decade":
        return Reading("date", str(situation.anchor.year - 10 * number), True)
    if unit == "year" and sign < 0 and situation.previous_quarter is not None:
        return Reading("date", _shift_quarter(situation.previous_quarter, -4 * number), True)
    return Reading("date", _shift(situation.anchor, unit, sign * number), True)


def _duration_reading(found: dict[str, str]) -> Reading | None:
    unit = _unit(found["unit"])
    if "num" not in found:  # bare plural: "for years", "within hours"
        lead = " ".join(found.get("lead", "").lower().split())
        if lead == "the past" or (unit == "year" and lead in ("recent", "past")):
            return Reading("date", "PAST_REF", True)
        return Reading("duration", _duration(None, unit), False)
    number = number_value(found["num"])
    if number == 0:
        return None
    value = _duration(number, unit)
    if found["num"].endswith("1/2") and unit in _HALVES:
        value += _HALVES[unit]
        value = value.replace("PT", "P") if unit == "day" else value
    return Reading("duration", value, False)


# What half a unit is, as a TimeML duration component: "2 1/2 years" is P2Y6M.
_HALVES = {"year": "6M", "hour": "30M", "minute": "30S", "day": "T12H", "month": "15D"}

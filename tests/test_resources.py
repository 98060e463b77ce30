"""The word lists: each fact in one resource file, loaded in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.resources import read_word_list, reporting_verbs

LIB = Path(__file__).resolve().parents[1] / "lib" / "newsdesk"
USES = [line.split("\t")[0] for line in read_word_list("reporting_verb_uses.tsv")]


@pytest.mark.parametrize("use", [use for use in USES if use != "belief"])
def test_every_use_of_a_reporting_verb_is_a_listed_form(use):
    assert reporting_verbs(use) <= reporting_verbs(), sorted(reporting_verbs(use) - reporting_verbs())


def test_the_verb_files_are_read_in_one_place():
    readers = [
        path.relative_to(LIB).as_posix()
        for path in LIB.rglob("*.py")
        if re.search(r"reporting_verb(?:_uses)?\.t", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["resources/__init__.py"]


def test_no_module_types_the_reporting_verbs_into_a_regex():
    typed = re.compile(r"said\|says|said\|told|says\|added")
    offenders = [
        path.relative_to(LIB).as_posix()
        for path in LIB.rglob("*.py")
        if typed.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []



@pytest.mark.parametrize("name", [row.split("\t")[0] for row in read_word_list("holidays.tsv")])
def test_every_listed_holiday_is_found_and_dated(name):
    import datetime as dt

    from newsdesk.timeline.calendar import holiday_date
    from newsdesk.timeline.scan import find_dates

    text = f"They met on {name} 2024."
    (found,) = find_dates(text)
    assert found.expr == f"{name} 2024"
    assert found.value == holiday_date(name.casefold(), 2024).isoformat()
    assert dt.date.fromisoformat(found.value).year == 2024

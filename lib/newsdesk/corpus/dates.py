"""Publication dates: read from metadata, inferred from what an article states, checked."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["check_published", "infer_published", "parse_date"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_FORMS = (
    rf"(?P<mdy>(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}})",
    rf"(?P<dmy>\d{{1,2}} (?:{_MONTHS}),? \d{{4}})",
    r"(?P<iso>\d{4}-\d{2}-\d{2})",
)
_ANY_DATE = "(?:" + "|".join(_DATE_FORMS) + ")"
# Where an article states its own date: a "Published/Updated ..." line, a line holding only a
# date, or the signature of an embedded post ("— Name (@handle) June 7, 2025"), which dates the
# page no earlier than the post.
_PUBLISHED_CUES = (
    re.compile(
        rf"^(?:first )?(?:published|posted|updated|last updated)(?: on)?:? {_ANY_DATE}", re.I | re.M
    ),
    re.compile(rf"^(?:\w+day,? )?{_ANY_DATE}\s*$", re.M),
    re.compile(rf"^[—–-]\s*[^\n]{{1,80}}\(@\w+\) {_ANY_DATE}\s*$", re.M),
)
#: a date value longer than this is not a date (and is not parsed)
_MAX_DATE_CHARS = 40


def parse_date(value: str) -> dt.date | None:
    """A date written as ISO (a time after it allowed) or "14 March 2025" / "March 14, 2025".

    >>> parse_date("2025-03-14T09:30:00Z"), parse_date("March 14, 2025"), parse_date("soon")
    (datetime.date(2025, 3, 14), datetime.date(2025, 3, 14), None)
    """
    value = value.strip()
    if not value or len(value) > _MAX_DATE_CHARS:
        return None
    candidates = [value, value[:10]]
    for candidate in candidates:
        candidate = re.sub(r"\s+", " ", candidate.replace(",", "").replace(".", "")).strip()
        for pattern in ("%Y-%m-%d", "%B %d %Y", "%d %B %Y"):
            try:
                return dt.datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
    return None


def check_published(
    date: dt.date, today: dt.date, earliest: dt.date, tolerance_days: int
) -> str | None:
    """Why a publication date cannot be right, or None.

    >>> check_published(dt.date(2031, 1, 1), dt.date(2026, 1, 1), dt.date(1800, 1, 1), 1)
    'publication date in the future'
    >>> check_published(dt.date(2026, 1, 2), dt.date(2026, 1, 1), dt.date(1800, 1, 1), 1) is None
    True
    """
    if date > today + dt.timedelta(days=tolerance_days):
        return "publication date in the future"
    if date < earliest:
        return "publication date out of range"
    return None


def infer_published(text: str) -> dt.date | None:
    """The publication date an article states about itself, if it states one.

    Takes the latest date found in a "Published ..." line, a date-only line, or an embedded
    post's signature; other dates in the text date events, not the article.

    >>> infer_published("Story.\\n— Helen Clark (@HelenClarkNZ) June 7, 2025\\nMore.")
    datetime.date(2025, 6, 7)
    >>> infer_published("Published: 14 March 2025\\nText") == dt.date(2025, 3, 14)
    True
    >>> infer_published("Talks are on June 7, 2025 in Paris.") is None
    True
    """
    found = []
    for cue in _PUBLISHED_CUES:
        for match in cue.finditer(text):
            stated = next(group for group in match.groups() if group)
            parsed = parse_date(stated)
            if parsed is not None:
                found.append(parsed)
    return max(found) if found else None

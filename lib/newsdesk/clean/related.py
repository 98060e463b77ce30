"""Split off unrelated stories that a page appends under "Related Articles" and the like.

Such stories are not dropped: each becomes an article of its own (``<parent id>~<n>``), flagged
by its ``parent_id`` so analyses can leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["AppendedStory", "find_related_marker", "split_appended"]

_MARKER = re.compile(
    r"(?:related (?:articles|stories|news|posts|content)|more (?:stories|news) from .{1,40}|"
    r"you (?:may|might) also like|recommended(?: for you)?|more on this story|read also)",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"(?:\d+|an?|one) (?:minutes?|hours?|days?|weeks?|months?) ago|yesterday|"
    r"(?:\d{1,2} )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}(?:, \d{4})?",
    re.IGNORECASE,
)
_OUTLET_ECHO = re.compile(r"[-–—•]\s*(?P<outlet>.{1,60})")
_TITLE_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class AppendedStory:
    """A story glued under a page's article: where it is (line numbers) and what it says."""

    outlet: str | None
    age: str | None  # as printed, e.g. "4 days ago"
    title: str | None
    first_line: int  # index of the story's first line (its header) in the page's lines
    body_lines: tuple[int, ...]  # indexes of the lines that are the story's text


def find_related_marker(lines: Sequence[str]) -> int | None:
    """Index of the line that announces appended stories, if any.

    >>> find_related_marker(["Text", "Comments", "Related Articles", "Story"])
    2
    """
    for index, line in enumerate(lines):
        if _MARKER.fullmatch(line.strip()):
            return index
    return None


def _is_header(lines: Sequence[str], index: int) -> bool:
    """An outlet's name, followed within two lines by when the story ran."""
    line = lines[index].strip()
    if not line or len(line.split()) > 6 or line.endswith((".", "?", "!", ":")):
        return False
    following = [lines[i].strip() for i in range(index + 1, min(index + 3, len(lines)))]
    return any(_AGE.fullmatch(text) for text in following)


def split_appended(lines: Sequence[str], marker: int) -> list[AppendedStory]:
    """The stories after the marker line, each with its outlet, age, title and body lines.

    Lines that fit no story (blank lines, stray furniture) belong to none.

    >>> lines = ["Related Articles", "Libyan Express", "4 days ago", "- Libyan Express",
    ...          "Trump moves subs", "Body text. More text."]
    >>> story, = split_appended(lines, 0)
    >>> (story.outlet, story.age, story.title, story.body_lines)
    ('Libyan Express', '4 days ago', 'Trump moves subs', (5,))
    """
    headers = [i for i in range(marker + 1, len(lines)) if _is_header(lines, i)]
    if not headers:
        body = tuple(i for i in range(marker + 1, len(lines)) if lines[i].strip())
        return [AppendedStory(None, None, None, marker + 1, body)] if body else []
    stories = []
    for number, header in enumerate(headers):
        end = headers[number + 1] if number + 1 < len(headers) else len(lines)
        outlet = lines[header].strip()
        rest = [i for i in range(header + 1, end) if lines[i].strip()]
        age = None
        if rest and _AGE.fullmatch(lines[rest[0]].strip()):
            age = lines[rest.pop(0)].strip()
        if (
            rest
            and (echo := _OUTLET_ECHO.fullmatch(lines[rest[0]].strip()))
            and echo["outlet"] == outlet
        ):
            rest.pop(0)
        title = None
        if len(rest) > 1 and len(lines[rest[0]].split()) <= _TITLE_MAX_WORDS:
            title = lines[rest.pop(0)].strip()
        stories.append(AppendedStory(outlet, age, title, header, tuple(rest)))
    return stories

"""What the reader gives: articles, rejections (errors and warnings), and its settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["DETAIL_CHARS", "Article", "CorpusConfig", "Rejection", "printable"]

#: rejected.csv keeps a detail short enough to read in a table cell
DETAIL_CHARS = 200


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """Limits of the corpus reader; every number says where it came from.

    ``today`` is the build day (UTC) that publication dates are checked against; None means
    the day of the run. Tests pin it.
    """

    #: A file larger than this is set aside unread. News pages with their inline scripts and
    #: styles run to 0.1–2 MB; 5 MB holds any of them with room to spare, while a 50 MB text
    #: file (a dump, not an article) took 295 s and 2 GB before this limit existed.
    max_bytes: int = 5_000_000
    #: An article longer than this (characters, after decoding) is set aside. The longest
    #: article in PolNeAR is 34,309 characters and in BBC News 25,485; 200,000 (about 30,000
    #: words, a short book) leaves a wide margin and keeps one article's analysis to seconds.
    max_article_chars: int = 200_000
    #: A text with more control characters (other than tab, newline, carriage return, form
    #: feed) than this share is not text. Random bytes give about 11%; the seeds, PolNeAR and
    #: BBC News give none.
    max_control_share: float = 0.01
    #: An HTML page with more elements (start tags) than this is set aside before parsing:
    #: trafilatura spends about 0.13 ms per element (100,000 spans took 13 s here), news pages
    #: hold 1,000-30,000 (a long live blog), and 50,000 keeps one page to seconds.
    max_html_elements: int = 50_000
    #: Metadata values (title, outlet, url, id) are cut to this many characters, with a
    #: warning: the longest title in PolNeAR is under 200 characters, a url under 300.
    max_field_chars: int = 2_000
    #: The manifest may be larger than any article: one row per file of a large corpus.
    max_manifest_bytes: int = 100_000_000
    #: Publication dates before this are out of range (pandas' timestamps start in 1677,
    #: and online news in the 1990s).
    earliest_published: dt.date = dt.date(1800, 1, 1)
    #: A date up to this many days after the build day is tolerated (time zones: a page
    #: dated in Auckland is a day ahead of UTC).
    future_tolerance_days: int = 1
    today: dt.date | None = None

    def build_day(self) -> dt.date:
        """The day dates are checked against."""
        return self.today or dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read, before cleaning."""

    article_id: str
    file: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: str = "none"  # manifest, inferred or none
    parent_id: str | None = None
    repairs: tuple[str, ...] = ()  # what decoding and ftfy changed, for the audit
    # publication dates of the stories a page appended (manifest column ``appended_published``,
    # ";"-separated, in page order; an empty item leaves that story undated)
    appended_published: tuple[dt.date | None, ...] = ()


def printable(value: str, limit: int | None = None) -> str:
    """``value`` with every unprintable character escaped, cut to ``limit`` characters.

    >>> printable("a\\tb\\x00c\\u202e")
    'a b\\\\x00c\\\\u202e'
    >>> printable("x" * 10, 5)
    'xxxx…'
    """
    out = []
    for char in value:
        if char.isprintable():
            out.append(char)
        elif char in "\t\n\r\f\v":
            out.append(" ")
        else:
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        if limit is not None and len(out) > limit:
            break
    text = "".join(out)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file (or a row of one) set aside (``error``) or kept with a flag (``warning``).

    The file name is made printable and the detail printable and at most ``DETAIL_CHARS``
    characters, whatever the input held.

    >>> Rejection("a\\nb.txt", "empty", "x" * 500).detail[-3:], Rejection("a\\nb.txt", "empty").file
    ('xx…', 'a b.txt')
    """

    file: str
    reason: str
    detail: str = ""
    severity: str = "error"  # error: set aside; warning: kept, flagged

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", printable(self.file, 1_000))
        object.__setattr__(self, "detail", printable(self.detail, DETAIL_CHARS))

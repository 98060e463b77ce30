"""The file formats: records (text plus any metadata the file carries) from decoded text.

``.txt`` is one article; ``.html`` gives its main text and metadata through trafilatura (a page
with no main text is set aside, not read as its navigation links); ``.jsonl`` is one article per
line (``text`` field); ``.csv`` one article per row (``text`` column).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator

from newsdesk.corpus.records import Rejection

__all__ = ["SUPPORTED_SUFFIXES", "Record", "allow_large_csv_fields", "read_records"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
#: A record: "text" and any metadata (title, outlet, url, published, id), "row" for a row
Record = dict[str, str]

# Inline data (base64 images, fonts) carries no text: dropped before parsing, in one linear pass.
_DATA_URI = re.compile(r"data:[\w/+.-]*;base64,[A-Za-z0-9+/=\s]{256,}")
# Main text made of navigation: lines of at most this many words, none ending a sentence.
_START_TAG = re.compile(r"<[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MIN_MAIN_TEXT_WORDS = 8


def allow_large_csv_fields(limit: int) -> None:
    """Let the csv module read a field of up to ``limit`` characters (its default is 131,072)."""
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_records(
    name: str, suffix: str, text: str, max_html_elements: int = 50_000
) -> Iterator[Record | Rejection]:
    """Yield the records of one decoded file, or a rejection for each part that is unreadable."""
    if suffix == ".txt":
        yield {"text": text}
    elif suffix in (".html", ".htm"):
        elements = len(_START_TAG.findall(text))
        if elements > max_html_elements:
            yield Rejection(
                name,
                "too large",
                f"{elements:,} HTML elements; the limit is {max_html_elements:,} (max_html_elements)",
            )
        else:
            yield _html_record(name, text)
    elif suffix == ".jsonl":
        yield from _jsonl_records(name, text)
    elif suffix == ".csv":
        yield from _csv_records(name, text)


def _jsonl_records(name: str, text: str) -> Iterator[Record | Rejection]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            # RecursionError: "[[[[..." nested deeper than the parser's stack.
            yield Rejection(
                f"{name}:{number}", "invalid JSON line", str(error) or type(error).__name__
            )
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Rejection(f"{name}:{number}", "JSON line has no 'text' string", "")
            continue
        yield {
            **{str(k): _scalar(v) for k, v in record.items() if v is not None and k != "row"},
            "row": str(number),
        }


def _scalar(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:1_000]


def _csv_records(name: str, text: str) -> Iterator[Record | Rejection]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames
        if not fieldnames or "text" not in fieldnames:
            yield Rejection(name, "CSV has no 'text' column", str(fieldnames))
            return
        for number, row in enumerate(reader, start=2):
            yield {
                **{k: v if isinstance(v, str) else "" for k, v in row.items() if k and k != "row"},
                "row": str(number),
            }
    except csv.Error as error:
        yield Rejection(f"{name}:{reader.line_num}", "unreadable CSV", str(error))


def _html_record(name: str, html: str) -> Record | Rejection:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = _DATA_URI.sub("data:,", html)
    try:
        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            favor_recall=True,
            # Only a date the markup states (meta tags, <time>, the url): htmldate's extensive
            # search takes "© 2025" in a footer for 1 January 2025.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a parser failing on one page is that page's problem
        return Rejection(name, "unreadable HTML", f"{type(error).__name__}: {error}")
    document = (
        extracted.as_dict()
        if extracted is not None and hasattr(extracted, "as_dict")
        else extracted
    )
    if not isinstance(document, dict):
        document = {}
    body = str(document.get("text") or "")
    if not _has_main_text(body):
        return Rejection(
            name, "HTML has no main text", "trafilatura found only navigation or nothing"
        )
    record = {"text": body}
    for key, source in (
        ("title", "title"),
        ("outlet", "sitename"),
        ("url", "url"),
        ("published", "date"),
    ):
        if document.get(source):
            record[key] = str(document[source])
    return record


def _has_main_text(body: str) -> bool:
    """Whether extracted text holds a sentence of prose, not only menu items and link lists.

    >>> _has_main_text("Home\\nWorld\\nSport\\nSign in")
    False
    >>> _has_main_text("Military officials from more than 30 nations met in Paris on Tuesday.")
    True
    """
    for line in body.splitlines():
        if len(line.split()) >= _MIN_MAIN_TEXT_WORDS and _SENTENCE_END.search(line):
            return True
    return False

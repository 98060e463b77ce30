"""Read a corpus: a folder of articles plus an optional manifest ``articles.csv``.

Formats: ``.txt``; ``.html`` (main text and metadata through trafilatura); ``.jsonl`` (one article
per line, ``text`` field); ``.csv`` (one article per row, ``text`` column). Bytes are decoded as
UTF-8 (with or without BOM), falling back to cp1252 with a warning, and mojibake is repaired with
ftfy, keeping curly quotes as written. Whatever cannot be read becomes a ``Rejection`` naming the
file and the reason; the rest of the corpus still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import ftfy

__all__ = [
    "MANIFEST_NAME",
    "Article",
    "Rejection",
    "corpus_files",
    "decode_bytes",
    "infer_published",
    "read_corpus",
    "read_file",
]

logger = logging.getLogger(__name__)

MANIFEST_NAME = "articles.csv"
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
# ftfy's defaults straighten curly quotes; quote extraction needs them as written.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
_METADATA_KEYS = ("outlet", "title", "url", "published")


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


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file (or a row of one) set aside, and why."""

    file: str
    reason: str
    detail: str = ""


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode article bytes: UTF-8 (BOM allowed), else cp1252; then repair mojibake.

    Returns the text and a list of what was changed.

    >>> decode_bytes("caf\\u00e9 \\u201cok\\u201d".encode("utf-8"))
    ('café “ok”', ())
    >>> decode_bytes("caf\\u00e9".encode("cp1252"))
    ('café', ('not UTF-8: decoded as cp1252',))
    >>> decode_bytes("the \\u2018Kiwi\\u2019 way".encode("utf-8").decode("cp1252").encode("utf-8"))[0]
    'the ‘Kiwi’ way'
    """
    repairs: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        repairs.append("not UTF-8: decoded as cp1252")
    fixed, explanation = ftfy.fix_and_explain(text, _FTFY_CONFIG)
    if explanation:
        steps = sorted({f"{step.action} {step.parameter}" for step in explanation})
        repairs.append("ftfy: " + ", ".join(steps))
    return fixed, tuple(repairs)


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
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
    re.compile(rf"^(?:first )?(?:published|posted|updated|last updated)(?: on)?:? {_ANY_DATE}", re.I | re.M),
    re.compile(rf"^(?:\w+day,? )?{_ANY_DATE}\s*$", re.M),
    re.compile(rf"^[—–-]\s*[^\n]{{1,80}}\(@\w+\) {_ANY_DATE}\s*$", re.M),
)


def _parse_date(value: str) -> dt.date | None:
    value = re.sub(r"\s+", " ", value.replace(",", "").replace(".", "")).strip()
    for pattern in ("%Y-%m-%d", "%B %d %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
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
            parsed = _parse_date(stated)
            if parsed is not None:
                found.append(parsed)
    return max(found) if found else None


def _read_manifest(folder: Path) -> tuple[dict[str, dict[str, str]], list[Rejection]]:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}, []
    text, _ = decode_bytes(path.read_bytes())
    rows: dict[str, dict[str, str]] = {}
    problems: list[Rejection] = []
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        return {}, [Rejection(MANIFEST_NAME, "manifest has no 'file' column", str(reader.fieldnames))]
    for row in reader:
        name = (row.get("file") or "").strip()
        if not name:
            continue
        rows[name] = {key: (value or "").strip() for key, value in row.items() if key}
        if not (folder / name).exists():
            problems.append(Rejection(name, "listed in the manifest but missing", MANIFEST_NAME))
    return rows, problems


def _records_from_file(path: Path) -> Iterator[dict[str, str] | Rejection]:
    """Yield raw records (text plus any metadata found in the file) or rejections."""
    text, repairs = decode_bytes(path.read_bytes())
    if repairs:
        logger.warning("%s: %s", path.name, "; ".join(repairs))
    suffix = path.suffix.lower()
    base = {"repairs": "\n".join(repairs)}
    if suffix == ".txt":
        yield {**base, "text": text}
    elif suffix in (".html", ".htm"):
        yield from _records_from_html(path, text, base)
    elif suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Rejection(f"{path.name}:{number}", "invalid JSON line", str(error))
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield Rejection(f"{path.name}:{number}", "JSON line has no 'text' string", "")
                continue
            yield {**base, **{k: str(v) for k, v in record.items() if v is not None}, "row": str(number)}
    elif suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "text" not in reader.fieldnames:
            yield Rejection(path.name, "CSV has no 'text' column", str(reader.fieldnames))
            return
        for number, row in enumerate(reader, start=2):
            yield {**base, **{k: (v or "") for k, v in row.items() if k}, "row": str(number)}


def _records_from_html(path: Path, html: str, base: dict[str, str]) -> Iterator[dict[str, str] | Rejection]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    document = extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") else extracted
    if not document or not document.get("text"):
        yield Rejection(path.name, "HTML has no main text", "trafilatura found no article body")
        return
    record = {**base, "text": str(document["text"])}
    for key, source in (("title", "title"), ("outlet", "sitename"), ("url", "url"), ("published", "date")):
        if document.get(source):
            record[key] = str(document[source])
    yield record


def _article(stem: str, path: Path, record: Mapping[str, str], manifest_row: Mapping[str, str]) -> Article | Rejection:
    text = record["text"]
    if not text.strip():
        return Rejection(path.name, "empty article", "no text after decoding")
    metadata = {key: (manifest_row.get(key) or record.get(key) or "").strip() for key in _METADATA_KEYS}
    article_id = manifest_row.get("id") or record.get("id") or stem
    published, source = None, "none"
    if metadata["published"]:
        published = _parse_date(metadata["published"][:10])
        if published is None:
            return Rejection(path.name, "unreadable publication date", metadata["published"])
        source = "manifest" if manifest_row.get("published") else "inferred"
    else:
        published = infer_published(text)
        source = "inferred" if published else "none"
    return Article(
        article_id=str(article_id),
        file=path.name,
        text=text,
        outlet=metadata["outlet"] or None,
        title=metadata["title"] or None,
        url=metadata["url"] or None,
        published=published,
        published_source=source,
        repairs=tuple(filter(None, record.get("repairs", "").split("\n"))),
    )


def corpus_files(folder: str | Path) -> tuple[list[Path], dict[str, dict[str, str]], list[Rejection]]:
    """The files of a corpus folder to read (sorted), the manifest rows, and what is set aside.

    Args:
        folder: the corpus folder.

    Returns:
        The article files, the manifest (file name -> row), and rejected files or rows.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder of articles")
    manifest, rejections = _read_manifest(folder)
    files: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name == MANIFEST_NAME or path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            if path.suffix.lower() not in (".md",):
                rejections.append(Rejection(path.name, "unsupported file type", path.suffix or "no suffix"))
            continue
        files.append(path)
    return files, manifest, rejections


def read_file(path: Path, manifest_row: Mapping[str, str]) -> list[Article | Rejection]:
    """The articles of one corpus file (a .txt or .html is one; .jsonl and .csv one per row).

    Args:
        path: the file.
        manifest_row: its row of the manifest (empty if none).

    Returns:
        Articles and rejections, in the file's order.
    """
    try:
        records = list(_records_from_file(path))
    except (OSError, ValueError) as error:
        return [Rejection(path.name, "unreadable file", str(error))]
    found: list[Article | Rejection] = []
    for record in records:
        if isinstance(record, Rejection):
            found.append(record)
            continue
        stem = path.stem if "row" not in record else f"{path.stem}-{record['row']}"
        found.append(_article(stem, path, record, manifest_row))
    return found


def read_corpus(folder: str | Path) -> tuple[list[Article], list[Rejection]]:
    """Read every supported file in a folder, with the manifest's metadata.

    Args:
        folder: the corpus folder.

    Returns:
        The articles (sorted by id) and the files or rows set aside, each with a reason.
    """
    files, manifest, rejections = corpus_files(folder)
    articles: list[Article] = []
    for path in files:
        for result in read_file(path, manifest.get(path.name, {})):
            (rejections if isinstance(result, Rejection) else articles).append(result)  # type: ignore[arg-type]
    seen: set[str] = set()
    unique: list[Article] = []
    for article in sorted(articles, key=lambda a: a.article_id):
        if article.article_id in seen:
            rejections.append(Rejection(article.file, "duplicate article id", article.article_id))
            continue
        seen.add(article.article_id)
        unique.append(article)
    return unique, rejections

"""Read a corpus folder: every file checked, one reason for each file set aside.

A file is read only if it is a regular file at the top of the folder (a symbolic link only if its
target is inside the folder), of a supported suffix, at most ``max_bytes``, and text by its
content. Each record then needs words, at most ``max_article_chars`` characters and a usable id;
a bad or impossible publication date keeps the article with no date and a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from newsdesk.corpus.dates import check_published, infer_published, parse_date
from newsdesk.corpus.decode import NotText, control_share, decode_bytes
from newsdesk.corpus.files import FileProblem, inside, read_limited, resolve
from newsdesk.corpus.formats import SUPPORTED_SUFFIXES, Record, allow_large_csv_fields, read_records
from newsdesk.corpus.manifest import MANIFEST_NAME, read_manifest
from newsdesk.corpus.records import Article, CorpusConfig, Rejection

__all__ = ["corpus_files", "keep_readings", "read_corpus", "read_file"]

logger = logging.getLogger(__name__)

_METADATA_KEYS = ("outlet", "title", "url", "published")
#: files that live beside articles and are not articles (no rejection row for them)
_IGNORED_SUFFIXES = (".md",)
_WORD = re.compile(r"[^\W\d_]")  # a letter, in any script
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A build reads each file twice (a first pass for ids and hashes, then its partition), and the
# same bytes, manifest row and limits give the same articles: within ``keep_readings`` what one
# reading gave is kept for the next, taken once, up to _KEPT_MAX_CHARS characters of text in all
# (a corpus larger than that keeps its first files until their partition reads them).
_KEPT: dict[tuple[object, ...], tuple[tuple[str, ...], list[Article | Rejection]]] = {}
_KEPT_MAX_CHARS = 16_000_000
_kept_chars = [0]
_keeping = [0]


@contextlib.contextmanager
def keep_readings() -> Iterator[None]:
    """Within this block (a build), ``read_file`` keeps what it read of a file for the next
    reading of the same bytes; outside it (a notebook reading a corpus) nothing is kept, and
    what was kept is let go when the block ends."""
    _keeping[0] += 1
    try:
        yield
    finally:
        _keeping[0] -= 1
        if not _keeping[0]:
            _KEPT.clear()
            _kept_chars[0] = 0


def read_corpus(
    folder: str | Path, config: CorpusConfig | None = None
) -> tuple[list[Article], list[Rejection]]:
    """Read every supported file in a folder, with the manifest's metadata.

    Args:
        folder: the corpus folder.
        config: the reader's limits; defaults when None.

    Returns:
        The articles (sorted by id), and the rejections: files or rows set aside
        (``severity="error"``) and articles kept with a flag (``"warning"``).
    """
    files, manifest, rejections = corpus_files(folder, config)
    articles: list[Article] = []
    for path in files:
        for found in read_file(path, manifest.get(path.name, {}), config):
            if isinstance(found, Article):
                articles.append(found)
            else:
                rejections.append(found)
    return _unique(articles, rejections), rejections


def corpus_files(
    folder: str | Path, config: CorpusConfig | None = None
) -> tuple[list[Path], dict[str, dict[str, str]], list[Rejection]]:
    """The entries of a corpus folder to read (sorted), the manifest rows, and what the manifest
    set aside. Each entry is checked when it is read (:func:`read_file`), so that a streaming
    build can read the files in partitions.

    Args:
        folder: the corpus folder.
        config: the reader's limits; defaults when None.

    Returns:
        The entries, the manifest (file name -> row), and the manifest's rejections.
    """
    config = config or CorpusConfig()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder of articles")
    allow_large_csv_fields(max(config.max_bytes, config.max_article_chars))
    manifest, rejections = read_manifest(folder, config)
    files = [
        path
        for path in sorted(folder.iterdir())
        if path.name != MANIFEST_NAME and not path.name.startswith(".")
    ]
    return files, manifest, rejections


def read_file(
    path: Path, manifest_row: Mapping[str, str], config: CorpusConfig | None = None
) -> list[Article | Rejection]:
    """The articles of one entry of a corpus folder (a .txt or .html is one article, .jsonl and
    .csv one per row), or why it is set aside; articles kept with a flag come with a warning.

    Args:
        path: the entry, in its corpus folder (a symbolic link must stay inside that folder).
        manifest_row: its row of the manifest (empty if none).
        config: the reader's limits; defaults when None.

    Returns:
        Articles and rejections, in the file's order (nothing for a file that is not an article,
        such as a README).
    """
    config = config or CorpusConfig()
    allow_large_csv_fields(max(config.max_bytes, config.max_article_chars))
    try:
        data = _read_bytes(path, path.parent, config)
        # outside ``keep_readings`` nothing is kept, so there is nothing to hash for
        key = (str(path), hashlib.blake2b(data, digest_size=16).digest(), tuple(sorted(manifest_row.items())),
               config, config.build_day()) if _keeping[0] else None  # fmt: skip
        kept = _KEPT.pop(key, None) if key is not None else None
        if kept is not None:
            _kept_chars[0] -= _chars(kept[1])
            if kept[0]:
                logger.warning("%s: %s", path.name, "; ".join(kept[0]))
            return kept[1]
        text, repairs = decode_bytes(data, config.max_control_share)
    except FileProblem as error:
        return [Rejection(path.name, error.reason, str(error))] if error.reason else []
    except NotText as error:
        return [Rejection(path.name, error.reason, str(error))]
    found = _read_text(path, text, repairs, manifest_row, config)
    if key is not None and _kept_chars[0] + _chars(found) <= _KEPT_MAX_CHARS:
        _KEPT[key] = (repairs, list(found))
        _kept_chars[0] += _chars(found)
    return found


def _chars(found: Iterable[Article | Rejection]) -> int:
    return sum(len(item.text) for item in found if isinstance(item, Article))


def _read_text(
    path: Path, text: str, repairs: tuple[str, ...], manifest_row: Mapping[str, str], config: CorpusConfig
) -> list[Article | Rejection]:
    """The articles of a file's decoded text (its repairs logged and recorded)."""
    if repairs:
        logger.warning("%s: %s", path.name, "; ".join(repairs))
    found: list[Article | Rejection] = []
    for record in read_records(path.name, path.suffix.lower(), text, config.max_html_elements):
        if isinstance(record, Rejection):
            found.append(record)
            continue
        record["repairs"] = "\n".join(repairs)
        stem = path.stem if "row" not in record else f"{path.stem}-{record['row']}"
        found.extend(_article(stem, path.name, record, manifest_row, config))
    return found


def _read_bytes(path: Path, folder: Path, config: CorpusConfig) -> bytes:
    """The bytes of one entry of the folder; ``FileProblem`` with an empty reason skips it."""
    if _SURROGATE.search(path.name):
        raise FileProblem("file name not UTF-8", path.name)
    target = path
    if path.is_symlink():
        target = resolve(path)
        if not inside(target, resolve(folder)):
            raise FileProblem("outside the corpus", f"a symbolic link to {target}")
    if target.is_dir():
        raise FileProblem("", "a folder")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileProblem(
            "" if suffix in _IGNORED_SUFFIXES else "unsupported file type", suffix or "no suffix"
        )
    data = read_limited(target, config.max_bytes)
    if not data.strip():
        raise FileProblem("empty", f"{len(data)} bytes" if data else "0 bytes")
    return data


def _text_problem(text: str, config: CorpusConfig) -> tuple[str, str] | None:
    """Why a record's text is not an article, or None."""
    if not text.strip():
        return "empty", "no text after decoding"
    if len(text) > config.max_article_chars:
        return (
            "too large",
            f"{len(text):,} characters; the limit is {config.max_article_chars:,} (max_article_chars)",
        )
    share = control_share(text)
    if share > config.max_control_share:
        return "not text", f"{share:.0%} control characters"
    if not _WORD.search(text):
        return "no words", text.strip()[:40]
    return None


def _field(name: str, key: str, value: str, config: CorpusConfig, flags: list[Rejection]) -> str:
    value = _SURROGATE.sub("\ufffd", value).strip()
    if len(value) > config.max_field_chars:
        flags.append(
            Rejection(name, f"{key} too long: cut", f"{len(value):,} characters", "warning")
        )
        value = value[: config.max_field_chars]
    return value


def _article(
    stem: str, name: str, record: Record, manifest_row: Mapping[str, str], config: CorpusConfig
) -> list[Article | Rejection]:
    where = f"{name}:{record['row']}" if "row" in record else name
    text = _SURROGATE.sub("\ufffd", record["text"])
    problem = _text_problem(text, config)
    if problem is not None:
        return [Rejection(where, *problem)]
    flags: list[Rejection] = []
    metadata = {
        key: _field(where, key, manifest_row.get(key) or record.get(key) or "", config, flags)
        for key in _METADATA_KEYS
    }
    article_id = _field(
        where, "id", manifest_row.get("id") or record.get("id") or stem, config, flags
    )
    if not article_id or any(not char.isprintable() for char in article_id):
        return [Rejection(where, "bad article id", article_id or "empty")]
    published, source = None, "none"
    if metadata["published"]:
        published = parse_date(metadata["published"])
        source = "manifest" if manifest_row.get("published") else "inferred"
        if published is None:
            flags.append(
                Rejection(where, "unreadable publication date", metadata["published"], "warning")
            )
    else:
        published = infer_published(text)
        source = "inferred" if published else "none"
    if published is not None:
        wrong = check_published(
            published, config.build_day(), config.earliest_published, config.future_tolerance_days
        )
        if wrong is not None:
            flags.append(
                Rejection(
                    where,
                    wrong,
                    f"{published.isoformat()} ({source}); kept with no date",
                    "warning",
                )
            )
            published = None
    if published is None:
        source = "none"
    article = Article(
        article_id=article_id,
        file=name,
        text=text,
        outlet=metadata["outlet"] or None,
        title=metadata["title"] or None,
        url=metadata["url"] or None,
        published=published,
        published_source=source,
        repairs=tuple(filter(None, record.get("repairs", "").split("\n"))),
        appended_published=tuple(
            parse_date(item) if item.strip() else None
            for item in (manifest_row.get("appended_published") or "").split(";")
        )
        if manifest_row.get("appended_published")
        else (),
    )
    return [article, *flags]


def _unique(articles: Iterable[Article], rejections: list[Rejection]) -> list[Article]:
    """Articles with distinct ids, the first (by id, then file) kept, the rest reported."""
    seen: dict[str, str] = {}
    unique: list[Article] = []
    for article in sorted(articles, key=lambda a: (a.article_id, a.file)):
        if article.article_id in seen:
            rejections.append(
                Rejection(
                    article.file,
                    "duplicate article id",
                    f"{article.article_id}: also {seen[article.article_id]}",
                )
            )
            continue
        seen[article.article_id] = article.file
        unique.append(article)
    return unique

"""The first, cheap pass over a corpus: what to read, what each article's content is, and the
corpus-level counts (each outlet's repeated lines, the Punkt sample), without holding the texts.

Each chunk of files is scanned on its own (on a Dask worker, or in turn) and the chunks are
merged in file order; the merge is a reduction, so no step needs every article at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import os
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.clean.lines import BoilerplateConfig, line_key
from newsdesk.corpus import Article, Rejection, read_file
from newsdesk.pipeline.fingerprint import content_hash, stable_hash
from newsdesk.pipeline.store import write_part_file

__all__ = ["Scan", "article_line_hashes", "file_signature", "merge_scans", "read_articles", "read_scans", "repeated_hashes", "scan_files", "write_scans"]

#: Punkt is trained on the articles with the smallest content hashes, up to this many characters:
#: a deterministic sample that does not depend on file order; when articles come and go, the model
#: is updated from the counts kept per article (pipeline.punkt). Punkt's statistics settle long
#: before (see text.TRAINING_CHARS).
PUNKT_SAMPLE_CHARS = 1_000_000


@dataclass
class Scan:
    """What the first pass found, in file order."""

    #: (file name, [(article_id, content hash), ...]) for every file that gave articles.
    files: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    #: article_id -> (outlet key, hashes of its distinct short lines), until the merge counts them.
    lines: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)
    #: The Punkt sample candidates: (-rank, article id, file name, characters), a max-heap on
    #: rank; the texts are read again once the sample is known, so a scan holds no text.
    sample: list[tuple[int, str, str, int]] = field(default_factory=list)
    sample_chars: int = 0
    n_bytes: int = 0
    #: file name -> (signature, what reading it gave), for the next build (``scan_files``).
    kept: dict[str, tuple[str, FileScan]] = field(default_factory=dict)


def article_line_hashes(article: Article, config: BoilerplateConfig) -> np.ndarray:
    """Hashes of the distinct line keys that may count as an outlet's repeated lines."""
    keys = {line_key(line) for line in article.text.splitlines() if 0 < len(line) <= config.repeated_max_chars}
    return np.array(sorted(stable_hash(key) for key in keys if key), dtype=np.int64)


def outlet_key(article: Article) -> str:
    """The group whose repeated lines an article shares (its outlet, else its file)."""
    return article.outlet or article.file


def _offer(scan: Scan, candidate: tuple[int, str, str, int], budget: int) -> None:
    """Keep the articles of smallest rank whose texts fit the Punkt budget (always one)."""
    heapq.heappush(scan.sample, candidate)
    scan.sample_chars += candidate[3]
    while len(scan.sample) > 1 and scan.sample_chars > budget:
        scan.sample_chars -= heapq.heappop(scan.sample)[3]


#: What reading one file gave, as JSON text of lists: ["article", id, file, digest, outlet key,
#: line hashes, characters] or ["rejection", file, reason, detail, severity], in order.
FileScan = str
#: A file whose last change is this recent (seconds) is not kept: a write within the same clock
#: tick could leave its times and size as they were (git's "racily clean" files).
RACY_SECONDS = 1.0


def _scan_file(path: Path, manifest_row: Mapping[str, str], config: BoilerplateConfig) -> FileScan:
    items: list[list[Any]] = []
    for result in read_file(path, manifest_row):
        if isinstance(result, Rejection):
            items.append(["rejection", result.file, result.reason, result.detail, result.severity])
        else:
            items.append(["article", result.article_id, result.file, content_hash(result), outlet_key(result),
                          article_line_hashes(result, config).tolist(), len(result.text)])  # fmt: skip
    return json.dumps(items)  # ASCII: a lone surrogate (a file name not UTF-8) stays escaped


def file_signature(
    path: Path, manifest_row: Mapping[str, str], salt: str, status: os.stat_result | None = None
) -> tuple[str, bool]:
    """What a file's scan depends on besides the code and options (``salt``): its manifest row
    and its times, size and identity (of a link and of its target); and whether it is too
    recently changed to be trusted next time. ``status``: its ``lstat``, if already taken."""
    stats = [status if status is not None else path.lstat()]
    if stat.S_ISLNK(stats[0].st_mode):
        with contextlib.suppress(OSError):  # a dangling link: read_file says why
            stats.append(path.stat())
    times = [(s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev, s.st_mode) for s in stats]
    newest = max(max(s.st_mtime_ns, s.st_ctime_ns) for s in stats) / 1e9
    return content_hash(salt, sorted(manifest_row.items()), times), time.time() - newest < RACY_SECONDS


#: How a racily clean file's kept scan is marked: it is reused only if the file's bytes are the
#: ones it was read from.
_BY_CONTENT = "content:"


def _content_signature(path: Path, manifest_row: Mapping[str, str], salt: str) -> str | None:
    """What a regular file's scan depends on, by its bytes rather than its times (None for
    anything else, or a file that cannot be read: those are read again)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        digest = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return None
    return _BY_CONTENT + content_hash(salt, str(path), sorted(manifest_row.items()), digest)


def scan_files(
    folder: str, files: Sequence[tuple[str, Mapping[str, str]]], config: BoilerplateConfig,
    budget: int = PUNKT_SAMPLE_CHARS, kept: Mapping[str, tuple[str, FileScan]] | None = None, salt: str = "",
) -> Scan:
    """Read some files of a corpus: their articles' ids and content hashes, line hashes, sample.

    Args:
        folder: the corpus folder.
        files: file names with their manifest rows, in order.
        config: the repeated-line thresholds.
        budget: the Punkt sample's size in characters.
        kept: a previous build's scans (file name -> signature, scan): a file whose signature
            is unchanged is not read again.
        salt: the code and options the scans depend on (part of each signature).
    """
    scan = Scan()
    kept = kept or {}
    base = Path(folder)
    for name, manifest_row in files:
        path = base / name
        status = path.lstat()  # never follows a link (a loop, or out of the corpus)
        scan.n_bytes += status.st_size
        signature, racy = file_signature(path, manifest_row, salt, status)
        previous = kept.get(name)
        content = None
        if (previous is not None and previous[0] == signature) or (previous is not None and previous[0].startswith(_BY_CONTENT) and \
                previous[0] == (content := _content_signature(path, manifest_row, salt))):
            items = previous[1]
        else:
            # A file changed too recently for its times to be trusted is kept by its bytes,
            # if they were the same before and after reading it.
            content = _content_signature(path, manifest_row, salt) if racy else None
            items = _scan_file(path, manifest_row, config)
            if content is not None and content != _content_signature(path, manifest_row, salt):
                content = None
        if not racy:
            scan.kept[name] = (signature, items)
        elif content is not None:
            scan.kept[name] = (content, items)
        found: list[tuple[str, str]] = []
        for item in json.loads(items):
            if item[0] == "rejection":
                scan.rejections.append(Rejection(*item[1:]))
                continue
            _, article_id, file, digest, outlet, hashes, chars = item
            if article_id in scan.lines:
                scan.rejections.append(Rejection(file, "duplicate article id", article_id))
                continue
            found.append((article_id, digest))
            scan.lines[article_id] = (outlet, np.array(hashes, dtype=np.int64))
            _offer(scan, (-int(digest[:15], 16), article_id, name, chars), budget)
        if found:
            scan.files.append((name, found))
    return scan


def merge_scans(parts: Iterable[Scan], budget: int = PUNKT_SAMPLE_CHARS) -> Scan:
    """Join scans of consecutive chunks (in file order): the first of two equal ids wins."""
    merged = Scan()
    for part in parts:
        merged.n_bytes += part.n_bytes
        merged.rejections.extend(part.rejections)
        merged.kept.update(part.kept)
        dropped: set[str] = set()
        for name, found in part.files:
            kept = []
            for article_id, digest in found:
                if article_id in merged.lines or article_id in dropped:
                    merged.rejections.append(Rejection(name, "duplicate article id", article_id))
                    dropped.add(article_id)
                else:
                    kept.append((article_id, digest))
            if kept:
                merged.files.append((name, kept))
        for article_id, entry in part.lines.items():
            if article_id not in dropped:
                merged.lines[article_id] = entry
        for candidate in part.sample:
            if candidate[1] not in dropped:
                _offer(merged, candidate, budget)
    return merged


def repeated_hashes(scan: Scan, config: BoilerplateConfig) -> frozenset[int]:
    """The hashes of lines an outlet repeats in enough of its articles (as ``find_repeated_lines``)."""
    by_outlet: dict[str, list[np.ndarray]] = {}
    for outlet, hashes in scan.lines.values():
        by_outlet.setdefault(outlet, []).append(hashes)
    repeated: set[int] = set()
    for arrays in by_outlet.values():
        needed = max(config.repeated_min_articles, config.repeated_min_share * len(arrays))
        if len(arrays) < needed:
            continue
        values, counts = np.unique(np.concatenate(arrays), return_counts=True)
        repeated.update(int(value) for value in values[counts >= needed])
    return frozenset(repeated)


def read_articles(
    folder: str | Path, manifest: Mapping[str, Mapping[str, str]], wanted: Iterable[tuple[str, str]]
) -> dict[str, Article]:
    """Some articles, read again from their files: (article_id, file name) -> the article."""
    by_file: dict[str, set[str]] = {}
    for article_id, name in wanted:
        by_file.setdefault(name, set()).add(article_id)
    found: dict[str, Article] = {}
    for name, ids in by_file.items():
        for result in read_file(Path(folder) / name, manifest.get(name, {})):
            if isinstance(result, Article) and result.article_id in ids and result.article_id not in found:
                found[result.article_id] = result
    return found


SCANS_NAME = Path("state") / "scans.parquet"


def write_scans(build: Path, kept: Mapping[str, tuple[str, FileScan]]) -> None:
    """Keep each file's scan with the build, for the next build's first pass."""
    names = sorted(kept)
    write_part_file(pa.table({
        "file": pa.array([name.encode("utf-8", "surrogateescape") for name in names], pa.binary()),
        "signature": pa.array([kept[name][0] for name in names], pa.string()),
        "scan": pa.array([kept[name][1] for name in names], pa.string()),
    }), build / SCANS_NAME)  # fmt: skip


def read_scans(build: Path | None) -> dict[str, tuple[str, FileScan]]:
    """The scans kept with a build (none if it kept none)."""
    if build is None or not (build / SCANS_NAME).is_file():
        return {}
    columns = pq.read_table(build / SCANS_NAME).to_pydict()
    return {name.decode("utf-8", "surrogateescape"): (signature, items)
            for name, signature, items in zip(columns["file"], columns["signature"], columns["scan"], strict=True)}  # fmt: skip

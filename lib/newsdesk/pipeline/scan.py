"""The first, cheap pass over a corpus: what to read, what each article's content is, and the
corpus-level counts (each outlet's repeated lines, the Punkt sample), without holding the texts.

Each chunk of files is scanned on its own (on a Dask worker, or in turn) and the chunks are
merged in file order; the merge is a reduction, so no step needs every article at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsdesk.clean.lines import BoilerplateConfig, line_key
from newsdesk.corpus import Article, Rejection, read_file
from newsdesk.pipeline.fingerprint import content_hash, stable_hash

__all__ = ["Scan", "article_line_hashes", "merge_scans", "read_articles", "repeated_hashes", "scan_files"]

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


def scan_files(
    folder: str, files: Sequence[tuple[str, Mapping[str, str]]], config: BoilerplateConfig,
    budget: int = PUNKT_SAMPLE_CHARS,
) -> Scan:
    """Read some files of a corpus: their articles' ids and content hashes, line hashes, sample.

    Args:
        folder: the corpus folder.
        files: file names with their manifest rows, in order.
        config: the repeated-line thresholds.
        budget: the Punkt sample's size in characters.
    """
    scan = Scan()
    for name, manifest_row in files:
        path = Path(folder) / name
        scan.n_bytes += path.lstat().st_size  # never follows a link (a loop, or out of the corpus)
        found: list[tuple[str, str]] = []
        for result in read_file(path, manifest_row):
            if isinstance(result, Rejection):
                scan.rejections.append(result)
                continue
            if result.article_id in scan.lines:
                scan.rejections.append(Rejection(result.file, "duplicate article id", result.article_id))
                continue
            digest = content_hash(result)
            found.append((result.article_id, digest))
            scan.lines[result.article_id] = (outlet_key(result), article_line_hashes(result, config))
            _offer(scan, (-int(digest[:15], 16), result.article_id, name, len(result.text)), budget)
        if found:
            scan.files.append((name, found))
    return scan


def merge_scans(parts: Iterable[Scan], budget: int = PUNKT_SAMPLE_CHARS) -> Scan:
    """Join scans of consecutive chunks (in file order): the first of two equal ids wins."""
    merged = Scan()
    for part in parts:
        merged.n_bytes += part.n_bytes
        merged.rejections.extend(part.rejections)
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

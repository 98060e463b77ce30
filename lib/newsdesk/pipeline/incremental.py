"""What a rebuild can reuse: a key per article, and the index of the previous build.

An article's key hashes everything its rows depend on: its content and metadata, the code and
options, the sentence model's sample, and which of its lines are an outlet's repeated lines. A
rebuild analyses only articles whose key is new, so a change to the corpus-level steps re-analyses
exactly the articles it touches (a new repeated line: the articles that carry it); people
linking is redone for all (it is cheap) and rewrites names and ids in every partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.pipeline.fingerprint import content_hash
from newsdesk.pipeline.store import write_part_file

__all__ = ["article_key", "read_index", "write_index"]

INDEX_NAME = Path("state") / "index.parquet"


def article_key(settings: str, digest: str, line_hashes: np.ndarray, repeated: frozenset[int]) -> str:
    """The key of one article's analysis, but for the sentence model (see the module's docstring).

    When only the sentence model changed (a new sample), an article's rows are reused if the new
    model splits its text at the same places: nothing else in the analysis depends on the model.
    """
    own_repeated = sorted(int(value) for value in line_hashes if int(value) in repeated)
    return content_hash(settings, digest, own_repeated)


def write_index(build: Path, entries: Iterable[tuple[str, str, int, tuple[str, ...]]], model: str) -> None:
    """Keep (article id, key, partition, document ids) of every article of a build."""
    rows = list(entries)
    table = pa.table({
        "model": pa.array([model] * len(rows), pa.string()),
        "article_id": pa.array([row[0] for row in rows], pa.string()),
        "key": pa.array([row[1] for row in rows], pa.string()),
        "partition": pa.array([row[2] for row in rows], pa.int64()),
        "documents": pa.array([list(row[3]) for row in rows], pa.list_(pa.string())),
    })  # fmt: skip
    (build / INDEX_NAME).parent.mkdir(parents=True, exist_ok=True)
    write_part_file(table, build / INDEX_NAME)


def read_index(build: Path | None) -> tuple[dict[str, tuple[str, int, tuple[str, ...]]], str]:
    """article id -> (key, partition, document ids) of a previous build, and its model's key."""
    if build is None or not (build / INDEX_NAME).is_file():
        return {}, ""
    table = pq.read_table(build / INDEX_NAME).to_pydict()
    models = set(table["model"])
    return {
        article_id: (key, int(partition), tuple(documents))
        for article_id, key, partition, documents in zip(
            table["article_id"], table["key"], table["partition"], table["documents"], strict=True
        )
    }, (models.pop() if len(models) == 1 else "")

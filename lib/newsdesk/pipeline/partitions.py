"""One partition of a build: read its files, clean and analyse its articles (or reuse the rows of
an unchanged article from the previous build), and write its part of every table.

A partition task is plain data, so the same function runs in the build's process or on a Dask
worker; the workers write the Parquet parts themselves, into the build's staging folder.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.clean.article import CleanConfig
from newsdesk.corpus import Article, Rejection, read_file
from newsdesk.people.mentions import PersonMention
from newsdesk.pipeline.analyse import AUDIT_COLUMNS, StageConfigs, analyse_document, clean_documents
from newsdesk.pipeline.boundaries import ModelChange
from newsdesk.pipeline.fingerprint import stable_hash
from newsdesk.pipeline.store import article_runs, link_file, write_part
from newsdesk.text import TextConfig, sentence_spans

__all__ = ["HashedKeys", "PartitionOutput", "PartitionTask", "analyse_partition", "release_previous"]

#: Rows of a table: (first row, row after the last).
Run = tuple[int, int]

#: Tables written by the analysis pass as they are; quotes and mentions wait (in ``state/raw``)
#: for the corpus-wide people linking to give their canonical names.
FINAL_TABLES = ("articles", "sentences", "events", "cleaning")
RAW_TABLES = ("quotes", "mentions", "people")
RAW_DIR = Path("state") / "raw"


class HashedKeys(frozenset[str]):
    """The repeated lines as a set of line-key hashes: ``key in keys`` hashes the key."""

    hashes: frozenset[int]

    def __new__(cls, hashes: frozenset[int]) -> HashedKeys:
        keys = super().__new__(cls)
        keys.hashes = hashes
        return keys

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and stable_hash(key) in self.hashes

    def __reduce__(self) -> tuple[Any, ...]:
        return (HashedKeys, (self.hashes,))


@dataclass(frozen=True)
class PartitionTask:
    """Everything one partition needs, as plain data."""

    number: int
    folder: str
    #: (file name, manifest row, [(article_id, key)]) in order.
    files: tuple[tuple[str, Mapping[str, str], tuple[tuple[str, str], ...]], ...]
    staging: str
    columns: Mapping[str, Sequence[str]]
    text_config: TextConfig
    repeated: frozenset[int]
    clean: CleanConfig
    previous: str | None = None  # the previous build's folder
    #: article_id -> (old partition, its documents' ids) for articles whose rows are reused.
    reuse: Mapping[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    #: How the sentence model changed: an article it touches is reused only if it still splits at
    #: the same places (None: the previous model is unknown, so every article is checked).
    change: ModelChange | None = None
    #: the options of the per-article stages
    stages: StageConfigs = field(default_factory=StageConfigs)
    #: The old partition that held exactly these articles, every one reused: its files are
    #: linked into this build as they are, unless the new sentence model splits one otherwise.
    same_as: int | None = None


@dataclass
class PartitionOutput:
    """What a partition tells the build: its documents, rejections and people."""

    number: int
    #: (source article_id, key, document ids) in order.
    index: list[tuple[str, str, tuple[str, ...]]]
    rejections: list[Rejection]
    people: list[tuple[str, list[PersonMention]]]
    n_rows: dict[str, int]
    n_analysed: int
    n_rechecked: int = 0
    #: The documents whose rows were copied from the previous build.
    reused: list[str] = field(default_factory=list)


def to_arrow(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pa.Table:
    """Rows as an Arrow table: the contract's columns first, then any others in order of
    appearance; types inferred from the Python values (ints stay ints beside nulls)."""
    names = list(columns)
    seen = set(names)
    if not seen.issuperset(set().union(*rows)):  # rare: a column beyond the contract's
        for row in rows:
            for name in row:
                if name not in seen:
                    seen.add(name)
                    names.append(name)
    return pa.table({name: pa.array(_column(rows, name)) for name in names})


def _column(rows: Sequence[Mapping[str, Any]], name: str) -> list[Any]:
    """One column's values (None where a row lacks it)."""
    try:
        return [row[name] for row in rows]
    except KeyError:
        return [row.get(name) for row in rows]


#: Equal compact mentions shared across the partitions of this process: linking needs only names,
#: titles and surfaces, and a corpus repeats them endlessly, so each is kept once.
_SHARED_MENTIONS: dict[PersonMention, PersonMention] = {}


def compact_people(people: Sequence[PersonMention]) -> list[PersonMention]:
    """An article's people as linking sees them: offsets dropped, equal mentions one object."""
    compact = []
    for mention in people:
        key = dataclasses.replace(mention, start=0, end=0, sentence_index=0)
        compact.append(_SHARED_MENTIONS.setdefault(key, key))
    return compact


def _people_rows(article_id: str, people: Sequence[PersonMention]) -> list[dict[str, Any]]:
    names = [f.name for f in dataclasses.fields(PersonMention)]
    return [{"article_id": article_id, **{name: getattr(p, name) for name in names}} for p in people]


def _people_from_rows(rows: Mapping[str, Sequence[Any]]) -> list[tuple[str, list[PersonMention]]]:
    """People rows, given as columns, as linking sees them: by article, in order, compact."""
    # compact_people's mentions, made at once: the offsets are dropped, and equal mentions (the
    # same values but for offsets) are made once.
    names = [f.name for f in dataclasses.fields(PersonMention) if f.name in rows and f.name not in _OFFSETS]
    titles = names.index("titles") if "titles" in names else None
    made: dict[tuple[Any, ...], PersonMention] = {}
    found: dict[str, list[PersonMention]] = {}
    for article_id, *values in zip(rows["article_id"], *(rows[name] for name in names), strict=True):
        if titles is not None:
            values[titles] = tuple(values[titles] or ())
        key = tuple(values)
        mention = made.get(key)
        if mention is None:
            given = {"titles": (), **dict(zip(names, values, strict=True)), **dict.fromkeys(_OFFSETS, 0)}
            compact = PersonMention(**given)
            mention = made[key] = _SHARED_MENTIONS.setdefault(compact, compact)
        found.setdefault(str(article_id), []).append(mention)
    return list(found.items())


#: The fields of a mention that compact_people sets to 0.
_OFFSETS = ("start", "end", "sentence_index")


class _Previous:
    """Rows of the previous build, by old partition, kept as Arrow tables: a reused article's
    rows are taken out and written again without becoming Python objects."""

    def __init__(self, folder: str | None, change: ModelChange | None) -> None:
        self.folder = Path(folder) if folder else None
        self.change = change
        self.partitions: dict[int, dict[str, tuple[pa.Table, dict[str, list[Run]]]]] = {}  # read as asked
        self.touched: dict[int, frozenset[str]] = {}
        self.compact_people: dict[int, dict[str, list[PersonMention]]] = {}

    def path(self, partition: int, name: str) -> Path:
        """The file of one table of an old partition."""
        assert self.folder is not None
        return self.folder / (RAW_DIR / name if name in RAW_TABLES else Path(name)) / f"part-{partition:05d}.parquet"

    def _table(self, partition: int, name: str) -> tuple[pa.Table, dict[str, list[Run]]]:
        """One table of an old partition and its articles' runs of rows, read when first asked."""
        if partition not in self.partitions:
            while len(self.partitions) >= _KEPT_PARTITIONS:
                oldest = next(iter(self.partitions))
                for kept in (self.partitions, self.touched, self.compact_people):
                    kept.pop(oldest, None)
            self.partitions[partition] = {}
        tables = self.partitions[partition]
        if name not in tables:
            # One small file: a plain read, without a dataset's discovery or threads.
            table = pq.ParquetFile(self.path(partition, name)).read(use_threads=False)
            tables[name] = (table, article_runs(table.column("article_id")))
        return tables[name]

    def runs(
        self, partition: int, documents: Sequence[str], names: Sequence[str] = (*FINAL_TABLES, *RAW_TABLES)
    ) -> dict[str, list[Run]]:
        """Some tables' (by default every table's) runs of rows of these documents in the old
        partition."""
        return {name: [run for d in documents for run in self._table(partition, name)[1].get(d, ())] for name in names}

    def table(self, partition: int, name: str) -> pa.Table:
        return self._table(partition, name)[0]

    def rows(self, partition: int, documents: Sequence[str], names: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Some tables' rows of these documents, as Python values."""
        runs = self.runs(partition, documents, names)
        return {name: _take(self.table(partition, name), runs[name]).to_pylist() for name in names}

    def people(self, partition: int, documents: Sequence[str]) -> list[tuple[str, list[PersonMention]]]:
        """These documents' people as linking sees them (``_people_from_rows`` of their rows)."""
        if partition not in self.compact_people:
            self.compact_people[partition] = dict(_people_from_rows(self.table(partition, "people").to_pydict()))
        found = self.compact_people[partition]
        return [(document, found[document]) for document in documents if document in found]

    def may_split_otherwise(self, partition: int, documents: Sequence[str]) -> bool:
        """Whether the model change may move these documents' sentence boundaries."""
        if self.change is None:
            return True
        if not self.change:
            return False
        if partition not in self.touched:
            articles = self.table(partition, "articles")
            self.touched[partition] = frozenset(
                str(article_id) for article_id, text in zip(articles.column("article_id").to_pylist(),
                                                            articles.column("text").to_pylist(), strict=True)
                if self.change.touches(str(text))
            )  # fmt: skip
        return any(document in self.touched[partition] for document in documents)


#: Old partitions a thread keeps in memory: a few added or removed articles shift the bounds
#: of the partitions, so consecutive new partitions take rows of the same old ones, and each is
#: then read and scanned once.
_KEPT_PARTITIONS = 2
#: The previous build each thread read last (Dask may run tasks on threads of one process), as
#: ``last``: ((folder, its inode and time, model change), its rows).
_LAST_PREVIOUS = threading.local()


def _previous(folder: str | None, change: ModelChange | None) -> _Previous:
    """The previous build's rows, as this thread's last task left them if it read the same
    build."""
    if folder is None:
        return _Previous(None, change)
    stat = os.stat(folder)
    key = (folder, stat.st_ino, stat.st_mtime_ns, change)
    last: tuple[tuple[Any, ...], _Previous] | None = getattr(_LAST_PREVIOUS, "last", None)
    if last is None or last[0] != key:
        last = _LAST_PREVIOUS.last = (key, _Previous(folder, change))
    return last[1]


def release_previous() -> None:
    """Let go of the previous build's rows this thread keeps (once every partition is done)."""
    _LAST_PREVIOUS.last = None


def _take(table: pa.Table, runs: Sequence[Run]) -> pa.Table:
    """The rows of these runs (first row, row after the last); one run (consecutive kept
    articles) as a slice, which copies nothing."""
    if len(runs) == 1:
        return table.slice(runs[0][0], runs[0][1] - runs[0][0])
    positions = np.concatenate([np.arange(start, end) for start, end in runs]) if runs else np.array([], np.int64)
    return table.take(pa.array(positions, pa.int64()))


def _add_runs(runs: list[Run], more: Sequence[Run]) -> None:
    """Append runs of rows, joining one to the last when it starts where the last ends."""
    for start, end in more:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))


class _Rows:
    """One table's rows of a partition, in order: new rows, and runs of rows of an old partition."""

    def __init__(self) -> None:
        self.pieces: list[tuple[int, list[Run]] | list[dict[str, Any]]] = []

    def extend(self, rows: Sequence[dict[str, Any]]) -> None:
        if not self.pieces or not isinstance(self.pieces[-1], list):
            self.pieces.append([])
        last = self.pieces[-1]
        assert isinstance(last, list)
        last.extend(rows)

    def reuse(self, partition: int, runs: Sequence[Run]) -> None:
        last = self.pieces[-1] if self.pieces else None
        if not (isinstance(last, tuple) and last[0] == partition):
            last = (partition, [])
            self.pieces.append(last)
        _add_runs(last[1], runs)

    def table(self, previous: _Previous, name: str, columns: Sequence[str]) -> pa.Table:
        """The rows as ``to_arrow`` would give them: column types promoted as its inference
        would (int and float to float, a column of nulls to the others' type)."""
        tables = [_take(previous.table(piece[0], name), piece[1]) if isinstance(piece, tuple) else to_arrow(piece, columns)
                  for piece in self.pieces]  # fmt: skip
        if sum(t.num_rows for t in tables) == 0:
            return to_arrow([], columns)
        table = tables[0] if len(tables) == 1 else pa.concat_tables(tables, promote_options="permissive")
        for index, column in enumerate(table.columns):
            if column.null_count == len(column) and column.type != pa.null():
                table = table.set_column(index, table.field(index).name, pa.nulls(len(column)))
        return table

    def __len__(self) -> int:
        return sum(sum(end - start for start, end in piece[1]) if isinstance(piece, tuple) else len(piece) for piece in self.pieces)


def _same_sentences(
    articles: Sequence[Mapping[str, Any]], sentences: Sequence[Mapping[str, Any]], config: TextConfig
) -> bool:
    """Whether the sentence model splits these articles' texts where the previous build did."""
    new = [(str(a["article_id"]), start, end) for a in articles for _, start, end in sentence_spans(a["text"], config)]
    return new == [(str(row["article_id"]), row["start"], row["end"]) for row in sentences]


def _read(task: PartitionTask, name: str, manifest_row: Mapping[str, str]) -> dict[str, Article]:
    """A file's articles, read again (the first pass already logged what reading repaired)."""
    corpus_logger = logging.getLogger("newsdesk.corpus")
    level = corpus_logger.level
    corpus_logger.setLevel(logging.ERROR)
    try:
        found: dict[str, Article] = {}
        for result in read_file(Path(task.folder) / name, manifest_row):
            if isinstance(result, Article) and result.article_id not in found:
                found[result.article_id] = result
        return found
    finally:
        corpus_logger.setLevel(level)


def _articles(task: PartitionTask) -> Iterator[tuple[str, str, Article | None, str, Mapping[str, str]]]:
    """(id, key, article, file, manifest row) in order; a file whose articles are all reused is
    not read at all (the article is None)."""
    for name, manifest_row, accepted in task.files:
        read = {} if all(a in task.reuse for a, _ in accepted) else _read(task, name, manifest_row)
        for article_id, key in accepted:
            yield article_id, key, read.get(article_id), name, manifest_row


def analyse_partition(task: PartitionTask) -> PartitionOutput:
    """Read, clean and analyse one partition; write its rows; return its people and index."""
    previous = _previous(task.previous, task.change)
    if task.same_as is not None and (linked := _link_unchanged(task, previous, task.same_as)) is not None:
        return linked
    rows = {name: _Rows() for name in (*FINAL_TABLES, *RAW_TABLES)}
    output = PartitionOutput(task.number, [], [], [], {}, 0)
    repeated = HashedKeys(task.repeated)
    for article_id, key, maybe_article, file_name, manifest_row in _articles(task):
        reused = task.reuse.get(article_id)
        if reused is not None and previous.may_split_otherwise(*reused):
            # Same article, same cleaning: the kept text is what cleaning would give again, so
            # only the new sentence model's boundaries need checking.
            old = previous.rows(*reused, ["articles", "sentences"])
            output.n_rechecked += 1
            if not _same_sentences(old["articles"], old["sentences"], task.text_config):
                reused = None
        if reused is not None:
            for name, runs in previous.runs(*reused).items():
                rows[name].reuse(reused[0], runs)
            output.people.extend(previous.people(*reused))
            output.index.append((article_id, key, reused[1]))
            output.reused.extend(reused[1])
            continue
        article = maybe_article or _read(task, file_name, manifest_row)[article_id]
        cleaned, audit, rejection = clean_documents(article, repeated, task.clean)
        if rejection is not None:
            output.rejections.append(rejection)
            continue
        rows["cleaning"].extend(audit)
        for document in cleaned:
            result = analyse_document(document, task.text_config, task.stages)
            for name, table_rows in result.rows.items():
                rows[name].extend(table_rows)
            rows["people"].extend(_people_rows(document.article.article_id, result.people))
            output.people.append((document.article.article_id, compact_people(result.people)))
        output.index.append((article.article_id, key, tuple(d.article.article_id for d in cleaned)))
        output.n_analysed += 1
    staging = Path(task.staging)
    for name, kept in rows.items():
        folder = staging / (RAW_DIR / name if name in RAW_TABLES else Path(name))
        columns = AUDIT_COLUMNS if name == "cleaning" else ["article_id"] if name == "people" else task.columns[name]
        write_part(kept.table(previous, name, columns), folder, task.number)
        output.n_rows[name] = len(kept)
    return output


def _link_unchanged(task: PartitionTask, previous: _Previous, old: int) -> PartitionOutput | None:
    """An old partition taken whole: its files linked as this partition's, its people and index
    read (None, to analyse the partition, if the new sentence model splits one of its articles
    otherwise)."""
    output = PartitionOutput(task.number, [], [], [], {}, 0)
    for _, _, accepted in task.files:
        for article_id, key in accepted:
            partition, documents = task.reuse[article_id]
            if previous.may_split_otherwise(partition, documents):
                kept = previous.rows(partition, documents, ["articles", "sentences"])
                output.n_rechecked += 1
                if not _same_sentences(kept["articles"], kept["sentences"], task.text_config):
                    return None
            output.people.extend(previous.people(partition, documents))
            output.index.append((article_id, key, documents))
            output.reused.extend(documents)
    staging = Path(task.staging)
    for name in (*FINAL_TABLES, *RAW_TABLES):
        folder = staging / (RAW_DIR / name if name in RAW_TABLES else Path(name))
        link_file(previous.path(old, name), folder / f"part-{task.number:05d}.parquet")
        output.n_rows[name] = pq.ParquetFile(previous.path(old, name)).metadata.num_rows
    return output

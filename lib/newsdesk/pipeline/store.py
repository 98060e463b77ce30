"""Built tables on disk: versioned build folders, switched into place as one unit, read lazily.

Layout of an output folder (``newsdesk build --out``)::

    current -> builds/<id>          a symlink, swapped with one os.replace
    builds/<id>/build.json          the stamp (written last, inside the build)
    builds/<id>/<table>/part-*.parquet
    builds/<id>/<table>.csv         only for a corpus small enough to open by hand
    builds/<id>/rejected.csv
    builds/<id>/state/              what an incremental rebuild reuses

A build writes into ``builds/.staging-<id>``, renames it to ``builds/<id>`` and then swaps the
``current`` pointer: a reader, or a kill at any instant, sees the previous build or the new one,
never a mix. Readers (``read_table``, ``read_stamp``, ``has_build``) follow ``current``; a folder
of plain ``NAME.parquet`` files (the layout before versioned builds) is still read.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import uuid
from collections.abc import Iterable, Mapping, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

__all__ = [
    "BUILDS_NAME",
    "CURRENT_NAME",
    "STAMP_NAME",
    "article_runs",
    "build_dir",
    "checkpoint",
    "clear_leftovers",
    "count_rows",
    "csv_ready",
    "has_build",
    "id_runs",
    "json_list",
    "link_file",
    "list_columns",
    "new_staging",
    "prune_builds",
    "publish",
    "read_arrow",
    "read_json",
    "read_stamp",
    "read_table",
    "table_files",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_part",
    "write_part_file",
    "write_tables",
    "write_text_atomic",
]

logger = logging.getLogger(__name__)

STAMP_NAME = "build.json"
CURRENT_NAME = "current"
BUILDS_NAME = "builds"
STAGING_PREFIX = ".staging-"
#: Builds kept besides the current one's predecessor: the current and the one before it.
KEEP_BUILDS = 2

Filter = tuple[str, str, Any]


def checkpoint(label: str) -> None:
    """A point of the write phase, for the kill test: with ``NEWSDESK_CHECKPOINTS`` set to a file,
    each point is appended to it, and the process kills itself (SIGKILL) at the point numbered
    ``NEWSDESK_KILL_AT``. Without those variables it does nothing."""
    record = os.environ.get("NEWSDESK_CHECKPOINTS")
    if not record:
        return
    with open(record, "a", encoding="utf-8") as handle:
        handle.write(f"{label}\n")
    with open(record, encoding="utf-8") as handle:
        count = sum(1 for _ in handle)
    if os.environ.get("NEWSDESK_KILL_AT") == str(count):
        os.kill(os.getpid(), signal.SIGKILL)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write text beside ``path`` under a temporary name, then rename it into place.

    The file gets the umask's mode (0644 under the usual umask), never a private 0600.

    >>> import tempfile, stat
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> write_text_atomic(target, "hello")
    >>> target.read_text(), stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    ('hello', True)
    """
    write_bytes_atomic(path, [text.encode("utf-8")])


def write_bytes_atomic(path: str | Path, pieces: Iterable[bytes | memoryview]) -> None:
    """Write the pieces, one after the other, as one file (see ``write_text_atomic``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.writelines(pieces)
            handle.flush()
            os.fsync(handle.fileno())
        checkpoint(f"before {path.name}")
        os.replace(temporary, path)
        checkpoint(f"wrote {path.name}")
    finally:
        temporary.unlink(missing_ok=True)


def write_json_atomic(path: str | Path, value: Any) -> None:
    """Write JSON atomically (see ``write_text_atomic``)."""
    write_text_atomic(path, json.dumps(value, indent=2, ensure_ascii=False, default=str))


def read_json(path: str | Path) -> Any:
    """JSON from a file, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def build_dir(data_dir: str | Path) -> Path:
    """The folder holding the current build's files (``current``'s target, or ``data_dir``)."""
    data_dir = Path(data_dir)
    current = data_dir / CURRENT_NAME
    return current.resolve() if current.is_symlink() or current.is_dir() else data_dir


def read_stamp(data_dir: str | Path) -> dict[str, Any] | None:
    """The stamp of the current build (``build.json``), or None when there is none.

    Keys include ``fingerprint``, ``corpus``, ``built``, ``summary`` and ``n_articles``.
    """
    stamp = read_json(build_dir(data_dir) / STAMP_NAME)
    return stamp if isinstance(stamp, dict) else None


def table_files(data_dir: str | Path, name: str) -> list[Path]:
    """The Parquet files of one table of the current build (a dataset, or one legacy file)."""
    root = build_dir(data_dir)
    if (root / name).is_dir():
        return sorted((root / name).glob("part-*.parquet"))
    single = root / f"{name}.parquet"
    return [single] if single.is_file() else []


def has_build(data_dir: str | Path) -> bool:
    """Whether ``data_dir`` holds a finished build (its articles table can be read)."""
    return bool(table_files(data_dir, "articles"))


def _expression(filters: Sequence[Filter]) -> ds.Expression | None:
    expression: ds.Expression | None = None
    for column, op, value in filters:
        field = ds.field(column)
        match op:
            case "=" | "==":
                term = field == value
            case "!=":
                term = field != value
            case "<":
                term = field < value
            case "<=":
                term = field <= value
            case ">":
                term = field > value
            case ">=":
                term = field >= value
            case "in":
                term = field.isin(list(value))
            case "not in":
                term = ~field.isin(list(value))
            case _:
                raise ValueError(f"unknown filter operator {op!r} on {column!r}")
        expression = term if expression is None else expression & term
    return expression


def read_table(
    data_dir: str | Path,
    name: str,
    *,
    columns: Sequence[str] | None = None,
    filters: Sequence[Filter] | None = None,
) -> pd.DataFrame:
    """A built table, read lazily: only the columns asked for, rows filtered before loading.

    Args:
        data_dir: the output folder of ``newsdesk build``.
        name: the table (articles, sentences, quotes, people, mentions, events, cleaning).
        columns: only these columns (default: all).
        filters: (column, op, value) triples, all of which a row must meet; ``op`` is one of
            ``== != < <= > >= in``, e.g. ``[("outlet", "==", "RNZ")]``.

    Returns:
        The rows as a DataFrame, in the build's order.
    """
    frame: pd.DataFrame = read_arrow(data_dir, name, columns=columns, filters=filters).to_pandas()
    return frame


def count_rows(data_dir: str | Path, name: str) -> int:
    """A built table's number of rows, from its files' footers."""
    return sum(pq.ParquetFile(path).metadata.num_rows for path in table_files(data_dir, name))


def read_arrow(
    data_dir: str | Path, name: str, *, columns: Sequence[str] | None = None, filters: Sequence[Filter] | None = None
) -> pa.Table:
    """A built table as Arrow, as ``read_table`` reads it before it becomes a DataFrame."""
    files = table_files(data_dir, name)
    if not files:
        raise FileNotFoundError(f"{Path(data_dir) / name}: no such table; run `newsdesk build` first")
    schema = pa.unify_schemas([pq.read_schema(path) for path in files], promote_options="permissive")
    dataset = ds.dataset([str(path) for path in files], schema=schema, format="parquet")
    return dataset.to_table(columns=list(columns) if columns is not None else None, filter=_expression(filters or []))


def id_runs(ids: pa.Array) -> list[tuple[Any, int, int]]:
    """(value, first row, row after the last) of each run of equal values of a column, found by
    Arrow, so that only the first value of each run becomes a Python value. A comparison with a
    null is null: a run ends there too (each null is its own run).

    >>> id_runs(pa.array(["a", "a", None, None, "b"]))
    [('a', 0, 2), (None, 2, 3), (None, 3, 4), ('b', 4, 5)]
    """
    if len(ids) == 0:
        return []
    changes = pc.not_equal(ids[1:], ids[:-1]).fill_null(True)
    starts = [0, *(np.flatnonzero(changes.to_numpy(zero_copy_only=False)) + 1).tolist()]
    ends = [*starts[1:], len(ids)]
    return list(zip(ids.take(pa.array(starts, pa.int64())).to_pylist(), starts, ends, strict=True))


def article_runs(article_ids: pa.ChunkedArray) -> dict[str, list[tuple[int, int]]]:
    """Each article id -> its runs of rows (first row, row after the last), in order, in a
    table's ``article_id`` column (``id_runs``): a run's rows are taken as one slice.

    >>> article_runs(pa.chunked_array([["a", "a", "b", "a"]]))
    {'a': [(0, 2), (3, 4)], 'b': [(2, 3)]}
    """
    runs: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in id_runs(article_ids.combine_chunks().cast(pa.string())):
        runs.setdefault(str(article_id), []).append((start, end))
    return runs


def builds_root(out_dir: str | Path) -> Path:
    """The folder of versioned builds inside an output folder."""
    return Path(out_dir) / BUILDS_NAME


def new_staging(out_dir: str | Path, build_id: str) -> Path:
    """A fresh staging folder for a build about to be written."""
    staging = builds_root(out_dir) / f"{STAGING_PREFIX}{build_id}"
    staging.mkdir(parents=True)
    return staging


def clear_leftovers(out_dir: str | Path) -> list[Path]:
    """Remove staging folders and pointer temporaries left by dead runs (call under the lock)."""
    out_dir = Path(out_dir)
    found: list[Path] = []
    root = builds_root(out_dir)
    if root.is_dir():
        found += [path for path in root.iterdir() if path.name.startswith(STAGING_PREFIX)]
    if out_dir.is_dir():
        found += [path for path in out_dir.iterdir() if path.name.startswith(f".{CURRENT_NAME}.")]
    for path in found:
        logger.warning("%s: removing what a dead run left behind", path)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found


def publish(out_dir: str | Path, staging: Path, build_id: str) -> Path:
    """Move a finished staging folder into ``builds/`` and point ``current`` at it, atomically."""
    out_dir = Path(out_dir)
    final = builds_root(out_dir) / build_id
    checkpoint("before rename of the staging folder")
    os.rename(staging, final)
    checkpoint("renamed the staging folder")
    pointer = out_dir / f".{CURRENT_NAME}.{os.getpid()}.tmp"
    pointer.unlink(missing_ok=True)
    os.symlink(Path(BUILDS_NAME) / build_id, pointer)
    _fsync_dir(builds_root(out_dir))
    checkpoint("before the pointer swap")
    os.replace(pointer, out_dir / CURRENT_NAME)
    _fsync_dir(out_dir)
    checkpoint("swapped the pointer")
    return final


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def prune_builds(out_dir: str | Path, keep: int = KEEP_BUILDS) -> list[Path]:
    """Delete all but the newest ``keep`` builds; never the current one."""
    root = builds_root(out_dir)
    current = build_dir(out_dir).name
    builds = sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith("."))
    removed = [path for path in builds[:-keep] if path.name != current] if keep else []
    for path in removed:
        checkpoint(f"pruning {path.name}")
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple) or hasattr(value, "tolist")


def list_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of lists (and tuples, and arrays from Parquet), which a CSV holds as JSON."""
    found = []
    for column in frame.columns:
        if frame[column].dtype == object:
            present = frame[column].dropna()
            if not present.empty and _is_list(present.iloc[0]):
                found.append(column)
    return found


def csv_ready(frame: pd.DataFrame, lists: Sequence[str] | None = None) -> pd.DataFrame:
    """Lists (in ``lists``, by default ``list_columns``) become JSON so the CSV stays one value
    per cell."""
    copy = frame.copy()
    for column in list_columns(frame) if lists is None else lists:
        copy[column] = [json_list(value) if _is_list(value) else value for value in copy[column]]
    return copy


def json_list(value: Any) -> str:
    """A list cell as JSON strings (most are empty: no title, no alias), as
    ``json.dumps([str(v) for v in items], ensure_ascii=False)`` writes it, without building an
    encoder per cell."""
    if not len(value):
        return "[]"
    try:
        return f"[{', '.join(map(encode_basestring, value))}]"
    except TypeError:  # an item that is not a string
        return f"[{', '.join([encode_basestring(str(v)) for v in value])}]"


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as CSV (lists as JSON), for a person to open."""
    write_text_atomic(path, csv_ready(frame).to_csv(index=False))


def write_part(frame: pd.DataFrame | pa.Table, folder: Path, number: int) -> Path:
    """One partition of a table: ``folder/part-NNNNN.parquet`` (written beside, then renamed)."""
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    return write_part_file(table, folder / f"part-{number:05d}.parquet")


def link_file(source: Path, path: Path) -> None:
    """A previous build's file, unchanged, as ``path`` of this build: a hard link (a copy where
    the file system has none); builds never write a file in place, so neither changes the other's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    checkpoint(f"before {path.parent.name}/{path.name}")
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)
    checkpoint(f"wrote {path.parent.name}/{path.name}")


def write_part_file(table: pa.Table, path: Path) -> Path:
    """A Parquet file written beside its place, then renamed into it (umask mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    checkpoint(f"before {path.parent.name}/{path.name}")
    os.replace(temporary, path)
    checkpoint(f"wrote {path.parent.name}/{path.name}")
    return path


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    extra_files: Mapping[str, str] | None = None,
    stamp: Mapping[str, Any] | None = None,
    csv: bool = True,
) -> Path:
    """Write whole tables as one new build and switch ``current`` to it (all or nothing).

    Args:
        tables: table name to DataFrame; each becomes a one-part Parquet dataset.
        out_dir: the output folder (created if missing).
        extra_files: file name to text content, written into the build too.
        stamp: the build stamp (``build.json``), written last.
        csv: also write ``NAME.csv`` beside each dataset.

    Returns:
        The new build's folder.
    """
    from newsdesk.pipeline.fingerprint import new_build_id

    build_id = new_build_id()
    staging = new_staging(out_dir, build_id)
    try:
        for name, frame in tables.items():
            write_part(frame, staging / name, 0)
            if csv:
                write_csv(frame, staging / f"{name}.csv")
        for name, content in (extra_files or {}).items():
            write_text_atomic(staging / name, content)
        write_json_atomic(staging / STAMP_NAME, dict(stamp or {}))
        final = publish(out_dir, staging, build_id)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    prune_builds(out_dir)
    return final

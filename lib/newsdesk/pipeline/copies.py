"""The CSV copies of a small corpus's tables, where the lines of an unchanged article are copied
from the previous build's copy instead of being formatted again.

pandas formats each value of a CSV by itself, given its column's type, so an article's lines are
the same text whenever its rows and the table's column types are: each build keeps, per table,
where each article's lines are and the column types they were written with.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.pipeline.fingerprint import content_hash
from newsdesk.pipeline.store import (
    csv_ready,
    id_runs,
    json_list,
    list_columns,
    read_arrow,
    table_files,
    write_bytes_atomic,
    write_part_file,
)

__all__ = ["same_rows", "write_copies"]

#: Where each article's lines are in each CSV copy, in bytes.
LINES_NAME = Path("state") / "csv-bytes.parquet"
#: The column types whose values ``_cells`` formats as pandas does (others go through pandas).
_FORMATTED = (np.dtype(np.float64), np.dtype(np.int64), np.dtype(np.bool_), np.dtype(object), pd.StringDtype(na_value=np.nan))


class _Records(list[str]):
    """What a csv writer writes, one record per item (it writes each row with one call)."""

    def write(self, record: str) -> None:
        self.append(record)


def _cells(column: pd.Series, is_list: bool) -> list[object]:
    """A column's values as pandas hands them to its csv writer (``to_csv``, ``na_rep=""``)."""
    if column.dtype == np.float64:
        values = column.to_numpy()
        # numpy's shortest repr, as pandas formats a float column.
        text = values.astype(str).astype(object)
        text[np.isnan(values)] = ""
        return list(text.tolist())
    cells = column.to_numpy(dtype=object, copy=True)
    missing = column.isna().to_numpy()
    if missing.any():
        cells[missing] = ""
    if is_list:
        return [json_list(cell) if isinstance(cell, list | tuple | np.ndarray) else cell for cell in cells.tolist()]
    return list(cells.tolist())


def _csv_lines(frame: pd.DataFrame, lists: Sequence[str]) -> list[str]:
    """Rows as CSV records without the header, each exactly as ``store.write_csv`` writes it
    (pandas' writer is the standard library's, given the values as formatted here)."""
    if not all(dtype in _FORMATTED for dtype in frame.dtypes):
        text = str(csv_ready(frame, lists).to_csv(index=False, header=False))
        ends = [0, *_record_ends(text)]
        return [text[start:end] for start, end in itertools.pairwise(ends)]
    records = _Records()
    columns = [_cells(frame[column], column in lists) for column in frame.columns]
    csv.writer(records, lineterminator="\n").writerows(zip(*columns, strict=True))
    return records


def _runs(article_ids: pa.ChunkedArray) -> list[tuple[str, int, int]]:
    """(article_id, first row, row after the last) of each run of equal ids (as ``str`` gives
    them: a null is "None"), found by Arrow, so that only the first id of a run becomes a value.

    >>> _runs(pa.chunked_array([["a", "a", "b"], [None, None, "a"]]))
    [('a', 0, 2), ('b', 2, 3), ('None', 3, 5), ('a', 5, 6)]
    """
    return id_runs(article_ids.combine_chunks().cast(pa.string()).fill_null("None"))


def _read_lines(build: Path | None) -> dict[str, tuple[str, dict[str, tuple[int, int]]]]:
    """table -> (column types, article_id -> where its lines are in that table's CSV)."""
    if build is None or not (build / LINES_NAME).is_file():
        return {}
    columns = pq.read_table(build / LINES_NAME).to_pydict()
    found: dict[str, tuple[str, dict[str, tuple[int, int]]]] = {}
    for table, kind, article_id, start, end in zip(*columns.values(), strict=True):
        found.setdefault(table, (kind, {}))[1][article_id] = (start, end)
    return found


#: One CSV record as pandas writes it: unquoted text, or quoted fields (a quote inside one is
#: doubled, which reads as two quoted pieces), up to the line end outside quotes.
_RECORD = re.compile(r'(?:[^"\n]++|"[^"]*+")*+\n')


def _record_ends(text: str) -> list[int]:
    """Where each record of CSV lines ends."""
    return [match.end() for match in _RECORD.finditer(text)]


def _arrow_table(build: Path, name: str) -> pa.Table | None:
    """A table of a build folder as one Arrow table (None if its parts do not concatenate)."""
    parts = [pq.ParquetFile(path).read(use_threads=False) for path in table_files(build, name)]
    try:
        return pa.concat_tables(parts) if parts else None
    except pa.ArrowInvalid:
        return None


def _article_rows(table: pa.Table) -> dict[str, tuple[int, int]]:
    """article_id -> (first row, row after the last) of each article whose rows are together."""
    ids = table.column("article_id").combine_chunks().cast(pa.string())
    if len(ids) == 0 or ids.null_count:
        return {}
    found: dict[str, tuple[int, int]] = {}
    apart: set[str] = set()
    for article_id, start, end in id_runs(ids):
        if article_id in found:
            apart.add(article_id)
        found[article_id] = (start, end)
    return {article_id: rows for article_id, rows in found.items() if article_id not in apart}


def same_rows(staging: Path, previous: Path | None, name: str, documents: Collection[str]) -> set[str]:
    """Those of ``documents`` whose rows of table ``name`` in ``staging`` equal their rows in
    ``previous``, value for value (so are their CSV lines, where the column types are the same)."""
    if previous is None or not documents:
        return set()
    new, old = _arrow_table(staging, name), _arrow_table(previous, name)
    if new is None or old is None or new.schema != old.schema:
        return set()
    new_rows, old_rows = _article_rows(new), _article_rows(old)
    found = set()
    for document in documents:
        here, there = new_rows.get(document), old_rows.get(document)
        if here is not None and there is not None and here[1] - here[0] == there[1] - there[0] and new.slice(
            here[0], here[1] - here[0]).equals(old.slice(there[0], there[1] - there[0])):  # fmt: skip
            found.add(document)
    return found


def _frame_types(table: pa.Table) -> tuple[list[str], list[str]] | None:
    """The column types and list columns a DataFrame of the whole table would have, without
    making it (None for a type whose conversion is not foreseen here): Arrow gives a column its
    type by its values only where nulls are concerned (integers with nulls become floats,
    booleans with nulls objects)."""
    types = []
    empty = table.slice(0, 0).to_pandas()
    for field, column, dtype in zip(table.schema, table.columns, empty.dtypes, strict=True):
        kind = field.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)
                or pa.types.is_floating(kind) or pa.types.is_boolean(kind) or pa.types.is_list(kind)
                or pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_null(kind)):  # fmt: skip
            return None
        if column.null_count and pa.types.is_integer(kind):
            types.append("float64")
        elif column.null_count and pa.types.is_boolean(kind):
            types.append("object")
        else:
            types.append(str(dtype))
    lists = [field.name for field, column in zip(table.schema, table.columns, strict=True)
             if pa.types.is_list(field.type) and column.null_count < len(column)]  # fmt: skip
    return types, lists


def _rows_frame(table: pa.Table, runs: Sequence[tuple[str, int, int]], types: Sequence[str]) -> pd.DataFrame | None:
    """These runs' rows as a DataFrame with the whole table's column types (None if they
    cannot be given them)."""
    rows = np.concatenate([np.arange(start, end) for _, start, end in runs]) if runs else np.arange(0)
    frame = table.take(pa.array(rows, pa.int64())).to_pandas()
    for column, wanted in zip(list(frame.columns), types, strict=True):
        if str(frame[column].dtype) != wanted:
            frame[column] = frame[column].astype(wanted)
    return frame if [str(dtype) for dtype in frame.dtypes] == list(types) else None


def write_copies(
    staging: Path, previous: Path | None, tables: Sequence[str], unchanged: Mapping[str, Collection[str]]
) -> None:
    """Write ``<table>.csv`` for each table, with the lines of each table's ``unchanged``
    documents (their rows copied from ``previous``) taken from ``previous``'s copies where the
    column types are the same; keep where each document's lines are, for the next build.

    Where lines are copied, only the other rows become a DataFrame."""
    kept = _read_lines(previous)
    index: list[tuple[str, str, str, int, int]] = []
    for name in tables:
        # Read on this thread: the dataset reader's threads cost more CPU than they save here.
        table = _arrow_table(staging, name) or read_arrow(staging, name)
        old_kind, old_lines = kept.get(name, ("", {}))
        runs = _runs(table.column("article_id")) if "article_id" in table.column_names else []
        foreseen = _frame_types(table) if old_lines and unchanged.get(name) and previous is not None else None
        kind, copied, frame, old_bytes = "", set(), None, b""
        if foreseen is not None and previous is not None and old_kind == content_hash(table.column_names, *foreseen):
            old_bytes = (previous / f"{name}.csv").read_bytes()
            copied = {article_id for article_id in unchanged.get(name, ()) if article_id in old_lines}
            frame = _rows_frame(table, [run for run in runs if run[0] not in copied], foreseen[0])
            kind, lists = old_kind, foreseen[1]
        if frame is None:
            frame, copied = table.to_pandas(), set()
            lists = list_columns(frame)
            kind = content_hash(list(frame.columns), [str(dtype) for dtype in frame.dtypes], lists)
        lines = _csv_lines(frame, lists)
        header = frame.iloc[:0].to_csv(index=False).encode("utf-8")
        if "article_id" not in table.column_names:
            write_bytes_atomic(staging / f"{name}.csv", [header, "".join(lines).encode("utf-8")])
            continue
        # The lines of the rows not copied come from one formatting call, handed out by article;
        # copied lines are bytes of the old copy, consecutive ones taken as one piece.
        pieces: list[bytes | tuple[int, int]] = [header]
        length, record = len(header), 0
        for article_id, start, end in runs:
            if article_id in copied:
                old_start, old_end = old_lines[article_id]
                last = pieces[-1]
                if isinstance(last, tuple) and last[1] == old_start:
                    pieces[-1] = (last[0], old_end)
                else:
                    pieces.append((old_start, old_end))
                size = old_end - old_start
            else:
                piece = "".join(lines[record : record + end - start]).encode("utf-8")
                record += end - start
                pieces.append(piece)
                size = len(piece)
            index.append((name, kind, article_id, length, length + size))
            length += size
        old = memoryview(old_bytes)
        write_bytes_atomic(staging / f"{name}.csv", (old[piece[0] : piece[1]] if isinstance(piece, tuple) else piece for piece in pieces))
    columns = list(zip(*index, strict=True)) if index else [(), (), (), (), ()]
    write_part_file(pa.table({
        "table": pa.array(columns[0], pa.string()), "kind": pa.array(columns[1], pa.string()),
        "article_id": pa.array(columns[2], pa.string()), "start": pa.array(columns[3], pa.int64()),
        "end": pa.array(columns[4], pa.int64()),
    }), staging / LINES_NAME)  # fmt: skip

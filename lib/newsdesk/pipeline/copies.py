"""The CSV copies of a small corpus's tables, where the lines of an unchanged article are copied
from the previous build's copy instead of being formatted again.

pandas formats each value of a CSV by itself, given its column's type, so an article's lines are
the same text whenever its rows and the table's column types are: each build keeps, per table,
where each article's lines are and the column types they were written with.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.pipeline.fingerprint import content_hash
from newsdesk.pipeline.store import (
    csv_ready,
    list_columns,
    read_table,
    write_part_file,
    write_text_atomic,
)

__all__ = ["write_copies"]

LINES_NAME = Path("state") / "csv-lines.parquet"


def _csv_lines(frame: pd.DataFrame, lists: Sequence[str]) -> str:
    """Rows as CSV lines without the header, exactly as ``store.write_csv`` writes them."""
    return str(csv_ready(frame, lists).to_csv(index=False, header=False))


def _runs(article_ids: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """(article_id, first row, row after the last) of each run of equal ids."""
    start = 0
    for index in range(1, len(article_ids) + 1):
        if index == len(article_ids) or article_ids[index] != article_ids[start]:
            yield article_ids[start], start, index
            start = index


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


def write_copies(
    staging: Path, previous: Path | None, tables: Sequence[str], unchanged: Mapping[str, Collection[str]]
) -> None:
    """Write ``<table>.csv`` for each table, with the lines of each table's ``unchanged``
    documents (their rows copied from ``previous``) taken from ``previous``'s copies where the
    column types are the same; keep where each document's lines are, for the next build."""
    kept = _read_lines(previous)
    index: list[tuple[str, str, str, int, int]] = []
    for name in tables:
        frame = read_table(staging, name)
        lists = list_columns(frame)
        if "article_id" not in frame.columns:
            write_text_atomic(staging / f"{name}.csv", frame.iloc[:0].to_csv(index=False) + _csv_lines(frame, lists))
            continue
        kind = content_hash(list(frame.columns), [str(dtype) for dtype in frame.dtypes], lists)
        old_kind, old_lines = kept.get(name, ("", {}))
        old_text = ""
        if old_kind == kind and old_lines and unchanged.get(name) and previous is not None:
            with open(previous / f"{name}.csv", encoding="utf-8", newline="") as handle:
                old_text = handle.read()
        copied = {article_id for article_id in unchanged.get(name, ()) if article_id in old_lines} if old_text else set()
        text = [frame.iloc[:0].to_csv(index=False)]
        length = len(text[0])
        runs = list(_runs([str(a) for a in frame["article_id"].tolist()]))
        position = 0
        while position < len(runs):
            article_id, start, _ = runs[position]
            if article_id in copied:
                old_start, old_end = old_lines[article_id]
                text.append(old_text[old_start:old_end])
                index.append((name, kind, article_id, length, length + old_end - old_start))
                length += old_end - old_start
                position += 1
                continue
            last = position
            while last + 1 < len(runs) and runs[last + 1][0] not in copied:
                last += 1
            lines = _csv_lines(frame.iloc[start : runs[last][2]], lists)
            ends = _record_ends(lines)
            for article_id, first_row, end_row in runs[position : last + 1]:
                begin = ends[first_row - start - 1] if first_row > start else 0
                index.append((name, kind, article_id, length + begin, length + ends[end_row - start - 1]))
            text.append(lines)
            length += len(lines)
            position = last + 1
        write_text_atomic(staging / f"{name}.csv", "".join(text))
    columns = list(zip(*index, strict=True)) if index else [(), (), (), (), ()]
    write_part_file(pa.table({
        "table": pa.array(columns[0], pa.string()), "kind": pa.array(columns[1], pa.string()),
        "article_id": pa.array(columns[2], pa.string()), "start": pa.array(columns[3], pa.int64()),
        "end": pa.array(columns[4], pa.int64()),
    }), staging / LINES_NAME)  # fmt: skip

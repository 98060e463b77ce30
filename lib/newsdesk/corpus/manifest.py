"""The manifest ``articles.csv``: one row per file, with its metadata, every row checked.

A row naming a file outside the corpus (an absolute path, ``../``), a file that is missing, or a
file an earlier row already named is reported; the first row for a file is the one kept.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from newsdesk.corpus.decode import NotText, decode_bytes
from newsdesk.corpus.files import FileProblem, inside, manifest_path, read_limited, resolve
from newsdesk.corpus.formats import allow_large_csv_fields
from newsdesk.corpus.records import CorpusConfig, Rejection

__all__ = ["MANIFEST_NAME", "Manifest", "read_manifest"]

MANIFEST_NAME = "articles.csv"
#: file name -> the row's values (stripped), and the row's line for messages
Manifest = dict[str, dict[str, str]]


def read_manifest(folder: Path, config: CorpusConfig) -> tuple[Manifest, list[Rejection]]:
    """The manifest's rows by file name, and the rows (or the manifest) set aside."""
    path = folder / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return {}, []
    root = resolve(folder)
    try:
        if path.is_symlink() and not inside(resolve(path), root):
            raise FileProblem("outside the corpus", f"a symbolic link to {resolve(path)}")
        text, _ = decode_bytes(
            read_limited(resolve(path), config.max_manifest_bytes), config.max_control_share
        )
    except (FileProblem, NotText) as error:
        return {}, [Rejection(MANIFEST_NAME, error.reason, str(error))]
    allow_large_csv_fields(max(config.max_bytes, config.max_article_chars))
    rows: Manifest = {}
    problems: list[Rejection] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames or "file" not in reader.fieldnames:
            return {}, [
                Rejection(MANIFEST_NAME, "manifest has no 'file' column", str(reader.fieldnames))
            ]
        first_row: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            where = f"{MANIFEST_NAME}:{line}"
            value = row.get("file")
            value = value.strip() if isinstance(value, str) else ""
            if not value:
                problems.append(Rejection(where, "manifest row names no file"))
                continue
            try:
                name = manifest_path(value, root)
            except FileProblem as error:
                problems.append(Rejection(value, error.reason, f"{where}: {error}"))
                continue
            if name in first_row:
                problems.append(
                    Rejection(
                        where, "duplicate manifest row", f"{name}: repeats line {first_row[name]}"
                    )
                )
                continue
            first_row[name] = line
            rows[name] = {
                key: cell.strip()
                for key, cell in row.items()
                if isinstance(key, str) and isinstance(cell, str)
            }
            rows[name]["file"] = name
            target = folder / name
            if not target.exists() and not target.is_symlink():
                problems.append(Rejection(name, "listed in the manifest but missing", where))
    except csv.Error as error:
        problems.append(
            Rejection(f"{MANIFEST_NAME}:{reader.line_num}", "unreadable CSV", str(error))
        )
    return rows, problems

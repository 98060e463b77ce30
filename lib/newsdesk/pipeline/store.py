"""Tables to and from disk: Parquet with CSV beside it, written atomically.

Everything of one build is first written to a staging folder next to the output; only when all
of it is written are the files moved into place, one ``os.replace`` each, so a failed run never
leaves a half-written table or destroys the last good one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["read_json", "read_table", "write_json_atomic", "write_tables"]


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and tuples become JSON so the CSV stays one value per cell."""
    copy = frame.copy()
    for column in copy.columns:
        if copy[column].map(lambda value: isinstance(value, list | tuple)).any():
            copy[column] = copy[column].map(
                lambda value: (
                    json.dumps(list(value), ensure_ascii=False)
                    if isinstance(value, list | tuple)
                    else value
                )
            )
    return copy


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    extra_files: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write each table as ``NAME.parquet`` and ``NAME.csv`` (plus any extra text files).

    Args:
        tables: table name to DataFrame.
        out_dir: destination folder (created if missing).
        extra_files: file name to text content, written with the same guarantees.

    Returns:
        The paths written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        for name, frame in tables.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
            _csv_ready(frame).to_csv(staging / f"{name}.csv", index=False)
        for name, content in (extra_files or {}).items():
            (staging / name).write_text(content, encoding="utf-8")
        written = []
        for path in sorted(staging.iterdir()):
            target = out / path.name
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_json_atomic(path: str | Path, value: Any) -> None:
    """Write JSON to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, ensure_ascii=False, default=str)
    os.replace(temporary, path)


def read_json(path: str | Path) -> Any:
    """JSON from a file, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_table(data_dir: str | Path, name: str) -> pd.DataFrame:
    """A built table from ``data_dir/NAME.parquet``."""
    path = Path(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such table; run `newsdesk build` first")
    return pd.read_parquet(path)

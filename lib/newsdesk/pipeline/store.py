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

__all__ = [
    "has_build",
    "read_json",
    "read_stamp",
    "read_table",
    "write_json_atomic",
    "write_tables",
    "write_text_atomic",
]

STAMP_NAME = "build.json"


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


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write text to a temporary file beside ``path``, then rename it into place.

    The file gets the umask's mode (normally 0644), not ``mkstemp``'s 0600, so a web server
    running as another user can serve it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json_atomic(path: str | Path, value: Any) -> None:
    """Write JSON atomically (see ``write_text_atomic``)."""
    write_text_atomic(path, json.dumps(value, indent=2, ensure_ascii=False, default=str))


def read_json(path: str | Path) -> Any:
    """JSON from a file, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_table(
    data_dir: str | Path,
    name: str,
    *,
    columns: list[str] | None = None,
    filters: list[tuple[str, str, Any]] | None = None,
) -> pd.DataFrame:
    """A built table from ``data_dir/NAME.parquet`` (``filters`` as pyarrow understands them)."""
    path = Path(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such table; run `newsdesk build` first")
    return pd.read_parquet(path, columns=columns, filters=filters)


def read_stamp(data_dir: str | Path) -> dict[str, Any] | None:
    """The build stamp (``build.json``), or None when there is no build."""
    stamp = read_json(Path(data_dir) / STAMP_NAME)
    return stamp if isinstance(stamp, dict) else None


def has_build(data_dir: str | Path) -> bool:
    """Whether ``data_dir`` holds built tables."""
    return (Path(data_dir) / "articles.parquet").exists()

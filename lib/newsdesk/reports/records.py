"""The record of every report run (``reports/.runs.json``): what ran, on what, and how it went.

The index is drawn from these records, so a failure stays visible until a later run of the same
report succeeds, and a report made from an older build or older code is shown as stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import newsdesk
from newsdesk.pipeline.store import read_json, read_stamp, read_table, write_json_atomic

__all__ = [
    "RECORDS_NAME",
    "build_info",
    "code_hash",
    "load_records",
    "now_text",
    "report_digest",
    "report_inputs",
    "save_records",
]

RECORDS_NAME = ".runs.json"
FORMAT = 1


def now_text() -> str:
    """The time now, as the records and the log write it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def code_hash() -> str:
    """A hash of the installed newsdesk code and resources (a report depends on all of it)."""
    digest = hashlib.sha256()
    root = Path(newsdesk.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_records(out_dir: Path) -> dict[str, Any]:
    """The records of ``out_dir``, or empty ones."""
    records = read_json(out_dir / RECORDS_NAME)
    if not isinstance(records, dict) or records.get("format") != FORMAT:
        return {"format": FORMAT, "reports": {}, "articles": None, "corpus": None}
    return records


def save_records(out_dir: Path, records: Mapping[str, Any]) -> None:
    """Write the records atomically."""
    write_json_atomic(out_dir / RECORDS_NAME, dict(records))


def build_info(data_dir: Path, records: dict[str, Any]) -> dict[str, Any]:
    """The build a run reads: its fingerprint and date, the article count and a content hash.

    The content hash (of every article's id and cleaned text) is computed once per build and
    kept in the records.
    """
    stamp = read_stamp(data_dir) or {}
    fingerprint = str(stamp.get("fingerprint", ""))
    cached = records.get("corpus")
    if isinstance(cached, dict) and cached.get("fingerprint") == fingerprint and fingerprint:
        return cached
    articles = read_table(data_dir, "articles", columns=["article_id", "text"])
    digest = hashlib.sha256()
    for article_id, text in sorted(zip(articles["article_id"].astype(str), articles["text"].astype(str), strict=True)):
        digest.update(json.dumps([article_id, text], ensure_ascii=False).encode())
    info = {
        "fingerprint": fingerprint,
        "built": str(stamp.get("built", "")),
        "corpus": str(stamp.get("corpus", "")),
        "summary": str(stamp.get("summary", "")),
        "n_articles": int(stamp.get("n_articles", len(articles))),
        "content_hash": digest.hexdigest()[:12],
        "version": newsdesk.__version__,
    }
    records["corpus"] = info
    return info


def report_inputs(notebook: Path, code: str, build: Mapping[str, Any]) -> dict[str, str]:
    """Short hashes of what a report depends on, to say which of them changed."""
    return {
        "build": f"{build.get('fingerprint')}:{build.get('content_hash')}"[:40],
        "code": code[:16],
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest()[:16],
    }


def report_digest(notebook: Path, code: str, build: Mapping[str, Any], parameters: Mapping[str, Any]) -> str:
    """What a report depends on: its notebook, the code, the build and its parameters."""
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(code.encode())
    digest.update(str(build.get("fingerprint")).encode())
    digest.update(str(build.get("content_hash")).encode())
    digest.update(json.dumps(dict(parameters), sort_keys=True, default=str).encode())
    return digest.hexdigest()

"""Hashes a build depends on: the code, the options, each article's content; build ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import newsdesk

__all__ = ["code_fingerprint", "content_hash", "new_build_id", "stable_hash"]


def _hash_files(digest: Any, paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())


@cache
def code_fingerprint() -> str:
    """A hash of the installed newsdesk code and resources."""
    digest = hashlib.sha256()
    _hash_files(digest, sorted(Path(newsdesk.__file__).parent.rglob("*")))
    return digest.hexdigest()


def content_hash(*parts: object) -> str:
    """A short hash of some values (their ``repr``), stable across runs and machines.

    >>> content_hash("a", 1) == content_hash("a", 1) != content_hash("a", 2)
    True
    """
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def stable_hash(text: str) -> int:
    """A 63-bit hash of a string, the same in every process (``hash()`` is salted per process)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def new_build_id() -> str:
    """A sortable, unique name for a build folder: UTC time to the microsecond, then a tag."""
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{now}-{hashlib.blake2b(f'{os.getpid()}{now}'.encode(), digest_size=4).hexdigest()}"

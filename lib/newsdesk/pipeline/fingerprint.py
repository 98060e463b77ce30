"""Hashes a build depends on: the code, the options, each article's content; build ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import newsdesk

__all__ = ["canonical", "code_fingerprint", "content_hash", "new_build_id", "stable_hash"]


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


def canonical(value: Any) -> Any:
    """A value in a form whose ``repr`` is the same in every process: sets sorted, dataclasses
    and mappings as sorted pairs (a set's own order changes with each process's string hashing).

    >>> canonical({"b": {3, 1}, "a": (2,)})
    [('a', [2]), ('b', [1, 3])]
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value))]
    if isinstance(value, Mapping):
        return sorted(((canonical(k), canonical(v)) for k, v in value.items()), key=repr)
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    return value


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

"""Named variants and batch runs: which reports one command asks for, and what each is called.

A run with the notebook's defaults writes ``<notebook>.html``; any other parameters write a
variant ``<notebook>--<slug>.html`` beside it, so a filtered run never overwrites the default
report. ``-p speaker=each`` asks for one variant per value found in the tables, and a
parameter-set file (YAML: a list of parameter mappings) asks for one variant per entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from anyascii import anyascii

__all__ = [
    "EACH",
    "EACH_SOURCES",
    "distinct_sets",
    "expand_each",
    "load_parameter_sets",
    "report_name",
    "variant_slug",
]

EACH = "each"

#: for ``-p NAME=each``: the table and column whose distinct values give one run each
EACH_SOURCES: dict[str, tuple[str, str]] = {
    "speaker": ("quotes", "speaker"),
    "focus": ("quotes", "speaker"),
    "outlet": ("articles", "outlet"),
}

#: a slug longer than this is cut and gets a hash of the whole, so names stay short and distinct
MAX_SLUG = 60
HASH_LENGTH = 8

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_PLAIN = re.compile(r"[\w .,'-]*")


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "+".join(_value_text(item) for item in value) or "none"
    text = str(value)
    return text if text else "empty"


def variant_slug(parameters: Mapping[str, Any]) -> str:
    """A file-name-safe slug for non-default parameters, in the order given.

    Only ASCII letters, digits, ``.``, ``_`` and ``-`` remain; a slug that had to be cut, or
    lost characters that could tell two values apart, ends with a short stable hash.

    >>> variant_slug({"outlet": "RNZ"})
    'outlet-RNZ'
    >>> variant_slug({"speaker": "Christopher Luxon", "include_appended": True})
    'speaker-Christopher-Luxon--include_appended-true'
    >>> variant_slug({"outlet": "../../etc/passwd"})
    'outlet-etc-passwd-e5f35fea'
    """
    pieces = []
    lossy = False
    for name, value in parameters.items():
        text = _value_text(value)
        lossy = lossy or _PLAIN.fullmatch(text) is None or "/" in text or ".." in text
        safe = re.sub(r"-{2,}", "-", re.sub(r"\.{2,}", "-", _UNSAFE.sub("-", anyascii(text))))
        pieces.append(f"{name}-{safe.strip('-.')}".strip("-."))
    slug = "--".join(pieces).strip("-.")
    whole = json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False, default=str)
    suffix = hashlib.sha256(whole.encode()).hexdigest()[:HASH_LENGTH]
    if len(slug) > MAX_SLUG:
        return f"{slug[: MAX_SLUG - HASH_LENGTH - 1].rstrip('-.')}-{suffix}"
    return f"{slug}-{suffix}" if lossy or not slug else slug


def report_name(notebook_stem: str, non_default: Mapping[str, Any]) -> str:
    """``<notebook>`` for the defaults, else ``<notebook>--<slug>``.

    >>> report_name("01-corpus", {}), report_name("01-corpus", {"outlet": "RNZ"})
    ('01-corpus', '01-corpus--outlet-RNZ')
    """
    return f"{notebook_stem}--{variant_slug(non_default)}" if non_default else notebook_stem


def expand_each(given: Mapping[str, Any], data_dir: Path) -> list[dict[str, Any]]:
    """One parameter mapping per value for every ``NAME=each``; the mapping itself otherwise.

    Raises:
        ValueError: ``each`` for a parameter with no known list of values.
    """
    from newsdesk.pipeline.store import read_table

    expanded: list[dict[str, Any]] = [dict(given)]
    for name, value in given.items():
        if not (isinstance(value, str) and value.strip().lower() == EACH):
            continue
        if name not in EACH_SOURCES:
            known = ", ".join(sorted(EACH_SOURCES))
            raise ValueError(f"-p {name}=each: no list of values for {name!r} (each works for: {known})")
        table, column = EACH_SOURCES[name]
        values = read_table(data_dir, table, columns=[column])[column].dropna().astype(str)
        distinct = sorted({text.strip() for text in values if text.strip()})
        if not distinct:
            raise ValueError(f"-p {name}=each: the {table} table has no {column} values")
        expanded = [{**run, name: item} for run in expanded for item in distinct]
    return expanded


def load_parameter_sets(path: Path) -> list[dict[str, Any]]:
    """The parameter mappings of a YAML parameter-set file (a list of mappings).

    Raises:
        ValueError: the file is missing, not YAML, or not a list of mappings with string keys.
    """
    import yaml

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot read the parameter-set file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    if isinstance(document, Mapping) and isinstance(document.get("runs"), list):
        document = document["runs"]
    if not isinstance(document, list) or not document:
        raise ValueError(f"{path}: expected a list of parameter mappings")
    sets: list[dict[str, Any]] = []
    for number, entry in enumerate(document, start=1):
        if not isinstance(entry, Mapping) or not all(isinstance(key, str) for key in entry):
            raise ValueError(f"{path}: entry {number} is not a mapping of parameter names to values")
        sets.append(dict(entry))
    return sets


def distinct_sets(sets: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The parameter sets with duplicates dropped, first kept."""
    seen: set[str] = set()
    kept = []
    for entry in sets:
        key = json.dumps(dict(entry), sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            kept.append(dict(entry))
    return kept

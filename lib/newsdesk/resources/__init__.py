"""Data files (word lists, gazetteers, patterns); see README.md here for where each came from."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["read_text", "read_word_list"]


def read_text(name: str) -> str:
    """The text of a resource file, as UTF-8."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_word_list(name: str) -> list[str]:
    """Non-blank lines of a resource file, without ``#`` comment lines, stripped.

    >>> "dr" in read_word_list("abbreviations.txt")
    True
    """
    return [
        line.strip()
        for line in read_text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

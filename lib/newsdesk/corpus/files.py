"""Files of the corpus folder, read safely: no symlink out, no FIFO, no file over the limit."""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path

__all__ = ["FileProblem", "inside", "manifest_path", "read_limited", "resolve"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FileProblem(ValueError):
    """A file that cannot be read; ``reason`` is the rejection reason, the message its detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (resolved) lies in ``root`` (resolved)."""
    return path == root or root in path.parents


def manifest_path(value: str, root: Path) -> str:
    """A manifest's ``file`` value as a file name at the top of ``root``, or ``FileProblem``.

    An absolute path or one leading out of the folder is refused whether or not it exists, so
    the answer never tells what exists elsewhere on the machine.

    >>> manifest_path("./a.txt", Path("/corpus"))
    'a.txt'
    >>> manifest_path("../secret.txt", Path("/corpus"))
    Traceback (most recent call last):
    newsdesk.corpus.files.FileProblem: ../secret.txt
    """
    posix = value.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":") or "\x00" in posix:
        raise FileProblem("outside the corpus", value)
    normal = posixpath.normpath(posix)
    if normal == ".." or normal.startswith("../"):
        raise FileProblem("outside the corpus", value)
    if "/" in normal:
        raise FileProblem(
            "in a subfolder", f"{value}: only files at the top of the corpus folder are read"
        )
    return normal


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, never following a final symlink."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as error:
        raise FileProblem("unreadable file", error.strerror or str(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem("not a regular file", _kind(status.st_mode))
        if status.st_size > max_bytes:
            raise FileProblem(
                "too large", f"{status.st_size:,} bytes; the limit is {max_bytes:,} (max_bytes)"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read it
        raise FileProblem("too large", f"over {max_bytes:,} bytes (max_bytes)")
    return data


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):  # fmt: skip
        if test(mode):
            return name
    return "not a regular file"


def resolve(path: Path) -> Path:
    """``path`` with every symlink followed; ``FileProblem`` on a loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python < 3.13)
        raise FileProblem("unreadable file", f"cannot follow the link: {error}") from None

"""One report run per reports folder: a ``filelock`` lock, its holder named, dead runs cleaned up.

The lock file is held with ``flock``, which the system releases when its process dies; beside it
a small holder file says who holds it (``pid@host`` and since when). A run that finds the lock
taken waits a short while, then stops naming the holder. A holder file left by a process that
is no longer running on this host is a stale lock: it is cleared, with a message. Scratch
folders (``.run-*``) and temporary files left by a killed run are removed by the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["LockBusyError", "clean_leftovers", "holder_text", "reports_lock", "restore_exports"]

logger = logging.getLogger(__name__)

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock.holder"
SCRATCH_PREFIX = ".run-"
#: how long a second run waits for the first before it stops (seconds)
DEFAULT_TIMEOUT = 10.0


class LockBusyError(RuntimeError):
    """Another run holds the reports folder."""


def holder_text() -> str:
    """Who this process is, as written in the holder file: ``pid@host``."""
    return f"{os.getpid()}@{socket.gethostname()}"


def _read_holder(path: Path) -> str | None:
    try:
        first = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return first[0].strip() if first and first[0].strip() else None


def _is_dead_here(holder: str) -> bool:
    """True when ``pid@host`` names this host and no process with that pid is running."""
    pid_text, _, host = holder.partition("@")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # running, as another user
        return False
    return False


@contextmanager
def reports_lock(out_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the lock on ``out_dir`` for the duration of the block.

    Raises:
        LockBusyError: another live run held it for longer than ``timeout`` seconds.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    holder_file = out_dir / HOLDER_NAME
    lock = FileLock(str(out_dir / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        holder = _read_holder(holder_file)
        if holder is None or not _is_dead_here(holder):
            raise LockBusyError(
                f"{out_dir}: another report run holds the lock ({holder or 'holder unknown'}); "
                f"stopped after waiting {timeout:g} s"
            ) from None
        # The lock file outlived its process (a filesystem without flock): clear it and retry.
        logger.warning("%s: clearing a stale lock left by %s, which is no longer running", out_dir, holder)
        (out_dir / LOCK_NAME).unlink(missing_ok=True)
        lock = FileLock(str(out_dir / LOCK_NAME), timeout=timeout)
        lock.acquire()
    else:
        previous = _read_holder(holder_file)
        if previous is not None and previous != holder_text():
            logger.warning(
                "%s: cleared a stale lock left by %s, which is no longer running", out_dir, previous
            )
    try:
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        holder_file.write_text(f"{holder_text()}\nsince {started}\n", encoding="utf-8")
        yield
    finally:
        holder_file.unlink(missing_ok=True)
        lock.release()


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove scratch folders and temporary files of runs that died; call with the lock held.

    A killed run may also have moved a report's last good exports aside into its scratch
    folder; those are put back before the scratch folder goes.
    """
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for path in sorted(out_dir.iterdir()):
        if path.is_dir() and path.name.startswith(SCRATCH_PREFIX):
            restore_exports(path, out_dir)
            shutil.rmtree(path, ignore_errors=True)
            logger.warning("%s: removed scratch folder %s left by a run that did not finish", out_dir, path.name)
            removed.append(path)
        elif path.is_file() and path.name.startswith(".") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
            logger.warning("%s: removed temporary file %s left by a run that did not finish", out_dir, path.name)
            removed.append(path)
    return removed


def restore_exports(scratch: Path, out_dir: Path) -> None:
    """Put back the last good exports a run moved aside into its scratch folder and did not finish with."""
    aside = scratch / "previous-exports"
    if not aside.is_dir():
        return
    for folder in aside.iterdir():
        target = out_dir / folder.name
        shutil.rmtree(target, ignore_errors=True)
        os.replace(folder, target)
        logger.warning("%s: restored the last good exports of %s", out_dir, folder.name)

"""One build at a time per output folder: a ``filelock`` lock with its holder (pid@host) beside it.

A second build waits a short while, then stops with a message naming the holder. A lock left by
a process that is gone (same host, pid not running) is cleared with a message. ``flock`` locks
die with their process, so the sidecar mostly serves the message; on a network file system
where they may not, the pid check is what frees a stale lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["BuildLocked", "build_lock"]

logger = logging.getLogger(__name__)

LOCK_NAME = ".build.lock"
HOLDER_NAME = ".build.lock.holder"


class BuildLocked(RuntimeError):
    """Another build holds the output folder."""


def _holder() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(holder: str) -> bool:
    """Whether the recorded holder is a process on this host that no longer runs."""
    pid, _, host = holder.partition("@")
    return host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


@contextlib.contextmanager
def build_lock(out_dir: str | Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the build lock of ``out_dir`` for the duration of the block.

    Raises:
        BuildLocked: another live build held it for longer than ``timeout`` seconds.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sidecar = out_dir / HOLDER_NAME
    recorded = sidecar.read_text(encoding="utf-8").strip() if sidecar.is_file() else ""
    if recorded and _stale(recorded):
        logger.warning("%s: clearing a stale lock of process %s, which is no longer running", out_dir, recorded)
        sidecar.unlink(missing_ok=True)
        (out_dir / LOCK_NAME).unlink(missing_ok=True)
    lock = FileLock(str(out_dir / LOCK_NAME), timeout=timeout, mode=0o666 & ~_umask())
    try:
        lock.acquire()
    except Timeout:
        holder = sidecar.read_text(encoding="utf-8").strip() if sidecar.is_file() else "an unknown process"
        raise BuildLocked(
            f"{out_dir}: another build ({holder}) is writing here; waited {timeout:g} s. "
            "Try again when it has finished."
        ) from None
    try:
        sidecar.write_text(_holder() + "\n", encoding="utf-8")
        yield
    finally:
        sidecar.unlink(missing_ok=True)
        lock.release()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

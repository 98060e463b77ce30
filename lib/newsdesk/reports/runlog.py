"""Every report run appends a readable log to ``reports/logs/YYYY-MM-DD.log``.

A scheduled run has no one watching its terminal; the log says when it ran, on which build,
what each report did and why one failed, one line each.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LOGS_DIR", "run_log"]

LOGS_DIR = "logs"
FORMAT = "%(asctime)s %(levelname)-7s %(message)s"


@contextmanager
def run_log(out_dir: Path) -> Iterator[Path]:
    """Send newsdesk's log records (INFO and up) to today's log file for the block.

    The terminal keeps whatever level it had: the file handler is added beside it, and the
    ``newsdesk`` logger is opened to INFO only for the file's sake.
    """
    folder = out_dir / LOGS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now(dt.UTC):%Y-%m-%d}.log"
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")  # the umask's mode, 0644
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
    package = logging.getLogger("newsdesk")
    previous_level = package.level
    quietened: list[tuple[logging.Handler, int]] = []
    effective = package.getEffectiveLevel()
    if effective > logging.INFO:
        package.setLevel(logging.INFO)
        # keep the terminal as quiet as it was: its handlers would now see INFO records too
        for terminal in logging.getLogger().handlers:
            if terminal.level < effective:
                quietened.append((terminal, terminal.level))
                terminal.setLevel(effective)
    package.addHandler(handler)
    try:
        yield path
    finally:
        package.removeHandler(handler)
        package.setLevel(previous_level)
        for terminal, level in quietened:
            terminal.setLevel(level)
        handler.close()

"""Exercise notebooks generated from their solutions, never kept twice.

A teaching notebook tags each answer cell ``solution``; :func:`make_exercises` writes a copy with
every such cell replaced by an empty code cell holding a prompt, tagged ``exercise``. The outputs
are dropped, so the copy is ready to hand out. ``make exercises`` (or
``python -m newsdesk.reports.exercises SOURCE TARGET``) writes ``exercises/00-tour.ipynb``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

__all__ = ["PROMPT", "make_exercises"]

#: what replaces a solution
PROMPT = "# Your answer here: write the code, run the cell, and compare with the question above.\n"


def make_exercises(source: str | Path, target: str | Path) -> int:
    """Write ``target``: ``source`` with every ``solution`` cell replaced by a prompt.

    Args:
        source: the teaching notebook with its solutions.
        target: where the exercise notebook goes (its folder is created).

    Returns:
        The number of solutions replaced.
    """
    document = nbformat.read(str(source), as_version=4)  # type: ignore[no-untyped-call]
    replaced = 0
    cells = []
    for cell in document.cells:
        if "solution" in cell.metadata.get("tags", []):
            prompt = nbformat.v4.new_code_cell(PROMPT)  # type: ignore[no-untyped-call]
            prompt.metadata["tags"] = ["exercise"]
            prompt.id = cell.get("id", prompt.id)
            cells.append(prompt)
            replaced += 1
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    document.cells = cells
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(document, str(path))  # type: ignore[no-untyped-call]
    return replaced


def main(argv: list[str] | None = None) -> int:
    """``python -m newsdesk.reports.exercises SOURCE TARGET``."""
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 2:
        sys.stderr.write("usage: python -m newsdesk.reports.exercises SOURCE.ipynb TARGET.ipynb\n")
        return 2
    count = make_exercises(arguments[0], arguments[1])
    sys.stdout.write(f"{arguments[1]}: {count} exercises\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a report run reads and writes: the project found from any folder, its paths resolved.

``newsdesk report`` is run by cron and CI from wherever they happen to be. The project is the
folder given with ``--project``, else the nearest parent of the working folder holding both
``notebooks/`` and ``pyproject.toml``; failing both, the run stops with a clear error instead of
finding no notebooks and reporting success.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Project", "ProjectError", "find_project", "notebook_title", "select_notebooks"]

NOTEBOOKS = "notebooks"
MARKER = "pyproject.toml"


class ProjectError(ValueError):
    """No project, or a path that leaves it."""


@dataclass(frozen=True, slots=True)
class Project:
    """The folders of one report run, all absolute."""

    root: Path
    notebooks_dir: Path
    data_dir: Path
    out_dir: Path


def _is_project(folder: Path) -> bool:
    return (folder / NOTEBOOKS).is_dir() and (folder / MARKER).is_file()


def find_project(
    project: str | Path | None = None,
    *,
    start: str | Path | None = None,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
) -> Project:
    """The project and its folders; defaults resolve against the project, not the working folder.

    Args:
        project: the project folder (``--project``); found from ``start`` when None.
        start: where the search begins (default: the working folder).
        data_dir: the built tables (default: ``<project>/data/processed``).
        out_dir: where reports go (default: ``<project>/reports``).
        notebooks_dir: the notebooks (default: ``<project>/notebooks``); must lie inside it.

    Raises:
        ProjectError: no project found, or a notebooks folder outside the project's.
    """
    if project is not None:
        root = Path(project).expanduser().resolve()
        if not _is_project(root):
            raise ProjectError(f"{root}: not a newsdesk project (needs {NOTEBOOKS}/ and {MARKER})")
    else:
        here = Path(start or Path.cwd()).resolve()
        found = next((folder for folder in (here, *here.parents) if _is_project(folder)), None)
        if found is None:
            raise ProjectError(
                f"{here}: no newsdesk project here or in any parent folder "
                f"(a folder with {NOTEBOOKS}/ and {MARKER}); give one with --project DIR"
            )
        root = found

    def resolve(given: str | Path | None, default: Path) -> Path:
        return Path(given).expanduser().resolve() if given is not None else default

    notebooks = resolve(notebooks_dir, root / NOTEBOOKS)
    if not notebooks.is_relative_to(root / NOTEBOOKS):
        raise ProjectError(f"{notebooks}: notebooks run only from the project's {root / NOTEBOOKS}")
    return Project(
        root=root,
        notebooks_dir=notebooks,
        data_dir=resolve(data_dir, root / "data" / "processed"),
        out_dir=resolve(out_dir, root / "reports"),
    )


def select_notebooks(notebooks_dir: Path, names: list[str] | None) -> list[Path]:
    """The notebooks to run: all of ``notebooks_dir``, or the named ones (names, never paths).

    Raises:
        ProjectError: a name with a path in it, a notebook that is not there, or none at all.
    """
    available = {
        path.stem: path
        for path in sorted(notebooks_dir.glob("*.ipynb"))
        if path.resolve().is_relative_to(notebooks_dir.resolve())  # a symlink out is not ours
    }
    if not available:
        raise ProjectError(f"{notebooks_dir}: no notebooks to run")
    if not names:
        return list(available.values())
    chosen = []
    for name in names:
        stem = name.removesuffix(".ipynb")
        if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
            raise ProjectError(f"--notebook {name!r}: give a notebook's name, not a path")
        if stem not in available:
            raise ProjectError(
                f"no such notebook in {notebooks_dir}: {stem} (there are: {', '.join(available)})"
            )
        if available[stem] not in chosen:
            chosen.append(available[stem])
    return chosen


def notebook_title(notebook: Path) -> str:
    """The notebook's first Markdown heading."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return notebook.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return notebook.stem

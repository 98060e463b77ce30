"""Execute the notebooks with papermill into reports: ``.ipynb``, ``.html`` (code hidden), index.

A report is rerun only when its notebook, the tables or the parameters changed. Each report is
written to a temporary file and renamed into place, so a notebook that fails leaves the last good
report as it was; the failure is named (notebook and reason) and the other reports still run.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import html
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.pipeline.store import has_build, read_json, read_stamp, write_json_atomic

__all__ = ["ReportOutcome", "parse_parameters", "run_reports", "write_index"]

logger = logging.getLogger(__name__)

STAMPS_NAME = ".stamps.json"


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What happened to one notebook."""

    name: str
    status: str  # "written", "up to date" or "failed: ..."
    error: str | None = None


def parse_parameters(pairs: Iterable[str]) -> dict[str, Any]:
    """``key=value`` pairs; values are Python literals when they parse as one, else strings.

    >>> parse_parameters(["outlet=RNZ", "top_n=20", "entities=['Ukraine', 'Russia']"])
    {'outlet': 'RNZ', 'top_n': 20, 'entities': ['Ukraine', 'Russia']}
    """
    parameters: dict[str, Any] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip():
            raise ValueError(f"parameter {pair!r} is not key=value")
        try:
            parameters[key.strip()] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parameters[key.strip()] = value
    return parameters


def _digest(notebook: Path, data_dir: Path, parameters: Mapping[str, Any]) -> str:
    from newsdesk.pipeline.build import code_fingerprint

    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(code_fingerprint().encode())
    build = read_stamp(data_dir) or {}
    digest.update(str(build.get("fingerprint")).encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _title(notebook: Path) -> str:
    """The notebook's first Markdown heading, for the index."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return notebook.stem


def _atomic_write(path: Path, content: str) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.replace(temporary, path)


def _execute(notebook: Path, out_dir: Path, parameters: Mapping[str, Any]) -> None:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    with tempfile.TemporaryDirectory(prefix=".run-", dir=out_dir) as scratch:
        executed = Path(scratch) / notebook.name
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=dict(parameters),
            cwd=str(notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
        )
        document = nbformat.read(executed, as_version=4)  # type: ignore[no-untyped-call]
        exporter = HTMLExporter(  # type: ignore[no-untyped-call]
            template_name="newsdesk_offline",
            extra_template_basedirs=[str(Path(__file__).parent.parent / "resources" / "nbconvert")],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        body, _ = exporter.from_notebook_node(document, resources={"metadata": {"name": _title(notebook)}})
        _atomic_write(out_dir / notebook.name, executed.read_text(encoding="utf-8"))
        _atomic_write(out_dir / f"{notebook.stem}.html", body)


def _reason(error: BaseException) -> str:
    """A short reason: papermill's cell error name and message, not the whole traceback."""
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error))
    return f"{name}: {str(value).strip().splitlines()[0] if str(value).strip() else ''}"


def run_reports(
    notebooks_dir: str | Path = "notebooks",
    data_dir: str | Path = "data/processed",
    out_dir: str | Path = "reports",
    names: Sequence[str] | None = None,
    parameters: Mapping[str, Any] | None = None,
    jobs: int = 1,
    force: bool = False,
) -> list[ReportOutcome]:
    """Execute notebooks into reports and rewrite the index.

    Args:
        notebooks_dir: folder of parameterised notebooks.
        data_dir: the built tables (passed to each notebook as ``data_dir``).
        out_dir: where reports go.
        names: notebook names or stems to run (default: all).
        parameters: extra parameters for every notebook.
        jobs: notebooks run at once.
        force: rerun even when nothing changed.

    Returns:
        One outcome per notebook.
    """
    # Absolute paths: papermill changes the working directory while a notebook runs, and with
    # jobs > 1 another notebook may be starting at the same moment.
    notebooks_dir, data_dir, out_dir = (Path(p).resolve() for p in (notebooks_dir, data_dir, out_dir))
    if not has_build(data_dir):
        raise FileNotFoundError(f"{data_dir}: no built tables; run `newsdesk build` first")
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if names:
        wanted = {Path(name).stem for name in names}
        missing = wanted - {path.stem for path in notebooks}
        if missing:
            raise FileNotFoundError(f"no such notebook in {notebooks_dir}: {', '.join(sorted(missing))}")
        notebooks = [path for path in notebooks if path.stem in wanted]
    out_dir.mkdir(parents=True, exist_ok=True)
    stamps: dict[str, str] = read_json(out_dir / STAMPS_NAME) or {}
    run_parameters = {"data_dir": str(data_dir), **(parameters or {})}

    def run(notebook: Path) -> ReportOutcome:
        digest = _digest(notebook, data_dir, run_parameters)
        html_path = out_dir / f"{notebook.stem}.html"
        if not force and stamps.get(notebook.stem) == digest and html_path.exists():
            return ReportOutcome(notebook.stem, "up to date")
        logger.info("%s: running", notebook.name)
        try:
            _execute(notebook, out_dir, run_parameters)
        except Exception as error:  # a report failing must not stop the others
            reason = _reason(error)
            logger.error("%s: failed (%s); the previous report, if any, is kept", notebook.name, reason)
            return ReportOutcome(notebook.stem, f"failed: {reason}", reason)
        stamps[notebook.stem] = digest
        return ReportOutcome(notebook.stem, "written")

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = list(pool.map(run, notebooks))
    write_json_atomic(out_dir / STAMPS_NAME, stamps)
    write_index(out_dir, [(path, _title(path)) for path in sorted(notebooks_dir.glob("*.ipynb"))], data_dir)
    return outcomes


def write_index(out_dir: Path, notebooks: Sequence[tuple[Path, str]], data_dir: Path) -> None:
    """``index.html``: one link per report that exists, with the build it was made from."""
    build = read_stamp(data_dir) or {}
    items = "\n".join(
        f'<li><a href="{html.escape(path.stem)}.html">{html.escape(title)}</a> '
        f'<span class="file">({html.escape(path.stem)})</span></li>'
        for path, title in notebooks
        if (out_dir / f"{path.stem}.html").exists()
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsdesk reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;line-height:1.5;color:#222}}
li{{margin:.4rem 0}} .file,.meta{{color:#666;font-size:.9em}}</style></head>
<body><h1>newsdesk reports</h1>
<p class="meta">Corpus <code>{html.escape(str(build.get("corpus", "?")))}</code>:
{html.escape(str(build.get("summary", "")))}. Tables built {html.escape(str(build.get("built", "?")))};
index written {stamp}.</p>
<ul>
{items}
</ul></body></html>
"""
    _atomic_write(out_dir / "index.html", page)

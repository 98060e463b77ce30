"""Execute one notebook with papermill on the project kernel, and turn it into an HTML report.

Everything is first written into a scratch folder inside the reports folder and renamed into
place only when the notebook ran to the end, so a failing notebook leaves its last good report
(and its figures and tables) as they were. A failure keeps the executed notebook under
``failed/`` and says which cell failed and with what exception.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.pipeline.store import write_text_atomic

__all__ = ["Failure", "Outcome", "execute_report", "kernel_name"]

logger = logging.getLogger(__name__)

KERNEL = "newsdesk"
FALLBACK_KERNEL = "python3"
FAILED_DIR = "failed"
#: the kernel's own log stays quiet: no "running over TCP without encryption" warning and no
#: "KeyboardInterrupt caught in kernel" when papermill shuts it down after a successful run
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL",)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Failure:
    """Where and how a notebook failed."""

    cell: int | None  # index (from 0) of the failing cell in the notebook as stored, when known
    source: str  # that cell's code
    ename: str
    evalue: str
    traceback: str

    def reason(self) -> str:
        """``Name: first line of the message``."""
        first = self.evalue.strip().splitlines()[0] if self.evalue.strip() else ""
        return f"{self.ename}: {first}" if first else self.ename


@dataclass(frozen=True, slots=True)
class Outcome:
    """What executing one report did."""

    seconds: float
    failure: Failure | None = None


_chosen_kernel: str | None = None


def kernel_name() -> str:
    """``newsdesk`` when that kernel is registered (``make install``), else ``python3``, warned once."""
    global _chosen_kernel
    if _chosen_kernel is None:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            KernelSpecManager().get_kernel_spec(KERNEL)
            _chosen_kernel = KERNEL
        except NoSuchKernel:
            logger.warning(
                "no %r kernel registered (run `make install`); running the reports on %r",
                KERNEL,
                FALLBACK_KERNEL,
            )
            _chosen_kernel = FALLBACK_KERNEL
    return _chosen_kernel


def _quiet_jupyter() -> None:
    # jupyter_core warns about its platform folders on every start unless this is set
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    for name in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _source_cell(executed: Path, index: Any) -> int | None:
    """The failing cell's index in the notebook as stored (papermill adds a cell when it runs it)."""
    if not isinstance(index, int):
        return None
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return index
    tags = [cell.get("metadata", {}).get("tags", []) for cell in cells]
    ran = [cell_tags for cell_tags in tags if "papermill-error-cell-tag" not in cell_tags][:index]
    return index - sum("injected-parameters" in cell_tags for cell_tags in ran)


def _failure(error: BaseException, executed: Path) -> Failure:
    """The failing cell and the exception, from papermill's error when it has them."""
    traceback = getattr(error, "traceback", None)
    text = "\n".join(traceback) if isinstance(traceback, list) else str(traceback or "")
    return Failure(
        cell=_source_cell(executed, getattr(error, "cell_index", None)),
        source=str(getattr(error, "source", "") or ""),
        ename=str(getattr(error, "ename", type(error).__name__)),
        evalue=str(getattr(error, "evalue", error)),
        traceback=_ANSI.sub("", text),
    )


def _export_html(executed: Path, title: str) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    document = nbformat.read(executed, as_version=4)  # type: ignore[no-untyped-call]
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="newsdesk_offline",
        extra_template_basedirs=[str(Path(__file__).parent.parent / "resources" / "nbconvert")],
        # a notebook whose metadata says newsdesk.show_code (the tour, for a class) keeps its code
        exclude_input=not document.metadata.get("newsdesk", {}).get("show_code", False),
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(document, resources={"metadata": {"name": title}})
    return str(body)


def execute_report(
    notebook: Path,
    name: str,
    title: str,
    out_dir: Path,
    scratch: Path,
    parameters: Mapping[str, Any],
    declared: frozenset[str],
) -> Outcome:
    """Run ``notebook`` as report ``name`` into ``out_dir`` (``name.html``, ``name.ipynb``, ``name/``).

    Args:
        notebook: the notebook to run.
        name: the report's name (``<notebook>`` or ``<notebook>--<slug>``).
        title: the report's title (its notebook's first heading).
        out_dir: the reports folder.
        scratch: a private scratch folder inside ``out_dir`` (removed by the caller).
        parameters: the user's parameters (checked) and ``data_dir``.
        declared: the parameter names the notebook declares (``export_dir`` only goes to those).

    Returns:
        How long it took and, for a failure, where and why.
    """
    import papermill

    _quiet_jupyter()
    work = scratch / name
    work.mkdir(parents=True)
    executed = work / f"{name}.ipynb"
    final_exports = out_dir / name
    given = dict(parameters)
    if "export_dir" in declared:
        # The contract: the report's own folder, absolute. The last good one is moved aside
        # first and put back if this run fails (or by the next run if this one is killed).
        given["export_dir"] = str(final_exports)
        aside = scratch / "previous-exports"
        if final_exports.exists():
            aside.mkdir(exist_ok=True)
            os.replace(final_exports, aside / name)
        final_exports.mkdir()
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=given,
            cwd=str(notebook.parent),
            kernel_name=kernel_name(),
            progress_bar=False,
            log_output=False,
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
        body = _export_html(executed, title)
    except Exception as error:  # a report failing must not stop the others
        seconds = time.perf_counter() - started
        if executed.exists():
            write_text_atomic(out_dir / FAILED_DIR / f"{name}.ipynb", executed.read_text(encoding="utf-8"))
        if "export_dir" in declared:
            shutil.rmtree(final_exports, ignore_errors=True)
            if (scratch / "previous-exports" / name).exists():
                os.replace(scratch / "previous-exports" / name, final_exports)
        return Outcome(seconds, _failure(error, executed))
    write_text_atomic(out_dir / f"{name}.ipynb", executed.read_text(encoding="utf-8"))
    write_text_atomic(out_dir / f"{name}.html", body)
    (out_dir / FAILED_DIR / f"{name}.ipynb").unlink(missing_ok=True)
    shutil.rmtree(scratch / "previous-exports" / name, ignore_errors=True)
    if "export_dir" in declared and not any(final_exports.iterdir()):
        final_exports.rmdir()  # a report that exported nothing leaves no empty folder
    return Outcome(time.perf_counter() - started)

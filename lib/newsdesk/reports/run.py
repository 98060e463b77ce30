"""Execute the notebooks with papermill into reports: ``.html`` (code hidden), ``.ipynb``, index.

A run first plans every report it was asked for: each notebook's parameters are checked against
its tagged parameters cell and converted, ``NAME=each`` and parameter-set files are expanded,
and every report gets its name (the notebook's, or a named variant). Any refusal stops the run
there, before anything is written. Then, holding the reports folder's lock, it runs the reports
whose inputs changed, writes the article pages when the tables changed, and redraws the index.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import shutil
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.pipeline.store import has_build, read_json, write_json_atomic
from newsdesk.reports.execute import execute_report
from newsdesk.reports.index import write_index
from newsdesk.reports.lock import (
    DEFAULT_TIMEOUT,
    SCRATCH_PREFIX,
    clean_leftovers,
    holder_text,
    reports_lock,
    restore_exports,
)
from newsdesk.reports.params import (
    ParameterError,
    check_parameters,
    parse_pairs,
    read_parameters,
    user_parameters,
)
from newsdesk.reports.project import notebook_title, select_notebooks
from newsdesk.reports.records import (
    build_info,
    code_hash,
    load_records,
    now_text,
    report_digest,
    report_inputs,
    save_records,
)
from newsdesk.reports.runlog import run_log
from newsdesk.reports.variants import distinct_sets, expand_each, report_name

__all__ = ["PlannedReport", "ReportOutcome", "parse_parameters", "plan_reports", "run_reports"]

logger = logging.getLogger(__name__)

ARTICLES_MODULE = "newsdesk.reports.articles"
#: each notebook's parameters as papermill read them, by notebook hash
SCHEMAS_NAME = ".schemas.json"


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What happened to one report."""

    name: str
    status: str  # "written", "up to date" or "failed: ..."
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedReport:
    """One report a run was asked for, its parameters checked."""

    notebook: Path
    name: str
    title: str
    non_default: dict[str, Any]  # the user's parameters that differ from the notebook's defaults
    declared: frozenset[str] = field(default_factory=frozenset)


def parse_parameters(pairs: Sequence[str]) -> dict[str, str]:
    """``-p key=value`` pairs, names checked to be identifiers (values converted later).

    >>> parse_parameters(["outlet=RNZ", "top_n=20"])
    {'outlet': 'RNZ', 'top_n': '20'}
    """
    return parse_pairs(pairs)


def plan_reports(
    notebooks: Sequence[Path],
    parameter_sets: Sequence[Mapping[str, Any]],
    data_dir: Path,
    chosen: bool = True,
    schema_cache: dict[str, Any] | None = None,
) -> list[PlannedReport]:
    """Every report asked for, each notebook's parameters checked and converted.

    When the notebooks were ``chosen`` (``--notebook``), each must declare every parameter
    given; otherwise parameters go to the notebooks that declare them all, and a name that no
    notebook declares is refused.

    Raises:
        ParameterError: an unknown name, a name that is not an identifier, a badly typed value.
        ValueError: ``each`` for a parameter without a list of values.
    """
    planned: dict[str, PlannedReport] = {}
    schemas = {notebook: read_parameters(notebook, schema_cache) for notebook in notebooks}
    for given in parameter_sets:
        targets = list(notebooks)
        if not chosen and given:
            targets = [notebook for notebook in notebooks if set(given) <= set(user_parameters(schemas[notebook]))]
            if not targets:
                unknown = sorted(set(given) - {name for schema in schemas.values() for name in user_parameters(schema)})
                valid = "; ".join(f"{n.stem}: {', '.join(user_parameters(schemas[n])) or 'none'}" for n in notebooks)
                what = f"no parameter {', '.join(map(repr, unknown))}" if unknown else f"no notebook takes all of {', '.join(map(repr, given))}"
                raise ParameterError(f"{what}; valid: {valid}")
        for notebook in targets:
            schema = schemas[notebook]
            title = notebook_title(notebook)
            for run in expand_each(given, data_dir):
                checked = check_parameters(notebook.stem, schema, run)
                non_default = {
                    name: checked[name]
                    for name in schema
                    if name in checked and checked[name] != schema[name].default
                }
                name = report_name(notebook.stem, non_default)
                planned.setdefault(name, PlannedReport(notebook, name, title, non_default, frozenset(schema)))
    return list(planned.values())


def _run_parameters(report: PlannedReport, data_dir: Path) -> dict[str, Any]:
    parameters = dict(report.non_default)
    if "data_dir" in report.declared:
        parameters["data_dir"] = str(data_dir)
    return parameters


def _write_articles(data_dir: Path, out_dir: Path, records: dict[str, Any], digest: str, force: bool) -> None:
    """The article pages, once per run, when that module exists and the tables or code changed."""
    if importlib.util.find_spec(ARTICLES_MODULE) is None:
        return
    previous = records.get("articles") or {}
    if not force and previous.get("digest") == digest and (out_dir / "articles").is_dir():
        logger.info("article pages: up to date")
        return
    try:
        module = importlib.import_module(ARTICLES_MODULE)
        written = module.write_article_pages(data_dir, out_dir)
    except Exception as error:  # the reports are written; a page failure must not hide them
        logger.error("article pages: failed (%s: %s)", type(error).__name__, error)
        records["articles"] = {"digest": None, "when": now_text(), "error": str(error)}
        return
    records["articles"] = {"digest": digest, "when": now_text(), "count": len(written)}
    logger.info("article pages: %d written", len(written))


def run_reports(
    notebooks_dir: str | Path = "notebooks",
    data_dir: str | Path = "data/processed",
    out_dir: str | Path = "reports",
    names: Sequence[str] | None = None,
    parameters: Mapping[str, Any] | None = None,
    parameter_sets: Sequence[Mapping[str, Any]] | None = None,
    jobs: int = 1,
    force: bool = False,
    lock_timeout: float = DEFAULT_TIMEOUT,
) -> list[ReportOutcome]:
    """Execute notebooks into reports, write the article pages and redraw the index.

    Args:
        notebooks_dir: folder of parameterised notebooks.
        data_dir: the built tables (passed to each notebook as ``data_dir``).
        out_dir: where reports go.
        names: notebook names to run (default: all).
        parameters: parameters for every notebook (strings are converted to the declared type;
            ``NAME=each`` expands to one report per value).
        parameter_sets: one report per mapping (each merged under ``parameters``).
        jobs: reports run at once.
        force: rerun even when nothing changed.
        lock_timeout: how long to wait for another run holding the reports folder.

    Returns:
        One outcome per report.

    Raises:
        ParameterError, ValueError, FileNotFoundError: refused before anything is written.
        LockBusyError: another run holds the reports folder.
    """
    # Absolute paths: papermill changes the working folder while a notebook runs.
    notebooks_dir, data_dir, out_dir = (Path(p).resolve() for p in (notebooks_dir, data_dir, out_dir))
    if not has_build(data_dir):
        raise FileNotFoundError(f"{data_dir}: no built tables; run `newsdesk build` first")
    notebooks = select_notebooks(notebooks_dir, list(names) if names else None)
    sets = distinct_sets([{**entry, **(parameters or {})} for entry in (parameter_sets or [{}])])
    schema_cache = dict(read_json(out_dir / SCHEMAS_NAME) or {})  # read only: nothing written yet
    known = set(schema_cache)
    planned = plan_reports(notebooks, sets, data_dir, chosen=bool(names), schema_cache=schema_cache)
    # every refusal happened above; from here on, files are written

    with reports_lock(out_dir, lock_timeout), run_log(out_dir) as log_path:
        logger.info("run started by %s: %d report(s) asked for, data %s", holder_text(), len(planned), data_dir)
        clean_leftovers(out_dir)
        if set(schema_cache) != known:
            write_json_atomic(out_dir / SCHEMAS_NAME, schema_cache)
        records = load_records(out_dir)
        build = build_info(data_dir, records)
        code = code_hash()
        logger.info(
            "newsdesk %s; build %s of %s: %s articles, content %s",
            build["version"], build["fingerprint"][:12], build["built"], build["n_articles"], build["content_hash"],
        )  # fmt: skip
        scratch = out_dir / f"{SCRATCH_PREFIX}{os.getpid()}-{os.urandom(3).hex()}"
        scratch.mkdir()
        guard = threading.Lock()

        def run(report: PlannedReport) -> ReportOutcome:
            run_parameters = _run_parameters(report, data_dir)
            digest = report_digest(report.notebook, code, build, run_parameters)
            with guard:
                record = dict(records["reports"].get(report.name) or {})
            if (
                not force
                and record.get("digest") == digest
                and record.get("status") == "ok"
                and (out_dir / f"{report.name}.html").exists()
            ):
                logger.info("%s: up to date", report.name)
                return ReportOutcome(report.name, "up to date")
            logger.info("%s: running %s with %s", report.name, report.notebook.name, report.non_default or "defaults")
            outcome = execute_report(
                report.notebook, report.name, report.title, out_dir, scratch, run_parameters, report.declared
            )
            record.update(
                name=report.name,
                notebook=report.notebook.stem,
                parameters=report.non_default,
                run_parameters=run_parameters,
            )
            if outcome.failure is None:
                record.update(
                    status="ok",
                    digest=digest,
                    inputs=report_inputs(report.notebook, code, build),
                    failure=None,
                    last_ok={"when": now_text(), "seconds": round(outcome.seconds, 2), "build": build},
                )
                logger.info("%s: written in %.1f s", report.name, outcome.seconds)
                result = ReportOutcome(report.name, "written")
            else:
                failure = outcome.failure
                record.update(
                    status="failed",
                    failed_when=now_text(),
                    failed_seconds=round(outcome.seconds, 2),
                    failure={
                        "cell": failure.cell,
                        "source": failure.source,
                        "ename": failure.ename,
                        "evalue": failure.evalue,
                        "traceback": failure.traceback,
                    },
                )
                kept = "the last good report is kept" if (out_dir / f"{report.name}.html").exists() else "no earlier report"
                where = f"in cell {failure.cell + 1}" if failure.cell is not None else "before any cell ran"
                logger.error("%s: failed %s (%s); %s", report.name, where, failure.reason(), kept)
                result = ReportOutcome(report.name, f"failed: {failure.reason()}", failure.reason())
            with guard:
                records["reports"][report.name] = record
                save_records(out_dir, records)  # a run killed later still remembers this report
            return result

        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                outcomes = list(pool.map(run, planned))
            _write_articles(data_dir, out_dir, records, f"{build['fingerprint']}:{build['content_hash']}:{code}", force)
            save_records(out_dir, records)
            _index(out_dir, notebooks_dir, data_dir, records, code, build)
        finally:
            restore_exports(scratch, out_dir)  # interrupted mid-report: its last good exports return
            shutil.rmtree(scratch, ignore_errors=True)
        ready = sum(outcome.error is None for outcome in outcomes)
        logger.info("run finished: %d of %d report(s) ready; log %s", ready, len(outcomes), log_path.name)
    return outcomes


def _index(
    out_dir: Path,
    notebooks_dir: Path,
    data_dir: Path,
    records: Mapping[str, Any],
    code: str,
    build: Mapping[str, Any],
) -> None:
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    current: dict[str, dict[str, Any]] = {}
    for name, record in dict(records.get("reports") or {}).items():
        notebook = notebooks_dir / f"{record.get('notebook')}.ipynb"
        digest, inputs = None, {}
        if notebook.exists():
            inputs = report_inputs(notebook, code, build)
            parameters = dict(record.get("run_parameters") or {})
            if "data_dir" in parameters:
                parameters["data_dir"] = str(data_dir)
            digest = report_digest(notebook, code, build, parameters)
        current[name] = {"digest": digest, "inputs": inputs}
    write_index(out_dir, records, [(path.stem, notebook_title(path)) for path in notebooks], current)

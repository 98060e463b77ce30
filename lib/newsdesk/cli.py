"""The newsdesk command: build the tables of a corpus, then report them through the notebooks."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

logger = logging.getLogger("newsdesk")


def _positive(value: str) -> int:
    """A whole number of at least 1 (partitions, workers, jobs)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return number


def _parser() -> argparse.ArgumentParser:
    from newsdesk import __version__

    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description=__doc__,
        epilog="Run 'newsdesk build --help' or 'newsdesk report --help' for each command's options.",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="read, clean and analyse a corpus into tables")
    build.add_argument("corpus", nargs="?", default="seeds", help="folder of articles (default: seeds)")
    build.add_argument("--out", default="data/processed", help="where the tables go (default: data/processed)")
    build.add_argument("--engine", choices=["pandas", "dask"], default="pandas", help="run the stages with pandas or over Dask partitions")
    build.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786 (with --engine dask)")
    build.add_argument("--strict", action="store_true", help="write nothing (exit 1) if any file is set aside or flagged")
    build.add_argument("--force", action="store_true", help="analyse every article again, even if unchanged")
    build.add_argument("--partition-size", type=_positive, default=1000, metavar="N", help="articles per partition (default: 1000)")
    build.add_argument("--workers", type=_positive, help="local Dask workers (default: one per core)")

    report = commands.add_parser(
        "report",
        help="execute the notebooks into HTML reports and an index",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Execute the project's notebooks with papermill into reports/NAME.html, NAME.ipynb\n"
            "and index.html. Parameters are checked against each notebook's parameters cell\n"
            "before anything runs; non-default parameters write a named variant\n"
            "(NAME--SLUG.html) beside the default report. Only reports whose notebook, code,\n"
            "tables or parameters changed are rerun."
        ),
        epilog=(
            "examples:\n"
            "  newsdesk report --list\n"
            "  newsdesk report --notebook 01-corpus -p outlet=RNZ\n"
            "  newsdesk report --notebook 03-quotes -p speaker=each\n"
            "  newsdesk report --notebook 05-speaker --params-file notebooks/params/speakers.yaml\n"
            "\n"
            "exit status: 0 all reports ready, 1 a report failed, 2 refused (nothing written)"
        ),
    )
    report.add_argument("--list", action="store_true", help="list every notebook with its typed parameters, then stop")
    report.add_argument("--notebook", action="append", dest="notebooks", metavar="NAME", help="only this notebook, by name (repeatable)")
    report.add_argument("-p", action="append", dest="parameters", default=[], metavar="KEY=VALUE", help="a notebook parameter (repeatable); KEY=each runs once per value (speaker, focus, outlet)")
    report.add_argument("--params-file", metavar="YAML", help="a YAML list of parameter mappings: one report per entry")
    report.add_argument("--project", metavar="DIR", help="the project folder (default: the nearest parent with notebooks/ and pyproject.toml)")
    report.add_argument("--data", help="the built tables (default: PROJECT/data/processed)")
    report.add_argument("--out", help="where the reports go (default: PROJECT/reports)")
    report.add_argument("--notebooks-dir", help="where the notebooks are, inside PROJECT/notebooks (default: PROJECT/notebooks)")
    report.add_argument("--jobs", type=_positive, default=1, help="reports run at once (default: 1)")
    report.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    report.add_argument("--lock-timeout", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another run on the same reports folder (default: 10)")
    return parser


def _build(args: argparse.Namespace) -> int:
    from newsdesk.pipeline.build import BuildConfig, StrictRefusal, build
    from newsdesk.pipeline.lock import BuildLocked

    config = BuildConfig(engine=args.engine, scheduler=args.scheduler, workers=args.workers, strict=args.strict,
                         partition_size=args.partition_size, force=args.force)  # fmt: skip
    try:
        report = build(args.corpus, args.out, config)
    except StrictRefusal as refusal:
        # --strict refuses warnings too (a date dropped, a field cut): rejected.csv must be empty.
        for rejection in refusal.rejections:
            print(f"newsdesk build: {rejection.severity}: {rejection.file}: {rejection.reason}", file=sys.stderr)
        print(f"newsdesk build: {refusal}", file=sys.stderr)
        return 1
    except BuildLocked as locked:
        print(f"newsdesk build: {locked}", file=sys.stderr)
        return 75
    if report.up_to_date:
        print(f"newsdesk build: {args.out} is up to date with {args.corpus}")
        return 0
    print(f"newsdesk build: {report.summary}; {report.stamp.get('analysed')} analysed → {args.out}")
    return 0


def _list_notebooks(notebooks: list[Path]) -> int:
    from newsdesk.reports.params import describe_parameters, read_parameters
    from newsdesk.reports.project import notebook_title

    for notebook in notebooks:
        print(describe_parameters(notebook.stem, notebook_title(notebook), read_parameters(notebook)))
    return 0


def _report(args: argparse.Namespace) -> int:
    from newsdesk.reports.project import find_project, select_notebooks
    from newsdesk.reports.run import parse_parameters, run_reports
    from newsdesk.reports.variants import load_parameter_sets

    project = find_project(args.project, data_dir=args.data, out_dir=args.out, notebooks_dir=args.notebooks_dir)
    if args.list:
        return _list_notebooks(select_notebooks(project.notebooks_dir, args.notebooks))
    parameter_sets = None
    if args.params_file:
        given = Path(args.params_file)
        candidates = [given] if given.is_absolute() else [Path.cwd() / given, project.root / given]
        parameter_sets = load_parameter_sets(next((path for path in candidates if path.exists()), candidates[0]))
    outcomes = run_reports(
        notebooks_dir=project.notebooks_dir,
        data_dir=project.data_dir,
        out_dir=project.out_dir,
        names=args.notebooks,
        parameters=parse_parameters(args.parameters),
        parameter_sets=parameter_sets,
        jobs=args.jobs,
        force=args.force,
        lock_timeout=args.lock_timeout,
    )
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in outcomes:
        print(f"newsdesk report: {outcome.name}: {outcome.status}")
    print(f"newsdesk report: {len(outcomes) - len(failed)} of {len(outcomes)} reports ready → {project.out_dir / 'index.html'}")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsdesk`` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="newsdesk: %(message)s",
        stream=sys.stderr,
    )
    from newsdesk.reports.lock import LockBusyError

    try:
        return _build(args) if args.command == "build" else _report(args)
    except (FileNotFoundError, NotADirectoryError, ValueError, PermissionError, LockBusyError) as error:
        print(f"newsdesk {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"newsdesk {args.command}: interrupted; earlier output left as it was", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())

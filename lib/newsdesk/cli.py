"""The ``newsdesk`` command: ``build`` the tables, ``report`` the notebooks."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

logger = logging.getLogger("newsdesk")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="read, clean and analyse a corpus into tables")
    build.add_argument("corpus", nargs="?", default="seeds", help="folder of articles (default: seeds)")
    build.add_argument("--out", default="data/processed", help="where the tables go (default: data/processed)")
    build.add_argument("--engine", choices=["pandas", "dask"], default="pandas", help="run the stages with pandas or over Dask partitions")
    build.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786 (with --engine dask)")
    build.add_argument("--strict", action="store_true", help="write nothing if any file is set aside")
    build.add_argument("--force", action="store_true", help="analyse every article again, even if unchanged")
    build.add_argument("--partition-size", type=int, default=1000, metavar="N", help="articles per partition (default: 1000)")
    build.add_argument("--workers", type=int, help="local Dask workers (default: one per core)")

    report = commands.add_parser("report", help="execute the notebooks into reports")
    report.add_argument("--notebook", action="append", dest="notebooks", metavar="NAME", help="only this notebook (repeatable)")
    report.add_argument("-p", action="append", dest="parameters", default=[], metavar="KEY=VALUE", help="a notebook parameter (repeatable)")
    report.add_argument("--data", default="data/processed", help="the built tables (default: data/processed)")
    report.add_argument("--out", default="reports", help="where the reports go (default: reports)")
    report.add_argument("--notebooks-dir", default="notebooks", help="where the notebooks are (default: notebooks)")
    report.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
    report.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    return parser


def _build(args: argparse.Namespace) -> int:
    from newsdesk.pipeline.build import BuildConfig, StrictRefusal, build
    from newsdesk.pipeline.lock import BuildLocked

    config = BuildConfig(engine=args.engine, scheduler=args.scheduler, workers=args.workers, strict=args.strict,
                         partition_size=args.partition_size, force=args.force)  # fmt: skip
    try:
        report = build(args.corpus, args.out, config)
    except StrictRefusal as refusal:
        for rejection in refusal.rejections:
            print(f"newsdesk build: {rejection.file}: {rejection.reason}", file=sys.stderr)
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


def _report(args: argparse.Namespace) -> int:
    from newsdesk.reports.run import parse_parameters, run_reports

    outcomes = run_reports(
        notebooks_dir=args.notebooks_dir,
        data_dir=args.data,
        out_dir=args.out,
        names=args.notebooks,
        parameters=parse_parameters(args.parameters),
        jobs=args.jobs,
        force=args.force,
    )
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in outcomes:
        print(f"newsdesk report: {outcome.name}: {outcome.status}")
    print(f"newsdesk report: {len(outcomes) - len(failed)} of {len(outcomes)} reports ready → {Path(args.out) / 'index.html'}")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsdesk`` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="newsdesk: %(message)s",
        stream=sys.stderr,
    )
    try:
        return _build(args) if args.command == "build" else _report(args)
    except (FileNotFoundError, NotADirectoryError, ValueError, PermissionError) as error:
        print(f"newsdesk {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"newsdesk {args.command}: interrupted; earlier output left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

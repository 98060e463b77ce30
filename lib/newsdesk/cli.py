"""The ``newsdesk`` command: ``build`` the tables, ``report`` the notebooks."""

from __future__ import annotations

import argparse
import datetime as dt
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
    build.add_argument(
        "corpus", nargs="?", default="seeds", help="folder of articles (default: seeds)"
    )
    build.add_argument(
        "--out", default="data/processed", help="where the tables go (default: data/processed)"
    )
    build.add_argument(
        "--engine",
        choices=["pandas", "dask"],
        default="pandas",
        help="run the stages with pandas or over Dask partitions",
    )
    build.add_argument("--scheduler", help="address of a Dask scheduler (with --engine dask)")
    build.add_argument("--strict", action="store_true", help="write nothing (exit 1) if any file is set aside or flagged")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")

    report = commands.add_parser("report", help="execute the notebooks into reports")
    report.add_argument(
        "--notebook",
        action="append",
        dest="notebooks",
        metavar="NAME",
        help="only this notebook (repeatable)",
    )
    report.add_argument(
        "-p",
        action="append",
        dest="parameters",
        default=[],
        metavar="KEY=VALUE",
        help="a notebook parameter (repeatable)",
    )
    report.add_argument(
        "--data", default="data/processed", help="the built tables (default: data/processed)"
    )
    report.add_argument("--out", default="reports", help="where the reports go (default: reports)")
    report.add_argument(
        "--notebooks-dir", default="notebooks", help="where the notebooks are (default: notebooks)"
    )
    report.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
    report.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    return parser


def _build(args: argparse.Namespace) -> int:
    from newsdesk.pipeline.build import (
        BuildConfig,
        build_corpus,
        fingerprint,
        up_to_date,
        write_build,
    )

    config = BuildConfig(engine=args.engine, scheduler=args.scheduler, strict=args.strict)
    stamp = fingerprint(args.corpus, config)
    if not args.force and up_to_date(args.out, stamp):
        print(f"newsdesk build: {args.out} is up to date with {args.corpus}")
        return 0
    result = build_corpus(args.corpus, config)
    if args.strict and result.rejections:
        # --strict refuses warnings too (a date dropped, a field cut): rejected.csv must be empty.
        for rejection in result.rejections:
            print(f"newsdesk build: {rejection.severity}: {rejection.file}: {rejection.reason}", file=sys.stderr)
        print(f"newsdesk build: --strict: {len(result.rejections)} set aside or flagged; nothing written", file=sys.stderr)
        return 1
    write_build(result, args.out, {
        "fingerprint": stamp, "corpus": str(args.corpus), "corpus_path": str(Path(args.corpus).resolve()),
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "summary": result.summary(),
    })  # fmt: skip
    print(f"newsdesk build: {result.summary()} → {args.out}")
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
    print(
        f"newsdesk report: {len(outcomes) - len(failed)} of {len(outcomes)} reports ready → {Path(args.out) / 'index.html'}"
    )
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
        print(
            f"newsdesk {args.command}: interrupted; earlier output left as it was", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())

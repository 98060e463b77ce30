"""Throughput and memory of the whole `newsdesk build` command, writing included.

Each build runs as its own process (`newsdesk build CORPUS --out SCRATCH`), so peak RSS is that
run's own (wait4's ru_maxrss of the child) and every cache is cold; the output folder is new each
time unless a line says "rebuild". Figures: wall seconds, CPU seconds of the build (user+sys,
children included, e.g. Dask workers), articles/s and MB/s per core, peak RSS, and the machine's
load (`uptime`) at the start, since other work shares the cores. Nothing is asserted.

Usage: .venv/bin/python benchmarks/bench_build.py [WHAT ...]
  WHAT: seeds, bbc, 2000, 20000, 100000 (resampled from BBC into /tmp), incremental (BBC full
  build, then 10 more articles), dask (BBC on 2 local workers, tables compared with pandas).
  Default: seeds bbc incremental dask 2000 20000.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import BBC, make_corpus

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = Path(sys.executable).parent / "newsdesk"
SCRATCH = Path(tempfile.gettempdir()) / "newsdesk-bench"


def _load() -> str:
    return os.getloadavg().__repr__()


def run_build(corpus: Path, out: Path, *options: str) -> dict[str, float]:
    """One `newsdesk build` in a fresh process: wall and CPU seconds, peak RSS (MB), articles."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen([str(NEWSDESK), "build", str(corpus), "--out", str(out), *options],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        raise SystemExit(f"build failed ({status}): {output}")
    children = os.times()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "load": load,
            "children_cpu": children.children_user + children.children_system, "output": output}  # type: ignore[dict-item]


def _size(corpus: Path) -> tuple[int, float]:
    files = [p for p in corpus.iterdir() if p.is_file() and p.suffix == ".txt"]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def report(label: str, corpus: Path, figures: dict[str, float], cores: int = 1) -> None:
    articles, megabytes = _size(corpus)
    per_core = figures["wall"] * cores
    print(f"{label:<34} {articles:>7} art {figures['wall']:8.1f} s wall {figures['cpu']:8.1f} s cpu  "
          f"{articles / per_core:7.1f} art/s/core (wall)  {articles / figures['cpu']:7.1f} art/cpu-s  "
          f"{megabytes / per_core:6.3f} MB/s/core  peak RSS {figures['rss']:6.0f} MB  load {figures['load']:.1f}",
          flush=True)  # fmt: skip


def bbc_corpus() -> Path:
    folder = SCRATCH / "bbc"
    if len(list(folder.glob("*.txt"))) != 2225:
        folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(BBC.glob("*/*.txt")):
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    return folder


def fresh(label: str, corpus: Path, *options: str, cores: int = 1) -> Path:
    out = SCRATCH / f"out-{label.replace(' ', '-').replace(',', '')}"
    shutil.rmtree(out, ignore_errors=True)
    report(label, corpus, run_build(corpus, out, *options), cores)
    return out


def incremental() -> None:
    corpus = SCRATCH / "bbc-incremental"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(bbc_corpus(), corpus)
    extra = sorted(corpus.iterdir())[:10]
    for path in extra:
        path.rename(SCRATCH / f"held-{path.name}")
    out = SCRATCH / "out-incremental"
    shutil.rmtree(out, ignore_errors=True)
    full = run_build(corpus, out)
    report("bbc minus 10, full build", corpus, full)
    for path in extra:
        (SCRATCH / f"held-{path.name}").rename(path)
    again = run_build(corpus, out)
    report("bbc, rebuild adding 10 articles", corpus, again)
    print(f"  rebuild/full: wall {again['wall'] / full['wall']:.2f}, cpu {again['cpu'] / full['cpu']:.2f}; "
          f"{again['output'].strip()}")  # fmt: skip


def dask() -> None:
    corpus = bbc_corpus()
    pandas_out = fresh("bbc, pandas", corpus)
    dask_out = fresh("bbc, dask 2 local workers", corpus, "--engine", "dask", "--workers", "2", cores=2)
    sys.path.insert(0, str(ROOT / "lib"))
    import pandas as pd

    from newsdesk.pipeline.build import TABLES
    from newsdesk.pipeline.store import read_table

    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(pandas_out, name), read_table(dask_out, name), obj=name)
    print(f"  dask and pandas tables equal, row for row: {', '.join(TABLES)}")


def main(what: list[str]) -> None:
    print(f"load at start: {_load()}; cores: {os.cpu_count()}")
    for item in what:
        if item == "seeds":
            fresh("seeds", ROOT / "seeds")
        elif item == "bbc":
            fresh("bbc-news", bbc_corpus())
        elif item.isdigit():
            corpus = make_corpus(int(item), SCRATCH / f"bbc-{item}")
            fresh(f"bbc resampled {int(item):,}", corpus)
        elif item == "incremental":
            incremental()
        elif item == "dask":
            dask()
        else:
            raise SystemExit(f"unknown benchmark {item!r}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["seeds", "bbc", "incremental", "dask", "2000", "20000"])

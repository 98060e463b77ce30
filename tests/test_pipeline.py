"""The streaming build: partitions, incremental rebuilds, Dask, atomic switch, kills and locks."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from conftest import BENCH, SEEDS
from newsdesk.pipeline import scan
from newsdesk.pipeline.build import TABLES, BuildConfig, build
from newsdesk.pipeline.copies import same_rows, write_copies
from newsdesk.pipeline.lock import HOLDER_NAME, build_lock
from newsdesk.pipeline.store import build_dir, has_build, read_stamp, read_table, write_part

QUIET = BuildConfig(progress=False)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out, name) for name in TABLES}


def _assert_same(left: Path, right: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(left, name), read_table(right, name), obj=name)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    build(SEEDS, out, QUIET)
    return out


def _bbc(target: Path, names: list[str]) -> None:
    for name in names:
        topic, number = name.split("/")
        source = BENCH / "bbc-news" / topic / f"{number}.txt"
        if not source.exists():
            pytest.skip(f"{source} not found")
        shutil.copy(source, target / f"bbc-{topic}-{number}.txt")


def test_streaming_in_partitions_of_two_writes_the_same_rows(seeds_out, tmp_path):
    build(SEEDS, tmp_path, BuildConfig(progress=False, partition_size=2))
    assert read_stamp(tmp_path)["partitions"] == 3 and read_stamp(seeds_out)["partitions"] == 1
    _assert_same(seeds_out, tmp_path)


def _assert_same_copies(left: Path, right: Path) -> None:
    for name in (*TABLES, "rejected"):
        assert (build_dir(left) / f"{name}.csv").read_bytes() == (build_dir(right) / f"{name}.csv").read_bytes(), name


@pytest.mark.parametrize("partition_size", [1_000, 2])
def test_an_incremental_rebuild_equals_a_fresh_build(tmp_path, monkeypatch, partition_size):
    # Files written just now count as changed (racily clean); here every kept scan is trusted.
    monkeypatch.setattr("newsdesk.pipeline.scan.RACY_SECONDS", 0.0)
    config = BuildConfig(progress=False, partition_size=partition_size)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build(corpus, tmp_path / "kept", config)
    _bbc(corpus, ["politics/001", "tech/002", "sport/003"])
    (corpus / "000_6939ad8758bea7e7.txt").write_text(
        (corpus / "000_6939ad8758bea7e7.txt").read_text(encoding="utf-8") + "\nLuxon said the talks went well.\n",
        encoding="utf-8",
    )
    (corpus / "003_e9a65a21b51803f5.txt").unlink()
    unchanged_mentions: list[set[str]] = []

    def same_mentions(*args):
        unchanged_mentions.append(same_rows(*args))
        return unchanged_mentions[-1]

    monkeypatch.setattr("newsdesk.pipeline.build.same_rows", same_mentions)
    build(corpus, tmp_path / "kept", config)
    assert read_stamp(tmp_path / "kept")["analysed"] == 4  # three new articles and a changed one
    assert unchanged_mentions[-1], "the kept articles' mention lines are copied, not formatted again"
    build(corpus, tmp_path / "fresh", config)
    _assert_same(tmp_path / "kept", tmp_path / "fresh")
    _assert_same_copies(tmp_path / "kept", tmp_path / "fresh")
    # The Punkt model was updated from kept counts, and is the one a fresh build trains.
    kept_model = json.loads((build_dir(tmp_path / "kept") / "state" / "punkt.json").read_text(encoding="utf-8"))
    fresh_model = json.loads((build_dir(tmp_path / "fresh") / "state" / "punkt.json").read_text(encoding="utf-8"))
    assert kept_model == fresh_model
    # --force analyses everything again, and gives the same tables.
    build(corpus, tmp_path / "kept", BuildConfig(progress=False, force=True, partition_size=partition_size))
    assert read_stamp(tmp_path / "kept")["analysed"] == read_stamp(tmp_path / "fresh")["analysed"]
    _assert_same(tmp_path / "kept", tmp_path / "fresh")
    _assert_same_copies(tmp_path / "kept", tmp_path / "fresh")


def _edit_keeping_size_and_times(path):
    """Change one letter of a file in place, then give it back its access and modification times."""
    text = path.read_text(encoding="utf-8")
    times = path.stat()
    path.write_text(text.replace("Luxon", "Luxen", 1), encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    return path


def test_a_file_changed_in_place_is_read_again_even_with_its_size_and_time(tmp_path, monkeypatch):
    """The first pass keeps each file's scan under its times, size and identity: a change that
    keeps the size and the modification time still changes the status-change time."""
    monkeypatch.setattr("newsdesk.pipeline.scan.RACY_SECONDS", 0.0)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build(corpus, tmp_path / "kept", QUIET)
    _edit_keeping_size_and_times(corpus / "000_6939ad8758bea7e7.txt")
    build(corpus, tmp_path / "kept", QUIET)
    assert read_stamp(tmp_path / "kept")["analysed"] == 1
    build(corpus, tmp_path / "fresh", QUIET)
    _assert_same(tmp_path / "kept", tmp_path / "fresh")


def test_a_racily_clean_file_is_kept_by_its_bytes(tmp_path, monkeypatch):
    """A file changed too recently for its times to be trusted is not read again while its bytes
    are the ones its scan was read from; a change within the same size and times is read."""
    monkeypatch.setattr("newsdesk.pipeline.scan.RACY_SECONDS", 1e9)  # every file just changed
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build(corpus, tmp_path / "kept", QUIET)
    read: list[str] = []
    scan_file = scan._scan_file
    monkeypatch.setattr(scan, "_scan_file", lambda path, *args: read.append(path.name) or scan_file(path, *args))
    path = _edit_keeping_size_and_times(corpus / "000_6939ad8758bea7e7.txt")
    build(corpus, tmp_path / "kept", QUIET)
    assert read == [path.name]
    assert read_stamp(tmp_path / "kept")["analysed"] == 1
    build(corpus, tmp_path / "fresh", QUIET)
    _assert_same(tmp_path / "kept", tmp_path / "fresh")


def test_dask_on_two_workers_equals_pandas_on_every_table(seeds_out, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        build(SEEDS, tmp_path, BuildConfig(engine="dask", scheduler=cluster.scheduler_address,
                                           partition_size=2, progress=False))  # fmt: skip
    assert read_stamp(tmp_path)["engine"] == "dask"
    _assert_same(seeds_out, tmp_path)


def test_read_table_filters_and_picks_columns_before_loading(seeds_out):
    articles = read_table(seeds_out, "articles", columns=["article_id", "outlet"], filters=[("outlet", "==", "RNZ")])
    assert list(articles.columns) == ["article_id", "outlet"]
    assert list(articles["article_id"]) == ["000_6939ad8758bea7e7"]
    quotes = read_table(seeds_out, "quotes", filters=[("article_id", "in", ["000_6939ad8758bea7e7"])])
    assert set(quotes["article_id"]) == {"000_6939ad8758bea7e7"} and len(quotes) > 0


def test_every_file_of_a_build_gets_the_umask_mode(seeds_out):
    mask = os.umask(0)
    os.umask(mask)
    for path in build_dir(seeds_out).rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


def test_old_builds_are_pruned_and_the_current_one_kept(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_6939ad8758bea7e7.txt", corpus)
    for text in ("One more line.", "Another line.", "A third line."):
        with open(corpus / "000_6939ad8758bea7e7.txt", "a", encoding="utf-8") as handle:
            handle.write(f"\n{text}\n")
        build(corpus, tmp_path / "out", QUIET)
    builds = sorted(p.name for p in (tmp_path / "out" / "builds").iterdir())
    assert len(builds) == 2 and build_dir(tmp_path / "out").name == builds[-1]


def test_a_second_build_stops_with_a_message_naming_the_holder(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_6939ad8758bea7e7.txt", corpus)
    out = tmp_path / "out"
    with build_lock(out):
        holder = (out / HOLDER_NAME).read_text(encoding="utf-8").strip()
        assert holder.startswith(f"{os.getpid()}@")
        with pytest.raises(RuntimeError, match=f"another build \\({holder}\\)"):
            build(corpus, out, BuildConfig(progress=False, lock_timeout=0.2))
    assert not has_build(out)
    build(corpus, out, BuildConfig(progress=False, lock_timeout=0.2))
    assert has_build(out) and not (out / HOLDER_NAME).exists()


def test_a_stale_lock_of_a_dead_process_is_cleared(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_6939ad8758bea7e7.txt", corpus)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket

    (out / HOLDER_NAME).write_text(f"{dead.stdout.strip()}@{socket.gethostname()}\n", encoding="utf-8")
    (out / ".build.lock").write_text("", encoding="utf-8")
    build(corpus, out, BuildConfig(progress=False, lock_timeout=0.2))
    assert "stale lock" in caplog.text and has_build(out)


def _whole(out: Path) -> dict[str, object]:
    """The current build, checked for consistency: every table readable, counts as stamped."""
    stamp = read_stamp(out)
    assert stamp is not None
    tables = _tables(out)
    for name, count in stamp["n_rows"].items():
        assert len(tables[name]) == count, name
    articles = tables["articles"].set_index("article_id")
    per_article = tables["sentences"].groupby("article_id").size()
    assert (per_article.reindex(articles.index, fill_value=0) == articles["n_sentences"]).all()
    assert set(tables["quotes"]["article_id"]) <= set(articles.index)
    return stamp


def test_a_build_killed_at_any_point_of_the_write_leaves_one_whole_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_6939ad8758bea7e7.txt", "001_3fb0103b47c0fb05.txt", "004_56dbff255cf8ac1b.txt"):
        shutil.copy(SEEDS / name, corpus)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsdesk.cli", "build", str(corpus), "--out", str(out), "--partition-size", "1"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    first = _whole(out)
    shutil.copy(SEEDS / "002_a9633e107af91ece.txt", corpus)
    # A dry run on a copy lists the points of the write phase: every file written, the rename of
    # the staging folder and the pointer swap.
    record = tmp_path / "points.txt"
    shutil.copytree(out, tmp_path / "probe", symlinks=True)
    probe = [*command[:-4], "--out", str(tmp_path / "probe"), "--partition-size", "1"]
    environment = {**os.environ, "NEWSDESK_CHECKPOINTS": str(record)}
    assert subprocess.run(probe, env=environment, capture_output=True).returncode == 0
    points = record.read_text(encoding="utf-8").splitlines()
    assert len(points) > 30 and points[-2:] == ["before the pointer swap", "swapped the pointer"]
    # Every point (NEWSDESK_KILL_ALL=1) or a spread of them that always includes the last ones.
    numbers = list(range(1, len(points) + 1))
    if not os.environ.get("NEWSDESK_KILL_ALL"):
        numbers = sorted(set(numbers[:: max(1, len(numbers) // 6)] + numbers[-5:]))
    for number in numbers:
        record.unlink(missing_ok=True)
        killed = subprocess.run(command, env={**environment, "NEWSDESK_KILL_AT": str(number)}, capture_output=True)
        assert killed.returncode == -signal.SIGKILL, (number, killed.stderr)
        stamp = _whole(out)
        if points[number - 1] != "swapped the pointer":
            assert stamp["fingerprint"] == first["fingerprint"], points[number - 1]
        else:
            assert stamp["n_articles"] == first["n_articles"] + 1
            (corpus / "002_a9633e107af91ece.txt").unlink()  # back to the first build for the next points
            assert subprocess.run(command, capture_output=True).returncode == 0
            shutil.copy(SEEDS / "002_a9633e107af91ece.txt", corpus)
    print(f"kill points tried: {len(numbers)} of {len(points)}")
    record.unlink(missing_ok=True)
    subprocess.run(command, env={**environment, "NEWSDESK_KILL_AT": str(len(points) // 2)}, capture_output=True)
    assert list((out / "builds").glob(".staging-*"))
    (corpus / "002_a9633e107af91ece.txt").unlink()
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0 and "dead run" in finished.stderr
    assert not list((out / "builds").glob(".staging-*")) and _whole(out)["fingerprint"] == first["fingerprint"]


def test_copied_csv_lines_keep_the_whole_columns_types(tmp_path):
    # Nulls only in the copied article's rows: the rows formatted again must still be written
    # as the whole column's type (an int column with nulls as floats), as a fresh build does.
    def table(n_of_b: int) -> pa.Table:
        return pa.table({
            "article_id": ["a", "a", "b"], "n": pa.array([None, 1, n_of_b], pa.int64()),
            "flag": pa.array([None, True, False]), "words": [["x"], None, ["y", "z"]],
            "day": pa.array([dt.date(2024, 1, 1), None, None]),
        })  # fmt: skip

    previous, staging, fresh = tmp_path / "previous", tmp_path / "staging", tmp_path / "fresh"
    write_part(table(2), previous / "t", 0)
    write_copies(previous, None, ["t"], {})
    # The same length, so that the kept offsets hold: shows that a's lines are copied.
    old = (previous / "t.csv").read_text(encoding="utf-8")
    (previous / "t.csv").write_text(old.replace("a,1.0,", "a,7.0,"), encoding="utf-8")
    write_part(table(3), staging / "t", 0)
    write_copies(staging, previous, ["t"], {"t": {"a"}})
    write_part(table(3), fresh / "t", 0)
    write_copies(fresh, None, ["t"], {})
    assert "b,3.0,False," in (fresh / "t.csv").read_text(encoding="utf-8")
    assert (staging / "t.csv").read_text(encoding="utf-8") == (fresh / "t.csv").read_text(encoding="utf-8").replace("a,1.0,", "a,7.0,")

"""What a rebuild keeps from the previous build instead of computing it again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import BENCH, SEEDS
from newsdesk.pipeline.build import TABLES, BuildConfig, _plan, build
from newsdesk.pipeline.link import NAME_LIST_NAME
from newsdesk.pipeline.punkt import _counts_table, read_counts, write_counts
from newsdesk.pipeline.scan import Scan
from newsdesk.pipeline.store import build_dir, read_stamp, read_table
from newsdesk.text import count_contexts, count_types, punkt_tokens

TEXTS = {
    "a": "Gen. Smith arrived in Wellington on Monday. He met Dr. Jones. The talks went well.",
    "b": "Mr. Luxon said the U.S. would help. Ms. Ardern disagreed. It rained.",
    "c": "The St. John ambulance came at 3 p.m. Nobody was hurt. Police said so.",
}


def _counts(key: str) -> tuple:
    tokens = punkt_tokens([TEXTS[key]])
    types = count_types(tokens)
    return types, count_contexts(tokens, types.lookups, frozenset({"dr", "gen", "mr", "ms"}))


def test_kept_punkt_counts_are_written_as_read_and_the_new_ones_encoded(tmp_path):
    write_counts(tmp_path / "old", {key: _counts(key) for key in ("a", "b")})
    kept = _counts_table(tmp_path / "old")
    assert kept is not None
    write_counts(tmp_path / "new", {"c": _counts("c")}, kept, ["b"])
    assert read_counts(tmp_path / "new") == {"b": _counts("b"), "c": _counts("c")}
    write_counts(tmp_path / "fresh", {key: _counts(key) for key in ("b", "c")})
    assert _counts_table(tmp_path / "new") == _counts_table(tmp_path / "fresh")  # row for row, in key order


def _scan(*files: str) -> Scan:
    return Scan(files=[(name, [(name, f"digest-{name}")]) for name in files])


def _names(plan: list) -> list[list[str]]:
    return [[name for name, _ in partition] for partition in plan]


def test_a_rebuild_keeps_the_old_partitions_and_new_files_join_the_one_they_fall_in():
    assert _names(_plan(_scan("a", "b", "c", "d", "e"), 2)) == [["a", "b"], ["c", "d"], ["e"]]
    old = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}
    # New files before, inside and after the old partitions; "d" removed.
    plan = _plan(_scan("0", "a", "b", "c", "c2", "e", "f"), 2, old)
    assert _names(plan) == [["0", "a", "b"], ["c", "c2"], ["e", "f"]]
    # A partition never takes new files past its size: they start the next one.
    assert _names(_plan(_scan("a", "b", "b1", "b2", "b3", "c", "d"), 2, old)) == [["a", "b"], ["b1", "b2"], ["b3", "c", "d"]]


def _inodes(out: Path) -> dict[int, str]:
    return {path.stat().st_ino: path.name for path in build_dir(out).rglob("part-*.parquet")}


def test_an_unchanged_partition_is_linked_from_the_previous_build_and_the_tables_equal_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setattr("newsdesk.pipeline.scan.RACY_SECONDS", 0.0)  # every kept scan is trusted
    config = BuildConfig(progress=False, partition_size=2)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build(corpus, tmp_path / "kept", config)
    before = _inodes(tmp_path / "kept")
    source = BENCH / "bbc-news" / "politics" / "001.txt"
    if not source.exists():
        pytest.skip(f"{source} not found")
    shutil.copy(source, corpus / "zz-bbc-politics-001.txt")  # after every seed: the last partition
    build(corpus, tmp_path / "kept", config)
    assert read_stamp(tmp_path / "kept")["analysed"] == 1
    linked = set(before) & set(_inodes(tmp_path / "kept"))
    assert len(linked) == 2 * 7, "the two partitions of unchanged articles are linked, all seven tables"
    build(corpus, tmp_path / "fresh", config)
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(tmp_path / "kept", name), read_table(tmp_path / "fresh", name), obj=name)
        assert (build_dir(tmp_path / "kept") / f"{name}.csv").read_bytes() == (build_dir(tmp_path / "fresh") / f"{name}.csv").read_bytes()


def test_a_rebuild_describes_only_the_people_it_has_not_described_with_the_same_evidence(tmp_path, monkeypatch):
    from newsdesk.pipeline import sources

    monkeypatch.setattr("newsdesk.pipeline.scan.RACY_SECONDS", 0.0)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build(corpus, tmp_path / "kept", BuildConfig(progress=False))
    described: list[str] = []
    describe = sources.describe_person
    monkeypatch.setattr(sources, "describe_person", lambda name, *args: described.append(name) or describe(name, *args))
    (corpus / "zz-new.txt").write_text("Jacinda Ardern said she would go.\n\n“We will help,” Ardern said.\n", encoding="utf-8")
    build(corpus, tmp_path / "kept", BuildConfig(progress=False))
    people = read_table(tmp_path / "kept", "people")
    assert "Jacinda Ardern" in described and 0 < len(described) < len(people) / 2
    monkeypatch.setattr(sources, "describe_person", describe)
    build(corpus, tmp_path / "fresh", BuildConfig(progress=False))
    pd.testing.assert_frame_equal(people, read_table(tmp_path / "fresh", "people"))


def test_a_rebuild_takes_the_first_name_list_the_previous_build_kept(tmp_path, monkeypatch):
    from newsdesk.people import attributes
    from newsdesk.pipeline.link import keep_name_list, take_name_list

    keep_name_list(tmp_path / "old", "salt")
    parsed = attributes.name_list()
    assert take_name_list(tmp_path / "old", "other code") is False and take_name_list(None, "salt") is False
    monkeypatch.setattr(attributes, "_GIVEN_NAMES", [])
    attributes._detector.cache_clear()
    attributes.name_list_gender.cache_clear()
    try:
        assert take_name_list(tmp_path / "old", "salt") is True
        assert attributes._GIVEN_NAMES and attributes._GIVEN_NAMES[0] == parsed  # taken, not parsed
        assert (attributes.name_list_gender("Helen"), attributes.name_list_gender("Donald")) == ("f", "m")
        assert not attributes._GIVEN_NAMES and attributes.name_list() == parsed
        # The next build keeps the same file, linked.
        keep_name_list(tmp_path / "new", "salt", tmp_path / "old")
        assert (tmp_path / "new" / NAME_LIST_NAME).stat().st_ino == (tmp_path / "old" / NAME_LIST_NAME).stat().st_ino
    finally:
        attributes._detector.cache_clear()
        attributes.name_list_gender.cache_clear()

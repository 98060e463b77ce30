"""What a rebuild keeps from the previous build instead of computing it again."""

from __future__ import annotations

from newsdesk.pipeline.punkt import _counts_table, read_counts, write_counts
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

"""The build: tables per DESIGN.md, traceable offsets, bad input set aside, atomic writes."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import SEEDS, copy_seeds
from newsdesk.cli import main
from newsdesk.pipeline.build import BuildConfig, build_corpus
from newsdesk.pipeline.store import build_dir, has_build, read_table, write_tables

# DESIGN.md's table contract, written out here so that a change to it is a visible decision.
CONTRACT = {
    "articles": ["article_id", "parent_id", "file", "outlet", "title", "url", "published", "published_source",
                 "text", "n_sentences", "n_tokens", "removed_chars", "sentiment"],
    "sentences": ["article_id", "sentence_id", "start", "end", "text", "tokens", "compound", "pos", "neu", "neg"],
    "quotes": ["article_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker",
               "speaker_kind", "speaker_mention", "role", "person_id", "cue", "compound"],
    "people": ["person_id", "name", "aliases", "titles", "gender", "gender_source", "role", "nation",
               "n_quotes", "n_mentions"],
    "mentions": ["article_id", "sentence_id", "start", "end", "surface", "entity", "kind",
                 "target_compound"],
    "events": ["article_id", "sentence_id", "start", "end", "expr", "value", "granularity", "relative",
               "date_start", "date_end", "sentence"],
}  # fmt: skip


@pytest.mark.parametrize("table", CONTRACT)
def test_tables_follow_the_contract(seeds_tables, table):
    assert list(seeds_tables[table].columns[: len(CONTRACT[table])]) == CONTRACT[table]
    assert len(seeds_tables[table]) > 0


def test_every_table_exists_even_when_empty(corpus_dir):
    (corpus_dir / "a.txt").write_text("Nothing dated, nobody quoted, nowhere named.", encoding="utf-8")
    tables = build_corpus(corpus_dir).tables
    for table, columns in CONTRACT.items():
        assert list(tables[table].columns[: len(columns)]) == columns


def test_every_sentence_traces_back_to_its_words(seeds_tables):
    texts = seeds_tables["articles"].set_index("article_id")["text"]
    for row in seeds_tables["sentences"].itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_counts_agree_between_tables(seeds_tables):
    articles = seeds_tables["articles"].set_index("article_id")
    sentences = seeds_tables["sentences"]
    assert (sentences.groupby("article_id").size() == articles["n_sentences"]).all()
    assert (sentences.groupby("article_id")["tokens"].apply(lambda t: sum(map(len, t))) == articles["n_tokens"]).all()


def test_appended_stories_are_articles_with_a_parent(seeds_tables):
    articles = seeds_tables["articles"]
    children = articles[articles["parent_id"].notna()]
    assert list(children["article_id"]) == [f"004_56dbff255cf8ac1b~{n}" for n in (1, 2, 3)]
    assert set(children["parent_id"]) == {"004_56dbff255cf8ac1b"}
    assert set(children["outlet"]) == {"Libyan Express"}
    parent = articles.set_index("article_id").loc["004_56dbff255cf8ac1b"]
    assert "Medvedev" not in parent["text"]


def test_petrova_is_not_split_at_her_title(seeds_tables):
    sentences = seeds_tables["sentences"]["text"]
    assert not sentences.str.endswith(("Dr.", "dr.")).any()
    assert sentences.str.contains("Thank you, Dr. Petrova, for these insightful perspectives.", regex=False).any()


def test_the_audit_lists_removals_with_reasons(seeds_tables):
    audit = seeds_tables["cleaning"]
    removed = audit[audit["action"] == "removed"].groupby("article_id")["text"].apply(lambda t: t.str.len().sum())
    articles = seeds_tables["articles"].set_index("article_id")
    assert (removed.reindex(articles.index, fill_value=0) == articles["removed_chars"]).all()
    assert {"newsletter", "caption", "breadcrumb", "comment box", "widget"} <= set(audit["reason"])


def test_dask_gives_the_same_tables():
    pandas_tables = build_corpus(SEEDS).tables
    dask_tables = build_corpus(SEEDS, BuildConfig(engine="dask")).tables
    for name in pandas_tables:
        pd.testing.assert_frame_equal(pandas_tables[name], dask_tables[name])


def test_cli_build_writes_tables_summary_and_rejections(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copy_seeds(corpus, ["000", "004"])
    (corpus / "broken.jsonl").write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "data"
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "5 articles (3 appended)" in summary and "1 set aside" in summary
    for name in ("articles", "sentences", "cleaning"):
        assert list((build_dir(out) / name).glob("part-*.parquet")) and (build_dir(out) / f"{name}.csv").exists()
    rejected = pd.read_csv(build_dir(out) / "rejected.csv")
    assert rejected.to_dict("records") == [{"file": "broken.jsonl:1", "reason": "invalid JSON line", "detail": rejected["detail"][0], "severity": "error"}]
    # Nothing changed: the rerun does nothing.
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_strict_build_writes_nothing_when_a_file_is_set_aside(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copy_seeds(corpus, ["000"])
    (corpus / "notes.docx").write_bytes(b"PK")
    assert main(["build", str(corpus), "--out", str(tmp_path / "data"), "--strict"]) == 1
    assert "notes.docx: unsupported file type" in capsys.readouterr().err
    assert not has_build(tmp_path / "data")
    assert not list((tmp_path / "data" / "builds").iterdir())


def test_bad_corpus_is_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "data")]) == 2
    error = capsys.readouterr().err
    assert "nowhere" in error and "Traceback" not in error
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["build", str(empty), "--out", str(tmp_path / "data")]) == 2
    assert "no readable articles" in capsys.readouterr().err


def test_a_failed_write_keeps_the_last_good_tables(tmp_path, monkeypatch):
    good = pd.DataFrame({"a": [1, 2]})
    write_tables({"articles": good, "sentences": good}, tmp_path)

    def fail(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError, match="disk full"):
        write_tables({"articles": pd.DataFrame({"a": [9]}), "sentences": pd.DataFrame({"a": [9]})}, tmp_path)
    monkeypatch.undo()
    assert read_table(tmp_path, "articles")["a"].tolist() == [1, 2]
    assert pd.read_csv(build_dir(tmp_path) / "sentences.csv")["a"].tolist() == [1, 2]
    assert not list((tmp_path / "builds").glob(".staging-*"))


def test_people_quotes_and_mentions_agree_on_names(seeds_tables):
    people = seeds_tables["people"].set_index("person_id")
    quotes = seeds_tables["quotes"].dropna(subset=["person_id"])
    assert (quotes["speaker"] == people.loc[quotes["person_id"], "name"].to_numpy()).all()
    person_mentions = seeds_tables["mentions"].query("kind == 'person'")
    assert set(person_mentions["entity"]) <= set(people["name"])
    luxon = people[people["name"] == "Christopher Luxon"].iloc[0]
    assert luxon["n_quotes"] == (seeds_tables["quotes"]["speaker"] == "Christopher Luxon").sum() > 5
    assert "Luxon" in luxon["aliases"] and "Prime Minister" in luxon["titles"]


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--partition-size", "0", "0 is less than 1"), ("--workers", "two", "'two' is not a whole number"),
     ("--partition-size", "-3", "-3 is less than 1")],
)  # fmt: skip
def test_cli_refuses_counts_below_one(tmp_path, capsys, option, value, said):
    """A partition size or worker count under 1 is refused (exit 2) before anything is written."""
    out = tmp_path / "data"
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(SEEDS), "--out", str(out), option, value])
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err
    assert not out.exists()

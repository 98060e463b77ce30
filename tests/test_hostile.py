"""The hostile corpus (issue 11): every bad input is set aside with its reason, the rest builds.

``tests/cases/hostile/corpus`` holds the small bad files and a manifest of bad rows;
``expected.json`` says the reason each gets. The large files, links, the pipe and the file beside
the corpus are made here, into a copy of the corpus. The corpus is built once, by the command in a
subprocess, as a scheduled job would run it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from conftest import CASES
from newsdesk.pipeline.store import build_dir, has_build, read_table

HOSTILE = CASES / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
SENTENCE = "Military officials from more than 30 nations met in Paris on Tuesday, officials said. "


def _generate(corpus: Path, kind: str) -> None:
    """Make one generated case in ``corpus`` (the large files, links, pipe, outside file)."""
    if kind == "text-50mb":
        with (corpus / "huge.txt").open("w", encoding="utf-8") as handle:
            for _ in range(50):
                handle.write(SENTENCE * (1_000_000 // len(SENTENCE) + 1))
    elif kind == "base64-html-10mb":
        image = base64.b64encode(os.urandom(7_500_000)).decode()
        (corpus / "base64.html").write_text(
            f"<html><body><p>{SENTENCE}</p><img src='data:image/png;base64,{image}'></body></html>",
            encoding="utf-8",
        )
    elif kind == "html-300k-elements":
        (corpus / "many-tags.html").write_text(
            f"<html><body><article><p>{SENTENCE}</p>{'<span>a</span>' * 300_000}</article></body></html>",
            encoding="utf-8",
        )
    elif kind == "text-4mb":
        (corpus / "long.txt").write_text((SENTENCE * 50_000)[:4_000_000], encoding="utf-8")
    elif kind == "csv-big-cell":
        (corpus / "big-cell.csv").write_text(
            f'title,text\nBig,"{"word " * 60_000}"\nSmall,"A short row about the talks in Paris."\n',
            encoding="utf-8",
        )
    elif kind == "manifest-big-cell":
        with (corpus / "articles.csv").open("a", encoding="utf-8") as handle:
            handle.write(f"long-title.txt,,,{'T' * 150_000},,\n")
    elif kind == "symlink-out":
        secret = corpus.parent / "secret.txt"
        secret.write_text("SECRET password file, not an article.", encoding="utf-8")
        (corpus / "link-out.txt").symlink_to(secret)
    elif kind == "symlink-up":
        (corpus / "link-up.txt").symlink_to(Path("..") / "outside.txt")
    elif kind == "symlink-in":
        (corpus / "link-in.txt").symlink_to("good.txt")
    elif kind == "symlink-loop":
        (corpus / "link-loop.txt").symlink_to("link-loop.txt")
    elif kind == "fifo":
        os.mkfifo(corpus / "pipe.txt")
    elif kind == "bad-name":
        with open(os.fsencode(corpus) + b"/bad-\xffname.txt", "w", encoding="utf-8") as handle:
            handle.write("Talks in Paris.")
    else:  # pragma: no cover - a typo in expected.json
        raise ValueError(kind)


def make_hostile_corpus(root: Path) -> Path:
    """A copy of the hostile corpus with every generated case, and a real file beside it."""
    corpus = root / "corpus"
    shutil.copytree(HOSTILE / "corpus", corpus)
    # exists, so that "../outside.txt" in the manifest is refused for what it is, not for being missing
    (root / "outside.txt").write_text("OUTSIDE the corpus, not an article.", encoding="utf-8")
    kinds = {case["generated"] for case in EXPECTED["rejected"] + EXPECTED["articles"] if "generated" in case}
    for kind in sorted(kinds):
        _generate(corpus, kind)
    return corpus


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`newsdesk build` of the hostile corpus, as a subprocess: exit status, output, tables."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = make_hostile_corpus(root)
    out = root / "data"
    run = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "build", str(corpus), "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return {
        "corpus": corpus,
        "run": run,
        "rejected": pd.read_csv(build_dir(out) / "rejected.csv", keep_default_na=False) if run.returncode == 0 else None,
        "articles": read_table(out, "articles") if run.returncode == 0 else None,
        "quotes": read_table(out, "quotes") if run.returncode == 0 else None,
    }


def test_the_hostile_corpus_builds_without_a_traceback(hostile_build):
    run = hostile_build["run"]
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr + run.stdout
    errors = sum(case["severity"] == "error" for case in EXPECTED["rejected"])
    warnings = len(EXPECTED["rejected"]) - errors
    assert f"{errors} set aside, {warnings} flagged" in run.stdout
    assert list(hostile_build["rejected"].columns) == ["file", "reason", "detail", "severity"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in EXPECTED["rejected"]])
def test_each_bad_input_is_in_rejected_csv_with_its_reason(hostile_build, case):
    rejected = hostile_build["rejected"]
    rows = rejected[rejected["file"] == case["file"]]
    assert rows[["reason", "severity"]].values.tolist() == [[case["reason"], case["severity"]]]
    assert len(rows["detail"].iloc[0]) <= 200 and rows["detail"].iloc[0].isprintable()


def test_rejected_csv_holds_nothing_unexpected(hostile_build):
    expected = {(case["file"], case["reason"]) for case in EXPECTED["rejected"]}
    found = set(zip(hostile_build["rejected"]["file"], hostile_build["rejected"]["reason"], strict=True))
    assert found == expected


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in EXPECTED["articles"]])
def test_the_good_articles_around_them_build(hostile_build, case):
    articles = hostile_build["articles"].set_index("article_id")
    article = articles.loc[case["article_id"]]
    assert case["contains"] in article["text"]
    if "starts" in case:
        assert article["text"].startswith(case["starts"])
    if "absent" in case:
        assert case["absent"] not in article["text"]
    if "published" in case:
        published = article["published"]
        assert (None if pd.isna(published) else str(published)) == case["published"]
    if "outlet" in case:
        assert article["outlet"] == case["outlet"]
    if "max_quotes" in case:
        quotes = hostile_build["quotes"]
        mine = quotes[quotes["article_id"] == case["article_id"]].sort_values("start")
        assert len(mine) <= case["max_quotes"]
        assert (mine["start"].iloc[1:].to_numpy() >= mine["end"].iloc[:-1].to_numpy()).all()


def test_nothing_from_outside_the_corpus_is_read(hostile_build):
    texts = "\n".join(hostile_build["articles"]["text"])
    assert "SECRET" not in texts and "OUTSIDE the corpus" not in texts and "root:" not in texts
    assert len(hostile_build["articles"]) == len(EXPECTED["articles"])


def test_strict_fails_on_the_hostile_corpus_and_writes_nothing(tmp_path, capsys):
    from newsdesk.cli import main

    corpus = tmp_path / "corpus"
    shutil.copytree(HOSTILE / "corpus", corpus)
    assert main(["build", str(corpus), "--out", str(tmp_path / "data"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: empty.txt: empty" in err and "warning: future.txt: publication date in the future" in err
    # the output folder holds only the build lock: no build, no table
    assert not has_build(tmp_path / "data") and not list((tmp_path / "data").rglob("*.parquet"))


def test_strict_fails_on_a_warning_alone(tmp_path, capsys):
    from newsdesk.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(HOSTILE / "corpus" / "good.txt", corpus)
    (corpus / "articles.csv").write_text("file,published\ngood.txt,not a date\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "data"), "--strict"]) == 1
    assert "warning: good.txt: unreadable publication date" in capsys.readouterr().err


# --- quotation marks on hostile text ---

LONG = "We will talk about it. " * 100  # 2,300 characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Biden said "one "two "three "four "five', ['one "two "three "four "five']),
        ('"We will go, he said. "And we will win."', ["We will go, he said.", "And we will win."]),
        ("“Yes,” he said. And then, “no.” later, it went.” Done.", ["Yes", "no."]),
        ("“a “b “c” d” e”.", ["a “b “c” d” e”."]),
        ("He said: “" + LONG.strip() + "”", []),
        ("He said: “" + LONG[:1_900].strip() + "”", [LONG[:1_900].strip()]),
    ],
    ids=["five unclosed marks: one quote", "one lost closing mark: two quotes, as before",
         "a stray closing mark after a pair: no quote", "nested: one quote, no overlap",
         "over max_quote_chars: dropped", "under max_quote_chars: kept"],
)  # fmt: skip
def test_quotes_on_hostile_marks(text, expected):
    from newsdesk.quotes.extract import extract_quotes
    from newsdesk.text import split_sentences

    quotes = [q for q in extract_quotes(text, split_sentences(text)) if q.kind != "indirect"]
    assert [q.text for q in quotes] == expected


def test_500_unbalanced_marks_are_not_500_quotes_by_one_person():
    from newsdesk.quotes.extract import extract_quotes
    from newsdesk.text import split_sentences

    text = (HOSTILE / "corpus" / "quotes-500.txt").read_text(encoding="utf-8")
    quotes = extract_quotes(text, split_sentences(text))
    assert len([q for q in quotes if q.speaker == "Joe Biden"]) <= 1

"""Reading a corpus: formats, encodings, manifest, dates, and what is set aside."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from conftest import SEEDS
from newsdesk.corpus import decode_bytes, infer_published, read_corpus


def test_the_seeds_read_with_their_manifest():
    articles, rejections = read_corpus(SEEDS)
    assert rejections == []
    assert [a.article_id for a in articles] == [
        "000_6939ad8758bea7e7", "001_3fb0103b47c0fb05", "002_a9633e107af91ece",
        "003_e9a65a21b51803f5", "004_56dbff255cf8ac1b",
    ]  # fmt: skip
    by_id = {a.article_id: a for a in articles}
    assert by_id["000_6939ad8758bea7e7"].outlet == "RNZ"
    assert by_id["004_56dbff255cf8ac1b"].title == "NZ PM Luxon secures Xi Jinping meeting in China"
    # The manifest dates every seed (seeds/README.md says how each date was established).
    assert {a.article_id[:3]: str(a.published) for a in articles} == {
        "000": "2025-03-16", "001": "2025-02-17", "002": "2025-03-11", "003": "2025-09-05", "004": "2025-06-13",
    }  # fmt: skip
    assert {a.published_source for a in articles} == {"manifest"}
    assert by_id["004_56dbff255cf8ac1b"].appended_published == (
        dt.date(2025, 8, 2), dt.date(2025, 8, 1), dt.date(2025, 7, 30),
    )  # fmt: skip


def test_without_a_manifest_date_the_embedded_post_dates_the_page(tmp_path):
    # 004 embeds a post signed "June 7, 2025": the page is no older than that.
    (tmp_path / "004.txt").write_bytes((SEEDS / "004_56dbff255cf8ac1b.txt").read_bytes())
    (tmp_path / "001.txt").write_bytes((SEEDS / "001_3fb0103b47c0fb05.txt").read_bytes())
    by_id = {a.article_id: a for a in read_corpus(tmp_path)[0]}
    assert (by_id["004"].published, by_id["004"].published_source) == (dt.date(2025, 6, 7), "inferred")
    assert (by_id["001"].published, by_id["001"].published_source) == (None, "none")


@pytest.mark.parametrize(
    ("data", "text", "repaired"),
    [
        ("“Kiwi” café".encode(), "“Kiwi” café", False),
        ("\ufeff“Kiwi” café".encode(), "“Kiwi” café", False),
        ("“Kiwi” café".encode("cp1252"), "“Kiwi” café", True),
        ("New Zealand’s".encode().decode("cp1252").encode(), "New Zealand’s", True),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp1252", "mojibake"],
)
def test_decoding(data, text, repaired):
    decoded, repairs = decode_bytes(data)
    assert decoded == text
    assert bool(repairs) is repaired


def test_cp1252_fallback_warns_naming_the_file(corpus_dir, caplog):
    (corpus_dir / "old.txt").write_bytes("Luxon said the talks were “useful”.".encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        articles, _ = read_corpus(corpus_dir)
    assert articles[0].text == "Luxon said the talks were “useful”."
    assert "old.txt" in caplog.text and "cp1252" in caplog.text


def test_every_format(corpus_dir):
    (corpus_dir / "a.txt").write_text("Plain text story.", encoding="utf-8")
    (corpus_dir / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "First JSON story.", "outlet": "RNZ"}) + "\n"
        + json.dumps({"text": "Second JSON story.", "published": "2025-03-16"}) + "\n",
        encoding="utf-8",
    )
    (corpus_dir / "c.csv").write_text('title,text\n"A title","CSV story, with a comma."\n', encoding="utf-8")
    (corpus_dir / "d.html").write_text(
        "<html><head><title>Paris talks</title></head><body><nav>Home » World</nav><article>"
        "<h1>Paris talks</h1><p>" + "Military officials from more than 30 nations met in Paris. " * 6
        + "</p><p>" + "The talks will continue next week, officials said. " * 5 + "</p></article>"
        "<footer>Sign up to our newsletter</footer></body></html>",
        encoding="utf-8",
    )
    articles, rejections = read_corpus(corpus_dir)
    assert rejections == []
    by_id = {a.article_id: a for a in articles}
    assert set(by_id) == {"a", "b1", "b-2", "c-2", "d"}
    assert by_id["b1"].outlet == "RNZ"
    assert by_id["b-2"].published == dt.date(2025, 3, 16)
    assert by_id["c-2"].title == "A title"
    assert "Military officials from more than 30 nations" in by_id["d"].text
    assert "Sign up" not in by_id["d"].text and "Home »" not in by_id["d"].text


def test_bad_input_is_set_aside_with_a_reason(corpus_dir):
    (corpus_dir / "good.txt").write_text("A good story.", encoding="utf-8")
    (corpus_dir / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus_dir / "broken.jsonl").write_text('{"text": "fine"}\n{not json\n{"title": "no text"}\n', encoding="utf-8")
    (corpus_dir / "table.csv").write_text("headline,body\nx,y\n", encoding="utf-8")
    (corpus_dir / "photo.png").write_bytes(b"\x89PNG")
    (corpus_dir / "articles.csv").write_text(
        "file,outlet,title,url,published\ngood.txt,RNZ,,,not a date\nmissing.txt,RNZ,,,\n", encoding="utf-8"
    )
    articles, rejections = read_corpus(corpus_dir)
    assert [a.article_id for a in articles] == ["broken-1"]
    reasons = {r.file: r.reason for r in rejections}
    assert reasons == {
        "good.txt": "unreadable publication date",
        "empty.txt": "empty article",
        "broken.jsonl:2": "invalid JSON line",
        "broken.jsonl:3": "JSON line has no 'text' string",
        "table.csv": "CSV has no 'text' column",
        "photo.png": "unsupported file type",
        "missing.txt": "listed in the manifest but missing",
    }


def test_duplicate_ids_are_set_aside(corpus_dir):
    (corpus_dir / "a.txt").write_text("One.", encoding="utf-8")
    (corpus_dir / "b.txt").write_text("Two.", encoding="utf-8")
    (corpus_dir / "articles.csv").write_text("file,id\na.txt,same\nb.txt,same\n", encoding="utf-8")
    articles, rejections = read_corpus(corpus_dir)
    assert len(articles) == 1 and rejections[0].reason == "duplicate article id"


def test_a_missing_folder_is_an_error():
    with pytest.raises(FileNotFoundError, match="not a folder"):
        read_corpus("/nonexistent/corpus")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published: 14 March 2025\nStory.", dt.date(2025, 3, 14)),
        ("Updated March 16, 2025\nStory.", dt.date(2025, 3, 16)),
        ("Story.\nSunday, 16 March 2025\n", dt.date(2025, 3, 16)),
        ("Story.\n— Helen Clark (@HelenClarkNZ) June 7, 2025\n", dt.date(2025, 6, 7)),
        ("The seized Golan in 1967 and met on July 12.", None),
        ("US Navy photo shows a sub transiting Suez Canal on April 7, 2023.", None),
    ],
)
def test_publication_date_only_where_the_article_states_it(text, expected):
    assert infer_published(text) == expected

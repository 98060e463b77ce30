"""Reading a corpus: formats, encodings, manifest, dates, and what is set aside."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from conftest import SEEDS
from newsdesk.corpus import CorpusConfig, Rejection, decode_bytes, infer_published, read_corpus
from newsdesk.corpus.decode import NotText
from newsdesk.corpus.files import FileProblem, manifest_path


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
        ("“Kiwi” café".encode("utf-16"), "“Kiwi” café", True),
        (b"\xfe\xff" + "“Kiwi” café".encode("utf-16-be"), "“Kiwi” café", True),
        ("“Kiwi” café".encode("utf-32"), "“Kiwi” café", True),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp1252", "mojibake", "utf-16 LE BOM", "utf-16 BE BOM", "utf-32 BOM"],
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
    # A bad date keeps the article, undated, with a warning.
    assert [(a.article_id, a.published) for a in articles] == [("broken-1", None), ("good", None)]
    reasons = {r.file: (r.reason, r.severity) for r in rejections}
    assert reasons == {
        "good.txt": ("unreadable publication date", "warning"),
        "empty.txt": ("empty", "error"),
        "broken.jsonl:2": ("invalid JSON line", "error"),
        "broken.jsonl:3": ("JSON line has no 'text' string", "error"),
        "table.csv": ("CSV has no 'text' column", "error"),
        "photo.png": ("unsupported file type", "error"),
        "missing.txt": ("listed in the manifest but missing", "error"),
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


@pytest.mark.parametrize(
    ("data", "reason", "detail"),
    [
        (b"%PDF-1.4\n...", "not text", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "not text", "PNG"),
        (b"PK\x03\x04....", "not text", "ZIP"),
        (b"\x1f\x8b\x08\x00", "not text", "GZIP"),
        (b"\xff\xd8\xff\xe0", "not text", "JPEG"),
        ("Talks in Paris.".encode("utf-16-le"), "not text", "NUL byte"),
        (b"text \x01\x02\x03\x04 more", "not text", "control characters"),
        (b"Caf\xc3\xa9 \x81", "undecodable", "byte 0x81"),
        (b"\xff\xfe" + b"T\x00\x00\xd8", "undecodable", "UTF-16 LE"),
    ],
    ids=["pdf", "png", "zip", "gzip", "jpeg", "utf-16 without BOM", "control characters",
         "not cp1252", "broken utf-16"],
)  # fmt: skip
def test_what_is_not_text_is_told_by_content(data, reason, detail):
    with pytest.raises(NotText) as raised:
        decode_bytes(data)
    assert raised.value.reason == reason and detail in str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.txt", "a.txt"),
        ("./a.txt", "a.txt"),
        ("sub/../a.txt", "a.txt"),
        ("/etc/passwd", "outside the corpus"),
        ("../a.txt", "outside the corpus"),
        ("sub/../../a.txt", "outside the corpus"),
        ("..\\a.txt", "outside the corpus"),
        ("C:\\corpus\\a.txt", "outside the corpus"),
        ("sub/a.txt", "in a subfolder"),
    ],
)
def test_manifest_paths(value, expected, tmp_path):
    try:
        assert manifest_path(value, tmp_path) == expected
    except FileProblem as problem:
        assert problem.reason == expected


def test_limits_come_from_the_config(corpus_dir):
    (corpus_dir / "big.txt").write_text("Talks in Paris. " * 100, encoding="utf-8")
    (corpus_dir / "long.jsonl").write_text('{"text": "%s"}\n' % ("word " * 50), encoding="utf-8")
    (corpus_dir / "ok.txt").write_text("Talks.", encoding="utf-8")
    config = CorpusConfig(max_bytes=1_000, max_article_chars=100)
    articles, rejections = read_corpus(corpus_dir, config)
    assert [a.article_id for a in articles] == ["ok"]
    assert {(r.file, r.reason) for r in rejections} == {("big.txt", "too large"), ("long.jsonl:1", "too large")}
    assert "1,600 bytes; the limit is 1,000" in rejections[0].detail + rejections[1].detail


def test_a_csv_cell_over_the_csv_module_default_is_read(corpus_dir):
    text = "The talks went on. " * 8_000  # 152,000 characters: over csv's 131,072
    (corpus_dir / "wide.csv").write_text(f'title,text\nWide,"{text}"\n', encoding="utf-8")
    (corpus_dir / "articles.csv").write_text(f'file,title\nwide.csv,"{"T" * 140_000}"\n', encoding="utf-8")
    articles, rejections = read_corpus(corpus_dir)
    assert [len(a.text) for a in articles] == [len(text)]
    assert [(r.reason, r.severity) for r in rejections] == [("title too long: cut", "warning")]
    assert len(articles[0].title or "") == CorpusConfig().max_field_chars


@pytest.mark.parametrize(
    ("published", "kept", "reason"),
    [
        ("2026-01-02", dt.date(2026, 1, 2), None),  # a day ahead of UTC: a time zone, not an error
        ("2026-01-03", None, "publication date in the future"),
        ("1799-12-31", None, "publication date out of range"),
        ("14/03/2025", None, "unreadable publication date"),
        ("March 14, 2025", dt.date(2025, 3, 14), None),
        ("2025-03-14T09:30:00+13:00", dt.date(2025, 3, 14), None),
    ],
)
def test_a_bad_date_keeps_the_article_undated_with_a_warning(corpus_dir, published, kept, reason):
    (corpus_dir / "a.txt").write_text("Talks in Paris.", encoding="utf-8")
    (corpus_dir / "articles.csv").write_text(f'file,published\na.txt,"{published}"\n', encoding="utf-8")
    articles, rejections = read_corpus(corpus_dir, CorpusConfig(today=dt.date(2026, 1, 1)))
    assert articles[0].published == kept
    assert articles[0].published_source == ("manifest" if kept else "none")
    assert [(r.reason, r.severity) for r in rejections] == ([(reason, "warning")] if reason else [])


def test_symlinks_only_inside_the_corpus(corpus_dir, tmp_path):
    (corpus_dir / "a.txt").write_text("Talks in Paris.", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (corpus_dir / "inside.txt").symlink_to("a.txt")
    (corpus_dir / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (corpus_dir / "articles.csv").symlink_to(tmp_path / "secret.txt")
    articles, rejections = read_corpus(corpus_dir)
    assert sorted(a.article_id for a in articles) == ["a", "inside"]
    assert {(r.file, r.reason) for r in rejections} == {
        ("outside.txt", "outside the corpus"), ("articles.csv", "outside the corpus")
    }


def test_a_rejection_is_printable_and_short():
    rejection = Rejection("a\nb\u202e.txt", "empty", "\x00" * 300)
    assert rejection.file == "a b\\u202e.txt"
    assert len(rejection.detail) == 200 and rejection.detail.isprintable()


def test_a_file_read_again_gives_the_same_articles_and_warnings(tmp_path, caplog):
    """A build reads each file twice: within ``keep_readings`` the second reading is what the
    first kept, for the same bytes only (a file changed in between is read anew), and it warns of
    the same repairs; outside it (a notebook) nothing is kept."""
    from newsdesk.corpus import keep_readings, read_file

    path = tmp_path / "story.txt"
    path.write_bytes("Caf\u00e9 talks went well, officials said.".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="newsdesk.corpus"), keep_readings():
        first, again = read_file(path, {}), read_file(path, {})
        assert first == again and again[0] is first[0]  # the kept reading
        assert [r.getMessage() for r in caplog.records] == ["story.txt: not UTF-8: decoded as cp1252"] * 2
        path.write_text("Other talks went badly, officials said.", encoding="utf-8")
        changed = read_file(path, {})
        assert changed[0].text == "Other talks went badly, officials said." and not changed[0].repairs
        assert read_file(path, {"title": "Talks"})[0].title == "Talks"  # another manifest row, another reading
    outside = read_file(path, {}), read_file(path, {})
    assert outside[0] == outside[1] and outside[1][0] is not outside[0][0]  # read anew each time

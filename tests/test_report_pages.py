"""What the reports show and how they are made safe: the table and figure helper, the article
pages, the notebooks' content, the exercises, and an article full of hostile markup."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from conftest import ROOT, SEEDS
from newsdesk.cli import main
from newsdesk.pipeline.store import read_table
from newsdesk.reports.articles import number_spans, write_article_pages
from newsdesk.reports.exercises import PROMPT, make_exercises
from newsdesk.reports.html import (
    article_href,
    article_page_name,
    link,
    safe_url,
    save_figure,
    script_json,
    show_table,
    table_html,
)
from newsdesk.reports.run import run_reports

NOTEBOOKS = sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb"))
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)><b onmouseover=alert(2)>b</b>"


# -- the helper every report uses ------------------------------------------------------------


def test_a_table_escapes_every_cell_header_and_caption():
    frame = pd.DataFrame({HOSTILE: [HOSTILE, "plain"], "n": [1, 2]})
    page = lxml.html.fromstring(table_html(frame, caption=HOSTILE))
    assert not page.xpath("//img | //b | //script[contains(., 'alert')]")
    assert page.xpath("//caption")[0].text_content() == HOSTILE
    assert page.xpath("//th")[0].text_content() == HOSTILE
    assert page.xpath("//td")[0].text_content() == HOSTILE


@pytest.mark.parametrize(
    ("href", "allowed"),
    [
        ("https://www.rnz.co.nz/news", True),
        ("http://example.org/a?b=1", True),
        ("articles/000.html#q-q1", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/etc/passwd", False),
    ],
)
def test_links_are_http_or_relative_only(href, allowed):
    made = lxml.html.fragment_fromstring(link(href, "<b>x</b>"), create_parent="div")
    anchors = made.xpath("//a")
    assert bool(anchors) == allowed
    assert made.text_content() == "<b>x</b>"
    if not href.startswith("articles/"):
        assert (safe_url(href) is not None) == allowed


def test_json_in_a_script_cannot_close_it():
    text = script_json({"id": "</script><script>alert(1)</script><!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["id"].startswith("</script>")


def test_long_tables_are_searchable_and_short_ones_are_not():
    long_page = table_html(pd.DataFrame({"n": range(16)}), table_id="long")
    short_page = table_html(pd.DataFrame({"n": range(15)}), table_id="short")
    assert 'type="search"' in long_page and "newsdeskTable(" in long_page
    assert 'type="search"' not in short_page


def test_every_row_links_to_its_words():
    frame = pd.DataFrame({"quote": ["a"], "link": [article_href("000_x", "q-q1")], "link B": [article_href("</b>", "e-2")]})
    page = lxml.html.fromstring(table_html(frame))
    assert [a.get("href") for a in page.xpath("//a")] == [
        "articles/000_x.html#q-q1", "articles/" + article_page_name("</b>") + "#e-2",
    ]  # fmt: skip
    assert [th.text_content() for th in page.xpath("//th")] == ["quote", "words", "words B"]


@pytest.mark.parametrize("article_id", ["../../etc/passwd", "</script>", "a/b\\c", "x" * 300, ".hidden", "004_56dbff255cf8ac1b~1"])
def test_article_page_names_are_safe_and_distinct(article_id):
    name = article_page_name(article_id)
    assert re.fullmatch(r"[A-Za-z0-9._~-]+\.html", name) and not name.startswith(".")
    assert len(name) < 100
    assert name != article_page_name(article_id + "!")


def test_show_table_saves_the_csv_and_an_empty_export_dir_saves_nothing(tmp_path, monkeypatch):
    frame = pd.DataFrame({"outlet": ["RNZ"], "n": [1]})
    show_table(frame, "Quotes per speaker", tmp_path)
    assert pd.read_csv(tmp_path / "tables" / "quotes-per-speaker.csv").to_dict("records") == [{"outlet": "RNZ", "n": 1}]
    monkeypatch.chdir(tmp_path / "tables")
    show_table(frame, "nothing", "")
    assert sorted(p.name for p in Path().iterdir()) == ["quotes-per-speaker.csv"]


def test_figures_are_saved_numbered_with_alt_text_and_no_mathtext(tmp_path):
    from newsdesk.reports.figures import new_figure
    from newsdesk.reports.html import describe_figure

    figure, axes = new_figure(4, 3)
    axes.barh([r"$\undefinedcmd{x}$ News"], [3])
    axes.set(title=r"Quotes by $\undefinedcmd{x}$", xlabel="count", ylabel="outlet")
    assert describe_figure(figure) == (
        r"Quotes by $\undefinedcmd{x}$. Chart of count (horizontal) against outlet (vertical). Rows: $\undefinedcmd{x}$ News."
    )
    save_figure(figure, "first", tmp_path)  # mathtext would raise on the unknown command
    second, _ = plt.subplots()
    save_figure(second, "second", tmp_path, alt="An empty <chart>")
    names = sorted(path.name for path in (tmp_path / "figures").iterdir())
    assert names == ["01-first.png", "01-first.svg", "02-second.png", "02-second.svg"]
    assert not plt.get_fignums(), "figures are closed once shown"


def test_numbering_of_spans_follows_reading_order():
    table = pd.DataFrame({"article_id": ["b", "a", "a", "a"], "start": [4, 9, 1, 1], "end": [5, 10, 3, 2]})
    assert number_spans(table).tolist() == [0, 2, 1, 0]


# -- a small built corpus and its reports ------------------------------------------------------

SEED_NAMES = ("000", "001", "004")


def _corpus_with_manifest(folder: Path) -> None:
    folder.mkdir(parents=True)
    with (SEEDS / "articles.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["file"].startswith(SEED_NAMES)]
    for row in rows:
        shutil.copy(SEEDS / row["file"], folder / row["file"])
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("small")
    _corpus_with_manifest(root / "corpus")
    assert main(["build", str(root / "corpus"), "--out", str(root / "data")]) == 0
    return root / "data"


@pytest.fixture(scope="module")
def small_reports(small_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small-reports")
    outcomes = run_reports(ROOT / "notebooks", small_data, out)
    assert {outcome.name: outcome.status for outcome in outcomes} == dict.fromkeys(NOTEBOOKS, "written")
    return out


def _ids(path: Path) -> set[str]:
    return set(lxml.html.parse(str(path)).getroot().xpath("//@id"))


@pytest.mark.slow
def test_article_pages_anchor_every_quote_event_and_mention(small_data, tmp_path):
    pages = write_article_pages(small_data, tmp_path)
    articles = read_table(small_data, "articles")
    assert [page.name for page in pages] == [article_page_name(a) for a in articles["article_id"]]
    quotes = read_table(small_data, "quotes")
    for name in ("events", "mentions"):
        table = read_table(small_data, name)
        table = table.assign(n=number_spans(table))
        for article_id, group in table.groupby("article_id"):
            ids = _ids(tmp_path / "articles" / article_page_name(article_id))
            assert {f"{name[0]}-{n}" for n in group["n"]} <= ids
    for article_id, group in quotes.groupby("article_id"):
        ids = _ids(tmp_path / "articles" / article_page_name(article_id))
        assert {f"q-{q}" for q in group["quote_id"]} <= ids
    rnz = (tmp_path / "articles" / "000_6939ad8758bea7e7.html").read_text(encoding="utf-8")
    assert "2025-03-16" in rnz and "manifest" in rnz and "Photo: RNZ" in rnz, "date, its source, and what cleaning removed"
    assert 'href="../../' not in rnz or "000_6939ad8758bea7e7.txt" in rnz


# What each report must show on the small corpus: words that must be on the page, the figures it
# draws, and the tables it exports.
EXPECTED = {
    "00-tour": (["A guided tour of newsdesk", "Exercise 1", "000_6939ad8758bea7e7"], 0, []),
    "01-corpus": (["Luxon reaffirms NZ", "3 articles", "newsletter"], 3, ["articles", "cleaning-audit"]),
    "02-timeline": (["2025-03-14", "Friday", "2025-02-16", "yesterday"], 1, ["events", "unresolved"]),
    "03-quotes": (["New Zealand stands shoulder to shoulder with Ukraine", "Keir Starmer"], 2,
                  ["quotes", "people", "focus-quotes", "reused-quotes"]),
    "04-sentiment": (["Sentence tone by outlet", "Ukraine"], 4, ["tone-by-outlet", "tone-by-entity"]),
    "05-speaker": (["Christopher Luxon", "lockstep with the Brits"], 1, ["quotes", "tone", "named-with", "outlets", "cues"]),
    "06-sources": (["Who gets a voice", "Christopher Luxon", "person"], 0,
                   ["kind-of-source", "gender-of-quotes", "gender-of-sources", "quoted-most"]),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_each_report_shows_its_content_and_exports_it(notebook, small_reports):
    words, figures, tables = EXPECTED[notebook]
    page = (small_reports / f"{notebook}.html").read_text(encoding="utf-8")
    text = lxml.html.fromstring(page).text_content()
    for expected in words:
        assert expected in text, f"{notebook} should show {expected!r}"
    assert "Traceback" not in text and "PosixPath" not in text and "Warning" not in text
    shows_code = bool(re.search(r"from newsdesk(\.\w+)* import", text))
    assert shows_code == (notebook == "00-tour"), "code hidden, except in the tour"
    executed = nbformat.read(small_reports / f"{notebook}.ipynb", as_version=4)
    assert not [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    images = lxml.html.fromstring(page).xpath("//figure/img")
    assert len(images) == figures
    assert all(len(image.get("alt", "")) > 20 for image in images), "real alt text"
    exported = small_reports / notebook
    assert len(list(exported.glob("figures/*.png"))) == len(list(exported.glob("figures/*.svg"))) == figures
    for name in tables:
        assert (exported / "tables" / f"{name}.csv").exists(), name


@pytest.mark.slow
def test_the_people_of_the_quotes_report_are_those_of_its_articles(small_reports):
    people = pd.read_csv(small_reports / "03-quotes" / "tables" / "people.csv")
    assert "Christopher Luxon" in set(people["name"])
    assert not {"Dmitry Medvedev", "Abdul Hamid Dbeibeh"} & set(people["name"]), "appended stories are left out"
    assert not people["titles"].fillna("").str.contains(r"\bSir\b").any()


@pytest.mark.slow
def test_every_link_from_a_report_opens_an_anchor_on_an_article_page(small_reports):
    checked = 0
    for report in sorted(small_reports.glob("*.html")):
        for href in lxml.html.parse(str(report)).getroot().xpath("//a/@href"):
            if not href.startswith("articles/"):
                continue
            parts = urlsplit(href)
            target = small_reports / unquote(parts.path)
            assert target.exists(), f"{report.name}: {href}"
            if parts.fragment:
                assert unquote(parts.fragment) in _ids(target), f"{report.name}: {href}"
            checked += 1
    assert checked > 50


@pytest.mark.slow
def test_a_hostile_outlet_parameter_matches_nothing_and_is_shown_as_text(small_data, tmp_path):
    names = [name for name in NOTEBOOKS if name != "00-tour"]
    outlet = "<script>alert('param')</script>$\\undefinedcmd{x}$"
    outcomes = run_reports(ROOT / "notebooks", small_data, tmp_path, names=names, parameters={"outlet": outlet})
    # a non-default parameter writes a named variant, its name sanitised from the value
    assert sorted(o.name.split("--")[0] for o in outcomes) == names, outcomes
    assert all(o.status == "written" and "<" not in o.name and "$" not in o.name for o in outcomes)
    shown = _only_text(sorted(tmp_path.glob("*.html")))
    assert "<script>alert('param')</script>" in shown


# -- teaching ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_exercises_are_generated_and_run_up_to_the_first_exercise(tmp_path):
    from nbclient import NotebookClient

    target = tmp_path / "exercises" / "00-tour.ipynb"
    assert make_exercises(ROOT / "notebooks" / "00-tour.ipynb", target) >= 5
    document = nbformat.read(target, as_version=4)
    assert not [c for c in document.cells if "solution" in c.metadata.get("tags", [])]
    first = next(i for i, c in enumerate(document.cells) if "exercise" in c.metadata.get("tags", []))
    assert document.cells[first].source == PROMPT.strip() or document.cells[first].source == PROMPT
    document.cells = document.cells[:first]
    NotebookClient(document, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()  # fmt: skip
    outputs = [o for c in document.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert "000_6939ad8758bea7e7" in json.dumps([o.get("data", {}) for o in outputs])


# -- hostile input ---------------------------------------------------------------------------

HOSTILE_TEXT = """Leaders met in Paris <script>alert('text')</script> on Friday.

Prime Minister Jane Doe said: "We will <b onmouseover=alert('b')>never</b> give up <img src=x onerror=alert('img')>," on Monday.

"Security is <script>alert('quote')</script> everything, </script><script>alert('close')</script>," Doe told reporters on March 3, 2025.

Read more at javascript:alert('plain') or <a href="javascript:alert('a')">here</a>. Doe said the talks would go on next week.
"""


def _hostile_corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    record = {
        "id": "</script><script>alert('id')</script>",
        "outlet": "<b onmouseover=alert('outlet')>Bad</b> $x^2$",
        "url": "javascript:alert('url')",
        "title": "<img src=x onerror=alert('jtitle')>",
        "text": 'Doe said "<script>alert(\'jsonl\')</script> we stand firm" on Tuesday. Doe met Smith in Paris.',
    }
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    shutil.copy(SEEDS / "000_6939ad8758bea7e7.txt", folder / "000_6939ad8758bea7e7.txt")
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet", "title", "url", "published"])
        writer.writerow(["hostile.txt", r"$\undefinedcmd{x}$ <script>alert('outlet')</script>",
                         "<img src=x onerror=alert('title')>", "javascript:alert('murl')", "2025-03-05"])  # fmt: skip
        writer.writerow(["000_6939ad8758bea7e7.txt", "RNZ", "Luxon reaffirms NZ's support for Ukraine", "", "2025-03-16"])


@pytest.mark.slow
def test_hostile_markup_reaches_every_page_only_as_text(tmp_path):
    _hostile_corpus(tmp_path / "corpus")
    assert main(["build", str(tmp_path / "corpus"), "--out", str(tmp_path / "data")]) == 0
    out = tmp_path / "reports"
    outcomes = run_reports(ROOT / "notebooks", tmp_path / "data", out)
    assert {o.name: o.status for o in outcomes} == dict.fromkeys(NOTEBOOKS, "written"), outcomes
    pages = sorted(out.glob("*.html")) + sorted((out / "articles").glob("*.html"))
    assert len(pages) >= len(NOTEBOOKS) + 3
    shown = _only_text(pages)
    for text in ("<script>alert('text')</script>", "<script>alert('quote')</script>", "alert('outlet')",
                 "<img src=x onerror=alert('title')>", "</script><script>alert('id')</script>"):  # fmt: skip
        assert text in shown, f"{text!r} should be shown as text"
    assert r"$\undefinedcmd{x}$" in shown


def _only_text(pages: list[Path]) -> str:
    """The pages' text, after checking that nothing in them is live markup from the input."""
    shown = ""
    for page in pages:
        root = lxml.html.parse(str(page)).getroot()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{page.name}: <{element.tag} {name}>"
                if name.lower() in {"href", "src", "action", "formaction", "xlink:href"}:
                    assert not re.match(r"\s*(javascript|vbscript|data:text)", value, re.I), f"{page.name}: {value}"
        for script in root.iter("script"):
            assert "alert(" not in (script.text or ""), f"{page.name}: live script"
        assert not root.xpath("//img[not(starts-with(@src, 'data:image/png'))]"), page.name
        shown += root.text_content()
    return shown

"""Article pages: the cleaned text of each article, with every quote, event and mention marked.

A row of any report table links here (``articles/<article_id>.html#q-<quote_id>``, ``#e-<n>``,
``#m-<n>``), so a reader goes from a chart to the words in one click. The pages are rendered
with Jinja2 with autoescaping on: article text, titles, outlets, ids and file names are data,
never markup. Links are relative, so the reports folder can be moved or published as it is.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from newsdesk.pipeline.store import read_json, read_table
from newsdesk.reports.html import article_page_name, safe_url

__all__ = ["event_anchor", "mention_anchor", "number_spans", "quote_anchor", "write_article_pages"]

logger = logging.getLogger(__name__)

#: how much of a removed passage the page shows before cutting it with an ellipsis
REMOVED_SHOWN = 300


def number_spans(table: pd.DataFrame) -> pd.Series:
    """Each row's number within its article, in reading order (start, then end): the ``n`` of
    ``#e-<n>`` and ``#m-<n>``. Reports and pages both number the whole built table this way.

    >>> table = pd.DataFrame({"article_id": ["a", "a", "b"], "start": [9, 2, 5], "end": [12, 4, 6]})
    >>> number_spans(table).tolist()
    [1, 0, 0]
    """
    if table.empty:
        return pd.Series([], index=table.index, dtype="int64")
    order = table.sort_values(["article_id", "start", "end"], kind="stable")
    return order.groupby("article_id").cumcount().reindex(table.index)


def quote_anchor(quote_id: Any) -> str:
    """'q-7'."""
    return f"q-{quote_id}"


def event_anchor(number: Any) -> str:
    """'e-3'."""
    return f"e-{number}"


def mention_anchor(number: Any) -> str:
    """'m-12'."""
    return f"m-{number}"


@dataclass(slots=True)
class _Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def _segments(text: str, spans: Iterable[tuple[int, int, str, str, str]]) -> list[_Segment]:
    """Cut the text at every span boundary; each piece knows which spans cover it.

    Spans are (start, end, kind, anchor, note); they may overlap or nest. An anchor is placed
    at the first piece of its span.
    """
    spans = [(max(0, s), min(len(text), e), k, a, n) for s, e, k, a, n in spans if e > s and s < len(text)]
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    starts: dict[int, list[str]] = defaultdict(list)
    for start, _, _, anchor, _ in spans:
        starts[start].append(anchor)
    pieces = []
    for left, right in itertools.pairwise(cuts):
        covering = [span for span in spans if span[0] <= left and span[1] >= right]
        pieces.append(_Segment(
            text=text[left:right],
            kinds=sorted({kind for _, _, kind, _, _ in covering}),
            spans=[anchor for *_, anchor, _ in covering],
            notes=[note for *_, note in covering],
            anchors=starts.get(left, []),
        ))  # fmt: skip
    return pieces


@cache
def _environment() -> jinja2.Environment:
    folder = Path(__file__).parent.parent / "resources" / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _shorten(text: Any, limit: int = REMOVED_SHOWN) -> str:
    """Text cut to ``limit`` characters, with an ellipsis that says how much is left out."""
    value = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    if len(value) <= limit:
        return value
    return f"{value[:limit].rstrip()}… (+{len(value) - limit:,} characters)"


def _raw_file(name: Any, corpus: Any, page_dir: Path) -> dict[str, str]:
    """The raw file: a relative link when it lies inside the corpus folder, else its name only."""
    label = str(name or "")
    if not label or not corpus:
        return {"name": label, "href": ""}
    folder = Path(str(corpus)).resolve()
    path = (folder / label).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return {"name": label, "href": ""}
    return {"name": label, "href": Path(os.path.relpath(path, page_dir.resolve())).as_posix()}


def _rows(table: pd.DataFrame, article_id: str) -> list[dict[str, Any]]:
    if table.empty or "article_id" not in table:
        return []
    return [{str(key): value for key, value in row.items()} for row in table[table["article_id"] == article_id].to_dict("records")]


def _children(articles: pd.DataFrame, article_id: str) -> list[dict[str, Any]]:
    """The stories split off this page, in page order."""
    if "parent_id" not in articles:
        return []
    return [{str(k): v for k, v in row.items()} for row in articles[articles["parent_id"] == article_id].to_dict("records")]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _page(article: Mapping[str, Any], tables: Mapping[str, pd.DataFrame], corpus: Any, page_dir: Path) -> str:
    article_id = str(article["article_id"])
    text = _text(article["text"])
    quotes, events, mentions = (_rows(tables[name], article_id) for name in ("quotes", "events", "mentions"))
    spans = [
        (int(q["start"]), int(q["end"]), "quote", quote_anchor(q["quote_id"]),
         f"quote {q['quote_id']}: {_text(q.get('speaker')) or 'speaker unknown'} ({_text(q.get('kind'))})")
        for q in quotes
    ] + [
        (int(e["start"]), int(e["end"]), "event", event_anchor(e["n"]),
         f"date: {_text(e.get('expr'))} = {_text(e.get('value')) or 'not placed'}")
        for e in events
    ] + [
        (int(m["start"]), int(m["end"]), "mention", mention_anchor(m["n"]),
         f"{_text(m.get('kind'))}: {_text(m.get('entity'))}")
        for m in mentions
    ]  # fmt: skip
    url = safe_url(article.get("url"))
    published = article.get("published")
    removed = [
        {"reason": _text(row.get("reason")), "action": _text(row.get("action")),
         "text": _shorten(row.get("text")), "replacement": _shorten(row.get("replacement"))}
        for row in _rows(tables["cleaning"], article_id)
    ]  # fmt: skip
    return _environment().get_template("article.html.j2").render(
        article_id=article_id,
        title=_text(article.get("title")) or "(no title stated)",
        outlet=_text(article.get("outlet")) or "(unknown outlet)",
        published="" if published is None or pd.isna(published) else str(published)[:10],
        published_source=_text(article.get("published_source")) or "none",
        url=url or "",
        url_refused=bool(_text(article.get("url")).strip()) and not url,
        raw=_raw_file(article.get("file"), corpus, page_dir),
        parent=_text(article.get("parent_id")),
        parent_page=article_page_name(article["parent_id"]) if _text(article.get("parent_id")) else "",
        children=[
            {"page": article_page_name(child["article_id"]), "title": _text(child.get("title")) or str(child["article_id"])}
            for child in _children(tables["articles"], article_id)
        ],
        segments=_segments(text, spans),
        quotes=sorted(quotes, key=lambda q: int(q["start"])),
        events=sorted(events, key=lambda e: int(e["n"])),
        n_mentions=len(mentions),
        removed=removed,
        removed_chars=int(article.get("removed_chars") or 0),
        quote_anchor=quote_anchor,
        event_anchor=event_anchor,
    )


def _load(data_dir: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in ("articles", "quotes", "events", "mentions", "cleaning"):
        try:
            tables[name] = read_table(data_dir, name)
        except FileNotFoundError:
            tables[name] = pd.DataFrame(columns=["article_id", "start", "end"])
    for name in ("events", "mentions"):
        tables[name] = tables[name].assign(n=number_spans(tables[name]))
    return tables


def write_article_pages(data_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Write ``out_dir/articles/<article_id>.html`` for every built article.

    Args:
        data_dir: the built tables.
        out_dir: the reports folder; pages go to its ``articles/`` subfolder.

    Returns:
        The pages written, in the order of the ``articles`` table.
    """
    tables = _load(Path(data_dir))
    corpus = (read_json(Path(data_dir) / "build.json") or {}).get("corpus_path")
    page_dir = Path(out_dir) / "articles"
    page_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for record in tables["articles"].to_dict("records"):
        article = {str(key): value for key, value in record.items()}
        path = page_dir / article_page_name(article["article_id"])
        _write_text(path, _page(article, tables, corpus, page_dir))
        written.append(path)
    logger.info("%d article pages written to %s", len(written), page_dir)
    return written


def _write_text(path: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a page (mode from umask)."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

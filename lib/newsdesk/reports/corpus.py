"""Tables and figures for the corpus report (``notebooks/01-corpus.ipynb``)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from newsdesk.pipeline.store import read_table
from newsdesk.reports.figures import PALETTE, add_source, article_label, new_figure, reason_style
from newsdesk.reports.html import article_href, plural
from newsdesk.reports.selection import select_articles
from newsdesk.resources import stopwords

__all__ = [
    "article_overview",
    "cleaning_audit",
    "cleaning_by_article",
    "content_word_counts",
    "load_tables",
    "plot_cleaning",
    "plot_lengths",
    "plot_top_words",
    "summary",
]

#: characters of a removed or repaired passage the audit table shows before its ellipsis
AUDIT_CHARS = 110


def load_tables(
    data_dir: str | Path, outlet: str = "", include_appended: bool = False
) -> dict[str, pd.DataFrame]:
    """Articles, sentences and the cleaning audit, filtered to an outlet (empty: all).

    Appended stories (articles with a ``parent_id``) are left out unless asked for.
    """
    articles = select_articles(read_table(data_dir, "articles"), outlet, include_appended=include_appended)
    keep = set(articles["article_id"])
    tables = {"articles": articles.reset_index(drop=True)}
    for name in ("sentences", "cleaning"):
        table = read_table(data_dir, name)
        tables[name] = table[table["article_id"].isin(keep)].reset_index(drop=True)
    return tables


def article_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: what it is, where from, how long, how much was cleaned away."""
    overview = articles[[
        "article_id", "outlet", "title", "published", "published_source", "n_sentences",
        "n_tokens", "removed_chars",
    ]].copy()  # fmt: skip
    overview["title"] = overview["title"].fillna("(no title stated)")
    overview["outlet"] = overview["outlet"].fillna("(unknown)")
    overview["published"] = overview["published"].astype("string").fillna("unknown")
    overview["link"] = [article_href(article_id) for article_id in overview["article_id"]]
    return overview.rename(columns={
        "article_id": "article", "published_source": "date from", "n_sentences": "sentences",
        "n_tokens": "tokens", "removed_chars": "chars removed",
    })  # fmt: skip


def summary(articles: pd.DataFrame, sentences: pd.DataFrame, outlet: str = "", include_appended: bool = False) -> str:
    """The report's opening line (Markdown with the untrusted outlet left to the caller).

    >>> summary(pd.DataFrame({"n_tokens": [120]}), pd.DataFrame({"x": [1]}))
    '**1 article**, 1 sentence and 120 tokens; stories appended to other pages are left out.'
    """
    return (
        f"**{plural(len(articles), 'article')}**, {plural(len(sentences), 'sentence')} and "
        f"{plural(int(articles['n_tokens'].sum()), 'token')}"
        + ("" if include_appended else "; stories appended to other pages are left out")
        + "."
    )


def _cut(value: object, limit: int = AUDIT_CHARS) -> str:
    """A passage cut for a table, with an ellipsis that says how much is left out.

    >>> _cut("a" * 200, 10)
    'aaaaaaaaaa… (+190 chars)'
    """
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… (+{len(text) - limit:,} chars)"


def cleaning_audit(cleaning: pd.DataFrame, limit: int = AUDIT_CHARS) -> pd.DataFrame:
    """Every removal and repair with its reason; long passages cut with a visible ellipsis."""
    return pd.DataFrame({
        "article": cleaning["article_id"],
        "action": cleaning["action"],
        "reason": cleaning["reason"],
        "text": cleaning["text"].map(lambda value: _cut(value, limit)),
        "replaced by": cleaning["replacement"].map(lambda value: _cut(value, limit)),
        "link": [article_href(article_id, "cleaning") for article_id in cleaning["article_id"]],
    })  # fmt: skip


def cleaning_by_article(cleaning: pd.DataFrame) -> pd.DataFrame:
    """Characters removed per article and reason (rows: articles, columns: reasons)."""
    removed = cleaning[cleaning["action"] == "removed"].copy()
    removed["chars"] = removed["text"].str.len()
    return (
        removed.pivot_table(index="article_id", columns="reason", values="chars", aggfunc="sum", fill_value=0)
        .rename_axis(index="article", columns="reason")
        .astype(int)
    )


def _is_word(token: str) -> bool:
    return token.replace("-", "").replace("'", "").replace("’", "").isalpha()


def _name_pairs(token_lists: list[list[str]], min_count: int) -> set[tuple[str, str]]:
    """Capitalised word pairs frequent enough to be one name ("New Zealand", "Prime Minister")."""
    function_words = stopwords()
    pairs: Counter[tuple[str, str]] = Counter()
    for tokens in token_lists:
        pairs.update(
            (first, second)
            for first, second in itertools.pairwise(tokens)
            if first[:1].isupper() and second[:1].isupper() and _is_word(first) and _is_word(second)
            and first.casefold() not in function_words
        )
    return {pair for pair, count in pairs.items() if count >= min_count}


def content_word_counts(token_lists: Iterable[Iterable[str]], top: int = 25, min_name_count: int = 3) -> pd.DataFrame:
    """The most frequent content words: case-folded, without stop words and numbers.

    Capitalised pairs that recur at least ``min_name_count`` times count as one term, so
    "New Zealand" is not split into "new" and "zealand".

    >>> counts = content_word_counts([["The", "war", "in", "New", "Zealand", "."],
    ...                               ["New", "Zealand", "'s", "war"]], min_name_count=2)
    >>> counts.to_dict("records")
    [{'word': 'war', 'count': 2}, {'word': 'new zealand', 'count': 2}]
    """
    function_words = stopwords()
    lists = [list(tokens) for tokens in token_lists]
    names = _name_pairs(lists, min_name_count)
    counts: Counter[str] = Counter()
    for tokens in lists:
        index = 0
        while index < len(tokens):
            if tuple(tokens[index : index + 2]) in names:
                counts[f"{tokens[index]} {tokens[index + 1]}".casefold()] += 1
                index += 2
                continue
            word = tokens[index].casefold().replace("’", "'")
            if word not in function_words and len(word) > 1 and _is_word(word):
                counts[word] += 1
            index += 1
    return pd.DataFrame(counts.most_common(top), columns=["word", "count"])


def plot_lengths(articles: pd.DataFrame, data_dir: str | Path) -> Figure:
    """Horizontal bars: tokens per article, labelled by outlet and id."""
    frame = articles.sort_values("n_tokens")
    labels = [article_label(outlet, article_id) for outlet, article_id in zip(frame["outlet"], frame["article_id"], strict=True)]
    figure, axes = new_figure(8, 0.45 * len(frame) + 1.4)
    bars = axes.barh(labels, frame["n_tokens"], color=PALETTE[0])
    axes.bar_label(bars, labels=[f"{n:,} tokens · {s} sentences" for n, s in zip(frame["n_tokens"], frame["n_sentences"], strict=True)], padding=3, fontsize=8)
    axes.set_title("Article length after cleaning")
    axes.set_xlabel("Length (tokens)")
    axes.set_ylabel("Outlet · article")
    axes.set_xlim(0, max(1, int(frame["n_tokens"].max()) if len(frame) else 1) * 1.35)
    axes.grid(axis="y", visible=False)
    add_source(figure, data_dir)
    return figure


def plot_cleaning(by_article: pd.DataFrame, data_dir: str | Path, articles: pd.DataFrame | None = None) -> Figure:
    """Stacked bars: characters removed per article, by reason (a fixed colour and hatch each)."""
    figure, axes = new_figure(9, 0.5 * max(len(by_article), 1) + 2.2)
    outlets = {} if articles is None else dict(zip(articles["article_id"], articles["outlet"], strict=True))
    labels = [article_label(outlets.get(article_id), article_id) for article_id in by_article.index]
    left = pd.Series(0, index=by_article.index)
    for reason in by_article.columns:
        axes.barh(labels, by_article[reason], left=left, edgecolor="white", label=reason, **reason_style(str(reason)))
        left = left + by_article[reason]
    axes.set_xlim(0, max(1, int(left.max()) if len(left) else 1) * 1.05)
    axes.set_title("What cleaning removed, per article")
    axes.set_xlabel("Characters removed")
    axes.set_ylabel("Outlet · article")
    axes.grid(axis="y", visible=False)
    axes.legend(title="Reason", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    add_source(figure, data_dir, "Appended stories are split off, not removed, and are not counted here.")
    return figure


def plot_top_words(counts: pd.DataFrame, data_dir: str | Path) -> Figure:
    """Horizontal bars of the most frequent content words."""
    frame = counts.iloc[::-1]
    figure, axes = new_figure(7, 0.28 * len(frame) + 1.4)
    bars = axes.barh(frame["word"], frame["count"], color=PALETTE[2])
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_title(f"The {len(frame)} most frequent content words")
    axes.set_xlabel("Occurrences in the corpus (count)")
    axes.set_ylabel("Word or recurring name (case-folded)")
    axes.grid(axis="y", visible=False)
    add_source(figure, data_dir, "Stop words (Snowball list) and numbers left out.")
    return figure

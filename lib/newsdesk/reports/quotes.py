"""Tables and figures for the quotes notebook (``notebooks/03-quotes.ipynb``).

Every function takes the built tables (or a frame derived from them) and returns a DataFrame or
a Figure, so the notebook stays thin: parameters, calls, prose.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from newsdesk.reports.figures import HATCHES, PALETTE, add_source, new_figure
from newsdesk.reports.selection import select_articles
from newsdesk.pipeline.store import read_stamp, read_table

__all__ = [
    "cue_table",
    "load_tables",
    "plot_cues",
    "plot_quotes_by_speaker",
    "quote_table",
    "reused_quotes",
    "show_interactive",
    "speaker_quotes",
]

#: quote kinds that reproduce the speaker's words (indirect speech is a paraphrase)
VERBATIM = ("direct", "block", "interview", "partial")


def load_tables(
    data_dir: str | Path,
    speaker: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    include_appended: bool = False,
) -> dict[str, pd.DataFrame]:
    """Quotes (with their article's outlet, title, date and link), people and articles.

    Appended stories (with a ``parent_id``) are left out unless asked for; a date range keeps
    only dated articles inside it (ISO dates, inclusive). ``speaker`` keeps one person's quotes,
    matched on the canonical name or any alias, ignoring case.
    """
    articles = select_articles(read_table(data_dir, "articles"), outlet, since, until, include_appended)
    corpus = (read_stamp(data_dir) or {}).get("corpus_path")
    articles = articles.assign(
        source_file=articles["file"].map(lambda name: Path(corpus, name).as_uri() if corpus else "")
    )
    people = read_table(data_dir, "people")
    quotes = read_table(data_dir, "quotes")
    quotes = quotes.merge(
        articles[["article_id", "outlet", "title", "url", "published", "source_file"]], on="article_id"
    )
    if speaker:
        wanted = speaker.casefold()
        names = {
            str(row["name"])
            for row in people.to_dict("records")
            if wanted == str(row["name"]).casefold()
            or wanted in {str(a).casefold() for a in row["aliases"]}
        } or {speaker}
        quotes = quotes[quotes["speaker"].isin(names)]
    quotes = quotes.sort_values(["published", "article_id", "start"], na_position="last")
    return {
        "articles": articles.reset_index(drop=True),
        "people": people,
        "quotes": quotes.reset_index(drop=True),
    }


def _link(row: Mapping[Any, Any]) -> str:
    """Where a quote can be read: a link to the article (its URL, else its file in the corpus as
    built), with the quote's character offsets into the cleaned text."""
    target = row.get("url") or row.get("source_file")
    where = f"{row['article_id']} [{row['start']}:{row['end']}]"
    if isinstance(target, str) and target:
        return f'<a href="{html.escape(target, quote=True)}">{html.escape(where)}</a>'
    return where


def quote_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per quote, in reading order: date, outlet, speaker, kind, cue, quote, source."""
    # The source column is HTML (a link); every text taken from a page is escaped, so that a
    # scraped "<" shows as written and nothing in an article can inject markup into the report.
    def text(column: str, missing: str = "") -> pd.Series:
        return quotes[column].fillna(missing).astype(str).map(html.escape)

    frame = pd.DataFrame({
        "published": quotes["published"].astype("string").fillna(""),
        "outlet": text("outlet"),
        "speaker": text("speaker", "(unknown)"),
        "as written": text("speaker_mention"),
        "kind": quotes["kind"],
        "cue": text("cue"),
        "quote": text("text"),
        "tone": quotes["compound"].round(2) if "compound" in quotes else None,
        "source": [_link(row) for row in quotes.to_dict("records")],
    })  # fmt: skip
    return frame.reset_index(drop=True)


def show_interactive(frame: pd.DataFrame, **options: Any) -> Any:
    """A searchable, sortable table that works offline (itables bundles its JavaScript)."""
    from itables import init_notebook_mode, show

    init_notebook_mode(all_interactive=False, connected=False)
    options.setdefault("lengthMenu", [10, 25, 50, 100])
    options.setdefault("classes", "display compact")
    options.setdefault("columnDefs", [{"className": "dt-left", "targets": "_all"}])
    return show(frame, allow_html=True, **options)


def plot_quotes_by_speaker(
    quotes: pd.DataFrame, data_dir: str | Path, top: int = 10, kinds: tuple[str, ...] = VERBATIM
) -> Figure:
    """Quotes per speaker, stacked by outlet (hatched, so it reads in black and white)."""
    chosen = quotes[quotes["kind"].isin(kinds) & quotes["speaker"].notna()]
    counts = chosen.groupby(["speaker", "outlet"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_values(ascending=True).tail(top).index
    counts = counts.loc[order]
    figure, axes = new_figure(8.0, max(2.5, 0.45 * len(counts) + 1.2))
    left = pd.Series(0, index=counts.index)
    for number, outlet in enumerate(counts.columns):
        axes.barh(
            counts.index,
            counts[outlet],
            left=left,
            label=outlet,
            color=PALETTE[number % len(PALETTE)],
            hatch=HATCHES[number % len(HATCHES)],
            edgecolor="black",
            linewidth=0.5,
        )
        left = left + counts[outlet]
    if counts.empty:
        axes.text(0.5, 0.5, "No attributed quotations in this selection", ha="center",
                  va="center", transform=axes.transAxes)  # fmt: skip
    else:
        axes.legend(title="Outlet", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    axes.set_title(f"Quotes per speaker, by outlet (top {len(counts)})")
    axes.set_xlabel("Quotations (direct, block, partial and interview), count")
    axes.set_ylabel("Speaker")
    axes.xaxis.get_major_locator().set_params(integer=True)
    add_source(figure, data_dir, "Indirect (reported) speech is not counted.")
    return figure


def reused_quotes(
    quotes: pd.DataFrame, threshold: float = 85.0, min_words: int = 4
) -> pd.DataFrame:
    """The same words quoted in different articles: near-duplicate pairs (rapidfuzz).

    Two quotes match when rapidfuzz's ``token_set_ratio`` of their texts is at least
    ``threshold`` (0-100), so a quote trimmed or extended by one outlet still matches.
    """
    from rapidfuzz import fuzz, process

    chosen = quotes[quotes["kind"].isin(VERBATIM)].reset_index(drop=True)
    long_enough = [len(str(text).split()) >= min_words for text in chosen["text"]]
    chosen = chosen[pd.Series(long_enough, index=chosen.index, dtype=bool)].reset_index(drop=True)
    texts = [str(text).casefold() for text in chosen["text"]]
    articles = [str(article) for article in chosen["article_id"]]
    rows = []
    if len(texts) > 1:
        scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                if scores[i][j] and articles[i] != articles[j]:
                    a, b = chosen.iloc[i], chosen.iloc[j]
                    rows.append({
                        "similarity": round(float(scores[i][j]), 1),
                        "speaker": a["speaker"] if a["speaker"] == b["speaker"] else
                        f"{a['speaker']} / {b['speaker']}",
                        "outlet A": a["outlet"], "quote A": a["text"],
                        "outlet B": b["outlet"], "quote B": b["text"],
                    })  # fmt: skip
    columns = ["similarity", "speaker", "outlet A", "quote A", "outlet B", "quote B"]
    return pd.DataFrame(rows, columns=columns).sort_values("similarity", ascending=False)


def cue_table(quotes: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """How each speaker's words are introduced: counts of cue verbs (lower case) per speaker."""
    chosen = quotes[quotes["speaker"].notna() & quotes["cue"].notna()]
    chosen = chosen.assign(cue=chosen["cue"].str.casefold())
    speakers = chosen["speaker"].value_counts().head(top).index
    table = pd.crosstab(chosen["speaker"], chosen["cue"]).loc[speakers]
    return table[table.sum().sort_values(ascending=False).index]


def plot_cues(table: pd.DataFrame, data_dir: str | Path) -> Figure:
    """The cue table as a grid of counts (numbers written in, so no colour is needed)."""
    figure, axes = new_figure(max(5.0, 0.7 * len(table.columns) + 2.5), 0.5 * len(table) + 1.8)
    axes.imshow(table.to_numpy(), cmap="Greys", aspect="auto", vmin=0,
                vmax=max(1, 2 * int(table.to_numpy().max())))  # fmt: skip
    values = table.to_numpy()
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            if values[row, column]:
                axes.text(column, row, str(values[row, column]), ha="center", va="center",
                          fontsize=9)  # fmt: skip
    axes.set_xticks(range(len(table.columns)), table.columns, rotation=45, ha="right")
    axes.set_yticks(range(len(table.index)), table.index)
    axes.grid(False)
    axes.set_title("Reporting verbs used for each speaker")
    axes.set_xlabel("Cue (reporting verb as written), number of quotes")
    axes.set_ylabel("Speaker")
    add_source(figure, data_dir)
    return figure


def speaker_quotes(quotes: pd.DataFrame, speaker: str) -> pd.DataFrame:
    """One speaker's quotes in date order, each with a link back to its article."""
    mine = quotes[quotes["speaker"] == speaker]
    return quote_table(mine)[["published", "outlet", "kind", "cue", "quote", "source"]]

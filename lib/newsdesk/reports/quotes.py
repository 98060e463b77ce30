"""Tables and figures for the quotes notebook (``notebooks/03-quotes.ipynb``).

Every function takes the built tables (or a frame derived from them) and returns a DataFrame or
a Figure, so the notebook stays thin: parameters, calls, prose.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from newsdesk.pipeline.store import read_table
from newsdesk.reports.articles import quote_anchor
from newsdesk.reports.figures import HATCHES, PALETTE, add_source, new_figure
from newsdesk.reports.html import article_href, plural
from newsdesk.reports.selection import select_articles

__all__ = [
    "cue_table",
    "load_tables",
    "people_table",
    "plot_cues",
    "plot_quotes_by_speaker",
    "quote_links",
    "quote_table",
    "reused_quotes",
    "speaker_quotes",
    "summary",
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
    """Quotes (with their article's outlet, title and date), people, mentions and articles.

    Appended stories (with a ``parent_id``) are left out unless asked for; a date range keeps
    only dated articles inside it (ISO dates, inclusive). ``speaker`` keeps one person's quotes,
    matched on the canonical name or any alias, ignoring case.
    """
    articles = select_articles(read_table(data_dir, "articles"), outlet, since, until, include_appended)
    people = read_table(data_dir, "people")
    mentions = read_table(data_dir, "mentions")
    mentions = mentions[mentions["article_id"].isin(set(articles["article_id"]))]
    quotes = read_table(data_dir, "quotes")
    quotes = quotes.merge(articles[["article_id", "outlet", "title", "url", "published"]], on="article_id")
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
        "mentions": mentions.reset_index(drop=True),
        "quotes": quotes.reset_index(drop=True),
    }


def _quote_href(row: pd.Series) -> str:
    """A quote's link: at the quote when it has an id, else the top of its article."""
    quote_id = row.get("quote_id")
    known = quote_id is not None and not pd.isna(quote_id)
    return article_href(row["article_id"], quote_anchor(quote_id) if known else "")


def summary(quotes: pd.DataFrame, articles: pd.DataFrame) -> str:
    """The report's opening line, as Markdown."""
    verbatim = int(quotes["kind"].isin(VERBATIM).sum())
    named = quotes["speaker"].notna().mean() if len(quotes) else 0.0
    return (
        f"**{plural(len(quotes), 'quotation')}** ({verbatim:,} verbatim, {len(quotes) - verbatim:,} indirect) "
        f"in **{plural(len(articles), 'article')}** from {plural(articles['outlet'].nunique(), 'outlet')}; "
        f"{named:.0%} have a named speaker."
    )


def quote_links(quotes: pd.DataFrame) -> list[str]:
    """Each quote's link to its words on its article page: ``articles/<id>.html#q-<quote_id>``."""
    return [
        article_href(article_id, quote_anchor(quote_id))
        for article_id, quote_id in zip(quotes["article_id"], quotes["quote_id"], strict=True)
    ]


def quote_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per quote, in reading order: date, outlet, speaker, kind, cue, quote, link.

    Plain text only: the report's table helper escapes every cell and draws the link.
    """
    frame = pd.DataFrame({
        "published": quotes["published"].astype("string").fillna(""),
        "outlet": quotes["outlet"].fillna(""),
        "speaker": quotes["speaker"].fillna("(unknown)"),
        "as written": quotes["speaker_mention"].fillna(""),
        "kind": quotes["kind"],
        "cue": quotes["cue"].fillna(""),
        "quote": quotes["text"],
        "tone": quotes["compound"].round(2) if "compound" in quotes else None,
        "link": quote_links(quotes),
    })  # fmt: skip
    return frame.reset_index(drop=True)


def people_table(people: pd.DataFrame, quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The people quoted in this selection, counted in it (not in the whole corpus).

    Each row links to the person's first quote in the selection.
    """
    counts = quotes.dropna(subset=["speaker"]).groupby("speaker").size()
    named = mentions[mentions["kind"] == "person"].groupby("entity").size() if len(mentions) else pd.Series(dtype=int)
    chosen = people[people["name"].isin(counts.index)].copy()
    chosen["n_quotes"] = chosen["name"].map(counts).fillna(0).astype(int)
    chosen["n_mentions"] = chosen["name"].map(named).fillna(0).astype(int)
    first = quotes.dropna(subset=["speaker"]).drop_duplicates("speaker").set_index("speaker")
    chosen["link"] = [
        article_href(first.loc[name, "article_id"], quote_anchor(first.loc[name, "quote_id"]))
        for name in chosen["name"]
    ]
    chosen = chosen.assign(
        aliases=chosen["aliases"].map(", ".join), titles=chosen["titles"].map(", ".join)
    )
    columns = ["name", "aliases", "titles", "n_quotes", "n_mentions", "link"]
    return chosen.sort_values(["n_quotes", "name"], ascending=[False, True])[columns].reset_index(drop=True)


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
                        "link": _quote_href(a), "link B": _quote_href(b),
                    })  # fmt: skip
    columns = ["similarity", "speaker", "outlet A", "quote A", "outlet B", "quote B", "link", "link B"]
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
    if table.empty:
        figure, axes = new_figure(6, 2)
        axes.text(0.5, 0.5, "No attributed quotes with a reporting verb in this selection",
                  ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        axes.set_title("Reporting verbs used for each speaker")
        return figure
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
    return quote_table(mine)[["published", "outlet", "kind", "cue", "quote", "link"]]

"""A profile of one person (``notebooks/05-speaker.ipynb``): what they said, when, where, in what tone,
and who they are named with. Every row links to the words on the article page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from newsdesk.pipeline.store import read_table
from newsdesk.reports.articles import mention_anchor, number_spans, quote_anchor
from newsdesk.reports.figures import MARKERS, PALETTE, add_source, date_axis, new_figure
from newsdesk.reports.html import article_href, markdown_text, plural
from newsdesk.reports.selection import select_articles
from newsdesk.reports.sentiment import TONE_AXIS, tone_table

__all__ = [
    "choose_speaker",
    "cue_verbs",
    "load_profile",
    "named_with",
    "outlets_quoting",
    "plot_quotes_over_time",
    "profile_summary",
    "quotes_of",
    "tone_around",
]


def choose_speaker(people: pd.DataFrame, quotes: pd.DataFrame, speaker: str = "") -> str:
    """The canonical name asked for (name or alias, any case); empty: the most quoted person.

    >>> people = pd.DataFrame({"name": ["Christopher Luxon"], "aliases": [["Luxon", "Mr Luxon"]]})
    >>> quotes = pd.DataFrame({"speaker": ["Christopher Luxon"], "speaker_kind": ["person"]})
    >>> choose_speaker(people, quotes, "luxon"), choose_speaker(people, quotes)
    ('Christopher Luxon', 'Christopher Luxon')
    """
    if speaker:
        wanted = speaker.casefold().strip()
        for row in people.to_dict("records"):
            if wanted == str(row["name"]).casefold() or wanted in {str(a).casefold() for a in row["aliases"]}:
                return str(row["name"])
        return speaker
    known = quotes[quotes["speaker"].isin(set(people["name"]))]
    counts = known["speaker"].value_counts()
    return str(counts.index[0]) if len(counts) else ""


def load_profile(
    data_dir: str | Path, speaker: str = "", outlet: str = "", include_appended: bool = False
) -> dict[str, Any]:
    """The tables of one person's profile, read and filtered the way every report does.

    Returns ``name`` (canonical), ``person`` (the people row, or None), and the selected
    ``articles``, ``sentences``, ``mentions`` (numbered for ``#m-<n>``) and all ``quotes``.
    """
    articles = select_articles(read_table(data_dir, "articles"), outlet, include_appended=include_appended)
    keep = set(articles["article_id"])
    people = read_table(data_dir, "people")
    mentions = read_table(data_dir, "mentions")
    mentions = mentions.assign(n=number_spans(mentions))
    quotes = read_table(data_dir, "quotes").merge(articles[["article_id", "outlet", "published"]], on="article_id")
    sentences = read_table(data_dir, "sentences")
    name = choose_speaker(people, quotes, speaker)
    rows = people[people["name"] == name].to_dict("records")
    return {
        "name": name,
        "person": rows[0] if rows else None,
        "articles": articles.reset_index(drop=True),
        "sentences": sentences[sentences["article_id"].isin(keep)].reset_index(drop=True),
        "mentions": mentions[mentions["article_id"].isin(keep)].reset_index(drop=True),
        "quotes": quotes.reset_index(drop=True),
    }


def quotes_of(quotes: pd.DataFrame, name: str) -> pd.DataFrame:
    """The person's quotations in date order, each with a link to its words."""
    mine = quotes[quotes["speaker"] == name].sort_values(["published", "article_id", "start"], na_position="last")
    return pd.DataFrame({
        "published": mine["published"].astype("string").fillna("undated"),
        "outlet": mine["outlet"].fillna("(unknown)"),
        "kind": mine["kind"],
        "cue": mine["cue"].fillna(""),
        "quote": mine["text"],
        "tone": mine["compound"].round(2),
        "link": [article_href(a, quote_anchor(q)) for a, q in zip(mine["article_id"], mine["quote_id"], strict=True)],
    }).reset_index(drop=True)  # fmt: skip


def profile_summary(profile: dict[str, Any]) -> str:
    """Who this is and how present they are (Markdown, every name escaped)."""
    name, person = profile["name"], profile["person"]
    if not name:
        return "_Nobody is quoted in this selection._"
    quotes = profile["quotes"][profile["quotes"]["speaker"] == name]
    mentions = profile["mentions"][profile["mentions"]["entity"] == name]
    titles = ", ".join(person["titles"]) if person is not None and len(person["titles"]) else ""
    aliases = ", ".join(a for a in person["aliases"] if a != name) if person is not None else ""
    return (
        f"**{markdown_text(name)}**" + (f" ({markdown_text(titles)})" if titles else "")
        + f": {plural(len(quotes), 'quotation')} in {plural(quotes['article_id'].nunique(), 'article')} "
        f"from {plural(quotes['outlet'].nunique(), 'outlet')}, named {plural(len(mentions), 'time')}."
        + (f" Also written as: {markdown_text(aliases)}." if aliases else "")
    )  # fmt: skip


def tone_around(profile: dict[str, Any]) -> pd.DataFrame:
    """The tone of their words, of the sentences that name them, and of the rest of those articles."""
    name, sentences = profile["name"], profile["sentences"]
    quotes = profile["quotes"][profile["quotes"]["speaker"] == name]
    mentions = profile["mentions"][profile["mentions"]["entity"] == name]
    naming = set(zip(mentions["article_id"], mentions["sentence_id"], strict=True))
    keys = list(zip(sentences["article_id"], sentences["sentence_id"], strict=True))
    in_articles = sentences["article_id"].isin(set(quotes["article_id"]) | set(mentions["article_id"]))
    names_them = pd.Series([key in naming for key in keys], index=sentences.index, dtype=bool)
    frames = [
        quotes.assign(what="their words (each quotation)"),
        sentences[names_them].assign(what="sentences that name them"),
        sentences[in_articles & ~names_them].assign(what="the other sentences of those articles"),
    ]
    rows = pd.concat([frame[["what", "compound"]] for frame in frames], ignore_index=True)
    table = tone_table(rows, "what")
    order = [frame["what"].iloc[0] if len(frame) else "" for frame in frames]
    table["order"] = table["what"].map({what: number for number, what in enumerate(order)})
    first_links = [
        article_href(quotes["article_id"].iloc[0], quote_anchor(quotes["quote_id"].iloc[0])) if len(quotes) else "",
        article_href(mentions["article_id"].iloc[0], mention_anchor(mentions["n"].iloc[0])) if len(mentions) else "",
        "",
    ]  # fmt: skip
    table["link"] = table["order"].map(dict(enumerate(first_links)))
    return table.sort_values("order").drop(columns="order").reset_index(drop=True)


def named_with(profile: dict[str, Any], top: int = 12) -> pd.DataFrame:
    """People, places and organisations named in the same sentences as the person."""
    name, mentions = profile["name"], profile["mentions"]
    theirs = mentions[mentions["entity"] == name][["article_id", "sentence_id"]].drop_duplicates()
    together = mentions.merge(theirs, on=["article_id", "sentence_id"])
    together = together[together["entity"] != name].sort_values(["article_id", "start"])
    if together.empty:
        return pd.DataFrame(columns=["named with", "kind", "sentences", "link"])
    first = together.drop_duplicates("entity").set_index("entity")
    counts = together.drop_duplicates(["article_id", "sentence_id", "entity"]).groupby(["entity", "kind"]).size()
    table = counts.rename("sentences").reset_index().sort_values(["sentences", "entity"], ascending=[False, True]).head(top)
    table["link"] = [article_href(first.loc[e, "article_id"], mention_anchor(first.loc[e, "n"])) for e in table["entity"]]
    renamed: pd.DataFrame = table.rename(columns={"entity": "named with"})
    return renamed.reset_index(drop=True)


def _counted(quotes: pd.DataFrame, column: str, label: str) -> pd.DataFrame:
    chosen = quotes.dropna(subset=[column])
    chosen = chosen[chosen[column].astype(str) != ""]
    if chosen.empty:
        return pd.DataFrame(columns=[label, "quotations", "link"])
    first = chosen.drop_duplicates(column).set_index(column)
    table = chosen.groupby(column).size().rename("quotations").reset_index()
    table = table.sort_values(["quotations", column], ascending=[False, True])
    table["link"] = [article_href(first.loc[v, "article_id"], quote_anchor(first.loc[v, "quote_id"])) for v in table[column]]
    return table.rename(columns={column: label}).reset_index(drop=True)


def outlets_quoting(profile: dict[str, Any]) -> pd.DataFrame:
    """Which outlets quote the person, and how often."""
    return _counted(profile["quotes"][profile["quotes"]["speaker"] == profile["name"]], "outlet", "outlet")


def cue_verbs(profile: dict[str, Any]) -> pd.DataFrame:
    """The reporting verbs that introduce the person's words (as written, lower case)."""
    quotes = profile["quotes"][profile["quotes"]["speaker"] == profile["name"]]
    return _counted(quotes.assign(cue=quotes["cue"].str.casefold()), "cue", "cue")


def plot_quotes_over_time(profile: dict[str, Any], data_dir: str | Path) -> Figure:
    """Each quotation at its article's date, at the height of its tone; one marker per outlet."""
    name = profile["name"]
    quotes = profile["quotes"][profile["quotes"]["speaker"] == name].copy()
    quotes["published"] = pd.to_datetime(quotes["published"], errors="coerce")
    dated = quotes.dropna(subset=["published"])
    figure, axes = new_figure(9, 4)
    for number, (outlet, group) in enumerate(dated.groupby(dated["outlet"].fillna("(unknown)"))):
        axes.scatter(group["published"], group["compound"], s=40, marker=MARKERS[number % len(MARKERS)],
                     color=PALETTE[number % len(PALETTE)], edgecolors="black", linewidths=0.5,
                     label=f"{outlet} ({plural(len(group), 'quote')})")  # fmt: skip
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_ylim(-1.05, 1.05)
    if len(dated):
        padding = pd.Timedelta(days=max(7, (dated["published"].max() - dated["published"].min()).days // 10))
        axes.set_xlim(dated["published"].min() - padding, dated["published"].max() + padding)
        date_axis(axes)
        axes.legend(title="Outlet", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        axes.text(0.5, 0.5, "No dated quotation in this selection", ha="center", transform=axes.transAxes)
    axes.set_title(f"{name or 'Nobody'}: quotations over time")
    axes.set_xlabel("Publication date of the article")
    axes.set_ylabel(TONE_AXIS.replace(" (", "\n("))
    undated = len(quotes) - len(dated)
    add_source(figure, data_dir, f"{plural(undated, 'undated quotation')} not shown." if undated else "")
    return figure

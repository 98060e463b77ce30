"""Tables and figures for the tone report (``notebooks/04-sentiment.ipynb``).

Every summary goes through :func:`newsdesk.sentiment.scoring.aggregate_tone`, so every number of tone comes
with its n and a 95% bootstrap interval, and every figure draws the interval and prints the n.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from newsdesk.pipeline.store import read_table
from newsdesk.reports.figures import MARKERS, PALETTE, add_source, new_figure
from newsdesk.reports.selection import select_articles
from newsdesk.sentiment import SentimentConfig, aggregate_tone, explain_sentence, score_text

__all__ = [
    "co_mentions",
    "entity_sentences",
    "explain",
    "extreme_sentences",
    "load_tables",
    "noise_caption",
    "plot_article_tone_over_time",
    "plot_co_mentions",
    "plot_entity_tone",
    "plot_sentence_tone_by_outlet",
    "rescore",
    "speaker_tone",
    "tone_table",
]

TONE_AXIS = "Tone (VADER compound, −1 negative … +1 positive)"
_MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "surface", "entity", "kind"]
_TONE_COLUMNS = ["n", "mean", "ci_low", "ci_high", "share_positive", "share_negative"]


def load_tables(
    data_dir: str | Path,
    outlet: str = "",
    since: str = "",
    until: str = "",
    include_appended: bool = False,
) -> dict[str, pd.DataFrame]:
    """Articles, sentences, mentions and quotes (when built), filtered the same way.

    Appended stories (with a ``parent_id``) are left out unless asked for. A date range keeps
    only dated articles inside it (ISO dates, inclusive); without one, undated articles stay.
    """
    articles = select_articles(read_table(data_dir, "articles"), outlet, since, until, include_appended)
    keep = set(articles["article_id"])
    tables = {"articles": articles.reset_index(drop=True)}
    for name in ("sentences", "mentions", "quotes"):
        try:
            table = read_table(data_dir, name)
        except FileNotFoundError:
            table = pd.DataFrame(columns=["article_id"])
        tables[name] = table[table["article_id"].isin(keep)].reset_index(drop=True)
    # A corpus without a single mention still gets a mentions table with its columns.
    tables["mentions"] = tables["mentions"].reindex(
        columns=list(tables["mentions"].columns)
        + [c for c in _MENTION_COLUMNS if c not in tables["mentions"].columns]
    )
    sentences = tables["sentences"]
    if "text" in sentences:
        # An article's tone weighs each sentence by the words VADER reads in it.
        sentences["words"] = sentences["text"].map(lambda text: len(str(text).split()))
    return tables


def rescore(sentences: pd.DataFrame, config: SentimentConfig) -> pd.DataFrame:
    """Sentences scored again with other options (the built table holds the reference scores)."""
    scores = [score_text(text, config) for text in sentences["text"]]
    return sentences.assign(
        compound=[s.compound for s in scores],
        pos=[s.pos for s in scores],
        neu=[s.neu for s in scores],
        neg=[s.neg for s in scores],
    )


def tone_table(
    frame: pd.DataFrame,
    by: str | list[str],
    value: str = "compound",
    weight: str | None = None,
    config: SentimentConfig | None = None,
) -> pd.DataFrame:
    """Tone per group: n, mean, 95% interval, shares of positive and negative scores, a note.

    >>> frame = pd.DataFrame({"outlet": ["A"] * 4 + ["B"], "compound": [0.5, 0.1, -0.2, 0.3, 0.9]})
    >>> table = tone_table(frame, "outlet")
    >>> table["n"].tolist(), table["mean"].round(3).tolist(), table["note"].tolist()
    ([4, 1], [0.175, 0.9], ['', 'too few for an interval'])
    """
    rows = []
    for key, group in frame.groupby(by, sort=True, dropna=False):
        summary = aggregate_tone(
            group[value].to_numpy(dtype=float),
            None if weight is None else group[weight].to_numpy(dtype=float),
            config,
        )
        keys = key if isinstance(key, tuple) else (key,)
        rows.append(
            {
                **dict(zip([by] if isinstance(by, str) else by, keys, strict=True)),
                **{column: getattr(summary, column) for column in _TONE_COLUMNS},
                "note": "too few for an interval" if math.isnan(summary.ci_low) else "",
            }
        )
    columns = ([by] if isinstance(by, str) else by) + _TONE_COLUMNS + ["note"]
    return pd.DataFrame(rows, columns=columns)


def entity_sentences(
    sentences: pd.DataFrame, mentions: pd.DataFrame, entities: Sequence[str] = ()
) -> pd.DataFrame:
    """Sentences that mention each entity (once per sentence, however often it is named)."""
    chosen = mentions if not entities else mentions[mentions["entity"].isin(entities)]
    pairs = chosen[["article_id", "sentence_id", "entity", "kind"]].drop_duplicates(
        ["article_id", "sentence_id", "entity"]
    )
    return pairs.merge(sentences, on=["article_id", "sentence_id"], how="inner")


def co_mentions(
    mentions: pd.DataFrame, entities: Sequence[str] = (), unit: str = "sentence"
) -> pd.DataFrame:
    """How many sentences (or articles) name both entities; the diagonal counts each alone.

    >>> m = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 0, 1],
    ...                   "entity": ["Ukraine", "Russia", "Ukraine"]})
    >>> co_mentions(m).loc["Ukraine", "Russia"], co_mentions(m).loc["Ukraine", "Ukraine"]
    (np.int64(1), np.int64(2))
    """
    keys = ["article_id", "sentence_id"] if unit == "sentence" else ["article_id"]
    chosen = mentions if not entities else mentions[mentions["entity"].isin(entities)]
    order = list(entities) or chosen["entity"].value_counts().index.tolist()
    matrix = pd.DataFrame(0, index=order, columns=order, dtype=np.int64)
    for _, group in chosen.groupby(keys):
        present = sorted(set(group["entity"]))
        for entity in present:
            matrix.loc[entity, entity] += 1
        for first, second in combinations(present, 2):
            matrix.loc[first, second] += 1
            matrix.loc[second, first] += 1
    return matrix


def explain(text: str, config: SentimentConfig | None = None, top: int = 6) -> str:
    """The words behind a sentence's score, strongest first: 'failure (+0.85), progress (+2.70)'.

    >>> explain("The talks were a failure.")
    'failure (−2.30)'
    """
    words = sorted(explain_sentence(text, config).words, key=lambda w: -abs(w.valence))[:top]
    return ", ".join(f"{w.word} ({w.valence:+.2f})".replace("-", "−") for w in words)


def extreme_sentences(
    sentences: pd.DataFrame, mentions: pd.DataFrame, entity: str, k: int = 3
) -> pd.DataFrame:
    """The k most positive and k most negative sentences about an entity, with the why."""
    about = entity_sentences(sentences, mentions, [entity])
    if about.empty:
        return pd.DataFrame(columns=["side", "article_id", "compound", "text", "why"])
    ranked = about.sort_values("compound")
    negative = ranked[ranked["compound"] < 0].head(k).assign(side="most negative")
    positive = ranked[ranked["compound"] > 0].iloc[::-1].head(k).assign(side="most positive")
    chosen = pd.concat([positive, negative])
    chosen["why"] = [explain(text) for text in chosen["text"]]
    return chosen[["side", "article_id", "compound", "text", "why"]].reset_index(drop=True)


def speaker_tone(quotes: pd.DataFrame, config: SentimentConfig | None = None) -> pd.DataFrame:
    """Tone of each speaker's quotations (attributed quotes only), most quoted first.

    Quotes are scored here when the table has no ``compound`` column yet.
    """
    if quotes.empty or "speaker" not in quotes:
        return tone_table(pd.DataFrame({"speaker": [], "compound": []}), "speaker")
    attributed = quotes.dropna(subset=["speaker"]).copy()
    if "compound" not in attributed or attributed["compound"].isna().all():
        attributed["compound"] = [score_text(t, config).compound for t in attributed["text"]]
    return tone_table(attributed, "speaker").sort_values("n", ascending=False, ignore_index=True)


def noise_caption(n_articles: int) -> str:
    """What the reader must know before comparing any two numbers of tone in this report."""
    base = (
        f"Based on {n_articles} article{'s' if n_articles != 1 else ''}. Bars and whiskers are "
        "95% bootstrap intervals; where two intervals overlap, the data cannot tell the two "
        "apart, and an interval is not drawn at all for fewer than 3 values."
    )
    if n_articles < 30:
        base += (
            f" With only {n_articles} articles most differences below are noise: read them as "
            "what this sample says, not as how an outlet or a country is covered."
        )
    return base


def _errors(table: pd.DataFrame) -> np.ndarray:
    low = (table["mean"] - table["ci_low"]).fillna(0).clip(lower=0)
    high = (table["ci_high"] - table["mean"]).fillna(0).clip(lower=0)
    return np.vstack([low.to_numpy(), high.to_numpy()])


def plot_sentence_tone_by_outlet(
    sentences: pd.DataFrame, articles: pd.DataFrame, data_dir: str | Path
) -> Figure:
    """Per outlet: every sentence's tone (dots), its spread (box), the mean with its interval."""
    frame = sentences.merge(articles[["article_id", "outlet"]], on="article_id")
    frame["outlet"] = frame["outlet"].fillna("(unknown)")
    table = tone_table(frame, "outlet")
    outlets = table["outlet"].tolist()
    figure, axes = new_figure(9, 0.8 * max(len(outlets), 1) + 1.8)
    rng = np.random.default_rng(0)
    for row, outlet in enumerate(outlets):
        values = frame.loc[frame["outlet"] == outlet, "compound"].to_numpy()
        axes.boxplot(values, positions=[row], vert=False, widths=0.5, showfliers=False,
                     medianprops={"color": "black"}, boxprops={"color": "#555555"})  # fmt: skip
        axes.scatter(values, row + rng.uniform(-0.18, 0.18, len(values)), s=9,
                     color=PALETTE[4], alpha=0.5, linewidths=0)  # fmt: skip
    axes.errorbar(table["mean"], range(len(outlets)), xerr=_errors(table), fmt="D",
                  color=PALETTE[5], ecolor=PALETTE[5], capsize=4, markersize=6,
                  label="mean and 95% interval")  # fmt: skip
    n_articles = frame.groupby("outlet")["article_id"].nunique()
    axes.set_yticks(
        range(len(outlets)),
        [
            f"{o}\n{n_articles[o]} art. · {n} sent."
            for o, n in zip(outlets, table["n"], strict=True)
        ],
    )
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_xlim(-1.05, 1.05)
    axes.set_title("Sentence tone by outlet")
    axes.set_xlabel(TONE_AXIS)
    axes.set_ylabel("Outlet (articles · sentences)")
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.grid(axis="y", visible=False)
    add_source(figure, data_dir, "Box: middle half of sentences; line: median; dots: sentences.")
    return figure


def plot_article_tone_over_time(
    articles: pd.DataFrame, sentences: pd.DataFrame, data_dir: str | Path
) -> Figure:
    """Each dated article's length-weighted tone with its interval, by publication date."""
    table = tone_table(sentences, "article_id", weight="words")
    frame = articles[["article_id", "outlet", "published"]].merge(table, on="article_id")
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    dated = frame.dropna(subset=["published"])
    figure, axes = new_figure(9, 4)
    for number, (outlet, group) in enumerate(dated.groupby(dated["outlet"].fillna("(unknown)"))):
        axes.errorbar(group["published"], group["mean"], yerr=_errors(group),
                      fmt=MARKERS[number % len(MARKERS)], color=PALETTE[number % len(PALETTE)],
                      capsize=4, label=f"{outlet} ({len(group)} art.)")  # fmt: skip
        for _, row in group.iterrows():
            axes.annotate(f"n={row['n']}", (row["published"], row["mean"]), fontsize=7,
                          xytext=(5, 5), textcoords="offset points")  # fmt: skip
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_ylim(-1.05, 1.05)
    if len(dated):
        # A few dates would otherwise be spread over years of empty axis.
        padding = pd.Timedelta(
            days=max(7, (dated["published"].max() - dated["published"].min()).days // 10)
        )
        axes.set_xlim(dated["published"].min() - padding, dated["published"].max() + padding)
        locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_title("Article tone over time")
    axes.set_xlabel("Publication date")
    axes.set_ylabel("Article tone (length-weighted\nmean compound, −1 … +1)")
    if len(dated):
        axes.legend(title="Outlet", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    frameon=False)  # fmt: skip
    else:
        axes.text(0.5, 0.5, "No article in this selection has a known date", ha="center",
                  transform=axes.transAxes)  # fmt: skip
    undated = len(frame) - len(dated)
    note = f"n = sentences per article. {undated} undated article(s) not shown." if undated else ""
    add_source(figure, data_dir, note)
    return figure


def plot_entity_tone(table: pd.DataFrame, data_dir: str | Path, title: str = "") -> Figure:
    """Mean tone of the sentences that name each entity, with intervals and n."""
    table = table.sort_values("mean", na_position="first").reset_index(drop=True)
    figure, axes = new_figure(9, 0.45 * max(len(table), 1) + 1.6)
    rows = np.arange(len(table))
    enough = table["note"] == ""
    axes.errorbar(table.loc[enough, "mean"], rows[enough], xerr=_errors(table[enough]), fmt="o",
                  color=PALETTE[0], capsize=4, label="mean and 95% interval")  # fmt: skip
    if (~enough).any():
        axes.scatter(table.loc[~enough, "mean"], rows[~enough], facecolors="white",
                     edgecolors=PALETTE[5], marker="s", label="fewer than 3 sentences: no interval")  # fmt: skip
    axes.set_yticks(
        rows, [f"{e} (n={n})" for e, n in zip(table["entity"], table["n"], strict=True)]
    )
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_xlim(-1.05, 1.05)
    axes.set_title(title or "Tone of the sentences that name each entity")
    axes.set_xlabel(TONE_AXIS)
    axes.set_ylabel("Entity (n = sentences)")
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    axes.grid(axis="y", visible=False)
    add_source(figure, data_dir, "Sentence tone stands in for tone towards the entity.")
    return figure


def plot_co_mentions(matrix: pd.DataFrame, data_dir: str | Path, unit: str = "sentence") -> Figure:
    """Heat map with counts written in every cell (readable without colour)."""
    size = 0.6 * max(len(matrix), 1) + 2.5
    figure, axes = new_figure(size + 1.5, size)
    image = axes.imshow(matrix.to_numpy(), cmap="Greys", vmin=0)
    top = matrix.to_numpy().max() if matrix.size else 0
    for (row, column), count in np.ndenumerate(matrix.to_numpy()):
        axes.text(column, row, str(count), ha="center", va="center", fontsize=8,
                  color="white" if count > top / 2 else "black")  # fmt: skip
    axes.set_xticks(range(len(matrix)), matrix.columns, rotation=45, ha="right")
    axes.set_yticks(range(len(matrix)), matrix.index)
    axes.grid(False)
    axes.set_title(f"Who appears with whom: {unit}s naming both")
    axes.set_xlabel("Entity")
    axes.set_ylabel("Entity")
    figure.colorbar(image, ax=axes, label=f"{unit.capitalize()}s (count)", shrink=0.7)
    add_source(figure, data_dir, f"Diagonal: {unit}s naming the entity at all.")
    return figure

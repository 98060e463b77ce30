"""The timeline report: select dated events from the tables and draw them, one lane per article.

The notebook ``02-timeline`` is a thin layer over these functions. Labels are placed by a greedy
interval packing per lane (each label goes to the lowest level where it does not overlap the
labels already placed) and joined to their point by a leader line, so dozens of events stay
readable. Markers differ by granularity and lanes by colour from the house palette (Okabe-Ito),
so the figure survives black-and-white printing and colour blindness.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from newsdesk.pipeline.store import read_table
from newsdesk.reports.articles import event_anchor, number_spans
from newsdesk.reports.figures import PALETTE, date_axis, use_style
from newsdesk.reports.html import article_href, markdown_text, plural
from newsdesk.reports.selection import select_articles

__all__ = [
    "GRANULARITY_ORDER",
    "load_tables",
    "plot_timeline",
    "short_description",
    "summary",
    "timeline_events",
    "unplaced_summary",
    "unresolved_events",
]

# From finest to coarsest; the report keeps events up to a chosen granularity.
GRANULARITY_ORDER: tuple[str, ...] = (
    "day", "week", "month", "season", "quarter", "half", "year", "decade", "century",
)  # fmt: skip
_MARKERS = {"day": "o", "week": "s", "month": "^", "season": "v", "quarter": "D", "half": "D",
            "year": "P", "decade": "X", "century": "X"}  # fmt: skip
_LABEL_CHARS = 60
_EVENT_COLUMNS = ["article_id", "sentence_id", "start", "end", "expr", "value", "granularity",
                  "relative", "date_start", "date_end", "type", "sentence"]  # fmt: skip


def load_tables(
    data_dir: str | Path, outlet: str = "", include_appended: bool = False
) -> dict[str, pd.DataFrame]:
    """Articles, events and mentions of the selected articles (the same reader and filter as
    every report). Events are numbered on the whole table first, so ``#e-<n>`` links hold."""
    articles = select_articles(read_table(data_dir, "articles"), outlet, include_appended=include_appended)
    keep = set(articles["article_id"])
    tables = {"articles": articles.reset_index(drop=True)}
    for name in ("events", "mentions"):
        try:
            table = read_table(data_dir, name)
        except FileNotFoundError:
            table = pd.DataFrame(columns=_EVENT_COLUMNS if name == "events" else ["article_id", "sentence_id", "entity"])
        if name == "events":
            table = table.assign(n=number_spans(table))
        tables[name] = table[table["article_id"].isin(keep)].reset_index(drop=True)
    return tables


def short_description(sentence: str, expr: str = "", width: int = _LABEL_CHARS) -> str:
    """A one-line description of an event: its sentence, trimmed to ``width`` characters.

    Starts a little before the date expression when the sentence is long, so the words next to
    the date (usually the event) survive the cut.

    >>> short_description("On Friday, Luxon confirmed he had been invited and accepted.", width=30)
    'On Friday, Luxon confirmed he…'
    """
    text = " ".join(sentence.split()).strip(" \"“”'‘’")
    if len(text) <= width:
        return text
    where = text.find(expr) if expr else -1
    if where > width // 2:
        start = text.rfind(" ", 0, where - width // 4) + 1
        text = "…" + text[start:]
    return (
        textwrap.shorten(text, width=width, placeholder="…")
        if " " in text[:width]
        else (text[: width - 1] + "…")
    )


def _articles_frame(articles: pd.DataFrame, include_appended: bool) -> pd.DataFrame:
    frame = articles.copy()
    if not include_appended and "parent_id" in frame:
        frame = frame[frame["parent_id"].isna()]
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    title = frame["title"].where(
        frame["title"].notna() & (frame["title"] != ""), frame["article_id"]
    )
    frame["lane"] = (
        frame["outlet"].fillna("?").astype(str)
        + ": "
        + title.astype(str).map(lambda value: textwrap.shorten(value, 36, placeholder="…"))
    )
    return frame


def timeline_events(
    events: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    since: str = "",
    until: str = "",
    keyword: str = "",
    granularity: str = "month",
    include_appended: bool = False,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The events to draw: dated, within the range, matching the keyword, fine enough.

    Args:
        events: the ``events`` table.
        articles: the ``articles`` table.
        since, until: ISO dates bounding the events (an event is kept if its period overlaps).
        keyword: kept when the event's sentence contains it (case-insensitive) or, with
            ``mentions``, when the sentence mentions an entity whose name contains it.
        granularity: the coarsest granularity kept ("day" keeps only exact days).
        include_appended: keep unrelated stories split off a page (rows with a ``parent_id``).
        mentions: the optional ``mentions`` table, for entity filtering.

    Returns:
        One row per event with ``article_id, lane, outlet, published, date_start, date_end,
        value, granularity, expr, description, sentence``, sorted by date.

    >>> events = pd.DataFrame([{"article_id": "a", "sentence_id": 0, "expr": "Friday",
    ...     "value": "2025-03-14", "granularity": "day", "type": "date",
    ...     "date_start": "2025-03-14", "date_end": "2025-03-14", "sentence": "On Friday, he left."}])
    >>> articles = pd.DataFrame([{"article_id": "a", "parent_id": None, "outlet": "RNZ",
    ...     "title": "Luxon", "published": "2025-03-16"}])
    >>> timeline_events(events, articles)[["lane", "value", "description"]].values.tolist()
    [['RNZ: Luxon', '2025-03-14', 'On Friday, he left.']]
    """
    if granularity not in GRANULARITY_ORDER:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITY_ORDER)}")
    kept = set(GRANULARITY_ORDER[: GRANULARITY_ORDER.index(granularity) + 1])
    lanes = _articles_frame(articles, include_appended)
    # "now" and "currently" date the article, not an event: they are left off the timeline.
    table = events[
        events["date_start"].notna()
        & events["type"].isin(["date", "time"])
        & (events["value"] != "PRESENT_REF")
    ]
    table = table[table["granularity"].isin(kept)]
    table = table.merge(lanes[["article_id", "lane", "outlet", "published"]], on="article_id")
    table = table.assign(
        date_start=pd.to_datetime(table["date_start"]), date_end=pd.to_datetime(table["date_end"])
    )
    if since:
        table = table[table["date_end"] >= pd.Timestamp(since)]
    if until:
        table = table[table["date_start"] <= pd.Timestamp(until)]
    if keyword:
        wanted = table["sentence"].str.contains(re.escape(keyword), case=False, na=False)
        if mentions is not None and len(mentions):
            named = mentions[mentions["entity"].astype(str).str.contains(
                re.escape(keyword), case=False, na=False)]  # fmt: skip
            keys = set(zip(named["article_id"], named["sentence_id"], strict=True))
            pairs = zip(table["article_id"], table["sentence_id"], strict=True)
            wanted |= pd.Series([key in keys for key in pairs], index=table.index, dtype=bool)
        table = table[wanted]
    table = table.assign(
        description=[
            short_description(s, e) for s, e in zip(table["sentence"], table["expr"], strict=True)
        ]
    )
    table = table.assign(link=[
        article_href(article_id, event_anchor(n)) if n == n else article_href(article_id)
        for article_id, n in zip(table["article_id"], table["n"] if "n" in table else [float("nan")] * len(table), strict=True)
    ])  # fmt: skip
    columns = ["article_id", "lane", "outlet", "published", "date_start", "date_end", "value",
               "granularity", "expr", "description", "sentence", "sentence_id", "link"]  # fmt: skip
    return table[columns].sort_values(["date_start", "article_id"]).reset_index(drop=True)


def unresolved_events(
    events: pd.DataFrame, articles: pd.DataFrame, *, include_appended: bool = False
) -> pd.DataFrame:
    """Dates and times that could not be placed: relative ones in articles without a date.

    >>> events = pd.DataFrame([{"article_id": "a", "expr": "Friday", "value": None,
    ...     "type": "date", "sentence": "On Friday, he left."}])
    >>> articles = pd.DataFrame([{"article_id": "a", "parent_id": None, "outlet": "RNZ",
    ...     "title": "Luxon", "published": None}])
    >>> unresolved_events(events, articles)["expr"].tolist()
    ['Friday']
    """
    lanes = _articles_frame(articles, include_appended)
    table = events[events["type"].isin(["date", "time"]) & events["value"].isna()]
    table = table.merge(lanes[["article_id", "lane", "published"]], on="article_id")
    table = table.assign(link=[
        article_href(article_id, event_anchor(n)) if n == n else article_href(article_id)
        for article_id, n in zip(table["article_id"], table["n"] if "n" in table else [float("nan")] * len(table), strict=True)
    ])  # fmt: skip
    return table[["article_id", "lane", "published", "expr", "sentence", "link"]].reset_index(drop=True)


def summary(table: pd.DataFrame, events: pd.DataFrame, articles: pd.DataFrame, granularity: str, keyword: str = "") -> str:
    """The report's opening line, as Markdown (the keyword escaped)."""
    kinds = ", ".join(plural(int(n), str(kind)) for kind, n in events["type"].value_counts().items())
    return (
        f"**{plural(len(table), 'dated event')}** from {table['article_id'].nunique()} of "
        f"{plural(len(articles), 'article')} (granularity up to *{markdown_text(granularity)}*"
        + (f", keyword *{markdown_text(keyword)}*" if keyword else "")
        + f"). The articles shown hold {plural(len(events), 'temporal expression')} in all"
        + (f": {kinds}." if kinds else ".")
    )


def unplaced_summary(events: pd.DataFrame, table: pd.DataFrame, unresolved: pd.DataFrame) -> str:
    """How many expressions are not on the timeline, and why (Markdown)."""
    dated = events[events["type"].isin(["date", "time"]) & events["date_start"].notna()]
    outside = len(dated) - len(dated.merge(table[["article_id", "value"]].drop_duplicates(), on=["article_id", "value"]))
    return (
        f"**{plural(len(unresolved), 'unresolved relative expression')}** in "
        f"{plural(unresolved['article_id'].nunique(), 'article')}; "
        f"{plural(max(outside, 0), 'dated expression')} fall outside the chosen range or granularity."
    )


def _day_number(value: Any) -> Any:
    """Matplotlib's float day number of a date, a Series of dates or a Timestamp."""
    return mdates.date2num(value)  # type: ignore[no-untyped-call]


def _levels(
    starts: Sequence[float], widths: Sequence[float], right_edge: float
) -> list[tuple[int, bool]]:
    """Greedy packing: for each label (sorted by x) the lowest free level, and whether it
    must hang to the left of its point (when it would run off the right edge)."""
    ends_by_level: list[list[tuple[float, float]]] = []
    placed: list[tuple[int, bool]] = []
    for x, width in zip(starts, widths, strict=True):
        to_left = x + width > right_edge
        interval = (x - width, x) if to_left else (x, x + width)
        for level, taken in enumerate(ends_by_level):
            if all(interval[1] < a or interval[0] > b for a, b in taken):
                taken.append(interval)
                placed.append((level, to_left))
                break
        else:
            ends_by_level.append([interval])
            placed.append((len(ends_by_level) - 1, to_left))
    return placed


def plot_timeline(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    lane: str = "lane",
    title: str = "What happened when",
    source: str = "",
    include_appended: bool = False,
    width_inches: float = 13.0,
    font_size: float = 8.0,
) -> Figure:
    """Draw the events of :func:`timeline_events`, one lane per article (or per outlet).

    Args:
        table: rows from :func:`timeline_events`.
        articles: the ``articles`` table, for publication dates.
        lane: the column that makes the lanes, ``"lane"`` (article) or ``"outlet"``.
        title: the figure title.
        source: the source line printed under the figure (corpus, date built).
        include_appended: draw publication dates of appended stories too.
        width_inches: figure width; the height follows from the number of label levels.
        font_size: label size in points.

    Returns:
        The figure (not shown; the caller displays or saves it).
    """
    use_style()  # also turns mathtext off: a "$" in an outlet or a sentence is drawn as written
    figure = Figure(figsize=(width_inches, 3.0), layout="none")  # type: ignore[arg-type]  # axes placed by hand
    FigureCanvasAgg(figure)  # a canvas of its own: drawable and displayable without pyplot state
    if table.empty:
        axes = figure.add_subplot()
        axes.text(0.5, 0.5, "No dated events match these parameters.", ha="center", va="center")
        axes.set_axis_off()
        figure.suptitle(title)
        return figure
    # Two dates in one sentence on the same day would print the same label twice.
    table = table.drop_duplicates(subset=[lane, "date_start", "date_end", "description"])
    lanes = list(dict.fromkeys(table.sort_values("date_start")[lane]))
    published = _articles_frame(articles, include_appended)
    # Publication dates of the articles drawn only: they bound the x axis too.
    published = published[
        published["published"].notna() & published["article_id"].isin(table["article_id"])
    ]
    if lane == "outlet":
        published = published.assign(lane=published["outlet"])
    low = min(table["date_start"].min(), published["published"].min() if len(published) else pd.NaT)
    high = max(table["date_end"].max(), published["published"].max() if len(published) else pd.NaT)
    pad = max((high - low) * 0.04, pd.Timedelta(days=2))
    left, right = _day_number(low - pad), _day_number(high + pad)
    axes_width_inches = width_inches * 0.73
    char_width = font_size * 0.52 / 72 * (right - left) / axes_width_inches  # in days per character
    layout: dict[str, list[tuple[int, bool]]] = {}
    for name in lanes:
        rows = table[table[lane] == name]
        points = _day_number(rows["date_start"] + (rows["date_end"] - rows["date_start"]) / 2)
        widths = [(len(text) + 2) * char_width for text in rows["description"]]
        layout[name] = _levels(list(points), widths, right)
    level_height = 1.0
    lane_base: dict[str, float] = {}
    y = 0.0
    for name in reversed(lanes):
        lane_base[name] = y
        y += (max(level for level, _ in layout[name]) + 2) * level_height + 0.6
    figure.set_size_inches(width_inches, max(3.5, 0.22 * y + 1.6))
    height = figure.get_size_inches()[1]
    axes = figure.add_axes((0.25, 0.9 / height, 0.73, 1 - 1.9 / height))
    colours = {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(lanes)}
    for name in lanes:
        base = lane_base[name]
        axes.axhline(base, color="0.85", linewidth=0.8, zorder=0)
        rows = table[table[lane] == name].reset_index(drop=True)
        for (level, to_left), row in zip(layout[name], rows.itertuples(), strict=True):
            start, end = _day_number(row.date_start), _day_number(row.date_end)
            middle = (start + end) / 2
            if end - start > 1:
                axes.plot([start, end + 1], [base, base], color=colours[name], linewidth=5,
                          alpha=0.35, solid_capstyle="butt", zorder=1)  # fmt: skip
            label_y = base + (level + 1) * level_height
            axes.plot(
                [middle, middle], [base, label_y - 0.25], color="0.55", linewidth=0.6, zorder=1
            )
            axes.plot(middle, base, marker=_MARKERS.get(row.granularity, "o"), color=colours[name],
                      markeredgecolor="black", markeredgewidth=0.6, markersize=7, zorder=3)  # fmt: skip
            axes.text(middle, label_y, row.description, fontsize=font_size, va="center",
                      ha="right" if to_left else "left", zorder=4,
                      bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
        for stamp in published.loc[published["lane"] == name, "published"]:
            axes.plot(_day_number(stamp), base, marker="|", markersize=22, markeredgewidth=2.4,
                      color="black", zorder=2)  # fmt: skip
    axes.set_xlim(left, right)
    axes.set_ylim(-1.0, y)
    axes.set_yticks([lane_base[name] for name in lanes], lanes, fontsize=font_size + 0.5)
    date_axis(axes)
    axes.set_xlabel("Date of the event (calendar date; bars span weeks, months or years)")
    axes.set_ylabel("Article (outlet: title)" if lane == "lane" else "Outlet")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    used = [g for g in GRANULARITY_ORDER if g in set(table["granularity"])]
    handles = [Line2D([], [], linestyle="none", marker=_MARKERS[g], color="0.6", markeredgecolor="black",
                      label=f"event dated to the {g}") for g in used]  # fmt: skip
    handles.append(Line2D([], [], linestyle="none", marker="|", markersize=14, markeredgewidth=2.4,
                          color="black", label="publication date"))  # fmt: skip
    axes.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles),
                frameon=False, fontsize=font_size)  # fmt: skip
    figure.suptitle(title, x=0.01, ha="left", va="top", y=1 - 0.12 / height, fontsize=13,
                    fontweight="bold")  # fmt: skip
    if source:
        figure.text(0.01, 0.12 / height, source, fontsize=7.5, color="0.3")
    return figure

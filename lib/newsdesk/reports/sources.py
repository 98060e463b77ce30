"""Tables for the source-diversity report (``notebooks/06-sources.ipynb``): who gets a voice.

Shares of quotes and of distinct sources by gender, role, nation and kind of source, per outlet,
each with its n and a 95% interval that resamples articles (``reports.stats``), and links to the
quotes behind each share (``articles/<article_id>.html#q-<quote_id>``, pages written by the
report runner).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsdesk.pipeline.store import read_table
from newsdesk.reports.articles import quote_anchor
from newsdesk.reports.html import article_href
from newsdesk.reports.selection import select_articles
from newsdesk.reports.stats import article_share

__all__ = [
    "ATTRIBUTES",
    "anonymous_sourcing",
    "link_cell",
    "load_sources",
    "quote_link",
    "share_table",
    "top_sources",
]

#: the attributes a share is shown for: column of the joined table -> label
ATTRIBUTES = {
    "gender": "gender",
    "role": "role",
    "nation": "nation",
    "speaker_kind": "kind of source",
}
_LINKS_SHOWN = 5


def quote_link(article_id: str, quote_id: str) -> str:
    """The relative link to one quote on its article page.

    >>> quote_link("004_56dbff255cf8ac1b", "q3")
    'articles/004_56dbff255cf8ac1b.html#q-q3'
    """
    return article_href(article_id, quote_anchor(quote_id))


def link_cell(rows: pd.DataFrame, shown: int = _LINKS_SHOWN) -> list[tuple[str, str]]:
    """(label, link) pairs for the first quotes of ``rows``, and how many more there are; the
    report's table helper draws them as escaped links."""
    links = [
        (str(q), quote_link(str(a), str(q)))
        for a, q in zip(rows["article_id"], rows["quote_id"], strict=True)
    ][:shown]
    more = [(f"… {len(rows) - shown} more", "")] if len(rows) > shown else []
    return links + more


def load_sources(
    data_dir: str | Path, outlet: str = "", since: str = "", until: str = ""
) -> pd.DataFrame:
    """Quotes with a speaker, joined with their article's outlet and date and their person's
    gender, role and nation. Anonymous sources count; quotes with no speaker at all do not."""
    articles = select_articles(read_table(data_dir, "articles"), outlet, since, until, False)
    quotes = read_table(data_dir, "quotes")
    quotes = quotes[quotes["article_id"].isin(set(articles["article_id"]))]
    quotes = quotes[quotes["speaker_kind"].notna()]
    people = read_table(data_dir, "people")[["person_id", "gender", "role", "nation"]]
    people = people.rename(columns={"role": "person_role"})
    joined = quotes.merge(people, on="person_id", how="left").merge(
        articles[["article_id", "outlet", "published"]], on="article_id", how="left"
    )
    is_person = joined["person_id"].notna()  # people, and documents signed by people
    joined["description"] = joined["role"]  # the quote's: an anonymous source's description
    joined["gender"] = joined["gender"].where(is_person, "not a person").fillna("unknown")
    joined["role"] = joined["person_role"].where(is_person, "not a person").fillna("unknown")
    joined["nation"] = joined["nation"].where(is_person, "not a person").fillna("unknown")
    # A source is a person or a named organisation; each anonymous description is its own.
    joined["source"] = (
        joined["speaker"].fillna(joined["description"]).fillna(joined["speaker_mention"])
    )
    return joined.reset_index(drop=True)


def share_table(sources: pd.DataFrame, attribute: str, distinct: bool = False) -> pd.DataFrame:
    """Per outlet and value of ``attribute``: n behind the share, the share, its interval over
    articles, and links to the quotes behind it. ``distinct`` counts each source once."""
    rows = []
    for outlet, group in sources.groupby("outlet", sort=True):
        base = group.drop_duplicates("source") if distinct else group
        for value, part in base.groupby(attribute, sort=True):
            share, low, high = article_share(
                group, attribute, value, distinct="source" if distinct else None
            )
            behind = group[group[attribute] == value]
            rows.append(
                {
                    "outlet": outlet,
                    attribute: value,
                    "n": len(part),
                    "of": len(base),
                    "share": share,
                    "ci_low": low,
                    "ci_high": high,
                    "articles": group["article_id"].nunique(),
                    "link": link_cell(behind),
                }
            )
    columns = ["outlet", attribute, "n", "of", "share", "ci_low", "ci_high", "articles", "link"]
    return pd.DataFrame(rows, columns=columns)


def anonymous_sourcing(sources: pd.DataFrame) -> pd.DataFrame:
    """Anonymous quotes per outlet with their descriptions, most frequent first."""
    anonymous = sources[sources["speaker_kind"] == "anonymous"]
    table = share_table(
        sources.assign(anonymous=sources["speaker_kind"] == "anonymous"), "anonymous"
    )
    table = table[table["anonymous"].astype(bool)].drop(columns=["anonymous"])
    descriptions = anonymous.groupby("outlet")["description"].agg(
        lambda r: "; ".join(sorted(set(map(str, r))))
    )
    return table.merge(descriptions.rename("descriptions").reset_index(), on="outlet", how="left")


def top_sources(sources: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Who is quoted most: quotes, articles and outlets per source, with links."""
    named = sources[sources["speaker"].notna()]
    rows = [
        {
            "source": speaker,
            "kind": group["speaker_kind"].iloc[0],
            "gender": group["gender"].iloc[0],
            "role": group["role"].iloc[0],
            "quotes": len(group),
            "articles": group["article_id"].nunique(),
            "outlets": group["outlet"].nunique(),
            "link": link_cell(group),
        }
        for speaker, group in named.groupby("speaker", sort=False)
    ]
    table = pd.DataFrame(
        rows, columns=["source", "kind", "gender", "role", "quotes", "articles", "outlets", "link"]
    )
    return (
        table.sort_values(["quotes", "source"], ascending=[False, True])
        .head(top)
        .reset_index(drop=True)
    )

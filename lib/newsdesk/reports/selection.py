"""Which articles a report looks at: the filters every notebook offers, applied one way."""

from __future__ import annotations

import pandas as pd

__all__ = ["select_articles"]


def select_articles(
    articles: pd.DataFrame,
    outlet: str = "",
    since: str = "",
    until: str = "",
    include_appended: bool = False,
) -> pd.DataFrame:
    """The rows of the ``articles`` table a report's parameters ask for.

    Args:
        articles: the ``articles`` table.
        outlet: keep only this outlet (case-insensitive); empty keeps all.
        since: first publication date to keep (ISO, inclusive); empty: no limit.
        until: last publication date to keep (ISO, inclusive); empty: no limit.
        include_appended: keep stories a page appended under "Related Articles".

    Returns:
        The selected articles. A date limit leaves out undated articles; with none, they stay.

    >>> table = pd.DataFrame({"article_id": ["a", "b", "a~1"], "parent_id": [None, None, "a"],
    ...                       "outlet": ["RNZ", "The Guardian", "Libyan Express"],
    ...                       "published": ["2025-03-16", None, None]})
    >>> list(select_articles(table)["article_id"])
    ['a', 'b']
    >>> list(select_articles(table, since="2025-03-01")["article_id"])
    ['a']
    >>> list(select_articles(table, outlet="rnz", include_appended=True)["article_id"])
    ['a']
    """
    keep = pd.Series(True, index=articles.index)
    if not include_appended:
        keep &= articles["parent_id"].isna()
    if outlet:
        keep &= articles["outlet"].fillna("").str.casefold() == outlet.casefold()
    published = pd.to_datetime(articles["published"], errors="coerce")
    if since:
        keep &= published >= pd.Timestamp(since)
    if until:
        keep &= published <= pd.Timestamp(until)
    return articles[keep]

"""Intervals for report figures, resampling ARTICLES: sentences and quotes of one article are
not independent (one article quotes one speaker many times, in one tone), so a bootstrap over
sentences or quotes gives intervals that are too narrow. Here each resample draws whole articles
with replacement and recomputes the figure over every row of the drawn articles.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["article_bootstrap", "article_mean", "article_share"]

#: resamples per interval; 2,000 gives percentile limits stable to about 0.01
RESAMPLES = 2000
#: fewer articles than this get no interval: resampling one or two articles says nothing
MIN_ARTICLES = 3


def article_bootstrap(
    frame: pd.DataFrame,
    statistic: Callable[[pd.DataFrame], float],
    cluster: str = "article_id",
    confidence: float = 0.95,
    seed: int = 0,
    resamples: int = RESAMPLES,
) -> tuple[float, float, float]:
    """``statistic`` of ``frame`` with a percentile interval from resampling ``cluster`` groups.

    Returns:
        (value, low, high); the limits are NaN with fewer than ``MIN_ARTICLES`` articles.

    >>> frame = pd.DataFrame({"article_id": list("aabbcc"), "x": [1, 1, 0, 0, 1, 0]})
    >>> value, low, high = article_bootstrap(frame, lambda f: f["x"].mean())
    >>> value, low <= value <= high
    (0.5, True)
    """
    value = statistic(frame) if len(frame) else math.nan
    groups = [group for _, group in frame.groupby(cluster, sort=True)]
    if len(groups) < MIN_ARTICLES:
        return value, math.nan, math.nan
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(groups), size=(resamples, len(groups)))
    results = np.array([statistic(pd.concat([groups[i] for i in draw])) for draw in draws])
    results = results[~np.isnan(results)]
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(results, [tail, 100 - tail]) if len(results) else (math.nan,) * 2
    return value, float(low), float(high)


def article_mean(frame: pd.DataFrame, column: str, **options: object) -> tuple[float, float, float]:
    """Mean of ``column`` with an interval over articles."""
    return article_bootstrap(frame, lambda f: float(f[column].mean()), **options)  # type: ignore[arg-type]


def article_share(
    frame: pd.DataFrame, column: str, level: object, distinct: str | None = None
) -> tuple[float, float, float]:
    """Share of rows (or of distinct ``distinct`` values) whose ``column`` is ``level``, with an
    interval over articles."""

    def share(f: pd.DataFrame) -> float:
        rows = f.drop_duplicates(distinct) if distinct else f
        return float((rows[column] == level).mean()) if len(rows) else math.nan

    return article_bootstrap(frame, share, resamples=500 if distinct else RESAMPLES)

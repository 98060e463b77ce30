"""Intervals for report figures, resampling ARTICLES: sentences and quotes of one article are
not independent (one article quotes one speaker many times, in one tone), so a bootstrap over
sentences or quotes gives intervals that are too narrow. Here each resample draws whole articles
with replacement and recomputes the figure over every row of the drawn articles.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "IntervalConfig",
    "ToneSummary",
    "article_bootstrap",
    "article_mean",
    "article_share",
    "summarise_tone",
]

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
    >>> float(value), bool(low <= value <= high)
    (0.5, True)
    """
    value = float(statistic(frame)) if len(frame) else math.nan
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


@dataclass(frozen=True, slots=True)
class IntervalConfig:
    """The percentile bootstrap of ``summarise_tone``: resamples, confidence level, seed, and
    the fewest articles (clusters) that get an interval."""

    resamples: int = RESAMPLES
    confidence: float = 0.95
    seed: int = 20250314
    min_clusters: int = MIN_ARTICLES


@dataclass(frozen=True, slots=True)
class ToneSummary:
    """Tone of a group of scores, with how many there are and how sure we can be."""

    n: int
    mean: float
    ci_low: float  # NaN with fewer than min_clusters articles
    ci_high: float
    share_positive: float  # compound >= 0.05 (VADER's cut-off)
    share_negative: float  # compound <= -0.05
    n_articles: int


def summarise_tone(
    values: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    clusters: npt.ArrayLike | None = None,
    config: IntervalConfig | None = None,
) -> ToneSummary:
    """Mean tone with its n and a percentile-bootstrap interval that resamples whole clusters
    (articles: pass each value's ``article_id``); without clusters every value is its own.

    >>> summary = summarise_tone([0.5, -0.2, 0.1, 0.4, 0.0], clusters=list("aabbc"))
    >>> summary.n, summary.n_articles, round(summary.mean, 2), summary.ci_low < summary.ci_high
    (5, 3, 0.16, True)
    >>> summarise_tone([0.5, 0.1, 0.3], clusters=["a", "a", "b"]).ci_low
    nan
    """
    config = config or IntervalConfig()
    scores = np.asarray(values, dtype=float)
    weight_array = np.ones_like(scores) if weights is None else np.asarray(weights, dtype=float)
    if weight_array.shape != scores.shape:
        raise ValueError(f"{len(scores)} values but {len(weight_array)} weights")
    groups = np.arange(len(scores)) if clusters is None else np.asarray(clusters, dtype=object)
    if groups.shape != scores.shape:
        raise ValueError(f"{len(scores)} values but {len(groups)} clusters")
    keep = ~np.isnan(scores) & ~np.isnan(weight_array)
    scores, weight_array, groups = scores[keep], weight_array[keep], groups[keep]
    n = len(scores)
    _, codes = np.unique(groups.astype(str), return_inverse=True) if n else ([], np.array([], int))
    n_clusters = int(codes.max()) + 1 if n else 0
    if n == 0 or weight_array.sum() <= 0:
        return ToneSummary(n, math.nan, math.nan, math.nan, math.nan, math.nan, n_clusters)
    mean = float(np.average(scores, weights=weight_array))
    low = high = math.nan
    if n_clusters >= config.min_clusters:
        # Per-cluster sums make each resample a weighted mean over whole articles.
        weighted = np.bincount(codes, weights=scores * weight_array, minlength=n_clusters)
        total = np.bincount(codes, weights=weight_array, minlength=n_clusters)
        rng = np.random.default_rng(config.seed)
        picks = rng.integers(0, n_clusters, size=(config.resamples, n_clusters))
        with np.errstate(invalid="ignore", divide="ignore"):
            means = weighted[picks].sum(axis=1) / total[picks].sum(axis=1)
        means = means[~np.isnan(means)]
        tail = (1 - config.confidence) / 2 * 100
        low, high = (float(q) for q in np.percentile(means, [tail, 100 - tail]))
    return ToneSummary(
        n=n,
        mean=mean,
        ci_low=low,
        ci_high=high,
        share_positive=float(np.mean(scores >= 0.05)),
        share_negative=float(np.mean(scores <= -0.05)),
        n_articles=n_clusters,
    )

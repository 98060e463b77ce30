"""How good is the sentiment stage against human judgements? Prints the figures of the closing note.

1. Pearson r between VADER's compound and the mean of 20 human ratings on every set of
   ``../shared/bench/vader-ground-truth`` (NYT editorial snippets are the news set), for the
   reference scorer and the news-aware option. The news-aware word list was chosen on the NYT
   snippets (and checked on the tweets), so its figures there are train figures; the movie and
   Amazon sets are held out.
2. The news-aware word list by 2-fold cross-validation on the NYT halves (even and odd lines):
   each fold chooses words on one half (the rule of 4) and is scored on the other; the
   out-of-fold r pools both held-out halves. The shipped list is the words both folds chose.
3. Macro-F1 of entity-level sentiment on NewsMTSC devtest_rw and devtest_mt, where the sentence's
   compound stands in for the sentiment towards the target (VADER's own cut-offs +/-0.05, and
   cut-offs tuned on NewsMTSC train). The published reference point is 83.1 (rw) for a
   fine-tuned RoBERTa (GRU-TSC); a sentence-level lexicon cannot see the target at all.
   Printed twice: the whole sentence, and the sentence with the target's own words masked
   (``mentions.target_compound``), so that a name such as "United States" scores nothing.
4. With ``--candidates``: the selection rule, word by word. Each candidate word is dropped
   alone; a fold keeps it if r rises on its training half of the NYT snippets and does not fall
   on tweets by 5e-5 or more.

    .venv/bin/python benchmarks/eval_sentiment.py [--bench ../shared/bench] [--candidates]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsdesk.clean.article import clean_article
from newsdesk.sentiment.scoring import SentimentConfig, news_lexicon, score_text
from newsdesk.sentiment.target import score_target
from newsdesk.sentiment.vader import reference_analyzer, reference_lexicon, trace_valences
from newsdesk.text import split_sentences

SETS = ["nytEditorialSnippets", "tweets", "movieReviewSnippets", "amazonReviewSnippets"]
LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
# Words a news reader would call topic rather than tone, tried one by one (see --candidates).
CANDIDATES = [
    "united",
    "parties",
    "party",
    "justice",
    "supreme",
    "security",
    "interests",
    "criminal",
    "crisis",
    "wars",
    "war",
    "attack",
    "attacks",
    "aggression",
    "terrorism",
    "terrorist",
    "weapon",
    "weapons",
    "combat",
    "peacekeeping",
    "free",
    "agreement",
    "poverty",
    "defense",
    "conflict",
    "violence",
    "killed",
    "death",
    "cancer",
]


def read_ground_truth(path: Path) -> tuple[np.ndarray, list[str]]:
    """Human means and texts of one ``id<TAB>mean<TAB>text`` file."""
    means, texts = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            means.append(float(parts[1]))
            texts.append(parts[2])
    return np.array(means), texts


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    scores = []
    for label in LABELS.values():
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def label(compound: float, negative_below: float, positive_above: float) -> str:
    if compound >= positive_above:
        return "positive"
    if compound <= negative_below:
        return "negative"
    return "neutral"


def read_newsmtsc(path: Path, masked: bool = False) -> tuple[list[float], list[str]]:
    """One (compound, gold label) pair per target: the sentence's compound, or with ``masked``
    the sentence scored with the target's own words masked (``score_target``)."""
    compounds, gold = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentence = row["sentence_normalized"]
        compound = score_text(sentence).compound
        for target in row["targets"]:
            if masked:
                compound = score_target(sentence, [(int(target["from"]), int(target["to"]))])
            compounds.append(compound)
            gold.append(LABELS[target["polarity"]])
    return compounds, gold


def tune_cutoffs(compounds: list[float], gold: list[str]) -> tuple[float, float]:
    grid = np.round(np.arange(0.0, 0.96, 0.05), 2)
    best = max(
        (macro_f1(gold, [label(c, -low, high) for c in compounds]), -low, high)
        for low in grid
        for high in grid
    )
    return best[1], best[2]


@dataclass
class Selection:
    """The per-word deltas of r behind the news-aware word list, and the compounds they use."""

    nyt_means: np.ndarray
    even: np.ndarray  # mask of the even lines of the NYT snippets
    base: dict[str, float]
    nyt_base: np.ndarray
    #: word -> (delta r on the even half, on the odd half, on tweets) when it alone is dropped
    deltas: dict[str, tuple[float, float, float]]
    nyt_texts: list[str]

    def chosen(self, half: np.ndarray) -> list[str]:
        """The words the rule keeps when trained on ``half`` (a mask: even or odd lines)."""
        column = 0 if half is self.even else 1
        return [w for w, d in self.deltas.items() if d[column] > 0 and d[2] > TWEET_TOLERANCE]

    def compounds(self, dropped: list[str], mask: np.ndarray) -> np.ndarray:
        lexicon = {k: v for k, v in self.base.items() if k not in dropped}
        texts = [t for t, keep in zip(self.nyt_texts, mask, strict=True) if keep]
        return np.array([trace_valences(t, lexicon).compound for t in texts])


#: a word may not lower r on the tweets by this much (the tweets guard against news-only fits)
TWEET_TOLERANCE = -5e-5


def select_adjustments(folder: Path) -> Selection:
    """Drop each candidate word alone and measure r on both NYT halves and on the tweets."""
    nyt_y, nyt_texts = read_ground_truth(folder / "nytEditorialSnippets_GroundTruth.txt")
    tw_y, tw_texts = read_ground_truth(folder / "tweets_GroundTruth.txt")
    base = dict(reference_lexicon())
    even = np.arange(len(nyt_texts)) % 2 == 0

    def compounds(texts: list[str], lexicon: dict[str, float]) -> np.ndarray:
        return np.array([trace_valences(t, lexicon).compound for t in texts])

    nyt_base, tw_base = compounds(nyt_texts, base), compounds(tw_texts, base)
    deltas = {}
    for word in (w for w in CANDIDATES if w in base):
        lexicon = {k: v for k, v in base.items() if k != word}
        nyt, tw = compounds(nyt_texts, lexicon), compounds(tw_texts, lexicon)
        deltas[word] = (
            pearson(nyt[even], nyt_y[even]) - pearson(nyt_base[even], nyt_y[even]),
            pearson(nyt[~even], nyt_y[~even]) - pearson(nyt_base[~even], nyt_y[~even]),
            pearson(tw, tw_y) - pearson(tw_base, tw_y),
        )
    return Selection(nyt_y, even, base, nyt_base, deltas, nyt_texts)


def cross_validate(selection: Selection, quiet: bool = False) -> tuple[float, float, list[str]]:
    """Each fold's held-out r and the pooled out-of-fold r (printed unless ``quiet``).

    Returns:
        The out-of-fold r of the reference scorer and of the news-aware lists, and the words
        both folds chose.
    """
    y, even = selection.nyt_means, selection.even
    pooled_reference, pooled_news, pooled_y = [], [], []
    folds = (("even", even, ~even), ("odd", ~even, even))
    chosen_by_fold = []
    for name, train, test in folds:
        chosen = selection.chosen(train)
        chosen_by_fold.append(set(chosen))
        reference = selection.nyt_base[test]
        news = selection.compounds(chosen, test)
        pooled_reference.append(reference)
        pooled_news.append(news)
        pooled_y.append(y[test])
        if not quiet:
            print(f"  chosen on the {name} half ({len(chosen)} words), held-out r on the other: "
                  f"reference {pearson(reference, y[test]):.4f}, news-aware {pearson(news, y[test]):.4f}")  # fmt: skip
    ys = np.concatenate(pooled_y)
    out_of_fold = pearson(np.concatenate(pooled_reference), ys), pearson(np.concatenate(pooled_news), ys)
    both = sorted(chosen_by_fold[0] & chosen_by_fold[1])
    if quiet:
        return *out_of_fold, both
    print(f"  out-of-fold r, both held-out halves pooled (n {len(ys)}): reference "
          f"{out_of_fold[0]:.4f}, news-aware {out_of_fold[1]:.4f}")  # fmt: skip
    shipped = sorted(set(reference_lexicon()) - set(news_lexicon()))
    print(f"  words both folds chose: {len(both)}; resources/news_lexicon_adjustments.tsv drops "
          f"{len(shipped)}{' (the same)' if both == shipped else f': differs {sorted(set(both) ^ set(shipped))}'}")  # fmt: skip
    return *out_of_fold, both


def print_candidates(selection: Selection) -> None:
    print("candidate       dr NYT even  dr NYT odd   dr tweets  decision")
    for word, (d_even, d_odd, d_tw) in selection.deltas.items():
        keep = d_even > 0 and d_odd > 0 and d_tw > TWEET_TOLERANCE
        print(
            f"{word:14s} {d_even:+.5f}    {d_odd:+.5f}    {d_tw:+.5f}   {'keep' if keep else '-'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench"
    )
    parser.add_argument("--candidates", action="store_true", help="print the lexicon selection")
    args = parser.parse_args()
    vader_folder, newsmtsc = args.bench / "vader-ground-truth", args.bench / "newsmtsc"
    if not vader_folder.exists():
        print(f"{vader_folder} not found: nothing to evaluate", file=sys.stderr)
        return 0
    reference = reference_analyzer()
    seeds = [
        sentence.text
        for path in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
        for sentence in split_sentences(clean_article(path.read_text(encoding="utf-8")).text)
    ]
    _, nyt_texts = read_ground_truth(vader_folder / "nytEditorialSnippets_GroundTruth.txt")
    for name, texts in (("seed sentences", seeds), ("NYT snippets", nyt_texts)):
        worst = max(
            abs(score_text(t).compound - reference.polarity_scores(t)["compound"]) for t in texts
        )
        print(f"max |compound - vaderSentiment 3.3.2| on {len(texts)} {name}: {worst}")
    news = SentimentConfig(news_aware=True)
    print(f"news-aware lexicon: {len(reference_lexicon()) - len(news_lexicon())} words dropped")
    print(f"{'set':24s} {'n':>6s}  {'r reference':>11s}  {'r news-aware':>12s}  news-aware is")
    for name in SETS:
        path = vader_folder / f"{name}_GroundTruth.txt"
        if not path.exists():
            continue
        means, texts = read_ground_truth(path)
        reference = np.array([score_text(t).compound for t in texts])
        news_aware = np.array([score_text(t, news).compound for t in texts])
        role = "train" if name in ("nytEditorialSnippets", "tweets") else "held-out"
        print(f"{name:24s} {len(texts):6d}  {pearson(reference, means):11.4f}  "
              f"{pearson(news_aware, means):12.4f}  {role}")  # fmt: skip
    selection = select_adjustments(vader_folder)
    print("\nnews-aware word list, 2-fold cross-validation on the NYT halves (out-of-fold: held-out)")
    cross_validate(selection)
    for masked in (False, True) if newsmtsc.exists() else ():
        train_compounds, train_gold = read_newsmtsc(newsmtsc / "train.jsonl", masked)
        low, high = tune_cutoffs(train_compounds, train_gold)
        what = "the sentence with the target's words masked" if masked else "the sentence compound"
        print(f"\nNewsMTSC macro-F1 ({what} as the target's sentiment; "
              "published fine-tuned RoBERTa: 83.1 on rw)")  # fmt: skip
        print(f"{'split':12s} {'targets':>7s}  {'cut-offs +/-0.05':>16s}  "
              f"{f'tuned on train ({low:+.2f}/{high:+.2f})':>28s}")  # fmt: skip
        for split in ("devtest_rw", "devtest_mt"):
            compounds, gold = read_newsmtsc(newsmtsc / f"{split}.jsonl", masked)
            standard = macro_f1(gold, [label(c, -0.05, 0.05) for c in compounds])
            tuned = macro_f1(gold, [label(c, low, high) for c in compounds])
            print(f"{split:12s} {len(gold):7d}  {100 * standard:16.1f}  {100 * tuned:28.1f}")
    if args.candidates:
        print()
        print_candidates(selection)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

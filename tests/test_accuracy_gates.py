"""Accuracy floors on the public annotated sets (../shared/bench), pinned so a change that loses
accuracy fails here. Each floor sits at or just under the measured figure (see the README for which
are train, dev or held-out, and which other systems' figures are on the same data); the full
figures come from benchmarks/eval_*.py. Skipped where the sets are absent."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import BENCH, ROOT


def _benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_timebank_value_f1_floor():
    folder = BENCH / "timebank" / "TBAQ-cleaned"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    total = _benchmark("eval_timeline").evaluate_timebank(Path(folder), errors_shown=0)
    assert total.value_f1 >= 0.80  # measured 0.811 (train)


@pytest.mark.slow
def test_vader_nyt_correlation_floor():
    path = BENCH / "vader-ground-truth" / "nytEditorialSnippets_GroundTruth.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    from newsdesk.sentiment.scoring import score_text

    evaluation = _benchmark("eval_sentiment")
    means, texts = evaluation.read_ground_truth(path)
    reference = [score_text(text).compound for text in texts]
    assert (
        evaluation.pearson(means, reference) >= 0.50
    )  # measured 0.503 (held-out); the VADER paper 0.492 on the same data


@pytest.mark.slow
def test_polnear_dev_direct_quote_floor():
    folder = BENCH / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    score, _, _ = _benchmark("eval_quotes").evaluate_polnear(folder, 0)
    precision, recall = score.matched / score.system, score.matched / score.gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.85  # measured 0.855 (each article once); GenderGapTracker 0.837
    # The headline: the speaker column names the gold Source (name rule), pronoun and description
    # Sources resolved by hand (tests/cases/polnear_dev_antecedents.json); target 0.90 not reached
    assert score.by_nearest == 0 and score.by_hand > 0
    assert score.person_right / score.with_source >= 0.82  # measured 0.825; GenderGapTracker 0.865
    assert score.speaker_right / score.with_source >= 0.89  # lenient (either rule), measured 0.897


@pytest.mark.slow
def test_gender_of_hand_annotated_polnear_sources_floor():
    folder = BENCH / "polnear"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    cases, counts = _benchmark("eval_gender").evaluate_gender(folder)
    gendered, right = counts["full"]
    assert right / gendered >= 0.97  # measured 0.984 (181/184); gender-guesser alone ~0.97
    assert gendered / len(cases) >= 0.90  # measured 0.911
    text_gendered, text_right = counts["text"]
    assert text_right / text_gendered >= 0.97  # measured 1.000 (71/71)


@pytest.mark.slow
def test_news_aware_out_of_fold_correlation_floor():
    """The news-aware word list, chosen on one NYT half and scored on the other (2-fold), must
    still beat the reference on the held-out halves: the selection rule generalises."""
    folder = BENCH / "vader-ground-truth"
    if not (folder / "tweets_GroundTruth.txt").exists():
        pytest.skip(f"{folder} not found")
    evaluation = _benchmark("eval_sentiment")
    reference, news_aware, _ = evaluation.cross_validate(
        evaluation.select_adjustments(folder), quiet=True
    )
    assert news_aware >= 0.51  # measured 0.5118 (held-out, out-of-fold); reference 0.5029
    assert news_aware > reference


def test_polnear_dev_antecedent_cases_are_well_formed():
    """The hand-resolved pronoun and description Sources: one case per span, a known kind, and
    a name wherever the kind is a person or an organisation."""
    cases = _benchmark("eval_quotes").read_antecedents()
    raw = json.loads((ROOT / "tests" / "cases" / "polnear_dev_antecedents.json").read_text())
    assert raw["about"] and len(cases) == len(raw["cases"])  # no span annotated twice
    for case in raw["cases"]:
        assert set(case) == {
            "article",
            "source_start",
            "source_end",
            "source",
            "antecedent",
            "kind",
            "note",
        }
        assert case["kind"] in {"person", "not a person", "unnamed", "unclear"}
        assert 0 <= case["source_start"] < case["source_end"]
        assert case["antecedent"].strip() or case["kind"] == "unclear"
        if case["kind"] == "person":  # a person is named: a capitalised word the name rule can use
            assert re.search(r"\b[A-Z][\w’'-]{2,}", case["antecedent"]), case


def test_polnear_dev_antecedents_cover_every_pronoun_and_description_source():
    folder = BENCH / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    evaluation = _benchmark("eval_quotes")
    cases = json.loads((ROOT / "tests" / "cases" / "polnear_dev_antecedents.json").read_text())
    annotated = {
        (c["article"], c["source_start"], c["source_end"]): c["source"] for c in cases["cases"]
    }
    stand_ins = {
        (name, gold.source[0][0], gold.source[-1][1]): " ".join(text[s:e] for s, e in gold.source)
        for name, text, quotes, _ in evaluation.polnear_documents(folder)
        for gold in quotes
        if gold.source and evaluation._is_stand_in(text, gold)
    }
    assert (
        annotated == stand_ins
    )  # every one annotated, nothing else, the spans' text as in the gold

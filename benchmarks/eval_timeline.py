"""Evaluate the date stage: TimeBank/AQUAINT (TempEval-3 style) and the hand-annotated seeds.

TempEval-3 scoring: a system expression matches a gold one when their spans overlap (relaxed
match, one to one). Span P = matched / system, R = matched / gold. Value F1 counts a match only
when the normalised value is identical: value P = correct / system, value R = correct / gold.
The document creation time (``functionInDocument="CREATION_TIME"``) is the anchor and is not
scored.

    .venv/bin/python benchmarks/eval_timeline.py [--timebank ../shared/bench/timebank]
                                                 [--seeds seeds] [--errors N]

The seeds gold (``tests/cases/seeds_dates_gold.json``) is scored twice: the figure of record is the
events table of a build of the seeds, resolved against the publication dates the build has (the
manifest's, else inferred from the page); the second line resolves the same texts against the
gold's hand-researched dates, which the build never sees, and measures the resolver alone.

The TimeBank folder is read in place and skipped with a note when absent. Besides the two corpora
and their total, the scores of the even- and odd-numbered documents (by sorted file name within
each corpus) are printed: a rule that helps one half only is fitted to particular documents.
Errors are prefixed with the document they come from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.text import split_sentences
from newsdesk.timeline.scan import DateMention, find_dates

ROOT = Path(__file__).resolve().parents[1]
GOLD_SEEDS = ROOT / "tests" / "cases" / "seeds_dates_gold.json"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Expression:
    """A gold or system expression: span, TimeML type (lower case) and value."""

    start: int
    end: int
    type: str
    value: str | None
    surface: str


@dataclass
class Score:
    """Counts for one corpus; the ratios follow the TempEval-3 scorer."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    value_correct: int = 0
    type_correct: int = 0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.system += other.system
        self.matched += other.matched
        self.value_correct += other.value_correct
        self.type_correct += other.type_correct

    @staticmethod
    def _f1(correct: int, system: int, gold: int) -> tuple[float, float, float]:
        precision = correct / system if system else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def value_f1(self) -> float:
        """TempEval-3 value F1: correct values over system and over gold expressions."""
        return self._f1(self.value_correct, self.system, self.gold)[2]

    def line(self, name: str) -> str:
        span = self._f1(self.matched, self.system, self.gold)
        value = self._f1(self.value_correct, self.system, self.gold)
        accuracy = self.value_correct / self.matched if self.matched else 0.0
        return (
            f"{name:<10} gold {self.gold:5d} system {self.system:5d} | relaxed span "
            f"P {span[0]:.3f} R {span[1]:.3f} F1 {span[2]:.3f} | value P {value[0]:.3f} "
            f"R {value[1]:.3f} F1 {value[2]:.3f} | value accuracy on matches {accuracy:.3f}"
        )


def score(gold: Sequence[Expression], system: Sequence[Expression], errors: list[str]) -> Score:
    """Relaxed one-to-one matching in text order; the largest overlap wins."""
    result = Score(gold=len(gold), system=len(system))
    used: set[int] = set()
    for item in gold:
        best, best_overlap = None, 0
        for index, candidate in enumerate(system):
            if index in used or candidate.end <= item.start or candidate.start >= item.end:
                continue
            overlap = min(candidate.end, item.end) - max(candidate.start, item.start)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            errors.append(f"MISSED  {item.surface!r} {item.type} {item.value}")
            continue
        used.add(best)
        found = system[best]
        result.matched += 1
        result.type_correct += found.type == item.type
        if found.value == item.value:
            result.value_correct += 1
        else:
            errors.append(
                f"VALUE   {item.surface!r} gold {item.value} ({item.type}) | "
                f"system {found.surface!r} {found.value} ({found.type})"
            )
    errors.extend(
        f"SPURIOUS {candidate.surface!r} {candidate.value} ({candidate.type})"
        for index, candidate in enumerate(system)
        if index not in used
    )
    return result


def read_timeml(path: Path) -> tuple[str, dt.date, list[Expression]]:
    """The document text (tags stripped, entities decoded), its creation date and TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'functionInDocument="CREATION_TIME"[^>]*>|<DCT>\s*<TIMEX3([^>]*)>', raw)
    dct_tag = re.search(r"<TIMEX3[^>]*CREATION_TIME[^>]*>", raw)
    if dct_tag is None or dct_match is None:
        raise ValueError(f"{path}: no document creation time")
    dct_value = dict(_ATTRIBUTE.findall(dct_tag.group()))["value"]
    created = dt.date.fromisoformat(dct_value[:10])
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    gold: list[Expression] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1) == "":
            open_timex = (length, dict(_ATTRIBUTE.findall(tag.group(3))))
        elif open_timex is not None:
            start, attributes = open_timex
            if attributes.get("functionInDocument") != "CREATION_TIME":
                gold.append(Expression(start, length, attributes.get("type", "").lower(),
                                       attributes.get("value"), ""))  # fmt: skip
            open_timex = None
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    gold = [Expression(g.start, g.end, g.type, g.value, text[g.start : g.end]) for g in gold]
    return text, created, gold


def _system(mentions: Iterable[DateMention]) -> list[Expression]:
    return [Expression(m.start, m.end, m.type, m.value, m.expr) for m in mentions]


def evaluate_timebank(folder: Path, errors_shown: int) -> Score | None:
    """Print and return the scores on TimeBank and AQUAINT (None when the folder is absent)."""
    corpora = [sub for sub in ("TimeBank", "AQUAINT") if (folder / sub).is_dir()]
    if not corpora:
        print(f"TimeBank: {folder} not found, skipped")
        return None
    total = Score()
    # Even/odd halves by document index within each corpus: a rule that helps one half only is
    # fitted to particular documents rather than to English news.
    halves = {"even": Score(), "odd": Score()}
    for corpus in corpora:
        corpus_score = Score()
        errors: list[str] = []
        files = sorted((folder / corpus).glob("*.tml"))
        for index, path in enumerate(files):
            text, created, gold = read_timeml(path)
            mentions = find_dates(text, split_sentences(text), created)
            document_errors: list[str] = []
            document_score = score(gold, _system(mentions), document_errors)
            errors.extend(f"{path.stem}: {error}" for error in document_errors)
            corpus_score.add(document_score)
            halves["odd" if index % 2 else "even"].add(document_score)
        print(corpus_score.line(f"{corpus}") + f" | {len(files)} documents")
        total.add(corpus_score)
        for error in errors[:errors_shown]:
            print("   ", error)
    print(total.line("overall"))
    for name, half in halves.items():
        print(half.line(f"{name} docs"))
    return total


def seed_gold(text: str, article_id: str, gold_file: dict[str, Any]) -> tuple[list[Expression], int]:
    """The gold expressions of one seed article located in its cleaned text, and how many
    could not be located (their context string is not in the text)."""
    gold: list[Expression] = []
    missing = 0
    for item in (m for m in gold_file["mentions"] if m["article"] == article_id):
        where = text.find(item["context"])
        if where < 0:
            missing += 1
            continue
        start = where + item["context"].index(item["surface"])
        gold.append(Expression(start, start + len(item["surface"]), item["type"],
                               item["value"], item["surface"]))  # fmt: skip
    return sorted(gold, key=lambda expression: expression.start), missing


def seed_rows(articles: Any, gold_file: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    """(gold article id, built article row) for each gold article that was built."""
    by_id = {row.article_id: row for row in articles.itertuples()}
    for article_id, info in gold_file["articles"].items():
        row = by_id.get(article_id)
        if "title_contains" in info:  # appended stories: find them by title, not by their number
            titled = (r for r in articles.itertuples()
                      if isinstance(r.title, str) and info["title_contains"] in r.title)  # fmt: skip
            row = next(titled, row)
        if row is None:
            print(f"seeds: {article_id} not built, skipped")
            continue
        yield article_id, row


def _dates_only(expressions: Sequence[Expression]) -> list[Expression]:
    return [e for e in expressions if e.type in ("date", "time")]


def evaluate_seeds(seeds: Path, errors_shown: int) -> Score:
    """Score the seeds gold twice. Of record: the events the build wrote, resolved against the
    publication date the build had (the manifest's, else one inferred from the page, else none).
    For the resolver alone: the same texts resolved against the hand-researched dates of the
    gold file, which the build never sees. Returns the score of record."""
    from newsdesk.entities import article_country
    from newsdesk.pipeline.build import BuildConfig, build_corpus

    gold_file = json.loads(GOLD_SEEDS.read_text(encoding="utf-8"))
    tables = build_corpus(seeds, BuildConfig(progress=False)).tables
    events, mentions = tables["events"], tables["mentions"]
    scores = {name: (Score(), Score()) for name in ("build", "researched")}
    errors: list[str] = []
    missing = 0
    sources: list[str] = []
    for article_id, row in seed_rows(tables["articles"], gold_file):
        text = row.text
        gold, not_found = seed_gold(text, article_id, gold_file)
        missing += not_found
        sources.append(str(row.published_source))
        built = [
            Expression(int(e.start), int(e.end), str(e.type),
                       e.value if isinstance(e.value, str) else None, str(e.expr))
            for e in events[events["article_id"] == row.article_id].itertuples()
        ]  # fmt: skip
        url = row.url if isinstance(row.url, str) else None
        outlet = row.outlet if isinstance(row.outlet, str) else None
        researched_date = dt.date.fromisoformat(gold_file["articles"][article_id]["published_researched"])
        places = mentions[(mentions["article_id"] == row.article_id) & (mentions["kind"] == "place")]
        country = article_country(outlet, url, list(places["entity"]))
        researched = _system(find_dates(text, split_sentences(text), researched_date,
                                        country=country))  # fmt: skip
        for name, system in (("build", built), ("researched", researched)):
            overall, dates_only = scores[name]
            overall.add(score(gold, system, errors if name == "build" else []))
            dates_only.add(score(_dates_only(gold), _dates_only(system), []))
    counts = ", ".join(f"{sources.count(s)} {s}" for s in sorted(set(sources)))
    print(f"seeds: publication dates the build has: {counts} (of {len(sources)} articles)")
    print(scores["build"][0].line("seeds, build's dates") + f" | gold items not in the cleaned text: {missing}")
    print(scores["build"][1].line("seed dates, build's dates"))
    print(scores["researched"][0].line("seeds, researched dates (resolver only)"))
    print(scores["researched"][1].line("seed dates, researched dates (resolver only)"))
    for error in errors[:errors_shown]:
        print("   ", error)
    return scores["build"][0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--timebank", type=Path, default=ROOT.parent / "shared" / "bench" / "timebank"
    )
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--errors", type=int, default=0, help="show this many errors per corpus")
    arguments = parser.parse_args(argv)
    folder = arguments.timebank
    if (folder / "TBAQ-cleaned").is_dir():
        folder = folder / "TBAQ-cleaned"
    evaluate_seeds(arguments.seeds, arguments.errors)
    evaluate_timebank(folder, arguments.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())

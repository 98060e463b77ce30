"""Evaluate quote extraction and speaker attribution: PolNeAR (dev) and the hand-annotated seeds.

PolNeAR (brat standoff, US political news 2016). A gold *direct quote* is an attribution whose
Content contains a quotation mark; its tokens are the word tokens (``\\w+``) of all Content
segments. A system unit is one reported statement: quotes sharing one cue (``“A,” she said.
“B.”``) form one unit, and so do the paragraphs of a block quote under one cue (PolNeAR gives the
whole block one Content span); a partial quote counts with the clause of reported speech around it
(``statement_start``/``statement_end``), because PolNeAR's Content does. Units and gold quotes
are matched one to one, greedily by token Jaccard, when Jaccard >= 0.5.
P = matched / system units, R = matched / gold quotes.

Speaker accuracy, the headline (name rule): of matched quotes whose gold attribution has a
Source, the share where the ``speaker`` column names that Source: the canonical speaker shares
a name word (capitalised, not a title) with the gold Source, a gold pronoun or definite
description that names no person ("he", "the Florida senator") standing for the nearest
preceding gold Source in the article that names a person (not only places, parties or dates); a
gold Source that names nobody ("a senior official", and "A Chinese official" or "One Democratic
official", whose capitalised words are only nationalities, parties, places and quantity words) is
found when the system's speaker phrase overlaps it. Secondary, lenient lines: the mention rule (the speaker phrase overlaps the gold Source
span, whatever the speaker column says) and either rule. The nearest named Source is often not
the pronoun's antecedent, so where a hand annotation says who the pronoun or description stands
for (``tests/cases/polnear_dev_antecedents.json``: every such Source in dev) it is used instead:
a person by the name words of the person's name; an organisation or a document ("not a person")
when the speaker column names that organisation (every word of its name but "the", "of", "on",
"for", "and"; "Donald Trump" does not name the "Trump campaign"); a person or group the article
never names ("unnamed") when the speaker phrase overlaps the Source, as for "a senior official";
"unclear" by the nearest named Source, and the figure with those quotes left out is printed too.
Splits without the annotation (train) keep the nearest-Source rule; each figure says which.

Seeds: ``tests/cases/seeds_quotes_gold.json`` (article, text, kind, speaker), matched on text
(token Jaccard >= 0.5 within the same article), so it survives changes to cleaning offsets.

    .venv/bin/python benchmarks/eval_quotes.py [--polnear ../shared/bench/polnear] [--split dev]
                                               [--seeds seeds] [--errors N]
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.quotes.extract import Quote, extract_quotes
from newsdesk.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
GOLD_SEEDS = ROOT / "tests" / "cases" / "seeds_quotes_gold.json"
ANTECEDENTS = ROOT / "tests" / "cases" / "polnear_dev_antecedents.json"
DEFAULT_POLNEAR = ROOT.parent / "shared" / "bench" / "polnear"
QUOTE_KINDS = frozenset({"direct", "block", "partial", "interview"})
_WORD = re.compile(r"\w+")
_MARK = re.compile(r"[\"“”]")
_PRONOUNS = frozenset(
    ("he", "she", "they", "i", "we", "it", "his", "her", "him", "them", "who", "you")
)
_ENTITY_FILLERS = frozenset(("the", "of", "on", "for", "and"))
_TITLE_WORDS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "president",
        "senator",
        "governor",
        "the",
        "former",
        "secretary",
        "minister",
    )
)


@dataclass
class Score:
    """Counts for one corpus."""

    system: int = 0
    gold: int = 0
    matched: int = 0
    with_source: int = 0
    speaker_right: int = 0
    mention_right: int = 0
    person_right: int = 0
    # pronoun and description Sources resolved by the hand annotation / by the nearest named Source
    by_hand: int = 0
    by_nearest: int = 0
    # matched quotes whose annotated antecedent is "unclear", and how many of those are right
    unclear: int = 0
    unclear_right: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        precision = self.matched / self.system if self.system else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        base = self.with_source or 1
        line = (
            f"{label}: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
            f"(system {self.system}, gold {self.gold}, matched {self.matched});  "
            f"speaker accuracy, name rule {self.person_right / base:.3f} "
            f"({self.person_right}/{self.with_source})"
        )
        if self.by_hand or self.by_nearest:
            line += (
                f"\n  pronoun and description Sources: {self.by_hand} resolved by hand "
                f"({ANTECEDENTS.name}), {self.by_nearest} by the nearest named Source"
            )
        if self.unclear:
            kept = self.with_source - self.unclear
            right = self.person_right - self.unclear_right
            line += (
                f"\n  {self.unclear} with an unclear antecedent (nearest named Source above); "
                f"left out: name rule {right / (kept or 1):.3f} ({right}/{kept})"
            )
        if self.mention_right:
            line += (
                f"\n  lenient, secondary: speaker by the mention rule {self.mention_right / base:.3f}; "
                f"by either rule {self.speaker_right / base:.3f} ({self.speaker_right})"
            )
        return line


def _tokens(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(m.start() for s, e in spans for m in _WORD.finditer(text, s, e))


def _jaccard(a: frozenset[int] | frozenset[str], b: frozenset[int] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _match(
    system: Sequence[frozenset[int]], gold: Sequence[frozenset[int]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching by Jaccard >= 0.5, best pairs first."""
    pairs = sorted(
        (
            (j, s, g)
            for s, a in enumerate(system)
            for g, b in enumerate(gold)
            if a & b and (j := _jaccard(a, b)) >= 0.5
        ),
        reverse=True,
    )
    used_s: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, s, g in pairs:
        if s not in used_s and g not in used_g:
            used_s.add(s)
            used_g.add(g)
            out.append((s, g))
    return out


# --- PolNeAR -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldQuote:
    """A gold direct quote: content segments and the source span (if any)."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


def read_brat(
    path: Path,
) -> list[tuple[dict[str, tuple[str, tuple[tuple[int, int], ...]]], list[dict[str, str]]]]:
    """Text-bound annotations and events of one ``.ann`` file."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if re.fullmatch(r"T\d+", parts[0]) and len(parts) >= 3:
            kind, _, ranges = parts[1].partition(" ")
            segments = tuple((int(a), int(b)) for a, b in (r.split() for r in ranges.split(";")))
            spans[parts[0]] = (kind, segments)
        elif re.fullmatch(r"E\d+", parts[0]) and len(parts) >= 2:
            events.append(dict(item.split(":", 1) for item in parts[1].split()))
    return [(spans, events)]


def polnear_documents(
    folder: Path,
) -> Iterable[tuple[str, str, list[GoldQuote], list[tuple[int, int]]]]:
    """(name, text, gold direct quotes, every gold source span) per article.

    A few articles were annotated by every annotator (PolNeAR's annotator-training articles: two
    in dev with six ``.ann`` files each, sixteen in train with more than one); each article counts
    once, with its first annotation in file-name order, so that no text weighs six times."""
    seen: set[str] = set()
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue
        seen.add(name)
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        [(spans, events)] = read_brat(ann)
        quotes = []
        sources = []
        for event in events:
            source = spans.get(event.get("Source", ""), ("", ()))[1]
            if source:
                sources.append(source[0])
            content = spans.get(event.get("Content", ""))
            if content and any(_MARK.search(text[s:e]) for s, e in content[1]):
                quotes.append(GoldQuote(content[1], source))
        yield name, text, quotes, sorted(sources)


@functools.cache
def _not_name_words() -> frozenset[str]:
    """Capitalised words that are no one's name: places (pycountry's countries and their
    subdivisions), party and national adjectives, days and months."""
    import pycountry

    words = {
        w.casefold()
        for item in [*pycountry.countries, *pycountry.subdivisions]
        for w in getattr(item, "name", "").split()
    }
    words |= set(
        [
            "american",
            "americans",
            "republican",
            "republicans",
            "democrat",
            "democrats",
            "democratic",
            "gop",
            "conservative",
            "liberal",
            "independent",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
    return frozenset(words)


def _names(text: str) -> set[str]:
    text = re.sub(r"[’']s\b", "", text)
    return {
        w.casefold()
        for w in re.findall(r"[A-Z][\w’'-]+", text)
        if w.casefold() not in _TITLE_WORDS and len(w) > 2
    } - {w for w in _PRONOUNS}


def _person_names(text: str) -> set[str]:
    """Name words that can name a person: not places, parties, days or months."""
    return {w for w in _names(text) if w not in _not_name_words()}


def _gold_person(text: str, gold: GoldQuote, sources: Sequence[tuple[int, int]]) -> set[str]:
    """Name words of the gold Source; a pronoun or a definite description that names nobody
    ("he", "the Florida senator") takes the nearest preceding Source that names a person."""
    surface = " ".join(text[s:e] for s, e in gold.source)
    names = _names(surface)
    folded = surface.strip().casefold()
    description = folded.startswith("the ") and not _person_names(surface)
    if not description and (names or folded not in _PRONOUNS):
        return names
    start = gold.source[0][0]
    for s, e in reversed(sources):
        if e <= start and _person_names(text[s:e]):
            return _names(text[s:e])
    return names if description else set()


@dataclass(frozen=True)
class Antecedent:
    """Who a gold pronoun or description Source stands for, by hand."""

    name: str
    kind: str  # "person", "not a person", "unnamed" or "unclear"


def read_antecedents(path: Path = ANTECEDENTS) -> dict[tuple[str, int, int], Antecedent]:
    """(article, source start, source end) -> the hand-annotated antecedent."""
    if not path.exists():
        return {}
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return {
        (c["article"], c["source_start"], c["source_end"]): Antecedent(c["antecedent"], c["kind"])
        for c in cases
    }


_QUANTIFIERS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "several",
        "some",
        "many",
        "most",
        "few",
        "all",
        "both",
        "other",
        "another",
        "each",
    ]
)


def _names_nobody(surface: str) -> bool:
    """An anonymous description whose capitalised words name no one: each is a place, a party,
    a day or month, a nationality or a function or quantity word, at least one of the last three,
    and a lower-case word is its head ("A Chinese official", "One strategist", "Two Republican
    aides"). It is scored as a Source that names nobody, by the speaker phrase, not by the name
    words."""
    from newsdesk.people.names import demonyms
    from newsdesk.resources import stopwords

    ordinary = demonyms() | stopwords() | _QUANTIFIERS
    head = re.search(r"\b[a-z]{3,}\b", surface)
    return bool(head and _names(surface) & ordinary) and not (_person_names(surface) - ordinary)


def _is_stand_in(text: str, gold: GoldQuote) -> bool:
    """A pronoun or a definite description that names no person: the Sources _gold_person
    resolves by the nearest named Source, and the case file resolves by hand."""
    surface = " ".join(text[s:e] for s, e in gold.source)
    folded = surface.strip().casefold()
    return folded in _PRONOUNS or (folded.startswith("the ") and not _person_names(surface))


def _entity_words(name: str) -> set[str]:
    """The words that name an organisation or a document: all but "the", "of", "on", "for", "and"."""
    return {w for w in _WORD.findall(re.sub(r"[’']s\b", "", name).casefold())} - _ENTITY_FILLERS


def system_units(text: str, quotes: Sequence[Quote]) -> list[tuple[frozenset[int], Quote]]:
    """Group quotes by cue (one reported statement) and tokenise their statement spans."""
    groups: dict[object, list[Quote]] = {}
    previous_block: object = None
    for quote in quotes:
        # PolNeAR's direct quotes are those written with quotation marks.
        if quote.kind == "interview" or not _MARK.search(
            text, quote.statement_start, quote.statement_end
        ):
            continue
        # A block quote runs over paragraphs under one cue: its paragraphs are one statement, as
        # PolNeAR's single Content span over them is. Other quotes group by cue within a paragraph.
        paragraph = None if quote.kind == "block" else text.count("\n\n", 0, quote.start)
        key: object = (
            ("cue", quote.cue_start, paragraph) if quote.cue_start is not None else quote.quote_id
        )
        if quote.cue_start is None and quote.kind == "block" and previous_block is not None:
            key = previous_block
        previous_block = key if quote.kind == "block" else None
        groups.setdefault(key, []).append(quote)
    return [
        (_tokens(text, [(q.statement_start, q.statement_end) for q in group]), group[0])
        for group in groups.values()
    ]


def evaluate_polnear(
    folder: Path,
    errors: int,
    half: int | None = None,
    antecedents: dict[tuple[str, int, int], Antecedent] | None = None,
) -> tuple[Score, float, int]:
    """Score one PolNeAR split (``half`` 0 or 1: only the even or odd articles); returns the
    score, extraction seconds and article count. ``antecedents`` (default: the dev case file)
    resolves pronoun and description Sources by hand where it has them."""
    if antecedents is None:
        antecedents = read_antecedents()
    score = Score()
    seconds = 0.0
    articles = 0
    for index, (name, text, gold, sources) in enumerate(polnear_documents(folder)):
        if half is not None and index % 2 != half:
            continue
        articles += 1
        sentences = split_sentences(text)
        began = time.perf_counter()
        quotes = extract_quotes(text, sentences)
        seconds += time.perf_counter() - began
        units = system_units(text, quotes)
        gold_tokens = [_tokens(text, g.content) for g in gold]
        pairs = _match([u for u, _ in units], gold_tokens)
        score.system += len(units)
        score.gold += len(gold)
        score.matched += len(pairs)
        matched_gold = {g for _, g in pairs}
        for s, g in pairs:
            quote, truth = units[s][1], gold[g]
            if not truth.source:
                continue
            score.with_source += 1
            pronoun = " ".join(text[b:e] for b, e in truth.source).strip().casefold() in _PRONOUNS
            overlap = quote.speaker_start is not None and any(
                quote.speaker_start < e and b < (quote.speaker_end or 0) for b, e in truth.source
            )
            stand_in = _is_stand_in(text, truth)
            annotated = antecedents.get((name, truth.source[0][0], truth.source[-1][1]))
            if stand_in and annotated is not None and annotated.kind != "unclear":
                score.by_hand += 1
                if annotated.kind == "person":
                    expected = _names(annotated.name)
                    person = bool(expected & _names(quote.speaker or ""))
                elif annotated.kind == "not a person":
                    expected = _entity_words(annotated.name)
                    person = bool(expected) and expected <= _entity_words(quote.speaker or "")
                else:  # unnamed: as a Source that names nobody
                    expected = set()
                    person = overlap
                named = person
            else:
                score.by_nearest += stand_in
                surface = " ".join(text[b:e] for b, e in truth.source)
                nobody = not stand_in and _names_nobody(surface)
                expected = set() if nobody else _gold_person(text, truth, sources)
                person = bool(quote.speaker) and bool(expected & _names(quote.speaker or ""))
                named = person or (not expected and overlap and not pronoun)
                if annotated is not None and stand_in:
                    score.unclear += 1
                    score.unclear_right += named
            right = person or overlap
            score.mention_right += overlap
            score.person_right += named
            score.speaker_right += right
            if not right and len(score.errors) < errors:
                source = " ".join(text[b:e] for b, e in truth.source)
                score.errors.append(
                    f"SPEAKER {name}: gold {source!r} -> {sorted(expected)} system "
                    f"{quote.speaker!r} ({quote.speaker_mention!r})  | {quote.text[:70]!r}"
                )
        for g, truth in enumerate(gold):
            if g not in matched_gold and len(score.errors) < errors:
                content = " | ".join(text[s:e] for s, e in truth.content)
                score.errors.append(f"MISSED {name}: {content[:140]!r}")
        matched_system = {s for s, _ in pairs}
        for s, (_, quote) in enumerate(units):
            if s not in matched_system and len(score.errors) < errors:
                span = text[quote.statement_start : quote.statement_end]
                score.errors.append(f"EXTRA {name}: {quote.kind} {span[:140]!r}")
    return score, seconds, articles


# --- seeds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedQuote:
    """A row of the built quotes table."""

    text: str
    kind: str
    speaker: str | None


def evaluate_seeds(corpus: Path, errors: int) -> tuple[Score, Score]:
    """Score the seeds against the hand-annotated gold: all quote kinds, and direct/block only."""
    from newsdesk.pipeline.build import BuildConfig, build_corpus

    tables = build_corpus(corpus, BuildConfig(progress=False)).tables
    gold = json.loads(GOLD_SEEDS.read_text(encoding="utf-8"))["quotes"]
    scores = (Score(), Score())
    # The built table, so speakers carry their corpus-wide names ("Luxon" -> Christopher Luxon).
    built = tables["quotes"]
    built = built[built["kind"].isin(QUOTE_KINDS)]
    for article_id in tables["articles"]["article_id"]:
        quotes = [
            SeedQuote(
                str(r["text"]),
                str(r["kind"]),
                r["speaker"] if isinstance(r["speaker"], str) else None,
            )
            for r in built[built["article_id"] == article_id].to_dict("records")
        ]
        expected = [g for g in gold if g["article_id"] == article_id]
        for score, kinds in zip(scores, (QUOTE_KINDS, {"direct", "block"}), strict=True):
            system = [q for q in quotes if q.kind in kinds]
            truth = [g for g in expected if g["kind"] in kinds]
            pairs = _match(
                [frozenset(_WORD.findall(q.text.casefold())) for q in system],  # type: ignore[misc]
                [frozenset(_WORD.findall(g["text"].casefold())) for g in truth],  # type: ignore[misc]
            )
            score.system += len(system)
            score.gold += len(truth)
            score.matched += len(pairs)
            for s, g in pairs:
                # A quote that names nobody is right only when the system names nobody too.
                score.with_source += 1
                right = system[s].speaker == truth[g]["speaker"]
                score.speaker_right += right
                score.person_right += right
                if not right and len(score.errors) < errors:
                    score.errors.append(
                        f"SPEAKER {article_id}: gold {truth[g]['speaker']!r} system "
                        f"{system[s].speaker!r} | {system[s].text[:60]!r}"
                    )
            for g, item in enumerate(truth):
                if g not in {g for _, g in pairs} and len(score.errors) < errors:
                    score.errors.append(f"MISSED {article_id}: {item['text'][:80]!r}")
            for s, quote in enumerate(system):
                if s not in {s for s, _ in pairs} and len(score.errors) < errors:
                    score.errors.append(f"EXTRA {article_id}: {quote.kind} {quote.text[:80]!r}")
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors per corpus")
    parser.add_argument(
        "--halves", action="store_true", help="also score even and odd articles apart (tuning)"
    )
    args = parser.parse_args(argv)

    print(__doc__.split("\n\n")[2].replace("\n", " "))
    print()
    folder = args.polnear / args.split
    if folder.is_dir():
        score, seconds, articles = evaluate_polnear(folder, args.errors)
        print(score.line(f"PolNeAR {args.split} direct quotes ({articles} articles)"))
        print(
            f"  extraction {1000 * seconds / max(articles, 1):.2f} ms per article "
            "(sentence splitting not included)"
        )
        for line in score.errors:
            print("  ", line)
        for half in (0, 1) if args.halves else ():
            part, _, count = evaluate_polnear(folder, 0, half)
            print(part.line(f"PolNeAR {args.split}, {('even', 'odd')[half]} articles ({count})"))
    else:
        print(f"PolNeAR not found at {folder}: skipped")
    if GOLD_SEEDS.exists() and args.seeds.is_dir():
        every, direct = evaluate_seeds(args.seeds, args.errors)
        print(every.line("seeds, all quote kinds (direct, block, partial, interview)"))
        print(direct.line("seeds, direct + block"))
        for line in every.errors:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Gender of named PolNeAR sources against a hand annotation (``tests/cases/polnear_gender.json``).

For each annotated (name, article) the article runs through ``find_people`` and
``extract_quotes``; the person whose in-article name matches gets ``describe_person`` with the
article's evidence (honorifics and gendered titles with the name, pronouns that quote
attribution resolved to the person). Precision = right / gendered, coverage = gendered / all,
by the text-evidence route alone and by the full route (text, then the first-name list). Also
the share of PolNeAR quotes whose person source is gendered, by each route.

    .venv/bin/python benchmarks/eval_gender.py [--polnear ../shared/bench/polnear]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsdesk.people import find_people
from newsdesk.people.attributes import describe_person, title_gender
from newsdesk.quotes import extract_quotes
from newsdesk.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "polnear_gender.json"
_PRONOUNS = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}


def article_people(text: str) -> dict[str, tuple[list[str], list[str], int]]:
    """In-article name -> (titles, text gender evidence, quotes)."""
    sentences = split_sentences(text)
    people = find_people(text, sentences)
    found: dict[str, tuple[list[str], list[str], int]] = {}
    for mention in people:
        titles, evidence, _ = found.setdefault(mention.name, ([], [], 0))
        titles.extend(mention.titles)
        if mention.gender != "-":
            evidence.append(mention.gender)
    for quote in extract_quotes(text, sentences, people):
        if quote.speaker_kind != "person" or not quote.speaker:
            continue
        titles, evidence, n = found.setdefault(quote.speaker, ([], [], 0))
        mention = (quote.speaker_mention or "").split()
        if len(mention) == 1 and mention[0].casefold() in _PRONOUNS:
            evidence.append(_PRONOUNS[mention[0].casefold()])
        elif mention and title_gender(mention[0]) != "-":
            evidence.append(title_gender(mention[0]))
        found[quote.speaker] = (titles, evidence, n + 1)
    return found


def evaluate_gender(
    polnear: Path, verbose: bool = False
) -> tuple[list[dict[str, str]], dict[str, list[int]]]:
    """The annotated cases and, per route ("text", "full"), [gendered, right]."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    counts = {"text": [0, 0], "full": [0, 0]}  # route -> [gendered, right]
    cache: dict[str, dict[str, tuple[list[str], list[str], int]]] = {}
    for case in cases:
        key = f"{case['split']}/{case['article_id']}"
        if key not in cache:
            text = (polnear / case["split"] / "text" / f"{case['article_id']}.txt").read_text(
                encoding="utf-8"
            )
            cache[key] = article_people(text)
        people = cache[key]
        surname = case["name"].split()[-1]
        # The annotated person: the same full name, else the only one with that surname.
        same_surname = [n for n in people if n.split()[-1] == surname]
        name = (
            case["name"]
            if case["name"] in people
            else (same_surname[0] if len(same_surname) == 1 else case["name"])
        )
        titles, evidence, _ = people.get(name, ([], [], 0))
        found = describe_person(name if len(name.split()) > 1 else case["name"], titles, evidence)
        if verbose and found.gender not in ("unknown", case["gender"]):
            print(f"  wrong: {case['name']} ({key}) -> {found}")
        for route in ("text", "full"):
            if found.gender == "unknown" or (route == "text" and found.gender_source != "text"):
                continue
            counts[route][0] += 1
            counts[route][1] += found.gender == case["gender"]
    return cases, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--polnear", type=Path, default=ROOT.parent / "shared" / "bench" / "polnear"
    )
    parser.add_argument("--errors", action="store_true", help="print the wrong genders")
    args = parser.parse_args(argv)
    if not args.polnear.is_dir():
        print(f"PolNeAR not found at {args.polnear}: skipped")
        return 0
    cases, counts = evaluate_gender(args.polnear, args.errors)
    print(f"hand-annotated PolNeAR sources: {len(cases)} (train and dev)")
    for route, (gendered, right) in counts.items():
        label = "text evidence only" if route == "text" else "full route (text, then name list)"
        print(
            f"  {label:36s} precision {right / max(gendered, 1):.3f} ({right}/{gendered})  "
            f"coverage {gendered / len(cases):.3f}"
        )
    # Share of PolNeAR dev quotes whose source is a person with a gender, by route.
    quotes = {"text": 0, "full": 0, "all": 0}
    for path in sorted((args.polnear / "dev" / "text").glob("*.txt")):
        for name, (titles, evidence, n) in article_people(path.read_text(encoding="utf-8")).items():
            found = describe_person(name, titles, evidence)
            quotes["all"] += n
            quotes["full"] += n * (found.gender != "unknown")
            quotes["text"] += n * (found.gender_source == "text")
    base = max(quotes["all"], 1)
    print(
        f"PolNeAR dev quotes with a person source ({quotes['all']}): gendered by text evidence "
        f"{quotes['text'] / base:.3f}, by the full route {quotes['full'] / base:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

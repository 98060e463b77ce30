"""Sources as entities: every quote's speaker is a person, an organisation, an outlet, a document
or an anonymous source.

``classify_source`` runs after the speakers are resolved to people. A speaker phrase that named
no person becomes: the article's person with that surname ("Cuban said" after "Mark Cuban"); an
outlet ("the Milwaukee Journal Sentinel", "RT"); a document, whose speaker is its named author(s)
("the letter" after "Helen Clark and Geoffrey Palmer headed an open letter": each signatory); an
anonymous source, whose description is kept in ``role`` ("a senior administration official");
or an organisation ("the Trump campaign" -> "Trump campaign", "The White House"). An "it" stands
for the body, outlet or document named before it ("The Post reported ... It added").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsdesk.people.attributes import name_list_gender
from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import demonyms, is_thing, name_key
from newsdesk.resources import alternation, read_word_list, reporting_verbs, stopwords

__all__ = ["SPEAKER_KINDS", "Source", "classify_source", "source_word_kinds"]

SPEAKER_KINDS = ("person", "organisation", "outlet", "document", "anonymous")
_PRONOUNS = frozenset({"he", "she", "i", "they", "we", "it", "who", "his", "her", "their", "you"})
_DETERMINERS = frozenset({"the", "a", "an", "one", "two", "three", "some", "several", "many"})
_ANONYMOUS_START = frozenset({"a", "an", "one", "two", "three", "some", "several", "many"})
_CAPITAL_RUN = re.compile(
    r"(?:[A-Z][\w’'.&-]*|of|for|and|the)(?:[ \t\xa0]+(?:[A-Z][\w’'.&-]*|of|for|and|the))*"
)
_POSSESSIVE = re.compile(r"[’']s?$")
_LOWER_WORD = re.compile(r"[a-z][a-z-]+")
_AND_NAME = re.compile(r"\s+and\s+(?P<name>(?:[A-Z][\w’'-]+[ \t\xa0]+){1,2}[A-Z][\w’'-]+)")


@dataclass(frozen=True, slots=True)
class Source:
    """Who a speaker phrase stands for."""

    #: canonical name of the person, organisation or outlet; a document's first author
    speaker: str | None
    #: person, organisation, outlet, document or anonymous (None: nobody found)
    kind: str | None
    #: an anonymous source's description, or how the speaker is involved (letter, office, ...)
    role: str | None = None
    #: every named author of a document (signatories), the speaker first
    authors: tuple[str, ...] = ()


@cache
def _source_words() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for line in read_word_list("source_words.tsv"):
        word, _, kind = line.partition("\t")
        kinds.setdefault(word.strip(), set()).add(kind.strip())
    return {word: frozenset(found) for word, found in kinds.items()}


def source_word_kinds(word: str) -> frozenset[str]:
    """The kinds ``source_words.tsv`` gives a word (outlet, document, anonymous, ...).

    >>> sorted(source_word_kinds("Post"))
    ['document', 'outlet-head']
    """
    return _source_words().get(word.casefold(), frozenset())


_kinds = source_word_kinds


def _capital_runs(phrase: str) -> list[list[str]]:
    """Runs of capitalised words (with inner "of"/"for"/"and"), trimmed of lower-case ends and
    possessives, skipping sentence-initial determiners and pronouns."""
    runs = []
    for match in _CAPITAL_RUN.finditer(phrase):
        words = [_POSSESSIVE.sub("", w) if w[:1].isupper() else w for w in match.group().split()]
        while words and (not words[0][:1].isupper() or words[0].casefold() in _DETERMINERS):
            words.pop(0)
        while words and not words[-1][:1].isupper():
            words.pop()
        words = [w for w in words if w]
        if all(name_key(w) in demonyms() or "adjective" in _kinds(w) for w in words):
            continue  # "The French official", "a Republican strategist": a description
        pronoun = len(words) == 1 and words[0].casefold() in _PRONOUNS
        if words and not pronoun and not _names_no_body(words):
            runs.append(words)
    return runs


def _names_no_body(run: Sequence[str]) -> bool:
    """Capitalised words that name no body: only days, months, initials and function words
    ("Friday", "To", "Those", "J."), or a title that opens the sentence ("Former Secretary")."""
    if run[0].casefold() == "former":
        return True
    return all(
        word.casefold() in stopwords() or "time" in _kinds(word) or len(word.strip(".")) <= 1
        for word in run
    )


def _outlet(phrase: str, runs: Sequence[Sequence[str]]) -> str | None:
    folded = " ".join(phrase.casefold().split())
    for run in runs:
        name = " ".join(run)
        key = name.casefold()
        if "outlet" in _kinds(key) or ("outlet-head" in _kinds(run[-1]) and len(run) >= 2):
            return name
        if "outlet" in _kinds(run[0]) and len(run) <= 2:
            return name
    if folded in {"the times", "the post", "the journal"}:
        return phrase.split()[-1]
    return None


def _is_outlet_noun(lower_words: Sequence[str]) -> bool:
    """Whether a description's head is a word for an outlet ("newspaper", "editorial board")."""
    heads = (" ".join(lower_words[-2:]), lower_words[-1]) if lower_words else ()
    return any("outlet-noun" in _kinds(head) for head in heads)


#: how far back (characters) "the newspaper" looks for the outlet it stands for
_OUTLET_WINDOW = 3000


def _outlet_before(text: str, start: int) -> str | None:
    """The nearest outlet named before ``start`` ("The Wall Street Journal called on Trump ...")."""
    found = None
    for match in _CAPITAL_RUN.finditer(text, max(0, start - _OUTLET_WINDOW), start):
        found = _outlet(match.group(), _capital_runs(match.group())) or found
    return found


def _surname_match(runs: Sequence[Sequence[str]], people: Sequence[PersonMention]) -> str | None:
    """An article person whose surname (or full name) the phrase's capitalised words end with."""
    for run in runs:
        last = name_key(run[-1])
        for mention in reversed(people):
            words = mention.name.split()
            if len(words) >= 2 and name_key(words[-1]) == last:
                return mention.name
    return None


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence (or line) holding ``position`` starts, roughly."""
    line_start = text.rfind("\n", 0, position) + 1
    return max(line_start, max(text.rfind(mark, 0, position) for mark in (". ", "? ", "! ")) + 1)


def _document_authors(
    text: str, head: str, end: int, people: Sequence[PersonMention]
) -> tuple[str, ...]:
    """The people named with the document before it, in the sentence that introduces it (all of
    them: "Helen Clark and Geoffrey Palmer headed an open letter")."""
    for match in reversed(list(re.finditer(rf"\b{re.escape(head)}\b", text[:end], re.IGNORECASE))):
        line_start = text.rfind("\n", 0, match.start()) + 1
        sentence_start = _sentence_start(text, match.start())
        near = [m for m in people if line_start <= m.start < match.start()]
        in_sentence = [m for m in near if m.start >= sentence_start] or near[:1]
        names = tuple(dict.fromkeys(m.name for m in in_sentence))
        for mention in in_sentence:
            # "Helen Clark and Geoffrey Palmer": the second of a pair of names signs too
            pair = _AND_NAME.match(text, mention.end, match.start())
            if pair and not is_thing(pair.group("name").split()):
                names = tuple(dict.fromkeys([*names, pair.group("name")]))
        if names:
            return names
    return ()


#: how far back (characters) "the group" looks for the body it stands for
_BODY_WINDOW = 600
_BODY_RUN = re.compile(
    r"\b(?:[A-Z][\w’'&-]+(?:\s+(?:of|for|and|the)\s+|\s+)){1,5}[A-Z][\w’'&-]+|\b[A-Z]{2,6}\b"
    # one word that is a site's address or written in camel case ("GunBroker.com", "YouGov")
    r"|\b[A-Z]\w*(?:\.(?:com|org|net)\b|[a-z][A-Z]\w*)"
)


def _body_before(
    text: str, start: int, people: Sequence[PersonMention], head: str = ""
) -> str | None:
    """The organisation "the group" stands for: the nearest name before it (two or more
    capitalised words, or an acronym) that is not a person of the article; before it, the
    nearest name that ends in the description's own noun ("the council": "St. Paul City
    Council"), unless the noun comes again in between ("the trade group for ...")."""
    window_start = max(0, start - _BODY_WINDOW)
    taken = [(m.start, m.end) for m in people]
    found = named = None
    named_end = start
    for match in _BODY_RUN.finditer(text, window_start, start):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        words = match.group().split()
        if words[0] in {"A", "An", "In", "On", "At", "But", "And"}:
            continue
        if words[0] == "The":  # "The Trayvon Martin Foundation"
            words = words[1:]
            if len(words) < 2 and not (words and words[0].isupper()):
                continue
        found = " ".join(words)
        if head and words[-1].casefold() == head:
            named, named_end = found, match.end()
    if named and re.search(rf"\b{re.escape(head)}\b", text[named_end:start]):
        named = None
    return named or found


def classify_source(
    text: str,
    start: int,
    end: int,
    speaker: str | None,
    people: Sequence[PersonMention],
) -> Source:
    """What kind of source the speaker phrase ``text[start:end]`` is, and its canonical name.

    Args:
        text: the article text.
        start, end: the speaker phrase.
        speaker: the person it was resolved to, if any.
        people: the article's person mentions.

    Returns:
        The source; ``kind`` None when the phrase names nobody that can be told.

    >>> classify_source("The Trump campaign said", 0, 18, None, []).speaker
    'Trump campaign'
    >>> classify_source("a senior official said", 0, 17, None, [])
    Source(speaker=None, kind='anonymous', role='a senior official', authors=())
    >>> classify_source("the Milwaukee Journal Sentinel said", 0, 30, None, []).kind
    'outlet'
    """
    phrase = " ".join(text[start:end].split()).strip(" ,")
    words = phrase.split()
    lower_words = _LOWER_WORD.findall(phrase)
    head = lower_words[-1] if lower_words and phrase.endswith(lower_words[-1]) else ""
    runs = _capital_runs(phrase)
    outlet = _outlet(phrase, runs)
    if not runs and words[0].casefold() == "the" and _is_outlet_noun(lower_words):
        # "the newspaper", "the editorial board": the outlet named before
        before = _outlet_before(text, start)
        if before:
            return Source(before, "outlet")
    if ("document" in _kinds(head)) or (not outlet and runs and "document" in _kinds(runs[-1][-1])):
        word = head if "document" in _kinds(head) else runs[-1][-1]
        authors = _document_authors(text, word, end, people)
        if speaker and speaker not in authors:
            authors = (speaker, *authors)
        if authors:
            return Source(authors[0], "document", word.casefold(), authors)
        named = [r for r in runs if "document" not in _kinds(r[-1])]
        owner = _outlet(phrase, named) if named else None
        return Source(owner or (" ".join(named[0]) if named else None), "document", word.casefold())
    possessive = "’s " in phrase or "'s " in phrase or words[0].casefold() in _PRONOUNS
    if "organisation" in _kinds(head) and runs and not possessive:
        # "the Trump campaign" is the campaign; "Albanese's office" speaks for Albanese
        return Source(f"{' '.join(runs[-1])} {head}", "organisation")
    if speaker:
        return Source(speaker, "person")
    if phrase.casefold() == "it":
        return _it_source(text, start, people)
    if not words or phrase.casefold() in _PRONOUNS:
        return Source(None, None)
    if outlet:
        return Source(outlet, "outlet")
    person = _surname_match(runs, people)
    if person:
        return Source(person, "person")
    if "anonymous" in _kinds(head) or (words[0].casefold() in _ANONYMOUS_START and not runs):
        return Source(None, "anonymous", phrase)
    if runs:
        run = runs[0]
        if len(run) >= 2 and not is_thing(run) and name_list_gender(run[0]) != "-":
            return Source(" ".join(run), "person")
        name = " ".join(run)
        if head and "organisation" in _kinds(head) and phrase.casefold().endswith(head):
            name = f"{name} {head}"
        return Source(name, "organisation")
    if head and "organisation" in _kinds(head):
        body = _body_before(text, start, people, head) if words[0].casefold() == "the" else None
        return Source(body, "organisation", None if body else phrase)
    if head and "anonymous" in _kinds(head):
        return Source(None, "anonymous", phrase)
    return Source(None, None)


#: how far back (characters) "it said" looks for the body, outlet or document it stands for
_IT_WINDOW = 700
_NOT_A_PERSON = frozenset(("organisation", "outlet", "document"))
_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Tt]his)[ \t\xa0]+"
    r"(?:[\w’'-]+[ \t\xa0]+){0,2}?(?P<head>[a-z][a-z-]+)\b"
)


@cache
def _speaks() -> re.Pattern[str]:
    """A reporting verb just after a phrase ("The Post reported", "the paper notes")."""
    verbs = alternation(reporting_verbs())
    return re.compile(rf"(?:,[^,.;“”\"]{{1,60}},)?[ \t\xa0]+(?:[a-z]\w*[ \t\xa0]+)?(?:{verbs})\b")


def _it_source(text: str, start: int, people: Sequence[PersonMention]) -> Source:
    """What an "it" of a speaker phrase stands for: the body, outlet or document named last
    before it that speaks itself ("The Post reported ... It added", "the paper notes ..., and it
    says"), else the one named last ("putting out a statement ... it said"), else nobody."""
    window = max(0, start - _IT_WINDOW)
    found: list[tuple[bool, int, Source]] = []
    for match in _CAPITAL_RUN.finditer(text, window, start):
        outlet = _outlet(match.group(), _capital_runs(match.group()))
        if outlet:
            speaks = _speaks().match(text, match.end()) is not None
            found.append((speaks, match.end(), Source(outlet, "outlet")))
    for match in _DESCRIPTION.finditer(text, window, start):
        if not _kinds(match.group("head")) & {"document", "organisation", "outlet-noun"}:
            continue
        source = classify_source(text, match.start(), match.end(), None, people)
        source = _near(text, match, source, people)
        if source.kind in _NOT_A_PERSON:
            speaks = _speaks().match(text, match.end()) is not None
            found.append((speaks, match.end(), source))
    return max(found, key=lambda item: item[:2])[2] if found else Source(None, None)


def _near(
    text: str, match: re.Match[str], source: Source, people: Sequence[PersonMention]
) -> Source:
    """The source of a description an "it" stands for, told only from near it: an outlet
    named within the window, a document's authors named in its own sentence, else none."""
    window = text[max(0, match.start() - _IT_WINDOW) : match.start()]
    if source.kind == "outlet" and source.speaker and source.speaker not in window:
        return Source(None, None)
    if source.kind == "organisation" and not _capital_runs(match.group()):
        # "the group", "the government": the body is a guess from the names before it
        return source if _speaks().match(text, match.end()) else Source(None, None)
    if source.kind == "document":
        sentence_start = _sentence_start(text, match.start())
        own = {m.name for m in people if sentence_start <= m.start < match.start()}
        authors = tuple(a for a in source.authors if a in own)
        return Source(authors[0] if authors else None, "document", source.role, authors)
    return source

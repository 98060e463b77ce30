"""Which date rules may match at a position, told by the first two characters there.

The scan tries the rules one by one at each word start near a trigger, in the combined pattern's
order; the first that matches is the combined pattern's match. Each rule's parsed pattern gives
a superset of the first two characters any match of it may begin with (a shorter match may be
followed by anything), so at a position only the rules whose set holds the two characters there
are tried: the same first match, the same rule, fewer tries ("the" may start "the past week",
"to" nothing). Beyond ASCII the sets say nothing: a pair with such a second character is told by
its first, one with such a first character tries every rule.
"""

from __future__ import annotations

import re
from functools import cache
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from newsdesk.timeline.patterns import rule_templates

__all__ = ["rules_by_first_two"]

_ASCII = frozenset(chr(code) for code in range(128))
_CATEGORIES = {"CATEGORY_DIGIT": re.compile(r"\d"), "CATEGORY_WORD": re.compile(r"\w"),
               "CATEGORY_SPACE": re.compile(r"\s")}  # fmt: skip
#: One prefix: the ASCII characters each of its (at most two) positions may hold; a prefix
#: shorter than two is a whole match, which anything may follow.
Prefix = tuple[frozenset[str], ...]
_EMPTY: Prefix = ()


def _character(op: str, value: Any, ignore_case: bool) -> frozenset[str]:
    """The ASCII characters one character of the pattern may be (a superset)."""
    found: set[str] = set()
    if op == "LITERAL":
        character = chr(value)
        if not character.isascii():
            return _ASCII if ignore_case else frozenset()  # a non-ASCII letter may fold to ASCII
        found = {character}
    elif op == "IN" and all(str(o) in ("LITERAL", "RANGE") or (str(o) == "CATEGORY" and str(v) in _CATEGORIES)
                            for o, v in value):  # fmt: skip
        for member, argument in value:
            if str(member) == "LITERAL":
                if not chr(argument).isascii():
                    if ignore_case:
                        return _ASCII
                    continue
                found.add(chr(argument))
            elif str(member) == "RANGE":
                if ignore_case and argument[1] > 127:
                    return _ASCII
                found |= {c for c in _ASCII if argument[0] <= ord(c) <= argument[1]}
            else:
                found |= {c for c in _ASCII if _CATEGORIES[str(argument)].match(c)}
    else:
        return _ASCII  # any character, a negated set or one not read here
    if ignore_case:
        found |= {c.lower() for c in found} | {c.upper() for c in found}
    return frozenset(found & _ASCII)


def _then(first: set[Prefix], second: set[Prefix]) -> set[Prefix]:
    return {prefix if len(prefix) == 2 else (prefix + more)[:2] for prefix in first
            for more in ((_EMPTY,) if len(prefix) == 2 else second)}  # fmt: skip


def _prefixes(items: Any, ignore_case: bool) -> set[Prefix] | None:
    """The prefixes a parsed pattern's matches may begin with; None when not understood here
    (the rule is then tried everywhere)."""
    found: set[Prefix] = {_EMPTY}
    for op, value in items:
        if all(len(prefix) == 2 for prefix in found):
            return found
        kind = str(op)
        if kind in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
            step: set[Prefix] | None = {(_character(kind, value, ignore_case),)}
        elif kind == "SUBPATTERN":
            _, add, remove, inner = value
            step = _prefixes(inner, (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
        elif kind == "ATOMIC_GROUP":
            step = _prefixes(value, ignore_case)
        elif kind == "BRANCH":
            branches = [_prefixes(branch, ignore_case) for branch in value[1]]
            step = None if any(b is None for b in branches) else set().union(*(b for b in branches if b is not None))
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            step = _repeat(value[0], value[1], _prefixes(value[2], ignore_case))
        elif kind in ("ASSERT", "ASSERT_NOT", "AT"):
            step = {_EMPTY}  # takes no character
        else:
            return None
        if step is None:
            return None
        found = _then(found, step)
    return found


def _repeat(low: int, high: int, once: set[Prefix] | None) -> set[Prefix] | None:
    if once is None:
        return None
    found: set[Prefix] = set()
    current: set[Prefix] = {_EMPTY}
    count = 0
    while True:
        if count >= low:
            if current <= found:
                return found  # nothing new: more repeats give only what is there
            found |= current
        if count == high:
            return found
        current, count = _then(current, once), count + 1


#: A rule's prefixes by first character: None when a match may begin with anything (or with
#: nothing), else first character -> None (anything may follow it) or the second characters.
_Firsts = dict[str, frozenset[str] | None] | None


def _by_first(prefixes: set[Prefix] | None) -> _Firsts:
    if prefixes is None or _EMPTY in prefixes:
        return None
    seconds: dict[str, set[str] | None] = {}
    for prefix in prefixes:
        for first in prefix[0]:
            known = seconds.get(first, set())
            if len(prefix) == 1 or known is None:
                seconds[first] = None  # a whole match of one character: anything may follow
            else:
                seconds[first] = known | prefix[1]
    return {first: None if found is None else frozenset(found) for first, found in seconds.items()}


@cache
def _rule_firsts() -> tuple[tuple[re.Pattern[str], _Firsts], ...]:
    return tuple((pattern, _by_first(_prefixes(_parser.parse(template).data, False)))
                 for _, template, pattern in rule_templates())  # fmt: skip


def _may_begin(firsts: _Firsts, known: str) -> bool:
    """Whether a match may begin with the ``known`` characters (two, or fewer: the end of the
    text after a pair's first, or characters the sets say nothing about)."""
    if firsts is None or not known:
        return True
    if known[0] not in firsts:
        return False
    seconds = firsts[known[0]]
    return seconds is None or len(known) < 2 or known[1] in seconds


class _ByPair(dict[str, tuple[re.Pattern[str], ...]]):
    def __init__(self, without: frozenset[str]) -> None:
        super().__init__()
        self.rules = tuple((pattern, firsts) for (name, _, pattern), (_, firsts) in zip(rule_templates(), _rule_firsts(), strict=True)
                           if name not in without)  # fmt: skip

    def __missing__(self, pair: str) -> tuple[re.Pattern[str], ...]:
        # Beyond ASCII the sets say nothing: the first character alone, or every rule.
        known = pair if pair.isascii() else pair[:1] if pair[:1].isascii() else ""
        found = tuple(pattern for pattern, firsts in self.rules if _may_begin(firsts, known))
        self[pair] = found
        return found


@cache
def rules_by_first_two(without: frozenset[str] = frozenset()) -> dict[str, tuple[re.Pattern[str], ...]]:
    """``text[position:position + 2]`` -> the patterns of the rules that may match at the
    position, in the combined pattern's order (filled as positions are met); the rules named
    in ``without`` are left out."""
    return _ByPair(without)

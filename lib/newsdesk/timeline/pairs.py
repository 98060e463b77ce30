"""Which date rules may match at a position, told by the first two characters there.

The scan tries the rules one by one at each word start near a trigger, in the combined pattern's
order (:func:`newsdesk.timeline.patterns.rules_by_first_character` leaves out those that cannot
begin with the character there). Most of the tries still fail: "the" starts "the past week"
but not "their". Here each rule's parsed pattern gives a superset of the first two characters
any match of it may begin with (a shorter match may be followed by anything), so at a position
only the rules whose set holds the two characters there are tried: the same first match, the
same rule. Positions with a character beyond ASCII keep the first-character table.
"""

from __future__ import annotations

import re
from functools import cache
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from newsdesk.timeline.patterns import rule_templates, rules_by_first_character

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


@cache
def _rule_prefixes() -> tuple[tuple[re.Pattern[str], set[Prefix] | None], ...]:
    return tuple((pattern, _prefixes(_parser.parse(template).data, False)) for _, template, pattern in rule_templates())


def _may_begin(prefixes: set[Prefix] | None, pair: str) -> bool:
    if prefixes is None:
        return True
    for prefix in prefixes:
        if len(prefix) > len(pair):
            continue
        if all(character in allowed for character, allowed in zip(pair, prefix, strict=False)):
            return True
    return False


class _ByPair(dict[str, tuple[re.Pattern[str], ...]]):
    def __missing__(self, pair: str) -> tuple[re.Pattern[str], ...]:
        by_first = rules_by_first_character()
        first = by_first.get(pair[:1], by_first[""])
        if not pair.isascii():
            found = first
        else:
            allowed = {id(pattern) for pattern, prefixes in _rule_prefixes() if _may_begin(prefixes, pair)}
            found = tuple(pattern for pattern in first if id(pattern) in allowed)
        self[pair] = found
        return found


@cache
def rules_by_first_two() -> dict[str, tuple[re.Pattern[str], ...]]:
    """``text[position:position + 2]`` -> the patterns of the rules that may match at the
    position, in the combined pattern's order (filled as positions are met)."""
    return _ByPair()

"""Which characters a rule's match can begin with, so a trigger tries only those rules.

The rules are one alternation tried in order. At a given position, a rule whose first
character cannot match the text's character there fails at once; trying only the
other rules, in the same order, finds the same first match with far less work.

The first characters come from the regular-expression parser's own tree, and each
possible first item is tested against every ASCII character with the rule's flags, so
case-insensitive matching is decided by the regex engine itself. Whatever is not
understood counts as "any character" (the rule is always tried), and a position
holding a non-ASCII character uses the whole alternation.
"""

from __future__ import annotations

import re
from functools import cache

try:  # the regex parser's own modules (Python 3.11+); without them every rule is tried
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them
    sre = _parser = None

ASCII = tuple(chr(i) for i in range(128))
_CATEGORIES = {} if sre is None else {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = set() if sre is None else {
    sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)
}
_ZERO_WIDTH = set() if sre is None else {sre.AT, sre.ASSERT, sre.ASSERT_NOT}

First = tuple[frozenset[str] | None, bool]  # (ASCII first characters or None: any, may be empty)


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The ASCII characters a match of `pattern` can begin with; None when it may begin
    with any character (or match the empty string)."""
    if _parser is None:
        return None
    try:
        chars, empty = _sequence(_parser.parse(pattern, flags), flags)
    except (re.error, TypeError, ValueError, AttributeError):
        return None
    return None if empty else chars


def _sequence(items, flags: int) -> First:  # type: ignore[no-untyped-def]
    found: set[str] = set()
    for op, av in items:
        chars, empty = _item(op, av, flags)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return frozenset(found), False
    return frozenset(found), True


def _item(op, av, flags: int) -> First:  # type: ignore[no-untyped-def]
    if op is sre.LITERAL:
        return _matching(re.escape(chr(av)), flags), False
    if op is sre.NOT_LITERAL:
        return _matching(f"[^{re.escape(chr(av))}]", flags), False
    if op is sre.IN:
        cls = _class(av)
        return (None if cls is None else _matching(cls, flags)), False
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, branch_empty = _sequence(branch, flags)
            if chars is None:
                return None, False
            found |= chars
            empty = empty or branch_empty
        return frozenset(found), empty
    if op is sre.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(body, (flags | add) & ~remove)
    if op in _REPEATS:
        low, _high, body = av
        chars, empty = _sequence(body, flags)
        return chars, empty or low == 0
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, flags)
    if op in _ZERO_WIDTH:
        return frozenset(), True  # consumes nothing: the next item begins the match
    return None, False  # anything else (a back-reference...): any character


def _class(items) -> str | None:  # type: ignore[no-untyped-def]
    """A character class item rebuilt as regex text, or None when not understood."""
    out = []
    for op, av in items:
        if op is sre.NEGATE:
            out.insert(0, "^")
        elif op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return f"[{''.join(out)}]"


@cache
def _matching(item: str, flags: int) -> frozenset[str]:
    one = re.compile(item, flags)
    return frozenset(c for c in ASCII if one.fullmatch(c))

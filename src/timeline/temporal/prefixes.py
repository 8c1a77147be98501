"""What the first few characters of a rule's match can be, so a trigger tries only the
rules that can begin with the text standing there.

The rules are one alternation tried in order. At a given position, a rule that cannot
match the next few characters fails there; trying only the other rules, in the same
order, finds the same first match with far less work ("the company" rules out every
rule that needs "the year", "the week"... and no rule is tried at all).

A rule's prefixes are read from the regular-expression parser's own tree as sequences
of character sets: position i of a sequence holds the ASCII characters the match's
i-th character can be, each item tested against every ASCII character with the rule's
flags, so case-insensitive matching is decided by the regex engine itself. The sets
only ever grow: whatever is not understood (a back-reference, a category the engine
knows better) stands for any characters, lookarounds consume nothing and are skipped,
and a rule whose prefixes cannot be listed within a bound gets shorter ones (down to
none: it is always tried). So a rule left out could not have matched: the sieve is
complete, never exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from timeline.literals import parse_tree, sre  # without the parser every rule is tried

ASCII = tuple(chr(i) for i in range(128))
ANY = frozenset(ASCII)
Seq = tuple[frozenset[str], ...]  # the ASCII characters each position can hold
LIMIT = 4000  # sequences per rule at most; beyond, shorter prefixes are listed

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


class _TooMany(Exception):
    """More sequences than LIMIT: list shorter prefixes."""


def prefixes(pattern: str, flags: int, length: int) -> frozenset[Seq] | None:
    """Sequences of at most `length` character sets such that the first characters of
    any match of `pattern` (as far as they are ASCII) fit one of them; a sequence
    shorter than `length` is a match that may end there. None: no sequences are known
    (the parser is missing or fails), the rule must be tried everywhere."""
    tree = parse_tree(pattern, flags)
    if tree is None:
        return None
    for n in range(length, 0, -1):
        try:
            return frozenset(_sequence(tree, flags, n))
        except _TooMany:
            continue
    return None


def fits(seq: Seq, key: str) -> bool:
    """Whether the characters `key` can begin a match listed as `seq` (the positions
    beyond either's end are not tested)."""
    return all(c in allowed for c, allowed in zip(key, seq, strict=False))


def _sequence(items: Iterable, flags: int, n: int) -> set[Seq]:  # type: ignore[type-arg]
    out: set[Seq] = {()}
    for op, av in items:
        if all(len(s) >= n for s in out):
            break
        out = _then(out, _item(op, av, flags, n), n)
    return out


def _then(heads: set[Seq], tails: set[Seq], n: int) -> set[Seq]:
    """Every head followed by every tail, cut at `n` positions (a head already `n` long
    stays as it is, whatever follows)."""
    out = {h for h in heads if len(h) >= n}
    out.update((h + t)[:n] for h in heads if len(h) < n for t in tails)
    if len(out) > LIMIT:
        raise _TooMany
    return out


def _item(op, av, flags: int, n: int) -> set[Seq]:  # type: ignore[no-untyped-def]
    if op is sre.LITERAL:
        return {(_literal(av, flags),)}
    if op is sre.NOT_LITERAL:
        return {(_matching(f"[^{re.escape(chr(av))}]", flags),)}
    if op is sre.IN:
        cls = _class(av)
        return {(ANY if cls is None else _matching(cls, flags),)}
    if op is sre.ANY:
        return {(ANY,)}
    if op is sre.BRANCH:
        out: set[Seq] = set()
        for branch in av[1]:
            out |= _sequence(branch, flags, n)
        return out
    if op is sre.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(body, (flags | add) & ~remove, n)
    if op in _REPEATS:
        return _repeat(av, flags, n)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, flags, n)
    if op in _ZERO_WIDTH:
        return {()}  # consumes nothing: the next item begins the match
    return {(ANY,) * k for k in range(n + 1)}  # anything else: any characters


def _repeat(av, flags: int, n: int) -> set[Seq]:  # type: ignore[no-untyped-def]
    low, high, body = av
    once = _sequence(body, flags, n)
    out: set[Seq] = set()
    current: set[Seq] = {()}
    # Past max(low, n) repetitions nothing new appears: each adds a character or nothing.
    for count in range(min(high, max(low, n)) + 1):
        if count >= low:
            out |= current
        if count == min(high, max(low, n)):
            break
        current = _then(current, once, n)
    return out


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
def _literal(code: int, flags: int) -> frozenset[str]:
    return _matching(re.escape(chr(code)), flags)


@cache
def _matching(item: str, flags: int) -> frozenset[str]:
    one = re.compile(item, flags)
    return frozenset(c for c in ASCII if one.fullmatch(c))

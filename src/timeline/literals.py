"""Literal strings a regex's every match must contain, so a line holding none of them is
skipped without running the regex (a `.*cookies.*` rule scans a whole line to fail).

Read from the regular-expression parser's own tree: a run of literal characters in a
sequence (zero-width assertions inside it do not break it), the union of a group's or
each branch's requirement, a repeat's body when it repeats at least once, one of a
class's characters when it lists only characters. Only ASCII
text is sieved: under IGNORECASE, a literal is kept in lower case when every character
of it matches just its own two cases among ASCII characters, so `literal in
line.lower()` decides it; a non-ASCII character that no ASCII character matches stays
as it is (an ASCII line cannot hold it). Whatever is not understood gives no
requirement (None): the regex is always run.
"""

from __future__ import annotations

import re
from functools import cache

try:  # the regex parser's own modules (Python 3.11+); without them nothing is sieved
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them
    sre = _parser = None

Literal = tuple[str, bool]  # the text, and whether it is compared in lower case
_ASCII = tuple(chr(i) for i in range(128))


def parse_tree(pattern: str, flags: int = 0):  # type: ignore[no-untyped-def]
    """The regex parser's tree of `pattern`, None when the parser is missing or fails
    (then nothing may be inferred from the pattern: it is always run)."""
    if _parser is None:
        return None
    try:
        return _parser.parse(pattern, flags)
    except (re.error, TypeError, ValueError, AttributeError):  # pragma: no cover
        return None


def required(pattern: str, flags: int = 0) -> frozenset[Literal] | None:
    """Literals one of which every match of `pattern` contains (when the text is ASCII);
    None when none are known."""
    tree = parse_tree(pattern, flags)
    if tree is None:
        return None
    found = _sequence(list(tree), tree.state.flags)  # with any global inline flags
    return None if found is None else frozenset(found)


def holds(line: str, lowered: str, literals: frozenset[Literal]) -> bool:
    """Whether the ASCII `line` (and its lower case) contains one of the literals."""
    return any(text in (lowered if folded else line) for text, folded in literals)


def _sequence(items: list, flags: int) -> set[Literal] | None:  # type: ignore[type-arg]
    """The most telling requirement among a sequence's literal runs and items."""
    options: list[set[Literal]] = []
    run: list[str] = []
    run_folded = False

    def flush() -> None:
        if run:
            options.append({("".join(run), run_folded)})
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = _char(av, flags)
            folded = bool(flags & re.IGNORECASE)
            if char is None or (run and folded != run_folded):
                flush()
            if char is not None:
                run_folded = folded
                run.append(char)
            continue
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the characters on both sides stay next to each other
        flush()
        inner = _item(op, av, flags)
        if inner is not None:
            options.append(inner)
    flush()
    if not options:
        return None
    return max(options, key=lambda o: min(len(text) for text, _ in o))


def _item(op, av, flags: int) -> set[Literal] | None:  # type: ignore[no-untyped-def]
    if op is sre.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(list(body), (flags | add) & ~remove)
    if op is sre.BRANCH:
        out: set[Literal] = set()
        for branch in av[1]:
            found = _sequence(list(branch), flags)
            if found is None:
                return None
            out |= found
        return out
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _high, body = av
        return _sequence(list(body), flags) if low >= 1 else None
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):  # "[»›→]"
        chars = [_char(code, flags) for _, code in av]
        if None in chars:
            return None
        return {(char, bool(flags & re.IGNORECASE)) for char in chars}  # type: ignore[misc]
    return None


def _char(code: int, flags: int) -> str | None:
    """The character as compared on ASCII text, or None when it cannot be (a character
    that matches other ASCII characters than itself and its case)."""
    char = chr(code)
    if not flags & re.IGNORECASE:
        return char
    matches = _ascii_matches(char, flags)
    if not char.isascii():
        return char if not matches else None
    return char.lower() if matches <= {char.lower(), char.upper()} else None


@cache
def _ascii_matches(char: str, flags: int) -> frozenset[str]:
    one = re.compile(re.escape(char), flags)
    return frozenset(c for c in _ASCII if one.fullmatch(c))

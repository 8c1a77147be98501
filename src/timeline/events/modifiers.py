"""A date that describes a noun ("the 2016 election") after a preposition of time.

"Two years after the 2016 election, the party lost its majority": 2016 dates the
election, not the losing. The clause is placed relative to that happening: two years
after it (2018), after it ("2016/.."), before it ("../2016"), since it ("2016/..").
The noun phrase, when its head is an event noun, is a dated happening of its own.
Prepositions and their relations live in `resources/time_relations.tsv`; number words
and units come from the tagger's lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from timeline.dates import bounds
from timeline.sentences import measure
from timeline.temporal.calendar_math import shift
from timeline.temporal.lexicon import lexicon, word_number
from timeline.words import trie

# "the", "its", "Obama's": what opens the noun phrase the date modifies
_DETERMINER = r"(?:the|its|his|her|their|our|this|that|(?-i:[A-Z][\w.-]*)['’]s)"
_REACH = 80  # characters before the date searched for the preposition


@dataclass(frozen=True, slots=True)
class Reframed:
    """The clause's date relative to the noun's, and the noun phrase itself."""

    edtf: str  # the clause's date
    start: int  # the phrase "two years after the 2016 election"
    end: int
    offset: bool  # counted from the noun's date ("two years after"), not just after/before
    noun: tuple[int, int] | None  # "the 2016 election", when its head names a happening


@lru_cache(maxsize=1)
def relations() -> dict[str, str]:
    """preposition -> "after" | "before" (resources/time_relations.tsv)."""
    text = resources.files("timeline").joinpath("resources", "time_relations.tsv").read_text(
        "utf-8"
    )
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, relation = line.split("\t")
            out[" ".join(word.split()).lower()] = relation.strip()
    return out


@lru_cache(maxsize=1)
def _before_pattern() -> re.Pattern[str]:
    preps = "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(relations(), key=len, reverse=True)
    )
    return re.compile(
        rf"(?:{measure()}\s+)?"
        rf"\b(?P<prep>{preps})\s+{_DETERMINER}\s+$",
        re.I,
    )


@lru_cache(maxsize=1)
def _noun_after() -> re.Pattern[str]:
    from timeline.events.statements import event_nouns

    return re.compile(
        rf"\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{trie(sorted(event_nouns()))})(?:e?s)?\b", re.I
    )


def reframe(text: str, start: int, end: int, edtf: str) -> Reframed | None:
    """The clause's date when the date `text[start:end]` (EDTF `edtf`) describes a noun
    after a preposition of time; None when it does not."""
    if not re.match(r"\s[A-Za-z]", text[end : end + 2]):
        return None  # "after 2008" is the tagger's: the date is not a modifier
    m = _before_pattern().search(text, max(0, start - _REACH), start)
    if m is None or m.end() != start:
        return None
    relation = relations()[" ".join(m.group("prep").split()).lower()]
    noun = _noun_after().match(text, end)
    phrase_end = noun.end() if noun else _head_end(text, end)
    if (of := _OF_NAME.match(text, phrase_end)) is not None:
        phrase_end = of.end()  # "its 1990 invasion of Kuwait"
    det = m.end("prep")
    while text[det].isspace():
        det += 1
    counted = _count(m)
    if counted is not None:
        shifted = _shifted(edtf, relation, *counted)
        if shifted is None:
            return None
        clause = shifted
    else:
        clause = _open(edtf, relation)
        if clause is None:
            return None
    return Reframed(
        clause, m.start(), phrase_end, counted is not None, (det, phrase_end) if noun else None
    )


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}")
_WORD = re.compile(r"\s+[\w'’-]+")
_BOUNDARY = re.compile(
    r"\s*(?:[,.;:!?)”\"]|$)|\s+(?:of|in|on|at|and|or|but|to|for|with|by|as|that|which|who)\b"
)


def _head_end(text: str, end: int) -> int:
    """The end of the noun phrase the date modifies when its head is not an event noun:
    up to three words ending where a boundary follows ("the 1989 Tiananmen Square
    massacre.", "the 2006 season but"), never over a verb; else one word."""
    from timeline.events.titles import has_verb

    best = None
    pos = end
    for _ in range(3):
        word = _WORD.match(text, pos)
        if word is None or (best is not None and has_verb(word.group(), min_words=1)):
            break
        pos = word.end()
        best = best or pos
        if _BOUNDARY.match(text, pos):
            best = pos
    return best if best is not None else end


def _count(m: re.Match[str]) -> tuple[int, str] | None:
    if not m.group("count"):
        return None
    n = word_number(m.group("count"))
    lex = lexicon()
    unit = m.group("unit").lower()
    code = lex["units"].get(lex["unit_plurals"].get(unit, unit))
    if n is None or code not in ("D", "W", "M", "Q", "Y", "DE", "CE"):
        return None
    return n, code


def _open(edtf: str, relation: str) -> str | None:
    if "/" in edtf:
        return None  # an interval's open side is ambiguous: leave the clause to the others
    return f"{edtf}/.." if relation == "after" else f"../{edtf}"


def _shifted(edtf: str, relation: str, n: int, unit: str) -> str | None:
    """`edtf` moved n units later ("after") or earlier ("before"), at the precision both
    allow: 2016 + two years = 2018; 2021 + two weeks = 2021-01-15/2022-01-14."""
    try:
        lo, hi = bounds(edtf)
    except ValueError:
        return None
    if lo is None or hi is None:
        return None
    sign = 1 if relation == "after" else -1
    try:
        a = shift(date.fromisoformat(lo), unit, sign * n)
        b = shift(date.fromisoformat(hi), unit, sign * n)
    except (OverflowError, ValueError):
        return None
    if a.year < 1:
        return None
    return _as_edtf(a, b)


def _as_edtf(a: date, b: date) -> str:
    """The shortest EDTF for the days a..b: a year, a month, a day, or an interval."""
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return f"{a.year:04d}"
    if a.day == 1 and (a.year, a.month) == (b.year, b.month) and _last_day(b):
        return f"{a.year:04d}-{a.month:02d}"
    if a == b:
        return a.isoformat()
    return f"{a.isoformat()}/{b.isoformat()}"


def _last_day(d: date) -> bool:
    from calendar import monthrange

    return d.day == monthrange(d.year, d.month)[1]

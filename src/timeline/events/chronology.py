"""A year-less entry of a chronology, between two entries of one year, takes that year.

    3 March 2019: An inspection finds cracks.
    Sept 25: The council approves an emergency budget.
    October 2019: The bridge closes to lorries.

Sept 25 is 2019-09-25, not the 25 September before publication. The tagger reads a
year-less date from the publication date, as TimeML does for news, and in prose that is
right: "the court set April 29 for the next hearing" sits between two mentions of a 1975
coup. So this layer changes the reading only for dates that open their line (after a
bullet), between the nearest such dates before and after it, when those two share a year
and the date fits between them in time.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from timeline.dates import bounds
from timeline.schema import Timex
from timeline.temporal.handlers import opens_line
from timeline.temporal.lexicon import lexicon

REACH = 600  # characters around a year-less date in which its neighbours are looked for
_YEAR_VALUE = re.compile(r"^(\d{4})(?:-\d\d(?:-\d\d)?)?$")
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _calendar_words() -> frozenset[str]:
    lex = lexicon()
    return frozenset([*lex["months"], *lex["weekdays"], "the", "of"])


def _yearless(t: Timex) -> bool:
    """A month or a day of a month named without a year ("Sept 25", "in October"),
    which the tagger dated from the publication date; not "last month"."""
    if t.anchoring != "dct" or t.type != "DATE" or not _YEAR_VALUE.match(t.value):
        return False
    if re.search(r"\d{3,}", t.text):
        return False
    words = [w.lower() for w in _WORD.findall(t.text)]
    months = lexicon()["months"]
    return any(w in months for w in words) and all(w in _calendar_words() for w in words)


def _written_out(t: Timex) -> bool:
    """A date whose year the text writes out."""
    return (
        t.anchoring == "absolute" and t.type == "DATE" and t.edtf is not None
        and _YEAR_VALUE.match(t.value) is not None and "/" not in t.edtf
    )


def between_years(timexes: list[Timex], text: str) -> list[Timex]:
    """The time expressions, with each year-less chronology entry between two entries of
    one year moved into that year."""
    entries = [t for t in timexes if opens_line(text, t.start)]
    explicit = [t for t in entries if _written_out(t)]
    if len(explicit) < 2:
        return timexes
    starts = [t.start for t in explicit]
    moved = {
        id(t): m for t in entries if _yearless(t) and (m := _moved(t, explicit, starts))
    }
    return [moved.get(id(t), t) for t in timexes]


def _moved(t: Timex, explicit: list[Timex], starts: list[int]) -> Timex | None:
    i = bisect_right(starts, t.start) - 1
    j = bisect_left(starts, t.end)
    if i < 0 or j >= len(explicit):
        return None
    before, after = explicit[i], explicit[j]
    if t.start - before.end > REACH or after.start - t.end > REACH:
        return None
    year = before.value[:4]
    if after.value[:4] != year or t.value[:4] == year:
        return None
    value = year + t.value[4:]
    try:
        lo, hi = bounds(value)
        first, last = bounds(before.value)[0], bounds(after.value)[1]
    except ValueError:
        return None
    if not (first and last and lo and hi and first <= lo and hi <= last):
        return None
    return t.model_copy(update={"value": value, "edtf": value, "anchoring": "inferred"})

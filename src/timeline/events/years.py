"""Missing years and missing publication dates, from the text's own dates.

"Wednesday, 19 December" names no year, but the weekday does: it is the year, near the
text's other years, in which 19 December is a Wednesday. Without a weekday, a year-less
date takes the nearest year the text writes out, before or after it. A document with no
publication date gets one inferred from its latest dated statement (a written-out day),
marked `published_source: inferred`, so that "last February" resolves; relative dates
counted from it are less sure (`INFERRED_DCT_FACTOR`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from timeline.documents import SourceDocument
from timeline.schema import Timex
from timeline.temporal.lexicon import lexicon

INFERRED_DCT_FACTOR = 0.7  # relative dates counted from an inferred publication date
YEAR_REACH = 6  # years around the text's own years a weekday may point to
_YEARLESS = re.compile(r"^XXXX-(\d\d)(?:-(\d\d))?$")
_YEAR = re.compile(r"^(\d{4})")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def _weekday(text: str) -> int | None:
    """ISO weekday (1-7) named in a date's words ("Wednesday, 19 December")."""
    days: dict[str, int] = lexicon()["weekdays"]
    for word in re.findall(r"[A-Za-z]+", text.lower()):
        if word in days:
            return days[word]
    return None


def _explicit_years(timexes: list[Timex]) -> list[tuple[int, int]]:
    """(position, year) of every year the text writes out."""
    out = []
    for t in timexes:
        m = _YEAR.match(t.value)
        if m and t.anchoring == "absolute" and t.type in ("DATE", "TIME"):
            out.append((t.start, int(m.group(1))))
    return out


def _valid(year: int, month: int, day: int | None) -> date | None:
    try:
        return date(year, month, day or 1)
    except ValueError:
        return None


def year_for(t: Timex, text: str, years: list[tuple[int, int]]) -> int | None:
    """The year of a year-less date, from its weekday and the text's years."""
    m = _YEARLESS.match(t.value)
    if m is None or not years:
        return None
    month, day = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    nearest = min(years, key=lambda py: abs(py[0] - t.start))[1]
    weekday = _weekday(text[max(0, t.start - 12) : t.end]) if day else None
    if weekday is None:
        return nearest if _valid(nearest, month, day) else None
    known = sorted({y for _, y in years})
    fits = [
        y
        for y in range(known[0] - YEAR_REACH, known[-1] + YEAR_REACH + 1)
        if 0 < y < 10000 and (d := _valid(y, month, day)) and d.isoweekday() == weekday
    ]
    if not fits:
        return None
    if t.start < min(p for p, _ in years):
        # before any year the text writes out: the lead tells the news, and what the
        # years tell is background ("opened in 1962 and was renovated in 2009")
        later = [y for y in fits if y >= known[-1]]
        if later:
            return min(later)
    return min(fits, key=lambda y: (min(abs(y - k) for k in known), abs(y - nearest)))


def fill_years(timexes: list[Timex], text: str) -> list[Timex]:
    """Year-less dates with the year the text and their weekday give them."""
    years = _explicit_years(timexes)
    out = []
    for t in timexes:
        year = year_for(t, text, years) if t.anchoring == "unresolved" else None
        if year is None:
            out.append(t)
            continue
        value = f"{year:04d}{t.value[4:]}"
        out.append(t.model_copy(update={"value": value, "edtf": value, "anchoring": "inferred"}))
    return out


def _looks_ahead(text: str, start: int) -> bool:
    """A date after a future cue in its clause ("will open on 12 May"): not yet happened,
    so no bound on when the text was written."""
    before = text[max(0, start - 60) : start].lower()
    clause = re.split(r"[.;!?]", before)[-1]
    words = " " + " ".join(re.findall(r"[a-z']+", clause)) + " "
    return any(f" {cue} " in words for cue in lexicon()["future_cues"])


class _Seen(NamedTuple):
    """What `infer_published` reads of a time expression: a tuple, not a `Timex` model
    (on a 50 MB text, the models of the whole text would cost over 200 MB)."""

    start: int
    end: int
    type: str
    value: str
    anchoring: str


def seen(text: str) -> list[_Seen]:
    """The time expressions `tag(text, None)` gives, with only the fields that
    `fill_years` and `infer_published` read: one pass over the whole text, as `tag`
    does, so that the last explicit year carries across it."""
    from timeline.temporal import find

    return [
        _Seen(f.start, f.end, f.type, f.value, f.anchoring if f.reading is None else "narrative")
        for f in find(text, None)
    ]


def _filled(found: list[_Seen], text: str) -> list[_Seen]:
    """`fill_years` on tuples: the same values."""
    years = _explicit_years(found)  # type: ignore[arg-type]
    out = []
    for t in found:
        year = year_for(t, text, years) if t.anchoring == "unresolved" else None  # type: ignore[arg-type]
        out.append(t if year is None else t._replace(value=f"{year:04d}{t.value[4:]}",
                                                     anchoring="inferred"))
    return out


def infer_published(source: SourceDocument) -> SourceDocument:
    """The document with a publication date inferred from its latest written-out day,
    when it has none of its own; unchanged otherwise."""
    if source.published is not None:
        return source
    text = source.text
    days = [
        t.value
        for t in _filled(seen(text), text)
        if t.type == "DATE"
        and _DAY.match(t.value)
        and not source.is_excluded(t.start, t.end)
        and not _looks_ahead(text, t.start)
    ]
    if not days:
        return source
    try:
        latest = date.fromisoformat(max(days))
    except ValueError:
        return source
    return replace(source, published=latest, published_source="inferred")

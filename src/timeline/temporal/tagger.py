"""`tag(text, dct)`: find and normalise every time expression of a text."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.dates import bounds, timex_to_edtf
from timeline.schema import Span, Timex
from timeline.temporal import calendar_math as cm
from timeline.temporal.engine import (
    RULE_INDEX,
    TABLE,
    Context,
    Found,
    Groups,
    candidate,
    rules_at,
    trigger_scan,
)
from timeline.temporal.handlers import HANDLERS
from timeline.temporal.lexicon import word_number
from timeline.temporal.phrases import attach


def _dispatch() -> list[tuple[Callable[[Context, Groups], object], dict[str, str]]]:
    missing = sorted({handler for _n, handler, _g in TABLE} - set(HANDLERS))
    if missing:
        raise LookupError(f"resources/rules.tsv names unknown handlers: {', '.join(missing)}")
    return [(HANDLERS[handler], names) for _name, handler, names in TABLE]


_DISPATCH = _dispatch()
_NARRATIVE_TYPES = ("DATE", "TIME")


def find(text: str, dct: date | None = None) -> list[Found]:
    """Recognised expressions in text order, without phrases or EDTF."""
    ctx = Context(text, dct)
    out: list[Found] = []
    pos = 0
    scan, triggers, core = trigger_scan(text)
    trigger = triggers.search
    while True:
        t = trigger(scan, pos)
        if t is None:
            break
        at = t.start()
        rules = rules_at(text, at)  # only the rules that can begin here, in their order
        # (the cheaper test first: most lead words begin no rule's text at all)
        m = rules.match(text, at) if rules is not None and candidate(scan, t, core) else None
        if m is None:
            pos = t.end()
            continue
        handler, names = _DISPATCH[RULE_INDEX[m.lastgroup or ""]]
        try:
            result = handler(ctx, Groups(m, names))
        except (ValueError, OverflowError):
            result = None  # calendar arithmetic beyond year 1 or 9999: not a usable date
        if result is None:
            pos = t.end()
            continue
        items = [_four_digit_year(f) for f in (result if isinstance(result, list) else [result])]
        if items:
            items[0] = _shifted(text, out, items[0])
        for f in items:
            out.append(f)
            _remember(ctx, f)
        pos = max(m.end(), items[-1].end) if items else m.end()
    return out


_SHORT_YEAR = re.compile(r"^(\d{1,3})(?=-)")


def _four_digit_year(f: Found) -> Found:
    """TIMEX3 and EDTF write years with four digits: year 71 is `0071-08`, not `71-08`.
    (A bare `19` or `200` stays: those name a century and a decade.)"""
    m = _SHORT_YEAR.match(f.value)
    if m is not None:
        f.value = m.group(1).zfill(4) + f.value[m.end() :]
    return f


# "the day before last Tuesday's hearing", "two days after Christmas": a day counted
# from a dated day that follows.
_DAYS_FROM = re.compile(
    r"\b(?:(?P<the>the)|(?P<num>[\w-]+))\s+days?\s+(?P<ba>before|after)\s+\Z", re.IGNORECASE)

_FOR_SPAN = re.compile(r"\b(?:for|within|over|lasted|last|took|spent)\s+\Z", re.IGNORECASE)


def _shifted(text: str, out: list[Found], f: Found) -> Found:
    if f.type != "DATE" or len(f.value) != 10 or "X" in f.value:
        return f
    m = _DAYS_FROM.search(text, max(0, f.start - 30), f.start)
    if m is None:
        return f
    n = 1 if m.group("the") else word_number(m.group("num"))
    if not n or n > 366 or _FOR_SPAN.search(text, max(0, m.start() - 12), m.start()):
        return f  # "rained for two days before Friday": a span that ends then
    while out and out[-1].end > m.start():
        out.pop()  # "the day" or "two days", read alone before the date was seen
    sign = -1 if m.group("ba").lower() == "before" else 1
    try:
        day = date.fromisoformat(f.value) + timedelta(days=sign * n)
    except (ValueError, OverflowError):  # before year 1 or after 9999
        return f
    return Found(m.start(), f.end, "DATE", day.isoformat(), None, f.anchoring)


def _remember(ctx: Context, f: Found) -> None:
    """Move the narrative time, the last explicit year and the last quarter named."""
    if f.type not in _NARRATIVE_TYPES or f.anchoring == "unresolved" or not f.narrative:
        return
    parsed = cm.parse_value(f.value[:10] if "T" in f.value else f.value)
    if parsed is None:
        return
    ctx.narrative = parsed
    ctx.narrative_end = f.end
    if f.anchoring == "absolute":
        ctx.last_year = parsed[0].year
        ctx.last_year_start = f.start
        ctx.last_year_end = f.end
    if parsed[1] == cm.QUARTER:
        ctx.last_quarter = (parsed[0], f.end)
    if parsed[1] in (cm.MONTH, cm.DAY):
        ctx.months[parsed[0].month] = (parsed[0].year, f.end)


def _edtf(f: Found, dct: date | None) -> str | None:
    if f.type not in _NARRATIVE_TYPES or "X" in f.value:
        return None
    try:
        return timex_to_edtf(f.value, f.mod, dct)
    except (ValueError, KeyError, OverflowError):
        return None


def tag(text: str, dct: date | None = None) -> list[Timex]:
    """Time expressions of `text` as TIMEX3, sorted by start and non-overlapping.

    `dct` is the publication (document creation) date that deictic expressions such
    as "yesterday" or "last month" resolve against; without it, year-less dates take
    the nearest preceding explicit year ("inferred") or stay unresolved.
    """
    timexes = [_timex(text, f, dct) for f in find(text, dct)]
    attach(text, timexes)
    return timexes


_EARLIER_LATER = re.compile(r"(?P<side>earlier|later)\s+this\b", re.I)


def _before_or_after_now(phrase: str, value: str, edtf: str, dct: date) -> str:
    """ "earlier this month" is the month up to the publication day, "later this year"
    the rest of the year after it (TimeML marks both as START/END of the period)."""
    m = _EARLIER_LATER.match(phrase)
    if m is None:
        return edtf
    try:
        lo, hi = bounds(timex_to_edtf(value, None, dct))
    except (ValueError, KeyError, OverflowError):
        return edtf
    if not lo or not hi or not lo <= dct.isoformat() <= hi:
        return edtf
    if m["side"].lower() == "earlier":
        last = (dct - timedelta(days=1)).isoformat()
        return f"{lo}/{last}" if last >= lo else edtf
    first = (dct + timedelta(days=1)).isoformat()
    return f"{first}/{hi}" if first <= hi else edtf


def _timex(text: str, f: Found, dct: date | None) -> Timex:
    """A found expression as a TIMEX3; a duration that names a day ("two days later")
    keeps its TimeML span and value, and its phrase carries the day."""
    t = Timex(start=f.start, end=f.end, text=text[f.start:f.end], type=f.type,  # type: ignore[arg-type]
              value=f.value, mod=f.mod, anchoring=f.anchoring,  # type: ignore[arg-type]
              edtf=_edtf(f, dct))
    if t.edtf and dct and f.mod in ("START", "END"):
        t.edtf = _before_or_after_now(t.text, f.value, t.edtf, dct)
    if f.reading is not None:
        t.edtf, t.anchoring = f.reading, "narrative"
        t.phrase = Span(start=f.start, end=f.reading_end, text=text[f.start:f.reading_end])
    return t

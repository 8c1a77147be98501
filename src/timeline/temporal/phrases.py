"""Signal words around time expressions: open intervals and ranges.

"since 2003" keeps the TIMEX3 "2003" but gets phrase "since 2003" and EDTF
"2003/.."; "from 2003 to 2012" and "2009-2010" give both timexes the phrase
and EDTF "2003/2012". The TIMEX3 spans stay as TimeML annotates them.
"""

from __future__ import annotations

import re

from timeline.dates import EDTFError, bounds, interval
from timeline.schema import Span, Timex

# signal -> which end of the interval the expression fixes
_OPEN_START = "start"  # "since X": X/..
_OPEN_END = "end"  # "by X": ../X
_SIGNALS = {
    "since": _OPEN_START, "starting": _OPEN_START, "starting in": _OPEN_START,
    "starting on": _OPEN_START, "beginning in": _OPEN_START, "after": _OPEN_START,
    "as of": _OPEN_START, "ever since": _OPEN_START, "no earlier than": _OPEN_START,
    "not earlier than": _OPEN_START, "no sooner than": _OPEN_START,
    "by": _OPEN_END, "until": _OPEN_END, "till": _OPEN_END, "up to": _OPEN_END,
    "through": _OPEN_END, "no later than": _OPEN_END, "not later than": _OPEN_END,
    "before": _OPEN_END, "prior to": _OPEN_END, "ahead of": _OPEN_END, "not until": _OPEN_END,
    "by the end of": _OPEN_END,
}
_SIGNAL_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted((re.escape(s).replace(r"\ ", r"\s+") for s in _SIGNALS),
                                   key=len, reverse=True)) + r")\s+\Z",
    re.IGNORECASE,
)
_RANGE_OPENER = re.compile(r"(?<!\w)(from|between)\s+\Z", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s*(?:to|until|till|through|thru|and|[-–—]|to\s+the)\s*", re.IGNORECASE)


def _ends(t: Timex) -> tuple[str, str] | None:
    """The first and last EDTF dates covered by a timex's own reading."""
    e = t.edtf
    if not e or t.type not in ("DATE", "TIME"):
        return None
    if "/" in e:
        left, _, right = e.partition("/")
        if left == ".." or right == "..":
            return None
        return left, right
    return e, e


def _valid(edtf: str) -> bool:
    try:
        bounds(edtf)
    except (EDTFError, OverflowError):
        return False
    return True


def attach(text: str, timexes: list[Timex]) -> None:
    """Set `phrase` and the interval `edtf` of timexes that signal words qualify."""
    i = 0
    while i < len(timexes):
        t = timexes[i]
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        if nxt is not None and _range(text, t, nxt):
            i += 2
            continue
        _open(text, t)
        i += 1


def _range(text: str, a: Timex, b: Timex) -> bool:
    between = text[a.end:b.start]
    if len(between) > 12 or not _CONNECTOR.fullmatch(between):
        return False
    opener = _RANGE_OPENER.search(text, max(0, a.start - 12), a.start)
    word = between.strip().lower()
    if word == "and" and not (opener and opener.group(1).lower() == "between"):
        return False
    if word not in ("-", "–", "—", "and") and opener is None and word != "to" \
            and word not in ("through", "until", "till", "thru"):
        return False
    ea, eb = _ends(a), _ends(b)
    if ea is None or eb is None:
        return False
    edtf = interval(ea[0], eb[1])
    if not _valid(edtf):
        return False
    start = opener.start() if opener else a.start
    phrase = Span(start=start, end=b.end, text=text[start:b.end])
    for t in (a, b):
        t.phrase = phrase
        t.edtf = edtf
    return True


def _open(text: str, t: Timex) -> None:
    m = _SIGNAL_BEFORE.search(text, max(0, t.start - 20), t.start)
    if not m:
        return
    ends = _ends(t)
    if ends is None:
        return
    kind = _SIGNALS[" ".join(m.group(1).lower().split())]
    edtf = interval(ends[0], None) if kind == _OPEN_START else interval(None, ends[1])
    if not _valid(edtf):
        return
    t.phrase = Span(start=m.start(), end=t.end, text=text[m.start():t.end])
    t.edtf = edtf

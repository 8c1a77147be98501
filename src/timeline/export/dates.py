"""EDTF dates as calendar parts: the precision a date was written with, and its words.

"1998" is a year, "1998-06" a month, "199X" a decade; exports keep that precision
instead of pretending every event happened on a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_SINGLE = re.compile(
    r"^(?P<y>-?\d{4}|\d{3}X|\d{2}XX)(?:-(?P<m>\d{2}))?(?:-(?P<d>\d{2}))?(?P<q>[?~%])?$"
)
# EDTF season codes: name, first and last month (northern hemisphere, as timeline.dates)
_SEASONS = {"21": ("spring", 3, 5), "22": ("summer", 6, 8), "23": ("autumn", 9, 11),
            "24": ("winter", 12, 2)}
_MONTHS = calendar.month_name[1:]
_QUALIFIER = {"~": "about {}", "?": "{} (uncertain)", "%": "about {} (uncertain)"}


@dataclass(frozen=True)
class Parts:
    """Year, month and day as far as the date is precise; `label` reads it aloud."""

    year: int
    month: int | None = None
    day: int | None = None
    label: str = ""
    exact: bool = True  # False: approximate, uncertain, a decade or a season


def _single(value: str) -> tuple[Parts, Parts] | None:
    """(first, last) parts of one EDTF date, or None when it is not a plain date."""
    m = _SINGLE.match(value)
    if not m:
        return None
    y, mo, d, q = m.group("y"), m.group("m"), m.group("d"), m.group("q")
    if "X" in y:
        lo, hi = int(y.replace("X", "0")), int(y.replace("X", "9"))
        label = f"{lo}s"
        return Parts(lo, label=label, exact=False), Parts(hi, label=label, exact=False)
    year = int(y)
    if mo in _SEASONS and d is None:
        name, first, last = _SEASONS[mo]
        label = f"{name} {year}"
        end_year = year + 1 if last < first else year
        return Parts(year, first, label=label, exact=False), Parts(
            end_year, last, label=label, exact=False
        )
    if mo is not None and not 1 <= int(mo) <= 12:
        return None
    month = int(mo) if mo else None
    day = int(d) if d else None
    if month and day:
        try:
            date(year, month, day)
        except ValueError:
            return None
    label = " ".join(p for p in (str(day) if day else "", _MONTHS[month - 1] if month else "",
                                 str(year)) if p)
    if q:
        label = _QUALIFIER[q].format(label)
    parts = Parts(year, month, day, label, exact=q is None)
    return parts, parts


def date_parts(value: str) -> tuple[Parts | None, Parts | None, str] | None:
    """(start, end, words) of an EDTF date or interval; None ends are open.

    None when the value is not a shape exports know (then they use earliest/latest).
    """
    if "/" in value:
        left, _, right = value.partition("/")
        a = None if left in ("", "..") else _single(left)
        b = None if right in ("", "..") else _single(right)
        if (left not in ("", "..") and a is None) or (right not in ("", "..") and b is None):
            return None
        start, end = (a[0] if a else None), (b[1] if b else None)
        if start is None and end is None:
            return None
        if start is None:
            return None, end, f"until {end.label}"  # type: ignore[union-attr]
        if end is None:
            return start, None, f"since {start.label}"
        return start, end, f"{start.label} to {end.label}"
    found = _single(value)
    if found is None:
        return None
    first, last = found
    return first, (last if last != first else None), first.label


def from_iso(day: str) -> Parts:
    d = date.fromisoformat(day)
    return Parts(d.year, d.month, d.day, f"{d.day} {_MONTHS[d.month - 1]} {d.year}")


def day_precise(value: str) -> tuple[date, date] | None:
    """First and last day of a date written to the day (or an interval of such days)."""
    found = date_parts(value)
    if found is None:
        return None
    start, end, _ = found
    end = end or start
    if start is None or end is None or not (start.day and end.day and start.exact and end.exact):
        return None
    return date(start.year, start.month or 1, start.day), date(end.year, end.month or 1, end.day)

"""Calendar arithmetic at TIMEX3 granularities (day, week, month, quarter, year...)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Granularity codes, finest first.
DAY, WEEK, MONTH, QUARTER, HALF, YEAR, DECADE, CENTURY = "D", "W", "M", "Q", "H", "Y", "DE", "CE"


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    if y < 1 or y > 9999:
        raise OverflowError("year out of range")
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(d: date, unit: str, n: int) -> date:
    """`d` moved by `n` units; unit is a granularity code."""
    if unit == DAY:
        return d + timedelta(days=n)
    if unit == WEEK:
        return d + timedelta(weeks=n)
    if unit == MONTH:
        return add_months(d, n)
    if unit == QUARTER:
        return add_months(d, 3 * n)
    if unit == HALF:
        return add_months(d, 6 * n)
    if unit == YEAR:
        return add_months(d, 12 * n)
    if unit == DECADE:
        return add_months(d, 120 * n)
    if unit == CENTURY:
        return add_months(d, 1200 * n)
    raise ValueError(f"unknown unit {unit!r}")


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def value_at(d: date, granularity: str) -> str:
    """TIMEX3 value naming the `granularity`-sized period that contains `d`."""
    if granularity == DAY:
        return d.isoformat()
    if granularity == WEEK:
        return week_value(d)
    if granularity == MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == QUARTER:
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if granularity == HALF:
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if granularity == YEAR:
        return f"{d.year:04d}"
    if granularity == DECADE:
        return f"{d.year // 10:03d}"
    if granularity == CENTURY:
        return f"{d.year // 100:02d}"
    raise ValueError(f"unknown granularity {granularity!r}")


def weekday_near(ref: date, weekday: int, direction: int) -> date:
    """The `weekday` (1=Monday) on or before `ref` (direction -1) or on or after it (+1)."""
    diff = weekday - ref.isoweekday()
    if direction < 0:
        return ref + timedelta(days=diff if diff <= 0 else diff - 7)
    return ref + timedelta(days=diff if diff >= 0 else diff + 7)


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` of a month (n=-1: the last one); n=0 means the Tuesday
    after the first Monday (election day)."""
    if n == 0:
        first_monday = nth_weekday(year, month, 1, 1)
        return first_monday + timedelta(days=1)
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return weekday_near(last, weekday, -1)
    first = weekday_near(date(year, month, 1), weekday, +1)
    return first + timedelta(weeks=n - 1)


def parse_value(value: str) -> tuple[date, str] | None:
    """A reference point and granularity from a resolved TIMEX3 value, for narrative time."""
    v = value
    try:
        if len(v) >= 10 and v[4] == "-" and v[7] == "-" and v[:4].isdigit() and v[5:7].isdigit() \
                and v[8:10].isdigit():
            return date(int(v[:4]), int(v[5:7]), int(v[8:10])), DAY
        if len(v) == 8 and v[5] == "W" and v[:4].isdigit() and v[6:].isdigit():
            return date.fromisocalendar(int(v[:4]), int(v[6:]), 1), WEEK
        if len(v) == 7 and v[4] == "-" and v[:4].isdigit():
            if v[5:].isdigit():
                return date(int(v[:4]), int(v[5:]), 1), MONTH
            if v[5] == "Q" and v[6] in "1234":
                return date(int(v[:4]), 3 * int(v[6]) - 2, 1), QUARTER
            if v[5] == "H" and v[6] in "12":
                return date(int(v[:4]), 1 if v[6] == "1" else 7, 1), HALF
        if len(v) == 4 and v.isdigit() and int(v) > 0:
            return date(int(v), 1, 1), YEAR
    except ValueError:
        return None
    return None

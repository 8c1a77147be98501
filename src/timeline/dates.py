"""EDTF dates: validation, bounds, and conversion from TIMEX3 values.

Events carry an EDTF (level 1) `date` because people edit it by hand and EDTF is
the archives' notation for approximate, uncertain and open dates. `earliest` and
`latest` are always derived from it here, never stored independently.

The common shapes (years, months, days, decades, seasons, intervals of those) are
computed by a small fast path; anything else is handed to the `edtf` package, which
is the reference parser.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

_QUAL = r"[~?%]?"
_FAST = re.compile(
    rf"^(?P<y>\d{{4}}|\d{{3}}X|\d{{2}}XX){_QUAL}"
    rf"(?:-(?P<m>\d{{2}}|XX){_QUAL}(?:-(?P<d>\d{{2}}|XX){_QUAL})?)?$"
)
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}  # northern hemisphere


class EDTFError(ValueError):
    """A date string that is not valid EDTF level 0/1, with what was expected."""


EXPECTED = (
    "an EDTF date such as 1979, 2018-09, 2018-09-25, 199X, 2019-06~, 2000/2003, 2003/.. or ../2019"
)


def _iso(d: date) -> str:
    return d.isoformat()


def _fast_bounds(s: str) -> tuple[date, date] | None:
    m = _FAST.match(s)
    if not m:
        return None
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    lo_y, hi_y = int(y.replace("X", "0")), int(y.replace("X", "9"))
    if lo_y == 0:
        return None
    if mo is None or mo == "XX":
        if mo == "XX" and d not in (None, "XX"):
            return None
        return date(lo_y, 1, 1), date(hi_y, 12, 31)
    month = int(mo)
    if 21 <= month <= 24 and d is None and "X" not in y:
        first, last = _SEASONS[month]
        end_year = lo_y + 1 if month == 24 else lo_y
        if end_year > 9999:
            return None
        return (
            date(lo_y, first, 1),
            date(end_year, last, calendar.monthrange(end_year, last)[1]),
        )
    if not 1 <= month <= 12 or "X" in y:
        return None
    if d is None or d == "XX":
        return date(lo_y, month, 1), date(lo_y, month, calendar.monthrange(lo_y, month)[1])
    day = int(d)
    try:
        one = date(lo_y, month, day)
    except ValueError:
        return None
    return one, one


@lru_cache(maxsize=4096)
def _single_bounds(s: str) -> tuple[date, date]:
    fast = _fast_bounds(s)
    if fast is not None:
        return fast
    import edtf  # the reference parser, only for shapes the fast path does not know

    try:
        parsed = edtf.parse_edtf(s)
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
        return date(lo.tm_year, lo.tm_mon, lo.tm_mday), date(hi.tm_year, hi.tm_mon, hi.tm_mday)
    except Exception as exc:  # edtf raises several unrelated types
        raise EDTFError(f"{s!r} is not a valid date: expected {EXPECTED}") from exc


@lru_cache(maxsize=16384)
def bounds(value: str) -> tuple[str | None, str | None]:
    """Return (earliest, latest) ISO days for an EDTF string; None marks an open end.

    Raises EDTFError with a message a user can act on.
    """
    s = value.strip() if isinstance(value, str) else value
    if not isinstance(s, str) or not s:
        raise EDTFError(f"{value!r} is not a valid date: expected {EXPECTED}")
    if "/" in s:
        left, _, right = s.partition("/")
        if "/" in right:
            raise EDTFError(f"{value!r} has more than one '/': expected {EXPECTED}")
        lo = None if left in ("..", "") else _single_bounds(left)[0]
        hi = None if right in ("..", "") else _single_bounds(right)[1]
        if lo is None and hi is None:
            raise EDTFError(f"{value!r} is open at both ends: expected {EXPECTED}")
        if lo is not None and hi is not None and lo > hi:
            raise EDTFError(f"{value!r} starts after it ends")
        return (_iso(lo) if lo else None), (_iso(hi) if hi else None)
    lo, hi = _single_bounds(s)
    return _iso(lo), _iso(hi)


def is_valid(value: str) -> bool:
    try:
        bounds(value)
    except EDTFError:
        return False
    return True


def interval(start: str | None, end: str | None) -> str:
    """EDTF interval from two EDTF dates; None marks an open end ("since 2003")."""
    return f"{start or '..'}/{end or '..'}"


def _week_interval(year: int, week: int) -> str | None:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return interval(_iso(monday), _iso(monday + timedelta(days=6)))


def _part_of(base: str, part: str) -> str | None:
    """EARLY/MID/LATE parts of a decade, year or month as an EDTF interval."""
    lo, hi = _single_bounds(base)
    if re.fullmatch(r"\d{3}X", base):  # decade: early 2000s = 2000/2003
        y = lo.year
        spans = {"EARLY": (0, 3), "MID": (3, 7), "LATE": (7, 9)}
        a, b = spans[part]
        return interval(f"{y + a:04d}", f"{y + b:04d}")
    if re.fullmatch(r"\d{2}XX", base):  # century
        y = lo.year
        spans = {"EARLY": (0, 33), "MID": (33, 66), "LATE": (66, 99)}
        a, b = spans[part]
        return interval(f"{y + a:04d}", f"{y + b:04d}")
    if re.fullmatch(r"\d{4}", base):
        y = lo.year
        spans = {"EARLY": (1, 4), "MID": (5, 8), "LATE": (9, 12)}
        a, b = spans[part]
        return interval(f"{y:04d}-{a:02d}", f"{y:04d}-{b:02d}")
    if m := re.fullmatch(r"(\d{4})-(2[1-4])", base):  # a season: early fall = Sep/Oct
        return _part_of_season(int(m.group(1)), int(m.group(2)), part)
    if re.fullmatch(r"\d{4}-\d{2}", base):
        last = hi.day
        spans = {"EARLY": (1, 10), "MID": (11, 20), "LATE": (21, last)}
        a, b = spans[part]
        return interval(f"{base}-{a:02d}", f"{base}-{b:02d}")
    return None


def _part_of_season(year: int, season: int, part: str) -> str | None:
    """Early/mid/late season as months: early = first two, mid = the middle one (about),
    late = last two. A season is not a month, so `2018-23` cannot take days."""
    first, _ = _SEASONS[season]
    if year + (first + 1) // 12 > 9999:
        return None
    months = [date(year + (first + i - 1) // 12, (first + i - 1) % 12 + 1, 1) for i in range(3)]
    ym = [f"{d.year:04d}-{d.month:02d}" for d in months]
    if part == "MID":
        return ym[1] + "~"
    return interval(ym[0], ym[1]) if part == "EARLY" else interval(ym[1], ym[2])


_TIMEX_SEASON = {"SP": 21, "SU": 22, "FA": 23, "AU": 23, "WI": 24}
_TIMEX_QUARTER = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_TIMEX_HALF = {"H1": (1, 6), "H2": (7, 12)}
_MOD_PART = {"EARLY": "EARLY", "START": "EARLY", "MID": "MID", "LATE": "LATE", "END": "LATE"}


def timex_to_edtf(value: str, mod: str | None = None, dct: date | None = None) -> str | None:
    """EDTF reading of a TIMEX3 DATE/TIME value, or None if it names no calendar date.

    `200` (the 2000s) -> `200X`; `2018-W11` -> its Monday/Sunday interval;
    `2018-Q1` -> `2018-01/2018-03`; mod EARLY on `200` -> `2000/2003`;
    mod APPROX -> `~`; BEFORE/AFTER -> open intervals.
    """
    v = value.strip()
    if v == "PRESENT_REF":
        return dct.isoformat() if dct else None
    base: str | None = None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", v):
        base = v[:10]
    elif re.fullmatch(r"\d{4}(-\d{2})?", v):
        base = v
    elif re.fullmatch(r"\d{3}", v):
        base = v + "X"
    elif re.fullmatch(r"\d{2}", v):
        base = v + "XX"
    elif m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v):
        base = f"{m.group(1)}-{_TIMEX_SEASON[m.group(2)]}"
    elif m := re.fullmatch(r"(\d{4})-(Q[1-4]|H[12])", v):
        a, b = {**_TIMEX_QUARTER, **_TIMEX_HALF}[m.group(2)]
        return interval(f"{m.group(1)}-{a:02d}", f"{m.group(1)}-{b:02d}")
    elif m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
        year, week = int(m.group(1)), int(m.group(2))
        if m.group(3):
            try:
                sat = date.fromisocalendar(year, week, 6)
            except ValueError:
                return None
            return interval(_iso(sat), _iso(sat + timedelta(days=1)))
        return _week_interval(year, week)
    if base is None:
        return None
    try:
        _single_bounds(base)
    except EDTFError:
        return None
    if mod in _MOD_PART:
        return _part_of(base, _MOD_PART[mod]) or base
    if mod == "APPROX":
        return base + "~"
    if mod in ("BEFORE", "ON_OR_BEFORE"):
        return interval(None, base)
    if mod in ("AFTER", "ON_OR_AFTER"):
        return interval(base, None)
    return base

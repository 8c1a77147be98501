"""Normalisation of rule matches into TIMEX3 values.

One function per handler name in `resources/rules.tsv`. A handler returns the
expression(s) it recognised, or None to reject the match (e.g. "may" as a verb,
"2000 people" as a count). Relative expressions resolve against the publication
date (anchoring "dct") or the narrative time of earlier text ("narrative"); news
defaults to the past unless the clause has a future cue, as HeidelTime does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.temporal import calendar_math as cm
from timeline.temporal.engine import Context, Found, Groups
from timeline.temporal.lexicon import lexicon, word_number
from timeline.words import word_trie

LEX = lexicon()
MONTHS: dict[str, int] = LEX["months"]
AMBIGUOUS_MONTHS = set(LEX["ambiguous_months"])
MONTHS_FULL = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"}
WEEKDAYS: dict[str, int] = {**LEX["weekdays"], **LEX["weekday_abbreviations"]}
SEASONS: dict[str, str] = LEX["seasons"]
POD: dict[str, str] = LEX["parts_of_day"]
PART_MODS: dict[str, str] = {**LEX["part_mods"], "earlier": "START", "later": "END",
                             "turn": "START"}
QMODS: dict[str, str] = LEX["quantity_mods"]
UNITS: dict[str, str] = LEX["units"]
UNIT_PLURALS: dict[str, str] = LEX["unit_plurals"]
ORDINALS: dict[str, int] = LEX["ordinals"]
HOLIDAYS: dict[str, str] = LEX["holidays"]
NTH_HOLIDAYS: dict[str, list[int]] = LEX["nth_weekday_holidays"]
EASTER_HOLIDAYS: dict[str, int] = LEX["easter_holidays"]
REFERENCES: dict[str, str] = LEX["reference_words"]
SET_ADVERBS: dict[str, str] = LEX["set_adverbs"]
COUNT_NOUNS = set(LEX["count_nouns"])
# "later than 2021" compares times: "than" before it does not make 2021 a quantity.
TIME_COMPARATIVES = set(LEX["time_comparatives"])
# Words before a number that make it a quantity, not a year.
QUANTIFIERS = {"about", "some", "nearly", "almost", "approximately", "around", "than", "over",
               "under", "only", "just", "roughly", "least", "estimated", "additional", "another",
               "all", "those", "these", "$", "£", "€", "us", "no", "number", "total"}
# Words before a bare month or season that make it temporal.
TEMPORAL_PREPS = {"in", "since", "by", "until", "till", "through", "during", "from", "to", "of",
                  "before", "after", "early", "late", "mid", "last", "next", "this", "and", "or",
                  "between", "on", "for", "throughout", "into", "around", "about", "each",
                  "every", "that", "the", "past", "coming", "cold", "hot", "as"}
# Words before "a week", "a year"... that make it a duration rather than a rate.
DURATION_CONTEXT = {"for", "within", "in", "about", "than", "after", "nearly", "almost", "over",
                    "under", "least", "only", "just", "past", "last", "of", "to", "take", "took",
                    "takes", "spent", "spend", "lasted", "lasting", "around",
                    "roughly", "barely", "once", "twice", "another", "half", "during", "by",
                    "before", "until", "up", "some", "more", "less", "extra", "full", "entire",
                    "whole", "first", "next", "all", "throughout", "from"}
FUNCTION_WORDS = {"and", "or", "to", "in", "on", "at", "for", "since", "by", "from", "until",
                  "with", "over", "through", "the", "a", "an", "as", "but", "than", "because",
                  "is", "are", "was", "were", "be", "been", "will", "would", "basis",
                  "outside", "inside", "near", "around", "across", "along", "throughout"}
MODALS = {"may", "might", "can", "could", "will", "would", "shall", "should", "must", "to"}
# Quantity words that TimeBank and AQUAINT mostly leave out of the span ("about [two weeks]").
OUTSIDE_QMODS = {"about"}
# Nouns after which "current" is a fixed economic or physical term, not the present.
NOT_CURRENT = {"account", "accounts", "affairs", "assets", "liabilities", "flow", "flows",
               "density", "source", "sources", "ratio", "events"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# Granularity code of a unit word's normalised form.
GRAN = {"D": cm.DAY, "W": cm.WEEK, "M": cm.MONTH, "Q": cm.QUARTER, "Y": cm.YEAR,
        "DE": cm.DECADE, "CE": cm.CENTURY, "WE": cm.WEEK, "2W": cm.WEEK}

Result = Found | list[Found] | None
# A clock time without a day ("at 10 p.m.") belongs to the last day the story named
# within about three sentences; beyond that, to the publication date.
CLOCK_DAY_REACH = 400  # characters
MONTH_REPEAT_REACH = 800  # characters
SAME_YEAR_REACH = 150  # characters from an explicit year to a year-less date after it
PRESENT_PENALTY = 120  # days; tuned on the TimeBank development files only


def _unit_code(word: str) -> str:
    w = word.lower()
    w = UNIT_PLURALS.get(w, w)
    return UNITS[w]


def _is_time_unit(word: str) -> bool:
    return UNIT_PLURALS.get(word.lower(), word.lower()) in ("second", "sec", "minute", "min",
                                                            "hour", "hr")


def _part(g: Groups) -> str | None:
    p = g.get("part") or g.get("part2")
    return PART_MODS.get(p.lower()) if p else None


def _dct_anchor(ctx: Context) -> str:
    return "dct" if ctx.dct else "unresolved"


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(ctx: Context, g: Groups, month: int, day: int | None) -> tuple[str, str] | None:
    """Year of a year-less month (and day): from the publication date preferring the
    past (future if the clause has a future cue), else the last explicit year."""
    if ctx.last_year is not None and ctx.last_year_end > g.start - SAME_YEAR_REACH \
            and ctx.opens_sentence(ctx.last_year_start) \
            and ctx.same_sentence(ctx.last_year_end, g.start) \
            and (ctx.dct is None or ctx.last_year > ctx.dct.year or (
                ctx.last_year < ctx.dct.year and ctx.tense(g.start, g.end) != "future")):
        # "In 1998, prices rose in February": a year that opens the sentence frames it.
        return f"{ctx.last_year:04d}", "narrative"
    if ctx.dct is None:
        if ctx.last_year is not None:
            return f"{ctx.last_year:04d}", "inferred"
        return None
    dct = ctx.dct
    tense = ctx.tense(g.start, g.end)
    past_only = ctx.word_before(g.start) in ("since", "ago")
    # "Friday, Oct. 23": the year in which that day is a Friday, when one is near.
    named = (g.get("wd") or g.get("wda") or "").lower().rstrip(".")
    weekday = WEEKDAYS.get(named) if day is not None else None
    best: tuple[float, int] | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        probe = _safe_date(year, month, day or 15) or date(year, month, 28)
        days = (probe - dct).days
        if past_only and days > 0:
            continue
        # News reports the past: a date more than a month ahead of publication costs
        # extra unless the clause speaks of the future, and more in the past tense. A
        # future clause ("a mission in December") takes the coming occurrence: its
        # penalty for a past date outweighs any distance within the year.
        cost = float(abs(days))
        if days > 31 and tense != "future":
            cost += 240 if tense == "past" else PRESENT_PENALTY
        elif days < -31 and tense == "future":
            cost += 400
        if weekday is not None and probe.isoweekday() != weekday:
            cost += 1000
        if best is None or cost < best[0]:
            best = (cost, year)
    assert best is not None
    return f"{best[1]:04d}", "dct"


def _skip_space(ctx: Context, pos: int) -> int:
    while pos < len(ctx.text) and ctx.text[pos].isspace():
        pos += 1
    return pos


def _timex(value: str, pod: str | None, typ: str = "DATE") -> tuple[str, str]:
    if pod:
        return "TIME", f"{value}T{POD[pod.lower()]}"
    return typ, value


# --- calendar dates -------------------------------------------------------------------


def iso(ctx: Context, g: Groups) -> Result:
    y, m, d = int(g.get("y") or 0), int(g.get("m") or 0), int(g.get("d") or 0)
    if _safe_date(y, m, d) is None:
        return None
    value = f"{y:04d}-{m:02d}-{d:02d}"
    if g.get("h"):
        value += f"T{g.get('h')}:{g.get('mi')}" + (f":{g.get('s')}" if g.get("s") else "")
        return Found(g.start, g.end, "TIME", value)
    return Found(g.start, g.end, "DATE", value)


def slash(ctx: Context, g: Groups) -> Result:
    a, b, ys = int(g.get("a") or 0), int(g.get("b") or 0), g.get("y") or ""
    y = int(ys)
    if len(ys) == 2:
        pivot = (ctx.dct.year % 100 + 10) if ctx.dct else 30
        y += 2000 if y <= pivot else 1900
    month, day = (a, b) if a <= 12 else (b, a)
    if _safe_date(y, month, day) is None:
        return None
    return Found(g.start, g.end, "DATE", f"{y:04d}-{month:02d}-{day:02d}")


_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•–—]|\d{1,3}[.)])?[ \t]*$")


def opens_line(text: str, start: int) -> bool:
    """Whether `text[start:]` is the first thing on its line, after an optional bullet or
    item number (an entry of a chronology or a list)."""
    return _LINE_START.search(text, max(0, start - 12), start) is not None


def _heads_an_entry(text: str, start: int, end: int) -> bool:
    """ "June: Repairs are ordered." opening a line: a chronology entry, not a name."""
    return text.startswith(":", end) and opens_line(text, start)


def _month_ok(ctx: Context, g: Groups, word: str, alone: bool) -> bool:
    """Reject "may"/"march" as verbs and "August" as a name."""
    w = word.rstrip(".")
    if w.islower():
        return False
    if not alone:
        return True
    ambiguous = w.lower() in AMBIGUOUS_MONTHS or (len(w) <= 4 and not word.endswith("."))
    prev = ctx.word_before(g.start)
    nxt = ctx.word_after(g.end)
    if len(w) <= 4 and not word.endswith(".") and w.lower() not in MONTHS_FULL \
            and nxt[:1].isupper():
        return False  # a clipped month before a capitalised word is a name: "Jan Kavan"
    if nxt.lower() == "of" and prev in ("the", "a", ""):
        return False  # "the March of the Mothers", "a May of promise": a noun, not a month
    if prev in TEMPORAL_PREPS or _heads_an_entry(ctx.text, g.start, g.end):
        return True
    if ambiguous:
        return False
    # "April Ryan": a capitalised word after the month makes it a name.
    return not (nxt[:1].isupper() and not w.isupper())


def month_day(ctx: Context, g: Groups) -> Result:
    mon = g.get("mon") or ""
    if not _month_ok(ctx, g, mon, alone=False):
        return None
    month, day = _month_num(mon), int(g.get("d") or 0)
    ys = g.get("y")
    if ys:
        if _safe_date(int(ys), month, day) is None:
            return None
        return Found(g.start, g.end, "DATE", f"{ys}-{month:02d}-{day:02d}")
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: Feb 29 allowed
        return None
    resolved = _year_for(ctx, g, month, day)
    if resolved is None:
        return Found(g.start, g.end, "DATE", f"XXXX-{month:02d}-{day:02d}", None, "unresolved")
    year, how = resolved
    return Found(g.start, g.end, "DATE", f"{year}-{month:02d}-{day:02d}", None, how)


def week_of(ctx: Context, g: Groups) -> Result:
    """"the week of March 6": the (ISO) week that contains the day named."""
    day = month_day(ctx, g)
    if not isinstance(day, Found):
        return None
    parsed = cm.parse_value(day.value)
    if parsed is None:  # year unknown: "XXXX-03-06" has no week number
        return Found(g.start, g.end, "DATE", "XXXX-WXX", None, "unresolved")
    return Found(g.start, g.end, "DATE", cm.week_value(parsed[0]), None, day.anchoring)


def month_day_range(ctx: Context, g: Groups) -> Result:
    """"June 7-14": TimeML-style two dates ("June 7", "14"); the phrase pass reads the
    range as one interval."""
    mon = g.get("mon") or ""
    d1, d2 = int(g.get("d") or 0), int(g.get("d2") or 0)
    if not _month_ok(ctx, g, mon, alone=False) or d2 <= d1:
        return None
    month = _month_num(mon)
    ys = g.get("y")
    if ys:
        year, how = ys, "absolute"
    else:
        resolved = _year_for(ctx, g, month, d1)
        year, how = resolved if resolved else ("XXXX", "unresolved")
    if _safe_date(int(ys or 2000), month, d2) is None:
        return None
    first_end = g.span("d")[1]
    second_start = g.span("d2")[0]
    return [Found(g.start, first_end, "DATE", f"{year}-{month:02d}-{d1:02d}", None, how),
            Found(second_start, g.end, "DATE", f"{year}-{month:02d}-{d2:02d}", None, how)]


def month_year(ctx: Context, g: Groups) -> Result:
    mon = g.get("mon") or ""
    if not _month_ok(ctx, g, mon, alone=False):
        return None
    ys = g.get("y") or ""
    return Found(g.start, g.end, "DATE", f"{ys}-{_month_num(mon):02d}", _part(g))


def month(ctx: Context, g: Groups) -> Result:
    mon = g.get("mon") or ""
    if not _month_ok(ctx, g, mon, alone=_part(g) is None):
        return None
    m = _month_num(mon)
    seen = ctx.months.get(m)
    if seen is not None and g.start - seen[1] < MONTH_REPEAT_REACH \
            and ctx.tense(g.start, g.end) is None:
        # "...expected to join in April. They can plan the summit in April": a month
        # named again, with no tense of its own, is the same month.
        return Found(g.start, g.end, "DATE", f"{seen[0]:04d}-{m:02d}", _part(g), "narrative")
    resolved = _year_for(ctx, g, m, None)
    if resolved is None:
        return Found(g.start, g.end, "DATE", f"XXXX-{m:02d}", _part(g), "unresolved")
    year, how = resolved
    return Found(g.start, g.end, "DATE", f"{year}-{m:02d}", _part(g), how)


def rel_month(ctx: Context, g: Groups) -> Result:
    mon = g.get("mon") or ""
    if mon.rstrip(".").islower():
        return None
    m = _month_num(mon)
    rel = " ".join((g.get("rel") or "").lower().split())
    if ctx.dct is None:
        return Found(g.start, g.end, "DATE", f"XXXX-{m:02d}", None, "unresolved")
    y = ctx.dct.year
    if rel in ("last", "past", "previous"):
        y = y if m < ctx.dct.month else y - 1
    elif rel in ("next", "coming"):
        y = y if m > ctx.dct.month else y + 1
    return Found(g.start, g.end, "DATE", f"{y:04d}-{m:02d}", None, "dct")


def _compares_times(ctx: Context, start: int, prev: str) -> bool:
    """ "no later than 2021": the year is compared with a time, not counted."""
    if prev != "than":
        return False
    than = ctx.text.rfind("than", max(0, start - 30), start)
    return than >= 0 and ctx.word_before(than) in TIME_COMPARATIVES


def _year_ok(ctx: Context, g: Groups, y: int) -> bool:
    """A four-digit number is a year unless its neighbours make it a count."""
    prev = ctx.word_before(g.start)
    nxt = ctx.word_after(g.end).lower()
    if (prev in QUANTIFIERS and not _compares_times(ctx, g.start, prev)) or nxt in COUNT_NOUNS:
        return False
    if nxt in ("percent", "%", "pct", "million", "billion", "thousand"):
        return False
    if y < 1600:
        return prev in TEMPORAL_PREPS and prev != "the"
    before = ctx.text[max(0, g.start - 30):g.start].rstrip()
    last = before.rsplit(None, 1)[-1] if before else ""
    if last[:1].isupper() and last.isalpha() and last.lower() not in TEMPORAL_PREPS \
            and len(before) > len(last) and before[-len(last) - 2:-len(last)].strip() not in (
                ".", "", '"') and not last.isupper():
        return False
    return ctx.dct is None or y <= ctx.dct.year + 50


def year(ctx: Context, g: Groups) -> Result:
    y = int(g.get("y") or 0)
    if not g.get("fy") and not g.get("ty") and _part(g) is None and not _year_ok(ctx, g, y):
        return None
    return Found(g.start, g.end, "DATE", f"{y:04d}", _part(g))


def short_year(ctx: Context, g: Groups) -> Result:
    # The century that puts the year within five years after publication at most:
    # '98 written in 1998 or in 2001 is 1998; '03 written in 1999 is 2003.
    now = ctx.dct.year if ctx.dct else 2025
    y = now - now % 100 + int(g.get("yy") or 0)
    if y > now + 5:
        y -= 100
    elif y + 100 <= now + 5:
        y += 100
    return Found(g.start, g.end, "DATE", f"{y:04d}")


def year_range(ctx: Context, g: Groups) -> Result:
    y1s, y2s = g.get("y") or "", g.get("y2") or ""
    y1 = int(y1s)
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1 or y2 - y1 > 200:
        return None
    s1, s2 = g.span("y"), g.span("y2")
    return [Found(s1[0], s1[1], "DATE", f"{y1:04d}"), Found(s2[0], s2[1], "DATE", f"{y2:04d}")]


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def decade(ctx: Context, g: Groups) -> Result:
    word = (g.get("decw") or "").lower()
    if word:
        if not g.text.lower().startswith(("the", "nineteen")) and _part(g) is None:
            return None
        return Found(g.start, g.end, "DATE", f"19{_DECADE_WORDS[word]}", _part(g))
    dec = (g.get("dec") or "").lstrip("'’")
    if len(dec) == 2:
        tens = int(dec)
        value = f"{200 + tens // 10:03d}" if tens <= 10 else f"19{dec[0]}"
    else:
        value = dec[:3]
    return Found(g.start, g.end, "DATE", value, _part(g))


def century(ctx: Context, g: Groups) -> Result:
    o = (g.get("ord") or "").lower()
    n = ORDINALS.get(o) or (int(o[:-2]) if o[:-2].isdigit() else 0)
    if not 1 <= n <= 30:
        return None
    return Found(g.start, g.end, "DATE", f"{n - 1:02d}", _part(g))


def season(ctx: Context, g: Groups) -> Result:
    word = (g.get("season") or "").lower()
    code = SEASONS[word]
    rel = " ".join((g.get("rel") or "").lower().split())
    ys = g.get("y")
    text_l = g.text.lower()
    if ys:
        return Found(g.start, g.end, "DATE", f"{ys}-{code}", _part(g))
    if not rel and _part(g) is None:
        has_the = text_l.startswith("the")
        prev = ctx.word_before(g.start)
        nxt = ctx.word_after(g.end).lower()
        if nxt == "of" or (word == "fall" and not has_the and prev not in ("this", "last")):
            return None
        if not has_the and (prev not in TEMPORAL_PREPS or prev == "to"):
            return None  # "want to spring a surprise"
    if ctx.dct is None:
        if ctx.last_year is not None:
            return Found(g.start, g.end, "DATE", f"{ctx.last_year}-{code}", _part(g), "inferred")
        return Found(g.start, g.end, "DATE", f"XXXX-{code}", _part(g), "unresolved")
    start_month = SEASON_START[code]
    m, y = ctx.dct.month, ctx.dct.year
    if rel in ("last", "past", "previous", "this past"):
        y = y if start_month + 3 <= m else y - 1
    elif rel in ("next", "coming"):
        y = y if start_month > m else y + 1
    elif rel == "this":
        y = y - 1 if code == "WI" and m <= 2 else y
    elif rel == "that" and ctx.narrative:
        y = ctx.narrative[0].year
    else:
        future = ctx.future(g.start, g.end)
        if not future and start_month > m:
            y -= 1
    return Found(g.start, g.end, "DATE", f"{y:04d}-{code}", _part(g), "dct")


def _quarter_year(ctx: Context, g: Groups, q: int) -> tuple[int, str] | None:
    ys = g.get("y") or g.get("y2")
    if ys:
        return int(ys), "absolute"
    ry = (g.get("ry") or g.get("ty") or "").lower().split(" ")[0]
    if ry in ("year-ago", "year-earlier", "prior-year", "year-before"):
        base = ctx.last_quarter[0].year if ctx.last_quarter else (
            ctx.dct.year if ctx.dct else None)
        return (base - 1, "narrative") if base else None
    if ctx.last_year is not None and not ry and ctx.last_year_end > g.start - 150 \
            and ctx.same_sentence(ctx.last_year_end, g.start):
        return ctx.last_year, "narrative"
    if ctx.dct is None:
        if ctx.last_year is not None:
            return ctx.last_year, "inferred"
        return None
    y = ctx.dct.year
    if ry in ("last",):
        return y - 1, "dct"
    if ry in ("next",):
        return y + 1, "dct"
    if ry in ("this", "the"):
        return y, "dct"
    start = date(y, 3 * q - 2, 1)
    if start > ctx.dct and not ctx.future(g.start, g.end):
        y -= 1
    return y, "dct"


def quarter_code(ctx: Context, g: Groups) -> Result:
    """"Q3 2020", "2019 H1": analysts' notation for quarters and halves."""
    code = (g.get("qh") or g.get("qh2") or "").upper()
    y = g.get("y") or g.get("y2") or ""
    if code[0] == "H" and code[1] not in "12":
        return None
    return Found(g.start, g.end, "DATE", f"{y}-{code}")


def quarter(ctx: Context, g: Groups) -> Result:
    q = ORDINALS[(g.get("q") or "").lower()]
    start = g.start
    if g.text[:4].lower() == "the " and "-quarter" in g.text.lower() and not g.get("ry"):
        start += 4  # "the third-quarter loss": TimeML leaves out "the"
    resolved = _quarter_year(ctx, g, q)
    if resolved is None:
        return Found(start, g.end, "DATE", f"XXXX-Q{q}", None, "unresolved")
    y, how = resolved
    return Found(start, g.end, "DATE", f"{y:04d}-Q{q}", None, how)


_ENDED_ON = re.compile(
    r"\s+(?:ended|ending)\s+(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>[0-3]?\d)(?!\d)")
_ENDED_RELS = ("", "latest", "last", "past", "previous", "current", "this")


def _quarter_ended(ctx: Context, g: Groups) -> str | None:
    """"the quarter ended July 31": the three months up to that day, named by the
    calendar quarter that holds most of them (the one of the month before)."""
    m = _ENDED_ON.match(ctx.text, g.end)
    if m is None or ctx.dct is None or m.group("mon").lower() not in MONTHS:
        return None
    month, day = MONTHS[m.group("mon").lower()], int(m.group("d"))
    end = _safe_date(ctx.dct.year, month, day)
    if end is None:
        return None
    if end > ctx.dct:
        end = _safe_date(ctx.dct.year - 1, month, day) or end
    middle = cm.shift(end.replace(day=1), cm.MONTH, -1)
    return cm.value_at(middle, cm.QUARTER)


def quarter_rel(ctx: Context, g: Groups) -> Result:
    rel = (g.get("qrel") or "").lower()
    # "the quarter ended July 31" is read from its end day, unless an earlier quarter
    # of the story sets the count (a fiscal "first quarter" names its own).
    if ctx.last_quarter is None and rel in _ENDED_RELS and \
            (ended := _quarter_ended(ctx, g)) is not None:
        return Found(g.start, g.end, "DATE", ended, None, "dct")
    narrative_q = (ctx.last_quarter[0], cm.QUARTER) if ctx.last_quarter else None
    if rel in ("year-earlier", "year-ago", "prior-year", "comparable", "year-before"):
        base = narrative_q[0] if narrative_q else (
            cm.shift(ctx.dct, cm.QUARTER, -1) if ctx.dct else None)
        if base is None:
            return None
        d = cm.shift(base, cm.YEAR, -1)
        return Found(g.start, g.end, "DATE", cm.value_at(d, cm.QUARTER), None,
                     "narrative" if narrative_q else "dct", False)
    if narrative_q and ctx.dct and rel in ("latest", "last", "past", "previous") and \
            cm.shift(narrative_q[0], cm.QUARTER, 1) > ctx.dct:
        narrative_q = None  # "the latest quarter" is a finished one
    if rel in ("same", "") or (rel in ("latest",) and narrative_q):
        if narrative_q:
            return Found(g.start, g.end, "DATE", cm.value_at(narrative_q[0], cm.QUARTER), None,
                         "narrative")
        rel = "latest"
    if ctx.dct is None:
        return Found(g.start, g.end, "DATE", "XXXX-QX", None, "unresolved")
    n = {"latest": -1, "last": -1, "past": -1, "previous": -1, "current": 0, "this": 0,
         "next": 1, "coming": 1}.get(rel, 0)
    d = cm.shift(ctx.dct, cm.QUARTER, n)
    return Found(g.start, g.end, "DATE", cm.value_at(d, cm.QUARTER), None, "dct")


def half(ctx: Context, g: Groups) -> Result:
    h = 1 if (g.get("h") or "").lower() == "first" else 2
    if (g.get("h") or "").lower() in ("last", "final") and not (g.get("y") or g.get("ty")):
        return None
    ys, ty = g.get("y"), (g.get("ty") or "").lower()
    if not ys and not ty and "-" not in g.text:
        return None
    if ys:
        return Found(g.start, g.end, "DATE", f"{ys}-H{h}")
    if ctx.dct is None:
        return Found(g.start, g.end, "DATE", f"XXXX-H{h}", None, "unresolved")
    y = ctx.dct.year + {"last": -1, "next": 1}.get(ty, 0)
    if not ty and date(y, 6 * h - 5, 1) > ctx.dct and not ctx.future(g.start, g.end):
        y -= 1
    return Found(g.start, g.end, "DATE", f"{y:04d}-H{h}", None, "dct")


# --- days, weekdays, holidays and times -------------------------------------------------


def deictic(ctx: Context, g: Groups) -> Result:
    word = " ".join((g.get("deic") or "").lower().split())
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    pod = g.get("pod") or ("night" if word == "tonight" else None)
    if ctx.dct is None:
        if word == "today" and not pod:
            return Found(g.start, g.end, "DATE", "PRESENT_REF", _part(g), "unresolved")
        return Found(g.start, g.end, "DATE", "XXXX-XX-XX", _part(g), "unresolved")
    d = ctx.dct + timedelta(days=offset)
    typ, value = _timex(d.isoformat(), pod)
    return Found(g.start, g.end, typ, value, _part(g), "dct")


def this_pod(ctx: Context, g: Groups) -> Result:
    rel = " ".join((g.get("rel") or "").lower().split())
    pod = g.get("pod") or ""
    if ctx.dct is None:
        return Found(g.start, g.end, "TIME", f"XXXX-XX-XXT{POD[pod.lower()]}", None, "unresolved")
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and pod.lower() != "night":
        return None
    d = ctx.dct + timedelta(days=offset)
    return Found(g.start, g.end, "TIME", f"{d.isoformat()}T{POD[pod.lower()]}", _part(g), "dct")


def pod_day(ctx: Context, g: Groups) -> Result:
    """"afternoon yesterday", "mid-afternoon Friday", "morning of Tuesday"."""
    pod = POD[(g.get("pod") or "").lower()]
    day = (g.get("day") or "").lower()
    mod = "MID" if g.get("mid") else None
    if ctx.dct is None:
        return Found(g.start, g.end, "TIME", f"XXXX-XX-XXT{pod}", mod, "unresolved")
    if day in WEEKDAYS:
        d = _bare_weekday(ctx, WEEKDAYS[day], g)
    else:
        d = ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[day])
    return Found(g.start, g.end, "TIME", f"{d.isoformat()}T{pod}", mod, "dct")


def _bare_weekday(ctx: Context, wd: int, g: Groups) -> date:
    """The day a weekday without "last"/"next" names, seen from the publication date.

    In future clauses the next such day (or the DCT itself); otherwise the latest one
    on or before the DCT, except the day right after it: news filed in the evening
    for the next morning's paper says "Albright headed Tuesday" of that Tuesday,
    while six days back it would say "last Tuesday".
    """
    assert ctx.dct is not None
    direction = _possessive_direction(ctx, g)
    if direction:
        return cm.weekday_near(ctx.dct, wd, direction)
    if ctx.future(g.start, g.end) or (
            ctx.dct.isoweekday() % 7 + 1 == wd
            and not _REPORTED.search(ctx.text, max(0, g.start - _REPORTED_REACH), g.start)):
        return cm.weekday_near(ctx.dct, wd, +1)
    return cm.weekday_near(ctx.dct, wd, -1)


def _possessive_direction(ctx: Context, g: Groups) -> int:
    """"Wednesday's ruling" names something that has happened, whatever the clause's
    tense ("they would look for ways around Wednesday's ruling"): -1. "Ahead of
    Sunday's vote" looks forward: +1. Other prepositions ("before", "until") leave it
    to the tense: 0, as does a weekday that is not possessive."""
    if not ctx.text.startswith(("'s", "’s"), g.end):
        return 0
    m = _BEFORE_POSSESSIVE.search(ctx.text, max(0, g.start - 20), g.start)
    if m is None:
        return -1
    return 1 if m.group("ahead") else 0


_BEFORE_POSSESSIVE = re.compile(
    r"\b(?:(?P<ahead>ahead\s+of|awaiting|await)|before|until|till|for)\s+\Z", re.I)


# "said on Tuesday", "told reporters Tuesday": what was said was said by publication.
# Searched only just before the weekday: the verb and two words fit in this many
# characters, and a search from the top of the text would grow with its length.
_REPORTED_REACH = 120
_REPORTED = re.compile(
    rf"\b(?:{word_trie('speech_verbs')})"
    r"(?:\s+[\w'’]+){0,2}?\s+(?:on\s+|late\s+|early\s+)?\Z"
)


def weekday(ctx: Context, g: Groups) -> Result:
    wd = WEEKDAYS[(g.get("wd") or "").lower()]
    rel = " ".join((g.get("rel") or "").lower().split())
    pod = g.get("pod")
    nxt = ctx.word_after(g.end)
    if not rel and not pod and ctx.word_before(g.start) == "the" and nxt[:1].isupper() \
            and nxt.lower() not in MONTHS:
        return None  # a name: "The Sunday Telegraph"
    if rel.startswith("the "):
        # "the previous Friday", "the following Monday": seen from the story's day
        # when it has one, else from the publication date.
        back = rel != "the following"
        ref = ctx.narrative[0] if ctx.narrative and ctx.narrative[1] == cm.DAY else ctx.dct
        if ref is None:
            typ, value = _timex(f"XXXX-WXX-{wd}", pod)
            return Found(g.start, g.end, typ, value, _part(g), "unresolved")
        d = cm.weekday_near(ref + timedelta(days=-1 if back else 1), wd, -1 if back else 1)
        typ, value = _timex(d.isoformat(), pod)
        how = "narrative" if ref is not ctx.dct else "dct"
        return Found(g.start, g.end, typ, value, _part(g), how)
    if rel == "that" and ctx.narrative and ctx.narrative[1] in (cm.DAY, cm.WEEK):
        d = cm.weekday_near(ctx.narrative[0], wd, -1)
        typ, value = _timex(d.isoformat(), pod)
        return Found(g.start, g.end, typ, value, _part(g), "narrative")
    if ctx.narrative and ctx.narrative[1] == cm.DAY and not rel and \
            ctx.text[ctx.narrative_end:g.start].strip() in ("(", ",", "--", "-", "—"):
        # "yesterday (Wednesday)", "Oct. 7, Monday": the weekday restates that day.
        d = cm.weekday_near(ctx.narrative[0], wd, -1)
        typ, value = _timex(d.isoformat(), pod)
        return Found(g.start, g.end, typ, value, _part(g), "narrative")
    if ctx.dct is None:
        if ctx.narrative and ctx.narrative[1] == cm.DAY:
            d = cm.weekday_near(ctx.narrative[0], wd, +1)
            typ, value = _timex(d.isoformat(), pod)
            return Found(g.start, g.end, typ, value, _part(g), "narrative")
        typ, value = _timex(f"XXXX-WXX-{wd}", pod)
        return Found(g.start, g.end, typ, value, _part(g), "unresolved")
    dct = ctx.dct
    if rel in ("last", "past", "previous", "this past"):
        d = cm.weekday_near(dct - timedelta(days=1), wd, -1)
    elif rel in ("next", "coming", "this coming"):
        d = cm.weekday_near(dct + timedelta(days=1), wd, +1)
    elif rel == "this":
        d = dct + timedelta(days=wd - dct.isoweekday())
    else:
        d = _bare_weekday(ctx, wd, g)
    typ, value = _timex(d.isoformat(), pod)
    return Found(g.start, g.end, typ, value, _part(g), "dct")


def weekday_set(ctx: Context, g: Groups) -> Result:
    wd = WEEKDAYS[(g.get("wd") or "").lower()]
    if not g.get("every") and ctx.word_before(g.start) != "on":
        return None
    return Found(g.start, g.end, "SET", f"XXXX-WXX-{wd}")


def weekend(ctx: Context, g: Groups) -> Result:
    if ctx.dct is None:
        return Found(g.start, g.end, "DATE", "XXXX-WXX-WE", None, "unresolved")
    d = ctx.dct
    if d.isoweekday() < 6 and not ctx.future(g.start, g.end):
        d -= timedelta(days=7)
    return Found(g.start, g.end, "DATE", cm.week_value(d) + "-WE", None, "dct")


def holiday(ctx: Context, g: Groups) -> Result:
    name = " ".join((g.get("hol") or "").lower().split())
    if not g.text[:1].isupper() and not (g.get("rel") or ""):
        return None
    ys = g.get("y")
    nxt = ctx.word_after(g.end)
    if not ys and nxt[:1].isupper() and nxt.lower() not in MONTHS \
            and ctx.text[g.end:g.end + 1] == " ":
        return []  # a name, consumed whole: "Easter Island", "the Good Friday Agreement"
    week = name.endswith(" week")

    def on(y: int) -> date:
        if name in EASTER_HOLIDAYS:
            return cm.easter(y) + timedelta(days=EASTER_HOLIDAYS[name])
        if name in HOLIDAYS:
            mm, dd = HOLIDAYS[name].split("-")
            return date(y, int(mm), int(dd))
        month_, wd, n = NTH_HOLIDAYS[name]
        return cm.nth_weekday(y, month_, wd, n)

    def value(d: date) -> str:
        return cm.week_value(d) if week else d.isoformat()

    if ys:
        return Found(g.start, g.end, "DATE", value(on(int(ys))))
    if ctx.dct is None:
        if ctx.last_year is not None:
            return Found(g.start, g.end, "DATE", value(on(ctx.last_year)), None, "inferred")
        if name in HOLIDAYS:
            return Found(g.start, g.end, "DATE", "XXXX-" + HOLIDAYS[name], None, "unresolved")
        return None
    y = ctx.dct.year
    rel = " ".join((g.get("rel") or "").lower().split())
    d = on(y)
    # A week has begun once its Monday has come ("as Easter week began").
    first = d - timedelta(days=d.isoweekday() - 1) if week else d
    future = rel == "next" or (not rel and ctx.future(g.start, g.end))
    grace = 0 if rel or ctx.tense(g.start, g.end) == "past" else 45
    if not future and first > ctx.dct + timedelta(days=grace):
        d = on(y - 1)
    elif future and d < ctx.dct:
        d = on(y + 1)
    return Found(g.start, g.end, "DATE", value(d), None, "dct")


def _story_day(ctx: Context, g: Groups) -> date | None:
    """The day the story last named, if a clock time without a day falls on it."""
    if ctx.narrative is not None and ctx.narrative[1] == cm.DAY \
            and ctx.narrative_end > g.start - CLOCK_DAY_REACH:
        return ctx.narrative[0]
    return None


def clock(ctx: Context, g: Groups) -> Result:
    h = word_number(g.get("h") or "0") or 0
    mi = int(g.get("mi") or 0)
    ap = (g.get("ap") or "").lower().replace(".", "")
    if words := (g.get("pw") or "").lower():
        # "4 in the morning", "10 at night": the phrase says a.m. or p.m.
        ap = "am" if "morning" in words or ("night" in words and (h < 6 or h == 12)) else "pm"
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap == "pm" else 0)
    elif h > 24:
        return None
    day_word = (g.get("day") or "").lower()
    mod = "APPROX" if g.get("approx") else None
    start = g.start
    if (g.get("approx") or "").lower() in OUTSIDE_QMODS:
        start = _skip_space(ctx, g.span("approx")[1])
    if g.get("mon"):
        day = month_day(ctx, g)
        if not isinstance(day, Found):
            return None
        return Found(start, g.end, "TIME", f"{day.value}T{h:02d}:{mi:02d}", mod, day.anchoring)
    if ctx.dct is None:
        return Found(start, g.end, "TIME", f"XXXX-XX-XXT{h:02d}:{mi:02d}", mod, "unresolved")
    d, how = ctx.dct, "dct"
    if day_word in WEEKDAYS:
        d = _bare_weekday(ctx, WEEKDAYS[day_word], g)
    elif day_word:
        d = ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[day_word])
    elif (story := _story_day(ctx, g)) is not None:
        d, how = story, "narrative"
    return Found(start, g.end, "TIME", f"{d.isoformat()}T{h:02d}:{mi:02d}", mod, how)


def noon(ctx: Context, g: Groups) -> Result:
    word = (g.get("word") or "").lower()
    before = ctx.text[max(0, g.start - 2):g.start]
    if g.text[:1].isupper() and before[-1:] == " " and before[:1].isalpha():
        return None  # capitalised mid-sentence: a title ("High Noon", "Midnight Express")
    if word == "noon" and ctx.word_before(g.start) == "high":
        return None  # "high noon": the idiom
    hhmm = "24:00" if word == "midnight" else "12:00"
    if ctx.dct is None:
        return Found(g.start, g.end, "TIME", f"XXXX-XX-XXT{hhmm}", None, "unresolved")
    d, how = ctx.dct, "dct"
    day_word = (g.get("day") or "").lower()
    if day_word in WEEKDAYS:
        d = _bare_weekday(ctx, WEEKDAYS[day_word], g)
    elif day_word:
        d = ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[day_word])
    elif (story := _story_day(ctx, g)) is not None:
        d, how = story, "narrative"
    return Found(g.start, g.end, "TIME", f"{d.isoformat()}T{hhmm}", None, how)


# --- relative periods ------------------------------------------------------------------

_REL_OFFSET = {"this past": -1, "this": 0, "current": 0, "last": -1, "past": -1, "previous": -1,
               "next": 1,
               "coming": 1, "following": 1, "same": 0, "that": 0, "prior": -1, "preceding": -1}
_NARRATIVE_RELS = {"following", "same", "that", "prior", "preceding"}


# How far back the story's day is still the one "two days later" counts from.
_STORY_REACH = 1200


def _days_from_story(ctx: Context, at: int, n: float | None, sign: int) -> str | None:
    """ "two days later" as a day: counted from the last day the text named, when it
    was named shortly before (a day, not a month or a year, and not deictic)."""
    if n is None or n != int(n) or not 0 < n <= 366 or ctx.narrative is None:
        return None
    day, gran = ctx.narrative
    if gran != cm.DAY or at - ctx.narrative_end > _STORY_REACH:
        return None
    try:
        return (day + timedelta(days=sign * int(n))).isoformat()
    except OverflowError:
        return None


def _reference(ctx: Context, narrative: bool) -> tuple[date, str] | None:
    if narrative and ctx.narrative is not None:
        return ctx.narrative[0], "narrative"
    if ctx.dct is not None:
        return ctx.dct, "dct"
    return None


def rel_unit(ctx: Context, g: Groups) -> Result:
    rel = " ".join((g.get("rel") or "this").lower().split())
    unit = (g.get("unit") or "").lower()
    if rel == "that" and unit in ("week", "weekend"):
        return None
    rel = rel.replace("this coming", "coming")
    word = g.get("unit") or ""
    if word[:1].isupper() and not g.text.isupper():
        return None  # a title: ABC's "This Week"
    ref = _reference(ctx, rel in _NARRATIVE_RELS)
    mod = _part(g)
    if ref is None:
        return Found(g.start, g.end, "DATE", "XXXX", mod, "unresolved") if unit == "year" \
            else None
    d, how = ref
    n = _REL_OFFSET.get(rel, 0)
    if unit == "weekend":
        return Found(g.start, g.end, "DATE", cm.week_value(cm.shift(d, cm.WEEK, n)) + "-WE",
                     mod, how)
    if rel == "last" and unit == "year" and not g.get("fy") and mod is None \
            and (base := _compared_quarter(ctx, g)) is not None:
        return Found(g.start, g.end, "DATE", cm.value_at(cm.shift(base, cm.YEAR, -1),
                                                         cm.QUARTER), None, "narrative", False)
    gran = GRAN[UNITS[unit]]
    if unit in ("decade", "century") and rel == "past" and \
            g.text.lower().startswith("the"):
        # "the past decade" is the ten years up to now, not the 2000s.
        return Found(g.start, g.end, "DURATION", _duration(unit, 1), None, "absolute")
    value = cm.value_at(cm.shift(d, gran, n), gran)
    return Found(g.start, g.end, "DATE", value, mod, how)


_COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|from|versus|vs\.?|against)\b[^.;]*\Z",
                       re.IGNORECASE)


def _compared_quarter(ctx: Context, g: Groups) -> date | None:
    """The quarter a "last year" is compared with: "net rose to $5 million from $3
    million last year" in a report on a quarter means that quarter a year before."""
    if ctx.last_quarter is None or ctx.last_quarter[1] < g.start - 600:
        return None
    sentence_start = max(ctx.last_quarter[1], g.start - 150)
    if not _COMPARED.search(ctx.text, sentence_start, g.start) or \
            not ctx.same_sentence(sentence_start, g.start):
        return None
    return ctx.last_quarter[0]


def narrative_day(ctx: Context, g: Groups) -> Result:
    rel = " ".join((g.get("rel") or "").lower().split())
    unit = (g.get("unit") or "").lower()
    offset = 1 if rel in ("the next", "the following") else (
        -1 if rel in ("the previous", "the prior", "the preceding") else 0)
    if rel == "the" and unit != "day":
        return None  # "the night the plane fell" names no particular night
    if rel == "the" and not g.get("ba") and ctx.word_before(g.start) in ("in", "during"):
        return None  # "later in the day", "during the day": a part of a day, not a date
    before_after = (g.get("ba") or "").lower()
    if before_after:
        if rel != "the":
            return None
        offset = -1 if before_after == "before" else 1
    elif rel == "the" and (nxt := ctx.word_after(g.end).lower()) in ("before", "after"):
        # "the day after his death" is the day after the story's day; "Nov. 3, the day
        # before the warrant" restates Nov. 3.
        apposition = ctx.narrative_end >= 0 and \
            ctx.text[ctx.narrative_end:g.start].strip() == ","
        offset = 0 if apposition else (-1 if nxt == "before" else 1)
    pod = None if unit == "day" else unit
    ref = _reference(ctx, True)
    if ref is None:
        return Found(g.start, g.end, "DATE", "XXXX-XX-XX", None, "unresolved")
    d, how = ref
    if how == "narrative" and ctx.narrative and ctx.narrative[1] != cm.DAY:
        gran = ctx.narrative[1]
        if gran == cm.MONTH:
            return Found(g.start, g.end, "DATE", cm.value_at(d, gran) + "-XX", None, how)
        return None
    d = d + timedelta(days=offset)
    typ, value = _timex(d.isoformat(), pod)
    return Found(g.start, g.end, typ, value, None, how)


def ago(ctx: Context, g: Groups) -> Result:
    num = g.get("num") or ""
    unit = g.get("unit") or ""
    n = word_number(num)
    code = _unit_code(unit)
    direction_word = " ".join((g.get("dir") or "").lower().split())
    sign = 1 if direction_word in ("later", "after", "hence", "from now") else -1
    narrative = direction_word in ("earlier", "later", "before", "after", "previously")
    qmod = QMODS.get(" ".join((g.get("qmod") or "").lower().split()))
    mod = qmod
    if qmod in ("MORE_THAN", "EQUAL_OR_MORE"):
        mod = "BEFORE" if sign < 0 else "AFTER"
    elif qmod in ("LESS_THAN", "EQUAL_OR_LESS"):
        mod = "AFTER" if sign < 0 else "BEFORE"
    start = _after_intensifier(ctx, g)
    if narrative and (_is_time_unit(unit) or code == "D"):
        # "Just over an hour later", "three days earlier": TimeML marks the amount as
        # a duration anchored on an event the text rarely dates; "later" stays outside.
        found = Found(start, g.span("unit")[1], "DURATION", _duration(unit, n), qmod)
        if code == "D" and qmod is None:
            found.reading = _days_from_story(ctx, g.start, n, sign)
            found.reading_end = g.end
        return found
    if n is None:
        how = _dct_anchor(ctx)
        return Found(start, g.end, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None, how)
    ref = _reference(ctx, narrative)
    if ref is None:
        return Found(start, g.end, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod,
                     "unresolved")
    d, how = ref
    if _is_time_unit(unit):
        return Found(start, g.end, "DATE", d.isoformat(), mod, how)
    if code == "2W":
        code, n = "W", 2 * n
    if code == "WE":
        code = "W"
    gran = GRAN[code]
    # "a year earlier" after a quarter names the same quarter a year before.
    if n == 1 and gran == cm.YEAR and ctx.last_quarter is not None \
            and ctx.last_quarter[1] > g.start - 1500:
        base = ctx.last_quarter[0]
        return Found(start, g.end, "DATE", cm.value_at(cm.shift(base, cm.YEAR, sign * n),
                                                         cm.QUARTER), mod, "narrative", False)
    step_gran, out_gran = gran, gran
    if gran in (cm.DECADE, cm.CENTURY):
        out_gran = cm.YEAR
    try:
        target = cm.shift(d, step_gran, sign * n)
    except (OverflowError, ValueError):
        return None
    return Found(start, g.end, "DATE", cm.value_at(target, out_gran), mod, how,
                 not narrative)


def _after_intensifier(ctx: Context, g: Groups) -> int:
    """Where the span starts: TimeML leaves "just" and "well" out ("just [over an hour]")."""
    qmod = g.get("qmod") or ""
    if qmod[:4].lower() in ("just", "well"):
        return _skip_space(ctx, g.span("qmod")[0] + 4)
    return g.start


def year_ago_adj(ctx: Context, g: Groups) -> Result:
    if ctx.last_quarter is not None:
        d = cm.shift(ctx.last_quarter[0], cm.YEAR, -1)
        return Found(g.start, g.end, "DATE", cm.value_at(d, cm.QUARTER), None, "narrative",
                     False)
    if ctx.dct is None:
        return None
    return Found(g.start, g.end, "DATE", f"{ctx.dct.year - 1:04d}", None, "dct", False)


# --- durations, sets and vague references -------------------------------------------------


def _duration_value(n: float | None, code: str) -> str:
    q = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if code in ("S", "H"):
        return f"PT{q}{code}"
    if code == "DE":
        return f"P{q if n is None else int(n * 10)}{'DE' if n is None else 'Y'}"
    if code == "CE":
        return f"P{q if n is None else int(n * 100)}{'CE' if n is None else 'Y'}"
    if code == "2W":
        return f"P{q if n is None else int(n * 2)}W"
    return f"P{q}{code}"


_HALF_OF = {"Y": (12, "M"), "M": (2, "W"), "W": (7, "D"), "D": (24, "TH"), "H": (60, "TM"),
            "MIN": (60, "TS")}


def _duration(unit: str, n: float | None) -> str:
    w = UNIT_PLURALS.get(unit.lower(), unit.lower())
    if n is not None and not float(n).is_integer() and float(n * 2).is_integer():
        code = {"minute": "MIN", "min": "MIN", "hour": "H", "hr": "H"}.get(w, UNITS.get(w, ""))
        if code in _HALF_OF:
            k, small = _HALF_OF[code]
            whole = int(n)
            big = f"{whole}{code if code != 'MIN' else 'M'}" if whole else ""
            time_part = code in ("H", "MIN") or small.startswith("T")
            small_value = f"{k // 2}{small.lstrip('T')}"
            return ("PT" if time_part else "P") + big + small_value
    if w in ("minute", "min"):
        return f"PT{'X' if n is None else _num(n)}M"
    if w in ("second", "sec"):
        return f"PT{'X' if n is None else _num(n)}S"
    if w in ("hour", "hr"):
        return f"PT{'X' if n is None else _num(n)}H"
    if w == "night":
        return _duration_value(n, "D")
    return _duration_value(n, UNITS[w])


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def duration(ctx: Context, g: Groups) -> Result:
    num = g.get("num") or ""
    unit = g.get("unit") or ""
    n = word_number(num)
    if num.lower() in ("a", "an") and unit.lower().startswith("sec"):
        return None
    if n is not None and n == 0:
        return None
    after = ctx.word_after(g.end).lower()
    if after == "old" or (unit.lower() == "quarters" and "-" in (g.get("sep") or "")):
        return None  # an age, or a fraction ("three-quarters")
    if unit.lower() == "quarter" and num.lower() in ("a", "an") and (
            after == "of" or g.get("qmod")):
        return None  # "more than a quarter of the market"
    if num.lower() in ("a", "an") and ctx.word_before(g.start) not in DURATION_CONTEXT \
            and not g.get("qmod") and not g.get("rel") and not g.get("the") \
            and not g.get("half2") and " or " not in g.text.lower():
        return None  # a rate: "358,000 a month", "four flights a week"
    start = g.start
    if num.lower() in ("a", "an") and g.get("long"):
        # "a day-long meeting": the article belongs to the noun
        return Found(g.span("unit")[0], g.end, "DURATION", _duration(unit, 1))
    if g.get("the") and "-" in (g.get("sep") or "") and not g.get("rel"):
        start = g.span("the")[1] + 1  # "the 30-day period": TimeML leaves out "the"
    if g.get("half1") or g.get("half2"):
        n = (n or 0) + 0.5
    qmod_words = " ".join((g.get("qmod") or "").lower().split())
    qmod = QMODS.get(qmod_words)
    if qmod_words in OUTSIDE_QMODS:
        start = _skip_space(ctx, g.span("qmod")[1])  # "about [five hours]": mod, not span
    elif start == g.start:
        start = _after_intensifier(ctx, g)
    if g.get("range") or " or " in g.text.lower():
        qmod = qmod or "APPROX"  # "two to three weeks", "a year or two"
    return Found(start, g.end, "DURATION", _duration(unit, n), qmod)


def unit_long(ctx: Context, g: Groups) -> Result:
    """"a day-long meeting" lasts one day; "a decades-long feud", some decades."""
    unit = (g.get("unit") or "").lower()
    return Found(g.start, g.end, "DURATION", _duration(unit, None if unit in UNIT_PLURALS else 1))


def vague_units(ctx: Context, g: Groups) -> Result:
    s, e = g.span("core")
    return Found(s, e, "DURATION", _duration(g.get("unit") or "", None))


def recent_units(ctx: Context, g: Groups) -> Result:
    if (g.get("rec") or "").lower() == "recent":
        return Found(g.start, g.end, "DATE", "PAST_REF", None, _dct_anchor(ctx))
    return Found(g.start, g.end, "DURATION", _duration(g.get("unit") or "", None))


def set_every(ctx: Context, g: Groups) -> Result:
    unit = g.get("unit") or ""
    n = word_number(g.get("num") or "1") if g.get("num") else 1
    if g.get("other"):
        n = 2
    if n is None:
        return None
    return Found(g.start, g.end, "SET", _duration(unit, n))


def set_adverb(ctx: Context, g: Groups) -> Result:
    word = (g.get("adv") or "").lower()
    nxt = ctx.word_after(g.end)
    if not word.endswith("ally") and nxt.isalpha() and nxt.islower() \
            and nxt not in FUNCTION_WORDS:
        return None
    return Found(g.start, g.end, "SET", SET_ADVERBS[(g.get("adv") or "").lower()])


def reference(ctx: Context, g: Groups) -> Result:
    ref = " ".join((g.get("ref") or "").lower().split())
    if ref.endswith("future") and ctx.word_after(g.end).lower() == "of":
        return None
    value = REFERENCES.get(ref)
    if value is None:
        return None
    if ref == "current":
        nxt = ctx.word_after(g.end)
        # Only the adjective before a noun ("his current wife"), not the noun ("the
        # current of the river"), "then current", or fixed terms ("current account").
        if not (nxt.isalpha() and nxt.islower()) or nxt in FUNCTION_WORDS or nxt == "of" \
                or nxt in NOT_CURRENT or ctx.word_before(g.start) == "then":
            return None
    if ref in ("soon", "shortly") and (ctx.word_before(g.start) == "as" or ctx.word_after(
            g.end).lower() in ("as", "after", "before", "afterwards", "thereafter")):
        return None
    if ref in ("soon", "shortly") and ctx.tense(g.start, g.end) == "past" \
            and ctx.word_before(g.start) not in MODALS:
        return None  # "it soon became", "he was shortly released": soon after a past event
    return Found(g.start, g.end, "DATE", value, None, _dct_anchor(ctx))




def period_ended(ctx: Context, g: Groups) -> Result:
    """"the year ended Sept. 30": a period of one unit, named by its end."""
    unit = (g.get("unit") or "").lower()
    return Found(g.start, g.end, "DURATION", _duration(unit, 1))


def the_unit(ctx: Context, g: Groups) -> Result:
    """"for the year," / "of the week.": the current one, as the narrative has it."""
    unit = (g.get("unit") or "").lower()
    gran = GRAN[UNITS[unit]]
    finer = {cm.YEAR: (cm.DAY, cm.WEEK, cm.MONTH, cm.QUARTER, cm.HALF, cm.YEAR),
             cm.MONTH: (cm.DAY, cm.MONTH), cm.WEEK: (cm.DAY, cm.WEEK)}[gran]
    if ctx.narrative is not None and ctx.narrative[1] in finer and \
            ctx.narrative_end > g.start - 300:
        return Found(g.start, g.end, "DATE", cm.value_at(ctx.narrative[0], gran), None,
                     "narrative")
    if ctx.dct is None:
        return None
    return Found(g.start, g.end, "DATE", cm.value_at(ctx.dct, gran), None, "dct")


def year_end(ctx: Context, g: Groups) -> Result:
    ref = _reference(ctx, False)
    if ref is None:
        return Found(g.start, g.end, "DATE", "XXXX-12-31", None, "unresolved")
    y = ref[0].year + _REL_OFFSET.get((g.get("rel") or "this").lower(), 0)
    if not g.get("rel") and date(y, 12, 31) > ref[0] and (
            ctx.word_before(g.start) == "since" or ctx.tense(g.start, g.end) == "past"):
        y -= 1  # "the change is since year-end", "profit rose at year-end": the last one
    return Found(g.start, g.end, "DATE", f"{y:04d}-12-31", None, ref[1])


def month_rel_year(ctx: Context, g: Groups) -> Result:
    mon = g.get("mon") or ""
    if mon.rstrip(".").islower():
        return None
    if ctx.dct is None:
        return Found(g.start, g.end, "DATE", f"XXXX-{_month_num(mon):02d}", _part(g),
                     "unresolved")
    y = ctx.dct.year + {"last": -1, "next": 1}.get((g.get("ry") or "").lower(), 0)
    return Found(g.start, g.end, "DATE", f"{y:04d}-{_month_num(mon):02d}", _part(g), "dct")


_YEAR_WORD_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                   "seventy": 70, "eighty": 80, "ninety": 90}


def _spelled_year(words: str) -> int | None:
    w = words.lower().replace("-", " ").split()
    if w[:2] == ["two", "thousand"]:
        rest = [x for x in w[2:] if x != "and"]
        return 2000 + (word_number(" ".join(rest)) or 0 if rest else 0)
    century = word_number(w[0])
    if century is None:
        return None
    rest = w[1:]
    if rest == ["hundred"]:
        return century * 100
    if rest and rest[0] == "oh":
        rest = rest[1:]
    tail = word_number(" ".join(rest)) if len(rest) == 1 else None
    if len(rest) == 2 and rest[0] in _YEAR_WORD_TENS:
        tail = _YEAR_WORD_TENS[rest[0]] + (word_number(rest[1]) or 0)
    if tail is None or tail >= 100:
        return None
    return century * 100 + tail


def year_words(ctx: Context, g: Groups) -> Result:
    y = _spelled_year(g.get("yw") or "")
    if y is None:
        return None
    if UNIT_PLURALS.get(ctx.word_after(g.end).lower(), ctx.word_after(g.end).lower()) in UNITS:
        return None  # an amount: "two thousand years", "nineteen ninety days"
    if g.get("mon"):
        return Found(g.start, g.end, "DATE", f"{y:04d}-{_month_num(g.get('mon') or ''):02d}")
    return Found(g.start, g.end, "DATE", f"{y:04d}")


def year_period(ctx: Context, g: Groups) -> Result:
    y = int(g.get("y") or 0)
    if ctx.last_quarter is not None:
        return Found(g.start, g.end, "DATE", f"{y:04d}-Q{cm.quarter_of(ctx.last_quarter[0])}",
                     None, "narrative", False)
    return Found(g.start, g.end, "DATE", f"{y:04d}")


def set_every_named(ctx: Context, g: Groups) -> Result:
    if g.get("wd"):
        return Found(g.start, g.end, "SET", f"XXXX-WXX-{WEEKDAYS[(g.get('wd') or '').lower()]}")
    mon = g.get("mon") or ""
    if mon.rstrip(".").islower():
        return None
    return Found(g.start, g.end, "SET", f"XXXX-{_month_num(mon):02d}")

# Every public function of this module is a handler, named in rules.tsv.
HANDLERS: dict[str, Callable[[Context, Groups], Result]] = {
    name: fn for name, fn in globals().items()
    if callable(fn) and getattr(fn, "__module__", None) == __name__ and not name.startswith("_")
}

"""Dates in documents the English tagger cannot read: `dateparser`, with lower confidence.

The tagger's rules are English. For a document in another language,
`detect_language` tells which (the share of its words that are frequent function
words of each language, from `resources/stopwords.tsv`) and `tag_foreign` finds
its dates with `dateparser.search.search_dates` in that language. Each found phrase
is trimmed to the fewest words that still give the same date, so its span is
exact, then resolved at the precision dateparser reports (day, month, year, week).
A date that moves when the publication date moves ("hier", "im Januar") is
relative: resolved against the publication date, or dropped without one.
Every such Timex carries `confidence` FOREIGN_CONFIDENCE: dateparser finds fewer
dates and more false ones than the tagger does in English.

`tag_any_language(text, dct)` is the hook for the event layer: the tagger for
English (and for text too short to tell), `tag_foreign` otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from timeline.dates import timex_to_edtf
from timeline.schema import Timex

FOREIGN_CONFIDENCE = 0.6
_SAMPLE = 5_000  # characters read to tell the language (several hundred words)
_MIN_WORDS = 8  # fewer words than this: too little to tell, taken as English
_MIN_SHARE = 0.15  # share of function words below which no language is claimed
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # `_WORD` on lower-case ASCII text
_TOKEN = re.compile(r"\S+")
_EDGE = ",.;:!?()[]\"'“”«»‘’"
_OTHER_BASE = timedelta(days=400)  # a second publication date, to see what is relative


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    source = resources.files("timeline") / "resources" / "stopwords.tsv"
    table: dict[str, frozenset[str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, words = line.partition("\t")
            table[code.strip()] = frozenset(words.split())
    return table


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language whose function words the text uses most;
    "en" when the text is too short or uses none of them enough to tell."""
    sample = text[:_SAMPLE]
    if sample.isascii():  # the same words, found at once in lower case by a simpler class
        words = _ASCII_WORD.findall(sample.lower())
        lowered = Counter(words)
    else:  # lower case can change a letter's length, so word by word
        words = _WORD.findall(sample)
        lowered = Counter(map(str.lower, words))
    if len(words) < _MIN_WORDS:
        return "en"
    counts = dict.fromkeys(stopwords(), 0)
    languages_of = _languages_of()
    for w in lowered.keys() & languages_of.keys():  # only the function words present
        for code in languages_of[w]:
            counts[code] += lowered[w]
    best = max(counts, key=lambda code: (counts[code], code == "en"))
    return best if counts[best] / len(words) >= _MIN_SHARE else "en"


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it belongs to."""
    out: dict[str, tuple[str, ...]] = {}
    for code, table in stopwords().items():
        for word in table:
            out[word] = (*out.get(word, ()), code)
    return out


def tag_any_language(text: str, dct: date | None = None) -> list[Timex]:
    """Time expressions of a document in whatever language it is written in."""
    from timeline.temporal import tag

    language = detect_language(text)
    return tag(text, dct) if language == "en" else tag_foreign(text, dct, language)


def tag_foreign(text: str, dct: date | None, language: str) -> list[Timex]:
    """Dates of `text` in `language` (ISO 639-1) as Timex objects with exact spans."""
    from dateparser.search import search_dates

    base = datetime.combine(dct or date(2000, 6, 15), datetime.min.time())
    parse = _parser(language)
    found = search_dates(text, languages=[language], settings=_settings(base)) or []
    out: list[Timex] = []
    pos = 0
    for phrase, _ in found:
        start = text.find(phrase, pos)
        if start < 0:
            continue
        pos = start + len(phrase)
        timex = _timex(text, start, start + len(phrase), parse, base, dct is not None)
        if timex is not None and (not out or timex.start >= out[-1].end):
            out.append(timex)
    return out


def _settings(base: datetime) -> dict[str, object]:
    return {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": "current_period"}


@lru_cache(maxsize=16)
def _parser(language: str):  # type: ignore[no-untyped-def]
    """(phrase, base) -> (datetime, period) or None, for one language."""
    from dateparser.date import DateDataParser

    parsers: dict[datetime, DateDataParser] = {}

    def parse(phrase: str, base: datetime) -> tuple[datetime, str] | None:
        if base not in parsers:
            parsers[base] = DateDataParser(languages=[language], settings=_settings(base))
        data = parsers[base].get_date_data(phrase)
        return (data.date_obj, data.period or "day") if data and data.date_obj else None

    return parse


def _timex(text: str, start: int, end: int, parse, base: datetime, has_dct: bool) -> Timex | None:  # type: ignore[no-untyped-def]
    def reading(phrase: str) -> tuple[str | None, str | None]:
        """The value read from two publication dates: equal unless the phrase is relative."""
        seen = [parse(phrase, b) for b in (base, base + _OTHER_BASE)]
        return (_value(*seen[0]) if seen[0] else None, _value(*seen[1]) if seen[1] else None)

    first = reading(text[start:end])
    if first[0] is None:
        return None
    start, end = _trimmed(text, start, end, lambda p: reading(p) == first)
    phrase = text[start:end]
    if not re.search(r"\d{4}|[^\W\d_]{4,}", phrase):
        return None  # "am 3", "un 5", "die": a bare number or a short word is not a date
    relative = first[0] != first[1]  # it follows the publication date
    if relative and not has_dct:
        return None  # "hier" with no publication date: nothing to count from
    value = first[0]
    return Timex(
        start=start, end=end, text=phrase, type="DATE", value=value,
        anchoring="dct" if relative else "absolute", edtf=timex_to_edtf(value),
        confidence=FOREIGN_CONFIDENCE,
    )


def _trimmed(text: str, start: int, end: int, same: Callable[[str], bool]) -> tuple[int, int]:
    """The fewest whole words of text[start:end] that still read as the same date."""
    tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]
    while len(tokens) > 1 and same(text[tokens[1][0] : tokens[-1][1]]):
        tokens.pop(0)  # "le 3 mars 2019" -> "3 mars 2019"
    while len(tokens) > 1 and same(text[tokens[0][0] : tokens[-2][1]]):
        tokens.pop()  # "Hier, le" -> "Hier,"
    lo, hi = tokens[0][0], tokens[-1][1]
    while hi > lo + 1 and text[hi - 1] in _EDGE:
        hi -= 1
    while lo < hi - 1 and text[lo] in _EDGE:
        lo += 1
    return lo, hi


def _value(when: datetime, period: str) -> str:
    """TIMEX3 value at the precision dateparser found."""
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return when.date().isoformat()


__all__ = ["FOREIGN_CONFIDENCE", "detect_language", "tag_any_language", "tag_foreign"]

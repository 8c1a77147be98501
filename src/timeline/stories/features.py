"""What grouping compares about an event: its words, its speakers, its date interval.

Words come from the title and the sentence of the evidence, lower-cased, without
stopwords and speech verbs (the word lists are data files), and cut to a crude stem
so that "launched", "launches" and "launch" meet. An event whose sentence says
"the claim" or "the election" names a happening mentioned before: that event noun
is kept apart, as is the span its date was read from.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.dates import EDTFError, bounds

# A letter, then letters and digits, with single inner apostrophes or hyphens ("rock'n'roll",
# "co-founder"): written as runs, which the regex engine matches faster than char by char.
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")
# `_WORD` read by table instead of the Unicode database: the same words in ASCII text.
_ASCII_WORD = re.compile(_WORD.pattern, re.ASCII)
_DETERMINERS = frozenset({"the", "that", "this", "its", "his", "her", "their"})
_MODIFIERS = frozenset({"same", "very", "recent", "last"})  # "the same claim"
_EMPTY: frozenset[str] = frozenset()  # one shared object: most events have no speaker
OPEN_END = "9999-12-31"
OPEN_START = "0001-01-01"


def _word_list(package: str, name: str) -> frozenset[str]:
    text = (resources.files(package) / "resources" / name).read_text(encoding="utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Stopwords (this package's list) and speech verbs (the attribution list)."""
    return _word_list("timeline.stories", "stopwords.txt") | _word_list(
        "timeline", "speech_verbs.txt"
    )


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    """Nouns that name a happening ("claim", "election"), shared with the extractor."""
    return _word_list("timeline", "event_nouns.txt")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix cut: enough for "launched"/"launching"/"launches" to meet."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    # "resignation" meets "resigned", "announcement" meets "announced": a later mention
    # often names the happening with its noun.
    for suffix, keep in (
        ("ations", 6), ("ation", 6), ("ments", 6), ("ment", 6),
        ("ies", 4), ("ing", 5), ("ed", 4), ("es", 5), ("s", 4),
    ):
        if w.endswith(suffix) and len(w) >= keep + len(suffix) - 1:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "planned" -> "plann" -> "plan"
    elif len(w) > 4 and w[-1] == "e":
        w = w[:-1]  # "collapse" meets "collapsed" -> "collaps"
    return w


def _words(text: str) -> list[str]:
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def content_words(text: str) -> list[str]:
    """Stems of the words that can tell one happening from another."""
    words = _words(text)
    _learn(words)
    return [s for s in map(_STEMS.__getitem__, words) if s]


def _content_stem(word: str) -> str:
    """The stem of a word that can tell happenings apart, "" for a stopword."""
    if len(word) > 1 and word.lower() not in stopwords():
        return sys.intern(stem(word))  # one string per stem, however many events use it
    return ""


# Each word met and its `_content_stem`: every event's title and sentence is read on each
# grouping, and a plain dict read by `map` in C costs a third of a cached function's call
# per word. Emptied when it grows large.
_STEMS: dict[str, str] = {}
_STEMS_LIMIT = 200_000


def _learn(words: list[str]) -> None:
    """Put the words not met before into `_STEMS`."""
    if all(map(_STEMS.__contains__, words)):
        return
    if len(_STEMS) > _STEMS_LIMIT:
        _STEMS.clear()
    for w in words:
        if w not in _STEMS:
            _STEMS[w] = _content_stem(w)


def _stems(words: list[str]) -> set[str]:
    """The content stems of `words` (stopwords left out), built by C loops (`map`, `set`)."""
    _learn(words)
    found = set(map(_STEMS.__getitem__, words))
    found.discard("")
    return found


def _word_set(text: str) -> frozenset[str]:
    """`content_words` as a set: it runs for every event."""
    words = _stems(_words(text))
    return frozenset(words) if words else _EMPTY


@lru_cache(maxsize=16384)
def word_set(text: str) -> frozenset[str]:
    """`content_words` as a set, cached: a corpus repeats its speakers."""
    return _word_set(text)


def forget_texts() -> None:
    """Drop the per-text caches: they hold word sets of every sentence read, which only
    one grouping reuses (the per-word caches stay: they are small and a corpus's own)."""
    _sentence.cache_clear()
    word_set.cache_clear()


def referring_nouns(text: str) -> frozenset[str]:
    """Event nouns used definitely ("the claim", "its launch"): the sentence refers back to
    a happening."""
    return _sentence(text)[1]


@lru_cache(maxsize=16384)
def _sentence(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's content words and referring event nouns, from one pass over its words."""
    tokens = _words(text.lower())
    words = frozenset(_stems(tokens))
    nouns = event_nouns()
    if nouns.isdisjoint(tokens):
        return words, _EMPTY
    refers = []
    for k, token in enumerate(tokens):
        if k and token in nouns:
            before = tokens[k - 1]
            if before in _MODIFIERS and k > 1:
                before = tokens[k - 2]
            if before in _DETERMINERS:
                refers.append(stem(token))
    return words, frozenset(refers) if refers else _EMPTY


OPEN_LO = -(10**9)  # the day number of an open start
OPEN_HI = 10**9  # the day number of an open end
_ISO = re.compile(r"^(-?\d+)-(\d\d)-(\d\d)$")


@lru_cache(maxsize=65536)
def day_number(iso: str) -> int | None:
    """A day as an integer, so that grouping compares dates with integer arithmetic: the
    proleptic ordinal for years 1-9999, a close monotone stand-in outside them ("-0044-03-15",
    "12000-01-01"), None for a text that is no ISO day."""
    try:
        return date.fromisoformat(iso).toordinal()
    except (ValueError, TypeError):
        pass
    m = _ISO.match(iso) if isinstance(iso, str) else None
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    offset = (month - 1) * 31 + day - 1
    return (year - 1) * 372 + offset if year < 1 else year * 372 + offset


@dataclass(slots=True)
class Features:
    """One event as grouping sees it."""

    index: int
    id: str
    doc: str
    lo: int  # earliest day number, OPEN_LO when open
    hi: int  # latest day number, OPEN_HI when open
    years: tuple[int, int] | None  # first and last year the interval names
    span: int  # days the interval covers: smaller is more precise
    sentence: tuple[int, int] | None
    # The content words, without repeats, those that tell this happening (the title's and
    # the date's words: `core`) first: one tuple, a sixth of a set's size, as grouping
    # holds every event's words at once.
    words: tuple[str, ...]
    ncore: int  # how many of `words` are its core
    speakers: frozenset[str]
    refers: frozenset[str]
    date_from: tuple[int, int] | None  # where an inferred event's date was read

    @property
    def core(self) -> tuple[str, ...]:
        """The words that tell this happening; only membership is asked of them."""
        return self.words[: self.ncore]


def _span(ev: dict[str, Any], name: str) -> tuple[int, int] | None:
    s = ev.get(name)
    if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int):
        return s["start"], s["end"]
    return None


def _text(ev: dict[str, Any], name: str) -> str:
    s = ev.get(name)
    return s.get("text", "") if isinstance(s, dict) else ""


def _year(iso: str) -> int | None:
    head = iso[1:].partition("-")[0]
    return int(iso[0] + head) if head.isdigit() else None


@lru_cache(maxsize=4096)
def _years(first: int, last: int) -> tuple[int, int]:
    """One tuple per pair of years, shared by the events that name them."""
    return first, last


def _dated(lo: str, hi: str) -> tuple[int, int, tuple[int, int] | None, int]:
    """(first day, last day, (first year, last year), span in days) of an interval."""
    first = OPEN_LO if lo == OPEN_START else day_number(lo)
    last = OPEN_HI if hi == OPEN_END else day_number(hi)
    first = OPEN_LO if first is None else first
    last = OPEN_HI if last is None else last
    if first == OPEN_LO and last == OPEN_HI:
        return first, last, None, 10**6
    y1 = _year(lo) if first != OPEN_LO else None
    y2 = _year(hi) if last != OPEN_HI else None
    years = None if y1 is None and y2 is None else _years(y1 or y2, y2 or y1)  # type: ignore[arg-type]
    span = 10**6 if first == OPEN_LO or last == OPEN_HI else max(1, last - first + 1)
    return first, last, years, span  # type: ignore[return-value]


CORE_WINDOW = 4  # words each side of the evidence that belong to its happening


def _near_evidence(ev: dict[str, Any], sentence: str) -> str:
    """The evidence and the few words around it: "its launch in 2003" in a sentence that
    tells several happenings. Empty when the spans do not place it in the sentence."""
    where, span = _span(ev, "evidence"), _span(ev, "sentence")
    if where is None or span is None or not span[0] <= where[0] <= where[1] <= span[1]:
        return _text(ev, "evidence")
    start, end = where[0] - span[0], where[1] - span[0]
    before = sentence[:start].split()[-CORE_WINDOW:]
    after = sentence[end:].split()[:CORE_WINDOW]
    return " ".join([*before, sentence[start:end], *after])


def stated(ev: dict[str, Any]) -> tuple[str, str]:
    """The event's interval as grouping compares it: an interval open at one end ("since
    2004") dates its happening by the end it states, at that end's precision ("2004").
    Happenings of one sentence "since 2004" and "since January" are then told apart."""
    lo = ev.get("earliest") or OPEN_START
    hi = ev.get("latest") or OPEN_END
    date = ev.get("date")
    if (lo == OPEN_START) == (hi == OPEN_END) or not isinstance(date, str) or "/" not in date:
        return lo, hi
    left, _, right = date.partition("/")
    try:
        start, end = bounds(right if lo == OPEN_START else left)
    except EDTFError:
        return lo, hi
    return start or lo, end or hi


def features(index: int, ev: dict[str, Any]) -> Features:
    """The features of an event dict as written in the events file."""
    first, last, years, span = _dated(*stated(ev))
    sentence = _text(ev, "sentence") or _text(ev, "evidence")
    title = ev.get("title") or ""
    core = _word_set(f"{title} {_near_evidence(ev, sentence)}")
    sentence_words, refers = _sentence(sentence)
    return Features(
        index=index,
        id=ev["id"],
        doc=sys.intern(ev.get("doc", "")),  # one string per document, not one per event
        lo=first,
        hi=last,
        years=years,
        span=span,
        sentence=_span(ev, "sentence"),
        words=(*core, *(sentence_words - core)),
        ncore=len(core),
        speakers=word_set(_text(ev, "attribution")),  # few speakers: cached
        refers=refers,
        date_from=_span(ev, "date_source"),
    )
